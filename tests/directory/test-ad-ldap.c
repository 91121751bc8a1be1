/* test-ad-ldap.c: the LDAP-level behaviours of test-directory.c and
 * test-audit.c that ran on slapd only, on the Samba AD domain controller
 *
 * test-directory.c and test-audit.c run the library's rules on three
 * backends; a few of their tests are about LDAP itself (a server that
 * restarts, binds and password files, paging, rights) and used slapd's own
 * tools (slapd.conf ACLs, cn=Monitor counters).  Here each of them runs on
 * AD with AD's means, under the same name (/directory/ad/..., /audit/ad/...):
 *
 *   reconnect-after-restart        the samba process is stopped and started
 *   connection-errors              a wrong password is AD's 49 (data 52e)
 *   password-file-checks           the same checks, AD's Administrator
 *   paged-listing                  1,050 databases: more than one page
 *   unreadable-organization        the fixture's ordinary user exreader
 *   rename-undone-when-second-step-fails
 *                                  an explicit deny ACE on networkAddress
 *   constant-searches              searches counted in this process
 *   repair-interrupted             samba stopped in the middle of a repair
 *
 * Paging: the library asks for pages of 1,000 (casarray-ldap-search.c),
 * Windows' MaxPageSize.  Samba honours the page size asked for but has no
 * MaxPageSize of its own to lower (lDAPAdminLimits is not enforced, see
 * ../shared/reference/active-directory-lab.md), so a smaller page cannot be
 * configured in the fixture; the test creates 1,050 databases instead
 * (a few seconds) and checks that the listing took two pages.
 *
 * Counting searches: AD has no cn=Monitor, so the searches this process
 * sends are counted client-side (casarray-test-search-count.h), which is
 * what the slapd test counts server-side.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <casarray/casarray.h>

#include "casarray-test-backend.h"
#include "casarray-test-search-count.h"

#define ORG         CASARRAY_TEST_ORG
#define SITE1       CASARRAY_TEST_SITE1
#define ADMIN_GROUP "CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups," \
                    "CN=Contoso Corp,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com"
#define LEGACY(n)   "/o=Contoso Corp/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=" n

typedef CasarrayTestBackend Fixture;

/* ---- helpers ---- */

static void
add_server (Fixture            *fixture,
            const char         *name,
            CasarrayServerRole  roles)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autofree char *fqdn = g_strdup_printf ("%s.contoso.com", lower);
  g_autoptr(CasarrayServer) server =
    casarray_test_new_server (fixture->directory, name, fqdn, SITE1, roles, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (server);
}

/* @count databases Bulk<first>... on MBX1, written behind the library's
 * back (as Exchange would have created them), pointing at @endpoint. */
static void
load_databases (Fixture    *fixture,
                guint       first,
                guint       count,
                const char *endpoint)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) ldif = g_string_new (NULL);

  for (guint i = first; i < first + count; i++)
    g_string_append_printf (ldif,
      "dn: CN=Bulk%05u,CN=Databases," ADMIN_GROUP "\n"
      "objectClass: top\nobjectClass: msExchMDB\nobjectClass: msExchPrivateMDB\ncn: Bulk%05u\n"
      "deliveryMechanism: 0\n"
      "msExchOwningServer: CN=MBX1,CN=Servers," ADMIN_GROUP "\nmsExchEDBFile: D:\\\\Bulk%05u.edb\n"
      "legacyExchangeDN: %s/cn=Microsoft Private MDB\n\n", i, i, i, endpoint);
  g_assert_true (casarray_test_backend_load_ldif (fixture, ldif->str, &error));
  g_assert_no_error (error);
}

static GPtrArray *
list_databases (CasarrayDirectory *directory)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *databases = casarray_test_get_databases (directory, NULL, NULL, CASARRAY_GET_NONE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (databases);
  return databases;
}

static guint
count_sites (CasarrayDirectory *directory)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sites = casarray_directory_get_sites_sync (directory, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return sites->len;
}

/* A handle as the domain's Administrator with the password in @path. */
static CasarrayDirectory *
admin_with_password_file (Fixture    *fixture,
                          const char *path)
{
  CasarrayDirectory *directory = casarray_directory_new (fixture->uri);

  casarray_directory_set_bind_dn (directory, casarray_test_samba_get_admin_dn (fixture->samba));
  casarray_directory_set_password_file (directory, path);
  return directory;
}

/* Writes @length bytes of @contents to a new file in the DC's folder with
 * @mode; returns its path. */
static char *
write_password_file (Fixture    *fixture,
                     const char *name,
                     const char *contents,
                     gssize      length,
                     int         mode)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (casarray_test_samba_get_directory (fixture->samba), name, NULL);

  g_assert_true (g_file_set_contents_full (path, contents, length, G_FILE_SET_CONTENTS_NONE, mode, &error));
  g_assert_no_error (error);
  /* whatever the umask */
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

/* ---- searches counted in this process ---- */

/* Search requests this process sent while running @func once. */
static guint
searches_during (Fixture *fixture,
                 void   (*func) (Fixture *fixture))
{
  casarray_test_search_count_begin ();
  func (fixture);
  return casarray_test_search_count_end ();
}

static void
run_audit (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = casarray_directory_audit_sync (fixture->directory, NULL, &error);

  g_assert_no_error (error);
}

static void
run_listing (Fixture *fixture)
{
  g_autoptr(GPtrArray) databases = list_databases (fixture->directory);
}

/* ---- the tests ---- */

/* The DC's samba process is stopped and started: each old handle
 * reconnects once on its next call and succeeds; a DC that stays down is
 * a connection error. */
static void
test_reconnect_after_restart (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) other = casarray_test_backend_open_directory (fixture);
  guint sites;

  sites = count_sites (other);
  g_assert_cmpuint (sites, ==, count_sites (fixture->directory));

  g_assert_true (casarray_test_samba_restart (fixture->samba, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_sites (other), ==, sites);
  {
    g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (fixture->directory, "AfterRestart", NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (count_sites (other), ==, sites + 1);

  casarray_test_samba_stop (fixture->samba);
  g_assert_null (casarray_directory_get_sites_sync (other, NULL, NULL, NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_CONNECTION);
  g_assert_true (casarray_test_samba_restart (fixture->samba, &error));
  g_assert_no_error (error);
}

/* A wrong password is an authentication error naming AD's code (49) and
 * not the password; the right one, from a file with a newline, binds. */
static void
test_connection_errors (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wrong_path = write_password_file (fixture, "wrong.pw", "not-the-password\n", -1, 0600);
  g_autofree char *contents = g_strdup_printf ("%s\n", casarray_test_samba_get_admin_password (fixture->samba));
  g_autofree char *right_path = write_password_file (fixture, "right.pw", contents, -1, 0600);
  g_autoptr(CasarrayDirectory) wrong = admin_with_password_file (fixture, wrong_path);
  g_autoptr(CasarrayDirectory) right = admin_with_password_file (fixture, right_path);
  g_autofree char *organization = NULL;

  g_assert_false (casarray_directory_connect_sync (wrong, NULL, &error));
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION);
  g_test_message ("AD's refusal: %s", error->message);
  g_assert_nonnull (strstr (error->message, "49"));
  g_assert_null (strstr (error->message, "not-the-password"));
  g_clear_error (&error);

  g_assert_true (casarray_directory_connect_sync (right, NULL, &error));
  g_assert_no_error (error);
  organization = casarray_directory_get_organization (right);
  g_assert_cmpstr (organization, ==, ORG);
}

/* As on slapd (test-directory.c): a NUL byte or an empty file is refused
 * naming the file and not the password, a file others can read works with
 * one warning, a private one silently. */
static void
test_password_file_checks (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *password = casarray_test_samba_get_admin_password (fixture->samba);
  g_autofree char *with_nul = g_strdup_printf ("%s%cgarbage\n", password, '\0');
  g_autofree char *nul_path = write_password_file (fixture, "nul.pw", with_nul, strlen (password) + 9, 0600);
  g_autofree char *empty_path = write_password_file (fixture, "empty.pw", "\n", -1, 0600);
  g_autofree char *contents = g_strdup_printf ("%s\n", password);
  g_autofree char *open_path = write_password_file (fixture, "readable.pw", contents, -1, 0644);
  g_autofree char *private_path = write_password_file (fixture, "private.pw", contents, -1, 0600);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(CasarrayDirectory) directory = admin_with_password_file (fixture, nul_path);

    g_assert_false (casarray_directory_connect_sync (directory, NULL, &error));
    g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION);
    g_assert_nonnull (strstr (error->message, nul_path));
    g_assert_nonnull (strstr (error->message, "NUL"));
    g_assert_null (strstr (error->message, password));
    g_clear_error (&error);
  }
  {
    g_autoptr(CasarrayDirectory) directory = admin_with_password_file (fixture, empty_path);

    g_assert_false (casarray_directory_connect_sync (directory, NULL, &error));
    casarray_test_assert_error_mentions (&error, CASARRAY_ERROR_AUTHENTICATION, empty_path);
  }
  {
    g_autoptr(CasarrayDirectory) directory = admin_with_password_file (fixture, open_path);

    g_test_expect_message ("Casarray", G_LOG_LEVEL_WARNING, "*password file*readable.pw*readable by others*0644*");
    g_assert_true (casarray_directory_connect_sync (directory, NULL, &error));
    g_assert_no_error (error);
    g_test_assert_expected_messages ();
  }
  {
    g_autoptr(CasarrayDirectory) directory = admin_with_password_file (fixture, private_path);

    g_assert_true (casarray_directory_connect_sync (directory, NULL, &error));
    g_assert_no_error (error);
  }
}

/* More databases than one page holds: every one is listed, and the
 * listing took exactly one more search request (the second page) than
 * with a handful. */
static void
test_paged_listing (Fixture       *fixture,
                    gconstpointer  data)
{
  enum { COUNT = 1050 };
  g_autoptr(GPtrArray) databases = NULL;
  guint small, large;

  add_server (fixture, "MBX1", CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  load_databases (fixture, 0, 10, LEGACY ("CAS1"));
  run_listing (fixture);   /* the first call also connects and finds the organisation */
  small = searches_during (fixture, run_listing);
  load_databases (fixture, 10, COUNT - 10, LEGACY ("CAS1"));
  large = searches_during (fixture, run_listing);
  g_test_message ("listing: %u search requests for 10 databases, %u for %u", small, large, COUNT);
  g_assert_cmpuint (large, ==, small + 1);

  databases = list_databases (fixture->directory);
  g_assert_cmpuint (databases->len, ==, COUNT);
  for (guint i = 0; i < databases->len; i++)
    g_assert_cmpstr (casarray_mailbox_database_get_rpc_client_access_server (g_ptr_array_index (databases, i)),
                     ==, "cas1.contoso.com");
}

/* An ordinary domain user cannot read the Exchange organisation (AD's
 * default ACL on it): the error says that the account lacks read rights,
 * naming it, and not that there is no organisation. */
static void
test_unreadable_organization (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) reader = casarray_directory_new (fixture->uri);
  g_autoptr(GPtrArray) databases = NULL;
  const char *user = casarray_test_samba_get_user_dn (fixture->samba);

  casarray_directory_set_bind_dn (reader, user);
  casarray_directory_set_password_file (reader, casarray_test_samba_get_user_password_file (fixture->samba));
  databases = casarray_test_get_databases (reader, NULL, NULL, CASARRAY_GET_NONE, &error);
  g_assert_null (databases);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ACCESS_DENIED);
  g_test_message ("as %s: %s", user, error->message);
  g_assert_nonnull (strstr (error->message, user));
  casarray_test_assert_error_mentions (&error, CASARRAY_ERROR_ACCESS_DENIED, "read rights");

  /* the administrator still sees it */
  g_clear_pointer (&databases, g_ptr_array_unref);
  databases = list_databases (fixture->directory);
}

/* A rename plus another change is one operation: when the second step is
 * refused, the rename is undone and the array is exactly as before.  On
 * slapd an ACL lets an account rename but not write networkAddress; on AD
 * an explicit deny ACE for Everyone on the array's networkAddress
 * (schemaIDGUID bf9679d9-0de6-11d0-a285-00aa003049e2, AD's
 * Network-Address) does the same, for the Administrator too (explicit
 * deny ACEs come first, and AD applies them to administrators). */
static void
test_rename_undone_when_second_step_fails (Fixture       *fixture,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayClientAccessArray) array = NULL;
  g_autoptr(CasarrayDirectory) reader = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(CasarrayClientAccessArrayChanges) changes = casarray_client_access_array_changes_new ();
  g_autofree char *ldif = NULL;
  CasarrayClientAccessArray *after;

  array = casarray_directory_new_client_access_array_sync (fixture->directory, "Array1", "array1.contoso.com",
                                                           SITE1, NULL, &error);
  g_assert_no_error (error);
  ldif = g_strdup_printf ("dn: %s\nchangetype: modify\nreplace: nTSecurityDescriptor\n"
                          "nTSecurityDescriptor: O:EAG:EAD:(OD;;WP;bf9679d9-0de6-11d0-a285-00aa003049e2;;WD)\n",
                          casarray_object_get_distinguished_name (CASARRAY_OBJECT (array)));
  /* in SDDL, which ldbmodify converts (casarray-test-samba.h) */
  g_assert_true (casarray_test_samba_ldbmodify (fixture->samba, ldif, &error));
  g_assert_no_error (error);

  casarray_client_access_array_changes_set_name (changes, "Renamed");
  casarray_client_access_array_changes_set_fqdn (changes, "renamed.contoso.com");
  g_assert_false (casarray_directory_set_client_access_array_sync (fixture->directory, "Array1", changes, NULL,
                                                                   &error));
  g_assert_nonnull (error);
  g_test_message ("refused as expected: %s", error->message);
  /* the refusal is the second step's: the modify of the renamed entry */
  g_assert_nonnull (strstr (error->message, "50"));
  g_assert_nonnull (strstr (error->message, "CN=Renamed,"));
  g_clear_error (&error);

  /* a new connection: nothing cached */
  reader = casarray_test_backend_open_directory (fixture);
  found = casarray_directory_get_client_access_arrays_sync (reader, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  after = g_ptr_array_index (found, 0);
  g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (after)), ==, "Array1");
  g_assert_cmpstr (casarray_object_get_distinguished_name (CASARRAY_OBJECT (after)), ==,
                   casarray_object_get_distinguished_name (CASARRAY_OBJECT (array)));
  g_assert_cmpstr (casarray_client_access_array_get_fqdn (after), ==, "array1.contoso.com");
}

/* Cost does not grow with the organisation: the same number of search
 * requests for 20 and for 620 databases. */
static void
test_constant_searches (Fixture       *fixture,
                        gconstpointer  data)
{
  guint audit_small, audit_large, list_small, list_large;

  add_server (fixture, "MBX1", CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  add_server (fixture, "CAS2", CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  load_databases (fixture, 0, 20, LEGACY ("CAS1"));
  run_audit (fixture);   /* the first call also finds the organisation */
  audit_small = searches_during (fixture, run_audit);
  list_small = searches_during (fixture, run_listing);
  load_databases (fixture, 20, 600, LEGACY ("gone"));
  audit_large = searches_during (fixture, run_audit);
  list_large = searches_during (fixture, run_listing);

  g_test_message ("audit: %u searches for 20 databases, %u for 620; listing: %u, %u",
                  audit_small, audit_large, list_small, list_large);
  /* the counter counts: a run of either sends at least one search */
  g_assert_cmpuint (list_small, >=, 1);
  g_assert_cmpuint (audit_small, ==, audit_large);
  g_assert_cmpuint (audit_small, <=, 3);
  g_assert_cmpuint (list_small, ==, list_large);
  g_assert_cmpuint (list_small, <=, 2);
}

typedef struct {
  GPtrArray *results;
  GError    *error;
  gboolean   done;
} RepairOutcome;

static void
on_repair (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  RepairOutcome *outcome = user_data;

  outcome->results = casarray_directory_repair_finish (CASARRAY_DIRECTORY (source), result, &outcome->error);
  outcome->done = TRUE;
}

/* Whether any of the first databases already points at CAS1: the repair
 * has begun writing (read through @reader, another connection). */
static gboolean
repair_has_begun (CasarrayDirectory *reader)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = casarray_directory_get_mailbox_databases_sync (reader, "Bulk0000*", NULL,
                                                                               NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < first->len; i++)
    if (casarray_mailbox_database_get_rpc_client_access_server (g_ptr_array_index (first, i)) != NULL)
      return TRUE;
  return FALSE;
}

/* The DC goes away in the middle of a repair: every database is either
 * old or new, and the report says which (as on slapd, test-audit.c).  The
 * DC is stopped once another connection sees the first databases
 * repaired, not after a guessed delay. */
static void
test_repair_interrupted (Fixture       *fixture,
                         gconstpointer  data)
{
  /* enough that the repair is far from done when the DC stops (it stops
   * as soon as the first writes are seen) */
  enum { COUNT = 600 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GHashTable) now = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(CasarrayDirectory) watcher = casarray_test_backend_open_directory (fixture);
  g_autoptr(CasarrayDirectory) reader = NULL;
  RepairOutcome outcome = { 0 };
  guint changed = 0, failed = 0, unknown = 0, still_old = 0, missing = 0;
  gint64 start = g_get_monotonic_time ();

  add_server (fixture, "MBX1", CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  load_databases (fixture, 0, COUNT, LEGACY ("gone"));
  g_test_message ("%u databases loaded in %.1f s", COUNT, (g_get_monotonic_time () - start) / 1e6);
  findings = casarray_directory_audit_sync (fixture->directory, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < findings->len; i++)
    missing += casarray_finding_get_kind (g_ptr_array_index (findings, i)) == CASARRAY_FINDING_ENDPOINT_MISSING;
  g_assert_cmpuint (missing, ==, COUNT);
  g_assert_false (repair_has_begun (watcher));

  casarray_directory_repair_async (fixture->directory, findings, CASARRAY_WRITE_NONE, NULL, on_repair, &outcome);
  while (!outcome.done && !repair_has_begun (watcher))
    g_main_context_iteration (NULL, FALSE);
  casarray_test_samba_stop (fixture->samba);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (casarray_test_samba_restart (fixture->samba, &error));
  g_assert_no_error (error);

  /* Either the whole repair ran before the stop, or it reports per database. */
  if (outcome.results == NULL)
    {
      casarray_test_assert_error (&outcome.error, CASARRAY_ERROR_CONNECTION);
      return;
    }
  g_assert_cmpuint (outcome.results->len, ==, COUNT);

  reader = casarray_test_backend_open_directory (fixture);
  after = casarray_directory_get_mailbox_databases_sync (reader, "Bulk*", NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < after->len; i++)
    {
      CasarrayMailboxDatabase *database = g_ptr_array_index (after, i);
      g_hash_table_insert (now, g_strdup (casarray_object_get_name (CASARRAY_OBJECT (database))),
                           g_strdup (casarray_mailbox_database_get_rpc_client_access_server (database)));
    }
  for (guint i = 0; i < outcome.results->len; i++)
    {
      CasarrayRepairResult *result = g_ptr_array_index (outcome.results, i);
      const char *name = casarray_repair_result_get_database (result);
      const char *rpc = g_hash_table_lookup (now, name);

      switch (casarray_repair_result_get_outcome (result))
        {
        case CASARRAY_REPAIR_CHANGED:
          changed++;
          g_assert_cmpstr (rpc, ==, "cas1.contoso.com");
          break;
        case CASARRAY_REPAIR_FAILED:
          failed++;
          still_old += rpc == NULL;
          /* certainly unchanged unless the report says it may have been applied */
          if (strstr (casarray_repair_result_get_reason (result), "may have been applied") != NULL)
            unknown++;
          else
            g_assert_null (rpc);
          break;
        case CASARRAY_REPAIR_SKIPPED:
        case CASARRAY_REPAIR_WOULD_CHANGE:
        default:
          g_error ("%s: unexpected outcome %d (%s)", name, casarray_repair_result_get_outcome (result),
                   casarray_repair_result_get_reason (result));
        }
    }
  g_test_message ("interrupted repair: %u changed, %u failed (%u of them possibly applied)",
                  changed, failed, unknown);
  /* the stop came after the first writes landed and long before the last */
  g_assert_cmpuint (changed, >=, 1);
  g_assert_cmpuint (failed, >=, 1);
  /* only what was in flight when the server went can be uncertain */
  g_assert_cmpuint (unknown, <=, 32);

  /* and a new audit and repair finish the job */
  {
    g_autoptr(GPtrArray) results = casarray_directory_repair_sync (reader, NULL, CASARRAY_WRITE_NONE, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (results->len, ==, still_old);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(suite, name, func) CASARRAY_TEST_ADD_AD (suite, name, casarray_test_backend_set_up, func)
  ADD ("directory", "reconnect-after-restart", test_reconnect_after_restart);
  ADD ("directory", "connection-errors", test_connection_errors);
  ADD ("directory", "password-file-checks", test_password_file_checks);
  ADD ("directory", "paged-listing", test_paged_listing);
  ADD ("directory", "unreadable-organization", test_unreadable_organization);
  ADD ("directory", "rename-undone-when-second-step-fails", test_rename_undone_when_second_step_fails);
  ADD ("audit", "constant-searches", test_constant_searches);
  ADD ("audit", "repair-interrupted", test_repair_interrupted);
#undef ADD
  return g_test_run ();
}
