# conftest.py: fixtures of the Python tests of libcasarray
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Run by meson (tests/python/meson.build) against the uninstalled build:
#
#   GI_TYPELIB_PATH, LD_LIBRARY_PATH  the build folder of libcasarray
#   CASARRAY_PYTHON_OVERRIDES         bindings/python/gi/overrides (source)
#   CASARRAY_TEST_SLAPD_RUN           tests/fixture/casarray-test-slapd-run
#   CASARRAY_TEST_SAMBA_RUN           tests/fixture/casarray-test-samba-run
#   LDAPNOINIT=1
#
# Every test that needs a directory gets a fresh one: a throwaway slapd
# started by casarray-test-slapd-run, or a fresh copy of the Samba AD DC
# template started by casarray-test-samba-run, stopped (stdin closed, then
# waited for) in the fixture's teardown, which pytest runs also when the
# test fails.  The directory fixtures run each test on three backends:
# slapd, the Samba AD DC (as the domain's Administrator) and the embedded
# store (file://.../org.ldif).
#
# What differs on AD by design: the site Default-First-Site-Name exists
# from the start (provisioning creates it), so the `organization` fixture
# checks that it is there instead of creating it, and a test that creates
# it itself asks `create_first_site(directory)`, which on AD checks the
# site AD provisioned and on the others creates it.  AD assigns objectGUID
# and whenCreated itself; no Python test compares them.
#
# The AD DC needs root and samba: where it cannot run the AD tests are
# skipped with the reason, except in CI (CI set), where .ci/setup installed
# everything and a skip would hide a failure, so they fail.

import os
import shlex
import signal
import subprocess

import pytest

import gi

gi.require_version('Casarray', '1.0')
gi.require_version('Gio', '2.0')

# The overrides under test are the source tree's, even when another copy
# is installed: put their folder first in gi.overrides' search path before
# Casarray is imported (gi.overrides extends its path over sys.path, so
# PYTHONPATH alone would let an installed copy in PyGObject's own folder
# win).
import gi.overrides  # noqa: E402

_overrides = os.environ.get('CASARRAY_PYTHON_OVERRIDES')
if _overrides:
    gi.overrides.__path__.insert(0, _overrides)

from gi.repository import Casarray, GLib, Gio  # noqa: E402,F401

ORGANIZATION = 'Contoso'
SITE = 'Default-First-Site-Name'
DATABASES = ('DB1', 'DB2', 'DB3')
CAS_FQDN = 'cas1.contoso.com'
ARRAY_FQDN = 'casarray.contoso.com'


# the status of a fixture runner that cannot run here (no samba, not root)
RUNNER_UNAVAILABLE = 77


class Runner:
    """A running casarray-test-slapd-run or casarray-test-samba-run: its
    CASARRAY_TEST_* values as attributes (ldap_uri, ldapi_uri,
    configuration_dn, admin_dn, admin_password_file, ...)."""

    def __init__(self, runner):
        self.values = {}
        self._process = subprocess.Popen([runner], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         text=True)
        try:
            for line in self._process.stdout:
                line = line.rstrip('\n')
                if line == '# ready':
                    break
                words = shlex.split(line)
                if len(words) == 2 and words[0] == 'export':
                    name, _, value = words[1].partition('=')
                    self.values[name] = value
            else:
                status = self._process.wait()
                if status == RUNNER_UNAVAILABLE and not os.environ.get('CI'):
                    pytest.skip('%s cannot run here (see its message above)' % os.path.basename(runner))
                raise RuntimeError('%s exited with status %s before it was ready'
                                   % (os.path.basename(runner), status))
        except BaseException:
            self.stop()
            raise

    def __getattr__(self, name):
        try:
            return self.values['CASARRAY_TEST_' + name.upper()]
        except KeyError:
            raise AttributeError(name) from None

    def stop(self):
        """Closes the runner's stdin: it stops slapd and removes its folder."""
        if self._process is None:
            return
        process, self._process = self._process, None
        process.stdin.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.terminate()
            process.wait(timeout=30)
        process.stdout.close()


Slapd = Runner


def _start(variable):
    runner = os.environ.get(variable)
    if not runner:
        pytest.fail('%s is not set (run the tests with meson test)' % variable)
    return Runner(runner)


@pytest.fixture
def slapd():
    server = _start('CASARRAY_TEST_SLAPD_RUN')
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def samba():
    """A fresh Samba AD DC with the Exchange schema (casarray-test-samba.h)."""
    server = _start('CASARRAY_TEST_SAMBA_RUN')
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=['slapd', 'ad'])
def ldap_server(request):
    """A fresh LDAP server for the tests about LDAP itself (binds, timeouts):
    a slapd or the Samba AD DC, with ldap_uri, admin_dn and
    admin_password_file either way (and freeze_server()/thaw_server())."""
    return request.getfixturevalue('slapd' if request.param == 'slapd' else 'samba')


def freeze_server(server):
    """SIGSTOPs the server: it still accepts TCP connections into its
    backlog but never answers.  Samba runs as a group of processes (the
    fixture's process group), slapd as one."""
    if 'CASARRAY_TEST_AD_PID' in server.values:
        os.killpg(int(server.ad_pid), signal.SIGSTOP)
    else:
        os.kill(int(server.slapd_pid), signal.SIGSTOP)


def thaw_server(server):
    if 'CASARRAY_TEST_AD_PID' in server.values:
        os.killpg(int(server.ad_pid), signal.SIGCONT)
    else:
        os.kill(int(server.slapd_pid), signal.SIGCONT)


# Every directory test runs on a throwaway slapd, on a Samba AD DC and on
# the embedded store (an LDIF file in the test's temporary folder).
# CASARRAY_TEST_BACKENDS (comma-separated) narrows that, for a run whose
# subject is not the backend (the valgrind check of the bindings' memory
# ownership, tests/python/meson.build).
BACKENDS = [b for b in os.environ.get('CASARRAY_TEST_BACKENDS', 'slapd,ad,embedded').split(',') if b]


@pytest.fixture(params=BACKENDS)
def backend(request):
    """The backend of this run of the test: 'slapd', 'ad' or 'embedded'."""
    return request.param


@pytest.fixture
def directory(backend, request, tmp_path):
    """An empty directory (no Exchange organisation yet), on each backend."""
    if backend == 'slapd':
        server = request.getfixturevalue('slapd')
        return Casarray.Directory.new(server.ldapi_uri)
    if backend == 'ad':
        server = request.getfixturevalue('samba')
        directory = Casarray.Directory.new(server.ldap_uri)
        directory.bind_dn = server.admin_dn
        directory.set_password_file(server.admin_password_file)
        # for ldapmodify_behind(): who may write behind the library's back
        directory.casarray_test_admin = (server.admin_dn, server.admin_password_file)
        return directory
    return Casarray.Directory.new('file://' + str(tmp_path / 'org.ldif'))


def ldapmodify_behind(directory, ldif):
    """Applies LDIF with ldapmodify behind the library's back, as a tool
    bypassing Exchange's rules would: on slapd as its root DN over the
    ldapi socket (SASL EXTERNAL), on AD as the domain's Administrator
    (a simple bind).  False on the embedded store, which has no LDAP, or
    when ldapmodify is missing."""
    if directory.uri.startswith('ldapi://'):
        command = ['ldapmodify', '-Q', '-Y', 'EXTERNAL', '-H', directory.uri]
    elif is_active_directory(directory):
        admin_dn, password_file = directory.casarray_test_admin
        command = ['ldapmodify', '-x', '-D', admin_dn, '-y', password_file, '-H', directory.uri]
    else:
        return False
    try:
        subprocess.run(command, input=ldif, text=True, check=True, capture_output=True,
                       env=dict(os.environ, LDAPNOINIT='1'))
    except FileNotFoundError:
        return False
    return True


def is_active_directory(directory):
    """Whether directory is the AD fixture (its ldap:// URI; slapd is opened
    over ldapi:// and the store as file://)."""
    return directory.uri.startswith('ldap://')


def create_first_site(directory):
    """New-ADSite Default-First-Site-Name, as a new forest has it: on AD the
    site exists from the start by design (and may not be created again), so
    there this checks that AD's site is there and reads as a site."""
    if is_active_directory(directory):
        sites = directory.get_sites(SITE)
        assert [s.name for s in sites] == [SITE]
        with pytest.raises(GLib.Error) as excinfo:
            directory.new_site(SITE)
        assert_casarray_error(excinfo, Casarray.Error.ALREADY_EXISTS)
        return sites[0]
    return directory.new_site(SITE)


@pytest.fixture
def organization(directory):
    """The blog post's starting point: organisation Contoso, one site, the
    Mailbox server MBX1, the only Client Access server CAS1, and DB1..DB3,
    which Exchange pointed at CAS1."""
    directory.new_organization(ORGANIZATION)
    create_first_site(directory)
    directory.new_exchange_server('MBX1', fqdn='mbx1.contoso.com', site=SITE, roles=Casarray.ServerRole.MAILBOX)
    directory.new_exchange_server('CAS1', fqdn=CAS_FQDN, site=SITE,
                                  roles=Casarray.ServerRole.CLIENT_ACCESS | Casarray.ServerRole.HUB_TRANSPORT)
    for name in DATABASES:
        directory.new_mailbox_database(name, 'MBX1')
    return directory


def run_async(directory, operation, *args, cancel=False):
    """Runs operation_async(*args) through its raw _async/_finish pair from a
    GLib.MainLoop and returns what _finish returns (or raises its
    GLib.Error).  With cancel=True the GCancellable is cancelled as soon
    as the call has started."""
    loop = GLib.MainLoop()
    cancellable = Gio.Cancellable()
    outcome = {}

    def done(source, result):
        try:
            outcome['value'] = getattr(source, operation + '_finish')(result)
        except GLib.Error as error:
            outcome['error'] = error
        loop.quit()

    getattr(directory, operation + '_async')(*args, cancellable, done)
    if cancel:
        cancellable.cancel()
    timeout = GLib.timeout_add_seconds(60, loop.quit)
    loop.run()
    if not outcome:
        pytest.fail('%s_async did not complete within 60 s' % operation)
    GLib.source_remove(timeout)
    if 'error' in outcome:
        raise outcome['error']
    return outcome['value']


def assert_casarray_error(excinfo, code):
    """excinfo holds a GLib.Error of the casarray-error-quark domain with
    the given Casarray.Error code."""
    error = excinfo.value
    assert isinstance(error, GLib.Error)
    assert error.domain == 'casarray-error-quark'
    assert error.matches(Casarray.error_quark(), code), \
        'expected %s, got %s: %s' % (code.value_nick, error.code, error.message)
    assert error.code == int(code)
    assert error.message
