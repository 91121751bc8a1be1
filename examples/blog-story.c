/* blog-story.c: the Exchange 2010 CAS array story, told against a directory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage:
 *   blog-story URI [--bind-dn DN --password-file FILE] [--base CONFIG_DN]
 *
 * Provisions, in a directory whose configuration partition holds no
 * Exchange organisation yet (a throwaway slapd, for instance), the problem
 * that administrators keep running into:
 *
 *  1. organisation Contoso, site Default-First-Site-Name, a Mailbox server
 *     MBX1 and one Client Access server CAS1;
 *  2. mailbox databases DB1..DB3, created while CAS1 is the only CAS, so
 *     Exchange points their RpcClientAccessServer at cas1.contoso.com;
 *  3. a client access array casarray.contoso.com is created: existing
 *     databases keep pointing at CAS1;
 *  4. CAS1 is removed: the databases' RpcClientAccessServer resolves to
 *     nothing and Outlook clients cannot connect;
 *  5. the fix, Set-MailboxDatabase -RpcClientAccessServer on every database,
 *     then Get-MailboxDatabase | fl Name,RpcClientAccessServer.
 *
 * It checks each step's outcome and exits non-zero (message on stderr) if
 * anything fails or the directory does not behave as Exchange would.
 */
#include <casarray/casarray.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ORGANIZATION "Contoso"
#define SITE         "Default-First-Site-Name"
#define CAS_FQDN     "cas1.contoso.com"
#define ARRAY_NAME   "casarray"
#define ARRAY_FQDN   "casarray.contoso.com"

static const char * const database_names[] = { "DB1", "DB2", "DB3" };

static void
step (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
step (const char *format, ...)
{
  va_list args;

  printf ("==> ");
  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  printf ("\n");
  fflush (stdout);
}

static int
fail (const char *what, const GError *error)
{
  fflush (stdout);
  fprintf (stderr, "blog-story: %s: %s\n", what, error->message);
  return 1;
}

/* Format-List of Name and RpcClientAccessServer, as EMS prints
 * `Get-MailboxDatabase | fl Name,RpcClientAccessServer`. */
static void
print_format_list (GPtrArray *databases)
{
  static const char * const labels[] = { "Name", "RpcClientAccessServer" };
  int width = 0;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    width = MAX (width, (int) strlen (labels[i]));

  printf ("\n");
  for (guint i = 0; i < databases->len; i++)
    {
      CasarrayMailboxDatabase *db = g_ptr_array_index (databases, i);
      const char *endpoint = casarray_mailbox_database_get_rpc_client_access_server (db);

      if (i > 0)
        printf ("\n");
      printf ("%-*s : %s\n", width, labels[0], casarray_object_get_name (CASARRAY_OBJECT (db)));
      printf ("%-*s : %s\n", width, labels[1], endpoint != NULL ? endpoint : "");
    }
  printf ("\n");
  fflush (stdout);
}

/* Lists the databases and checks that each of DB1..DB3 has @expected as
 * its RpcClientAccessServer ("" for: resolves to nothing). */
static gboolean
show_and_check (CasarrayDirectory  *directory,
                const char         *expected,
                GError            **error)
{
  g_autoptr(GPtrArray) databases = NULL;

  databases = casarray_directory_get_mailbox_databases_sync (directory, NULL, NULL, NULL, error);
  if (databases == NULL)
    return FALSE;
  print_format_list (databases);

  for (guint n = 0; n < G_N_ELEMENTS (database_names); n++)
    {
      gboolean seen = FALSE;

      for (guint i = 0; i < databases->len; i++)
        {
          CasarrayMailboxDatabase *db = g_ptr_array_index (databases, i);
          const char *endpoint = casarray_mailbox_database_get_rpc_client_access_server (db);

          if (g_ascii_strcasecmp (casarray_object_get_name (CASARRAY_OBJECT (db)), database_names[n]) != 0)
            continue;
          seen = TRUE;
          if (g_ascii_strcasecmp (endpoint != NULL ? endpoint : "", expected) != 0)
            {
              g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                           "%s points at “%s”, expected “%s”", database_names[n],
                           endpoint != NULL ? endpoint : "", expected);
              return FALSE;
            }
        }
      if (!seen)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND,
                       "database %s is missing from the list", database_names[n]);
          return FALSE;
        }
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autofree char *bind_dn = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "bind-dn", 0, 0, G_OPTION_ARG_STRING, &bind_dn, "Bind with this DN (simple bind)", "DN" },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      "Read the bind password from FILE", "FILE" },
    { "base", 0, 0, G_OPTION_ARG_STRING, &base,
      "The configuration naming context (default: discovered)", "CONFIG_DN" },
    G_OPTION_ENTRY_NULL
  };

  options = g_option_context_new ("URI - provision and repair the CAS array story");
  g_option_context_set_description (options,
    "URI is the ldap://, ldaps:// or ldapi:// URI of a running directory whose\n"
    "configuration partition holds no Exchange organisation yet.\n");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      fprintf (stderr, "blog-story: %s\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      fprintf (stderr, "Usage: blog-story URI [--bind-dn DN --password-file FILE] [--base CONFIG_DN]\n");
      return 2;
    }
  if ((bind_dn == NULL) != (password_file == NULL))
    {
      fprintf (stderr, "blog-story: --bind-dn and --password-file go together\n");
      return 2;
    }

  directory = casarray_directory_new (argv[1]);
  casarray_directory_set_bind_dn (directory, bind_dn);
  casarray_directory_set_password_file (directory, password_file);
  casarray_directory_set_configuration_dn (directory, base);

  step ("Connecting to %s", argv[1]);
  if (!casarray_directory_connect_sync (directory, NULL, &error))
    return fail ("connecting", error);

  {
    g_autofree char *configuration_dn = casarray_directory_get_configuration_dn (directory);

    step ("Creating the Exchange organisation %s (configuration partition %s)",
          ORGANIZATION, configuration_dn);
  }
  if (!casarray_directory_new_organization_sync (directory, ORGANIZATION, NULL, &error))
    return fail ("New-Organization", error);

  step ("Creating the Active Directory site %s", SITE);
  {
    g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (directory, SITE, NULL, &error);
    if (site == NULL)
      return fail ("New-Site", error);
  }

  step ("Installing mailbox server MBX1 (mbx1.contoso.com, roles Mailbox)");
  {
    g_autoptr(CasarrayExchangeServerChanges) settings = casarray_exchange_server_changes_new ();
    g_autoptr(CasarrayServer) server = NULL;

    casarray_exchange_server_changes_set_fqdn (settings, "mbx1.contoso.com");
    casarray_exchange_server_changes_set_site (settings, SITE);
    casarray_exchange_server_changes_set_roles (settings, CASARRAY_SERVER_ROLE_MAILBOX);
    server = casarray_directory_new_exchange_server_sync (directory, "MBX1", settings, NULL, &error);
    if (server == NULL)
      return fail ("installing MBX1", error);
  }

  step ("Installing Client Access server CAS1 (" CAS_FQDN ", roles ClientAccess, HubTransport)");
  {
    g_autoptr(CasarrayExchangeServerChanges) settings = casarray_exchange_server_changes_new ();
    g_autoptr(CasarrayServer) server = NULL;

    casarray_exchange_server_changes_set_fqdn (settings, CAS_FQDN);
    casarray_exchange_server_changes_set_site (settings, SITE);
    casarray_exchange_server_changes_set_roles (settings, CASARRAY_SERVER_ROLE_CLIENT_ACCESS |
                                                          CASARRAY_SERVER_ROLE_HUB_TRANSPORT);
    server = casarray_directory_new_exchange_server_sync (directory, "CAS1", settings, NULL, &error);
    if (server == NULL)
      return fail ("installing CAS1", error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (database_names); i++)
    {
      g_autoptr(CasarrayMailboxDatabase) db = NULL;

      step ("New-MailboxDatabase -Name %s -Server MBX1 (CAS1 is the only Client Access server)",
            database_names[i]);
      db = casarray_directory_new_mailbox_database_sync (directory, database_names[i], "MBX1",
                                                         NULL, NULL, &error);
      if (db == NULL)
        return fail ("New-MailboxDatabase", error);
    }

  step ("Get-MailboxDatabase | fl Name,RpcClientAccessServer: Exchange chose CAS1 for every database");
  if (!show_and_check (directory, CAS_FQDN, &error))
    return fail ("after creating the databases", error);

  step ("New-ClientAccessArray -Name " ARRAY_NAME " -Fqdn " ARRAY_FQDN " -Site " SITE);
  {
    g_autoptr(CasarrayClientAccessArray) array =
      casarray_directory_new_client_access_array_sync (directory, ARRAY_NAME, ARRAY_FQDN, SITE,
                                                       NULL, &error);
    if (array == NULL)
      return fail ("New-ClientAccessArray", error);
  }

  step ("Get-MailboxDatabase | fl Name,RpcClientAccessServer: existing databases still point at CAS1");
  if (!show_and_check (directory, CAS_FQDN, &error))
    return fail ("after creating the array", error);

  step ("Uninstalling CAS1 (its server object is removed from the directory)");
  if (!casarray_directory_remove_exchange_server_sync (directory, "CAS1", CASARRAY_REMOVAL_POLICY_FORCE, NULL, &error))
    return fail ("removing CAS1", error);

  step ("Get-MailboxDatabase | fl Name,RpcClientAccessServer: the endpoint is gone, clients cannot connect");
  if (!show_and_check (directory, "", &error))
    return fail ("after removing CAS1", error);

  for (guint i = 0; i < G_N_ELEMENTS (database_names); i++)
    {
      /* a change set: only what is set on it changes */
      g_autoptr(CasarrayMailboxDatabaseChanges) changes = casarray_mailbox_database_changes_new ();

      step ("Set-MailboxDatabase -Identity %s -RpcClientAccessServer " ARRAY_FQDN, database_names[i]);
      casarray_mailbox_database_changes_set_rpc_client_access_server (changes, ARRAY_FQDN);
      if (!casarray_directory_set_mailbox_database_sync (directory, database_names[i], changes, NULL, &error))
        return fail ("Set-MailboxDatabase", error);
    }

  step ("Get-MailboxDatabase | fl Name,RpcClientAccessServer: every database uses the array");
  if (!show_and_check (directory, ARRAY_FQDN, &error))
    return fail ("after the repair", error);

  step ("Done: Outlook clients of DB1..DB3 connect to " ARRAY_FQDN);
  return 0;
}
