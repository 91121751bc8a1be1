/* cli-run-audit.c: Test-ClientAccessConfiguration and
 * Repair-ClientAccessConfiguration (extensions)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-run-common.h"

gboolean
cli_run_test_client_access_configuration (CliSession *session, CliInvocation *invocation, GError **error)
{
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  g_autoptr(GPtrArray) findings = NULL;

  if (directory == NULL)
    return FALSE;
  findings = casarray_directory_audit_sync (directory, NULL, error);
  if (findings == NULL)
    return FALSE;
  for (guint i = 0; i < findings->len; i++)
    cli_invocation_write_gobject (invocation, g_ptr_array_index (findings, i));
  return TRUE;
}

gboolean
cli_run_repair_client_access_configuration (CliSession *session, CliInvocation *invocation, GError **error)
{
  CasarrayDirectory *directory = cli_session_get_directory (session, error);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) results = NULL;
  gboolean what_if = cli_invocation_get_switch (invocation, "WhatIf");
  gboolean confirm = cli_invocation_is_given (invocation, "Confirm") &&
                     cli_invocation_get_switch (invocation, "Confirm");

  if (directory == NULL)
    return FALSE;

  /* Findings piped from Test-ClientAccessConfiguration: act on those, so a
   * database changed since that audit is skipped. */
  if (invocation->inputs != NULL && invocation->inputs->len > 0)
    {
      findings = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < invocation->inputs->len; i++)
        {
          CliObject *object = g_ptr_array_index (invocation->inputs, i);

          if (object->gobject == NULL || !CASARRAY_IS_FINDING (object->gobject))
            {
              g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                           "Repair-ClientAccessConfiguration takes the findings of Test-ClientAccessConfiguration "
                           "from the pipeline, not %s objects.", object->type_name);
              return FALSE;
            }
          g_ptr_array_add (findings, g_object_ref (object->gobject));
        }
    }

  if (!what_if && confirm &&
      !cli_session_confirm (session, "Repair-ClientAccessConfiguration", casarray_directory_get_uri (directory)))
    return TRUE;

  results = casarray_directory_repair_sync (directory, findings,
                                           what_if ? CASARRAY_WRITE_WHAT_IF : CASARRAY_WRITE_NONE, NULL, error);
  if (results == NULL)
    return FALSE;
  for (guint i = 0; i < results->len; i++)
    {
      CasarrayRepairResult *result = g_ptr_array_index (results, i);

      /* Each row is an item of the statement: a Failed one fails it, so a
       * script learns that the repair did not finish (the rows say why).
       * Skipped rows were left alone on purpose and are not failures. */
      cli_invocation_count_items (invocation, 1,
                                  casarray_repair_result_get_outcome (result) == CASARRAY_REPAIR_FAILED,
                                  "repairs");

      if (what_if)
        {
          g_autofree char *action = NULL;

          if (casarray_repair_result_get_outcome (result) != CASARRAY_REPAIR_WOULD_CHANGE)
            continue;
          action = g_strdup_printf ("Set-MailboxDatabase -RpcClientAccessServer %s",
                                    casarray_repair_result_get_new_endpoint (result));
          cli_session_what_if (session, action, casarray_repair_result_get_database (result));
          continue;
        }
      cli_invocation_write_gobject (invocation, result);
    }
  return TRUE;
}
