# test_async.py: every operation through its _async/_finish pair, from a
# GLib.MainLoop, and cancellation
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import pytest

from gi.repository import Casarray, Gio, GLib

from conftest import (ARRAY_FQDN, CAS_FQDN, DATABASES, SITE, assert_casarray_error, is_active_directory,
                      run_async)


# The raw _async calls take their options as objects, as in C.
def server_settings(fqdn, roles):
    settings = Casarray.ExchangeServerChanges()
    settings.set_fqdn(fqdn)
    settings.set_site(SITE)
    settings.set_roles(roles)
    return settings


def edb_changes(path):
    changes = Casarray.MailboxDatabaseChanges()
    changes.set_edb_file_path(path)
    return changes


def test_every_operation_async(directory):
    d = directory
    assert run_async(d, 'connect') is True
    assert run_async(d, 'new_organization', 'Contoso') is True
    if is_active_directory(d):
        # AD by design: the forest's first site exists, and may not be
        # created again (conftest.py)
        with pytest.raises(GLib.Error) as excinfo:
            run_async(d, 'new_site', SITE)
        assert_casarray_error(excinfo, Casarray.Error.ALREADY_EXISTS)
        [site] = run_async(d, 'get_sites', SITE, None)
    else:
        site = run_async(d, 'new_site', SITE)
    assert isinstance(site, Casarray.Site) and site.name == SITE
    assert run_async(d, 'new_site', 'Branch').name == 'Branch'
    assert sorted(s.name for s in run_async(d, 'get_sites', None, None)) == ['Branch', SITE]
    assert run_async(d, 'remove_site', 'Branch') is True

    mbx1 = run_async(d, 'new_exchange_server', 'MBX1', server_settings('mbx1.contoso.com', Casarray.ServerRole.MAILBOX))
    assert isinstance(mbx1, Casarray.Server) and mbx1.roles == Casarray.ServerRole.MAILBOX
    run_async(d, 'new_exchange_server', 'CAS1', server_settings(CAS_FQDN, Casarray.ServerRole.CLIENT_ACCESS))
    assert sorted(s.name for s in run_async(d, 'get_exchange_servers', None, None)) == ['CAS1', 'MBX1']

    for name in DATABASES:
        db = run_async(d, 'new_mailbox_database', name, 'MBX1', None)
        assert isinstance(db, Casarray.MailboxDatabase) and db.rpc_client_access_server == CAS_FQDN
    dbs = run_async(d, 'get_mailbox_databases', None, None)
    assert sorted(db.name for db in dbs) == list(DATABASES)

    [cas1] = run_async(d, 'get_client_access_servers', None, None)
    assert isinstance(cas1, Casarray.ClientAccessServer) and cas1.fqdn == CAS_FQDN
    scope = Casarray.ClientAccessServerChanges()
    scope.set_autodiscover_site_scope([SITE])
    assert run_async(d, 'set_client_access_server', 'CAS1', scope) is True
    assert run_async(d, 'get_client_access_servers', 'CAS1', None)[0].autodiscover_site_scope == [SITE]

    array = run_async(d, 'new_client_access_array', 'casarray', ARRAY_FQDN, SITE)
    assert isinstance(array, Casarray.ClientAccessArray) and array.members == ['CAS1']
    assert run_async(d, 'get_client_access_arrays', None, None) == [array]

    findings = run_async(d, 'audit')
    assert {f.kind for f in findings} == {Casarray.FindingKind.ARRAY_NOT_USED}
    plan = run_async(d, 'repair', findings, Casarray.WriteFlags.WHAT_IF)
    assert {r.outcome for r in plan} == {Casarray.RepairOutcome.WOULD_CHANGE}

    changes = Casarray.MailboxDatabaseChanges()
    changes.set_rpc_client_access_server(ARRAY_FQDN)
    assert run_async(d, 'set_mailbox_database', 'DB1', changes) is True
    db2 = run_async(d, 'get_mailbox_databases', 'DB2', None)[0]
    assert run_async(d, 'set_rpc_client_access_server', db2, 'casarray') is True
    assert sorted(r.database for r in run_async(d, 'repair', None, Casarray.WriteFlags.NONE)) == ['DB3']
    fqdn = Casarray.ClientAccessArrayChanges()
    fqdn.set_fqdn('outlook.contoso.com')
    assert run_async(d, 'set_client_access_array', 'casarray', fqdn) is True
    assert {db.rpc_client_access_server for db in run_async(d, 'get_mailbox_databases', None, None)} \
        == {'outlook.contoso.com'}

    roles = Casarray.ExchangeServerChanges()
    roles.set_roles(Casarray.ServerRole.HUB_TRANSPORT)
    assert run_async(d, 'set_exchange_server', 'CAS1', roles, Casarray.RemovalPolicy.REFUSE) is True
    assert run_async(d, 'remove_exchange_server', 'CAS1', Casarray.RemovalPolicy.REFUSE) is True
    assert run_async(d, 'remove_mailbox_database', 'DB3') is True
    assert run_async(d, 'remove_client_access_array', 'casarray') is True
    assert run_async(d, 'get_client_access_arrays', None, None) == []


def test_async_error_is_glib_error(organization):
    with pytest.raises(GLib.Error) as excinfo:
        run_async(organization, 'new_site', SITE)
    assert excinfo.value.matches(Casarray.error_quark(), Casarray.Error.ALREADY_EXISTS)


def test_call_helper_with_keywords(organization):
    """Directory.call() runs the keyword form asynchronously."""
    loop = GLib.MainLoop()
    results = []

    def done(result, error):
        results.append((result, error))
        loop.quit()

    organization.call('get_mailbox_databases', server='MBX1', callback=done)
    loop.run()
    [(dbs, error)] = results
    assert error is None
    assert sorted(db.name for db in dbs) == list(DATABASES)

    results.clear()
    organization.call('get_sites', 'Nowhere', callback=done)
    loop.run()
    [(result, error)] = results
    assert result is None
    assert error.matches(Casarray.error_quark(), Casarray.Error.NOT_FOUND)


def assert_cancelled(excinfo):
    assert excinfo.value.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED)


@pytest.mark.parametrize('operation, args', [
    ('connect', ()),
    ('get_mailbox_databases', (None, None)),
    ('get_sites', (None, None)),
    ('get_exchange_servers', (None, None)),
    ('get_client_access_servers', (None, None)),
    ('get_client_access_arrays', (None, None)),
    ('audit', ()),
])
def test_cancellation_async(organization, operation, args):
    with pytest.raises(GLib.Error) as excinfo:
        run_async(organization, operation, *args, cancel=True)
    assert_cancelled(excinfo)
    assert [s.name for s in organization.get_sites()] == [SITE]


# Cancelling a write races with the worker thread: it is either stopped
# before it writes (CANCELLED, nothing applied) or already done (its result,
# applied).  Never both: a write is not applied and reported as cancelled.
@pytest.mark.parametrize('operation, args', [
    ('new_site', ('Branch',)),
    ('set_mailbox_database', ('DB1', edb_changes('E:\\DB1.edb'))),
])
def test_cancelled_write_reports_what_happened(organization, operation, args):
    try:
        run_async(organization, operation, *args, cancel=True)
        cancelled = False
    except GLib.Error as error:
        assert error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED), error.message
        cancelled = True
    applied = ('Branch' in [s.name for s in organization.get_sites()] or
               organization.get_mailbox_databases('DB1')[0].edb_file_path == 'E:\\DB1.edb')
    assert applied != cancelled


def test_cancellation_sync(organization):
    cancellable = Gio.Cancellable()
    cancellable.cancel()
    with pytest.raises(GLib.Error) as excinfo:
        organization.get_mailbox_databases(cancellable=cancellable)
    assert_cancelled(excinfo)
    with pytest.raises(GLib.Error) as excinfo:
        organization.new_site_sync('Branch', cancellable)
    assert_cancelled(excinfo)
    assert [s.name for s in organization.get_sites()] == [SITE]


def test_cancellation_of_call_helper(organization):
    loop = GLib.MainLoop()
    cancellable = Gio.Cancellable()
    results = []

    def done(result, error):
        results.append((result, error))
        loop.quit()

    organization.call('get_exchange_servers', callback=done, cancellable=cancellable)
    cancellable.cancel()
    loop.run()
    [(result, error)] = results
    assert result is None and error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED)
