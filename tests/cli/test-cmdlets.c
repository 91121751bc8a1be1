/* test-cmdlets.c: cmdlet and binding behaviour of the casarray command
 * that issue 13's corpus asks for, on the corpus's test organisation
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each test copies tests/corpus/organisation.ldif ($CASARRAY_CORPUS_LDIF:
 * Contoso, DB01..DB04 on MBX1..MBX3, CAS1..CAS3, the array casarray01 in
 * Default-First-Site-Name) to a temporary embedded store, feeds a script
 * to $CASARRAY_CLI on standard input and checks standard output, standard
 * error and the exit status.  The corpus (tests/corpus) replays published
 * lines; these tests pin the rules behind them, one at a time.
 */
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

typedef struct {
  char *tmpdir;
  char *store;
} Fixture;

typedef struct {
  int   status;
  char *out;
  char *err;
} Result;

static void
result_free (Result *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  const char *ldif = g_getenv ("CASARRAY_CORPUS_LDIF");

  g_assert_nonnull (ldif);
  fixture->tmpdir = g_dir_make_tmp ("casarray-cmdlets-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = g_build_filename (fixture->tmpdir, "org.ldif", NULL);
  g_file_get_contents (ldif, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (fixture->store, contents, length, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  remove_tree (fixture->tmpdir);
  g_free (fixture->store);
  g_free (fixture->tmpdir);
}

static Result *
run (Fixture *fixture, const char *script)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("CASARRAY_CLI");
  Result *result = g_new0 (Result, 1);

  g_assert_nonnull (cli);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LDAPNOINIT", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", fixture->tmpdir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->tmpdir, TRUE);
  g_subprocess_launcher_set_cwd (launcher, fixture->tmpdir);
  process = g_subprocess_launcher_spawn (launcher, &error, cli, "--store", fixture->store, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, script, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
  if (g_test_verbose ())
    g_test_message ("exit %d\n--- stdout\n%s--- stderr\n%s", result->status, result->out, result->err);
  return result;
}

static guint
count (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* ---- live properties and -Status ---- */

/* Without -Status the live properties exist and are empty, as in EMS: a
 * table names its column, a list its line, $_.Mounted is $null; no
 * warning is printed. */
static void
test_live_properties_empty (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Result) r = run (fixture,
                             "Get-MailboxDatabase DB01 | ft Name,Mounted,DatabaseSize\n"
                             "Get-MailboxDatabase DB01 | fl Name,LastFullBackup\n"
                             "$db = Get-MailboxDatabase DB02; $null -eq $db.Mounted\n");

  g_assert_cmpint (r->status, ==, 0);
  g_assert_cmpstr (r->err, ==, "");
  g_assert_nonnull (strstr (r->out, "Name Mounted DatabaseSize\n---- ------- ------------\nDB01\n"));
  g_assert_nonnull (strstr (r->out, "Name           : DB01\nLastFullBackup :\n"));
  g_assert_nonnull (strstr (r->out, "True\n"));
}

/* -Status: one warning per run, saying live status needs the Exchange
 * server; the output is the same objects. */
static void
test_status_warns_once (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Result) r = run (fixture, "Get-MailboxDatabase -Status | select Name,AvailableNewMailboxSpace\n");

  g_assert_cmpint (r->status, ==, 0);
  g_assert_cmpuint (count (r->err, "WARNING:"), ==, 1);
  g_assert_nonnull (strstr (r->err, "needs the Exchange server"));
  g_assert_nonnull (strstr (r->out, "Name AvailableNewMailboxSpace\n"));
  g_assert_nonnull (strstr (r->out, "\nDB04\n"));
}

/* Any plain property name an object lacks is an empty column (PowerShell's
 * Select-Object and Format-Table); a wildcard that matches nothing adds
 * nothing. */
static void
test_unknown_property_empty_column (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Result) r = run (fixture,
                             "Get-ExchangeServer MBX1 | select Name,NoSuchThing | ft\n"
                             "Get-ExchangeServer MBX1 | ft Name,NoSuch*\n");

  g_assert_cmpint (r->status, ==, 0);
  g_assert_nonnull (strstr (r->out, "Name NoSuchThing\n---- -----------\nMBX1\n"));
  g_assert_nonnull (strstr (r->out, "Name\n----\nMBX1\n"));
}

/* Export-Csv writes a $null field as nothing, not "" (Windows PowerShell). */
static void
test_csv_null_field (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Result) r = run (fixture, "Get-MailboxDatabase DB01 | select Name,Mounted,Server | ConvertTo-Csv -NoTypeInformation\n");

  g_assert_cmpint (r->status, ==, 0);
  g_assert_cmpstr (r->out, ==, "\"Name\",\"Mounted\",\"Server\"\n\"DB01\",,\"MBX1\"\n");
}

/* ---- Move-DatabasePath ---- */

/* -Force (the cookbook's Move-DatabasePath ... -Confirm:$false -Force) is
 * accepted and the paths move; a parameter it does not know still fails. */
static void
test_move_database_path_force (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Result) r = run (fixture,
                             "Move-DatabasePath DB01 -EdbFilePath E:\\x\\DB01.edb -LogFolderPath E:\\x -Confirm:$false -Force\n"
                             "Get-MailboxDatabase DB01 | fl EdbFilePath,LogFolderPath\n");
  g_autoptr(Result) typo = run (fixture, "Move-DatabasePath DB01 -LogFolderPath E:\\y -Forse\n");

  g_assert_cmpint (r->status, ==, 0);
  g_assert_cmpstr (r->err, ==, "");
  g_assert_nonnull (strstr (r->out, "EdbFilePath   : E:\\x\\DB01.edb\nLogFolderPath : E:\\x\n"));
  g_assert_cmpint (typo->status, !=, 0);
  g_assert_nonnull (strstr (typo->err, "Forse"));
}

/* ---- parameters ---- */

/* An EMS parameter casarray lacks is said to be one, not taken for a
 * typo; a typo still gets EMS's NamedParameterNotFound.  Nothing changes. */
static void
test_unimplemented_ems_parameter (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Result) ems = run (fixture, "Set-MailboxDatabase -Identity DB04 -name Database4\n");
  g_autoptr(Result) typo = run (fixture, "Set-MailboxDatabase -Identity DB04 -Nmae Database4\n");
  g_autoptr(Result) state = run (fixture, "(Get-MailboxDatabase DB04).Name\n");

  g_assert_cmpint (ems->status, !=, 0);
  g_assert_nonnull (strstr (ems->err, "-Name is an EMS parameter casarray does not implement."));
  g_assert_nonnull (strstr (ems->err, "NotSupported"));
  g_assert_cmpint (typo->status, !=, 0);
  g_assert_nonnull (strstr (typo->err, "NamedParameterNotFound"));
  g_assert_null (strstr (typo->err, "EMS parameter"));
  g_assert_cmpstr (state->out, ==, "DB04\n");
}

/* ---- binding piped objects of another kind ---- */

/* A server piped into Get-MailboxDatabase is its -Server, a site piped
 * into Get-ClientAccessArray its -Site (cli-binder.c, parameter_for_kind),
 * and an object of the cmdlet's own kind its -Identity. */
static void
test_bind_by_kind (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Result) servers = run (fixture, "Get-ExchangeServer MBX1 | Get-MailboxDatabase | ft Name\n");
  g_autoptr(Result) sites = run (fixture, "Get-ADSite Default-First-Site-Name | Get-ClientAccessArray | ft Name\n"
                                          "Get-ADSite Branch-Office | Get-ClientAccessArray | ft Name\n");
  g_autoptr(Result) own = run (fixture, "Get-MailboxDatabase DB03 | select Name | Get-MailboxDatabase | ft Name,Server\n");

  g_assert_cmpint (servers->status, ==, 0);
  g_assert_cmpstr (servers->out, ==, "\nName\n----\nDB01\nDB02\n\n");
  g_assert_cmpint (sites->status, ==, 0);
  g_assert_cmpstr (sites->out, ==, "\nName\n----\ncasarray01\n\n");
  g_assert_cmpint (own->status, ==, 0);
  g_assert_cmpstr (own->out, ==, "\nName Server\n---- ------\nDB03 MBX2\n\n");
}

/* ---- ADObjectId values ---- */

/* Site and Members name directory objects, as EMS's ADObjectIds: .Site.Name
 * is the site's name, Members | Select-Object Name gives objects with a
 * Name; shown and compared they are the names, as before. */
static void
test_ad_object_ids (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Result) r = run (fixture,
                             "(Get-ExchangeServer MBX3).Site.Name\n"
                             "(Get-ExchangeServer MBX3).Site.DistinguishedName -like 'CN=Branch-Office,CN=Sites,*'\n"
                             "(Get-ClientAccessArray casarray01).Members | Select-Object Name\n"
                             "(Get-ExchangeServer | where {$_.Site -eq 'Branch-Office'}).Count\n"
                             "Get-ExchangeServer MBX3 | ft Name,Site\n");

  g_assert_cmpint (r->status, ==, 0);
  g_assert_cmpstr (r->err, ==, "");
  g_assert_true (g_str_has_prefix (r->out, "Branch-Office\nTrue\n\nName\n----\nCAS1\nCAS2\n\n2\n"));
  g_assert_nonnull (strstr (r->out, "Name Site\n---- ----\nMBX3 Branch-Office\n"));
}

/* ---- Mount-Database ---- */

/* Mounting needs the Information Store: the database piped in is found,
 * one warning says it was not mounted, and the statement succeeds; a
 * database that does not exist still fails. */
static void
test_mount_database (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Result) r = run (fixture, "New-MailboxDatabase -Name DB10 -Server MBX1 | Mount-Database\n"
                                      "(Get-MailboxDatabase DB10).Server\n");
  g_autoptr(Result) missing = run (fixture, "Mount-Database DB99\n");

  g_assert_cmpint (r->status, ==, 0);
  g_assert_cmpstr (r->out, ==, "MBX1\n");
  g_assert_cmpuint (count (r->err, "WARNING:"), ==, 1);
  g_assert_nonnull (strstr (r->err, "'DB10' needs the Exchange server"));
  g_assert_cmpint (missing->status, !=, 0);
  g_assert_nonnull (strstr (missing->err, "DB99"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/cmdlets/live/empty", test_live_properties_empty);
  ADD ("/cmdlets/live/status-warns-once", test_status_warns_once);
  ADD ("/cmdlets/live/unknown-property", test_unknown_property_empty_column);
  ADD ("/cmdlets/live/csv-null", test_csv_null_field);
  ADD ("/cmdlets/move-database-path/force", test_move_database_path_force);
  ADD ("/cmdlets/parameters/unimplemented-ems", test_unimplemented_ems_parameter);
  ADD ("/cmdlets/binding/by-kind", test_bind_by_kind);
  ADD ("/cmdlets/values/ad-object-ids", test_ad_object_ids);
  ADD ("/cmdlets/mount-database", test_mount_database);
#undef ADD
  return g_test_run ();
}
