/* cli-run-common.h: helpers the runners share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Mostly for -WhatIf, which must be truthful: before saying what would
 * change, look up what the change needs (the target, the server, the site,
 * the endpoint) and fail as the real run would when it is missing.
 */
#pragma once

#include "cli-cmdlet.h"

G_BEGIN_DECLS

/* @result of a Get call; a NOT_FOUND error becomes an empty array. */
GPtrArray *cli_found_or_empty   (GPtrArray  *result,
                                 GError     *local_error,
                                 GError    **error);

/* Exactly one object of @found (a new reference), else NOT_FOUND or
 * AMBIGUOUS naming @noun and @identity. */
gpointer   cli_exactly_one      (GPtrArray  *found,
                                 const char *noun,
                                 const char *identity,
                                 GError    **error);

/* The database an Identity names, or the one piped in. */
CasarrayMailboxDatabase *cli_find_database (CasarrayDirectory *directory,
                                            CliInvocation     *invocation,
                                            const char        *identity,
                                            GError           **error);

/* Checks that @identity names a CAS server or client access array, as
 * Set-MailboxDatabase -RpcClientAccessServer requires; returns its FQDN. */
char      *cli_resolve_endpoint (CasarrayDirectory *directory,
                                 const char        *identity,
                                 GError           **error);

/* TRUE if a server or array is called @name or uses @fqdn (either may be
 * NULL); *holder is its name. */
gboolean   cli_endpoint_exists  (CasarrayDirectory *directory,
                                 const char        *name,
                                 const char        *fqdn,
                                 char             **holder,
                                 GError           **error);

/* The operation as -WhatIf names it: the cmdlet and the parameters given,
 * except Identity, WhatIf and Confirm ("Set-MailboxDatabase
 * -RpcClientAccessServer casarray.contoso.com"). */
char      *cli_action_text      (CliInvocation *invocation);

/* Get-MailboxDatabase -IncludePreExchange2010 @identity (NULL for all):
 * what the cmdlets that look databases up see. */
GPtrArray *cli_get_all_databases (CasarrayDirectory *directory,
                                  const char        *identity,
                                  GError           **error);

/* A filter for the Get- calls (each argument may be NULL or 0), or NULL
 * when it would filter nothing. */
CasarrayFilter *cli_filter_new  (const char       *server,
                                 const char       *site,
                                 CasarrayGetFlags  flags);

G_END_DECLS
