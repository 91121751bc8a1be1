/* cli-eval.h: computing expressions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Evaluates cli-ast.h nodes to CliValues: variables (the session's, $_,
 * $env:NAME), properties and a few string methods, the comparison and
 * logical operators with PowerShell's rules, string expansion, and the
 * statement groups ( ), $( ), @( ) through the executor.  Also the
 * conversions between values and the CliObjects cmdlets take and write.
 */
#pragma once

#include "cli-ast.h"
#include "cli-parser.h"
#include "cli-object.h"
#include "cli-session.h"

G_BEGIN_DECLS

/* One run of a script: where errors point into, and what failed. */
/* -ErrorAction (about_CommonParameters). */
typedef enum {
  CLI_ERROR_ACTION_CONTINUE,  /* report, go on (the default) */
  CLI_ERROR_ACTION_SILENT,    /* SilentlyContinue, Ignore: neither shown nor counted */
  CLI_ERROR_ACTION_STOP,      /* report, and the script stops there */
} CliErrorAction;

typedef struct {
  CliSession     *session;
  const char     *source;
  gssize          length;
  guint           failures;
  CliErrorAction  error_action;  /* of the cmdlet running now */
  gboolean        stopped;       /* an -ErrorAction Stop error happened: run nothing more */
  GHashTable     *functions;     /* the script's functions: lower-case name -> CliPipeline* (cli-function.c) */
  guint           function_depth; /* function calls running */
  gboolean        returning;     /* a return in a function: leave its statements */
  guint           tries;         /* try blocks running: a terminating error is caught, not reported */
  GError         *caught;        /* the terminating error a try block caught */
} CliRun;

/* cli-function.c: functions and try/catch/finally (about_Functions,
 * about_Try_Catch_Finally).  Definitions point into the script's tree. */
void      cli_function_define (CliRun *run, const CliPipeline *statement);
gboolean  cli_function_exists (CliRun *run, const char *name);
/* Binds @command's arguments to the function's parameters and runs it,
 * its output to @out; returns the failures. */
guint     cli_function_call   (CliRun *run, const CliCommand *command, GPtrArray *out);
guint     cli_exec_try        (CliRun *run, const CliPipeline *statement, GPtrArray *out);

/* The value of @expr, or NULL with @error and *error_offset (where the
 * marker goes). */
CliValue  *cli_eval            (CliRun         *run,
                                const CliExpr  *expr,
                                gsize          *error_offset,
                                GError        **error);

/* PowerShell's truth (about_Booleans): $null, $false, 0, "" and an empty
 * list are false; a list of one is its item's truth; all else is true. */
gboolean   cli_value_is_true   (const CliValue *value);

/* The binary operator @op on @left and @right (see cli-eval.c). */
/* $a[N] = @value (@target: a CLI_EXPR_INDEX on a variable): changes the
 * array in place; FALSE with @error for $null or an index out of range. */
gboolean   cli_eval_assign_index (CliRun         *run,
                                  const CliExpr  *target,
                                  const CliValue *value,
                                  GError        **error);
/* + - * / % (cli-arith.c, about_Arithmetic_Operators). */
CliValue  *cli_eval_arithmetic (CliOp           op,
                                const CliValue *l,
                                const CliValue *r,
                                GError        **error);
CliValue  *cli_eval_operator   (CliOp           op,
                                gboolean        case_sensitive,
                                const CliValue *left,
                                const CliValue *right,
                                GError        **error);

/* How Sort-Object orders two values: as the comparison operators do (the
 * first decides the type), or as strings when they cannot compare. */
int        cli_value_compare   (const CliValue *a,
                                const CliValue *b,
                                gboolean        case_sensitive);

/* $value.name: a property, .Count/.Length, or each item's (member
 * enumeration); $null when there is none, as PowerShell. */
CliValue  *cli_eval_member     (const CliValue *value,
                                const char     *name);

/* The items a value sends down a pipeline: a list's items (PowerShell
 * unrolls one level), nothing for $null, else the value. Adds copies. */
void       cli_value_unroll    (const CliValue *value,
                                GPtrArray      *items);
/* What a pipeline's output is as one value: $null, the item, or a list. */
CliValue  *cli_value_from_items (GPtrArray     *items);
/* A cmdlet's output object as a value (strings become strings). */
CliValue  *cli_value_from_object (CliObject    *object);
/* A value as the object a cmdlet receives (objects as they are, anything
 * else as its string). */
CliObject *cli_value_to_object (const CliValue *value);

/* Sets $name for the session (@value is copied; NULL removes it). */
void       cli_run_set_variable (CliRun         *run,
                                 const char     *name,
                                 const CliValue *value);

G_END_DECLS
