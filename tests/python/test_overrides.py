# test_overrides.py: what bindings/python/gi/overrides/Casarray.py adds,
# and that it hides nothing
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import inspect
import os
import sys

from gi.repository import Casarray, GObject

from conftest import CAS_FQDN, SITE

MODEL_TYPES = (Casarray.Site, Casarray.Server, Casarray.MailboxDatabase, Casarray.ClientAccessServer,
               Casarray.ClientAccessArray)


def test_overrides_come_from_the_source_tree():
    module = sys.modules['gi.overrides.Casarray']
    expected = os.environ.get('CASARRAY_PYTHON_OVERRIDES')
    assert expected, 'run through meson test'
    assert os.path.dirname(module.__file__) == expected
    assert Casarray.Directory.__module__ == 'gi.overrides.Casarray'


def test_every_property_is_an_attribute():
    for cls in MODEL_TYPES + (Casarray.Directory, Casarray.Finding, Casarray.RepairResult):
        for pspec in cls.list_properties():
            assert isinstance(getattr(cls, pspec.name.replace('-', '_')), property), (cls, pspec.name)


def test_every_sync_operation_has_a_keyword_form():
    for name in dir(Casarray.Directory):
        if name.endswith('_sync') and name != 'connect_sync':
            keyword_form = getattr(Casarray.Directory, name[:-len('_sync')])
            parameters = inspect.signature(keyword_form).parameters
            positional = [p for p in parameters.values() if p.kind is not inspect.Parameter.KEYWORD_ONLY]
            assert positional[-1].name == 'cancellable'
            assert parameters['cancellable'].default is None
    signature = inspect.signature(Casarray.Directory.set_mailbox_database)
    # the change set, then the settings that go into it, by keyword only
    assert list(signature.parameters) == ['self', 'identity', 'changes', 'cancellable', 'edb_file_path',
                                          'log_folder_path', 'rpc_client_access_server']
    assert signature.parameters['identity'].default is inspect.Parameter.empty
    assert signature.parameters['edb_file_path'].kind is inspect.Parameter.KEYWORD_ONLY
    signature = inspect.signature(Casarray.Directory.get_mailbox_databases)
    assert signature.parameters['include_pre_exchange2010'].kind is inspect.Parameter.KEYWORD_ONLY
    assert signature.parameters['server'].default is None
    # a flag becomes a boolean keyword, the removal policy defaults to REFUSE
    assert 'what_if' in inspect.signature(Casarray.Directory.repair).parameters
    signature = inspect.signature(Casarray.Directory.remove_exchange_server)
    assert signature.parameters['policy'].default == Casarray.RemovalPolicy.REFUSE
    # connect() is still GObject's signal connection.
    assert Casarray.Directory.connect is GObject.Object.connect


def test_raw_bindings_are_still_there():
    for name in ('get_mailbox_databases_sync', 'get_mailbox_databases_async', 'get_mailbox_databases_finish',
                 'connect_sync', 'connect_async', 'connect_finish', 'set_password_func'):
        assert callable(getattr(Casarray.Directory, name))
    assert hasattr(Casarray.MailboxDatabase, 'get_rpc_client_access_server')


def test_model_objects_compare_by_dn_and_sort_by_name(organization):
    d = organization
    first = d.get_exchange_servers()
    second = d.get_exchange_servers()
    assert first == second
    assert first[0] is not second[0]
    assert {*first} == {*second} and len({*first, *second}) == 2
    assert sorted(first, reverse=True)[0].name == 'MBX1'
    assert min(first).name == 'CAS1'
    cas_server = d.get_client_access_servers()[0]
    server = d.get_exchange_servers('CAS1')[0]
    # A server and its CAS view are different types of object.
    assert cas_server.distinguished_name == server.distinguished_name
    assert cas_server != server
    assert (server == 'CAS1') is False
    site = d.get_sites()[0]
    assert repr(site) == "<Casarray.Site '%s' (%s)>" % (SITE, site.distinguished_name)
    assert repr(d) == '<Casarray.Directory %s>' % d.get_uri()
    assert repr(server).startswith("<Casarray.Server 'CAS1' (")


def test_array_iterates_over_members(organization):
    array = organization.new_client_access_array('casarray', 'casarray.contoso.com', SITE)
    assert list(array) == array.get_members() == ['CAS1']
    assert 'CAS1' in array
    assert organization.get_client_access_servers()[0].fqdn == CAS_FQDN
