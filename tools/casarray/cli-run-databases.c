/* cli-run-databases.c: Get-, Set-, New-, Remove-MailboxDatabase, Move-DatabasePath,
 * Mount-Database and Dismount-Database
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-run-common.h"

gboolean
cli_run_get_mailbox_database (CliSession *session, CliInvocation *invocation, GError **error)
{
  g_autoptr(CasarrayFilter) filter = NULL;
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *identity = cli_invocation_get_string (invocation, "Identity");
  g_autoptr(GPtrArray) databases = NULL;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, identity);
  filter = cli_filter_new (cli_invocation_get_string (invocation, "Server"), NULL,
                           cli_invocation_get_switch (invocation, "IncludePreExchange2010")
                           ? CASARRAY_GET_INCLUDE_PRE_EXCHANGE2010 : CASARRAY_GET_NONE);
  databases = casarray_directory_get_mailbox_databases_sync (directory, identity, filter, NULL, error);
  if (databases == NULL)
    return FALSE;
  /* The live properties (cli_database_live_properties()) come from the
   * Information Store, which casarray never talks to: they stay empty, and
   * the user who asked for them hears why, once per run. */
  if (cli_invocation_get_switch (invocation, "Status"))
    cli_session_warning (session, "Live status (Mounted, DatabaseSize, AvailableNewMailboxSpace, LastFullBackup...) "
                         "needs the Exchange server and is not available from the directory: those properties are empty.");
  for (guint i = 0; i < databases->len; i++)
    cli_invocation_write_gobject (invocation, g_ptr_array_index (databases, i));
  return TRUE;
}

gboolean
cli_run_set_mailbox_database (CliSession *session, CliInvocation *invocation, GError **error)
{
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *identity = cli_invocation_get_string (invocation, "Identity");
  const char *endpoint = cli_invocation_get_string (invocation, "RpcClientAccessServer");
  g_autoptr(CasarrayMailboxDatabase) database = NULL;
  g_autofree char *action = NULL;
  gboolean skipped;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, identity);
  database = cli_find_database (directory, invocation, identity, error);
  if (database == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, casarray_object_get_name (CASARRAY_OBJECT (database)));

  if (endpoint == NULL)
    {
      cli_session_warning (session, "The command completed successfully but no settings of '%s' have been modified.",
                           casarray_object_get_name (CASARRAY_OBJECT (database)));
      return TRUE;
    }

  action = cli_action_text (invocation);
  if (cli_invocation_get_switch (invocation, "WhatIf"))
    {
      g_autofree char *fqdn = cli_resolve_endpoint (directory, endpoint, error);

      if (fqdn == NULL)
        return FALSE;
    }
  if (cli_invocation_what_if (session, invocation, action, casarray_object_get_name (CASARRAY_OBJECT (database)), &skipped))
    return TRUE;

  /* Compare-and-set against the database as it was read (by this cmdlet,
   * or by the Get- before the pipe): a concurrent change is a conflict. */
  return casarray_directory_set_rpc_client_access_server_sync (directory, database, endpoint, NULL, error);
}

gboolean
cli_run_new_mailbox_database (CliSession *session, CliInvocation *invocation, GError **error)
{
  g_autoptr(CasarrayMailboxDatabaseChanges) settings = NULL;
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *name = cli_invocation_get_string (invocation, "Name");
  const char *server = cli_invocation_get_string (invocation, "Server");
  g_autoptr(CasarrayMailboxDatabase) database = NULL;
  g_autofree char *action = NULL;
  gboolean skipped;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, name);

  if (cli_invocation_get_switch (invocation, "WhatIf"))
    {
      g_autoptr(GPtrArray) servers = NULL;
      g_autoptr(GPtrArray) existing = NULL;
      g_autoptr(CasarrayServer) owner = NULL;
      GError *local_error = NULL;

      servers = casarray_directory_get_exchange_servers_sync (directory, server, NULL, NULL, error);
      if (servers == NULL)
        return FALSE;
      owner = cli_exactly_one (servers, "Exchange server", server, error);
      if (owner == NULL)
        return FALSE;
      if (!(casarray_server_get_roles (owner) & CASARRAY_SERVER_ROLE_MAILBOX))
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "The server “%s” is not a Mailbox server; a mailbox database needs one.", server);
          return FALSE;
        }
      existing = cli_get_all_databases (directory, name, &local_error);
      existing = cli_found_or_empty (existing, local_error, error);
      if (existing == NULL)
        return FALSE;
      if (existing->len > 0)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS,
                       "A mailbox database named “%s” already exists. Please specify a new unique value.", name);
          return FALSE;
        }
    }
  action = cli_action_text (invocation);
  if (cli_invocation_what_if (session, invocation, action, name, &skipped))
    return TRUE;

  settings = casarray_mailbox_database_changes_new ();
  if (cli_invocation_get_string (invocation, "EdbFilePath") != NULL)
    casarray_mailbox_database_changes_set_edb_file_path (settings, cli_invocation_get_string (invocation, "EdbFilePath"));
  if (cli_invocation_get_string (invocation, "LogFolderPath") != NULL)
    casarray_mailbox_database_changes_set_log_folder_path (settings,
                                                           cli_invocation_get_string (invocation, "LogFolderPath"));
  database = casarray_directory_new_mailbox_database_sync (directory, name, server, settings, NULL, error);
  if (database == NULL)
    return FALSE;
  cli_invocation_write_gobject (invocation, database);
  return TRUE;
}

gboolean
cli_run_remove_mailbox_database (CliSession *session, CliInvocation *invocation, GError **error)
{
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *identity = cli_invocation_get_string (invocation, "Identity");
  g_autoptr(CasarrayMailboxDatabase) database = NULL;
  g_autofree char *action = NULL;
  gboolean skipped;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, identity);
  database = cli_find_database (directory, invocation, identity, error);
  if (database == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, casarray_object_get_name (CASARRAY_OBJECT (database)));
  action = cli_action_text (invocation);
  if (cli_invocation_what_if (session, invocation, action, casarray_object_get_name (CASARRAY_OBJECT (database)), &skipped))
    return TRUE;
  return casarray_directory_remove_mailbox_database_sync (directory,
                                                         casarray_object_get_distinguished_name (CASARRAY_OBJECT (database)),
                                                         NULL, error);
}

gboolean
cli_run_move_database_path (CliSession *session, CliInvocation *invocation, GError **error)
{
  g_autoptr(CasarrayMailboxDatabaseChanges) changes = NULL;
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *identity = cli_invocation_get_string (invocation, "Identity");
  const char *edb = cli_invocation_get_string (invocation, "EdbFilePath");
  const char *logs = cli_invocation_get_string (invocation, "LogFolderPath");
  g_autoptr(CasarrayMailboxDatabase) database = NULL;
  g_autofree char *action = NULL;
  gboolean skipped;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, identity);
  database = cli_find_database (directory, invocation, identity, error);
  if (database == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, casarray_object_get_name (CASARRAY_OBJECT (database)));
  if (edb == NULL && logs == NULL)
    {
      cli_session_warning (session, "The command completed successfully but no settings of '%s' have been modified.",
                           casarray_object_get_name (CASARRAY_OBJECT (database)));
      return TRUE;
    }
  action = cli_action_text (invocation);
  if (cli_invocation_what_if (session, invocation, action, casarray_object_get_name (CASARRAY_OBJECT (database)), &skipped))
    return TRUE;
  changes = casarray_mailbox_database_changes_new ();
  if (edb != NULL)
    casarray_mailbox_database_changes_set_edb_file_path (changes, edb);
  if (logs != NULL)
    casarray_mailbox_database_changes_set_log_folder_path (changes, logs);
  return casarray_directory_set_mailbox_database_sync (directory,
                                                      casarray_object_get_distinguished_name (CASARRAY_OBJECT (database)),
                                                      changes, NULL, error);
}

/* Mount-Database and Dismount-Database: the Information Store mounts, and
 * casarray never talks to it.  The database must exist (a script that
 * names a wrong one still fails); then one warning says nothing was
 * mounted, and the script goes on, as the cookbook's
 * New-MailboxDatabase ... | Mount-Database expects. */
gboolean
cli_run_mount_database (CliSession *session, CliInvocation *invocation, GError **error)
{
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *identity = cli_invocation_get_string (invocation, "Identity");
  g_autoptr(CasarrayMailboxDatabase) database = NULL;
  gboolean mount = g_str_has_prefix (invocation->cmdlet->name, "Mount");

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, identity);
  database = cli_find_database (directory, invocation, identity, error);
  if (database == NULL)
    return FALSE;
  cli_session_warning (session, "%s '%s' needs the Exchange server (the Information Store), "
                       "which casarray does not reach: it was not %s.",
                       mount ? "Mounting" : "Dismounting",
                       casarray_object_get_name (CASARRAY_OBJECT (database)),
                       mount ? "mounted" : "dismounted");
  return TRUE;
}
