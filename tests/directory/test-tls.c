/* test-tls.c: the LDAP backend's TLS, against a real slapd
 *
 * The fixture in TLS mode (casarray_test_slapd_start_tls) makes a throwaway
 * CA and a server certificate for localhost and 127.0.0.1, and slapd also
 * listens on ldaps://127.0.0.1:PORT2 (StartTLS works on its ldap:// URI).
 * Each test opens its own CasarrayDirectory bound as the fixture's
 * non-root administrator (simple bind, password from a file), connects and
 * does a real operation (lists the sites).  A second fixture, whose
 * certificate names only "wrong.example", proves the host name check.
 *
 * What is proven:
 *  - certificate verification is on by default: the system trust store
 *    does not know the throwaway CA, so ldaps:// and StartTLS without the
 *    CA file fail with CASARRAY_ERROR_CONNECTION, and say why;
 *  - with the CA file both work; with verification off both work;
 *  - the host name is checked: "localhost" and 127.0.0.1 (which the
 *    certificate names) work, a certificate for another name is refused
 *    even though its CA is given; and libldap checks "localhost" as the
 *    local host name (see the fixture's header), which a test pins down;
 *  - neither the bind password nor anything else secret shows up in any
 *    error message;
 *  - the environment cannot relax any of this: main() sets
 *    LDAPTLS_REQCERT=never before libldap starts, and the refusals still
 *    happen (LDAPNOINIT=1, from meson and the fixture, keeps ldap.conf,
 *    .ldaprc and LDAPTLS_* out of libldap; and the library sets
 *    verification on each handle, not in libldap's global defaults).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <casarray/casarray.h>

#include "casarray-test-slapd.h"

#define ORG  "Contoso Corp"
#define SITE "Default-First-Site-Name"

/* One TLS fixture for the whole program, started from the main thread
 * (see the fixture's note on PR_SET_PDEATHSIG). */
static CasarrayTestSlapd *tls_slapd;

typedef enum {
  TRUST_CA_FILE,   /* tls_ca_file = the fixture's CA */
  TRUST_SYSTEM,    /* no CA file: the system trust store only */
  TRUST_NO_VERIFY, /* tls_verify = FALSE */
} Trust;

static CasarrayDirectory *
open_directory (CasarrayTestSlapd *slapd,
                const char        *uri,
                gboolean           start_tls,
                Trust              trust)
{
  CasarrayDirectory *directory = casarray_directory_new (uri);
  g_autofree char *ca_file = casarray_directory_get_tls_ca_file (directory);

  /* the default, which these tests depend on */
  g_assert_true (casarray_directory_get_tls_verify (directory));
  g_assert_null (ca_file);

  casarray_directory_set_bind_dn (directory, casarray_test_slapd_get_admin_dn (slapd));
  casarray_directory_set_password_file (directory,
                                        casarray_test_slapd_get_admin_password_file (slapd));
  casarray_directory_set_start_tls (directory, start_tls);
  if (trust == TRUST_CA_FILE)
    casarray_directory_set_tls_ca_file (directory, casarray_test_slapd_get_ca_file (slapd));
  else if (trust == TRUST_NO_VERIFY)
    casarray_directory_set_tls_verify (directory, FALSE);
  /* a refusal must come from the certificate, never from a slow machine */
  casarray_directory_set_network_timeout (directory, 10000);
  casarray_directory_set_operation_timeout (directory, 30000);
  return directory;
}

static void
assert_no_secrets (CasarrayTestSlapd *slapd,
                   const GError      *error)
{
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, casarray_test_slapd_get_admin_password (slapd)));
  g_assert_null (strstr (error->message, casarray_test_slapd_get_root_password (slapd)));
}

/* Connects, lists the sites, finds SITE. */
static void
assert_works (CasarrayTestSlapd *slapd,
              const char        *uri,
              gboolean           start_tls,
              Trust              trust)
{
  g_autoptr(CasarrayDirectory) directory = open_directory (slapd, uri, start_tls, trust);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sites = NULL;

  g_test_message ("%s%s, %s: expecting success", uri, start_tls ? " + StartTLS" : "",
                  trust == TRUST_CA_FILE ? "CA file" :
                  trust == TRUST_SYSTEM ? "system trust" : "no verification");
  casarray_directory_connect_sync (directory, NULL, &error);
  g_assert_no_error (error);
  sites = casarray_directory_get_sites_sync (directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sites);
  g_assert_cmpuint (sites->len, ==, 1);
  g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (g_ptr_array_index (sites, 0))), ==, SITE);
}

/* Connecting fails with CASARRAY_ERROR_CONNECTION, saying it is about the
 * certificate; so does an operation tried anyway (no plaintext fallback). */
static void
assert_refused (CasarrayTestSlapd *slapd,
                const char        *uri,
                gboolean           start_tls,
                Trust              trust)
{
  g_autoptr(CasarrayDirectory) directory = open_directory (slapd, uri, start_tls, trust);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sites = NULL;

  g_test_message ("%s%s, %s: expecting a refusal", uri, start_tls ? " + StartTLS" : "",
                  trust == TRUST_CA_FILE ? "CA file" :
                  trust == TRUST_SYSTEM ? "system trust" : "no verification");
  g_assert_false (casarray_directory_connect_sync (directory, NULL, &error));
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION);
  g_test_message ("error: %s", error->message);
  g_assert_nonnull (strstr (error->message, "TLS"));
  g_assert_nonnull (strstr (error->message, "certificate"));
  assert_no_secrets (slapd, error);
  g_clear_error (&error);

  sites = casarray_directory_get_sites_sync (directory, NULL, NULL, NULL, &error);
  g_assert_null (sites);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION);
  assert_no_secrets (slapd, error);
}

static char *
ldaps_uri_for_host (CasarrayTestSlapd *slapd,
                    const char        *host)
{
  return g_strdup_printf ("ldaps://%s:%u", host,
                          (unsigned) casarray_test_slapd_get_ldaps_port (slapd));
}

/* ------------------------------------------------------------------ */

static void
test_ldaps_ca_file (void)
{
  assert_works (tls_slapd, casarray_test_slapd_get_ldaps_uri (tls_slapd), FALSE, TRUST_CA_FILE);
}

static void
test_ldaps_system_trust_refused (void)
{
  assert_refused (tls_slapd, casarray_test_slapd_get_ldaps_uri (tls_slapd), FALSE, TRUST_SYSTEM);
}

static void
test_ldaps_no_verify (void)
{
  assert_works (tls_slapd, casarray_test_slapd_get_ldaps_uri (tls_slapd), FALSE, TRUST_NO_VERIFY);
}

static void
test_start_tls_ca_file (void)
{
  assert_works (tls_slapd, casarray_test_slapd_get_ldap_uri (tls_slapd), TRUE, TRUST_CA_FILE);
}

static void
test_start_tls_system_trust_refused (void)
{
  assert_refused (tls_slapd, casarray_test_slapd_get_ldap_uri (tls_slapd), TRUE, TRUST_SYSTEM);
}

static void
test_start_tls_no_verify (void)
{
  assert_works (tls_slapd, casarray_test_slapd_get_ldap_uri (tls_slapd), TRUE, TRUST_NO_VERIFY);
}

/* A write goes through TLS too, and a second handle reads it back. */
static void
test_ldaps_write (void)
{
  g_autoptr(CasarrayDirectory) directory =
    open_directory (tls_slapd, casarray_test_slapd_get_ldaps_uri (tls_slapd), FALSE, TRUST_CA_FILE);
  g_autoptr(CasarrayDirectory) reader =
    open_directory (tls_slapd, casarray_test_slapd_get_ldap_uri (tls_slapd), TRUE, TRUST_CA_FILE);
  g_autoptr(CasarraySite) site = NULL;
  g_autoptr(GPtrArray) sites = NULL;
  g_autoptr(GError) error = NULL;

  site = casarray_directory_new_site_sync (directory, "TLS-Site", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (site);
  sites = casarray_directory_get_sites_sync (reader, "TLS-Site", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 1);
  g_assert_cmpstr (casarray_object_get_name (CASARRAY_OBJECT (g_ptr_array_index (sites, 0))), ==, "TLS-Site");

  g_assert_true (casarray_directory_remove_site_sync (directory, "TLS-Site", NULL, &error));
  g_assert_no_error (error);
}

/* The certificate names "localhost": the name works as well as the
 * address. */
static void
test_ldaps_localhost (void)
{
  g_autofree char *uri = ldaps_uri_for_host (tls_slapd, "localhost");

  assert_works (tls_slapd, uri, FALSE, TRUST_CA_FILE);
}

/* libldap's quirk, which users of the library meet: for the host
 * "localhost" it checks the certificate against the local host name, not
 * against "localhost".  A certificate naming only localhost and 127.0.0.1
 * therefore works by address and is refused by the name localhost.  (The
 * main fixture's certificate also names the local host name, which is why
 * test_ldaps_localhost works.)  Skipped where that name is "localhost". */
static void
test_ldaps_localhost_is_local_host_name (void)
{
  static const char *const names[] = { "localhost", "127.0.0.1", NULL };
  const char *const *main_names = casarray_test_slapd_get_tls_names (tls_slapd);
  g_autoptr(CasarrayTestSlapd) slapd = NULL;
  g_autoptr(CasarrayDirectory) setup = NULL;
  g_autoptr(CasarraySite) site = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *localhost_uri = NULL;

  g_assert_nonnull (main_names);
  g_assert_cmpstr (main_names[0], ==, "localhost");
  g_assert_cmpstr (main_names[1], ==, "127.0.0.1");
  if (main_names[2] == NULL)
    {
      g_test_skip ("the local host name is \"localhost\"");
      return;
    }
  g_test_message ("libldap checks \"localhost\" as \"%s\"", main_names[2]);

  slapd = casarray_test_slapd_start_tls_for_names (names, &error);
  g_assert_no_error (error);
  setup = open_directory (slapd, casarray_test_slapd_get_ldap_uri (slapd), FALSE, TRUST_SYSTEM);
  g_assert_true (casarray_directory_new_organization_sync (setup, ORG, NULL, &error));
  g_assert_no_error (error);
  site = casarray_directory_new_site_sync (setup, SITE, NULL, &error);
  g_assert_no_error (error);

  localhost_uri = ldaps_uri_for_host (slapd, "localhost");
  assert_works (slapd, casarray_test_slapd_get_ldaps_uri (slapd), FALSE, TRUST_CA_FILE);
  assert_refused (slapd, localhost_uri, FALSE, TRUST_CA_FILE);
}

/* A server whose certificate (from the CA we give) names another host:
 * refused over ldaps:// and StartTLS, by address and by "localhost";
 * accepted with verification off, so the refusal is the host name check
 * and nothing else. */
static void
test_wrong_host_name_refused (void)
{
  static const char *const names[] = { "wrong.example", NULL };
  g_autoptr(CasarrayTestSlapd) wrong = NULL;
  g_autoptr(CasarrayDirectory) setup = NULL;
  g_autoptr(CasarraySite) site = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *localhost_uri = NULL;

  wrong = casarray_test_slapd_start_tls_for_names (names, &error);
  g_assert_no_error (error);
  g_assert_nonnull (casarray_test_slapd_get_ca_file (wrong));

  /* the same organisation and site as the main fixture, over plain ldap:// */
  setup = open_directory (wrong, casarray_test_slapd_get_ldap_uri (wrong), FALSE, TRUST_SYSTEM);
  g_assert_true (casarray_directory_new_organization_sync (setup, ORG, NULL, &error));
  g_assert_no_error (error);
  site = casarray_directory_new_site_sync (setup, SITE, NULL, &error);
  g_assert_no_error (error);

  localhost_uri = ldaps_uri_for_host (wrong, "localhost");
  assert_refused (wrong, casarray_test_slapd_get_ldaps_uri (wrong), FALSE, TRUST_CA_FILE);
  assert_refused (wrong, localhost_uri, FALSE, TRUST_CA_FILE);
  assert_refused (wrong, casarray_test_slapd_get_ldap_uri (wrong), TRUE, TRUST_CA_FILE);

  assert_works (wrong, casarray_test_slapd_get_ldaps_uri (wrong), FALSE, TRUST_NO_VERIFY);
  assert_works (wrong, casarray_test_slapd_get_ldap_uri (wrong), TRUE, TRUST_NO_VERIFY);

  /* and the main fixture's CA does not vouch for this server either */
  {
    g_autoptr(CasarrayDirectory) directory =
      open_directory (wrong, casarray_test_slapd_get_ldaps_uri (wrong), FALSE, TRUST_SYSTEM);

    casarray_directory_set_tls_ca_file (directory, casarray_test_slapd_get_ca_file (tls_slapd));
    g_assert_false (casarray_directory_connect_sync (directory, NULL, &error));
    g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION);
    assert_no_secrets (wrong, error);
  }
}

/* A wrong password over TLS: an authentication error, which names the
 * bind DN but not the password (nor the right one). */
static void
test_bad_password_not_shown (void)
{
  g_autoptr(CasarrayDirectory) directory =
    open_directory (tls_slapd, casarray_test_slapd_get_ldaps_uri (tls_slapd), FALSE, TRUST_CA_FILE);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  const char *bad = "Wr0ngPasswordOverTLS";

  folder = g_dir_make_tmp ("casarray-tls-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (folder, "bad.pw", NULL);
  g_assert_true (g_file_set_contents_full (path, bad, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);
  casarray_directory_set_password_file (directory, path);

  g_assert_false (casarray_directory_connect_sync (directory, NULL, &error));
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION);
  g_test_message ("error: %s", error->message);
  g_assert_null (strstr (error->message, bad));
  assert_no_secrets (tls_slapd, error);

  g_unlink (path);
  g_rmdir (folder);
}

/* ------------------------------------------------------------------ */

static void
set_up_tls_fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) setup = NULL;
  g_autoptr(CasarraySite) site = NULL;

  tls_slapd = casarray_test_slapd_start_tls (&error);
  g_assert_no_error (error);
  g_assert_nonnull (casarray_test_slapd_get_ldaps_uri (tls_slapd));
  g_assert_true (g_str_has_prefix (casarray_test_slapd_get_ldaps_uri (tls_slapd), "ldaps://127.0.0.1:"));
  g_assert_cmpuint (casarray_test_slapd_get_ldaps_port (tls_slapd), !=, 0);
  g_assert_true (g_file_test (casarray_test_slapd_get_ca_file (tls_slapd), G_FILE_TEST_IS_REGULAR));

  /* the organisation and its site, set up over plain ldap:// */
  setup = open_directory (tls_slapd, casarray_test_slapd_get_ldap_uri (tls_slapd), FALSE, TRUST_SYSTEM);
  g_assert_true (casarray_directory_new_organization_sync (setup, ORG, NULL, &error));
  g_assert_no_error (error);
  site = casarray_directory_new_site_sync (setup, SITE, NULL, &error);
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  int status;

  /* A developer's ~/.ldaprc or environment must not change what these
   * tests see: with LDAPNOINIT=1 libldap reads none of it, and the library
   * asks for verification on each handle anyway.  This is set before
   * anything starts libldap; the refusals below must happen regardless. */
  g_setenv ("LDAPTLS_REQCERT", "never", TRUE);
  g_setenv ("LDAPNOINIT", "1", FALSE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tls/ldaps/ca-file", test_ldaps_ca_file);
  g_test_add_func ("/tls/ldaps/system-trust-refused", test_ldaps_system_trust_refused);
  g_test_add_func ("/tls/ldaps/no-verify", test_ldaps_no_verify);
  g_test_add_func ("/tls/ldaps/write", test_ldaps_write);
  g_test_add_func ("/tls/ldaps/localhost", test_ldaps_localhost);
  g_test_add_func ("/tls/ldaps/localhost-is-local-host-name", test_ldaps_localhost_is_local_host_name);
  g_test_add_func ("/tls/start-tls/ca-file", test_start_tls_ca_file);
  g_test_add_func ("/tls/start-tls/system-trust-refused", test_start_tls_system_trust_refused);
  g_test_add_func ("/tls/start-tls/no-verify", test_start_tls_no_verify);
  g_test_add_func ("/tls/wrong-host-name-refused", test_wrong_host_name_refused);
  g_test_add_func ("/tls/bad-password-not-shown", test_bad_password_not_shown);

  set_up_tls_fixture ();
  status = g_test_run ();
  g_clear_pointer (&tls_slapd, casarray_test_slapd_free);
  return status;
}
