/* story.vala: the CAS array story through the Vala binding (casarray-1.vapi)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Run by tests/with-slapd.sh, which gives it a throwaway slapd in
 * CASARRAY_TEST_LDAPI_URI.  Provisions organisation, site, MBX1, CAS1 and
 * DB1..DB3 (pointing at CAS1), adds an array, removes CAS1 (the endpoint is
 * gone), repoints the databases at the array -- half of them synchronously,
 * half with the async methods from a MainLoop -- and checks every step,
 * including that the errors arrive as Casarray.Error.  Exits non-zero on the
 * first failure.
 */

const string SITE = "Default-First-Site-Name";
const string CAS_FQDN = "cas1.contoso.com";
const string ARRAY_FQDN = "casarray.contoso.com";
const string[] DATABASES = { "DB1", "DB2", "DB3" };

void check (bool condition, string what) {
    if (!condition) {
        stderr.printf ("story.vala: FAILED: %s\n", what);
        Process.exit (1);
    }
    print ("ok - %s\n", what);
}

void check_endpoints (Casarray.Directory directory, string expected) throws Error {
    var databases = directory.get_mailbox_databases_sync (null, null);
    check (databases.length == DATABASES.length, "%u databases listed".printf (databases.length));
    foreach (var db in databases) {
        var endpoint = db.get_rpc_client_access_server () ?? "";
        check (endpoint == expected, "%s points at \"%s\"".printf (db.name, endpoint));
    }
}

async void repoint_async (Casarray.Directory directory, string name, MainLoop loop) {
    try {
        var databases = yield directory.get_mailbox_databases_async (name, null, null);
        check (databases.length == 1, "async Get-MailboxDatabase %s".printf (name));
        yield directory.set_rpc_client_access_server_async (databases[0], ARRAY_FQDN, null);
        check (true, "async repoint of %s".printf (name));
    } catch (Error e) {
        check (false, "async repoint of %s: %s".printf (name, e.message));
    }
    loop.quit ();
}

int main () {
    var uri = Environment.get_variable ("CASARRAY_TEST_LDAPI_URI");
    if (uri == null) {
        stderr.printf ("story.vala: CASARRAY_TEST_LDAPI_URI is not set (run through tests/with-slapd.sh)\n");
        return 2;
    }

    try {
        var directory = new Casarray.Directory (uri);
        check (directory.connect_sync (), "connect to %s".printf (uri));
        directory.new_organization_sync ("Contoso");
        check (directory.organization == "Contoso", "organisation Contoso");
        var site = directory.new_site_sync (SITE);
        check (site.name == SITE, "site " + SITE);
        var mbx1 = new Casarray.ExchangeServerChanges ();
        mbx1.set_fqdn ("mbx1.contoso.com");
        mbx1.set_site (SITE);
        mbx1.set_roles (Casarray.ServerRole.MAILBOX);
        directory.new_exchange_server_sync ("MBX1", mbx1);
        var cas1 = new Casarray.ExchangeServerChanges ();
        cas1.set_fqdn (CAS_FQDN);
        cas1.set_site (SITE);
        cas1.set_roles (Casarray.ServerRole.CLIENT_ACCESS | Casarray.ServerRole.HUB_TRANSPORT);
        directory.new_exchange_server_sync ("CAS1", cas1);
        foreach (var name in DATABASES) {
            var db = directory.new_mailbox_database_sync (name, "MBX1", null);
            check (db.rpc_client_access_server == CAS_FQDN, "New-MailboxDatabase %s uses CAS1".printf (name));
        }

        var array = directory.new_client_access_array_sync ("casarray", ARRAY_FQDN, SITE);
        check (array.fqdn == ARRAY_FQDN && array.members.length == 1 && array.members[0] == "CAS1",
               "New-ClientAccessArray with member CAS1");
        check_endpoints (directory, CAS_FQDN);

        try {
            directory.new_client_access_array_sync ("second", "second.contoso.com", SITE);
            check (false, "a second array in the site is refused");
        } catch (Casarray.Error.ARRAY_EXISTS_IN_SITE e) {
            check (true, "a second array in the site is refused: " + e.message);
        }

        directory.remove_exchange_server_sync ("CAS1", Casarray.RemovalPolicy.FORCE);
        check_endpoints (directory, "");

        var changes = new Casarray.MailboxDatabaseChanges ();
        changes.set_rpc_client_access_server (ARRAY_FQDN);
        directory.set_mailbox_database_sync ("DB1", changes);
        var loop = new MainLoop ();
        repoint_async.begin (directory, "DB2", loop);
        loop.run ();
        repoint_async.begin (directory, "DB3", loop);
        loop.run ();
        check_endpoints (directory, ARRAY_FQDN);

        var cancellable = new Cancellable ();
        cancellable.cancel ();
        try {
            directory.get_sites_sync (null, null, cancellable);
            check (false, "a cancelled call fails");
        } catch (IOError.CANCELLED e) {
            check (true, "a cancelled call fails with G_IO_ERROR_CANCELLED");
        }
    } catch (Error e) {
        stderr.printf ("story.vala: FAILED: %s (%s, %d)\n", e.message, e.domain.to_string (), e.code);
        return 1;
    }
    print ("ok - the story holds in Vala\n");
    return 0;
}
