/* cli-json.c: ConvertTo-Json, with json-glib
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-json.h"
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
