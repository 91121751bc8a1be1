/* casarray-mailbox-database.h: a mailbox database, as read from the directory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(CASARRAY_INSIDE) && !defined(CASARRAY_COMPILATION)
#error "Only <casarray/casarray.h> can be included directly."
#endif

#include <glib-object.h>
#include <casarray/casarray-version.h>
#include <casarray/casarray-object.h>
#include <casarray/casarray-server-role.h>

G_BEGIN_DECLS

#define CASARRAY_TYPE_MAILBOX_DATABASE (casarray_mailbox_database_get_type ())

CASARRAY_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CasarrayMailboxDatabase, casarray_mailbox_database, CASARRAY, MAILBOX_DATABASE, CasarrayObject)

CASARRAY_AVAILABLE_IN_1_0
const char *casarray_mailbox_database_get_server (CasarrayMailboxDatabase *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_mailbox_database_get_server_dn (CasarrayMailboxDatabase *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_mailbox_database_get_edb_file_path (CasarrayMailboxDatabase *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_mailbox_database_get_log_folder_path (CasarrayMailboxDatabase *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_mailbox_database_get_rpc_client_access_server (CasarrayMailboxDatabase *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_mailbox_database_get_rpc_client_access_server_legacy_dn (CasarrayMailboxDatabase *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_mailbox_database_get_exchange_legacy_dn (CasarrayMailboxDatabase *self);
CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_mailbox_database_get_recovery (CasarrayMailboxDatabase *self);
CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_mailbox_database_get_mount_at_startup (CasarrayMailboxDatabase *self);
CASARRAY_AVAILABLE_IN_1_0
gboolean casarray_mailbox_database_get_circular_logging_enabled (CasarrayMailboxDatabase *self);

G_END_DECLS
