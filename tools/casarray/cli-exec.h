/* cli-exec.h: running statements
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Parses a whole script first (a syntax error anywhere runs nothing, as in
 * PowerShell), then runs each statement: binds every command of the
 * pipeline, runs the first, feeds its objects to the next (each piped
 * object bound as the next cmdlet's -Identity, or all of them at once to a
 * formatter), and prints what comes out of the last in its default view.
 * A failing statement is reported and the script goes on.
 *
 * Failures are counted per statement: a run that fails, and each item
 * that fails in a command processing several (each object piped into a
 * Set- or Remove-, each row of a repair that the runner counts with
 * cli_invocation_count_items()).  A statement with failed items prints
 * "<cmdlet>: F of N <items> failed" on standard error after its output;
 * any statement with failures makes the result CLI_EXEC_FAILED, which
 * the command turns into exit status 1.
 */
#pragma once

#include "cli-session.h"
#include "cli-eval.h"

G_BEGIN_DECLS

typedef enum {
  CLI_EXEC_OK,
  CLI_EXEC_FAILED,      /* some statement failed (reported) */
  CLI_EXEC_INCOMPLETE,  /* more input could complete it (only with allow_incomplete) */
} CliExecResult;

/* Parses all of @source (@length bytes, or -1 for NUL-terminated; a NUL
 * byte in it is a syntax error), then runs its statements. */
CliExecResult cli_exec_source (CliSession *session,
                               const char *source,
                               gssize      length,
                               gboolean    allow_incomplete);

/* Runs @statements (CliPipeline*) in @run, adding what they write to @out
 * (CliValue*); errors are reported as they happen.  Returns the failures
 * (also added to run->failures).  For ( ), $( ), @( ) and script blocks. */
guint         cli_exec_statements (CliRun     *run,
                                   GPtrArray  *statements,
                                   GPtrArray  *out);

G_END_DECLS
