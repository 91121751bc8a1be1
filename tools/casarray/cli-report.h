/* cli-report.h: errors shown as the Exchange Management Shell shows them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   Set-MailboxDatabase : The operation couldn't be performed because ...
 *   At line:1 char:20
 *   + Set-MailboxDatabase <<<<  DB9 -RpcClientAccessServer casarray
 *       + CategoryInfo          : ObjectNotFound: (DB9:String) [Set-MailboxDatabase], CASARRAY_ERROR_NOT_FOUND
 *       + FullyQualifiedErrorId : CASARRAY_ERROR_NOT_FOUND,Set-MailboxDatabase
 *
 * Everything casarray writes to standard error goes through here, and
 * every piece of it that came from outside (the message, which names
 * identities; the target; the script line; the script name) through
 * cli_escape_append(), so no control character reaches the terminal raw.
 */
#pragma once

#include "cli-session.h"

G_BEGIN_DECLS

/* Writes @error to the session's error stream.  @offset is the byte
 * offset in @source (@length bytes, or -1 for NUL-terminated) where the
 * "<<<<" marker goes; @command is the cmdlet the error belongs to (NULL
 * for syntax errors and unknown commands); @target what it was about (NULL
 * if unknown). */
void cli_report_error   (CliSession   *session,
                         const char   *source,
                         gssize        length,
                         gsize         offset,
                         const char   *command,
                         const char   *target,
                         const GError *error);

/* Writes one line to @stream: @format expanded, escaped, then a newline.
 * For messages outside a session ("casarray: ..." usage errors). */
void cli_print_line     (FILE         *stream,
                         const char   *format,
                         ...) G_GNUC_PRINTF (2, 3);

/* The same on the session's error stream, after flushing its output so
 * the two interleave in order ("casarray: ...", "WARNING: ...", the
 * summary of a statement's failures). */
void cli_report_message (CliSession   *session,
                         const char   *format,
                         ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
