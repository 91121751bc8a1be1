/* casarray-ldap-connection.c: connecting, reconnecting, and running an
 * operation on the connection
 *
 * Failover.  The URI may be a list, "ldap://dc1 ldap://dc2" (spaces or
 * commas), as ldap_initialize() takes it.  libldap walks such a list only
 * while opening the TCP connection: it goes on to the next URI when
 * connect() is refused or runs out of the network timeout, and nowhere
 * else.  A server that takes the connection and then does not answer (a
 * stopped or hung slapd, a full listen backlog), fails the TLS handshake,
 * or answers "unavailable" or "busy" stays the chosen one, and connecting
 * fails (checked with libldap 2.5: the list "stopped-slapd ldap://up" never
 * reaches "up").  So each URI of the list gets a handle of its own, tried
 * in order until one is connected, has TLS and is bound; the first that is
 * becomes the connection, and the URI is known exactly.
 *
 * Going on to the next server is for failures of the server or the path to
 * it, before or during the bind: no connection, a TLS handshake or StartTLS
 * that fails or times out, a bind that gets no answer, or "unavailable",
 * "busy".  A refused bind (wrong password, no Kerberos ticket, an unknown
 * mechanism) and cancellation end the attempt at once: the accounts are
 * the same on every replica, and trying each would only multiply failed
 * logons (and lock the account sooner on AD).
 *
 * Every new connection, first or after a lost one, walks the list from
 * its start, so a server that is back is used again by the next
 * connection; a working connection to a later server is kept (no
 * fail-back while it works).
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

/* The URIs of a space- or comma-separated list, in order, as
 * ldap_initialize() reads one. */
char **
casarray_ldap_split_uris (const char *uri)
{
  g_auto(GStrv) parts = g_strsplit_set (uri, " ,", -1);
  g_autoptr(GStrvBuilder) uris = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_strv_builder_add (uris, parts[i]);
  return g_strv_builder_end (uris);
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

/* For the server being connected to, once there is one. */
gboolean
casarray_ldap_uses_tls (CasarrayLdapBackend *self)
{
  if (self->start_tls)
    return TRUE;
  if (self->server != NULL)
    return casarray_ldap_uri_has_scheme (self->server, "ldaps://");
  return any_uri_has_scheme (self->uri, "ldaps://");
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
                   "The TLS handshake with %s was cancelled", self->server);
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
  g_autofree char *what = g_strdup_printf ("connecting to %s", self->server);
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
  g_autofree char *what = g_strdup_printf ("starting TLS on %s", self->server);
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

typedef enum {
  ATTEMPT_CONNECTED,
  ATTEMPT_NEXT_SERVER,  /* this server failed: another one may not */
  ATTEMPT_STOP,         /* refused or cancelled: the same everywhere */
} Attempt;

/* Failures of a bind that say nothing about the account: the server is
 * gone, does not answer, or will not serve now. */
static gboolean
is_server_failure (int ldap_code)
{
  return casarray_ldap_code_is_connection_lost (ldap_code) ||
         ldap_code == LDAP_TIMEOUT ||
         ldap_code == LDAP_UNAVAILABLE ||
         ldap_code == LDAP_BUSY;
}

/* Creates, configures, connects and binds a handle for @server (one URI
 * of the list) into self->ld. */
static Attempt
connect_server (CasarrayLdapBackend  *self,
                const char           *server,
                GCancellable         *cancellable,
                GError              **error)
{
  LDAP *ld = NULL;
  int rc;

  self->server = server;
  rc = ldap_initialize (&ld, server);
  if (rc != LDAP_SUCCESS)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "Unusable directory URI “%s”: LDAP error %d (%s)",
                   server, rc, ldap_err2string (rc));
      return ATTEMPT_STOP;
    }
  if (!configure_handle (self, ld, error))
    {
      ldap_unbind_ext (ld, NULL, NULL);
      return ATTEMPT_STOP;
    }

  rc = open_connection (self, ld, cancellable, error);
  if (rc == LDAP_SUCCESS && self->start_tls)
    rc = start_tls (self, ld, cancellable, error);
  if (rc != LDAP_SUCCESS)
    {
      add_tls_hint (self, error);
      ldap_unbind_ext (ld, NULL, NULL);
      return rc == LDAP_USER_CANCELLED ? ATTEMPT_STOP : ATTEMPT_NEXT_SERVER;
    }

  rc = casarray_ldap_bind_handle (self, ld, cancellable, error);
  if (rc != LDAP_SUCCESS)
    {
      add_tls_hint (self, error);
      ldap_unbind_ext (ld, NULL, NULL);
      return is_server_failure (rc) ? ATTEMPT_NEXT_SERVER : ATTEMPT_STOP;
    }

  self->ld = ld;
  g_mutex_lock (&self->status_lock);
  g_free (self->connected_uri);
  self->connected_uri = g_strdup (server);
  g_mutex_unlock (&self->status_lock);
  return ATTEMPT_CONNECTED;
}

/* Connects to the first server of the list that answers (see the top of
 * this file).  When every one fails, the error is that of the last, with
 * what the others said before it. */
static gboolean
connect_locked (CasarrayLdapBackend  *self,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autoptr(GString) earlier = g_string_new (NULL);
  guint n_uris;

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !check_uri (self->uri, error))
    return FALSE;
  n_uris = g_strv_length (self->uris);

  for (guint i = 0; i < n_uris; i++)
    {
      g_autoptr(GError) local_error = NULL;
      Attempt attempt;

      if (i > 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      attempt = connect_server (self, self->uris[i], cancellable, &local_error);
      if (attempt == ATTEMPT_CONNECTED)
        {
          if (i > 0)
            g_info ("Connected to %s, server %u of %u (the earlier did not answer)",
                    self->uris[i], i + 1, n_uris);
          else
            g_info ("Connected to %s", self->uris[i]);
          return TRUE;
        }
      if (attempt == ATTEMPT_STOP || i + 1 == n_uris)
        {
          if (attempt == ATTEMPT_NEXT_SERVER && earlier->len > 0)
            g_prefix_error (&local_error, "None of the %u directory servers answered: %s; ",
                            n_uris, earlier->str);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      g_info ("%s; trying %s", local_error->message, self->uris[i + 1]);
      g_string_append_printf (earlier, "%s%s", earlier->len > 0 ? "; " : "",
                              local_error->message);
    }
  g_return_val_if_reached (FALSE);
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
 * Nothing is ever applied twice.
 *
 * A request the server did not answer within the operation timeout fails
 * without a retry (its time is spent), and the connection is dropped: a
 * server that took the connection and went silent (stopped, hung) would
 * otherwise keep it, and every later call would wait for it in turn; the
 * next call connects again, failing over to the next server of the list. */
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
  if (rc == LDAP_TIMEOUT)
    {
      g_info ("No answer from %s (%s); the next call connects again", self->server,
              first_error->message);
      casarray_ldap_drop_connection_locked (self);
    }
  if (!casarray_ldap_code_is_connection_lost (rc))
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }

  g_info ("Connection to %s lost (%s); reconnecting once", self->server,
          first_error->message);
  casarray_ldap_drop_connection_locked (self);
  if (!casarray_ldap_ensure_connected_locked (self, cancellable, error))
    return FALSE;

  rc = operation (self, self->ld, data, cancellable, error);
  if (casarray_ldap_code_is_connection_lost (rc) || rc == LDAP_TIMEOUT)
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
