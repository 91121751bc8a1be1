/* cli-cmdlets.c: the cmdlet table, and bound parameters for the runners
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-cmdlet.h"

#include <string.h>

#define M  CLI_PARAM_MANDATORY
#define P  CLI_PARAM_PIPELINE
#define N  CLI_PARAM_NULLABLE

#define CHANGE_PARAMS \
  { "WhatIf", CLI_PARAM_SWITCH, 0, -1, "Say what would change, and change nothing." }, \
  { "Confirm", CLI_PARAM_SWITCH, 0, -1, "Ask before changing (interactive use only); -Confirm:$false never asks." }

#define END_PARAMS { NULL, 0, 0, -1, NULL }

static const CliParamSpec get_mailbox_database_params[] = {
  { "Identity", CLI_PARAM_STRING, P, 0, "Database name (wildcards allowed), DN or GUID." },
  { "Server", CLI_PARAM_STRING, 0, -1, "Only the databases of this Mailbox server." },
  { "Status", CLI_PARAM_SWITCH, 0, -1, "Accepted with a warning: live state (Mounted, DatabaseSize...) is not in the directory and stays empty." },
  { "IncludePreExchange2010", CLI_PARAM_SWITCH, 0, -1, "Also list databases of older servers." },
  END_PARAMS
};

static const CliParamSpec set_mailbox_database_params[] = {
  { "Identity", CLI_PARAM_STRING, M | P, 0, "The database: name, DN or GUID." },
  { "RpcClientAccessServer", CLI_PARAM_STRING, 0, -1, "A CAS server or client access array (name, FQDN, DN, GUID)." },
  CHANGE_PARAMS,
  END_PARAMS
};

static const CliParamSpec new_mailbox_database_params[] = {
  { "Name", CLI_PARAM_STRING, M, 0, "The database name." },
  { "Server", CLI_PARAM_STRING, M, -1, "The Mailbox server that owns it." },
  { "EdbFilePath", CLI_PARAM_STRING, 0, -1, "The database file (default: Exchange's)." },
  { "LogFolderPath", CLI_PARAM_STRING, 0, -1, "The log folder (default: Exchange's)." },
  CHANGE_PARAMS,
  END_PARAMS
};

static const CliParamSpec identity_change_params[] = {
  { "Identity", CLI_PARAM_STRING, M | P, 0, "The object: name, DN or GUID." },
  CHANGE_PARAMS,
  END_PARAMS
};

static const CliParamSpec move_database_path_params[] = {
  { "Identity", CLI_PARAM_STRING, M | P, 0, "The database: name, DN or GUID." },
  { "EdbFilePath", CLI_PARAM_STRING, 0, -1, "The new database file path." },
  { "LogFolderPath", CLI_PARAM_STRING, 0, -1, "The new log folder path." },
  { "ConfigurationOnly", CLI_PARAM_SWITCH, 0, -1, "Accepted; only the directory is ever changed." },
  /* EMS's -Force skips its confirmation prompts; casarray moves no files,
   * so there is nothing more to force. */
  { "Force", CLI_PARAM_SWITCH, 0, -1, "Accepted; casarray asks only where -Confirm says so." },
  CHANGE_PARAMS,
  END_PARAMS
};

static const CliParamSpec mount_database_params[] = {
  { "Identity", CLI_PARAM_STRING, M | P, 0, "The database: name, DN or GUID." },
  { "Force", CLI_PARAM_SWITCH, 0, -1, "Accepted." },
  { "AcceptDataLoss", CLI_PARAM_SWITCH, 0, -1, "Accepted." },
  CHANGE_PARAMS,
  END_PARAMS
};

static const CliParamSpec get_identity_params[] = {
  { "Identity", CLI_PARAM_STRING, P, 0, "Name (wildcards allowed), FQDN, DN or GUID." },
  END_PARAMS
};

static const CliParamSpec set_client_access_server_params[] = {
  { "Identity", CLI_PARAM_STRING, M | P, 0, "The CAS server: name, FQDN, DN or GUID." },
  { "AutoDiscoverServiceInternalUri", CLI_PARAM_STRING, N, -1, "The internal Autodiscover URI; $null clears it." },
  { "AutoDiscoverSiteScope", CLI_PARAM_STRING_LIST, N, -1, "The sites it serves; $null clears it." },
  CHANGE_PARAMS,
  END_PARAMS
};

static const CliParamSpec get_client_access_array_params[] = {
  { "Identity", CLI_PARAM_STRING, P, 0, "Array name (wildcards allowed), FQDN, DN or GUID." },
  { "Site", CLI_PARAM_STRING, 0, -1, "Only the array of this site." },
  END_PARAMS
};

static const CliParamSpec new_client_access_array_params[] = {
  { "Name", CLI_PARAM_STRING, 0, 0, "The array name (default: the first label of the FQDN)." },
  { "Fqdn", CLI_PARAM_STRING, M, -1, "The name clients connect to." },
  { "Site", CLI_PARAM_STRING, 0, -1, "The Active Directory site (may be left out when there is one)." },
  CHANGE_PARAMS,
  END_PARAMS
};

static const CliParamSpec set_client_access_array_params[] = {
  { "Identity", CLI_PARAM_STRING, M | P, 0, "The array: name, FQDN, DN or GUID." },
  { "Name", CLI_PARAM_STRING, 0, -1, "A new name." },
  { "Fqdn", CLI_PARAM_STRING, 0, -1, "A new FQDN." },
  { "Site", CLI_PARAM_STRING, 0, -1, "A new site, which has no array yet." },
  CHANGE_PARAMS,
  END_PARAMS
};

static const CliParamSpec new_exchange_server_params[] = {
  { "Name", CLI_PARAM_STRING, M, 0, "The server name." },
  { "Fqdn", CLI_PARAM_STRING, M, -1, "Its FQDN." },
  { "Site", CLI_PARAM_STRING, M, -1, "Its Active Directory site." },
  { "ServerRole", CLI_PARAM_ROLES, M, -1, "Mailbox, ClientAccess, HubTransport, UnifiedMessaging, Edge (a list)." },
  { "AdminDisplayVersion", CLI_PARAM_STRING, 0, -1, "The version as EMS shows it (default: Version 14.3 (Build 123.4))." },
  CHANGE_PARAMS,
  END_PARAMS
};

static const CliParamSpec set_exchange_server_params[] = {
  { "Identity", CLI_PARAM_STRING, M | P, 0, "The server: name, FQDN, DN or GUID." },
  { "ServerRole", CLI_PARAM_ROLES, 0, -1, "The roles it holds from now on (extension)." },
  { "RepointDatabases", CLI_PARAM_SWITCH, 0, -1, "When ClientAccess goes: repoint the databases that use it." },
  { "Force", CLI_PARAM_SWITCH, 0, -1, "When ClientAccess goes: leave those databases pointing at nothing." },
  CHANGE_PARAMS,
  END_PARAMS
};

static const CliParamSpec remove_exchange_server_params[] = {
  { "Identity", CLI_PARAM_STRING, M | P, 0, "The server: name, FQDN, DN or GUID." },
  { "RepointDatabases", CLI_PARAM_SWITCH, 0, -1, "First repoint the databases that use it as their RpcClientAccessServer." },
  { "Force", CLI_PARAM_SWITCH, 0, -1, "Remove it even so, leaving those databases pointing at nothing (as Exchange does)." },
  CHANGE_PARAMS,
  END_PARAMS
};

static const CliParamSpec name_change_params[] = {
  { "Name", CLI_PARAM_STRING, M, 0, "The name." },
  CHANGE_PARAMS,
  END_PARAMS
};

static const CliParamSpec no_params[] = {
  END_PARAMS
};

static const CliParamSpec repair_params[] = {
  CHANGE_PARAMS,
  END_PARAMS
};

static const CliParamSpec format_list_params[] = {
  { "Property", CLI_PARAM_STRING_LIST, 0, 0, "The properties to show (wildcards allowed)." },
  END_PARAMS
};

static const CliParamSpec format_table_params[] = {
  { "Property", CLI_PARAM_STRING_LIST, 0, 0, "The columns to show (wildcards allowed)." },
  { "AutoSize", CLI_PARAM_SWITCH, 0, -1, "Accepted; columns are always as wide as their content." },
  { "HideTableHeaders", CLI_PARAM_SWITCH, 0, -1, "Leave out the header and its underline." },
  END_PARAMS
};

static const CliParamSpec convert_to_json_params[] = {
  { "Depth", CLI_PARAM_INT, 0, -1, "Accepted; objects are always written whole." },
  { "Compress", CLI_PARAM_SWITCH, 0, -1, "One line, no indentation." },
  END_PARAMS
};

static const CliParamSpec convert_to_csv_params[] = {
  { "NoTypeInformation", CLI_PARAM_SWITCH, 0, -1, "Leave out the #TYPE line." },
  { "Delimiter", CLI_PARAM_STRING, 0, -1, "The field separator (default ,)." },
  END_PARAMS
};

static const CliParamSpec export_csv_params[] = {
  { "Path", CLI_PARAM_STRING, M, 0, "The file to write." },
  { "NoTypeInformation", CLI_PARAM_SWITCH, 0, -1, "Leave out the #TYPE line." },
  { "Delimiter", CLI_PARAM_STRING, 0, -1, "The field separator (default ,)." },
  { "Append", CLI_PARAM_SWITCH, 0, -1, "Add the rows to the end of the file (no header)." },
  { "Encoding", CLI_PARAM_STRING, 0, -1, "Accepted; the file is always UTF-8." },
  { "Force", CLI_PARAM_SWITCH, 0, -1, "Accepted." },
  END_PARAMS
};

static const CliParamSpec select_object_params[] = {
  { "Property", CLI_PARAM_STRING_LIST, 0, 0, "The properties to keep (wildcards allowed)." },
  { "ExpandProperty", CLI_PARAM_STRING, 0, -1, "Write this property's value(s) instead of objects." },
  { "First", CLI_PARAM_INT, 0, -1, "Only the first N objects." },
  { "Last", CLI_PARAM_INT, 0, -1, "Only the last N objects." },
  { "Unique", CLI_PARAM_SWITCH, 0, -1, "Drop an object equal to one written before (case-sensitive, as PowerShell)." },
  END_PARAMS
};

static const CliParamSpec get_command_params[] = {
  { "Name", CLI_PARAM_STRING, 0, 0, "A cmdlet name (wildcards allowed)." },
  END_PARAMS
};

static const CliParamSpec write_host_params[] = {
  { "Object", CLI_PARAM_STRING_LIST, CLI_PARAM_REMAINING, 0, "What to print (values are joined by spaces)." },
  { "NoNewline", CLI_PARAM_SWITCH, 0, -1, "No newline after the text (the next output goes on the same line)." },
  { "ForegroundColor", CLI_PARAM_STRING, 0, -1, "A console colour (Red, DarkGreen...); used only on a terminal." },
  { "BackgroundColor", CLI_PARAM_STRING, 0, -1, "A console colour; used only on a terminal." },
  END_PARAMS
};

static const CliParamSpec write_output_params[] = {
  { "InputObject", CLI_PARAM_STRING_LIST, CLI_PARAM_REMAINING, 0, "Strings to write to the pipeline." },
  END_PARAMS
};

static const CliParamSpec write_warning_params[] = {
  { "Message", CLI_PARAM_STRING_LIST, M | CLI_PARAM_REMAINING, 0, "The warning (values are joined by spaces)." },
  END_PARAMS
};

static const CliParamSpec out_file_params[] = {
  { "FilePath", CLI_PARAM_STRING, M, 0, "The file to write." },
  { "Append", CLI_PARAM_SWITCH, 0, -1, "Add to the end of the file." },
  { "Encoding", CLI_PARAM_STRING, 0, -1, "Unicode, BigEndianUnicode, UTF8, UTF7, UTF32, ASCII, Default, OEM (default: UTF-8 without a BOM)." },
  { "NoClobber", CLI_PARAM_SWITCH, 0, -1, "Fail if the file exists (unless -Append)." },
  { "Force", CLI_PARAM_SWITCH, 0, -1, "Accepted." },
  END_PARAMS
};

static const CliParamSpec import_csv_params[] = {
  { "Path", CLI_PARAM_STRING, M, 0, "The CSV file to read (at most 64 MiB)." },
  { "Delimiter", CLI_PARAM_STRING, 0, -1, "The field separator (default ,)." },
  { "Header", CLI_PARAM_STRING_LIST, 0, -1, "Column names, instead of the file's first line." },
  END_PARAMS
};

static const CliParamSpec convert_from_json_params[] = {
  { "InputObject", CLI_PARAM_STRING, 0, 0, "JSON text (or pipe the lines in)." },
  END_PARAMS
};

static const CliParamSpec get_date_params[] = {
  { "Format", CLI_PARAM_STRING, 0, -1, "A .NET custom format: yyyy yy MM M dd d HH H mm m ss s, 'literal'." },
  END_PARAMS
};

#define CH CLI_CMDLET_CHANGES
#define CO CLI_CMDLET_COLLECTS
#define EX CLI_CMDLET_EXTENSION
#define HI CLI_CMDLET_HIGH_IMPACT

static const CliCmdlet cmdlets[] = {
  { "Get-MailboxDatabase", NULL, 0, get_mailbox_database_params, cli_run_get_mailbox_database,
    "List mailbox databases." },
  { "Set-MailboxDatabase", NULL, CH, set_mailbox_database_params, cli_run_set_mailbox_database,
    "Change a database's RpcClientAccessServer." },
  { "New-MailboxDatabase", NULL, CH, new_mailbox_database_params, cli_run_new_mailbox_database,
    "Create a mailbox database; its RpcClientAccessServer is chosen as Exchange chooses it." },
  { "Remove-MailboxDatabase", NULL, CH | HI, identity_change_params, cli_run_remove_mailbox_database,
    "Remove a mailbox database." },
  { "Move-DatabasePath", NULL, CH, move_database_path_params, cli_run_move_database_path,
    "Change a database's EdbFilePath or LogFolderPath in the directory." },
  /* Mounting is the Information Store's job, not the directory's: these
   * find the database (so a wrong name still fails) and say so. */
  { "Mount-Database", NULL, 0, mount_database_params, cli_run_mount_database,
    "Check the database exists; mounting needs the Exchange server (a warning)." },
  { "Dismount-Database", NULL, 0, mount_database_params, cli_run_mount_database,
    "Check the database exists; dismounting needs the Exchange server (a warning)." },
  { "Get-ClientAccessServer", NULL, 0, get_identity_params, cli_run_get_client_access_server,
    "List Client Access servers and their Autodiscover settings." },
  { "Set-ClientAccessServer", NULL, CH, set_client_access_server_params, cli_run_set_client_access_server,
    "Change a CAS server's Autodiscover settings." },
  { "Get-ClientAccessArray", NULL, 0, get_client_access_array_params, cli_run_get_client_access_array,
    "List client access arrays." },
  { "New-ClientAccessArray", NULL, CH, new_client_access_array_params, cli_run_new_client_access_array,
    "Create a client access array (at most one per site)." },
  { "Set-ClientAccessArray", NULL, CH, set_client_access_array_params, cli_run_set_client_access_array,
    "Rename, re-address or move a client access array." },
  { "Remove-ClientAccessArray", NULL, CH | HI, identity_change_params, cli_run_remove_client_access_array,
    "Remove a client access array." },
  { "Get-ExchangeServer", NULL, 0, get_identity_params, cli_run_get_exchange_server,
    "List Exchange servers." },
  { "Set-ExchangeServer", NULL, CH, set_exchange_server_params, cli_run_set_exchange_server,
    "Change the roles a server holds (-ServerRole is an extension: installing or removing a role)." },
  { "Get-OrganizationConfig", NULL, 0, no_params, cli_run_get_organization_config,
    "Show the Exchange organisation." },
  { "Get-ADSite", NULL, 0, get_identity_params, cli_run_get_ad_site,
    "List Active Directory sites." },
  { "Get-DomainController", NULL, 0, no_params, cli_run_get_domain_controller,
    "List the domain controllers of the forest, with their sites (none on OpenLDAP)." },
  /* Lab provisioning: what Active Directory tools and Exchange setup do. */
  { "New-Organization", NULL, CH | EX, name_change_params, cli_run_new_organization,
    "Create the Exchange organisation containers, as Exchange setup /PrepareAD does (extension)." },
  { "New-ADSite", NULL, CH | EX, name_change_params, cli_run_new_ad_site,
    "Create an Active Directory site (extension)." },
  { "Remove-ADSite", NULL, CH | HI | EX, identity_change_params, cli_run_remove_ad_site,
    "Remove an Active Directory site with no servers or arrays (extension)." },
  { "New-ExchangeServer", NULL, CH | EX, new_exchange_server_params, cli_run_new_exchange_server,
    "Add an Exchange server object, as Exchange setup does (extension)." },
  { "Remove-ExchangeServer", NULL, CH | HI | EX, remove_exchange_server_params, cli_run_remove_exchange_server,
    "Remove an Exchange server object, as uninstalling Exchange does (extension)." },
  { "Test-ClientAccessConfiguration", NULL, EX, no_params, cli_run_test_client_access_configuration,
    "Audit the organisation: databases whose endpoint is gone, arrays without members... (extension)." },
  { "Repair-ClientAccessConfiguration", NULL, CH | CO | EX, repair_params, cli_run_repair_client_access_configuration,
    "Repoint the databases the audit finds wrong, or those of piped findings (extension)." },
  /* PowerShell's own. */
  { "Format-List", "fl", CO, format_list_params, cli_run_format_list,
    "Show objects as Property : value lines." },
  { "Format-Table", "ft", CO, format_table_params, cli_run_format_table,
    "Show objects as a table." },
  { "ConvertTo-Json", NULL, CO, convert_to_json_params, cli_run_convert_to_json,
    "Write objects as JSON (one object, or an array of several)." },
  { "ConvertTo-Csv", NULL, CO, convert_to_csv_params, cli_run_convert_to_csv,
    "Write objects as lines of CSV." },
  { "Export-Csv", "epcsv", CO, export_csv_params, cli_run_export_csv,
    "Write objects to a CSV file, as Excel reads it." },
  { "Select-Object", "select", CO, select_object_params, cli_run_select_object,
    "Keep some properties, or the first or last objects." },
  { "Get-Command", "gcm", 0, get_command_params, cli_run_get_command,
    "List the cmdlets casarray knows." },
  { "Out-Null", NULL, CO, no_params, cli_run_out_null,
    "Discard the objects piped in." },
  { "Write-Host", NULL, 0, write_host_params, cli_run_write_host,
    "Print a line." },
  { "Write-Output", "echo", CO, write_output_params, cli_run_write_output,
    "Write strings (and the objects piped in) to the pipeline." },
  { "Out-File", NULL, CO, out_file_params, cli_run_out_file,
    "Write objects to a file as they would show on the console (also > and >>)." },
  { "Import-Csv", "ipcsv", 0, import_csv_params, cli_run_import_csv,
    "Read a CSV file: one object per line, its columns as properties." },
  { "ConvertFrom-Json", NULL, CO, convert_from_json_params, cli_run_convert_from_json,
    "Make objects of JSON text." },
  { "Write-Warning", NULL, 0, write_warning_params, cli_run_write_warning,
    "Print WARNING: and a message on standard error." },
  { "Get-Date", NULL, 0, get_date_params, cli_run_get_date,
    "Write the local date and time as a string, formatted by -Format." },
};

const CliCmdlet *
cli_cmdlet_table (guint *n_cmdlets)
{
  *n_cmdlets = G_N_ELEMENTS (cmdlets);
  return cmdlets;
}

const CliCmdlet *
cli_cmdlet_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (cmdlets); i++)
    if (g_ascii_strcasecmp (cmdlets[i].name, name) == 0 ||
        (cmdlets[i].alias != NULL && g_ascii_strcasecmp (cmdlets[i].alias, name) == 0))
      return &cmdlets[i];
  return NULL;
}

int
cli_cmdlet_param_index (const CliCmdlet *cmdlet, const char *exact_name)
{
  for (int i = 0; cmdlet->params[i].name != NULL; i++)
    if (strcmp (cmdlet->params[i].name, exact_name) == 0)
      return i;
  return -1;
}

/* ---- invocations ---- */

CliInvocation *
cli_invocation_new (const CliCmdlet *cmdlet)
{
  CliInvocation *invocation = g_new0 (CliInvocation, 1);

  invocation->cmdlet = cmdlet;
  while (cmdlet->params[invocation->n_params].name != NULL)
    invocation->n_params++;
  invocation->bound = g_new0 (CliBound, invocation->n_params + 1);
  invocation->output = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_object_unref);
  return invocation;
}

CliInvocation *
cli_invocation_copy (const CliInvocation *from)
{
  CliInvocation *invocation = cli_invocation_new (from->cmdlet);

  for (guint i = 0; i < from->n_params; i++)
    {
      invocation->bound[i] = from->bound[i];
      invocation->bound[i].string = g_strdup (from->bound[i].string);
      invocation->bound[i].list = g_strdupv (from->bound[i].list);
    }
  return invocation;
}

void
cli_invocation_free (CliInvocation *invocation)
{
  if (invocation == NULL)
    return;
  for (guint i = 0; i < invocation->n_params; i++)
    {
      g_free (invocation->bound[i].string);
      g_strfreev (invocation->bound[i].list);
    }
  g_free (invocation->bound);
  g_clear_pointer (&invocation->input, cli_object_unref);
  g_clear_pointer (&invocation->inputs, g_ptr_array_unref);
  g_ptr_array_unref (invocation->output);
  g_free (invocation->target);
  g_free (invocation);
}

static CliBound *
bound (CliInvocation *invocation, const char *name)
{
  int index = cli_cmdlet_param_index (invocation->cmdlet, name);

  g_return_val_if_fail (index >= 0, NULL);
  return &invocation->bound[index];
}

const char *
cli_invocation_get_string (CliInvocation *invocation, const char *name)
{
  CliBound *b = bound (invocation, name);

  return b != NULL && b->given && !b->is_null ? b->string : NULL;
}

const char * const *
cli_invocation_get_list (CliInvocation *invocation, const char *name)
{
  CliBound *b = bound (invocation, name);

  return b != NULL && b->given ? (const char * const *) b->list : NULL;
}

gboolean
cli_invocation_get_switch (CliInvocation *invocation, const char *name)
{
  CliBound *b = bound (invocation, name);

  return b != NULL && b->given && b->boolean;
}

gint64
cli_invocation_get_int (CliInvocation *invocation, const char *name, gint64 fallback)
{
  CliBound *b = bound (invocation, name);

  return b != NULL && b->given ? b->integer : fallback;
}

guint
cli_invocation_get_roles (CliInvocation *invocation, const char *name)
{
  CliBound *b = bound (invocation, name);

  return b != NULL && b->given ? b->roles : 0;
}

gboolean
cli_invocation_is_given (CliInvocation *invocation, const char *name)
{
  CliBound *b = bound (invocation, name);

  return b != NULL && b->given;
}

gboolean
cli_invocation_is_null (CliInvocation *invocation, const char *name)
{
  CliBound *b = bound (invocation, name);

  return b != NULL && b->given && b->is_null;
}

const char *
cli_invocation_get_identity (CliInvocation *invocation)
{
  if (cli_cmdlet_param_index (invocation->cmdlet, "Identity") >= 0 &&
      cli_invocation_get_string (invocation, "Identity") != NULL)
    return cli_invocation_get_string (invocation, "Identity");
  if (cli_cmdlet_param_index (invocation->cmdlet, "Name") >= 0)
    return cli_invocation_get_string (invocation, "Name");
  return NULL;
}

void
cli_invocation_set_target (CliInvocation *invocation, const char *target)
{
  g_free (invocation->target);
  invocation->target = g_strdup (target);
}

void
cli_invocation_count_items (CliInvocation *invocation, guint items, guint failed, const char *noun)
{
  g_return_if_fail (failed <= items);

  invocation->items += items;
  invocation->items_failed += failed;
  invocation->items_noun = noun;
}

void
cli_invocation_write (CliInvocation *invocation, CliObject *object)
{
  g_ptr_array_add (invocation->output, cli_object_ref (object));
}

void
cli_invocation_write_gobject (CliInvocation *invocation, gpointer gobject)
{
  g_ptr_array_add (invocation->output, cli_object_new_for_gobject (gobject));
}

gboolean
cli_invocation_what_if (CliSession    *session,
                        CliInvocation *invocation,
                        const char    *action,
                        const char    *target,
                        gboolean      *skipped)
{
  CliBound *confirm = bound (invocation, "Confirm");
  gboolean ask;

  *skipped = FALSE;
  if (cli_invocation_get_switch (invocation, "WhatIf"))
    {
      cli_session_what_if (session, action, target);
      return TRUE;
    }
  /* High-impact cmdlets ask unless -Confirm:$false; others only with -Confirm. */
  if (confirm != NULL && confirm->given)
    ask = confirm->boolean;
  else
    ask = (invocation->cmdlet->flags & CLI_CMDLET_HIGH_IMPACT) != 0;
  if (ask && !cli_session_confirm (session, action, target))
    {
      *skipped = TRUE;
      return TRUE;
    }
  return FALSE;
}
