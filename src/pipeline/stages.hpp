#pragma once
// The jobs that run the extraction and mapping stages. Each says plainly when its stage is not part
// of this build rather than producing anything.

#include "pipeline/check.hpp"
#include "pipeline/config.hpp"

namespace treatykg::pipeline {

/// What a job did, for the summary and the exit status.
struct JobResult {
  bool ok = true;  // false: something was skipped or failed (exit 1)
};

/// Stage-specific checks for `treatykg check`: rule files and the RML mapping compile.
void check_stages(const Config& config, CheckReport& report);

JobResult run_export(const Config& config);
JobResult run_extract(const Config& config);
JobResult run_map(const Config& config);

}  // namespace treatykg::pipeline
