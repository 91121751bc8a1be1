/* casarray-op-common.h: pieces several operations share
 *
 * Private to libcasarray.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <casarray/casarray.h>

#include "casarray-context.h"
#include "casarray-entry.h"

G_BEGIN_DECLS

/* TRUE for a client access array or a server holding the ClientAccess role:
 * the only valid RpcClientAccessServer endpoints. */
gboolean    casarray_op_is_client_access_endpoint (const CasarrayEntry *entry);
gboolean    casarray_op_is_array                  (const CasarrayEntry *entry);
CasarrayServerRole casarray_op_entry_roles        (const CasarrayEntry *entry);

/* casefolded legacyExchangeDN -> endpoint entry, for every entry of
 * @endpoints (servers and arrays). */
GHashTable *casarray_op_index_by_legacy_dn        (GPtrArray *endpoints);
/* The FQDN @database's RpcClientAccessServer resolves to through @index, or
 * NULL when its reference matches nothing. */
const char *casarray_op_resolve_rpc_fqdn          (GHashTable          *index,
                                                   const CasarrayEntry *database);

/* Resolves what a user gave as RpcClientAccessServer to an existing CAS
 * server or array; CASARRAY_ERROR_NOT_CLIENT_ACCESS for any other server. */
CasarrayEntry *casarray_op_resolve_rpc_target     (CasarrayContext  *context,
                                                   const char       *identity,
                                                   GCancellable     *cancellable,
                                                   GError          **error);

/* Cancellation: an operation checks its GCancellable until its first
 * write; after that it runs to the end (read-backs and the remaining parts
 * of a multi-entry change ignore it), so that a call never reports
 * "cancelled" for a change it made.  */

/* Deletes @dn and everything below it, deepest first. */
gboolean    casarray_op_remove_subtree            (CasarrayContext  *context,
                                                   const char       *dn,
                                                   GCancellable     *cancellable,
                                                   GError          **error);

/* Adds an entry "CN=<name>,<parent>" with these object classes (NULL
 * terminated), cn and name; @ignore_existing turns ALREADY_EXISTS into
 * success (for containers). */
gboolean    casarray_op_add_container             (CasarrayContext     *context,
                                                   const char          *name,
                                                   const char          *parent,
                                                   const char * const  *object_classes,
                                                   gboolean             ignore_existing,
                                                   GCancellable        *cancellable,
                                                   GError             **error);

/* A new entry "CN=<name>,<parent>" with object classes, cn and name set. */
CasarrayEntry *casarray_op_new_entry              (const char          *name,
                                                   const char          *parent,
                                                   const char * const  *object_classes,
                                                   GError             **error);

/* Appends to @mods the compare-and-set change of single value @old_value
 * (may be NULL: add only) of @attribute to @new_value. */
void        casarray_op_add_cas_mods              (GPtrArray   *mods,
                                                   const char  *attribute,
                                                   const char  *old_value,
                                                   const char  *new_value);
GPtrArray  *casarray_op_new_mods                  (void);

/* Rewords a CASARRAY_ERROR_CONFLICT from the backend for the object the
 * user named. */
void        casarray_op_explain_conflict          (GError     **error,
                                                   const char  *noun,
                                                   const char  *name);

/* Sort helpers for model arrays (by name, case-insensitive). */
void        casarray_op_sort_by_name              (GPtrArray  *objects);

/* Names (cn) of the entries, "; "-separated, for messages. */
char       *casarray_op_join_names                (GPtrArray  *entries,
                                                   guint       max);

/* The guard Exchange lacks: databases still resolving to @server are
 * repointed first (CASARRAY_REMOVE_REPOINT_DATABASES), ignored
 * (CASARRAY_REMOVE_FORCE) or make this fail with CASARRAY_ERROR_IN_USE.
 * Lives in casarray-op-audit.c, next to the endpoint choice it reuses. */
gboolean    casarray_op_release_client_access_server (CasarrayContext      *context,
                                                      const CasarrayEntry  *server,
                                                      CasarrayRemoveFlags   flags,
                                                      GCancellable         *cancellable,
                                                      GError              **error);

G_END_DECLS
