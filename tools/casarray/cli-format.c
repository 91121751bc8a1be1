/* cli-format.c: Format-List, Format-Table and the default views
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-format.h"
#include "cli-escape.h"

#include <string.h>

/* Values come from the directory (or a script) and may hold escape
 * sequences: each is written through cli_escape_append(), and widths are
 * measured on what is written.  TEXT objects are output a formatter
 * already made safe, and pass as they are. */
static void
append_string_object (GString *out, const CliObject *object)
{
  if (object->kind == CLI_KIND_TEXT)
    {
      g_string_append (out, object->text);
      return;
    }
  cli_escape_append (out, object->text, -1);
  g_string_append_c (out, '\n');
}

static gboolean
pattern_matches (const char *pattern, const char *name)
{
  g_autofree char *p = NULL;
  g_autofree char *n = NULL;

  /* Called for every property of every object: a plain name needs no
   * lower-cased copies. */
  if (strpbrk (pattern, "*?") == NULL)
    return g_ascii_strcasecmp (pattern, name) == 0;
  p = g_ascii_strdown (pattern, -1);
  n = g_ascii_strdown (name, -1);
  return g_pattern_match_simple (p, n);
}

GPtrArray *
cli_select_props (const CliObject *object, const char * const *patterns)
{
  GPtrArray *props = g_ptr_array_new_with_free_func (cli_prop_free_placeholder);

  if (patterns == NULL || patterns[0] == NULL)
    {
      for (guint i = 0; i < object->props->len; i++)
        g_ptr_array_add (props, g_ptr_array_index (object->props, i));
      return props;
    }
  for (guint p = 0; patterns[p] != NULL; p++)
    {
      gboolean matched = FALSE;

      for (guint i = 0; i < object->props->len; i++)
        {
          CliProp *prop = g_ptr_array_index (object->props, i);
          gboolean seen = FALSE;

          if (!pattern_matches (patterns[p], prop->name))
            continue;
          matched = TRUE;
          for (guint k = 0; k < props->len && !seen; k++)
            seen = g_ptr_array_index (props, k) == prop;
          if (!seen)
            g_ptr_array_add (props, prop);
        }
      /* A plain name the object lacks is an empty value, as PowerShell's
       * Select-Object and Format-Table show it: no property named by the
       * user silently disappears.  A wildcard matching nothing is nothing. */
      if (!matched && strpbrk (patterns[p], "*?") == NULL)
        g_ptr_array_add (props, cli_prop_new_placeholder (patterns[p]));
    }
  return props;
}

static glong
text_width (const char *s)
{
  return g_utf8_strlen (s, -1);
}

static void
append_padded (GString *out, const char *s, glong width)
{
  g_string_append (out, s);
  for (glong i = text_width (s); i < width; i++)
    g_string_append_c (out, ' ');
}

static void
rstrip_line (GString *out)
{
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
}

static void
append_list_object (GString *out, const CliObject *object, GPtrArray *props)
{
  glong width = 0;

  for (guint i = 0; i < props->len; i++)
    width = MAX (width, text_width (((CliProp *) g_ptr_array_index (props, i))->name));

  for (guint i = 0; i < props->len; i++)
    {
      CliProp *prop = g_ptr_array_index (props, i);
      g_autofree char *value = cli_prop_to_display (prop);
      /* A value's own line breaks become indented continuation lines. */
      g_auto(GStrv) lines = g_strsplit (value, "\n", -1);

      append_padded (out, prop->name, width);
      g_string_append (out, " : ");
      for (guint l = 0; lines[l] != NULL; l++)
        {
          if (l > 0)
            {
              g_string_append_c (out, '\n');
              for (glong k = 0; k < width + 3; k++)
                g_string_append_c (out, ' ');
            }
          cli_escape_append (out, lines[l], -1);
        }
      rstrip_line (out);
      g_string_append_c (out, '\n');
    }
  (void) object;
}

char *
cli_format_list (GPtrArray *objects, const char * const *properties)
{
  GString *out = g_string_new (NULL);
  gboolean any = FALSE;

  for (guint i = 0; i < objects->len; i++)
    {
      CliObject *object = g_ptr_array_index (objects, i);
      g_autoptr(GPtrArray) props = NULL;

      if (object->kind == CLI_KIND_STRING || object->kind == CLI_KIND_TEXT)
        {
          append_string_object (out, object);
          continue;
        }
      props = cli_select_props (object, properties);
      if (props->len == 0)
        continue;
      g_string_append_c (out, '\n');
      append_list_object (out, object, props);
      any = TRUE;
    }
  if (any)
    g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/* One line of a table: line breaks and tabs are blanks there, every other
 * control character is escaped. */
static char *
cell_text (const CliProp *prop)
{
  g_autofree char *value = NULL;

  if (prop == NULL)
    return g_strdup ("");
  value = cli_prop_to_display (prop);
  g_strdelimit (value, "\n\r\t", ' ');
  return cli_escape (value);
}

char *
cli_format_table (GPtrArray *objects, const char * const *properties, gboolean hide_headers)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();  /* CliObject* in the table */
  g_autoptr(GPtrArray) columns = NULL;              /* CliProp* of the first object: the names */
  g_autofree glong *widths = NULL;
  const CliObject *first = NULL;

  for (guint i = 0; i < objects->len; i++)
    {
      CliObject *object = g_ptr_array_index (objects, i);

      if (object->kind == CLI_KIND_STRING || object->kind == CLI_KIND_TEXT)
        continue;
      if (first == NULL)
        first = object;
      g_ptr_array_add (rows, object);
    }

  /* Strings and text are printed as they are, before the table. */
  for (guint i = 0; i < objects->len; i++)
    {
      CliObject *object = g_ptr_array_index (objects, i);

      if (object->kind == CLI_KIND_STRING || object->kind == CLI_KIND_TEXT)
        append_string_object (out, object);
    }
  if (first == NULL)
    return g_string_free (out, FALSE);

  if (properties == NULL || properties[0] == NULL)
    {
      gboolean table;
      const char * const *defaults = cli_kind_default_columns (first->kind, &table);

      columns = cli_select_props (first, defaults);
    }
  else
    columns = cli_select_props (first, properties);
  if (columns->len == 0)
    return g_string_free (out, FALSE);

  widths = g_new0 (glong, columns->len);
  for (guint c = 0; c < columns->len; c++)
    {
      const char *name = ((CliProp *) g_ptr_array_index (columns, c))->name;

      widths[c] = hide_headers ? 0 : text_width (name);
      for (guint r = 0; r < rows->len; r++)
        {
          g_autofree char *cell = cell_text (cli_object_get_prop (g_ptr_array_index (rows, r), name));

          widths[c] = MAX (widths[c], text_width (cell));
        }
    }

  g_string_append_c (out, '\n');
  if (!hide_headers)
    {
      for (guint c = 0; c < columns->len; c++)
        {
          if (c > 0)
            g_string_append_c (out, ' ');
          append_padded (out, ((CliProp *) g_ptr_array_index (columns, c))->name, widths[c]);
        }
      rstrip_line (out);
      g_string_append_c (out, '\n');
      for (guint c = 0; c < columns->len; c++)
        {
          const char *name = ((CliProp *) g_ptr_array_index (columns, c))->name;
          glong dashes = text_width (name);

          if (c > 0)
            g_string_append_c (out, ' ');
          for (glong k = 0; k < dashes; k++)
            g_string_append_c (out, '-');
          for (glong k = dashes; k < widths[c]; k++)
            g_string_append_c (out, ' ');
        }
      rstrip_line (out);
      g_string_append_c (out, '\n');
    }
  for (guint r = 0; r < rows->len; r++)
    {
      for (guint c = 0; c < columns->len; c++)
        {
          const char *name = ((CliProp *) g_ptr_array_index (columns, c))->name;
          g_autofree char *cell = cell_text (cli_object_get_prop (g_ptr_array_index (rows, r), name));

          if (c > 0)
            g_string_append_c (out, ' ');
          append_padded (out, cell, widths[c]);
        }
      rstrip_line (out);
      g_string_append_c (out, '\n');
    }
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

char *
cli_format_default (GPtrArray *objects)
{
  GString *out = g_string_new (NULL);
  guint i = 0;

  while (i < objects->len)
    {
      CliObject *object = g_ptr_array_index (objects, i);
      g_autoptr(GPtrArray) group = g_ptr_array_new ();
      const char * const *columns;
      gboolean table = TRUE;
      g_autofree char *text = NULL;

      if (object->kind == CLI_KIND_STRING || object->kind == CLI_KIND_TEXT)
        {
          append_string_object (out, object);
          i++;
          continue;
        }
      /* A run of objects of one type. */
      while (i < objects->len)
        {
          CliObject *next = g_ptr_array_index (objects, i);

          if (next->kind != object->kind || g_strcmp0 (next->type_name, object->type_name) != 0)
            break;
          g_ptr_array_add (group, next);
          i++;
        }
      columns = cli_kind_default_columns (object->kind, &table);
      if (columns == NULL)
        table = object->props->len <= 4;  /* as PowerShell does for Select-Object output */
      text = table ? cli_format_table (group, columns, FALSE) : cli_format_list (group, columns);
      g_string_append (out, text);
    }
  return g_string_free (out, FALSE);
}
