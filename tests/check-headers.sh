#!/usr/bin/env bash
# check-headers.sh: the public headers stand on their own
#
# Fails when the umbrella header misses a public header, when a public
# header includes anything but GLib and other public headers, or when one
# can be included directly without the umbrella guard.
#
# Usage: check-headers.sh SOURCE_ROOT
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -euo pipefail

root=$1
dir=$root/include/casarray
umbrella=$dir/casarray.h
status=0

for header in "$dir"/*.h "$dir"/casarray-version.h.in; do
  name=$(basename "$header" .in)
  [[ $name == casarray.h ]] && continue
  if ! grep -q "#include <casarray/$name>" "$umbrella"; then
    echo "not ok: $name is not included by casarray.h"
    status=1
  fi
  if ! grep -q 'Only <casarray/casarray.h> can be included directly' "$header"; then
    echo "not ok: $name does not refuse direct inclusion"
    status=1
  fi
  while read -r included; do
    case $included in
      glib.h|glib-object.h|gio/gio.h|casarray/*) ;;
      *) echo "not ok: $name includes <$included>, which is not public"; status=1 ;;
    esac
  done < <(sed -n 's/^#include <\([^>]*\)>.*/\1/p' "$header")
  if grep -q '^#include "' "$header"; then
    echo "not ok: $name includes a private header"
    status=1
  fi
done
# the generated enum header is listed in the umbrella too
grep -q '#include <casarray/casarray-enum-types.h>' "$umbrella" || { echo "not ok: casarray-enum-types.h missing from casarray.h"; status=1; }

[[ $status == 0 ]] && echo "ok: every public header is in casarray.h and includes only public headers"
exit $status
