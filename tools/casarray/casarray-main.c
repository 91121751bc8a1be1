/* casarray-main.c: the casarray command
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   casarray [--store URI] [--bind-dn DN --password-file FILE | -Y MECH [-X AUTHZID]]
 *            [--base DN] [--start-tls] [--ca-file FILE] [-f SCRIPT | 'COMMAND LINE']
 *
 * Runs Exchange Management Shell command lines against a directory: the
 * command line given, a script file, a script on standard input, or an
 * interactive prompt when standard input is a terminal.
 */
#include "config.h"

#include "cli-repl.h"
#include "cli-report.h"
#include "cli-session.h"

#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#define USAGE_STATUS 2

static const char description[] =
  "Runs Exchange Management Shell command lines against the Exchange 2010\n"
  "configuration in a directory (Active Directory or OpenLDAP with the casarray\n"
  "schema) or in an embedded store (an LDIF file; no server needed): the\n"
  "COMMAND LINE given, a script (-f FILE, or standard input), or an\n"
  "interactive prompt when standard input is a terminal.\n"
  "\n"
  "Without --store, the per-user embedded store\n"
  "$XDG_DATA_HOME/casarray/default.ldif (~/.local/share/casarray/default.ldif).\n"
  "\n"
  "Cmdlets: Get-/Set-/New-/Remove-MailboxDatabase, Move-DatabasePath,\n"
  "Get-/Set-ClientAccessServer, Get-/New-/Set-/Remove-ClientAccessArray,\n"
  "Get-/Set-ExchangeServer, Get-ADSite, Get-DomainController,\n"
  "Get-OrganizationConfig; extensions for\n"
  "building a lab: New-Organization, New-/Remove-ADSite,\n"
  "New-/Remove-ExchangeServer; extensions for checking one:\n"
  "Test-/Repair-ClientAccessConfiguration; and Format-List (fl), Format-Table\n"
  "(ft), ConvertTo-Json, Select-Object, Out-Null, Write-Host, Write-Output,\n"
  "Write-Warning, Get-Date -Format, Out-File (> and >>), Import-Csv,\n"
  "ConvertFrom-Json, Get-Command.\n"
  "Changing cmdlets take -WhatIf and -Confirm:$false.\n"
  "\n"
  "Examples:\n"
  "  casarray 'Get-MailboxDatabase | fl Name,RpcClientAccessServer'\n"
  "  casarray --store memory: -f examples/blog-story.ps1\n"
  "  casarray --store ldapi://%2Frun%2Fslapd%2Fldapi 'Get-ClientAccessArray'\n"
  "  casarray --store ldaps://dc1.contoso.com --bind-dn casarray@contoso.com \\\n"
  "           --password-file ~/.casarray-password -f repoint.ps1\n"
  "  kinit admin@CONTOSO.COM &&\n"
  "    casarray --store ldap://dc1.contoso.com -Y GSSAPI 'Get-MailboxDatabase'\n"
  "\n"
  "Exit status: 0 when every statement succeeded, 1 when one failed, 2 for a\n"
  "usage error.  See casarray(1).";

int
main (int argc, char **argv)
{
  g_autofree char *store = NULL;
  g_autofree char *bind_dn = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *sasl_mechanism = NULL;
  g_autofree char *sasl_authcid = NULL;
  g_autofree char *sasl_authzid = NULL;
  g_autofree char *base = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *script = NULL;
  g_autofree char *creation_server = NULL;
  gboolean allow_any_server = FALSE;
  gboolean start_tls = FALSE;
  gboolean verbose = FALSE;
  gboolean version = FALSE;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(CliSession) session = NULL;
  const GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_STRING, &store,
      "The directory: ldap://, ldaps://, ldapi:// URI, an embedded store (file:///path/org.ldif "
      "or a path), or memory: (default: the per-user store)", "URI" },
    { "bind-dn", 'D', 0, G_OPTION_ARG_STRING, &bind_dn,
      "Bind with this DN or user principal name (simple bind)", "DN" },
    { "password-file", 'y', 0, G_OPTION_ARG_FILENAME, &password_file,
      "Read the bind password from FILE (one trailing newline ignored)", "FILE" },
    { "sasl-mech", 'Y', 0, G_OPTION_ARG_STRING, &sasl_mechanism,
      "Bind with SASL: GSSAPI (the Kerberos ticket of kinit, KRB5CCNAME) or EXTERNAL", "MECH" },
    { "sasl-authcid", 'U', 0, G_OPTION_ARG_STRING, &sasl_authcid,
      "SASL authentication identity, as ldapsearch takes it (GSSAPI and EXTERNAL ignore it: "
      "the ticket or the connection names the identity)", "AUTHCID" },
    { "sasl-authzid", 'X', 0, G_OPTION_ARG_STRING, &sasl_authzid,
      "SASL authorization identity to act as (dn:DN or u:USER)", "AUTHZID" },
    { "base", 'b', 0, G_OPTION_ARG_STRING, &base,
      "The configuration naming context (default: discovered)", "DN" },
    { "start-tls", 'Z', 0, G_OPTION_ARG_NONE, &start_tls,
      "Upgrade an ldap:// connection with StartTLS", NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      "Trust the CA certificates in FILE for TLS", "FILE" },
    { "creation-server", 0, 0, G_OPTION_ARG_STRING, &creation_server,
      "Create, move and rename client access arrays on SERVER (default: the first of --store's list, "
      "or AD's domain naming master when it lists several)", "SERVER" },
    { "allow-any-server", 0, 0, G_OPTION_ARG_NONE, &allow_any_server,
      "When the creation server is down, create arrays on another server anyway (risks two in a site)", NULL },
    { "file", 'f', 0, G_OPTION_ARG_FILENAME, &script,
      "Run the script in FILE", "FILE" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      "Say on standard error which directory server answered, and why another was tried", NULL },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &version,
      "Print the version and exit", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, "['COMMAND LINE']" },
    G_OPTION_ENTRY_NULL
  };
  int status;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("- Exchange Management Shell cmdlets for CAS arrays and RpcClientAccessServer");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context, description);
  /* Options end at the command line: "casarray Get-MailboxDatabase -Server X"
   * hands -Server to the cmdlet, not to option parsing. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      /* The message quotes the argument, which may hold anything. */
      cli_print_line (stderr, "casarray: %s", error->message);
      fputs ("Try \"casarray --help\".\n", stderr);
      return USAGE_STATUS;
    }
  if (version)
    {
      printf ("casarray %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (verbose)
    {
      /* The library says what it connects to in messages of its own log
       * domain, which GLib shows when G_MESSAGES_DEBUG names it; on
       * standard error, as standard output is the pipeline's.  Set before
       * any thread exists. */
      const char *shown = g_getenv ("G_MESSAGES_DEBUG");
      g_autofree char *domains = shown != NULL && *shown != '\0'
                                 ? g_strconcat (shown, " Casarray", NULL)
                                 : g_strdup ("Casarray");

      g_setenv ("G_MESSAGES_DEBUG", domains, TRUE);
      g_log_writer_default_set_use_stderr (TRUE);
    }
  if ((bind_dn == NULL) != (password_file == NULL))
    {
      fprintf (stderr, "casarray: --bind-dn and --password-file go together\n");
      return USAGE_STATUS;
    }
  if (sasl_mechanism != NULL &&
      g_ascii_strcasecmp (sasl_mechanism, "GSSAPI") != 0 &&
      g_ascii_strcasecmp (sasl_mechanism, "EXTERNAL") != 0)
    {
      cli_print_line (stderr, "casarray: unsupported SASL mechanism “%s” for -Y: use GSSAPI or EXTERNAL",
                      sasl_mechanism);
      return USAGE_STATUS;
    }
  if (sasl_mechanism != NULL && bind_dn != NULL)
    {
      fprintf (stderr, "casarray: -Y binds with SASL, --bind-dn and --password-file with a simple "
                       "bind: give one or the other\n");
      return USAGE_STATUS;
    }
  if (sasl_mechanism == NULL && (sasl_authcid != NULL || sasl_authzid != NULL))
    {
      fprintf (stderr, "casarray: -U and -X are SASL identities: they need -Y MECH\n");
      return USAGE_STATUS;
    }
  if (script != NULL && rest != NULL && rest[0] != NULL)
    {
      fprintf (stderr, "casarray: give either -f FILE or a command line, not both\n");
      return USAGE_STATUS;
    }

  /* No --store: the per-user embedded store. */
  directory = store != NULL ? casarray_directory_new (store) : casarray_directory_new_default ();
  casarray_directory_set_bind_dn (directory, bind_dn);
  casarray_directory_set_password_file (directory, password_file);
  casarray_directory_set_sasl_mechanism (directory, sasl_mechanism);
  casarray_directory_set_sasl_authorization_id (directory, sasl_authzid);
  casarray_directory_set_configuration_dn (directory, base);
  casarray_directory_set_start_tls (directory, start_tls);
  casarray_directory_set_tls_ca_file (directory, ca_file);
  casarray_directory_set_creation_server (directory, creation_server);
  casarray_directory_set_allow_any_creation_server (directory, allow_any_server);

  session = cli_session_new (directory);
  session->progress = isatty (STDERR_FILENO);

  if (rest != NULL && rest[0] != NULL)
    {
      g_autofree char *line = g_strjoinv (" ", rest);

      status = cli_run_command_line (session, line);
    }
  else if (script != NULL)
    status = cli_run_script_file (session, script);
  else if (isatty (STDIN_FILENO))
    status = cli_repl_run (session);
  else
    status = cli_run_script_stdin (session);

  fflush (stdout);
  return status;
}
