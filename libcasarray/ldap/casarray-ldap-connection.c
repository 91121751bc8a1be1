/* casarray-ldap-connection.c: connecting, reconnecting, and running an operation on the connection
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldap-private.h"

#include "casarray/casarray-error.h"

gboolean
casarray_ldap_uri_has_scheme (const char *uri,
                              const char *scheme)
{
  return g_ascii_strncasecmp (uri, scheme, strlen (scheme)) == 0;
}

/* ldap_initialize accepts a space- or comma-separated list of URIs; each
 * must be one of the three schemes we support (it would also take cldap://
 * and others). */
static gboolean
check_uri (const char  *uri,
           GError     **error)
{
  g_auto(GStrv) uris = g_strsplit_set (uri, " ,", -1);
  guint n_uris = 0;

  for (guint i = 0; uris[i] != NULL; i++)
    {
      if (uris[i][0] == '\0')
        continue;
      if (!casarray_ldap_uri_has_scheme (uris[i], "ldap://") &&
          !casarray_ldap_uri_has_scheme (uris[i], "ldaps://") &&
          !casarray_ldap_uri_has_scheme (uris[i], "ldapi://"))
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "Unsupported directory URI “%s”: use ldap://, ldaps:// or ldapi://",
                       uris[i]);
          return FALSE;
        }
      n_uris++;
    }
  if (n_uris == 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "Unsupported directory URI “%s”: use ldap://, ldaps:// or ldapi://",
                   uri);
      return FALSE;
    }
  return TRUE;
}

static gboolean
any_uri_has_scheme (const char *uri,
                    const char *scheme)
{
  g_auto(GStrv) uris = g_strsplit_set (uri, " ,", -1);

  for (guint i = 0; uris[i] != NULL; i++)
    if (casarray_ldap_uri_has_scheme (uris[i], scheme))
      return TRUE;
  return FALSE;
}

gboolean
casarray_ldap_uses_tls (CasarrayLdapBackend *self)
{
  return self->start_tls || any_uri_has_scheme (self->uri, "ldaps://");
}

gboolean
casarray_ldap_set_option (LDAP        *ld,
                          int          option,
                          const void  *value,
                          const char  *description,
                          GError     **error)
{
  char *diagnostic = NULL;

  if (ldap_set_option (ld, option, value) == LDAP_OPT_SUCCESS)
    return TRUE;

  ldap_get_option (ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic);
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
               "Cannot set up the LDAP connection (%s)%s%s", description,
               diagnostic != NULL ? ": " : "", diagnostic != NULL ? diagnostic : "");
  ldap_memfree (diagnostic);
  return FALSE;
}

/* TLS options go on the handle, never in libldap's global defaults, and
 * only take effect once a new TLS context is made from them. */
static gboolean
configure_tls (CasarrayLdapBackend  *self,
               LDAP                 *ld,
               GError              **error)
{
  int require_cert = self->tls_verify ? LDAP_OPT_X_TLS_DEMAND : LDAP_OPT_X_TLS_NEVER;
  int is_server = 0;

  if (!casarray_ldap_set_option (ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &require_cert,
                                 "TLS certificate verification", error))
    return FALSE;
  if (self->tls_ca_file != NULL &&
      !casarray_ldap_set_option (ld, LDAP_OPT_X_TLS_CACERTFILE, self->tls_ca_file,
                                 "TLS CA certificate file", error))
    return FALSE;
  /* see casarray-ldap-tls-timeout.c */
  if (!casarray_ldap_set_option (ld, LDAP_OPT_X_TLS_CONNECT_CB,
                                 (void *) casarray_ldap_handshake_started,
                                 "TLS handshake timeout", error) ||
      !casarray_ldap_set_option (ld, LDAP_OPT_X_TLS_CONNECT_ARG, &self->handshake,
                                 "TLS handshake timeout", error))
    return FALSE;
  return casarray_ldap_set_option (ld, LDAP_OPT_X_TLS_NEWCTX, &is_server, "TLS context", error);
}

static gboolean
configure_handle (CasarrayLdapBackend  *self,
                  LDAP                 *ld,
                  GError              **error)
{
  int version = LDAP_VERSION3;
  struct timeval network_timeout = casarray_ldap_ms_to_timeval (self->network_timeout_ms);
  struct timeval operation_timeout = casarray_ldap_ms_to_timeval (self->operation_timeout_ms);

  if (!casarray_ldap_set_option (ld, LDAP_OPT_PROTOCOL_VERSION, &version, "protocol version",
                                 error) ||
      !casarray_ldap_set_option (ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF, "referrals", error) ||
      /* bounds the TCP connection; the TLS handshake is bounded by us */
      !casarray_ldap_set_option (ld, LDAP_OPT_NETWORK_TIMEOUT, &network_timeout,
                                 "network timeout", error) ||
      /* every request is waited for by casarray_ldap_wait_for_result(); this bounds
       * any synchronous call libldap might make on its own */
      !casarray_ldap_set_option (ld, LDAP_OPT_TIMEOUT, &operation_timeout,
                                 "operation timeout", error))
    return FALSE;

  return !casarray_ldap_uses_tls (self) || configure_tls (self, ld, error);
}

/* Reports a failed connection or TLS handshake (@rc from libldap, or -1):
 * a timeout or cancellation of the handshake as such, anything else as
 * libldap saw it. */
static int
fail_connecting (CasarrayLdapBackend  *self,
                 LDAP                 *ld,
                 int                   rc,
                 const char           *what,
                 GError              **error)
{
  if (self->handshake.cancelled)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   "The TLS handshake with %s was cancelled", self->uri);
      return LDAP_USER_CANCELLED;
    }
  if (self->handshake.timed_out)
    {
      g_autofree char *diagnostic =
        g_strdup_printf ("no answer to the TLS handshake within %u ms (the network timeout)",
                         self->handshake.timeout_ms);

      g_propagate_error (error, casarray_ldap_error_new (CASARRAY_LDAP_OP_CONNECT, LDAP_TIMEOUT,
                                                         diagnostic, what));
      return LDAP_TIMEOUT;
    }
  return casarray_ldap_fail_from_handle (ld, CASARRAY_LDAP_OP_CONNECT,
                                         rc > 0 || rc < -1 ? rc : casarray_ldap_handle_result_code (ld),
                                         what, error);
}

/* Opens the TCP connection, and for ldaps:// runs the TLS handshake, both
 * bounded by the network timeout. */
static int
open_connection (CasarrayLdapBackend  *self,
                 LDAP                 *ld,
                 GCancellable         *cancellable,
                 GError              **error)
{
  g_autofree char *what = g_strdup_printf ("connecting to %s", self->uri);
  int rc;

  casarray_ldap_handshake_clock_reset (&self->handshake, cancellable);
  rc = ldap_connect (ld);
  casarray_ldap_handshake_clock_disarm (&self->handshake);
  self->handshake.cancellable = NULL;

  if (rc != LDAP_SUCCESS)
    return fail_connecting (self, ld, rc, what, error);
  return LDAP_SUCCESS;
}

/* StartTLS: the extended operation, waited for like any request, then the
 * handshake, bounded like that of ldaps://. */
static int
start_tls (CasarrayLdapBackend  *self,
           LDAP                 *ld,
           GCancellable         *cancellable,
           GError              **error)
{
  g_autofree char *what = g_strdup_printf ("starting TLS on %s", self->uri);
  g_autoptr(LDAPMessage) result = NULL;
  int msgid = -1;
  int rc;

  rc = ldap_start_tls (ld, NULL, NULL, &msgid);
  if (rc != LDAP_SUCCESS)
    return casarray_ldap_fail_from_handle (ld, CASARRAY_LDAP_OP_CONNECT, rc, what, error);
  rc = casarray_ldap_wait_for_result (self, ld, msgid, CASARRAY_LDAP_OP_CONNECT, what, cancellable,
                                      &result, error);
  if (rc != LDAP_SUCCESS)
    return rc;
  rc = casarray_ldap_check_result (ld, result, CASARRAY_LDAP_OP_CONNECT, what, LDAP_SUCCESS,
                                   NULL, error);
  if (rc != LDAP_SUCCESS)
    return rc;

  casarray_ldap_handshake_clock_reset (&self->handshake, cancellable);
  rc = ldap_install_tls (ld);
  casarray_ldap_handshake_clock_disarm (&self->handshake);
  self->handshake.cancellable = NULL;

  if (rc != LDAP_SUCCESS)
    return fail_connecting (self, ld, rc, what, error);
  return LDAP_SUCCESS;
}

/* libldap reports a refused certificate as a bare connect error whose
 * diagnostic says nothing ("(unknown error code)"); say what to check. */
static void
add_tls_hint (CasarrayLdapBackend  *self,
              GError              **error)
{
  char *message;

  if (error == NULL || *error == NULL || !casarray_ldap_uses_tls (self) ||
      !g_error_matches (*error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION))
    return;
  message = g_strdup_printf ("%s (if the server is up, the TLS handshake failed: check "
                             "that its certificate is trusted, via the CA file, and "
                             "names the host in the URI)", (*error)->message);
  g_free ((*error)->message);
  (*error)->message = message;
}

/* Creates, configures and binds a new handle into self->ld. */
static gboolean
connect_locked (CasarrayLdapBackend  *self,
                GCancellable         *cancellable,
                GError              **error)
{
  LDAP *ld = NULL;
  int rc;

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !check_uri (self->uri, error))
    return FALSE;

  rc = ldap_initialize (&ld, self->uri);
  if (rc != LDAP_SUCCESS)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "Unusable directory URI “%s”: LDAP error %d (%s)",
                   self->uri, rc, ldap_err2string (rc));
      return FALSE;
    }

  if (!configure_handle (self, ld, error) ||
      open_connection (self, ld, cancellable, error) != LDAP_SUCCESS ||
      (self->start_tls && start_tls (self, ld, cancellable, error) != LDAP_SUCCESS) ||
      casarray_ldap_bind_handle (self, ld, cancellable, error) != LDAP_SUCCESS)
    {
      add_tls_hint (self, error);
      ldap_unbind_ext (ld, NULL, NULL);
      return FALSE;
    }

  self->ld = ld;
  return TRUE;
}

gboolean
casarray_ldap_ensure_connected_locked (CasarrayLdapBackend  *self,
                                       GCancellable         *cancellable,
                                       GError              **error)
{
  return self->ld != NULL || connect_locked (self, cancellable, error);
}

/* libldap never reconnects: once the connection is gone, every call on
 * the handle fails.  Dropping it makes the next operation connect anew. */
void
casarray_ldap_drop_connection_locked (CasarrayLdapBackend *self)
{
  if (self->ld == NULL)
    return;
  ldap_unbind_ext (self->ld, NULL, NULL);
  self->ld = NULL;
}

/* Runs @operation, reconnecting and retrying it once if the connection
 * turns out to be gone.
 *
 * Retrying writes is safe here even though the first attempt may have
 * reached the server before the connection broke: every write the model
 * makes either is idempotent or fails visibly when repeated.  Modifies
 * are compare-and-set (the DELETE of the old value fails with CONFLICT if
 * the first attempt already applied) or REPLACE of the same values; an
 * add of an entry that now exists fails with ALREADY_EXISTS rather than
 * making a duplicate; a repeated delete or rename fails with NOT_FOUND.
 * Nothing is ever applied twice. */
static gboolean
run_operation_locked (CasarrayLdapBackend    *self,
                      CasarrayLdapOperation   operation,
                      gpointer                data,
                      GCancellable           *cancellable,
                      GError                **error)
{
  g_autoptr(GError) first_error = NULL;
  int rc;

  if (!casarray_ldap_ensure_connected_locked (self, cancellable, error))
    return FALSE;

  rc = operation (self, self->ld, data, cancellable, &first_error);
  if (rc == LDAP_SUCCESS)
    return TRUE;
  if (!casarray_ldap_code_is_connection_lost (rc))
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }

  g_debug ("Connection to %s lost (%s); reconnecting once", self->uri,
           first_error->message);
  casarray_ldap_drop_connection_locked (self);
  if (!casarray_ldap_ensure_connected_locked (self, cancellable, error))
    return FALSE;

  rc = operation (self, self->ld, data, cancellable, error);
  if (casarray_ldap_code_is_connection_lost (rc))
    casarray_ldap_drop_connection_locked (self);
  return rc == LDAP_SUCCESS;
}

gboolean
casarray_ldap_run_operation (CasarrayLdapBackend    *self,
                             CasarrayLdapOperation   operation,
                             gpointer                data,
                             GCancellable           *cancellable,
                             GError                **error)
{
  CasarrayLdapSigpipeGuard guard;
  gboolean ok;

  casarray_ldap_session_begin (self, &guard);
  ok = run_operation_locked (self, operation, data, cancellable, error);
  casarray_ldap_session_end (self, &guard);
  return ok;
}
