/* store-helper.c: another process working on an embedded store, for tests
 *
 * Usage:
 *   store-helper apply-ldif URI          apply the LDIF records on standard
 *                                        input as they are, bypassing the
 *                                        library's rules (what ldapmodify
 *                                        does to a server)
 *   store-helper add-sites URI PREFIX N  wait until standard input closes,
 *                                        then New-Site PREFIX-0 .. PREFIX-N-1
 *   store-helper churn URI               add and remove the site "churn"
 *                                        forever (to be killed mid-write);
 *                                        prints "ready" once it has
 *   store-helper count-sites URI MS      print the number of sites, with an
 *                                        operation timeout of MS ms
 * Exit status 0 on success, 1 with the error on standard error.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <casarray/casarray.h>

#include "store/casarray-store-backend.h"

static int
fail (const GError *error)
{
  fprintf (stderr, "store-helper: %s\n", error->message);
  return 1;
}

static int
apply_ldif (const char *uri)
{
  CasarrayStoreSettings settings = { .uri = uri };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) ldif = g_string_new (NULL);
  g_autoptr(CasarrayBackend) backend = NULL;
  char buffer[4096];
  size_t got;

  while ((got = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (ldif, buffer, (gssize) got);
  backend = casarray_store_backend_new (&settings, &error);
  if (backend == NULL ||
      !casarray_store_backend_apply_ldif (CASARRAY_STORE_BACKEND (backend), ldif->str, &error))
    return fail (error);
  return 0;
}

static int
add_sites (const char *uri,
           const char *prefix,
           guint       count)
{
  g_autoptr(CasarrayDirectory) directory = casarray_directory_new (uri);
  g_autoptr(GError) error = NULL;
  char byte;

  if (!casarray_directory_connect_sync (directory, NULL, &error))
    return fail (error);
  while (read (STDIN_FILENO, &byte, 1) > 0)
    ;
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%u", prefix, i);
      g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (directory, name, NULL, &error);

      if (site == NULL)
        return fail (error);
    }
  return 0;
}

static int
churn (const char *uri)
{
  g_autoptr(CasarrayDirectory) directory = casarray_directory_new (uri);
  g_autoptr(GError) error = NULL;

  /* left over by a predecessor killed between its add and its delete */
  if (!casarray_directory_remove_site_sync (directory, "churn", NULL, &error) &&
      !g_error_matches (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND))
    return fail (error);
  g_clear_error (&error);

  for (guint64 round = 0;; round++)
    {
      g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (directory, "churn", NULL, &error);

      if (site == NULL || !casarray_directory_remove_site_sync (directory, "churn", NULL, &error))
        return fail (error);
      if (round == 0)
        {
          printf ("ready\n");
          fflush (stdout);
        }
    }
}

static int
count_sites (const char *uri,
             guint       timeout_ms)
{
  g_autoptr(CasarrayDirectory) directory = casarray_directory_new (uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sites = NULL;

  casarray_directory_set_operation_timeout (directory, timeout_ms);
  sites = casarray_directory_get_sites_sync (directory, NULL, NULL, NULL, &error);
  if (sites == NULL)
    return fail (error);
  printf ("%u\n", sites->len);
  return 0;
}

int
main (int argc, char **argv)
{
  guint64 count;

  if (argc == 3 && g_str_equal (argv[1], "apply-ldif"))
    return apply_ldif (argv[2]);
  if (argc == 5 && g_str_equal (argv[1], "add-sites") &&
      g_ascii_string_to_unsigned (argv[4], 10, 0, G_MAXUINT, &count, NULL))
    return add_sites (argv[2], argv[3], (guint) count);
  if (argc == 3 && g_str_equal (argv[1], "churn"))
    return churn (argv[2]);
  if (argc == 4 && g_str_equal (argv[1], "count-sites") &&
      g_ascii_string_to_unsigned (argv[3], 10, 1, G_MAXUINT, &count, NULL))
    return count_sites (argv[2], (guint) count);
  fprintf (stderr, "usage: store-helper apply-ldif URI | add-sites URI PREFIX N | churn URI | count-sites URI MS\n");
  return 2;
}
