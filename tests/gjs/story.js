// story.js: the CAS array story through GJS
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Run as `gjs -m story.js` by tests/with-slapd.sh, which gives it a
// throwaway slapd in CASARRAY_TEST_LDAPI_URI (GI_TYPELIB_PATH and
// LD_LIBRARY_PATH point at the build).  The same story as the Python and
// Vala ones: provision, add an array, lose CAS1, repoint the databases
// (synchronously and with the promisified async methods from the main
// loop), check each step and the errors' domain and code.

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Casarray from 'gi://Casarray?version=1.0';
import System from 'system';

const SITE = 'Default-First-Site-Name';
const CAS_FQDN = 'cas1.contoso.com';
const ARRAY_FQDN = 'casarray.contoso.com';
const DATABASES = ['DB1', 'DB2', 'DB3'];

for (const method of ['get_mailbox_databases', 'set_rpc_client_access_server', 'audit'])
    Gio._promisify(Casarray.Directory.prototype, `${method}_async`, `${method}_finish`);

// The attributes of a new server in SITE: a change set, as in C.
function serverSettings(fqdn, roles) {
    const settings = new Casarray.ExchangeServerChanges();
    settings.set_fqdn(fqdn);
    settings.set_site(SITE);
    settings.set_roles(roles);
    return settings;
}

function check(condition, what) {
    if (!condition) {
        printerr(`story.js: FAILED: ${what}`);
        System.exit(1);
    }
    print(`ok - ${what}`);
}

function checkEndpoints(directory, expected) {
    const databases = directory.get_mailbox_databases_sync(null, null, null);
    check(databases.length === DATABASES.length, `${databases.length} databases listed`);
    for (const db of databases) {
        const endpoint = db.get_rpc_client_access_server() ?? '';
        check(endpoint === expected, `${db.name} points at "${endpoint}"`);
    }
}

function expectError(what, domain, code, fn) {
    try {
        fn();
    } catch (e) {
        check(e instanceof GLib.Error && e.matches(domain, code), `${what}: ${e.message}`);
        return;
    }
    check(false, `${what}: no error`);
}

async function repoint(directory, name) {
    const [db] = await directory.get_mailbox_databases_async(name, null, null);
    check(db.name === name, `async Get-MailboxDatabase ${name}`);
    await directory.set_rpc_client_access_server_async(db, ARRAY_FQDN, null);
    check(true, `async repoint of ${name}`);
}

async function story(uri) {
    const directory = Casarray.Directory.new(uri);
    check(directory.connect_sync(null), `connect to ${uri}`);
    directory.new_organization_sync('Contoso', null);
    check(directory.organization === 'Contoso', 'organisation Contoso');
    directory.new_site_sync(SITE, null);
    directory.new_exchange_server_sync('MBX1', serverSettings('mbx1.contoso.com', Casarray.ServerRole.MAILBOX), null);
    directory.new_exchange_server_sync('CAS1', serverSettings(CAS_FQDN,
        Casarray.ServerRole.CLIENT_ACCESS | Casarray.ServerRole.HUB_TRANSPORT), null);
    for (const name of DATABASES) {
        const db = directory.new_mailbox_database_sync(name, 'MBX1', null, null);
        check(db.rpc_client_access_server === CAS_FQDN, `New-MailboxDatabase ${name} uses CAS1`);
    }

    const array = directory.new_client_access_array_sync('casarray', ARRAY_FQDN, SITE, null);
    check(array.fqdn === ARRAY_FQDN && array.members.join() === 'CAS1', 'New-ClientAccessArray with member CAS1');
    checkEndpoints(directory, CAS_FQDN);
    expectError('a second array in the site is refused', Casarray.error_quark(),
        Casarray.Error.ARRAY_EXISTS_IN_SITE,
        () => directory.new_client_access_array_sync('second', 'second.contoso.com', SITE, null));

    expectError('CAS1 cannot go while databases use it', Casarray.error_quark(), Casarray.Error.IN_USE,
        () => directory.remove_exchange_server_sync('CAS1', Casarray.RemovalPolicy.REFUSE, null));
    directory.remove_exchange_server_sync('CAS1', Casarray.RemovalPolicy.FORCE, null);
    checkEndpoints(directory, '');
    const findings = await directory.audit_async(null);
    check(findings.filter(f => f.kind === Casarray.FindingKind.ENDPOINT_MISSING).length === 3,
        'the audit finds the three missing endpoints');

    const changes = new Casarray.MailboxDatabaseChanges();
    changes.set_rpc_client_access_server(ARRAY_FQDN);
    directory.set_mailbox_database_sync('DB1', changes, null);
    await repoint(directory, 'DB2');
    await repoint(directory, 'DB3');
    checkEndpoints(directory, ARRAY_FQDN);

    const cancellable = new Gio.Cancellable();
    cancellable.cancel();
    expectError('a cancelled call fails with G_IO_ERROR_CANCELLED', Gio.io_error_quark(),
        Gio.IOErrorEnum.CANCELLED, () => directory.get_sites_sync(null, null, cancellable));
}

const uri = GLib.getenv('CASARRAY_TEST_LDAPI_URI');
if (!uri) {
    printerr('story.js: CASARRAY_TEST_LDAPI_URI is not set (run through tests/with-slapd.sh)');
    System.exit(2);
}

const loop = new GLib.MainLoop(null, false);
let status = 0;
story(uri).then(() => print('ok - the story holds in GJS')).catch(e => {
    printerr(`story.js: FAILED: ${e.message}\n${e.stack ?? ''}`);
    status = 1;
}).finally(() => loop.quit());
loop.run();
System.exit(status);
