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
 */
#pragma once

#include "cli-session.h"

G_BEGIN_DECLS

typedef enum {
  CLI_EXEC_OK,
  CLI_EXEC_FAILED,      /* some statement failed (reported) */
  CLI_EXEC_INCOMPLETE,  /* more input could complete it (only with allow_incomplete) */
} CliExecResult;

CliExecResult cli_exec_source (CliSession *session,
                               const char *source,
                               gboolean    allow_incomplete);

G_END_DECLS
