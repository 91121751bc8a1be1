/* casarray-op-common.h: pieces several operations share
 *
 * Private to libcasarray.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <casarray/casarray.h>

#include "casarray-context.h"
#include "casarray-lookup.h"
#include "backend/casarray-entry.h"

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

/* Whether @entry, found at or below the object being removed (@root_dn),
 * is one libcasarray models and may therefore delete. */
typedef gboolean (*CasarrayOpModelledFunc) (const CasarrayEntry *entry,
                                            const char          *root_dn,
                                            gpointer             user_data);

/* Deletes @dn and everything below it, deepest first, but only when
 * @modelled accepts every one of those entries: the library never deletes
 * an object it does not model (a domain controller below a site, a
 * database copy below a database, ...).  Otherwise nothing is deleted and
 * the error is CASARRAY_ERROR_IN_USE, listing what the @noun “@name”
 * still holds. */
gboolean    casarray_op_remove_modelled_subtree   (CasarrayContext         *context,
                                                   const char              *dn,
                                                   const char              *noun,
                                                   const char              *name,
                                                   CasarrayOpModelledFunc   modelled,
                                                   gpointer                 user_data,
                                                   GCancellable            *cancellable,
                                                   GError                 **error);

/* Deletes @entries (a subtree checked by
 * casarray_op_check_modelled_subtree()), deepest first; @entries is
 * reordered.  After the first delete it runs to the end, ignoring
 * @cancellable. */
gboolean    casarray_op_remove_entries            (CasarrayContext         *context,
                                                   GPtrArray               *entries,
                                                   GCancellable            *cancellable,
                                                   GError                 **error);

/* The check of casarray_op_remove_modelled_subtree() alone, for callers
 * that must refuse before an earlier write of their own: the entries at
 * and below @dn, or NULL with the same error. */
GPtrArray  *casarray_op_check_modelled_subtree    (CasarrayContext         *context,
                                                   const char              *dn,
                                                   const char              *noun,
                                                   const char              *name,
                                                   CasarrayOpModelledFunc   modelled,
                                                   gpointer                 user_data,
                                                   GCancellable            *cancellable,
                                                   GError                 **error);

/* The Remove- of an object with nothing below it that libcasarray models:
 * looks @identity up among @kind and deletes it, or refuses with
 * CASARRAY_ERROR_IN_USE (naming the @noun) when anything is below it. */
gboolean    casarray_op_remove_leaf               (CasarrayContext         *context,
                                                   CasarrayKind             kind,
                                                   const char              *identity,
                                                   const char              *noun,
                                                   GCancellable            *cancellable,
                                                   GError                 **error);

/* A CasarrayOpModelledFunc accepting only the object itself. */
gboolean    casarray_op_modelled_self_only        (const CasarrayEntry *entry,
                                                   const char          *root_dn,
                                                   gpointer             user_data);

/* The DNs of @entries, "; "-separated, at most @max of them, for
 * messages. */
char       *casarray_op_join_dns                  (GPtrArray  *entries,
                                                   guint       max);

/* Makes sure the container "CN=<name>,<parent>" exists: a base search
 * first, and an add (object classes NULL-terminated, cn, name, and
 * systemFlags unless NULL) only when it is not there.  Never adding what
 * exists matters on Active Directory, which refuses an add of a system
 * container (CN=Configuration, CN=Sites, CN=Services) with 53 "object class
 * ... is system-only" before it checks whether the entry exists.  An add
 * that loses a race with another writer (ALREADY_EXISTS) is success. */
gboolean    casarray_op_ensure_container          (CasarrayContext     *context,
                                                   const char          *name,
                                                   const char          *parent,
                                                   const char * const  *object_classes,
                                                   const char          *system_flags,
                                                   GCancellable        *cancellable,
                                                   GError             **error);

/* Sets *@exists to whether @dn exists (as far as the account can see);
 * FALSE only when the search itself failed. */
gboolean    casarray_op_entry_exists              (CasarrayContext  *context,
                                                   const char       *dn,
                                                   gboolean         *exists,
                                                   GCancellable     *cancellable,
                                                   GError          **error);

/* A new entry "CN=<name>,<parent>" with object classes, cn and name set. */
CasarrayEntry *casarray_op_new_entry              (const char          *name,
                                                   const char          *parent,
                                                   const char * const  *object_classes,
                                                   GError             **error);

/* Adds the new @entry.  When the directory holds it already (another
 * writer got there first), the error is CASARRAY_ERROR_ALREADY_EXISTS with
 * the message @exists_format; any other error is the backend's. */
gboolean    casarray_op_add_new_entry             (CasarrayContext     *context,
                                                   const CasarrayEntry *entry,
                                                   GCancellable        *cancellable,
                                                   GError             **error,
                                                   const char          *exists_format,
                                                   ...) G_GNUC_PRINTF (5, 6);

/* The CASARRAY_ERROR_ALREADY_EXISTS of a server or array name already
 * taken: servers and arrays share one name space, as in Exchange. */
#define CASARRAY_OP_ENDPOINT_EXISTS_FORMAT \
  "A Client Access array or an Exchange server \"%s\" already exists. Please specify a new unique value."
void        casarray_op_set_endpoint_name_exists  (GError     **error,
                                                   const char  *name);

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
 * repointed first (CASARRAY_REMOVAL_POLICY_REPOINT_DATABASES), ignored
 * (CASARRAY_REMOVAL_POLICY_FORCE) or make this fail with CASARRAY_ERROR_IN_USE.
 * Lives in casarray-op-audit.c, next to the endpoint choice it reuses. */
gboolean    casarray_op_release_client_access_server (CasarrayContext      *context,
                                                      const CasarrayEntry  *server,
                                                      CasarrayRemovalPolicy policy,
                                                      GCancellable         *cancellable,
                                                      GError              **error);

G_END_DECLS
