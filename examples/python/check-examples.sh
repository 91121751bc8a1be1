#!/usr/bin/env bash
# check-examples.sh: run the Python examples against a directory and check
# what they print
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage (from the suite, tests/python/meson.build):
#   tests/with-slapd.sh casarray-test-slapd-run tests/data/ad-export.ldif -- \
#       examples/python/check-examples.sh
#
# Expects CASARRAY_TEST_LDAPI_URI, CASARRAY_TEST_LDAP_URI,
# CASARRAY_TEST_ADMIN_DN, CASARRAY_TEST_ADMIN_PASSWORD_FILE (with-slapd.sh
# exports them) and a directory loaded with tests/data/ad-export.ldif: site
# Default-First-Site-Name with array casarray01 and CAS EX2, whose one
# database points at EX2; site Branch-Office without an array.

set -euo pipefail

here=$(dirname "$0")
python=/usr/bin/python3
uri=$CASARRAY_TEST_LDAPI_URI

fail() {
  echo "check-examples: $*" >&2
  exit 1
}

expect() {
  local what=$1 pattern=$2 text=$3
  if ! grep -qE -- "$pattern" <<<"$text"; then
    printf '%s\n' "$text" >&2
    fail "$what: expected /$pattern/"
  fi
  echo "ok - $what"
}

echo "# list-endpoints.py (over TCP with a simple bind)"
out=$("$python" "$here/list-endpoints.py" "$CASARRAY_TEST_LDAP_URI" --bind-dn "$CASARRAY_TEST_ADMIN_DN" \
        --password-file "$CASARRAY_TEST_ADMIN_PASSWORD_FILE")
printf '%s\n' "$out"
expect "the database points at EX2" '^RpcClientAccessServer : ex2\.contoso\.com$' "$out"

echo "# create-array.py in Branch-Office"
out=$("$python" "$here/create-array.py" "$uri" branch-array outlook-branch.contoso.com Branch-Office)
printf '%s\n' "$out"
expect "the array is created" '^Created branch-array \(outlook-branch\.contoso\.com\) in Branch-Office' "$out"

echo "# create-array.py in Default-First-Site-Name, which has casarray01"
status=0
out=$("$python" "$here/create-array.py" "$uri" another another.contoso.com Default-First-Site-Name 2>&1) || status=$?
printf '%s\n' "$out"
[[ $status -eq 3 ]] || fail "a second array in a site: exit status $status, expected 3"
expect "a second array in a site is refused" 'the array of Default-First-Site-Name is casarray01' "$out"

echo "# point-site-at-array.py --what-if, then for real, then again"
out=$("$python" "$here/point-site-at-array.py" "$uri" Default-First-Site-Name --what-if)
printf '%s\n' "$out"
expect "the plan" ': would change ex2\.contoso\.com -> ' "$out"
out=$("$python" "$here/point-site-at-array.py" "$uri" Default-First-Site-Name)
printf '%s\n' "$out"
expect "the change" ': ex2\.contoso\.com -> ' "$out"
out=$("$python" "$here/point-site-at-array.py" "$uri" Default-First-Site-Name)
printf '%s\n' "$out"
expect "nothing left to do" ': already uses ' "$out"

echo "# list-endpoints.py after the change"
out=$("$python" "$here/list-endpoints.py" "$uri")
printf '%s\n' "$out"
if grep -q 'ex2\.contoso\.com' <<<"$out"; then
  fail "a database still points at EX2"
fi
echo "ok - every database uses the array"
