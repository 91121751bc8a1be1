/* test-directory.c: the library's behaviour, against three backends
 *
 * One suite, three fixtures: each test runs as /directory/ldap/... against
 * its own throwaway slapd, as /directory/ad/... against its own throwaway
 * Samba AD domain controller with the Exchange schema (a fresh copy of a
 * provisioned template, see casarray-test-samba.h), and as
 * /directory/store/... against an embedded store in a fresh temporary
 * folder (file://<folder>/org.ldif).  Either way it starts with an
 * organisation "Contoso Corp" and the site Default-First-Site-Name (which
 * AD has from the start, by design), so tests cannot see each other's
 * objects.  The few tests about LDAP itself (reconnection, binds, paging,
 * rights) run here against slapd only, with slapd's tools; test-ad-ldap.c
 * runs each of them on the AD fixture, with AD's, under the same name.
 * The store has no LDAP connection, binds or rights to test.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <casarray/casarray.h>

#include "casarray-test-backend.h"

#define ORG   CASARRAY_TEST_ORG
#define SITE1 CASARRAY_TEST_SITE1

/* the fixture: casarray-test-backend.h */
typedef CasarrayTestBackend Fixture;

/* defined with the issue 9 tests below */
static void assert_mentions (const char *message, const char *dn);

/* Helpers that assert success, for brevity. */
static void
add_server (Fixture            *fixture,
            const char         *name,
            const char         *site,
            CasarrayServerRole  roles)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autofree char *fqdn = g_strdup_printf ("%s.contoso.com", lower);
  g_autoptr(CasarrayServer) server =
    casarray_test_new_server (fixture->directory, name, fqdn, site, roles, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (server);
}

static CasarrayMailboxDatabase *
add_database (Fixture    *fixture,
              const char *name,
              const char *server)
{
  g_autoptr(GError) error = NULL;
  CasarrayMailboxDatabase *database =
    casarray_directory_new_mailbox_database_sync (fixture->directory, name, server, NULL,
                                                  NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (database);
  return database;
}

static CasarrayMailboxDatabase *
get_database (Fixture    *fixture,
              const char *identity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found =
    casarray_directory_get_mailbox_databases_sync (fixture->directory, identity, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  return g_object_ref (g_ptr_array_index (found, 0));
}

static const char *
rpc_of (CasarrayMailboxDatabase *database)
{
  return casarray_mailbox_database_get_rpc_client_access_server (database);
}

/* The story of the problem, end to end. */
static void
test_blog_post_story (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayClientAccessArray) array = NULL;
  g_autoptr(GPtrArray) databases = NULL;
  const char *names[] = { "DB1", "DB2", "DB3" };

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "cas1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS | CASARRAY_SERVER_ROLE_HUB_TRANSPORT);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(CasarrayMailboxDatabase) database = add_database (fixture, names[i], "MBX1");
      /* cas1 is the only CAS of the site: Exchange picks it */
      g_assert_cmpstr (rpc_of (database), ==, "cas1.contoso.com");
    }

  array = casarray_directory_new_client_access_array_sync (fixture->directory, "CAS array",
                                                           "casarray.contoso.com", SITE1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (casarray_client_access_array_get_fqdn (array), ==, "casarray.contoso.com");
  g_assert_cmpstr (casarray_client_access_array_get_site (array), ==, SITE1);
  g_assert_cmpstrv (casarray_client_access_array_get_members (array), ((const char *[]) { "cas1", NULL }));

  /* Exchange never updates existing databases. */
  {
    g_autoptr(CasarrayMailboxDatabase) db1 = get_database (fixture, "DB1");
    g_assert_cmpstr (rpc_of (db1), ==, "cas1.contoso.com");
  }

  g_assert_true (casarray_directory_remove_exchange_server_sync (fixture->directory, "cas1",
                                                                 CASARRAY_REMOVAL_POLICY_FORCE, NULL, &error));
  g_assert_no_error (error);

  /* The outage: the endpoint is gone and reads as empty, as in EMS. */
  databases = casarray_directory_get_mailbox_databases_sync (fixture->directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (databases->len, ==, 3);
  for (guint i = 0; i < databases->len; i++)
    {
      CasarrayMailboxDatabase *database = g_ptr_array_index (databases, i);
      g_assert_null (rpc_of (database));
      g_assert_true (g_str_has_suffix (casarray_mailbox_database_get_rpc_client_access_server_legacy_dn (database),
                                       "/cn=cas1"));
    }
  g_clear_pointer (&databases, g_ptr_array_unref);

  /* The repair, as an administrator types it. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (casarray_test_set_database (fixture->directory, names[i],
                                                 "casarray.contoso.com", NULL, NULL, &error));
      g_assert_no_error (error);
    }
  databases = casarray_directory_get_mailbox_databases_sync (fixture->directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < databases->len; i++)
    g_assert_cmpstr (rpc_of (g_ptr_array_index (databases, i)), ==, "casarray.contoso.com");

  /* A database created now gets the array. */
  {
    g_autoptr(CasarrayMailboxDatabase) db4 = add_database (fixture, "DB4", "MBX1");
    g_assert_cmpstr (rpc_of (db4), ==, "casarray.contoso.com");
  }
}

static void
test_one_array_per_site (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayClientAccessArray) first = NULL;
  g_autoptr(CasarrayClientAccessArray) second = NULL;
  g_autoptr(CasarrayClientAccessArray) other_site = NULL;
  g_autoptr(CasarraySite) site2 = NULL;
  g_autoptr(GPtrArray) arrays = NULL;

  first = casarray_directory_new_client_access_array_sync (fixture->directory, NULL, "outlook.contoso.com",
                                                           NULL, NULL, &error);
  g_assert_no_error (error);
  /* the name defaults to the first label; the only site is the default */
  g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (first)), ==, "outlook");

  second = casarray_directory_new_client_access_array_sync (fixture->directory, "other", "other.contoso.com",
                                                            SITE1, NULL, &error);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ARRAY_EXISTS_IN_SITE);
  g_assert_cmpstr (error->message, ==,
                   "The Client Access array already exists in site " SITE1 ". At most, one Client "
                   "Access array can exist per site.");
  g_assert_null (second);
  g_clear_error (&error);

  site2 = casarray_directory_new_site_sync (fixture->directory, "Branch", NULL, &error);
  g_assert_no_error (error);
  /* two sites: the site may no longer be omitted */
  second = casarray_directory_new_client_access_array_sync (fixture->directory, "other", "other.contoso.com",
                                                            NULL, NULL, &error);
  casarray_test_assert_error_mentions (&error, CASARRAY_ERROR_INVALID_ARGUMENT, "-Site");

  other_site = casarray_directory_new_client_access_array_sync (fixture->directory, "other", "other.contoso.com",
                                                                "Branch", NULL, &error);
  g_assert_no_error (error);
  arrays = casarray_directory_get_client_access_arrays_sync (fixture->directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (arrays->len, ==, 2);
  g_clear_pointer (&arrays, g_ptr_array_unref);
  arrays = casarray_test_get_arrays (fixture->directory, NULL, "Branch", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (arrays->len, ==, 1);
  g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (g_ptr_array_index (arrays, 0))), ==, "other");

  /* moving an array into a site that has one is refused too */
  g_assert_false (casarray_test_set_array (fixture->directory, "other", NULL, NULL,
                                           SITE1, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_ARRAY_EXISTS_IN_SITE);
}

static void
test_names_unique_across_servers_and_arrays (Fixture       *fixture,
                                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayClientAccessArray) array = NULL;
  g_autoptr(CasarrayServer) server = NULL;

  add_server (fixture, "EX1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  array = casarray_directory_new_client_access_array_sync (fixture->directory, "ex1", "outlook.contoso.com",
                                                           SITE1, NULL, &error);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS);
  g_assert_cmpstr (error->message, ==,
                   "A Client Access array or an Exchange server \"ex1\" already exists. Please "
                   "specify a new unique value.");
  g_clear_error (&error);

  /* an array FQDN must not be a server's FQDN */
  array = casarray_directory_new_client_access_array_sync (fixture->directory, "outlook", "EX1.contoso.com",
                                                           SITE1, NULL, &error);
  casarray_test_assert_error_mentions (&error, CASARRAY_ERROR_ALREADY_EXISTS, "EX1");

  array = casarray_directory_new_client_access_array_sync (fixture->directory, "outlook", "outlook.contoso.com",
                                                           SITE1, NULL, &error);
  g_assert_no_error (error);
  server = casarray_test_new_server (fixture->directory, "OUTLOOK", "srv.contoso.com", SITE1,
                                     CASARRAY_SERVER_ROLE_MAILBOX, NULL, &error);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS);
  g_assert_null (server);
  g_clear_error (&error);

  /* renaming onto a server's name is refused and changes nothing */
  g_assert_false (casarray_test_set_array (fixture->directory, "outlook", "EX1", NULL,
                                           NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_ALREADY_EXISTS);
  {
    g_autoptr(GPtrArray) arrays =
      casarray_directory_get_client_access_arrays_sync (fixture->directory, "outlook", NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (arrays->len, ==, 1);
  }
}

static void
test_fqdn_and_name_syntax (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *bad_fqdns[] = {
    "casarray", "cas array.contoso.com", "-cas.contoso.com", "cas-.contoso.com",
    "cas..contoso.com", "10.0.0.1", "cas_array.contoso.com", "",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.contoso.com",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *too_long = NULL;
  g_autofree char *long_name = g_strnfill (65, 'n');
  g_autoptr(GString) long_fqdn = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_fqdns); i++)
    {
      g_autoptr(CasarrayClientAccessArray) array =
        casarray_directory_new_client_access_array_sync (fixture->directory, "a", bad_fqdns[i], SITE1,
                                                         NULL, &error);
      g_assert_null (array);
      casarray_test_assert_error (&error, CASARRAY_ERROR_INVALID_ARGUMENT);
    }
  while (long_fqdn->len < 260)
    g_string_append (long_fqdn, "abcdefghi.");
  g_string_append (long_fqdn, "com");
  g_assert_null (casarray_directory_new_client_access_array_sync (fixture->directory, "a", long_fqdn->str,
                                                                  SITE1, NULL, &error));
  casarray_test_assert_error_mentions (&error, CASARRAY_ERROR_INVALID_ARGUMENT, "253");

  g_assert_null (casarray_directory_new_client_access_array_sync (fixture->directory, long_name,
                                                                  "ok.contoso.com", SITE1, NULL, &error));
  casarray_test_assert_error_mentions (&error, CASARRAY_ERROR_INVALID_ARGUMENT, "64");

  /* a trailing dot is accepted and dropped */
  {
    g_autoptr(CasarrayClientAccessArray) array =
      casarray_directory_new_client_access_array_sync (fixture->directory, NULL, "dotted.contoso.com.",
                                                       SITE1, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (casarray_client_access_array_get_fqdn (array), ==, "dotted.contoso.com");
  }

  /* database names: Exchange's forbidden characters */
  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  for (const char *const *name = (const char *const[]) { "a/b", "a\\b", "a=b", "a;b", "a\nb", "", NULL };
       *name != NULL; name++)
    {
      g_assert_null (casarray_directory_new_mailbox_database_sync (fixture->directory, *name, "MBX1", NULL, NULL, &error));
      casarray_test_assert_error (&error, CASARRAY_ERROR_INVALID_ARGUMENT);
    }
  too_long = g_strnfill (65, 'd');
  g_assert_null (casarray_directory_new_mailbox_database_sync (fixture->directory, too_long, "MBX1", NULL, NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_INVALID_ARGUMENT);
}

static void
test_set_mailbox_database_rules (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayMailboxDatabase) before = NULL;
  g_autoptr(CasarrayMailboxDatabase) after = NULL;

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  before = add_database (fixture, "DB1", "MBX1");
  g_assert_cmpstr (rpc_of (before), ==, "cas1.contoso.com");

  /* a server without the ClientAccess role */
  g_assert_false (casarray_test_set_database (fixture->directory, "DB1", "MBX1", NULL, NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_NOT_CLIENT_ACCESS);
  /* an arbitrary host name is not accepted */
  g_assert_false (casarray_test_set_database (fixture->directory, "DB1", "mail.example.org",
                                              NULL, NULL, &error));
  casarray_test_assert_error_mentions (&error, CASARRAY_ERROR_NOT_FOUND, "mail.example.org");
  /* a bad path together with a valid endpoint: nothing is written */
  g_assert_false (casarray_test_set_database (fixture->directory, "DB1", "CAS1", "", NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_INVALID_ARGUMENT);
  /* an unknown database */
  g_assert_false (casarray_test_set_database (fixture->directory, "DB9", "CAS1", NULL, NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_NOT_FOUND);

  after = get_database (fixture, "DB1");
  g_assert_cmpstr (casarray_mailbox_database_get_exchange_legacy_dn (after), ==,
                   casarray_mailbox_database_get_exchange_legacy_dn (before));
  g_assert_cmpstr (casarray_mailbox_database_get_edb_file_path (after), ==,
                   casarray_mailbox_database_get_edb_file_path (before));
  g_clear_object (&after);

  /* paths change together, in one modify */
  g_assert_true (casarray_test_set_database (fixture->directory, "DB1", NULL,
                                             "E:\\DB1\\DB1.edb", "F:\\Logs\\DB1", &error));
  g_assert_no_error (error);
  after = get_database (fixture, "DB1");
  g_assert_cmpstr (casarray_mailbox_database_get_edb_file_path (after), ==, "E:\\DB1\\DB1.edb");
  g_assert_cmpstr (casarray_mailbox_database_get_log_folder_path (after), ==, "F:\\Logs\\DB1");
  g_assert_cmpstr (rpc_of (after), ==, "cas1.contoso.com");
}

static void
test_new_database_endpoint_choice (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarraySite) branch = casarray_directory_new_site_sync (fixture->directory, "Branch", NULL, &error);
  g_autoptr(CasarrayClientAccessArray) array = NULL;

  g_assert_no_error (error);
  /* 4. no CAS in the site: the owning server itself */
  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CASB", "Branch", CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  {
    g_autoptr(CasarrayMailboxDatabase) db = add_database (fixture, "DB1", "MBX1");
    g_assert_cmpstr (rpc_of (db), ==, "mbx1.contoso.com");
  }
  /* 3. a CAS of the owning server's site (not of another site) */
  add_server (fixture, "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  {
    g_autoptr(CasarrayMailboxDatabase) db = add_database (fixture, "DB2", "MBX1");
    g_assert_cmpstr (rpc_of (db), ==, "cas1.contoso.com");
  }
  /* 2. the owning server itself when it is a CAS */
  add_server (fixture, "MULTI", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS | CASARRAY_SERVER_ROLE_MAILBOX);
  {
    g_autoptr(CasarrayMailboxDatabase) db = add_database (fixture, "DB3", "MULTI");
    g_assert_cmpstr (rpc_of (db), ==, "multi.contoso.com");
  }
  /* 1. the site's array before anything else */
  array = casarray_directory_new_client_access_array_sync (fixture->directory, "outlook", "outlook.contoso.com",
                                                           SITE1, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(CasarrayMailboxDatabase) db = add_database (fixture, "DB4", "MULTI");
    g_assert_cmpstr (rpc_of (db), ==, "outlook.contoso.com");
  }
  /* only a Mailbox server may own a database */
  g_assert_null (casarray_directory_new_mailbox_database_sync (fixture->directory, "DB5", "CAS1", NULL,
                                                               NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_INVALID_ARGUMENT);
  /* names are unique */
  g_assert_null (casarray_directory_new_mailbox_database_sync (fixture->directory, "db1", "MBX1", NULL,
                                                               NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_ALREADY_EXISTS);
}

static CasarrayClientAccessArray *
get_array (Fixture     *fixture,
           const char  *identity,
           GError     **error)
{
  g_autoptr(GPtrArray) found =
    casarray_directory_get_client_access_arrays_sync (fixture->directory, identity, NULL, NULL, error);

  if (found == NULL)
    return NULL;
  g_assert_cmpuint (found->len, ==, 1);
  return g_object_ref (g_ptr_array_index (found, 0));
}

static void
test_identity_forms (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayClientAccessArray) array = NULL;
  g_autoptr(CasarrayMailboxDatabase) database = NULL;
  g_autofree char *braced = NULL;
  g_autofree char *upper = NULL;

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  array = casarray_directory_new_client_access_array_sync (fixture->directory, "CAS array", "outlook.contoso.com",
                                                           SITE1, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (casarray_object_get_guid (CASARRAY_OBJECT (array)));
  database = add_database (fixture, "DB1", "MBX1");
  g_assert_nonnull (casarray_object_get_guid (CASARRAY_OBJECT (database)));

  /* an array by name, DN, GUID, FQDN and legacyExchangeDN */
  braced = g_strdup_printf ("{%s}", casarray_object_get_guid (CASARRAY_OBJECT (array)));
  upper = g_ascii_strup (casarray_object_get_guid (CASARRAY_OBJECT (array)), -1);
  for (const char *const *identity = (const char *const[]) {
         "CAS array", "cas ARRAY", casarray_object_get_distinguished_name (CASARRAY_OBJECT (array)),
         casarray_object_get_guid (CASARRAY_OBJECT (array)), braced, upper, "outlook.contoso.com",
         "OUTLOOK.contoso.com", casarray_client_access_array_get_exchange_legacy_dn (array), NULL };
       *identity != NULL; identity++)
    {
      g_autoptr(CasarrayClientAccessArray) found = NULL;
      g_test_message ("identity %s", *identity);
      found = get_array (fixture, *identity, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (casarray_object_get_distinguished_name (CASARRAY_OBJECT (found)), ==,
                       casarray_object_get_distinguished_name (CASARRAY_OBJECT (array)));
    }
  g_assert_cmpstr (casarray_client_access_array_get_exchange_legacy_dn (array), ==,
                   "/o=" ORG "/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=CAS array");

  /* each form as RpcClientAccessServer */
  for (const char *const *identity = (const char *const[]) {
         "CAS1", "cas1.contoso.com", "CAS array", casarray_object_get_guid (CASARRAY_OBJECT (array)),
         casarray_object_get_distinguished_name (CASARRAY_OBJECT (array)), NULL };
       *identity != NULL; identity++)
    {
      g_autoptr(CasarrayMailboxDatabase) after = NULL;

      g_assert_true (casarray_test_set_database (fixture->directory, "DB1", *identity, NULL,
                                                 NULL, &error));
      g_assert_no_error (error);
      after = get_database (fixture, "DB1");
      g_assert_cmpstr (rpc_of (after), ==,
                       g_str_has_prefix (*identity, "cas1") || g_str_equal (*identity, "CAS1")
                       ? "cas1.contoso.com" : "outlook.contoso.com");
    }

  /* a database by name, DN and GUID */
  for (const char *const *identity = (const char *const[]) {
         "DB1", "db1", casarray_object_get_distinguished_name (CASARRAY_OBJECT (database)),
         casarray_object_get_guid (CASARRAY_OBJECT (database)), NULL };
       *identity != NULL; identity++)
    {
      g_autoptr(CasarrayMailboxDatabase) found = get_database (fixture, *identity);
      g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (found)), ==, "DB1");
    }
  /* by server, in every form */
  for (const char *const *server = (const char *const[]) { "MBX1", "mbx1.contoso.com", NULL }; *server; server++)
    {
      g_autoptr(GPtrArray) found =
        casarray_test_get_databases (fixture->directory, NULL, *server, CASARRAY_GET_NONE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 1);
    }
  /* -Server must name a Mailbox server */
  g_assert_null (casarray_test_get_databases (fixture->directory, NULL, "CAS1", CASARRAY_GET_NONE,
                                              &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_INVALID_ARGUMENT);
  /* wildcards list, exact names that match nothing are errors */
  {
    g_autoptr(GPtrArray) found =
      casarray_directory_get_mailbox_databases_sync (fixture->directory, "D*", NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
  }
  g_assert_null (casarray_directory_get_mailbox_databases_sync (fixture->directory, "DB2", NULL, NULL,
                                                                &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_NOT_FOUND);
  /* a DN outside the organisation is not looked up */
  g_assert_null (casarray_directory_get_mailbox_databases_sync (fixture->directory,
                                                                "CN=admin,DC=contoso,DC=com", NULL,
                                                                NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_NOT_FOUND);
}

static void
test_hostile_names (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *names[] = {
    "*)(objectClass=*", ",CN=Servers", "back\\slash", "Ärray-ünïcode-日本", "#lead", "trail ",
    "a+b<c>d\"e;f", "x)(|(cn=*",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarraySite) decoy_site = casarray_directory_new_site_sync (fixture->directory, "Decoy", NULL, &error);
  g_autoptr(CasarrayClientAccessArray) decoy = NULL;
  g_autofree char *too_long = g_strnfill (65, 'x');

  g_assert_no_error (error);
  decoy = casarray_directory_new_client_access_array_sync (fixture->directory, "decoy", "decoy.contoso.com",
                                                           "Decoy", NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *site_name = g_strdup_printf ("%s site", names[i]);
      g_autofree char *fqdn = g_strdup_printf ("hostile%u.contoso.com", i);
      g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (fixture->directory, site_name, NULL, &error);
      g_autoptr(CasarrayClientAccessArray) array = NULL;
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GPtrArray) sites = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (site)), ==, site_name);
      array = casarray_directory_new_client_access_array_sync (fixture->directory, names[i], fqdn, site_name,
                                                               NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (array)), ==, names[i]);
      g_assert_cmpstr (casarray_client_access_array_get_site (array), ==, site_name);

      /* found literally: exactly that one, never the decoy too */
      found = casarray_directory_get_client_access_arrays_sync (fixture->directory, names[i], NULL, NULL, &error);
      g_assert_no_error (error);
      if (strchr (names[i], '*') == NULL)
        {
          g_assert_cmpuint (found->len, ==, 1);
          g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (g_ptr_array_index (found, 0))), ==, names[i]);
        }
      else
        for (guint j = 0; j < found->len; j++)
          g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (g_ptr_array_index (found, j))), !=, "decoy");
      g_clear_pointer (&found, g_ptr_array_unref);
      found = casarray_test_get_arrays (fixture->directory, NULL, site_name, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 1);
      sites = casarray_directory_get_sites_sync (fixture->directory, site_name, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sites->len, ==, 1);

      /* the DN form of the identity works too, escaped by libldap */
      g_test_message ("hostile %s: %s", names[i], casarray_object_get_distinguished_name (CASARRAY_OBJECT (array)));
      {
        g_autoptr(CasarrayClientAccessArray) by_dn =
          get_array (fixture, casarray_object_get_distinguished_name (CASARRAY_OBJECT (array)), &error);
        g_assert_no_error (error);
        g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (by_dn)), ==, names[i]);
      }
      g_assert_true (casarray_directory_remove_client_access_array_sync (fixture->directory, names[i], NULL,
                                                                         &error));
      g_assert_no_error (error);
    }

  /* a filter fragment as an identity finds nothing, it does not match all */
  g_assert_null (casarray_directory_get_mailbox_databases_sync (fixture->directory, "x)(cn=y", NULL,
                                                                NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_NOT_FOUND);

  /* rejected with a clear error */
  g_assert_null (casarray_directory_new_client_access_array_sync (fixture->directory, too_long,
                                                                  "long.contoso.com", SITE1, NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_INVALID_ARGUMENT);
  g_assert_null (casarray_directory_new_client_access_array_sync (fixture->directory, "a/b",
                                                                  "slash.contoso.com", SITE1, NULL, &error));
  casarray_test_assert_error_mentions (&error, CASARRAY_ERROR_INVALID_ARGUMENT, "/");
  g_assert_null (casarray_directory_new_client_access_array_sync (fixture->directory, "line\nfeed",
                                                                  "lf.contoso.com", SITE1, NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_INVALID_ARGUMENT);
  g_assert_null (casarray_directory_new_client_access_array_sync (fixture->directory, "bad\xff\xfe",
                                                                  "utf.contoso.com", SITE1, NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_INVALID_ARGUMENT);
  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  g_assert_null (casarray_directory_new_mailbox_database_sync (fixture->directory, "*)(objectClass=*", "MBX1",
                                                               NULL, NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_INVALID_ARGUMENT);
  {
    /* database names may hold what Exchange allows, filter syntax included */
    g_autoptr(CasarrayMailboxDatabase) db = add_database (fixture, "*)(cn(,+\"#<>", "MBX1");
    g_autoptr(CasarrayMailboxDatabase) again = get_database (fixture, "*)(cn(,+\"#<>");
    g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (again)), ==, "*)(cn(,+\"#<>");
  }
}

/* Each race helper prints READY once it has connected and then waits for
 * its standard input to close: reading READY from every one of them
 * before closing any stdin releases them together, however long the
 * connects take (a sleep would be too short on a loaded machine, and
 * wasted time on an idle one).  A helper that fails to connect exits
 * instead; its status is checked by the caller. */
static void
wait_until_ready (const int *ready_fds,
                  guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      char line[8] = { 0 };
      gsize got = 0;

      while (got < sizeof line - 1)
        {
          ssize_t r = read (ready_fds[i], line + got, 1);

          if (r < 0 && errno == EINTR)
            continue;
          if (r <= 0 || line[got] == '\n')
            break;
          got++;
        }
      if (!g_str_equal (line, "READY"))
        g_test_message ("race helper %u did not get ready (it said \"%s\")", i, line);
      close (ready_fds[i]);
    }
}

/* 16 processes create an array for the same site at the same moment:
 * exactly one array remains, one writer succeeds, the rest get the EMS
 * error. */
static void
race_once (Fixture    *fixture,
           const char *site,
           gboolean    same_name)
{
  enum { WRITERS = 16 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) arrays = NULL;
  GPid pids[WRITERS];
  int stdin_fds[WRITERS];
  int ready_fds[WRITERS];
  guint created = 0, refused = 0;

  for (guint i = 0; i < WRITERS; i++)
    {
      g_autofree char *name = same_name ? g_strdup_printf ("%s-racer", site) : g_strdup_printf ("%s-racer%u", site, i);
      g_autofree char *fqdn = g_strdup_printf ("racer%u.%s.contoso.com", i, site);
      const char *argv[] = { CASARRAY_RACE_HELPER, fixture->uri, name, fqdn, site, NULL };

      g_spawn_async_with_pipes (NULL, (char **) argv, fixture->helper_env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pids[i], &stdin_fds[i], &ready_fds[i], NULL, &error);
      g_assert_no_error (error);
    }
  /* Let every writer connect, then release them together. */
  wait_until_ready (ready_fds, WRITERS);
  for (guint i = 0; i < WRITERS; i++)
    close (stdin_fds[i]);
  for (guint i = 0; i < WRITERS; i++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
      g_assert_true (WIFEXITED (status));
      g_spawn_close_pid (pids[i]);
      if (WEXITSTATUS (status) == 0)
        created++;
      else if (WEXITSTATUS (status) == (same_name ? 4 : 3) || WEXITSTATUS (status) == 3)
        refused++;
      else
        g_error ("writer %u failed with status %d", i, WEXITSTATUS (status));
    }
  g_assert_cmpuint (created, ==, 1);
  g_assert_cmpuint (refused, ==, WRITERS - 1);

  arrays = casarray_test_get_arrays (fixture->directory, NULL, site, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (arrays->len, ==, 1);
}

static void
test_concurrent_writers (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* several rounds, each in a fresh site; the last one with one name for all */
  for (guint round = 0; round < 3; round++)
    {
      g_autofree char *site = g_strdup_printf ("race%u", round);
      g_autoptr(CasarraySite) created = casarray_directory_new_site_sync (fixture->directory, site, NULL, &error);

      g_assert_no_error (error);
      race_once (fixture, site, round == 2);
    }
}

/* 8 arrays moved into one site at the same moment, while 8 writers
 * create arrays there: one array ends in the site, the moved losers are
 * back where they were. */
static void
test_concurrent_moves (Fixture       *fixture,
                       gconstpointer  data)
{
  enum { MOVERS = 8, CREATORS = 8 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarraySite) target = casarray_directory_new_site_sync (fixture->directory, "Target", NULL, &error);
  g_autoptr(GPtrArray) in_target = NULL;
  GPid pids[MOVERS + CREATORS];
  int stdin_fds[MOVERS + CREATORS];
  int ready_fds[MOVERS + CREATORS];
  guint succeeded = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < MOVERS + CREATORS; i++)
    {
      g_autofree char *site = g_strdup_printf ("home%u", i);
      g_autofree char *name = g_strdup_printf ("mover%u", i);
      g_autofree char *fqdn = g_strdup_printf ("mover%u.contoso.com", i);
      const char *argv[] = { CASARRAY_RACE_HELPER, fixture->uri,
                             name, fqdn, "Target", i < MOVERS ? "move" : NULL, NULL };

      if (i < MOVERS)
        {
          g_autoptr(CasarraySite) home = casarray_directory_new_site_sync (fixture->directory, site, NULL, &error);
          g_autoptr(CasarrayClientAccessArray) array =
            casarray_directory_new_client_access_array_sync (fixture->directory, name, fqdn, site, NULL, &error);
          g_assert_no_error (error);
        }
      g_spawn_async_with_pipes (NULL, (char **) argv, fixture->helper_env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pids[i], &stdin_fds[i], &ready_fds[i], NULL, &error);
      g_assert_no_error (error);
    }
  wait_until_ready (ready_fds, MOVERS + CREATORS);
  for (guint i = 0; i < MOVERS + CREATORS; i++)
    close (stdin_fds[i]);
  for (guint i = 0; i < MOVERS + CREATORS; i++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
      g_spawn_close_pid (pids[i]);
      g_assert_true (WIFEXITED (status));
      g_assert_true (WEXITSTATUS (status) == 0 || WEXITSTATUS (status) == 3);
      succeeded += WEXITSTATUS (status) == 0;
    }
  g_assert_cmpuint (succeeded, ==, 1);
  in_target = casarray_test_get_arrays (fixture->directory, NULL, "Target", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (in_target->len, ==, 1);
  /* every mover that lost is back home */
  for (guint i = 0; i < MOVERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("mover%u", i);
      g_autofree char *home = g_strdup_printf ("home%u", i);
      g_autoptr(GPtrArray) found =
        casarray_directory_get_client_access_arrays_sync (fixture->directory, name, NULL, NULL, &error);
      const char *site;

      g_assert_no_error (error);
      site = casarray_client_access_array_get_site (g_ptr_array_index (found, 0));
      g_assert_true (g_str_equal (site, home) ||
                     g_str_equal (casarray_object_get_name (CASARRAY_OBJECT (g_ptr_array_index (in_target, 0))), name));
    }
}

static void
test_reconnect_after_restart (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(CasarrayDirectory) tcp = casarray_directory_new (casarray_test_slapd_get_ldap_uri (fixture->slapd));

  casarray_directory_set_bind_dn (tcp, casarray_test_slapd_get_admin_dn (fixture->slapd));
  casarray_directory_set_password_file (tcp, casarray_test_slapd_get_admin_password_file (fixture->slapd));
  before = casarray_directory_get_sites_sync (tcp, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 1);
  g_clear_pointer (&before, g_ptr_array_unref);
  before = casarray_directory_get_sites_sync (fixture->directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (casarray_test_slapd_restart (fixture->slapd, &error));
  g_assert_no_error (error);

  /* the next call on each old handle reconnects once and succeeds */
  after = casarray_directory_get_sites_sync (tcp, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 1);
  g_clear_pointer (&after, g_ptr_array_unref);
  {
    g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (fixture->directory, "AfterRestart", NULL, &error);
    g_assert_no_error (error);
  }
  after = casarray_directory_get_sites_sync (tcp, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 2);

  /* a server that stays down is reported as a connection error */
  casarray_test_slapd_stop (fixture->slapd);
  g_assert_null (casarray_directory_get_sites_sync (tcp, NULL, NULL, NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_CONNECTION);
  g_assert_true (casarray_test_slapd_restart (fixture->slapd, &error));
  g_assert_no_error (error);
}

static void
test_compare_and_set_conflict (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) other = casarray_test_backend_open_directory (fixture);
  g_autoptr(CasarrayMailboxDatabase) as_read = NULL;
  g_autoptr(CasarrayMailboxDatabase) final = NULL;
  g_autoptr(CasarrayClientAccessArray) array = NULL;
  const char *other_cas;

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  add_server (fixture, "CAS2", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  as_read = add_database (fixture, "DB1", "MBX1");
  array = casarray_directory_new_client_access_array_sync (fixture->directory, "outlook", "outlook.contoso.com",
                                                           SITE1, NULL, &error);
  g_assert_no_error (error);

  /* another administrator repoints DB1 after we read it (New-MailboxDatabase
   * picked one of the two CAS servers at random: take the other one) */
  other_cas = g_str_equal (rpc_of (as_read), "cas1.contoso.com") ? "cas2" : "cas1";
  g_assert_true (casarray_test_set_database (other, "DB1", other_cas, NULL, NULL, &error));
  g_assert_no_error (error);

  /* our write, based on the stale read, loses and writes nothing */
  g_assert_false (casarray_directory_set_rpc_client_access_server_sync (fixture->directory, as_read, "outlook",
                                                                        NULL, &error));
  casarray_test_assert_error_mentions (&error, CASARRAY_ERROR_CONFLICT, "DB1");
  final = get_database (fixture, "DB1");
  g_assert_true (g_str_has_prefix (rpc_of (final), other_cas));

  /* with a fresh read it goes through */
  g_assert_true (casarray_directory_set_rpc_client_access_server_sync (fixture->directory, final, "outlook",
                                                                       NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&final);
  final = get_database (fixture, "DB1");
  g_assert_cmpstr (rpc_of (final), ==, "outlook.contoso.com");

  /* the array FQDN is compare-and-set too, and other values survive */
  g_assert_true (casarray_test_backend_load_ldif (fixture,
    "dn: CN=outlook,CN=Arrays,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,"
    "CN=Contoso Corp,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com\n"
    "changetype: modify\nadd: networkAddress\nnetworkAddress: netbios:OUTLOOK\n-\n", &error));
  g_assert_no_error (error);
  g_assert_true (casarray_test_set_array (fixture->directory, "outlook", NULL,
                                          "mail.contoso.com", NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&final);
  final = get_database (fixture, "DB1");
  /* databases follow the array through its legacyExchangeDN */
  g_assert_cmpstr (rpc_of (final), ==, "mail.contoso.com");
  {
    g_autoptr(CasarrayClientAccessArray) renamed = get_array (fixture, "mail.contoso.com", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (renamed)), ==, "outlook");
  }
  {
    g_autoptr(GPtrArray) servers = casarray_directory_get_exchange_servers_sync (fixture->directory, "CAS1", NULL,
                                                                                NULL, &error);
    const char * const *addresses;
    g_assert_no_error (error);
    addresses = casarray_server_get_network_addresses (g_ptr_array_index (servers, 0));
    g_assert_true (g_strv_contains (addresses, "netbios:CAS1"));
    g_assert_true (g_strv_contains (addresses, "ncacn_ip_tcp:cas1.contoso.com"));
  }
}

static void
test_connection_errors (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) wrong = casarray_directory_new (casarray_test_slapd_get_ldap_uri (fixture->slapd));
  g_autoptr(CasarrayDirectory) odd = casarray_directory_new ("http://example.invalid/");
  g_autoptr(CasarrayDirectory) nobody = casarray_directory_new ("ldap://127.0.0.1:1");
  g_autofree char *password_path = g_build_filename (casarray_test_slapd_get_directory (fixture->slapd),
                                                     "wrong-password", NULL);

  /* private, as a password file should be (else a warning, fatal here) */
  g_assert_true (g_file_set_contents_full (password_path, "not-the-password\n", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  casarray_directory_set_bind_dn (wrong, casarray_test_slapd_get_admin_dn (fixture->slapd));
  casarray_directory_set_password_file (wrong, password_path);
  g_assert_false (casarray_directory_connect_sync (wrong, NULL, &error));
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION);
  g_assert_nonnull (strstr (error->message, "49"));
  g_assert_null (strstr (error->message, "not-the-password"));
  g_clear_error (&error);

  g_assert_false (casarray_directory_connect_sync (odd, NULL, &error));
  casarray_test_assert_error_mentions (&error, CASARRAY_ERROR_INVALID_ARGUMENT, "http://example.invalid/");

  casarray_directory_set_network_timeout (nobody, 2000);
  g_assert_false (casarray_directory_connect_sync (nobody, NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_CONNECTION);

  /* the right password, from a file with a trailing newline */
  {
    g_autofree char *contents = g_strdup_printf ("%s\n", casarray_test_slapd_get_admin_password (fixture->slapd));
    g_autofree char *organization = NULL;
    g_autofree char *configuration_dn = NULL;

    g_assert_true (g_file_set_contents_full (password_path, contents, -1,
                                             G_FILE_SET_CONTENTS_NONE, 0600, NULL));
    g_assert_true (casarray_directory_connect_sync (wrong, NULL, &error));
    g_assert_no_error (error);
    organization = casarray_directory_get_organization (wrong);
    configuration_dn = casarray_directory_get_configuration_dn (wrong);
    g_assert_cmpstr (organization, ==, ORG);
    g_assert_cmpstr (configuration_dn, !=, NULL);
  }
}

/* Writes @length bytes of @contents to a new file below the fixture's
 * folder with @mode; returns its path. */
static char *
write_password_file (Fixture    *fixture,
                     const char *name,
                     const char *contents,
                     gssize      length,
                     int         mode)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (casarray_test_slapd_get_directory (fixture->slapd), name, NULL);

  g_assert_true (g_file_set_contents_full (path, contents, length, G_FILE_SET_CONTENTS_NONE,
                                           mode, &error));
  g_assert_no_error (error);
  /* whatever the umask */
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

/* Binds as the fixture's administrator with the password in @path. */
static gboolean
bind_with_password_file (Fixture     *fixture,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(CasarrayDirectory) directory =
    casarray_directory_new (casarray_test_slapd_get_ldap_uri (fixture->slapd));

  casarray_directory_set_bind_dn (directory, casarray_test_slapd_get_admin_dn (fixture->slapd));
  casarray_directory_set_password_file (directory, path);
  return casarray_directory_connect_sync (directory, NULL, error);
}

/* A password file with a NUL byte is refused, naming the file and not
 * the password: libldap would take the part before the NUL, here the right
 * password, and the bind would succeed with what the file does not say.
 * An empty one is refused too (a DN with an empty password is an
 * unauthenticated bind, anonymous on some servers).  A file its group or
 * others can read works, with one warning per file. */
static void
test_password_file_checks (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *password = casarray_test_slapd_get_admin_password (fixture->slapd);
  g_autofree char *with_nul = g_strdup_printf ("%s%cgarbage\n", password, '\0');
  g_autofree char *nul_path = write_password_file (fixture, "nul.pw", with_nul,
                                                   strlen (password) + 9, 0600);
  g_autofree char *empty_path = write_password_file (fixture, "empty.pw", "\n", -1, 0600);
  g_autofree char *contents = g_strdup_printf ("%s\n", password);
  g_autofree char *open_path = write_password_file (fixture, "readable.pw", contents, -1, 0644);
  g_autofree char *group_path = write_password_file (fixture, "group.pw", contents, -1, 0640);
  g_autofree char *private_path = write_password_file (fixture, "private.pw", contents, -1, 0600);
  g_autoptr(GError) error = NULL;

  g_assert_false (bind_with_password_file (fixture, nul_path, &error));
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION);
  g_test_message ("NUL: %s", error->message);
  g_assert_nonnull (strstr (error->message, nul_path));
  g_assert_nonnull (strstr (error->message, "NUL"));
  g_assert_null (strstr (error->message, password));
  g_clear_error (&error);

  g_assert_false (bind_with_password_file (fixture, empty_path, &error));
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION);
  g_test_message ("empty: %s", error->message);
  g_assert_nonnull (strstr (error->message, empty_path));
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);

  /* readable by others: works, warns once for the file, not at each bind */
  g_test_expect_message ("Casarray", G_LOG_LEVEL_WARNING, "*password file*readable.pw*readable by others*0644*");
  g_assert_true (bind_with_password_file (fixture, open_path, &error));
  g_assert_no_error (error);
  g_test_assert_expected_messages ();
  g_assert_true (bind_with_password_file (fixture, open_path, &error));
  g_assert_no_error (error);

  g_test_expect_message ("Casarray", G_LOG_LEVEL_WARNING, "*password file*group.pw*readable by its group*0640*");
  g_assert_true (bind_with_password_file (fixture, group_path, &error));
  g_assert_no_error (error);
  g_test_assert_expected_messages ();

  /* and a private one says nothing (a warning would abort the test) */
  g_assert_true (bind_with_password_file (fixture, private_path, &error));
  g_assert_no_error (error);
}

static void
test_paged_listing (Fixture       *fixture,
                    gconstpointer  data)
{
  enum { COUNT = 620 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) ldif = g_string_new (NULL);
  g_autoptr(CasarrayDirectory) admin = casarray_directory_new (casarray_test_slapd_get_ldap_uri (fixture->slapd));
  g_autoptr(GPtrArray) databases = NULL;
  const char *admin_group = "CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,"
                            "CN=Contoso Corp,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com";

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  for (guint i = 0; i < COUNT; i++)
    g_string_append_printf (ldif,
      "dn: CN=Bulk%04u,CN=Databases,%s\nobjectClass: top\nobjectClass: msExchMDB\nobjectClass: msExchPrivateMDB\n"
      "cn: Bulk%04u\ndeliveryMechanism: 0\nmsExchOwningServer: CN=MBX1,CN=Servers,%s\nmsExchEDBFile: D:\\\\Bulk%04u.edb\n"
      "legacyExchangeDN: /o=Contoso Corp/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=CAS1/cn=Microsoft Private MDB\n\n",
      i, admin_group, i, admin_group, i);
  g_assert_true (casarray_test_slapd_load_ldif (fixture->slapd, ldif->str, &error));
  g_assert_no_error (error);

  /* as the non-root administrator, whose plain searches stop at 500 */
  casarray_directory_set_bind_dn (admin, casarray_test_slapd_get_admin_dn (fixture->slapd));
  casarray_directory_set_password_file (admin, casarray_test_slapd_get_admin_password_file (fixture->slapd));
  databases = casarray_directory_get_mailbox_databases_sync (admin, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (databases->len, ==, COUNT);
  for (guint i = 0; i < databases->len; i++)
    g_assert_cmpstr (rpc_of (g_ptr_array_index (databases, i)), ==, "cas1.contoso.com");
}

typedef struct {
  gboolean   done;
  GPtrArray *databases;
  GError    *error;
} AsyncResult;

static void
on_databases (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncResult *outcome = user_data;

  outcome->databases = casarray_directory_get_mailbox_databases_finish (CASARRAY_DIRECTORY (source), result,
                                                                         &outcome->error);
  outcome->done = TRUE;
}

static void
test_async_and_cancel (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CasarrayMailboxDatabase) db = NULL;
  AsyncResult outcome = { 0 };
  AsyncResult cancelled = { 0 };

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  db = add_database (fixture, "DB1", "MBX1");

  casarray_directory_get_mailbox_databases_async (fixture->directory, NULL, NULL, NULL,
                                                  on_databases, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (outcome.error);
  g_assert_cmpuint (outcome.databases->len, ==, 1);
  g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (g_ptr_array_index (outcome.databases, 0))), ==, "DB1");
  g_ptr_array_unref (outcome.databases);

  g_cancellable_cancel (cancellable);
  casarray_directory_get_mailbox_databases_async (fixture->directory, NULL, NULL, cancellable,
                                                  on_databases, &cancelled);
  while (!cancelled.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (cancelled.databases);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled.error);
}

static void
test_removal_guards (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayMailboxDatabase) db = NULL;

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  db = add_database (fixture, "DB1", "MBX1");
  g_assert_false (casarray_directory_remove_exchange_server_sync (fixture->directory, "MBX1", CASARRAY_REMOVAL_POLICY_REFUSE, NULL, &error));
  casarray_test_assert_error_mentions (&error, CASARRAY_ERROR_IN_USE, "DB1");
  g_assert_false (casarray_directory_remove_site_sync (fixture->directory, SITE1, NULL, &error));
  casarray_test_assert_error_mentions (&error, CASARRAY_ERROR_IN_USE, "MBX1");

  g_assert_true (casarray_directory_remove_mailbox_database_sync (fixture->directory, "DB1", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (casarray_directory_remove_exchange_server_sync (fixture->directory, "MBX1", CASARRAY_REMOVAL_POLICY_REFUSE, NULL, &error));
  g_assert_no_error (error);
  if (fixture->backend == CASARRAY_TEST_BACKEND_AD)
    {
      /* AD by design: Default-First-Site-Name holds the domain controller
       * (its server object and NTDS Settings), which the library must
       * never delete: still refused, naming them */
      g_assert_false (casarray_directory_remove_site_sync (fixture->directory, SITE1, NULL, &error));
      g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE);
      assert_mentions (error->message, "CN=DC1,CN=Servers,");
      g_clear_error (&error);
    }
  else
    {
      g_assert_true (casarray_directory_remove_site_sync (fixture->directory, SITE1, NULL, &error));
      g_assert_no_error (error);
      g_assert_false (casarray_directory_remove_site_sync (fixture->directory, SITE1, NULL, &error));
      casarray_test_assert_error (&error, CASARRAY_ERROR_NOT_FOUND);
    }
  /* a second organisation is refused */
  g_assert_false (casarray_directory_new_organization_sync (fixture->directory, "Fabrikam", NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_ALREADY_EXISTS);
}

static void
test_client_access_server_autodiscover (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  g_autoptr(CasarraySite) branch = casarray_directory_new_site_sync (fixture->directory, "Branch", NULL, &error);
  CasarrayClientAccessServer *cas;

  g_assert_no_error (error);
  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);

  servers = casarray_directory_get_client_access_servers_sync (fixture->directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (servers->len, ==, 1);   /* MBX1 is no CAS */
  cas = g_ptr_array_index (servers, 0);
  g_assert_null (casarray_client_access_server_get_autodiscover_service_internal_uri (cas));
  g_clear_pointer (&servers, g_ptr_array_unref);

  /* setting the scope alone creates the point with the default URI */
  g_assert_true (casarray_test_set_cas (fixture->directory, "CAS1", NULL,
                                        (const char *[]) { "branch", SITE1, NULL }, &error));
  g_assert_no_error (error);
  servers = casarray_directory_get_client_access_servers_sync (fixture->directory, "CAS1", NULL, NULL, &error);
  g_assert_no_error (error);
  cas = g_ptr_array_index (servers, 0);
  g_assert_cmpstr (casarray_client_access_server_get_autodiscover_service_internal_uri (cas), ==,
                   "https://cas1.contoso.com/Autodiscover/Autodiscover.xml");
  g_assert_cmpstrv (casarray_client_access_server_get_autodiscover_site_scope (cas),
                    ((const char *[]) { "Branch", SITE1, NULL }));
  g_clear_pointer (&servers, g_ptr_array_unref);

  g_assert_true (casarray_test_set_cas (fixture->directory, "CAS1",
                                        "https://autodiscover.contoso.com/Autodiscover/Autodiscover.xml",
                                        NULL, &error));
  g_assert_no_error (error);
  servers = casarray_directory_get_client_access_servers_sync (fixture->directory, "CAS1", NULL, NULL, &error);
  cas = g_ptr_array_index (servers, 0);
  g_assert_cmpstr (casarray_client_access_server_get_autodiscover_service_internal_uri (cas), ==,
                   "https://autodiscover.contoso.com/Autodiscover/Autodiscover.xml");
  g_assert_cmpuint (g_strv_length ((GStrv) casarray_client_access_server_get_autodiscover_site_scope (cas)), ==, 2);
  g_clear_pointer (&servers, g_ptr_array_unref);

  /* rules */
  g_assert_false (casarray_test_set_cas (fixture->directory, "CAS1", "not a uri",
                                         NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_INVALID_ARGUMENT);
  g_assert_false (casarray_test_set_cas (fixture->directory, "CAS1", NULL,
                                         (const char *[]) { "Nowhere", NULL }, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_NOT_FOUND);
  g_assert_false (casarray_test_set_cas (fixture->directory, "MBX1", "https://x.contoso.com/",
                                         NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_NOT_CLIENT_ACCESS);

  /* both null: the point goes */
  g_assert_true (casarray_test_set_cas (fixture->directory, "CAS1", "",
                                        (const char *[]) { NULL }, &error));
  g_assert_no_error (error);
  servers = casarray_directory_get_client_access_servers_sync (fixture->directory, "CAS1", NULL, NULL, &error);
  cas = g_ptr_array_index (servers, 0);
  g_assert_null (casarray_client_access_server_get_autodiscover_service_internal_uri (cas));
  g_assert_cmpuint (g_strv_length ((GStrv) casarray_client_access_server_get_autodiscover_site_scope (cas)), ==, 0);
  /* and the server can still be removed with everything below it */
  g_assert_true (casarray_directory_remove_exchange_server_sync (fixture->directory, "CAS1", CASARRAY_REMOVAL_POLICY_REFUSE, NULL, &error));
  g_assert_no_error (error);
}

/* An organisation exported from AD (objectGUID, objectCategory, ...) reads
 * unchanged, with the configuration DN found by the library. */
static void
check_active_directory_export (CasarrayDirectory *directory)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) databases = NULL;
  g_autoptr(GPtrArray) arrays = NULL;
  g_autoptr(GPtrArray) by_guid = NULL;
  CasarrayMailboxDatabase *database;

  databases = casarray_directory_get_mailbox_databases_sync (directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (databases->len, >=, 1);
  {
    g_autofree char *configuration_dn = casarray_directory_get_configuration_dn (directory);

    g_assert_cmpstr (configuration_dn, !=, NULL);
  }
  database = g_ptr_array_index (databases, 0);
  g_assert_nonnull (casarray_mailbox_database_get_rpc_client_access_server (database));
  /* objectGUID identities, in AD's textual form */
  g_assert_nonnull (casarray_object_get_guid (CASARRAY_OBJECT (database)));
  by_guid = casarray_directory_get_mailbox_databases_sync (directory, casarray_object_get_guid (CASARRAY_OBJECT (database)),
                                                           NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_guid->len, ==, 1);
  arrays = casarray_directory_get_client_access_arrays_sync (directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (arrays->len, >=, 1);
  g_assert_nonnull (casarray_client_access_array_get_fqdn (g_ptr_array_index (arrays, 0)));
}

static void
test_active_directory_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayTestSlapd) slapd = casarray_test_slapd_start (&error);
  g_autoptr(CasarrayDirectory) directory = NULL;

  g_assert_no_error (error);
  g_assert_true (casarray_test_slapd_load_ldif_file (slapd, CASARRAY_TEST_DATA_DIR "/ad-export.ldif", &error));
  g_assert_no_error (error);
  directory = casarray_directory_new (casarray_test_slapd_get_ldapi_uri (slapd));
  check_active_directory_export (directory);
}

/* The same export, as a file, opens as a store (a copy: opening may not
 * write, but the test must not depend on that). */
static void
test_active_directory_export_store (void)
{
  g_autoptr(GError) error = NULL;
  Fixture fixture = { 0 };
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;

  casarray_test_backend_start (&fixture, CASARRAY_TEST_BACKEND_STORE);
  g_assert_true (g_file_get_contents (CASARRAY_TEST_DATA_DIR "/ad-export.ldif", &contents, NULL, &error));
  path = g_filename_from_uri (fixture.uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  fixture.directory = casarray_test_backend_open_directory (&fixture);
  check_active_directory_export (fixture.directory);
  casarray_test_backend_stop (&fixture);
}

/* ------------------------------------------------------------------ */
/* Issue 9: what Exchange writes, the way AD accepts it                */

/* Asserts that @dn holds @value in @attribute, by a change that deletes
 * and re-adds exactly that value: it fails unless the value is there, and
 * changes nothing when it is.  Behind the library's back (slapd's rootdn,
 * or another process writing the store), so it checks what was written,
 * not what the library reads back. */
static void
assert_stored_value (Fixture    *fixture,
                     const char *dn,
                     const char *attribute,
                     const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ldif = g_strdup_printf ("dn: %s\nchangetype: modify\ndelete: %s\n%s: %s\n-\n"
                                           "add: %s\n%s: %s\n-\n",
                                           dn, attribute, attribute, value, attribute, attribute, value);

  if (!casarray_test_backend_load_ldif (fixture, ldif, &error))
    g_error ("%s does not hold %s: %s (%s)", dn, attribute, value, error->message);
}

/* Asserts that @message names @dn, whatever the case the server gave the
 * attribute types in. */
static void
assert_mentions (const char *message,
                 const char *dn)
{
  g_autofree char *lower_message = g_ascii_strdown (message, -1);
  g_autofree char *lower_dn = g_ascii_strdown (dn, -1);

  if (strstr (lower_message, lower_dn) == NULL)
    g_error ("“%s” does not mention %s", message, dn);
}

/* "CN=<name>,<the rest of @dn after its first @levels RDNs>" */
static char *
dn_up (const char *dn,
       guint       levels)
{
  const char *rest = dn;

  /* The DNs used here have no escaped commas. */
  for (guint i = 0; i < levels; i++)
    {
      rest = strchr (rest, ',');
      g_assert_nonnull (rest);
      rest++;
    }
  return g_strdup (rest);
}

/* Every object the library creates carries what Microsoft's schema
 * requires and the systemFlags Exchange stamps: AD refuses a database
 * without deliveryMechanism (65) and a rename in the configuration
 * partition without FLAG_CONFIG_ALLOW_RENAME, and systemFlags can only be
 * written when an object is created. */
static void
test_new_objects_as_exchange_writes (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayMailboxDatabase) database = NULL;
  g_autoptr(CasarrayClientAccessArray) array = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  g_autofree char *servers_dn = NULL;
  g_autofree char *group_dn = NULL;
  g_autofree char *organization_dn = NULL;
  g_autofree char *databases_dn = NULL;
  g_autofree char *arrays_dn = NULL;
  g_autofree char *groups_dn = NULL;
  const char *server_dn;

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  database = add_database (fixture, "DB1", "MBX1");
  array = casarray_directory_new_client_access_array_sync (fixture->directory, "Array1", "array1.contoso.com",
                                                           SITE1, NULL, &error);
  g_assert_no_error (error);
  servers = casarray_directory_get_exchange_servers_sync (fixture->directory, "MBX1", NULL, NULL, &error);
  g_assert_no_error (error);
  server_dn = casarray_object_get_distinguished_name (CASARRAY_OBJECT (g_ptr_array_index (servers, 0)));

  if (fixture->backend != CASARRAY_TEST_BACKEND_LDAP && fixture->backend != CASARRAY_TEST_BACKEND_STORE)
    return;   /* AD itself proved it by accepting the adds above */

  /* deliveryMechanism: 0 (MessageStore), as Exchange persists it */
  assert_stored_value (fixture, casarray_object_get_distinguished_name (CASARRAY_OBJECT (database)),
                       "deliveryMechanism", "0");
  /* FLAG_CONFIG_ALLOW_RENAME */
  assert_stored_value (fixture, casarray_object_get_distinguished_name (CASARRAY_OBJECT (database)),
                       "systemFlags", "1073741824");
  assert_stored_value (fixture, casarray_object_get_distinguished_name (CASARRAY_OBJECT (array)),
                       "systemFlags", "1073741824");
  /* servers: rename + FLAG_DISALLOW_MOVE_ON_DELETE (ServerSchema) */
  assert_stored_value (fixture, server_dn, "systemFlags", "1107296256");
  /* the organisation and the containers Exchange makes renamable */
  servers_dn = dn_up (server_dn, 1);
  group_dn = dn_up (server_dn, 2);
  groups_dn = dn_up (server_dn, 3);
  organization_dn = dn_up (server_dn, 4);
  databases_dn = g_strconcat ("CN=Databases,", group_dn, NULL);
  arrays_dn = g_strconcat ("CN=Arrays,", group_dn, NULL);
  assert_stored_value (fixture, organization_dn, "systemFlags", "1073741824");
  assert_stored_value (fixture, groups_dn, "systemFlags", "1073741824");
  assert_stored_value (fixture, databases_dn, "systemFlags", "1073741824");
  assert_stored_value (fixture, arrays_dn, "systemFlags", "1073741824");
}

/* An array renamed alone, and with its FQDN: a modrdn, the name property
 * and the stored name follow, the old name is gone. */
static void
test_rename_array (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayClientAccessArray) array = NULL;
  g_autoptr(GPtrArray) found = NULL;
  CasarrayClientAccessArray *renamed;

  array = casarray_directory_new_client_access_array_sync (fixture->directory, "Array1", "array1.contoso.com",
                                                           SITE1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (casarray_test_set_array (fixture->directory, "Array1", "Array Two",
                                          NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (casarray_test_set_array (fixture->directory, "Array Two", "Array3",
                                          "array3.contoso.com", NULL, &error));
  g_assert_no_error (error);
  found = casarray_directory_get_client_access_arrays_sync (fixture->directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  renamed = g_ptr_array_index (found, 0);
  g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (renamed)), ==, "Array3");
  g_assert_cmpstr (casarray_client_access_array_get_fqdn (renamed), ==, "array3.contoso.com");
  /* slapd may spell the attribute type in lower case */
  g_assert_cmpint (g_ascii_strncasecmp (casarray_object_get_distinguished_name (CASARRAY_OBJECT (renamed)),
                                        "CN=Array3,", 10), ==, 0);
  if (fixture->backend == CASARRAY_TEST_BACKEND_LDAP || fixture->backend == CASARRAY_TEST_BACKEND_STORE)
    assert_stored_value (fixture, casarray_object_get_distinguished_name (CASARRAY_OBJECT (renamed)), "name", "Array3");
}

/* Adds a person entry (slapd only) with a random password, and a
 * password file for it; returns the file's path. */
static char *
add_account (Fixture    *fixture,
             const char *dn,
             const char *cn)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = g_uuid_string_random ();
  g_autofree char *ldif = g_strdup_printf ("dn: %s\nobjectClass: person\ncn: %s\nsn: %s\nuserPassword: %s\n",
                                           dn, cn, cn, password);
  char *path = g_build_filename (casarray_test_slapd_get_directory (fixture->slapd), cn, NULL);

  g_assert_true (casarray_test_backend_load_ldif (fixture, ldif, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents_full (path, password, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);
  return path;
}

/* A rename plus another change is one operation: when the second step is
 * refused (here the account may rename but not write networkAddress),
 * the rename is undone and the array is exactly as before. */
static void
test_rename_undone_when_second_step_fails (Fixture       *fixture,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayClientAccessArray) array = NULL;
  g_autoptr(CasarrayDirectory) renamer = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *password_file = add_account (fixture, "CN=renamer,DC=contoso,DC=com", "renamer");
  CasarrayClientAccessArray *after;

  array = casarray_directory_new_client_access_array_sync (fixture->directory, "Array1", "array1.contoso.com",
                                                           SITE1, NULL, &error);
  g_assert_no_error (error);
  renamer = casarray_directory_new (casarray_test_slapd_get_ldap_uri (fixture->slapd));
  casarray_directory_set_bind_dn (renamer, "CN=renamer,DC=contoso,DC=com");
  casarray_directory_set_password_file (renamer, password_file);
  g_assert_false (casarray_test_set_array (renamer, "Array1", "Renamed",
                                           "renamed.contoso.com", NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("refused as expected: %s", error->message);
  g_clear_error (&error);

  found = casarray_directory_get_client_access_arrays_sync (fixture->directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  after = g_ptr_array_index (found, 0);
  g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (after)), ==, "Array1");
  g_assert_cmpstr (casarray_object_get_distinguished_name (CASARRAY_OBJECT (after)), ==,
                   casarray_object_get_distinguished_name (CASARRAY_OBJECT (array)));
  g_assert_cmpstr (casarray_client_access_array_get_fqdn (after), ==, "array1.contoso.com");
  assert_stored_value (fixture, casarray_object_get_distinguished_name (CASARRAY_OBJECT (after)), "name", "Array1");
}

/* New-Organization searches first and adds only what is missing: on a
 * slapd that has CN=Configuration (as every AD has its configuration
 * partition, where an add of it is refused with 53 before any existence
 * check), exactly the nine missing containers are added. */
static void
test_new_organization_adds_only_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayTestSlapd) slapd = casarray_test_slapd_start (&error);
  g_autoptr(CasarrayDirectory) directory = NULL;
  guint64 before = 0, after = 0;

  g_assert_no_error (error);
  directory = casarray_directory_new (casarray_test_slapd_get_ldapi_uri (slapd));
  g_assert_true (casarray_directory_connect_sync (directory, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (casarray_test_slapd_count_operations (slapd, "Add", &before, &error));
  g_assert_true (casarray_directory_new_organization_sync (directory, ORG, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (casarray_test_slapd_count_operations (slapd, "Add", &after, &error));
  /* Sites, Services, Microsoft Exchange, the organisation, Administrative
   * Groups, the group, Servers, Databases, Arrays; not CN=Configuration */
  g_assert_cmpuint (after - before, ==, 9);
}

/* Remove-ADSite removes only what the library created: a site holding a
 * domain controller's server object and NTDS Settings (as AD's
 * Default-First-Site-Name does) is refused with the list, and no delete is
 * sent. */
static void
test_remove_site_holding_a_domain_controller (Fixture       *fixture,
                                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarraySite) site = NULL;
  g_autoptr(GPtrArray) sites = NULL;
  g_autofree char *ldif = NULL;
  g_autofree char *cleanup = NULL;
  guint64 before = 0, after = 0;
  const char *site_dn;

  if (fixture->backend == CASARRAY_TEST_BACKEND_AD)
    {
      /* AD by design: its Default-First-Site-Name really holds the domain
       * controller, CN=DC1,CN=Servers,... and its CN=NTDS Settings */
      g_autoptr(GPtrArray) still = NULL;

      g_assert_false (casarray_directory_remove_site_sync (fixture->directory, SITE1, NULL, &error));
      g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE);
      assert_mentions (error->message, "CN=DC1,CN=Servers,");
      assert_mentions (error->message, "CN=NTDS Settings,CN=DC1");
      g_clear_error (&error);
      /* nothing was deleted: the site and the DC's objects are all there
       * (a modify that changes nothing fails on a missing entry) */
      still = casarray_directory_get_sites_sync (fixture->directory, SITE1, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (still->len, ==, 1);
      site_dn = casarray_object_get_distinguished_name (CASARRAY_OBJECT (g_ptr_array_index (still, 0)));
      ldif = g_strdup_printf ("dn: CN=NTDS Settings,CN=DC1,CN=Servers,%s\nchangetype: modify\n"
                              "replace: description\ndescription: still here\n-\n", site_dn);
      g_assert_true (casarray_test_backend_load_ldif (fixture, ldif, &error));
      g_assert_no_error (error);
      return;
    }

  site = casarray_directory_new_site_sync (fixture->directory, "Branch", NULL, &error);
  g_assert_no_error (error);
  site_dn = casarray_object_get_distinguished_name (CASARRAY_OBJECT (site));
  /* AD's classes are stood in for by the ones the project schema has. */
  ldif = g_strdup_printf ("dn: CN=Servers,%s\nobjectClass: top\nobjectClass: container\ncn: Servers\n\n"
                          "dn: CN=DC1,CN=Servers,%s\nobjectClass: top\nobjectClass: server\ncn: DC1\n\n"
                          "dn: CN=NTDS Settings,CN=DC1,CN=Servers,%s\nobjectClass: top\nobjectClass: container\n"
                          "cn: NTDS Settings\n",
                          site_dn, site_dn, site_dn);
  g_assert_true (casarray_test_backend_load_ldif (fixture, ldif, &error));
  g_assert_no_error (error);

  if (fixture->backend == CASARRAY_TEST_BACKEND_LDAP)
    g_assert_true (casarray_test_slapd_count_operations (fixture->slapd, "Delete", &before, &error));
  g_assert_false (casarray_directory_remove_site_sync (fixture->directory, "Branch", NULL, &error));
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE);
  assert_mentions (error->message, "CN=DC1,CN=Servers,");
  assert_mentions (error->message, "CN=NTDS Settings,CN=DC1");
  g_clear_error (&error);
  if (fixture->backend == CASARRAY_TEST_BACKEND_LDAP)
    {
      g_assert_true (casarray_test_slapd_count_operations (fixture->slapd, "Delete", &after, &error));
      g_assert_cmpuint (after, ==, before);
    }
  sites = casarray_directory_get_sites_sync (fixture->directory, "Branch", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 1);

  /* without the domain controller, the site goes */
  cleanup = g_strdup_printf ("dn: CN=NTDS Settings,CN=DC1,CN=Servers,%s\nchangetype: delete\n\n"
                             "dn: CN=DC1,CN=Servers,%s\nchangetype: delete\n\n"
                             "dn: CN=Servers,%s\nchangetype: delete\n", site_dn, site_dn, site_dn);
  g_assert_true (casarray_test_backend_load_ldif (fixture, cleanup, &error));
  g_assert_no_error (error);
  g_assert_true (casarray_directory_remove_site_sync (fixture->directory, "Branch", NULL, &error));
  g_assert_no_error (error);
}

/* The other removals refuse, listing them, objects the library does not
 * model below what is removed (a database copy, a server's information
 * store), and delete nothing. */
static void
test_removals_keep_unknown_children (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayMailboxDatabase) database = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  g_autoptr(GPtrArray) databases = NULL;
  g_autofree char *ldif = NULL;
  const char *server_dn;

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "MBX2", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  database = add_database (fixture, "DB1", "MBX1");
  servers = casarray_directory_get_exchange_servers_sync (fixture->directory, "MBX2", NULL, NULL, &error);
  g_assert_no_error (error);
  server_dn = casarray_object_get_distinguished_name (CASARRAY_OBJECT (g_ptr_array_index (servers, 0)));
  if (fixture->backend == CASARRAY_TEST_BACKEND_AD)
    /* AD's schema decides what may be below a database or a server: the
     * real classes, a database copy (msExchMDBCopy) and an Exchange
     * container */
    ldif = g_strdup_printf ("dn: CN=MBX1,%s\nobjectClass: top\nobjectClass: msExchMDBCopy\ncn: MBX1\n\n"
                            "dn: CN=InformationStore,%s\nobjectClass: top\nobjectClass: container\n"
                            "objectClass: msExchContainer\ncn: InformationStore\n",
                            casarray_object_get_distinguished_name (CASARRAY_OBJECT (database)), server_dn);
  else
    ldif = g_strdup_printf ("dn: CN=MBX1,%s\nobjectClass: top\nobjectClass: container\ncn: MBX1\n\n"
                            "dn: CN=InformationStore,%s\nobjectClass: top\nobjectClass: container\n"
                            "cn: InformationStore\n",
                            casarray_object_get_distinguished_name (CASARRAY_OBJECT (database)), server_dn);
  g_assert_true (casarray_test_backend_load_ldif (fixture, ldif, &error));
  g_assert_no_error (error);

  g_assert_false (casarray_directory_remove_mailbox_database_sync (fixture->directory, "DB1", NULL, &error));
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE);
  assert_mentions (error->message, "CN=MBX1,CN=DB1,");
  g_clear_error (&error);
  databases = casarray_directory_get_mailbox_databases_sync (fixture->directory, "DB1", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (databases->len, ==, 1);

  g_assert_false (casarray_directory_remove_exchange_server_sync (fixture->directory, "MBX2",
                                                                  CASARRAY_REMOVAL_POLICY_REFUSE, NULL, &error));
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE);
  assert_mentions (error->message, "CN=InformationStore,CN=MBX2,");
  g_clear_error (&error);
  g_clear_pointer (&servers, g_ptr_array_unref);
  servers = casarray_directory_get_exchange_servers_sync (fixture->directory, "MBX2", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (servers->len, ==, 1);
}

/* An account that may not read the organisation is told so, by name,
 * instead of "no Exchange organisation". */
static void
test_unreadable_organization (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) reader = NULL;
  g_autoptr(GPtrArray) databases = NULL;
  g_autofree char *password_file = add_account (fixture, "CN=noexchange,DC=contoso,DC=com", "noexchange");

  reader = casarray_directory_new (casarray_test_slapd_get_ldap_uri (fixture->slapd));
  casarray_directory_set_bind_dn (reader, "CN=noexchange,DC=contoso,DC=com");
  casarray_directory_set_password_file (reader, password_file);
  databases = casarray_directory_get_mailbox_databases_sync (reader, NULL, NULL, NULL, &error);
  g_assert_null (databases);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "CN=noexchange,DC=contoso,DC=com"));
  g_assert_nonnull (strstr (error->message, "read rights"));
  g_clear_error (&error);

  /* the administrator still sees it */
  databases = casarray_directory_get_mailbox_databases_sync (fixture->directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Several arrays renamed and moved into one site at the same moment, each
 * in one Set-ClientAccessArray -Name -Site: one wins; every loser that got
 * as far as its rename is renamed back, so each keeps its old name and
 * home site.  On slapd the modrdn count proves it: one for the winner,
 * two (there and back) for each loser that renamed. */
static void
test_concurrent_rename_moves (Fixture       *fixture,
                              gconstpointer  data)
{
  enum { MOVERS = 8 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarraySite) target = casarray_directory_new_site_sync (fixture->directory, "Target", NULL, &error);
  g_autoptr(GPtrArray) in_target = NULL;
  GPid pids[MOVERS];
  int stdin_fds[MOVERS];
  int ready_fds[MOVERS];
  guint succeeded = 0;
  guint64 renames_before = 0, renames_after = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < MOVERS; i++)
    {
      g_autofree char *site = g_strdup_printf ("home%u", i);
      g_autofree char *name = g_strdup_printf ("mover%u", i);
      g_autofree char *fqdn = g_strdup_printf ("mover%u.contoso.com", i);
      const char *argv[] = { CASARRAY_RACE_HELPER, fixture->uri, name, fqdn, "Target", "rename-move", NULL };
      g_autoptr(CasarraySite) home = casarray_directory_new_site_sync (fixture->directory, site, NULL, &error);
      g_autoptr(CasarrayClientAccessArray) array =
        casarray_directory_new_client_access_array_sync (fixture->directory, name, fqdn, site, NULL, &error);

      g_assert_no_error (error);
      g_spawn_async_with_pipes (NULL, (char **) argv, fixture->helper_env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pids[i], &stdin_fds[i], &ready_fds[i], NULL, &error);
      g_assert_no_error (error);
    }
  if (fixture->backend == CASARRAY_TEST_BACKEND_LDAP)
    g_assert_true (casarray_test_slapd_count_operations (fixture->slapd, "Modrdn", &renames_before, &error));
  wait_until_ready (ready_fds, MOVERS);
  for (guint i = 0; i < MOVERS; i++)
    close (stdin_fds[i]);
  for (guint i = 0; i < MOVERS; i++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
      g_spawn_close_pid (pids[i]);
      g_assert_true (WIFEXITED (status));
      g_assert_true (WEXITSTATUS (status) == 0 || WEXITSTATUS (status) == 3);
      succeeded += WEXITSTATUS (status) == 0;
    }
  g_assert_cmpuint (succeeded, ==, 1);
  in_target = casarray_test_get_arrays (fixture->directory, NULL, "Target", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (in_target->len, ==, 1);
  g_assert_true (g_str_has_suffix (casarray_object_get_name (CASARRAY_OBJECT (g_ptr_array_index (in_target, 0))),
                                   "-moved"));
  for (guint i = 0; i < MOVERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("mover%u", i);
      g_autofree char *moved = g_strdup_printf ("mover%u-moved", i);
      g_autofree char *home = g_strdup_printf ("home%u", i);
      g_autoptr(GPtrArray) found = NULL;

      if (g_str_equal (casarray_object_get_name (CASARRAY_OBJECT (g_ptr_array_index (in_target, 0))), moved))
        continue;
      /* a loser: its old name, its home site, no "-moved" left over */
      found = casarray_directory_get_client_access_arrays_sync (fixture->directory, name, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 1);
      g_assert_cmpstr (casarray_client_access_array_get_site (g_ptr_array_index (found, 0)), ==, home);
      g_clear_pointer (&found, g_ptr_array_unref);
      found = casarray_directory_get_client_access_arrays_sync (fixture->directory, moved, NULL, NULL, &error);
      g_assert_null (found);
      casarray_test_assert_error (&error, CASARRAY_ERROR_NOT_FOUND);
    }
  if (fixture->backend == CASARRAY_TEST_BACKEND_LDAP)
    {
      g_assert_true (casarray_test_slapd_count_operations (fixture->slapd, "Modrdn", &renames_after, &error));
      g_test_message ("%" G_GUINT64_FORMAT " modrdns: %" G_GUINT64_FORMAT " losers renamed and renamed back",
                      renames_after - renames_before, (renames_after - renames_before - 1) / 2);
      g_assert_cmpuint ((renames_after - renames_before) % 2, ==, 1);
    }
}

/* A site that a subnet names (siteObject) is refused by Remove-ADSite,
 * naming the subnet, and stays.  Not on slapd: the project's schema has no
 * subnet class (AD's Default-First-Site-Name, named by DEFAULTIPSITELINK,
 * is checked in remove-site-holding-a-domain-controller). */
static void
test_remove_site_named_by_a_subnet (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarraySite) site = NULL;
  g_autoptr(GPtrArray) sites = NULL;
  g_autofree char *sites_dn = NULL;
  g_autofree char *ldif = NULL;
  g_autofree char *cleanup = NULL;
  g_autofree char *other_spelling = NULL;
  const char *site_dn;

  g_assert_true (fixture->backend != CASARRAY_TEST_BACKEND_LDAP);
  site = casarray_directory_new_site_sync (fixture->directory, "Branch", NULL, &error);
  g_assert_no_error (error);
  site_dn = casarray_object_get_distinguished_name (CASARRAY_OBJECT (site));
  sites_dn = dn_up (site_dn, 1);
  /* The subnet names the site in another spelling of the same DN (lower
   * case, a space after each comma), as another tool may write it: a DN
   * attribute matches by distinguishedNameMatch, not as a string. */
  {
    g_auto(GStrv) rdns = g_strsplit (site_dn, ",", -1);
    g_autofree char *joined = g_strjoinv (", ", rdns);

    other_spelling = g_ascii_strdown (joined, -1);
  }
  /* AD has CN=Subnets; a new store does not */
  ldif = g_strdup_printf ("%s%s%s"
                          "dn: CN=10.1.0.0/16,CN=Subnets,%s\nobjectClass: top\nobjectClass: subnet\n"
                          "cn: 10.1.0.0/16\nsiteObject: %s\n",
                          fixture->backend == CASARRAY_TEST_BACKEND_STORE ? "dn: CN=Subnets," : "",
                          fixture->backend == CASARRAY_TEST_BACKEND_STORE ? sites_dn : "",
                          fixture->backend == CASARRAY_TEST_BACKEND_STORE
                            ? "\nobjectClass: top\nobjectClass: subnetContainer\ncn: Subnets\n\n" : "",
                          sites_dn, other_spelling);
  g_assert_true (casarray_test_backend_load_ldif (fixture, ldif, &error));
  g_assert_no_error (error);

  g_assert_false (casarray_directory_remove_site_sync (fixture->directory, "Branch", NULL, &error));
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE);
  assert_mentions (error->message, "CN=10.1.0.0/16,CN=Subnets,");
  g_clear_error (&error);
  sites = casarray_directory_get_sites_sync (fixture->directory, "Branch", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 1);

  cleanup = g_strdup_printf ("dn: CN=10.1.0.0/16,CN=Subnets,%s\nchangetype: delete\n", sites_dn);
  g_assert_true (casarray_test_backend_load_ldif (fixture, cleanup, &error));
  g_assert_no_error (error);
  g_assert_true (casarray_directory_remove_site_sync (fixture->directory, "Branch", NULL, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD_LDAP(name, func) CASARRAY_TEST_ADD_LDAP ("directory", name, casarray_test_backend_set_up, func)
#define ADD_STORE(name, func) CASARRAY_TEST_ADD_STORE ("directory", name, casarray_test_backend_set_up, func)
#define ADD_AD(name, func) CASARRAY_TEST_ADD_AD ("directory", name, casarray_test_backend_set_up, func)
#define ADD(name, func) CASARRAY_TEST_ADD ("directory", name, casarray_test_backend_set_up, func)
  ADD ("blog-post-story", test_blog_post_story);
  ADD ("one-array-per-site", test_one_array_per_site);
  ADD ("names-unique-across-servers-and-arrays", test_names_unique_across_servers_and_arrays);
  ADD ("fqdn-and-name-syntax", test_fqdn_and_name_syntax);
  ADD ("set-mailbox-database-rules", test_set_mailbox_database_rules);
  ADD ("new-database-endpoint-choice", test_new_database_endpoint_choice);
  ADD ("identity-forms", test_identity_forms);
  ADD ("hostile-names", test_hostile_names);
  /* against the store, 16 processes share the file: this proves its lock */
  ADD ("concurrent-writers", test_concurrent_writers);
  ADD ("concurrent-moves", test_concurrent_moves);
  ADD_LDAP ("reconnect-after-restart", test_reconnect_after_restart);
  ADD ("compare-and-set-conflict", test_compare_and_set_conflict);
  ADD_LDAP ("connection-errors", test_connection_errors);
  ADD_LDAP ("password-file-checks", test_password_file_checks);
  ADD_LDAP ("paged-listing", test_paged_listing);
  ADD ("async-and-cancel", test_async_and_cancel);
  ADD ("removal-guards", test_removal_guards);
  ADD ("client-access-server-autodiscover", test_client_access_server_autodiscover);
  ADD ("new-objects-as-exchange-writes", test_new_objects_as_exchange_writes);
  ADD ("rename-array", test_rename_array);
  ADD ("remove-site-holding-a-domain-controller", test_remove_site_holding_a_domain_controller);
  ADD ("removals-keep-unknown-children", test_removals_keep_unknown_children);
  /* slapd's ACL makes the accounts; the store has none */
  ADD_LDAP ("rename-undone-when-second-step-fails", test_rename_undone_when_second_step_fails);
  ADD_LDAP ("unreadable-organization", test_unreadable_organization);
  ADD ("concurrent-rename-moves", test_concurrent_rename_moves);
  /* not on slapd: the project's OpenLDAP schema has no subnet class */
  ADD_AD ("remove-site-named-by-a-subnet", test_remove_site_named_by_a_subnet);
  ADD_STORE ("remove-site-named-by-a-subnet", test_remove_site_named_by_a_subnet);
#undef ADD
#undef ADD_AD
#undef ADD_STORE
#undef ADD_LDAP
  g_test_add_func ("/directory/ldap/active-directory-export", test_active_directory_export);
  g_test_add_func ("/directory/ldap/new-organization-adds-only-missing", test_new_organization_adds_only_missing);
  g_test_add_func ("/directory/store/active-directory-export", test_active_directory_export_store);
  return g_test_run ();
}
