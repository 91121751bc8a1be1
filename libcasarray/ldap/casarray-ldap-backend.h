/* casarray-ldap-backend.h: the CasarrayBackend that talks LDAP via libldap
 *
 * Private to libcasarray.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "casarray-backend.h"

G_BEGIN_DECLS

/* Returns a newly allocated password (the backend wipes and frees it right
 * after the bind), or NULL with @error set. */
typedef char *(*CasarrayLdapPasswordFunc) (gpointer   user_data,
                                           GError   **error);

typedef struct {
  const char              *uri;               /* ldap://, ldaps:// or ldapi:// */
  const char              *bind_dn;           /* NULL: SASL EXTERNAL on ldapi://, anonymous elsewhere */
  CasarrayLdapPasswordFunc password_func;     /* required when bind_dn is set */
  gpointer                 password_data;     /* must outlive the backend */
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
