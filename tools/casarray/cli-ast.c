/* cli-ast.c: the expression tree of the casarray command language
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-ast.h"

#include <string.h>

CliExpr *
cli_expr_new (CliExprKind kind, gsize start, gsize end)
{
  CliExpr *expr = g_new0 (CliExpr, 1);

  expr->kind = kind;
  expr->start = start;
  expr->end = end;
  return expr;
}

void
cli_expr_free (CliExpr *expr)
{
  if (expr == NULL)
    return;
  cli_value_free (expr->value);
  g_free (expr->name);
  cli_expr_free (expr->left);
  cli_expr_free (expr->right);
  if (expr->items != NULL)
    g_ptr_array_unref (expr->items);
  if (expr->statements != NULL)
    g_ptr_array_unref (expr->statements);
  g_free (expr->text);
  g_free (expr);
}

static const struct {
  const char *name;
  CliOp       op;
} ops[] = {
  { "eq", CLI_OP_EQ }, { "ne", CLI_OP_NE }, { "gt", CLI_OP_GT }, { "ge", CLI_OP_GE },
  { "lt", CLI_OP_LT }, { "le", CLI_OP_LE }, { "like", CLI_OP_LIKE }, { "notlike", CLI_OP_NOTLIKE },
  { "match", CLI_OP_MATCH }, { "notmatch", CLI_OP_NOTMATCH }, { "contains", CLI_OP_CONTAINS },
  { "notcontains", CLI_OP_NOTCONTAINS }, { "in", CLI_OP_IN }, { "notin", CLI_OP_NOTIN },
};

gboolean
cli_op_lookup (const char *name, CliOp *op, gboolean *case_sensitive)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  const char *bare = lower;
  gboolean cs = FALSE;

  if (g_str_equal (lower, "f"))
    {
      *op = CLI_OP_FORMAT;
      *case_sensitive = FALSE;
      return TRUE;
    }
  if (g_str_equal (lower, "and") || g_str_equal (lower, "or") || g_str_equal (lower, "xor"))
    {
      *op = lower[0] == 'a' ? CLI_OP_AND : lower[0] == 'o' ? CLI_OP_OR : CLI_OP_XOR;
      *case_sensitive = FALSE;
      return TRUE;
    }
  /* about_Comparison_Operators: every comparison operator is
   * case-insensitive; the "c" prefix makes it case-sensitive and the "i"
   * prefix says case-insensitive explicitly (-ceq, -ieq). */
  for (int pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
        if (g_str_equal (bare, ops[i].name))
          {
            *op = ops[i].op;
            *case_sensitive = cs;
            return TRUE;
          }
      if (pass == 0 && (lower[0] == 'c' || lower[0] == 'i') && lower[1] != '\0')
        {
          cs = lower[0] == 'c';
          bare = lower + 1;
        }
      else
        break;
    }
  return FALSE;
}

gboolean
cli_op_is_logical (CliOp op)
{
  return op == CLI_OP_AND || op == CLI_OP_OR || op == CLI_OP_XOR;
}
