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
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldap-backend.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <ldap.h>
#include <sasl/sasl.h>

#include "casarray/casarray-error.h"
#include "backend/casarray-dn.h"
#include "casarray-ldap-error.h"
#include "casarray-ldap-filter.h"
#include "backend/casarray-syntax.h"

#define DEFAULT_NETWORK_TIMEOUT_MS   6000
#define DEFAULT_OPERATION_TIMEOUT_MS 8000
/* RFC 2696 page size; AD never returns more than 1,000 per page anyway. */
#define PAGE_SIZE                    1000
/* Modifies in flight at once in modify_many. */
#define MAX_IN_FLIGHT                32
/* How long one ldap_result() call may block before the cancellable and
 * the deadline are looked at again. */
#define WAIT_SLICE_US                100000

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LDAPMessage, ldap_msgfree)

/* The clock of a TLS handshake; see "Bounding the TLS handshake". */
typedef struct {
  guint         timeout_ms;   /* the network timeout */
  gint64        deadline;     /* monotonic time; 0 when disarmed */
  GCancellable *cancellable;  /* borrowed while connecting, else NULL */
  gboolean      timed_out;    /* the last handshake ran out of time */
  gboolean      cancelled;    /* the last handshake was cancelled */
} HandshakeClock;

struct _CasarrayLdapBackend
{
  GObject parent_instance;

  /* Settings, copied at construction and never changed. */
  char                    *uri;
  char                    *bind_dn;
  CasarrayLdapPassword    *password;
  char                    *sasl_mechanism;
  char                    *sasl_authz_id;
  gboolean                 start_tls;
  char                    *tls_ca_file;
  gboolean                 tls_verify;
  guint                    network_timeout_ms;
  guint                    operation_timeout_ms;
  char                    *configuration_dn;

  /* Held for the whole of every operation; guards @ld and @handshake. */
  GMutex                   lock;
  /* NULL until connected, and again once the connection is lost. */
  LDAP                    *ld;
  /* Who a SASL bind authenticated as (GSSAPI: the ticket's principal),
   * for messages; under @lock, set by each bind. */
  char                    *sasl_user;
  /* Shared by the handshakes of every handle this backend makes: there is
   * at most one handle at a time, and the backend outlives it. */
  HandshakeClock           handshake;
};

static void casarray_ldap_backend_iface_init (CasarrayBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CasarrayLdapBackend, casarray_ldap_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CASARRAY_TYPE_BACKEND,
                                                      casarray_ldap_backend_iface_init))

/* An operation run on a connected handle.  Returns LDAP_SUCCESS, or the
 * LDAP result code that made it fail with @error set (LDAP_USER_CANCELLED
 * when cancelled, LDAP_PARAM_ERROR for a bad argument). */
typedef int (*Operation) (CasarrayLdapBackend *self,
                          LDAP                *ld,
                          gpointer             data,
                          GCancellable        *cancellable,
                          GError             **error);

/* ---------------------------------------------------------------------- */
/* SIGPIPE                                                                */

/* libldap writes to its socket with write(2), so a request sent on a
 * connection the server has closed raises SIGPIPE, whose default action
 * kills the process.  Ignoring SIGPIPE process-wide is the application's
 * decision, not a library's; instead the signal is blocked in this thread
 * while libldap runs, and one raised meanwhile is consumed before the mask
 * is restored (the technique libpq uses). */
typedef struct {
  sigset_t saved_mask;
  gboolean was_pending;
} SigpipeGuard;

static void
sigpipe_guard_enter (SigpipeGuard *guard)
{
  sigset_t sigpipe_only, pending;

  sigemptyset (&sigpipe_only);
  sigaddset (&sigpipe_only, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &sigpipe_only, &guard->saved_mask);
  sigpending (&pending);
  guard->was_pending = sigismember (&pending, SIGPIPE);
}

static void
sigpipe_guard_leave (SigpipeGuard *guard)
{
  sigset_t sigpipe_only, pending;
  const struct timespec no_wait = { 0, 0 };

  sigemptyset (&sigpipe_only);
  sigaddset (&sigpipe_only, SIGPIPE);
  sigpending (&pending);
  /* A SIGPIPE pending before we started is someone else's: leave it. */
  if (!guard->was_pending && sigismember (&pending, SIGPIPE))
    while (sigtimedwait (&sigpipe_only, NULL, &no_wait) < 0 && errno == EINTR)
      ;
  pthread_sigmask (SIG_SETMASK, &guard->saved_mask, NULL);
}

/* Everything done with the handle happens between session_begin and
 * session_end. */
static void
session_begin (CasarrayLdapBackend *self,
               SigpipeGuard        *guard)
{
  g_mutex_lock (&self->lock);
  sigpipe_guard_enter (guard);
}

static void
session_end (CasarrayLdapBackend *self,
             SigpipeGuard        *guard)
{
  sigpipe_guard_leave (guard);
  g_mutex_unlock (&self->lock);
}

/* ---------------------------------------------------------------------- */
/* Errors and replies                                                     */

/* Sets @error from a failure libldap reported without a reply message
 * (the request could not be sent, or the connection broke); the handle
 * then holds the diagnostic.  Returns @ldap_code. */
static int
fail_from_handle (LDAP            *ld,
                  CasarrayLdapOp   op,
                  int              ldap_code,
                  const char      *what,
                  GError         **error)
{
  char *diagnostic = NULL;

  ldap_get_option (ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic);
  g_propagate_error (error, casarray_ldap_error_new (op, ldap_code, diagnostic, what));
  ldap_memfree (diagnostic);
  return ldap_code;
}

/* The code of the last failure on @ld, for calls that return only -1. */
static int
handle_result_code (LDAP *ld)
{
  int code = LDAP_SUCCESS;

  ldap_get_option (ld, LDAP_OPT_RESULT_CODE, &code);
  return code != LDAP_SUCCESS ? code : LDAP_SERVER_DOWN;
}

/* Reads the result code of the reply @result; sets @error unless it is
 * LDAP_SUCCESS or @tolerated.  @controls (nullable) receives the reply's
 * controls, to free with ldap_controls_free. */
static int
check_result (LDAP             *ld,
              LDAPMessage      *result,
              CasarrayLdapOp    op,
              const char       *what,
              int               tolerated,
              LDAPControl    ***controls,
              GError          **error)
{
  int code = LDAP_OTHER;
  char *diagnostic = NULL;
  int rc;

  rc = ldap_parse_result (ld, result, &code, NULL, &diagnostic, NULL, controls, 0);
  if (rc != LDAP_SUCCESS)
    code = rc;
  if (code != LDAP_SUCCESS && code != tolerated)
    g_propagate_error (error, casarray_ldap_error_new (op, code, diagnostic, what));
  ldap_memfree (diagnostic);
  return code;
}

static struct timeval
ms_to_timeval (guint ms)
{
  struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

  return tv;
}

/* Waits for the complete reply to @msgid (for a search: every entry and
 * the final result), checking @cancellable between slices.  Cancellation
 * and the operation timeout abandon the request. */
static int
wait_for_result (CasarrayLdapBackend  *self,
                 LDAP                 *ld,
                 int                   msgid,
                 CasarrayLdapOp        op,
                 const char           *what,
                 GCancellable         *cancellable,
                 LDAPMessage         **result,
                 GError              **error)
{
  gint64 deadline = g_get_monotonic_time () +
                    (gint64) self->operation_timeout_ms * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      struct timeval slice = { 0, WAIT_SLICE_US };
      LDAPMessage *message = NULL;
      int rc = ldap_result (ld, msgid, LDAP_MSG_ALL, &slice, &message);

      if (rc > 0)
        {
          *result = message;
          return LDAP_SUCCESS;
        }
      if (rc < 0)
        return fail_from_handle (ld, op, handle_result_code (ld), what, error);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ldap_abandon_ext (ld, msgid, NULL, NULL);
          return LDAP_USER_CANCELLED;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          g_autofree char *diagnostic =
            g_strdup_printf ("no answer within %u ms", self->operation_timeout_ms);

          ldap_abandon_ext (ld, msgid, NULL, NULL);
          g_propagate_error (error, casarray_ldap_error_new (op, LDAP_TIMEOUT, diagnostic, what));
          return LDAP_TIMEOUT;
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Bounding the TLS handshake                                             */

/* libldap 2.5, and 2.6 before 2.6.9 (OpenLDAP ITS#8047), never times out a
 * TLS handshake and spins at 100% CPU while the server does not answer.
 * With a network timeout set, ldap_int_tls_start() switches the socket to
 * non-blocking mode for the handshake, but only waits for the socket (and
 * only looks at the timeout) when LDAP_OPT_CONNECT_ASYNC is on; otherwise
 * it calls the TLS library again at once each time that answers "would
 * block", forever.  LDAP_OPT_CONNECT_ASYNC is no way out: it makes the
 * first requests fail with LDAP_X_CONNECTING until the connection is up,
 * and from 2.6.9 on it returns in the middle of the handshake as well.
 *
 * So the waiting is done one layer down.  When a handshake starts (the
 * LDAP_OPT_X_TLS_CONNECT_CB callback, for ldaps:// and StartTLS alike),
 * an LBER sockbuf I/O layer is pushed between the TCP layer and the TLS
 * layer.  While its clock is armed, a read or write that would block polls
 * the socket (and the cancellable) until the deadline, the network timeout
 * after the handshake started, then fails with ETIMEDOUT, which the TLS
 * library reports as a broken handshake and libldap as a connect error.
 * connect_locked() disarms it as soon as the handshake is over, and from
 * then on it passes everything through unchanged, so ldap_result() waits
 * as before.  A libldap that waits by itself is unaffected: its poll()
 * then finds the socket ready, because this layer has already waited. */

#define HANDSHAKE_LAYER_LEVEL (LBER_SBIOD_LEVEL_PROVIDER + 1)

static void
handshake_clock_arm (HandshakeClock *clock)
{
  clock->deadline = g_get_monotonic_time () +
                    (gint64) clock->timeout_ms * G_TIME_SPAN_MILLISECOND;
  clock->timed_out = FALSE;
  clock->cancelled = FALSE;
}

static void
handshake_clock_disarm (HandshakeClock *clock)
{
  clock->deadline = 0;
}

/* Before a call that may run a handshake: what an earlier handshake of
 * this backend ended with must not be taken for this call's outcome. */
static void
handshake_clock_reset (HandshakeClock *clock,
                       GCancellable   *cancellable)
{
  clock->deadline = 0;
  clock->timed_out = FALSE;
  clock->cancelled = FALSE;
  clock->cancellable = cancellable;
}

/* Waits until @fd is ready for @events.  FALSE with errno set when the
 * deadline passed (ETIMEDOUT) or the cancellable was cancelled (ECANCELED). */
static gboolean
handshake_wait (HandshakeClock *clock,
                int             fd,
                short           events)
{
  GPollFD fds[2] = { { .fd = fd, .events = events } };
  guint n_fds = 1;
  gboolean have_cancel_fd = clock->cancellable != NULL &&
                            g_cancellable_make_pollfd (clock->cancellable, &fds[1]);
  gboolean ready = FALSE;

  if (have_cancel_fd)
    n_fds = 2;

  for (;;)
    {
      gint64 left_us = clock->deadline - g_get_monotonic_time ();
      int rc;

      if (g_cancellable_is_cancelled (clock->cancellable))
        {
          clock->cancelled = TRUE;
          break;
        }
      if (left_us <= 0)
        {
          clock->timed_out = TRUE;
          break;
        }
      rc = g_poll (fds, n_fds, (int) MIN ((left_us + 999) / 1000, G_MAXINT));
      if (rc < 0 && errno != EINTR)
        {
          /* not expected on a valid descriptor; let the read or write
           * that follows report what is wrong with the socket */
          ready = TRUE;
          break;
        }
      if (rc > 0 && fds[0].revents != 0)
        {
          ready = TRUE;
          break;
        }
    }

  if (have_cancel_fd)
    g_cancellable_release_fd (clock->cancellable);
  if (!ready)
    errno = clock->cancelled ? ECANCELED : ETIMEDOUT;
  return ready;
}

static gboolean
would_block (ber_slen_t result)
{
  return result < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

static int
handshake_layer_setup (Sockbuf_IO_Desc *sbiod,
                       void            *arg)
{
  sbiod->sbiod_pvt = arg;
  return 0;
}

static int
handshake_layer_remove (Sockbuf_IO_Desc *sbiod)
{
  /* the clock belongs to the backend */
  sbiod->sbiod_pvt = NULL;
  return 0;
}

static int
handshake_layer_ctrl (Sockbuf_IO_Desc *sbiod,
                      int              option,
                      void            *arg)
{
  return LBER_SBIOD_CTRL_NEXT (sbiod, option, arg);
}

static int
handshake_layer_fd (Sockbuf_IO_Desc *sbiod)
{
  ber_socket_t fd = -1;

  ber_sockbuf_ctrl (sbiod->sbiod_sb, LBER_SB_OPT_GET_FD, &fd);
  return fd;
}

static ber_slen_t
handshake_layer_read (Sockbuf_IO_Desc *sbiod,
                      void            *buffer,
                      ber_len_t        length)
{
  HandshakeClock *clock = sbiod->sbiod_pvt;
  ber_slen_t result;

  while (would_block (result = LBER_SBIOD_READ_NEXT (sbiod, buffer, length)) &&
         clock != NULL && clock->deadline != 0)
    if (!handshake_wait (clock, handshake_layer_fd (sbiod), G_IO_IN))
      return -1;
  return result;
}

static ber_slen_t
handshake_layer_write (Sockbuf_IO_Desc *sbiod,
                       void            *buffer,
                       ber_len_t        length)
{
  HandshakeClock *clock = sbiod->sbiod_pvt;
  ber_slen_t result;

  while (would_block (result = LBER_SBIOD_WRITE_NEXT (sbiod, buffer, length)) &&
         clock != NULL && clock->deadline != 0)
    if (!handshake_wait (clock, handshake_layer_fd (sbiod), G_IO_OUT))
      return -1;
  return result;
}

static Sockbuf_IO handshake_layer = {
  .sbi_setup = handshake_layer_setup,
  .sbi_remove = handshake_layer_remove,
  .sbi_ctrl = handshake_layer_ctrl,
  .sbi_read = handshake_layer_read,
  .sbi_write = handshake_layer_write,
  .sbi_close = NULL,  /* the TCP layer below closes the socket */
};

/* LDAP_OPT_X_TLS_CONNECT_CB: libldap has made the TLS session of a
 * connection and is about to run the handshake on the handle's default
 * connection, whose sockbuf is the handle's. */
static void
handshake_started (LDAP *ld,
                   void *session,
                   void *context,
                   void *arg)
{
  HandshakeClock *clock = arg;
  Sockbuf *sb = NULL;

  if (ldap_get_option (ld, LDAP_OPT_SOCKBUF, &sb) != LDAP_OPT_SUCCESS || sb == NULL)
    {
      g_warning ("Cannot bound the TLS handshake: the LDAP handle has no sockbuf");
      return;
    }
  if (!ber_sockbuf_ctrl (sb, LBER_SB_OPT_HAS_IO, &handshake_layer) &&
      ber_sockbuf_add_io (sb, &handshake_layer, HANDSHAKE_LAYER_LEVEL, clock) != 0)
    {
      g_warning ("Cannot bound the TLS handshake: adding a sockbuf layer failed");
      return;
    }
  handshake_clock_arm (clock);
}

/* ---------------------------------------------------------------------- */
/* Connecting                                                             */

static gboolean
uri_has_scheme (const char *uri,
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
      if (!uri_has_scheme (uris[i], "ldap://") &&
          !uri_has_scheme (uris[i], "ldaps://") &&
          !uri_has_scheme (uris[i], "ldapi://"))
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
    if (uri_has_scheme (uris[i], scheme))
      return TRUE;
  return FALSE;
}

static gboolean
uses_tls (CasarrayLdapBackend *self)
{
  return self->start_tls || any_uri_has_scheme (self->uri, "ldaps://");
}

static gboolean
set_option (LDAP        *ld,
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

  if (!set_option (ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &require_cert,
                   "TLS certificate verification", error))
    return FALSE;
  if (self->tls_ca_file != NULL &&
      !set_option (ld, LDAP_OPT_X_TLS_CACERTFILE, self->tls_ca_file,
                   "TLS CA certificate file", error))
    return FALSE;
  /* see "Bounding the TLS handshake" */
  if (!set_option (ld, LDAP_OPT_X_TLS_CONNECT_CB, (void *) handshake_started,
                   "TLS handshake timeout", error) ||
      !set_option (ld, LDAP_OPT_X_TLS_CONNECT_ARG, &self->handshake,
                   "TLS handshake timeout", error))
    return FALSE;
  return set_option (ld, LDAP_OPT_X_TLS_NEWCTX, &is_server, "TLS context", error);
}

static gboolean
configure_handle (CasarrayLdapBackend  *self,
                  LDAP                 *ld,
                  GError              **error)
{
  int version = LDAP_VERSION3;
  struct timeval network_timeout = ms_to_timeval (self->network_timeout_ms);
  struct timeval operation_timeout = ms_to_timeval (self->operation_timeout_ms);

  if (!set_option (ld, LDAP_OPT_PROTOCOL_VERSION, &version, "protocol version", error) ||
      !set_option (ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF, "referrals", error) ||
      /* bounds the TCP connection; the TLS handshake is bounded by us */
      !set_option (ld, LDAP_OPT_NETWORK_TIMEOUT, &network_timeout, "network timeout", error) ||
      /* every request is waited for by wait_for_result(); this bounds
       * any synchronous call libldap might make on its own */
      !set_option (ld, LDAP_OPT_TIMEOUT, &operation_timeout, "operation timeout", error))
    return FALSE;

  return !uses_tls (self) || configure_tls (self, ld, error);
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
  return fail_from_handle (ld, CASARRAY_LDAP_OP_CONNECT,
                           rc > 0 || rc < -1 ? rc : handle_result_code (ld), what, error);
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

  handshake_clock_reset (&self->handshake, cancellable);
  rc = ldap_connect (ld);
  handshake_clock_disarm (&self->handshake);
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
    return fail_from_handle (ld, CASARRAY_LDAP_OP_CONNECT, rc, what, error);
  rc = wait_for_result (self, ld, msgid, CASARRAY_LDAP_OP_CONNECT, what, cancellable,
                        &result, error);
  if (rc != LDAP_SUCCESS)
    return rc;
  rc = check_result (ld, result, CASARRAY_LDAP_OP_CONNECT, what, LDAP_SUCCESS, NULL, error);
  if (rc != LDAP_SUCCESS)
    return rc;

  handshake_clock_reset (&self->handshake, cancellable);
  rc = ldap_install_tls (ld);
  handshake_clock_disarm (&self->handshake);
  self->handshake.cancellable = NULL;

  if (rc != LDAP_SUCCESS)
    return fail_connecting (self, ld, rc, what, error);
  return LDAP_SUCCESS;
}

/* The password is kept in memory only while the bind request is encoded. */
static void
wipe_password (char *password)
{
  if (password == NULL)
    return;
  explicit_bzero (password, strlen (password));
  g_free (password);
}

/* ---------------------------------------------------------------------- */
/* Passwords                                                              */

/* Longer than any directory accepts (AD: 256 characters); a bound on
 * what a wrong path (a log, a device) can make us read. */
#define MAX_PASSWORD_FILE_SIZE 4096

struct _CasarrayLdapPassword
{
  char                    *path;    /* a file, or NULL for the function */
  CasarrayLdapPasswordFunc func;
  gpointer                 user_data;
  GDestroyNotify           destroy;
};

static void
password_clear (gpointer data)
{
  CasarrayLdapPassword *self = data;

  g_free (self->path);
  if (self->destroy != NULL)
    self->destroy (self->user_data);
}

CasarrayLdapPassword *
casarray_ldap_password_new_file (const char *path)
{
  CasarrayLdapPassword *self = g_rc_box_new0 (CasarrayLdapPassword);

  g_return_val_if_fail (path != NULL, NULL);
  self->path = g_strdup (path);
  return self;
}

CasarrayLdapPassword *
casarray_ldap_password_new_func (CasarrayLdapPasswordFunc func,
                                 gpointer                 user_data,
                                 GDestroyNotify           destroy)
{
  CasarrayLdapPassword *self = g_rc_box_new0 (CasarrayLdapPassword);

  g_return_val_if_fail (func != NULL, NULL);
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  return self;
}

CasarrayLdapPassword *
casarray_ldap_password_ref (CasarrayLdapPassword *self)
{
  return g_rc_box_acquire (self);
}

void
casarray_ldap_password_unref (CasarrayLdapPassword *self)
{
  if (self != NULL)
    g_rc_box_release_full (self, password_clear);
}

/* Like ssh with a private key, say so when others can read the password;
 * once per file, not at every bind. */
static void
warn_if_readable_by_others (const char        *path,
                            const struct stat *st)
{
  static GHashTable *warned;  /* of paths, under G_LOCK (warned) */
  G_LOCK_DEFINE_STATIC (warned);
  gboolean first;

  if (!S_ISREG (st->st_mode) || (st->st_mode & (S_IRGRP | S_IROTH)) == 0)
    return;

  G_LOCK (warned);
  if (warned == NULL)
    warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  first = g_hash_table_add (warned, g_strdup (path));
  G_UNLOCK (warned);

  if (first)
    g_warning ("The password file %s is readable by %s (mode %04o); "
               "make it private with chmod 600", path,
               (st->st_mode & S_IROTH) != 0 ? "others" : "its group",
               (unsigned) (st->st_mode & 07777));
}

static char *
read_password_file (const char  *path,
                    GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  char buffer[MAX_PASSWORD_FILE_SIZE + 1];
  gsize length = 0;
  struct stat st;
  char *password = NULL;
  int saved_errno;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                   "Cannot open the password file %s: %s", display, g_strerror (saved_errno));
      return NULL;
    }
  /* the descriptor read from, so the mode checked is that of the file read */
  if (fstat (fd, &st) == 0)
    warn_if_readable_by_others (display, &st);

  /* read(2) until the end; a pipe (a shell's <(...)) may come in pieces */
  while (length < sizeof buffer)
    {
      gssize n = read (fd, buffer + length, sizeof buffer - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                       "Cannot read the password file %s: %s", display, g_strerror (saved_errno));
          goto out;
        }
      if (n == 0)
        break;
      length += n;
    }

  if (length > MAX_PASSWORD_FILE_SIZE)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                   "The password file %s is longer than %u bytes: not a password",
                   display, (unsigned) MAX_PASSWORD_FILE_SIZE);
      goto out;
    }
  /* "echo secret > file" leaves a newline that is not part of the password. */
  if (length > 0 && buffer[length - 1] == '\n')
    length--;
  if (length > 0 && buffer[length - 1] == '\r')
    length--;
  if (length == 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                   "The password file %s is empty", display);
      goto out;
    }
  /* libldap takes the password as a C string: a NUL would silently cut it
   * short and bind with what comes before. */
  if (memchr (buffer, '\0', length) != NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                   "The password file %s contains a NUL byte, which a password cannot hold",
                   display);
      goto out;
    }
  password = g_strndup (buffer, length);

out:
  explicit_bzero (buffer, sizeof buffer);
  close (fd);
  return password;
}

char *
casarray_ldap_password_read (CasarrayLdapPassword  *self,
                             GError               **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->path != NULL)
    return read_password_file (self->path, error);
  return self->func (self->user_data, error);
}

static char *
read_password (CasarrayLdapBackend  *self,
               GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  char *password;

  if (self->password == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                   "A bind DN (%s) was given without a password file or function",
                   self->bind_dn);
      return NULL;
    }

  password = casarray_ldap_password_read (self->password, &local_error);
  if (password == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                   "Cannot read the password for %s: %s", self->bind_dn,
                   local_error != NULL ? local_error->message : "no password given");
      return NULL;
    }
  /* A simple bind with a DN and an empty password is an "unauthenticated
   * bind" (RFC 4513, 5.1.2), which some servers accept as anonymous: it
   * would silently not be the identity asked for. */
  if (password[0] == '\0')
    {
      wipe_password (password);
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                   "The password for %s is empty", self->bind_dn);
      return NULL;
    }
  return password;
}

/* ---------------------------------------------------------------------- */
/* SASL binds                                                             */

/* What the interaction callback answers.  GSSAPI takes its identity from
 * the credential cache (KRB5CCNAME) and asks only for the authorization
 * identity; EXTERNAL takes it from the socket or TLS. */
typedef struct {
  const char *authz_id;  /* NULL or "": act as the authenticated identity */
} SaslDefaults;

/* LDAP_SASL_QUIET: never prompts, so every interaction gets the default
 * Cyrus offers unless we have a better answer.  Nothing is asked of a
 * terminal, which a library must never do. */
static int
sasl_interact (LDAP     *ld,
               unsigned  flags,
               void     *defaults,
               void     *interactions)
{
  const SaslDefaults *answers = defaults;

  for (sasl_interact_t *in = interactions; in->id != SASL_CB_LIST_END; in++)
    {
      const char *answer = in->defresult;

      if (in->id == SASL_CB_USER && answers->authz_id != NULL)
        answer = answers->authz_id;
      /* No password or user name to give: mechanisms that need them
       * (PLAIN, DIGEST-MD5...) are refused before binding. */
      if (answer == NULL)
        answer = "";
      in->result = answer;
      in->len = strlen (answer);
    }
  return LDAP_SUCCESS;
}

/* GSSAPI's security layer, unless the handle already has one configured
 * (ldap.conf's SASL_SECPROPS, read by libldap unless LDAPNOINIT is set):
 *  - over plain LDAP, at least integrity (minssf=1): Cyrus then negotiates
 *    the strongest layer the server offers up to libldap's maxssf
 *    (confidentiality, SSF 256 with AES), which AD domains that require
 *    LDAP signing accept; a server offering no layer is refused rather
 *    than used unsigned;
 *  - over TLS (ldaps://, StartTLS), no SASL layer (maxssf=0): TLS protects
 *    the connection already, and AD refuses sign or seal over TLS (Samba:
 *    "Sign or Seal are not allowed if TLS is used", Windows: 00002029).
 * libldap's defaults are minssf=0 and maxssf=INT_MAX (ldap.conf(5)). */
static gboolean
configure_sasl_security (CasarrayLdapBackend  *self,
                         LDAP                 *ld,
                         GError              **error)
{
  ber_len_t min_ssf = 0, max_ssf = 0;

  /* configured by ldap.conf or the environment: kept */
  if (ldap_get_option (ld, LDAP_OPT_X_SASL_SSF_MIN, &min_ssf) == LDAP_OPT_SUCCESS &&
      ldap_get_option (ld, LDAP_OPT_X_SASL_SSF_MAX, &max_ssf) == LDAP_OPT_SUCCESS &&
      (min_ssf != 0 || max_ssf != (ber_len_t) INT_MAX))
    return TRUE;

  if (uses_tls (self))
    return set_option (ld, LDAP_OPT_X_SASL_SECPROPS, "maxssf=0",
                       "SASL security properties", error);
  return set_option (ld, LDAP_OPT_X_SASL_SECPROPS, "minssf=1",
                     "SASL security properties", error);
}

/* A SASL bind driven by Cyrus SASL (GSSAPI), as ldap_sasl_interactive_bind_s()
 * does it, but one step at a time: each server reply is waited for by
 * wait_for_result(), so the operation timeout and the cancellable bound
 * the bind like any request.  (Getting the service ticket from the KDC
 * happens inside Cyrus SASL and is bounded by krb5's own KDC timeouts.) */
static int
sasl_interactive_bind (CasarrayLdapBackend  *self,
                       LDAP                 *ld,
                       GCancellable         *cancellable,
                       GError              **error)
{
  g_autofree char *what = NULL;
  SaslDefaults defaults = { self->sasl_authz_id };
  LDAPMessage *result = NULL;
  const char *rmech = NULL;
  char *user = NULL;
  ber_len_t ssf = 0;
  int msgid = -1;
  int rc;

  if (self->sasl_authz_id != NULL && self->sasl_authz_id[0] != '\0')
    what = g_strdup_printf ("binding to %s with SASL %s as %s", self->uri,
                            self->sasl_mechanism, self->sasl_authz_id);
  else
    what = g_strdup_printf ("binding to %s with SASL %s", self->uri, self->sasl_mechanism);

  if (!configure_sasl_security (self, ld, error))
    return LDAP_PARAM_ERROR;

  for (;;)
    {
      rc = ldap_sasl_interactive_bind (ld, NULL, self->sasl_mechanism, NULL, NULL,
                                       LDAP_SASL_QUIET, sasl_interact, &defaults,
                                       result, &rmech, &msgid);
      g_clear_pointer (&result, ldap_msgfree);
      if (rc != LDAP_SASL_BIND_IN_PROGRESS)
        break;
      rc = wait_for_result (self, ld, msgid, CASARRAY_LDAP_OP_BIND, what, cancellable,
                            &result, error);
      if (rc != LDAP_SUCCESS)
        return rc;
    }
  /* The server's refusal, or SASL's own (no ticket, an expired one, an
   * unknown service principal: LDAP_LOCAL_ERROR), whose reason libldap
   * keeps as the diagnostic message ("SASL(-1): generic failure: GSSAPI
   * Error: ... (No Kerberos credentials available ...)"). */
  if (rc != LDAP_SUCCESS)
    return fail_from_handle (ld, CASARRAY_LDAP_OP_BIND, rc, what, error);

  ldap_get_option (ld, LDAP_OPT_X_SASL_USERNAME, &user);
  ldap_get_option (ld, LDAP_OPT_X_SASL_SSF, &ssf);
  g_free (self->sasl_user);
  self->sasl_user = g_strdup (user);
  g_debug ("Bound to %s with SASL %s as %s, security strength factor %lu",
           self->uri, self->sasl_mechanism, user != NULL ? user : "(unknown)",
           (unsigned long) ssf);
  ldap_memfree (user);
  return LDAP_SUCCESS;
}

static gboolean
is_mechanism (const char *mechanism,
              const char *name)
{
  return mechanism != NULL && g_ascii_strcasecmp (mechanism, name) == 0;
}

/* Simple bind with bind_dn and its password; SASL EXTERNAL (the peer's
 * credentials on the socket) on ldapi:// without a bind DN or when asked
 * for; SASL GSSAPI when asked for; otherwise an anonymous simple bind,
 * which also proves the server is reachable. */
static int
bind_handle (CasarrayLdapBackend  *self,
             LDAP                 *ld,
             GCancellable         *cancellable,
             GError              **error)
{
  /* Present but empty: for EXTERNAL that is an empty initial response
   * ("use the identity of the socket"), which makes it one round trip;
   * without it slapd answers saslBindInProgress and asks for one. */
  struct berval credentials = { 0, (char *) "" };
  const char *mechanism = LDAP_SASL_SIMPLE;
  const char *dn = self->bind_dn;
  g_autofree char *what = NULL;
  g_autoptr(LDAPMessage) result = NULL;
  char *password = NULL;
  int msgid = -1;
  int rc;

  if (is_mechanism (self->sasl_mechanism, "GSSAPI"))
    return sasl_interactive_bind (self, ld, cancellable, error);

  if (is_mechanism (self->sasl_mechanism, "EXTERNAL") ||
      (self->sasl_mechanism == NULL && self->bind_dn == NULL &&
       uri_has_scheme (self->uri, "ldapi://")))
    {
      /* EXTERNAL's initial response is the authorization identity
       * (RFC 4422, appendix A), empty for the authenticated one. */
      mechanism = "EXTERNAL";
      dn = NULL;
      if (self->sasl_authz_id != NULL)
        {
          credentials.bv_val = self->sasl_authz_id;
          credentials.bv_len = strlen (self->sasl_authz_id);
          what = g_strdup_printf ("binding to %s with SASL EXTERNAL as %s", self->uri,
                                  self->sasl_authz_id);
        }
      else
        what = g_strdup_printf ("binding to %s with SASL EXTERNAL", self->uri);
    }
  else if (self->sasl_mechanism != NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "Unsupported SASL mechanism “%s”: use GSSAPI or EXTERNAL, or none for a "
                   "simple bind", self->sasl_mechanism);
      return LDAP_PARAM_ERROR;
    }
  else if (self->bind_dn != NULL)
    {
      password = read_password (self, error);
      if (password == NULL)
        return LDAP_PARAM_ERROR;
      credentials.bv_val = password;
      credentials.bv_len = strlen (password);
      what = g_strdup_printf ("binding to %s as %s", self->uri, self->bind_dn);
    }
  else
    what = g_strdup_printf ("binding anonymously to %s", self->uri);

  rc = ldap_sasl_bind (ld, dn, mechanism, &credentials, NULL, NULL, &msgid);
  /* The request is encoded and sent: our copy of the password goes now. */
  wipe_password (password);
  credentials.bv_val = NULL;
  if (rc != LDAP_SUCCESS)
    return fail_from_handle (ld, CASARRAY_LDAP_OP_BIND, rc, what, error);

  rc = wait_for_result (self, ld, msgid, CASARRAY_LDAP_OP_BIND, what, cancellable,
                        &result, error);
  if (rc != LDAP_SUCCESS)
    return rc;
  return check_result (ld, result, CASARRAY_LDAP_OP_BIND, what, LDAP_SUCCESS, NULL, error);
}

/* libldap reports a refused certificate as a bare connect error whose
 * diagnostic says nothing ("(unknown error code)"); say what to check. */
static void
add_tls_hint (CasarrayLdapBackend  *self,
              GError              **error)
{
  char *message;

  if (error == NULL || *error == NULL || !uses_tls (self) ||
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
      bind_handle (self, ld, cancellable, error) != LDAP_SUCCESS)
    {
      add_tls_hint (self, error);
      ldap_unbind_ext (ld, NULL, NULL);
      return FALSE;
    }

  self->ld = ld;
  return TRUE;
}

static gboolean
ensure_connected_locked (CasarrayLdapBackend  *self,
                         GCancellable         *cancellable,
                         GError              **error)
{
  return self->ld != NULL || connect_locked (self, cancellable, error);
}

/* libldap never reconnects: once the connection is gone, every call on
 * the handle fails.  Dropping it makes the next operation connect anew. */
static void
drop_connection_locked (CasarrayLdapBackend *self)
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
run_operation_locked (CasarrayLdapBackend  *self,
                      Operation             operation,
                      gpointer              data,
                      GCancellable         *cancellable,
                      GError              **error)
{
  g_autoptr(GError) first_error = NULL;
  int rc;

  if (!ensure_connected_locked (self, cancellable, error))
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
  drop_connection_locked (self);
  if (!ensure_connected_locked (self, cancellable, error))
    return FALSE;

  rc = operation (self, self->ld, data, cancellable, error);
  if (casarray_ldap_code_is_connection_lost (rc))
    drop_connection_locked (self);
  return rc == LDAP_SUCCESS;
}

static gboolean
run_operation (CasarrayLdapBackend  *self,
               Operation             operation,
               gpointer              data,
               GCancellable         *cancellable,
               GError              **error)
{
  SigpipeGuard guard;
  gboolean ok;

  session_begin (self, &guard);
  ok = run_operation_locked (self, operation, data, cancellable, error);
  session_end (self, &guard);
  return ok;
}

/* ---------------------------------------------------------------------- */
/* Entries                                                                */

static gboolean
is_pseudo_attribute (const char *attribute)
{
  return g_ascii_strcasecmp (attribute, CASARRAY_ATTR_GUID) == 0 ||
         g_ascii_strcasecmp (attribute, CASARRAY_ATTR_CREATION_ORDER) == 0;
}

/* uSNCreated is a decimal number; padding makes strcmp order numeric. */
static char *
pad_usn (const char *usn)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (usn, 10, 0, G_MAXUINT64, &value, NULL))
    return g_strdup (usn);
  return g_strdup_printf ("%020" G_GUINT64_FORMAT, value);
}

/* Fills CASARRAY_ATTR_GUID and CASARRAY_ATTR_CREATION_ORDER from what the
 * server sent (objectGUID only as @object_guid, never as an attribute). */
static void
add_pseudo_attributes (CasarrayEntry *entry,
                       const guint8  *object_guid)
{
  const char *entry_uuid = casarray_entry_get_first (entry, "entryUUID");
  const char *usn_created = casarray_entry_get_first (entry, "uSNCreated");
  const char *entry_csn = casarray_entry_get_first (entry, "entryCSN");

  if (object_guid != NULL)
    {
      g_autofree char *text = casarray_guid_format (object_guid);

      casarray_entry_set_value (entry, CASARRAY_ATTR_GUID, text);
    }
  else if (entry_uuid != NULL)
    {
      g_autofree char *text = g_ascii_strdown (entry_uuid, -1);

      casarray_entry_set_value (entry, CASARRAY_ATTR_GUID, text);
    }

  if (usn_created != NULL)
    {
      g_autofree char *padded = pad_usn (usn_created);

      casarray_entry_set_value (entry, CASARRAY_ATTR_CREATION_ORDER, padded);
    }
  else if (entry_csn != NULL)
    casarray_entry_set_value (entry, CASARRAY_ATTR_CREATION_ORDER, entry_csn);
}

/* Entries carry UTF-8 strings; a value that is not (a binary attribute
 * the caller asked for) cannot be represented and is left out. */
static void
add_values (CasarrayEntry         *entry,
            const char            *attribute,
            struct berval * const *values)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      const struct berval *value = values[i];
      g_autofree char *text = NULL;

      if (!g_utf8_validate_len (value->bv_val, value->bv_len, NULL))
        {
          g_debug ("Skipping a non-UTF-8 value of %s in %s", attribute,
                   casarray_entry_get_dn (entry));
          continue;
        }
      text = g_strndup (value->bv_val, value->bv_len);
      casarray_entry_add_value (entry, attribute, text);
    }
}

static CasarrayEntry *
entry_from_message (LDAP        *ld,
                    LDAPMessage *message)
{
  CasarrayEntry *entry;
  BerElement *ber = NULL;
  guint8 object_guid[16];
  gboolean has_object_guid = FALSE;
  char *dn = ldap_get_dn (ld, message);

  entry = casarray_entry_new (dn != NULL ? dn : "");
  ldap_memfree (dn);

  for (char *attribute = ldap_first_attribute (ld, message, &ber);
       attribute != NULL;
       attribute = ldap_next_attribute (ld, message, ber))
    {
      struct berval **values = ldap_get_values_len (ld, message, attribute);

      if (g_ascii_strcasecmp (attribute, "objectGUID") == 0)
        {
          if (values != NULL && values[0] != NULL && values[0]->bv_len == 16)
            {
              memcpy (object_guid, values[0]->bv_val, 16);
              has_object_guid = TRUE;
            }
        }
      else if (!is_pseudo_attribute (attribute))
        add_values (entry, attribute, values);

      ldap_value_free_len (values);
      ldap_memfree (attribute);
    }
  ber_free (ber, 0);

  add_pseudo_attributes (entry, has_object_guid ? object_guid : NULL);
  return entry;
}

/* ---------------------------------------------------------------------- */
/* Searching                                                              */

typedef struct {
  const char  *base;
  int          scope;
  const char  *filter;
  char       **attributes;
  int          size_limit;  /* 0: no limit, and results are paged */
  GPtrArray   *entries;     /* of CasarrayEntry, filled by search_operation */
} SearchData;

static void
collect_entries (LDAP        *ld,
                 LDAPMessage *result,
                 GPtrArray   *entries)
{
  /* Search references are skipped: referrals are not chased. */
  for (LDAPMessage *message = ldap_first_message (ld, result);
       message != NULL;
       message = ldap_next_message (ld, message))
    if (ldap_msgtype (message) == LDAP_RES_SEARCH_ENTRY)
      g_ptr_array_add (entries, entry_from_message (ld, message));
}

/* Replaces @cookie by the one in the paged-results response control, or
 * empties it when the server has no more pages (or does not page). */
static void
take_page_cookie (LDAP           *ld,
                  LDAPControl   **controls,
                  struct berval  *cookie)
{
  LDAPControl *control = ldap_control_find (LDAP_CONTROL_PAGEDRESULTS, controls, NULL);
  ber_int_t estimate = 0;

  ber_memfree (cookie->bv_val);
  cookie->bv_val = NULL;
  cookie->bv_len = 0;
  if (control == NULL)
    return;
  if (ldap_parse_pageresponse_control (ld, control, &estimate, cookie) != LDAP_SUCCESS)
    {
      cookie->bv_val = NULL;
      cookie->bv_len = 0;
    }
}

/* One request and its complete reply; with @cookie non-NULL the request
 * carries the paged-results control and @cookie is updated for the next
 * page. */
static int
search_page (CasarrayLdapBackend  *self,
             LDAP                 *ld,
             SearchData           *data,
             struct berval        *cookie,
             const char           *what,
             GCancellable         *cancellable,
             GError              **error)
{
  LDAPControl *page_control = NULL;
  LDAPControl *request_controls[2] = { NULL, NULL };
  LDAPControl **response_controls = NULL;
  g_autoptr(LDAPMessage) result = NULL;
  struct timeval time_limit = ms_to_timeval (self->operation_timeout_ms);
  int msgid = -1;
  int rc;

  /* Pages may come back faster than a wait slice: look between pages. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return LDAP_USER_CANCELLED;

  if (cookie != NULL)
    {
      /* Not critical: a server that cannot page returns everything. */
      rc = ldap_create_page_control (ld, PAGE_SIZE, cookie, 0, &page_control);
      if (rc != LDAP_SUCCESS)
        return fail_from_handle (ld, CASARRAY_LDAP_OP_SEARCH, rc, what, error);
      request_controls[0] = page_control;
    }

  rc = ldap_search_ext (ld, data->base, data->scope, data->filter, data->attributes,
                        0, request_controls, NULL, &time_limit, data->size_limit,
                        &msgid);
  ldap_control_free (page_control);
  if (rc != LDAP_SUCCESS)
    return fail_from_handle (ld, CASARRAY_LDAP_OP_SEARCH, rc, what, error);

  rc = wait_for_result (self, ld, msgid, CASARRAY_LDAP_OP_SEARCH, what, cancellable,
                        &result, error);
  if (rc != LDAP_SUCCESS)
    return rc;

  collect_entries (ld, result, data->entries);
  /* With a size limit of our own, hitting it is what we asked for. */
  rc = check_result (ld, result, CASARRAY_LDAP_OP_SEARCH, what,
                     data->size_limit > 0 ? LDAP_SIZELIMIT_EXCEEDED : LDAP_SUCCESS,
                     &response_controls, error);
  if (rc == LDAP_SUCCESS && cookie != NULL)
    take_page_cookie (ld, response_controls, cookie);
  ldap_controls_free (response_controls);

  return rc == LDAP_SIZELIMIT_EXCEEDED && data->size_limit > 0 ? LDAP_SUCCESS : rc;
}

static int
search_operation (CasarrayLdapBackend  *self,
                  LDAP                 *ld,
                  gpointer              user_data,
                  GCancellable         *cancellable,
                  GError              **error)
{
  SearchData *data = user_data;
  gboolean paged = data->size_limit == 0 && data->scope != LDAP_SCOPE_BASE;
  struct berval cookie = { 0, NULL };
  g_autofree char *what = g_strdup_printf ("searching %s",
                                           data->base[0] != '\0' ? data->base : "the root DSE");
  int rc;

  /* A retry after reconnecting starts over. */
  g_ptr_array_set_size (data->entries, 0);

  do
    rc = search_page (self, ld, data, paged ? &cookie : NULL, what, cancellable, error);
  while (rc == LDAP_SUCCESS && cookie.bv_len > 0);

  ber_memfree (cookie.bv_val);
  return rc;
}

static GPtrArray *
run_search (CasarrayLdapBackend  *self,
            const char           *base,
            int                   scope,
            const char           *filter,
            const char * const   *attributes,
            int                   size_limit,
            GCancellable         *cancellable,
            GError              **error)
{
  g_autoptr(GPtrArray) entries =
    g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_entry_unref);
  SearchData data = {
    .base = base,
    .scope = scope,
    .filter = filter,
    .attributes = (char **) attributes,
    .size_limit = size_limit,
    .entries = entries,
  };

  if (!run_operation (self, search_operation, &data, cancellable, error))
    return NULL;
  return g_steal_pointer (&entries);
}

static int
scope_to_ldap (CasarrayScope scope)
{
  switch (scope)
    {
    case CASARRAY_SCOPE_BASE:
      return LDAP_SCOPE_BASE;
    case CASARRAY_SCOPE_ONE:
      return LDAP_SCOPE_ONELEVEL;
    case CASARRAY_SCOPE_SUBTREE:
    default:
      return LDAP_SCOPE_SUBTREE;
    }
}

/* The caller's attributes plus those the pseudo-attributes are made from;
 * operational attributes are only returned when named. */
static GPtrArray *
requested_attributes (const char * const  *wanted,
                      GError             **error)
{
  static const char * const always[] = {
    "objectClass", "objectGUID", "entryUUID", "entryCSN", "uSNCreated",
  };
  g_autoptr(GPtrArray) attributes = g_ptr_array_new_null_terminated (8, NULL, TRUE);

  if (wanted == NULL)
    g_ptr_array_add (attributes, (char *) "*");
  for (guint i = 0; wanted != NULL && wanted[i] != NULL; i++)
    {
      if (is_pseudo_attribute (wanted[i]))
        continue;
      if (!casarray_is_attribute_name (wanted[i]))
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "“%s” is not an attribute name", wanted[i]);
          return NULL;
        }
      g_ptr_array_add (attributes, (char *) wanted[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (always); i++)
    g_ptr_array_add (attributes, (char *) always[i]);

  return g_steal_pointer (&attributes);
}

static GPtrArray *
casarray_ldap_backend_search (CasarrayBackend      *backend,
                              const CasarrayQuery  *query,
                              GCancellable         *cancellable,
                              GError              **error)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  g_autofree char *filter = NULL;
  g_autoptr(GPtrArray) attributes = NULL;

  if (query->base == NULL || query->object_class == NULL)
    {
      g_set_error_literal (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                           "A search needs a base and an object class");
      return NULL;
    }

  filter = casarray_ldap_filter_build (query, error);
  if (filter == NULL)
    return NULL;
  attributes = requested_attributes (query->attributes, error);
  if (attributes == NULL)
    return NULL;

  return run_search (self, query->base, scope_to_ldap (query->scope), filter,
                     (const char * const *) attributes->pdata, 0, cancellable, error);
}

/* ---------------------------------------------------------------------- */
/* The configuration naming context                                       */

static gboolean
rdn_is_configuration (LDAPRDN rdn)
{
  const LDAPAVA *ava = rdn[0];
  static const char name[] = "Configuration";

  /* a single CN=Configuration, not a multi-valued RDN */
  return ava != NULL && rdn[1] == NULL &&
         ava->la_attr.bv_len == 2 &&
         g_ascii_strncasecmp (ava->la_attr.bv_val, "cn", 2) == 0 &&
         ava->la_value.bv_len == strlen (name) &&
         g_ascii_strncasecmp (ava->la_value.bv_val, name, strlen (name)) == 0;
}

/* The suffix of @dn starting at the first RDN, at a level between @from
 * and @to (0 is @dn itself), that is CN=Configuration; NULL if none. */
static char *
configuration_suffix (const char *dn,
                      guint       from,
                      guint       to)
{
  LDAPDN parsed = NULL;
  char *suffix = NULL;

  if (ldap_str2dn (dn, &parsed, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS)
    return NULL;

  for (guint level = 0; parsed != NULL && parsed[level] != NULL && level <= to; level++)
    {
      char *text = NULL;

      if (level < from || !rdn_is_configuration (parsed[level]))
        continue;
      if (ldap_dn2str (&parsed[level], &text, LDAP_DN_FORMAT_LDAPV3) == LDAP_SUCCESS)
        suffix = g_strdup (text);
      ldap_memfree (text);
      break;
    }

  ldap_dnfree (parsed);
  return suffix;
}

static CasarrayEntry *
read_root_dse (CasarrayLdapBackend  *self,
               GCancellable         *cancellable,
               GError              **error)
{
  static const char * const attributes[] = {
    "configurationNamingContext", "namingContexts", NULL,
  };
  g_autoptr(GPtrArray) entries = NULL;

  entries = run_search (self, "", LDAP_SCOPE_BASE, "(objectClass=*)", attributes, 0,
                        cancellable, error);
  if (entries == NULL)
    return NULL;
  if (entries->len == 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NO_ORGANIZATION,
                   "The root DSE of %s cannot be read, so the configuration "
                   "naming context is unknown; set it explicitly", self->uri);
      return NULL;
    }
  return casarray_entry_ref (g_ptr_array_index (entries, 0));
}

/* The DN of one entry matching @filter under @base, or NULL (with @error
 * unset) when there is none or @base is not visible. */
static gboolean
find_one (CasarrayLdapBackend  *self,
          const char           *base,
          const char           *filter,
          char                **dn,
          GCancellable         *cancellable,
          GError              **error)
{
  static const char * const no_attributes[] = { LDAP_NO_ATTRS, NULL };
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) local_error = NULL;

  *dn = NULL;
  entries = run_search (self, base, LDAP_SCOPE_SUBTREE, filter, no_attributes, 1,
                        cancellable, &local_error);
  if (entries == NULL)
    {
      if (g_error_matches (local_error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (entries->len > 0)
    *dn = g_strdup (casarray_entry_get_dn (g_ptr_array_index (entries, 0)));
  return TRUE;
}

/* Looks under each naming context for the Exchange organisation, whose
 * DN is CN=<Org>,CN=Microsoft Exchange,CN=Services,CN=Configuration,...;
 * failing that, for the CN=Configuration entry itself. */
static gboolean
find_configuration_under (CasarrayLdapBackend  *self,
                          const char * const   *contexts,
                          char                **configuration_dn,
                          GCancellable         *cancellable,
                          GError              **error)
{
  *configuration_dn = NULL;

  for (guint i = 0; contexts != NULL && contexts[i] != NULL; i++)
    {
      g_autofree char *organization = NULL;

      if (!find_one (self, contexts[i], "(objectClass=msExchOrganizationContainer)",
                     &organization, cancellable, error))
        return FALSE;
      if (organization != NULL)
        *configuration_dn = configuration_suffix (organization, 1, G_MAXUINT);
      if (*configuration_dn != NULL)
        return TRUE;
    }

  for (guint i = 0; contexts != NULL && contexts[i] != NULL; i++)
    {
      g_autofree char *configuration = NULL;

      if (!find_one (self, contexts[i], "(&(objectClass=configuration)(cn=Configuration))",
                     &configuration, cancellable, error))
        return FALSE;
      if (configuration != NULL)
        *configuration_dn = configuration_suffix (configuration, 0, 0);
      if (*configuration_dn != NULL)
        return TRUE;
    }
  return TRUE;
}

/* The configuration DN the caller gave, as given, once it parses. */
static char *
configured_configuration_dn (CasarrayLdapBackend  *self,
                             GError              **error)
{
  LDAPDN parsed = NULL;

  if (ldap_str2dn (self->configuration_dn, &parsed, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS ||
      parsed == NULL)
    {
      ldap_dnfree (parsed);
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a distinguished name", self->configuration_dn);
      return NULL;
    }
  ldap_dnfree (parsed);
  return g_strdup (self->configuration_dn);
}

static char *
casarray_ldap_backend_find_configuration_dn (CasarrayBackend  *backend,
                                             GCancellable     *cancellable,
                                             GError          **error)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  g_autoptr(CasarrayEntry) root = NULL;
  const char * const *contexts;
  const char *configuration;
  char *found = NULL;
  g_autofree char *searched = NULL;

  if (self->configuration_dn != NULL)
    return configured_configuration_dn (self, error);

  root = read_root_dse (self, cancellable, error);
  if (root == NULL)
    return NULL;

  /* Active Directory names it outright. */
  configuration = casarray_entry_get_first (root, "configurationNamingContext");
  if (configuration != NULL)
    return g_strdup (configuration);

  contexts = casarray_entry_get_values (root, "namingContexts");
  if (!find_configuration_under (self, contexts, &found, cancellable, error))
    return NULL;
  if (found != NULL)
    return found;

  searched = contexts != NULL ? g_strjoinv ("; ", (char **) contexts)
                              : g_strdup ("(the root DSE lists no naming contexts)");
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NO_ORGANIZATION,
               "No configuration naming context on %s: the root DSE has no "
               "configurationNamingContext, and neither an Exchange organisation "
               "(objectClass=msExchOrganizationContainer) nor a CN=Configuration "
               "entry was found under the naming contexts %s",
               self->uri, searched);
  return NULL;
}

/* ---------------------------------------------------------------------- */
/* Writing                                                                */

/* LDAPMod arrays point into the caller's strings: libldap encodes the
 * request before the call returns, so nothing needs to be copied. */
static void
ldap_mod_free_shallow (gpointer data)
{
  LDAPMod *mod = data;

  if (mod == NULL)
    return;
  for (guint i = 0; mod->mod_bvalues != NULL && mod->mod_bvalues[i] != NULL; i++)
    g_free (mod->mod_bvalues[i]);
  g_free (mod->mod_bvalues);
  g_free (mod);
}

static LDAPMod *
ldap_mod_new_shallow (int                 op,
                      const char         *attribute,
                      const char * const *values)
{
  LDAPMod *mod = g_new0 (LDAPMod, 1);
  guint n_values = values != NULL ? g_strv_length ((GStrv) values) : 0;

  mod->mod_op = op | LDAP_MOD_BVALUES;
  mod->mod_type = (char *) attribute;
  if (n_values == 0)
    return mod;

  mod->mod_bvalues = g_new0 (struct berval *, n_values + 1);
  for (guint i = 0; i < n_values; i++)
    {
      mod->mod_bvalues[i] = g_new0 (struct berval, 1);
      mod->mod_bvalues[i]->bv_val = (char *) values[i];
      mod->mod_bvalues[i]->bv_len = strlen (values[i]);
    }
  return mod;
}

static GPtrArray *
ldap_mods_new (void)
{
  return g_ptr_array_new_null_terminated (8, ldap_mod_free_shallow, TRUE);
}

static gboolean
check_attribute_name (const char  *attribute,
                      GError     **error)
{
  if (attribute != NULL && casarray_is_attribute_name (attribute) &&
      !is_pseudo_attribute (attribute))
    return TRUE;
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
               "“%s” is not an attribute that can be written",
               attribute != NULL ? attribute : "(null)");
  return FALSE;
}

/* Every attribute of @entry but the pseudo-attributes, as an add. */
static GPtrArray *
ldap_mods_from_entry (const CasarrayEntry  *entry,
                      GError              **error)
{
  GPtrArray *names = casarray_entry_get_attributes (entry);
  g_autoptr(GPtrArray) mods = ldap_mods_new ();

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (is_pseudo_attribute (name))
        continue;
      if (!check_attribute_name (name, error))
        return NULL;
      g_ptr_array_add (mods, ldap_mod_new_shallow (LDAP_MOD_ADD, name,
                                                   casarray_entry_get_values (entry, name)));
    }
  return g_steal_pointer (&mods);
}

static int
mod_op_to_ldap (CasarrayModOp op)
{
  switch (op)
    {
    case CASARRAY_MOD_ADD:
      return LDAP_MOD_ADD;
    case CASARRAY_MOD_DELETE:
      return LDAP_MOD_DELETE;
    case CASARRAY_MOD_REPLACE:
    default:
      return LDAP_MOD_REPLACE;
    }
}

/* @mods (of CasarrayMod) as libldap's array; no permissive-modify
 * control is ever added: a DELETE of a missing value must fail, it is
 * what makes compare-and-set work. */
static GPtrArray *
ldap_mods_from_mods (GPtrArray  *mods,
                     GError    **error)
{
  g_autoptr(GPtrArray) ldap_mods = ldap_mods_new ();

  for (guint i = 0; mods != NULL && i < mods->len; i++)
    {
      const CasarrayMod *mod = g_ptr_array_index (mods, i);

      if (!check_attribute_name (mod->attribute, error))
        return NULL;
      if (mod->op == CASARRAY_MOD_ADD && (mod->values == NULL || mod->values[0] == NULL))
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "Adding to %s needs at least one value", mod->attribute);
          return NULL;
        }
      g_ptr_array_add (ldap_mods,
                       ldap_mod_new_shallow (mod_op_to_ldap (mod->op), mod->attribute,
                                             (const char * const *) mod->values));
    }
  return g_steal_pointer (&ldap_mods);
}

/* One write request: how to send it, and how to describe it in errors. */
typedef struct {
  CasarrayLdapOp  op;
  const char     *dn;
  LDAPMod       **mods;       /* add, modify */
  const char     *new_rdn;    /* rename */
  char           *what;
} WriteData;

static void
write_data_clear (WriteData *data)
{
  g_clear_pointer (&data->what, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WriteData, write_data_clear)

static int
send_write (LDAP            *ld,
            const WriteData *data,
            int             *msgid)
{
  switch (data->op)
    {
    case CASARRAY_LDAP_OP_ADD:
      return ldap_add_ext (ld, data->dn, data->mods, NULL, NULL, msgid);
    case CASARRAY_LDAP_OP_MODIFY:
      return ldap_modify_ext (ld, data->dn, data->mods, NULL, NULL, msgid);
    case CASARRAY_LDAP_OP_DELETE:
      return ldap_delete_ext (ld, data->dn, NULL, NULL, msgid);
    case CASARRAY_LDAP_OP_RENAME:
      return ldap_rename (ld, data->dn, data->new_rdn, NULL, 1, NULL, NULL, msgid);
    case CASARRAY_LDAP_OP_CONNECT:
    case CASARRAY_LDAP_OP_BIND:
    case CASARRAY_LDAP_OP_SEARCH:
    default:
      break;
    }
  g_return_val_if_reached (LDAP_PARAM_ERROR);
}

static int
write_operation (CasarrayLdapBackend  *self,
                 LDAP                 *ld,
                 gpointer              user_data,
                 GCancellable         *cancellable,
                 GError              **error)
{
  WriteData *data = user_data;
  g_autoptr(LDAPMessage) result = NULL;
  int msgid = -1;
  int rc;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return LDAP_USER_CANCELLED;

  rc = send_write (ld, data, &msgid);
  if (rc != LDAP_SUCCESS)
    return fail_from_handle (ld, data->op, rc, data->what, error);

  /* Once sent, a write is waited for (bounded by the operation timeout)
   * rather than abandoned on cancellation: abandoning would leave its
   * outcome unknown, and the caller must be told what happened. */
  rc = wait_for_result (self, ld, msgid, data->op, data->what, NULL, &result, error);
  if (rc != LDAP_SUCCESS)
    return rc;
  return check_result (ld, result, data->op, data->what, LDAP_SUCCESS, NULL, error);
}

static gboolean
casarray_ldap_backend_add (CasarrayBackend      *backend,
                           const CasarrayEntry  *entry,
                           GCancellable         *cancellable,
                           GError              **error)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  g_autoptr(GPtrArray) mods = ldap_mods_from_entry (entry, error);
  g_auto(WriteData) data = { CASARRAY_LDAP_OP_ADD, casarray_entry_get_dn (entry) };

  if (mods == NULL)
    return FALSE;
  data.mods = (LDAPMod **) mods->pdata;
  data.what = g_strdup_printf ("adding %s", data.dn);
  return run_operation (self, write_operation, &data, cancellable, error);
}

static gboolean
casarray_ldap_backend_modify (CasarrayBackend  *backend,
                              const char       *dn,
                              GPtrArray        *mods,
                              GCancellable     *cancellable,
                              GError          **error)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  g_autoptr(GPtrArray) ldap_mods = ldap_mods_from_mods (mods, error);
  g_auto(WriteData) data = { CASARRAY_LDAP_OP_MODIFY, dn };

  if (ldap_mods == NULL)
    return FALSE;
  /* Nothing to change: no request, as LDAP has no use for an empty one. */
  if (ldap_mods->len == 0)
    return TRUE;
  data.mods = (LDAPMod **) ldap_mods->pdata;
  data.what = g_strdup_printf ("modifying %s", dn);
  return run_operation (self, write_operation, &data, cancellable, error);
}

static gboolean
casarray_ldap_backend_remove (CasarrayBackend  *backend,
                              const char       *dn,
                              GCancellable     *cancellable,
                              GError          **error)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  g_auto(WriteData) data = { CASARRAY_LDAP_OP_DELETE, dn };

  data.what = g_strdup_printf ("deleting %s", dn);
  return run_operation (self, write_operation, &data, cancellable, error);
}

static gboolean
casarray_ldap_backend_rename (CasarrayBackend  *backend,
                              const char       *dn,
                              const char       *new_rdn,
                              GCancellable     *cancellable,
                              GError          **error)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  g_auto(WriteData) data = { CASARRAY_LDAP_OP_RENAME, dn };
  static const char * const name_only[] = { "name", NULL };
  CasarrayQuery query = {
    .scope = CASARRAY_SCOPE_BASE,
    .object_class = "top",
    .attributes = name_only,
  };
  g_autofree char *new_name = casarray_dn_first_value (new_rdn);
  g_autofree char *parent = casarray_dn_parent (dn);
  g_autofree char *new_dn = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) mods = NULL;
  g_autoptr(GError) name_error = NULL;
  const char *stored_name;

  data.new_rdn = new_rdn;
  data.what = g_strdup_printf ("renaming %s to %s", dn, new_rdn);
  if (!run_operation (self, write_operation, &data, cancellable, error))
    return FALSE;

  /* `name` follows the RDN.  Active Directory maintains it itself and
   * refuses a modify of it (67, "must use 'rename' operation"), so it is
   * only written where the read-back shows the old value (OpenLDAP, where
   * name is an ordinary attribute).  The rename is done: no cancelling. */
  if (new_name == NULL || parent == NULL)
    return TRUE;
  new_dn = g_strconcat (new_rdn, ",", parent, NULL);
  query.base = new_dn;
  found = casarray_ldap_backend_search (backend, &query, NULL, &name_error);
  if (found != NULL && found->len == 1)
    {
      stored_name = casarray_entry_get_first (g_ptr_array_index (found, 0), "name");
      if (stored_name == NULL || g_strcmp0 (stored_name, new_name) == 0)
        return TRUE;
      mods = g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_mod_free);
      g_ptr_array_add (mods, casarray_mod_new (CASARRAY_MOD_REPLACE, "name", new_name));
      if (casarray_ldap_backend_modify (backend, new_dn, mods, NULL, &name_error))
        return TRUE;
    }
  if (name_error == NULL)
    return TRUE;
  /* Half a rename is worse than none: put the old RDN back. */
  {
    g_autofree char *old_name = casarray_dn_first_value (dn);
    g_autofree char *old_rdn = old_name != NULL ? casarray_dn_build_rdn (old_name) : NULL;
    g_auto(WriteData) undo = { CASARRAY_LDAP_OP_RENAME, new_dn };

    undo.new_rdn = old_rdn;
    undo.what = g_strdup_printf ("renaming %s back to %s", new_dn, old_rdn);
    if (old_rdn != NULL)
      run_operation (self, write_operation, &undo, NULL, NULL);
  }
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
               "Renaming %s to %s: the name attribute could not follow (%s); the rename was undone.",
               dn, new_rdn, name_error->message);
  return FALSE;
}

/* The account to name when a read right is missing: the SASL
 * authorization identity asked for, else whom a SASL bind authenticated
 * (a Kerberos principal; under the lock, as the bind sets it), else the
 * bind DN (settings never change after construction). */
static char *
casarray_ldap_backend_dup_account (CasarrayBackend *backend)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  char *account = NULL;

  if (self->sasl_mechanism != NULL)
    {
      if (self->sasl_authz_id != NULL && *self->sasl_authz_id != '\0')
        return g_strdup (self->sasl_authz_id);
      g_mutex_lock (&self->lock);
      account = g_strdup (self->sasl_user);
      g_mutex_unlock (&self->lock);
      return account;
    }
  return self->bind_dn != NULL && *self->bind_dn != '\0' ? g_strdup (self->bind_dn) : NULL;
}

/* ---------------------------------------------------------------------- */
/* Pipelined modifies                                                     */

typedef struct {
  int   msgid;
  guint index;
} InFlight;

/* One pass over some of a modify_many batch. */
typedef struct {
  GPtrArray  *dns;
  GPtrArray  *mod_lists;
  GError    **errors;
  GArray     *in_flight;   /* of InFlight */
  GArray     *lost;        /* of guint: indices to retry on a new connection */
} Batch;

/* Sends the modify of item @index; FALSE when the connection is gone. */
static gboolean
batch_send (Batch *batch,
            LDAP  *ld,
            guint  index)
{
  g_autoptr(GPtrArray) ldap_mods =
    ldap_mods_from_mods (g_ptr_array_index (batch->mod_lists, index), &batch->errors[index]);
  g_auto(WriteData) data = { CASARRAY_LDAP_OP_MODIFY, g_ptr_array_index (batch->dns, index) };
  InFlight sent = { -1, index };
  int rc;

  if (ldap_mods == NULL)
    return TRUE;
  data.mods = (LDAPMod **) ldap_mods->pdata;
  rc = send_write (ld, &data, &sent.msgid);
  if (rc == LDAP_SUCCESS)
    {
      g_array_append_val (batch->in_flight, sent);
      return TRUE;
    }

  data.what = g_strdup_printf ("modifying %s", data.dn);
  fail_from_handle (ld, data.op, rc, data.what, &batch->errors[index]);
  if (!casarray_ldap_code_is_connection_lost (rc))
    return TRUE;
  g_array_append_val (batch->lost, index);
  return FALSE;
}

/* Records the reply @result in the error slot of the item it answers. */
static void
batch_receive (Batch       *batch,
               LDAP        *ld,
               LDAPMessage *result)
{
  int msgid = ldap_msgid (result);

  for (guint i = 0; i < batch->in_flight->len; i++)
    {
      InFlight *item = &g_array_index (batch->in_flight, InFlight, i);
      g_autofree char *what = NULL;

      if (item->msgid != msgid)
        continue;
      what = g_strdup_printf ("modifying %s",
                              (const char *) g_ptr_array_index (batch->dns, item->index));
      check_result (ld, result, CASARRAY_LDAP_OP_MODIFY, what, LDAP_SUCCESS, NULL,
                    &batch->errors[item->index]);
      g_array_remove_index_fast (batch->in_flight, i);
      return;
    }
  /* Not ours (an unsolicited notification): the next call will tell. */
}

/* Ends every item in flight with a copy of @error; abandons them first
 * when @abandon (they may or may not have been applied). */
static void
batch_fail_in_flight (Batch        *batch,
                      LDAP         *ld,
                      const GError *error,
                      gboolean      abandon,
                      gboolean      retry)
{
  for (guint i = 0; i < batch->in_flight->len; i++)
    {
      const InFlight *item = &g_array_index (batch->in_flight, InFlight, i);

      if (abandon)
        ldap_abandon_ext (ld, item->msgid, NULL, NULL);
      g_clear_error (&batch->errors[item->index]);
      batch->errors[item->index] = g_error_copy (error);
      /* The request left, its answer did not come: the server may have
       * applied it.  Say so, so that callers never report it as unchanged. */
      if (strstr (error->message, "may have been applied") == NULL)
        g_prefix_error (&batch->errors[item->index], "No reply arrived; the modify may have been applied: ");
      if (retry)
        g_array_append_val (batch->lost, item->index);
    }
  g_array_set_size (batch->in_flight, 0);
}

/* Ends every item not sent yet, from @next on. */
static void
batch_fail_unsent (Batch        *batch,
                   GArray       *indices,
                   guint         next,
                   const GError *error,
                   gboolean      retry)
{
  for (guint n = next; n < indices->len; n++)
    {
      guint index = g_array_index (indices, guint, n);

      batch->errors[index] = g_error_copy (error);
      if (retry)
        g_array_append_val (batch->lost, index);
    }
}

/* Abandons what is in flight (it may or may not have been applied) and
 * marks the rest as never sent. */
static void
batch_cancel (Batch        *batch,
              LDAP         *ld,
              GArray       *indices,
              guint         next,
              GCancellable *cancellable)
{
  g_autoptr(GError) in_flight = NULL;
  g_autoptr(GError) unsent = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                  "Cancelled before the modify was sent");

  g_cancellable_set_error_if_cancelled (cancellable, &in_flight);
  g_prefix_error (&in_flight, "Cancelled while in flight; the modify may have been applied: ");
  batch_fail_in_flight (batch, ld, in_flight, TRUE, FALSE);
  batch_fail_unsent (batch, indices, next, unsent, FALSE);
}

/* Keeps up to MAX_IN_FLIGHT modifies of @indices on the wire and collects
 * their replies in whatever order they come.  Items whose outcome is
 * unknown because the connection broke land in batch->lost. */
static void
run_batch_locked (CasarrayLdapBackend *self,
                  Batch               *batch,
                  GArray              *indices,
                  GCancellable        *cancellable)
{
  LDAP *ld = self->ld;
  guint next = 0;
  gint64 deadline = 0;

  while (next < indices->len || batch->in_flight->len > 0)
    {
      struct timeval slice = { 0, WAIT_SLICE_US };
      g_autoptr(LDAPMessage) result = NULL;
      g_autoptr(GError) stop = NULL;
      int rc;

      if (g_cancellable_is_cancelled (cancellable))
        {
          batch_cancel (batch, ld, indices, next, cancellable);
          return;
        }

      while (next < indices->len && batch->in_flight->len < MAX_IN_FLIGHT)
        if (!batch_send (batch, ld, g_array_index (indices, guint, next++)))
          {
            /* Connection gone: everything not sent is retried as well. */
            g_autoptr(GError) lost = g_error_copy (batch->errors[g_array_index (indices, guint, next - 1)]);

            batch_fail_unsent (batch, indices, next, lost, TRUE);
            next = indices->len;
          }
      if (batch->in_flight->len == 0)
        continue;
      if (deadline == 0)
        deadline = g_get_monotonic_time () +
                   (gint64) self->operation_timeout_ms * G_TIME_SPAN_MILLISECOND;

      rc = ldap_result (ld, LDAP_RES_ANY, LDAP_MSG_ALL, &slice, &result);
      if (rc > 0)
        {
          batch_receive (batch, ld, result);
          deadline = 0;   /* progress: the timeout starts over */
          continue;
        }

      if (rc < 0)
        {
          /* The handle is unusable whatever the code: what was in flight
           * has an unknown outcome, and is retried on a new connection. */
          fail_from_handle (ld, CASARRAY_LDAP_OP_MODIFY, handle_result_code (ld),
                            "waiting for modify replies", &stop);
          batch_fail_in_flight (batch, ld, stop, FALSE, TRUE);
          batch_fail_unsent (batch, indices, next, stop, TRUE);
          return;
        }

      if (g_get_monotonic_time () >= deadline)
        {
          g_autofree char *diagnostic =
            g_strdup_printf ("no answer within %u ms", self->operation_timeout_ms);

          stop = casarray_ldap_error_new (CASARRAY_LDAP_OP_MODIFY, LDAP_TIMEOUT, diagnostic,
                                          "waiting for modify replies");
          batch_fail_in_flight (batch, ld, stop, TRUE, FALSE);
          batch_fail_unsent (batch, indices, next, stop, FALSE);
          return;
        }
    }
}

static GArray *
all_indices (guint n)
{
  GArray *indices = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);

  for (guint i = 0; i < n; i++)
    g_array_append_val (indices, i);
  return indices;
}

/* Runs the batch, then once more on a new connection for the items whose
 * connection broke (safe for the reasons given at run_operation_locked). */
static gboolean
modify_many_locked (CasarrayLdapBackend  *self,
                    Batch                *batch,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr(GArray) indices = all_indices (batch->dns->len);
  g_autoptr(GError) reconnect_error = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !ensure_connected_locked (self, cancellable, error))
    return FALSE;

  run_batch_locked (self, batch, indices, cancellable);
  if (batch->lost->len == 0)
    return TRUE;

  g_debug ("Connection to %s lost during %u modifies; reconnecting once",
           self->uri, batch->lost->len);
  drop_connection_locked (self);
  if (!ensure_connected_locked (self, cancellable, &reconnect_error))
    return TRUE;   /* the lost items keep their connection errors */

  g_array_set_size (indices, 0);
  g_array_append_vals (indices, batch->lost->data, batch->lost->len);
  g_array_set_size (batch->lost, 0);
  for (guint n = 0; n < indices->len; n++)
    g_clear_error (&batch->errors[g_array_index (indices, guint, n)]);

  run_batch_locked (self, batch, indices, cancellable);
  if (batch->lost->len > 0)
    drop_connection_locked (self);
  return TRUE;
}

static gboolean
casarray_ldap_backend_modify_many (CasarrayBackend  *backend,
                                   GPtrArray        *dns,
                                   GPtrArray        *mod_lists,
                                   GError          **errors,
                                   GCancellable     *cancellable,
                                   GError          **error)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  g_autoptr(GArray) in_flight = g_array_new (FALSE, FALSE, sizeof (InFlight));
  g_autoptr(GArray) lost = g_array_new (FALSE, FALSE, sizeof (guint));
  Batch batch = { dns, mod_lists, errors, in_flight, lost };
  SigpipeGuard guard;
  gboolean ok;

  g_return_val_if_fail (dns->len == mod_lists->len, FALSE);

  session_begin (self, &guard);
  ok = modify_many_locked (self, &batch, cancellable, error);
  session_end (self, &guard);
  return ok;
}

/* ---------------------------------------------------------------------- */
/* The object                                                             */

static gboolean
casarray_ldap_backend_open (CasarrayBackend  *backend,
                            GCancellable     *cancellable,
                            GError          **error)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  SigpipeGuard guard;
  gboolean ok;

  session_begin (self, &guard);
  ok = ensure_connected_locked (self, cancellable, error);
  session_end (self, &guard);
  return ok;
}

static void
casarray_ldap_backend_finalize (GObject *object)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (object);
  SigpipeGuard guard;

  /* The unbind request is written to a socket the server may have closed. */
  sigpipe_guard_enter (&guard);
  drop_connection_locked (self);
  sigpipe_guard_leave (&guard);

  g_free (self->uri);
  g_free (self->bind_dn);
  g_clear_pointer (&self->password, casarray_ldap_password_unref);
  g_free (self->sasl_mechanism);
  g_free (self->sasl_authz_id);
  g_free (self->sasl_user);
  g_free (self->tls_ca_file);
  g_free (self->configuration_dn);
  g_mutex_clear (&self->lock);

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
}

CasarrayBackend *
casarray_ldap_backend_new (const CasarrayLdapSettings *settings)
{
  CasarrayLdapBackend *self;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (settings->uri != NULL, NULL);

  self = g_object_new (CASARRAY_TYPE_LDAP_BACKEND, NULL);
  self->uri = g_strdup (settings->uri);
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
