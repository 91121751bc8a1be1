/* cli-eval.c: computing expressions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-eval.h"
#include "cli-error.h"
#include "cli-exec.h"

#include <string.h>

/* ---- values and objects ---- */

gboolean
cli_value_is_true (const CliValue *value)
{
  switch (value->type)
    {
    case CLI_VALUE_NULL: return FALSE;
    case CLI_VALUE_BOOL: return value->boolean;
    case CLI_VALUE_INT: return value->integer != 0;
    case CLI_VALUE_STRING: return value->string[0] != '\0';
    case CLI_VALUE_LIST:
      if (value->items->len == 0)
        return FALSE;
      if (value->items->len == 1)
        return cli_value_is_true (g_ptr_array_index (value->items, 0));
      return TRUE;
    case CLI_VALUE_OBJECT:
    case CLI_VALUE_SCRIPT:
    case CLI_VALUE_HASH:
      return TRUE;
    }
  return FALSE;
}

void
cli_value_unroll (const CliValue *value, GPtrArray *items)
{
  if (value->type == CLI_VALUE_NULL)
    return;
  if (value->type == CLI_VALUE_LIST)
    {
      for (guint i = 0; i < value->items->len; i++)
        g_ptr_array_add (items, cli_value_copy (g_ptr_array_index (value->items, i)));
      return;
    }
  g_ptr_array_add (items, cli_value_copy (value));
}

CliValue *
cli_value_from_items (GPtrArray *items)
{
  CliValue *list;

  if (items->len == 0)
    return cli_value_new_null ();
  if (items->len == 1)
    return cli_value_copy (g_ptr_array_index (items, 0));
  list = cli_value_new_list ();
  for (guint i = 0; i < items->len; i++)
    cli_value_append (list, cli_value_copy (g_ptr_array_index (items, i)));
  return list;
}

CliValue *
cli_value_from_object (CliObject *object)
{
  if (object->kind == CLI_KIND_STRING)
    return cli_value_new_string (object->text);
  return cli_value_new_object (object);
}

CliObject *
cli_value_to_object (const CliValue *value)
{
  g_autofree char *text = NULL;

  if (value->type == CLI_VALUE_OBJECT)
    return cli_object_ref (value->object);
  text = cli_value_to_string (value);
  return cli_object_new_string (text);
}

static CliValue *
value_from_prop (const CliProp *prop)
{
  CliValue *list;

  /* ADObjectId values (Site, Members) are objects: $_.Site.Name. */
  if (prop->objects != NULL && prop->type == CLI_PROP_STRING && prop->objects->len == 1)
    return cli_value_new_object (g_ptr_array_index (prop->objects, 0));
  if (prop->objects != NULL && prop->type == CLI_PROP_LIST)
    {
      list = cli_value_new_list ();
      for (guint i = 0; i < prop->objects->len; i++)
        cli_value_append (list, cli_value_new_object (g_ptr_array_index (prop->objects, i)));
      return list;
    }
  switch (prop->type)
    {
    case CLI_PROP_NULL: return cli_value_new_null ();
    case CLI_PROP_STRING: return prop->string != NULL ? cli_value_new_string (prop->string) : cli_value_new_null ();
    case CLI_PROP_BOOL: return cli_value_new_bool (prop->boolean);
    case CLI_PROP_INT: return cli_value_new_int (prop->integer);
    case CLI_PROP_LIST:
      list = cli_value_new_list ();
      for (guint i = 0; prop->list != NULL && prop->list[i] != NULL; i++)
        cli_value_append (list, cli_value_new_string (prop->list[i]));
      return list;
    }
  return cli_value_new_null ();
}

/* ---- variables ---- */

void
cli_run_set_variable (CliRun *run, const char *name, const CliValue *value)
{
  char *key = g_ascii_strdown (name, -1);

  if (value == NULL)
    {
      g_hash_table_remove (run->session->variables, key);
      g_free (key);
      return;
    }
  g_hash_table_replace (run->session->variables, key, cli_value_copy (value));
}

/* about_Arrays: an element of an existing array can be replaced; an index
 * past its end is "Index was outside the bounds of the array." (arrays do
 * not grow: += makes a new one). */
gboolean
cli_eval_assign_index (CliRun *run, const CliExpr *target, const CliValue *value, GError **error)
{
  g_autofree char *key = g_ascii_strdown (target->left->name, -1);
  CliValue *array = g_hash_table_lookup (run->session->variables, key);
  gint64 n, i;

  if (array == NULL || array->type == CLI_VALUE_NULL)
    {
      g_set_error_literal (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED, "Cannot index into a null array.");
      return FALSE;
    }
  if (array->type != CLI_VALUE_LIST)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
                   "Assigning to an element of a value of type [%s] is not supported by casarray.",
                   cli_value_type_name (array));
      return FALSE;
    }
  n = array->items->len;
  i = target->index < 0 ? n + target->index : target->index;
  if (i < 0 || i >= n)
    {
      g_set_error_literal (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED, "Index was outside the bounds of the array.");
      return FALSE;
    }
  cli_value_free (array->items->pdata[i]);
  array->items->pdata[i] = cli_value_copy (value);
  return TRUE;
}

static CliValue *
get_variable (CliRun *run, const char *name, GError **error)
{
  g_autofree char *key = NULL;
  const char *colon = strchr (name, ':');
  CliValue *value;

  if (colon != NULL)
    {
      g_autofree char *scope = g_ascii_strdown (name, colon - name);

      if (g_str_equal (scope, "env"))
        {
          const char *env = g_getenv (colon + 1);

          /* Windows has $env:COMPUTERNAME; here it is the host's short
           * name, upper case as Windows shows it. */
          if (env == NULL && g_ascii_strcasecmp (colon + 1, "COMPUTERNAME") == 0)
            {
              g_autofree char *host = g_ascii_strup (g_get_host_name (), -1);
              char *dot = strchr (host, '.');

              if (dot != NULL)
                *dot = '\0';
              return cli_value_new_string (host);
            }
          return env != NULL ? cli_value_new_string (env) : cli_value_new_null ();
        }
      if (g_str_equal (scope, "global") || g_str_equal (scope, "script") || g_str_equal (scope, "local"))
        name = colon + 1;
    }
  key = g_ascii_strdown (name, -1);
  if (g_str_equal (key, "psitem"))
    g_free (key), key = g_strdup ("_");
  value = g_hash_table_lookup (run->session->variables, key);
  /* about_Automatic_Variables: $? is True before anything ran, and
   * $LASTEXITCODE is $null until a native program ran, which casarray
   * never runs. */
  if (value == NULL && g_str_equal (key, "?"))
    return cli_value_new_bool (TRUE);
  if (value == NULL && g_str_equal (key, "lastexitcode"))
    return cli_value_new_null ();
  if (value == NULL)
    {
      /* As under Set-StrictMode: a typo in a variable name must not
       * quietly become $null (and a Set- on every database). */
      g_set_error (error, CLI_ERROR, CLI_ERROR_UNKNOWN_VARIABLE,
                   "The variable '$%s' cannot be retrieved because it has not been set.", name);
      return NULL;
    }
  return cli_value_copy (value);
}

/* ---- members and methods ---- */

CliValue *
cli_eval_member (const CliValue *value, const char *name)
{
  gboolean count = g_ascii_strcasecmp (name, "Count") == 0;
  gboolean length = g_ascii_strcasecmp (name, "Length") == 0;

  switch (value->type)
    {
    case CLI_VALUE_NULL:
      /* PowerShell 3: $null.Count is 0. */
      return count || length ? cli_value_new_int (0) : cli_value_new_null ();
    case CLI_VALUE_LIST:
      if (count || length)
        return cli_value_new_int (value->items->len);
      {
        /* Member enumeration: the property of each item. */
        g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);

        for (guint i = 0; i < value->items->len; i++)
          {
            g_autoptr(CliValue) member = cli_eval_member (g_ptr_array_index (value->items, i), name);

            cli_value_unroll (member, items);
          }
        return cli_value_from_items (items);
      }
    case CLI_VALUE_STRING:
      if (length)
        return cli_value_new_int (g_utf8_strlen (value->string, -1));
      return count ? cli_value_new_int (1) : cli_value_new_null ();
    case CLI_VALUE_OBJECT:
      {
        CliObject *object = value->object;
        const CliProp *prop;

        if (object->kind == CLI_KIND_STRING)
          {
            g_autoptr(CliValue) s = cli_value_new_string (object->text);

            return cli_eval_member (s, name);
          }
        prop = cli_object_get_prop (object, name);
        if (prop != NULL)
          return value_from_prop (prop);
        return count ? cli_value_new_int (1) : cli_value_new_null ();
      }
    case CLI_VALUE_HASH:
      {
        const CliValue *item = cli_value_hash_get (value, name);

        if (item != NULL)
          return cli_value_copy (item);
        return count ? cli_value_new_int (value->items->len) : cli_value_new_null ();
      }
    default:
      return count ? cli_value_new_int (1) : cli_value_new_null ();
    }
}

static gboolean
want_args (const char *method, GPtrArray *args, guint min, guint max, GError **error)
{
  if (args->len >= min && args->len <= max)
    return TRUE;
  g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
               "Cannot find an overload for \"%s\" and the argument count: \"%u\".", method, args->len);
  return FALSE;
}

static char *
arg_string (GPtrArray *args, guint i)
{
  return cli_value_to_string (g_ptr_array_index (args, i));
}

/* The .NET String methods administrators call; .NET's are case-sensitive
 * (ordinal or culture), unlike PowerShell's operators. */
static CliValue *
call_string_method (const char *s, const char *method, GPtrArray *args, GError **error)
{
#define IS(m) (g_ascii_strcasecmp (method, m) == 0)
  if (IS ("ToString"))
    return want_args (method, args, 0, 0, error) ? cli_value_new_string (s) : NULL;
  if (IS ("ToLower") || IS ("ToLowerInvariant"))
    {
      g_autofree char *lower = g_utf8_strdown (s, -1);

      return want_args (method, args, 0, 0, error) ? cli_value_new_string (lower) : NULL;
    }
  if (IS ("ToUpper") || IS ("ToUpperInvariant"))
    {
      g_autofree char *upper = g_utf8_strup (s, -1);

      return want_args (method, args, 0, 0, error) ? cli_value_new_string (upper) : NULL;
    }
  if (IS ("Trim") || IS ("TrimStart") || IS ("TrimEnd"))
    {
      g_autofree char *copy = g_strdup (s);

      if (!want_args (method, args, 0, 0, error))
        return NULL;
      if (!IS ("TrimEnd"))
        g_strchug (copy);
      if (!IS ("TrimStart"))
        g_strchomp (copy);
      return cli_value_new_string (copy);
    }
  if (IS ("Contains") || IS ("StartsWith") || IS ("EndsWith") || IS ("Equals") || IS ("IndexOf"))
    {
      g_autofree char *needle = NULL;

      if (!want_args (method, args, 1, 1, error))
        return NULL;
      needle = arg_string (args, 0);
      if (IS ("Contains"))
        return cli_value_new_bool (strstr (s, needle) != NULL);
      if (IS ("StartsWith"))
        return cli_value_new_bool (g_str_has_prefix (s, needle));
      if (IS ("EndsWith"))
        return cli_value_new_bool (g_str_has_suffix (s, needle));
      if (IS ("Equals"))
        return cli_value_new_bool (g_str_equal (s, needle));
      {
        const char *at = strstr (s, needle);

        return cli_value_new_int (at != NULL ? g_utf8_pointer_to_offset (s, at) : -1);
      }
    }
  if (IS ("Replace"))
    {
      g_autofree char *from = NULL, *to = NULL;
      g_auto(GStrv) pieces = NULL;
      g_autofree char *joined = NULL;

      if (!want_args (method, args, 2, 2, error))
        return NULL;
      from = arg_string (args, 0);
      to = arg_string (args, 1);
      if (*from == '\0')
        {
          g_set_error_literal (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                               "Exception calling \"Replace\" with \"2\" argument(s): \"String cannot be of zero length.\"");
          return NULL;
        }
      pieces = g_strsplit (s, from, -1);
      joined = g_strjoinv (to, pieces);
      return cli_value_new_string (joined);
    }
  if (IS ("Split"))
    {
      g_autofree char *separators = NULL;
      g_auto(GStrv) pieces = NULL;
      CliValue *list;

      if (!want_args (method, args, 0, 1, error))
        return NULL;
      /* String.Split(char[]): any of the characters separates. */
      separators = args->len > 0 ? arg_string (args, 0) : g_strdup (" \t\n");
      pieces = g_strsplit_set (s, separators, -1);
      list = cli_value_new_list ();
      for (guint i = 0; pieces[i] != NULL; i++)
        cli_value_append (list, cli_value_new_string (pieces[i]));
      return list;
    }
  if (IS ("Substring"))
    {
      glong n = g_utf8_strlen (s, -1);
      g_autoptr(CliValue) start = NULL;
      gint64 from, count;

      if (!want_args (method, args, 1, 2, error))
        return NULL;
      start = cli_value_copy (g_ptr_array_index (args, 0));
      from = start->type == CLI_VALUE_INT ? start->integer : -1;
      count = args->len > 1 && ((CliValue *) g_ptr_array_index (args, 1))->type == CLI_VALUE_INT
              ? ((CliValue *) g_ptr_array_index (args, 1))->integer : n - from;
      if (from < 0 || count < 0 || from + count > n)
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                       "Exception calling \"Substring\" with \"%u\" argument(s): \"Index and length must "
                       "refer to a location within the string.\"", args->len);
          return NULL;
        }
      {
        const char *b = g_utf8_offset_to_pointer (s, from);
        const char *e = g_utf8_offset_to_pointer (b, count);
        g_autofree char *sub = g_strndup (b, e - b);

        return cli_value_new_string (sub);
      }
    }
#undef IS
  g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
               "Method invocation failed because [System.String] doesn't contain a method named '%s' "
               "(casarray knows ToString, ToLower, ToUpper, Trim, TrimStart, TrimEnd, Contains, StartsWith, "
               "EndsWith, Equals, IndexOf, Replace, Split and Substring).", method);
  return NULL;
}

static CliValue *
call_method (const CliValue *value, const char *method, GPtrArray *args, GError **error)
{
  g_autofree char *text = NULL;

  if (value->type == CLI_VALUE_NULL)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
                   "You cannot call a method on a null-valued expression.");
      return NULL;
    }
  if (value->type == CLI_VALUE_STRING ||
      (value->type == CLI_VALUE_OBJECT && ((CliObject *) value->object)->kind == CLI_KIND_STRING))
    {
      text = cli_value_to_string (value);
      return call_string_method (text, method, args, error);
    }
  if (g_ascii_strcasecmp (method, "ToString") == 0 && args->len == 0)
    {
      text = cli_value_to_string (value);
      return cli_value_new_string (text);
    }
  g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
               "Method invocation failed because [%s] doesn't contain a method named '%s' "
               "(casarray knows only ToString() on it).", cli_value_type_name (value), method);
  return NULL;
}

/* ---- comparisons (about_Comparison_Operators) ---- */

static gboolean
value_to_int (const CliValue *value, gint64 *out, GError **error)
{
  g_autofree char *text = NULL;

  if (value->type == CLI_VALUE_INT)
    {
      *out = value->integer;
      return TRUE;
    }
  if (value->type == CLI_VALUE_BOOL)
    {
      *out = value->boolean ? 1 : 0;
      return TRUE;
    }
  text = cli_value_to_string (value);
  g_strstrip (text);
  if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, out, NULL))
    return TRUE;
  g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
               "Cannot convert value \"%s\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"",
               text);
  return FALSE;
}

static char *
fold (const CliValue *value, gboolean case_sensitive)
{
  g_autofree char *text = cli_value_to_string (value);

  return case_sensitive ? g_steal_pointer (&text) : g_utf8_casefold (text, -1);
}

static char *
swap_case (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, g_unichar_isupper (c) ? g_unichar_tolower (c) : g_unichar_toupper (c));
    }
  return g_string_free (out, FALSE);
}

/* -1, 0 or 1 for two scalars.  The left operand decides how: a number
 * compares numbers (the right one converted, an error if it cannot be), a
 * boolean compares truths, anything else compares strings, without
 * regard to case unless @case_sensitive.  $null is less than anything
 * but $null. */
static gboolean
compare_scalars (const CliValue *l, const CliValue *r, gboolean case_sensitive, int *result, GError **error)
{
  if (l->type == CLI_VALUE_NULL || r->type == CLI_VALUE_NULL)
    {
      *result = (l->type != CLI_VALUE_NULL) - (r->type != CLI_VALUE_NULL);
      return TRUE;
    }
  if (l->type == CLI_VALUE_INT)
    {
      gint64 b;

      if (!value_to_int (r, &b, error))
        return FALSE;
      *result = (l->integer > b) - (l->integer < b);
      return TRUE;
    }
  if (l->type == CLI_VALUE_BOOL)
    {
      gboolean b = cli_value_is_true (r);

      *result = (l->boolean && !b) - (!l->boolean && b);
      return TRUE;
    }
  {
    g_autofree char *a = fold (l, FALSE);
    g_autofree char *b = fold (r, FALSE);
    int c = g_str_equal (a, b) ? 0 : g_utf8_collate (a, b);

    if (c == 0 && !g_str_equal (a, b))
      c = strcmp (a, b);
    if (c == 0 && case_sensitive)
      {
        /* Same letters: as .NET's culture comparison, lower case first
         * ("a" < "A" < "b"); strings with their case swapped put it so. */
        g_autofree char *x = cli_value_to_string (l);
        g_autofree char *y = cli_value_to_string (r);
        g_autofree char *sx = swap_case (x);
        g_autofree char *sy = swap_case (y);

        c = strcmp (sx, sy);
      }
    *result = (c > 0) - (c < 0);
    return TRUE;
  }
}

int
cli_value_compare (const CliValue *a, const CliValue *b, gboolean case_sensitive)
{
  g_autoptr(GError) error = NULL;
  int c;

  if (a->type == CLI_VALUE_LIST || b->type == CLI_VALUE_LIST)
    {
      g_autofree char *x = fold (a, case_sensitive);
      g_autofree char *y = fold (b, case_sensitive);

      return g_utf8_collate (x, y);
    }
  if (compare_scalars (a, b, case_sensitive, &c, &error))
    return c;
  /* (a number and a word: as strings, which is what Sort-Object does) */
  {
    g_autofree char *x = fold (a, case_sensitive);
    g_autofree char *y = fold (b, case_sensitive);

    return g_utf8_collate (x, y);
  }
}

static gboolean
test_scalar (CliOp op, gboolean cs, const CliValue *l, const CliValue *r, gboolean *result, GError **error)
{
  int c;

  switch (op)
    {
    case CLI_OP_LIKE:
    case CLI_OP_NOTLIKE:
      {
        /* Wildcards * and ? (GLib's glob); the text and the pattern folded
         * alike when the comparison ignores case. */
        g_autofree char *text = fold (l, cs);
        g_autofree char *pattern = fold (r, cs);

        *result = g_pattern_match_simple (pattern, text) == (op == CLI_OP_LIKE);
        return TRUE;
      }
    case CLI_OP_MATCH:
    case CLI_OP_NOTMATCH:
      {
        g_autofree char *text = cli_value_to_string (l);
        g_autofree char *pattern = cli_value_to_string (r);
        g_autoptr(GError) local = NULL;
        g_autoptr(GRegex) regex = g_regex_new (pattern, cs ? 0 : G_REGEX_CASELESS, 0, &local);

        if (regex == NULL)
          {
            g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                         "Invalid regular expression pattern: %s. (%s)", pattern, local->message);
            return FALSE;
          }
        *result = g_regex_match (regex, text, 0, NULL) == (op == CLI_OP_MATCH);
        return TRUE;
      }
    default:
      break;
    }
  if (!compare_scalars (l, r, cs, &c, error))
    return FALSE;
  switch (op)
    {
    case CLI_OP_EQ: *result = c == 0; break;
    case CLI_OP_NE: *result = c != 0; break;
    case CLI_OP_GT: *result = c > 0; break;
    case CLI_OP_GE: *result = c >= 0; break;
    case CLI_OP_LT: *result = c < 0; break;
    case CLI_OP_LE: *result = c <= 0; break;
    default: g_assert_not_reached ();
    }
  return TRUE;
}

/* -contains: whether an item of @list equals @item (each item, on the
 * left, decides the type of its comparison). */
static gboolean
list_contains (const CliValue *list, const CliValue *item, gboolean cs, gboolean *result, GError **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);

  *result = FALSE;
  if (item->type == CLI_VALUE_LIST)
    return TRUE;  /* an array equals no item (reference equality) */
  if (list->type == CLI_VALUE_NULL)
    g_ptr_array_add (items, cli_value_new_null ());
  else
    cli_value_unroll (list, items);
  for (guint i = 0; i < items->len; i++)
    {
      gboolean eq;

      if (!test_scalar (CLI_OP_EQ, cs, g_ptr_array_index (items, i), item, &eq, error))
        return FALSE;
      if (eq)
        {
          *result = TRUE;
          break;
        }
    }
  return TRUE;
}

/* .NET composite formatting, as -f does it: {index}, {index,width}
 * (negative: left-aligned), {{ and }}; a :format part is not supported. */
static CliValue *
format_operator (const CliValue *l, const CliValue *r, GError **error)
{
  g_autofree char *pattern = cli_value_to_string (l);
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
  g_autoptr(GString) out = g_string_new (NULL);
  CliValue *result;

  cli_value_unroll (r, args);
  for (const char *p = pattern; *p != '\0'; p++)
    {
      char *end;
      gint64 index, width = 0;
      g_autofree char *text = NULL;
      glong pad;

      if ((*p == '{' && p[1] == '{') || (*p == '}' && p[1] == '}'))
        {
          g_string_append_c (out, *p++);
          continue;
        }
      if (*p != '{')
        {
          g_string_append_c (out, *p);
          continue;
        }
      index = g_ascii_strtoll (p + 1, &end, 10);
      if (end != p + 1 && *end == ',')
        width = g_ascii_strtoll (end + 1, &end, 10);
      if (end == p + 1 || *end != '}' || index < 0)
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
                       "Error formatting a string: Input string was not in a correct format "
                       "(casarray takes {0} and {0,width}, not {0:format}).");
          return NULL;
        }
      if (index >= args->len)
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                       "Error formatting a string: Index (zero based) must be greater than or equal to zero "
                       "and less than the size of the argument list.");
          return NULL;
        }
      text = cli_value_to_string (g_ptr_array_index (args, index));
      pad = (glong) ABS (width) - g_utf8_strlen (text, -1);
      if (width > 0)
        for (glong k = 0; k < pad; k++)
          g_string_append_c (out, ' ');
      g_string_append (out, text);
      if (width < 0)
        for (glong k = 0; k < pad; k++)
          g_string_append_c (out, ' ');
      p = end;
    }
  result = cli_value_new_string (out->str);
  return result;
}

CliValue *
cli_eval_operator (CliOp op, gboolean cs, const CliValue *l, const CliValue *r, GError **error)
{
  gboolean result;

  switch (op)
    {
    case CLI_OP_FORMAT:
      return format_operator (l, r, error);
    case CLI_OP_ADD: case CLI_OP_SUB: case CLI_OP_MUL: case CLI_OP_DIV: case CLI_OP_MOD:
      return cli_eval_arithmetic (op, l, r, error);
    case CLI_OP_AND: return cli_value_new_bool (cli_value_is_true (l) && cli_value_is_true (r));
    case CLI_OP_OR: return cli_value_new_bool (cli_value_is_true (l) || cli_value_is_true (r));
    case CLI_OP_XOR: return cli_value_new_bool (cli_value_is_true (l) != cli_value_is_true (r));
    case CLI_OP_CONTAINS:
    case CLI_OP_NOTCONTAINS:
      if (!list_contains (l, r, cs, &result, error))
        return NULL;
      return cli_value_new_bool (result == (op == CLI_OP_CONTAINS));
    case CLI_OP_IN:
    case CLI_OP_NOTIN:
      if (!list_contains (r, l, cs, &result, error))
        return NULL;
      return cli_value_new_bool (result == (op == CLI_OP_IN));
    default:
      break;
    }
  if (l->type == CLI_VALUE_LIST)
    {
      /* A collection on the left filters: the result is the items for
       * which the comparison holds, not a boolean. */
      CliValue *matches = cli_value_new_list ();

      for (guint i = 0; i < l->items->len; i++)
        {
          const CliValue *item = g_ptr_array_index (l->items, i);

          if (!test_scalar (op, cs, item, r, &result, error))
            {
              cli_value_free (matches);
              return NULL;
            }
          if (result)
            cli_value_append (matches, cli_value_copy (item));
        }
      return matches;
    }
  if (!test_scalar (op, cs, l, r, &result, error))
    return NULL;
  return cli_value_new_bool (result);
}

/* ---- evaluation ---- */

/* about_Automatic_Variables: after a successful -match on a single value,
 * $Matches is a hash table of the groups: 0 the whole match, 1... the
 * numbered groups, and the named ones by name (unmatched groups are
 * left out).  A failed match leaves the previous $Matches. */
static void
set_matches (CliRun *run, gboolean cs, const CliValue *l, const CliValue *r)
{
  g_autofree char *text = cli_value_to_string (l);
  g_autofree char *pattern = cli_value_to_string (r);
  g_autoptr(GRegex) regex = g_regex_new (pattern, cs ? 0 : G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) info = NULL;
  g_autoptr(CliValue) hash = NULL;
  int count;

  if (regex == NULL || !g_regex_match (regex, text, 0, &info))
    return;
  hash = cli_value_new_hash ();
  count = g_regex_get_capture_count (regex);
  for (int i = count; i >= 0; i--)
    {
      int start = -1, end = -1;
      g_autofree char *group = NULL;
      char key[16];

      if (!g_match_info_fetch_pos (info, i, &start, &end) || start < 0)
        continue;
      g_snprintf (key, sizeof key, "%d", i);
      group = g_match_info_fetch (info, i);
      cli_value_hash_set (hash, key, cli_value_new_string (group));
    }
  /* Named groups too: GRegex has no list of names, so read them from
   * the pattern ((?<name>...) and (?P<name>...)). */
  for (const char *p = strstr (pattern, "(?"); p != NULL; p = strstr (p + 2, "(?"))
    {
      const char *name = p + 2 + (p[2] == 'P');
      const char *end;

      if (*name != '<' || name[1] == '=' || name[1] == '!')
        continue;
      end = strchr (name + 1, '>');
      if (end != NULL)
        {
          g_autofree char *group = g_strndup (name + 1, end - name - 1);
          char *value = g_match_info_fetch_named (info, group);

          if (value != NULL)
            cli_value_hash_set (hash, group, cli_value_new_string (value));
          g_free (value);
        }
    }
  cli_run_set_variable (run, "Matches", hash);
}

static CliValue *
run_group (CliRun *run, const CliExpr *expr, gboolean always_list)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
  CliValue *list;

  cli_exec_statements (run, expr->statements, items);
  if (!always_list)
    return cli_value_from_items (items);
  list = cli_value_new_list ();
  for (guint i = 0; i < items->len; i++)
    cli_value_append (list, cli_value_copy (g_ptr_array_index (items, i)));
  return list;
}

CliValue *
cli_eval (CliRun *run, const CliExpr *expr, gsize *error_offset, GError **error)
{
  g_autoptr(CliValue) left = NULL;
  g_autoptr(CliValue) right = NULL;
  CliValue *result = NULL;

  switch (expr->kind)
    {
    case CLI_EXPR_CONSTANT:
      return cli_value_copy (expr->value);
    case CLI_EXPR_VARIABLE:
      result = get_variable (run, expr->name, error);
      break;
    case CLI_EXPR_MEMBER:
      left = cli_eval (run, expr->left, error_offset, error);
      if (left == NULL)
        return NULL;
      return cli_eval_member (left, expr->name);
    case CLI_EXPR_METHOD:
      {
        g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);

        left = cli_eval (run, expr->left, error_offset, error);
        if (left == NULL)
          return NULL;
        for (guint i = 0; i < expr->items->len; i++)
          {
            CliValue *arg = cli_eval (run, g_ptr_array_index (expr->items, i), error_offset, error);

            if (arg == NULL)
              return NULL;
            g_ptr_array_add (args, arg);
          }
        result = call_method (left, expr->name, args, error);
        break;
      }
    case CLI_EXPR_INDEX:
      left = cli_eval (run, expr->left, error_offset, error);
      if (left == NULL)
        return NULL;
      if (left->type == CLI_VALUE_NULL)
        {
          g_set_error_literal (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED, "Cannot index into a null array.");
          break;
        }
      if (left->type == CLI_VALUE_HASH)
        {
          /* $Matches[1]: a hash table indexed by a key (here a number). */
          char key[32];
          const CliValue *item;

          g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT, expr->index);
          item = cli_value_hash_get (left, key);
          return item != NULL ? cli_value_copy (item) : cli_value_new_null ();
        }
      if (left->type != CLI_VALUE_LIST)
        return expr->index == 0 || expr->index == -1 ? g_steal_pointer (&left) : cli_value_new_null ();
      {
        gint64 n = left->items->len;
        gint64 i = expr->index < 0 ? n + expr->index : expr->index;

        /* Out of range is $null, as in PowerShell. */
        return i >= 0 && i < n ? cli_value_copy (g_ptr_array_index (left->items, i)) : cli_value_new_null ();
      }
    case CLI_EXPR_ARRAY:
      result = cli_value_new_list ();
      for (guint i = 0; i < expr->items->len; i++)
        {
          CliValue *item = cli_eval (run, g_ptr_array_index (expr->items, i), error_offset, error);

          if (item == NULL)
            {
              cli_value_free (result);
              return NULL;
            }
          cli_value_append (result, item);
        }
      return result;
    case CLI_EXPR_NOT:
      left = cli_eval (run, expr->left, error_offset, error);
      if (left == NULL)
        return NULL;
      return cli_value_new_bool (!cli_value_is_true (left));
    case CLI_EXPR_BINARY:
      left = cli_eval (run, expr->left, error_offset, error);
      if (left == NULL)
        return NULL;
      /* -and and -or stop as soon as the left side decides. */
      if (expr->op == CLI_OP_AND && !cli_value_is_true (left))
        return cli_value_new_bool (FALSE);
      if (expr->op == CLI_OP_OR && cli_value_is_true (left))
        return cli_value_new_bool (TRUE);
      right = cli_eval (run, expr->right, error_offset, error);
      if (right == NULL)
        return NULL;
      result = cli_eval_operator (expr->op, expr->case_sensitive, left, right, error);
      if (result != NULL && expr->op == CLI_OP_MATCH && left->type != CLI_VALUE_LIST && cli_value_is_true (result))
        set_matches (run, expr->case_sensitive, left, right);
      break;
    case CLI_EXPR_PAREN:
    case CLI_EXPR_SUBEXPRESSION:
      return run_group (run, expr, FALSE);
    case CLI_EXPR_ARRAY_SUBEXPRESSION:
      return run_group (run, expr, TRUE);
    case CLI_EXPR_SCRIPT:
      return cli_value_new_script (expr->statements, expr->text);
    case CLI_EXPR_HASH:
      result = cli_value_new_hash ();
      for (guint i = 0; i + 1 < expr->items->len; i += 2)
        {
          const CliExpr *key = g_ptr_array_index (expr->items, i);
          CliValue *item = cli_eval (run, g_ptr_array_index (expr->items, i + 1), error_offset, error);

          if (item == NULL)
            {
              cli_value_free (result);
              return NULL;
            }
          cli_value_hash_set (result, key->value->string, item);
        }
      return result;
    case CLI_EXPR_EXPAND:
      {
        GString *s = g_string_new (NULL);

        for (guint i = 0; i < expr->items->len; i++)
          {
            g_autoptr(CliValue) part = cli_eval (run, g_ptr_array_index (expr->items, i), error_offset, error);
            g_autofree char *text = NULL;

            if (part == NULL)
              {
                g_string_free (s, TRUE);
                return NULL;
              }
            text = cli_value_to_string (part);
            g_string_append (s, text);
          }
        result = cli_value_new_string (s->str);
        g_string_free (s, TRUE);
        return result;
      }
    }
  if (result == NULL)
    *error_offset = expr->start;
  return result;
}
