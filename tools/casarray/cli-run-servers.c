/* cli-run-servers.c: Get-/Set-ClientAccessServer, Get-/Set-ExchangeServer,
 * and the lab extensions New-/Remove-ExchangeServer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-run-common.h"

#include <string.h>

gboolean
cli_run_get_client_access_server (CliSession *session, CliInvocation *invocation, GError **error)
{
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *identity = cli_invocation_get_string (invocation, "Identity");
  g_autoptr(GPtrArray) servers = NULL;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, identity);
  servers = casarray_directory_get_client_access_servers_sync (directory, identity, NULL, NULL, error);
  if (servers == NULL)
    return FALSE;
  for (guint i = 0; i < servers->len; i++)
    cli_invocation_write_gobject (invocation, g_ptr_array_index (servers, i));
  return TRUE;
}

gboolean
cli_run_set_client_access_server (CliSession *session, CliInvocation *invocation, GError **error)
{
  g_autoptr(CasarrayClientAccessServerChanges) changes = NULL;
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *identity = cli_invocation_get_string (invocation, "Identity");
  const char *uri = NULL;
  const char * const *scope = NULL;
  const char * const no_sites[] = { NULL };
  g_autoptr(CasarrayClientAccessServer) cas = NULL;
  g_autofree char *action = NULL;
  gboolean skipped;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, identity);

  /* $null clears; not given leaves as is. */
  if (cli_invocation_is_given (invocation, "AutoDiscoverServiceInternalUri"))
    uri = cli_invocation_is_null (invocation, "AutoDiscoverServiceInternalUri")
          ? "" : cli_invocation_get_string (invocation, "AutoDiscoverServiceInternalUri");
  if (cli_invocation_is_given (invocation, "AutoDiscoverSiteScope"))
    scope = cli_invocation_is_null (invocation, "AutoDiscoverSiteScope")
            ? no_sites : cli_invocation_get_list (invocation, "AutoDiscoverSiteScope");

  {
    g_autoptr(GPtrArray) found = casarray_directory_get_client_access_servers_sync (directory, identity, NULL, NULL, error);

    if (found == NULL)
      return FALSE;
    cas = cli_exactly_one (found, "client access server", identity, error);
    if (cas == NULL)
      return FALSE;
  }
  cli_invocation_set_target (invocation, casarray_object_get_name (CASARRAY_OBJECT (cas)));

  if (uri == NULL && scope == NULL)
    {
      cli_session_warning (session, "The command completed successfully but no settings of '%s' have been modified.",
                           casarray_object_get_name (CASARRAY_OBJECT (cas)));
      return TRUE;
    }

  if (cli_invocation_get_switch (invocation, "WhatIf"))
    {
      if (uri != NULL && *uri != '\0')
        {
          g_autofree char *scheme = g_uri_parse_scheme (uri);

          if (scheme == NULL || (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
            {
              g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                           "The AutoDiscoverServiceInternalUri “%s” is not an absolute https:// or http:// URI.", uri);
              return FALSE;
            }
        }
      for (guint i = 0; scope != NULL && scope[i] != NULL; i++)
        {
          g_autoptr(GPtrArray) sites = casarray_directory_get_sites_sync (directory, scope[i], NULL, NULL, error);

          if (sites == NULL)
            return FALSE;
        }
    }
  action = cli_action_text (invocation);
  if (cli_invocation_what_if (session, invocation, action, casarray_object_get_name (CASARRAY_OBJECT (cas)), &skipped))
    return TRUE;
  changes = casarray_client_access_server_changes_new ();
  if (uri != NULL)
    casarray_client_access_server_changes_set_autodiscover_service_internal_uri (changes, uri);
  if (scope != NULL)
    casarray_client_access_server_changes_set_autodiscover_site_scope (changes, scope);
  return casarray_directory_set_client_access_server_sync (directory,
                                                          casarray_object_get_distinguished_name (CASARRAY_OBJECT (cas)),
                                                          changes, NULL, error);
}

gboolean
cli_run_get_exchange_server (CliSession *session, CliInvocation *invocation, GError **error)
{
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *identity = cli_invocation_get_string (invocation, "Identity");
  g_autoptr(GPtrArray) servers = NULL;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, identity);
  servers = casarray_directory_get_exchange_servers_sync (directory, identity, NULL, NULL, error);
  if (servers == NULL)
    return FALSE;
  for (guint i = 0; i < servers->len; i++)
    cli_invocation_write_gobject (invocation, g_ptr_array_index (servers, i));
  return TRUE;
}

gboolean
cli_run_new_exchange_server (CliSession *session, CliInvocation *invocation, GError **error)
{
  g_autoptr(CasarrayExchangeServerChanges) settings = NULL;
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *name = cli_invocation_get_string (invocation, "Name");
  const char *fqdn = cli_invocation_get_string (invocation, "Fqdn");
  const char *site = cli_invocation_get_string (invocation, "Site");
  g_autoptr(CasarrayServer) server = NULL;
  g_autofree char *action = NULL;
  gboolean skipped;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, name);

  if (cli_invocation_get_switch (invocation, "WhatIf"))
    {
      g_autoptr(GPtrArray) sites = casarray_directory_get_sites_sync (directory, site, NULL, NULL, error);
      g_autofree char *holder = NULL;

      if (sites == NULL)
        return FALSE;
      if (!cli_endpoint_exists (directory, name, NULL, &holder, error))
        return FALSE;
      if (holder != NULL)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS,
                       "A Client Access array or an Exchange server \"%s\" already exists. Please "
                       "specify a new unique value.", name);
          return FALSE;
        }
      if (!cli_endpoint_exists (directory, NULL, fqdn, &holder, error))
        return FALSE;
      if (holder != NULL)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS,
                       "The FQDN %s is already used by “%s”.", fqdn, holder);
          return FALSE;
        }
    }
  action = cli_action_text (invocation);
  if (cli_invocation_what_if (session, invocation, action, name, &skipped))
    return TRUE;

  settings = casarray_exchange_server_changes_new ();
  casarray_exchange_server_changes_set_fqdn (settings, fqdn);
  casarray_exchange_server_changes_set_site (settings, site);
  casarray_exchange_server_changes_set_roles (settings, cli_invocation_get_roles (invocation, "ServerRole"));
  if (cli_invocation_get_string (invocation, "AdminDisplayVersion") != NULL)
    casarray_exchange_server_changes_set_admin_display_version (settings,
                                                                cli_invocation_get_string (invocation, "AdminDisplayVersion"));
  server = casarray_directory_new_exchange_server_sync (directory, name, settings, NULL, error);
  if (server == NULL)
    return FALSE;
  cli_invocation_write_gobject (invocation, server);
  return TRUE;
}

static CasarrayServer *
find_server (CasarrayDirectory *directory, const char *identity, GError **error)
{
  g_autoptr(GPtrArray) found = casarray_directory_get_exchange_servers_sync (directory, identity, NULL, NULL, error);

  if (found == NULL)
    return NULL;
  return cli_exactly_one (found, "Exchange server", identity, error);
}

/* -Force wins over -RepointDatabases: with both, nothing is repointed. */
static CasarrayRemovalPolicy
removal_policy (CliInvocation *invocation)
{
  if (cli_invocation_get_switch (invocation, "Force"))
    return CASARRAY_REMOVAL_POLICY_FORCE;
  if (cli_invocation_get_switch (invocation, "RepointDatabases"))
    return CASARRAY_REMOVAL_POLICY_REPOINT_DATABASES;
  return CASARRAY_REMOVAL_POLICY_REFUSE;
}

/* For -WhatIf: the databases whose RpcClientAccessServer is @server
 * (NULL on error). */
static GPtrArray *
databases_using (CasarrayDirectory *directory, CasarrayServer *server, GError **error)
{
  g_autoptr(GPtrArray) databases = cli_get_all_databases (directory, NULL, error);
  GPtrArray *users;
  const char *legacy_dn = casarray_server_get_exchange_legacy_dn (server);

  if (databases == NULL)
    return NULL;
  users = g_ptr_array_new ();
  for (guint i = 0; i < databases->len; i++)
    {
      CasarrayMailboxDatabase *db = g_ptr_array_index (databases, i);
      const char *endpoint = casarray_mailbox_database_get_rpc_client_access_server_legacy_dn (db);

      if (legacy_dn != NULL && endpoint != NULL && g_ascii_strcasecmp (endpoint, legacy_dn) == 0)
        g_ptr_array_add (users, g_strdup (casarray_object_get_name (CASARRAY_OBJECT (db))));
    }
  g_ptr_array_set_free_func (users, g_free);
  return users;
}

/* For -WhatIf: fails as the library would when the ClientAccess role of
 * @server goes while databases use it and no policy says what to do. */
static gboolean
check_release (CasarrayDirectory *directory, CasarrayServer *server, CasarrayRemovalPolicy policy, GError **error)
{
  g_autoptr(GPtrArray) users = NULL;

  if (!(casarray_server_get_roles (server) & CASARRAY_SERVER_ROLE_CLIENT_ACCESS) || policy != CASARRAY_REMOVAL_POLICY_REFUSE)
    return TRUE;
  users = databases_using (directory, server, error);
  if (users == NULL)
    return FALSE;
  if (users->len > 0)
    {
      g_autofree char *names = NULL;

      g_ptr_array_add (users, NULL);
      names = g_strjoinv (", ", (char **) users->pdata);
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE,
                   "%u mailbox database(s) still use %s as their RpcClientAccessServer: %s. Their Outlook "
                   "clients would lose their endpoint; give -RepointDatabases to point them elsewhere, or "
                   "-Force to leave them pointing at nothing.",
                   users->len - 1, casarray_object_get_name (CASARRAY_OBJECT (server)), names);
      return FALSE;
    }
  return TRUE;
}

/* The library refuses to strand databases; say which switch lifts that. */
static void
add_release_hint (CliInvocation *invocation, GError **error)
{
  if (error == NULL || *error == NULL || removal_policy (invocation) != CASARRAY_REMOVAL_POLICY_REFUSE ||
      !g_error_matches (*error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE) ||
      g_strstr_len ((*error)->message, -1, "RpcClientAccessServer") == NULL)
    return;
  {
    char *message = g_strconcat ((*error)->message,
                                 " Give -RepointDatabases to point them at the site's array or another "
                                 "Client Access server first, or -Force to leave them pointing at nothing "
                                 "as Exchange does.", NULL);

    g_free ((*error)->message);
    (*error)->message = message;
  }
}

gboolean
cli_run_set_exchange_server (CliSession *session, CliInvocation *invocation, GError **error)
{
  g_autoptr(CasarrayExchangeServerChanges) changes = NULL;
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *identity = cli_invocation_get_string (invocation, "Identity");
  g_autoptr(CasarrayServer) server = NULL;
  g_autofree char *action = NULL;
  guint roles = cli_invocation_get_roles (invocation, "ServerRole");
  gboolean skipped;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, identity);
  server = find_server (directory, identity, error);
  if (server == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, casarray_object_get_name (CASARRAY_OBJECT (server)));
  if (!cli_invocation_is_given (invocation, "ServerRole"))
    {
      cli_session_warning (session, "The command completed successfully but no settings of '%s' have been modified.",
                           casarray_object_get_name (CASARRAY_OBJECT (server)));
      return TRUE;
    }
  if (cli_invocation_get_switch (invocation, "WhatIf") && !(roles & CASARRAY_SERVER_ROLE_CLIENT_ACCESS) &&
      !check_release (directory, server, removal_policy (invocation), error))
    return FALSE;
  action = cli_action_text (invocation);
  if (cli_invocation_what_if (session, invocation, action, casarray_object_get_name (CASARRAY_OBJECT (server)), &skipped))
    return TRUE;
  changes = casarray_exchange_server_changes_new ();
  casarray_exchange_server_changes_set_roles (changes, roles);
  if (!casarray_directory_set_exchange_server_sync (directory, casarray_object_get_distinguished_name (CASARRAY_OBJECT (server)),
                                                    changes, removal_policy (invocation), NULL, error))
    {
      add_release_hint (invocation, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
cli_run_remove_exchange_server (CliSession *session, CliInvocation *invocation, GError **error)
{
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *identity = cli_invocation_get_string (invocation, "Identity");
  g_autoptr(CasarrayServer) server = NULL;
  g_autofree char *action = NULL;
  gboolean skipped;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, identity);
  server = find_server (directory, identity, error);
  if (server == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, casarray_object_get_name (CASARRAY_OBJECT (server)));

  if (cli_invocation_get_switch (invocation, "WhatIf"))
    {
      g_autoptr(GPtrArray) owned = NULL;

      GString *names = g_string_new (NULL);
      guint n = 0;

      /* Every database, not -Server: that one wants a Mailbox server. */
      owned = cli_get_all_databases (directory, NULL, error);
      if (owned == NULL)
        {
          g_string_free (names, TRUE);
          return FALSE;
        }
      for (guint i = 0; i < owned->len; i++)
        {
          CasarrayMailboxDatabase *db = g_ptr_array_index (owned, i);

          if (g_ascii_strcasecmp (casarray_mailbox_database_get_server_dn (db),
                                  casarray_object_get_distinguished_name (CASARRAY_OBJECT (server))) == 0)
            g_string_append_printf (names, "%s%s", n++ > 0 ? ", " : "", casarray_object_get_name (CASARRAY_OBJECT (db)));
        }
      if (n > 0)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE,
                       "The server %s still owns %u mailbox database(s): %s. Remove or move them first.",
                       casarray_object_get_name (CASARRAY_OBJECT (server)), n, names->str);
          g_string_free (names, TRUE);
          return FALSE;
        }
      g_string_free (names, TRUE);
      if (!check_release (directory, server, removal_policy (invocation), error))
        return FALSE;
    }
  action = cli_action_text (invocation);
  if (cli_invocation_what_if (session, invocation, action, casarray_object_get_name (CASARRAY_OBJECT (server)), &skipped))
    return TRUE;
  if (!casarray_directory_remove_exchange_server_sync (directory, casarray_object_get_distinguished_name (CASARRAY_OBJECT (server)),
                                                      removal_policy (invocation), NULL, error))
    {
      add_release_hint (invocation, error);
      return FALSE;
    }
  return TRUE;
}
