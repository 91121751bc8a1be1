/* bench-store.c: how fast the embedded store opens and lists at scale
 *
 * Usage: bench-store [--slapd] [DATABASES [SERVERS [SITES]]]   (10000, 1000, 200)
 *        bench-store --write PATH [DATABASES [SERVERS [SITES]]]
 *        bench-store --list URI
 *        bench-store --sets URI N
 *
 * Builds an organisation through the library in a memory: store (every
 * object made by the same operations an administrator would use), writes
 * it to a store file, then, in a fresh process so that nothing is cached,
 * times opening the file and listing every database
 * (Get-MailboxDatabase), and prints the figures and the peak RSS of that
 * process.  Also times one change (Set-MailboxDatabase) on the big file,
 * and a script of 200 single changes, each its own call (what
 * Set-MailboxDatabase in a loop does).
 *
 * With --slapd it loads the same file into a throwaway slapd (the test
 * fixture, tests/fixture/casarray-test-slapd.h) and measures the same
 * steps over LDAP in the same run, printing each store figure as a ratio
 * against slapd's, and the store's peak memory against its file size.
 * The targets (docs/benchmarks.md) live here and in the docs, not in
 * timed unit tests.
 *
 * Not a test: meson registers it with benchmark() ("meson test
 * --benchmark"), outside the test suite.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include <casarray/casarray.h>

#include "casarray-directory-private.h"
#include "casarray-test-slapd.h"
#include "../fixture/casarray-test-calls.h"
#include "store/casarray-store-backend.h"

static double
seconds_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

static long
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static void
check (gboolean ok,
       GError  *error)
{
  if (!ok)
    {
      fprintf (stderr, "bench-store: %s\n", error != NULL ? error->message : "failed");
      exit (1);
    }
}

/* The child: open + list, nothing else in memory before. */
static int
list (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(GPtrArray) databases = NULL;
  g_autoptr(GPtrArray) again = NULL;
  guint broken = 0;
  long rss_kib;
  gint64 start = g_get_monotonic_time ();
  double open_s, list_s, warm_s, change_s;

  directory = casarray_directory_new (path);
  check (casarray_directory_connect_sync (directory, NULL, &error), error);
  open_s = seconds_since (start);
  printf ("peak RSS after open:            %7.1f MiB\n", peak_rss_kib () / 1024.0);
  start = g_get_monotonic_time ();
  databases = casarray_directory_get_mailbox_databases_sync (directory, NULL, NULL, NULL, &error);
  check (databases != NULL, error);
  list_s = seconds_since (start);
  for (guint i = 0; i < databases->len; i++)
    broken += casarray_mailbox_database_get_rpc_client_access_server (g_ptr_array_index (databases, i)) == NULL;
  rss_kib = peak_rss_kib ();
  /* the listing's objects are what a caller holds; the second listing
   * below is timed only */
  g_clear_pointer (&databases, g_ptr_array_unref);

  start = g_get_monotonic_time ();
  again = casarray_directory_get_mailbox_databases_sync (directory, NULL, NULL, NULL, &error);
  check (again != NULL, error);
  warm_s = seconds_since (start);

  printf ("open (read, parse, index):      %7.3f s\n", open_s);
  printf ("Get-MailboxDatabase (%5u):    %7.3f s   (%u without an endpoint)\n",
          again->len, list_s, broken);
  printf ("open + list:                    %7.3f s\n", open_s + list_s);
  printf ("Get-MailboxDatabase again:      %7.3f s\n", warm_s);
  printf ("peak RSS of open + list:        %7.1f MiB\n", rss_kib / 1024.0);
  printf ("= open+list %.6f rss %ld\n", open_s + list_s, rss_kib);

  start = g_get_monotonic_time ();
  check (casarray_test_set_database (directory, "DB00000", NULL, "E:\\DB00000.edb", NULL, &error), error);
  change_s = seconds_since (start);
  printf ("one Set-MailboxDatabase:        %7.3f s\n", change_s);
  return 0;
}

/* The child: @count single changes, each its own call, as a script of
 * Set-MailboxDatabase lines makes them. */
static int
sets (const char *uri,
      guint       count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) directory = casarray_directory_new (uri);
  gint64 start;
  double total;

  check (casarray_directory_connect_sync (directory, NULL, &error), error);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *name = g_strdup_printf ("DB%05u", i);
      g_autofree char *path = g_strdup_printf ("F:\\%s-%u.edb", name, (guint) getpid ());

      check (casarray_test_set_database (directory, name, NULL, path, NULL, &error), error);
    }
  total = seconds_since (start);
  printf ("%u single Set-MailboxDatabase:  %7.3f s   (%.2f ms each)\n", count, total, total * 1000 / count);
  printf ("= sets %.6f\n", total);
  return 0;
}

/* Runs this program with @args, shows its output, and returns the value
 * after "= @key " in it. */
static double
run_child (const char *self_path,
           const char * const *args,
           const char *key,
           long       *rss_kib)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *output = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *prefix = g_strdup_printf ("= %s ", key);
  double value = -1;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) self_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, &output,
                     NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    check (FALSE, error);
  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], prefix))
        {
          char *rest = NULL;

          value = g_ascii_strtod (lines[i] + strlen (prefix), &rest);
          if (rss_kib != NULL && rest != NULL && g_str_has_prefix (rest, " rss "))
            *rss_kib = strtol (rest + 5, NULL, 10);
        }
      else if (lines[i][0] != '\0')
        printf ("  %s\n", lines[i]);
    }
  fflush (stdout);
  return value;
}

int
main (int argc, char **argv)
{
  const char *write_only = NULL;
  guint n_databases, n_servers, n_sites;
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) memory = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *self_path = NULL;
  CasarrayContext *context;
  gint64 start;
  GStatBuf st;
  gboolean with_slapd = FALSE;

  if (argc == 3 && g_str_equal (argv[1], "--list"))
    return list (argv[2]);
  if (argc == 4 && g_str_equal (argv[1], "--sets"))
    return sets (argv[2], (guint) atoi (argv[3]));
  if (argc >= 2 && g_str_equal (argv[1], "--slapd"))
    {
      with_slapd = TRUE;
      argc--;
      argv++;
    }
  if (argc >= 3 && g_str_equal (argv[1], "--write"))
    {
      write_only = argv[2];
      argc -= 2;
      argv += 2;
    }
  n_databases = argc > 1 ? (guint) atoi (argv[1]) : 10000;
  n_servers = argc > 2 ? (guint) atoi (argv[2]) : 1000;
  n_sites = argc > 3 ? (guint) atoi (argv[3]) : 200;
  if (n_databases == 0 || n_servers < 2 || n_sites == 0 || n_servers < 2 * n_sites)
    {
      fprintf (stderr, "usage: bench-store [DATABASES [SERVERS [SITES]]] (SERVERS >= 2 * SITES)\n");
      return 2;
    }

  printf ("%u databases, %u servers, %u sites\n", n_databases, n_servers, n_sites);
  start = g_get_monotonic_time ();
  memory = casarray_directory_new ("memory:");
  check (casarray_directory_new_organization_sync (memory, "Contoso Corp", NULL, &error), error);
  for (guint i = 0; i < n_sites; i++)
    {
      g_autofree char *name = g_strdup_printf ("Site%03u", i);
      g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (memory, name, NULL, &error);
      check (site != NULL, error);
    }
  /* one CAS per site, the other servers Mailbox servers; half the sites
   * have an array */
  for (guint i = 0; i < n_servers; i++)
    {
      gboolean cas = i < n_sites;
      g_autofree char *name = g_strdup_printf (cas ? "CAS%04u" : "MBX%04u", i);
      g_autofree char *fqdn = g_strdup_printf ("%s.contoso.com", name);
      g_autofree char *site = g_strdup_printf ("Site%03u", i % n_sites);
      g_autoptr(CasarrayServer) server =
        casarray_test_new_server (memory, name, fqdn, site,
                                                     cas ? CASARRAY_SERVER_ROLE_CLIENT_ACCESS
                                                         : CASARRAY_SERVER_ROLE_MAILBOX,
                                                     NULL, &error);
      check (server != NULL, error);
    }
  for (guint i = 0; i < n_sites; i += 2)
    {
      g_autofree char *fqdn = g_strdup_printf ("outlook%03u.contoso.com", i);
      g_autofree char *site = g_strdup_printf ("Site%03u", i);
      g_autoptr(CasarrayClientAccessArray) array =
        casarray_directory_new_client_access_array_sync (memory, NULL, fqdn, site, NULL, &error);
      check (array != NULL, error);
    }
  for (guint i = 0; i < n_databases; i++)
    {
      g_autofree char *name = g_strdup_printf ("DB%05u", i);
      g_autofree char *server = g_strdup_printf ("MBX%04u", n_sites + i % (n_servers - n_sites));
      g_autoptr(CasarrayMailboxDatabase) database =
        casarray_directory_new_mailbox_database_sync (memory, name, server, NULL, NULL, &error);
      check (database != NULL, error);
    }
  printf ("built in memory (library calls): %6.2f s\n", seconds_since (start));

  if (write_only != NULL)
    path = g_strdup (write_only);
  else
    {
      folder = g_dir_make_tmp ("casarray-bench-XXXXXX", &error);
      check (folder != NULL, error);
      path = g_build_filename (folder, "org.ldif", NULL);
    }
  start = g_get_monotonic_time ();
  context = casarray_directory_get_context (memory, NULL, &error);
  check (context != NULL, error);
  check (casarray_store_backend_export (CASARRAY_STORE_BACKEND (casarray_context_get_backend (context)), path,
                                        &error), error);
  casarray_context_unref (context);
  g_stat (path, &st);
  printf ("written to %s: %.1f MiB in %.3f s\n", path, st.st_size / 1048576.0, seconds_since (start));
  fflush (stdout);
  if (write_only != NULL)
    return 0;

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_strdup (argv[0]);
  {
    g_autofree char *count = g_strdup_printf ("%u", MIN (200u, n_databases));
    long store_rss = 0;
    double store_list, store_sets;

    printf ("store, open + list in a fresh process:\n");
    store_list = run_child (self_path, (const char *[]) { "--list", path, NULL }, "open+list", &store_rss);
    printf ("store, single changes:\n");
    store_sets = run_child (self_path, (const char *[]) { "--sets", path, count, NULL }, "sets", NULL);
    printf ("store peak RSS / file size:     %7.2fx   (%.1f MiB / %.1f MiB)\n",
            store_rss * 1024.0 / (double) st.st_size, store_rss / 1024.0, st.st_size / 1048576.0);

    if (with_slapd)
      {
        g_autoptr(CasarrayTestSlapd) slapd = casarray_test_slapd_start (&error);
        const char *uri;
        double ldap_list, ldap_sets;

        check (slapd != NULL, error);
        start = g_get_monotonic_time ();
        check (casarray_test_slapd_load_ldif_file (slapd, path, &error), error);
        printf ("loaded into slapd in %.2f s\n", seconds_since (start));
        uri = casarray_test_slapd_get_ldapi_uri (slapd);
        printf ("slapd, open + list in a fresh process:\n");
        ldap_list = run_child (self_path, (const char *[]) { "--list", uri, NULL }, "open+list", NULL);
        printf ("slapd, single changes:\n");
        ldap_sets = run_child (self_path, (const char *[]) { "--sets", uri, count, NULL }, "sets", NULL);
        printf ("RATIO store/slapd open + list:  %7.2fx   (target at most 1.0)\n", store_list / ldap_list);
        printf ("RATIO store/slapd %s Sets:     %7.2fx   (target at most 1.0)\n", count, store_sets / ldap_sets);
      }
    printf ("RATIO store peak RSS / file:    %7.2fx   (target at most 3)\n",
            store_rss * 1024.0 / (double) st.st_size);
  }

  {
    g_autofree char *lock = g_strconcat (path, ".lock", NULL);
    g_autofree char *journal = g_strconcat (path, ".journal", NULL);
    g_unlink (path);
    g_unlink (lock);
    g_unlink (journal);
    g_rmdir (folder);
  }
  return 0;
}
