/* cli-escape.c: control characters made visible
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-escape.h"

#include <string.h>

gboolean
cli_escape_needed (gunichar c)
{
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) ||
         c == 0x061C || c == 0x200E || c == 0x200F ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
         c == 0x2028 || c == 0x2029;
}

static void
append_escaped_char (GString *out, gunichar c)
{
  switch (c)
    {
    case 0x00: g_string_append (out, "`0"); break;
    case 0x07: g_string_append (out, "`a"); break;
    case 0x08: g_string_append (out, "`b"); break;
    case 0x09: g_string_append (out, "`t"); break;
    case 0x0A: g_string_append (out, "`n"); break;
    case 0x0B: g_string_append (out, "`v"); break;
    case 0x0C: g_string_append (out, "`f"); break;
    case 0x0D: g_string_append (out, "`r"); break;
    case 0x1B: g_string_append (out, "`e"); break;
    default: g_string_append_printf (out, "`u{%X}", c); break;
    }
}

void
cli_escape_append (GString *out, const char *text, gssize length)
{
  const char *p, *end;

  if (text == NULL)
    return;
  end = text + (length < 0 ? strlen (text) : (gsize) length);
  p = text;
  while (p < end)
    {
      gunichar c;

      if (*p == '\0')
        {
          /* (g_utf8_get_char_validated() takes a NUL for a broken sequence) */
          append_escaped_char (out, 0);
          p++;
          continue;
        }
      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: one byte at a time, each a replacement character. */
          g_string_append_unichar (out, 0xFFFD);
          p++;
          continue;
        }
      if (cli_escape_needed (c))
        append_escaped_char (out, c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
}

char *
cli_escape (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text));
  cli_escape_append (out, text, -1);
  return g_string_free (out, FALSE);
}
