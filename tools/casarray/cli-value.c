/* cli-value.c: argument values of the casarray command language
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-value.h"

static CliValue *
cli_value_new (CliValueType type)
{
  CliValue *value = g_new0 (CliValue, 1);

  value->type = type;
  return value;
}

CliValue *
cli_value_new_null (void)
{
  return cli_value_new (CLI_VALUE_NULL);
}

CliValue *
cli_value_new_bool (gboolean b)
{
  CliValue *value = cli_value_new (CLI_VALUE_BOOL);

  value->boolean = b ? TRUE : FALSE;
  return value;
}

CliValue *
cli_value_new_string (const char *s)
{
  CliValue *value = cli_value_new (CLI_VALUE_STRING);

  value->string = g_strdup (s != NULL ? s : "");
  return value;
}

CliValue *
cli_value_new_list (void)
{
  CliValue *value = cli_value_new (CLI_VALUE_LIST);

  value->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
  return value;
}

void
cli_value_append (CliValue *list, CliValue *item)
{
  g_return_if_fail (list->type == CLI_VALUE_LIST);
  g_ptr_array_add (list->items, item);
}

CliValue *
cli_value_copy (const CliValue *value)
{
  CliValue *copy;

  switch (value->type)
    {
    case CLI_VALUE_NULL:
      return cli_value_new_null ();
    case CLI_VALUE_BOOL:
      return cli_value_new_bool (value->boolean);
    case CLI_VALUE_STRING:
      return cli_value_new_string (value->string);
    case CLI_VALUE_LIST:
      copy = cli_value_new_list ();
      for (guint i = 0; i < value->items->len; i++)
        cli_value_append (copy, cli_value_copy (g_ptr_array_index (value->items, i)));
      return copy;
    }
  g_assert_not_reached ();
}

void
cli_value_free (CliValue *value)
{
  if (value == NULL)
    return;
  g_free (value->string);
  if (value->items != NULL)
    g_ptr_array_unref (value->items);
  g_free (value);
}

char *
cli_value_to_string (const CliValue *value)
{
  GString *s;

  switch (value->type)
    {
    case CLI_VALUE_NULL:
      return g_strdup ("");
    case CLI_VALUE_BOOL:
      return g_strdup (value->boolean ? "True" : "False");
    case CLI_VALUE_STRING:
      return g_strdup (value->string);
    case CLI_VALUE_LIST:
      s = g_string_new (NULL);
      for (guint i = 0; i < value->items->len; i++)
        {
          g_autofree char *item = cli_value_to_string (g_ptr_array_index (value->items, i));

          if (i > 0)
            g_string_append_c (s, ' ');
          g_string_append (s, item);
        }
      return g_string_free (s, FALSE);
    }
  g_assert_not_reached ();
}

static void
collect_strings (const CliValue *value, GPtrArray *out)
{
  switch (value->type)
    {
    case CLI_VALUE_NULL:
      break;
    case CLI_VALUE_LIST:
      for (guint i = 0; i < value->items->len; i++)
        collect_strings (g_ptr_array_index (value->items, i), out);
      break;
    case CLI_VALUE_BOOL:
    case CLI_VALUE_STRING:
      g_ptr_array_add (out, cli_value_to_string (value));
      break;
    }
}

GStrv
cli_value_to_strv (const CliValue *value)
{
  GPtrArray *out = g_ptr_array_new ();

  collect_strings (value, out);
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (out, FALSE);
}

const char *
cli_value_type_name (const CliValue *value)
{
  switch (value->type)
    {
    case CLI_VALUE_NULL:
      return "null";
    case CLI_VALUE_BOOL:
      return "System.Boolean";
    case CLI_VALUE_STRING:
      return "System.String";
    case CLI_VALUE_LIST:
      return "System.Object[]";
    }
  return "System.Object";
}
