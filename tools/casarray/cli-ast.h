/* cli-ast.h: the expression tree of the casarray command language
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What cli-expr-parser.c builds from tokens and cli-eval.c computes:
 * constants, $variables, .Property and .Method() on them, comma arrays,
 * -not/!, the comparison and logical operators, ( ), $( ), @( ), script
 * blocks and double-quoted strings with $var and $( ) in them.  Nodes
 * that hold statements (( ), $( ), @( ), { }) hold CliPipeline* of
 * cli-parser.h in a GPtrArray.  Every node knows where it was written
 * (byte offsets into the whole script), for error markers.
 */
#pragma once

#include <glib.h>
#include "cli-value.h"

G_BEGIN_DECLS

typedef enum {
  CLI_EXPR_CONSTANT,       /* value */
  CLI_EXPR_VARIABLE,       /* name ("db", "_", "env:COMPUTERNAME") */
  CLI_EXPR_MEMBER,         /* left.name */
  CLI_EXPR_METHOD,         /* left.name(items) */
  CLI_EXPR_INDEX,          /* left[index] */
  CLI_EXPR_ARRAY,          /* items joined by , */
  CLI_EXPR_NOT,            /* -not left, !left */
  CLI_EXPR_BINARY,         /* left op right */
  CLI_EXPR_PAREN,          /* ( statements ): the value of its pipeline */
  CLI_EXPR_SUBEXPRESSION,  /* $( statements ) */
  CLI_EXPR_ARRAY_SUBEXPRESSION, /* @( statements ): always a list */
  CLI_EXPR_SCRIPT,         /* { statements } */
  CLI_EXPR_EXPAND,         /* "text $var $(...)": items, concatenated */
  CLI_EXPR_HASH,           /* @{ k = v; ... }: items are key (CONSTANT), value, key, value... */
} CliExprKind;

typedef enum {
  CLI_OP_EQ, CLI_OP_NE, CLI_OP_GT, CLI_OP_GE, CLI_OP_LT, CLI_OP_LE,
  CLI_OP_LIKE, CLI_OP_NOTLIKE, CLI_OP_MATCH, CLI_OP_NOTMATCH,
  CLI_OP_CONTAINS, CLI_OP_NOTCONTAINS, CLI_OP_IN, CLI_OP_NOTIN,
  CLI_OP_AND, CLI_OP_OR, CLI_OP_XOR,
  CLI_OP_FORMAT,  /* "{0} on {1}" -f $a, $b */
  /* about_Arithmetic_Operators: + - between the comparisons and * / %,
   * which bind tighter; the comma binds tighter than all of them. */
  CLI_OP_ADD, CLI_OP_SUB, CLI_OP_MUL, CLI_OP_DIV, CLI_OP_MOD,
} CliOp;

typedef struct _CliExpr CliExpr;

struct _CliExpr {
  CliExprKind  kind;
  gsize        start, end;     /* where it was written */
  CliValue    *value;          /* CONSTANT */
  char        *name;           /* VARIABLE, MEMBER, METHOD; the operator as written for BINARY */
  CliOp        op;             /* BINARY */
  gboolean     case_sensitive; /* BINARY: a -c... operator */
  gint64       index;          /* INDEX */
  CliExpr     *left, *right;
  GPtrArray   *items;          /* ARRAY, METHOD arguments, EXPAND parts: CliExpr* */
  GPtrArray   *statements;     /* PAREN, SUBEXPRESSION, ARRAY_SUBEXPRESSION, SCRIPT:
                                * CliPipeline*, shared with the values made of them */
  char        *text;           /* SCRIPT: the block as written, between the braces */
};

CliExpr *cli_expr_new  (CliExprKind kind, gsize start, gsize end);
void     cli_expr_free (CliExpr *expr);

/* The operator named by a -parameter token's text ("eq", "ceq", "ilike",
 * "and"), with whether it is case-sensitive; FALSE if it is none. */
gboolean cli_op_lookup (const char *name, CliOp *op, gboolean *case_sensitive);
/* TRUE for -and, -or, -xor. */
gboolean cli_op_is_logical (CliOp op);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliExpr, cli_expr_free)

G_END_DECLS
