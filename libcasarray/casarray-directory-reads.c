/* casarray-directory-reads.c: the calls that only read: connect, the
 * Get- calls and the audit
 *
 * Each call is a CasarrayCall descriptor (whether it writes, what it
 * needs, the run function that takes its options apart for its
 * casarray_op_*()) and three thin public wrappers; casarray-call.c runs
 * them all (see casarray-call.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <casarray/casarray.h>

#include "casarray-call.h"
#include "casarray-options-private.h"
#include "operations/casarray-operations.h"

static gpointer
run_connect (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
             GError **error)
{
  return casarray_op_connect (context, cancellable, error) ? CASARRAY_CALL_DONE : NULL;
}

static const CasarrayCall connect_call = {
  .name = "connect",
  .run = run_connect,
};

/**
 * casarray_directory_connect_sync:
 * @self: a #CasarrayDirectory
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Connects and binds to the directory and finds the configuration naming
 * context and the Exchange organisation. Every other call connects on first
 * use; call this to fail early on a wrong URI or password.
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_connect_async() is the asynchronous
 * form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */

/**
 * casarray_directory_connect_async:
 * @self: a #CasarrayDirectory
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_connect_sync() in a worker thread; call
 * casarray_directory_connect_finish() from @callback.
 */

/**
 * casarray_directory_connect_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_connect_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
CASARRAY_CALL_DEFINE_NO_ARGS (connect, gboolean, BOOLEAN)

static gpointer
run_get_mailbox_databases (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                           GError **error)
{
  const CasarrayOptions *filter = casarray_options_peek (args->object);

  if (!casarray_call_check_filter ("Get-MailboxDatabase", args->object, TRUE, FALSE,
                                  CASARRAY_GET_INCLUDE_PRE_EXCHANGE2010, error))
    return NULL;
  return casarray_op_get_mailbox_databases (context, args->identity, filter->server,
                                            (filter->flags & CASARRAY_GET_INCLUDE_PRE_EXCHANGE2010) != 0,
                                            cancellable, error);
}

static const CasarrayCall get_mailbox_databases_call = {
  .name = "get_mailbox_databases",
  .object_type = casarray_filter_get_type,
  .run = run_get_mailbox_databases,
  .result_free = (GDestroyNotify) g_ptr_array_unref,
};

/**
 * casarray_directory_get_mailbox_databases_sync:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): a database name, DN or GUID; a name may contain `*`
 *   wildcards; %NULL for all
 * @filter: (nullable): a #CasarrayFilter with the filters and flags, or %NULL
 *   for none
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists mailbox databases with their RpcClientAccessServer resolved, like
 * `Get-MailboxDatabase`. @filter may filter by server
 * (casarray_filter_set_server(): only the databases that Mailbox server owns)
 * and take %CASARRAY_GET_INCLUDE_PRE_EXCHANGE2010, which also lists databases
 * of servers older than Exchange 2010 (EMS hides them unless asked for by
 * server or by a name without wildcards). The cost is a constant number of
 * searches whatever the number of databases.
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_get_mailbox_databases_async() is
 * the asynchronous form.
 *
 * Returns: (transfer container) (element-type CasarrayMailboxDatabase): the
 * objects found (possibly none), or %NULL with @error set
 */

/**
 * casarray_directory_get_mailbox_databases_async:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): as for
 *   casarray_directory_get_mailbox_databases_sync()
 * @filter: (nullable): as for casarray_directory_get_mailbox_databases_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_get_mailbox_databases_sync() in a worker thread;
 * call casarray_directory_get_mailbox_databases_finish() from @callback.
 */

/**
 * casarray_directory_get_mailbox_databases_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_get_mailbox_databases_async().
 *
 * Returns: (transfer container) (element-type CasarrayMailboxDatabase): the
 * objects found (possibly none), or %NULL with @error set
 */
CASARRAY_CALL_DEFINE (get_mailbox_databases, GPtrArray *, POINTER,
                      (const char *identity, CasarrayFilter *filter),
                      .identity = identity, .object = filter)

static gpointer
run_get_client_access_servers (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                               GError **error)
{
  if (!casarray_call_check_filter ("Get-ClientAccessServer", args->object, FALSE, FALSE, 0, error))
    return NULL;
  return casarray_op_get_client_access_servers (context, args->identity, cancellable, error);
}

static const CasarrayCall get_client_access_servers_call = {
  .name = "get_client_access_servers",
  .object_type = casarray_filter_get_type,
  .run = run_get_client_access_servers,
  .result_free = (GDestroyNotify) g_ptr_array_unref,
};

/**
 * casarray_directory_get_client_access_servers_sync:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): a server name, DN, GUID, FQDN or legacyExchangeDN,
 *   or %NULL for all
 * @filter: (nullable): a #CasarrayFilter with the filters and flags, or %NULL
 *   for none
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists the servers holding the ClientAccess role with their Autodiscover
 * settings, like `Get-ClientAccessServer`. No filter of @filter applies
 * (yet).
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_get_client_access_servers_async()
 * is the asynchronous form.
 *
 * Returns: (transfer container) (element-type CasarrayClientAccessServer):
 * the objects found (possibly none), or %NULL with @error set
 */

/**
 * casarray_directory_get_client_access_servers_async:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): as for
 *   casarray_directory_get_client_access_servers_sync()
 * @filter: (nullable): as for
 *   casarray_directory_get_client_access_servers_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_get_client_access_servers_sync() in a worker
 * thread; call casarray_directory_get_client_access_servers_finish() from
 * @callback.
 */

/**
 * casarray_directory_get_client_access_servers_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_get_client_access_servers_async().
 *
 * Returns: (transfer container) (element-type CasarrayClientAccessServer):
 * the objects found (possibly none), or %NULL with @error set
 */
CASARRAY_CALL_DEFINE (get_client_access_servers, GPtrArray *, POINTER,
                      (const char *identity, CasarrayFilter *filter),
                      .identity = identity, .object = filter)

static gpointer
run_get_client_access_arrays (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                              GError **error)
{
  if (!casarray_call_check_filter ("Get-ClientAccessArray", args->object, FALSE, TRUE, 0, error))
    return NULL;
  return casarray_op_get_client_access_arrays (context, args->identity, casarray_options_peek (args->object)->site,
                                               cancellable, error);
}

static const CasarrayCall get_client_access_arrays_call = {
  .name = "get_client_access_arrays",
  .object_type = casarray_filter_get_type,
  .run = run_get_client_access_arrays,
  .result_free = (GDestroyNotify) g_ptr_array_unref,
};

/**
 * casarray_directory_get_client_access_arrays_sync:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): an array name, DN, GUID, FQDN or legacyExchangeDN,
 *   or %NULL for all
 * @filter: (nullable): a #CasarrayFilter with the filters and flags, or %NULL
 *   for none
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists client access arrays with their computed members, like
 * `Get-ClientAccessArray`. @filter may filter by site
 * (casarray_filter_set_site(): only the array of that site).
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_get_client_access_arrays_async() is
 * the asynchronous form.
 *
 * Returns: (transfer container) (element-type CasarrayClientAccessArray): the
 * objects found (possibly none), or %NULL with @error set
 */

/**
 * casarray_directory_get_client_access_arrays_async:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): as for
 *   casarray_directory_get_client_access_arrays_sync()
 * @filter: (nullable): as for
 *   casarray_directory_get_client_access_arrays_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_get_client_access_arrays_sync() in a worker thread;
 * call casarray_directory_get_client_access_arrays_finish() from @callback.
 */

/**
 * casarray_directory_get_client_access_arrays_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_get_client_access_arrays_async().
 *
 * Returns: (transfer container) (element-type CasarrayClientAccessArray): the
 * objects found (possibly none), or %NULL with @error set
 */
CASARRAY_CALL_DEFINE (get_client_access_arrays, GPtrArray *, POINTER,
                      (const char *identity, CasarrayFilter *filter),
                      .identity = identity, .object = filter)

static gpointer
run_get_exchange_servers (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                          GError **error)
{
  if (!casarray_call_check_filter ("Get-ExchangeServer", args->object, FALSE, FALSE, 0, error))
    return NULL;
  return casarray_op_get_exchange_servers (context, args->identity, cancellable, error);
}

static const CasarrayCall get_exchange_servers_call = {
  .name = "get_exchange_servers",
  .object_type = casarray_filter_get_type,
  .run = run_get_exchange_servers,
  .result_free = (GDestroyNotify) g_ptr_array_unref,
};

/**
 * casarray_directory_get_exchange_servers_sync:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): a server name, DN, GUID, FQDN or legacyExchangeDN,
 *   or %NULL for all
 * @filter: (nullable): a #CasarrayFilter with the filters and flags, or %NULL
 *   for none
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists Exchange servers (not client access arrays), like
 * `Get-ExchangeServer`. No filter of @filter applies (yet).
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_get_exchange_servers_async() is the
 * asynchronous form.
 *
 * Returns: (transfer container) (element-type CasarrayServer): the objects
 * found (possibly none), or %NULL with @error set
 */

/**
 * casarray_directory_get_exchange_servers_async:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): as for
 *   casarray_directory_get_exchange_servers_sync()
 * @filter: (nullable): as for casarray_directory_get_exchange_servers_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_get_exchange_servers_sync() in a worker thread;
 * call casarray_directory_get_exchange_servers_finish() from @callback.
 */

/**
 * casarray_directory_get_exchange_servers_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_get_exchange_servers_async().
 *
 * Returns: (transfer container) (element-type CasarrayServer): the objects
 * found (possibly none), or %NULL with @error set
 */
CASARRAY_CALL_DEFINE (get_exchange_servers, GPtrArray *, POINTER,
                      (const char *identity, CasarrayFilter *filter),
                      .identity = identity, .object = filter)

static gpointer
run_get_sites (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
               GError **error)
{
  if (!casarray_call_check_filter ("Get-Site", args->object, FALSE, FALSE, 0, error))
    return NULL;
  return casarray_op_get_sites (context, args->identity, cancellable, error);
}

static const CasarrayCall get_sites_call = {
  .name = "get_sites",
  .object_type = casarray_filter_get_type,
  .run = run_get_sites,
  .result_free = (GDestroyNotify) g_ptr_array_unref,
};

/**
 * casarray_directory_get_sites_sync:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): a site name, DN or GUID, or %NULL for all
 * @filter: (nullable): a #CasarrayFilter with the filters and flags, or %NULL
 *   for none
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists Active Directory sites. No filter of @filter applies (yet).
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_get_sites_async() is the
 * asynchronous form.
 *
 * Returns: (transfer container) (element-type CasarraySite): the objects
 * found (possibly none), or %NULL with @error set
 */

/**
 * casarray_directory_get_sites_async:
 * @self: a #CasarrayDirectory
 * @identity: (nullable): as for casarray_directory_get_sites_sync()
 * @filter: (nullable): as for casarray_directory_get_sites_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_get_sites_sync() in a worker thread; call
 * casarray_directory_get_sites_finish() from @callback.
 */

/**
 * casarray_directory_get_sites_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_get_sites_async().
 *
 * Returns: (transfer container) (element-type CasarraySite): the objects
 * found (possibly none), or %NULL with @error set
 */
CASARRAY_CALL_DEFINE (get_sites, GPtrArray *, POINTER,
                      (const char *identity, CasarrayFilter *filter),
                      .identity = identity, .object = filter)

static gpointer
run_audit (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
           GError **error)
{
  return casarray_op_audit (context, cancellable, error);
}

static const CasarrayCall audit_call = {
  .name = "audit",
  .run = run_audit,
  .result_free = (GDestroyNotify) g_ptr_array_unref,
};

/**
 * casarray_directory_audit_sync:
 * @self: a #CasarrayDirectory
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Audits the whole organisation for the client-access problems Exchange
 * leaves behind, Test-ClientAccessConfiguration: databases whose
 * RpcClientAccessServer resolves to nothing, to a server without the
 * ClientAccess role, to an endpoint in another site, or to a single CAS
 * server although the site has an array; arrays without members, with a
 * server's FQDN or name, or several in one site; sites with CAS servers and
 * databases but no array (advice). The cost is a constant number of searches,
 * whatever the size of the organisation.
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_audit_async() is the asynchronous
 * form.
 *
 * Returns: (transfer container) (element-type CasarrayFinding): the objects
 * found (possibly none), or %NULL with @error set
 */

/**
 * casarray_directory_audit_async:
 * @self: a #CasarrayDirectory
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_audit_sync() in a worker thread; call
 * casarray_directory_audit_finish() from @callback.
 */

/**
 * casarray_directory_audit_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_audit_async().
 *
 * Returns: (transfer container) (element-type CasarrayFinding): the objects
 * found (possibly none), or %NULL with @error set
 */
CASARRAY_CALL_DEFINE_NO_ARGS (audit, GPtrArray *, POINTER)
