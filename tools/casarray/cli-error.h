/* cli-error.h: errors of the casarray command itself (syntax and binding)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Errors from the library keep their CASARRAY_ERROR domain; these are the
 * ones PowerShell itself would raise, each with the FullyQualifiedErrorId
 * PowerShell uses for it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CLI_ERROR (cli_error_quark ())

typedef enum {
  CLI_ERROR_PARSE,                     /* a syntax error (ParserError) */
  CLI_ERROR_INCOMPLETE,                /* input ends in a string, after | or after , */
  CLI_ERROR_COMMAND_NOT_FOUND,
  CLI_ERROR_PARAMETER_NOT_FOUND,
  CLI_ERROR_AMBIGUOUS_PARAMETER,
  CLI_ERROR_MISSING_ARGUMENT,
  CLI_ERROR_POSITIONAL_NOT_FOUND,
  CLI_ERROR_PARAMETER_ALREADY_BOUND,
  CLI_ERROR_MISSING_MANDATORY,
  CLI_ERROR_CANNOT_CONVERT,
  CLI_ERROR_INPUT_NOT_BOUND,
  CLI_ERROR_UNKNOWN_VARIABLE,
  CLI_ERROR_NO_STORE,
  CLI_ERROR_NOT_SUPPORTED,
  CLI_ERROR_PROPERTY_NOT_FOUND,
} CliErrorCode;

GQuark      cli_error_quark (void);

/* PowerShell's FullyQualifiedErrorId (without the command) and error
 * category for @error, which may be of any domain. */
const char *cli_error_id       (const GError *error);
const char *cli_error_category (const GError *error);

G_END_DECLS
