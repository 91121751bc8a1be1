/* casarray-directory-provisioning.c: the calls that build a lab or
 * provision an organisation: Exchange servers and their roles, sites,
 * the organisation itself (extensions: EMS has no such cmdlets)
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
run_new_exchange_server (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                         GError **error)
{
  const CasarrayOptions *settings = casarray_options_peek (args->object);

  if (settings->fqdn == NULL || settings->site == NULL)
    {
      g_set_error_literal (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                           "A new Exchange server needs its FQDN and its site.");
      return NULL;
    }
  return casarray_op_new_exchange_server (context, args->identity, settings->fqdn, settings->site,
                                          settings->has_roles ? settings->roles : 0,
                                          settings->admin_display_version, cancellable, error);
}

static const CasarrayCall new_exchange_server_call = {
  .name = "new_exchange_server",
  .writes = TRUE,
  .needs = CASARRAY_CALL_NEEDS_IDENTITY | CASARRAY_CALL_NEEDS_OBJECT,
  .object_type = casarray_exchange_server_changes_get_type,
  .run = run_new_exchange_server,
  .result_free = g_object_unref,
};

/**
 * casarray_directory_new_exchange_server_sync:
 * @self: a #CasarrayDirectory
 * @name: the server name
 * @settings: its FQDN and site (both required), roles and version
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Provisions an Exchange server object as Exchange setup writes it (an
 * extension for labs and provisioning systems; Exchange has no such cmdlet).
 * @settings without an FQDN or a site is refused with
 * %CASARRAY_ERROR_INVALID_ARGUMENT.
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_new_exchange_server_async() is the
 * asynchronous form.
 *
 * Returns: (transfer full): the new #CasarrayServer as stored, or %NULL with
 * @error set
 */

/**
 * casarray_directory_new_exchange_server_async:
 * @self: a #CasarrayDirectory
 * @name: as for casarray_directory_new_exchange_server_sync()
 * @settings: as for casarray_directory_new_exchange_server_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_new_exchange_server_sync() in a worker thread; call
 * casarray_directory_new_exchange_server_finish() from @callback.
 *
 * A write that completed reports its result even if @cancellable was
 * cancelled too late to stop it.
 */

/**
 * casarray_directory_new_exchange_server_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_new_exchange_server_async().
 *
 * Returns: (transfer full): the new #CasarrayServer as stored, or %NULL with
 * @error set
 */
CASARRAY_CALL_DEFINE (new_exchange_server, CasarrayServer *, POINTER,
                      (const char *name, CasarrayExchangeServerChanges *settings),
                      .identity = name, .object = settings)

static gpointer
run_remove_exchange_server (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                            GError **error)
{
  return casarray_op_remove_exchange_server (context, args->identity, args->choice, cancellable, error)
    ? CASARRAY_CALL_DONE : NULL;
}

static const CasarrayCall remove_exchange_server_call = {
  .name = "remove_exchange_server",
  .writes = TRUE,
  .needs = CASARRAY_CALL_NEEDS_IDENTITY,
  .run = run_remove_exchange_server,
};

/**
 * casarray_directory_remove_exchange_server_sync:
 * @self: a #CasarrayDirectory
 * @identity: the server: name, DN, GUID, FQDN or legacyExchangeDN
 * @policy: what to do with databases that still use the server as their
 *   RpcClientAccessServer
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Removes an Exchange server object and the objects below it, as uninstalling
 * Exchange does. Refused with %CASARRAY_ERROR_IN_USE while the server owns
 * mailbox databases, and, unless @policy says otherwise, while databases
 * still resolve their RpcClientAccessServer to it: Exchange would let them
 * point at nothing.
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_remove_exchange_server_async() is
 * the asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */

/**
 * casarray_directory_remove_exchange_server_async:
 * @self: a #CasarrayDirectory
 * @identity: as for casarray_directory_remove_exchange_server_sync()
 * @policy: as for casarray_directory_remove_exchange_server_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_remove_exchange_server_sync() in a worker thread;
 * call casarray_directory_remove_exchange_server_finish() from @callback.
 *
 * A write that completed reports its result even if @cancellable was
 * cancelled too late to stop it.
 */

/**
 * casarray_directory_remove_exchange_server_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_remove_exchange_server_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
CASARRAY_CALL_DEFINE (remove_exchange_server, gboolean, BOOLEAN,
                      (const char *identity, CasarrayRemovalPolicy policy),
                      .identity = identity, .choice = policy)

static gpointer
run_set_exchange_server (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                         GError **error)
{
  const CasarrayOptions *changes = casarray_options_peek (args->object);

  if (changes->fqdn != NULL || changes->site != NULL || changes->admin_display_version != NULL)
    {
      g_set_error_literal (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                           "Only the roles of an Exchange server can be changed.");
      return NULL;
    }
  if (!changes->has_roles)
    return CASARRAY_CALL_DONE;
  return casarray_op_set_exchange_server_roles (context, args->identity, changes->roles, args->choice,
                                                cancellable, error) ? CASARRAY_CALL_DONE : NULL;
}

static const CasarrayCall set_exchange_server_call = {
  .name = "set_exchange_server",
  .writes = TRUE,
  .needs = CASARRAY_CALL_NEEDS_IDENTITY | CASARRAY_CALL_NEEDS_OBJECT,
  .object_type = casarray_exchange_server_changes_get_type,
  .run = run_set_exchange_server,
};

/**
 * casarray_directory_set_exchange_server_sync:
 * @self: a #CasarrayDirectory
 * @identity: the server: name, DN, GUID, FQDN or legacyExchangeDN
 * @changes: what to change: the roles
 *   (casarray_exchange_server_changes_set_roles()); a server's FQDN, site and
 *   version are not changed, and setting them is refused with
 *   %CASARRAY_ERROR_INVALID_ARGUMENT
 * @policy: what to do when the ClientAccess role goes while databases still
 *   use the server as their RpcClientAccessServer
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Changes an Exchange server (an extension for labs and provisioning
 * systems): its roles. Removing the ClientAccess role while databases still
 * resolve to the server is refused unless @policy says otherwise: the guard
 * Exchange lacks. A change set without roles changes nothing.
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_set_exchange_server_async() is the
 * asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */

/**
 * casarray_directory_set_exchange_server_async:
 * @self: a #CasarrayDirectory
 * @identity: as for casarray_directory_set_exchange_server_sync()
 * @changes: as for casarray_directory_set_exchange_server_sync()
 * @policy: as for casarray_directory_set_exchange_server_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_set_exchange_server_sync() in a worker thread; call
 * casarray_directory_set_exchange_server_finish() from @callback.
 *
 * A write that completed reports its result even if @cancellable was
 * cancelled too late to stop it.
 */

/**
 * casarray_directory_set_exchange_server_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_set_exchange_server_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
CASARRAY_CALL_DEFINE (set_exchange_server, gboolean, BOOLEAN,
                      (const char *identity, CasarrayExchangeServerChanges *changes, CasarrayRemovalPolicy policy),
                      .identity = identity, .object = changes, .choice = policy)

static gpointer
run_new_site (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
              GError **error)
{
  return casarray_op_new_site (context, args->identity, cancellable, error);
}

static const CasarrayCall new_site_call = {
  .name = "new_site",
  .writes = TRUE,
  .needs = CASARRAY_CALL_NEEDS_IDENTITY,
  .run = run_new_site,
  .result_free = g_object_unref,
};

/**
 * casarray_directory_new_site_sync:
 * @self: a #CasarrayDirectory
 * @name: the site name
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Creates an Active Directory site (an extension for labs and provisioning
 * systems).
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_new_site_async() is the
 * asynchronous form.
 *
 * Returns: (transfer full): the new #CasarraySite as stored, or %NULL with
 * @error set
 */

/**
 * casarray_directory_new_site_async:
 * @self: a #CasarrayDirectory
 * @name: as for casarray_directory_new_site_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_new_site_sync() in a worker thread; call
 * casarray_directory_new_site_finish() from @callback.
 *
 * A write that completed reports its result even if @cancellable was
 * cancelled too late to stop it.
 */

/**
 * casarray_directory_new_site_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_new_site_async().
 *
 * Returns: (transfer full): the new #CasarraySite as stored, or %NULL with
 * @error set
 */
CASARRAY_CALL_DEFINE (new_site, CasarraySite *, POINTER,
                      (const char *name),
                      .identity = name)

static gpointer
run_remove_site (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                 GError **error)
{
  return casarray_op_remove_site (context, args->identity, cancellable, error) ? CASARRAY_CALL_DONE : NULL;
}

static const CasarrayCall remove_site_call = {
  .name = "remove_site",
  .writes = TRUE,
  .needs = CASARRAY_CALL_NEEDS_IDENTITY,
  .run = run_remove_site,
};

/**
 * casarray_directory_remove_site_sync:
 * @self: a #CasarrayDirectory
 * @identity: the site: name, DN or GUID
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Removes an Active Directory site. Refused with %CASARRAY_ERROR_IN_USE while
 * servers or arrays belong to it.
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_remove_site_async() is the
 * asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */

/**
 * casarray_directory_remove_site_async:
 * @self: a #CasarrayDirectory
 * @identity: as for casarray_directory_remove_site_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_remove_site_sync() in a worker thread; call
 * casarray_directory_remove_site_finish() from @callback.
 *
 * A write that completed reports its result even if @cancellable was
 * cancelled too late to stop it.
 */

/**
 * casarray_directory_remove_site_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_remove_site_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
CASARRAY_CALL_DEFINE (remove_site, gboolean, BOOLEAN,
                      (const char *identity),
                      .identity = identity)

static gpointer
run_new_organization (CasarrayContext *context, const CasarrayCallArgs *args, GCancellable *cancellable,
                      GError **error)
{
  return casarray_op_new_organization (context, args->identity, cancellable, error) ? CASARRAY_CALL_DONE : NULL;
}

static const CasarrayCall new_organization_call = {
  .name = "new_organization",
  .writes = TRUE,
  .needs = CASARRAY_CALL_NEEDS_IDENTITY,
  .run = run_new_organization,
};

/**
 * casarray_directory_new_organization_sync:
 * @self: a #CasarrayDirectory
 * @name: the organisation name
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Creates the Exchange organisation and the containers Exchange setup creates
 * (Services, Microsoft Exchange, the organisation, Administrative Groups, the
 * Exchange Administrative Group (FYDIBOHF23SPDLT) with its Servers, Databases
 * and Arrays containers, and Sites), below the configuration naming context.
 * Containers that already exist are kept. Fails with
 * %CASARRAY_ERROR_ALREADY_EXISTS if another organisation exists.
 *
 * This call blocks, also behind the first connect of the handle (see
 * #CasarrayDirectory); casarray_directory_new_organization_async() is the
 * asynchronous form.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */

/**
 * casarray_directory_new_organization_async:
 * @self: a #CasarrayDirectory
 * @name: as for casarray_directory_new_organization_sync()
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * Runs casarray_directory_new_organization_sync() in a worker thread; call
 * casarray_directory_new_organization_finish() from @callback.
 *
 * A write that completed reports its result even if @cancellable was
 * cancelled too late to stop it.
 */

/**
 * casarray_directory_new_organization_finish:
 * @self: a #CasarrayDirectory
 * @result: the #GAsyncResult passed to @callback
 * @error: return location for a #GError
 *
 * Finishes casarray_directory_new_organization_async().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
CASARRAY_CALL_DEFINE (new_organization, gboolean, BOOLEAN,
                      (const char *name),
                      .identity = name)
