/* cli-run-output.c: Format-List, Format-Table, ConvertTo-Json, Out-File,
 * Import-Csv, ConvertFrom-Json, Write-Warning, Get-Date,
 * ConvertTo-Csv, Export-Csv, Select-Object and Get-Command
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <unistd.h>
#include "cli-cmdlet.h"
#include "cli-csv.h"
#include "cli-error.h"
#include "cli-format.h"
#include "cli-json.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

static void
write_text (CliInvocation *invocation, const char *text)
{
  g_autoptr(CliObject) object = NULL;

  if (text == NULL || *text == '\0')
    return;
  object = cli_object_new_text (text);
  cli_invocation_write (invocation, object);
}

gboolean
cli_run_format_list (CliSession *session, CliInvocation *invocation, GError **error)
{
  g_autofree char *text = cli_format_list (invocation->inputs,
                                           cli_invocation_get_list (invocation, "Property"));

  write_text (invocation, text);
  return TRUE;
}

gboolean
cli_run_format_table (CliSession *session, CliInvocation *invocation, GError **error)
{
  g_autofree char *text = cli_format_table (invocation->inputs,
                                            cli_invocation_get_list (invocation, "Property"),
                                            cli_invocation_get_switch (invocation, "HideTableHeaders"));

  write_text (invocation, text);
  return TRUE;
}

gboolean
cli_run_convert_to_json (CliSession *session, CliInvocation *invocation, GError **error)
{
  g_autofree char *json = cli_to_json (invocation->inputs, cli_invocation_get_switch (invocation, "Compress"));
  g_autofree char *line = NULL;

  if (json == NULL)
    return TRUE;
  line = g_strconcat (json, "\n", NULL);
  write_text (invocation, line);
  return TRUE;
}

static gboolean
csv_delimiter (CliInvocation *invocation, gunichar *delimiter, GError **error)
{
  const char *given = cli_invocation_get_string (invocation, "Delimiter");

  *delimiter = ',';
  if (given == NULL)
    return TRUE;
  if (g_utf8_strlen (given, -1) != 1)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                   "Cannot convert value \"%s\" to type \"System.Char\": a delimiter is one character.", given);
      return FALSE;
    }
  *delimiter = g_utf8_get_char (given);
  return TRUE;
}

gboolean
cli_run_convert_to_csv (CliSession *session, CliInvocation *invocation, GError **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  gunichar delimiter;

  if (!csv_delimiter (invocation, &delimiter, error))
    return FALSE;
  lines = cli_csv_lines (invocation->inputs, !cli_invocation_get_switch (invocation, "NoTypeInformation"), delimiter);
  /* One string per line, as PowerShell writes them. */
  for (guint i = 0; i < lines->len; i++)
    {
      g_autoptr(CliObject) line = cli_object_new_string (g_ptr_array_index (lines, i));

      cli_invocation_write (invocation, line);
    }
  return TRUE;
}

gboolean
cli_run_export_csv (CliSession *session, CliInvocation *invocation, GError **error)
{
  const char *path = cli_invocation_get_string (invocation, "Path");
  gboolean append = cli_invocation_get_switch (invocation, "Append");
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) local = NULL;
  gunichar delimiter;

  if (!csv_delimiter (invocation, &delimiter, error))
    return FALSE;
  cli_invocation_set_target (invocation, path);
  if (session->no_file_output)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED, "Writing files is turned off in this session.");
      return FALSE;
    }
  lines = cli_csv_lines (invocation->inputs,
                         !append && !cli_invocation_get_switch (invocation, "NoTypeInformation"), delimiter);
  /* Appended rows go under the header already in the file; a missing or
   * empty file gets the header, as in PowerShell. */
  GStatBuf st;
  gboolean under_header = append && g_stat (path, &st) == 0 && st.st_size > 0;

  for (guint i = under_header && lines->len > 0 ? 1 : 0; i < lines->len; i++)
    {
      g_string_append (text, g_ptr_array_index (lines, i));
      g_string_append (text, "\r\n");
    }
  if (append)
    {
      FILE *file = fopen (path, "ab");
      gboolean ok;

      if (file == NULL)
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED, "Could not open '%s': %s.", path, g_strerror (errno));
          return FALSE;
        }
      ok = fwrite (text->str, 1, text->len, file) == text->len;
      ok = fclose (file) == 0 && ok;
      if (!ok)
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED, "Could not write '%s': %s.", path, g_strerror (errno));
          return FALSE;
        }
      return TRUE;
    }
  if (!g_file_set_contents (path, text->str, text->len, &local))
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
cli_run_select_object (CliSession *session, CliInvocation *invocation, GError **error)
{
  GPtrArray *inputs = invocation->inputs;
  const char * const *properties = cli_invocation_get_list (invocation, "Property");
  const char *expand = cli_invocation_get_string (invocation, "ExpandProperty");
  gint64 first = cli_invocation_get_int (invocation, "First", -1);
  gint64 last = cli_invocation_get_int (invocation, "Last", -1);
  guint from = 0, to = inputs->len;
  /* -Unique: Select-Object compares what it writes, respecting letter
   * case (unlike Sort-Object -Unique): the text of a string, else the
   * selected properties' values (or the object's name). */
  g_autoptr(GHashTable) seen = cli_invocation_get_switch (invocation, "Unique")
                               ? g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) : NULL;

  if (first >= 0)
    to = MIN ((guint64) to, (guint64) first);
  if (last >= 0 && (guint64) last < to)
    from = to - (guint) last;

  for (guint i = from; i < to; i++)
    {
      CliObject *object = g_ptr_array_index (inputs, i);

      if (expand != NULL)
        {
          const CliProp *prop = cli_object_get_prop (object, expand);

          if (prop == NULL)
            {
              g_set_error (error, CLI_ERROR, CLI_ERROR_PROPERTY_NOT_FOUND,
                           "Property \"%s\" cannot be found.", expand);
              return FALSE;
            }
          if (prop->type == CLI_PROP_LIST)
            for (guint k = 0; prop->list[k] != NULL; k++)
              {
                g_autoptr(CliObject) s = cli_object_new_string (prop->list[k]);

                cli_invocation_write (invocation, s);
              }
          else if (prop->type != CLI_PROP_NULL)
            {
              g_autofree char *text = cli_prop_to_display (prop);
              g_autoptr(CliObject) s = cli_object_new_string (text);

              cli_invocation_write (invocation, s);
            }
          continue;
        }
      if (properties == NULL || object->kind == CLI_KIND_STRING || object->kind == CLI_KIND_TEXT)
        {
          if (seen != NULL)
            {
              const char *name = cli_object_get_name (object);
              char *key = g_strdup (name != NULL ? name : "");

              if (!g_hash_table_add (seen, key))
                continue;
            }
          cli_invocation_write (invocation, object);
          continue;
        }
      {
        g_autoptr(GPtrArray) props = cli_select_props (object, properties);
        g_autoptr(CliObject) selected = NULL;

        if (seen != NULL)
          {
            GString *key = g_string_new (NULL);

            for (guint k = 0; k < props->len; k++)
              {
                g_autofree char *text = cli_prop_to_display (g_ptr_array_index (props, k));

                g_string_append (key, text != NULL ? text : "");
                g_string_append_c (key, '\x1f');
              }
            if (!g_hash_table_add (seen, g_string_free (key, FALSE)))
              continue;
          }
        selected = cli_object_new_selected (object, props);
        cli_invocation_write (invocation, selected);
      }
    }
  return TRUE;
}

gboolean
cli_run_get_command (CliSession *session, CliInvocation *invocation, GError **error)
{
  const char *pattern = cli_invocation_get_string (invocation, "Name");
  g_autofree char *folded = pattern != NULL ? g_ascii_strdown (pattern, -1) : NULL;
  guint n;
  const CliCmdlet *table = cli_cmdlet_table (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_ascii_strdown (table[i].name, -1);
      g_autoptr(GPtrArray) props = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_prop_free);
      g_autoptr(CliObject) source = cli_object_new_string (table[i].name);
      g_autoptr(CliObject) command = NULL;
      CliProp *prop;

      if (folded != NULL && !g_pattern_match_simple (folded, name))
        continue;
      prop = g_new0 (CliProp, 1);
      prop->name = g_strdup ("Name");
      prop->type = CLI_PROP_STRING;
      prop->string = g_strdup (table[i].name);
      g_ptr_array_add (props, prop);
      prop = g_new0 (CliProp, 1);
      prop->name = g_strdup ("Extension");
      prop->type = CLI_PROP_BOOL;
      prop->boolean = (table[i].flags & CLI_CMDLET_EXTENSION) != 0;
      g_ptr_array_add (props, prop);
      prop = g_new0 (CliProp, 1);
      prop->name = g_strdup ("Synopsis");
      prop->type = CLI_PROP_STRING;
      prop->string = g_strdup (table[i].synopsis);
      g_ptr_array_add (props, prop);
      command = cli_object_new_selected (source, props);
      g_free (command->type_name);
      command->type_name = g_strdup ("CmdletInfo");
      cli_invocation_write (invocation, command);
    }
  return TRUE;
}

gboolean
cli_run_out_null (CliSession *session, CliInvocation *invocation, GError **error)
{
  return TRUE;
}

/* The ANSI colour of a System.ConsoleColor name, or -1 if it is none. */
static int
console_colour (const char *name)
{
  static const char * const names[] = {
    "Black", "DarkRed", "DarkGreen", "DarkYellow", "DarkBlue", "DarkMagenta", "DarkCyan", "Gray",
    "DarkGray", "Red", "Green", "Yellow", "Blue", "Magenta", "Cyan", "White",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return i < 8 ? 30 + (int) i : 90 + (int) i - 8;
  return -1;
}

gboolean
cli_run_write_host (CliSession *session, CliInvocation *invocation, GError **error)
{
  const char * const *words = cli_invocation_get_list (invocation, "Object");
  g_autofree char *line = words != NULL ? g_strjoinv (" ", (char **) words) : g_strdup ("");
  const char *colours[] = { cli_invocation_get_string (invocation, "ForegroundColor"),
                            cli_invocation_get_string (invocation, "BackgroundColor") };
  int codes[2] = { -1, -1 };
  gboolean terminal = isatty (fileno (session->out));

  for (guint i = 0; i < 2; i++)
    if (colours[i] != NULL && (codes[i] = console_colour (colours[i])) < 0)
      {
        g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                     "Cannot bind parameter '%s'. Cannot convert value \"%s\" to type \"System.ConsoleColor\". "
                     "Error: \"Unable to match the identifier name %s to a valid enumerator name. Specify one of "
                     "the following enumerator names and try again: Black, DarkBlue, DarkGreen, DarkCyan, DarkRed, "
                     "DarkMagenta, DarkYellow, Gray, DarkGray, Blue, Green, Cyan, Red, Magenta, Yellow, White\"",
                     i == 0 ? "ForegroundColor" : "BackgroundColor", colours[i], colours[i]);
        return FALSE;
      }
  /* Write-Host goes to the console at once, not down the pipeline.  The
   * colours are the console's: written (as ANSI escapes) only to a
   * terminal, so files and pipes get the plain text as PowerShell's. */
  if (terminal && codes[0] >= 0)
    fprintf (session->out, "\033[%dm", codes[0]);
  if (terminal && codes[1] >= 0)
    fprintf (session->out, "\033[%dm", codes[1] + 10);
  fputs (line, session->out);
  if (terminal && (codes[0] >= 0 || codes[1] >= 0))
    fputs ("\033[0m", session->out);
  if (!cli_invocation_get_switch (invocation, "NoNewline"))
    fputc ('\n', session->out);
  fflush (session->out);
  return TRUE;
}

gboolean
cli_run_write_output (CliSession *session, CliInvocation *invocation, GError **error)
{
  const char * const *items = cli_invocation_get_list (invocation, "InputObject");

  if (invocation->inputs != NULL)
    for (guint i = 0; i < invocation->inputs->len; i++)
      cli_invocation_write (invocation, g_ptr_array_index (invocation->inputs, i));
  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      g_autoptr(CliObject) s = cli_object_new_string (items[i]);

      cli_invocation_write (invocation, s);
    }
  return TRUE;
}

gboolean
cli_run_write_warning (CliSession *session, CliInvocation *invocation, GError **error)
{
  const char * const *words = cli_invocation_get_list (invocation, "Message");
  g_autofree char *message = words != NULL ? g_strjoinv (" ", (char **) words) : g_strdup ("");

  /* Through the session, as the cmdlets' own warnings: escaped, on
   * standard error, and silenced by -WarningAction SilentlyContinue. */
  cli_session_warning (session, "%s", message);
  return TRUE;
}

/* Appends @value with @width digits (at least) to @out. */
static void
append_number (GString *out, int value, guint width)
{
  g_string_append_printf (out, "%0*d", (int) width, value);
}

/* Formats @now by the .NET custom date and time format @format, for the
 * specifiers casarray knows (yyyy yy MM M dd d HH H mm m ss s and
 * literals); others are refused rather than written wrong.  .NET takes a
 * format of one character as a standard format ("d", "G"), which casarray
 * does not implement either. */
static char *
format_date (GDateTime *now, const char *format, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (format[0] != '\0' && format[1] == '\0')
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
                   "Get-Date -Format '%s' is a .NET standard format, which casarray does not implement; "
                   "use a custom format such as 'yyyy-MM-dd HH:mm:ss'.", format);
      return NULL;
    }
  for (const char *p = format; *p != '\0';)
    {
      char c = *p;
      guint run = 0;

      if (c == '\'' || c == '"')
        {
          const char *close = strchr (p + 1, c);

          if (close == NULL)
            {
              g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                           "Get-Date -Format '%s': the quoted literal has no closing %c.", format, c);
              return NULL;
            }
          g_string_append_len (out, p + 1, close - p - 1);
          p = close + 1;
          continue;
        }
      if (c == '\\' && p[1] != '\0')
        {
          g_string_append_c (out, p[1]);
          p += 2;
          continue;
        }
      if (!g_ascii_isalpha (c))
        {
          g_string_append_c (out, c);
          p++;
          continue;
        }
      while (p[run] == c)
        run++;
      if (c == 'y' && (run == 2 || run == 4))
        append_number (out, run == 4 ? g_date_time_get_year (now) : g_date_time_get_year (now) % 100, run);
      else if (c == 'M' && run <= 2)
        append_number (out, g_date_time_get_month (now), run);
      else if (c == 'd' && run <= 2)
        append_number (out, g_date_time_get_day_of_month (now), run);
      else if (c == 'H' && run <= 2)
        append_number (out, g_date_time_get_hour (now), run);
      else if (c == 'm' && run <= 2)
        append_number (out, g_date_time_get_minute (now), run);
      else if (c == 's' && run <= 2)
        append_number (out, g_date_time_get_second (now), run);
      else
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
                       "Get-Date -Format: the specifier '%.*s' is not implemented by casarray "
                       "(it knows yyyy yy MM M dd d HH H mm m ss s; quote letters meant literally).",
                       (int) run, p);
          return NULL;
        }
      p += run;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
cli_run_get_date (CliSession *session, CliInvocation *invocation, GError **error)
{
  const char *format = cli_invocation_get_string (invocation, "Format");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = NULL;
  g_autoptr(CliObject) s = NULL;

  /* PowerShell's Get-Date writes a DateTime, shown in the culture's long
   * format, but a string under -Format; casarray has no DateTime values
   * and says so rather than guess at a culture. */
  if (format == NULL)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
                   "Get-Date without -Format writes a DateTime, which casarray does not implement; "
                   "use Get-Date -Format 'MM/dd/yyyy HH:mm:ss'.");
      return FALSE;
    }
  text = format_date (now, format, error);
  if (text == NULL)
    return FALSE;
  s = cli_object_new_string (text);
  cli_invocation_write (invocation, s);
  return TRUE;
}

/* Out-File's -Encoding names (PowerShell 2's FileSystemCmdletProviderEncoding),
 * the charset each is written in and the byte order mark .NET writes
 * before it. */
static const struct {
  const char *name;
  const char *charset;
  const char *bom;
  gsize       bom_length;
} out_file_encodings[] = {
  { "Unicode", "UTF-16LE", "\xFF\xFE", 2 },
  { "String", "UTF-16LE", "\xFF\xFE", 2 },
  { "Unknown", "UTF-16LE", "\xFF\xFE", 2 },
  { "BigEndianUnicode", "UTF-16BE", "\xFE\xFF", 2 },
  { "UTF8", "UTF-8", "\xEF\xBB\xBF", 3 },
  { "UTF7", "UTF-7", "", 0 },
  { "UTF32", "UTF-32LE", "\xFF\xFE\x00\x00", 4 },
  { "ASCII", "ASCII", "", 0 },
  { "Default", "CP1252", "", 0 },
  { "OEM", "CP437", "", 0 },
};

gboolean
cli_run_out_file (CliSession *session, CliInvocation *invocation, GError **error)
{
  const char *path = cli_invocation_get_string (invocation, "FilePath");
  const char *encoding = cli_invocation_get_string (invocation, "Encoding");
  gboolean append = cli_invocation_get_switch (invocation, "Append");
  g_autofree char *text = NULL;
  g_autofree char *converted = NULL;
  g_autoptr(GString) bytes = g_string_new (NULL);
  const char *charset = "UTF-8", *bom = "";
  gsize bom_length = 0, length = 0;
  GStatBuf st;
  gboolean has_content;

  cli_invocation_set_target (invocation, path);
  if (session->no_file_output)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED, "Writing files is turned off in this session.");
      return FALSE;
    }
  if (encoding != NULL)
    {
      guint i;

      for (i = 0; i < G_N_ELEMENTS (out_file_encodings); i++)
        if (g_ascii_strcasecmp (encoding, out_file_encodings[i].name) == 0)
          break;
      if (i == G_N_ELEMENTS (out_file_encodings))
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                       "Cannot bind parameter 'Encoding'. Cannot convert value \"%s\": it takes Unicode, "
                       "BigEndianUnicode, UTF8, UTF7, UTF32, ASCII, Default, OEM, String and Unknown.",
                       encoding);
          return FALSE;
        }
      charset = out_file_encodings[i].charset;
      bom = out_file_encodings[i].bom;
      bom_length = out_file_encodings[i].bom_length;
    }
  has_content = g_stat (path, &st) == 0 && st.st_size > 0;
  if (!append && has_content && cli_invocation_get_switch (invocation, "NoClobber"))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST, "The file '%s' already exists.", path);
      return FALSE;
    }

  /* What the console would show: the default view of what came in. */
  text = invocation->inputs->len > 0 ? cli_format_default (invocation->inputs) : g_strdup ("");
  /* Characters the charset lacks become ?, as .NET's encoders write them. */
  converted = g_convert_with_fallback (text, -1, charset, "UTF-8", "?", NULL, &length, error);
  if (converted == NULL)
    return FALSE;
  /* An appended file has its mark already. */
  if (!(append && has_content))
    g_string_append_len (bytes, bom, bom_length);
  g_string_append_len (bytes, converted, length);

  /* Written in place, as PowerShell's Out-File does (no temporary file
   * beside it, which a folder one may write to but not create in would
   * refuse). */
  {
    FILE *file = fopen (path, append ? "ab" : "wb");
    gboolean ok;
    int saved;

    if (file == NULL)
      {
        saved = errno;
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                     "Could not open '%s': %s.", path, g_strerror (saved));
        return FALSE;
      }
    ok = fwrite (bytes->str, 1, bytes->len, file) == bytes->len;
    saved = errno;
    ok = fclose (file) == 0 && ok;
    if (!ok)
      {
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                     "Could not write '%s': %s.", path, g_strerror (saved));
        return FALSE;
      }
  }
  return TRUE;
}

/* Import-Csv reads the whole file into memory: a larger one is refused
 * rather than exhausting it. */
#define IMPORT_CSV_MAX_SIZE (64 * 1024 * 1024)

/* @contents (@length bytes) as UTF-8: the byte order marks PowerShell's
 * Export-Csv and Out-File write are honoured (UTF-8, UTF-16), anything
 * else must be UTF-8. */
static char *
text_from_file (const char *path, const char *contents, gsize length, GError **error)
{
  const char *charset = NULL;
  gsize skip = 0;
  char *text;

  if (length >= 3 && memcmp (contents, "\xEF\xBB\xBF", 3) == 0)
    skip = 3;
  else if (length >= 2 && memcmp (contents, "\xFF\xFE", 2) == 0)
    charset = "UTF-16LE", skip = 2;
  else if (length >= 2 && memcmp (contents, "\xFE\xFF", 2) == 0)
    charset = "UTF-16BE", skip = 2;
  if (charset != NULL)
    {
      g_autoptr(GError) local = NULL;

      text = g_convert (contents + skip, length - skip, "UTF-8", charset, NULL, NULL, &local);
      if (text == NULL)
        g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT, "'%s' is not valid %s: %s", path, charset,
                     local->message);
      return text;
    }
  if (!g_utf8_validate_len (contents + skip, length - skip, NULL) || memchr (contents, '\0', length) != NULL)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                   "'%s' is not UTF-8 text (casarray reads UTF-8 and UTF-16 with a byte order mark).", path);
      return NULL;
    }
  return g_strndup (contents + skip, length - skip);
}

gboolean
cli_run_import_csv (CliSession *session, CliInvocation *invocation, GError **error)
{
  const char *path = cli_invocation_get_string (invocation, "Path");
  const char * const *header = cli_invocation_get_list (invocation, "Header");
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) local = NULL;
  gunichar delimiter;
  gsize length = 0;
  GStatBuf st;

  cli_invocation_set_target (invocation, path);
  if (!csv_delimiter (invocation, &delimiter, error))
    return FALSE;
  if (delimiter == '"' || delimiter == '\r' || delimiter == '\n')
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                   "Import-Csv cannot take a quote or a line break as its delimiter.");
      return FALSE;
    }
  /* (reading is allowed under no_file_output: it changes nothing) */
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot find path '%s': %s.", path, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED, "'%s' is not a file.", path);
      return FALSE;
    }
  if (st.st_size > IMPORT_CSV_MAX_SIZE)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
                   "'%s' is %" G_GINT64_FORMAT " bytes; casarray's Import-Csv reads files of at most 64 MiB.",
                   path, (gint64) st.st_size);
      return FALSE;
    }
  if (!g_file_get_contents (path, &contents, &length, &local))
    {
      g_set_error (error, local->domain, local->code, "%s", local->message);
      return FALSE;
    }
  /* (it may have grown since the check) */
  if (length > IMPORT_CSV_MAX_SIZE)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
                   "'%s' is larger than 64 MiB, which casarray's Import-Csv does not read.", path);
      return FALSE;
    }
  text = text_from_file (path, contents, length, error);
  if (text == NULL)
    return FALSE;
  objects = cli_csv_read (text, delimiter, header, &local);
  if (objects == NULL)
    {
      g_set_error (error, local->domain, local->code, "'%s': %s", path, local->message);
      return FALSE;
    }
  for (guint i = 0; i < objects->len; i++)
    cli_invocation_write (invocation, g_ptr_array_index (objects, i));
  return TRUE;
}

gboolean
cli_run_convert_from_json (CliSession *session, CliInvocation *invocation, GError **error)
{
  const char *given = cli_invocation_get_string (invocation, "InputObject");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_object_unref);

  /* The piped strings are one JSON text, line after line, as PowerShell
   * reads a here-string's or Get-Content's lines. */
  for (guint i = 0; invocation->inputs != NULL && i < invocation->inputs->len; i++)
    {
      CliObject *object = g_ptr_array_index (invocation->inputs, i);

      if (object->kind != CLI_KIND_STRING && object->kind != CLI_KIND_TEXT)
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_INPUT_NOT_BOUND,
                       "ConvertFrom-Json takes strings; a %s was piped in.", object->type_name);
          return FALSE;
        }
      g_string_append (text, object->text);
      g_string_append_c (text, '\n');
    }
  if (given != NULL)
    g_string_append (text, given);
  if (!cli_from_json (text->str, objects, error))
    return FALSE;
  for (guint i = 0; i < objects->len; i++)
    cli_invocation_write (invocation, g_ptr_array_index (objects, i));
  return TRUE;
}
