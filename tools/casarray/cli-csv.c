/* cli-csv.c: ConvertTo-Csv and Export-Csv, and reading CSV for Import-Csv
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-csv.h"
#include "cli-error.h"

#include <string.h>

static void
append_field (GString *line, const char *text)
{
  g_string_append_c (line, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

GPtrArray *
cli_csv_lines (GPtrArray *objects, gboolean type_information, gunichar delimiter)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const CliObject *first;
  GString *line;

  if (objects == NULL || objects->len == 0)
    return lines;
  first = g_ptr_array_index (objects, 0);
  if (type_information)
    g_ptr_array_add (lines, g_strdup_printf ("#TYPE %s", first->type_name != NULL ? first->type_name : "System.Object"));

  line = g_string_new (NULL);
  for (guint i = 0; i < first->props->len; i++)
    {
      if (i > 0)
        g_string_append_unichar (line, delimiter);
      append_field (line, ((CliProp *) g_ptr_array_index (first->props, i))->name);
    }
  g_ptr_array_add (lines, g_string_free (line, FALSE));

  for (guint o = 0; o < objects->len; o++)
    {
      const CliObject *object = g_ptr_array_index (objects, o);

      line = g_string_new (NULL);
      /* The columns are the first object's, as in PowerShell. */
      for (guint i = 0; i < first->props->len; i++)
        {
          const CliProp *prop = cli_object_get_prop (object, ((CliProp *) g_ptr_array_index (first->props, i))->name);
          g_autofree char *text = NULL;

          if (i > 0)
            g_string_append_unichar (line, delimiter);
          /* Windows PowerShell writes a $null value (or a missing one) as
           * an empty field without quotes: "DB01",,"x". */
          if (prop == NULL || prop->type == CLI_PROP_NULL)
            continue;
          text = cli_prop_to_display (prop);
          append_field (line, text);
        }
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  return lines;
}

/* One record from *p: its fields, or NULL with @error.  *p moves past the
 * record's line end; *line counts lines, for messages. */
static GPtrArray *
read_record (const char **p, gunichar delimiter, guint *line, GError **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *s = *p;

  for (;;)
    {
      gunichar c = g_utf8_get_char (s);

      if (c == '"' && field->len == 0)
        {
          guint start_line = *line;

          /* A quoted field: "" is a quote, line breaks are kept. */
          s++;
          for (;;)
            {
              if (*s == '\0')
                {
                  g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                               "The quoted field that starts on line %u has no closing quote.", start_line);
                  return NULL;
                }
              if (*s == '"' && s[1] == '"')
                {
                  g_string_append_c (field, '"');
                  s += 2;
                  continue;
                }
              if (*s == '"')
                {
                  s++;
                  break;
                }
              if (*s == '\n')
                (*line)++;
              g_string_append_c (field, *s);
              s++;
            }
          c = g_utf8_get_char (s);
          if (c != delimiter && c != '\0' && c != '\n' && !(c == '\r' && s[1] == '\n'))
            {
              g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                           "Line %u: a quoted field is followed by text before the next delimiter.", *line);
              return NULL;
            }
          continue;
        }
      if (c == delimiter || c == '\0' || c == '\n' || (c == '\r' && s[1] == '\n'))
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          if (c == delimiter)
            {
              s = g_utf8_next_char (s);
              continue;
            }
          if (c == '\r')
            s++;
          if (c != '\0')
            {
              s++;
              (*line)++;
            }
          break;
        }
      g_string_append_unichar (field, c);
      s = g_utf8_next_char (s);
    }
  *p = s;
  return g_steal_pointer (&fields);
}

static gboolean
is_blank_line (const char *p)
{
  return *p == '\n' || (p[0] == '\r' && p[1] == '\n');
}

static void
skip_line (const char **p, guint *line)
{
  const char *end = strchr (*p, '\n');

  *p = end != NULL ? end + 1 : *p + strlen (*p);
  (*line)++;
}

GPtrArray *
cli_csv_read (const char *text, gunichar delimiter, const char * const *header, GError **error)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_object_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *type_name = NULL;
  const char *p = text;
  guint line = 1;

  while (is_blank_line (p))
    skip_line (&p, &line);
  if (g_str_has_prefix (p, "#TYPE "))
    {
      const char *end = p + strcspn (p, "\r\n");

      type_name = g_strdup_printf ("CSV:%.*s", (int) (end - p - 6), p + 6);
      skip_line (&p, &line);
    }
  if (header != NULL)
    for (guint i = 0; header[i] != NULL; i++)
      g_ptr_array_add (names, g_strdup (header[i]));
  else
    {
      g_autoptr(GPtrArray) first = NULL;

      while (is_blank_line (p))
        skip_line (&p, &line);
      if (*p == '\0')
        return g_steal_pointer (&objects);
      first = read_record (&p, delimiter, &line, error);
      if (first == NULL)
        return NULL;
      for (guint i = 0; i < first->len; i++)
        g_ptr_array_add (names, g_strdup (g_ptr_array_index (first, i)));
    }
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (*name == '\0')
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                       "Column %u of the header has no name.", i + 1);
          return NULL;
        }
      for (guint k = 0; k < i; k++)
        if (g_ascii_strcasecmp (name, g_ptr_array_index (names, k)) == 0)
          {
            g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                         "The member \"%s\" is already present (columns %u and %u of the header).",
                         name, k + 1, i + 1);
            return NULL;
          }
    }

  while (*p != '\0')
    {
      g_autoptr(GPtrArray) fields = NULL;
      g_autoptr(GPtrArray) props = NULL;
      g_autoptr(CliObject) object = NULL;

      if (is_blank_line (p))
        {
          skip_line (&p, &line);
          continue;
        }
      fields = read_record (&p, delimiter, &line, error);
      if (fields == NULL)
        return NULL;
      props = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_prop_free);
      for (guint i = 0; i < names->len; i++)
        {
          CliProp *prop = g_new0 (CliProp, 1);

          prop->name = g_strdup (g_ptr_array_index (names, i));
          /* (a short record: PowerShell leaves the rest $null) */
          if (i < fields->len)
            {
              prop->type = CLI_PROP_STRING;
              prop->string = g_strdup (g_ptr_array_index (fields, i));
            }
          g_ptr_array_add (props, prop);
        }
      object = cli_object_new_custom (type_name != NULL ? type_name : "System.Management.Automation.PSCustomObject",
                                      props);
      g_ptr_array_add (objects, g_steal_pointer (&object));
    }
  return g_steal_pointer (&objects);
}
