/* cli.c: fuzz target for the whole casarray command on a memory: store
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Input: a script, run in-process as "casarray --store memory: -f FILE"
 * runs it (parse all, then run each statement), its output and errors
 * written to /dev/null.  Each input gets a new memory: store holding a
 * small organisation (two sites, servers of each role, databases, an
 * array), so that the cmdlets have something to find, change and remove
 * and so that a crash depends on the input alone.
 *
 * Nothing here reaches the network or the user's files: the store is
 * always memory: (checked), nothing in a script can name another one, and
 * HOME and XDG_* point into a temporary folder in case anything falls back
 * to the per-user default store.  Cmdlets that write files (Export-Csv)
 * are refused: a fuzzed path could name any file on the machine.
 */
#include "fuzz.h"

#include <stdio.h>
#include <string.h>

#include "cli-exec.h"
#include "cli-session.h"

/* Each statement runs cmdlets; longer scripts only make each run slower. */
#define FUZZ_MAX_INPUT 4096

static const char seed_script[] =
  "New-Organization -Name Contoso\n"
  "New-ADSite -Name Default-First-Site-Name\n"
  "New-ADSite -Name Branch\n"
  "New-ExchangeServer -Name MBX1 -Fqdn mbx1.contoso.com -Site Default-First-Site-Name -ServerRole Mailbox\n"
  "New-ExchangeServer -Name CAS1 -Fqdn cas1.contoso.com -Site Default-First-Site-Name -ServerRole ClientAccess,HubTransport\n"
  "New-ExchangeServer -Name CAS2 -Fqdn cas2.contoso.com -Site Branch -ServerRole ClientAccess\n"
  "New-MailboxDatabase -Name DB1 -Server MBX1\n"
  "New-MailboxDatabase -Name DB2 -Server MBX1\n"
  "New-ClientAccessArray -Name Array1 -Fqdn outlook.contoso.com -Site Default-First-Site-Name\n";

static FILE *null_output;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_isolate_environment ();
  null_output = fopen ("/dev/null", "w");
  if (null_output == NULL)
    fuzz_fail (__FILE__, __LINE__, "fopen", "cannot open /dev/null");
  return 0;
}

static CliSession *
new_session (void)
{
  g_autoptr(CasarrayDirectory) directory = casarray_directory_new ("memory:");
  CliSession *session;

  FUZZ_CHECK (g_strcmp0 (casarray_directory_get_uri (directory), "memory:") == 0,
              "the store is %s, not memory:", casarray_directory_get_uri (directory));
  session = cli_session_new (directory);
  session->out = null_output;
  session->err = null_output;
  session->interactive = FALSE;
  session->progress = FALSE;
  /* A fuzzed Export-Csv could name any path on the machine. */
  session->no_file_output = TRUE;
  return session;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  CliSession *session;

  if (size > FUZZ_MAX_INPUT)
    return -1;
  if (null_output == NULL)
    LLVMFuzzerInitialize (NULL, NULL);

  session = new_session ();
  FUZZ_CHECK (cli_exec_source (session, seed_script, -1, FALSE) == CLI_EXEC_OK,
              "the seed organisation could not be made");
  /* as cli_run_script_file() runs a script: the whole text, NULs included */
  session->script_name = "fuzz.ps1";
  cli_exec_source (session, (const char *) data, (gssize) size, FALSE);
  /* the directory must still answer after whatever the script did */
  FUZZ_CHECK (cli_exec_source (session, "Get-ExchangeServer | Out-Null", -1, FALSE) != CLI_EXEC_INCOMPLETE,
              "a complete command line was taken as incomplete");
  cli_session_free (session);
  fflush (null_output);
  return 0;
}
