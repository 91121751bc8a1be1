/* cli-run-organization.c: Get-OrganizationConfig, Get-ADSite, and the lab
 * extensions New-Organization, New-ADSite, Remove-ADSite
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-run-common.h"

gboolean
cli_run_new_organization (CliSession *session, CliInvocation *invocation, GError **error)
{
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *name = cli_invocation_get_string (invocation, "Name");
  g_autofree char *action = NULL;
  gboolean skipped;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, name);
  if (cli_invocation_get_switch (invocation, "WhatIf"))
    {
      g_autofree char *existing = NULL;

      if (!casarray_directory_connect_sync (directory, NULL, error))
        return FALSE;
      existing = casarray_directory_get_organization (directory);
      if (existing != NULL)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS,
                       "The Exchange organisation “%s” already exists; a directory holds one.",
                       existing);
          return FALSE;
        }
    }
  action = cli_action_text (invocation);
  if (cli_invocation_what_if (session, invocation, action, name, &skipped))
    return TRUE;
  if (!casarray_directory_new_organization_sync (directory, name, NULL, error))
    return FALSE;
  {
    g_autoptr(CliObject) organization = cli_object_new_organization (name);

    cli_invocation_write (invocation, organization);
  }
  return TRUE;
}

gboolean
cli_run_get_organization_config (CliSession *session, CliInvocation *invocation, GError **error)
{
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  g_autoptr(CliObject) organization = NULL;
  g_autofree char *name = NULL;

  if (directory == NULL)
    return FALSE;
  if (!casarray_directory_connect_sync (directory, NULL, error))
    return FALSE;
  name = casarray_directory_get_organization (directory);
  if (name == NULL)
    {
      g_set_error_literal (error, CASARRAY_ERROR, CASARRAY_ERROR_NO_ORGANIZATION,
                           "The directory holds no Exchange organisation (create one with New-Organization).");
      return FALSE;
    }
  organization = cli_object_new_organization (name);
  cli_invocation_write (invocation, organization);
  return TRUE;
}

gboolean
cli_run_get_ad_site (CliSession *session, CliInvocation *invocation, GError **error)
{
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *identity = cli_invocation_get_string (invocation, "Identity");
  g_autoptr(GPtrArray) sites = NULL;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, identity);
  sites = casarray_directory_get_sites_sync (directory, identity, NULL, NULL, error);
  if (sites == NULL)
    return FALSE;
  for (guint i = 0; i < sites->len; i++)
    cli_invocation_write_gobject (invocation, g_ptr_array_index (sites, i));
  return TRUE;
}

/* The DCs are read from the configuration partition (server objects with
 * NTDS Settings, casarray_directory_get_domain_controllers_sync()), site
 * by site so each carries its ADSite.  OpenLDAP has none: nothing is
 * listed, which is what the directory says. */
gboolean
cli_run_get_domain_controller (CliSession *session, CliInvocation *invocation, GError **error)
{
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  g_autoptr(GPtrArray) sites = NULL;

  if (directory == NULL)
    return FALSE;
  sites = casarray_directory_get_sites_sync (directory, NULL, NULL, NULL, error);
  if (sites == NULL)
    return FALSE;
  for (guint i = 0; i < sites->len; i++)
    {
      const char *site = casarray_object_get_name (CASARRAY_OBJECT (g_ptr_array_index (sites, i)));
      g_auto(GStrv) hosts = casarray_directory_get_domain_controllers_sync (directory, site, NULL, error);

      if (hosts == NULL)
        return FALSE;
      for (guint j = 0; hosts[j] != NULL; j++)
        {
          g_autoptr(CliObject) controller = cli_object_new_domain_controller (hosts[j], site);

          cli_invocation_write (invocation, controller);
        }
    }
  return TRUE;
}

gboolean
cli_run_new_ad_site (CliSession *session, CliInvocation *invocation, GError **error)
{
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *name = cli_invocation_get_string (invocation, "Name");
  g_autoptr(CasarraySite) site = NULL;
  g_autofree char *action = NULL;
  gboolean skipped;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, name);
  if (cli_invocation_get_switch (invocation, "WhatIf"))
    {
      g_autoptr(GPtrArray) sites = NULL;
      GError *local_error = NULL;

      sites = casarray_directory_get_sites_sync (directory, name, NULL, NULL, &local_error);
      sites = cli_found_or_empty (sites, local_error, error);
      if (sites == NULL)
        return FALSE;
      if (sites->len > 0)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS,
                       "The site “%s” already exists. Please specify a new unique value.", name);
          return FALSE;
        }
    }
  action = cli_action_text (invocation);
  if (cli_invocation_what_if (session, invocation, action, name, &skipped))
    return TRUE;
  site = casarray_directory_new_site_sync (directory, name, NULL, error);
  if (site == NULL)
    return FALSE;
  cli_invocation_write_gobject (invocation, site);
  return TRUE;
}

gboolean
cli_run_remove_ad_site (CliSession *session, CliInvocation *invocation, GError **error)
{
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *identity = cli_invocation_get_string (invocation, "Identity");
  g_autoptr(CasarraySite) site = NULL;
  g_autofree char *action = NULL;
  gboolean skipped;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, identity);
  {
    g_autoptr(GPtrArray) sites = casarray_directory_get_sites_sync (directory, identity, NULL, NULL, error);

    if (sites == NULL)
      return FALSE;
    site = cli_exactly_one (sites, "site", identity, error);
    if (site == NULL)
      return FALSE;
  }
  cli_invocation_set_target (invocation, casarray_object_get_name (CASARRAY_OBJECT (site)));

  if (cli_invocation_get_switch (invocation, "WhatIf"))
    {
      g_autoptr(GPtrArray) servers = casarray_directory_get_exchange_servers_sync (directory, NULL, NULL, NULL, error);
      g_autoptr(GPtrArray) arrays = NULL;
      g_autoptr(GString) members = g_string_new (NULL);
      guint n = 0;

      if (servers == NULL)
        return FALSE;
      g_autoptr(CasarrayFilter) filter = cli_filter_new (NULL, casarray_object_get_distinguished_name (CASARRAY_OBJECT (site)),
                                                         CASARRAY_GET_NONE);

      arrays = casarray_directory_get_client_access_arrays_sync (directory, NULL, filter, NULL, error);
      if (arrays == NULL)
        return FALSE;
      for (guint i = 0; i < servers->len; i++)
        {
          CasarrayServer *server = g_ptr_array_index (servers, i);

          if (g_ascii_strcasecmp (casarray_server_get_site_dn (server) ? casarray_server_get_site_dn (server) : "",
                                  casarray_object_get_distinguished_name (CASARRAY_OBJECT (site))) == 0)
            g_string_append_printf (members, "%s%s", n++ > 0 ? ", " : "", casarray_object_get_name (CASARRAY_OBJECT (server)));
        }
      for (guint i = 0; i < arrays->len; i++)
        g_string_append_printf (members, "%s%s", n++ > 0 ? ", " : "",
                                casarray_object_get_name (CASARRAY_OBJECT (g_ptr_array_index (arrays, i))));
      if (n > 0)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE,
                       "The site %s still has %u Exchange server(s) or array(s): %s. Move or remove them first.",
                       casarray_object_get_name (CASARRAY_OBJECT (site)), n, members->str);
          return FALSE;
        }
    }
  action = cli_action_text (invocation);
  if (cli_invocation_what_if (session, invocation, action, casarray_object_get_name (CASARRAY_OBJECT (site)), &skipped))
    return TRUE;
  return casarray_directory_remove_site_sync (directory, casarray_object_get_distinguished_name (CASARRAY_OBJECT (site)), NULL, error);
}
