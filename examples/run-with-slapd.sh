#!/usr/bin/env bash
# run-with-slapd.sh: run the blog-story example against a throwaway slapd
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: run-with-slapd.sh CASARRAY-TEST-SLAPD-RUN BLOG-STORY LIST-ENDPOINTS
#
#   e.g. examples/run-with-slapd.sh build/tests/fixture/casarray-test-slapd-run \
#          build/examples/blog-story build/examples/list-endpoints
#
# Starts casarray-test-slapd-run (a private slapd on 127.0.0.1 and an ldapi
# socket, see tests/fixture/casarray-test-slapd.h), reads its export lines,
# runs blog-story over the ldapi socket (SASL EXTERNAL), then list-endpoints
# twice -- over ldapi with the configuration DN discovered, and over TCP with
# a simple bind and an explicit --base -- and checks that DB1, DB2 and DB3
# point at casarray.contoso.com.  slapd is stopped (by closing the runner's
# stdin) whatever happens, also when a step fails or the script is
# interrupted.  Exit status 0 only when every step passed.

set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "Usage: $0 CASARRAY-TEST-SLAPD-RUN BLOG-STORY LIST-ENDPOINTS" >&2
  exit 2
fi
slapd_run=$1
blog_story=$2
list_endpoints=$3
for program in "$slapd_run" "$blog_story" "$list_endpoints"; do
  if [[ ! -x $program ]]; then
    echo "$0: $program is not an executable (build the project first)" >&2
    exit 2
  fi
done

# Neither ~/.ldaprc nor /etc/ldap/ldap.conf may change what libldap does.
export LDAPNOINIT=1

slapd_pid=
slapd_in=
slapd_out=
child=

stop_slapd() {
  local status=$?
  trap - EXIT INT TERM HUP
  if [[ -n $child ]]; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  if [[ -n $slapd_in ]]; then
    # End of file on its stdin: the runner stops slapd and removes its folder.
    exec {slapd_in}>&-
    slapd_in=
  fi
  if [[ -n $slapd_out ]]; then
    exec {slapd_out}<&-
    slapd_out=
  fi
  if [[ -n $slapd_pid ]]; then
    local waited=0
    while kill -0 "$slapd_pid" 2>/dev/null && (( waited < 100 )); do
      sleep 0.1
      waited=$(( waited + 1 ))
    done
    if kill -0 "$slapd_pid" 2>/dev/null; then
      echo "$0: casarray-test-slapd-run did not stop on end of input; sending SIGTERM" >&2
      kill -TERM "$slapd_pid" 2>/dev/null || true
    fi
    wait "$slapd_pid" 2>/dev/null || true
    slapd_pid=
  fi
  exit "$status"
}
trap stop_slapd EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

coproc SLAPD { exec "$slapd_run"; }
slapd_pid=$SLAPD_PID
# Keep our own copies: bash unsets SLAPD when the coprocess exits.
exec {slapd_in}>&"${SLAPD[1]}" {slapd_out}<&"${SLAPD[0]}"
exec {SLAPD[1]}>&- {SLAPD[0]}<&-

ready=
while IFS= read -r -t 60 line <&"$slapd_out"; do
  if [[ $line == "# ready" ]]; then
    ready=1
    break
  fi
  if [[ $line =~ ^export\ CASARRAY_TEST_[A-Z_]+= ]]; then
    eval "$line"
  fi
done
if [[ -z $ready ]]; then
  echo "$0: casarray-test-slapd-run did not get ready (see its messages above)" >&2
  exit 1
fi

# Runs a program in the background and waits for it, so that a signal
# reaches the traps at once instead of after the program ends.
run() {
  local rc=0
  "$@" &
  child=$!
  wait "$child" || rc=$?
  child=
  return "$rc"
}

echo "# slapd at $CASARRAY_TEST_LDAPI_URI and $CASARRAY_TEST_LDAP_URI"
run "$blog_story" "$CASARRAY_TEST_LDAPI_URI"

check_endpoints() {
  local output=$1 db
  for db in DB1 DB2 DB3; do
    if ! awk -v db="$db" '
        /^Name +: / { name = $3 }
        /^RpcClientAccessServer +: / { if (name == db && $3 == "casarray.contoso.com") found = 1 }
        END { exit !found }' <<<"$output"; then
      echo "$0: $db does not point at casarray.contoso.com in:" >&2
      printf '%s\n' "$output" >&2
      return 1
    fi
  done
}

echo "# list-endpoints $CASARRAY_TEST_LDAPI_URI"
output=$("$list_endpoints" "$CASARRAY_TEST_LDAPI_URI")
printf '%s\n' "$output"
check_endpoints "$output"

echo "# list-endpoints $CASARRAY_TEST_LDAP_URI --bind-dn $CASARRAY_TEST_ADMIN_DN --base $CASARRAY_TEST_CONFIGURATION_DN"
output=$("$list_endpoints" "$CASARRAY_TEST_LDAP_URI" --bind-dn "$CASARRAY_TEST_ADMIN_DN" \
           --password-file "$CASARRAY_TEST_ADMIN_PASSWORD_FILE" --base "$CASARRAY_TEST_CONFIGURATION_DN")
printf '%s\n' "$output"
check_endpoints "$output"

echo "# ok: DB1, DB2 and DB3 point at casarray.contoso.com"
