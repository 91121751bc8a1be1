/* test-timeouts.c: a server that accepts but never answers ends in a timeout
 *
 * A server can take the TCP connection and then say nothing: a black-holed
 * port, a process stopped with SIGSTOP (the kernel still completes the
 * connection from the listen backlog), a proxy that lost its upstream.
 * Each test below points a CasarrayDirectory at such a server and proves
 * that the operation ends with CASARRAY_ERROR_TIMEOUT within twice the
 * configured timeouts, and that the process did not spin while it waited:
 * the CPU time it used (getrusage, all threads) stays a small part of the
 * time it waited.  libldap 2.5 spins in the TLS handshake forever without
 * the library's own bound (see "Bounding the TLS handshake" in
 * casarray-ldap-backend.c); each test here hung before it.
 *
 * The cases: ldaps:// and StartTLS on first connect, against a listening
 * socket nobody accepts on, one that accepts and never writes, and a
 * stopped slapd; StartTLS against a server that accepts StartTLS and then
 * never answers the handshake; and reconnection: a directory that answered
 * once, then slapd stopped and replaced on its port by a black hole (the
 * next operation finds the connection gone and reconnects into it), and
 * one stopped with SIGSTOP under an open connection.
 *
 * The operations run as _async calls in GLib's worker threads while the
 * main loop waits with a guard of four times the bound, so that a hang is
 * reported as a failure instead of hanging the test.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <gio/gio.h>

#include <casarray/casarray.h>

#include "casarray-test-slapd.h"

#define ORG  "Contoso Corp"
#define SITE "Default-First-Site-Name"

/* both the network and the operation timeout */
#define TIMEOUT_MS 2000
/* "within the configured timeouts": twice, for a slow machine */
#define BOUND_MS   (2 * TIMEOUT_MS)

/* ------------------------------------------------------------------ */
/* Servers that never answer                                          */

typedef enum {
  HOLE_NO_ACCEPT,       /* listen() only: the kernel completes connections */
  HOLE_ACCEPT_SILENT,   /* accepts, reads nothing, writes nothing */
  HOLE_STARTTLS_SILENT, /* accepts StartTLS, then never answers the handshake */
} HoleKind;

typedef struct {
  HoleKind      kind;
  GSocket      *listener;
  guint16       port;
  char         *ldap_uri;
  char         *ldaps_uri;
  GCancellable *cancellable;
  GThread      *thread;
  GMutex        lock;
  GPtrArray    *connections;  /* of GSocket, kept open until the end */
} BlackHole;

/* An LDAPResult for the StartTLS request whose messageID is the INTEGER
 * TLV @message_id: ExtendedResponse (APPLICATION 24), success, empty
 * matchedDN and diagnosticMessage. */
static GBytes *
starttls_success (const guint8 *message_id,
                  gsize         message_id_length)
{
  static const guint8 extended_response[] = {
    0x78, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00,
  };
  GByteArray *reply = g_byte_array_new ();
  guint8 header[2] = { 0x30, (guint8) (message_id_length + sizeof extended_response) };

  g_byte_array_append (reply, header, sizeof header);
  g_byte_array_append (reply, message_id, message_id_length);
  g_byte_array_append (reply, extended_response, sizeof extended_response);
  return g_byte_array_free_to_bytes (reply);
}

/* Answers the StartTLS extended request read from @connection; FALSE if
 * what came was not one (short-form lengths only, as libldap sends it). */
static gboolean
answer_starttls (BlackHole *hole,
                 GSocket   *connection)
{
  guint8 request[512];
  gssize n = g_socket_receive (connection, (char *) request, sizeof request,
                               hole->cancellable, NULL);
  g_autoptr(GBytes) reply = NULL;
  gsize length;
  const guint8 *data;

  /* SEQUENCE { INTEGER messageID, [APPLICATION 23] ... } */
  if (n < 7 || request[0] != 0x30 || request[1] >= 0x80 || request[2] != 0x02 ||
      request[3] == 0 || request[3] > 4 || (gsize) n < 4u + request[3] + 1 ||
      request[4 + request[3]] != 0x77)
    return FALSE;
  reply = starttls_success (request + 2, 2u + request[3]);
  data = g_bytes_get_data (reply, &length);
  return g_socket_send (connection, (const char *) data, length, hole->cancellable, NULL) ==
         (gssize) length;
}

static gpointer
black_hole_thread (gpointer data)
{
  BlackHole *hole = data;

  for (;;)
    {
      GSocket *connection = g_socket_accept (hole->listener, hole->cancellable, NULL);
      char buffer[512];

      if (connection == NULL)
        break;
      g_mutex_lock (&hole->lock);
      g_ptr_array_add (hole->connections, connection);
      g_mutex_unlock (&hole->lock);

      if (hole->kind != HOLE_STARTTLS_SILENT)
        continue;
      if (!answer_starttls (hole, connection))
        g_test_message ("black hole: the first request was not StartTLS");
      /* the ClientHello, and anything else, goes unanswered; blocking
       * here costs no CPU */
      while (g_socket_receive (connection, buffer, sizeof buffer, hole->cancellable, NULL) > 0)
        ;
    }
  return NULL;
}

/* A black hole on 127.0.0.1:@port (0: any free port). */
static BlackHole *
black_hole_new (HoleKind kind,
                guint16  port)
{
  BlackHole *hole = g_new0 (BlackHole, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_from_string ("127.0.0.1");
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  hole->kind = kind;
  hole->cancellable = g_cancellable_new ();
  hole->connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&hole->lock);
  hole->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  /* reuse: the port may be one slapd just left */
  g_assert_true (g_socket_bind (hole->listener, address, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_socket_listen (hole->listener, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (hole->listener, &error);
  g_assert_no_error (error);
  hole->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  hole->ldap_uri = g_strdup_printf ("ldap://127.0.0.1:%u", (unsigned) hole->port);
  hole->ldaps_uri = g_strdup_printf ("ldaps://127.0.0.1:%u", (unsigned) hole->port);
  if (kind != HOLE_NO_ACCEPT)
    hole->thread = g_thread_new ("black-hole", black_hole_thread, hole);
  return hole;
}

static void
black_hole_free (BlackHole *hole)
{
  g_cancellable_cancel (hole->cancellable);
  if (hole->thread != NULL)
    g_thread_join (hole->thread);
  g_socket_close (hole->listener, NULL);
  g_object_unref (hole->listener);
  g_ptr_array_unref (hole->connections);
  g_object_unref (hole->cancellable);
  g_mutex_clear (&hole->lock);
  g_free (hole->ldap_uri);
  g_free (hole->ldaps_uri);
  g_free (hole);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BlackHole, black_hole_free)

/* ------------------------------------------------------------------ */
/* Waiting for an operation, and what it cost                         */

static double
cpu_seconds (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return (double) usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         (double) usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

typedef struct {
  GMainLoop    *loop;
  GAsyncResult *result;
} Waiter;

static void
operation_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

static gboolean
guard_expired (gpointer user_data)
{
  Waiter *waiter = user_data;

  g_main_loop_quit (waiter->loop);
  return G_SOURCE_REMOVE;
}

/* Lists the sites of @directory and asserts that this ends in
 * CASARRAY_ERROR_TIMEOUT within BOUND_MS without spinning. */
static void
assert_times_out (CasarrayDirectory *directory,
                  const char        *what)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Waiter waiter = { loop, NULL };
  g_autoptr(GPtrArray) sites = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  double cpu_before = cpu_seconds ();
  double waited, cpu;
  guint guard;

  casarray_directory_get_sites_async (directory, NULL, NULL, NULL, operation_done, &waiter);
  guard = g_timeout_add (4 * BOUND_MS, guard_expired, &waiter);
  g_main_loop_run (loop);
  waited = (g_get_monotonic_time () - started) / 1e6;
  cpu = cpu_seconds () - cpu_before;

  if (waiter.result == NULL)
    g_error ("%s: the operation still runs after %.1f s (and used %.1f s of CPU): "
             "it hangs instead of timing out", what, waited, cpu);
  g_source_remove (guard);

  sites = casarray_directory_get_sites_finish (directory, waiter.result, &error);
  g_clear_object (&waiter.result);
  g_test_message ("%s: %.2f s, %.3f s of CPU: %s", what, waited, cpu,
                  error != NULL ? error->message : "(no error)");
  g_assert_null (sites);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_TIMEOUT);
  g_assert_cmpfloat (waited, <=, BOUND_MS / 1000.0);
  /* the timeout, not an early failure */
  g_assert_cmpfloat (waited, >=, TIMEOUT_MS / 1000.0 * 0.9);
  /* A busy loop uses a whole core (every wait above was one); waiting in
   * poll() uses almost nothing beyond setting up TLS. */
  g_assert_cmpfloat (cpu, <, 0.25 * waited);
}

static CasarrayDirectory *
open_directory (const char *uri,
                gboolean    start_tls)
{
  CasarrayDirectory *directory = casarray_directory_new (uri);

  casarray_directory_set_start_tls (directory, start_tls);
  /* nothing to verify against: the server never gets as far as sending
   * a certificate, and the real slapd's CA is not the point here */
  casarray_directory_set_tls_verify (directory, FALSE);
  casarray_directory_set_network_timeout (directory, TIMEOUT_MS);
  casarray_directory_set_operation_timeout (directory, TIMEOUT_MS);
  return directory;
}

/* ------------------------------------------------------------------ */
/* First connection                                                   */

static void
test_ldaps_not_accepted (void)
{
  g_autoptr(BlackHole) hole = black_hole_new (HOLE_NO_ACCEPT, 0);
  g_autoptr(CasarrayDirectory) directory = open_directory (hole->ldaps_uri, FALSE);

  assert_times_out (directory, "ldaps://, connection never accepted");
}

static void
test_ldaps_accepted_silent (void)
{
  g_autoptr(BlackHole) hole = black_hole_new (HOLE_ACCEPT_SILENT, 0);
  g_autoptr(CasarrayDirectory) directory = open_directory (hole->ldaps_uri, FALSE);

  assert_times_out (directory, "ldaps://, accepted, never answered");
  g_assert_cmpuint (hole->connections->len, >=, 1);
}

static void
test_start_tls_not_accepted (void)
{
  g_autoptr(BlackHole) hole = black_hole_new (HOLE_NO_ACCEPT, 0);
  g_autoptr(CasarrayDirectory) directory = open_directory (hole->ldap_uri, TRUE);

  assert_times_out (directory, "StartTLS, connection never accepted");
}

/* The extended operation succeeds; the handshake after it is what hangs. */
static void
test_start_tls_handshake_silent (void)
{
  g_autoptr(BlackHole) hole = black_hole_new (HOLE_STARTTLS_SILENT, 0);
  g_autoptr(CasarrayDirectory) directory = open_directory (hole->ldap_uri, TRUE);

  assert_times_out (directory, "StartTLS accepted, handshake never answered");
  g_assert_cmpuint (hole->connections->len, >=, 1);
}

/* Starts a TLS slapd holding the organisation and its site. */
static CasarrayTestSlapd *
start_slapd (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayTestSlapd) slapd = casarray_test_slapd_start_tls (&error);
  g_autoptr(CasarrayDirectory) setup = NULL;
  g_autoptr(CasarraySite) site = NULL;

  g_assert_no_error (error);
  setup = open_directory (casarray_test_slapd_get_ldap_uri (slapd), FALSE);
  casarray_directory_set_bind_dn (setup, casarray_test_slapd_get_admin_dn (slapd));
  casarray_directory_set_password_file (setup, casarray_test_slapd_get_admin_password_file (slapd));
  g_assert_true (casarray_directory_new_organization_sync (setup, ORG, NULL, &error));
  g_assert_no_error (error);
  site = casarray_directory_new_site_sync (setup, SITE, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&slapd);
}

static CasarrayDirectory *
open_slapd (CasarrayTestSlapd *slapd,
            const char        *uri,
            gboolean           start_tls)
{
  CasarrayDirectory *directory = open_directory (uri, start_tls);

  casarray_directory_set_bind_dn (directory, casarray_test_slapd_get_admin_dn (slapd));
  casarray_directory_set_password_file (directory,
                                        casarray_test_slapd_get_admin_password_file (slapd));
  return directory;
}

static void
assert_lists_site (CasarrayDirectory *directory)
{
  g_autoptr(GPtrArray) sites = NULL;
  g_autoptr(GError) error = NULL;

  sites = casarray_directory_get_sites_sync (directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 1);
  g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (g_ptr_array_index (sites, 0))), ==, SITE);
}

static void
stop_process (CasarrayTestSlapd *slapd)
{
  g_assert_cmpint (kill (casarray_test_slapd_get_pid (slapd), SIGSTOP), ==, 0);
}

static void
continue_process (CasarrayTestSlapd *slapd)
{
  g_assert_cmpint (kill (casarray_test_slapd_get_pid (slapd), SIGCONT), ==, 0);
}

/* slapd stopped with SIGSTOP: the kernel completes the TCP connection from
 * the listen backlog, and nothing answers the ClientHello (ldaps://) or
 * the StartTLS request. */
static void
test_stopped_slapd (void)
{
  g_autoptr(CasarrayTestSlapd) slapd = start_slapd ();
  g_autoptr(CasarrayDirectory) ldaps =
    open_slapd (slapd, casarray_test_slapd_get_ldaps_uri (slapd), FALSE);
  g_autoptr(CasarrayDirectory) start_tls =
    open_slapd (slapd, casarray_test_slapd_get_ldap_uri (slapd), TRUE);
  g_autoptr(CasarrayDirectory) after = NULL;

  stop_process (slapd);
  assert_times_out (ldaps, "ldaps://, slapd stopped");
  assert_times_out (start_tls, "StartTLS, slapd stopped");
  continue_process (slapd);

  /* and both work once it runs again: the timeouts broke nothing */
  after = open_slapd (slapd, casarray_test_slapd_get_ldaps_uri (slapd), FALSE);
  assert_lists_site (after);
  g_clear_object (&after);
  after = open_slapd (slapd, casarray_test_slapd_get_ldap_uri (slapd), TRUE);
  assert_lists_site (after);
}

/* ------------------------------------------------------------------ */
/* Reconnection                                                       */

/* The directory answered once; then slapd goes away and a black hole
 * takes its port.  The next operation finds the connection gone and
 * reconnects, into the black hole.  Then the black hole goes too: the
 * next attempt is refused, and says so (the earlier timeout is not
 * reported again). */
static void
test_reconnect_into_black_hole (gconstpointer data)
{
  HoleKind kind = GPOINTER_TO_INT (data);
  g_autoptr(CasarrayTestSlapd) slapd = start_slapd ();
  g_autoptr(CasarrayDirectory) directory =
    open_slapd (slapd, casarray_test_slapd_get_ldaps_uri (slapd), FALSE);
  g_autoptr(BlackHole) hole = NULL;

  assert_lists_site (directory);
  casarray_test_slapd_stop (slapd);
  hole = black_hole_new (kind, casarray_test_slapd_get_ldaps_port (slapd));
  assert_times_out (directory, kind == HOLE_NO_ACCEPT
                               ? "ldaps:// reconnecting, connection never accepted"
                               : "ldaps:// reconnecting, accepted, never answered");

  g_clear_pointer (&hole, black_hole_free);
  {
    g_autoptr(GPtrArray) sites = NULL;
    g_autoptr(GError) error = NULL;

    sites = casarray_directory_get_sites_sync (directory, NULL, NULL, NULL, &error);
    g_test_message ("then: %s", error != NULL ? error->message : "(no error)");
    g_assert_null (sites);
    g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION);
  }
}

/* The directory answered once, then slapd is stopped under the open
 * connection (ldaps:// and StartTLS): the request goes unanswered.  Then
 * a setting changes, and the new connection's handshake goes unanswered
 * too. */
static void
test_stopped_under_connection (void)
{
  g_autoptr(CasarrayTestSlapd) slapd = start_slapd ();
  g_autoptr(CasarrayDirectory) ldaps =
    open_slapd (slapd, casarray_test_slapd_get_ldaps_uri (slapd), FALSE);
  g_autoptr(CasarrayDirectory) start_tls =
    open_slapd (slapd, casarray_test_slapd_get_ldap_uri (slapd), TRUE);

  assert_lists_site (ldaps);
  assert_lists_site (start_tls);
  stop_process (slapd);
  assert_times_out (ldaps, "ldaps://, slapd stopped under the connection");
  assert_times_out (start_tls, "StartTLS, slapd stopped under the connection");

  /* a new connection (a setting changed) into the stopped slapd */
  casarray_directory_set_operation_timeout (ldaps, TIMEOUT_MS + 1);
  casarray_directory_set_operation_timeout (start_tls, TIMEOUT_MS + 1);
  assert_times_out (ldaps, "ldaps://, new connection, slapd stopped");
  assert_times_out (start_tls, "StartTLS, new connection, slapd stopped");
  continue_process (slapd);

  assert_lists_site (ldaps);
  assert_lists_site (start_tls);
}

int
main (int argc, char **argv)
{
  g_setenv ("LDAPNOINIT", "1", FALSE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timeouts/first/ldaps-not-accepted", test_ldaps_not_accepted);
  g_test_add_func ("/timeouts/first/ldaps-accepted-silent", test_ldaps_accepted_silent);
  g_test_add_func ("/timeouts/first/start-tls-not-accepted", test_start_tls_not_accepted);
  g_test_add_func ("/timeouts/first/start-tls-handshake-silent", test_start_tls_handshake_silent);
  g_test_add_func ("/timeouts/first/stopped-slapd", test_stopped_slapd);
  g_test_add_data_func ("/timeouts/reconnect/not-accepted",
                        GINT_TO_POINTER (HOLE_NO_ACCEPT), test_reconnect_into_black_hole);
  g_test_add_data_func ("/timeouts/reconnect/accepted-silent",
                        GINT_TO_POINTER (HOLE_ACCEPT_SILENT), test_reconnect_into_black_hole);
  g_test_add_func ("/timeouts/reconnect/stopped-under-connection", test_stopped_under_connection);

  return g_test_run ();
}
