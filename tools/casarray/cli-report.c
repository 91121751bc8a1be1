/* cli-report.c: errors shown as the Exchange Management Shell shows them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-report.h"
#include "cli-error.h"
#include "cli-escape.h"
#include "cli-lexer.h"

#include <string.h>

void
cli_report_error (CliSession   *session,
                  const char   *source,
                  gssize        source_length,
                  gsize         offset,
                  const char   *command,
                  const char   *target,
                  const GError *error)
{
  GString *out = g_string_new (NULL);
  gsize length = source_length < 0 ? strlen (source) : (gsize) source_length;
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
  /* A CRLF script: the CR belongs to the line break, not to the line. */
  if (line_end > offset && source[line_end - 1] == '\r')
    line_end--;

  if (command != NULL)
    g_string_append_printf (out, "%s : ", command);
  cli_escape_append (out, error->message, -1);
  g_string_append_c (out, '\n');
  if (session->script_name != NULL)
    {
      g_string_append (out, "At ");
      cli_escape_append (out, session->script_name, -1);
      g_string_append_printf (out, ":%u char:%u\n", line, column);
    }
  else
    g_string_append_printf (out, "At line:%u char:%u\n", line, column);
  g_string_append (out, "+ ");
  cli_escape_append (out, source + line_start, offset - line_start);
  /* The marker follows the text, as in "+ Write-Host <<<< @{", also when
   * the offset is at the start of a token after blanks. */
  while (out->len > 2 && (out->str[out->len - 1] == ' ' || out->str[out->len - 1] == '\t'))
    g_string_truncate (out, out->len - 1);
  g_string_append (out, " <<<< ");
  cli_escape_append (out, source + offset, line_end - offset);
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '\n');

  g_string_append_printf (out, "    + CategoryInfo          : %s: (", cli_error_category (error));
  if (target != NULL)
    {
      cli_escape_append (out, target, -1);
      g_string_append (out, ":String");
    }
  else
    g_string_append_c (out, ':');
  g_string_append_printf (out, ") [%s], %s\n", command != NULL ? command : "", id);
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

/* a printf-like function: clang's -Wformat-nonliteral wants it said */
static void print_line_va (FILE *stream, const char *format, va_list args) G_GNUC_PRINTF (2, 0);

static void
print_line_va (FILE *stream, const char *format, va_list args)
{
  g_autofree char *text = g_strdup_vprintf (format, args);
  GString *out = g_string_new (NULL);

  cli_escape_append (out, text, -1);
  g_string_append_c (out, '\n');
  fputs (out->str, stream);
  fflush (stream);
  g_string_free (out, TRUE);
}

void
cli_print_line (FILE *stream, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  print_line_va (stream, format, args);
  va_end (args);
}

void
cli_report_message (CliSession *session, const char *format, ...)
{
  va_list args;

  fflush (session->out);
  va_start (args, format);
  print_line_va (session->err, format, args);
  va_end (args);
}
