/* cli-csv.c: ConvertTo-Csv and Export-Csv
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-csv.h"

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
          g_autofree char *text = prop != NULL ? cli_prop_to_display (prop) : g_strdup ("");

          if (i > 0)
            g_string_append_unichar (line, delimiter);
          append_field (line, text);
        }
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  return lines;
}
