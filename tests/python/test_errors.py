# test_errors.py: the errors reach Python as GLib.Error, domain
# casarray-error-quark, with the right Casarray.Error code
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import subprocess

import pytest

from gi.repository import Casarray, GLib

from conftest import (ARRAY_FQDN, SITE, assert_casarray_error, freeze_server, is_active_directory, ldapmodify_behind,
                      thaw_server)


def raises(code, function, *args, **kwargs):
    with pytest.raises(GLib.Error) as excinfo:
        function(*args, **kwargs)
    assert_casarray_error(excinfo, code)
    return excinfo.value


def test_error_domain_and_enum():
    assert GLib.quark_to_string(Casarray.error_quark()) == 'casarray-error-quark'
    assert Casarray.Error.ARRAY_EXISTS_IN_SITE == 5
    assert int(Casarray.Error.DIRECTORY) == 14
    assert Casarray.Error(7) == Casarray.Error.CONFLICT
    assert Casarray.Error.CONFLICT.value_nick == 'conflict'


def test_invalid_argument(organization):
    raises(Casarray.Error.INVALID_ARGUMENT, Casarray.Directory.new('http://dc1.contoso.com').connect_sync)
    raises(Casarray.Error.INVALID_ARGUMENT, organization.new_exchange_server,
           'EX1', fqdn='not a fqdn', site=SITE, roles=Casarray.ServerRole.MAILBOX)
    # a change set without what a new server needs, and a filter a call
    # does not take, are refused rather than ignored
    raises(Casarray.Error.INVALID_ARGUMENT, organization.new_exchange_server, 'EX1', fqdn='ex1.contoso.com')
    raises(Casarray.Error.INVALID_ARGUMENT, organization.get_sites, server='MBX1')
    raises(Casarray.Error.INVALID_ARGUMENT, organization.get_mailbox_databases, site=SITE)
    raises(Casarray.Error.INVALID_ARGUMENT, organization.new_mailbox_database, 'DBX', 'MBX1',
           rpc_client_access_server='cas1.contoso.com')
    raises(Casarray.Error.INVALID_ARGUMENT, organization.new_mailbox_database, 'DBX', 'CAS1')
    raises(Casarray.Error.INVALID_ARGUMENT, organization.set_client_access_server, 'CAS1',
           autodiscover_service_internal_uri='ftp://cas1.contoso.com/')


def test_not_found(organization):
    error = raises(Casarray.Error.NOT_FOUND, organization.get_mailbox_databases, 'DB9')
    assert 'DB9' in error.message
    raises(Casarray.Error.NOT_FOUND, organization.set_mailbox_database, 'DB1',
           rpc_client_access_server='nothing.contoso.com')
    raises(Casarray.Error.NOT_FOUND, organization.remove_site, 'Nowhere')
    raises(Casarray.Error.NOT_FOUND, organization.new_client_access_array, 'casarray', ARRAY_FQDN, 'Nowhere')


def test_ambiguous(organization):
    # Two objects answer to one FQDN (something only a tool bypassing the
    # rules produces, as here with ldapmodify): the identity is ambiguous.
    organization.new_exchange_server('CAS2', fqdn='cas2.contoso.com', site=SITE,
                                     roles=Casarray.ServerRole.CLIENT_ACCESS)
    cas2 = organization.get_exchange_servers('CAS2')[0]
    if not modify_as_root(organization, cas2.distinguished_name,
                          'replace: networkAddress\nnetworkAddress: ncacn_ip_tcp:cas1.contoso.com\n'):
        pytest.skip('needs an LDAP backend and ldapmodify')
    raises(Casarray.Error.AMBIGUOUS, organization.set_mailbox_database, 'DB1',
           rpc_client_access_server='cas1.contoso.com')


def test_already_exists(organization):
    raises(Casarray.Error.ALREADY_EXISTS, organization.new_organization, 'Contoso')
    raises(Casarray.Error.ALREADY_EXISTS, organization.new_site, SITE)
    raises(Casarray.Error.ALREADY_EXISTS, organization.new_mailbox_database, 'DB1', 'MBX1')
    # Arrays and servers share one namespace.
    organization.new_site('Branch')
    raises(Casarray.Error.ALREADY_EXISTS, organization.new_client_access_array, 'CAS1',
           'cas.branch.contoso.com', 'Branch')


def test_array_exists_in_site(organization):
    organization.new_client_access_array('casarray', ARRAY_FQDN, SITE)
    error = raises(Casarray.Error.ARRAY_EXISTS_IN_SITE, organization.new_client_access_array,
                   'second', 'second.contoso.com', SITE)
    assert error.matches(Casarray.error_quark(), Casarray.Error.ARRAY_EXISTS_IN_SITE)
    assert SITE in error.message
    organization.new_site('Branch')
    organization.new_client_access_array('branch', 'branch.contoso.com', 'Branch')
    raises(Casarray.Error.ARRAY_EXISTS_IN_SITE, organization.set_client_access_array, 'branch', site=SITE)


def test_not_client_access(organization):
    raises(Casarray.Error.NOT_CLIENT_ACCESS, organization.set_mailbox_database, 'DB1',
           rpc_client_access_server='MBX1')
    raises(Casarray.Error.NOT_CLIENT_ACCESS, organization.set_client_access_server, 'MBX1',
           autodiscover_service_internal_uri='https://mbx1.contoso.com/Autodiscover/Autodiscover.xml')


def test_conflict(organization, directory):
    organization.new_client_access_array('casarray', ARRAY_FQDN, SITE)
    organization.new_exchange_server('CAS2', fqdn='cas2.contoso.com', site=SITE,
                                     roles=Casarray.ServerRole.CLIENT_ACCESS)
    as_read = organization.get_mailbox_databases('DB1')[0]
    organization.set_mailbox_database('DB1', rpc_client_access_server='CAS2')
    error = raises(Casarray.Error.CONFLICT, organization.set_rpc_client_access_server, as_read, 'casarray')
    assert 'DB1' in error.message


def test_in_use(organization):
    error = raises(Casarray.Error.IN_USE, organization.remove_exchange_server, 'MBX1')
    assert 'DB1' in error.message
    raises(Casarray.Error.IN_USE, organization.remove_site, SITE)
    # The guard of issue 5: CAS1 still serves DB1..DB3.
    raises(Casarray.Error.IN_USE, organization.remove_exchange_server, 'CAS1')
    raises(Casarray.Error.IN_USE, organization.set_exchange_server, 'CAS1',
           roles=Casarray.ServerRole.HUB_TRANSPORT)


def test_no_organization(directory):
    raises(Casarray.Error.NO_ORGANIZATION, directory.get_mailbox_databases)
    raises(Casarray.Error.NO_ORGANIZATION, directory.new_exchange_server,
           'MBX1', fqdn='mbx1.contoso.com', site=SITE, roles=Casarray.ServerRole.MAILBOX)


def test_invalid_data(organization):
    # A second organisation, which only a tool bypassing Exchange makes.
    fabrikam = 'CN=Fabrikam,CN=Microsoft Exchange,CN=Services,' + organization.configuration_dn
    if not ldapmodify_behind(
            organization, 'dn: %s\nchangetype: add\nobjectClass: msExchOrganizationContainer\n'
            'cn: Fabrikam\n' % fabrikam):
        pytest.skip('needs an LDAP backend and ldapmodify')
    fresh = Casarray.Directory.new(organization.uri)
    if is_active_directory(organization):
        fresh.bind_dn, password_file = organization.casarray_test_admin
        fresh.set_password_file(password_file)
    error = raises(Casarray.Error.INVALID_DATA, fresh.get_mailbox_databases)
    assert 'organisations' in error.message


def test_connection(slapd):
    directory = Casarray.Directory.new('ldap://127.0.0.1:9')
    directory.network_timeout = 2000
    raises(Casarray.Error.CONNECTION, directory.connect_sync)
    raises(Casarray.Error.CONNECTION, directory.get_sites)


def test_authentication(ldap_server):
    slapd = ldap_server
    directory = Casarray.Directory.new(slapd.ldap_uri)
    directory.bind_dn = slapd.admin_dn
    directory.set_password_func(lambda d: 'not the password')
    raises(Casarray.Error.AUTHENTICATION, directory.connect_sync)
    directory.set_password_func(lambda d: None)
    raises(Casarray.Error.AUTHENTICATION, directory.connect_sync)
    directory.set_password_file('/nonexistent/password')
    raises(Casarray.Error.AUTHENTICATION, directory.get_sites)
    # An anonymous client may not write.
    anonymous = Casarray.Directory.new(slapd.ldap_uri)
    # (AD refuses an anonymous client's first search already, with
    # operationsError (1) "00002020: Operation unavailable without
    # authentication"; slapd refuses the write: both are AUTHENTICATION)
    raises(Casarray.Error.AUTHENTICATION, anonymous.new_organization, 'Contoso')


def test_simple_bind_works(ldap_server):
    slapd = ldap_server
    directory = Casarray.Directory.new(slapd.ldap_uri)
    directory.bind_dn = slapd.admin_dn
    directory.set_password_file(slapd.admin_password_file)
    assert directory.connect_sync() is True
    calls = []

    def password(d):
        calls.append(d)
        with open(slapd.admin_password_file) as f:
            return f.read()

    other = Casarray.Directory.new(slapd.ldap_uri)
    other.bind_dn = slapd.admin_dn
    other.set_password_func(password)
    other.new_organization('Contoso')
    assert calls == [other]
    assert directory.get_mailbox_databases() == []


def test_timeout(ldap_server):
    # A stopped server accepts the TCP connection into its backlog and never
    # answers.
    directory = Casarray.Directory.new(ldap_server.ldap_uri)
    directory.operation_timeout = 500
    directory.network_timeout = 500
    freeze_server(ldap_server)
    try:
        raises(Casarray.Error.TIMEOUT, directory.get_sites)
    finally:
        thaw_server(ldap_server)


def test_directory_error(slapd, tmp_path):
    # Any other refusal by the server comes as DIRECTORY with the LDAP
    # result: here insufficientAccessRights (50) for a read-only account.
    admin = Casarray.Directory.new(slapd.ldapi_uri)
    admin.new_organization('Contoso')
    reader_dn = 'CN=reader,' + slapd.suffix
    if not ldapmodify(slapd.ldapi_uri, 'dn: %s\nchangetype: add\nobjectClass: person\ncn: reader\n'
                      'sn: reader\nuserPassword: reader-secret\n' % reader_dn):
        pytest.skip('needs ldapmodify')
    password_file = tmp_path / 'reader.pw'
    password_file.write_text('reader-secret\n')
    password_file.chmod(0o600)  # else a warning: others could read it
    reader = Casarray.Directory.new(slapd.ldap_uri)
    reader.bind_dn = reader_dn
    reader.set_password_file(str(password_file))
    assert reader.get_sites() == []
    error = raises(Casarray.Error.DIRECTORY, reader.new_site, 'Branch')
    assert '50' in error.message


def modify_as_root(directory, dn, change):
    """Applies an LDIF modify of dn behind directory (slapd or AD,
    conftest.ldapmodify_behind); False on the store or without ldapmodify."""
    return ldapmodify_behind(directory, 'dn: %s\nchangetype: modify\n%s' % (dn, change))


def ldapmodify(ldapi_uri, ldif):
    """Applies LDIF with ldapmodify over the ldapi socket of the test slapd
    (SASL EXTERNAL: the root DN); False when ldapmodify is missing."""
    try:
        subprocess.run(['ldapmodify', '-Q', '-Y', 'EXTERNAL', '-H', ldapi_uri], input=ldif, text=True,
                       check=True, capture_output=True, env=dict(os.environ, LDAPNOINIT='1'))
    except FileNotFoundError:
        return False
    return True
