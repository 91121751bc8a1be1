#!/usr/bin/env bash
# with-slapd.sh: run one command with a throwaway slapd, for the tests in
# other languages (Vala, GJS, the Python examples)
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: with-slapd.sh CASARRAY-TEST-SLAPD-RUN [LDIF-FILE...] -- COMMAND [ARG...]
#
# Starts CASARRAY-TEST-SLAPD-RUN (tests/fixture: a private slapd on
# 127.0.0.1 and an ldapi socket in a temporary folder) with the LDIF files,
# exports the CASARRAY_TEST_* variables it prints (CASARRAY_TEST_LDAP_URI,
# CASARRAY_TEST_LDAPI_URI, CASARRAY_TEST_CONFIGURATION_DN,
# CASARRAY_TEST_ADMIN_DN, CASARRAY_TEST_ADMIN_PASSWORD_FILE, ...), runs
# COMMAND with them and LDAPNOINIT=1, then stops slapd by closing the
# runner's stdin -- also when COMMAND fails or this script is interrupted
# or terminated (a meson timeout).  Exits with COMMAND's status; 1 if slapd
# could not start, 2 on a usage error.
#
# In COMMAND's arguments, @LDAP_URI@, @LDAPI_URI@ and @CONFIGURATION_DN@
# are replaced by the running slapd's values, so commands need no shell.

set -euo pipefail

usage() {
  echo "Usage: $0 CASARRAY-TEST-SLAPD-RUN [LDIF-FILE...] -- COMMAND [ARG...]" >&2
  exit 2
}

[[ $# -ge 3 ]] || usage
slapd_run=$1
shift
ldif_files=()
while [[ $# -gt 0 && $1 != -- ]]; do
  ldif_files+=("$1")
  shift
done
[[ $# -ge 2 && $1 == -- ]] || usage
shift
if [[ ! -x $slapd_run ]]; then
  echo "$0: $slapd_run is not an executable (build the project first)" >&2
  exit 2
fi

export LDAPNOINIT=1

runner_pid=
runner_in=
runner_out=
child=

cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  if [[ -n $child ]]; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
    child=
  fi
  # End of file on the runner's stdin makes it stop slapd and remove its
  # folder.
  if [[ -n $runner_in ]]; then
    exec {runner_in}>&-
    runner_in=
  fi
  if [[ -n $runner_out ]]; then
    exec {runner_out}<&-
    runner_out=
  fi
  if [[ -n $runner_pid ]]; then
    local tries=0
    while kill -0 "$runner_pid" 2>/dev/null && (( tries < 150 )); do
      sleep 0.1
      tries=$(( tries + 1 ))
    done
    if kill -0 "$runner_pid" 2>/dev/null; then
      echo "$0: casarray-test-slapd-run ignored end of input; sending SIGTERM" >&2
      kill -TERM "$runner_pid" 2>/dev/null || true
    fi
    wait "$runner_pid" 2>/dev/null || true
    runner_pid=
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

coproc RUNNER { exec "$slapd_run" "${ldif_files[@]}"; }
runner_pid=$RUNNER_PID
# Own copies of the pipe ends: bash drops RUNNER when the coprocess ends.
exec {runner_in}>&"${RUNNER[1]}" {runner_out}<&"${RUNNER[0]}"
exec {RUNNER[1]}>&- {RUNNER[0]}<&-

ready=
while IFS= read -r -t 60 line <&"$runner_out"; do
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

args=()
for arg in "$@"; do
  arg=${arg//@LDAP_URI@/$CASARRAY_TEST_LDAP_URI}
  arg=${arg//@LDAPI_URI@/$CASARRAY_TEST_LDAPI_URI}
  arg=${arg//@CONFIGURATION_DN@/$CASARRAY_TEST_CONFIGURATION_DN}
  args+=("$arg")
done

echo "# slapd at $CASARRAY_TEST_LDAPI_URI and $CASARRAY_TEST_LDAP_URI; running: ${args[*]}"

# In the background, so that a signal reaches the traps at once; the
# command must not hold the runner's pipes (or slapd would outlive us).
status=0
"${args[@]}" {runner_in}>&- {runner_out}<&- &
child=$!
wait "$child" || status=$?
child=
exit "$status"
