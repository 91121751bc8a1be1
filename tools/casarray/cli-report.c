/* cli-report.c: errors shown as the Exchange Management Shell shows them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-report.h"
#include "cli-error.h"
#include "cli-lexer.h"

#include <string.h>

void
cli_report_error (CliSession   *session,
                  const char   *source,
                  gsize         offset,
                  const char   *command,
                  const char   *target,
                  const GError *error)
{
  GString *out = g_string_new (NULL);
  gsize length = strlen (source);
  gsize line_start, line_end;
  guint line, column;
  const char *id = cli_error_id (error);

  if (offset > length)
    offset = length;
  cli_source_position (source, offset, &line, &column);
  line_start = offset;
  while (line_start > 0 && source[line_start - 1] != '\n')
    line_start--;
  line_end = offset;
  while (line_end < length && source[line_end] != '\n')
    line_end++;

  if (command != NULL)
    g_string_append_printf (out, "%s : ", command);
  g_string_append_printf (out, "%s\n", error->message);
  if (session->script_name != NULL)
    g_string_append_printf (out, "At %s:%u char:%u\n", session->script_name, line, column);
  else
    g_string_append_printf (out, "At line:%u char:%u\n", line, column);
  g_string_append (out, "+ ");
  g_string_append_len (out, source + line_start, offset - line_start);
  g_string_append (out, " <<<< ");
  g_string_append_len (out, source + offset, line_end - offset);
  while (out->len > 0 && (out->str[out->len - 1] == ' ' || out->str[out->len - 1] == '\r'))
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '\n');

  g_string_append_printf (out, "    + CategoryInfo          : %s: (%s%s) [%s], %s\n",
                          cli_error_category (error),
                          target != NULL ? target : "",
                          target != NULL ? ":String" : ":",
                          command != NULL ? command : "",
                          id);
  if (command != NULL)
    g_string_append_printf (out, "    + FullyQualifiedErrorId : %s,%s\n", id, command);
  else
    g_string_append_printf (out, "    + FullyQualifiedErrorId : %s\n", id);
  g_string_append_c (out, '\n');

  fflush (session->out);
  fputs (out->str, session->err);
  fflush (session->err);
  g_string_free (out, TRUE);
}
