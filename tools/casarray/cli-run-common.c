/* cli-run-common.c: helpers the runners share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-run-common.h"

#include <string.h>

GPtrArray *
cli_found_or_empty (GPtrArray *result, GError *local_error, GError **error)
{
  if (result != NULL)
    return result;
  if (g_error_matches (local_error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND))
    {
      g_error_free (local_error);
      return g_ptr_array_new_with_free_func (g_object_unref);
    }
  g_propagate_error (error, local_error);
  return NULL;
}

gpointer
cli_exactly_one (GPtrArray *found, const char *noun, const char *identity, GError **error)
{
  if (found->len == 1)
    return g_object_ref (g_ptr_array_index (found, 0));
  if (found->len == 0)
    g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND,
                 "The operation couldn't be performed because %s “%s” couldn't be found.", noun, identity);
  else
    g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AMBIGUOUS,
                 "The %s “%s” matches %u objects; use a DN or GUID to choose one.", noun, identity, found->len);
  return NULL;
}

CasarrayMailboxDatabase *
cli_find_database (CasarrayDirectory *directory, CliInvocation *invocation,
                   const char *identity, GError **error)
{
  g_autoptr(GPtrArray) found = NULL;
  GError *local_error = NULL;

  if (invocation->input != NULL && invocation->input->gobject != NULL &&
      CASARRAY_IS_MAILBOX_DATABASE (invocation->input->gobject) &&
      g_strcmp0 (identity, cli_object_get_identity (invocation->input)) == 0)
    return g_object_ref (CASARRAY_MAILBOX_DATABASE (invocation->input->gobject));

  found = cli_get_all_databases (directory, identity, &local_error);
  found = cli_found_or_empty (found, local_error, error);
  if (found == NULL)
    return NULL;
  return cli_exactly_one (found, "mailbox database", identity, error);
}

char *
cli_resolve_endpoint (CasarrayDirectory *directory, const char *identity, GError **error)
{
  g_autoptr(GPtrArray) arrays = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  g_autoptr(GPtrArray) exchange = NULL;
  GError *local_error = NULL;
  guint matches;

  arrays = casarray_directory_get_client_access_arrays_sync (directory, identity, NULL, NULL, &local_error);
  arrays = cli_found_or_empty (arrays, local_error, error);
  if (arrays == NULL)
    return NULL;
  local_error = NULL;
  servers = casarray_directory_get_client_access_servers_sync (directory, identity, NULL, NULL, &local_error);
  servers = cli_found_or_empty (servers, local_error, error);
  if (servers == NULL)
    return NULL;

  matches = arrays->len + servers->len;
  if (matches == 1 && arrays->len == 1)
    return g_strdup (casarray_client_access_array_get_fqdn (g_ptr_array_index (arrays, 0)));
  if (matches == 1)
    return g_strdup (casarray_client_access_server_get_fqdn (g_ptr_array_index (servers, 0)));
  if (matches > 1)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AMBIGUOUS,
                   "The client access server or array “%s” matches %u objects; use a DN or GUID to choose one.",
                   identity, matches);
      return NULL;
    }

  local_error = NULL;
  exchange = casarray_directory_get_exchange_servers_sync (directory, identity, NULL, NULL, &local_error);
  exchange = cli_found_or_empty (exchange, local_error, error);
  if (exchange == NULL)
    return NULL;
  if (exchange->len > 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_CLIENT_ACCESS,
                   "“%s” cannot be an RpcClientAccessServer: the server %s does not hold the "
                   "ClientAccess role and is not a client access array.",
                   identity, casarray_object_get_name (CASARRAY_OBJECT (g_ptr_array_index (exchange, 0))));
      return NULL;
    }
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND,
               "The operation couldn't be performed because client access server or array “%s” couldn't be found.",
               identity);
  return NULL;
}

gboolean
cli_endpoint_exists (CasarrayDirectory *directory, const char *name, const char *fqdn,
                     char **holder, GError **error)
{
  const char *probes[] = { name, fqdn };

  *holder = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      g_autoptr(GPtrArray) servers = NULL;
      g_autoptr(GPtrArray) arrays = NULL;
      GError *local_error = NULL;

      if (probes[i] == NULL)
        continue;
      servers = casarray_directory_get_exchange_servers_sync (directory, probes[i], NULL, NULL, &local_error);
      servers = cli_found_or_empty (servers, local_error, error);
      if (servers == NULL)
        return FALSE;
      for (guint k = 0; k < servers->len && *holder == NULL; k++)
        {
          CasarrayServer *server = g_ptr_array_index (servers, k);

          if (g_ascii_strcasecmp (casarray_object_get_name (CASARRAY_OBJECT (server)), probes[i]) == 0 ||
              g_ascii_strcasecmp (casarray_server_get_fqdn (server), probes[i]) == 0)
            *holder = g_strdup (casarray_object_get_name (CASARRAY_OBJECT (server)));
        }
      local_error = NULL;
      arrays = casarray_directory_get_client_access_arrays_sync (directory, probes[i], NULL, NULL, &local_error);
      arrays = cli_found_or_empty (arrays, local_error, error);
      if (arrays == NULL)
        return FALSE;
      for (guint k = 0; k < arrays->len && *holder == NULL; k++)
        {
          CasarrayClientAccessArray *array = g_ptr_array_index (arrays, k);

          if (g_ascii_strcasecmp (casarray_object_get_name (CASARRAY_OBJECT (array)), probes[i]) == 0 ||
              g_ascii_strcasecmp (casarray_client_access_array_get_fqdn (array), probes[i]) == 0)
            *holder = g_strdup (casarray_object_get_name (CASARRAY_OBJECT (array)));
        }
      if (*holder != NULL)
        return TRUE;
    }
  return TRUE;
}

static void
append_value (GString *out, const char *value)
{
  if (*value == '\0' || strpbrk (value, " \t'\",;|") != NULL)
    {
      g_autofree char *escaped = NULL;
      GString *quoted = g_string_new ("'");

      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '\'')
            g_string_append_c (quoted, '\'');
          g_string_append_c (quoted, *p);
        }
      g_string_append_c (quoted, '\'');
      escaped = g_string_free (quoted, FALSE);
      g_string_append (out, escaped);
    }
  else
    g_string_append (out, value);
}

char *
cli_action_text (CliInvocation *invocation)
{
  const CliCmdlet *cmdlet = invocation->cmdlet;
  GString *out = g_string_new (cmdlet->name);

  for (guint i = 0; i < invocation->n_params; i++)
    {
      const CliParamSpec *spec = &cmdlet->params[i];
      const CliBound *b = &invocation->bound[i];

      if (!b->given || g_str_equal (spec->name, "Identity") || g_str_equal (spec->name, "WhatIf") ||
          g_str_equal (spec->name, "Confirm"))
        continue;
      if (spec->type == CLI_PARAM_SWITCH)
        {
          if (b->boolean)
            g_string_append_printf (out, " -%s", spec->name);
          continue;
        }
      g_string_append_printf (out, " -%s ", spec->name);
      if (b->is_null)
        g_string_append (out, "$null");
      else if (b->list != NULL)
        for (guint k = 0; b->list[k] != NULL; k++)
          {
            if (k > 0)
              g_string_append_c (out, ',');
            append_value (out, b->list[k]);
          }
      else if (b->string != NULL)
        append_value (out, b->string);
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT, b->integer);
    }
  return g_string_free (out, FALSE);
}

CasarrayFilter *
cli_filter_new (const char *server, const char *site, CasarrayGetFlags flags)
{
  CasarrayFilter *filter;

  if (server == NULL && site == NULL && flags == CASARRAY_GET_NONE)
    return NULL;
  filter = casarray_filter_new ();
  casarray_filter_set_server (filter, server);
  casarray_filter_set_site (filter, site);
  casarray_filter_set_flags (filter, flags);
  return filter;
}

GPtrArray *
cli_get_all_databases (CasarrayDirectory *directory, const char *identity, GError **error)
{
  g_autoptr(CasarrayFilter) filter = cli_filter_new (NULL, NULL, CASARRAY_GET_INCLUDE_PRE_EXCHANGE2010);

  return casarray_directory_get_mailbox_databases_sync (directory, identity, filter, NULL, error);
}
