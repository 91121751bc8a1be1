/* cli-repl.h: where statements come from
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The interactive prompt (readline: line editing, history kept in
 * $XDG_STATE_HOME/casarray/history, completion of cmdlet and parameter
 * names; a statement may go on over several lines), and scripts read
 * whole from a file or from standard input.
 */
#pragma once

#include "cli-session.h"

G_BEGIN_DECLS

/* Each returns the exit status: 0 when every statement succeeded. */
int cli_repl_run         (CliSession *session);
int cli_run_script_file  (CliSession *session,
                          const char *path);
int cli_run_script_stdin (CliSession *session);
int cli_run_command_line (CliSession *session,
                          const char *line);

G_END_DECLS
