/* casarray-mailbox-database.c: a mailbox database, as read from the directory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <casarray/casarray.h>

#include "backend/casarray-backend.h"
#include "backend/casarray-dn.h"
#include "casarray-model-private.h"
#include "backend/casarray-schema.h"

/**
 * CasarrayMailboxDatabase:
 *
 * A mailbox database (`msExchPrivateMDB`), with its RpcClientAccessServer resolved as EMS resolves it.
 *
 * Objects of this type are snapshots: the #CasarrayDirectory returns them
 * from its `get` operations and they do not change afterwards. Read again
 * to see later changes.
 */
struct _CasarrayMailboxDatabase
{
  CasarrayObject parent_instance;

  char *server;
  char *server_dn;
  char *edb_file_path;
  char *log_folder_path;
  char *rpc_client_access_server;
  char *rpc_client_access_server_legacy_dn;
  char *exchange_legacy_dn;
  gboolean recovery;
  gboolean mount_at_startup;
  gboolean circular_logging_enabled;
};

G_DEFINE_FINAL_TYPE (CasarrayMailboxDatabase, casarray_mailbox_database, CASARRAY_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER,
  PROP_SERVER_DN,
  PROP_EDB_FILE_PATH,
  PROP_LOG_FOLDER_PATH,
  PROP_RPC_CLIENT_ACCESS_SERVER,
  PROP_RPC_CLIENT_ACCESS_SERVER_LEGACY_DN,
  PROP_EXCHANGE_LEGACY_DN,
  PROP_RECOVERY,
  PROP_MOUNT_AT_STARTUP,
  PROP_CIRCULAR_LOGGING_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
casarray_mailbox_database_finalize (GObject *object)
{
  CasarrayMailboxDatabase *self = CASARRAY_MAILBOX_DATABASE (object);

  g_free (self->server);
  g_free (self->server_dn);
  g_free (self->edb_file_path);
  g_free (self->log_folder_path);
  g_free (self->rpc_client_access_server);
  g_free (self->rpc_client_access_server_legacy_dn);
  g_free (self->exchange_legacy_dn);

  G_OBJECT_CLASS (casarray_mailbox_database_parent_class)->finalize (object);
}

static void
casarray_mailbox_database_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  CasarrayMailboxDatabase *self = CASARRAY_MAILBOX_DATABASE (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;
    case PROP_SERVER_DN:
      g_value_set_string (value, self->server_dn);
      break;
    case PROP_EDB_FILE_PATH:
      g_value_set_string (value, self->edb_file_path);
      break;
    case PROP_LOG_FOLDER_PATH:
      g_value_set_string (value, self->log_folder_path);
      break;
    case PROP_RPC_CLIENT_ACCESS_SERVER:
      g_value_set_string (value, self->rpc_client_access_server);
      break;
    case PROP_RPC_CLIENT_ACCESS_SERVER_LEGACY_DN:
      g_value_set_string (value, self->rpc_client_access_server_legacy_dn);
      break;
    case PROP_EXCHANGE_LEGACY_DN:
      g_value_set_string (value, self->exchange_legacy_dn);
      break;
    case PROP_RECOVERY:
      g_value_set_boolean (value, self->recovery);
      break;
    case PROP_MOUNT_AT_STARTUP:
      g_value_set_boolean (value, self->mount_at_startup);
      break;
    case PROP_CIRCULAR_LOGGING_ENABLED:
      g_value_set_boolean (value, self->circular_logging_enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
casarray_mailbox_database_class_init (CasarrayMailboxDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = casarray_mailbox_database_finalize;
  object_class->get_property = casarray_mailbox_database_get_property;

  /**
   * CasarrayMailboxDatabase:server:
   *
   * The name of the owning server (from `msExchOwningServer`).
   */
  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayMailboxDatabase:server-dn:
   *
   * The distinguished name of the owning server (`msExchOwningServer`).
   */
  properties[PROP_SERVER_DN] =
    g_param_spec_string ("server-dn", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayMailboxDatabase:edb-file-path:
   *
   * The database file path (`msExchEDBFile`).
   */
  properties[PROP_EDB_FILE_PATH] =
    g_param_spec_string ("edb-file-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayMailboxDatabase:log-folder-path:
   *
   * The transaction log folder (`msExchESEParamLogFilePath`).
   */
  properties[PROP_LOG_FOLDER_PATH] =
    g_param_spec_string ("log-folder-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayMailboxDatabase:rpc-client-access-server:
   *
   * The FQDN of the CAS server or client access array that Outlook clients of this database connect to, or %NULL when the reference resolves to nothing: the endpoint is gone and clients cannot connect. EMS shows an empty value in that case.
   */
  properties[PROP_RPC_CLIENT_ACCESS_SERVER] =
    g_param_spec_string ("rpc-client-access-server", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayMailboxDatabase:rpc-client-access-server-legacy-dn:
   *
   * The raw reference behind #CasarrayMailboxDatabase:rpc-client-access-server: the `legacyExchangeDN` of the endpoint (the parent of the database's own `legacyExchangeDN`), whether or not anything matches it.
   */
  properties[PROP_RPC_CLIENT_ACCESS_SERVER_LEGACY_DN] =
    g_param_spec_string ("rpc-client-access-server-legacy-dn", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayMailboxDatabase:exchange-legacy-dn:
   *
   * The database's own `legacyExchangeDN`, which encodes its RpcClientAccessServer.
   */
  properties[PROP_EXCHANGE_LEGACY_DN] =
    g_param_spec_string ("exchange-legacy-dn", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayMailboxDatabase:recovery:
   *
   * Whether this is a recovery database (`msExchRestore`).
   */
  properties[PROP_RECOVERY] =
    g_param_spec_boolean ("recovery", NULL, NULL, FALSE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayMailboxDatabase:mount-at-startup:
   *
   * Whether the database mounts when the server starts (the inverse of `msExchEDBOffline`).
   */
  properties[PROP_MOUNT_AT_STARTUP] =
    g_param_spec_boolean ("mount-at-startup", NULL, NULL, FALSE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayMailboxDatabase:circular-logging-enabled:
   *
   * Whether circular logging is on (`msExchESEParamCircularLog`).
   */
  properties[PROP_CIRCULAR_LOGGING_ENABLED] =
    g_param_spec_boolean ("circular-logging-enabled", NULL, NULL, FALSE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
casarray_mailbox_database_init (CasarrayMailboxDatabase *self)
{
}

/**
 * casarray_mailbox_database_get_server:
 * @self: a #CasarrayMailboxDatabase
 *
 * Gets #CasarrayMailboxDatabase:server.
 *
 * Returns: (nullable): the name of the owning server (from `msExchOwningServer`).
 */
const char *
casarray_mailbox_database_get_server (CasarrayMailboxDatabase *self)
{
  g_return_val_if_fail (CASARRAY_IS_MAILBOX_DATABASE (self), NULL);

  return self->server;
}

/**
 * casarray_mailbox_database_get_server_dn:
 * @self: a #CasarrayMailboxDatabase
 *
 * Gets #CasarrayMailboxDatabase:server-dn.
 *
 * Returns: (nullable): the distinguished name of the owning server (`msExchOwningServer`).
 */
const char *
casarray_mailbox_database_get_server_dn (CasarrayMailboxDatabase *self)
{
  g_return_val_if_fail (CASARRAY_IS_MAILBOX_DATABASE (self), NULL);

  return self->server_dn;
}

/**
 * casarray_mailbox_database_get_edb_file_path:
 * @self: a #CasarrayMailboxDatabase
 *
 * Gets #CasarrayMailboxDatabase:edb-file-path.
 *
 * Returns: (nullable): the database file path (`msExchEDBFile`).
 */
const char *
casarray_mailbox_database_get_edb_file_path (CasarrayMailboxDatabase *self)
{
  g_return_val_if_fail (CASARRAY_IS_MAILBOX_DATABASE (self), NULL);

  return self->edb_file_path;
}

/**
 * casarray_mailbox_database_get_log_folder_path:
 * @self: a #CasarrayMailboxDatabase
 *
 * Gets #CasarrayMailboxDatabase:log-folder-path.
 *
 * Returns: (nullable): the transaction log folder (`msExchESEParamLogFilePath`).
 */
const char *
casarray_mailbox_database_get_log_folder_path (CasarrayMailboxDatabase *self)
{
  g_return_val_if_fail (CASARRAY_IS_MAILBOX_DATABASE (self), NULL);

  return self->log_folder_path;
}

/**
 * casarray_mailbox_database_get_rpc_client_access_server:
 * @self: a #CasarrayMailboxDatabase
 *
 * Gets #CasarrayMailboxDatabase:rpc-client-access-server.
 *
 * Returns: (nullable): the FQDN of the CAS server or client access array that Outlook clients of this database connect to, or %NULL when the reference resolves to nothing: the endpoint is gone and clients cannot connect. EMS shows an empty value in that case.
 */
const char *
casarray_mailbox_database_get_rpc_client_access_server (CasarrayMailboxDatabase *self)
{
  g_return_val_if_fail (CASARRAY_IS_MAILBOX_DATABASE (self), NULL);

  return self->rpc_client_access_server;
}

/**
 * casarray_mailbox_database_get_rpc_client_access_server_legacy_dn:
 * @self: a #CasarrayMailboxDatabase
 *
 * Gets #CasarrayMailboxDatabase:rpc-client-access-server-legacy-dn.
 *
 * Returns: (nullable): the raw reference behind #CasarrayMailboxDatabase:rpc-client-access-server: the `legacyExchangeDN` of the endpoint (the parent of the database's own `legacyExchangeDN`), whether or not anything matches it.
 */
const char *
casarray_mailbox_database_get_rpc_client_access_server_legacy_dn (CasarrayMailboxDatabase *self)
{
  g_return_val_if_fail (CASARRAY_IS_MAILBOX_DATABASE (self), NULL);

  return self->rpc_client_access_server_legacy_dn;
}

/**
 * casarray_mailbox_database_get_exchange_legacy_dn:
 * @self: a #CasarrayMailboxDatabase
 *
 * Gets #CasarrayMailboxDatabase:exchange-legacy-dn.
 *
 * Returns: (nullable): the database's own `legacyExchangeDN`, which encodes its RpcClientAccessServer.
 */
const char *
casarray_mailbox_database_get_exchange_legacy_dn (CasarrayMailboxDatabase *self)
{
  g_return_val_if_fail (CASARRAY_IS_MAILBOX_DATABASE (self), NULL);

  return self->exchange_legacy_dn;
}

/**
 * casarray_mailbox_database_get_recovery:
 * @self: a #CasarrayMailboxDatabase
 *
 * Gets #CasarrayMailboxDatabase:recovery.
 *
 * Returns: whether this is a recovery database (`msExchRestore`).
 */
gboolean
casarray_mailbox_database_get_recovery (CasarrayMailboxDatabase *self)
{
  g_return_val_if_fail (CASARRAY_IS_MAILBOX_DATABASE (self), FALSE);

  return self->recovery;
}

/**
 * casarray_mailbox_database_get_mount_at_startup:
 * @self: a #CasarrayMailboxDatabase
 *
 * Gets #CasarrayMailboxDatabase:mount-at-startup.
 *
 * Returns: whether the database mounts when the server starts (the inverse of `msExchEDBOffline`).
 */
gboolean
casarray_mailbox_database_get_mount_at_startup (CasarrayMailboxDatabase *self)
{
  g_return_val_if_fail (CASARRAY_IS_MAILBOX_DATABASE (self), FALSE);

  return self->mount_at_startup;
}

/**
 * casarray_mailbox_database_get_circular_logging_enabled:
 * @self: a #CasarrayMailboxDatabase
 *
 * Gets #CasarrayMailboxDatabase:circular-logging-enabled.
 *
 * Returns: whether circular logging is on (`msExchESEParamCircularLog`).
 */
gboolean
casarray_mailbox_database_get_circular_logging_enabled (CasarrayMailboxDatabase *self)
{
  g_return_val_if_fail (CASARRAY_IS_MAILBOX_DATABASE (self), FALSE);

  return self->circular_logging_enabled;
}

CasarrayMailboxDatabase *
casarray_mailbox_database_new_from_entry (const CasarrayEntry *entry,
                                          const char          *rpc_fqdn)
{
  CasarrayMailboxDatabase *self = casarray_object_new_from_entry (CASARRAY_TYPE_MAILBOX_DATABASE, entry);

  self->server_dn = g_strdup (casarray_entry_get_first (entry, CASARRAY_ATTR_OWNING_SERVER));
  self->server = casarray_dn_first_value (self->server_dn);
  self->edb_file_path = g_strdup (casarray_entry_get_first (entry, CASARRAY_ATTR_EDB_FILE));
  self->log_folder_path = g_strdup (casarray_entry_get_first (entry, CASARRAY_ATTR_LOG_PATH));
  self->exchange_legacy_dn = g_strdup (casarray_entry_get_first (entry, CASARRAY_ATTR_LEGACY_DN));
  self->rpc_client_access_server_legacy_dn = casarray_schema_legacy_dn_parent (self->exchange_legacy_dn);
  self->rpc_client_access_server = g_strdup (rpc_fqdn);
  self->recovery = casarray_schema_entry_boolean (entry, CASARRAY_ATTR_RESTORE, FALSE);
  self->mount_at_startup = !casarray_schema_entry_boolean (entry, CASARRAY_ATTR_EDB_OFFLINE, FALSE);
  self->circular_logging_enabled = casarray_schema_entry_boolean (entry, CASARRAY_ATTR_CIRCULAR_LOG, FALSE);
  return self;
}
