/* list-endpoints.c: where do Outlook clients connect, per mailbox database?
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The libcasarray equivalent of
 *
 *   Get-MailboxDatabase | fl Name,RpcClientAccessServer
 *
 * Usage:
 *   list-endpoints URI [--bind-dn DN --password-file FILE] [--base CONFIG_DN]
 *
 * URI is ldap://, ldaps:// or ldapi://.  Without --bind-dn an ldapi:// URI
 * binds with SASL EXTERNAL and the others bind anonymously.  --base gives
 * the configuration naming context (CN=Configuration,DC=...) when it
 * should not be discovered.  An RpcClientAccessServer that resolves to no
 * existing CAS server or array is printed empty, as EMS prints it.
 */
#include <casarray/casarray.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Format-List: one "Property : value" line per property, the property
 * names padded to the longest, a blank line between objects. */
static void
print_format_list (GPtrArray *databases)
{
  static const char * const labels[] = { "Name", "RpcClientAccessServer" };
  int width = 0;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    width = MAX (width, (int) strlen (labels[i]));

  for (guint i = 0; i < databases->len; i++)
    {
      CasarrayMailboxDatabase *db = g_ptr_array_index (databases, i);
      const char *endpoint = casarray_mailbox_database_get_rpc_client_access_server (db);

      if (i > 0)
        printf ("\n");
      printf ("%-*s : %s\n", width, labels[0], casarray_object_get_name (CASARRAY_OBJECT (db)));
      printf ("%-*s : %s\n", width, labels[1], endpoint != NULL ? endpoint : "");
    }
}

int
main (int argc, char **argv)
{
  g_autofree char *bind_dn = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(GPtrArray) databases = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "bind-dn", 0, 0, G_OPTION_ARG_STRING, &bind_dn, "Bind with this DN (simple bind)", "DN" },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      "Read the bind password from FILE", "FILE" },
    { "base", 0, 0, G_OPTION_ARG_STRING, &base,
      "The configuration naming context (default: discovered)", "CONFIG_DN" },
    G_OPTION_ENTRY_NULL
  };

  options = g_option_context_new ("URI - list each mailbox database's RpcClientAccessServer");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      fprintf (stderr, "list-endpoints: %s\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      fprintf (stderr, "Usage: list-endpoints URI [--bind-dn DN --password-file FILE] [--base CONFIG_DN]\n");
      return 2;
    }
  if ((bind_dn == NULL) != (password_file == NULL))
    {
      fprintf (stderr, "list-endpoints: --bind-dn and --password-file go together\n");
      return 2;
    }

  directory = casarray_directory_new (argv[1]);
  casarray_directory_set_bind_dn (directory, bind_dn);
  casarray_directory_set_password_file (directory, password_file);
  casarray_directory_set_configuration_dn (directory, base);

  databases = casarray_directory_get_mailbox_databases_sync (directory, NULL, NULL, NULL, &error);
  if (databases == NULL)
    {
      fprintf (stderr, "list-endpoints: %s\n", error->message);
      return 1;
    }
  print_format_list (databases);
  return fflush (stdout) == 0 ? 0 : 1;
}
