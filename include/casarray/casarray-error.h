/* casarray-error.h: the one error domain of libcasarray
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(CASARRAY_INSIDE) && !defined(CASARRAY_COMPILATION)
#error "Only <casarray/casarray.h> can be included directly."
#endif

#include <glib.h>
#include <casarray/casarray-version.h>

G_BEGIN_DECLS

/**
 * CASARRAY_ERROR:
 *
 * The error domain of every error libcasarray reports (except
 * %G_IO_ERROR_CANCELLED when an operation is cancelled).
 */
#define CASARRAY_ERROR (casarray_error_quark ())

/**
 * CasarrayError:
 * @CASARRAY_ERROR_INVALID_ARGUMENT: a value given by the caller is malformed:
 *   a name too long or with forbidden characters, an FQDN that is not a
 *   valid host name, a URI that is not supported.
 * @CASARRAY_ERROR_NOT_FOUND: an identity (name, DN, GUID, FQDN,
 *   legacyExchangeDN) matches no object of the requested kind.
 * @CASARRAY_ERROR_AMBIGUOUS: an identity matches more than one object.
 * @CASARRAY_ERROR_ALREADY_EXISTS: an object with that name already exists
 *   (for arrays and servers, across both kinds, as EMS requires).
 * @CASARRAY_ERROR_ARRAY_EXISTS_IN_SITE: the site already has a client access
 *   array; at most one may exist per site.
 * @CASARRAY_ERROR_NOT_CLIENT_ACCESS: the object named as an
 *   RpcClientAccessServer is neither a server with the ClientAccess role nor
 *   a client access array.
 * @CASARRAY_ERROR_CONFLICT: the value changed in the directory since it was
 *   read (another writer won a compare-and-set); nothing was written.
 * @CASARRAY_ERROR_IN_USE: the object cannot be removed or changed because
 *   other objects still refer to it (the message lists them).
 * @CASARRAY_ERROR_NO_ORGANIZATION: the directory holds no Exchange
 *   organisation (or no configuration naming context) where one is needed.
 * @CASARRAY_ERROR_INVALID_DATA: an object in the directory breaks the model
 *   (a required attribute is missing or malformed).
 * @CASARRAY_ERROR_CONNECTION: the directory server cannot be reached or the
 *   connection was lost (after one reconnection attempt).
 * @CASARRAY_ERROR_AUTHENTICATION: the bind was refused, or the password could
 *   not be read.
 * @CASARRAY_ERROR_TIMEOUT: the server did not answer within the configured
 *   timeout.
 * @CASARRAY_ERROR_DIRECTORY: any other failure reported by the directory; the
 *   message carries the LDAP result code and the server's diagnostic message.
 * @CASARRAY_ERROR_ACCESS_DENIED: the account bound to the directory may not
 *   read (or write) what the operation needs, e.g. the Exchange containers
 *   exist but are hidden from it; the message names the account.
 *
 * Error codes of the %CASARRAY_ERROR domain. The numeric values are stable
 * and never reused.
 */
typedef enum {
  CASARRAY_ERROR_INVALID_ARGUMENT = 1,
  CASARRAY_ERROR_NOT_FOUND = 2,
  CASARRAY_ERROR_AMBIGUOUS = 3,
  CASARRAY_ERROR_ALREADY_EXISTS = 4,
  CASARRAY_ERROR_ARRAY_EXISTS_IN_SITE = 5,
  CASARRAY_ERROR_NOT_CLIENT_ACCESS = 6,
  CASARRAY_ERROR_CONFLICT = 7,
  CASARRAY_ERROR_IN_USE = 8,
  CASARRAY_ERROR_NO_ORGANIZATION = 9,
  CASARRAY_ERROR_INVALID_DATA = 10,
  CASARRAY_ERROR_CONNECTION = 11,
  CASARRAY_ERROR_AUTHENTICATION = 12,
  CASARRAY_ERROR_TIMEOUT = 13,
  CASARRAY_ERROR_DIRECTORY = 14,
  CASARRAY_ERROR_ACCESS_DENIED = 15,
} CasarrayError;

CASARRAY_AVAILABLE_IN_1_0
GQuark casarray_error_quark (void);

G_END_DECLS
