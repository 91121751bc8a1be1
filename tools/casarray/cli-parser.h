/* cli-parser.h: statements, pipelines and commands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A script is statements separated by newlines or ";".  A statement is a
 * pipeline, an assignment ($db = <pipeline>, $a[2] = ..., $a += <expression>), foreach ($x in <pipeline>)
 * { ... }, if (<pipeline>) { ... } elseif (...) { ... } else { ... },
 * function Name (...) { ... }, try { } catch { } finally { }, return and
 * exit (cli-block-parser.c).
 * A pipeline is commands separated by "|" (a newline may follow a "|" or a
 * ",").  A command is a name followed by arguments: -Parameter,
 * -Parameter value, -Parameter:value, or a positional value.  A value is a
 * bareword, a quoted string, or an expression (a $variable with .Property
 * or .Method(), ( ), $( ), @( ), a { script block }, an expanding "string"),
 * or a comma list of those.  A pipeline may also start with an expression
 * instead of a command ("DB1","DB2" | ..., $db.Name, $a -eq 1).
 * Expressions are parsed by cli-expr-parser.c into cli-ast.h nodes.
 *
 * This is syntax only: which cmdlet a name means and which parameter an
 * argument binds to is decided by the binder (cli-binder.h).
 *
 * Statements are split only at depth 0 of their block (the lexer balances
 * groups).  Hash literals @{ } are refused with CLI_ERROR_NOT_SUPPORTED,
 * naming where; as every error here comes before anything runs, a script
 * with any syntax error runs no statement.
 */
#pragma once

#include <glib.h>
#include "cli-value.h"
#include "cli-ast.h"

G_BEGIN_DECLS

typedef struct {
  char     *name;         /* parameter name as written (no dash), or NULL if positional */
  gboolean  colon;        /* written -Name:value */
  CliValue *value;        /* NULL for a bare -Switch or when expr is set */
  CliExpr  *expr;         /* a value computed when the command runs, or NULL */
  gsize     start, end;   /* the whole argument, in bytes */
  gsize     name_end;     /* end of the -Name token */
} CliArgument;

typedef struct {
  char      *name;        /* as written, dashes normalised */
  gsize      start, end;  /* the command name */
  GPtrArray *arguments;   /* CliArgument* */
} CliCommand;

typedef enum {
  CLI_STATEMENT_PIPELINE,
  CLI_STATEMENT_ASSIGNMENT,  /* $variable = body[0] */
  CLI_STATEMENT_FOREACH,     /* foreach ($variable in collection) { body } */
  CLI_STATEMENT_IF,          /* if (conditions[0]) { bodies[0] } elseif ... else { body } */
  CLI_STATEMENT_FUNCTION,    /* function variable [(parameters)] { [param (parameters)] body } */
  CLI_STATEMENT_TRY,         /* try { body } catch { catch_body } finally { finally_body } */
} CliStatementKind;

typedef struct _CliPipeline CliPipeline;

struct _CliPipeline {
  CliStatementKind kind;
  CliExpr   *source;      /* a leading expression ("a","b" | ..., $db.Name) or NULL */
  gsize      source_start, source_end;
  GPtrArray *commands;    /* CliCommand*; empty only when source is set */
  gsize      start, end;  /* the statement, in bytes */

  char        *variable;    /* ASSIGNMENT, FOREACH: the name, without $ */
  int          returns;     /* PIPELINE written "return <pipeline>" (1) or "exit [n]" (2) */
  char       **parameters;  /* FUNCTION: the parameter names, without $ (NULL-terminated) */
  GPtrArray   *catch_body;  /* TRY: CliPipeline*, or NULL */
  GPtrArray   *finally_body; /* TRY: CliPipeline*, or NULL */
  CliExpr     *target;      /* ASSIGNMENT to an element ($a[2] = x): the $a[2], else NULL */
  CliPipeline *collection;  /* FOREACH: what follows "in"; ASSIGNMENT: the value */
  GPtrArray   *body;        /* FOREACH, IF's else: CliPipeline* (NULL: no else) */
  GPtrArray   *conditions;  /* IF: CliPipeline*, one per if/elseif */
  GPtrArray   *bodies;      /* IF: GPtrArray* of CliPipeline*, one per condition */
};

/* Parses @source (@length bytes, or -1 for NUL-terminated) into pipelines
 * (CliPipeline*).  On failure sets @error (CLI_ERROR_PARSE,
 * CLI_ERROR_NOT_SUPPORTED, an error of the binder's kinds for values such
 * as an unknown $variable, or CLI_ERROR_INCOMPLETE when more input could
 * complete the statement) and *error_offset (a byte offset into @source). */
GPtrArray *cli_parse (const char  *source,
                      gssize       length,
                      gsize       *error_offset,
                      GError     **error);

void cli_pipeline_free (CliPipeline *pipeline);
void cli_argument_free (CliArgument *argument);
void cli_command_free  (CliCommand  *command);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliPipeline, cli_pipeline_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliCommand, cli_command_free)

G_END_DECLS
