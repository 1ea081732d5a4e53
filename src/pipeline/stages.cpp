#include "pipeline/stages.hpp"

#include "base/error.hpp"

namespace treatykg::pipeline {

void check_stages(const Config&, CheckReport&) {}

JobResult run_export(const Config&) {
  throw Error("treatykg export: the export stage is not built yet in this version (see issue 6)");
}

JobResult run_extract(const Config&) {
  throw Error("treatykg extract: the extraction stage is not built yet in this version (see issue 4)");
}

JobResult run_map(const Config&) {
  throw Error("treatykg map: the RML mapping stage is not built yet in this version (see issue 5)");
}

}  // namespace treatykg::pipeline
