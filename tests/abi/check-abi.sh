#!/usr/bin/env bash
# check-abi.sh: the exported ABI of libcasarray-1.so against the recorded one
#
# Describes the library of a build folder with libabigail's abidw (only
# the types reachable from the public headers) and compares it with the
# baseline, tests/abi/libcasarray-1.abi, using abidiff.  Fails when an
# exported function or variable was removed or changed, a public type
# changed, or the soname changed; a symbol that was only added passes (it
# is compatible) and is listed.  See tests/abi/README.md.
#
# Usage: check-abi.sh [--update] BUILD_DIR
#   --update  record the library of BUILD_DIR as the new baseline instead
#             (on purpose only: at a release, or for a break that raises the
#             major version; commit the .abi file with the reason)
#
# BUILD_DIR must be built with debug information (meson's default
# debugoptimized is; -Dbuildtype=release is not).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -euo pipefail

update=
if [[ ${1-} == --update ]]; then
  update=1
  shift
fi
if [[ $# -ne 1 ]]; then
  echo "usage: $0 [--update] BUILD_DIR" >&2
  exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
baseline=$here/libcasarray-1.abi
library=$build/libcasarray/libcasarray-1.so

for tool in abidw abidiff; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "check-abi: $tool not found (Debian package abigail-tools)" >&2
    exit 1
  fi
done
if [[ ! -e $library ]]; then
  echo "check-abi: $library not found: build $build first" >&2
  exit 1
fi
library=$(readlink -f "$library")
# Not `readelf | grep -q`: grep -q exits at the first match, readelf then
# dies of SIGPIPE writing the rest, and under pipefail the test fails on a
# library that has the section (it did, once, in CI).
sections=$(readelf -S --wide "$library")
if [[ $sections != *.debug_info* ]]; then
  echo "check-abi: $library has no debug information; build with -g (buildtype debug or debugoptimized)" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/casarray-abi.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The public headers are the source ones and the generated ones
# (casarray-version.h, casarray-enum-types.h): abidw keeps only the types
# they declare.  No paths or line numbers in the output, so the baseline
# does not change with the folder it was built in or with an edit that
# moves a declaration; type ids by hash, so it does not change with the
# order of the compilation units either.
abidw --no-corpus-path --no-comp-dir-path --no-show-locs --type-id-style hash \
      --drop-private-types --drop-undefined-syms \
      --headers-dir "$root/include/casarray" --headers-dir "$build/include/casarray" \
      --out-file "$work/current.abi" "$library"

if [[ -n $update ]]; then
  cp "$work/current.abi" "$baseline"
  echo "check-abi: recorded $(grep -c '<elf-symbol ' "$baseline") exported symbols in ${baseline#"$root"/}"
  exit 0
fi

if [[ ! -f $baseline ]]; then
  echo "check-abi: no baseline ${baseline#"$root"/}; record one with: $0 --update $1" >&2
  exit 1
fi

# abidiff's exit status is a bit mask: 1 error, 2 usage, 4 an ABI change,
# 8 an incompatible change.  With --no-added-syms an addition alone is no
# change at all, so any of 4 or 8 means something exported went or changed.
status=0
abidiff --no-added-syms "$baseline" "$work/current.abi" > "$work/report" || status=$?
if (( status & 3 )); then
  cat "$work/report" >&2
  echo "check-abi: abidiff failed (exit status $status)" >&2
  exit 1
fi
if (( status & 12 )); then
  cat "$work/report"
  echo "check-abi: FAILED: the ABI of ${library#"$build"/} differs from ${baseline#"$root"/} (above)."
  echo "check-abi: if the break is intended (a new major version, or the pre-1.0 API work), re-record the"
  echo "check-abi: baseline on purpose with: tests/abi/check-abi.sh --update BUILD_DIR, and commit it with the reason."
  exit 1
fi

added=$(abidiff "$baseline" "$work/current.abi" | grep -E '^ +\[A\] ' || true)
if [[ -n $added ]]; then
  echo "check-abi: added since the baseline (compatible; recorded at the next --update):"
  echo "$added"
fi
echo "check-abi: ok, no exported symbol or public type removed or changed"
