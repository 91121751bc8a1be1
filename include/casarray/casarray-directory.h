/* casarray-directory.h: the handle on a directory holding an Exchange organisation
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(CASARRAY_INSIDE) && !defined(CASARRAY_COMPILATION)
#error "Only <casarray/casarray.h> can be included directly."
#endif

#include <gio/gio.h>
#include <casarray/casarray-version.h>
#include <casarray/casarray-server-role.h>
#include <casarray/casarray-site.h>
#include <casarray/casarray-server.h>
#include <casarray/casarray-mailbox-database.h>
#include <casarray/casarray-client-access-server.h>
#include <casarray/casarray-client-access-array.h>
#include <casarray/casarray-audit-types.h>
#include <casarray/casarray-finding.h>
#include <casarray/casarray-repair-result.h>
#include <casarray/casarray-options.h>
#include <casarray/casarray-changes.h>

G_BEGIN_DECLS

#define CASARRAY_TYPE_DIRECTORY (casarray_directory_get_type ())

CASARRAY_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CasarrayDirectory, casarray_directory, CASARRAY, DIRECTORY, GObject)

/**
 * CasarrayPasswordFunc:
 * @directory: the #CasarrayDirectory that is binding
 * @user_data: the data given to casarray_directory_set_password_func()
 *
 * Supplies the password for a simple bind. It is called at each (re)bind,
 * from whichever thread runs the operation; the library wipes the returned
 * string from memory right after the bind.
 *
 * Returns: (transfer full) (nullable): the password, or %NULL to fail the
 *   bind with %CASARRAY_ERROR_AUTHENTICATION
 */
typedef char *(*CasarrayPasswordFunc) (CasarrayDirectory *directory,
                                       gpointer           user_data);

CASARRAY_AVAILABLE_IN_1_0
CasarrayDirectory *casarray_directory_new                    (const char           *uri);
CASARRAY_AVAILABLE_IN_1_0
CasarrayDirectory *casarray_directory_new_for_uris           (const char * const   *uris);
CASARRAY_AVAILABLE_IN_1_0
CasarrayDirectory *casarray_directory_new_for_server         (CasarrayDirectory    *self,
                                                              const char           *server,
                                                              GError              **error);
CASARRAY_AVAILABLE_IN_1_0
CasarrayDirectory *casarray_directory_new_default            (void);

CASARRAY_AVAILABLE_IN_1_0
const char        *casarray_directory_get_uri                (CasarrayDirectory    *self);
CASARRAY_AVAILABLE_IN_1_0
void               casarray_directory_set_bind_dn            (CasarrayDirectory    *self,
                                                              const char           *bind_dn);
CASARRAY_AVAILABLE_IN_1_0
char              *casarray_directory_get_bind_dn            (CasarrayDirectory    *self);
CASARRAY_AVAILABLE_IN_1_0
void               casarray_directory_set_sasl_mechanism     (CasarrayDirectory    *self,
                                                              const char           *mechanism);
CASARRAY_AVAILABLE_IN_1_0
char              *casarray_directory_get_sasl_mechanism     (CasarrayDirectory    *self);
CASARRAY_AVAILABLE_IN_1_0
void               casarray_directory_set_sasl_authorization_id (CasarrayDirectory *self,
                                                                 const char        *authorization_id);
CASARRAY_AVAILABLE_IN_1_0
char              *casarray_directory_get_sasl_authorization_id (CasarrayDirectory *self);
CASARRAY_AVAILABLE_IN_1_0
void               casarray_directory_set_password_file      (CasarrayDirectory    *self,
                                                              const char           *path);
CASARRAY_AVAILABLE_IN_1_0
void               casarray_directory_set_password_func      (CasarrayDirectory    *self,
                                                              CasarrayPasswordFunc  func,
                                                              gpointer              user_data,
                                                              GDestroyNotify        destroy);
CASARRAY_AVAILABLE_IN_1_0
void               casarray_directory_set_configuration_dn   (CasarrayDirectory    *self,
                                                              const char           *configuration_dn);
CASARRAY_AVAILABLE_IN_1_0
char              *casarray_directory_get_configuration_dn   (CasarrayDirectory    *self);
CASARRAY_AVAILABLE_IN_1_0
void               casarray_directory_set_start_tls          (CasarrayDirectory    *self,
                                                              gboolean              start_tls);
CASARRAY_AVAILABLE_IN_1_0
gboolean           casarray_directory_get_start_tls          (CasarrayDirectory    *self);
CASARRAY_AVAILABLE_IN_1_0
void               casarray_directory_set_tls_ca_file        (CasarrayDirectory    *self,
                                                              const char           *path);
CASARRAY_AVAILABLE_IN_1_0
char              *casarray_directory_get_tls_ca_file        (CasarrayDirectory    *self);
CASARRAY_AVAILABLE_IN_1_0
void               casarray_directory_set_tls_verify         (CasarrayDirectory    *self,
                                                              gboolean              verify);
CASARRAY_AVAILABLE_IN_1_0
gboolean           casarray_directory_get_tls_verify         (CasarrayDirectory    *self);
CASARRAY_AVAILABLE_IN_1_0
void               casarray_directory_set_network_timeout    (CasarrayDirectory    *self,
                                                              guint                 milliseconds);
CASARRAY_AVAILABLE_IN_1_0
guint              casarray_directory_get_network_timeout    (CasarrayDirectory    *self);
CASARRAY_AVAILABLE_IN_1_0
void               casarray_directory_set_operation_timeout  (CasarrayDirectory    *self,
                                                              guint                 milliseconds);
CASARRAY_AVAILABLE_IN_1_0
guint              casarray_directory_get_operation_timeout  (CasarrayDirectory    *self);
CASARRAY_AVAILABLE_IN_1_0
char              *casarray_directory_get_organization       (CasarrayDirectory    *self);
CASARRAY_AVAILABLE_IN_1_0
char              *casarray_directory_dup_connected_uri      (CasarrayDirectory    *self);
CASARRAY_AVAILABLE_IN_1_0
void               casarray_directory_set_creation_server    (CasarrayDirectory    *self,
                                                              const char           *server);
CASARRAY_AVAILABLE_IN_1_0
char              *casarray_directory_dup_creation_server    (CasarrayDirectory    *self);
CASARRAY_AVAILABLE_IN_1_0
void               casarray_directory_set_allow_any_creation_server (CasarrayDirectory *self,
                                                                     gboolean           allow);
CASARRAY_AVAILABLE_IN_1_0
gboolean           casarray_directory_get_allow_any_creation_server (CasarrayDirectory *self);
CASARRAY_AVAILABLE_IN_1_0
char             **casarray_directory_get_domain_controllers_sync (CasarrayDirectory  *self,
                                                                   const char         *site,
                                                                   GCancellable       *cancellable,
                                                                   GError            **error);
CASARRAY_AVAILABLE_IN_1_0
char              *casarray_directory_get_site_domain_controller_sync (CasarrayDirectory  *self,
                                                                       const char         *site,
                                                                       GCancellable       *cancellable,
                                                                       GError            **error);
CASARRAY_AVAILABLE_IN_1_0
char              *casarray_directory_get_domain_naming_master_sync (CasarrayDirectory  *self,
                                                                     GCancellable       *cancellable,
                                                                     GError            **error);

/* The calls.  Each comes as _sync, and as _async/_finish running the same
 * code in a worker thread.  Every call may block behind the first connect
 * of the handle (or the reconnect after a setting changed): concurrent
 * first calls wait for one connect rather than each opening their own.
 * The setters and getters never block: they do not touch the network.  Reads
 * take an identity and an optional #CasarrayFilter; Set- calls take a
 * change set (casarray-changes.h), writes take #CasarrayWriteFlags or a
 * #CasarrayRemovalPolicy where they have a choice. */
CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_connect_sync (CasarrayDirectory *self,
                                          GCancellable *cancellable,
                                          GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_connect_async (CasarrayDirectory *self,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_connect_finish (CasarrayDirectory *self,
                                            GAsyncResult *result,
                                            GError **error);

CASARRAY_AVAILABLE_IN_1_0
GPtrArray *casarray_directory_get_mailbox_databases_sync (CasarrayDirectory *self,
                                                          const char *identity,
                                                          CasarrayFilter *filter,
                                                          GCancellable *cancellable,
                                                          GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_get_mailbox_databases_async (CasarrayDirectory *self,
                                                     const char *identity,
                                                     CasarrayFilter *filter,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
GPtrArray *casarray_directory_get_mailbox_databases_finish (CasarrayDirectory *self,
                                                            GAsyncResult *result,
                                                            GError **error);

CASARRAY_AVAILABLE_IN_1_0
GPtrArray *casarray_directory_get_client_access_servers_sync (CasarrayDirectory *self,
                                                              const char *identity,
                                                              CasarrayFilter *filter,
                                                              GCancellable *cancellable,
                                                              GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_get_client_access_servers_async (CasarrayDirectory *self,
                                                         const char *identity,
                                                         CasarrayFilter *filter,
                                                         GCancellable *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
GPtrArray *casarray_directory_get_client_access_servers_finish (CasarrayDirectory *self,
                                                                GAsyncResult *result,
                                                                GError **error);

CASARRAY_AVAILABLE_IN_1_0
GPtrArray *casarray_directory_get_client_access_arrays_sync (CasarrayDirectory *self,
                                                             const char *identity,
                                                             CasarrayFilter *filter,
                                                             GCancellable *cancellable,
                                                             GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_get_client_access_arrays_async (CasarrayDirectory *self,
                                                        const char *identity,
                                                        CasarrayFilter *filter,
                                                        GCancellable *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
GPtrArray *casarray_directory_get_client_access_arrays_finish (CasarrayDirectory *self,
                                                               GAsyncResult *result,
                                                               GError **error);

CASARRAY_AVAILABLE_IN_1_0
GPtrArray *casarray_directory_get_exchange_servers_sync (CasarrayDirectory *self,
                                                         const char *identity,
                                                         CasarrayFilter *filter,
                                                         GCancellable *cancellable,
                                                         GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_get_exchange_servers_async (CasarrayDirectory *self,
                                                    const char *identity,
                                                    CasarrayFilter *filter,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
GPtrArray *casarray_directory_get_exchange_servers_finish (CasarrayDirectory *self,
                                                           GAsyncResult *result,
                                                           GError **error);

CASARRAY_AVAILABLE_IN_1_0
GPtrArray *casarray_directory_get_sites_sync (CasarrayDirectory *self,
                                              const char *identity,
                                              CasarrayFilter *filter,
                                              GCancellable *cancellable,
                                              GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_get_sites_async (CasarrayDirectory *self,
                                         const char *identity,
                                         CasarrayFilter *filter,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
GPtrArray *casarray_directory_get_sites_finish (CasarrayDirectory *self,
                                                GAsyncResult *result,
                                                GError **error);

CASARRAY_AVAILABLE_IN_1_0
GPtrArray *casarray_directory_audit_sync (CasarrayDirectory *self,
                                          GCancellable *cancellable,
                                          GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_audit_async (CasarrayDirectory *self,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
GPtrArray *casarray_directory_audit_finish (CasarrayDirectory *self,
                                            GAsyncResult *result,
                                            GError **error);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_set_mailbox_database_sync (CasarrayDirectory *self,
                                                       const char *identity,
                                                       CasarrayMailboxDatabaseChanges *changes,
                                                       GCancellable *cancellable,
                                                       GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_set_mailbox_database_async (CasarrayDirectory *self,
                                                    const char *identity,
                                                    CasarrayMailboxDatabaseChanges *changes,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_set_mailbox_database_finish (CasarrayDirectory *self,
                                                         GAsyncResult *result,
                                                         GError **error);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_set_rpc_client_access_server_sync (CasarrayDirectory *self,
                                                               CasarrayMailboxDatabase *database,
                                                               const char *rpc_client_access_server,
                                                               GCancellable *cancellable,
                                                               GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_set_rpc_client_access_server_async (CasarrayDirectory *self,
                                                            CasarrayMailboxDatabase *database,
                                                            const char *rpc_client_access_server,
                                                            GCancellable *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_set_rpc_client_access_server_finish (CasarrayDirectory *self,
                                                                 GAsyncResult *result,
                                                                 GError **error);

CASARRAY_AVAILABLE_IN_1_0
CasarrayMailboxDatabase *casarray_directory_new_mailbox_database_sync (CasarrayDirectory *self,
                                                                       const char *name,
                                                                       const char *server,
                                                                       CasarrayMailboxDatabaseChanges *settings,
                                                                       GCancellable *cancellable,
                                                                       GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_new_mailbox_database_async (CasarrayDirectory *self,
                                                    const char *name,
                                                    const char *server,
                                                    CasarrayMailboxDatabaseChanges *settings,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
CasarrayMailboxDatabase *casarray_directory_new_mailbox_database_finish (CasarrayDirectory *self,
                                                                         GAsyncResult *result,
                                                                         GError **error);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_remove_mailbox_database_sync (CasarrayDirectory *self,
                                                          const char *identity,
                                                          GCancellable *cancellable,
                                                          GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_remove_mailbox_database_async (CasarrayDirectory *self,
                                                       const char *identity,
                                                       GCancellable *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_remove_mailbox_database_finish (CasarrayDirectory *self,
                                                            GAsyncResult *result,
                                                            GError **error);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_set_client_access_server_sync (CasarrayDirectory *self,
                                                           const char *identity,
                                                           CasarrayClientAccessServerChanges *changes,
                                                           GCancellable *cancellable,
                                                           GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_set_client_access_server_async (CasarrayDirectory *self,
                                                        const char *identity,
                                                        CasarrayClientAccessServerChanges *changes,
                                                        GCancellable *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_set_client_access_server_finish (CasarrayDirectory *self,
                                                             GAsyncResult *result,
                                                             GError **error);

CASARRAY_AVAILABLE_IN_1_0
CasarrayClientAccessArray *casarray_directory_new_client_access_array_sync (CasarrayDirectory *self,
                                                                            const char *name,
                                                                            const char *fqdn,
                                                                            const char *site,
                                                                            GCancellable *cancellable,
                                                                            GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_new_client_access_array_async (CasarrayDirectory *self,
                                                       const char *name,
                                                       const char *fqdn,
                                                       const char *site,
                                                       GCancellable *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
CasarrayClientAccessArray *casarray_directory_new_client_access_array_finish (CasarrayDirectory *self,
                                                                              GAsyncResult *result,
                                                                              GError **error);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_set_client_access_array_sync (CasarrayDirectory *self,
                                                          const char *identity,
                                                          CasarrayClientAccessArrayChanges *changes,
                                                          GCancellable *cancellable,
                                                          GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_set_client_access_array_async (CasarrayDirectory *self,
                                                       const char *identity,
                                                       CasarrayClientAccessArrayChanges *changes,
                                                       GCancellable *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_set_client_access_array_finish (CasarrayDirectory *self,
                                                            GAsyncResult *result,
                                                            GError **error);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_remove_client_access_array_sync (CasarrayDirectory *self,
                                                             const char *identity,
                                                             GCancellable *cancellable,
                                                             GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_remove_client_access_array_async (CasarrayDirectory *self,
                                                          const char *identity,
                                                          GCancellable *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_remove_client_access_array_finish (CasarrayDirectory *self,
                                                               GAsyncResult *result,
                                                               GError **error);

CASARRAY_AVAILABLE_IN_1_0
CasarrayServer *casarray_directory_new_exchange_server_sync (CasarrayDirectory *self,
                                                             const char *name,
                                                             CasarrayExchangeServerChanges *settings,
                                                             GCancellable *cancellable,
                                                             GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_new_exchange_server_async (CasarrayDirectory *self,
                                                   const char *name,
                                                   CasarrayExchangeServerChanges *settings,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
CasarrayServer *casarray_directory_new_exchange_server_finish (CasarrayDirectory *self,
                                                               GAsyncResult *result,
                                                               GError **error);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_remove_exchange_server_sync (CasarrayDirectory *self,
                                                         const char *identity,
                                                         CasarrayRemovalPolicy policy,
                                                         GCancellable *cancellable,
                                                         GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_remove_exchange_server_async (CasarrayDirectory *self,
                                                      const char *identity,
                                                      CasarrayRemovalPolicy policy,
                                                      GCancellable *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_remove_exchange_server_finish (CasarrayDirectory *self,
                                                           GAsyncResult *result,
                                                           GError **error);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_set_exchange_server_sync (CasarrayDirectory *self,
                                                      const char *identity,
                                                      CasarrayExchangeServerChanges *changes,
                                                      CasarrayRemovalPolicy policy,
                                                      GCancellable *cancellable,
                                                      GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_set_exchange_server_async (CasarrayDirectory *self,
                                                   const char *identity,
                                                   CasarrayExchangeServerChanges *changes,
                                                   CasarrayRemovalPolicy policy,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_set_exchange_server_finish (CasarrayDirectory *self,
                                                        GAsyncResult *result,
                                                        GError **error);

CASARRAY_AVAILABLE_IN_1_0
CasarraySite *casarray_directory_new_site_sync (CasarrayDirectory *self,
                                                const char *name,
                                                GCancellable *cancellable,
                                                GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_new_site_async (CasarrayDirectory *self,
                                        const char *name,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
CasarraySite *casarray_directory_new_site_finish (CasarrayDirectory *self,
                                                  GAsyncResult *result,
                                                  GError **error);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_remove_site_sync (CasarrayDirectory *self,
                                              const char *identity,
                                              GCancellable *cancellable,
                                              GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_remove_site_async (CasarrayDirectory *self,
                                           const char *identity,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_remove_site_finish (CasarrayDirectory *self,
                                                GAsyncResult *result,
                                                GError **error);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_new_organization_sync (CasarrayDirectory *self,
                                                   const char *name,
                                                   GCancellable *cancellable,
                                                   GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_new_organization_async (CasarrayDirectory *self,
                                                const char *name,
                                                GCancellable *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_directory_new_organization_finish (CasarrayDirectory *self,
                                                     GAsyncResult *result,
                                                     GError **error);

CASARRAY_AVAILABLE_IN_1_0
GPtrArray *casarray_directory_repair_sync (CasarrayDirectory *self,
                                           GPtrArray *findings,
                                           CasarrayWriteFlags flags,
                                           GCancellable *cancellable,
                                           GError **error);

CASARRAY_AVAILABLE_IN_1_0
void casarray_directory_repair_async (CasarrayDirectory *self,
                                      GPtrArray *findings,
                                      CasarrayWriteFlags flags,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);

CASARRAY_AVAILABLE_IN_1_0
GPtrArray *casarray_directory_repair_finish (CasarrayDirectory *self,
                                             GAsyncResult *result,
                                             GError **error);

G_END_DECLS
