/* race-helper.c: one of many writers creating an array in the same site
 *
 * Usage: race-helper URI NAME FQDN SITE [move|rename-move]
 * Binds as CASARRAY_TEST_BIND_DN with the password in
 * CASARRAY_TEST_PASSWORD_FILE when those are set.
 * Connects, prints READY on its standard output, then waits until its
 * standard input closes, so that every writer starts at the same moment
 * (the test closes the inputs once every helper said READY), then calls
 * New-ClientAccessArray once (or, with "move", Set-ClientAccessArray NAME
 * -Site SITE; with "rename-move", Set-ClientAccessArray NAME -Name
 * NAME-moved -Site SITE).
 * Exit status: 0 created, 3 refused with ARRAY_EXISTS_IN_SITE, 4 refused
 * with ALREADY_EXISTS, 1 any other error (printed).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <unistd.h>

#include <casarray/casarray.h>

int
main (int argc, char **argv)
{
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(CasarrayClientAccessArray) array = NULL;
  g_autoptr(GError) error = NULL;
  char byte;

  if (argc != 5 && argc != 6)
    {
      fprintf (stderr, "usage: race-helper URI NAME FQDN SITE [move|rename-move]\n");
      return 2;
    }
  directory = casarray_directory_new (argv[1]);
  /* the AD fixture's Administrator (the slapd and store fixtures need no
   * bind) */
  if (g_getenv ("CASARRAY_TEST_BIND_DN") != NULL)
    {
      casarray_directory_set_bind_dn (directory, g_getenv ("CASARRAY_TEST_BIND_DN"));
      casarray_directory_set_password_file (directory, g_getenv ("CASARRAY_TEST_PASSWORD_FILE"));
    }
  /* connect first, so the race is between the writes */
  if (!casarray_directory_connect_sync (directory, NULL, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  printf ("READY\n");
  fflush (stdout);
  while (read (STDIN_FILENO, &byte, 1) > 0)
    ;
  if (argc == 6 && g_str_equal (argv[5], "rename-move"))
    {
      /* a rename and a move in one call: a loser must get its name back */
      g_autofree char *new_name = g_strconcat (argv[2], "-moved", NULL);

      g_autoptr(CasarrayClientAccessArrayChanges) changes = casarray_client_access_array_changes_new ();

      casarray_client_access_array_changes_set_name (changes, new_name);
      casarray_client_access_array_changes_set_site (changes, argv[4]);
      if (casarray_directory_set_client_access_array_sync (directory, argv[2], changes, NULL, &error))
        return 0;
    }
  else if (argc == 6)
    {
      g_autoptr(CasarrayClientAccessArrayChanges) changes = casarray_client_access_array_changes_new ();

      casarray_client_access_array_changes_set_site (changes, argv[4]);
      if (casarray_directory_set_client_access_array_sync (directory, argv[2], changes, NULL, &error))
        return 0;
    }
  else
    {
      array = casarray_directory_new_client_access_array_sync (directory, argv[2], argv[3], argv[4], NULL, &error);
      if (array != NULL)
        return 0;
    }
  g_printerr ("%s\n", error->message);
  if (g_error_matches (error, CASARRAY_ERROR, CASARRAY_ERROR_ARRAY_EXISTS_IN_SITE))
    return 3;
  if (g_error_matches (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS))
    return 4;
  fprintf (stderr, "%s\n", error->message);
  return 1;
}
