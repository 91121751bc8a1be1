/* cli-error.c: error ids and categories as PowerShell names them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-error.h"

#include <casarray/casarray.h>

G_DEFINE_QUARK (casarray-cli-error-quark, cli_error)

const char *
cli_error_id (const GError *error)
{
  if (error->domain == CASARRAY_ERROR)
    {
      GEnumClass *klass = g_type_class_ref (CASARRAY_TYPE_ERROR);
      GEnumValue *value = g_enum_get_value (klass, error->code);
      const char *name = value != NULL ? value->value_name : "CASARRAY_ERROR";

      g_type_class_unref (klass);  /* static type: the class stays */
      return name;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "PipelineStopped";
  if (error->domain != CLI_ERROR)
    return "UnexpectedError";

  switch ((CliErrorCode) error->code)
    {
    case CLI_ERROR_PARSE:
    case CLI_ERROR_INCOMPLETE:
      return "ParseException";
    case CLI_ERROR_COMMAND_NOT_FOUND:
      return "CommandNotFoundException";
    case CLI_ERROR_PARAMETER_NOT_FOUND:
      return "NamedParameterNotFound";
    case CLI_ERROR_AMBIGUOUS_PARAMETER:
      return "AmbiguousParameter";
    case CLI_ERROR_MISSING_ARGUMENT:
      return "MissingArgument";
    case CLI_ERROR_POSITIONAL_NOT_FOUND:
      return "PositionalParameterNotFound";
    case CLI_ERROR_PARAMETER_ALREADY_BOUND:
      return "ParameterAlreadyBound";
    case CLI_ERROR_MISSING_MANDATORY:
      return "MissingMandatoryParameter";
    case CLI_ERROR_CANNOT_CONVERT:
      return "CannotConvertArgument";
    case CLI_ERROR_INPUT_NOT_BOUND:
      return "InputObjectNotBound";
    case CLI_ERROR_UNKNOWN_VARIABLE:
      return "VariableIsUndefined";
    case CLI_ERROR_NO_STORE:
      return "NoStore";
    case CLI_ERROR_NOT_SUPPORTED:
      return "NotSupported";
    case CLI_ERROR_PROPERTY_NOT_FOUND:
      return "ExpandPropertyNotFound";
    }
  return "UnexpectedError";
}

const char *
cli_error_category (const GError *error)
{
  if (error->domain == CASARRAY_ERROR)
    {
      switch ((CasarrayError) error->code)
        {
        case CASARRAY_ERROR_INVALID_ARGUMENT:
        case CASARRAY_ERROR_AMBIGUOUS:
        case CASARRAY_ERROR_NOT_CLIENT_ACCESS:
          return "InvalidArgument";
        case CASARRAY_ERROR_NOT_FOUND:
        case CASARRAY_ERROR_NO_ORGANIZATION:
          return "ObjectNotFound";
        case CASARRAY_ERROR_ALREADY_EXISTS:
        case CASARRAY_ERROR_ARRAY_EXISTS_IN_SITE:
          return "ResourceExists";
        case CASARRAY_ERROR_CONFLICT:
          return "WriteError";
        case CASARRAY_ERROR_IN_USE:
          return "InvalidOperation";
        case CASARRAY_ERROR_INVALID_DATA:
          return "InvalidData";
        case CASARRAY_ERROR_CONNECTION:
          return "ConnectionError";
        case CASARRAY_ERROR_AUTHENTICATION:
          return "AuthenticationError";
        case CASARRAY_ERROR_TIMEOUT:
          return "OperationTimeout";
        case CASARRAY_ERROR_DIRECTORY:
          return "NotSpecified";
        case CASARRAY_ERROR_ACCESS_DENIED:
          return "PermissionDenied";
        }
      return "NotSpecified";
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "OperationStopped";
  if (error->domain != CLI_ERROR)
    return "NotSpecified";

  switch ((CliErrorCode) error->code)
    {
    case CLI_ERROR_PARSE:
    case CLI_ERROR_INCOMPLETE:
      return "ParserError";
    case CLI_ERROR_COMMAND_NOT_FOUND:
    case CLI_ERROR_UNKNOWN_VARIABLE:
      return "ObjectNotFound";
    case CLI_ERROR_NO_STORE:
      return "ResourceUnavailable";
    case CLI_ERROR_NOT_SUPPORTED:
      return "NotImplemented";
    default:
      return "InvalidArgument";
    }
}
