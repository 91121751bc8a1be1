/* cli-binder.h: from a parsed command to a cmdlet call
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Finds the cmdlet (any letter case, or its alias), matches each -Name to a
 * parameter as PowerShell does (any letter case; an unambiguous prefix is
 * enough; an ambiguous one is an error naming the candidates), gives the
 * remaining values to the positional parameters, converts values to the
 * parameter types, and later binds piped objects and checks that every
 * mandatory parameter has a value.
 */
#pragma once

#include "cli-cmdlet.h"
#include "cli-parser.h"

G_BEGIN_DECLS

/* The cmdlet @command names, or NULL with CLI_ERROR_COMMAND_NOT_FOUND
 * (suggesting the nearest name). */
const CliCmdlet *cli_bind_cmdlet (const CliCommand  *command,
                                  GError           **error);

/* Binds the arguments of @command.  On failure *error_offset is where the
 * marker goes. */
CliInvocation   *cli_bind_arguments (const CliCmdlet   *cmdlet,
                                     const CliCommand  *command,
                                     gsize             *error_offset,
                                     GError           **error);

/* Binds @object to the parameter that takes piped objects. */
gboolean         cli_bind_pipeline_input (CliInvocation  *invocation,
                                          CliObject      *object,
                                          GError        **error);

/* CLI_ERROR_MISSING_MANDATORY if a mandatory parameter has no value. */
gboolean         cli_bind_check_mandatory (CliInvocation  *invocation,
                                           GError        **error);

/* The role bits of a list of role names; FALSE with CLI_ERROR_CANNOT_CONVERT. */
gboolean         cli_parse_roles (const char * const  *names,
                                  const char          *parameter,
                                  guint               *roles,
                                  GError             **error);

G_END_DECLS
