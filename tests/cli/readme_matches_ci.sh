#!/bin/sh
# The README's two quick-start commands must appear verbatim in .ci/run (CI runs what users run).
set -eu
root=${1:?usage: readme_matches_ci.sh SOURCE_DIR}
status=0
for step in 1 2; do
  cmd=$(awk -v s="**$step. " 'index($0, s) == 1 { f = 1; next } f && /^```$/ { if (in_block) exit; in_block = 1; next } f && in_block { print; exit }' "$root/README.md")
  if [ -z "$cmd" ]; then echo "README.md: no command under '**$step. '"; status=1; continue; fi
  if grep -qxF -- "$cmd" "$root/.ci/run"; then echo "ok: quick start $step: $cmd"
  else echo "FAIL: .ci/run does not run quick start $step verbatim: $cmd"; status=1; fi
done
exit $status
