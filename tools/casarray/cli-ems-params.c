/* cli-ems-params.c: EMS parameters casarray knows of but does not implement
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * From the Exchange 2010 cmdlet reference (MicrosoftDocs/office-docs-powershell,
 * the 2010-2016 text): the parameters of the cmdlets casarray has that hold
 * settings the directory model does not carry, or act on the Exchange
 * server itself.  Keep each list in EMS's order of the reference page.
 */
#include "cli-ems-params.h"

static const char * const set_mailbox_database[] = {
  "AllowFileRestore", "BackgroundDatabaseMaintenance", "CircularLoggingEnabled",
  "DataMoveReplicationConstraint", "DeletedItemRetention", "EventHistoryRetentionPeriod",
  "IndexEnabled", "IsExcludedFromProvisioning", "IsSuspendedFromProvisioning",
  "IssueWarningQuota", "JournalRecipient", "MailboxRetention", "MaintenanceSchedule",
  "MountAtStartup", "Name", "OfflineAddressBook", "ProhibitSendQuota",
  "ProhibitSendReceiveQuota", "PublicFolderDatabase", "QuotaNotificationSchedule",
  "RecoverableItemsQuota", "RecoverableItemsWarningQuota", "RetainDeletedItemsUntilBackup",
  NULL
};

static const char * const new_mailbox_database[] = {
  "IsExcludedFromProvisioning", "IsSuspendedFromProvisioning", "OfflineAddressBook",
  "PublicFolderDatabase", "Recovery", "SkipDatabaseLogFolderCreation",
  NULL
};

static const char * const get_mailbox_database[] = {
  "DumpsterStatistics",
  NULL
};

static const char * const move_database_path[] = {
  "CopyEdbFilePath", "CopyLogFolderPath",
  NULL
};

static const char * const set_exchange_server[] = {
  "CustomerFeedbackEnabled", "ErrorReportingEnabled", "InternetWebProxy", "MonitoringGroup",
  "ProductKey", "StaticConfigDomainController", "StaticDomainControllers",
  "StaticExcludedDomainControllers", "StaticGlobalCatalogs",
  NULL
};

static const char * const set_client_access_server[] = {
  "AlternateServiceAccountCredential", "CleanUpInvalidAlternateServiceAccountCredentials",
  "IrmLogEnabled", "IrmLogMaxAge", "IrmLogMaxDirectorySize", "IrmLogMaxFileSize", "IrmLogPath",
  "RemoveAlternateServiceAccountCredentials",
  NULL
};

static const struct {
  const char         *cmdlet;
  const char * const *params;
} table[] = {
  { "Set-MailboxDatabase", set_mailbox_database },
  { "New-MailboxDatabase", new_mailbox_database },
  { "Get-MailboxDatabase", get_mailbox_database },
  { "Move-DatabasePath", move_database_path },
  { "Set-ExchangeServer", set_exchange_server },
  { "Set-ClientAccessServer", set_client_access_server },
};

const char *
cli_ems_unimplemented_parameter (const char *cmdlet, const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      if (g_ascii_strcasecmp (table[i].cmdlet, cmdlet) != 0)
        continue;
      for (guint k = 0; table[i].params[k] != NULL; k++)
        if (g_ascii_strcasecmp (table[i].params[k], name) == 0)
          return table[i].params[k];
    }
  return NULL;
}
