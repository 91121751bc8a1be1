/* cli-session.c: what every cmdlet run shares
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-session.h"
#include "cli-error.h"
#include "cli-escape.h"
#include "cli-report.h"
#include "cli-value.h"

#include <string.h>

CliSession *
cli_session_new (CasarrayDirectory *directory)
{
  CliSession *session = g_new0 (CliSession, 1);

  session->directory = directory != NULL ? g_object_ref (directory) : NULL;
  session->out = stdout;
  session->err = stderr;
  session->variables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cli_value_free);
  return session;
}

void
cli_session_free (CliSession *session)
{
  if (session == NULL)
    return;
  g_clear_object (&session->directory);
  g_free (session->no_store_reason);
  g_hash_table_unref (session->variables);
  g_free (session);
}

CasarrayDirectory *
cli_session_get_directory (CliSession *session, GError **error)
{
  if (session->directory == NULL)
    {
      g_set_error_literal (error, CLI_ERROR, CLI_ERROR_NO_STORE,
                           session->no_store_reason != NULL
                           ? session->no_store_reason
                           : "No store is open: give one with --store URI.");
      return NULL;
    }
  return session->directory;
}

/* "Performing the operation "<action>" on target "<target>"." with both
 * escaped: the target is often a name read from the directory. */
static char *
performing (const char *action, const char *target)
{
  g_autofree char *a = cli_escape (action);
  g_autofree char *t = cli_escape (target != NULL ? target : "");

  return g_strdup_printf ("Performing the operation \"%s\" on target \"%s\".", a, t);
}

void
cli_session_what_if (CliSession *session, const char *action, const char *target)
{
  g_autofree char *text = performing (action, target);

  fprintf (session->out, "What if: %s\n", text);
  fflush (session->out);
}

void
cli_session_warning (CliSession *session, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  if (session->no_warnings)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  cli_report_message (session, "WARNING: %s", message);
}

gboolean
cli_session_confirm (CliSession *session, const char *action, const char *target)
{
  g_autofree char *text = NULL;

  if (!session->interactive || session->ask == NULL || session->yes_to_all)
    return TRUE;

  text = performing (action, target);
  fflush (session->out);
  fprintf (session->out, "\nConfirm\nAre you sure you want to perform this action?\n%s\n", text);
  fflush (session->out);
  for (;;)
    {
      g_autofree char *answer = session->ask ("[Y] Yes  [A] Yes to All  [N] No  [?] Help (default is \"Y\"): ",
                                              session->ask_data);
      g_autofree char *trimmed = NULL;

      if (answer == NULL)
        return FALSE;
      trimmed = g_strstrip (g_strdup (answer));
      if (*trimmed == '\0' || g_ascii_strcasecmp (trimmed, "y") == 0 || g_ascii_strcasecmp (trimmed, "yes") == 0)
        return TRUE;
      if (g_ascii_strcasecmp (trimmed, "a") == 0)
        {
          session->yes_to_all = TRUE;
          return TRUE;
        }
      if (g_ascii_strcasecmp (trimmed, "n") == 0 || g_ascii_strcasecmp (trimmed, "no") == 0)
        return FALSE;
      fprintf (session->out,
               "Y - Continue with only the next step of the operation.\n"
               "A - Continue with all the steps of the operation.\n"
               "N - Skip this operation and proceed with the next operation.\n");
    }
}
