/* casarray-ldap-error.c: LDAP result codes as CASARRAY_ERROR errors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldap-error.h"

#include <string.h>

#include <ldap.h>

#include "casarray/casarray-error.h"

gboolean
casarray_ldap_code_is_connection_lost (int ldap_code)
{
  return ldap_code == LDAP_SERVER_DOWN || ldap_code == LDAP_CONNECT_ERROR;
}

/* Codes whose meaning does not depend on the operation. */
static int
common_error_code (int ldap_code)
{
  switch (ldap_code)
    {
    case LDAP_SERVER_DOWN:
    case LDAP_CONNECT_ERROR:
    case LDAP_UNAVAILABLE:
    case LDAP_BUSY:
      return CASARRAY_ERROR_CONNECTION;

    case LDAP_TIMELIMIT_EXCEEDED:
    case LDAP_TIMEOUT:
      return CASARRAY_ERROR_TIMEOUT;

    case LDAP_AUTH_METHOD_NOT_SUPPORTED:
    case LDAP_STRONG_AUTH_REQUIRED:
    case LDAP_CONFIDENTIALITY_REQUIRED:
    case LDAP_SASL_BIND_IN_PROGRESS:
    case LDAP_X_PROXY_AUTHZ_FAILURE:
    case LDAP_INAPPROPRIATE_AUTH:
    case LDAP_INVALID_CREDENTIALS:
    case LDAP_AUTH_UNKNOWN:
      return CASARRAY_ERROR_AUTHENTICATION;

    default:
      return 0;
    }
}

/* The CasarrayError for @ldap_code (which must not be LDAP_SUCCESS). */
static int
error_code (CasarrayLdapOp op,
            int            ldap_code)
{
  int code = common_error_code (ldap_code);

  if (code != 0)
    return code;

  switch (op)
    {
    case CASARRAY_LDAP_OP_CONNECT:
      /* StartTLS refused or a broken handshake: the server is not usable. */
      return CASARRAY_ERROR_CONNECTION;

    case CASARRAY_LDAP_OP_BIND:
      /* e.g. unwillingToPerform for an unauthenticated bind */
      return CASARRAY_ERROR_AUTHENTICATION;

    case CASARRAY_LDAP_OP_SEARCH:
    case CASARRAY_LDAP_OP_ADD:
    case CASARRAY_LDAP_OP_MODIFY:
    case CASARRAY_LDAP_OP_DELETE:
    case CASARRAY_LDAP_OP_RENAME:
    default:
      break;
    }

  switch (ldap_code)
    {
    case LDAP_NO_SUCH_OBJECT:
      return CASARRAY_ERROR_NOT_FOUND;

    case LDAP_ALREADY_EXISTS:
      return CASARRAY_ERROR_ALREADY_EXISTS;

    case LDAP_NOT_ALLOWED_ON_NONLEAF:
      return CASARRAY_ERROR_IN_USE;

    case LDAP_NO_SUCH_ATTRIBUTE:
    case LDAP_TYPE_OR_VALUE_EXISTS:
      /* In a modify these are the compare-and-set failing: the value
       * deleted is gone, or the value added is already there. */
      return op == CASARRAY_LDAP_OP_MODIFY ? CASARRAY_ERROR_CONFLICT
                                           : CASARRAY_ERROR_DIRECTORY;

    case LDAP_CONSTRAINT_VIOLATION:
      /* OpenLDAP's answer to adding a second value to a single-valued
       * attribute (AD answers attributeOrValueExists): another writer set
       * it first. */
      return op == CASARRAY_LDAP_OP_MODIFY ? CASARRAY_ERROR_CONFLICT
                                           : CASARRAY_ERROR_DIRECTORY;

    default:
      return CASARRAY_ERROR_DIRECTORY;
    }
}

/* Active Directory answers a request on a connection that has not bound
 * with operationsError (1), not with an authentication code: Windows with
 * the Win32 error ERROR_NOT_AUTHENTICATED (0x4DC) leading the diagnostic,
 * "000004DC: LdapErr: ... a successful bind must be completed", Samba with
 * "00002020: Operation unavailable without authentication".  Either means
 * the account, not the directory, is the problem. */
static gboolean
is_ad_not_authenticated (int         ldap_code,
                         const char *diagnostic)
{
  if (ldap_code != LDAP_OPERATIONS_ERROR || diagnostic == NULL)
    return FALSE;
  return g_ascii_strncasecmp (diagnostic, "000004DC:", 9) == 0 ||
         (g_str_has_prefix (diagnostic, "00002020:") &&
          strstr (diagnostic, "without authentication") != NULL);
}

GError *
casarray_ldap_error_new (CasarrayLdapOp  op,
                         int             ldap_code,
                         const char     *diagnostic,
                         const char     *what)
{
  int code = is_ad_not_authenticated (ldap_code, diagnostic)
               ? CASARRAY_ERROR_AUTHENTICATION : error_code (op, ldap_code);
  g_autoptr(GString) message = g_string_new (NULL);

  g_string_append_printf (message, "LDAP error %d (%s) %s",
                          ldap_code, ldap_err2string (ldap_code), what);
  if (diagnostic != NULL && diagnostic[0] != '\0')
    g_string_append_printf (message, ": %s", diagnostic);
  if (code == CASARRAY_ERROR_CONFLICT)
    g_string_append (message, " (the value changed since it was read)");
  else if (ldap_code == LDAP_SIZELIMIT_EXCEEDED)
    g_string_append (message, " (the server limits how many entries this account may "
                              "read, even with paged results; on OpenLDAP see the "
                              "size.prtotal limit)");

  return g_error_new_literal (CASARRAY_ERROR, code, message->str);
}
