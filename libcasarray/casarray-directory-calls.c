/* casarray-directory-calls.c: the _sync, _async and _finish forms of every operation
 *
 * Each public operation is a synchronous function that checks its
 * arguments, gets the connected context and calls the operation in
 * casarray-operations.h; the _async form runs that same function in a
 * GTask worker thread, so both forms behave identically.
 *
 * Tasks that write do not re-check the cancellable when they finish
 * (g_task_set_check_cancellable (task, FALSE)): a write that completed
 * reports its result even if it was cancelled too late to stop it, so it is
 * never applied and reported as cancelled.  Reads keep GTask's default:
 * cancelled means no result, whatever the worker got.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <casarray/casarray.h>

#include "casarray-directory-private.h"
#include "operations/casarray-operations.h"

static void
connect_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  gboolean result = casarray_directory_connect_sync (CASARRAY_DIRECTORY (source_object), cancellable, &error);

  if (!result)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * casarray_directory_connect_sync:
 * @self: a #CasarrayDirectory
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Connects and binds to the directory and finds the configuration naming context and the Exchange organisation. Every other operation connects on first use; call this to fail early on a wrong URI or password.
 *
 * This call blocks; see casarray_directory_connect_async() for the asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_connect_sync (CasarrayDirectory *self,
                                 GCancellable *cancellable,
                                 GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return FALSE;
  return casarray_op_connect (context, cancellable, error);
}

/**
 * casarray_directory_connect_async:
 * @self: a #CasarrayDirectory
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_connect_sync(); the work runs in a worker thread. Call
 * casarray_directory_connect_finish() from @callback.
 */
void
casarray_directory_connect_async (CasarrayDirectory *self,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, casarray_directory_connect_async);
  g_task_run_in_thread (task, connect_thread);
}

/**
 * casarray_directory_connect_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_connect_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_connect_finish (CasarrayDirectory  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_connect_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  char *identity;
  char *server;
  gboolean include_pre_exchange2010;
} GetMailboxDatabasesArgs;

static void
get_mailbox_databases_args_free (gpointer data)
{
  GetMailboxDatabasesArgs *args = data;

  g_free (args->identity);
  g_free (args->server);
  g_free (args);
}

static void
get_mailbox_databases_thread (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  GetMailboxDatabasesArgs *args = task_data;
  GError *error = NULL;
  GPtrArray *result = casarray_directory_get_mailbox_databases_sync (CASARRAY_DIRECTORY (source_object), args->identity, args->server, args->include_pre_exchange2010, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * casarray_directory_get_mailbox_databases_sync:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): a database name, DN or GUID; a name may contain `*` wildcards; %NULL for all
 * @server: (nullable): only databases owned by this Mailbox server (name, DN, GUID, FQDN or legacyExchangeDN), or %NULL
 * @include_pre_exchange2010: also list databases of servers older than Exchange 2010, which EMS hides unless asked for by @server or by a non-wildcard @identity
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists mailbox databases with their RpcClientAccessServer resolved, like `Get-MailboxDatabase`. The cost is a constant number of searches whatever the number of databases.
 *
 * This call blocks; see casarray_directory_get_mailbox_databases_async() for the asynchronous form.
 *
 * Returns: (transfer container) (element-type CasarrayMailboxDatabase): the objects found (possibly none), or %NULL with @error set
 */
GPtrArray *
casarray_directory_get_mailbox_databases_sync (CasarrayDirectory *self,
                                               const char *identity,
                                               const char *server,
                                               gboolean include_pre_exchange2010,
                                               GCancellable *cancellable,
                                               GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return NULL;
  return casarray_op_get_mailbox_databases (context, identity, server, include_pre_exchange2010, cancellable, error);
}

/**
 * casarray_directory_get_mailbox_databases_async:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): a database name, DN or GUID; a name may contain `*` wildcards; %NULL for all
 * @server: (nullable): only databases owned by this Mailbox server (name, DN, GUID, FQDN or legacyExchangeDN), or %NULL
 * @include_pre_exchange2010: also list databases of servers older than Exchange 2010, which EMS hides unless asked for by @server or by a non-wildcard @identity
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_get_mailbox_databases_sync(); the work runs in a worker thread. Call
 * casarray_directory_get_mailbox_databases_finish() from @callback.
 */
void
casarray_directory_get_mailbox_databases_async (CasarrayDirectory *self,
                                                const char *identity,
                                                const char *server,
                                                gboolean include_pre_exchange2010,
                                                GCancellable *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  GetMailboxDatabasesArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, casarray_directory_get_mailbox_databases_async);
  args = g_new0 (GetMailboxDatabasesArgs, 1);
  args->identity = g_strdup (identity);
  args->server = g_strdup (server);
  args->include_pre_exchange2010 = include_pre_exchange2010;
  g_task_set_task_data (task, args, get_mailbox_databases_args_free);
  g_task_run_in_thread (task, get_mailbox_databases_thread);
}

/**
 * casarray_directory_get_mailbox_databases_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_get_mailbox_databases_async().
 *
 * Returns: (transfer container) (element-type CasarrayMailboxDatabase): the objects found (possibly none), or %NULL with @error set
 */
GPtrArray *
casarray_directory_get_mailbox_databases_finish (CasarrayDirectory  *self,
                                                 GAsyncResult       *result,
                                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_get_mailbox_databases_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char *identity;
  char *rpc_client_access_server;
  char *edb_file_path;
  char *log_folder_path;
} SetMailboxDatabaseArgs;

static void
set_mailbox_database_args_free (gpointer data)
{
  SetMailboxDatabaseArgs *args = data;

  g_free (args->identity);
  g_free (args->rpc_client_access_server);
  g_free (args->edb_file_path);
  g_free (args->log_folder_path);
  g_free (args);
}

static void
set_mailbox_database_thread (GTask        *task,
                            gpointer      source_object,
                            gpointer      task_data,
                            GCancellable *cancellable)
{
  SetMailboxDatabaseArgs *args = task_data;
  GError *error = NULL;
  gboolean result = casarray_directory_set_mailbox_database_sync (CASARRAY_DIRECTORY (source_object), args->identity, args->rpc_client_access_server, args->edb_file_path, args->log_folder_path, cancellable, &error);

  if (!result)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * casarray_directory_set_mailbox_database_sync:
 * @self: a #CasarrayDirectory
 * @identity: the database: name, DN or GUID
 * @rpc_client_access_server: (nullable): the new RpcClientAccessServer: an existing CAS server or client access array, by name, DN, GUID, FQDN or legacyExchangeDN; %NULL to leave it
 * @edb_file_path: (nullable): the new EdbFilePath, or %NULL to leave it
 * @log_folder_path: (nullable): the new LogFolderPath, or %NULL to leave it
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Changes a mailbox database, like `Set-MailboxDatabase`. The change is one atomic compare-and-set modify: if another writer changed the RpcClientAccessServer or a path after it was read, nothing is written and %CASARRAY_ERROR_CONFLICT is returned.
 *
 * This call blocks; see casarray_directory_set_mailbox_database_async() for the asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_set_mailbox_database_sync (CasarrayDirectory *self,
                                              const char *identity,
                                              const char *rpc_client_access_server,
                                              const char *edb_file_path,
                                              const char *log_folder_path,
                                              GCancellable *cancellable,
                                              GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (identity != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return FALSE;
  return casarray_op_set_mailbox_database (context, identity, rpc_client_access_server, edb_file_path, log_folder_path, cancellable, error);
}

/**
 * casarray_directory_set_mailbox_database_async:
 * @self: a #CasarrayDirectory
 * @identity: the database: name, DN or GUID
 * @rpc_client_access_server: (nullable): the new RpcClientAccessServer: an existing CAS server or client access array, by name, DN, GUID, FQDN or legacyExchangeDN; %NULL to leave it
 * @edb_file_path: (nullable): the new EdbFilePath, or %NULL to leave it
 * @log_folder_path: (nullable): the new LogFolderPath, or %NULL to leave it
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_set_mailbox_database_sync(); the work runs in a worker thread. Call
 * casarray_directory_set_mailbox_database_finish() from @callback.
 */
void
casarray_directory_set_mailbox_database_async (CasarrayDirectory *self,
                                               const char *identity,
                                               const char *rpc_client_access_server,
                                               const char *edb_file_path,
                                               const char *log_folder_path,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  SetMailboxDatabaseArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  g_return_if_fail (identity != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, casarray_directory_set_mailbox_database_async);
  args = g_new0 (SetMailboxDatabaseArgs, 1);
  args->identity = g_strdup (identity);
  args->rpc_client_access_server = g_strdup (rpc_client_access_server);
  args->edb_file_path = g_strdup (edb_file_path);
  args->log_folder_path = g_strdup (log_folder_path);
  g_task_set_task_data (task, args, set_mailbox_database_args_free);
  g_task_run_in_thread (task, set_mailbox_database_thread);
}

/**
 * casarray_directory_set_mailbox_database_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_set_mailbox_database_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_set_mailbox_database_finish (CasarrayDirectory  *self,
                                                GAsyncResult       *result,
                                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_set_mailbox_database_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  CasarrayMailboxDatabase *database;
  char *rpc_client_access_server;
} SetRpcClientAccessServerArgs;

static void
set_rpc_client_access_server_args_free (gpointer data)
{
  SetRpcClientAccessServerArgs *args = data;

  g_clear_object (&args->database);
  g_free (args->rpc_client_access_server);
  g_free (args);
}

static void
set_rpc_client_access_server_thread (GTask        *task,
                                    gpointer      source_object,
                                    gpointer      task_data,
                                    GCancellable *cancellable)
{
  SetRpcClientAccessServerArgs *args = task_data;
  GError *error = NULL;
  gboolean result = casarray_directory_set_rpc_client_access_server_sync (CASARRAY_DIRECTORY (source_object), args->database, args->rpc_client_access_server, cancellable, &error);

  if (!result)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * casarray_directory_set_rpc_client_access_server_sync:
 * @self: a #CasarrayDirectory
 * @database: the database as the caller read it
 * @rpc_client_access_server: the new endpoint: an existing CAS server or client access array, by name, DN, GUID, FQDN or legacyExchangeDN
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Points @database at a new RpcClientAccessServer only if it still points where it did when @database was read; otherwise fails with %CASARRAY_ERROR_CONFLICT and writes nothing. This is the primitive for repairs that must never overwrite a concurrent change.
 *
 * This call blocks; see casarray_directory_set_rpc_client_access_server_async() for the asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_set_rpc_client_access_server_sync (CasarrayDirectory *self,
                                                      CasarrayMailboxDatabase *database,
                                                      const char *rpc_client_access_server,
                                                      GCancellable *cancellable,
                                                      GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (database != NULL, FALSE);
  g_return_val_if_fail (rpc_client_access_server != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return FALSE;
  return casarray_op_set_rpc_client_access_server (context, database, rpc_client_access_server, cancellable, error);
}

/**
 * casarray_directory_set_rpc_client_access_server_async:
 * @self: a #CasarrayDirectory
 * @database: the database as the caller read it
 * @rpc_client_access_server: the new endpoint: an existing CAS server or client access array, by name, DN, GUID, FQDN or legacyExchangeDN
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_set_rpc_client_access_server_sync(); the work runs in a worker thread. Call
 * casarray_directory_set_rpc_client_access_server_finish() from @callback.
 */
void
casarray_directory_set_rpc_client_access_server_async (CasarrayDirectory *self,
                                                       CasarrayMailboxDatabase *database,
                                                       const char *rpc_client_access_server,
                                                       GCancellable *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  SetRpcClientAccessServerArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  g_return_if_fail (database != NULL);
  g_return_if_fail (rpc_client_access_server != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, casarray_directory_set_rpc_client_access_server_async);
  args = g_new0 (SetRpcClientAccessServerArgs, 1);
  args->database = g_object_ref (database);
  args->rpc_client_access_server = g_strdup (rpc_client_access_server);
  g_task_set_task_data (task, args, set_rpc_client_access_server_args_free);
  g_task_run_in_thread (task, set_rpc_client_access_server_thread);
}

/**
 * casarray_directory_set_rpc_client_access_server_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_set_rpc_client_access_server_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_set_rpc_client_access_server_finish (CasarrayDirectory  *self,
                                                        GAsyncResult       *result,
                                                        GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_set_rpc_client_access_server_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  char *name;
  char *server;
  char *edb_file_path;
  char *log_folder_path;
} NewMailboxDatabaseArgs;

static void
new_mailbox_database_args_free (gpointer data)
{
  NewMailboxDatabaseArgs *args = data;

  g_free (args->name);
  g_free (args->server);
  g_free (args->edb_file_path);
  g_free (args->log_folder_path);
  g_free (args);
}

static void
new_mailbox_database_thread (GTask        *task,
                            gpointer      source_object,
                            gpointer      task_data,
                            GCancellable *cancellable)
{
  NewMailboxDatabaseArgs *args = task_data;
  GError *error = NULL;
  CasarrayMailboxDatabase *result = casarray_directory_new_mailbox_database_sync (CASARRAY_DIRECTORY (source_object), args->name, args->server, args->edb_file_path, args->log_folder_path, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

/**
 * casarray_directory_new_mailbox_database_sync:
 * @self: a #CasarrayDirectory
 * @name: the database name: 1 to 64 characters, none of `\\ / = ;`
 * @server: the owning Mailbox server (name, DN, GUID, FQDN or legacyExchangeDN)
 * @edb_file_path: (nullable): the database file, or %NULL for the Exchange default
 * @log_folder_path: (nullable): the log folder, or %NULL for the Exchange default
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Creates a mailbox database, like `New-MailboxDatabase`. Its RpcClientAccessServer is chosen as Exchange chooses it, using the owning server's site (EMS uses the site of the machine running the cmdlet): the site's client access array; else the owning server if it holds the ClientAccess role; else a CAS server of the site picked at random; else the owning server.
 *
 * This call blocks; see casarray_directory_new_mailbox_database_async() for the asynchronous form.
 *
 * Returns: (transfer full): the new #CasarrayMailboxDatabase as stored, or %NULL with @error set
 */
CasarrayMailboxDatabase *
casarray_directory_new_mailbox_database_sync (CasarrayDirectory *self,
                                              const char *name,
                                              const char *server,
                                              const char *edb_file_path,
                                              const char *log_folder_path,
                                              GCancellable *cancellable,
                                              GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return NULL;
  return casarray_op_new_mailbox_database (context, name, server, edb_file_path, log_folder_path, cancellable, error);
}

/**
 * casarray_directory_new_mailbox_database_async:
 * @self: a #CasarrayDirectory
 * @name: the database name: 1 to 64 characters, none of `\\ / = ;`
 * @server: the owning Mailbox server (name, DN, GUID, FQDN or legacyExchangeDN)
 * @edb_file_path: (nullable): the database file, or %NULL for the Exchange default
 * @log_folder_path: (nullable): the log folder, or %NULL for the Exchange default
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_new_mailbox_database_sync(); the work runs in a worker thread. Call
 * casarray_directory_new_mailbox_database_finish() from @callback.
 */
void
casarray_directory_new_mailbox_database_async (CasarrayDirectory *self,
                                               const char *name,
                                               const char *server,
                                               const char *edb_file_path,
                                               const char *log_folder_path,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  NewMailboxDatabaseArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (server != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, casarray_directory_new_mailbox_database_async);
  args = g_new0 (NewMailboxDatabaseArgs, 1);
  args->name = g_strdup (name);
  args->server = g_strdup (server);
  args->edb_file_path = g_strdup (edb_file_path);
  args->log_folder_path = g_strdup (log_folder_path);
  g_task_set_task_data (task, args, new_mailbox_database_args_free);
  g_task_run_in_thread (task, new_mailbox_database_thread);
}

/**
 * casarray_directory_new_mailbox_database_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_new_mailbox_database_async().
 *
 * Returns: (transfer full): the new #CasarrayMailboxDatabase as stored, or %NULL with @error set
 */
CasarrayMailboxDatabase *
casarray_directory_new_mailbox_database_finish (CasarrayDirectory  *self,
                                                GAsyncResult       *result,
                                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_new_mailbox_database_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char *identity;
} RemoveMailboxDatabaseArgs;

static void
remove_mailbox_database_args_free (gpointer data)
{
  RemoveMailboxDatabaseArgs *args = data;

  g_free (args->identity);
  g_free (args);
}

static void
remove_mailbox_database_thread (GTask        *task,
                               gpointer      source_object,
                               gpointer      task_data,
                               GCancellable *cancellable)
{
  RemoveMailboxDatabaseArgs *args = task_data;
  GError *error = NULL;
  gboolean result = casarray_directory_remove_mailbox_database_sync (CASARRAY_DIRECTORY (source_object), args->identity, cancellable, &error);

  if (!result)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * casarray_directory_remove_mailbox_database_sync:
 * @self: a #CasarrayDirectory
 * @identity: the database: name, DN or GUID
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Removes a mailbox database object (and the objects below it), like `Remove-MailboxDatabase`.
 *
 * This call blocks; see casarray_directory_remove_mailbox_database_async() for the asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_remove_mailbox_database_sync (CasarrayDirectory *self,
                                                 const char *identity,
                                                 GCancellable *cancellable,
                                                 GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (identity != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return FALSE;
  return casarray_op_remove_mailbox_database (context, identity, cancellable, error);
}

/**
 * casarray_directory_remove_mailbox_database_async:
 * @self: a #CasarrayDirectory
 * @identity: the database: name, DN or GUID
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_remove_mailbox_database_sync(); the work runs in a worker thread. Call
 * casarray_directory_remove_mailbox_database_finish() from @callback.
 */
void
casarray_directory_remove_mailbox_database_async (CasarrayDirectory *self,
                                                  const char *identity,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  RemoveMailboxDatabaseArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  g_return_if_fail (identity != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, casarray_directory_remove_mailbox_database_async);
  args = g_new0 (RemoveMailboxDatabaseArgs, 1);
  args->identity = g_strdup (identity);
  g_task_set_task_data (task, args, remove_mailbox_database_args_free);
  g_task_run_in_thread (task, remove_mailbox_database_thread);
}

/**
 * casarray_directory_remove_mailbox_database_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_remove_mailbox_database_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_remove_mailbox_database_finish (CasarrayDirectory  *self,
                                                   GAsyncResult       *result,
                                                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_remove_mailbox_database_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  char *identity;
} GetClientAccessServersArgs;

static void
get_client_access_servers_args_free (gpointer data)
{
  GetClientAccessServersArgs *args = data;

  g_free (args->identity);
  g_free (args);
}

static void
get_client_access_servers_thread (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
  GetClientAccessServersArgs *args = task_data;
  GError *error = NULL;
  GPtrArray *result = casarray_directory_get_client_access_servers_sync (CASARRAY_DIRECTORY (source_object), args->identity, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * casarray_directory_get_client_access_servers_sync:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): a server name, DN, GUID, FQDN or legacyExchangeDN, or %NULL for all
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists the servers holding the ClientAccess role with their Autodiscover settings, like `Get-ClientAccessServer`.
 *
 * This call blocks; see casarray_directory_get_client_access_servers_async() for the asynchronous form.
 *
 * Returns: (transfer container) (element-type CasarrayClientAccessServer): the objects found (possibly none), or %NULL with @error set
 */
GPtrArray *
casarray_directory_get_client_access_servers_sync (CasarrayDirectory *self,
                                                   const char *identity,
                                                   GCancellable *cancellable,
                                                   GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return NULL;
  return casarray_op_get_client_access_servers (context, identity, cancellable, error);
}

/**
 * casarray_directory_get_client_access_servers_async:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): a server name, DN, GUID, FQDN or legacyExchangeDN, or %NULL for all
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_get_client_access_servers_sync(); the work runs in a worker thread. Call
 * casarray_directory_get_client_access_servers_finish() from @callback.
 */
void
casarray_directory_get_client_access_servers_async (CasarrayDirectory *self,
                                                    const char *identity,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  GetClientAccessServersArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, casarray_directory_get_client_access_servers_async);
  args = g_new0 (GetClientAccessServersArgs, 1);
  args->identity = g_strdup (identity);
  g_task_set_task_data (task, args, get_client_access_servers_args_free);
  g_task_run_in_thread (task, get_client_access_servers_thread);
}

/**
 * casarray_directory_get_client_access_servers_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_get_client_access_servers_async().
 *
 * Returns: (transfer container) (element-type CasarrayClientAccessServer): the objects found (possibly none), or %NULL with @error set
 */
GPtrArray *
casarray_directory_get_client_access_servers_finish (CasarrayDirectory  *self,
                                                     GAsyncResult       *result,
                                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_get_client_access_servers_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char *identity;
  char *autodiscover_service_internal_uri;
  GStrv autodiscover_site_scope;
} SetClientAccessServerArgs;

static void
set_client_access_server_args_free (gpointer data)
{
  SetClientAccessServerArgs *args = data;

  g_free (args->identity);
  g_free (args->autodiscover_service_internal_uri);
  g_strfreev (args->autodiscover_site_scope);
  g_free (args);
}

static void
set_client_access_server_thread (GTask        *task,
                                gpointer      source_object,
                                gpointer      task_data,
                                GCancellable *cancellable)
{
  SetClientAccessServerArgs *args = task_data;
  GError *error = NULL;
  gboolean result = casarray_directory_set_client_access_server_sync (CASARRAY_DIRECTORY (source_object), args->identity, args->autodiscover_service_internal_uri, (const char * const *) args->autodiscover_site_scope, cancellable, &error);

  if (!result)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * casarray_directory_set_client_access_server_sync:
 * @self: a #CasarrayDirectory
 * @identity: the CAS server: name, DN, GUID, FQDN or legacyExchangeDN
 * @autodiscover_service_internal_uri: (nullable): the new AutoDiscoverServiceInternalUri (an absolute https:// or http:// URI), "" to clear it, or %NULL to leave it
 * @autodiscover_site_scope: (nullable) (array zero-terminated=1): the new AutoDiscoverSiteScope (names of existing sites), an empty array to clear it, or %NULL to leave it
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Changes the Autodiscover settings of a CAS server, like `Set-ClientAccessServer`. They are stored as Exchange stores them, on the Autodiscover service connection point below the server; clearing both removes the point, and setting one when the point does not exist creates it with the default URI `https://<fqdn>/Autodiscover/Autodiscover.xml`.
 *
 * This call blocks; see casarray_directory_set_client_access_server_async() for the asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_set_client_access_server_sync (CasarrayDirectory *self,
                                                  const char *identity,
                                                  const char *autodiscover_service_internal_uri,
                                                  const char * const *autodiscover_site_scope,
                                                  GCancellable *cancellable,
                                                  GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (identity != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return FALSE;
  return casarray_op_set_client_access_server (context, identity, autodiscover_service_internal_uri, autodiscover_site_scope, cancellable, error);
}

/**
 * casarray_directory_set_client_access_server_async:
 * @self: a #CasarrayDirectory
 * @identity: the CAS server: name, DN, GUID, FQDN or legacyExchangeDN
 * @autodiscover_service_internal_uri: (nullable): the new AutoDiscoverServiceInternalUri (an absolute https:// or http:// URI), "" to clear it, or %NULL to leave it
 * @autodiscover_site_scope: (nullable) (array zero-terminated=1): the new AutoDiscoverSiteScope (names of existing sites), an empty array to clear it, or %NULL to leave it
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_set_client_access_server_sync(); the work runs in a worker thread. Call
 * casarray_directory_set_client_access_server_finish() from @callback.
 */
void
casarray_directory_set_client_access_server_async (CasarrayDirectory *self,
                                                   const char *identity,
                                                   const char *autodiscover_service_internal_uri,
                                                   const char * const *autodiscover_site_scope,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  SetClientAccessServerArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  g_return_if_fail (identity != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, casarray_directory_set_client_access_server_async);
  args = g_new0 (SetClientAccessServerArgs, 1);
  args->identity = g_strdup (identity);
  args->autodiscover_service_internal_uri = g_strdup (autodiscover_service_internal_uri);
  args->autodiscover_site_scope = g_strdupv ((GStrv) autodiscover_site_scope);
  g_task_set_task_data (task, args, set_client_access_server_args_free);
  g_task_run_in_thread (task, set_client_access_server_thread);
}

/**
 * casarray_directory_set_client_access_server_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_set_client_access_server_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_set_client_access_server_finish (CasarrayDirectory  *self,
                                                    GAsyncResult       *result,
                                                    GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_set_client_access_server_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  char *identity;
  char *site;
} GetClientAccessArraysArgs;

static void
get_client_access_arrays_args_free (gpointer data)
{
  GetClientAccessArraysArgs *args = data;

  g_free (args->identity);
  g_free (args->site);
  g_free (args);
}

static void
get_client_access_arrays_thread (GTask        *task,
                                gpointer      source_object,
                                gpointer      task_data,
                                GCancellable *cancellable)
{
  GetClientAccessArraysArgs *args = task_data;
  GError *error = NULL;
  GPtrArray *result = casarray_directory_get_client_access_arrays_sync (CASARRAY_DIRECTORY (source_object), args->identity, args->site, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * casarray_directory_get_client_access_arrays_sync:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): an array name, DN, GUID, FQDN or legacyExchangeDN, or %NULL for all
 * @site: (nullable): only the array of this site (name, DN or GUID), or %NULL
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists client access arrays with their computed members, like `Get-ClientAccessArray`.
 *
 * This call blocks; see casarray_directory_get_client_access_arrays_async() for the asynchronous form.
 *
 * Returns: (transfer container) (element-type CasarrayClientAccessArray): the objects found (possibly none), or %NULL with @error set
 */
GPtrArray *
casarray_directory_get_client_access_arrays_sync (CasarrayDirectory *self,
                                                  const char *identity,
                                                  const char *site,
                                                  GCancellable *cancellable,
                                                  GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return NULL;
  return casarray_op_get_client_access_arrays (context, identity, site, cancellable, error);
}

/**
 * casarray_directory_get_client_access_arrays_async:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): an array name, DN, GUID, FQDN or legacyExchangeDN, or %NULL for all
 * @site: (nullable): only the array of this site (name, DN or GUID), or %NULL
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_get_client_access_arrays_sync(); the work runs in a worker thread. Call
 * casarray_directory_get_client_access_arrays_finish() from @callback.
 */
void
casarray_directory_get_client_access_arrays_async (CasarrayDirectory *self,
                                                   const char *identity,
                                                   const char *site,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  GetClientAccessArraysArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, casarray_directory_get_client_access_arrays_async);
  args = g_new0 (GetClientAccessArraysArgs, 1);
  args->identity = g_strdup (identity);
  args->site = g_strdup (site);
  g_task_set_task_data (task, args, get_client_access_arrays_args_free);
  g_task_run_in_thread (task, get_client_access_arrays_thread);
}

/**
 * casarray_directory_get_client_access_arrays_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_get_client_access_arrays_async().
 *
 * Returns: (transfer container) (element-type CasarrayClientAccessArray): the objects found (possibly none), or %NULL with @error set
 */
GPtrArray *
casarray_directory_get_client_access_arrays_finish (CasarrayDirectory  *self,
                                                    GAsyncResult       *result,
                                                    GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_get_client_access_arrays_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char *name;
  char *fqdn;
  char *site;
} NewClientAccessArrayArgs;

static void
new_client_access_array_args_free (gpointer data)
{
  NewClientAccessArrayArgs *args = data;

  g_free (args->name);
  g_free (args->fqdn);
  g_free (args->site);
  g_free (args);
}

static void
new_client_access_array_thread (GTask        *task,
                               gpointer      source_object,
                               gpointer      task_data,
                               GCancellable *cancellable)
{
  NewClientAccessArrayArgs *args = task_data;
  GError *error = NULL;
  CasarrayClientAccessArray *result = casarray_directory_new_client_access_array_sync (CASARRAY_DIRECTORY (source_object), args->name, args->fqdn, args->site, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

/**
 * casarray_directory_new_client_access_array_sync:
 * @self: a #CasarrayDirectory
 * @name: (nullable): the array name, or %NULL for the first label of @fqdn
 * @fqdn: the FQDN clients will connect to
 * @site: (nullable): the site (name, DN or GUID); may be %NULL only when the organisation has exactly one site
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Creates a client access array, like `New-ClientAccessArray`. At most one array may exist per site, and its name must differ from every server and array name; both rules hold under concurrent writers (see the concurrency section of the documentation).
 *
 * This call blocks; see casarray_directory_new_client_access_array_async() for the asynchronous form.
 *
 * Returns: (transfer full): the new #CasarrayClientAccessArray as stored, or %NULL with @error set
 */
CasarrayClientAccessArray *
casarray_directory_new_client_access_array_sync (CasarrayDirectory *self,
                                                 const char *name,
                                                 const char *fqdn,
                                                 const char *site,
                                                 GCancellable *cancellable,
                                                 GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (fqdn != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return NULL;
  return casarray_op_new_client_access_array (context, name, fqdn, site, cancellable, error);
}

/**
 * casarray_directory_new_client_access_array_async:
 * @self: a #CasarrayDirectory
 * @name: (nullable): the array name, or %NULL for the first label of @fqdn
 * @fqdn: the FQDN clients will connect to
 * @site: (nullable): the site (name, DN or GUID); may be %NULL only when the organisation has exactly one site
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_new_client_access_array_sync(); the work runs in a worker thread. Call
 * casarray_directory_new_client_access_array_finish() from @callback.
 */
void
casarray_directory_new_client_access_array_async (CasarrayDirectory *self,
                                                  const char *name,
                                                  const char *fqdn,
                                                  const char *site,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  NewClientAccessArrayArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  g_return_if_fail (fqdn != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, casarray_directory_new_client_access_array_async);
  args = g_new0 (NewClientAccessArrayArgs, 1);
  args->name = g_strdup (name);
  args->fqdn = g_strdup (fqdn);
  args->site = g_strdup (site);
  g_task_set_task_data (task, args, new_client_access_array_args_free);
  g_task_run_in_thread (task, new_client_access_array_thread);
}

/**
 * casarray_directory_new_client_access_array_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_new_client_access_array_async().
 *
 * Returns: (transfer full): the new #CasarrayClientAccessArray as stored, or %NULL with @error set
 */
CasarrayClientAccessArray *
casarray_directory_new_client_access_array_finish (CasarrayDirectory  *self,
                                                   GAsyncResult       *result,
                                                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_new_client_access_array_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char *identity;
  char *name;
  char *fqdn;
  char *site;
} SetClientAccessArrayArgs;

static void
set_client_access_array_args_free (gpointer data)
{
  SetClientAccessArrayArgs *args = data;

  g_free (args->identity);
  g_free (args->name);
  g_free (args->fqdn);
  g_free (args->site);
  g_free (args);
}

static void
set_client_access_array_thread (GTask        *task,
                               gpointer      source_object,
                               gpointer      task_data,
                               GCancellable *cancellable)
{
  SetClientAccessArrayArgs *args = task_data;
  GError *error = NULL;
  gboolean result = casarray_directory_set_client_access_array_sync (CASARRAY_DIRECTORY (source_object), args->identity, args->name, args->fqdn, args->site, cancellable, &error);

  if (!result)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * casarray_directory_set_client_access_array_sync:
 * @self: a #CasarrayDirectory
 * @identity: the array: name, DN, GUID, FQDN or legacyExchangeDN
 * @name: (nullable): a new name, or %NULL to leave it
 * @fqdn: (nullable): a new FQDN, or %NULL to leave it. Databases resolve their RpcClientAccessServer through the array's legacyExchangeDN, which does not change, so they follow the new FQDN
 * @site: (nullable): a new site (name, DN or GUID) that has no array yet, or %NULL to leave it
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Changes a client access array, like `Set-ClientAccessArray`. The FQDN is changed by compare-and-set.
 *
 * This call blocks; see casarray_directory_set_client_access_array_async() for the asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_set_client_access_array_sync (CasarrayDirectory *self,
                                                 const char *identity,
                                                 const char *name,
                                                 const char *fqdn,
                                                 const char *site,
                                                 GCancellable *cancellable,
                                                 GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (identity != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return FALSE;
  return casarray_op_set_client_access_array (context, identity, name, fqdn, site, cancellable, error);
}

/**
 * casarray_directory_set_client_access_array_async:
 * @self: a #CasarrayDirectory
 * @identity: the array: name, DN, GUID, FQDN or legacyExchangeDN
 * @name: (nullable): a new name, or %NULL to leave it
 * @fqdn: (nullable): a new FQDN, or %NULL to leave it. Databases resolve their RpcClientAccessServer through the array's legacyExchangeDN, which does not change, so they follow the new FQDN
 * @site: (nullable): a new site (name, DN or GUID) that has no array yet, or %NULL to leave it
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_set_client_access_array_sync(); the work runs in a worker thread. Call
 * casarray_directory_set_client_access_array_finish() from @callback.
 */
void
casarray_directory_set_client_access_array_async (CasarrayDirectory *self,
                                                  const char *identity,
                                                  const char *name,
                                                  const char *fqdn,
                                                  const char *site,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  SetClientAccessArrayArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  g_return_if_fail (identity != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, casarray_directory_set_client_access_array_async);
  args = g_new0 (SetClientAccessArrayArgs, 1);
  args->identity = g_strdup (identity);
  args->name = g_strdup (name);
  args->fqdn = g_strdup (fqdn);
  args->site = g_strdup (site);
  g_task_set_task_data (task, args, set_client_access_array_args_free);
  g_task_run_in_thread (task, set_client_access_array_thread);
}

/**
 * casarray_directory_set_client_access_array_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_set_client_access_array_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_set_client_access_array_finish (CasarrayDirectory  *self,
                                                   GAsyncResult       *result,
                                                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_set_client_access_array_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  char *identity;
} RemoveClientAccessArrayArgs;

static void
remove_client_access_array_args_free (gpointer data)
{
  RemoveClientAccessArrayArgs *args = data;

  g_free (args->identity);
  g_free (args);
}

static void
remove_client_access_array_thread (GTask        *task,
                                  gpointer      source_object,
                                  gpointer      task_data,
                                  GCancellable *cancellable)
{
  RemoveClientAccessArrayArgs *args = task_data;
  GError *error = NULL;
  gboolean result = casarray_directory_remove_client_access_array_sync (CASARRAY_DIRECTORY (source_object), args->identity, cancellable, &error);

  if (!result)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * casarray_directory_remove_client_access_array_sync:
 * @self: a #CasarrayDirectory
 * @identity: the array: name, DN, GUID, FQDN or legacyExchangeDN
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Removes a client access array, like `Remove-ClientAccessArray`. Databases that pointed at it then resolve to nothing.
 *
 * This call blocks; see casarray_directory_remove_client_access_array_async() for the asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_remove_client_access_array_sync (CasarrayDirectory *self,
                                                    const char *identity,
                                                    GCancellable *cancellable,
                                                    GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (identity != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return FALSE;
  return casarray_op_remove_client_access_array (context, identity, cancellable, error);
}

/**
 * casarray_directory_remove_client_access_array_async:
 * @self: a #CasarrayDirectory
 * @identity: the array: name, DN, GUID, FQDN or legacyExchangeDN
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_remove_client_access_array_sync(); the work runs in a worker thread. Call
 * casarray_directory_remove_client_access_array_finish() from @callback.
 */
void
casarray_directory_remove_client_access_array_async (CasarrayDirectory *self,
                                                     const char *identity,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  RemoveClientAccessArrayArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  g_return_if_fail (identity != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, casarray_directory_remove_client_access_array_async);
  args = g_new0 (RemoveClientAccessArrayArgs, 1);
  args->identity = g_strdup (identity);
  g_task_set_task_data (task, args, remove_client_access_array_args_free);
  g_task_run_in_thread (task, remove_client_access_array_thread);
}

/**
 * casarray_directory_remove_client_access_array_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_remove_client_access_array_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_remove_client_access_array_finish (CasarrayDirectory  *self,
                                                      GAsyncResult       *result,
                                                      GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_remove_client_access_array_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  char *identity;
} GetExchangeServersArgs;

static void
get_exchange_servers_args_free (gpointer data)
{
  GetExchangeServersArgs *args = data;

  g_free (args->identity);
  g_free (args);
}

static void
get_exchange_servers_thread (GTask        *task,
                            gpointer      source_object,
                            gpointer      task_data,
                            GCancellable *cancellable)
{
  GetExchangeServersArgs *args = task_data;
  GError *error = NULL;
  GPtrArray *result = casarray_directory_get_exchange_servers_sync (CASARRAY_DIRECTORY (source_object), args->identity, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * casarray_directory_get_exchange_servers_sync:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): a server name, DN, GUID, FQDN or legacyExchangeDN, or %NULL for all
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists Exchange servers (not client access arrays), like `Get-ExchangeServer`.
 *
 * This call blocks; see casarray_directory_get_exchange_servers_async() for the asynchronous form.
 *
 * Returns: (transfer container) (element-type CasarrayServer): the objects found (possibly none), or %NULL with @error set
 */
GPtrArray *
casarray_directory_get_exchange_servers_sync (CasarrayDirectory *self,
                                              const char *identity,
                                              GCancellable *cancellable,
                                              GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return NULL;
  return casarray_op_get_exchange_servers (context, identity, cancellable, error);
}

/**
 * casarray_directory_get_exchange_servers_async:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): a server name, DN, GUID, FQDN or legacyExchangeDN, or %NULL for all
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_get_exchange_servers_sync(); the work runs in a worker thread. Call
 * casarray_directory_get_exchange_servers_finish() from @callback.
 */
void
casarray_directory_get_exchange_servers_async (CasarrayDirectory *self,
                                               const char *identity,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  GetExchangeServersArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, casarray_directory_get_exchange_servers_async);
  args = g_new0 (GetExchangeServersArgs, 1);
  args->identity = g_strdup (identity);
  g_task_set_task_data (task, args, get_exchange_servers_args_free);
  g_task_run_in_thread (task, get_exchange_servers_thread);
}

/**
 * casarray_directory_get_exchange_servers_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_get_exchange_servers_async().
 *
 * Returns: (transfer container) (element-type CasarrayServer): the objects found (possibly none), or %NULL with @error set
 */
GPtrArray *
casarray_directory_get_exchange_servers_finish (CasarrayDirectory  *self,
                                                GAsyncResult       *result,
                                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_get_exchange_servers_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char *name;
  char *fqdn;
  char *site;
  CasarrayServerRole roles;
  char *admin_display_version;
} NewExchangeServerArgs;

static void
new_exchange_server_args_free (gpointer data)
{
  NewExchangeServerArgs *args = data;

  g_free (args->name);
  g_free (args->fqdn);
  g_free (args->site);
  g_free (args->admin_display_version);
  g_free (args);
}

static void
new_exchange_server_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  NewExchangeServerArgs *args = task_data;
  GError *error = NULL;
  CasarrayServer *result = casarray_directory_new_exchange_server_sync (CASARRAY_DIRECTORY (source_object), args->name, args->fqdn, args->site, args->roles, args->admin_display_version, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

/**
 * casarray_directory_new_exchange_server_sync:
 * @self: a #CasarrayDirectory
 * @name: the server name
 * @fqdn: the server FQDN
 * @site: its site (name, DN or GUID)
 * @roles: the roles it holds
 * @admin_display_version: (nullable): the version as EMS shows it, or %NULL for "Version 14.3 (Build 123.4)"
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Provisions an Exchange server object as Exchange setup writes it (an extension for labs and provisioning systems; Exchange has no such cmdlet).
 *
 * This call blocks; see casarray_directory_new_exchange_server_async() for the asynchronous form.
 *
 * Returns: (transfer full): the new #CasarrayServer as stored, or %NULL with @error set
 */
CasarrayServer *
casarray_directory_new_exchange_server_sync (CasarrayDirectory *self,
                                             const char *name,
                                             const char *fqdn,
                                             const char *site,
                                             CasarrayServerRole roles,
                                             const char *admin_display_version,
                                             GCancellable *cancellable,
                                             GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (fqdn != NULL, NULL);
  g_return_val_if_fail (site != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return NULL;
  return casarray_op_new_exchange_server (context, name, fqdn, site, roles, admin_display_version, cancellable, error);
}

/**
 * casarray_directory_new_exchange_server_async:
 * @self: a #CasarrayDirectory
 * @name: the server name
 * @fqdn: the server FQDN
 * @site: its site (name, DN or GUID)
 * @roles: the roles it holds
 * @admin_display_version: (nullable): the version as EMS shows it, or %NULL for "Version 14.3 (Build 123.4)"
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_new_exchange_server_sync(); the work runs in a worker thread. Call
 * casarray_directory_new_exchange_server_finish() from @callback.
 */
void
casarray_directory_new_exchange_server_async (CasarrayDirectory *self,
                                              const char *name,
                                              const char *fqdn,
                                              const char *site,
                                              CasarrayServerRole roles,
                                              const char *admin_display_version,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  NewExchangeServerArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (fqdn != NULL);
  g_return_if_fail (site != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, casarray_directory_new_exchange_server_async);
  args = g_new0 (NewExchangeServerArgs, 1);
  args->name = g_strdup (name);
  args->fqdn = g_strdup (fqdn);
  args->site = g_strdup (site);
  args->roles = roles;
  args->admin_display_version = g_strdup (admin_display_version);
  g_task_set_task_data (task, args, new_exchange_server_args_free);
  g_task_run_in_thread (task, new_exchange_server_thread);
}

/**
 * casarray_directory_new_exchange_server_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_new_exchange_server_async().
 *
 * Returns: (transfer full): the new #CasarrayServer as stored, or %NULL with @error set
 */
CasarrayServer *
casarray_directory_new_exchange_server_finish (CasarrayDirectory  *self,
                                               GAsyncResult       *result,
                                               GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_new_exchange_server_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char *identity;
  CasarrayRemoveFlags flags;
} RemoveExchangeServerArgs;

static void
remove_exchange_server_args_free (gpointer data)
{
  RemoveExchangeServerArgs *args = data;

  g_free (args->identity);
  g_free (args);
}

static void
remove_exchange_server_thread (GTask        *task,
                              gpointer      source_object,
                              gpointer      task_data,
                              GCancellable *cancellable)
{
  RemoveExchangeServerArgs *args = task_data;
  GError *error = NULL;
  gboolean result = casarray_directory_remove_exchange_server_sync (CASARRAY_DIRECTORY (source_object), args->identity, args->flags, cancellable, &error);

  if (!result)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * casarray_directory_remove_exchange_server_sync:
 * @self: a #CasarrayDirectory
 * @identity: the server: name, DN, GUID, FQDN or legacyExchangeDN
 * @flags: what to do with databases that still use the server as their RpcClientAccessServer
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Removes an Exchange server object and the objects below it, as uninstalling Exchange does. Refused with %CASARRAY_ERROR_IN_USE while the server owns mailbox databases, and, unless @flags says otherwise, while databases still resolve their RpcClientAccessServer to it: Exchange would let them point at nothing.
 *
 * This call blocks; see casarray_directory_remove_exchange_server_async() for the asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_remove_exchange_server_sync (CasarrayDirectory *self,
                                                const char *identity,
                                                CasarrayRemoveFlags flags,
                                                GCancellable *cancellable,
                                                GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (identity != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return FALSE;
  return casarray_op_remove_exchange_server (context, identity, flags, cancellable, error);
}

/**
 * casarray_directory_remove_exchange_server_async:
 * @self: a #CasarrayDirectory
 * @identity: the server: name, DN, GUID, FQDN or legacyExchangeDN
 * @flags: what to do with databases that still use the server as their RpcClientAccessServer
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_remove_exchange_server_sync(); the work runs in a worker thread. Call
 * casarray_directory_remove_exchange_server_finish() from @callback.
 */
void
casarray_directory_remove_exchange_server_async (CasarrayDirectory *self,
                                                 const char *identity,
                                                 CasarrayRemoveFlags flags,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  RemoveExchangeServerArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  g_return_if_fail (identity != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, casarray_directory_remove_exchange_server_async);
  args = g_new0 (RemoveExchangeServerArgs, 1);
  args->identity = g_strdup (identity);
  args->flags = flags;
  g_task_set_task_data (task, args, remove_exchange_server_args_free);
  g_task_run_in_thread (task, remove_exchange_server_thread);
}

/**
 * casarray_directory_remove_exchange_server_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_remove_exchange_server_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_remove_exchange_server_finish (CasarrayDirectory  *self,
                                                  GAsyncResult       *result,
                                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_remove_exchange_server_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  char *identity;
} GetSitesArgs;

static void
get_sites_args_free (gpointer data)
{
  GetSitesArgs *args = data;

  g_free (args->identity);
  g_free (args);
}

static void
get_sites_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GetSitesArgs *args = task_data;
  GError *error = NULL;
  GPtrArray *result = casarray_directory_get_sites_sync (CASARRAY_DIRECTORY (source_object), args->identity, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * casarray_directory_get_sites_sync:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): a site name, DN or GUID, or %NULL for all
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists Active Directory sites.
 *
 * This call blocks; see casarray_directory_get_sites_async() for the asynchronous form.
 *
 * Returns: (transfer container) (element-type CasarraySite): the objects found (possibly none), or %NULL with @error set
 */
GPtrArray *
casarray_directory_get_sites_sync (CasarrayDirectory *self,
                                   const char *identity,
                                   GCancellable *cancellable,
                                   GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return NULL;
  return casarray_op_get_sites (context, identity, cancellable, error);
}

/**
 * casarray_directory_get_sites_async:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): a site name, DN or GUID, or %NULL for all
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_get_sites_sync(); the work runs in a worker thread. Call
 * casarray_directory_get_sites_finish() from @callback.
 */
void
casarray_directory_get_sites_async (CasarrayDirectory *self,
                                    const char *identity,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  GetSitesArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, casarray_directory_get_sites_async);
  args = g_new0 (GetSitesArgs, 1);
  args->identity = g_strdup (identity);
  g_task_set_task_data (task, args, get_sites_args_free);
  g_task_run_in_thread (task, get_sites_thread);
}

/**
 * casarray_directory_get_sites_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_get_sites_async().
 *
 * Returns: (transfer container) (element-type CasarraySite): the objects found (possibly none), or %NULL with @error set
 */
GPtrArray *
casarray_directory_get_sites_finish (CasarrayDirectory  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_get_sites_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char *name;
} NewSiteArgs;

static void
new_site_args_free (gpointer data)
{
  NewSiteArgs *args = data;

  g_free (args->name);
  g_free (args);
}

static void
new_site_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  NewSiteArgs *args = task_data;
  GError *error = NULL;
  CasarraySite *result = casarray_directory_new_site_sync (CASARRAY_DIRECTORY (source_object), args->name, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

/**
 * casarray_directory_new_site_sync:
 * @self: a #CasarrayDirectory
 * @name: the site name
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Creates an Active Directory site (an extension for labs and provisioning systems).
 *
 * This call blocks; see casarray_directory_new_site_async() for the asynchronous form.
 *
 * Returns: (transfer full): the new #CasarraySite as stored, or %NULL with @error set
 */
CasarraySite *
casarray_directory_new_site_sync (CasarrayDirectory *self,
                                  const char *name,
                                  GCancellable *cancellable,
                                  GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return NULL;
  return casarray_op_new_site (context, name, cancellable, error);
}

/**
 * casarray_directory_new_site_async:
 * @self: a #CasarrayDirectory
 * @name: the site name
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_new_site_sync(); the work runs in a worker thread. Call
 * casarray_directory_new_site_finish() from @callback.
 */
void
casarray_directory_new_site_async (CasarrayDirectory *self,
                                   const char *name,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  NewSiteArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, casarray_directory_new_site_async);
  args = g_new0 (NewSiteArgs, 1);
  args->name = g_strdup (name);
  g_task_set_task_data (task, args, new_site_args_free);
  g_task_run_in_thread (task, new_site_thread);
}

/**
 * casarray_directory_new_site_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_new_site_async().
 *
 * Returns: (transfer full): the new #CasarraySite as stored, or %NULL with @error set
 */
CasarraySite *
casarray_directory_new_site_finish (CasarrayDirectory  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_new_site_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char *identity;
} RemoveSiteArgs;

static void
remove_site_args_free (gpointer data)
{
  RemoveSiteArgs *args = data;

  g_free (args->identity);
  g_free (args);
}

static void
remove_site_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  RemoveSiteArgs *args = task_data;
  GError *error = NULL;
  gboolean result = casarray_directory_remove_site_sync (CASARRAY_DIRECTORY (source_object), args->identity, cancellable, &error);

  if (!result)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * casarray_directory_remove_site_sync:
 * @self: a #CasarrayDirectory
 * @identity: the site: name, DN or GUID
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Removes an Active Directory site. Refused with %CASARRAY_ERROR_IN_USE while servers or arrays belong to it.
 *
 * This call blocks; see casarray_directory_remove_site_async() for the asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_remove_site_sync (CasarrayDirectory *self,
                                     const char *identity,
                                     GCancellable *cancellable,
                                     GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (identity != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return FALSE;
  return casarray_op_remove_site (context, identity, cancellable, error);
}

/**
 * casarray_directory_remove_site_async:
 * @self: a #CasarrayDirectory
 * @identity: the site: name, DN or GUID
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_remove_site_sync(); the work runs in a worker thread. Call
 * casarray_directory_remove_site_finish() from @callback.
 */
void
casarray_directory_remove_site_async (CasarrayDirectory *self,
                                      const char *identity,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  RemoveSiteArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  g_return_if_fail (identity != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, casarray_directory_remove_site_async);
  args = g_new0 (RemoveSiteArgs, 1);
  args->identity = g_strdup (identity);
  g_task_set_task_data (task, args, remove_site_args_free);
  g_task_run_in_thread (task, remove_site_thread);
}

/**
 * casarray_directory_remove_site_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_remove_site_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_remove_site_finish (CasarrayDirectory  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_remove_site_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  char *name;
} NewOrganizationArgs;

static void
new_organization_args_free (gpointer data)
{
  NewOrganizationArgs *args = data;

  g_free (args->name);
  g_free (args);
}

static void
new_organization_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  NewOrganizationArgs *args = task_data;
  GError *error = NULL;
  gboolean result = casarray_directory_new_organization_sync (CASARRAY_DIRECTORY (source_object), args->name, cancellable, &error);

  if (!result)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * casarray_directory_new_organization_sync:
 * @self: a #CasarrayDirectory
 * @name: the organisation name
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Creates the Exchange organisation and the containers Exchange setup creates (Services, Microsoft Exchange, the organisation, Administrative Groups, the Exchange Administrative Group (FYDIBOHF23SPDLT) with its Servers, Databases and Arrays containers, and Sites), below the configuration naming context. Containers that already exist are kept. Fails with %CASARRAY_ERROR_ALREADY_EXISTS if another organisation exists.
 *
 * This call blocks; see casarray_directory_new_organization_async() for the asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_new_organization_sync (CasarrayDirectory *self,
                                          const char *name,
                                          GCancellable *cancellable,
                                          GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return FALSE;
  return casarray_op_new_organization (context, name, cancellable, error);
}

/**
 * casarray_directory_new_organization_async:
 * @self: a #CasarrayDirectory
 * @name: the organisation name
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_new_organization_sync(); the work runs in a worker thread. Call
 * casarray_directory_new_organization_finish() from @callback.
 */
void
casarray_directory_new_organization_async (CasarrayDirectory *self,
                                           const char *name,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  NewOrganizationArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, casarray_directory_new_organization_async);
  args = g_new0 (NewOrganizationArgs, 1);
  args->name = g_strdup (name);
  g_task_set_task_data (task, args, new_organization_args_free);
  g_task_run_in_thread (task, new_organization_thread);
}

/**
 * casarray_directory_new_organization_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_new_organization_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_new_organization_finish (CasarrayDirectory  *self,
                                            GAsyncResult       *result,
                                            GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_new_organization_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
audit_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *result = casarray_directory_audit_sync (CASARRAY_DIRECTORY (source_object), cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * casarray_directory_audit_sync:
 * @self: a #CasarrayDirectory
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Audits the whole organisation for the client-access problems Exchange leaves behind, Test-ClientAccessConfiguration: databases whose RpcClientAccessServer resolves to nothing, to a server without the ClientAccess role, to an endpoint in another site, or to a single CAS server although the site has an array; arrays without members, with a server's FQDN or name, or several in one site; sites with CAS servers and databases but no array (advice). The cost is a constant number of searches, whatever the size of the organisation.
 *
 * This call blocks; see casarray_directory_audit_async() for the asynchronous form.
 *
 * Returns: (transfer container) (element-type CasarrayFinding): the objects found (possibly none), or %NULL with @error set
 */
GPtrArray *
casarray_directory_audit_sync (CasarrayDirectory *self,
                               GCancellable *cancellable,
                               GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return NULL;
  return casarray_op_audit (context, cancellable, error);
}

/**
 * casarray_directory_audit_async:
 * @self: a #CasarrayDirectory
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_audit_sync(); the work runs in a worker thread. Call
 * casarray_directory_audit_finish() from @callback.
 */
void
casarray_directory_audit_async (CasarrayDirectory *self,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, casarray_directory_audit_async);
  g_task_run_in_thread (task, audit_thread);
}

/**
 * casarray_directory_audit_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_audit_async().
 *
 * Returns: (transfer container) (element-type CasarrayFinding): the objects found (possibly none), or %NULL with @error set
 */
GPtrArray *
casarray_directory_audit_finish (CasarrayDirectory  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_audit_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  GPtrArray *findings;
  gboolean what_if;
} RepairArgs;

static void
repair_args_free (gpointer data)
{
  RepairArgs *args = data;

  g_clear_pointer (&args->findings, g_ptr_array_unref);
  g_free (args);
}

static void
repair_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  RepairArgs *args = task_data;
  GError *error = NULL;
  GPtrArray *result = casarray_directory_repair_sync (CASARRAY_DIRECTORY (source_object), args->findings, args->what_if, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * casarray_directory_repair_sync:
 * @self: a #CasarrayDirectory
 * @findings: (nullable) (element-type CasarrayFinding): the findings of an earlier casarray_directory_audit_sync() to act on, so that a database changed since that audit is skipped; %NULL to audit now
 * @what_if: %TRUE to compute and return the plan without writing anything
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Repairs what the audit finds on databases, Repair-ClientAccessConfiguration: each database whose endpoint is missing, not a CAS, in another site, or not its site's array is pointed at the endpoint New-MailboxDatabase would choose for its server's site (the site's array, else the server itself if it is a CAS, else a CAS of the site). Each change is a compare-and-set against the value the audit read, so a database someone changed meanwhile is reported as skipped, never overwritten; the modifies are pipelined. Running it again finds nothing to do. Findings about arrays and sites need an administrator's decision and are not repaired.
 *
 * This call blocks; see casarray_directory_repair_async() for the asynchronous form.
 *
 * Returns: (transfer container) (element-type CasarrayRepairResult): the objects found (possibly none), or %NULL with @error set
 */
GPtrArray *
casarray_directory_repair_sync (CasarrayDirectory *self,
                                GPtrArray *findings,
                                gboolean what_if,
                                GCancellable *cancellable,
                                GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return NULL;
  return casarray_op_repair (context, findings, what_if, cancellable, error);
}

/**
 * casarray_directory_repair_async:
 * @self: a #CasarrayDirectory
 * @findings: (nullable) (element-type CasarrayFinding): the findings of an earlier audit, or %NULL to audit now
 * @what_if: %TRUE to compute and return the plan without writing anything
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_repair_sync(); the work runs in a worker thread. Call
 * casarray_directory_repair_finish() from @callback. @findings is copied before this returns:
 * the caller may change or free its array at once.
 */
void
casarray_directory_repair_async (CasarrayDirectory *self,
                                 GPtrArray *findings,
                                 gboolean what_if,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  RepairArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, casarray_directory_repair_async);
  args = g_new0 (RepairArgs, 1);
  /* A copy, not a reference: the caller may change or free its array as
   * soon as this returns, while the worker thread reads this one.  The
   * findings themselves are immutable and are shared. */
  if (findings != NULL)
    {
      args->findings = g_ptr_array_new_full (findings->len, g_object_unref);
      for (guint i = 0; i < findings->len; i++)
        g_ptr_array_add (args->findings, g_object_ref (g_ptr_array_index (findings, i)));
    }
  args->what_if = what_if;
  g_task_set_task_data (task, args, repair_args_free);
  g_task_run_in_thread (task, repair_thread);
}

/**
 * casarray_directory_repair_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_repair_async().
 *
 * Returns: (transfer container) (element-type CasarrayRepairResult): the objects found (possibly none), or %NULL with @error set
 */
GPtrArray *
casarray_directory_repair_finish (CasarrayDirectory  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_repair_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char *identity;
  CasarrayServerRole roles;
  CasarrayRemoveFlags flags;
} SetExchangeServerRolesArgs;

static void
set_exchange_server_roles_args_free (gpointer data)
{
  SetExchangeServerRolesArgs *args = data;

  g_free (args->identity);
  g_free (args);
}

static void
set_exchange_server_roles_thread (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
  SetExchangeServerRolesArgs *args = task_data;
  GError *error = NULL;
  gboolean result = casarray_directory_set_exchange_server_roles_sync (CASARRAY_DIRECTORY (source_object), args->identity, args->roles, args->flags, cancellable, &error);

  if (!result)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * casarray_directory_set_exchange_server_roles_sync:
 * @self: a #CasarrayDirectory
 * @identity: the server: name, DN, GUID, FQDN or legacyExchangeDN
 * @roles: the roles the server holds from now on
 * @flags: what to do when the ClientAccess role goes while databases still use the server as their RpcClientAccessServer
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Changes the roles of an Exchange server (an extension for labs and provisioning systems). Removing the ClientAccess role while databases still resolve to the server is refused unless @flags says otherwise: the guard Exchange lacks.
 *
 * This call blocks; see casarray_directory_set_exchange_server_roles_async() for the asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_set_exchange_server_roles_sync (CasarrayDirectory *self,
                                                   const char *identity,
                                                   CasarrayServerRole roles,
                                                   CasarrayRemoveFlags flags,
                                                   GCancellable *cancellable,
                                                   GError **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (identity != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return FALSE;
  return casarray_op_set_exchange_server_roles (context, identity, roles, flags, cancellable, error);
}

/**
 * casarray_directory_set_exchange_server_roles_async:
 * @self: a #CasarrayDirectory
 * @identity: the server: name, DN, GUID, FQDN or legacyExchangeDN
 * @roles: the roles the server holds from now on
 * @flags: what to do when the ClientAccess role goes while databases still use the server as their RpcClientAccessServer
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the operation completes
 * @user_data: data for @callback
 *
 * Asynchronous form of casarray_directory_set_exchange_server_roles_sync(); the work runs in a worker thread. Call
 * casarray_directory_set_exchange_server_roles_finish() from @callback.
 */
void
casarray_directory_set_exchange_server_roles_async (CasarrayDirectory *self,
                                                    const char *identity,
                                                    CasarrayServerRole roles,
                                                    CasarrayRemoveFlags flags,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  SetExchangeServerRolesArgs *args;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  g_return_if_fail (identity != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, casarray_directory_set_exchange_server_roles_async);
  args = g_new0 (SetExchangeServerRolesArgs, 1);
  args->identity = g_strdup (identity);
  args->roles = roles;
  args->flags = flags;
  g_task_set_task_data (task, args, set_exchange_server_roles_args_free);
  g_task_run_in_thread (task, set_exchange_server_roles_thread);
}

/**
 * casarray_directory_set_exchange_server_roles_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_set_exchange_server_roles_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
casarray_directory_set_exchange_server_roles_finish (CasarrayDirectory  *self,
                                                     GAsyncResult       *result,
                                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == casarray_directory_set_exchange_server_roles_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
