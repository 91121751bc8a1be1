/* casarray-validate.h: syntax rules for the values users give
 *
 * Private to libcasarray.  Each check names the offending value and the
 * rule it breaks in the GError (CASARRAY_ERROR_INVALID_ARGUMENT), so
 * callers never have to word these errors themselves.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longest name Exchange accepts for these objects (ADObjectNameStringLength). */
#define CASARRAY_NAME_MAX_CHARS 64

/* Mailbox database names: 1 to 64 characters, none of \ / = ; NUL or LF. */
gboolean  casarray_validate_database_name (const char  *name,
                                           GError     **error);
/* Names of servers, arrays and sites: 1 to 64 characters, no control
 * character, and no "/" (it would split the legacyExchangeDN). @kind is
 * used in the message ("client access array", "site", ...). */
gboolean  casarray_validate_object_name   (const char  *kind,
                                           const char  *name,
                                           GError     **error);
/* RFC 1123 host name with at least two labels: labels of 1 to 63 letters,
 * digits and hyphens, not starting or ending with a hyphen, 253 characters
 * in all, a top-level label that is not all digits. A single trailing dot is
 * accepted. Returns the name without the trailing dot. */
char     *casarray_validate_fqdn          (const char  *fqdn,
                                           GError     **error);
/* An absolute http:// or https:// URI with a host. */
gboolean  casarray_validate_http_uri      (const char  *uri,
                                           GError     **error);

G_END_DECLS
