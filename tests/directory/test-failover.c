/* test-failover.c: a handle given several URIs fails over in order
 *
 * Two throwaway slapds on addresses of their own, 127.0.0.21 (the first
 * URI) and 127.0.0.22 (the second), with the same accounts and passwords,
 * as replicas would have (the data need not replicate for this).  The
 * first is made unusable in each way a server goes away: not running
 * (connection refused), stopped with SIGSTOP (the kernel still takes the
 * connection, nothing answers), killed under an open connection; calls
 * then succeed on the second, CasarrayDirectory:connected-uri names it,
 * and once the first is back a new connection uses it again.  A refused
 * bind does not move on to the next server, and when every server fails
 * the error names each.
 *
 * Which server served a call is proven from the servers' side too: their
 * cn=Monitor search counters (casarray_test_slapd_count_operations).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>

#include <glib/gstdio.h>

#include <casarray/casarray.h>

#include "casarray-test-slapd.h"

/* Short, so that the stopped-server cases take seconds, not the defaults'
 * 6 + 8; and clearly apart from the margins asserted below. */
#define NETWORK_TIMEOUT_MS   1000
#define OPERATION_TIMEOUT_MS 1500

#define SHARED_ROOT_PASSWORD  "failover-root-secret"
#define SHARED_ADMIN_PASSWORD "failover-admin-secret"

static CasarrayTestSlapd *first;   /* 127.0.0.21 */
static CasarrayTestSlapd *second;  /* 127.0.0.22 */

static CasarrayTestSlapd *
start_server (const char *address)
{
  CasarrayTestSlapdOptions options = {
    .address = address,
    .root_password = SHARED_ROOT_PASSWORD,
    .admin_password = SHARED_ADMIN_PASSWORD,
  };
  g_autoptr(GError) error = NULL;
  CasarrayTestSlapd *slapd = casarray_test_slapd_start_with_options (&options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (slapd);
  return slapd;
}

/* Every test starts with both servers running and answering. */
static void
ensure_running (CasarrayTestSlapd *slapd)
{
  g_autoptr(GError) error = NULL;

  if (casarray_test_slapd_get_pid (slapd) != 0)
    {
      kill (casarray_test_slapd_get_pid (slapd), SIGCONT);
      return;
    }
  g_assert_true (casarray_test_slapd_restart (slapd, &error));
  g_assert_no_error (error);
}

static void
both_running (void)
{
  ensure_running (first);
  ensure_running (second);
}

/* SIGSTOP, and wait until every thread of @pid is stopped: kill() returns
 * before the stop takes effect, and a request sent meanwhile could still
 * be answered. */
static void
stop_process (GPid pid)
{
  g_autofree char *tasks = g_strdup_printf ("/proc/%d/task", (int) pid);
  gint64 deadline = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;

  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
  for (;;)
    {
      g_autoptr(GDir) dir = g_dir_open (tasks, 0, NULL);
      gboolean all_stopped = dir != NULL;
      const char *task;

      while (dir != NULL && (task = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (tasks, task, "stat", NULL);
          g_autofree char *stat = NULL;
          const char *end;

          /* "pid (comm) STATE ...": the state follows the last ')' */
          if (!g_file_get_contents (path, &stat, NULL, NULL) ||
              (end = strrchr (stat, ')')) == NULL || end[1] == '\0' ||
              (end[2] != 'T' && end[2] != 't'))
            all_stopped = FALSE;
        }
      if (all_stopped)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);
    }
}

static char *
both_uris (const char *separator)
{
  return g_strconcat (casarray_test_slapd_get_ldap_uri (first), separator,
                      casarray_test_slapd_get_ldap_uri (second), NULL);
}

static CasarrayDirectory *
new_directory (const char *uri,
               const char *password_file)
{
  CasarrayDirectory *directory = casarray_directory_new (uri);

  casarray_directory_set_bind_dn (directory, casarray_test_slapd_get_admin_dn (first));
  casarray_directory_set_password_file (directory, password_file);
  casarray_directory_set_network_timeout (directory, NETWORK_TIMEOUT_MS);
  casarray_directory_set_operation_timeout (directory, OPERATION_TIMEOUT_MS);
  return directory;
}

/* Both servers have the same admin password: either file will do. */
static CasarrayDirectory *
new_failover_directory (void)
{
  g_autofree char *uris = both_uris (" ");

  return new_directory (uris, casarray_test_slapd_get_admin_password_file (first));
}

static void
assert_connected_to (CasarrayDirectory *directory,
                     CasarrayTestSlapd *slapd)
{
  g_autofree char *uri = casarray_directory_dup_connected_uri (directory);
  g_autofree char *property = NULL;

  g_assert_cmpstr (uri, ==, casarray_test_slapd_get_ldap_uri (slapd));
  g_object_get (directory, "connected-uri", &property, NULL);
  g_assert_cmpstr (property, ==, casarray_test_slapd_get_ldap_uri (slapd));
}

static guint64
count (CasarrayTestSlapd *slapd,
       const char        *operation)
{
  g_autoptr(GError) error = NULL;
  guint64 n = 0;

  g_assert_true (casarray_test_slapd_count_operations (slapd, operation, &n, &error));
  g_assert_no_error (error);
  return n;
}

/* How many @operation a call made on @slapd: reading the counter has a
 * cost of its own, measured first, so only the call's share is left. */
typedef struct {
  CasarrayTestSlapd *slapd;
  const char        *operation;
  guint64            before;
  guint64            own_cost;  /* of one reading */
  guint              readings;  /* since @before */
} Counter;

static Counter
counter_start (CasarrayTestSlapd *slapd,
               const char        *operation)
{
  Counter counter = { slapd, operation, 0, 0, 0 };
  guint64 start = count (slapd, operation);

  counter.before = count (slapd, operation);
  counter.own_cost = counter.before - start;
  return counter;
}

/* Each reading costs own_cost more, after it has read. */
static guint64
counter_read (Counter *counter)
{
  guint64 n = count (counter->slapd, counter->operation);
  guint64 spent = counter->before + counter->own_cost * (1 + counter->readings);

  counter->readings++;
  g_assert_cmpuint (n, >=, spent);
  return n - spent;
}

/* At least one @operation of the call on @counter's server.  slapd counts
 * an operation as completed after it has sent the result, so the client
 * can be faster than the counter: look again for a while before failing. */
static void
assert_counted (Counter *counter)
{
  gint64 deadline = g_get_monotonic_time () + 3 * G_TIME_SPAN_SECOND;
  guint64 n;

  while ((n = counter_read (counter)) == 0 && g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  g_assert_cmpuint (n, >=, 1);
}

/* The connect call reads the Exchange organisation: one search each time
 * (these directories have none, so nothing is cached). */
static void
assert_call_works (CasarrayDirectory *directory)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (casarray_directory_connect_sync (directory, NULL, &error));
  g_assert_no_error (error);
}

/* Nothing listens on the first address: refused at once, the second
 * answers, and the handle says so. */
static void
test_first_not_running (void)
{
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  Counter searches;

  both_running ();
  casarray_test_slapd_stop (first);
  directory = new_failover_directory ();
  g_assert_null (casarray_directory_dup_connected_uri (directory));

  searches = counter_start (second, "Search");
  assert_call_works (directory);
  /* a refused connection costs no timeout */
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, NETWORK_TIMEOUT_MS / 1000.0);
  assert_connected_to (directory, second);
  assert_counted (&searches);
}

/* Both up: the first of the list is used, whichever separator libldap's
 * syntax allows, and when the list comes as an array. */
static void
test_first_preferred (void)
{
  const char *separators[] = { " ", ",", " , " };

  both_running ();
  for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
    {
      g_autofree char *uris = both_uris (separators[i]);
      g_autoptr(CasarrayDirectory) directory =
        new_directory (uris, casarray_test_slapd_get_admin_password_file (first));
      Counter on_second = counter_start (second, "Search");

      assert_call_works (directory);
      assert_connected_to (directory, first);
      g_assert_cmpuint (counter_read (&on_second), ==, 0);
    }

  {
    const char *uris[] = {
      casarray_test_slapd_get_ldap_uri (second), casarray_test_slapd_get_ldap_uri (first), NULL,
    };
    g_autoptr(CasarrayDirectory) directory = casarray_directory_new_for_uris (uris);
    g_autofree char *joined = g_strjoinv (" ", (char **) uris);
    Counter on_first = counter_start (first, "Search");

    g_assert_cmpstr (casarray_directory_get_uri (directory), ==, joined);
    casarray_directory_set_bind_dn (directory, casarray_test_slapd_get_admin_dn (first));
    casarray_directory_set_password_file (directory,
                                          casarray_test_slapd_get_admin_password_file (first));
    assert_call_works (directory);
    /* the order given, not the order the servers were started in */
    assert_connected_to (directory, second);
    g_assert_cmpuint (counter_read (&on_first), ==, 0);
  }
}

/* The first takes the TCP connection (the kernel does, for a stopped
 * process) and never answers: libldap alone would wait there; the bind's
 * operation timeout ends the wait and the second is used, within that
 * timeout plus a margin. */
static void
test_first_stopped (void)
{
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(GTimer) timer = NULL;
  GPid pid;

  both_running ();
  pid = casarray_test_slapd_get_pid (first);
  directory = new_failover_directory ();
  stop_process (pid);

  timer = g_timer_new ();
  assert_call_works (directory);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, OPERATION_TIMEOUT_MS / 1000.0 + 3.0);
  assert_connected_to (directory, second);

  g_assert_cmpint (kill (pid, SIGCONT), ==, 0);
}

/* Connected to the first, which dies: the call that finds the connection
 * gone reconnects, fails over, and succeeds on the second.  Once the first
 * is back, a new handle uses it, and so does this handle's next new
 * connection (after the second goes away). */
static void
test_reconnect_fails_over_and_back (void)
{
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(CasarrayDirectory) later = NULL;
  Counter on_second;
  Counter on_first;

  both_running ();
  directory = new_failover_directory ();
  assert_call_works (directory);
  assert_connected_to (directory, first);

  casarray_test_slapd_stop (first);
  on_second = counter_start (second, "Search");
  assert_call_works (directory);
  assert_connected_to (directory, second);
  assert_counted (&on_second);

  ensure_running (first);
  /* a working connection is kept: no fail-back while the second works */
  assert_call_works (directory);
  assert_connected_to (directory, second);

  later = new_failover_directory ();
  assert_call_works (later);
  assert_connected_to (later, first);

  casarray_test_slapd_stop (second);
  on_first = counter_start (first, "Search");
  assert_call_works (directory);
  assert_connected_to (directory, first);
  assert_counted (&on_first);
}

/* Connected to the first, which stops answering (SIGSTOP): that call
 * times out (its time is spent; no retry), the connection is given up,
 * and the next call connects to the second. */
static void
test_hung_server_left (void)
{
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;
  GPid pid;

  both_running ();
  pid = casarray_test_slapd_get_pid (first);
  directory = new_failover_directory ();
  assert_call_works (directory);
  assert_connected_to (directory, first);

  stop_process (pid);
  timer = g_timer_new ();
  g_assert_false (casarray_directory_connect_sync (directory, NULL, &error));
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_TIMEOUT);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, OPERATION_TIMEOUT_MS / 1000.0 + 3.0);

  assert_call_works (directory);
  assert_connected_to (directory, second);
  g_assert_cmpint (kill (pid, SIGCONT), ==, 0);
}

/* Every server down: one error, of the connection kind, naming each
 * server and what it did. */
static void
test_all_down (void)
{
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(GError) error = NULL;

  both_running ();
  directory = new_failover_directory ();
  casarray_test_slapd_stop (first);
  casarray_test_slapd_stop (second);

  g_assert_false (casarray_directory_connect_sync (directory, NULL, &error));
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, "None of the 2 directory servers answered"));
  g_assert_nonnull (strstr (error->message, casarray_test_slapd_get_ldap_uri (first)));
  g_assert_nonnull (strstr (error->message, casarray_test_slapd_get_ldap_uri (second)));
  g_assert_null (casarray_directory_dup_connected_uri (directory));
}

/* A wrong password is refused by the first server; the second is never
 * asked (the accounts are the same on every replica, and each try is one
 * more failed logon against the account). */
static void
test_refused_bind_stays (void)
{
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uris = NULL;
  g_autofree char *wrong_file = NULL;
  Counter binds;
  int fd;

  both_running ();
  fd = g_file_open_tmp ("failover-password-XXXXXX", &wrong_file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (fd, "not-the-password", 16), ==, 16);
  close (fd);
  g_assert_cmpint (g_chmod (wrong_file, 0600), ==, 0);

  uris = both_uris (" ");
  directory = new_directory (uris, wrong_file);
  binds = counter_start (second, "Bind");
  g_assert_false (casarray_directory_connect_sync (directory, NULL, &error));
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION);
  g_assert_null (strstr (error->message, casarray_test_slapd_get_ldap_uri (second)));
  g_assert_cmpuint (counter_read (&binds), ==, 0);

  g_unlink (wrong_file);
}

/* casarray -v says which server answered, and why the first was passed
 * over; on standard error, standard output being the pipeline's. */
static void
test_cli_verbose (void)
{
  g_autofree char *uris = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *connected = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  both_running ();
  casarray_test_slapd_stop (first);
  uris = both_uris (" ");
  {
    const char *argv[] = {
      CASARRAY_CLI, "-v", "--store", uris,
      "--bind-dn", casarray_test_slapd_get_admin_dn (first),
      "--password-file", casarray_test_slapd_get_admin_password_file (first),
      "Get-ADSite", NULL,
    };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &wait_status, &error));
    g_assert_no_error (error);
  }
  g_test_message ("casarray -v wrote: %s", err);
  connected = g_strdup_printf ("Connected to %s", casarray_test_slapd_get_ldap_uri (second));
  g_assert_nonnull (strstr (err, connected));
  g_assert_nonnull (strstr (err, casarray_test_slapd_get_ldap_uri (first)));
  g_assert_null (strstr (out, "Connected to"));
}

int
main (int argc, char **argv)
{
  int status;

  g_setenv ("LDAPNOINIT", "1", FALSE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/failover/first-not-running", test_first_not_running);
  g_test_add_func ("/failover/first-preferred", test_first_preferred);
  g_test_add_func ("/failover/first-stopped", test_first_stopped);
  g_test_add_func ("/failover/reconnect-fails-over-and-back", test_reconnect_fails_over_and_back);
  g_test_add_func ("/failover/hung-server-left", test_hung_server_left);
  g_test_add_func ("/failover/all-down", test_all_down);
  g_test_add_func ("/failover/refused-bind-stays", test_refused_bind_stays);
  g_test_add_func ("/failover/cli-verbose", test_cli_verbose);

  /* from the main thread, which outlives them (PR_SET_PDEATHSIG) */
  first = start_server ("127.0.0.21");
  second = start_server ("127.0.0.22");
  status = g_test_run ();
  g_clear_pointer (&first, casarray_test_slapd_free);
  g_clear_pointer (&second, casarray_test_slapd_free);
  return status;
}
