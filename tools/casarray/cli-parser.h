/* cli-parser.h: statements, pipelines and commands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A script is statements separated by newlines or ";".  A statement is a
 * pipeline: commands separated by "|" (a newline may follow a "|" or a ",").
 * A command is a name followed by arguments: -Parameter, -Parameter value,
 * -Parameter:value, or a positional value.  A value is a bareword, a quoted
 * string, $true, $false or $null, or a comma list of those.  A pipeline may
 * also start with a value instead of a command ("DB1","DB2" | ...).
 *
 * This is syntax only: which cmdlet a name means and which parameter an
 * argument binds to is decided by the binder (cli-binder.h).
 *
 * Statements are split only at depth 0 (the lexer balances groups).  The
 * groups ( ), $( ), @( ), { }, @{ } and $( ) inside strings are refused
 * with CLI_ERROR_NOT_SUPPORTED, naming where, since nothing evaluates them
 * yet; as every error here comes before anything runs, a script that uses
 * them runs no statement.
 */
#pragma once

#include <glib.h>
#include "cli-value.h"

G_BEGIN_DECLS

typedef struct {
  char     *name;         /* parameter name as written (no dash), or NULL if positional */
  gboolean  colon;        /* written -Name:value */
  CliValue *value;        /* NULL for a bare -Switch */
  gsize     start, end;   /* the whole argument, in bytes */
  gsize     name_end;     /* end of the -Name token */
} CliArgument;

typedef struct {
  char      *name;        /* as written, dashes normalised */
  gsize      start, end;  /* the command name */
  GPtrArray *arguments;   /* CliArgument* */
} CliCommand;

typedef struct {
  CliValue  *source;      /* a leading value ("a","b" | ...) or NULL */
  gsize      source_start, source_end;
  GPtrArray *commands;    /* CliCommand*; empty only when source is set */
  gsize      start, end;  /* the statement, in bytes */
} CliPipeline;

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

G_END_DECLS
