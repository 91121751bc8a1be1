/* casarray-directory-writes.c: the calls that change databases, Client
 * Access servers and arrays (Set-, New-, Remove-) and the repair
 *
 * Each call is a CasarrayCall descriptor (.writes = TRUE: the write-
 * cancellation rule of casarray-call.h), its run function, and three thin
 * public wrappers; casarray-call.c runs them all.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <casarray/casarray.h>

#include "casarray-call.h"
#include "casarray-options-private.h"
#include "operations/casarray-operations.h"

static gpointer
run_set_mailbox_database (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                          GError **error)
{
  const CasarrayOptions *changes = casarray_options_peek (args->object);

  return casarray_op_set_mailbox_database (context, args->identity, changes->rpc_client_access_server,
                                           changes->edb_file_path, changes->log_folder_path,
                                           cancellable, error) ? CASARRAY_CALL_DONE : NULL;
}

static const CasarrayCall set_mailbox_database_call = {
  .name = "set_mailbox_database",
  .writes = TRUE,
  .needs = CASARRAY_CALL_NEEDS_IDENTITY | CASARRAY_CALL_NEEDS_OBJECT,
  .object_type = casarray_mailbox_database_changes_get_type,
  .run = run_set_mailbox_database,
};

/**
 * casarray_directory_set_mailbox_database_sync:
 * @self: a #CasarrayDirectory
 * @identity: the database: name, DN or GUID
 * @changes: what to change; what it does not set is left alone
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Changes a mailbox database, like `Set-MailboxDatabase`. The change is one
 * atomic compare-and-set modify: if another writer changed the
 * RpcClientAccessServer or a path after it was read, nothing is written and
 * %CASARRAY_ERROR_CONFLICT is returned.
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_set_mailbox_database_async() is the
 * asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */

/**
 * casarray_directory_set_mailbox_database_async:
 * @self: a #CasarrayDirectory
 * @identity: as for casarray_directory_set_mailbox_database_sync()
 * @changes: as for casarray_directory_set_mailbox_database_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_set_mailbox_database_sync() in a worker thread;
 * call casarray_directory_set_mailbox_database_finish() from @callback.
 *
 * A write that completed reports its result even if @cancellable was
 * cancelled too late to stop it.
 */

/**
 * casarray_directory_set_mailbox_database_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_set_mailbox_database_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
CASARRAY_CALL_DEFINE (set_mailbox_database, gboolean, BOOLEAN,
                      (const char *identity, CasarrayMailboxDatabaseChanges *changes),
                      .identity = identity, .object = changes)

static gpointer
run_set_rpc_client_access_server (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                                  GError **error)
{
  return casarray_op_set_rpc_client_access_server (context, args->object, args->server, cancellable, error)
    ? CASARRAY_CALL_DONE : NULL;
}

static const CasarrayCall set_rpc_client_access_server_call = {
  .name = "set_rpc_client_access_server",
  .writes = TRUE,
  .needs = CASARRAY_CALL_NEEDS_OBJECT | CASARRAY_CALL_NEEDS_SERVER,
  .object_type = casarray_mailbox_database_get_type,
  .run = run_set_rpc_client_access_server,
};

/**
 * casarray_directory_set_rpc_client_access_server_sync:
 * @self: a #CasarrayDirectory
 * @database: the database as the caller read it
 * @rpc_client_access_server: the new endpoint: an existing CAS server or
 *   client access array, by name, DN, GUID, FQDN or legacyExchangeDN
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Points @database at a new RpcClientAccessServer only if it still points
 * where it did when @database was read; otherwise fails with
 * %CASARRAY_ERROR_CONFLICT and writes nothing. This is the primitive for
 * repairs that must never overwrite a concurrent change.
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory);
 * casarray_directory_set_rpc_client_access_server_async() is the asynchronous
 * form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */

/**
 * casarray_directory_set_rpc_client_access_server_async:
 * @self: a #CasarrayDirectory
 * @database: as for casarray_directory_set_rpc_client_access_server_sync()
 * @rpc_client_access_server: as for
 *   casarray_directory_set_rpc_client_access_server_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_set_rpc_client_access_server_sync() in a worker
 * thread; call casarray_directory_set_rpc_client_access_server_finish() from
 * @callback.
 *
 * A write that completed reports its result even if @cancellable was
 * cancelled too late to stop it.
 */

/**
 * casarray_directory_set_rpc_client_access_server_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_set_rpc_client_access_server_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
CASARRAY_CALL_DEFINE (set_rpc_client_access_server, gboolean, BOOLEAN,
                      (CasarrayMailboxDatabase *database, const char *rpc_client_access_server),
                      .object = database, .server = rpc_client_access_server)

static gpointer
run_new_mailbox_database (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                          GError **error)
{
  const CasarrayOptions *settings = casarray_options_peek (args->object);

  if (settings->rpc_client_access_server != NULL)
    {
      g_set_error_literal (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                           "New-MailboxDatabase chooses the RpcClientAccessServer as Exchange does; "
                           "change it afterwards with Set-MailboxDatabase.");
      return NULL;
    }
  return casarray_op_new_mailbox_database (context, args->identity, args->server, settings->edb_file_path,
                                           settings->log_folder_path, cancellable, error);
}

static const CasarrayCall new_mailbox_database_call = {
  .name = "new_mailbox_database",
  .writes = TRUE,
  .needs = CASARRAY_CALL_NEEDS_IDENTITY | CASARRAY_CALL_NEEDS_SERVER,
  .object_type = casarray_mailbox_database_changes_get_type,
  .run = run_new_mailbox_database,
  .result_free = g_object_unref,
};

/**
 * casarray_directory_new_mailbox_database_sync:
 * @self: a #CasarrayDirectory
 * @name: the database name: 1 to 64 characters, none of `\\ / = ;`
 * @server: the owning Mailbox server (name, DN, GUID, FQDN or
 *   legacyExchangeDN)
 * @settings: (nullable): the EdbFilePath and LogFolderPath, or %NULL for the
 *   Exchange defaults
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Creates a mailbox database, like `New-MailboxDatabase`. Its
 * RpcClientAccessServer is chosen as Exchange chooses it, using the owning
 * server's site (EMS uses the site of the machine running the cmdlet): the
 * site's client access array; else the owning server if it holds the
 * ClientAccess role; else a CAS server of the site picked at random; else the
 * owning server. @settings giving an RpcClientAccessServer is refused with
 * %CASARRAY_ERROR_INVALID_ARGUMENT.
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_new_mailbox_database_async() is the
 * asynchronous form.
 *
 * Returns: (transfer full): the new #CasarrayMailboxDatabase as stored, or
 * %NULL with @error set
 */

/**
 * casarray_directory_new_mailbox_database_async:
 * @self: a #CasarrayDirectory
 * @name: as for casarray_directory_new_mailbox_database_sync()
 * @server: as for casarray_directory_new_mailbox_database_sync()
 * @settings: (nullable): as for
 *   casarray_directory_new_mailbox_database_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_new_mailbox_database_sync() in a worker thread;
 * call casarray_directory_new_mailbox_database_finish() from @callback.
 *
 * A write that completed reports its result even if @cancellable was
 * cancelled too late to stop it.
 */

/**
 * casarray_directory_new_mailbox_database_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_new_mailbox_database_async().
 *
 * Returns: (transfer full): the new #CasarrayMailboxDatabase as stored, or
 * %NULL with @error set
 */
CASARRAY_CALL_DEFINE (new_mailbox_database, CasarrayMailboxDatabase *, POINTER,
                      (const char *name, const char *server, CasarrayMailboxDatabaseChanges *settings),
                      .identity = name, .server = server, .object = settings)

static gpointer
run_remove_mailbox_database (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                             GError **error)
{
  return casarray_op_remove_mailbox_database (context, args->identity, cancellable, error) ? CASARRAY_CALL_DONE : NULL;
}

static const CasarrayCall remove_mailbox_database_call = {
  .name = "remove_mailbox_database",
  .writes = TRUE,
  .needs = CASARRAY_CALL_NEEDS_IDENTITY,
  .run = run_remove_mailbox_database,
};

/**
 * casarray_directory_remove_mailbox_database_sync:
 * @self: a #CasarrayDirectory
 * @identity: the database: name, DN or GUID
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Removes a mailbox database object (and the objects below it), like
 * `Remove-MailboxDatabase`.
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_remove_mailbox_database_async() is
 * the asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */

/**
 * casarray_directory_remove_mailbox_database_async:
 * @self: a #CasarrayDirectory
 * @identity: as for casarray_directory_remove_mailbox_database_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_remove_mailbox_database_sync() in a worker thread;
 * call casarray_directory_remove_mailbox_database_finish() from @callback.
 *
 * A write that completed reports its result even if @cancellable was
 * cancelled too late to stop it.
 */

/**
 * casarray_directory_remove_mailbox_database_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_remove_mailbox_database_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
CASARRAY_CALL_DEFINE (remove_mailbox_database, gboolean, BOOLEAN,
                      (const char *identity),
                      .identity = identity)

static gpointer
run_set_client_access_server (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                              GError **error)
{
  const CasarrayOptions *changes = casarray_options_peek (args->object);

  return casarray_op_set_client_access_server (context, args->identity, changes->autodiscover_service_internal_uri,
                                               (const char * const *) changes->autodiscover_site_scope,
                                               cancellable, error) ? CASARRAY_CALL_DONE : NULL;
}

static const CasarrayCall set_client_access_server_call = {
  .name = "set_client_access_server",
  .writes = TRUE,
  .needs = CASARRAY_CALL_NEEDS_IDENTITY | CASARRAY_CALL_NEEDS_OBJECT,
  .object_type = casarray_client_access_server_changes_get_type,
  .run = run_set_client_access_server,
};

/**
 * casarray_directory_set_client_access_server_sync:
 * @self: a #CasarrayDirectory
 * @identity: the CAS server: name, DN, GUID, FQDN or legacyExchangeDN
 * @changes: what to change; what it does not set is left alone
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Changes the Autodiscover settings of a CAS server, like
 * `Set-ClientAccessServer`. They are stored as Exchange stores them, on the
 * Autodiscover service connection point below the server; clearing both
 * removes the point, and setting one when the point does not exist creates it
 * with the default URI `https://<fqdn>/Autodiscover/Autodiscover.xml`.
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_set_client_access_server_async() is
 * the asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */

/**
 * casarray_directory_set_client_access_server_async:
 * @self: a #CasarrayDirectory
 * @identity: as for casarray_directory_set_client_access_server_sync()
 * @changes: as for casarray_directory_set_client_access_server_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_set_client_access_server_sync() in a worker thread;
 * call casarray_directory_set_client_access_server_finish() from @callback.
 *
 * A write that completed reports its result even if @cancellable was
 * cancelled too late to stop it.
 */

/**
 * casarray_directory_set_client_access_server_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_set_client_access_server_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
CASARRAY_CALL_DEFINE (set_client_access_server, gboolean, BOOLEAN,
                      (const char *identity, CasarrayClientAccessServerChanges *changes),
                      .identity = identity, .object = changes)

static gpointer
run_new_client_access_array (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                             GError **error)
{
  return casarray_op_new_client_access_array (context, args->identity, args->fqdn, args->site, cancellable, error);
}

static gboolean
always (const CasarrayCallArgs *args)
{
  return TRUE;
}

static const CasarrayCall new_client_access_array_call = {
  .name = "new_client_access_array",
  .writes = TRUE,
  .needs = CASARRAY_CALL_NEEDS_FQDN,
  .run = run_new_client_access_array,
  .result_free = g_object_unref,
  .at_creation_point = always,
};

/**
 * casarray_directory_new_client_access_array_sync:
 * @self: a #CasarrayDirectory
 * @name: (nullable): the array name, or %NULL for the first label of @fqdn
 * @fqdn: the FQDN clients will connect to
 * @site: (nullable): the site (name, DN or GUID); may be %NULL only when the
 *   organisation has exactly one site
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Creates a client access array, like `New-ClientAccessArray`. At most one
 * array may exist per site, and its name must differ from every server and
 * array name; both rules hold under concurrent writers (see the concurrency
 * section of the documentation).
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_new_client_access_array_async() is
 * the asynchronous form.
 *
 * Returns: (transfer full): the new #CasarrayClientAccessArray as stored, or
 * %NULL with @error set
 */

/**
 * casarray_directory_new_client_access_array_async:
 * @self: a #CasarrayDirectory
 * @name: (nullable): as for casarray_directory_new_client_access_array_sync()
 * @fqdn: as for casarray_directory_new_client_access_array_sync()
 * @site: (nullable): as for casarray_directory_new_client_access_array_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_new_client_access_array_sync() in a worker thread;
 * call casarray_directory_new_client_access_array_finish() from @callback.
 *
 * A write that completed reports its result even if @cancellable was
 * cancelled too late to stop it.
 */

/**
 * casarray_directory_new_client_access_array_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_new_client_access_array_async().
 *
 * Returns: (transfer full): the new #CasarrayClientAccessArray as stored, or
 * %NULL with @error set
 */
CASARRAY_CALL_DEFINE (new_client_access_array, CasarrayClientAccessArray *, POINTER,
                      (const char *name, const char *fqdn, const char *site),
                      .identity = name, .fqdn = fqdn, .site = site)

/* A site change or rename must stay unique across replicas too. */
static gboolean
moves_or_renames (const CasarrayCallArgs *args)
{
  const CasarrayOptions *changes = casarray_options_peek (args->object);

  return changes->site != NULL || changes->name != NULL;
}

static gpointer
run_set_client_access_array (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                             GError **error)
{
  const CasarrayOptions *changes = casarray_options_peek (args->object);

  return casarray_op_set_client_access_array (context, args->identity, changes->name, changes->fqdn, changes->site,
                                              cancellable, error) ? CASARRAY_CALL_DONE : NULL;
}

static const CasarrayCall set_client_access_array_call = {
  .name = "set_client_access_array",
  .writes = TRUE,
  .needs = CASARRAY_CALL_NEEDS_IDENTITY | CASARRAY_CALL_NEEDS_OBJECT,
  .object_type = casarray_client_access_array_changes_get_type,
  .run = run_set_client_access_array,
  .at_creation_point = moves_or_renames,
};

/**
 * casarray_directory_set_client_access_array_sync:
 * @self: a #CasarrayDirectory
 * @identity: the array: name, DN, GUID, FQDN or legacyExchangeDN
 * @changes: what to change; what it does not set is left alone
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Changes a client access array, like `Set-ClientAccessArray`. The FQDN is
 * changed by compare-and-set.
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_set_client_access_array_async() is
 * the asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */

/**
 * casarray_directory_set_client_access_array_async:
 * @self: a #CasarrayDirectory
 * @identity: as for casarray_directory_set_client_access_array_sync()
 * @changes: as for casarray_directory_set_client_access_array_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_set_client_access_array_sync() in a worker thread;
 * call casarray_directory_set_client_access_array_finish() from @callback.
 *
 * A write that completed reports its result even if @cancellable was
 * cancelled too late to stop it.
 */

/**
 * casarray_directory_set_client_access_array_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_set_client_access_array_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
CASARRAY_CALL_DEFINE (set_client_access_array, gboolean, BOOLEAN,
                      (const char *identity, CasarrayClientAccessArrayChanges *changes),
                      .identity = identity, .object = changes)

static gpointer
run_remove_client_access_array (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                                GError **error)
{
  return casarray_op_remove_client_access_array (context, args->identity, cancellable, error) ? CASARRAY_CALL_DONE : NULL;
}

static const CasarrayCall remove_client_access_array_call = {
  .name = "remove_client_access_array",
  .writes = TRUE,
  .needs = CASARRAY_CALL_NEEDS_IDENTITY,
  .run = run_remove_client_access_array,
};

/**
 * casarray_directory_remove_client_access_array_sync:
 * @self: a #CasarrayDirectory
 * @identity: the array: name, DN, GUID, FQDN or legacyExchangeDN
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Removes a client access array, like `Remove-ClientAccessArray`. Databases
 * that pointed at it then resolve to nothing.
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_remove_client_access_array_async()
 * is the asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */

/**
 * casarray_directory_remove_client_access_array_async:
 * @self: a #CasarrayDirectory
 * @identity: as for casarray_directory_remove_client_access_array_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_remove_client_access_array_sync() in a worker
 * thread; call casarray_directory_remove_client_access_array_finish() from
 * @callback.
 *
 * A write that completed reports its result even if @cancellable was
 * cancelled too late to stop it.
 */

/**
 * casarray_directory_remove_client_access_array_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_remove_client_access_array_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
CASARRAY_CALL_DEFINE (remove_client_access_array, gboolean, BOOLEAN,
                      (const char *identity),
                      .identity = identity)

static gpointer
run_repair (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
            GError **error)
{
  return casarray_op_repair (context, args->findings, (args->choice & CASARRAY_WRITE_WHAT_IF) != 0,
                             cancellable, error);
}

static const CasarrayCall repair_call = {
  .name = "repair",
  .writes = TRUE,
  .run = run_repair,
  .result_free = (GDestroyNotify) g_ptr_array_unref,
};

/**
 * casarray_directory_repair_sync:
 * @self: a #CasarrayDirectory
 * @findings: (nullable) (element-type CasarrayFinding): the findings of an
 *   earlier casarray_directory_audit_sync() to act on, so that a database
 *   changed since that audit is skipped; %NULL to audit now
 * @flags: %CASARRAY_WRITE_WHAT_IF to compute and return the plan without
 *   writing anything
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Repairs what the audit finds on databases,
 * Repair-ClientAccessConfiguration: each database whose endpoint is missing,
 * not a CAS, in another site, or not its site's array is pointed at the
 * endpoint New-MailboxDatabase would choose for its server's site (the site's
 * array, else the server itself if it is a CAS, else a CAS of the site). Each
 * change is a compare-and-set against the value the audit read, so a database
 * someone changed meanwhile is reported as skipped, never overwritten; the
 * modifies are pipelined. Running it again finds nothing to do. Findings
 * about arrays and sites need an administrator's decision and are not
 * repaired.
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_repair_async() is the asynchronous
 * form.
 *
 * Returns: (transfer container) (element-type CasarrayRepairResult): what was
 * done (or would be) to each database, possibly nothing, or %NULL with @error
 * set
 */

/**
 * casarray_directory_repair_async:
 * @self: a #CasarrayDirectory
 * @findings: (nullable) (element-type CasarrayFinding): as for
 *   casarray_directory_repair_sync()
 * @flags: as for casarray_directory_repair_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_repair_sync() in a worker thread; call
 * casarray_directory_repair_finish() from @callback.
 *
 * A write that completed reports its result even if @cancellable was
 * cancelled too late to stop it.
 */

/**
 * casarray_directory_repair_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_repair_async().
 *
 * Returns: (transfer container) (element-type CasarrayRepairResult): what was
 * done (or would be) to each database, possibly nothing, or %NULL with @error
 * set
 */
CASARRAY_CALL_DEFINE (repair, GPtrArray *, POINTER,
                      (GPtrArray *findings, CasarrayWriteFlags flags),
                      .findings = findings, .choice = flags)
