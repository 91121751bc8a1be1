/* cli-run-arrays.c: Get-, New-, Set-, Remove-ClientAccessArray
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-run-common.h"

#include <string.h>

gboolean
cli_run_get_client_access_array (CliSession *session, CliInvocation *invocation, GError **error)
{
  g_autoptr(CasarrayFilter) filter = NULL;
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *identity = cli_invocation_get_string (invocation, "Identity");
  g_autoptr(GPtrArray) arrays = NULL;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, identity);
  filter = cli_filter_new (NULL, cli_invocation_get_string (invocation, "Site"), CASARRAY_GET_NONE);
  arrays = casarray_directory_get_client_access_arrays_sync (directory, identity, filter, NULL, error);
  if (arrays == NULL)
    return FALSE;
  for (guint i = 0; i < arrays->len; i++)
    cli_invocation_write_gobject (invocation, g_ptr_array_index (arrays, i));
  return TRUE;
}

static CasarrayClientAccessArray *
find_array (CasarrayDirectory *directory, const char *identity, GError **error)
{
  g_autoptr(GPtrArray) found = casarray_directory_get_client_access_arrays_sync (directory, identity, NULL, NULL, error);

  if (found == NULL)
    return NULL;
  return cli_exactly_one (found, "client access array", identity, error);
}

/* For -WhatIf: the site named @site (or the only one), and no array in it. */
static gboolean
check_site_free (CasarrayDirectory *directory, const char *site, GError **error)
{
  g_autoptr(CasarrayFilter) filter = NULL;
  g_autoptr(GPtrArray) sites = casarray_directory_get_sites_sync (directory, site, NULL, NULL, error);
  g_autoptr(GPtrArray) arrays = NULL;
  CasarraySite *the_site;

  if (sites == NULL)
    return FALSE;
  if (site == NULL && sites->len != 1)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   sites->len == 0
                   ? "The organisation has no site; create one before the client access array."
                   : "The organisation has %u sites; say which one the client access array serves with -Site.",
                   sites->len);
      return FALSE;
    }
  if (sites->len != 1)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AMBIGUOUS,
                   "The site “%s” matches %u objects; use a DN or GUID to choose one.", site, sites->len);
      return FALSE;
    }
  the_site = g_ptr_array_index (sites, 0);
  filter = cli_filter_new (NULL, casarray_object_get_distinguished_name (CASARRAY_OBJECT (the_site)),
                           CASARRAY_GET_NONE);
  arrays = casarray_directory_get_client_access_arrays_sync (directory, NULL, filter, NULL, error);
  if (arrays == NULL)
    return FALSE;
  if (arrays->len > 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ARRAY_EXISTS_IN_SITE,
                   "The Client Access array already exists in site %s. At most, one Client Access "
                   "array can exist per site.", casarray_object_get_name (CASARRAY_OBJECT (the_site)));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_name_and_fqdn_free (CasarrayDirectory *directory, const char *name, const char *fqdn, GError **error)
{
  g_autofree char *holder = NULL;

  if (name != NULL)
    {
      if (!cli_endpoint_exists (directory, name, NULL, &holder, error))
        return FALSE;
      if (holder != NULL)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS,
                       "A Client Access array or an Exchange server \"%s\" already exists. Please "
                       "specify a new unique value.", name);
          return FALSE;
        }
    }
  if (fqdn != NULL)
    {
      if (!cli_endpoint_exists (directory, NULL, fqdn, &holder, error))
        return FALSE;
      if (holder != NULL)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS,
                       "The FQDN %s is already used by “%s”; a client access array needs an FQDN of "
                       "its own.", fqdn, holder);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
cli_run_new_client_access_array (CliSession *session, CliInvocation *invocation, GError **error)
{
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *name = cli_invocation_get_string (invocation, "Name");
  const char *fqdn = cli_invocation_get_string (invocation, "Fqdn");
  const char *site = cli_invocation_get_string (invocation, "Site");
  g_autoptr(CasarrayClientAccessArray) array = NULL;
  g_autofree char *default_name = NULL;
  g_autofree char *action = NULL;
  gboolean skipped;

  if (directory == NULL)
    return FALSE;
  if (name == NULL)
    {
      const char *dot = strchr (fqdn, '.');

      default_name = dot != NULL ? g_strndup (fqdn, dot - fqdn) : g_strdup (fqdn);
    }
  cli_invocation_set_target (invocation, name != NULL ? name : default_name);

  if (cli_invocation_get_switch (invocation, "WhatIf") &&
      (!check_site_free (directory, site, error) ||
       !check_name_and_fqdn_free (directory, name != NULL ? name : default_name, fqdn, error)))
    return FALSE;
  action = cli_action_text (invocation);
  if (cli_invocation_what_if (session, invocation, action, name != NULL ? name : default_name, &skipped))
    return TRUE;

  array = casarray_directory_new_client_access_array_sync (directory, name, fqdn, site, NULL, error);
  if (array == NULL)
    return FALSE;
  cli_invocation_write_gobject (invocation, array);
  return TRUE;
}

gboolean
cli_run_set_client_access_array (CliSession *session, CliInvocation *invocation, GError **error)
{
  g_autoptr(CasarrayClientAccessArrayChanges) changes = NULL;
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *identity = cli_invocation_get_string (invocation, "Identity");
  const char *name = cli_invocation_get_string (invocation, "Name");
  const char *fqdn = cli_invocation_get_string (invocation, "Fqdn");
  const char *site = cli_invocation_get_string (invocation, "Site");
  g_autoptr(CasarrayClientAccessArray) array = NULL;
  g_autofree char *action = NULL;
  const char *array_name;
  gboolean skipped;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, identity);
  array = find_array (directory, identity, error);
  if (array == NULL)
    return FALSE;
  array_name = casarray_object_get_name (CASARRAY_OBJECT (array));
  cli_invocation_set_target (invocation, array_name);

  if (name == NULL && fqdn == NULL && site == NULL)
    {
      cli_session_warning (session, "The command completed successfully but no settings of '%s' have been modified.",
                           array_name);
      return TRUE;
    }
  if (cli_invocation_get_switch (invocation, "WhatIf"))
    {
      if (name != NULL && g_ascii_strcasecmp (name, array_name) == 0)
        name = NULL;
      if (fqdn != NULL && g_ascii_strcasecmp (fqdn, casarray_client_access_array_get_fqdn (array)) == 0)
        fqdn = NULL;
      if (!check_name_and_fqdn_free (directory, name, fqdn, error))
        return FALSE;
      if (site != NULL)
        {
          g_autoptr(GPtrArray) sites = casarray_directory_get_sites_sync (directory, site, NULL, NULL, error);

          if (sites == NULL)
            return FALSE;
          if (sites->len == 1 &&
              g_ascii_strcasecmp (casarray_object_get_distinguished_name (CASARRAY_OBJECT (g_ptr_array_index (sites, 0))),
                                  casarray_client_access_array_get_site_dn (array)) != 0 &&
              !check_site_free (directory, site, error))
            return FALSE;
        }
      name = cli_invocation_get_string (invocation, "Name");
      fqdn = cli_invocation_get_string (invocation, "Fqdn");
    }
  action = cli_action_text (invocation);
  if (cli_invocation_what_if (session, invocation, action, array_name, &skipped))
    return TRUE;
  if (fqdn != NULL && g_ascii_strcasecmp (fqdn, casarray_client_access_array_get_fqdn (array)) != 0)
    cli_session_warning (session,
                         "Changing the FQDN of client access array \"%s\" from %s to %s affects the mailbox "
                         "databases configured for it: their Outlook clients will connect to %s, which must "
                         "resolve to the load balancer in internal DNS.",
                         array_name, casarray_client_access_array_get_fqdn (array), fqdn, fqdn);
  changes = casarray_client_access_array_changes_new ();
  if (name != NULL)
    casarray_client_access_array_changes_set_name (changes, name);
  if (fqdn != NULL)
    casarray_client_access_array_changes_set_fqdn (changes, fqdn);
  if (site != NULL)
    casarray_client_access_array_changes_set_site (changes, site);
  return casarray_directory_set_client_access_array_sync (directory,
                                                         casarray_object_get_distinguished_name (CASARRAY_OBJECT (array)),
                                                         changes, NULL, error);
}

gboolean
cli_run_remove_client_access_array (CliSession *session, CliInvocation *invocation, GError **error)
{
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  const char *identity = cli_invocation_get_string (invocation, "Identity");
  g_autoptr(CasarrayClientAccessArray) array = NULL;
  g_autofree char *action = NULL;
  gboolean skipped;

  if (directory == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, identity);
  array = find_array (directory, identity, error);
  if (array == NULL)
    return FALSE;
  cli_invocation_set_target (invocation, casarray_object_get_name (CASARRAY_OBJECT (array)));
  action = cli_action_text (invocation);
  if (cli_invocation_what_if (session, invocation, action, casarray_object_get_name (CASARRAY_OBJECT (array)), &skipped))
    return TRUE;
  return casarray_directory_remove_client_access_array_sync (directory,
                                                            casarray_object_get_distinguished_name (CASARRAY_OBJECT (array)),
                                                            NULL, error);
}
