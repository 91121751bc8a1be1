/* test-kerberos.c -- SASL GSSAPI binds against the Samba AD DC's KDC
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One Samba AD DC (tests/fixture/casarray-test-samba.h: LDAP and KDC, the
 * SPN ldap/dc1.contoso.com registered) for the whole program.  Kerberos
 * needs the client to connect by the DC's DNS name, so main() first moves
 * this process into a private mount namespace and bind-mounts a copy of
 * /etc/hosts that adds "127.0.0.N dc1.contoso.com" over /etc/hosts: the
 * real file and every other process are untouched, and the mount goes
 * away with the process.  The KDC comes from the fixture's krb5.conf
 * (KRB5_CONFIG: kdc = 127.0.0.N, no DNS, no reverse lookups); each test
 * gets its own credential cache (KRB5CCNAME) in a temporary folder, filled
 * by the real kinit reading the lab password on its standard input.
 *
 * Needs root (the namespace, the fixture's address), samba, krb5-user and
 * libsasl2-modules-gssapi-mit: skipped elsewhere, but not in CI (CI set),
 * where .ci/setup installed them.
 */
#define _GNU_SOURCE  /* unshare() */

#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <casarray/casarray.h>

#include "casarray-test-calls.h"
#include "casarray-test-samba.h"

#ifndef CASARRAY_CLI
#error "CASARRAY_CLI must name the casarray program"
#endif

#define PRINCIPAL "Administrator@CONTOSO.COM"

static CasarrayTestSamba *dc;       /* NULL when unavailable */
static char *skip_reason;
static char *tmp_dir;               /* ccaches, the hosts copy */
static char *hosts_copy;
static char *ldap_uri;              /* ldap://dc1.contoso.com */

/* The last "Bound to ... with SASL" debug message of the library, which
 * reports LDAP_OPT_X_SASL_USERNAME and LDAP_OPT_X_SASL_SSF after a bind. */
static char *last_sasl_bind;

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  if ((level & G_LOG_LEVEL_DEBUG) != 0)
    for (gsize i = 0; i < n_fields; i++)
      if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 &&
          g_str_has_prefix (fields[i].value, "Bound to ") &&
          strstr (fields[i].value, " with SASL ") != NULL)
        {
          g_free (last_sasl_bind);
          last_sasl_bind = g_strdup (fields[i].value);
        }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static gboolean
available_or_skip (void)
{
  if (dc != NULL)
    return TRUE;
  if (g_getenv ("CI") != NULL)
    g_error ("cannot run the Kerberos tests in CI: %s", skip_reason);
  g_test_skip (skip_reason);
  return FALSE;
}

/* KRB5CCNAME, set once by main() before any thread exists (setenv is not
 * thread-safe); each test fills or empties this one cache. */
static char *ccache;

static void
empty_ccache (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "ccache", NULL);

  g_assert_true (g_unlink (path) == 0 || errno == ENOENT);
}

/* kinit @principal with the password in @password_file on stdin;
 * @lifetime NULL for the default */
static void
kinit_as (const char *principal,
          const char *password_file,
          const char *lifetime)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_set_stdin_file_path (launcher, password_file);
  if (lifetime != NULL)
    process = g_subprocess_launcher_spawn (launcher, &error, "kinit", "-l", lifetime, principal, NULL);
  else
    process = g_subprocess_launcher_spawn (launcher, &error, "kinit", principal, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

/* kinit Administrator with the lab password */
static void
kinit (const char *lifetime)
{
  kinit_as (PRINCIPAL, casarray_test_samba_get_admin_password_file (dc), lifetime);
}

static CasarrayDirectory *
gssapi_directory (void)
{
  CasarrayDirectory *directory = casarray_directory_new (ldap_uri);

  casarray_directory_set_sasl_mechanism (directory, "GSSAPI");
  return directory;
}

static guint
sasl_ssf (void)
{
  const char *ssf;

  g_assert_nonnull (last_sasl_bind);
  ssf = strstr (last_sasl_bind, "security strength factor ");
  g_assert_nonnull (ssf);
  return (guint) g_ascii_strtoull (ssf + strlen ("security strength factor "), NULL, 10);
}

static gboolean
has_database (GPtrArray  *databases,
              const char *name,
              const char *rpc_client_access_server)
{
  for (guint i = 0; i < databases->len; i++)
    {
      CasarrayMailboxDatabase *db = databases->pdata[i];

      if (g_strcmp0 (casarray_object_get_name (CASARRAY_OBJECT (db)), name) == 0)
        return rpc_client_access_server == NULL ||
               g_ascii_strcasecmp (casarray_mailbox_database_get_rpc_client_access_server (db),
                                   rpc_client_access_server) == 0;
    }
  return FALSE;
}

/* The organisation the tests' objects go in, whichever test runs first. */
static void
ensure_organization (CasarrayDirectory *directory)
{
  g_autoptr(GError) error = NULL;

  if (!casarray_directory_new_organization_sync (directory, "Contoso", NULL, &error))
    {
      g_test_message ("New-Organization: %s", error->message);
      g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS);
    }
}

/* The settings are properties and copies, like the others. */
static void
test_settings (void)
{
  g_autoptr(CasarrayDirectory) directory = casarray_directory_new ("ldap://dc1.contoso.com");
  g_autofree char *mechanism = NULL;
  g_autofree char *authzid = NULL;

  g_assert_null (casarray_directory_get_sasl_mechanism (directory));
  g_assert_null (casarray_directory_get_sasl_authorization_id (directory));
  casarray_directory_set_sasl_mechanism (directory, "GSSAPI");
  g_object_set (directory, "sasl-authorization-id", "dn:CN=x,DC=contoso,DC=com", NULL);
  g_object_get (directory, "sasl-mechanism", &mechanism, NULL);
  authzid = casarray_directory_get_sasl_authorization_id (directory);
  g_assert_cmpstr (mechanism, ==, "GSSAPI");
  g_assert_cmpstr (authzid, ==, "dn:CN=x,DC=contoso,DC=com");
  /* "" is the simple bind, like NULL */
  casarray_directory_set_sasl_mechanism (directory, "");
  g_assert_null (casarray_directory_get_sasl_mechanism (directory));
}

/* kinit, then a GSSAPI bind with a security layer lists and changes
 * databases (AD's writes as Administrator through the ticket). */
static void
test_gssapi_read_write (void)
{
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(CasarrayServer) mbx = NULL;
  g_autoptr(CasarrayServer) cas = NULL;
  g_autoptr(CasarrayMailboxDatabase) db = NULL;
  g_autoptr(GPtrArray) databases = NULL;
  g_autoptr(GError) error = NULL;

  if (!available_or_skip ())
    return;
  kinit (NULL);

  directory = gssapi_directory ();
  g_clear_pointer (&last_sasl_bind, g_free);
  ensure_organization (directory);
  /* who the ticket is, and a sealed (or at least signed) connection */
  g_assert_nonnull (strstr (last_sasl_bind, "with SASL GSSAPI as " PRINCIPAL));
  g_assert_cmpuint (sasl_ssf (), >, 0);

  mbx = casarray_test_new_server (directory, "MBX1", "mbx1.contoso.com",
                                  "Default-First-Site-Name",
                                  CASARRAY_SERVER_ROLE_MAILBOX, NULL, &error);
  g_assert_no_error (error);
  cas = casarray_test_new_server (directory, "CAS1", "cas1.contoso.com",
                                  "Default-First-Site-Name",
                                  CASARRAY_SERVER_ROLE_CLIENT_ACCESS, NULL, &error);
  g_assert_no_error (error);
  db = casarray_directory_new_mailbox_database_sync (directory, "DB1", "MBX1", NULL, NULL, &error);
  g_assert_no_error (error);

  databases = casarray_directory_get_mailbox_databases_sync (directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (has_database (databases, "DB1", NULL));
  g_clear_pointer (&databases, g_ptr_array_unref);

  g_assert_true (casarray_test_set_database (directory, "DB1", "cas1.contoso.com",
                                             NULL, NULL, &error));
  g_assert_no_error (error);

  /* a new handle: a new bind, and what the DC now holds */
  g_clear_object (&directory);
  directory = gssapi_directory ();
  databases = casarray_directory_get_mailbox_databases_sync (directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (has_database (databases, "DB1", "cas1.contoso.com"));
}

/* Over StartTLS the bind asks for no SASL layer on top of TLS, which AD
 * refuses ("Sign or Seal are not allowed if TLS is used"). */
static void
test_gssapi_start_tls (void)
{
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(GPtrArray) databases = NULL;
  g_autoptr(GError) error = NULL;

  if (!available_or_skip ())
    return;
  kinit (NULL);

  directory = gssapi_directory ();
  casarray_directory_set_start_tls (directory, TRUE);
  casarray_directory_set_tls_ca_file (directory, casarray_test_samba_get_ca_file (dc));
  g_clear_pointer (&last_sasl_bind, g_free);
  g_assert_true (casarray_directory_connect_sync (directory, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sasl_ssf (), ==, 0);
  /* reads and writes on that connection */
  ensure_organization (directory);
  databases = casarray_directory_get_mailbox_databases_sync (directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* An account without read rights on the organisation is named by its
 * Kerberos principal, which is all a GSSAPI bind knows of it. */
static void
test_gssapi_account_named (void)
{
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(GPtrArray) databases = NULL;
  g_autoptr(GError) error = NULL;

  if (!available_or_skip ())
    return;
  kinit (NULL);
  directory = gssapi_directory ();
  ensure_organization (directory);
  g_clear_object (&directory);

  kinit_as ("exreader@CONTOSO.COM", casarray_test_samba_get_user_password_file (dc), NULL);
  directory = gssapi_directory ();
  databases = casarray_directory_get_mailbox_databases_sync (directory, NULL, NULL, NULL, &error);
  g_assert_null (databases);
  g_test_message ("%s", error->message);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "The account exreader@CONTOSO.COM lacks read rights"));
}

static void
assert_authentication_error (const char *reason)
{
  g_autoptr(CasarrayDirectory) directory = gssapi_directory ();
  g_autoptr(GPtrArray) databases = NULL;
  g_autoptr(GError) error = NULL;

  databases = casarray_directory_get_mailbox_databases_sync (directory, NULL, NULL, NULL, &error);
  g_assert_null (databases);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION);
  g_test_message ("%s", error->message);
  /* the Kerberos reason, through SASL's diagnostic */
  g_assert_nonnull (strstr (error->message, "GSSAPI"));
  g_assert_nonnull (strstr (error->message, reason));
}

static void
test_gssapi_no_ticket (void)
{

  if (!available_or_skip ())
    return;
  empty_ccache ();
  assert_authentication_error ("No Kerberos credentials available");
}

static void
test_gssapi_expired_ticket (void)
{
  gint64 expires;

  if (!available_or_skip ())
    return;
  kinit ("5s");
  expires = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  /* a second past the end of its life */
  while (g_get_monotonic_time () < expires + G_USEC_PER_SEC)
    g_usleep (200 * 1000);
  assert_authentication_error ("Ticket expired");
}

static int
run_cli (char       **out,
         char       **err,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) CASARRAY_CLI);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

/* kinit && casarray --store ldap://dc1.contoso.com -Y GSSAPI '...' */
static void
test_cli (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!available_or_skip ())
    return;
  kinit (NULL);
  {
    g_autoptr(CasarrayDirectory) directory = gssapi_directory ();

    ensure_organization (directory);
  }

  status = run_cli (&out, &err, "--store", ldap_uri, "-Y", "GSSAPI",
                    "New-ExchangeServer -Name MBX2 -Fqdn mbx2.contoso.com -Site Default-First-Site-Name "
                    "-ServerRole Mailbox | Out-Null; "
                    "New-MailboxDatabase -Name DB2 -Server MBX2 | Out-Null; "
                    "Get-MailboxDatabase | ft Name", NULL);
  g_test_message ("stdout: %s\nstderr: %s", out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "DB2"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* -U is ignored by GSSAPI, as by ldapsearch: the ticket names the user */
  status = run_cli (&out, &err, "--store", ldap_uri, "-Y", "gssapi", "-U", "someone",
                    "Get-MailboxDatabase DB2 | ft Name", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "DB2"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* no ticket: the Kerberos reason on stderr, status 1 */
  empty_ccache ();
  status = run_cli (&out, &err, "--store", ldap_uri, "-Y", "GSSAPI", "Get-MailboxDatabase", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "No Kerberos credentials available"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* usage errors (the ticket does not matter) */
  status = run_cli (&out, &err, "--store", ldap_uri, "-Y", "PLAIN", "Get-MailboxDatabase", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "unsupported SASL mechanism “PLAIN”"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = run_cli (&out, &err, "--store", ldap_uri, "-X", "u:someone", "Get-MailboxDatabase", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "need -Y"));
}

/* A private mount namespace with a hosts file that names the DC. */
static gboolean
name_the_dc (char **reason)
{
  g_autofree char *hosts = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents ("/etc/hosts", &hosts, NULL, &error))
    {
      *reason = g_strdup_printf ("cannot read /etc/hosts: %s", error->message);
      return FALSE;
    }
  contents = g_strdup_printf ("%s\n# test-kerberos, in its own mount namespace only\n%s %s dc1\n",
                              hosts, casarray_test_samba_get_address (dc),
                              casarray_test_samba_get_host_fqdn (dc));
  hosts_copy = g_build_filename (tmp_dir, "hosts", NULL);
  if (!g_file_set_contents (hosts_copy, contents, -1, &error))
    {
      *reason = g_strdup_printf ("cannot write %s: %s", hosts_copy, error->message);
      return FALSE;
    }
  if (g_chmod (hosts_copy, 0644) != 0 ||
      mount (hosts_copy, "/etc/hosts", NULL, MS_BIND, NULL) != 0)
    {
      *reason = g_strdup_printf ("cannot bind-mount a hosts file over /etc/hosts: %s",
                                 g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Before any thread exists: unshare(CLONE_NEWNS) needs that.  "/" made
   * private so that the bind mount never propagates outside. */
  if (unshare (CLONE_NEWNS) != 0 ||
      mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    skip_reason = g_strdup_printf ("needs root for a private mount namespace: %s",
                                   g_strerror (errno));

  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);

  tmp_dir = g_dir_make_tmp ("casarray-kerberos-XXXXXX", &error);
  g_assert_no_error (error);
  ccache = g_strdup_printf ("FILE:%s/ccache", tmp_dir);
  g_setenv ("KRB5CCNAME", ccache, TRUE);

  if (skip_reason == NULL && !casarray_test_samba_available (&skip_reason))
    g_assert_nonnull (skip_reason);
  if (skip_reason == NULL && !g_file_test ("/usr/bin/kinit", G_FILE_TEST_IS_EXECUTABLE))
    skip_reason = g_strdup ("kinit is not installed (krb5-user)");
  if (skip_reason == NULL)
    {
      dc = casarray_test_samba_start (&error);
      g_assert_no_error (error);
      if (!name_the_dc (&skip_reason))
        g_clear_pointer (&dc, casarray_test_samba_free);
    }
  if (dc != NULL)
    {
      ldap_uri = g_strdup_printf ("ldap://%s", casarray_test_samba_get_host_fqdn (dc));
      g_setenv ("KRB5_CONFIG", casarray_test_samba_get_krb5_conf (dc), TRUE);
    }

  g_test_add_func ("/kerberos/settings", test_settings);
  g_test_add_func ("/kerberos/gssapi/read-write", test_gssapi_read_write);
  g_test_add_func ("/kerberos/gssapi/start-tls", test_gssapi_start_tls);
  g_test_add_func ("/kerberos/gssapi/account-named", test_gssapi_account_named);
  g_test_add_func ("/kerberos/gssapi/no-ticket", test_gssapi_no_ticket);
  g_test_add_func ("/kerberos/gssapi/expired-ticket", test_gssapi_expired_ticket);
  g_test_add_func ("/kerberos/gssapi/cli", test_cli);
  status = g_test_run ();

  if (hosts_copy != NULL)
    umount2 ("/etc/hosts", MNT_DETACH);
  g_clear_pointer (&dc, casarray_test_samba_free);
  if (tmp_dir != NULL)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (tmp_dir);
      g_autoptr(GFileEnumerator) children =
        g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL);
      GFile *child;

      while (children != NULL &&
             g_file_enumerator_iterate (children, NULL, &child, NULL, NULL) && child != NULL)
        g_file_delete (child, NULL, NULL);
      g_rmdir (tmp_dir);
    }
  g_free (tmp_dir);
  g_free (hosts_copy);
  g_free (ldap_uri);
  g_free (ccache);
  g_free (skip_reason);
  g_free (last_sasl_bind);
  return status;
}
