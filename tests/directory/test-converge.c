/* test-converge.c: one array per site across replicas (issue 11)
 *
 * On two OpenLDAP providers in multi-provider replication
 * (casarray-test-slapd-mp.h):
 *  - /converge/mp/partition-heal: with replication partitioned, a writer on
 *    each provider adds an array for the same site over plain LDAP (as a
 *    tool that bypasses the library would) and the library creates a
 *    database on each provider, which points at the array that provider
 *    sees; after healing and convergence the audit on each provider names
 *    the same survivor, and one repair (what-if first) on one of them
 *    leaves exactly one array on both, every database pointing at it;
 *  - /converge/mp/concurrent-creators: 4 library creators per provider,
 *    each connected only to its own provider, race for one site, with
 *    replication running or partitioned; after replication and one repair
 *    exactly one array is left on both, every round.
 * On the three single-server backends:
 *  - /converge/<backend>/cnf: AD's conflict copies ("<name>\nCNF:<guid>",
 *    as AD replication writes them) of an array, a server and a database;
 *  - /converge/store/rank: the rank itself on data whose creation times and
 *    GUIDs the test chooses (only the store lets a client write them).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <gio/gio.h>
#include <ldap.h>

#include <casarray/casarray.h>

#include "casarray-test-backend.h"
#include "casarray-test-slapd-mp.h"

#define ORG          CASARRAY_TEST_ORG
#define ADMIN_GROUP  "CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups," \
                     "CN=Contoso Corp,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com"
#define ARRAYS_DN    "CN=Arrays," ADMIN_GROUP
#define SITES_DN     "CN=Sites,CN=Configuration,DC=contoso,DC=com"
#define LEGACY(n)    "/o=Contoso Corp/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=" n
#define CONVERGE_MS  20000
#define ROUNDS       6
#define CREATORS     4   /* per provider */

/* ------------------------------------------------------------------ */
/* Reading a provider directly (what is really there, not what the     */
/* library makes of it)                                                */
/* ------------------------------------------------------------------ */

static LDAP *
connect_root (CasarrayTestSlapd *provider)
{
  LDAP *ld = NULL;
  int version = LDAP_VERSION3;
  struct berval cred;

  g_assert_cmpint (ldap_initialize (&ld, casarray_test_slapd_get_ldap_uri (provider)), ==, LDAP_SUCCESS);
  ldap_set_option (ld, LDAP_OPT_PROTOCOL_VERSION, &version);
  cred.bv_val = (char *) casarray_test_slapd_get_root_password (provider);
  cred.bv_len = strlen (cred.bv_val);
  g_assert_cmpint (ldap_sasl_bind_s (ld, casarray_test_slapd_get_root_dn (provider), LDAP_SASL_SIMPLE, &cred,
                                     NULL, NULL, NULL), ==, LDAP_SUCCESS);
  return ld;
}

/* attribute @attr of every entry matching @filter below @base, sorted
 * (entries without it give "") */
static GPtrArray *
read_values (CasarrayTestSlapd *provider,
             const char        *base,
             const char        *filter,
             const char        *attr)
{
  LDAP *ld = connect_root (provider);
  char *attrs[] = { (char *) attr, NULL };
  LDAPMessage *res = NULL;
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  int rc = ldap_search_ext_s (ld, base, LDAP_SCOPE_SUBTREE, filter, attrs, 0, NULL, NULL, NULL, 0, &res);

  g_assert_cmpint (rc, ==, LDAP_SUCCESS);
  for (LDAPMessage *e = ldap_first_entry (ld, res); e != NULL; e = ldap_next_entry (ld, e))
    {
      struct berval **v = ldap_get_values_len (ld, e, attr);
      g_ptr_array_add (values, v != NULL ? g_strndup (v[0]->bv_val, v[0]->bv_len) : g_strdup (""));
      ldap_value_free_len (v);
    }
  ldap_msgfree (res);
  ldap_unbind_ext_s (ld, NULL, NULL);
  g_ptr_array_sort (values, (GCompareFunc) (void (*) (void)) g_strcmp0);
  return values;
}

/* the FQDNs (networkAddress) of the arrays of @site */
static GPtrArray *
arrays_of_site (CasarrayTestSlapd *provider,
                const char        *site)
{
  g_autofree char *filter = g_strdup_printf ("(&(objectClass=msExchClientAccessArray)"
                                             "(msExchServerSite=CN=%s," SITES_DN "))", site);

  return read_values (provider, ARRAYS_DN, filter, "networkAddress");
}

/* @value escaped for a filter (the admin group's DN has parentheses) */
static char *
filter_escape (const char *value)
{
  struct berval in = { strlen (value), (char *) value };
  struct berval out = { 0, NULL };
  char *copy;

  g_assert_cmpint (ldap_bv2escaped_filter_value (&in, &out), ==, 0);
  copy = g_strndup (out.bv_val, out.bv_len);
  ber_memfree (out.bv_val);
  return copy;
}

/* The networkAddress of the array of @site that the stated rule keeps,
 * computed here from the server's own createTimestamp and entryUUID
 * (operational: named explicitly), not by the library. */
static char *
expected_survivor (CasarrayTestSlapd *provider,
                   const char        *site)
{
  g_autofree char *filter = g_strdup_printf ("(&(objectClass=msExchClientAccessArray)"
                                             "(msExchServerSite=CN=%s," SITES_DN "))", site);
  char *attrs[] = { (char *) "networkAddress", (char *) "createTimestamp", (char *) "entryUUID", NULL };
  LDAP *ld = connect_root (provider);
  LDAPMessage *res = NULL;
  char *best = NULL;
  char *best_key = NULL;

  g_assert_cmpint (ldap_search_ext_s (ld, ARRAYS_DN, LDAP_SCOPE_SUBTREE, filter, attrs, 0, NULL, NULL, NULL, 0,
                                      &res), ==, LDAP_SUCCESS);
  for (LDAPMessage *e = ldap_first_entry (ld, res); e != NULL; e = ldap_next_entry (ld, e))
    {
      struct berval **address = ldap_get_values_len (ld, e, "networkAddress");
      struct berval **created = ldap_get_values_len (ld, e, "createTimestamp");
      struct berval **uuid = ldap_get_values_len (ld, e, "entryUUID");
      char *key;

      g_assert_true (address != NULL && created != NULL && uuid != NULL);
      key = g_strdup_printf ("%.*s %.*s", (int) created[0]->bv_len, created[0]->bv_val,
                             (int) uuid[0]->bv_len, uuid[0]->bv_val);
      if (best_key == NULL || strcmp (key, best_key) < 0)
        {
          g_free (best_key);
          g_free (best);
          best_key = key;
          best = g_strndup (address[0]->bv_val, address[0]->bv_len);
        }
      else
        g_free (key);
      ldap_value_free_len (address);
      ldap_value_free_len (created);
      ldap_value_free_len (uuid);
    }
  ldap_msgfree (res);
  ldap_unbind_ext_s (ld, NULL, NULL);
  g_free (best_key);
  return best;
}

/* the legacyExchangeDN of the databases of the server @server */
static GPtrArray *
databases_of (CasarrayTestSlapd *provider,
              const char        *server)
{
  g_autofree char *owner = g_strdup_printf ("CN=%s,CN=Servers," ADMIN_GROUP, server);
  g_autofree char *escaped = filter_escape (owner);
  g_autofree char *filter = g_strdup_printf ("(&(objectClass=msExchPrivateMDB)(msExchOwningServer=%s))",
                                             escaped);

  return read_values (provider, ADMIN_GROUP, filter, "legacyExchangeDN");
}

/* The legacyExchangeDN of the array with the FQDN @fqdn. */
static char *
array_legacy_dn (CasarrayTestSlapd *provider,
                 const char        *fqdn)
{
  g_autofree char *filter = g_strdup_printf ("(networkAddress=%s)", fqdn);
  g_autoptr(GPtrArray) values = read_values (provider, ARRAYS_DN, filter, "legacyExchangeDN");

  g_assert_cmpuint (values->len, ==, 1);
  return g_strdup (g_ptr_array_index (values, 0));
}

/* Exactly one array in @site on both providers, the one with FQDN
 * @survivor, and every database of @server pointing at it. */
static void
assert_one_array_everywhere (CasarrayTestSlapdMp *mp,
                             const char          *site,
                             const char          *server,
                             const char          *survivor,
                             guint                databases)
{
  for (guint p = 0; p < CASARRAY_TEST_SLAPD_MP_PROVIDERS; p++)
    {
      CasarrayTestSlapd *provider = casarray_test_slapd_mp_get_provider (mp, p);
      g_autoptr(GPtrArray) arrays = arrays_of_site (provider, site);
      g_autoptr(GPtrArray) dbs = databases_of (provider, server);
      g_autofree char *legacy = NULL;

      g_assert_cmpuint (arrays->len, ==, 1);
      if (survivor != NULL)
        g_assert_cmpstr (g_ptr_array_index (arrays, 0), ==, survivor);
      legacy = array_legacy_dn (provider, g_ptr_array_index (arrays, 0));
      g_assert_cmpuint (dbs->len, ==, databases);
      for (guint i = 0; i < dbs->len; i++)
        {
          const char *db_legacy = g_ptr_array_index (dbs, i);
          g_assert_true (g_ascii_strncasecmp (db_legacy, legacy, strlen (legacy)) == 0 &&
                         db_legacy[strlen (legacy)] == '/');
        }
    }
}

/* ------------------------------------------------------------------ */
/* The library on each provider                                        */
/* ------------------------------------------------------------------ */

static CasarrayDirectory *
open_on (CasarrayTestSlapdMp *mp,
         guint                provider)
{
  /* ldapi: SASL EXTERNAL as the rootdn, on that provider only */
  return casarray_directory_new (casarray_test_slapd_get_ldapi_uri (casarray_test_slapd_mp_get_provider (mp, provider)));
}

static void
converge (CasarrayTestSlapdMp *mp)
{
  g_autoptr(GError) error = NULL;

  gboolean converged = casarray_test_slapd_mp_wait_converged (mp, CONVERGE_MS, &error);

  g_assert_no_error (error);
  g_assert_true (converged);
}

/* A site with a mailbox server MBX-<site> and a CAS CAS-<site>, made on
 * provider 0 and replicated. */
static void
add_site (CasarrayTestSlapdMp *mp,
          CasarrayDirectory   *directory,
          const char          *site)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarraySite) created = casarray_directory_new_site_sync (directory, site, NULL, &error);
  g_autofree char *mbx = g_strdup_printf ("MBX-%s", site);
  g_autofree char *cas = g_strdup_printf ("CAS-%s", site);
  g_autofree char *mbx_fqdn = g_strdup_printf ("mbx-%s.contoso.com", site);
  g_autofree char *cas_fqdn = g_strdup_printf ("cas-%s.contoso.com", site);
  g_autoptr(CasarrayServer) mailbox = NULL;
  g_autoptr(CasarrayServer) client_access = NULL;

  g_assert_no_error (error);
  mailbox = casarray_test_new_server (directory, mbx, mbx_fqdn, site,
                                                         CASARRAY_SERVER_ROLE_MAILBOX, NULL, &error);
  g_assert_no_error (error);
  client_access = casarray_test_new_server (directory, cas, cas_fqdn, site,
                                                               CASARRAY_SERVER_ROLE_CLIENT_ACCESS, NULL,
                                                               &error);
  g_assert_no_error (error);
  converge (mp);
}

static void
add_database (CasarrayDirectory *directory,
              const char        *name,
              const char        *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayMailboxDatabase) database =
    casarray_directory_new_mailbox_database_sync (directory, name, server, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (database);
}

static CasarrayFinding *
find_finding (GPtrArray           *findings,
              CasarrayFindingKind  kind,
              const char          *subject)
{
  for (guint i = 0; i < findings->len; i++)
    {
      CasarrayFinding *finding = g_ptr_array_index (findings, i);
      if (casarray_finding_get_kind (finding) == kind &&
          g_strcmp0 (casarray_finding_get_subject (finding), subject) == 0)
        return finding;
    }
  return NULL;
}

/* The survivor the audit on @provider names for @site (NULL when it finds
 * one array or none). */
static char *
audited_survivor (CasarrayTestSlapdMp *mp,
                  guint                provider,
                  const char          *site)
{
  g_autoptr(CasarrayDirectory) directory = open_on (mp, provider);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = casarray_directory_audit_sync (directory, NULL, &error);
  CasarrayFinding *several;

  g_assert_no_error (error);
  several = find_finding (findings, CASARRAY_FINDING_SEVERAL_ARRAYS_IN_SITE, site);
  return several != NULL ? g_strdup (casarray_finding_get_proposed_endpoint (several)) : NULL;
}

static GPtrArray *
repair_on (CasarrayTestSlapdMp *mp,
           guint                provider,
           gboolean             what_if)
{
  g_autoptr(CasarrayDirectory) directory = open_on (mp, provider);
  g_autoptr(GError) error = NULL;
  GPtrArray *results = casarray_directory_repair_sync (directory, NULL, (what_if) ? CASARRAY_WRITE_WHAT_IF : CASARRAY_WRITE_NONE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static guint
count_outcome (GPtrArray             *results,
               CasarrayRepairOutcome  outcome)
{
  guint n = 0;

  for (guint i = 0; i < results->len; i++)
    n += casarray_repair_result_get_outcome (g_ptr_array_index (results, i)) == outcome;
  return n;
}

static CasarrayTestSlapdMp *
start_mp (void)
{
  g_autoptr(GError) error = NULL;
  CasarrayTestSlapdMp *mp = casarray_test_slapd_mp_start (&error);
  g_autoptr(CasarrayDirectory) directory = NULL;

  g_assert_no_error (error);
  directory = open_on (mp, 0);
  g_assert_true (casarray_directory_new_organization_sync (directory, ORG, NULL, &error));
  g_assert_no_error (error);
  converge (mp);
  return mp;
}

/* ------------------------------------------------------------------ */
/* Partition and heal                                                  */
/* ------------------------------------------------------------------ */

static void
test_partition_heal (void)
{
  g_autoptr(CasarrayTestSlapdMp) mp = start_mp ();
  g_autoptr(CasarrayDirectory) first = open_on (mp, 0);
  g_autoptr(GError) error = NULL;

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autofree char *site = g_strdup_printf ("Partition%u", round);
      g_autofree char *mbx = g_strdup_printf ("MBX-%s", site);
      char *survivor[CASARRAY_TEST_SLAPD_MP_PROVIDERS] = { NULL, NULL };
      g_autoptr(GPtrArray) plan = NULL;
      g_autoptr(GPtrArray) results = NULL;
      guint repairer = round % 2;

      add_site (mp, first, site);
      g_assert_true (casarray_test_slapd_mp_partition (mp, &error));

      /* one array per provider, by direct LDAP adds, and a database on
       * each provider, which the library points at the array it sees */
      for (guint p = 0; p < CASARRAY_TEST_SLAPD_MP_PROVIDERS; p++)
        {
          CasarrayTestSlapd *provider = casarray_test_slapd_mp_get_provider (mp, p);
          g_autofree char *name = g_strdup_printf ("array%u-%u", round, p);
          g_autofree char *ldif = g_strdup_printf (
            "dn: CN=%s," ARRAYS_DN "\n"
            "objectClass: top\nobjectClass: server\nobjectClass: msExchExchangeServer\n"
            "objectClass: msExchClientAccessArray\n"
            "cn: %s\nnetworkAddress: ncacn_ip_tcp:%s.contoso.com\n"
            "msExchServerSite: CN=%s," SITES_DN "\nlegacyExchangeDN: " LEGACY ("%s") "\n\n",
            name, name, name, site, name);
          g_autoptr(CasarrayDirectory) local = open_on (mp, p);
          g_autofree char *db = g_strdup_printf ("DB%u-%u", round, p);

          g_assert_true (casarray_test_slapd_load_ldif (provider, ldif, &error));
          g_assert_no_error (error);
          add_database (local, db, mbx);
        }
      /* partitioned: each provider sees its own array only */
      for (guint p = 0; p < CASARRAY_TEST_SLAPD_MP_PROVIDERS; p++)
        {
          g_autoptr(GPtrArray) arrays = arrays_of_site (casarray_test_slapd_mp_get_provider (mp, p), site);
          g_autofree char *none = audited_survivor (mp, p, site);

          g_assert_cmpuint (arrays->len, ==, 1);
          g_assert_null (none);
        }

      g_assert_true (casarray_test_slapd_mp_heal (mp, &error));
      converge (mp);

      /* the same decision on both */
      for (guint p = 0; p < CASARRAY_TEST_SLAPD_MP_PROVIDERS; p++)
        {
          g_autoptr(GPtrArray) arrays = arrays_of_site (casarray_test_slapd_mp_get_provider (mp, p), site);

          g_assert_cmpuint (arrays->len, ==, 2);
          survivor[p] = audited_survivor (mp, p, site);
          g_assert_nonnull (survivor[p]);
        }
      g_assert_cmpstr (survivor[0], ==, survivor[1]);
      /* and it is the one the rule names: oldest createTimestamp, then
       * lowest entryUUID */
      {
        g_autofree char *expected = expected_survivor (casarray_test_slapd_mp_get_provider (mp, 1), site);
        g_autofree char *named = g_strdup_printf ("ncacn_ip_tcp:%s", survivor[0]);
        g_assert_cmpstr (expected, ==, named);
      }

      /* what-if: the plan (one database repointed, one array removed),
       * nothing written */
      plan = repair_on (mp, repairer, TRUE);
      g_assert_cmpuint (count_outcome (plan, CASARRAY_REPAIR_WOULD_CHANGE), >=, 2);
      g_assert_cmpuint (count_outcome (plan, CASARRAY_REPAIR_WOULD_CHANGE), ==, plan->len);
      {
        g_autoptr(GPtrArray) still = arrays_of_site (casarray_test_slapd_mp_get_provider (mp, repairer), site);
        g_assert_cmpuint (still->len, ==, 2);
      }

      results = repair_on (mp, repairer, FALSE);
      g_assert_cmpuint (count_outcome (results, CASARRAY_REPAIR_CHANGED), ==, plan->len);
      converge (mp);
      {
        g_autofree char *fqdn = g_strdup_printf ("ncacn_ip_tcp:%s", survivor[0]);
        assert_one_array_everywhere (mp, site, mbx, fqdn, CASARRAY_TEST_SLAPD_MP_PROVIDERS);
      }
      for (guint p = 0; p < CASARRAY_TEST_SLAPD_MP_PROVIDERS; p++)
        g_free (survivor[p]);
      /* and nothing is left to do on either */
      for (guint p = 0; p < CASARRAY_TEST_SLAPD_MP_PROVIDERS; p++)
        {
          g_autoptr(GPtrArray) again = repair_on (mp, p, FALSE);
          g_autofree char *none = audited_survivor (mp, p, site);
          g_assert_cmpuint (again->len, ==, 0);
          g_assert_null (none);
        }
    }
  g_test_message ("full replication refreshes slapd needed: %u", casarray_test_slapd_mp_get_resyncs (mp));
}

/* ------------------------------------------------------------------ */
/* The fixture's own promises                                          */
/* ------------------------------------------------------------------ */

/* Partitioned, a write stays on its provider; healed, it arrives; and a
 * provider that lost an entry without its contextCSN changing (what
 * slapd's replication sometimes does, made here by deleting the entry
 * offline) is found and refreshed by wait_converged(). */
static void
test_fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayTestSlapdMp) mp = casarray_test_slapd_mp_start (&error);
  CasarrayTestSlapd *p0, *p1;
  g_autofree char *config = NULL;
  g_autoptr(GSubprocess) modify = NULL;
  guint accepted;
  gboolean converged;

  g_assert_no_error (error);
  p0 = casarray_test_slapd_mp_get_provider (mp, 0);
  p1 = casarray_test_slapd_mp_get_provider (mp, 1);
  g_assert_cmpstr (casarray_test_slapd_mp_get_address (mp, 0), !=, casarray_test_slapd_mp_get_address (mp, 1));

  g_assert_true (casarray_test_slapd_mp_partition (mp, &error));
  g_assert_true (casarray_test_slapd_load_ldif (p1, "dn: CN=late,DC=contoso,DC=com\nobjectClass: person\n"
                                                "cn: late\nsn: late\n", &error));
  g_assert_no_error (error);
  converged = casarray_test_slapd_mp_wait_converged (mp, 2000, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_false (converged);
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) on_p0 = read_values (p0, "DC=contoso,DC=com", "(cn=late)", "cn");
    g_assert_cmpuint (on_p0->len, ==, 0);
  }
  accepted = casarray_test_slapd_mp_get_relay_connections (mp);
  g_assert_true (casarray_test_slapd_mp_heal (mp, &error));
  converge (mp);
  /* the consumers came back through the relay */
  g_assert_cmpuint (casarray_test_slapd_mp_get_relay_connections (mp), >, accepted);
  {
    g_autoptr(GPtrArray) on_p0 = read_values (p0, "DC=contoso,DC=com", "(cn=late)", "cn");
    g_assert_cmpuint (on_p0->len, ==, 1);
  }
  g_assert_cmpuint (casarray_test_slapd_mp_get_resyncs (mp), ==, 0);

  /* an entry lost behind replication's back */
  casarray_test_slapd_stop (p1);
  config = g_build_filename (casarray_test_slapd_get_directory (p1), "slapd.conf", NULL);
  modify = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, "/usr/sbin/slapmodify", "-f", config, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (modify, "dn: CN=late,DC=contoso,DC=com\nchangetype: delete\n\n",
                                                NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (modify));
  g_assert_true (casarray_test_slapd_restart (p1, &error));
  g_assert_no_error (error);
  converge (mp);
  g_assert_cmpuint (casarray_test_slapd_mp_get_resyncs (mp), ==, 1);
  {
    g_autoptr(GPtrArray) on_p1 = read_values (p1, "DC=contoso,DC=com", "(cn=late)", "cn");
    g_assert_cmpuint (on_p1->len, ==, 1);
  }
}

/* ------------------------------------------------------------------ */
/* Concurrent creators on both providers                               */
/* ------------------------------------------------------------------ */

typedef struct {
  CasarrayTestSlapdMp *mp;
  guint                provider;
  char                *name;
  const char          *site;
  GMutex              *lock;
  GCond               *cond;
  gboolean            *go;
  gboolean             created;
  GError              *error;
} Creator;

static gpointer
creator_thread (gpointer data)
{
  Creator *creator = data;
  g_autoptr(CasarrayDirectory) directory = open_on (creator->mp, creator->provider);
  g_autofree char *fqdn = g_strdup_printf ("%s.contoso.com", creator->name);
  g_autoptr(GPtrArray) warm = NULL;
  CasarrayClientAccessArray *array;

  /* connect before the start line, so the race is between the writes */
  warm = casarray_directory_get_client_access_arrays_sync (directory, NULL, NULL, NULL, &creator->error);
  if (warm == NULL)
    return NULL;
  g_mutex_lock (creator->lock);
  while (!*creator->go)
    g_cond_wait (creator->cond, creator->lock);
  g_mutex_unlock (creator->lock);

  array = casarray_directory_new_client_access_array_sync (directory, creator->name, fqdn, creator->site, NULL,
                                                           &creator->error);
  creator->created = array != NULL;
  g_clear_object (&array);
  return NULL;
}

static void
test_concurrent_creators (void)
{
  g_autoptr(CasarrayTestSlapdMp) mp = start_mp ();
  g_autoptr(CasarrayDirectory) first = open_on (mp, 0);
  g_autoptr(GError) error = NULL;

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autofree char *site = g_strdup_printf ("Race%u", round);
      g_autofree char *mbx = g_strdup_printf ("MBX-%s", site);
      g_autofree char *db = g_strdup_printf ("RaceDB%u", round);
      /* odd rounds: the two administrators cannot see each other at all */
      gboolean partitioned = round % 2 == 1;
      Creator creators[CASARRAY_TEST_SLAPD_MP_PROVIDERS * CREATORS];
      GThread *threads[G_N_ELEMENTS (creators)];
      guint created[CASARRAY_TEST_SLAPD_MP_PROVIDERS] = { 0, 0 };
      GMutex lock;
      GCond cond;
      gboolean go = FALSE;
      g_autoptr(GPtrArray) results = NULL;

      add_site (mp, first, site);
      /* a database of the site, pointing at its CAS for now */
      add_database (first, db, mbx);
      converge (mp);
      if (partitioned)
        g_assert_true (casarray_test_slapd_mp_partition (mp, &error));

      g_mutex_init (&lock);
      g_cond_init (&cond);
      for (guint i = 0; i < G_N_ELEMENTS (creators); i++)
        {
          creators[i] = (Creator) {
            .mp = mp, .provider = i % CASARRAY_TEST_SLAPD_MP_PROVIDERS,
            .name = g_strdup_printf ("race%u-%u", round, i), .site = site,
            .lock = &lock, .cond = &cond, .go = &go,
          };
          threads[i] = g_thread_new ("creator", creator_thread, &creators[i]);
        }
      g_usleep (200 * 1000);
      g_mutex_lock (&lock);
      go = TRUE;
      g_cond_broadcast (&cond);
      g_mutex_unlock (&lock);
      for (guint i = 0; i < G_N_ELEMENTS (creators); i++)
        {
          g_thread_join (threads[i]);
          if (creators[i].created)
            created[creators[i].provider]++;
          else
            /* the losers get EMS's error, nothing else */
            g_assert_error (creators[i].error, CASARRAY_ERROR, CASARRAY_ERROR_ARRAY_EXISTS_IN_SITE);
          g_clear_error (&creators[i].error);
          g_free (creators[i].name);
        }
      g_mutex_clear (&lock);
      g_cond_clear (&cond);

      /* on one server the protocol keeps exactly one; a partition lets
       * each provider keep its own */
      if (partitioned)
        {
          g_assert_cmpuint (created[0], ==, 1);
          g_assert_cmpuint (created[1], ==, 1);
          g_assert_true (casarray_test_slapd_mp_heal (mp, &error));
        }
      else
        g_assert_cmpuint (created[0] + created[1], >=, 1);
      converge (mp);

      results = repair_on (mp, round % 2 == 0 ? 1 : 0, FALSE);
      g_assert_cmpuint (count_outcome (results, CASARRAY_REPAIR_CHANGED), ==, results->len);
      converge (mp);
      assert_one_array_everywhere (mp, site, mbx, NULL, 1);
    }
  g_test_message ("full replication refreshes slapd needed: %u", casarray_test_slapd_mp_get_resyncs (mp));
}

/* ------------------------------------------------------------------ */
/* AD's conflict copies, on every backend                              */
/* ------------------------------------------------------------------ */

/* A conflict copy as AD replication leaves it: the RDN value and cn/name
 * end in a line feed, "CNF:" and the copy's GUID; everything else is
 * what the creator wrote, so the legacyExchangeDN equals the original's. */
#define CNF_GUID "4f3a0c1e-9b2d-4e5f-8a7b-6c5d4e3f2a1b"

static char *
cnf_value (const char *name)
{
  g_autofree char *raw = g_strdup_printf ("%s\nCNF:" CNF_GUID, name);

  return g_base64_encode ((const guchar *) raw, strlen (raw));
}

static void
test_cnf (CasarrayTestBackend *fixture,
          gconstpointer        data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autofree char *array_cn = cnf_value ("outlook");
  g_autofree char *server_cn = cnf_value ("MBX1");
  g_autofree char *database_cn = cnf_value ("DB1");
  g_autofree char *database_copy_dn = NULL;
  g_autofree char *ldif = NULL;
  g_autoptr(CasarrayServer) mbx = NULL;
  g_autoptr(CasarrayServer) cas = NULL;
  g_autoptr(CasarrayClientAccessArray) outlook = NULL;
  g_autoptr(CasarrayMailboxDatabase) db = NULL;
  const char *site = CASARRAY_TEST_SITE1;
  CasarrayFinding *finding;

  mbx = casarray_test_new_server (fixture->directory, "MBX1", "mbx1.contoso.com", site,
                                                     CASARRAY_SERVER_ROLE_MAILBOX, NULL, &error);
  g_assert_no_error (error);
  cas = casarray_test_new_server (fixture->directory, "CAS1", "cas1.contoso.com", site,
                                                     CASARRAY_SERVER_ROLE_CLIENT_ACCESS, NULL, &error);
  g_assert_no_error (error);
  outlook = casarray_directory_new_client_access_array_sync (fixture->directory, "outlook", "outlook.contoso.com",
                                                             site, NULL, &error);
  g_assert_no_error (error);
  db = casarray_directory_new_mailbox_database_sync (fixture->directory, "DB1", "MBX1", NULL, NULL, &error);
  g_assert_no_error (error);

  /* the copies: same attributes as their originals, mangled RDN */
  ldif = g_strdup_printf (
    "dn: CN=outlook\\0ACNF:" CNF_GUID "," ARRAYS_DN "\n"
    "objectClass: top\nobjectClass: server\nobjectClass: msExchExchangeServer\n"
    "objectClass: msExchClientAccessArray\ncn:: %s\n"
    "networkAddress: ncacn_ip_tcp:outlook.contoso.com\n"
    "msExchServerSite: CN=%s," SITES_DN "\nlegacyExchangeDN: " LEGACY ("outlook") "\n\n",
    array_cn, site);
  g_assert_true (casarray_test_backend_load_ldif (fixture, ldif, &error));
  g_assert_no_error (error);
  g_clear_pointer (&ldif, g_free);
  ldif = g_strdup_printf (
    "dn: CN=MBX1\\0ACNF:" CNF_GUID ",CN=Servers," ADMIN_GROUP "\n"
    "objectClass: top\nobjectClass: server\nobjectClass: msExchExchangeServer\ncn:: %s\n"
    "networkAddress: ncacn_ip_tcp:mbx1.contoso.com\nmsExchCurrentServerRoles: 2\n"
    "msExchServerSite: CN=%s," SITES_DN "\nlegacyExchangeDN: " LEGACY ("MBX1") "\n\n",
    server_cn, site);
  g_assert_true (casarray_test_backend_load_ldif (fixture, ldif, &error));
  g_assert_no_error (error);
  /* a database copy next to DB1, of the same server and legacyExchangeDN */
  {
    const char *dn = casarray_object_get_distinguished_name (CASARRAY_OBJECT (db));

    g_assert_true (g_ascii_strncasecmp (dn, "CN=DB1,", strlen ("CN=DB1,")) == 0);
    database_copy_dn = g_strdup_printf ("CN=DB1\\0ACNF:" CNF_GUID ",%s", dn + strlen ("CN=DB1,"));
    g_clear_pointer (&ldif, g_free);
    ldif = g_strdup_printf (
      "dn: %s\n"
      "objectClass: top\nobjectClass: msExchMDB\nobjectClass: msExchPrivateMDB\ncn:: %s\n"
      "msExchOwningServer: %s\nlegacyExchangeDN: %s\ndeliveryMechanism: 0\n\n",
      database_copy_dn, database_cn, casarray_object_get_distinguished_name (CASARRAY_OBJECT (mbx)),
      casarray_mailbox_database_get_exchange_legacy_dn (db));
    g_assert_true (casarray_test_backend_load_ldif (fixture, ldif, &error));
    g_assert_no_error (error);
  }

  findings = casarray_directory_audit_sync (fixture->directory, NULL, &error);
  g_assert_no_error (error);
  finding = find_finding (findings, CASARRAY_FINDING_REPLICATION_CONFLICT, "outlook\\0ACNF:" CNF_GUID);
  g_assert_nonnull (finding);
  g_assert_cmpstr (casarray_finding_get_related (finding)[0], ==, "outlook");
  g_assert_nonnull (casarray_finding_get_related (finding)[1]);
  finding = find_finding (findings, CASARRAY_FINDING_REPLICATION_CONFLICT, "MBX1\\0ACNF:" CNF_GUID);
  g_assert_nonnull (finding);
  g_assert_cmpint (casarray_finding_get_severity (finding), ==, CASARRAY_FINDING_SEVERITY_ERROR);
  finding = find_finding (findings, CASARRAY_FINDING_REPLICATION_CONFLICT, "DB1\\0ACNF:" CNF_GUID);
  g_assert_nonnull (finding);
  g_assert_cmpstr (casarray_finding_get_related (finding)[0], ==, "DB1");
  g_assert_true (g_ascii_strcasecmp (casarray_finding_get_related (finding)[1],
                                     casarray_object_get_distinguished_name (CASARRAY_OBJECT (db))) == 0);
  /* the copy of the array always loses to its properly named original */
  finding = find_finding (findings, CASARRAY_FINDING_SEVERAL_ARRAYS_IN_SITE, site);
  g_assert_nonnull (finding);
  g_assert_cmpstr (casarray_finding_get_proposed_endpoint (finding), ==, "outlook.contoso.com");

  results = casarray_directory_repair_sync (fixture->directory, findings, CASARRAY_WRITE_NONE, NULL, &error);
  g_assert_no_error (error);
  /* DB1 points at outlook (the copy shares its legacyExchangeDN): only the
   * copy goes, and the server copy is only reported */
  left = casarray_test_get_arrays (fixture->directory, NULL, site, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 1);
  g_assert_cmpstr (casarray_client_access_array_get_fqdn (g_ptr_array_index (left, 0)), ==, "outlook.contoso.com");
  g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (g_ptr_array_index (left, 0))), ==, "outlook");
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = casarray_directory_audit_sync (fixture->directory, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (find_finding (findings, CASARRAY_FINDING_REPLICATION_CONFLICT, "outlook\\0ACNF:" CNF_GUID));
  g_assert_nonnull (find_finding (findings, CASARRAY_FINDING_REPLICATION_CONFLICT, "MBX1\\0ACNF:" CNF_GUID));
  g_assert_nonnull (find_finding (findings, CASARRAY_FINDING_REPLICATION_CONFLICT, "DB1\\0ACNF:" CNF_GUID));
}

/* ------------------------------------------------------------------ */
/* The rank, on chosen creation times and GUIDs                        */
/* ------------------------------------------------------------------ */

static char *
array_ldif (const char *name,
            const char *when_created,
            const char *guid)
{
  return g_strdup_printf ("dn: CN=%s," ARRAYS_DN "\n"
                          "objectClass: top\nobjectClass: server\nobjectClass: msExchExchangeServer\n"
                          "objectClass: msExchClientAccessArray\ncn: %s\n"
                          "networkAddress: ncacn_ip_tcp:%s.contoso.com\n"
                          "msExchServerSite: CN=%s," SITES_DN "\nlegacyExchangeDN: " LEGACY ("%s") "\n"
                          "whenCreated: %s\nentryUUID: %s\n\n",
                          name, name, name, CASARRAY_TEST_SITE1, name, when_created, guid);
}

/* An array as another tool writes it, with what the server assigns. */
static char *
array_ldif_undated (const char *name)
{
  return g_strdup_printf ("dn: CN=%s," ARRAYS_DN "\n"
                          "objectClass: top\nobjectClass: server\nobjectClass: msExchExchangeServer\n"
                          "objectClass: msExchClientAccessArray\ncn: %s\n"
                          "networkAddress: ncacn_ip_tcp:%s.contoso.com\n"
                          "msExchServerSite: CN=%s," SITES_DN "\nlegacyExchangeDN: " LEGACY ("%s") "\n\n",
                          name, name, name, CASARRAY_TEST_SITE1, name);
}

static void
test_rank (CasarrayTestBackend *fixture,
           gconstpointer        data)
{
  /* name, whenCreated, GUID; expected survivor after each step */
  static const struct { const char *name, *when, *guid, *survivor; } steps[] = {
    /* the first array */
    { "young", "20261202040000.0Z", "00000000-0000-0000-0000-000000000001", "young" },
    /* older, with a higher GUID: time decides */
    { "old", "20240101000000.0Z", "ffffffff-0000-0000-0000-000000000000", "old" },
    /* as old, lower GUID: the GUID decides */
    { "twin", "20240101000000.0Z", "0fffffff-0000-0000-0000-000000000000", "twin" },
    /* a fraction of a second later than twin: time decides again */
    { "later", "20240101000000.5Z", "00000000-0000-0000-0000-000000000000", "twin" },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *ldif = array_ldif (steps[i].name, steps[i].when, steps[i].guid);
      g_autofree char *expected = g_strdup_printf ("%s.contoso.com", steps[i].survivor);
      g_autoptr(GPtrArray) findings = NULL;
      CasarrayFinding *several;

      g_assert_true (casarray_test_backend_load_ldif (fixture, ldif, &error));
      g_assert_no_error (error);
      findings = casarray_directory_audit_sync (fixture->directory, NULL, &error);
      g_assert_no_error (error);
      several = find_finding (findings, CASARRAY_FINDING_SEVERAL_ARRAYS_IN_SITE, CASARRAY_TEST_SITE1);
      if (i == 0)
        g_assert_null (several);
      else
        g_assert_cmpstr (casarray_finding_get_proposed_endpoint (several), ==, expected);
    }
  /* an array without a time (the store's own) ranks after every dated one */
  {
    g_autoptr(CasarrayClientAccessArray) none = NULL;
    g_autoptr(GPtrArray) findings = NULL;

    g_assert_true (casarray_test_backend_load_ldif (fixture,
      "dn: CN=undated," ARRAYS_DN "\n"
      "objectClass: top\nobjectClass: server\nobjectClass: msExchExchangeServer\n"
      "objectClass: msExchClientAccessArray\ncn: undated\nnetworkAddress: ncacn_ip_tcp:undated.contoso.com\n"
      "msExchServerSite: CN=" CASARRAY_TEST_SITE1 "," SITES_DN "\nlegacyExchangeDN: " LEGACY ("undated") "\n\n",
      &error));
    g_assert_no_error (error);
    findings = casarray_directory_audit_sync (fixture->directory, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (casarray_finding_get_proposed_endpoint (
                       find_finding (findings, CASARRAY_FINDING_SEVERAL_ARRAYS_IN_SITE, CASARRAY_TEST_SITE1)),
                     ==, "twin.contoso.com");
  }
}

/* On a real server the rank reads the server's creation time: an array
 * created a second later loses although the older one was modified last
 * (entryCSN, the old tie-break on slapd, would rank it the other way), and
 * the finding names the time. */
static void
test_rank_server (CasarrayTestBackend *fixture,
                  gconstpointer        data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *first = array_ldif_undated ("first");
  g_autofree char *second = array_ldif_undated ("second");
  CasarrayFinding *several;

  g_assert_true (casarray_test_backend_load_ldif (fixture, first, &error));
  g_assert_no_error (error);
  g_usleep (1100 * 1000);   /* creation times have a resolution of 1 s */
  g_assert_true (casarray_test_backend_load_ldif (fixture, second, &error));
  g_assert_no_error (error);
  g_assert_true (casarray_test_backend_load_ldif (fixture,
    "dn: CN=first," ARRAYS_DN "\nchangetype: modify\nadd: networkAddress\nnetworkAddress: ncalrpc:first\n-\n\n",
    &error));
  g_assert_no_error (error);

  findings = casarray_directory_audit_sync (fixture->directory, NULL, &error);
  g_assert_no_error (error);
  several = find_finding (findings, CASARRAY_FINDING_SEVERAL_ARRAYS_IN_SITE, CASARRAY_TEST_SITE1);
  g_assert_nonnull (several);
  g_assert_cmpstr (casarray_finding_get_proposed_endpoint (several), ==, "first.contoso.com");
  g_assert_nonnull (strstr (casarray_finding_get_message (several), "keeps first (created 20"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/converge/mp/fixture", test_fixture);
  g_test_add_func ("/converge/mp/partition-heal", test_partition_heal);
  g_test_add_func ("/converge/mp/concurrent-creators", test_concurrent_creators);
  CASARRAY_TEST_ADD ("converge", "cnf", casarray_test_backend_set_up, test_cnf);
  CASARRAY_TEST_ADD_STORE ("converge", "rank", casarray_test_backend_set_up, test_rank);
  CASARRAY_TEST_ADD_LDAP ("converge", "rank-server", casarray_test_backend_set_up, test_rank_server);
  CASARRAY_TEST_ADD_AD ("converge", "rank-server", casarray_test_backend_set_up, test_rank_server);
  return g_test_run ();
}
