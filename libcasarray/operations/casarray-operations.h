/* casarray-operations.h: the operations, on a connected context
 *
 * Private to libcasarray.  One function per public operation, called by
 * the run function of its CasarrayCall descriptor (casarray-call.h) with
 * the options of the public call taken apart; the public _sync/_async/
 * _finish in casarray-directory-reads.c and -writes.c go through the one
 * runner in casarray-call.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <casarray/casarray.h>

#include "casarray-context.h"

G_BEGIN_DECLS

gboolean casarray_op_connect (CasarrayContext *context,
                              GCancellable *cancellable,
                              GError **error);

GPtrArray *casarray_op_get_mailbox_databases (CasarrayContext *context,
                                              const char *identity,
                                              const char *server,
                                              gboolean include_pre_exchange2010,
                                              GCancellable *cancellable,
                                              GError **error);

gboolean casarray_op_set_mailbox_database (CasarrayContext *context,
                                           const char *identity,
                                           const char *rpc_client_access_server,
                                           const char *edb_file_path,
                                           const char *log_folder_path,
                                           GCancellable *cancellable,
                                           GError **error);

gboolean casarray_op_set_rpc_client_access_server (CasarrayContext *context,
                                                   CasarrayMailboxDatabase *database,
                                                   const char *rpc_client_access_server,
                                                   GCancellable *cancellable,
                                                   GError **error);

CasarrayMailboxDatabase *casarray_op_new_mailbox_database (CasarrayContext *context,
                                                           const char *name,
                                                           const char *server,
                                                           const char *edb_file_path,
                                                           const char *log_folder_path,
                                                           GCancellable *cancellable,
                                                           GError **error);

gboolean casarray_op_remove_mailbox_database (CasarrayContext *context,
                                              const char *identity,
                                              GCancellable *cancellable,
                                              GError **error);

GPtrArray *casarray_op_get_client_access_servers (CasarrayContext *context,
                                                  const char *identity,
                                                  GCancellable *cancellable,
                                                  GError **error);

gboolean casarray_op_set_client_access_server (CasarrayContext *context,
                                               const char *identity,
                                               const char *autodiscover_service_internal_uri,
                                               const char * const *autodiscover_site_scope,
                                               GCancellable *cancellable,
                                               GError **error);

GPtrArray *casarray_op_get_client_access_arrays (CasarrayContext *context,
                                                 const char *identity,
                                                 const char *site,
                                                 GCancellable *cancellable,
                                                 GError **error);

CasarrayClientAccessArray *casarray_op_new_client_access_array (CasarrayContext *context,
                                                                const char *name,
                                                                const char *fqdn,
                                                                const char *site,
                                                                GCancellable *cancellable,
                                                                GError **error);

gboolean casarray_op_set_client_access_array (CasarrayContext *context,
                                              const char *identity,
                                              const char *name,
                                              const char *fqdn,
                                              const char *site,
                                              GCancellable *cancellable,
                                              GError **error);

gboolean casarray_op_remove_client_access_array (CasarrayContext *context,
                                                 const char *identity,
                                                 GCancellable *cancellable,
                                                 GError **error);

GPtrArray *casarray_op_get_exchange_servers (CasarrayContext *context,
                                             const char *identity,
                                             GCancellable *cancellable,
                                             GError **error);

CasarrayServer *casarray_op_new_exchange_server (CasarrayContext *context,
                                                 const char *name,
                                                 const char *fqdn,
                                                 const char *site,
                                                 CasarrayServerRole roles,
                                                 const char *admin_display_version,
                                                 GCancellable *cancellable,
                                                 GError **error);

gboolean casarray_op_remove_exchange_server (CasarrayContext *context,
                                             const char *identity,
                                             CasarrayRemovalPolicy policy,
                                             GCancellable *cancellable,
                                             GError **error);

GPtrArray *casarray_op_get_sites (CasarrayContext *context,
                                  const char *identity,
                                  GCancellable *cancellable,
                                  GError **error);

CasarraySite *casarray_op_new_site (CasarrayContext *context,
                                    const char *name,
                                    GCancellable *cancellable,
                                    GError **error);

gboolean casarray_op_remove_site (CasarrayContext *context,
                                  const char *identity,
                                  GCancellable *cancellable,
                                  GError **error);

gboolean casarray_op_new_organization (CasarrayContext *context,
                                       const char *name,
                                       GCancellable *cancellable,
                                       GError **error);

GPtrArray *casarray_op_audit (CasarrayContext *context,
                              GCancellable *cancellable,
                              GError **error);

GPtrArray *casarray_op_repair (CasarrayContext *context,
                               GPtrArray *findings,
                               gboolean what_if,
                               GCancellable *cancellable,
                               GError **error);

gboolean casarray_op_set_exchange_server_roles (CasarrayContext *context,
                                                const char *identity,
                                                CasarrayServerRole roles,
                                                 CasarrayRemovalPolicy policy,
                                                GCancellable *cancellable,
                                                GError **error);

G_END_DECLS
