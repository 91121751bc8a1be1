#!/usr/bin/python3
# run-corpus.py: replay the EMS corpus (tests/corpus/lines/*.txt) with casarray
# on a fresh embedded store and on a fresh throwaway slapd, and compare what
# casarray does with what the Exchange Management Shell does.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: run-corpus.py --casarray PATH --slapd-run PATH [--backend store|slapd|both]
#                      [--threshold PERCENT] [--only NAME...] CORPUS-DIR
#
# Each case file (docs/ems-corpus.md describes the format) holds "# key: value"
# header lines (source, published, ems, expect), the adapted command line(s),
# then sections:
#   --- output          stdout, compared exactly (trailing blanks of each line
#                       and blank lines at both ends ignored, as a terminal
#                       shows no difference)
#   --- stderr          each line must occur somewhere in stderr; without this
#                       section stderr must be empty for "output"/"state" cases
#   --- state COMMAND   COMMAND (casarray syntax) is run afterwards on the same
#                       store; its stdout must be what follows
#   --- file NAME       the file NAME the case wrote (in its working folder)
#                       must hold what follows (CRLF read as LF)
# "expect: error WORD..." wants a failing exit status and each WORD in stderr;
# "expect: output" and "expect: state" want exit status 0.
#
# Every case runs on its own copy of organisation.ldif (store) or its own slapd
# loaded with it, in its own temporary working folder.  A case named in
# known-failures.txt may fail (it is reported "known"); any other failure, or
# a pass rate below --threshold on a backend, fails the run.  A known failure
# that passes is reported so that its line can be removed.

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent


class Case:
    def __init__(self, path):
        self.path = path
        self.name = path.stem
        self.header = {}
        self.script = []
        self.sections = []  # (kind, argument, [lines])
        self._parse(path.read_text(encoding="utf-8"))

    def _parse(self, text):
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        i = 0
        while i < len(lines) and lines[i].startswith("# "):
            key, _, value = lines[i][2:].partition(":")
            self.header.setdefault(key.strip().lower(), []).append(value.strip())
            i += 1
        current = self.script
        for line in lines[i:]:
            if line.startswith("--- "):
                kind, _, argument = line[4:].partition(" ")
                if kind not in ("output", "stderr", "state", "file"):
                    raise ValueError(f"{self.path}: unknown section {kind!r}")
                self.sections.append((kind, argument.strip(), []))
                current = self.sections[-1][2]
            else:
                current.append(line)
        for key in ("source", "published", "ems", "expect"):
            if key not in self.header:
                raise ValueError(f"{self.path}: no '# {key}:' line")
        if not "\n".join(self.script).strip():
            raise ValueError(f"{self.path}: no command line")

    @property
    def expect(self):
        return self.header["expect"][0].split()


def normalise(text):
    """What a reader sees: LF line ends, no trailing blanks, no blank lines
    at either end.  A DistinguishedName line compares ignoring letter case:
    attribute types in a DN are case-insensitive (RFC 4514), Active Directory
    writes "CN=", and slapd returns the DN as it stores it ("cn=")."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line.lower() if line.startswith("DistinguishedName ") else line
             for line in lines]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def read_text(path):
    """A file's text whatever encoding PowerShell chose: Windows PowerShell
    writes UTF-16 with a byte order mark (Out-File, >), PowerShell 6 and
    casarray UTF-8; the case checks the text, not the encoding."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


class Backend:
    """A fresh organisation per case: a copy of the LDIF, or a slapd."""

    def __init__(self, kind, args, ldif):
        self.kind = kind
        self.args = args
        self.ldif = ldif
        self.proc = None

    def start(self, workdir):
        if self.kind == "store":
            store = workdir / "organisation.ldif"
            shutil.copyfile(self.ldif, store)
            return ["--store", str(store)]
        self.proc = subprocess.Popen([self.args.slapd_run, str(self.ldif)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        env = {}
        for line in self.proc.stdout:
            line = line.strip()
            if line == "# ready":
                break
            if line.startswith("export "):
                name, _, value = line[7:].partition("=")
                env[name] = value.strip("'")
        else:
            self.stop()
            raise RuntimeError("casarray-test-slapd-run did not get ready")
        return ["--store", env["CASARRAY_TEST_LDAP_URI"],
                "--bind-dn", env["CASARRAY_TEST_ADMIN_DN"],
                "--password-file", env["CASARRAY_TEST_ADMIN_PASSWORD_FILE"]]

    def stop(self):
        if self.proc is not None:
            # End of input makes the runner stop slapd and remove its folder.
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                self.proc.wait()
            self.proc = None


def run_casarray(args, store_args, script, workdir):
    env = dict(os.environ, LDAPNOINIT="1", XDG_DATA_HOME=str(workdir / "xdg"),
               XDG_STATE_HOME=str(workdir / "xdg"), HOME=str(workdir))
    return subprocess.run([args.casarray, *store_args, script], cwd=workdir,
                          env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=60)


def check(case, args, backend):
    """Run one case; return a list of problems (empty: behaves as EMS)."""
    problems = []
    with tempfile.TemporaryDirectory(prefix="casarray-corpus-") as tmp:
        workdir = pathlib.Path(tmp)
        store_args = backend.start(workdir)
        try:
            result = run_casarray(args, store_args, "\n".join(case.script), workdir)
            expect = case.expect
            stderr_lines = [lines for kind, _, lines in case.sections if kind == "stderr"]
            if expect[0] == "error":
                if result.returncode == 0:
                    problems.append("exit status 0, EMS fails")
                for word in expect[1:]:
                    if word not in result.stderr:
                        problems.append(f"stderr lacks {word!r}")
            else:
                if result.returncode != 0:
                    problems.append(f"exit status {result.returncode}")
                if not stderr_lines and result.stderr.strip():
                    problems.append("unexpected stderr")
            for kind, argument, lines in case.sections:
                if kind == "output":
                    if normalise(result.stdout) != normalise("\n".join(lines)):
                        problems.append("stdout differs")
                elif kind == "stderr":
                    for line in lines:
                        if line.strip() and line.strip() not in result.stderr:
                            problems.append(f"stderr lacks {line.strip()!r}")
                elif kind == "file":
                    path = workdir / argument
                    if not path.exists():
                        problems.append(f"no file {argument}")
                    elif normalise(read_text(path)) != normalise("\n".join(lines)):
                        problems.append(f"file {argument} differs")
                elif kind == "state":
                    state = run_casarray(args, store_args, argument, workdir)
                    if normalise(state.stdout) != normalise("\n".join(lines)):
                        problems.append(f"state differs ({argument})")
            if problems and args.verbose:
                print(f"---- {case.name} on {backend.kind}: exit {result.returncode}")
                print(result.stdout.rstrip())
                print(result.stderr.rstrip())
        finally:
            backend.stop()
    return problems


def read_known(path):
    known = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, _, why = line.partition(":")
                known[name.strip()] = why.strip()
    return known


def main():
    parser = argparse.ArgumentParser(description="replay the EMS corpus on the embedded store and on slapd")
    parser.add_argument("--casarray", required=True)
    parser.add_argument("--slapd-run")
    parser.add_argument("--backend", choices=("store", "slapd", "both"), default="both")
    parser.add_argument("--threshold", type=float, default=0.0,
                        help="lowest pass rate, in percent, that passes")
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("corpus", nargs="?", default=str(HERE))
    args = parser.parse_args()
    # The cases run in their own folders: make the programs' paths absolute.
    args.casarray = os.path.abspath(args.casarray)
    if args.slapd_run:
        args.slapd_run = os.path.abspath(args.slapd_run)

    corpus = pathlib.Path(args.corpus)
    # The embedded store keeps recent changes in org.ldif.journal next to the
    # snapshot (docs/embedded-store.md); a case copies only the snapshot, so a
    # journal left by regenerating organisation.ldif would be silently lost.
    if (corpus / "organisation.ldif.journal").exists():
        print("organisation.ldif has a journal next to it: fold it in (see organisation.ps1)")
        return 1
    cases = [Case(p) for p in sorted((corpus / "lines").glob("*.txt"))]
    if args.only:
        cases = [c for c in cases if c.name in args.only]
    known = read_known(corpus / "known-failures.txt")
    for name in known:
        if not (corpus / "lines" / f"{name}.txt").exists():
            print(f"known-failures.txt names {name}, which is no case")
            return 1
    kinds = ["store", "slapd"] if args.backend == "both" else [args.backend]
    if "slapd" in kinds and not args.slapd_run:
        parser.error("--slapd-run is needed for the slapd backend")

    status = 0
    for kind in kinds:
        backend = Backend(kind, args, corpus / "organisation.ldif")
        passed = 0
        for case in cases:
            problems = check(case, args, backend)
            if not problems:
                passed += 1
                note = "  (listed in known-failures.txt: remove it)" if case.name in known else ""
                print(f"ok    {kind:5} {case.name}{note}")
            elif case.name in known:
                print(f"known {kind:5} {case.name}: {'; '.join(problems)} [{known[case.name]}]")
            else:
                print(f"FAIL  {kind:5} {case.name}: {'; '.join(problems)}")
                status = 1
        rate = 100.0 * passed / len(cases) if cases else 100.0
        print(f"# {kind}: {passed} of {len(cases)} cases behave as EMS ({rate:.1f}%);"
              f" threshold {args.threshold:.1f}%, goal 95%")
        if rate < args.threshold:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
