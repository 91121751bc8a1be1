/* casarray-ldap-backend.h: the CasarrayBackend that talks LDAP via libldap
 *
 * Private to libcasarray.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "backend/casarray-backend.h"

G_BEGIN_DECLS

/* Returns a newly allocated password (the backend wipes and frees it right
 * after the bind), or NULL with @error set. */
typedef char *(*CasarrayLdapPasswordFunc) (gpointer   user_data,
                                           GError   **error);

/* Where the password of a simple bind comes from: a file, read at each
 * bind, or a function.  Reference counted and immutable, so a backend keeps
 * the one it was made with, safely, while the directory handle replaces
 * its own from another thread; a function's user data is destroyed with
 * the last reference, in whichever thread drops it. */
typedef struct _CasarrayLdapPassword CasarrayLdapPassword;

CasarrayLdapPassword *casarray_ldap_password_new_file (const char               *path);
CasarrayLdapPassword *casarray_ldap_password_new_func (CasarrayLdapPasswordFunc  func,
                                                       gpointer                  user_data,
                                                       GDestroyNotify            destroy);
CasarrayLdapPassword *casarray_ldap_password_ref      (CasarrayLdapPassword     *self);
void                  casarray_ldap_password_unref    (CasarrayLdapPassword     *self);
/* The password, newly allocated (wipe it after use), or NULL with @error:
 * CASARRAY_ERROR_AUTHENTICATION when the file cannot be read, holds a NUL
 * byte or nothing, or the function fails.  A file readable by group or
 * others is used, with a warning (once per file and process). */
char                 *casarray_ldap_password_read     (CasarrayLdapPassword     *self,
                                                       GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasarrayLdapPassword, casarray_ldap_password_unref)

typedef struct {
  const char              *uri;               /* ldap://, ldaps:// or ldapi:// */
  const char              *bind_dn;           /* NULL: SASL EXTERNAL on ldapi://, anonymous elsewhere */
  const char              *sasl_mechanism;    /* "GSSAPI" or "EXTERNAL"; NULL: simple bind (as above) */
  const char              *sasl_authz_id;     /* SASL authorization identity; NULL: the authenticated one */
  CasarrayLdapPassword    *password;          /* required when bind_dn is set; the backend keeps a reference */
  gboolean                 start_tls;         /* StartTLS on ldap:// */
  const char              *tls_ca_file;       /* NULL: system trust store */
  gboolean                 tls_verify;        /* TRUE unless the caller turned verification off */
  guint                    network_timeout_ms;   /* 0: 6000 */
  guint                    operation_timeout_ms; /* 0: 8000 */
  const char              *configuration_dn;  /* NULL: found from the rootDSE */
} CasarrayLdapSettings;

#define CASARRAY_TYPE_LDAP_BACKEND (casarray_ldap_backend_get_type ())
G_DECLARE_FINAL_TYPE (CasarrayLdapBackend, casarray_ldap_backend, CASARRAY, LDAP_BACKEND, GObject)

/* Copies @settings; connects lazily on the first call. */
CasarrayBackend *casarray_ldap_backend_new (const CasarrayLdapSettings *settings);

G_END_DECLS
