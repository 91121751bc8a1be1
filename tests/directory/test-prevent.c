/* test-prevent.c: one place where arrays are created (issue 11, layer 1),
 * and handles for one server of a replicated directory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * On two OpenLDAP providers in multi-provider replication, partitioned so
 * that neither sees the other's writes: writers that share the creation
 * point (the first server of their list, or a configured one) create
 * exactly one array for a site without any repair; with the creation
 * point down, a creation is refused naming it, unless the handle allows
 * any server.  On two independent slapds, casarray_directory_new_for_server()
 * talks to the named server with the first handle's credentials.
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
#define CONVERGE_MS  20000
#define ROUNDS       3
#define CREATORS     4   /* per provider */

/* How many arrays @provider really holds for @site (read with libldap as
 * the rootdn, not through the library). */
static guint
arrays_of_site (CasarrayTestSlapd *provider,
                const char        *site)
{
  g_autofree char *filter = g_strdup_printf ("(&(objectClass=msExchClientAccessArray)"
                                             "(msExchServerSite=CN=%s," SITES_DN "))", site);
  LDAP *ld = NULL;
  int version = LDAP_VERSION3;
  struct berval cred;
  char *attrs[] = { (char *) LDAP_NO_ATTRS, NULL };
  LDAPMessage *res = NULL;
  guint n;

  g_assert_cmpint (ldap_initialize (&ld, casarray_test_slapd_get_ldap_uri (provider)), ==, LDAP_SUCCESS);
  ldap_set_option (ld, LDAP_OPT_PROTOCOL_VERSION, &version);
  cred.bv_val = (char *) casarray_test_slapd_get_root_password (provider);
  cred.bv_len = strlen (cred.bv_val);
  g_assert_cmpint (ldap_sasl_bind_s (ld, casarray_test_slapd_get_root_dn (provider), LDAP_SASL_SIMPLE, &cred,
                                     NULL, NULL, NULL), ==, LDAP_SUCCESS);
  g_assert_cmpint (ldap_search_ext_s (ld, ARRAYS_DN, LDAP_SCOPE_ONELEVEL, filter, attrs, 0, NULL, NULL, NULL, 0,
                                      &res), ==, LDAP_SUCCESS);
  n = ldap_count_entries (ld, res);
  ldap_msgfree (res);
  ldap_unbind_ext_s (ld, NULL, NULL);
  return n;
}

static const char *
ldapi_of (CasarrayTestSlapdMp *mp,
          guint                provider)
{
  return casarray_test_slapd_get_ldapi_uri (casarray_test_slapd_mp_get_provider (mp, provider));
}

/* A writer near @provider: its own provider first, the other second, and
 * provider 0 as the creation point (the first of the list, or named). */
static CasarrayDirectory *
open_near (CasarrayTestSlapdMp *mp,
           guint                provider)
{
  const char *uris[] = { ldapi_of (mp, provider), ldapi_of (mp, 1 - provider), NULL };
  CasarrayDirectory *directory = casarray_directory_new_for_uris (uris);

  if (provider != 0)
    casarray_directory_set_creation_server (directory, ldapi_of (mp, 0));
  return directory;
}

static void
converge (CasarrayTestSlapdMp *mp)
{
  g_autoptr(GError) error = NULL;
  gboolean converged = casarray_test_slapd_mp_wait_converged (mp, CONVERGE_MS, &error);

  g_assert_no_error (error);
  g_assert_true (converged);
}

/* A site with a CAS, made on provider 0 and replicated. */
static void
add_site (CasarrayTestSlapdMp *mp,
          const char          *site)
{
  g_autoptr(CasarrayDirectory) directory = casarray_directory_new (ldapi_of (mp, 0));
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarraySite) created = casarray_directory_new_site_sync (directory, site, NULL, &error);
  g_autofree char *cas = g_strdup_printf ("CAS-%s", site);
  g_autofree char *cas_fqdn = g_strdup_printf ("cas-%s.contoso.com", site);
  g_autoptr(CasarrayServer) client_access = NULL;

  g_assert_no_error (error);
  client_access = casarray_test_new_server (directory, cas, cas_fqdn, site, CASARRAY_SERVER_ROLE_CLIENT_ACCESS,
                                            NULL, &error);
  g_assert_no_error (error);
  converge (mp);
}

static CasarrayTestSlapdMp *
start_mp (void)
{
  g_autoptr(GError) error = NULL;
  CasarrayTestSlapdMp *mp = casarray_test_slapd_mp_start (&error);
  g_autoptr(CasarrayDirectory) directory = NULL;

  g_assert_no_error (error);
  directory = casarray_directory_new (ldapi_of (mp, 0));
  g_assert_true (casarray_directory_new_organization_sync (directory, ORG, NULL, &error));
  g_assert_no_error (error);
  converge (mp);
  return mp;
}

typedef struct {
  CasarrayTestSlapdMp *mp;
  guint                provider;
  char                *name;
  const char          *site;
  GMutex              *lock;
  GCond               *cond;
  gboolean            *go;
  gboolean             created;
  char                *normal_uri;   /* where its reads went */
  GError              *error;
} Creator;

static gpointer
creator_thread (gpointer data)
{
  Creator *creator = data;
  g_autoptr(CasarrayDirectory) directory = open_near (creator->mp, creator->provider);
  g_autofree char *fqdn = g_strdup_printf ("%s.contoso.com", creator->name);
  g_autoptr(GPtrArray) warm = NULL;
  CasarrayClientAccessArray *array;

  /* connect before the start line, so the race is between the writes */
  warm = casarray_directory_get_client_access_arrays_sync (directory, NULL, NULL, NULL, &creator->error);
  if (warm == NULL)
    return NULL;
  creator->normal_uri = casarray_directory_dup_connected_uri (directory);
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

/* Replication cut: without the creation point each provider would keep
 * one array (test-converge proves that); with it, exactly one exists. */
static void
test_concurrent_creators (void)
{
  g_autoptr(CasarrayTestSlapdMp) mp = start_mp ();
  g_autoptr(GError) error = NULL;

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autofree char *site = g_strdup_printf ("Prevent%u", round);
      Creator creators[CASARRAY_TEST_SLAPD_MP_PROVIDERS * CREATORS];
      GThread *threads[G_N_ELEMENTS (creators)];
      guint created = 0;
      GMutex lock;
      GCond cond;
      gboolean go = FALSE;

      add_site (mp, site);
      g_assert_true (casarray_test_slapd_mp_partition (mp, &error));
      g_assert_no_error (error);

      g_mutex_init (&lock);
      g_cond_init (&cond);
      for (guint i = 0; i < G_N_ELEMENTS (creators); i++)
        {
          creators[i] = (Creator) {
            .mp = mp, .provider = i % CASARRAY_TEST_SLAPD_MP_PROVIDERS,
            .name = g_strdup_printf ("prevent%u-%u", round, i), .site = site,
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
            created++;
          else
            g_assert_error (creators[i].error, CASARRAY_ERROR, CASARRAY_ERROR_ARRAY_EXISTS_IN_SITE);
          /* the writers near provider 1 read there, yet created on 0 */
          g_assert_cmpstr (creators[i].normal_uri, ==, ldapi_of (mp, creators[i].provider));
          g_clear_error (&creators[i].error);
          g_free (creators[i].name);
          g_free (creators[i].normal_uri);
        }
      g_mutex_clear (&lock);
      g_cond_clear (&cond);

      g_assert_cmpuint (created, ==, 1);
      g_assert_cmpuint (arrays_of_site (casarray_test_slapd_mp_get_provider (mp, 0), site), ==, 1);
      g_assert_cmpuint (arrays_of_site (casarray_test_slapd_mp_get_provider (mp, 1), site), ==, 0);

      g_assert_true (casarray_test_slapd_mp_heal (mp, &error));
      g_assert_no_error (error);
      converge (mp);
      /* no repair: one array on both */
      for (guint p = 0; p < CASARRAY_TEST_SLAPD_MP_PROVIDERS; p++)
        g_assert_cmpuint (arrays_of_site (casarray_test_slapd_mp_get_provider (mp, p), site), ==, 1);
    }
}

/* The creation point down: refused, naming it; allowed: made on the
 * handle's own server. */
static void
test_creation_point_down (void)
{
  g_autoptr(CasarrayTestSlapdMp) mp = start_mp ();
  CasarrayTestSlapd *p0 = casarray_test_slapd_mp_get_provider (mp, 0);
  CasarrayTestSlapd *p1 = casarray_test_slapd_mp_get_provider (mp, 1);
  g_autoptr(CasarrayDirectory) directory = open_near (mp, 1);
  g_autoptr(CasarrayClientAccessArray) array = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;

  add_site (mp, "Down");
  add_site (mp, "Down2");
  g_assert_true (casarray_test_slapd_mp_partition (mp, &error));
  casarray_test_slapd_stop (p0);

  g_assert_false (casarray_directory_get_allow_any_creation_server (directory));
  server = casarray_directory_dup_creation_server (directory);
  g_assert_cmpstr (server, ==, ldapi_of (mp, 0));
  array = casarray_directory_new_client_access_array_sync (directory, "down1", "down1.contoso.com", "Down", NULL,
                                                           &error);
  g_assert_null (array);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, ldapi_of (mp, 0)));
  g_assert_nonnull (strstr (error->message, "creation server"));
  g_test_message ("refused: %s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (arrays_of_site (p1, "Down"), ==, 0);

  /* reads still work on the handle's own server */
  {
    g_autoptr(GPtrArray) arrays = casarray_directory_get_client_access_arrays_sync (directory, NULL, NULL, NULL,
                                                                                  &error);
    g_assert_no_error (error);
    g_assert_nonnull (arrays);
  }

  casarray_directory_set_allow_any_creation_server (directory, TRUE);
  array = casarray_directory_new_client_access_array_sync (directory, "down1", "down1.contoso.com", "Down", NULL,
                                                           &error);
  g_assert_no_error (error);
  g_assert_nonnull (array);
  g_assert_cmpuint (arrays_of_site (p1, "Down"), ==, 1);

  /* a move or rename is a creation in its site: refused too; an FQDN
   * change is not, and runs on the handle's own server */
  {
    g_autoptr(CasarrayDirectory) strict = open_near (mp, 1);
    g_autoptr(CasarrayClientAccessArrayChanges) move = casarray_client_access_array_changes_new ();
    g_autoptr(CasarrayClientAccessArrayChanges) rename = casarray_client_access_array_changes_new ();
    g_autoptr(CasarrayClientAccessArrayChanges) fqdn = casarray_client_access_array_changes_new ();

    casarray_client_access_array_changes_set_site (move, "Down2");
    g_assert_false (casarray_directory_set_client_access_array_sync (strict, "down1", move, NULL, &error));
    g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION);
    g_assert_nonnull (strstr (error->message, "creation server"));
    g_clear_error (&error);
    casarray_client_access_array_changes_set_name (rename, "down1b");
    g_assert_false (casarray_directory_set_client_access_array_sync (strict, "down1", rename, NULL, &error));
    g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION);
    g_clear_error (&error);
    casarray_client_access_array_changes_set_fqdn (fqdn, "down1b.contoso.com");
    g_assert_true (casarray_directory_set_client_access_array_sync (strict, "down1", fqdn, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (arrays_of_site (p1, "Down"), ==, 1);
  }

  /* casarray: refused, then --allow-any-server */
  for (guint allow = 0; allow < 2; allow++)
    {
      g_autofree char *uris = g_strdup_printf ("%s %s", ldapi_of (mp, 1), ldapi_of (mp, 0));
      const char *argv[] = {
        CASARRAY_CLI, "--store", uris, "--creation-server", ldapi_of (mp, 0),
        allow ? "--allow-any-server" : "-v",
        "New-ClientAccessArray -Name down2 -Fqdn down2.contoso.com -Site Down2", NULL,
      };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int wait_status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                                   &wait_status, &error));
      g_assert_no_error (error);
      g_test_message ("casarray%s: %s / %s", allow ? " --allow-any-server" : "", out, err);
      g_assert_cmpint (g_spawn_check_wait_status (wait_status, NULL), ==, allow);
      if (!allow)
        g_assert_nonnull (strstr (err, "creation server"));
      g_assert_cmpuint (arrays_of_site (p1, "Down2"), ==, allow);
    }

  g_assert_true (casarray_test_slapd_restart (p0, &error));
  g_assert_no_error (error);
}

/* host:port of an ldap:// URI */
static const char *
host_port (const char *uri)
{
  g_assert_true (g_str_has_prefix (uri, "ldap://"));
  return uri + strlen ("ldap://");
}

static void
test_new_for_server (void)
{
  g_autoptr(GError) error = NULL;
  /* two independent directories with one account, as two DCs have */
  const CasarrayTestSlapdOptions options = { .root_password = "prevent-shared-secret" };
  g_autoptr(CasarrayTestSlapd) one = casarray_test_slapd_start_with_options (&options, &error);
  g_autoptr(CasarrayTestSlapd) two = NULL;
  g_autoptr(CasarrayDirectory) first = NULL;
  g_autoptr(CasarrayDirectory) second = NULL;
  g_autoptr(CasarrayDirectory) store = casarray_directory_new ("memory:");
  g_autoptr(CasarrayDirectory) bad = NULL;
  g_autoptr(CasarraySite) site = NULL;
  g_autoptr(GPtrArray) sites = NULL;
  g_autofree char *connected = NULL;
  g_autofree char *bind_dn = NULL;
  g_autofree char *org = NULL;
  gboolean created;

  g_assert_no_error (error);
  two = casarray_test_slapd_start_with_options (&options, &error);
  g_assert_no_error (error);

  first = casarray_directory_new (casarray_test_slapd_get_ldap_uri (one));
  casarray_directory_set_bind_dn (first, casarray_test_slapd_get_root_dn (one));
  casarray_directory_set_password_file (first, casarray_test_slapd_get_root_password_file (one));
  casarray_directory_set_operation_timeout (first, 4321);
  g_assert_true (casarray_directory_new_organization_sync (first, ORG, NULL, &error));
  g_assert_no_error (error);

  /* -DomainController host:port: the second server, the first's account */
  second = casarray_directory_new_for_server (first, host_port (casarray_test_slapd_get_ldap_uri (two)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (casarray_directory_get_uri (second), ==, casarray_test_slapd_get_ldap_uri (two));
  bind_dn = casarray_directory_get_bind_dn (second);
  g_assert_cmpstr (bind_dn, ==, casarray_test_slapd_get_root_dn (one));
  g_assert_cmpuint (casarray_directory_get_operation_timeout (second), ==, 4321);
  /* the second server holds no organisation yet: the call went there */
  created = casarray_directory_new_organization_sync (second, ORG, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  connected = casarray_directory_dup_connected_uri (second);
  g_assert_cmpstr (connected, ==, casarray_test_slapd_get_ldap_uri (two));

  /* a read right after a write on the same handle sees it */
  site = casarray_directory_new_site_sync (second, "OnlyOnTwo", NULL, &error);
  g_assert_no_error (error);
  sites = casarray_directory_get_sites_sync (second, "OnlyOnTwo", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 1);
  g_clear_pointer (&sites, g_ptr_array_unref);
  sites = casarray_directory_get_sites_sync (first, "OnlyOnTwo", NULL, NULL, &error);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND);
  g_assert_null (sites);
  g_clear_error (&error);

  /* casarray: -DomainController on a cmdlet sends it to that server, the
   * statement without it to the --store one */
  {
    const char *argv[] = {
      CASARRAY_CLI, "--store", casarray_test_slapd_get_ldap_uri (one),
      "--bind-dn", casarray_test_slapd_get_root_dn (one),
      "--password-file", casarray_test_slapd_get_root_password_file (one),
      "New-ADSite CliTwo -DomainController ", host_port (casarray_test_slapd_get_ldap_uri (two)),
      "; (Get-ADSite -dc ", host_port (casarray_test_slapd_get_ldap_uri (two)),
      " | Measure-Object).Count; (Get-ADSite | Measure-Object).Count", NULL,
    };
    g_autofree char *script = g_strjoinv ("", (char **) argv + 7);
    const char *spawned[] = { argv[0], argv[1], argv[2], argv[3], argv[4], argv[5], argv[6], script, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int wait_status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) spawned, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                                 &wait_status, &error));
    g_assert_no_error (error);
    g_test_message ("casarray wrote: %s / %s", out, err);
    g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
    /* New-ADSite's row, then: two holds OnlyOnTwo and CliTwo, one none */
    g_assert_nonnull (strstr (out, "CliTwo"));
    g_assert_true (g_str_has_suffix (out, "\n2\n0\n"));
    g_clear_pointer (&sites, g_ptr_array_unref);
    sites = casarray_directory_get_sites_sync (second, "CliTwo", NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sites->len, ==, 1);
  }

  /* a full URI is taken as it is */
  g_clear_object (&second);
  second = casarray_directory_new_for_server (first, casarray_test_slapd_get_ldap_uri (two), &error);
  g_assert_no_error (error);
  org = casarray_directory_get_organization (second);
  g_assert_null (org);

  /* no other server to name */
  bad = casarray_directory_new_for_server (store, "dc2.contoso.com", &error);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT);
  g_assert_null (bad);
  g_clear_error (&error);
  bad = casarray_directory_new_for_server (first, "dc2 dc3", &error);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT);
  g_assert_null (bad);
  g_clear_error (&error);
}

/* AD: the DCs from the configuration partition, the DC of a site, the
 * domain naming master, and creations sent to it. */
static void
test_ad_domain_controllers (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(CasarrayTestSamba) samba = NULL;
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(CasarrayDirectory) listing = NULL;
  g_autoptr(CasarraySite) branch = NULL;
  g_autoptr(CasarrayServer) cas = NULL;
  g_autoptr(CasarrayClientAccessArray) array = NULL;
  g_auto(GStrv) dcs = NULL;
  g_autofree char *site_dc = NULL;
  g_autofree char *master = NULL;
  const char *fqdn;
  const char *uris[3];

  if (!casarray_test_samba_available (&reason))
    {
      g_test_skip (reason);
      return;
    }
  samba = casarray_test_samba_start (&error);
  g_assert_no_error (error);
  fqdn = casarray_test_samba_get_host_fqdn (samba);
  directory = casarray_directory_new (casarray_test_samba_get_ldap_uri (samba));
  casarray_directory_set_bind_dn (directory, casarray_test_samba_get_admin_dn (samba));
  casarray_directory_set_password_file (directory, casarray_test_samba_get_admin_password_file (samba));

  dcs = casarray_directory_get_domain_controllers_sync (directory, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (dcs), ==, 1);
  /* Samba writes dNSHostName with the NetBIOS name's case */
  g_assert_cmpint (g_ascii_strcasecmp (dcs[0], fqdn), ==, 0);
  g_clear_pointer (&dcs, g_strfreev);
  dcs = casarray_directory_get_domain_controllers_sync (directory, "default-first-site-name", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (dcs), ==, 1);
  g_clear_pointer (&dcs, g_strfreev);

  g_assert_true (casarray_directory_new_organization_sync (directory, ORG, NULL, &error));
  g_assert_no_error (error);
  branch = casarray_directory_new_site_sync (directory, "Branch", NULL, &error);
  g_assert_no_error (error);
  dcs = casarray_directory_get_domain_controllers_sync (directory, "Branch", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (dcs), ==, 0);
  /* a site without a DC: its clients use one of another site */
  site_dc = casarray_directory_get_site_domain_controller_sync (directory, "Branch", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_ascii_strcasecmp (site_dc, fqdn), ==, 0);

  master = casarray_directory_get_domain_naming_master_sync (directory, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_ascii_strcasecmp (master, fqdn), ==, 0);

  /* a list of DCs creates on the naming master, by its host name: one
   * this machine cannot resolve, so the creation is refused naming it */
  cas = casarray_test_new_server (directory, "CAS-B", "cas-b.contoso.com", "Branch",
                                  CASARRAY_SERVER_ROLE_CLIENT_ACCESS, NULL, &error);
  g_assert_no_error (error);
  uris[0] = uris[1] = casarray_test_samba_get_ldap_uri (samba);
  uris[2] = NULL;
  listing = casarray_directory_new_for_uris (uris);
  casarray_directory_set_bind_dn (listing, casarray_test_samba_get_admin_dn (samba));
  casarray_directory_set_password_file (listing, casarray_test_samba_get_admin_password_file (samba));
  casarray_directory_set_network_timeout (listing, 2000);
  array = casarray_directory_new_client_access_array_sync (listing, "arr-b", "arr-b.contoso.com", "Branch", NULL,
                                                           &error);
  g_assert_null (array);
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, master));
  g_assert_nonnull (strstr (error->message, "creation server"));
  g_clear_error (&error);
  /* named by address instead, it is used */
  casarray_directory_set_creation_server (listing, casarray_test_samba_get_ldap_uri (samba));
  array = casarray_directory_new_client_access_array_sync (listing, "arr-b", "arr-b.contoso.com", "Branch", NULL,
                                                           &error);
  g_assert_no_error (error);
  g_assert_nonnull (array);
}

/* OpenLDAP has no DCs and no naming master: an empty list, NOT_FOUND. */
static void
test_ldap_no_domain_controllers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayTestSlapd) slapd = casarray_test_slapd_start (&error);
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_auto(GStrv) dcs = NULL;
  g_autofree char *master = NULL;
  g_autofree char *site_dc = NULL;

  g_assert_no_error (error);
  directory = casarray_directory_new (casarray_test_slapd_get_ldapi_uri (slapd));
  g_assert_true (casarray_directory_new_organization_sync (directory, ORG, NULL, &error));
  g_assert_no_error (error);
  dcs = casarray_directory_get_domain_controllers_sync (directory, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dcs);
  g_assert_cmpuint (g_strv_length (dcs), ==, 0);
  master = casarray_directory_get_domain_naming_master_sync (directory, NULL, &error);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND);
  g_assert_null (master);
  g_clear_error (&error);
  site_dc = casarray_directory_get_site_domain_controller_sync (directory, "Site1", NULL, &error);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND);
  g_assert_null (site_dc);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/prevent/new-for-server", test_new_for_server);
  g_test_add_func ("/prevent/mp/concurrent-creators", test_concurrent_creators);
  g_test_add_func ("/prevent/mp/creation-point-down", test_creation_point_down);
  g_test_add_func ("/prevent/ldap/no-domain-controllers", test_ldap_no_domain_controllers);
  g_test_add_func ("/prevent/ad/domain-controllers", test_ad_domain_controllers);

  return g_test_run ();
}
