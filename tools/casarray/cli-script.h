/* cli-script.h: the cmdlets casarray runs itself over pipeline objects
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Where-Object, ForEach-Object, Sort-Object, Measure-Object, Group-Object
 * and Write-Output are not in the cmdlet table: they take script blocks
 * and run them per object, so cli-exec binds and runs them through these
 * functions.  Select-Object and Format-* are table cmdlets, but their
 * calculated properties are computed here before the cmdlet sees them.
 */
#pragma once

#include "cli-exec.h"
#include "cli-parser.h"

G_BEGIN_DECLS

typedef enum {
  CLI_SCRIPT_NONE,
  CLI_SCRIPT_WHERE,
  CLI_SCRIPT_FOREACH,
  CLI_SCRIPT_SORT,
  CLI_SCRIPT_OUTPUT,
  CLI_SCRIPT_MEASURE,
  CLI_SCRIPT_GROUP,
} CliScriptKind;

/* How a Where-Object or ForEach-Object was called: a script block, or
 * Where-Object's simplified form (Where-Object Server -eq MBX1) or
 * ForEach-Object's (ForEach-Object Name). */
typedef struct {
  CliScriptKind  kind;
  const char   *name;
  CliValue     *block;        /* -FilterScript / -Process */
  CliValue     *begin, *end;  /* ForEach-Object -Begin, -End */
  char         *property;
  gboolean      has_op;
  CliOp         op;
  gboolean      case_sensitive;
  CliValue     *value;
  /* Sort-Object, Measure-Object, Group-Object */
  GPtrArray    *keys;         /* CliValue*: property names (strings) or script blocks */
  gboolean      descending, unique;
  gboolean      sum, average, maximum, minimum;  /* Measure-Object */
} CliScriptCall;

/* Which of the script cmdlets @name is (a name or an alias), or
 * CLI_SCRIPT_NONE for a cmdlet of the table. */
CliScriptKind cli_script_kind (const char *name);

/* Binds @command (a script cmdlet) into @call. */
gboolean cli_script_bind (CliRun *run, const CliCommand *command, CliScriptCall *call,
                          gsize *error_offset, GError **error);

/* Runs @call over @input (CliValue*) into @out; the failures. */
guint cli_script_run (CliRun *run, const CliCommand *command, CliScriptCall *call, GPtrArray *input,
                      gboolean has_input, GPtrArray *out);

void cli_script_call_clear (CliScriptCall *call);

/* Whether cmdlet @name takes calculated properties (Select-Object, Format-*). */
gboolean cli_script_takes_calculated (const char *name);

/* Takes the calculated properties out of @resolved's -Property. */
gboolean cli_script_extract_calculated (CliCommand *resolved, GPtrArray **calculated,
                                        gsize *error_offset, GError **error);

/* Replaces each of @values by a Selected object of @calculated. */
guint cli_script_apply_calculated (CliRun *run, GPtrArray *calculated, GPtrArray *values);

/* A copy of @command with its computed arguments computed (cli-exec.c). */
CliCommand *cli_exec_resolve_command (CliRun *run, const CliCommand *command, gboolean for_binder,
                                      gsize *error_offset, GError **error);

G_END_DECLS
