/* cli-session.h: what every cmdlet run shares
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The directory (opened on first use), where output goes, and how to talk
 * to the user: warnings, What if: lines, confirmation prompts.
 */
#pragma once

#include <stdio.h>
#include <casarray/casarray.h>

G_BEGIN_DECLS

typedef struct _CliSession CliSession;

/* Asks the user a question; returns the answer line (NULL at end of input). */
typedef char *(*CliAskFunc) (const char *prompt, gpointer user_data);

struct _CliSession {
  CasarrayDirectory *directory;   /* NULL: no store configured */
  char              *no_store_reason;
  FILE              *out;
  FILE              *err;
  gboolean           interactive; /* a person answers prompts */
  gboolean           progress;    /* standard error is a terminal */
  gboolean           yes_to_all;  /* "A" was answered to a confirmation */
  CliAskFunc         ask;
  gpointer           ask_data;
  const char        *script_name; /* "-f FILE" name for error positions, or NULL */
  GHashTable        *variables;   /* $name (lower case) -> CliValue*, for the whole session */
  gboolean           no_warnings; /* -WarningAction SilentlyContinue on the running cmdlet */
  gboolean           no_file_output; /* cmdlets may not write files (Export-Csv): set by the fuzz target */
};

CliSession        *cli_session_new           (CasarrayDirectory *directory);
void               cli_session_free          (CliSession *session);

/* The directory, or NULL with CLI_ERROR_NO_STORE. */
CasarrayDirectory *cli_session_get_directory (CliSession  *session,
                                              GError     **error);

/* "What if: Performing the operation "<action>" on target "<target>"." */
void               cli_session_what_if       (CliSession *session,
                                              const char *action,
                                              const char *target);
/* "WARNING: ..." on standard error. */
void               cli_session_warning       (CliSession *session,
                                              const char *format,
                                              ...) G_GNUC_PRINTF (2, 3);

/* Asks "Are you sure you want to perform this action?" when the session is
 * interactive; TRUE to go ahead.  Never asks in scripts. */
gboolean           cli_session_confirm       (CliSession *session,
                                              const char *action,
                                              const char *target);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliSession, cli_session_free)

G_END_DECLS
