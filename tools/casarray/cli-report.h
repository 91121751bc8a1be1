/* cli-report.h: errors shown as the Exchange Management Shell shows them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   Set-MailboxDatabase : The operation couldn't be performed because ...
 *   At line:1 char:20
 *   + Set-MailboxDatabase <<<<  DB9 -RpcClientAccessServer casarray
 *       + CategoryInfo          : ObjectNotFound: (DB9:String) [Set-MailboxDatabase], CASARRAY_ERROR_NOT_FOUND
 *       + FullyQualifiedErrorId : CASARRAY_ERROR_NOT_FOUND,Set-MailboxDatabase
 */
#pragma once

#include "cli-session.h"

G_BEGIN_DECLS

/* Writes @error to the session's error stream.  @offset is the byte
 * offset in @source where the "<<<<" marker goes; @command is the cmdlet
 * the error belongs to (NULL for syntax errors and unknown commands);
 * @target what it was about (NULL if unknown). */
void cli_report_error (CliSession   *session,
                       const char   *source,
                       gsize         offset,
                       const char   *command,
                       const char   *target,
                       const GError *error);

G_END_DECLS
