/* casarray-ldap-tls-timeout.c: bounding the TLS handshake with an LBER sockbuf layer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldap-private.h"

#include <errno.h>

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
 * open_connection() and start_tls() (casarray-ldap-connection.c) disarm
 * it as soon as the handshake is over, and from then on it passes
 * everything through unchanged, so ldap_result() waits as before.  A
 * libldap that waits by itself is unaffected: its poll() then finds the
 * socket ready, because this layer has already waited. */

#define HANDSHAKE_LAYER_LEVEL (LBER_SBIOD_LEVEL_PROVIDER + 1)

static void
handshake_clock_arm (CasarrayLdapHandshakeClock *clock)
{
  clock->deadline = g_get_monotonic_time () +
                    (gint64) clock->timeout_ms * G_TIME_SPAN_MILLISECOND;
  clock->timed_out = FALSE;
  clock->cancelled = FALSE;
}

void
casarray_ldap_handshake_clock_disarm (CasarrayLdapHandshakeClock *clock)
{
  clock->deadline = 0;
}

/* Before a call that may run a handshake: what an earlier handshake of
 * this backend ended with must not be taken for this call's outcome. */
void
casarray_ldap_handshake_clock_reset (CasarrayLdapHandshakeClock *clock,
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
handshake_wait (CasarrayLdapHandshakeClock *clock,
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
  CasarrayLdapHandshakeClock *clock = sbiod->sbiod_pvt;
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
  CasarrayLdapHandshakeClock *clock = sbiod->sbiod_pvt;
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
void
casarray_ldap_handshake_started (LDAP *ld,
                                 void *session,
                                 void *context,
                                 void *arg)
{
  CasarrayLdapHandshakeClock *clock = arg;
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
