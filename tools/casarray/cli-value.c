/* cli-value.c: argument values of the casarray command language
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-value.h"
#include "cli-object.h"

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

CliValue *
cli_value_new_int (gint64 i)
{
  CliValue *value = cli_value_new (CLI_VALUE_INT);

  value->integer = i;
  return value;
}

CliValue *
cli_value_new_object (gpointer object)
{
  CliValue *value = cli_value_new (CLI_VALUE_OBJECT);

  value->object = cli_object_ref (object);
  return value;
}

CliValue *
cli_value_new_script (GPtrArray *statements, const char *text)
{
  CliValue *value = cli_value_new (CLI_VALUE_SCRIPT);

  value->block = g_ptr_array_ref (statements);
  value->string = g_strdup (text);
  return value;
}

CliValue *
cli_value_new_hash (void)
{
  CliValue *value = cli_value_new (CLI_VALUE_HASH);

  value->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
  value->keys = g_ptr_array_new_with_free_func (g_free);
  return value;
}

void
cli_value_hash_set (CliValue *hash, const char *key, CliValue *item)
{
  g_return_if_fail (hash->type == CLI_VALUE_HASH);
  for (guint i = 0; i < hash->keys->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (hash->keys, i), key) == 0)
      {
        cli_value_free (hash->items->pdata[i]);
        hash->items->pdata[i] = item;
        return;
      }
  g_ptr_array_add (hash->keys, g_strdup (key));
  g_ptr_array_add (hash->items, item);
}

const CliValue *
cli_value_hash_get (const CliValue *hash, const char *key)
{
  for (guint i = 0; i < hash->keys->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (hash->keys, i), key) == 0)
      return g_ptr_array_index (hash->items, i);
  return NULL;
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
    case CLI_VALUE_INT:
      return cli_value_new_int (value->integer);
    case CLI_VALUE_OBJECT:
      return cli_value_new_object (value->object);
    case CLI_VALUE_SCRIPT:
      return cli_value_new_script (value->block, value->string);
    case CLI_VALUE_HASH:
      copy = cli_value_new_hash ();
      for (guint i = 0; i < value->items->len; i++)
        cli_value_hash_set (copy, g_ptr_array_index (value->keys, i),
                            cli_value_copy (g_ptr_array_index (value->items, i)));
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
  if (value->object != NULL)
    cli_object_unref (value->object);
  if (value->block != NULL)
    g_ptr_array_unref (value->block);
  if (value->keys != NULL)
    g_ptr_array_unref (value->keys);
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
    case CLI_VALUE_SCRIPT:
      return g_strdup (value->string);
    case CLI_VALUE_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value->integer);
    case CLI_VALUE_HASH:
      return g_strdup ("System.Collections.Hashtable");
    case CLI_VALUE_OBJECT:
      {
        const char *name = cli_object_get_name (value->object);

        return g_strdup (name != NULL ? name : "");
      }
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
    case CLI_VALUE_INT:
    case CLI_VALUE_OBJECT:
    case CLI_VALUE_SCRIPT:
    case CLI_VALUE_HASH:
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
    case CLI_VALUE_INT:
      return "System.Int32";
    case CLI_VALUE_OBJECT:
      return ((CliObject *) value->object)->type_name != NULL
             ? ((CliObject *) value->object)->type_name : "System.Object";
    case CLI_VALUE_SCRIPT:
      return "System.Management.Automation.ScriptBlock";
    case CLI_VALUE_HASH:
      return "System.Collections.Hashtable";
    }
  return "System.Object";
}
