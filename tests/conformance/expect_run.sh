#!/usr/bin/env bash
# expect_run.sh STATUS REGEX COMMAND...: runs COMMAND within 2 GiB of memory and 60 s, and passes
# iff it exits with STATUS and its standard output and error together match the extended regex
# REGEX (newlines included). Hostile input must not hurt the machine even before it is guarded:
# the limit is `ulimit -v`, or ASan's hard_rss_limit_mb when RILL_SANITIZED is set (ASan
# reserves far more address space than it uses).
set -uo pipefail
want_status=$1
want_output=$2
shift 2
if [ -n "${RILL_SANITIZED:-}" ]; then
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=2048"
else
  ulimit -v 2097152
fi
output=$(timeout 60 "$@" 2>&1)
status=$?
printf '%s\n' "$output" | cut -c1-400
if [ "$status" -ne "$want_status" ]; then
  echo "expect_run: exit status $status, expected $want_status" >&2
  exit 1
fi
if ! [[ $output =~ $want_output ]]; then
  echo "expect_run: the output does not match: $want_output" >&2
  exit 1
fi
