# test_operations.py: every operation of Casarray.Directory, synchronously
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Each test uses the raw generated binding (X_sync) for some calls and the
# keyword form of the overrides (X) for others, so both stay usable.

import pytest

from gi.repository import Casarray, GLib

from conftest import (ARRAY_FQDN, CAS_FQDN, DATABASES, SITE, assert_casarray_error, create_first_site,
                      is_active_directory)


def test_connect_and_properties(directory):
    assert directory.connect_sync(None) is True
    assert directory.get_uri() == directory.uri
    assert directory.configuration_dn.lower() == 'cn=configuration,dc=contoso,dc=com'
    assert directory.organization is None
    directory.new_organization('Contoso')
    assert directory.get_organization() == 'Contoso'


def test_directory_settings_round_trip():
    directory = Casarray.Directory.new('ldap://127.0.0.1:9')
    directory.bind_dn = 'CN=casarray,CN=Users,DC=contoso,DC=com'
    directory.set_password_file('/etc/casarray/password')
    directory.start_tls = True
    directory.tls_ca_file = '/etc/ssl/certs/ca.pem'
    directory.tls_verify = False
    directory.network_timeout = 1500
    directory.set_operation_timeout(2500)
    directory.configuration_dn = 'CN=Configuration,DC=contoso,DC=com'
    assert directory.get_bind_dn() == 'CN=casarray,CN=Users,DC=contoso,DC=com'
    assert directory.get_start_tls() is True
    assert directory.props.tls_ca_file == '/etc/ssl/certs/ca.pem'
    assert directory.get_tls_verify() is False
    assert directory.get_network_timeout() == 1500
    assert directory.operation_timeout == 2500
    assert directory.get_configuration_dn() == 'CN=Configuration,DC=contoso,DC=com'
    directory.bind_dn = None
    assert directory.bind_dn is None
    with pytest.raises(AttributeError):
        directory.uri = 'ldap://elsewhere'


def test_sites(directory):
    directory.new_organization_sync('Contoso', None)
    ad = is_active_directory(directory)
    # AD by design: the forest's first site exists from the start
    assert [s.name for s in directory.get_sites()] == ([SITE] if ad else [])
    site = create_first_site(directory) if ad else directory.new_site_sync(SITE, None)
    branch = directory.new_site('Branch')
    assert isinstance(site, Casarray.Site)
    assert site.name == SITE and site.guid and site.distinguished_name
    assert sorted(directory.get_sites()) == [branch, site]
    assert directory.get_sites_sync('Branch', None, None) == [branch]
    assert directory.get_sites(identity=branch.guid) == [branch]
    assert directory.get_sites(identity=branch.distinguished_name) == [branch]
    assert directory.remove_site('Branch') is True
    if ad:
        # AD's first site holds the domain controller: the removal is
        # refused, and nothing is deleted
        with pytest.raises(GLib.Error) as excinfo:
            directory.remove_site_sync(SITE, None)
        assert_casarray_error(excinfo, Casarray.Error.IN_USE)
        assert directory.get_sites() == [site]
        return
    assert directory.remove_site_sync(SITE, None) is True
    assert directory.get_sites() == []


def test_exchange_servers(organization):
    d = organization
    servers = d.get_exchange_servers()
    assert [s.name for s in sorted(servers)] == ['CAS1', 'MBX1']
    cas1 = d.get_exchange_servers('CAS1')[0]
    assert cas1.fqdn == CAS_FQDN
    assert cas1.site == SITE
    assert cas1.roles == Casarray.ServerRole.CLIENT_ACCESS | Casarray.ServerRole.HUB_TRANSPORT
    assert cas1.admin_display_version == 'Version 14.3 (Build 123.4)'
    assert cas1.version_number >= 1937801568
    assert cas1.exchange_legacy_dn.endswith('/cn=CAS1')
    assert 'ncacn_ip_tcp:' + CAS_FQDN in cas1.network_addresses
    for identity in (cas1.fqdn, cas1.guid, cas1.distinguished_name, cas1.exchange_legacy_dn):
        assert d.get_exchange_servers_sync(identity, None, None) == [cas1]

    settings = Casarray.ExchangeServerChanges.new()
    settings.set_fqdn('ex2007.contoso.com')
    settings.set_site(SITE)
    settings.set_roles(Casarray.ServerRole.MAILBOX)
    settings.set_admin_display_version('Version 8.3 (Build 83.6)')
    old = d.new_exchange_server_sync('EX2007', settings, None)
    assert old.version_number < 1937801568
    assert d.remove_exchange_server('EX2007') is True

    # Removing CAS1 with REPOINT_DATABASES moves DB1..DB3 to the array first.
    d.new_client_access_array('casarray', ARRAY_FQDN, SITE)
    assert d.remove_exchange_server_sync('CAS1', Casarray.RemovalPolicy.REPOINT_DATABASES, None) is True
    assert [s.name for s in d.get_exchange_servers()] == ['MBX1']
    assert {db.rpc_client_access_server for db in d.get_mailbox_databases()} == {ARRAY_FQDN}


def test_exchange_server_roles(organization):
    d = organization
    # Taking CAS1's ClientAccess role away while DB1..DB3 use it is refused
    # unless asked to repoint them first; there is no other endpoint yet.
    d.new_client_access_array('casarray', ARRAY_FQDN, SITE)
    d.set_exchange_server('CAS1', roles=Casarray.ServerRole.HUB_TRANSPORT,
                          policy=Casarray.RemovalPolicy.REPOINT_DATABASES)
    assert d.get_exchange_servers('CAS1')[0].roles == Casarray.ServerRole.HUB_TRANSPORT
    assert d.get_client_access_servers() == []
    assert {db.rpc_client_access_server for db in d.get_mailbox_databases()} == {ARRAY_FQDN}
    changes = Casarray.ExchangeServerChanges()
    changes.set_roles(Casarray.ServerRole.CLIENT_ACCESS)
    assert d.set_exchange_server_sync('CAS1', changes, Casarray.RemovalPolicy.REFUSE, None) is True
    # only the roles of a server change
    raises_invalid = Casarray.ExchangeServerChanges()
    raises_invalid.set_fqdn('other.contoso.com')
    try:
        d.set_exchange_server_sync('CAS1', raises_invalid, Casarray.RemovalPolicy.REFUSE, None)
        assert False, 'changing the FQDN of a server is refused'
    except GLib.Error as error:
        assert error.matches(Casarray.error_quark(), Casarray.Error.INVALID_ARGUMENT)


def test_mailbox_databases(organization):
    d = organization
    dbs = d.get_mailbox_databases()
    assert sorted(db.name for db in dbs) == list(DATABASES)
    db1 = d.get_mailbox_databases_sync('DB1', None, None)[0]
    assert isinstance(db1, Casarray.MailboxDatabase)
    assert db1.server == 'MBX1'
    assert db1.server_dn.lower().startswith('cn=mbx1,')
    assert db1.rpc_client_access_server == CAS_FQDN
    assert db1.rpc_client_access_server_legacy_dn.endswith('/cn=CAS1')
    assert db1.exchange_legacy_dn.endswith('/cn=Microsoft Private MDB')
    assert db1.edb_file_path and db1.log_folder_path
    assert db1.mount_at_startup is True
    assert db1.recovery is False and db1.circular_logging_enabled is False
    assert sorted(d.get_mailbox_databases(server='MBX1')) == sorted(dbs)
    assert sorted(d.get_mailbox_databases('DB*')) == sorted(dbs)
    assert d.get_mailbox_databases(identity=db1.guid) == [db1]

    db4 = d.new_mailbox_database('DB4', 'MBX1', edb_file_path='D:\\DB4\\DB4.edb',
                                 log_folder_path='L:\\DB4')
    assert (db4.edb_file_path, db4.log_folder_path) == ('D:\\DB4\\DB4.edb', 'L:\\DB4')
    assert d.set_mailbox_database('DB4', edb_file_path='E:\\DB4.edb') is True
    db4 = d.get_mailbox_databases('DB4')[0]
    assert (db4.edb_file_path, db4.log_folder_path) == ('E:\\DB4.edb', 'L:\\DB4')
    assert d.remove_mailbox_database('DB4') is True
    assert d.remove_mailbox_database_sync('DB3', None) is True
    assert sorted(db.name for db in d.get_mailbox_databases()) == ['DB1', 'DB2']

    # Databases of servers older than Exchange 2010 are hidden unless asked for.
    d.new_exchange_server('EX2007', fqdn='ex2007.contoso.com', site=SITE, roles=Casarray.ServerRole.MAILBOX,
                          admin_display_version='Version 8.3 (Build 83.6)')
    d.new_mailbox_database('OLD', 'EX2007')
    assert 'OLD' not in [db.name for db in d.get_mailbox_databases()]
    assert 'OLD' in [db.name for db in d.get_mailbox_databases(include_pre_exchange2010=True)]
    assert [db.name for db in d.get_mailbox_databases(server='EX2007')] == ['OLD']


def test_set_rpc_client_access_server(organization):
    d = organization
    d.new_client_access_array('casarray', ARRAY_FQDN, SITE)
    db1 = d.get_mailbox_databases('DB1')[0]
    changes = Casarray.MailboxDatabaseChanges()
    changes.set_rpc_client_access_server(ARRAY_FQDN)
    assert d.set_mailbox_database_sync('DB2', changes, None) is True
    assert d.set_rpc_client_access_server(db1, 'casarray') is True
    assert d.get_mailbox_databases('DB1')[0].rpc_client_access_server == ARRAY_FQDN

    # Compare-and-set: our read of DB3 is stale once another writer moved it.
    d.new_exchange_server('CAS2', fqdn='cas2.contoso.com', site=SITE, roles=Casarray.ServerRole.CLIENT_ACCESS)
    db3 = d.get_mailbox_databases('DB3')[0]
    d.set_mailbox_database('DB3', rpc_client_access_server='casarray')
    with pytest.raises(GLib.Error) as excinfo:
        d.set_rpc_client_access_server_sync(db3, 'CAS2', None)
    assert_casarray_error(excinfo, Casarray.Error.CONFLICT)
    assert 'DB3' in excinfo.value.message
    assert d.get_mailbox_databases('DB3')[0].rpc_client_access_server == ARRAY_FQDN


def test_set_rpc_client_access_server_stale_same_value(organization):
    d = organization
    d.new_client_access_array('casarray', ARRAY_FQDN, SITE)
    db1 = d.get_mailbox_databases('DB1')[0]
    d.set_mailbox_database('DB1', rpc_client_access_server='casarray')
    with pytest.raises(GLib.Error) as excinfo:
        d.set_rpc_client_access_server(db1, 'CAS1')
    assert_casarray_error(excinfo, Casarray.Error.CONFLICT)


def test_client_access_servers(organization):
    d = organization
    [cas1] = d.get_client_access_servers()
    assert isinstance(cas1, Casarray.ClientAccessServer)
    assert cas1.fqdn == CAS_FQDN and cas1.site == SITE
    assert d.get_client_access_servers_sync('cas1.contoso.com', None, None) == [cas1]

    uri = 'https://mail.contoso.com/Autodiscover/Autodiscover.xml'
    assert d.set_client_access_server('CAS1', autodiscover_service_internal_uri=uri,
                                      autodiscover_site_scope=[SITE]) is True
    cas1 = d.get_client_access_servers('CAS1')[0]
    assert cas1.autodiscover_service_internal_uri == uri
    assert cas1.autodiscover_site_scope == [SITE]
    # None leaves a value, "" and [] clear it.
    changes = Casarray.ClientAccessServerChanges()
    changes.set_autodiscover_site_scope([])
    assert d.set_client_access_server_sync('CAS1', changes, None) is True
    cas1 = d.get_client_access_servers('CAS1')[0]
    assert cas1.autodiscover_service_internal_uri == uri
    assert not cas1.autodiscover_site_scope
    d.set_client_access_server('CAS1', autodiscover_service_internal_uri='')
    assert not d.get_client_access_servers('CAS1')[0].autodiscover_service_internal_uri


def test_client_access_arrays(organization):
    d = organization
    d.new_site('Branch')
    array = d.new_client_access_array_sync('casarray', ARRAY_FQDN, SITE, None)
    assert isinstance(array, Casarray.ClientAccessArray)
    assert (array.name, array.fqdn, array.site) == ('casarray', ARRAY_FQDN, SITE)
    assert array.members == ['CAS1'] and list(array) == ['CAS1']
    assert array.exchange_legacy_dn.endswith('/cn=casarray')
    assert array.site_dn.lower().startswith('cn=default-first-site-name,')
    assert d.get_client_access_arrays() == [array]
    assert d.get_client_access_arrays(site='Branch') == []
    in_site = Casarray.Filter()
    in_site.set_site(SITE)
    assert d.get_client_access_arrays_sync(ARRAY_FQDN, in_site, None) == [array]

    assert d.set_client_access_array('casarray', fqdn='outlook.contoso.com') is True
    changes = Casarray.ClientAccessArrayChanges()
    changes.set_name('outlook')
    changes.set_site('Branch')
    assert d.set_client_access_array_sync('casarray', changes, None) is True
    [moved] = d.get_client_access_arrays()
    assert (moved.name, moved.fqdn, moved.site) == ('outlook', 'outlook.contoso.com', 'Branch')
    assert moved.members == []
    assert d.remove_client_access_array('outlook') is True
    assert d.get_client_access_arrays_sync(None, None, None) == []


def test_audit_and_repair(organization):
    d = organization
    d.new_client_access_array('casarray', ARRAY_FQDN, SITE)
    findings = d.audit()
    not_used = sorted(f.subject for f in findings if f.kind == Casarray.FindingKind.ARRAY_NOT_USED)
    assert not_used == list(DATABASES)
    for finding in findings:
        assert isinstance(finding, Casarray.Finding)
        assert finding.message and finding.subject_dn
        assert isinstance(finding.severity, Casarray.FindingSeverity)

    plan = d.repair(what_if=True)
    assert sorted(r.database for r in plan) == list(DATABASES)
    assert {r.outcome for r in plan} == {Casarray.RepairOutcome.WOULD_CHANGE}
    assert {r.new_endpoint for r in plan} == {ARRAY_FQDN}
    assert {db.rpc_client_access_server for db in d.get_mailbox_databases()} == {CAS_FQDN}

    done = d.repair_sync(findings, Casarray.WriteFlags.NONE, None)
    assert {r.outcome for r in done} == {Casarray.RepairOutcome.CHANGED}
    assert all(r.database_dn for r in done)
    assert {db.rpc_client_access_server for db in d.get_mailbox_databases()} == {ARRAY_FQDN}
    assert d.repair() == []
    assert d.audit_sync(None) == []


def test_repair_old_endpoint_is_fqdn(organization):
    d = organization
    d.new_client_access_array('casarray', ARRAY_FQDN, SITE)
    assert {r.old_endpoint for r in d.repair(what_if=True)} == {CAS_FQDN}


def test_embedded_store_file_is_shared_and_memory_store_works(tmp_path):
    path = tmp_path / 'org.ldif'
    first = Casarray.Directory.new('file://' + str(path))
    first.new_organization('Contoso')
    first.new_site(SITE)
    assert path.exists()
    second = Casarray.Directory.new(str(path))
    assert [s.name for s in second.get_sites()] == [SITE]
    second.new_site('Branch')
    assert sorted(s.name for s in first.get_sites()) == ['Branch', SITE]

    memory = Casarray.Directory.new('memory:')
    memory.new_organization('Contoso')
    assert memory.new_site(SITE).name == SITE
    assert Casarray.Directory.new('memory:').get_sites() == []
