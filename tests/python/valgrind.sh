#!/usr/bin/env bash
# valgrind.sh: the Python story (and the operation tests) under valgrind;
# fails on a definite leak, or an invalid memory access, whose stack
# includes libcasarray
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: valgrind.sh PYTEST-RUNNER TEST-FILE...   (environment as for the
# pytest suite: GI_TYPELIB_PATH, LD_LIBRARY_PATH, CASARRAY_TEST_SLAPD_RUN...)
#
# CPython and PyGObject keep a lot of memory for the life of the process,
# and some of it is reported as definitely lost; those reports are not
# libcasarray's and only the ones with a libcasarray frame count.  slapd,
# started by the tests' fixture, is not traced (--trace-children=no).

set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "Usage: $0 PYTEST-RUNNER TEST-FILE..." >&2
  exit 2
fi

suppressions=()
for file in /usr/share/glib-2.0/valgrind/glib.supp /usr/lib/valgrind/python3.supp; do
  if [[ -r $file ]]; then
    suppressions+=("--suppressions=$file")
  fi
done

log=$(mktemp "${TMPDIR:-/tmp}/casarray-valgrind.XXXXXX")
trap 'rm -f "$log"' EXIT

# malloc everywhere, so that valgrind sees every allocation and free.
export PYTHONMALLOC=malloc G_SLICE=always-malloc G_DEBUG=gc-friendly

status=0
valgrind --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
  --num-callers=40 --trace-children=no "${suppressions[@]}" --log-file="$log" \
  /usr/bin/python3 "$@" -p no:faulthandler || status=$?
if [[ $status -ne 0 ]]; then
  echo "$0: the tests failed under valgrind (status $status)" >&2
  cat "$log" >&2
  exit "$status"
fi

# Each valgrind record is a block of "==PID== " lines ended by an empty one.
# Keep the definite leaks and the invalid accesses with a libcasarray frame.
culprits=$(awk '
  /^==[0-9]+== *$/ {
    if (record != "" && interesting && ours) print record "\n"
    record = ""; interesting = 0; ours = 0; next
  }
  /^==[0-9]+== / {
    record = record "\n" $0
    if ($0 ~ /definitely lost in loss record|Invalid (read|write|free)|Mismatched free|uninitialised/) interesting = 1
    if ($0 ~ /libcasarray|casarray_/) ours = 1
  }
  END { if (record != "" && interesting && ours) print record }
' "$log")

grep -E 'definitely lost:|ERROR SUMMARY' "$log" || true
if [[ -n $culprits ]]; then
  echo "$0: valgrind reports memory errors in libcasarray:" >&2
  printf '%s\n' "$culprits" >&2
  exit 1
fi
echo "valgrind: no definite leak and no invalid access attributable to libcasarray"
