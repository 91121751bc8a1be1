/* test-cli.c: the casarray command, run as a program against a store
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every test runs three times: against its own throwaway slapd
 * (tests/fixture, the C side of casarray-test-slapd-run; --store is the
 * ldapi socket, SASL EXTERNAL), against a fresh copy of the Samba AD DC
 * template (casarray-test-samba.h; --store ldap://127.0.0.N with
 * --bind-dn and --password-file of the domain's Administrator) and
 * against a new embedded store file (--store file://...).
 *
 * What differs on AD by design, and how the tests say so:
 * - AD has the site Default-First-Site-Name from the start (provisioning
 *   creates it; the DC's own server object lives in it), and refuses to
 *   create it again.  So on AD each setup script and the blog story run
 *   with their `New-ADSite -Name Default-First-Site-Name` line replaced
 *   by `Get-ADSite -Identity Default-First-Site-Name | Out-Null` (which
 *   fails the script unless AD's site is there and reads as a casarray
 *   site), and /cli/ad/blog-story checks that the left-out step is
 *   refused with "already exists".
 * - AD assigns objectGUID, whenCreated and uSNCreated itself: nothing
 *   compared here prints them except the Guid and DistinguishedName of
 *   Format-List *, whose presence is checked and whose value is shown as
 *   AD's (a GUID in its 8-4-4-4-12 form, /cli/ad/output/format-list).
 * It runs the casarray binary named by $CASARRAY_CLI, feeding scripts on
 * standard input, from files, or as a command line, and checks standard
 * output, standard error and the exit status.  XDG_DATA_HOME and
 * XDG_STATE_HOME point into the test's temporary folder, so the per-user
 * default store and the prompt's history are never the user's.
 *
 * $CASARRAY_EXAMPLES_DIR names the folder holding blog-story.ps1.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "casarray-test-samba.h"
#include "casarray-test-slapd.h"
#include "cli-exec.h"
#include "cli-session.h"

typedef enum {
  BACKEND_SLAPD,
  BACKEND_FILE,
  BACKEND_AD,
} Backend;

/* What a test starts from. */
typedef struct {
  Backend     backend;
  const char *script;   /* run before the test, or NULL for an empty store */
} Setup;

typedef struct {
  Backend            backend;
  CasarrayTestSlapd *slapd;
  CasarrayTestSamba *samba;      /* BACKEND_AD */
  char              *store;
  char              *tmpdir;
} Fixture;

typedef struct {
  int   status;
  char *out;
  char *err;
} Result;

static void
result_free (Result *result)
{
  if (result == NULL)
    return;
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

static const char *
cli_path (void)
{
  const char *path = g_getenv ("CASARRAY_CLI");

  g_assert_nonnull (path);
  return path;
}

/* --store and, on AD, the Administrator's identity (the slapd fixture's
 * ldapi socket and the store need none) */
static void
add_store_options (Fixture *fixture, GPtrArray *argv)
{
  g_ptr_array_add (argv, (gpointer) "--store");
  g_ptr_array_add (argv, fixture->store);
  if (fixture->backend == BACKEND_AD)
    {
      g_ptr_array_add (argv, (gpointer) "--bind-dn");
      g_ptr_array_add (argv, (gpointer) casarray_test_samba_get_admin_dn (fixture->samba));
      g_ptr_array_add (argv, (gpointer) "--password-file");
      g_ptr_array_add (argv, (gpointer) casarray_test_samba_get_admin_password_file (fixture->samba));
    }
}

/* Runs casarray with @args (NULL-terminated), @input on standard input
 * (NULL: none).  With @with_store, --store names the fixture's slapd. */
static Result *
run_full (Fixture *fixture, gboolean with_store, const char *input, const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Result *result = g_new0 (Result, 1);

  g_ptr_array_add (argv, (gpointer) cli_path ());
  if (with_store)
    add_store_options (fixture, argv);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LDAPNOINIT", "1", TRUE);
  /* A private default store and history, never the user's. */
  if (fixture != NULL && fixture->tmpdir != NULL)
    {
      g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", fixture->tmpdir, TRUE);
      g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->tmpdir, TRUE);
    }
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL,
                                 &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
  if (g_test_verbose ())
    g_test_message ("casarray exit %d\n--- stdout\n%s--- stderr\n%s", result->status, result->out, result->err);
  return result;
}

/* Like run_full(), with @length bytes of @input (which may hold NUL bytes)
 * on standard input. */
static Result *
run_bytes (Fixture *fixture, const char *input, gsize length, const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) in = g_bytes_new (input, length);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  Result *result = g_new0 (Result, 1);

  g_ptr_array_add (argv, (gpointer) cli_path ());
  add_store_options (fixture, argv);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LDAPNOINIT", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", fixture->tmpdir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->tmpdir, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, in, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
  result->out = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  result->err = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));
  if (g_test_verbose ())
    g_test_message ("casarray exit %d\n--- stdout\n%s--- stderr\n%s", result->status, result->out, result->err);
  return result;
}

/* casarray --store STORE, script on standard input. */
static Result *
run_script (Fixture *fixture, const char *script)
{
  const char * const none[] = { NULL };

  return run_full (fixture, TRUE, script, none);
}

/* Runs @script and asserts it succeeded with nothing on standard error. */
static char *
run_ok (Fixture *fixture, const char *script)
{
  g_autoptr(Result) result = run_script (fixture, script);

  if (result->status != 0 || *result->err != '\0')
    g_error ("script failed (%d):\n%s\nstderr:\n%s", result->status, script, result->err);
  return g_steal_pointer (&result->out);
}

/* The step AD has already taken when a forest is provisioned, and what
 * stands for it on AD: the site must be there and read as a site. */
#define NEW_FIRST_SITE "New-ADSite -Name Default-First-Site-Name | Out-Null\n"
#define GET_FIRST_SITE "Get-ADSite -Identity Default-First-Site-Name | Out-Null\n"

static const char provision[] =
  "New-Organization -Name Contoso | Out-Null\n"
  NEW_FIRST_SITE
  "New-ExchangeServer -Name MBX1 -Fqdn mbx1.contoso.com -Site Default-First-Site-Name -ServerRole Mailbox | Out-Null\n"
  "New-ExchangeServer -Name CAS1 -Fqdn cas1.contoso.com -Site Default-First-Site-Name -ServerRole ClientAccess | Out-Null\n"
  "New-MailboxDatabase -Name DB1 -Server MBX1 | Out-Null\n"
  "New-MailboxDatabase -Name DB2 -Server MBX1 | Out-Null\n";

/* @script as it runs on the fixture's backend: on AD without the creation
 * of Default-First-Site-Name (see the top of the file); asserts that the
 * line was there to replace. */
static char *
script_for_backend (Fixture *fixture, const char *script)
{
  g_autoptr(GString) text = g_string_new (script);

  if (fixture->backend == BACKEND_AD)
    g_assert_cmpuint (g_string_replace (text, NEW_FIRST_SITE, GET_FIRST_SITE, 1), ==, 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  const Setup *setup = data;
  g_autoptr(GError) error = NULL;

  fixture->backend = setup->backend;
  fixture->tmpdir = g_dir_make_tmp ("casarray-cli-XXXXXX", &error);
  g_assert_no_error (error);
  if (setup->backend == BACKEND_SLAPD)
    {
      fixture->slapd = casarray_test_slapd_start (&error);
      g_assert_no_error (error);
      fixture->store = g_strdup (casarray_test_slapd_get_ldapi_uri (fixture->slapd));
    }
  else if (setup->backend == BACKEND_AD)
    {
      fixture->samba = casarray_test_samba_start (&error);
      g_assert_no_error (error);
      fixture->store = g_strdup (casarray_test_samba_get_ldap_uri (fixture->samba));
    }
  else
    fixture->store = g_strdup_printf ("file://%s/org.ldif", fixture->tmpdir);
  if (setup->script != NULL)
    {
      g_autofree char *script = script_for_backend (fixture, setup->script);

      g_free (run_ok (fixture, script));
    }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

          if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
            remove_tree (child);
          else
            g_unlink (child);
          g_object_unref (info);
        }
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  if (fixture->tmpdir != NULL)
    remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
  g_free (fixture->store);
  g_clear_pointer (&fixture->slapd, casarray_test_slapd_free);
  g_clear_pointer (&fixture->samba, casarray_test_samba_free);
}

static void
assert_contains (const char *haystack, const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("expected to find\n«%s»\nin\n«%s»", needle, haystack);
}

/* Asserts that @text holds no control character a terminal would act on:
 * no C0 control but the newline, no DEL, no C1 control (U+0080-U+009F,
 * in UTF-8 C2 80 to C2 9F). */
static void
assert_no_controls (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if ((*p < 0x20 && *p != '\n') || *p == 0x7F || (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
        g_error ("raw control character 0x%02X at byte %u of\n«%s»",
                 *p == 0xC2 ? p[1] : *p, (guint) (p - (const guchar *) text), text);
    }
}

/* The names of the sites, one a line. */
static char *
site_names (Fixture *fixture)
{
  return run_ok (fixture, "Get-ADSite | Select-Object -ExpandProperty Name\n");
}

/* The RpcClientAccessServer of @database, read with | fl. */
static char *
endpoint_of (Fixture *fixture, const char *database)
{
  g_autofree char *script = g_strdup_printf ("Get-MailboxDatabase %s | fl RpcClientAccessServer", database);
  g_autofree char *out = run_ok (fixture, script);
  const char *line = strstr (out, "RpcClientAccessServer : ");
  const char *end;

  g_assert_nonnull (line);
  line += strlen ("RpcClientAccessServer : ");
  end = strchr (line, '\n');
  return g_strndup (line, end - line);
}

/* ---- options ---- */

static void
test_help (void)
{
  const char * const help[] = { "--help", NULL };
  const char * const version[] = { "--version", NULL };
  const char * const bad[] = { "--no-such-option", NULL };
  const char * const half[] = { "--bind-dn", "CN=x", "Get-MailboxDatabase", NULL };
  g_autoptr(Result) result = run_full (NULL, FALSE, NULL, help);
  g_autoptr(Result) v = run_full (NULL, FALSE, NULL, version);
  g_autoptr(Result) b = run_full (NULL, FALSE, NULL, bad);
  g_autoptr(Result) h = run_full (NULL, FALSE, NULL, half);

  g_assert_cmpint (result->status, ==, 0);
  assert_contains (result->out, "Usage:");
  assert_contains (result->out, "--store=URI");
  assert_contains (result->out, "--bind-dn=DN");
  assert_contains (result->out, "--password-file=FILE");
  assert_contains (result->out, "--base=DN");
  assert_contains (result->out, "--start-tls");
  assert_contains (result->out, "--ca-file=FILE");
  assert_contains (result->out, "COMMAND LINE");
  assert_contains (result->out, "Get-/Set-/New-/Remove-MailboxDatabase");

  g_assert_cmpint (v->status, ==, 0);
  g_assert_true (g_str_has_prefix (v->out, "casarray "));

  g_assert_cmpint (b->status, ==, 2);
  assert_contains (b->err, "--no-such-option");

  g_assert_cmpint (h->status, ==, 2);
  assert_contains (h->err, "--password-file");
}

/* ---- syntax ---- */

static void
test_case_insensitive (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = run_ok (fixture,
                                 "get-mailboxdatabase -IDENTITY db1 | FL name\n"
                                 "GET-MAILBOXDATABASE -identity DB2 | format-LIST -property NAME\n");

  g_assert_cmpstr (out, ==, "\nName : DB1\n\n\nName : DB2\n\n");
}

static void
test_prefixes (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = run_ok (fixture,
                                 "Get-MailboxDatabase -Iden DB1 | fl -Prop Name\n"
                                 "Set-MailboxDatabase -I DB2 -Rpc cas1.contoso.com -Conf:$false\n"
                                 "New-ClientAccessArray -N arr -F casarray.contoso.com -Si Default-First-Site-Name | fl Name\n");
  g_autoptr(Result) ambiguous = NULL;
  g_autoptr(Result) ambiguous2 = NULL;

  g_assert_cmpstr (out, ==, "\nName : DB1\n\n\nName : arr\n\n");

  /* -S is -Server or -Status. */
  ambiguous = run_script (fixture, "Get-MailboxDatabase -S MBX1\n");
  g_assert_cmpint (ambiguous->status, ==, 1);
  assert_contains (ambiguous->err,
                   "Get-MailboxDatabase : Parameter cannot be processed because the parameter name 'S' is "
                   "ambiguous. Possible matches include: -Server -Status.");
  assert_contains (ambiguous->err, "AmbiguousParameter,Get-MailboxDatabase");
  g_assert_cmpstr (ambiguous->out, ==, "");

  /* -Site or -ServerRole. */
  ambiguous2 = run_script (fixture, "New-ExchangeServer X -Fqdn x.contoso.com -S Default-First-Site-Name\n");
  g_assert_cmpint (ambiguous2->status, ==, 1);
  assert_contains (ambiguous2->err, "Possible matches include: -Site -ServerRole.");
}

static void
test_positional (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *endpoint = NULL;
  g_autoptr(Result) extra = NULL;

  out = run_ok (fixture, "Get-MailboxDatabase DB2 | fl Name\nNew-MailboxDatabase DB3 -Server MBX1 | fl Name,Server\n");
  g_assert_cmpstr (out, ==, "\nName : DB2\n\n\nName   : DB3\nServer : MBX1\n\n");

  g_free (run_ok (fixture, "New-ClientAccessArray -Name arr -Fqdn casarray.contoso.com -Site Default-First-Site-Name | Out-Null\n"
                           "Set-MailboxDatabase DB1 -RpcClientAccessServer arr\n"));
  endpoint = endpoint_of (fixture, "DB1");
  g_assert_cmpstr (endpoint, ==, "casarray.contoso.com");

  extra = run_script (fixture, "Get-MailboxDatabase DB1 DB2\n");
  g_assert_cmpint (extra->status, ==, 1);
  assert_contains (extra->err, "A positional parameter cannot be found that accepts argument 'DB2'.");
}

static void
test_quotes (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = NULL;

  out = run_ok (fixture,
                "Get-MailboxDatabase 'DB1' | fl Name\n"
                "Get-MailboxDatabase \"DB2\" | fl Name\n"
                "Get-MailboxDatabase \u201cDB1\u201d | fl Name\n"
                "Get-MailboxDatabase \u2018DB2\u2019 | fl Name\n"
                "Get-MailboxDatabase \u201cDB1\" | fl Name\n"
                "New-ClientAccessArray -Name \u201cCAS array\u201d -Fqdn casarray.contoso.com -Site \u2018Default-First-Site-Name\u2019 | fl Name\n"
                "Write-Host 'it''s' \"say \"\"hi\"\"\" \"tab`tx\" \u2018typo\u2019\u2019graphic\u2019\n"
                "Write-Host -Object:\"a b\",'c'\n"
                "Write-Host \"x\"y`z a`\"b 'c'd\n");
  g_assert_cmpstr (out, ==,
                   "\nName : DB1\n\n"
                   "\nName : DB2\n\n"
                   "\nName : DB1\n\n"
                   "\nName : DB2\n\n"
                   "\nName : DB1\n\n"
                   "\nName : CAS array\n\n"
                   "it's say \"hi\" tab\tx typo\u2019graphic\n"
                   "a b c\n"
                   "xyz a\"b cd\n");
}

static void
test_blog_dashes_and_spaces (Fixture *fixture, gconstpointer data)
{
  /* Blog posts turn "-" into en dashes and spaces into no-break spaces. */
  g_autofree char *out = run_ok (fixture,
                                 "Set-MailboxDatabase DB1 \u2013RpcClientAccessServer\u00a0cas1.contoso.com\n"
                                 "Get-MailboxDatabase \u2014Identity DB1 | fl Name\n");

  g_assert_cmpstr (out, ==, "\nName : DB1\n\n");
}

static void
test_comma_lists (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = NULL;

  out = run_ok (fixture,
                "New-ADSite Site2 | Out-Null\n"
                "New-ExchangeServer -Name MBX2 -Fqdn mbx2.contoso.com -Site Site2 -ServerRole Mailbox, ClientAccess,\n"
                "  HubTransport | fl ServerRole\n"
                "New-ExchangeServer -Name MBX3 -Fqdn mbx3.contoso.com -Site Site2 -ServerRole 'Mailbox,ClientAccess' | fl ServerRole\n"
                "Set-ClientAccessServer CAS1 -AutoDiscoverSiteScope Default-First-Site-Name,Site2\n"
                "Get-ClientAccessServer CAS1 | fl AutoDiscoverSiteScope\n");
  g_assert_cmpstr (out, ==,
                   "\nServerRole : Mailbox, ClientAccess, HubTransport\n\n"
                   "\nServerRole : Mailbox, ClientAccess\n\n"
                   "\nAutoDiscoverSiteScope : {Default-First-Site-Name, Site2}\n\n");
}

static void
test_true_false_null (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *endpoint = NULL;

  /* -WhatIf:$true changes nothing; -WhatIf:$false changes. */
  g_free (run_ok (fixture, "New-ClientAccessArray -Name arr -Fqdn casarray.contoso.com -Site Default-First-Site-Name | Out-Null\n"));
  out = run_ok (fixture, "Set-MailboxDatabase DB1 -RpcClientAccessServer arr -WhatIf:$true\n");
  assert_contains (out, "What if: ");
  endpoint = endpoint_of (fixture, "DB1");
  g_assert_cmpstr (endpoint, ==, "cas1.contoso.com");
  g_clear_pointer (&out, g_free);
  out = run_ok (fixture, "Set-MailboxDatabase DB1 -RpcClientAccessServer arr -WhatIf:$false -Confirm:$false\n");
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&endpoint, g_free);
  endpoint = endpoint_of (fixture, "DB1");
  g_assert_cmpstr (endpoint, ==, "casarray.contoso.com");

  /* $null clears a setting. */
  g_clear_pointer (&out, g_free);
  out = run_ok (fixture,
                "Set-ClientAccessServer CAS1 -AutoDiscoverServiceInternalUri https://cas1.contoso.com/Autodiscover/Autodiscover.xml\n"
                "Get-ClientAccessServer CAS1 | fl AutoDiscoverServiceInternalUri\n"
                "Set-ClientAccessServer CAS1 -AutoDiscoverServiceInternalUri $null -AutoDiscoverSiteScope $NULL\n"
                "Get-ClientAccessServer CAS1 | fl AutoDiscover*\n"
                "Get-MailboxDatabase DB1 | fl Recovery\n");
  g_assert_cmpstr (out, ==,
                   "\nAutoDiscoverServiceInternalUri : https://cas1.contoso.com/Autodiscover/Autodiscover.xml\n\n"
                   "\nAutoDiscoverServiceInternalUri :\nAutoDiscoverSiteScope          : {}\n\n"
                   "\nRecovery : False\n\n");
}

static void
test_comments_and_separators (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = run_ok (fixture,
                                 "# a comment\n"
                                 "Get-MailboxDatabase DB1 | fl Name; Get-MailboxDatabase DB2 | fl Name # trailing\n"
                                 "<# a block\n comment #>\n"
                                 "Get-MailboxDatabase `\n  -Identity DB1 |\n  fl Name\r\n");

  g_assert_cmpstr (out, ==, "\nName : DB1\n\n\nName : DB2\n\n\nName : DB1\n\n");
}

/* ---- output ---- */

static void
test_format_list (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = run_ok (fixture, "Get-MailboxDatabase | fl Name,RpcClientAccessServer\n");
  g_autofree char *all = NULL;
  g_autofree char *wild = NULL;

  g_assert_cmpstr (out, ==,
                   "\n"
                   "Name                  : DB1\n"
                   "RpcClientAccessServer : cas1.contoso.com\n"
                   "\n"
                   "Name                  : DB2\n"
                   "RpcClientAccessServer : cas1.contoso.com\n"
                   "\n");

  /* Without a list: every property, padded to the longest name. */
  all = run_ok (fixture, "Get-MailboxDatabase DB1 | Format-List\n");
  g_assert_true (g_str_has_prefix (all,
                                   "\n"
                                   "Name                           : DB1\n"
                                   "Server                         : MBX1\n"
                                   "RpcClientAccessServer          : cas1.contoso.com\n"));
  assert_contains (all, "\nCircularLoggingEnabled         : False\n");
  assert_contains (all, "\nReplicationType                : None\n");
  assert_contains (all, "\nDistinguishedName              : ");
  assert_contains (all, "\nGuid                           : ");
  /* The live properties (-Status) are there, empty, as EMS lists them. */
  assert_contains (all, "\nMounted                        :\n");

  /* Wildcards in property names, any case, in the order asked. */
  wild = run_ok (fixture, "Get-MailboxDatabase DB1 | fl rpc*,NAME\n");
  g_assert_cmpstr (wild, ==, "\nRpcClientAccessServer : cas1.contoso.com\nName                  : DB1\n\n");
}

static void
test_format_table (Fixture *fixture, gconstpointer data)
{
  g_autofree char *table = NULL;
  g_autofree char *view = NULL;
  g_autofree char *arrays = NULL;
  g_autofree char *bare = NULL;

  table = run_ok (fixture, "Get-MailboxDatabase | ft Name,RpcClientAccessServer\n");
  g_assert_cmpstr (table, ==,
                   "\n"
                   "Name RpcClientAccessServer\n"
                   "---- ---------------------\n"
                   "DB1  cas1.contoso.com\n"
                   "DB2  cas1.contoso.com\n"
                   "\n");

  /* The default view of Get-MailboxDatabase, as EMS shows it. */
  view = run_ok (fixture, "Get-MailboxDatabase\n");
  g_assert_cmpstr (view, ==,
                   "\n"
                   "Name Server Recovery ReplicationType\n"
                   "---- ------ -------- ---------------\n"
                   "DB1  MBX1   False    None\n"
                   "DB2  MBX1   False    None\n"
                   "\n");
  bare = run_ok (fixture, "Get-MailboxDatabase | ft\n");
  g_assert_cmpstr (bare, ==, view);

  arrays = run_ok (fixture,
                   "New-ExchangeServer -Name CAS2 -Fqdn cas2.contoso.com -Site Default-First-Site-Name -ServerRole ClientAccess | Out-Null\n"
                   "New-ClientAccessArray -Name \"CAS array\" -Fqdn casarray.contoso.com -Site Default-First-Site-Name | Out-Null\n"
                   "Get-ClientAccessArray\n");
  g_assert_cmpstr (arrays, ==,
                   "\n"
                   "Name      Site                    Fqdn                 Members\n"
                   "----      ----                    ----                 -------\n"
                   "CAS array Default-First-Site-Name casarray.contoso.com {CAS1, CAS2}\n"
                   "\n");
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_json (Fixture *fixture, gconstpointer data)
{
  g_autofree char *many = run_ok (fixture, "Get-MailboxDatabase | ConvertTo-Json\n");
  g_autofree char *one = run_ok (fixture, "Get-MailboxDatabase DB2 | ConvertTo-Json -Compress\n");
  g_autofree char *arrays = run_ok (fixture,
                                    "New-ClientAccessArray -Fqdn casarray.contoso.com -Site Default-First-Site-Name | Out-Null\n"
                                    "Get-ClientAccessArray | ConvertTo-Json\n");
  g_autofree char *none = run_ok (fixture, "Get-MailboxDatabase DB* -Server MBX1 | Select-Object -First 0 | ConvertTo-Json\n");
  g_autoptr(JsonNode) root = parse_json (many);
  g_autoptr(JsonNode) single = parse_json (one);
  g_autoptr(JsonNode) array_root = parse_json (arrays);
  JsonArray *list;
  JsonObject *db;
  JsonArray *members;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  list = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  db = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (db, "Name"), ==, "DB1");
  g_assert_cmpstr (json_object_get_string_member (db, "Server"), ==, "MBX1");
  g_assert_cmpstr (json_object_get_string_member (db, "RpcClientAccessServer"), ==, "cas1.contoso.com");
  g_assert_false (json_object_get_boolean_member (db, "Recovery"));
  g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (db, "Recovery")));
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (db, "Recovery")), ==, G_TYPE_BOOLEAN);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1), "Name"), ==, "DB2");

  /* One object is an object, not an array; -Compress is one line. */
  g_assert_true (JSON_NODE_HOLDS_OBJECT (single));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (single), "Name"), ==, "DB2");
  g_assert_null (strchr (g_strchomp (one), '\n'));

  /* The array name defaults to the first label; Members is a list. */
  g_assert_true (JSON_NODE_HOLDS_OBJECT (array_root));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (array_root), "Name"), ==, "casarray");
  members = json_object_get_array_member (json_node_get_object (array_root), "Members");
  g_assert_cmpuint (json_array_get_length (members), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (members, 0), ==, "CAS1");

  g_assert_cmpstr (none, ==, "");
}

static void
test_select_object (Fixture *fixture, gconstpointer data)
{
  g_autofree char *names = run_ok (fixture, "Get-MailboxDatabase | Select-Object -ExpandProperty Name\n");
  g_autofree char *last = run_ok (fixture, "Get-MailboxDatabase | select Name,Server -Last 1\n");

  g_assert_cmpstr (names, ==, "DB1\nDB2\n");
  g_assert_cmpstr (last, ==, "\nName Server\n---- ------\nDB2  MBX1\n\n");
}

/* ---- -WhatIf ---- */

static char *
snapshot (Fixture *fixture)
{
  return run_ok (fixture,
                 "Get-ADSite | ConvertTo-Json\n"
                 "Get-ExchangeServer | ConvertTo-Json\n"
                 "Get-ClientAccessServer | ConvertTo-Json\n"
                 "Get-ClientAccessArray | ConvertTo-Json\n"
                 "Get-MailboxDatabase | ConvertTo-Json\n");
}

static void
test_what_if (Fixture *fixture, gconstpointer data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autoptr(Result) refused = NULL;

  g_free (run_ok (fixture,
                  "New-ExchangeServer -Name CAS2 -Fqdn cas2.contoso.com -Site Default-First-Site-Name -ServerRole ClientAccess | Out-Null\n"
                  "New-ClientAccessArray -Name arr -Fqdn casarray.contoso.com -Site Default-First-Site-Name | Out-Null\n"));
  before = snapshot (fixture);

  out = run_ok (fixture,
                "Set-MailboxDatabase DB1 -RpcClientAccessServer arr -WhatIf\n"
                "Get-MailboxDatabase | Set-MailboxDatabase -RpcClientAccessServer casarray.contoso.com -WhatIf\n"
                "New-MailboxDatabase DB3 -Server MBX1 -WhatIf\n"
                "Remove-MailboxDatabase DB2 -WhatIf\n"
                "Move-DatabasePath DB2 -EdbFilePath D:\\DB2.edb -WhatIf\n"
                "Set-ClientAccessArray arr -Fqdn cas-array.contoso.com -WhatIf\n"
                "Remove-ClientAccessArray arr -WhatIf\n"
                "Set-ClientAccessServer CAS2 -AutoDiscoverServiceInternalUri https://cas2.contoso.com/x -WhatIf\n"
                "New-ADSite Site2 -WhatIf\n"
                "New-ExchangeServer -Name MBX2 -Fqdn mbx2.contoso.com -Site Default-First-Site-Name -ServerRole Mailbox -WhatIf\n"
                "Remove-ExchangeServer CAS2 -WhatIf\n"
                "Remove-ExchangeServer CAS1 -Force -WhatIf\n"
                "Set-ExchangeServer CAS1 -ServerRole HubTransport -RepointDatabases -WhatIf\n"
                "Repair-ClientAccessConfiguration -WhatIf\n");
  assert_contains (out, "What if: Performing the operation \"Set-MailboxDatabase -RpcClientAccessServer arr\" on target \"DB1\".\n");
  assert_contains (out, "What if: Performing the operation \"Set-MailboxDatabase -RpcClientAccessServer casarray.contoso.com\" on target \"DB2\".\n");
  assert_contains (out, "What if: Performing the operation \"New-MailboxDatabase -Name DB3 -Server MBX1\" on target \"DB3\".\n");
  assert_contains (out, "What if: Performing the operation \"Remove-MailboxDatabase\" on target \"DB2\".\n");
  assert_contains (out, "on target \"arr\".\n");
  assert_contains (out, "What if: Performing the operation \"Remove-ExchangeServer -Force\" on target \"CAS1\".\n");
  assert_contains (out, "\"Set-MailboxDatabase -RpcClientAccessServer casarray.contoso.com\" on target \"DB1\"");
  after = snapshot (fixture);
  g_assert_cmpstr (before, ==, after);

  /* -WhatIf is truthful: what would fail says so, and still changes nothing. */
  refused = run_script (fixture,
                        "Set-MailboxDatabase DB1 -RpcClientAccessServer nosuch.contoso.com -WhatIf\n"
                        "Set-MailboxDatabase DB1 -RpcClientAccessServer MBX1 -WhatIf\n"
                        "New-MailboxDatabase DB1 -Server MBX1 -WhatIf\n"
                        "New-MailboxDatabase DB9 -Server CAS1 -WhatIf\n"
                        "New-ClientAccessArray -Name arr2 -Fqdn arr2.contoso.com -Site Default-First-Site-Name -WhatIf\n"
                        "New-ExchangeServer -Name CAS2 -Fqdn x.contoso.com -Site Default-First-Site-Name -ServerRole Mailbox -WhatIf\n"
                        "Remove-ExchangeServer MBX1 -WhatIf\n"
                        "Remove-ExchangeServer CAS1 -WhatIf\n"
                        "Remove-ADSite Default-First-Site-Name -WhatIf\n"
                        "New-Organization Fabrikam -WhatIf\n");
  g_assert_cmpint (refused->status, ==, 1);
  g_assert_cmpstr (refused->out, ==, "");
  assert_contains (refused->err, "CASARRAY_ERROR_NOT_FOUND,Set-MailboxDatabase");
  assert_contains (refused->err, "CASARRAY_ERROR_NOT_CLIENT_ACCESS,Set-MailboxDatabase");
  assert_contains (refused->err, "CASARRAY_ERROR_ALREADY_EXISTS,New-MailboxDatabase");
  assert_contains (refused->err, "CASARRAY_ERROR_INVALID_ARGUMENT,New-MailboxDatabase");
  assert_contains (refused->err, "CASARRAY_ERROR_ARRAY_EXISTS_IN_SITE,New-ClientAccessArray");
  assert_contains (refused->err, "CASARRAY_ERROR_ALREADY_EXISTS,New-ExchangeServer");
  assert_contains (refused->err, "still owns 2 mailbox database(s)");
  assert_contains (refused->err, "still use CAS1 as their RpcClientAccessServer");
  assert_contains (refused->err, "CASARRAY_ERROR_IN_USE,Remove-ADSite");
  assert_contains (refused->err, "CASARRAY_ERROR_ALREADY_EXISTS,New-Organization");
  g_clear_pointer (&after, g_free);
  after = snapshot (fixture);
  g_assert_cmpstr (before, ==, after);
}

/* ---- pipelines ---- */

static void
test_pipeline_set (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = NULL;

  out = run_ok (fixture,
                "New-ExchangeServer -Name MBX2 -Fqdn mbx2.contoso.com -Site Default-First-Site-Name -ServerRole Mailbox | Out-Null\n"
                "New-MailboxDatabase DB3 -Server MBX2 | Out-Null\n"
                "New-ClientAccessArray -Name \"CAS array\" -Fqdn casarray.contoso.com -Site Default-First-Site-Name | Out-Null\n"
                "Get-MailboxDatabase -Server MBX1 | Set-MailboxDatabase -RpcClientAccessServer casarray.contoso.com\n"
                "Get-MailboxDatabase | fl Name,RpcClientAccessServer\n");
  g_assert_cmpstr (out, ==,
                   "\n"
                   "Name                  : DB1\n"
                   "RpcClientAccessServer : casarray.contoso.com\n"
                   "\n"
                   "Name                  : DB2\n"
                   "RpcClientAccessServer : casarray.contoso.com\n"
                   "\n"
                   "Name                  : DB3\n"
                   "RpcClientAccessServer : cas1.contoso.com\n"
                   "\n");

  /* Strings bind as -Identity too. */
  g_clear_pointer (&out, g_free);
  out = run_ok (fixture,
                "'DB1', \"DB3\" | Set-MailboxDatabase -RpcClientAccessServer CAS1\n"
                "Get-MailboxDatabase | ft Name,RpcClientAccessServer -HideTableHeaders\n");
  g_assert_cmpstr (out, ==,
                   "\n"
                   "DB1 cas1.contoso.com\n"
                   "DB2 casarray.contoso.com\n"
                   "DB3 cas1.contoso.com\n"
                   "\n");
}

static void
test_pipeline_errors (Fixture *fixture, gconstpointer data)
{
  /* One failing object does not stop the others. */
  g_autoptr(Result) result = run_script (fixture,
                                         "'DB1','DB9','DB2' | Set-MailboxDatabase -RpcClientAccessServer MBX1.contoso.com\n"
                                         "'DB1','DB9','DB2' | Remove-MailboxDatabase -Confirm:$false\n"
                                         "Get-MailboxDatabase\n");

  g_assert_cmpint (result->status, ==, 1);
  assert_contains (result->err, "Set-MailboxDatabase : “MBX1.contoso.com” cannot be an RpcClientAccessServer");
  assert_contains (result->err, "(DB1:String) [Set-MailboxDatabase], CASARRAY_ERROR_NOT_CLIENT_ACCESS");
  assert_contains (result->err, "(DB9:String) [Remove-MailboxDatabase], CASARRAY_ERROR_NOT_FOUND");
  /* Both removals around the failure happened; nothing is left to list. */
  g_assert_cmpstr (result->out, ==, "");
  /* Each statement sums up its failed objects, after its own errors. */
  assert_contains (result->err, "CASARRAY_ERROR_NOT_CLIENT_ACCESS,Set-MailboxDatabase\n\nSet-MailboxDatabase: 3 of 3 piped objects failed\n");
  assert_contains (result->err, "\nRemove-MailboxDatabase: 1 of 3 piped objects failed\n");
}

/* ---- errors ---- */

static void
test_error_format (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Result) result = run_script (fixture,
                                         "Get-MailboxDatabase DB1 | fl Name\n"
                                         "Set-MailboxDatabase DB9 -RpcClientAccessServer cas1.contoso.com\n"
                                         "Get-MailboxDatabase DB2 | fl Name\n");

  g_assert_cmpint (result->status, ==, 1);
  /* The statements around the failing one ran. */
  g_assert_cmpstr (result->out, ==, "\nName : DB1\n\n\nName : DB2\n\n");
  g_assert_cmpstr (result->err, ==,
                   "Set-MailboxDatabase : The operation couldn't be performed because mailbox database “DB9” couldn't be found.\n"
                   "At line:2 char:20\n"
                   "+ Set-MailboxDatabase <<<<  DB9 -RpcClientAccessServer cas1.contoso.com\n"
                   "    + CategoryInfo          : ObjectNotFound: (DB9:String) [Set-MailboxDatabase], CASARRAY_ERROR_NOT_FOUND\n"
                   "    + FullyQualifiedErrorId : CASARRAY_ERROR_NOT_FOUND,Set-MailboxDatabase\n"
                   "\n");
}

static void
test_error_kinds (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Result) unknown = run_script (fixture, "Get-MailboxDatabse -Identity DB1\n");
  g_autoptr(Result) param = run_script (fixture, "Set-MailboxDatabase DB1 -RpcClientAccesServer cas1.contoso.com\n");
  g_autoptr(Result) mandatory = run_script (fixture, "New-MailboxDatabase -Name DB3\n");
  g_autoptr(Result) missing = run_script (fixture, "Get-MailboxDatabase -Server\n");
  g_autoptr(Result) twice = run_script (fixture, "Get-MailboxDatabase -Server MBX1 -Server MBX1\n");
  g_autoptr(Result) roles = run_script (fixture, "New-ExchangeServer X -Fqdn x.contoso.com -Site Default-First-Site-Name -ServerRole Mailbox,Frontend\n");
  g_autoptr(Result) variable = run_script (fixture, "Get-MailboxDatabase $db\n");
  g_autoptr(Result) list = run_script (fixture, "Get-MailboxDatabase DB1,DB2\n");
  g_autoptr(Result) array_exists = run_script (fixture,
                                               "New-ClientAccessArray -Fqdn a1.contoso.com -Site Default-First-Site-Name | Out-Null\n"
                                               "New-ClientAccessArray -Fqdn a2.contoso.com -Site Default-First-Site-Name\n");

  g_assert_cmpint (unknown->status, ==, 1);
  assert_contains (unknown->err,
                   "The term 'Get-MailboxDatabse' is not recognized as the name of a cmdlet, function, script file, "
                   "or operable program.");
  assert_contains (unknown->err, "Did you mean Get-MailboxDatabase?\n");
  assert_contains (unknown->err, "At line:1 char:19\n+ Get-MailboxDatabse <<<<  -Identity DB1\n");
  assert_contains (unknown->err, "ObjectNotFound: (Get-MailboxDatabse:String) [], CommandNotFoundException");

  g_assert_cmpint (param->status, ==, 1);
  assert_contains (param->err,
                   "Set-MailboxDatabase : A parameter cannot be found that matches parameter name "
                   "'RpcClientAccesServer'. Did you mean -RpcClientAccessServer?\n");
  assert_contains (param->err, "NamedParameterNotFound,Set-MailboxDatabase");

  g_assert_cmpint (mandatory->status, ==, 1);
  assert_contains (mandatory->err, "missing mandatory parameters: Server.");
  g_assert_cmpint (missing->status, ==, 1);
  assert_contains (missing->err, "Missing an argument for parameter 'Server'.");
  g_assert_cmpint (twice->status, ==, 1);
  assert_contains (twice->err, "parameter 'Server' is specified more than once");
  g_assert_cmpint (roles->status, ==, 1);
  assert_contains (roles->err, "Cannot convert value \"Frontend\" to type \"ServerRole\"");
  g_assert_cmpint (variable->status, ==, 1);
  assert_contains (variable->err, "The variable '$db' cannot be retrieved");
  g_assert_cmpint (list->status, ==, 1);
  assert_contains (list->err, "Cannot convert 'System.Object[]' to the type 'System.String'");
  g_assert_cmpint (array_exists->status, ==, 1);
  assert_contains (array_exists->err,
                   "New-ClientAccessArray : The Client Access array already exists in site Default-First-Site-Name. "
                   "At most, one Client Access array can exist per site.\n");
  assert_contains (array_exists->err, "ResourceExists: (a2:String) [New-ClientAccessArray], CASARRAY_ERROR_ARRAY_EXISTS_IN_SITE");
}

static void
test_syntax_error_runs_nothing (Fixture *fixture, gconstpointer data)
{
  /* As in PowerShell, a script with a syntax error does not start. */
  g_autoptr(Result) result = run_script (fixture,
                                         "New-ADSite Site2\n"
                                         "Write-Host \"unterminated\n");
  g_autoptr(Result) pipe = run_script (fixture, "Get-MailboxDatabase | | fl\n");
  g_autofree char *sites = NULL;

  g_assert_cmpint (result->status, ==, 1);
  g_assert_cmpstr (result->out, ==, "");
  assert_contains (result->err, "The string is missing the terminator: \".\nAt line:2 char:12\n");
  assert_contains (result->err, "ParserError");
  sites = run_ok (fixture, "Get-ADSite | Select-Object -ExpandProperty Name\n");
  g_assert_cmpstr (sites, ==, "Default-First-Site-Name\n");

  g_assert_cmpint (pipe->status, ==, 1);
  assert_contains (pipe->err, "An empty pipe element is not allowed.");
}

static void
test_no_organization (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Result) result = run_script (fixture, "Get-MailboxDatabase\n");

  g_assert_cmpint (result->status, ==, 1);
  assert_contains (result->err, "CASARRAY_ERROR_NO_ORGANIZATION,Get-MailboxDatabase");
}

/* ---- where scripts come from ---- */

static void
test_command_line (Fixture *fixture, gconstpointer data)
{
  const char * const quoted[] = { "Get-MailboxDatabase DB1 | fl Name", NULL };
  const char * const words[] = { "Get-MailboxDatabase", "-Identity", "DB2", "|", "fl", "Name", NULL };
  const char * const failing[] = { "Get-MailboxDatabase DB9", NULL };
  g_autoptr(Result) one = run_full (fixture, TRUE, NULL, quoted);
  g_autoptr(Result) two = run_full (fixture, TRUE, NULL, words);
  g_autoptr(Result) three = run_full (fixture, TRUE, NULL, failing);

  g_assert_cmpint (one->status, ==, 0);
  g_assert_cmpstr (one->out, ==, "\nName : DB1\n\n");
  g_assert_cmpint (two->status, ==, 0);
  g_assert_cmpstr (two->out, ==, "\nName : DB2\n\n");
  g_assert_cmpint (three->status, ==, 1);
  assert_contains (three->err, "CASARRAY_ERROR_NOT_FOUND,Get-MailboxDatabase");
}

static void
test_script_file (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->tmpdir, "repoint.ps1", NULL);
  const char * const args[] = { "-f", path, NULL };
  g_autoptr(Result) result = NULL;
  g_autoptr(GError) error = NULL;

  /* A byte-order mark, as Windows editors write, and CRLF line ends. */
  g_file_set_contents (path,
                       "\xEF\xBB\xBFGet-MailboxDatabase | Set-MailboxDatabase -RpcClientAccessServer CAS1\r\n"
                       "Get-MailboxDatabase DB9\r\n"
                       "Get-MailboxDatabase | fl Name\r\n", -1, &error);
  g_assert_no_error (error);
  result = run_full (fixture, TRUE, NULL, args);
  g_assert_cmpint (result->status, ==, 1);
  g_assert_cmpstr (result->out, ==, "\nName : DB1\n\nName : DB2\n\n");
  g_assert_true (g_str_has_prefix (result->err,
                                   "Get-MailboxDatabase : The operation couldn't be performed because mailbox "
                                   "database “DB9” couldn't be found.\n"));
  assert_contains (result->err, "repoint.ps1:2 char:20\n");
}

static void
test_default_store (Fixture *fixture, gconstpointer data)
{
  const char * const create[] = { "New-Organization -Name Fabrikam | Out-Null; New-ADSite Site1 | Out-Null", NULL };
  const char * const read[] = { "Get-OrganizationConfig | fl Name; Get-ADSite | fl Name", NULL };
  const char * const gcm[] = { "Get-Command *-ClientAccessArray | ft Name", NULL };
  g_autoptr(Result) created = run_full (fixture, FALSE, NULL, create);
  g_autoptr(Result) again = run_full (fixture, FALSE, NULL, read);
  g_autoptr(Result) commands = run_full (fixture, FALSE, NULL, gcm);
  g_autofree char *path = g_build_filename (fixture->tmpdir, "casarray", "default.ldif", NULL);

  /* Without --store: the per-user embedded store, kept between runs. */
  g_assert_cmpint (created->status, ==, 0);
  g_assert_cmpstr (created->err, ==, "");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (again->status, ==, 0);
  g_assert_cmpstr (again->out, ==, "\nName : Fabrikam\n\n\nName : Site1\n\n");

  g_assert_cmpint (commands->status, ==, 0);
  g_assert_cmpstr (commands->out, ==,
                   "\nName\n----\n"
                   "Get-ClientAccessArray\nNew-ClientAccessArray\nSet-ClientAccessArray\nRemove-ClientAccessArray\n\n");
}

static void
test_memory_store (Fixture *fixture, gconstpointer data)
{
  const char *examples = g_getenv ("CASARRAY_EXAMPLES_DIR");
  g_autofree char *path = g_build_filename (examples, "blog-story.ps1", NULL);
  const char * const story[] = { "--store", "memory:", "-f", path, NULL };
  const char * const empty[] = { "--store", "memory:", "Get-ADSite", NULL };
  g_autoptr(Result) result = run_full (fixture, FALSE, NULL, story);
  g_autoptr(Result) gone = run_full (fixture, FALSE, NULL, empty);

  /* memory: lives as long as the process: a whole script works in it. */
  g_assert_cmpint (result->status, ==, 0);
  g_assert_cmpstr (result->err, ==, "");
  g_assert_true (g_str_has_suffix (result->out, "Name                  : DB3\nRpcClientAccessServer : casarray.contoso.com\n\n"));
  g_assert_cmpint (gone->status, ==, 0);
  g_assert_cmpstr (gone->out, ==, "");
}

/* ---- the extensions ---- */

static void
test_audit_and_repair (Fixture *fixture, gconstpointer data)
{
  g_autofree char *findings = NULL;
  g_autofree char *what_if = NULL;
  g_autofree char *repaired = NULL;
  g_autofree char *clean = NULL;

  g_free (run_ok (fixture,
                  "New-ExchangeServer -Name CAS2 -Fqdn cas2.contoso.com -Site Default-First-Site-Name -ServerRole ClientAccess | Out-Null\n"
                  "New-ClientAccessArray -Name arr -Fqdn casarray.contoso.com -Site Default-First-Site-Name | Out-Null\n"
                  "Remove-ExchangeServer CAS1 -Force\n"));
  findings = run_ok (fixture, "Test-ClientAccessConfiguration | ft Severity,Kind,Subject\n");
  g_assert_cmpstr (findings, ==,
                   "\n"
                   "Severity Kind            Subject\n"
                   "-------- ----            -------\n"
                   "Error    EndpointMissing DB1\n"
                   "Error    EndpointMissing DB2\n"
                   "\n");
  what_if = run_ok (fixture, "Test-ClientAccessConfiguration | Repair-ClientAccessConfiguration -WhatIf\n");
  g_assert_cmpstr (what_if, ==,
                   "What if: Performing the operation \"Set-MailboxDatabase -RpcClientAccessServer casarray.contoso.com\" on target \"DB1\".\n"
                   "What if: Performing the operation \"Set-MailboxDatabase -RpcClientAccessServer casarray.contoso.com\" on target \"DB2\".\n");
  repaired = run_ok (fixture, "Test-ClientAccessConfiguration | Repair-ClientAccessConfiguration | ft Database,Outcome,NewEndpoint\n");
  g_assert_cmpstr (repaired, ==,
                   "\n"
                   "Database Outcome NewEndpoint\n"
                   "-------- ------- -----------\n"
                   "DB1      Changed casarray.contoso.com\n"
                   "DB2      Changed casarray.contoso.com\n"
                   "\n");
  clean = run_ok (fixture, "Test-ClientAccessConfiguration\nRepair-ClientAccessConfiguration\n");
  g_assert_cmpstr (clean, ==, "");
}

static void
test_remove_guard (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Result) refused = NULL;
  g_autofree char *endpoint = NULL;

  g_free (run_ok (fixture,
                  "New-ExchangeServer -Name CAS2 -Fqdn cas2.contoso.com -Site Default-First-Site-Name -ServerRole ClientAccess | Out-Null\n"));
  refused = run_script (fixture, "Remove-ExchangeServer CAS1\n");
  g_assert_cmpint (refused->status, ==, 1);
  assert_contains (refused->err, "Give -RepointDatabases");
  assert_contains (refused->err, "CASARRAY_ERROR_IN_USE,Remove-ExchangeServer");

  g_free (run_ok (fixture, "Remove-ExchangeServer CAS1 -RepointDatabases -Confirm:$false\n"));
  endpoint = endpoint_of (fixture, "DB1");
  g_assert_cmpstr (endpoint, ==, "cas2.contoso.com");
}

/* ---- failures in statements that process many objects ---- */

/* An ACL that leaves the databases named Locked* readable and nothing
 * more to every identity but the rootdn, in the fixture's slapd.conf
 * (documented to be in its folder), then a restart: writes to those
 * databases fail with insufficientAccess, every time, while all others
 * succeed.  Returns the arguments that make casarray bind as the non-root
 * administrator (the rootdn, which SASL EXTERNAL maps to, ignores ACLs).
 * On AD (first function): each Locked* database gets an explicit deny ACE
 * for Everyone on writing properties and deleting (WP SD DT), and their
 * container one on deleting children (DC, through which AD would still
 * allow the delete); explicit deny ACEs bind the domain's Administrator
 * too. */
static GStrv
lock_databases_on_ad (Fixture *fixture)
{
  const char *names[] = { "Locked1", "Locked2" };
  GStrvBuilder *args = g_strv_builder_new ();
  g_autofree char *parent = NULL;
  g_autofree char *parent_ldif = NULL;
  g_autoptr(GError) error = NULL;
  GStrv result;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *script = g_strdup_printf ("Get-MailboxDatabase %s | Select-Object -ExpandProperty "
                                                 "DistinguishedName\n", names[i]);
      g_autofree char *dn = run_ok (fixture, script);
      g_autofree char *ldif = NULL;

      ldif = g_strdup_printf ("dn: %s\nchangetype: modify\nreplace: nTSecurityDescriptor\n"
                              "nTSecurityDescriptor: O:EAG:EAD:(D;;WPSDDT;;;WD)\n", g_strchomp (dn));
      g_assert_true (casarray_test_samba_ldbmodify (fixture->samba, ldif, &error));
      g_assert_no_error (error);
      if (parent == NULL)
        parent = g_strdup (strchr (dn, ',') + 1);
    }
  /* AD lets an object be deleted by whoever may delete it or may delete
   * its parent's children: deny that on the databases' container too (the
   * test removes no other database) */
  parent_ldif = g_strdup_printf ("dn: %s\nchangetype: modify\nreplace: nTSecurityDescriptor\n"
                                 "nTSecurityDescriptor: O:EAG:EAD:(D;;DC;;;WD)(A;;RPWPCRCCLCLORCWOWDSDDTSW;;;DA)\n",
                                 parent);
  g_assert_true (casarray_test_samba_ldbmodify (fixture->samba, parent_ldif, &error));
  g_assert_no_error (error);
  g_strv_builder_add_many (args, "--store", fixture->store,
                           "--bind-dn", casarray_test_samba_get_admin_dn (fixture->samba),
                           "--password-file", casarray_test_samba_get_admin_password_file (fixture->samba), NULL);
  result = g_strv_builder_end (args);
  g_strv_builder_unref (args);
  return result;
}

static GStrv
lock_databases (Fixture *fixture)
{
  CasarrayTestSlapd *slapd = fixture->slapd;
  g_autofree char *conf_path = NULL;
  g_autofree char *conf = NULL;
  g_autoptr(GString) edited = NULL;
  g_autoptr(GError) error = NULL;
  const char *marker = "access to attrs=userPassword";
  const char *at;
  GStrvBuilder *args = NULL;
  GStrv result;

  if (fixture->backend == BACKEND_AD)
    return lock_databases_on_ad (fixture);
  args = g_strv_builder_new ();
  conf_path = g_build_filename (casarray_test_slapd_get_directory (slapd), "slapd.conf", NULL);
  g_file_get_contents (conf_path, &conf, NULL, &error);
  g_assert_no_error (error);
  at = strstr (conf, marker);
  g_assert_nonnull (at);
  edited = g_string_new_len (conf, at - conf);
  g_string_append (edited, "access to filter=(name=Locked*)\n  by * read\n");
  g_string_append (edited, at);
  g_file_set_contents (conf_path, edited->str, -1, &error);
  g_assert_no_error (error);
  g_assert_true (casarray_test_slapd_restart (slapd, &error));
  g_assert_no_error (error);

  g_strv_builder_add_many (args, "--store", casarray_test_slapd_get_ldap_uri (slapd),
                           "--bind-dn", casarray_test_slapd_get_admin_dn (slapd),
                           "--password-file", casarray_test_slapd_get_admin_password_file (slapd), NULL);
  result = g_strv_builder_end (args);
  g_strv_builder_unref (args);
  return result;
}

/* Runs @line as the administrator @bind binds as. */
static Result *
run_as (Fixture *fixture, GStrv bind, const char *line)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  for (guint i = 0; bind[i] != NULL; i++)
    g_ptr_array_add (args, bind[i]);
  g_ptr_array_add (args, (gpointer) line);
  g_ptr_array_add (args, NULL);
  return run_full (fixture, FALSE, NULL, (const char * const *) args->pdata);
}

static void
test_repair_failures (Fixture *fixture, gconstpointer data)
{
  g_auto(GStrv) bind = NULL;
  g_autoptr(Result) repair = NULL;
  g_autoptr(Result) set = NULL;
  g_autoptr(Result) remove = NULL;
  g_autoptr(Result) clean = NULL;

  /* Five databases whose endpoint is gone; CAS2 is where a repair points them. */
  g_free (run_ok (fixture,
                  "New-MailboxDatabase Locked1 -Server MBX1 | Out-Null\n"
                  "New-MailboxDatabase Locked2 -Server MBX1 | Out-Null\n"
                  "New-MailboxDatabase DB3 -Server MBX1 | Out-Null\n"
                  "New-ExchangeServer -Name CAS2 -Fqdn cas2.contoso.com -Site Default-First-Site-Name -ServerRole ClientAccess | Out-Null\n"
                  "Remove-ExchangeServer CAS1 -Force\n"));
  bind = lock_databases (fixture);

  /* Two rows Failed: the statement fails and says so on standard error. */
  repair = run_as (fixture, bind, "Repair-ClientAccessConfiguration | ft Database,Outcome -HideTableHeaders");
  g_assert_cmpint (repair->status, ==, 1);
  assert_contains (repair->out, "DB1     Changed\n");
  assert_contains (repair->out, "Locked1 Failed\n");
  assert_contains (repair->out, "Locked2 Failed\n");
  g_assert_cmpstr (repair->err, ==, "Repair-ClientAccessConfiguration: 2 of 5 repairs failed\n");

  /* The same mechanism for objects piped into a setter and a remover. */
  set = run_as (fixture, bind, "Get-MailboxDatabase | Set-MailboxDatabase -RpcClientAccessServer CAS2");
  g_assert_cmpint (set->status, ==, 1);
  assert_contains (set->err, "(Locked1:String) [Set-MailboxDatabase]");
  assert_contains (set->err, "(Locked2:String) [Set-MailboxDatabase]");
  g_assert_true (g_str_has_suffix (set->err, "\nSet-MailboxDatabase: 2 of 5 piped objects failed\n"));
  remove = run_as (fixture, bind, "Get-MailboxDatabase Locked* | Remove-MailboxDatabase -Confirm:$false");
  g_assert_cmpint (remove->status, ==, 1);
  g_assert_true (g_str_has_suffix (remove->err, "\nRemove-MailboxDatabase: 2 of 2 piped objects failed\n"));

  /* Nothing left to fail: status 0, nothing on standard error. */
  clean = run_as (fixture, bind, "Get-MailboxDatabase DB* | Set-MailboxDatabase -RpcClientAccessServer CAS2");
  g_assert_cmpint (clean->status, ==, 0);
  g_assert_cmpstr (clean->err, ==, "");
}

/* ---- what a script may hold ---- */

static void
test_nul_byte (Fixture *fixture, gconstpointer data)
{
  static const char script[] = "New-ADSite Half\nGet-ADSite X\0Y\nNew-ADSite Two\n";
  g_autofree char *path = g_build_filename (fixture->tmpdir, "nul.ps1", NULL);
  const char * const file_args[] = { "-f", path, NULL };
  const char * const no_args[] = { NULL };
  g_autoptr(Result) from_file = NULL;
  g_autoptr(Result) from_stdin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sites = NULL;

  g_file_set_contents (path, script, sizeof script - 1, &error);
  g_assert_no_error (error);
  from_file = run_full (fixture, TRUE, NULL, file_args);
  from_stdin = run_bytes (fixture, script, sizeof script - 1, no_args);

  /* Refused where the NUL is, before any statement ran. */
  g_assert_cmpint (from_file->status, ==, 1);
  g_assert_cmpstr (from_file->out, ==, "");
  assert_contains (from_file->err, "NUL byte");
  assert_contains (from_file->err, "nul.ps1:2 char:13\n+ Get-ADSite X <<<< `0Y\n");
  assert_contains (from_file->err, "ParserError");
  g_assert_cmpint (from_stdin->status, ==, 1);
  assert_contains (from_stdin->err, "NUL byte");
  assert_contains (from_stdin->err, "At line:2 char:13\n");
  sites = site_names (fixture);
  g_assert_cmpstr (sites, ==, "Default-First-Site-Name\n");
}

static void
test_groups_run_nothing (Fixture *fixture, gconstpointer data)
{
  const char * const line[] = { "New-ADSite -Name Half; Write-Host @{a=1;b=2}", NULL };
  g_autoptr(Result) hash = run_script (fixture, "New-ADSite -Name Half; Write-Host @{a=1;b=2}\n");
  g_autoptr(Result) hash_line = run_full (fixture, TRUE, NULL, line);
  g_autoptr(Result) unclosed = run_script (fixture, "New-ADSite Half\nWrite-Host @{a=1;b=2\nNew-ADSite Two\n");
  g_autoptr(Result) block = run_script (fixture, "New-ADSite Half\nWrite-Host {\n  Get-ADSite\n");
  g_autoptr(Result) stray = run_script (fixture, "New-ADSite Half\n}\n");
  g_autoptr(Result) crossed = run_script (fixture, "New-ADSite Half; Write-Host (a}\n");
  g_autoptr(Result) quoted = run_script (fixture, "New-ADSite Half\nWrite-Host @{ a='}'\n");
  g_autoptr(Result) comment = run_script (fixture, "New-ADSite Half\nWrite-Host @{ a=1 # }\n}; New-ADSite Two\n");
  g_autoptr(Result) paren = run_script (fixture, "New-ADSite Half\nif ($x -eq) { Get-ADSite }\n");
  g_autoptr(Result) subexpression = run_script (fixture, "New-ADSite Half\nWrite-Host \"a $(1 -eq) d\"\n");
  g_autofree char *strings = NULL;
  g_autofree char *sites = NULL;

  /* A hash literal: refused as a whole before the first statement ran. */
  g_assert_cmpint (hash->status, ==, 1);
  g_assert_cmpstr (hash->out, ==, "");
  g_assert_true (g_str_has_prefix (hash->err, "Hash literals (@{ }) are not supported"));
  assert_contains (hash->err, "At line:1 char:35\n+ New-ADSite -Name Half; Write-Host <<<< @{a=1;b=2}\n");
  assert_contains (hash->err, "NotSupported");
  g_assert_cmpint (hash_line->status, ==, 1);
  assert_contains (hash_line->err, "Hash literals (@{ }) are not supported");

  /* Unbalanced: a syntax error naming the opener's line and column. */
  g_assert_cmpint (unclosed->status, ==, 1);
  g_assert_true (g_str_has_prefix (unclosed->err, "Missing closing '}' in hash literal.\nAt line:2 char:12\n"));
  assert_contains (unclosed->err, "ParserError");
  g_assert_true (g_str_has_prefix (block->err, "Missing closing '}' in statement block.\nAt line:2 char:12\n"));
  g_assert_true (g_str_has_prefix (stray->err, "Unexpected token '}' in expression or statement.\nAt line:2 char:1\n"));
  g_assert_true (g_str_has_prefix (crossed->err, "Unexpected token '}': the '(' at line 1 char 29 is not closed."));
  /* Strings and comments inside a group are read as such: their } closes nothing. */
  g_assert_true (g_str_has_prefix (quoted->err, "Missing closing '}' in hash literal.\nAt line:2 char:12\n"));
  g_assert_true (g_str_has_prefix (comment->err, "Hash literals (@{ }) are not supported"));
  assert_contains (comment->err, "At line:2 char:12\n");
  /* A syntax error in an if condition or in a $( ) inside a string is
   * found before anything runs too. */
  g_assert_true (g_str_has_prefix (paren->err, "You must provide a value expression following the '-eq' operator.\n"
                                               "At line:2 char:11\n"));
  g_assert_true (g_str_has_prefix (subexpression->err, "You must provide a value expression following the '-eq' operator.\n"
                                                       "At line:2 char:22\n"));
  {
    Result *each[] = { block, stray, crossed, quoted, comment, paren, subexpression };

    for (guint k = 0; k < G_N_ELEMENTS (each); k++)
      {
        g_assert_cmpint (each[k]->status, ==, 1);
        g_assert_cmpstr (each[k]->out, ==, "");
      }
  }

  sites = site_names (fixture);
  g_assert_cmpstr (sites, ==, "Default-First-Site-Name\n");

  /* Braces, semicolons and quotes inside strings and here-strings are text. */
  strings = run_ok (fixture,
                    "Write-Host \"@{a=1;b=2}\" '{;}' \"(\"; Write-Host x\n"
                    "Write-Host @\"\n"
                    "a;b } \"q\" ''\n"
                    "tab`tend\n"
                    "\"@\n"
                    "Write-Host @'\n"
                    "$(not; a) `t\n"
                    "'@\n");
  g_assert_cmpstr (strings, ==,
                   "@{a=1;b=2} {;} (\n"
                   "x\n"
                   "a;b } \"q\" ''\ntab\tend\n"
                   "$(not; a) `t\n");
}

/* ---- the PowerShell around the cmdlets (issue 13) ---- */

/* Variables hold what a pipeline wrote; properties, .Count, string
 * methods, $null/$true, $env:; a database in a variable binds as its
 * identity (Set-MailboxDatabase $db). */
static void
test_language_variables (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = run_ok (fixture,
                                 "$db = Get-MailboxDatabase DB1\n"
                                 "$db.Name\n"
                                 "$db.Name.ToLower()\n"
                                 "$db.Server\n"
                                 "(Get-MailboxDatabase).Count\n"
                                 "$null.Count\n"
                                 "$true\n"
                                 "$x = $null; $x -eq $null\n"
                                 "$env:LDAPNOINIT\n"
                                 "$list = 'a', 'b'; $list[1]; $list.Count\n"
                                 "Set-MailboxDatabase $db -RpcClientAccessServer cas1.contoso.com\n"
                                 "(Get-MailboxDatabase DB1).RpcClientAccessServer\n"
                                 "$db = Get-MailboxDatabase DB2; $db.Name.Length\n"
                                 "Write-Host $db on $db.Server\n"
                                 "Write-Output $db | % Server\n");
  g_autoptr(Result) unset = run_script (fixture, "$dbs = Get-MailboxDatabase\n$dsb.Count\n");
  g_autoptr(Result) method = run_script (fixture, "$db = Get-MailboxDatabase DB1\n$db.Name.Frobnicate()\n");

  g_assert_cmpstr (out, ==, "DB1\ndb1\nMBX1\n2\n0\nTrue\nTrue\n1\nb\n2\ncas1.contoso.com\n3\nDB2 on MBX1\nMBX1\n");
  /* A misspelt variable is an error (as under Set-StrictMode), never a
   * silent $null. */
  g_assert_cmpint (unset->status, ==, 1);
  g_assert_true (g_str_has_prefix (unset->err, "The variable '$dsb' cannot be retrieved because it has not been set.\n"
                                               "At line:2 char:1\n"));
  g_assert_cmpint (method->status, ==, 1);
  g_assert_true (g_str_has_prefix (method->err, "Method invocation failed because [System.String] doesn't contain "
                                                "a method named 'Frobnicate'"));
}

/* Administrators' filters: Where-Object with a script block or the
 * simplified form, ForEach-Object, and each operator's rules. */
static void
test_language_where (Fixture *fixture, gconstpointer data)
{
  g_autofree char *set = run_ok (fixture,
                                 "Get-MailboxDatabase | where {$_.Server -eq \"MBX1\"} | "
                                 "Set-MailboxDatabase -RpcClientAccessServer cas1.contoso.com\n"
                                 "Get-MailboxDatabase | ? { $_.RpcClientAccessServer -like \"CAS1*\" } | % { $_.Name }\n");
  g_autofree char *filters = run_ok (fixture,
                                     "Get-MailboxDatabase | Where-Object Name -eq db2 | ForEach-Object Name\n"
                                     "Get-MailboxDatabase | Where-Object { $_.Name -ceq \"db1\" } | % Name\n"
                                     "Get-MailboxDatabase | Where-Object { $_.Name -ne 'DB1' -and -not ($_.Name -match '^x') } | % Name\n"
                                     "Get-MailboxDatabase | Where-Object -Property Name -Like '*1' | % Name\n"
                                     "Get-MailboxDatabase | where { !$_.Recovery } | % { $_.Name.ToLower() }\n");
  g_autofree char *ops = run_ok (fixture,
                                 "1,2,3 -gt 1\n"
                                 "'DB1' -eq 'db1'; 'DB1' -ceq 'db1'; 'DB1' -ieq 'db1'\n"
                                 "5 -eq '5'; '10' -lt 9; 10 -lt '9'\n"
                                 "$null -eq $null; $null -eq ''; 'a' -gt $null\n"
                                 "'a','b' -contains 'B'; 'a','b' -ccontains 'B'; 'b' -in 'a','b'; 'x' -notin 'a','b'\n"
                                 "'MBX1' -match '^mbx\\d$'; 'MBX1' -cmatch '^mbx'; 'MBX1' -notlike 'cas*'\n"
                                 "!$false; -not (1 -eq 1); $true -and $false -or $true\n"
                                 "'a','B','c' -like '[ab]'\n");
  g_autofree char *format = run_ok (fixture,
                                    "Get-MailboxDatabase | % { \"{0,-5}|{1,6}|{{x}}\" -f $_.Name, $_.Server }\n"
                                    "Get-MailboxDatabase | Where-Object -F { $_.Name -eq 'DB2' } | % Name\n");
  g_autoptr(Result) unknown = run_script (fixture, "$a = 1; $a -gtx 2\n");
  g_autoptr(Result) bad = run_script (fixture, "Get-MailboxDatabase | where { $_.Server -eq MBX1 }\n");
  g_autoptr(Result) convert = run_script (fixture, "5 -eq 'five'\n");

  g_assert_cmpstr (set, ==, "DB1\nDB2\n");
  g_assert_cmpstr (format, ==, "DB1  |  MBX1|{x}\nDB2  |  MBX1|{x}\nDB2\n");
  g_assert_cmpint (unknown->status, ==, 1);
  g_assert_true (g_str_has_prefix (unknown->err, "Unexpected token '-gtx' in expression or statement: casarray knows the operators"));
  g_assert_cmpstr (filters, ==, "DB2\nDB2\nDB1\ndb1\ndb2\n");
  g_assert_cmpstr (ops, ==,
                   "2\n3\n"
                   "True\nFalse\nTrue\n"
                   "True\nTrue\nFalse\n"
                   "True\nFalse\nTrue\n"
                   "True\nFalse\nTrue\nTrue\n"
                   "True\nFalse\nTrue\n"
                   "True\nFalse\nTrue\n");
  /* A bare word is no string in an expression: a syntax error, before
   * anything runs, pointing at the word. */
  g_assert_cmpint (bad->status, ==, 1);
  g_assert_cmpstr (bad->out, ==, "");
  g_assert_true (g_str_has_prefix (bad->err, "Unexpected token 'MBX1' in expression or statement"));
  assert_contains (bad->err, "At line:1 char:45\n");
  /* The left operand decides: a number on the left wants a number. */
  g_assert_cmpint (convert->status, ==, 1);
  assert_contains (convert->err, "Cannot convert value \"five\" to type \"System.Int32\"");
}

/* foreach, if/elseif/else and "strings with $var and $( )". */
static void
test_language_statements (Fixture *fixture, gconstpointer data)
{
  g_autofree char *loops = run_ok (fixture,
                                   "Get-MailboxDatabase | ForEach-Object { Set-MailboxDatabase $_ -RpcClientAccessServer \"cas1.contoso.com\" }\n"
                                   "foreach ($d in Get-MailboxDatabase) { if ($d.RpcClientAccessServer -like \"cas1*\") { $d.Name } }\n"
                                   "foreach ($d in Get-MailboxDatabase) {\n"
                                   "  if ($d.Name -eq 'DB1') { \"first $($d.Name)\" }\n"
                                   "  elseif ($d.Name -like 'db*') { 'other' }\n"
                                   "  else { 'none' }\n"
                                   "}\n"
                                   "if ($false) { 'no' } else { 'else' }\n"
                                   "foreach ($n in 1, 2) { $n }\n");
  g_autofree char *strings = run_ok (fixture,
                                     "$server = \"cas1.contoso.com\"; \"https://$server/Autodiscover/Autodiscover.xml\"\n"
                                     "$db = Get-MailboxDatabase DB1; \"$db.Name\"; \"Name: $($db.Name)\"\n"
                                     "'no $server'; \"escaped `$server\"; \"${server}:443\"; \"say \"\"hi\"\"\"\n"
                                     "Write-Host \"Server: $server\" https://$server/owa\n"
                                     "Write-Host @\"\n"
                                     "db=$($db.Name.ToUpper()) on $server\n"
                                     "\"@\n");
  g_autoptr(Result) syntax = run_script (fixture,
                                         "New-ADSite Half\n"
                                         "foreach ($d in Get-MailboxDatabase) {\n"
                                         "  $d.Name -like\n"
                                         "}\n");
  g_autofree char *sites = NULL;

  g_assert_cmpstr (loops, ==, "DB1\nDB2\nfirst DB1\nother\nelse\n1\n2\n");
  g_assert_cmpstr (strings, ==,
                   "https://cas1.contoso.com/Autodiscover/Autodiscover.xml\n"
                   "DB1.Name\nName: DB1\n"
                   "no $server\nescaped $server\ncas1.contoso.com:443\nsay \"hi\"\n"
                   "Server: cas1.contoso.com https://cas1.contoso.com/owa\n"
                   "db=DB1 on cas1.contoso.com\n");
  /* A syntax error inside a block: nothing ran, not even line 1. */
  g_assert_cmpint (syntax->status, ==, 1);
  g_assert_cmpstr (syntax->out, ==, "");
  g_assert_true (g_str_has_prefix (syntax->err, "You must provide a value expression following the '-like' operator.\n"
                                                "At line:3 char:16\n"));
  sites = site_names (fixture);
  g_assert_cmpstr (sites, ==, "Default-First-Site-Name\n");
}

/* Sort-Object by properties or blocks, -Descending, -Unique, and
 * -CaseSensitive ordering lower case first, as .NET does. */
static void
test_language_sort (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = run_ok (fixture,
                                 "Get-MailboxDatabase | Sort-Object Name -Descending | % Name\n"
                                 "'b','A','a','c' | sort -Unique\n"
                                 "10, 9, 100 | sort\n"
                                 "'10', '9', '100' | sort\n"
                                 "Get-MailboxDatabase | sort { $_.Name } -Desc | select -First 1 | % Name\n"
                                 "'b','A','a','B' | Sort-Object -CaseSensitive\n"
                                 "Get-ExchangeServer | Sort-Object -Property ServerRole, Name | % Name\n");
  g_autoptr(Result) bad = run_script (fixture, "Get-MailboxDatabase | Sort-Object -Top 1\n");

  g_assert_cmpstr (out, ==,
                   "DB2\nDB1\n"
                   "A\nb\nc\n"
                   "9\n10\n100\n"
                   "10\n100\n9\n"
                   "DB2\n"
                   "a\nA\nb\nB\n"
                   "CAS1\nMBX1\n");
  g_assert_cmpint (bad->status, ==, 1);
  assert_contains (bad->err, "A parameter cannot be found that matches parameter name 'Top'");
}

/* Calculated properties in Select-Object and Format-Table, as the
 * cookbook writes them (n=/e=, Label=/Expression=, a property name as
 * the expression); hash literals elsewhere are still refused before
 * anything runs. */
static void
test_language_calculated (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = run_ok (fixture,
                                 "Get-MailboxDatabase | Select-Object Name,@{n=\"Srv\";e={$_.Server.ToLower()}}\n"
                                 "Get-MailboxDatabase | ft Name, @{Label=\"RPC\"; Expression={$_.RpcClientAccessServer}}, "
                                 "@{Name = \"Copy\"; Expression = \"Name\"} -AutoSize\n"
                                 "Get-MailboxDatabase | select @{e={$_.Name}} -First 1 | fl\n");
  g_autoptr(Result) key = run_script (fixture, "Get-MailboxDatabase | select @{n=\"x\";foo=1}\n");
  g_autoptr(Result) elsewhere = run_script (fixture, "New-ADSite Half\n$h = @{a=1}\n");
  g_autofree char *sites = NULL;

  g_assert_cmpstr (out, ==,
                   "\nName Srv\n---- ---\nDB1  mbx1\nDB2  mbx1\n\n"
                   "\nName RPC              Copy\n---- ---              ----\n"
                   "DB1  cas1.contoso.com DB1\nDB2  cas1.contoso.com DB2\n\n"
                   "\n$_.Name : DB1\n\n");
  g_assert_cmpint (key->status, ==, 1);
  assert_contains (key->err, "The foo key is not valid in a calculated property");
  g_assert_cmpint (elsewhere->status, ==, 1);
  g_assert_true (g_str_has_prefix (elsewhere->err, "Hash literals (@{ }) are not supported here"));
  sites = site_names (fixture);
  g_assert_cmpstr (sites, ==, "Default-First-Site-Name\n");
}

/* -ErrorAction: SilentlyContinue (or 0) hides and forgives an error, Stop
 * ends the script there; -WarningAction SilentlyContinue hides warnings. */
static void
test_language_error_action (Fixture *fixture, gconstpointer data)
{
  g_autofree char *silent = run_ok (fixture,
                                    "Get-MailboxDatabase DB9 -ErrorAction SilentlyContinue\n"
                                    "'after'\n"
                                    "$d = Get-MailboxDatabase DB9 -ea 0; $d -eq $null\n"
                                    "Set-MailboxDatabase DB1 -WarningAction SilentlyContinue; Get-MailboxDatabase DB1 | % Name\n");
  g_autoptr(Result) stop = run_script (fixture,
                                       "Get-MailboxDatabase DB9 -ErrorAction Stop\n"
                                       "New-ADSite Never\n");
  g_autoptr(Result) bad = run_script (fixture, "Get-MailboxDatabase -EA Sometimes\n");
  /* Stop inside a script block stops the pipeline too: nothing after it
   * runs on what came out before the error. */
  g_autoptr(Result) in_block = run_script (fixture,
                                           "'a','b' | % { $_; Get-MailboxDatabase DB9 -ea Stop } | "
                                           "% { New-ADSite \"Never-$_\" }\n");
  g_autofree char *sites = NULL;

  g_assert_cmpstr (silent, ==, "after\nTrue\nDB1\n");
  g_assert_cmpint (stop->status, ==, 1);
  assert_contains (stop->err, "couldn't be found");
  sites = site_names (fixture);
  g_assert_cmpstr (sites, ==, "Default-First-Site-Name\n");
  g_assert_cmpint (bad->status, ==, 1);
  assert_contains (bad->err, "Cannot convert value \"Sometimes\" to type \"System.Management.Automation.ActionPreference\"");
  g_assert_cmpint (in_block->status, ==, 1);
  assert_contains (in_block->err, "couldn't be found");
  g_clear_pointer (&sites, g_free);
  sites = site_names (fixture);
  g_assert_cmpstr (sites, ==, "Default-First-Site-Name\n");
}

/* Objects of another kind bind to the parameter named after them, as in
 * EMS: servers piped into Get-MailboxDatabase are its -Server. */
static void
test_language_bind_by_kind (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = run_ok (fixture,
                                 "Get-ExchangeServer MBX1 | Get-MailboxDatabase | % Name\n"
                                 "Get-ExchangeServer | where { $_.IsMailboxServer } | Get-MailboxDatabase | "
                                 "Sort-Object Name -Descending | % Name\n");

  g_assert_cmpstr (out, ==, "DB1\nDB2\nDB2\nDB1\n");
}

/* Measure-Object and Group-Object, as reports use them. */
static void
test_language_measure_group (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = run_ok (fixture,
                                 "(Get-MailboxDatabase | Measure-Object).Count\n"
                                 "$m = 1,5,3 | measure -Sum -Average -Max -Min; \"$($m.Sum) $($m.Average) $($m.Maximum) $($m.Minimum)\"\n"
                                 "Get-MailboxDatabase | Group-Object Server | ft Count,Name,Group\n"
                                 "(Get-ExchangeServer | group { $_.IsMailboxServer }).Count\n");
  g_autoptr(Result) text = run_script (fixture, "'a' | Measure-Object -Sum\n");

  g_assert_cmpstr (out, ==,
                   "2\n"
                   "9 3 5 1\n"
                   "\nCount Name Group\n----- ---- -----\n2     MBX1 {DB1, DB2}\n\n"
                   "2\n");
  g_assert_cmpint (text->status, ==, 1);
  assert_contains (text->err, "Input object \"a\" is not numeric.");
}

/* ConvertTo-Csv and Export-Csv as PowerShell 2 writes them, with the
 * administrator's -NoTypeInformation, and -Append. */
static void
test_language_csv (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->tmpdir, "databases.csv", NULL);
  g_autofree char *script = g_strdup_printf ("Get-MailboxDatabase | select Name,@{n=\"Note\";e={\"say \"\"hi\"\"\"}} | "
                                             "Export-Csv '%s' -NoTypeInformation\n"
                                             "Get-MailboxDatabase DB1 | select Name,Server | Export-Csv '%s' -Append\n",
                                             path, path);
  g_autofree char *lines = run_ok (fixture, "Get-MailboxDatabase | select Name,Server | ConvertTo-Csv\n"
                                            "(Get-MailboxDatabase | ConvertTo-Csv -NoTypeInformation -Delimiter ';')[0].Split(';')[0]\n");
  g_autofree char *none = run_ok (fixture, script);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (lines, ==,
                   "#TYPE Selected.MailboxDatabase\n"
                   "\"Name\",\"Server\"\n"
                   "\"DB1\",\"MBX1\"\n"
                   "\"DB2\",\"MBX1\"\n"
                   "\"Name\"\n");
  g_assert_cmpstr (none, ==, "");
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==,
                   "\"Name\",\"Note\"\r\n"
                   "\"DB1\",\"say \"\"hi\"\"\"\r\n"
                   "\"DB2\",\"say \"\"hi\"\"\"\r\n"
                   "\"DB1\",\"MBX1\"\r\n");

  /* -Append to a file that is not there yet writes the header first */
  {
    g_autofree char *fresh = g_build_filename (fixture->tmpdir, "fresh.csv", NULL);
    g_autofree char *append = g_strdup_printf ("Get-MailboxDatabase DB1 | select Name | Export-Csv '%s' -Append\n",
                                               fresh);
    g_autofree char *quiet = run_ok (fixture, append);
    g_autofree char *written = NULL;

    g_assert_cmpstr (quiet, ==, "");
    g_file_get_contents (fresh, &written, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (written, ==, "\"Name\"\r\n\"DB1\"\r\n");
  }
}

/* Hostile depth: any number of -not is one truth value; a chain of more
 * than 1000 operators or members is a syntax error (the trees are walked
 * recursively), never a crash. */
static void
test_language_deep (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GString) nots = g_string_new (NULL);
  g_autoptr(GString) ops = g_string_new ("New-ADSite Half\n1");
  g_autoptr(GString) members = g_string_new ("$a = 1; $a");
  g_autofree char *out = NULL;
  g_autoptr(Result) deep_ops = NULL;
  g_autoptr(Result) deep_members = NULL;
  g_autofree char *sites = NULL;

  for (guint i = 0; i < 100001; i++)
    g_string_append (nots, "-not ");
  g_string_append (nots, "$true\n-not -not 1; -not 0; !$true\n");
  for (guint i = 0; i < 1001; i++)
    {
      g_string_append (ops, " -eq 1");
      g_string_append (members, ".x");
    }
  g_string_append_c (ops, '\n');
  out = run_ok (fixture, nots->str);
  deep_ops = run_script (fixture, ops->str);
  deep_members = run_script (fixture, members->str);

  g_assert_cmpstr (out, ==, "False\nTrue\nTrue\nFalse\n");
  g_assert_cmpint (deep_ops->status, ==, 1);
  g_assert_true (g_str_has_prefix (deep_ops->err, "The expression has more than 1000 operators in a row.\nAt line:2 char:6003\n"));
  g_assert_cmpint (deep_members->status, ==, 1);
  g_assert_true (g_str_has_prefix (deep_members->err, "The expression has more than 1000 members or indexes in a row."));
  sites = site_names (fixture);
  g_assert_cmpstr (sites, ==, "Default-First-Site-Name\n");
}

/* ---- control characters never reach the terminal raw ---- */

static void
test_control_characters_escaped (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->tmpdir, "hostile.ps1", NULL);
  const char * const args[] = { "-f", path, NULL };
  g_autoptr(Result) raw = NULL;
  g_autoptr(Result) typed = NULL;
  g_autoptr(GError) error = NULL;

  /* Raw ESC, BEL, DEL, CSI (U+009B) and a right-to-left override in a script file. */
  g_file_set_contents (path,
                       "Get-MailboxDatabase \"X\033]0;owned\007\033[31mY\177\302\233Z\342\200\256\"\n"
                       "Set-MailboxDatabase DB1 -RpcClientAccessServer \"\033[2Jcas\"\n", -1, &error);
  g_assert_no_error (error);
  raw = run_full (fixture, TRUE, NULL, args);
  g_assert_cmpint (raw->status, ==, 1);
  assert_no_controls (raw->err);
  assert_contains (raw->err, "mailbox database “X`e]0;owned`a`e[31mY`u{7F}`u{9B}Z`u{202E}” couldn't be found.\n");
  assert_contains (raw->err, "+ Get-MailboxDatabase <<<<  \"X`e]0;owned`a`e[31mY`u{7F}`u{9B}Z`u{202E}\"\n");
  assert_contains (raw->err, "(X`e]0;owned`a`e[31mY`u{7F}`u{9B}Z`u{202E}:String)");
  assert_contains (raw->err, "Client Access server or array “`e[2Jcas” couldn't be found.\n");
  assert_contains (raw->err, "hostile.ps1:2 char:20\n");

  /* The same characters written with backtick escapes. */
  typed = run_script (fixture, "Get-MailboxDatabase \"`e[31mX`0`r\"\n");
  g_assert_cmpint (typed->status, ==, 1);
  assert_no_controls (typed->err);
  assert_contains (typed->err, "mailbox database “`e[31mX`r” couldn't be found.\n");
}

/* A directory written by another tool may hold anything in a name. */
static void
test_hostile_directory_escaped (Fixture *fixture, gconstpointer data)
{
  g_autofree char *dn = NULL;
  g_autofree char *ldif = NULL;
  g_autoptr(GError) error = NULL;
  static const char hostile[] = "DB1\033[2J\033]0;x\007\302\233";
  g_autofree char *table = NULL;
  g_autofree char *list = NULL;
  g_autofree char *json = NULL;
  g_autofree char *expanded = NULL;
  g_autofree char *what_if = NULL;
  g_autoptr(Result) failing = NULL;
  g_autoptr(JsonNode) root = NULL;

  {
    g_autofree char *out = run_ok (fixture, "Get-MailboxDatabase DB1 | Select-Object -ExpandProperty DistinguishedName\n");

    dn = g_strdup (g_strchomp (out));
  }
  /* The name is the cn, the RDN: rename DB1, hex escapes in the new RDN. */
  ldif = g_strdup_printf ("dn: %s\nchangetype: modrdn\nnewrdn: CN=DB1\\1B[2J\\1B]0\\3Bx\\07\\C2\\9B\n"
                          "deleteoldrdn: 1\n", dn);
  /* as slapd's rootdn, or AD's Administrator */
  if (fixture->backend == BACKEND_AD)
    g_assert_true (casarray_test_samba_load_ldif (fixture->samba, ldif, &error));
  else
    g_assert_true (casarray_test_slapd_load_ldif (fixture->slapd, ldif, &error));
  g_assert_no_error (error);

  table = run_ok (fixture, "Get-MailboxDatabase\n");
  list = run_ok (fixture, "Get-MailboxDatabase | fl Name,Server\n");
  json = run_ok (fixture, "Get-MailboxDatabase | ConvertTo-Json -Compress\n");
  expanded = run_ok (fixture, "Get-MailboxDatabase | Select-Object -ExpandProperty Name\n");
  what_if = run_ok (fixture, "Get-MailboxDatabase | Set-MailboxDatabase -RpcClientAccessServer CAS1 -WhatIf\n");
  failing = run_script (fixture, "Get-MailboxDatabase | Set-MailboxDatabase -RpcClientAccessServer MBX1\n");

  /* Columns are as wide as what is shown, escapes included. */
  assert_no_controls (table);
  assert_contains (table, "\nName                   Server Recovery ReplicationType\n");
  assert_contains (table, "\nDB1`e[2J`e]0;x`a`u{9B} MBX1   False    None\n");
  assert_no_controls (list);
  assert_contains (list, "\nName   : DB1`e[2J`e]0;x`a`u{9B}\nServer : MBX1\n");
  assert_no_controls (expanded);
  assert_contains (expanded, "DB1`e[2J`e]0;x`a`u{9B}\n");
  assert_no_controls (what_if);
  assert_contains (what_if, "on target \"DB1`e[2J`e]0;x`a`u{9B}\".\n");
  assert_no_controls (failing->err);
  assert_contains (failing->err, "(DB1`e[2J`e]0;x`a`u{9B}:String) [Set-MailboxDatabase]");

  /* JSON keeps the value, written with JSON's own escapes. */
  assert_no_controls (json);
  assert_contains (json, "\"DB1\\u001b[2J\\u001b]0;x\\u0007\\u009b\"");
  root = parse_json (json);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (root), 0), "Name"),
                   ==, hostile);
}

/* ---- the README story ---- */

/* Write-Warning: WARNING: on standard error, escaped, silenced by
 * -WarningAction; its output is not the pipeline's. */
static void
test_write_warning (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Result) result = run_script (fixture,
                                         "Write-Warning \"DB1 is `tfull\" again | Out-Null; 'after'\n"
                                         "Write-Warning -Message quiet -WarningAction SilentlyContinue\n"
                                         "$n = 'DB2'; Write-Warning \"$n has no copy\"\n");
  g_autoptr(Result) missing = run_script (fixture, "Write-Warning\n");

  g_assert_cmpint (result->status, ==, 0);
  g_assert_cmpstr (result->out, ==, "after\n");
  g_assert_cmpstr (result->err, ==, "WARNING: DB1 is `tfull again\nWARNING: DB2 has no copy\n");
  g_assert_cmpint (missing->status, ==, 1);
  assert_contains (missing->err, "Message");
}

/* Get-Date -Format with .NET custom specifiers; what casarray does not
 * implement (a DateTime value, standard formats, names of days) is
 * refused by name rather than shown wrong. */
/* Get-DomainController: AD's DCs, from the configuration partition (a
 * server object with NTDS Settings), each with its site; OpenLDAP and the
 * store have none and list nothing. */
static void
test_get_domain_controller (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = run_ok (fixture, "Get-DomainController | fl Name,DnsHostName,ADSite\n");

  if (fixture->backend == BACKEND_AD)
    {
      const char *fqdn = casarray_test_samba_get_host_fqdn (fixture->samba);
      g_autofree char *name = g_ascii_strup (fqdn, strcspn (fqdn, "."));
      g_autofree char *expected = g_strdup_printf ("\nName        : %s\nDnsHostName : %s\n"
                                                   "ADSite      : Default-First-Site-Name\n\n",
                                                   name, fqdn);

      /* (AD keeps dNSHostName as the DC registered it: DC1.contoso.com) */
      g_assert_cmpint (g_ascii_strcasecmp (out, expected), ==, 0);
      g_assert_nonnull (strstr (out, "Name        : DC1\n"));
    }
  else
    g_assert_cmpstr (out, ==, "");
}

static void
test_get_date (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autofree char *out = run_ok (fixture,
                                 "Get-Date -Format 'yyyy-MM-dd HH:mm:ss'\n"
                                 "\"backup-$(Get-Date -Format yyyyMMdd).csv\"\n"
                                 "Get-Date -Format \"'y='yy \\M=M\"\n");
  g_autoptr(GDateTime) after = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (after, "%Y%m%d");
  g_autofree char *quoted = g_strdup_printf ("y=%02d M=%d\n", g_date_time_get_year (after) % 100,
                                             g_date_time_get_month (after));
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autoptr(Result) no_format = run_script (fixture, "Get-Date\n");
  g_autoptr(Result) standard = run_script (fixture, "Get-Date -Format d\n");
  g_autoptr(Result) names = run_script (fixture, "Get-Date -Format 'dddd yyyy'\n");
  g_autoptr(Result) unclosed = run_script (fixture, "Get-Date -Format \"yyyy 'at\"\n");
  g_autofree char *first_before = g_date_time_format (before, "%Y-%m-%d %H:%M:%S");
  g_autofree char *first_after = g_date_time_format (after, "%Y-%m-%d %H:%M:%S");

  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], >=, first_before);
  g_assert_cmpstr (lines[0], <=, first_after);
  g_assert_cmpuint (strlen (lines[0]), ==, 19);
  g_assert_true (g_str_has_prefix (lines[1], "backup-") && g_str_has_suffix (lines[1], ".csv"));
  g_assert_cmpuint (strlen (lines[1]), ==, strlen ("backup-20260101.csv"));
  /* (the day may have turned between the runs; the test is not at midnight) */
  if (g_date_time_get_hour (before) == g_date_time_get_hour (after))
    {
      g_assert_true (strstr (lines[1], day) != NULL);
      g_assert_true (g_str_has_suffix (out, quoted));
    }
  g_assert_cmpint (no_format->status, ==, 1);
  assert_contains (no_format->err, "Get-Date without -Format writes a DateTime, which casarray does not implement");
  g_assert_cmpint (standard->status, ==, 1);
  assert_contains (standard->err, "-Format 'd' is a .NET standard format");
  g_assert_cmpint (names->status, ==, 1);
  assert_contains (names->err, "the specifier 'dddd' is not implemented");
  g_assert_cmpint (unclosed->status, ==, 1);
  assert_contains (unclosed->err, "the quoted literal has no closing '");
  g_assert_cmpstr (names->out, ==, "");
}

/* Out-File, > and >>: the file holds what the console shows; the error
 * stream's redirections and redirections mid-pipeline are refused before
 * anything runs; > inside strings is text and -gt still compares. */
static void
test_out_file (Fixture *fixture, gconstpointer data)
{
  g_autofree char *table = g_build_filename (fixture->tmpdir, "table.txt", NULL);
  g_autofree char *list = g_build_filename (fixture->tmpdir, "list.txt", NULL);
  g_autofree char *wide = g_build_filename (fixture->tmpdir, "wide.txt", NULL);
  g_autofree char *never = g_build_filename (fixture->tmpdir, "never.txt", NULL);
  g_autofree char *console = run_ok (fixture, "Get-MailboxDatabase\nGet-MailboxDatabase DB1 | fl Name\n");
  g_autofree char *script = g_strdup_printf ("Get-MailboxDatabase > '%s'\n"
                                             "Get-MailboxDatabase DB1 | fl Name >> '%s'\n"
                                             "$f = '%s'; 'a>b', \"c > d\" > $f; 2 -gt 1 >> $f\n"
                                             "Write-Output x>>'%s'\n"
                                             "'\u00e9' | Out-File -FilePath '%s' -Encoding Unicode\n",
                                             table, table, list, list, wide);
  g_autofree char *none = run_ok (fixture, script);
  g_autofree char *clobber = g_strdup_printf ("'new' | Out-File '%s' -NoClobber\n", list);
  g_autofree char *stream = g_strdup_printf ("New-ADSite Half\nGet-MailboxDatabase 2> '%s'\n", never);
  g_autofree char *middle = g_strdup_printf ("New-ADSite Half\nGet-MailboxDatabase > '%s' | fl\n", never);
  g_autofree char *bad = g_strdup_printf ("'x' | Out-File '%s' -Encoding Klingon\n", never);
  g_autoptr(Result) clobbered = run_script (fixture, clobber);
  g_autoptr(Result) streamed = run_script (fixture, stream);
  g_autoptr(Result) midway = run_script (fixture, middle);
  g_autoptr(Result) missing = run_script (fixture, "New-ADSite Half\nGet-MailboxDatabase >\n");
  g_autoptr(Result) unknown = run_script (fixture, bad);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *sites = NULL;

  g_assert_cmpstr (none, ==, "");
  g_file_get_contents (table, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, console);
  g_clear_pointer (&contents, g_free);
  g_file_get_contents (list, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "a>b\nc > d\nTrue\nx\n");
  g_clear_pointer (&contents, g_free);
  g_file_get_contents (wide, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, "\xFF\xFE\xE9\0\n\0", 6);

  g_assert_cmpint (clobbered->status, ==, 1);
  assert_contains (clobbered->err, "already exists");
  g_assert_cmpint (streamed->status, ==, 1);
  assert_contains (streamed->err, "'2>' (the error stream) is not supported");
  g_assert_cmpint (midway->status, ==, 1);
  assert_contains (midway->err, "a redirection only at the end of a pipeline");
  g_assert_cmpint (missing->status, ==, 1);
  assert_contains (missing->err, "Missing file specification after redirection operator.");
  g_assert_cmpint (unknown->status, ==, 1);
  assert_contains (unknown->err, "Cannot convert value \"Klingon\"");
  g_assert_false (g_file_test (never, G_FILE_TEST_EXISTS));
  /* (the refused scripts ran nothing: no Half site) */
  sites = site_names (fixture);
  g_assert_cmpstr (sites, ==, "Default-First-Site-Name\n");
}

/* Import-Csv and ConvertFrom-Json make objects whose properties work as
 * any object's do: in Where-Object, ForEach-Object, $_.Name, tables; bad
 * input is an error that says what is wrong. */
static void
test_import_csv_json (Fixture *fixture, gconstpointer data)
{
  g_autofree char *csv = g_build_filename (fixture->tmpdir, "servers.csv", NULL);
  g_autofree char *exported = g_build_filename (fixture->tmpdir, "exported.csv", NULL);
  g_autofree char *broken = g_build_filename (fixture->tmpdir, "broken.csv", NULL);
  g_autofree char *twice = g_build_filename (fixture->tmpdir, "twice.csv", NULL);
  g_autofree char *big = g_build_filename (fixture->tmpdir, "big.csv", NULL);
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *bad_script = NULL;
  g_autoptr(Result) bad = NULL;
  g_autoptr(Result) json_bad = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  g_file_set_contents (csv, "#TYPE Selected.Microsoft.Exchange.Data.Directory.SystemConfiguration.MailboxDatabase\r\n"
                            "\"Name\",\"Server\",\"Note\"\r\n"
                            "\"DB1\",\"MBX1\",\"say \"\"hi\"\"\"\r\n"
                            "\r\n"
                            "DB2,MBX2,\"two\nlines\"\r\n"
                            "DB3\r\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (broken, "Name\n\"DB1\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (twice, "Name,name\nDB1,DB1\n", -1, &error);
  g_assert_no_error (error);
  /* (a sparse file just over the cap) */
  fd = g_open (big, O_CREAT | O_WRONLY | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 64 * 1024 * 1024 + 1), ==, 0);
  close (fd);

  script = g_strdup_printf ("$rows = Import-Csv '%s'\n"
                            "$rows.Count; $rows[0].Note; $rows[1].Note; $rows[2].Server -eq $null\n"
                            "Import-Csv '%s' | Where-Object { $_.Server -eq 'MBX2' } | ForEach-Object { $_.Name }\n"
                            "Import-Csv -Path '%s' -Header A,B | select -First 1 | %% { \"$($_.A)/$($_.B)\" }\n"
                            "Get-MailboxDatabase | select Name,Server | Export-Csv '%s' -NoTypeInformation\n"
                            "Import-Csv '%s' | ft Name,Server\n"
                            "$j = @'\n"
                            "{\"Name\": \"DB9\", \"Size\": 12, \"Mounted\": true, \"Tags\": [\"a\", \"b\"],\n"
                            " \"Inner\": {\"x\": 1, \"y\": \"z\"}, \"Ratio\": 1.5, \"None\": null}\n"
                            "'@\n"
                            "$o = $j | ConvertFrom-Json; $o.Name; $o.Size -gt 10; $o.Mounted; $o.Tags.Count\n"
                            "$o | fl Inner,Ratio,None\n"
                            "'[{\"Name\":\"A\"},{\"Name\":\"B\"}]' | ConvertFrom-Json | ? { $_.Name -like 'b' } | %% Name\n"
                            "(ConvertFrom-Json '[1, \"two\"]').Count\n",
                            csv, csv, csv, exported, exported);
  out = run_ok (fixture, script);
  g_assert_cmpstr (out, ==,
                   /* (a line break in a value is shown escaped, as all output is) */
                   "3\nsay \"hi\"\ntwo`nlines\nTrue\n"
                   "DB2\n"
                   /* (with -Header the file's header is a row; #TYPE is still skipped) */
                   "Name/Server\n"
                   "\nName Server\n---- ------\nDB1  MBX1\nDB2  MBX1\n\n"
                   "DB9\nTrue\nTrue\n2\n"
                   "\nInner : @{x=1; y=z}\nRatio : 1.5\nNone  :\n\n"
                   "B\n"
                   "2\n");

  bad_script = g_strdup_printf ("Import-Csv '%s'\nImport-Csv '%s'\nImport-Csv '%s'\nImport-Csv '%s'\n"
                                "Import-Csv '%s' -Delimiter '\"'\n",
                                broken, twice, big, fixture->tmpdir, csv);
  bad = run_script (fixture, bad_script);
  g_assert_cmpint (bad->status, ==, 1);
  g_assert_cmpstr (bad->out, ==, "");
  assert_contains (bad->err, "broken.csv': The quoted field that starts on line 2 has no closing quote.");
  assert_contains (bad->err, "The member \"name\" is already present (columns 1 and 2 of the header).");
  assert_contains (bad->err, "bytes; casarray's Import-Csv reads files of at most 64 MiB.");
  assert_contains (bad->err, "' is not a file.");
  assert_contains (bad->err, "Import-Csv cannot take a quote or a line break as its delimiter.");

  {
    g_autofree char *open = g_strnfill (101, '[');
    g_autofree char *close = g_strnfill (101, ']');
    g_autofree char *json_script = g_strdup_printf ("'{\"a\": ' | ConvertFrom-Json\nGet-ADSite | ConvertFrom-Json\n"
                                                    "ConvertFrom-Json '%s%s'\n", open, close);

    json_bad = run_script (fixture, json_script);
  }
  g_assert_cmpint (json_bad->status, ==, 1);
  g_assert_cmpstr (json_bad->out, ==, "");
  assert_contains (json_bad->err, "Conversion from JSON failed: it is nested deeper than 100 levels.");
  assert_contains (json_bad->err, "ConvertFrom-Json : Conversion from JSON failed with error: ");
  assert_contains (json_bad->err, "ConvertFrom-Json takes strings; a ");
}

/* A session with no_file_output (the fuzz target's) refuses every way of
 * writing a file: Export-Csv, Out-File, > and >>. */
static void
test_no_file_output (void)
{
  g_autoptr(CasarrayDirectory) directory = casarray_directory_new ("memory:");
  g_autoptr(CliSession) session = cli_session_new (directory);
  g_autofree char *folder = g_dir_make_tmp ("test-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (folder, "out.txt", NULL);
  const char * const writers[] = { "'x' > $path", "'x' >> $path", "'x' | Out-File $path",
                                   "'x' | Out-File $path -Append", "'x' | Export-Csv $path" };
  char *errors = NULL;
  size_t size = 0;
  FILE *err = open_memstream (&errors, &size);
  FILE *out = fopen ("/dev/null", "w");

  g_assert_nonnull (folder);
  session->out = out;
  session->err = err;
  session->interactive = FALSE;
  session->progress = FALSE;
  session->no_file_output = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      g_autofree char *line = g_strdup_printf ("$path = '%s'; %s", path, writers[i]);

      g_assert_cmpint (cli_exec_source (session, line, -1, FALSE), ==, CLI_EXEC_FAILED);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  fclose (err);
  fclose (out);
  {
    guint refusals = 0;

    for (const char *p = errors; (p = strstr (p, "Writing files is turned off in this session.")) != NULL; p++)
      refusals++;
    g_assert_cmpuint (refusals, ==, G_N_ELEMENTS (writers));
  }
  free (errors);
  g_rmdir (folder);
}

static void
test_blog_story (Fixture *fixture, gconstpointer data)
{
  const char *examples = g_getenv ("CASARRAY_EXAMPLES_DIR");
  g_autofree char *path = NULL;
  const char *args[] = { "-f", NULL, NULL };
  g_autoptr(Result) result = NULL;
  const char *broken, *fixed;
  const char final_list[] =
    "\n"
    "Name                  : DB1\n"
    "RpcClientAccessServer : casarray.contoso.com\n"
    "\n"
    "Name                  : DB2\n"
    "RpcClientAccessServer : casarray.contoso.com\n"
    "\n"
    "Name                  : DB3\n"
    "RpcClientAccessServer : casarray.contoso.com\n"
    "\n";

  g_assert_nonnull (examples);
  path = g_build_filename (examples, "blog-story.ps1", NULL);
  if (fixture->backend == BACKEND_AD)
    {
      /* AD by design: the story's New-ADSite step happened at provisioning
       * (the top of the file); the story runs without it, from a copy */
      g_autofree char *story = NULL;
      g_autofree char *ad_story = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_get_contents (path, &story, NULL, &error));
      g_assert_no_error (error);
      ad_story = script_for_backend (fixture, story);
      g_free (path);
      path = g_build_filename (fixture->tmpdir, "blog-story-ad.ps1", NULL);
      g_assert_true (g_file_set_contents (path, ad_story, -1, &error));
      g_assert_no_error (error);
    }
  args[1] = path;
  result = run_full (fixture, TRUE, NULL, args);
  g_assert_cmpint (result->status, ==, 0);
  g_assert_cmpstr (result->err, ==, "");
  if (fixture->backend == BACKEND_AD)
    {
      /* and the left-out step is refused, as on every real AD */
      g_autoptr(Result) again = run_script (fixture, NEW_FIRST_SITE);

      g_assert_cmpint (again->status, ==, 1);
      assert_contains (again->err, "CASARRAY_ERROR_ALREADY_EXISTS,New-ADSite");
    }

  /* Databases created with CAS1 point at it; after CAS1 goes, at nothing;
   * after the fix, at the array. */
  assert_contains (result->out, "Name                  : DB3\nRpcClientAccessServer : cas1.contoso.com\n");
  broken = strstr (result->out, "Name                  : DB1\nRpcClientAccessServer :\n\n"
                                "Name                  : DB2\nRpcClientAccessServer :\n\n"
                                "Name                  : DB3\nRpcClientAccessServer :\n");
  g_assert_nonnull (broken);
  assert_contains (result->out, "Error    EndpointMissing DB3\n");
  assert_contains (result->out, "CAS array Default-First-Site-Name casarray.contoso.com {CAS2, CAS3}\n");
  fixed = strstr (result->out, final_list);
  g_assert_nonnull (fixed);
  g_assert_true (fixed > broken);
  g_assert_true (g_str_has_suffix (result->out, final_list));
}

int
main (int argc, char **argv)
{
  static const Setup slapd_provisioned = { BACKEND_SLAPD, provision };
  static const Setup slapd_empty = { BACKEND_SLAPD, NULL };
  static const Setup file_provisioned = { BACKEND_FILE, provision };
  static const Setup file_empty = { BACKEND_FILE, NULL };
  static const Setup ad_provisioned = { BACKEND_AD, provision };
  static const Setup ad_empty = { BACKEND_AD, NULL };

  g_test_init (&argc, &argv, NULL);
  g_setenv ("LDAPNOINIT", "1", TRUE);

  /* Each test on the three backends. */
#define ADD(path, func, provisioned) \
  G_STMT_START { \
    g_test_add ("/cli/slapd/" path, Fixture, provisioned ? &slapd_provisioned : &slapd_empty, \
                fixture_set_up, func, fixture_tear_down); \
    g_test_add ("/cli/ad/" path, Fixture, provisioned ? &ad_provisioned : &ad_empty, \
                fixture_set_up, func, fixture_tear_down); \
    g_test_add ("/cli/file/" path, Fixture, provisioned ? &file_provisioned : &file_empty, \
                fixture_set_up, func, fixture_tear_down); \
  } G_STMT_END

  g_test_add_func ("/cli/help", test_help);
  g_test_add ("/cli/default-store", Fixture, &file_empty, fixture_set_up, test_default_store, fixture_tear_down);
  g_test_add ("/cli/memory-store", Fixture, &file_empty, fixture_set_up, test_memory_store, fixture_tear_down);
  ADD ("syntax/case-insensitive", test_case_insensitive, TRUE);
  ADD ("syntax/prefixes", test_prefixes, TRUE);
  ADD ("syntax/positional", test_positional, TRUE);
  ADD ("syntax/quotes", test_quotes, TRUE);
  ADD ("syntax/blog-dashes-and-spaces", test_blog_dashes_and_spaces, TRUE);
  ADD ("syntax/comma-lists", test_comma_lists, TRUE);
  ADD ("syntax/true-false-null", test_true_false_null, TRUE);
  ADD ("syntax/comments-and-separators", test_comments_and_separators, TRUE);
  ADD ("output/format-list", test_format_list, TRUE);
  ADD ("output/format-table", test_format_table, TRUE);
  ADD ("output/json", test_json, TRUE);
  ADD ("output/select-object", test_select_object, TRUE);
  ADD ("what-if", test_what_if, TRUE);
  ADD ("pipeline/set-mailbox-database", test_pipeline_set, TRUE);
  ADD ("pipeline/errors", test_pipeline_errors, TRUE);
  ADD ("errors/format", test_error_format, TRUE);
  ADD ("errors/kinds", test_error_kinds, TRUE);
  ADD ("errors/syntax-runs-nothing", test_syntax_error_runs_nothing, TRUE);
  ADD ("errors/no-organization", test_no_organization, FALSE);
  ADD ("errors/groups-run-nothing", test_groups_run_nothing, TRUE);
  ADD ("errors/nul-byte", test_nul_byte, TRUE);
  ADD ("errors/control-characters-escaped", test_control_characters_escaped, TRUE);
  ADD ("language/variables", test_language_variables, TRUE);
  ADD ("language/where", test_language_where, TRUE);
  ADD ("language/statements", test_language_statements, TRUE);
  ADD ("language/sort", test_language_sort, TRUE);
  ADD ("language/calculated-properties", test_language_calculated, TRUE);
  ADD ("language/error-action", test_language_error_action, TRUE);
  ADD ("language/bind-by-kind", test_language_bind_by_kind, TRUE);
  ADD ("language/measure-group", test_language_measure_group, TRUE);
  ADD ("language/csv", test_language_csv, TRUE);
  ADD ("language/deep", test_language_deep, TRUE);
  ADD ("language/write-warning", test_write_warning, TRUE);
  ADD ("language/get-date", test_get_date, TRUE);
  ADD ("extensions/get-domain-controller", test_get_domain_controller, TRUE);
  ADD ("output/out-file", test_out_file, TRUE);
  ADD ("input/import-csv-convertfrom-json", test_import_csv_json, TRUE);
  g_test_add_func ("/cli/no-file-output", test_no_file_output);
  /* statements failing on some objects: slapd's ACLs (slapd.conf) or AD's
   * deny ACEs make writes to two databases fail (not on the store, which
   * has no access control) */
  g_test_add ("/cli/slapd/pipeline/failure-summary", Fixture, &slapd_provisioned,
              fixture_set_up, test_repair_failures, fixture_tear_down);
  g_test_add ("/cli/ad/pipeline/failure-summary", Fixture, &ad_provisioned,
              fixture_set_up, test_repair_failures, fixture_tear_down);
  /* the directory written behind casarray's back, as slapd's rootdn or
   * AD's Administrator (the store's file is covered by test-store) */
  g_test_add ("/cli/slapd/output/hostile-directory-escaped", Fixture, &slapd_provisioned,
              fixture_set_up, test_hostile_directory_escaped, fixture_tear_down);
  g_test_add ("/cli/ad/output/hostile-directory-escaped", Fixture, &ad_provisioned,
              fixture_set_up, test_hostile_directory_escaped, fixture_tear_down);
  ADD ("input/command-line", test_command_line, TRUE);
  ADD ("input/script-file", test_script_file, TRUE);
  ADD ("extensions/audit-and-repair", test_audit_and_repair, TRUE);
  ADD ("extensions/remove-guard", test_remove_guard, TRUE);
  ADD ("blog-story", test_blog_story, FALSE);

  return g_test_run ();
}
