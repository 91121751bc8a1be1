/* cli-json.c: ConvertTo-Json, with json-glib
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-json.h"
#include "cli-error.h"
#include "cli-escape.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* json-glib writes C0 controls and DEL as \u escapes but the C1 controls
 * (U+009B is a CSI to many terminals), the bidirectional controls and
 * U+2028/U+2029 raw.  Outside strings JSON is ASCII, so every such
 * character is inside a string, where \uXXXX is the same character. */
static char *
escape_json_text (char *json)
{
  gsize length = strlen (json);
  const char *end = json + length;
  GString *out = g_string_sized_new (length);

  for (const char *p = json; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8, so not JSON either: what a decoder would make of it. */
          g_string_append (out, "\\ufffd");
          p++;
          continue;
        }
      if (c >= 0x80 && cli_escape_needed (c))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  g_free (json);
  return g_string_free (out, FALSE);
}

static void
add_prop (JsonBuilder *builder, const CliProp *prop)
{
  json_builder_set_member_name (builder, prop->name);
  switch (prop->type)
    {
    case CLI_PROP_NULL:
      json_builder_add_null_value (builder);
      break;
    case CLI_PROP_STRING:
      json_builder_add_string_value (builder, prop->string);
      break;
    case CLI_PROP_BOOL:
      json_builder_add_boolean_value (builder, prop->boolean);
      break;
    case CLI_PROP_INT:
      json_builder_add_int_value (builder, prop->integer);
      break;
    case CLI_PROP_LIST:
      json_builder_begin_array (builder);
      for (guint i = 0; prop->list[i] != NULL; i++)
        json_builder_add_string_value (builder, prop->list[i]);
      json_builder_end_array (builder);
      break;
    }
}

static void
add_object (JsonBuilder *builder, const CliObject *object)
{
  if (object->kind == CLI_KIND_STRING || object->kind == CLI_KIND_TEXT)
    {
      json_builder_add_string_value (builder, object->text);
      return;
    }
  json_builder_begin_object (builder);
  for (guint i = 0; i < object->props->len; i++)
    add_prop (builder, g_ptr_array_index (object->props, i));
  json_builder_end_object (builder);
}

char *
cli_to_json (GPtrArray *objects, gboolean compress)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  if (objects->len == 0)
    return NULL;
  if (objects->len == 1)
    add_object (builder, g_ptr_array_index (objects, 0));
  else
    {
      json_builder_begin_array (builder);
      for (guint i = 0; i < objects->len; i++)
        add_object (builder, g_ptr_array_index (objects, i));
      json_builder_end_array (builder);
    }
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, !compress);
  json_generator_set_indent (generator, 2);
  return escape_json_text (json_generator_to_data (generator, NULL));
}

/* ---- ConvertFrom-Json ---- */

static gboolean
check_depth (JsonNode *node, guint depth, GError **error)
{
  if (depth >= CLI_JSON_MAX_DEPTH)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                   "Conversion from JSON failed: it is nested deeper than %d levels.", CLI_JSON_MAX_DEPTH);
      return FALSE;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        if (!check_depth (l->data, depth + 1, error))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!check_depth (json_array_get_element (array, i), depth + 1, error))
          return FALSE;
    }
  return TRUE;
}

/* A value's text as PowerShell shows it inside a property: a nested
 * object as @{a=1; b=x}, an array as System.Object[]. */
static void
append_display (GString *out, JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) names = json_object_get_members (object);

      g_string_append (out, "@{");
      for (GList *l = names; l != NULL; l = l->next)
        {
          if (l != names)
            g_string_append (out, "; ");
          g_string_append_printf (out, "%s=", (const char *) l->data);
          append_display (out, json_object_get_member (object, l->data));
        }
      g_string_append_c (out, '}');
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    g_string_append (out, "System.Object[]");
  else if (JSON_NODE_HOLDS_NULL (node))
    ;
  else
    switch (json_node_get_value_type (node))
      {
      case G_TYPE_BOOLEAN:
        g_string_append (out, json_node_get_boolean (node) ? "True" : "False");
        break;
      case G_TYPE_INT64:
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        break;
      case G_TYPE_DOUBLE:
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          /* (15 significant digits, as .NET Framework's Double.ToString()) */
          g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.15g", json_node_get_double (node)));
          break;
        }
      default:
        g_string_append (out, json_node_get_string (node));
        break;
      }
}

static char *
node_display (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  append_display (out, node);
  return g_string_free (out, FALSE);
}

static CliProp *
member_prop (const char *name, JsonNode *node)
{
  CliProp *prop = g_new0 (CliProp, 1);

  prop->name = g_strdup (name);
  if (JSON_NODE_HOLDS_NULL (node))
    prop->type = CLI_PROP_NULL;
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      prop->type = CLI_PROP_LIST;
      prop->list = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        prop->list[i] = node_display (json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      prop->type = CLI_PROP_BOOL;
      prop->boolean = json_node_get_boolean (node);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      prop->type = CLI_PROP_INT;
      prop->integer = json_node_get_int (node);
    }
  else
    {
      prop->type = CLI_PROP_STRING;
      prop->string = node_display (node);
    }
  return prop;
}

static void
add_node (JsonNode *node, GPtrArray *objects)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) names = json_object_get_members (object);
      g_autoptr(GPtrArray) props = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_prop_free);

      for (GList *l = names; l != NULL; l = l->next)
        g_ptr_array_add (props, member_prop (l->data, json_object_get_member (object, l->data)));
      g_ptr_array_add (objects, cli_object_new_custom ("System.Management.Automation.PSCustomObject", props));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        add_node (json_array_get_element (array, i), objects);
    }
  else if (!JSON_NODE_HOLDS_NULL (node))
    {
      g_autofree char *text = node_display (node);

      g_ptr_array_add (objects, cli_object_new_string (text));
    }
}

gboolean
cli_from_json (const char *text, GPtrArray *objects, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, &local))
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                   "Conversion from JSON failed with error: %s", local->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  /* (empty input: nothing, as PowerShell writes nothing) */
  if (root == NULL)
    return TRUE;
  if (!check_depth (root, 0, error))
    return FALSE;
  add_node (root, objects);
  return TRUE;
}
