/* casarray-ldap-backend.c: the CasarrayBackend that talks LDAP via libldap
 *
 * One LDAP connection per backend, opened lazily.  Every operation holds
 * the backend's mutex for its whole duration: requests are short, and one
 * thread at a time on the handle keeps reconnection (which replaces the
 * handle) and libldap's per-handle error state simple and correct.
 *
 * Replies are collected with ldap_result() in slices of WAIT_SLICE_US so
 * that a GCancellable is honoured (the request is then abandoned) and the
 * operation timeout is enforced on the client side.
 *
 * This file is the object: its construction from a copy of the settings,
 * and the table of methods, each of which lives in the file of its job
 * (listed in casarray-ldap-private.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldap-private.h"

static void casarray_ldap_backend_iface_init (CasarrayBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CasarrayLdapBackend, casarray_ldap_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CASARRAY_TYPE_BACKEND,
                                                      casarray_ldap_backend_iface_init))

/* The account to name when a read right is missing: the SASL
 * authorization identity asked for, else whom a SASL bind authenticated
 * (a Kerberos principal, copied by the bind), else the bind DN (settings
 * never change after construction).  Never waits behind an operation. */
static char *
casarray_ldap_backend_dup_account (CasarrayBackend *backend)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  char *account = NULL;

  if (self->sasl_mechanism != NULL)
    {
      if (self->sasl_authz_id != NULL && *self->sasl_authz_id != '\0')
        return g_strdup (self->sasl_authz_id);
      g_mutex_lock (&self->status_lock);
      account = g_strdup (self->sasl_user);
      g_mutex_unlock (&self->status_lock);
      return account;
    }
  return self->bind_dn != NULL && *self->bind_dn != '\0' ? g_strdup (self->bind_dn) : NULL;
}

/* Which server answered: the URI of the last successful bind.  Never
 * waits behind an operation. */
char *
casarray_ldap_backend_dup_connected_uri (CasarrayBackend *backend)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  char *uri;

  g_mutex_lock (&self->status_lock);
  uri = g_strdup (self->connected_uri);
  g_mutex_unlock (&self->status_lock);
  return uri;
}

static gboolean
casarray_ldap_backend_open (CasarrayBackend  *backend,
                            GCancellable     *cancellable,
                            GError          **error)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  CasarrayLdapSigpipeGuard guard;
  gboolean ok;

  casarray_ldap_session_begin (self, &guard);
  ok = casarray_ldap_ensure_connected_locked (self, cancellable, error);
  casarray_ldap_session_end (self, &guard);
  return ok;
}

static void
casarray_ldap_backend_finalize (GObject *object)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (object);
  CasarrayLdapSigpipeGuard guard;

  /* The unbind request is written to a socket the server may have closed. */
  casarray_ldap_sigpipe_guard_enter (&guard);
  casarray_ldap_drop_connection_locked (self);
  casarray_ldap_sigpipe_guard_leave (&guard);

  g_free (self->uri);
  g_strfreev (self->uris);
  g_free (self->bind_dn);
  g_clear_pointer (&self->password, casarray_ldap_password_unref);
  g_free (self->sasl_mechanism);
  g_free (self->sasl_authz_id);
  g_free (self->sasl_user);
  g_free (self->connected_uri);
  g_free (self->tls_ca_file);
  g_free (self->configuration_dn);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->status_lock);

  G_OBJECT_CLASS (casarray_ldap_backend_parent_class)->finalize (object);
}

static void
casarray_ldap_backend_class_init (CasarrayLdapBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = casarray_ldap_backend_finalize;
}

static void
casarray_ldap_backend_init (CasarrayLdapBackend *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->status_lock);
}

static void
casarray_ldap_backend_iface_init (CasarrayBackendInterface *iface)
{
  iface->open = casarray_ldap_backend_open;
  iface->find_configuration_dn = casarray_ldap_backend_find_configuration_dn;
  iface->search = casarray_ldap_backend_search;
  iface->add = casarray_ldap_backend_add;
  iface->modify = casarray_ldap_backend_modify;
  iface->remove = casarray_ldap_backend_remove;
  iface->rename = casarray_ldap_backend_rename;
  iface->modify_many = casarray_ldap_backend_modify_many;
  iface->dup_account = casarray_ldap_backend_dup_account;
  iface->dup_connected_uri = casarray_ldap_backend_dup_connected_uri;
}

CasarrayBackend *
casarray_ldap_backend_new (const CasarrayLdapSettings *settings)
{
  CasarrayLdapBackend *self;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (settings->uri != NULL, NULL);

  self = g_object_new (CASARRAY_TYPE_LDAP_BACKEND, NULL);
  self->uri = g_strdup (settings->uri);
  self->uris = casarray_ldap_split_uris (settings->uri);
  self->bind_dn = g_strdup (settings->bind_dn);
  self->password = settings->password != NULL ? casarray_ldap_password_ref (settings->password) : NULL;
  self->sasl_mechanism = g_strdup (settings->sasl_mechanism);
  self->sasl_authz_id = g_strdup (settings->sasl_authz_id);
  self->start_tls = settings->start_tls;
  self->tls_ca_file = g_strdup (settings->tls_ca_file);
  self->tls_verify = settings->tls_verify;
  self->network_timeout_ms = settings->network_timeout_ms != 0
                             ? settings->network_timeout_ms : DEFAULT_NETWORK_TIMEOUT_MS;
  self->operation_timeout_ms = settings->operation_timeout_ms != 0
                               ? settings->operation_timeout_ms : DEFAULT_OPERATION_TIMEOUT_MS;
  self->configuration_dn = g_strdup (settings->configuration_dn);
  self->handshake.timeout_ms = self->network_timeout_ms;

  return CASARRAY_BACKEND (self);
}

