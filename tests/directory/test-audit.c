/* test-audit.c: Test- and Repair-ClientAccessConfiguration on slapd, on a
 * Samba AD domain controller with the Exchange schema and on the embedded
 * store
 *
 * Each broken state an administrator meets is built (through the library
 * where Exchange would allow it, or injected over LDAP where only a
 * replication conflict or a rule-bypassing tool could produce it), then the
 * audit must find it, the repair fix it, and a second repair do nothing.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <casarray/casarray.h>

#include "casarray-test-backend.h"
#include "casarray-test-search-count.h"

#define ORG          CASARRAY_TEST_ORG
#define SITE1        CASARRAY_TEST_SITE1
#define ADMIN_GROUP  "CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups," \
                     "CN=Contoso Corp,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com"
#define SITE_DN(s)   "CN=" s ",CN=Sites,CN=Configuration,DC=contoso,DC=com"
#define LEGACY(n)    "/o=Contoso Corp/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=" n

/* the fixture: casarray-test-backend.h */
typedef CasarrayTestBackend Fixture;

/* The shared set-up (organisation, Default-First-Site-Name), and a second
 * site for the tests about arrays in other sites. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarraySite) branch = NULL;

  casarray_test_backend_set_up (fixture, data);
  branch = casarray_directory_new_site_sync (fixture->directory, "Branch", NULL, &error);
  g_assert_no_error (error);
}

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
}

static void
add_database (Fixture    *fixture,
              const char *name,
              const char *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayMailboxDatabase) database =
    casarray_directory_new_mailbox_database_sync (fixture->directory, name, server, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
add_array (Fixture    *fixture,
           const char *name,
           const char *fqdn,
           const char *site)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayClientAccessArray) array =
    casarray_directory_new_client_access_array_sync (fixture->directory, name, fqdn, site, NULL, &error);
  g_assert_no_error (error);
}

static void
point (Fixture    *fixture,
       const char *database,
       const char *endpoint)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (casarray_test_set_database (fixture->directory, database, endpoint, NULL, NULL, &error));
  g_assert_no_error (error);
}

static char *
rpc_of (Fixture    *fixture,
        const char *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found =
    casarray_directory_get_mailbox_databases_sync (fixture->directory, database, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  return g_strdup (casarray_mailbox_database_get_rpc_client_access_server (g_ptr_array_index (found, 0)));
}

static GPtrArray *
audit (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *findings = casarray_directory_audit_sync (fixture->directory, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (findings);
  return findings;
}

/* The single finding of @kind about @subject; fails if there is not
 * exactly one. */
static CasarrayFinding *
find (GPtrArray           *findings,
      CasarrayFindingKind  kind,
      const char          *subject)
{
  CasarrayFinding *found = NULL;

  for (guint i = 0; i < findings->len; i++)
    {
      CasarrayFinding *finding = g_ptr_array_index (findings, i);

      if (casarray_finding_get_kind (finding) == kind &&
          g_strcmp0 (casarray_finding_get_subject (finding), subject) == 0)
        {
          g_assert_null (found);
          found = finding;
        }
    }
  if (found == NULL)
    g_error ("no finding of kind %d about %s among %u", kind, subject, findings->len);
  return found;
}

static guint
count_kind (GPtrArray           *findings,
            CasarrayFindingKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < findings->len; i++)
    n += casarray_finding_get_kind (g_ptr_array_index (findings, i)) == kind;
  return n;
}

static GPtrArray *
repair (Fixture   *fixture,
        GPtrArray *findings,
        gboolean   what_if)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *results = casarray_directory_repair_sync (fixture->directory, findings,
                                                       what_if ? CASARRAY_WRITE_WHAT_IF : CASARRAY_WRITE_NONE,
                                                       NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static CasarrayRepairResult *
result_for (GPtrArray  *results,
            const char *database)
{
  for (guint i = 0; i < results->len; i++)
    if (g_strcmp0 (casarray_repair_result_get_database (g_ptr_array_index (results, i)), database) == 0)
      return g_ptr_array_index (results, i);
  g_error ("no repair result for %s", database);
  return NULL;
}

static void
assert_second_repair_is_noop (Fixture *fixture)
{
  g_autoptr(GPtrArray) results = repair (fixture, NULL, FALSE);

  for (guint i = 0; i < results->len; i++)
    g_assert_cmpint (casarray_repair_result_get_outcome (g_ptr_array_index (results, i)), !=,
                     CASARRAY_REPAIR_CHANGED);
  g_assert_cmpuint (results->len, ==, 0);
}

/* The blog post's outage: the CAS the databases point at is gone. */
static void
test_endpoint_missing (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) what_if = NULL;
  g_autoptr(GPtrArray) results = NULL;
  CasarrayFinding *finding;

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  add_database (fixture, "DB1", "MBX1");
  add_database (fixture, "DB2", "MBX1");
  add_array (fixture, "outlook", "outlook.contoso.com", SITE1);
  g_assert_true (casarray_directory_remove_exchange_server_sync (fixture->directory, "CAS1",
                                                                 CASARRAY_REMOVAL_POLICY_FORCE, NULL, &error));
  g_assert_no_error (error);

  findings = audit (fixture);
  finding = find (findings, CASARRAY_FINDING_ENDPOINT_MISSING, "DB1");
  g_assert_cmpint (casarray_finding_get_severity (finding), ==, CASARRAY_FINDING_SEVERITY_ERROR);
  g_assert_cmpstr (casarray_finding_get_proposed_endpoint (finding), ==, "outlook.contoso.com");
  g_assert_cmpstr (casarray_finding_get_related (finding)[0], ==, LEGACY ("CAS1"));
  g_assert_nonnull (strstr (casarray_finding_get_fix (finding), "Set-MailboxDatabase"));
  find (findings, CASARRAY_FINDING_ENDPOINT_MISSING, "DB2");

  /* -WhatIf says what would change and changes nothing */
  what_if = repair (fixture, findings, TRUE);
  g_assert_cmpuint (what_if->len, ==, 2);
  g_assert_cmpint (casarray_repair_result_get_outcome (result_for (what_if, "DB1")), ==, CASARRAY_REPAIR_WOULD_CHANGE);
  g_assert_cmpstr (casarray_repair_result_get_new_endpoint (result_for (what_if, "DB1")), ==, "outlook.contoso.com");
  g_assert_null (rpc_of (fixture, "DB1"));

  results = repair (fixture, findings, FALSE);
  g_assert_cmpint (casarray_repair_result_get_outcome (result_for (results, "DB1")), ==, CASARRAY_REPAIR_CHANGED);
  g_assert_cmpint (casarray_repair_result_get_outcome (result_for (results, "DB2")), ==, CASARRAY_REPAIR_CHANGED);
  g_assert_cmpstr (casarray_repair_result_get_old_endpoint (result_for (results, "DB2")), ==, LEGACY ("CAS1"));
  {
    g_autofree char *rpc = rpc_of (fixture, "DB1");
    g_assert_cmpstr (rpc, ==, "outlook.contoso.com");
  }
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = audit (fixture);
  g_assert_cmpuint (count_kind (findings, CASARRAY_FINDING_ENDPOINT_MISSING), ==, 0);
  assert_second_repair_is_noop (fixture);
}

static void
test_endpoint_not_client_access (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(CasarrayExchangeServerChanges) mailbox_only = casarray_exchange_server_changes_new ();

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  add_server (fixture, "CAS2", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  add_database (fixture, "DB1", "MBX1");
  point (fixture, "DB1", "CAS1");

  /* the guard: the role cannot go while DB1 uses it */
  casarray_exchange_server_changes_set_roles (mailbox_only, CASARRAY_SERVER_ROLE_MAILBOX);
  g_assert_false (casarray_directory_set_exchange_server_sync (fixture->directory, "CAS1", mailbox_only,
                                                               CASARRAY_REMOVAL_POLICY_REFUSE, NULL, &error));
  casarray_test_assert_error_mentions (&error, CASARRAY_ERROR_IN_USE, "DB1");
  /* forced, as Exchange would let it happen */
  g_assert_true (casarray_directory_set_exchange_server_sync (fixture->directory, "CAS1", mailbox_only,
                                                              CASARRAY_REMOVAL_POLICY_FORCE, NULL, &error));
  g_assert_no_error (error);

  findings = audit (fixture);
  g_assert_cmpstr (casarray_finding_get_proposed_endpoint (
                     find (findings, CASARRAY_FINDING_ENDPOINT_NOT_CLIENT_ACCESS, "DB1")), ==, "cas2.contoso.com");
  /* the site has two CAS servers and a database: the array advice too */
  find (findings, CASARRAY_FINDING_SITE_WITHOUT_ARRAY, SITE1);
  results = repair (fixture, NULL, FALSE);
  g_assert_cmpint (casarray_repair_result_get_outcome (result_for (results, "DB1")), ==, CASARRAY_REPAIR_CHANGED);
  {
    g_autofree char *rpc = rpc_of (fixture, "DB1");
    g_assert_cmpstr (rpc, ==, "cas2.contoso.com");
  }
  assert_second_repair_is_noop (fixture);
}

static void
test_other_site_and_array_not_used (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) results = NULL;

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  add_server (fixture, "CASB", "Branch", CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  add_database (fixture, "DB1", "MBX1");
  add_database (fixture, "DB2", "MBX1");
  point (fixture, "DB1", "CASB");
  point (fixture, "DB2", "CAS1");
  add_array (fixture, "outlook", "outlook.contoso.com", SITE1);

  findings = audit (fixture);
  g_assert_cmpint (casarray_finding_get_severity (find (findings, CASARRAY_FINDING_ENDPOINT_OTHER_SITE, "DB1")),
                   ==, CASARRAY_FINDING_SEVERITY_WARNING);
  g_assert_cmpstr (casarray_finding_get_proposed_endpoint (find (findings, CASARRAY_FINDING_ARRAY_NOT_USED, "DB2")),
                   ==, "outlook.contoso.com");
  /* Branch has a CAS but no database: no advice for it */
  g_assert_cmpuint (count_kind (findings, CASARRAY_FINDING_SITE_WITHOUT_ARRAY), ==, 0);

  results = repair (fixture, findings, FALSE);
  g_assert_cmpuint (results->len, ==, 2);
  for (const char *const *db = (const char *const[]) { "DB1", "DB2", NULL }; *db; db++)
    {
      g_autofree char *rpc = rpc_of (fixture, *db);
      g_assert_cmpstr (rpc, ==, "outlook.contoso.com");
    }
  assert_second_repair_is_noop (fixture);
}

/* States only a replication conflict or a tool that bypassed the rules can
 * produce, injected over LDAP. */
static void
test_injected_array_conflicts (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) results = NULL;

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  add_array (fixture, "outlook", "outlook.contoso.com", SITE1);
  add_array (fixture, "branch", "branch.contoso.com", "Branch");   /* no CAS in Branch */
  g_assert_true (casarray_test_backend_load_ldif (fixture,
    "dn: CN=second,CN=Arrays," ADMIN_GROUP "\n"
    "objectClass: top\nobjectClass: server\nobjectClass: msExchExchangeServer\nobjectClass: msExchClientAccessArray\n"
    "cn: second\nnetworkAddress: ncacn_ip_tcp:cas1.contoso.com\n"
    "msExchServerSite: " SITE_DN (SITE1) "\nlegacyExchangeDN: " LEGACY ("second") "\n\n"
    "dn: CN=MBX1,CN=Arrays," ADMIN_GROUP "\n"
    "objectClass: top\nobjectClass: server\nobjectClass: msExchExchangeServer\nobjectClass: msExchClientAccessArray\n"
    "cn: MBX1\nnetworkAddress: ncacn_ip_tcp:mbx1-array.contoso.com\n"
    "msExchServerSite: " SITE_DN ("Branch") "\nlegacyExchangeDN: " LEGACY ("MBX1") "\n\n", &error));
  g_assert_no_error (error);

  /* Listing a site with two arrays is what an administrator does first;
   * it once freed the site's key twice and aborted. */
  {
    g_autoptr(GPtrArray) all = casarray_directory_get_client_access_arrays_sync (fixture->directory, NULL, NULL,
                                                                                  NULL, &error);
    g_autoptr(GPtrArray) in_site = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 4);
    in_site = casarray_test_get_arrays (fixture->directory, NULL, SITE1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (in_site->len, ==, 2);
    for (guint i = 0; i < in_site->len; i++)
      g_assert_cmpstrv (casarray_client_access_array_get_members (g_ptr_array_index (in_site, i)),
                        ((const char *[]) { "CAS1", NULL }));
  }

  findings = audit (fixture);
  {
    CasarrayFinding *several = find (findings, CASARRAY_FINDING_SEVERAL_ARRAYS_IN_SITE, SITE1);
    g_assert_cmpstrv (casarray_finding_get_related (several), ((const char *[]) { "outlook", "second", NULL }));
    g_assert_cmpint (casarray_finding_get_severity (several), ==, CASARRAY_FINDING_SEVERITY_ERROR);
  }
  g_assert_cmpstr (casarray_finding_get_related (find (findings, CASARRAY_FINDING_ARRAY_FQDN_CONFLICT, "second"))[0],
                   ==, "CAS1");
  g_assert_cmpstr (casarray_finding_get_related (find (findings, CASARRAY_FINDING_NAME_CONFLICT, "MBX1"))[0],
                   ==, "MBX1");
  find (findings, CASARRAY_FINDING_ARRAY_WITHOUT_MEMBERS, "branch");
  find (findings, CASARRAY_FINDING_ARRAY_WITHOUT_MEMBERS, "MBX1");

  /* The rest needs an administrator; the two sites with two arrays each
   * are merged into the array the finding names (the rank every replica
   * agrees on is proven in test-converge.c): one result per removed array,
   * one array per site afterwards. */
  {
    const char *sites[] = { SITE1, "Branch" };

    for (guint s = 0; s < G_N_ELEMENTS (sites); s++)
      g_assert_nonnull (casarray_finding_get_proposed_endpoint (
        find (findings, CASARRAY_FINDING_SEVERAL_ARRAYS_IN_SITE, sites[s])));
    results = repair (fixture, findings, FALSE);
    g_assert_cmpuint (results->len, ==, 2);
    for (guint i = 0; i < results->len; i++)
      g_assert_cmpint (casarray_repair_result_get_outcome (g_ptr_array_index (results, i)), ==,
                       CASARRAY_REPAIR_CHANGED);
    for (guint s = 0; s < G_N_ELEMENTS (sites); s++)
      {
        g_autoptr(GPtrArray) left = casarray_test_get_arrays (fixture->directory, NULL,
                                                              sites[s], &error);
        g_assert_no_error (error);
        g_assert_cmpuint (left->len, ==, 1);
        g_assert_cmpstr (casarray_client_access_array_get_fqdn (g_ptr_array_index (left, 0)), ==,
                         casarray_finding_get_proposed_endpoint (
                           find (findings, CASARRAY_FINDING_SEVERAL_ARRAYS_IN_SITE, sites[s])));
      }
  }
}

/* A database changed by someone else after the audit is skipped. */
static void
test_concurrent_change_skipped (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(CasarrayDirectory) other = casarray_test_backend_open_directory (fixture);

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  add_server (fixture, "CAS2", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  add_database (fixture, "DB1", "MBX1");
  add_database (fixture, "DB2", "MBX1");
  point (fixture, "DB1", "CAS1");
  point (fixture, "DB2", "CAS1");
  add_array (fixture, "outlook", "outlook.contoso.com", SITE1);

  findings = audit (fixture);
  g_assert_cmpuint (count_kind (findings, CASARRAY_FINDING_ARRAY_NOT_USED), ==, 2);

  /* another administrator deliberately points DB1 at CAS2 meanwhile */
  g_assert_true (casarray_test_set_database (other, "DB1", "CAS2", NULL, NULL, &error));
  g_assert_no_error (error);

  results = repair (fixture, findings, FALSE);
  g_assert_cmpint (casarray_repair_result_get_outcome (result_for (results, "DB1")), ==, CASARRAY_REPAIR_SKIPPED);
  g_assert_nonnull (strstr (casarray_repair_result_get_reason (result_for (results, "DB1")), "another writer"));
  g_assert_cmpint (casarray_repair_result_get_outcome (result_for (results, "DB2")), ==, CASARRAY_REPAIR_CHANGED);
  {
    g_autofree char *db1 = rpc_of (fixture, "DB1");
    g_autofree char *db2 = rpc_of (fixture, "DB2");
    g_assert_cmpstr (db1, ==, "cas2.contoso.com");   /* not overwritten */
    g_assert_cmpstr (db2, ==, "outlook.contoso.com");
  }
}

/* The guard Exchange lacks. */
static void
test_removal_guard (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  add_database (fixture, "DB1", "MBX1");
  add_database (fixture, "DB2", "MBX1");

  /* refused, listing the databases; nothing changes */
  g_assert_false (casarray_directory_remove_exchange_server_sync (fixture->directory, "CAS1", CASARRAY_REMOVAL_POLICY_REFUSE,
                                                                  NULL, &error));
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "DB1"));
  g_assert_nonnull (strstr (error->message, "DB2"));
  g_clear_error (&error);

  /* repointing first needs somewhere to go */
  g_assert_false (casarray_directory_remove_exchange_server_sync (fixture->directory, "CAS1",
                                                                  CASARRAY_REMOVAL_POLICY_REPOINT_DATABASES, NULL, &error));
  casarray_test_assert_error (&error, CASARRAY_ERROR_IN_USE);
  {
    g_autofree char *rpc = rpc_of (fixture, "DB1");
    g_assert_cmpstr (rpc, ==, "cas1.contoso.com");
  }

  /* with an array in the site, repoint-then-remove in one operation */
  add_array (fixture, "outlook", "outlook.contoso.com", SITE1);
  g_assert_true (casarray_directory_remove_exchange_server_sync (fixture->directory, "CAS1",
                                                                 CASARRAY_REMOVAL_POLICY_REPOINT_DATABASES, NULL, &error));
  g_assert_no_error (error);
  for (const char *const *db = (const char *const[]) { "DB1", "DB2", NULL }; *db; db++)
    {
      g_autofree char *rpc = rpc_of (fixture, *db);
      g_assert_cmpstr (rpc, ==, "outlook.contoso.com");
    }
}

static void
on_audit (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GPtrArray **findings = user_data;
  g_autoptr(GError) error = NULL;

  *findings = casarray_directory_audit_finish (CASARRAY_DIRECTORY (source), result, &error);
  g_assert_no_error (error);
}

static void
test_audit_async (Fixture       *fixture,
                  gconstpointer  data)
{
  GPtrArray *findings = NULL;

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  add_database (fixture, "DB1", "MBX1");
  casarray_directory_audit_async (fixture->directory, NULL, on_audit, &findings);
  while (findings == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (count_kind (findings, CASARRAY_FINDING_SITE_WITHOUT_ARRAY), ==, 1);
  g_ptr_array_unref (findings);
}

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

/* Searches slapd completed while running @func once. */
static guint64
searches_during (Fixture *fixture,
                 void   (*func) (Fixture *fixture))
{
  g_autoptr(GError) error = NULL;
  guint64 before = 0, after = 0;

  g_assert_true (casarray_test_slapd_count_operations (fixture->slapd, "Search", &before, &error));
  func (fixture);
  g_assert_true (casarray_test_slapd_count_operations (fixture->slapd, "Search", &after, &error));
  g_assert_no_error (error);
  return after - before - 1;   /* the first count's own search */
}

static void
run_audit (Fixture *fixture)
{
  g_autoptr(GPtrArray) findings = audit (fixture);
}

static void
run_listing (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) databases =
    casarray_directory_get_mailbox_databases_sync (fixture->directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Cost does not grow with the organisation: the same number of searches
 * for 20 and for 620 databases (paged past the 500 size limit). */
static void
test_constant_searches (Fixture       *fixture,
                        gconstpointer  data)
{
  guint64 audit_small, audit_large, list_small, list_large;

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  add_server (fixture, "CAS2", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  load_databases (fixture, 0, 20, LEGACY ("CAS1"));
  run_audit (fixture);   /* the first call also finds the organisation */
  audit_small = searches_during (fixture, run_audit);
  list_small = searches_during (fixture, run_listing);
  load_databases (fixture, 20, 600, LEGACY ("gone"));
  audit_large = searches_during (fixture, run_audit);
  list_large = searches_during (fixture, run_listing);

  g_test_message ("audit: %" G_GUINT64_FORMAT " searches for 20 databases, %" G_GUINT64_FORMAT " for 620",
                  audit_small, audit_large);
  g_assert_cmpuint (audit_small, ==, audit_large);
  g_assert_cmpuint (audit_small, <=, 3);
  g_assert_cmpuint (list_small, ==, list_large);
  g_assert_cmpuint (list_small, <=, 2);
}

/* Creates each of @sites with two arrays, the second injected as a replication
 * conflict would leave it (the library refuses a second one). */
static void
add_array_conflicts (Fixture           *fixture,
                     const char *const *sites)
{
  for (const char *const *site = sites; *site != NULL; site++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *lower = g_ascii_strdown (*site, -1);
      g_autofree char *first = g_strdup_printf ("first-%s", lower);
      g_autofree char *first_fqdn = g_strdup_printf ("first-%s.contoso.com", lower);
      g_autofree char *ldif = NULL;
      g_autoptr(CasarraySite) created = casarray_directory_new_site_sync (fixture->directory, *site, NULL,
                                                                         &error);

      g_assert_no_error (error);
      add_array (fixture, first, first_fqdn, *site);
      ldif = g_strdup_printf (
        "dn: CN=second-%s,CN=Arrays," ADMIN_GROUP "\n"
        "objectClass: top\nobjectClass: server\nobjectClass: msExchExchangeServer\n"
        "objectClass: msExchClientAccessArray\ncn: second-%s\n"
        "networkAddress: ncacn_ip_tcp:second-%s.contoso.com\n"
        "msExchServerSite: CN=%s,CN=Sites,CN=Configuration,DC=contoso,DC=com\n"
        "legacyExchangeDN: " LEGACY ("second-%s") "\n\n", lower, lower, lower, *site, lower);
      g_assert_true (casarray_test_backend_load_ldif (fixture, ldif, &error));
      g_assert_no_error (error);
    }
}

/* Search requests the repair of what an audit finds sends (counted in
 * this process, so the same on slapd and AD); asserts that the repair
 * removed @merged arrays. */
static guint
searches_during_merge_repair (Fixture *fixture,
                              guint    merged)
{
  g_autoptr(GPtrArray) findings = audit (fixture);
  g_autoptr(GPtrArray) results = NULL;
  guint searches, changed = 0;

  casarray_test_search_count_begin ();
  results = repair (fixture, findings, FALSE);
  searches = casarray_test_search_count_end ();
  for (guint i = 0; i < results->len; i++)
    if (casarray_repair_result_get_outcome (g_ptr_array_index (results, i)) == CASARRAY_REPAIR_CHANGED)
      changed++;
  g_assert_cmpuint (changed, ==, merged);
  return searches;
}

/* Merging the arrays of one site or of three costs the same searches: the
 * repair reads the databases once after repointing, not once per merge. */
static void
test_merge_searches (Fixture       *fixture,
                     gconstpointer  data)
{
  guint one, three;

  add_server (fixture, "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  add_array_conflicts (fixture, (const char *const[]) { "North", NULL });
  one = searches_during_merge_repair (fixture, 1);
  add_array_conflicts (fixture, (const char *const[]) { "East", "South", "West", NULL });
  three = searches_during_merge_repair (fixture, 3);

  g_test_message ("repair: %u searches merging one site, %u for three", one, three);
  g_assert_cmpuint (one, >=, 1);
  g_assert_cmpuint (one, ==, three);
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

/* The server goes away in the middle of a repair: every database is either
 * old or new, and the report says which (changed, or failed with the
 * outcome known to be "unchanged", or unknown only for modifies in flight). */
static void
test_repair_interrupted (Fixture       *fixture,
                         gconstpointer  data)
{
  enum { COUNT = 1500 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GHashTable) now = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(CasarrayDirectory) reader = NULL;
  RepairOutcome outcome = { 0 };
  guint changed = 0, failed = 0, unknown = 0, still_old = 0;

  add_server (fixture, "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX);
  add_server (fixture, "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  load_databases (fixture, 0, COUNT, LEGACY ("gone"));
  findings = audit (fixture);
  g_assert_cmpuint (count_kind (findings, CASARRAY_FINDING_ENDPOINT_MISSING), ==, COUNT);

  casarray_directory_repair_async (fixture->directory, findings, CASARRAY_WRITE_NONE, NULL, on_repair, &outcome);
  g_usleep (150 * 1000);
  casarray_test_slapd_stop (fixture->slapd);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (casarray_test_slapd_restart (fixture->slapd, &error));
  g_assert_no_error (error);

  /* Either the whole repair ran before the stop, or it reports per database. */
  if (outcome.results == NULL)
    {
      casarray_test_assert_error (&outcome.error, CASARRAY_ERROR_CONNECTION);
      return;
    }
  g_assert_cmpuint (outcome.results->len, ==, COUNT);

  reader = casarray_directory_new (fixture->uri);
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

#define ADD_LDAP(name, func) CASARRAY_TEST_ADD_LDAP ("audit", name, fixture_set_up, func)
#define ADD_STORE(name, func) CASARRAY_TEST_ADD_STORE ("audit", name, fixture_set_up, func)
#define ADD_AD(name, func) CASARRAY_TEST_ADD_AD ("audit", name, fixture_set_up, func)
#define ADD(name, func) CASARRAY_TEST_ADD ("audit", name, fixture_set_up, func)
  ADD ("endpoint-missing", test_endpoint_missing);
  ADD ("endpoint-not-client-access", test_endpoint_not_client_access);
  ADD ("other-site-and-array-not-used", test_other_site_and_array_not_used);
  ADD ("injected-array-conflicts", test_injected_array_conflicts);
  ADD ("concurrent-change-skipped", test_concurrent_change_skipped);
  ADD ("removal-guard", test_removal_guard);
  ADD ("async", test_audit_async);
  /* counts searches through slapd's cn=Monitor, and stops slapd in the
   * middle of a repair; on AD: test-ad-ldap.c, under the same names */
  ADD_LDAP ("constant-searches", test_constant_searches);
  /* searches counted in this process: nothing to count on the store */
  ADD_LDAP ("merge-searches", test_merge_searches);
  ADD_AD ("merge-searches", test_merge_searches);
  /* stops slapd in the middle */
  ADD_LDAP ("repair-interrupted", test_repair_interrupted);
#undef ADD_STORE
#undef ADD_AD
#undef ADD_LDAP
#undef ADD
  return g_test_run ();
}
