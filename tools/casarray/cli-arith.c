/* cli-arith.c: the arithmetic operators + - * / % of the command language
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * about_Arithmetic_Operators: the type of the LEFT operand decides what an
 * operator does.  A number on the left converts the right operand to a
 * number ("5" + 1 is 6 only when the left is the number: 1 + "5" is 6,
 * "1" + 5 is "15"); a string on the left concatenates the right operand's
 * text; an array on the left makes a new array with the right operand's
 * items appended ($a + "x", $a += "x").  $null on the left is nothing:
 * $null + 1 is 1.  * repeats a string or an array; - * / % need numbers.
 * casarray has no floating-point type: a division with a remainder and
 * an overflow are refused as not supported instead of being rounded.
 */
#include "cli-eval.h"
#include "cli-error.h"
#include "cli-parser-private.h"

static gboolean
to_number (const CliValue *value, gint64 *out, GError **error)
{
  g_autofree char *text = NULL;

  switch (value->type)
    {
    case CLI_VALUE_INT:
      *out = value->integer;
      return TRUE;
    case CLI_VALUE_BOOL:
      *out = value->boolean ? 1 : 0;
      return TRUE;
    case CLI_VALUE_NULL:
      *out = 0;
      return TRUE;
    default:
      break;
    }
  text = cli_value_to_string (value);
  g_strstrip (text);
  if (value->type == CLI_VALUE_STRING && cli_word_is_number (text, out))
    return TRUE;
  g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
               "Cannot convert value \"%s\" to type \"System.Int64\". Error: \"Input string was not in a correct format.\"",
               text);
  return FALSE;
}

static const char *
op_text (CliOp op)
{
  switch (op)
    {
    case CLI_OP_ADD: return "+";
    case CLI_OP_SUB: return "-";
    case CLI_OP_MUL: return "*";
    case CLI_OP_DIV: return "/";
    default: return "%";
    }
}

static CliValue *
repeat (const CliValue *l, gint64 times, GError **error)
{
  CliValue *list;

  if (times < 0 || times > 100000)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
                   "Repeating a value %" G_GINT64_FORMAT " times is not supported by casarray.", times);
      return NULL;
    }
  if (l->type == CLI_VALUE_STRING)
    {
      GString *s = g_string_new (NULL);

      for (gint64 i = 0; i < times; i++)
        g_string_append (s, l->string);
      list = cli_value_new_string (s->str);
      g_string_free (s, TRUE);
      return list;
    }
  list = cli_value_new_list ();
  for (gint64 i = 0; i < times; i++)
    for (guint j = 0; j < l->items->len; j++)
      cli_value_append (list, cli_value_copy (g_ptr_array_index (l->items, j)));
  return list;
}

CliValue *
cli_eval_arithmetic (CliOp op, const CliValue *l, const CliValue *r, GError **error)
{
  gint64 a, b, result = 0;
  gboolean overflow = FALSE;

  if (op == CLI_OP_ADD)
    {
      if (l->type == CLI_VALUE_NULL)
        return cli_value_copy (r);
      if (r->type == CLI_VALUE_NULL && l->type != CLI_VALUE_LIST)
        return cli_value_copy (l);
      if (l->type == CLI_VALUE_LIST)
        {
          CliValue *list = cli_value_copy (l);

          if (r->type == CLI_VALUE_LIST)
            for (guint i = 0; i < r->items->len; i++)
              cli_value_append (list, cli_value_copy (g_ptr_array_index (r->items, i)));
          else
            cli_value_append (list, cli_value_copy (r));
          return list;
        }
      if (l->type == CLI_VALUE_STRING)
        {
          g_autofree char *right = cli_value_to_string (r);
          g_autofree char *joined = g_strconcat (l->string, right, NULL);

          return cli_value_new_string (joined);
        }
    }
  if (op == CLI_OP_MUL && (l->type == CLI_VALUE_STRING || l->type == CLI_VALUE_LIST))
    return to_number (r, &b, error) ? repeat (l, b, error) : NULL;

  if (l->type != CLI_VALUE_INT && l->type != CLI_VALUE_BOOL && l->type != CLI_VALUE_NULL &&
      !(l->type == CLI_VALUE_STRING && op != CLI_OP_ADD))
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
                   "The '%s' operator on a value of type [%s] is not supported by casarray.",
                   op_text (op), cli_value_type_name (l));
      return NULL;
    }
  if (r->type == CLI_VALUE_LIST)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
                   "The '%s' operator with an array on the right is not supported by casarray.", op_text (op));
      return NULL;
    }
  if (!to_number (l, &a, error) || !to_number (r, &b, error))
    return NULL;
  switch (op)
    {
    case CLI_OP_ADD: overflow = __builtin_add_overflow (a, b, &result); break;
    case CLI_OP_SUB: overflow = __builtin_sub_overflow (a, b, &result); break;
    case CLI_OP_MUL: overflow = __builtin_mul_overflow (a, b, &result); break;
    case CLI_OP_DIV:
    case CLI_OP_MOD:
      if (b == 0)
        {
          g_set_error_literal (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED, "Attempted to divide by zero.");
          return NULL;
        }
      if (a == G_MININT64 && b == -1)
        {
          overflow = TRUE;
          break;
        }
      if (op == CLI_OP_MOD)
        {
          /* about_Arithmetic_Operators: the remainder has the sign of the dividend, as C's. */
          result = a % b;
          break;
        }
      if (a % b != 0)
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
                       "%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT " has a fractional result; "
                       "fractional numbers are not supported by casarray.", a, b);
          return NULL;
        }
      result = a / b;
      break;
    default:
      g_assert_not_reached ();
    }
  if (overflow)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
                   "The result of %" G_GINT64_FORMAT " %s %" G_GINT64_FORMAT " does not fit in 64 bits; "
                   "larger numbers are not supported by casarray.", a, op_text (op), b);
      return NULL;
    }
  return cli_value_new_int (result);
}
