/* casarray-changes.h: the change sets of the Set- and New- calls
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(CASARRAY_INSIDE) && !defined(CASARRAY_COMPILATION)
#error "Only <casarray/casarray.h> can be included directly."
#endif

#include <glib-object.h>
#include <casarray/casarray-version.h>
#include <casarray/casarray-server-role.h>

G_BEGIN_DECLS

#define CASARRAY_TYPE_MAILBOX_DATABASE_CHANGES (casarray_mailbox_database_changes_get_type ())

CASARRAY_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CasarrayMailboxDatabaseChanges, casarray_mailbox_database_changes,
                      CASARRAY, MAILBOX_DATABASE_CHANGES, GObject)

CASARRAY_AVAILABLE_IN_1_0
CasarrayMailboxDatabaseChanges *casarray_mailbox_database_changes_new (void);
CASARRAY_AVAILABLE_IN_1_0
void casarray_mailbox_database_changes_set_rpc_client_access_server (CasarrayMailboxDatabaseChanges *self,
                                                                     const char *rpc_client_access_server);
CASARRAY_AVAILABLE_IN_1_0
void casarray_mailbox_database_changes_set_edb_file_path (CasarrayMailboxDatabaseChanges *self,
                                                          const char *edb_file_path);
CASARRAY_AVAILABLE_IN_1_0
void casarray_mailbox_database_changes_set_log_folder_path (CasarrayMailboxDatabaseChanges *self,
                                                            const char *log_folder_path);

#define CASARRAY_TYPE_CLIENT_ACCESS_SERVER_CHANGES (casarray_client_access_server_changes_get_type ())

CASARRAY_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CasarrayClientAccessServerChanges, casarray_client_access_server_changes,
                      CASARRAY, CLIENT_ACCESS_SERVER_CHANGES, GObject)

CASARRAY_AVAILABLE_IN_1_0
CasarrayClientAccessServerChanges *casarray_client_access_server_changes_new (void);
CASARRAY_AVAILABLE_IN_1_0
void casarray_client_access_server_changes_set_autodiscover_service_internal_uri (CasarrayClientAccessServerChanges *self,
                                                                                  const char *uri);
CASARRAY_AVAILABLE_IN_1_0
void casarray_client_access_server_changes_set_autodiscover_site_scope (CasarrayClientAccessServerChanges *self,
                                                                        const char * const *sites);

#define CASARRAY_TYPE_CLIENT_ACCESS_ARRAY_CHANGES (casarray_client_access_array_changes_get_type ())

CASARRAY_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CasarrayClientAccessArrayChanges, casarray_client_access_array_changes,
                      CASARRAY, CLIENT_ACCESS_ARRAY_CHANGES, GObject)

CASARRAY_AVAILABLE_IN_1_0
CasarrayClientAccessArrayChanges *casarray_client_access_array_changes_new (void);
CASARRAY_AVAILABLE_IN_1_0
void casarray_client_access_array_changes_set_name (CasarrayClientAccessArrayChanges *self,
                                                    const char *name);
CASARRAY_AVAILABLE_IN_1_0
void casarray_client_access_array_changes_set_fqdn (CasarrayClientAccessArrayChanges *self,
                                                    const char *fqdn);
CASARRAY_AVAILABLE_IN_1_0
void casarray_client_access_array_changes_set_site (CasarrayClientAccessArrayChanges *self,
                                                    const char *site);

#define CASARRAY_TYPE_EXCHANGE_SERVER_CHANGES (casarray_exchange_server_changes_get_type ())

CASARRAY_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CasarrayExchangeServerChanges, casarray_exchange_server_changes,
                      CASARRAY, EXCHANGE_SERVER_CHANGES, GObject)

CASARRAY_AVAILABLE_IN_1_0
CasarrayExchangeServerChanges *casarray_exchange_server_changes_new (void);
CASARRAY_AVAILABLE_IN_1_0
void casarray_exchange_server_changes_set_fqdn (CasarrayExchangeServerChanges *self,
                                                const char *fqdn);
CASARRAY_AVAILABLE_IN_1_0
void casarray_exchange_server_changes_set_site (CasarrayExchangeServerChanges *self,
                                                const char *site);
CASARRAY_AVAILABLE_IN_1_0
void casarray_exchange_server_changes_set_roles (CasarrayExchangeServerChanges *self,
                                                 CasarrayServerRole roles);
CASARRAY_AVAILABLE_IN_1_0
void casarray_exchange_server_changes_set_admin_display_version (CasarrayExchangeServerChanges *self,
                                                                 const char *admin_display_version);

G_END_DECLS
