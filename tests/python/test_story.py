# test_story.py: the blog post, as a Python administrator would script it
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Exchange 2010 fills a mailbox database's RpcClientAccessServer once, when
# the database is created.  An array added later is ignored by the existing
# databases; when the CAS server they point at goes, Outlook cannot connect.
# The fix: Set-MailboxDatabase -RpcClientAccessServer <array> on each.

from gi.repository import Casarray

from conftest import ARRAY_FQDN, CAS_FQDN, DATABASES, SITE, create_first_site


def endpoints(directory):
    """Get-MailboxDatabase | fl Name,RpcClientAccessServer, as a dict."""
    return {db.name: db.rpc_client_access_server for db in directory.get_mailbox_databases()}


def test_blog_post_story(directory):
    directory.connect_sync()
    directory.new_organization('Contoso')
    assert directory.organization == 'Contoso'
    create_first_site(directory)   # on AD: provisioned, checked (conftest)
    directory.new_exchange_server('MBX1', fqdn='mbx1.contoso.com', site=SITE, roles=Casarray.ServerRole.MAILBOX)
    directory.new_exchange_server('CAS1', fqdn=CAS_FQDN, site=SITE,
                                  roles=Casarray.ServerRole.CLIENT_ACCESS | Casarray.ServerRole.HUB_TRANSPORT)

    # The databases are created while CAS1 is the only Client Access server.
    for name in DATABASES:
        db = directory.new_mailbox_database(name, 'MBX1')
        assert db.rpc_client_access_server == CAS_FQDN
    assert endpoints(directory) == {name: CAS_FQDN for name in DATABASES}

    # An array arrives; existing databases keep pointing at CAS1.
    array = directory.new_client_access_array('casarray', ARRAY_FQDN, SITE)
    assert array.fqdn == ARRAY_FQDN
    assert list(array) == ['CAS1']
    assert endpoints(directory) == {name: CAS_FQDN for name in DATABASES}

    # CAS1 is uninstalled (forced past the library's guard, as Exchange's
    # setup would do it): the endpoint resolves to nothing.
    directory.remove_exchange_server('CAS1', policy=Casarray.RemovalPolicy.FORCE)
    broken = [db for db in directory.get_mailbox_databases() if not db.rpc_client_access_server]
    assert sorted(db.name for db in broken) == list(DATABASES)
    for db in broken:
        # The stored value still says where clients were sent.
        assert db.rpc_client_access_server_legacy_dn.lower().endswith('/cn=cas1')

    missing = [f for f in directory.audit() if f.kind == Casarray.FindingKind.ENDPOINT_MISSING]
    assert sorted(f.subject for f in missing) == list(DATABASES)
    assert all(f.severity == Casarray.FindingSeverity.ERROR for f in missing)

    # The repair, and a new database, which gets the array by itself.
    for db in broken:
        directory.set_mailbox_database(db.name, rpc_client_access_server=ARRAY_FQDN)
    db4 = directory.new_mailbox_database('DB4', 'MBX1')
    assert db4.rpc_client_access_server == ARRAY_FQDN
    assert endpoints(directory) == {name: ARRAY_FQDN for name in DATABASES + ('DB4',)}
    assert not [f for f in directory.audit() if f.severity == Casarray.FindingSeverity.ERROR]
