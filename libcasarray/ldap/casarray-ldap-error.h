/* casarray-ldap-error.h: LDAP result codes as CASARRAY_ERROR errors
 *
 * Private to libcasarray.  One place decides which CasarrayError an LDAP
 * result code becomes, so that every operation of the LDAP backend reports
 * failures the same way, with the code, its text and the server's
 * diagnostic message.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What was being done when the code came back: the same code means
 * different things to different operations (constraintViolation is a lost
 * compare-and-set for a modify, an ordinary failure for an add). */
typedef enum {
  CASARRAY_LDAP_OP_CONNECT,
  CASARRAY_LDAP_OP_BIND,
  CASARRAY_LDAP_OP_SEARCH,
  CASARRAY_LDAP_OP_ADD,
  CASARRAY_LDAP_OP_MODIFY,
  CASARRAY_LDAP_OP_DELETE,
  CASARRAY_LDAP_OP_RENAME,
} CasarrayLdapOp;

/* "LDAP error 68 (Already exists) adding CN=x,...: <diagnostic>".
 * @what says what was being done ("adding CN=x,..."); @diagnostic may be
 * NULL or empty.  Neither may contain a credential. */
GError  *casarray_ldap_error_new           (CasarrayLdapOp  op,
                                            int             ldap_code,
                                            const char     *diagnostic,
                                            const char     *what);

/* TRUE when @ldap_code means the connection itself is gone, so the handle
 * must be dropped and the operation may be retried on a new one. */
gboolean casarray_ldap_code_is_connection_lost (int         ldap_code);

G_END_DECLS
