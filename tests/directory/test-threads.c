/* test-threads.c: one CasarrayDirectory shared by threads that reconfigure it
 * and use it at once
 *
 * CasarrayDirectory promises use from several threads.  Here, on one handle,
 * at the same time:
 *  - a thread calls every setter over and over (configuration DN set and
 *    cleared, password file and password function swapped, bind DN, TLS
 *    CA file, timeouts), each of which drops the connection, so the other
 *    threads keep reconnecting and rebinding;
 *  - a thread calls the getters (configuration DN, organisation, bind DN,
 *    CA file, and the same as properties) and checks each value;
 *  - two threads list databases and sites and audit, and check the results;
 *  - a thread audits and then repairs (what-if) with casarray_directory_
 *    repair_async(), emptying and freeing its findings array as soon as
 *    the call returns, and checks that the repair acted on all of them.
 *
 * Every setting alternates between values that work, so every operation
 * must succeed with the full answer.  It runs against a throwaway slapd
 * (ldap://, simple bind, so that each reconnection reads the password
 * through whichever source is current) and against the embedded store.
 * Before the handle was made thread-safe, ASan reported heap-use-after-free
 * here (a getter's string freed by a setter, the password file freed while
 * read, the findings freed under the repair) and the repair saw an empty
 * array.  Iterations are bounded (CASARRAY_TEST_THREADS_ITERATIONS scales
 * them) so that it also runs under ThreadSanitizer; see
 * tsan-gmutex-annotate.c for how, with an uninstrumented GLib.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <casarray/casarray.h>

#include "casarray-test-calls.h"
#include "casarray-test-slapd.h"

#define ORG   "Contoso Corp"
#define SITE  "Default-First-Site-Name"
#define N_DATABASES 4

typedef struct {
  CasarrayDirectory *directory;
  gboolean           ldap;
  char              *configuration_dn;
  char              *bind_dns[2];        /* two spellings of one DN */
  char              *password_files[2];  /* the same password, twice */
  char              *password;
  char              *ca_file;            /* a path; never used (no TLS) */
  guint              iterations;
  guint              expected_repairs;   /* what a what-if repair returns */

  gint               workers;            /* atomic: operation threads still running */
  guint              setter_rounds;
  gint               functions_made;     /* atomic: password closures given */
  gint               functions_freed;    /* atomic: and destroyed */
} Shared;

/* ------------------------------------------------------------------ */
/* Setters and getters                                                */

static char *
password_func (CasarrayDirectory *directory,
               gpointer           user_data)
{
  Shared *shared = user_data;

  g_assert_true (CASARRAY_IS_DIRECTORY (directory));
  return g_strdup (shared->password);
}

static void
password_func_destroyed (gpointer user_data)
{
  Shared *shared = user_data;

  g_atomic_int_inc (&shared->functions_freed);
}

static gpointer
setter_thread (gpointer data)
{
  Shared *shared = data;
  CasarrayDirectory *directory = shared->directory;

  /* for as long as the operations run, and at least a few times */
  for (guint i = 0; g_atomic_int_get (&shared->workers) > 0 || i < 8; i++)
    {
      casarray_directory_set_configuration_dn (directory, i % 2 ? shared->configuration_dn : NULL);
      casarray_directory_set_bind_dn (directory, shared->bind_dns[i % 2]);
      if (i % 3 == 0)
        {
          g_atomic_int_inc (&shared->functions_made);
          casarray_directory_set_password_func (directory, password_func, shared,
                                                password_func_destroyed);
        }
      else
        casarray_directory_set_password_file (directory, shared->password_files[i % 2]);
      casarray_directory_set_tls_ca_file (directory, i % 2 ? shared->ca_file : NULL);
      casarray_directory_set_network_timeout (directory, 10000 + i % 2);
      casarray_directory_set_operation_timeout (directory, 20000 + i % 2);
      g_object_set (directory, "operation-timeout", 20000 + (i + 1) % 2, NULL);
      shared->setter_rounds = i + 1;
      g_usleep (1000);
    }
  return NULL;
}

static gpointer
getter_thread (gpointer data)
{
  Shared *shared = data;
  CasarrayDirectory *directory = shared->directory;

  while (g_atomic_int_get (&shared->workers) > 0)
    {
      g_autofree char *configuration_dn = casarray_directory_get_configuration_dn (directory);
      g_autofree char *organization = casarray_directory_get_organization (directory);
      g_autofree char *bind_dn = casarray_directory_get_bind_dn (directory);
      g_autofree char *ca_file = casarray_directory_get_tls_ca_file (directory);
      g_autofree char *property_dn = NULL;
      g_autofree char *property_organization = NULL;
      guint timeout = 0;

      g_object_get (directory, "configuration-dn", &property_dn,
                    "organization", &property_organization,
                    "operation-timeout", &timeout, NULL);

      /* NULL before a connection finds it, else the one set or found */
      if (configuration_dn != NULL)
        g_assert_cmpint (g_ascii_strcasecmp (configuration_dn, shared->configuration_dn), ==, 0);
      if (property_dn != NULL)
        g_assert_cmpint (g_ascii_strcasecmp (property_dn, shared->configuration_dn), ==, 0);
      g_assert_true (organization == NULL || strcmp (organization, ORG) == 0);
      g_assert_true (property_organization == NULL || strcmp (property_organization, ORG) == 0);
      g_assert_true (bind_dn == NULL || strcmp (bind_dn, shared->bind_dns[0]) == 0 ||
                     strcmp (bind_dn, shared->bind_dns[1]) == 0);
      g_assert_true (ca_file == NULL || strcmp (ca_file, shared->ca_file) == 0);
      /* the default, or exactly one of the values a setter writes: a torn
       * or mixed read would be anything else */
      g_assert_true (timeout == 8000 || timeout == 20000 || timeout == 20001);
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Operations                                                         */

static void
assert_databases (CasarrayDirectory *directory)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) databases =
    casarray_directory_get_mailbox_databases_sync (directory, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (databases->len, ==, N_DATABASES);
}

static gpointer
operations_thread (gpointer data)
{
  Shared *shared = data;
  CasarrayDirectory *directory = shared->directory;

  for (guint i = 0; i < shared->iterations; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) sites = NULL;
      g_autoptr(GPtrArray) findings = NULL;

      assert_databases (directory);
      sites = casarray_directory_get_sites_sync (directory, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sites->len, ==, 1);
      findings = casarray_directory_audit_sync (directory, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (findings->len, >=, N_DATABASES);
    }
  g_atomic_int_add (&shared->workers, -1);
  return NULL;
}

static void
repair_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The caller's findings array is emptied (dropping its references to the
 * findings) and freed right after repair_async() returns; the repair must
 * still act on every finding it was given. */
static gpointer
repair_thread (gpointer data)
{
  Shared *shared = data;
  CasarrayDirectory *directory = shared->directory;
  g_autoptr(GMainContext) context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  for (guint i = 0; i < shared->iterations; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) results = NULL;
      GAsyncResult *result = NULL;
      GPtrArray *findings = casarray_directory_audit_sync (directory, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (findings->len, >=, N_DATABASES);
      casarray_directory_repair_async (directory, findings, CASARRAY_WRITE_WHAT_IF, NULL, repair_done, &result);
      g_ptr_array_set_size (findings, 0);
      g_ptr_array_unref (findings);

      while (result == NULL)
        g_main_context_iteration (context, TRUE);
      results = casarray_directory_repair_finish (directory, result, &error);
      g_object_unref (result);
      g_assert_no_error (error);
      g_assert_cmpuint (results->len, ==, shared->expected_repairs);
    }
  g_main_context_pop_thread_default (context);
  g_atomic_int_add (&shared->workers, -1);
  return NULL;
}

/* ------------------------------------------------------------------ */

static void
populate (CasarrayDirectory *directory)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarraySite) site = NULL;
  g_autoptr(CasarrayServer) mailbox = NULL;
  g_autoptr(CasarrayServer) cas = NULL;
  g_autoptr(CasarrayClientAccessArray) array = NULL;

  g_assert_true (casarray_directory_new_organization_sync (directory, ORG, NULL, &error));
  g_assert_no_error (error);
  site = casarray_directory_new_site_sync (directory, SITE, NULL, &error);
  g_assert_no_error (error);
  mailbox = casarray_test_new_server (directory, "MBX1", "mbx1.contoso.com", SITE,
                                      CASARRAY_SERVER_ROLE_MAILBOX, NULL, &error);
  g_assert_no_error (error);
  cas = casarray_test_new_server (directory, "CAS1", "cas1.contoso.com", SITE,
                                  CASARRAY_SERVER_ROLE_CLIENT_ACCESS, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= N_DATABASES; i++)
    {
      g_autofree char *name = g_strdup_printf ("DB%u", i);
      g_autoptr(CasarrayMailboxDatabase) database =
        casarray_directory_new_mailbox_database_sync (directory, name, "MBX1", NULL, NULL, &error);

      g_assert_no_error (error);
    }
  /* an array added after the databases: each of them now points at CAS1
   * instead of its site's array, which the audit finds and a repair fixes */
  array = casarray_directory_new_client_access_array_sync (directory, "outlook", "outlook.contoso.com",
                                                           SITE, NULL, &error);
  g_assert_no_error (error);
}

static guint
count_repairs (CasarrayDirectory *directory)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = casarray_directory_repair_sync (directory, NULL, CASARRAY_WRITE_WHAT_IF, NULL, &error);

  g_assert_no_error (error);
  return results->len;
}

static char *
write_private_file (const char *folder,
                    const char *name,
                    const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (folder, name, NULL);

  g_assert_true (g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);
  return path;
}

static void
run_threads (Shared *shared)
{
  GThread *threads[5];
  const char *env = g_getenv ("CASARRAY_TEST_THREADS_ITERATIONS");

  shared->iterations = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 0;
  if (shared->iterations == 0)
    shared->iterations = 15;
  shared->expected_repairs = count_repairs (shared->directory);
  g_assert_cmpuint (shared->expected_repairs, >=, N_DATABASES);

  g_atomic_int_set (&shared->workers, 3);
  threads[0] = g_thread_new ("setters", setter_thread, shared);
  threads[1] = g_thread_new ("getters", getter_thread, shared);
  threads[2] = g_thread_new ("operations-1", operations_thread, shared);
  threads[3] = g_thread_new ("operations-2", operations_thread, shared);
  threads[4] = g_thread_new ("repairs", repair_thread, shared);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  /* still usable, and nothing was changed by the what-if repairs */
  assert_databases (shared->directory);
  g_assert_cmpuint (count_repairs (shared->directory), ==, shared->expected_repairs);

  /* every password function given was destroyed exactly once, the last
   * when the handle goes */
  g_clear_object (&shared->directory);
  g_assert_cmpint (g_atomic_int_get (&shared->functions_freed), ==,
                   g_atomic_int_get (&shared->functions_made));
  g_test_message ("%u iterations, %u rounds of setters, %d password functions",
                  shared->iterations, shared->setter_rounds,
                  g_atomic_int_get (&shared->functions_made));
}

static void
shared_clear (Shared *shared)
{
  g_clear_object (&shared->directory);
  g_free (shared->configuration_dn);
  g_free (shared->bind_dns[0]);
  g_free (shared->bind_dns[1]);
  for (guint i = 0; i < 2; i++)
    if (shared->password_files[i] != NULL)
      {
        g_unlink (shared->password_files[i]);
        g_free (shared->password_files[i]);
      }
  g_free (shared->password);
  g_free (shared->ca_file);
}

static void
test_threads_ldap (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayTestSlapd) slapd = casarray_test_slapd_start (&error);
  const char *folder;
  Shared shared = { 0 };

  g_assert_no_error (error);
  folder = casarray_test_slapd_get_directory (slapd);
  shared.ldap = TRUE;
  shared.configuration_dn = g_strdup (casarray_test_slapd_get_configuration_dn (slapd));
  shared.bind_dns[0] = g_strdup (casarray_test_slapd_get_admin_dn (slapd));
  shared.bind_dns[1] = g_ascii_strdown (shared.bind_dns[0], -1);
  shared.password = g_strdup (casarray_test_slapd_get_admin_password (slapd));
  shared.password_files[0] = write_private_file (folder, "threads-1.pw", shared.password);
  shared.password_files[1] = write_private_file (folder, "threads-2.pw", shared.password);
  shared.ca_file = g_build_filename (folder, "no-such-ca.pem", NULL);

  shared.directory = casarray_directory_new (casarray_test_slapd_get_ldap_uri (slapd));
  casarray_directory_set_bind_dn (shared.directory, shared.bind_dns[0]);
  casarray_directory_set_password_file (shared.directory, shared.password_files[0]);
  populate (shared.directory);
  run_threads (&shared);
  shared_clear (&shared);
}

static void
test_threads_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("casarray-threads-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  Shared shared = { 0 };

  g_assert_no_error (error);
  path = g_build_filename (folder, "org.ldif", NULL);
  uri = g_filename_to_uri (path, NULL, &error);
  g_assert_no_error (error);
  shared.configuration_dn = g_strdup ("CN=Configuration,DC=contoso,DC=com");
  shared.bind_dns[0] = g_strdup ("CN=exadmin,DC=contoso,DC=com");
  shared.bind_dns[1] = g_ascii_strdown (shared.bind_dns[0], -1);
  shared.password = g_strdup ("not used by the store");
  shared.password_files[0] = write_private_file (folder, "threads-1.pw", shared.password);
  shared.password_files[1] = write_private_file (folder, "threads-2.pw", shared.password);
  shared.ca_file = g_build_filename (folder, "no-such-ca.pem", NULL);

  shared.directory = casarray_directory_new (uri);
  casarray_directory_set_configuration_dn (shared.directory, shared.configuration_dn);
  populate (shared.directory);
  run_threads (&shared);
  shared_clear (&shared);

  {
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (folder, name, NULL);

        g_unlink (file);
      }
  }
  g_rmdir (folder);
}

int
main (int argc, char **argv)
{
  g_setenv ("LDAPNOINIT", "1", FALSE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/threads/ldap", test_threads_ldap);
  g_test_add_func ("/threads/store", test_threads_store);

  return g_test_run ();
}
