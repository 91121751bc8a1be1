/* casarray-backend.h: what the model needs from a directory
 *
 * Private to libcasarray.  The operations (operations/) keep every Exchange
 * rule; a backend only stores and finds entries.  Two backends implement
 * this interface: the LDAP one (ldap/) and the embedded LDIF store (store/).
 * Keeping the vocabulary this small (equality queries, atomic modify, add,
 * delete, rename) is what lets the rules be written once.
 *
 * Every method is synchronous and may block; CasarrayDirectory runs them in
 * a worker thread for the _async API.  Implementations must be safe to call
 * from several threads at once.
 *
 * Errors are always in CASARRAY_ERROR:
 *  - add of an existing DN                     -> CASARRAY_ERROR_ALREADY_EXISTS
 *  - modify whose DELETE value is gone, or ADD
 *    of a value a single-valued attribute has   -> CASARRAY_ERROR_CONFLICT
 *  - operation on a DN that does not exist      -> CASARRAY_ERROR_NOT_FOUND
 *  - delete of an entry that has children       -> CASARRAY_ERROR_IN_USE
 *  - cannot reach / lost the server             -> CASARRAY_ERROR_CONNECTION
 *  - bind refused                               -> CASARRAY_ERROR_AUTHENTICATION
 *  - timeout                                    -> CASARRAY_ERROR_TIMEOUT
 *  - cancelled                                  -> G_IO_ERROR_CANCELLED
 *  - anything else                              -> CASARRAY_ERROR_DIRECTORY
 * LDAP backends put the result code, its text and the server's diagnostic
 * message in the error message.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "casarray-entry.h"

G_BEGIN_DECLS

/* Pseudo-attributes every backend fills in on returned entries. */
/* Textual GUID: objectGUID (AD byte order, lower-case
 * xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) when present, else entryUUID. */
#define CASARRAY_ATTR_GUID           "casarray-guid"
/* A string that sorts (strcmp) in the order the server created entries:
 * uSNCreated zero-padded to 20 digits on AD, entryCSN on OpenLDAP. Used as
 * the tie-break of create-then-verify. */
#define CASARRAY_ATTR_CREATION_ORDER "casarray-creation-order"

/* TRUE for the pseudo-attributes above: a backend derives them, and never
 * asks the directory for them or writes them under these names. */
gboolean casarray_backend_is_pseudo_attribute      (const char  *attribute);
/* Fails with CASARRAY_ERROR_INVALID_ARGUMENT unless @attribute (may be
 * NULL) is a valid attribute name that is not a pseudo-attribute: the
 * check both backends make on every add and modify. */
gboolean casarray_backend_check_writable_attribute (const char  *attribute,
                                                    GError     **error);

typedef enum {
  CASARRAY_SCOPE_BASE,
  CASARRAY_SCOPE_ONE,
  CASARRAY_SCOPE_SUBTREE,
} CasarrayScope;

/* attribute=value, compared with the attribute's equality rule (case
 * insensitive for every attribute the model uses).  The value is literal:
 * backends escape it.  attribute may be CASARRAY_ATTR_GUID, meaning
 * objectGUID or entryUUID equal to the textual GUID in value. */
typedef struct {
  const char *attribute;
  const char *value;
} CasarrayMatch;

/* (&(objectClass=object_class)(!(objectClass=exclude_class))(|any...)) */
typedef struct {
  const char          *base;
  CasarrayScope        scope;
  const char          *object_class;    /* required */
  const char          *exclude_class;   /* nullable */
  const CasarrayMatch *any;             /* n_any entries, ORed; none = all */
  guint                n_any;
  const char * const  *attributes;      /* NULL-terminated; objectClass is always returned */
} CasarrayQuery;

#define CASARRAY_TYPE_BACKEND (casarray_backend_get_type ())
G_DECLARE_INTERFACE (CasarrayBackend, casarray_backend, CASARRAY, BACKEND, GObject)

struct _CasarrayBackendInterface
{
  GTypeInterface parent_iface;

  /* Connect (and bind) if not connected yet.  Idempotent. */
  gboolean   (*open)                  (CasarrayBackend      *self,
                                       GCancellable         *cancellable,
                                       GError              **error);
  /* The configuration naming context: CN=Configuration,<domain>. */
  char      *(*find_configuration_dn) (CasarrayBackend      *self,
                                       GCancellable         *cancellable,
                                       GError              **error);
  /* All matching entries (paged as needed), as a GPtrArray of
   * CasarrayEntry with casarray_entry_unref as free func.  A base that does
   * not exist gives CASARRAY_ERROR_NOT_FOUND. */
  GPtrArray *(*search)                (CasarrayBackend      *self,
                                       const CasarrayQuery  *query,
                                       GCancellable         *cancellable,
                                       GError              **error);
  gboolean   (*add)                   (CasarrayBackend      *self,
                                       const CasarrayEntry  *entry,
                                       GCancellable         *cancellable,
                                       GError              **error);
  /* mods: GPtrArray of CasarrayMod, applied atomically, all or nothing. */
  gboolean   (*modify)                (CasarrayBackend      *self,
                                       const char           *dn,
                                       GPtrArray            *mods,
                                       GCancellable         *cancellable,
                                       GError              **error);
  /* Delete one leaf entry. */
  gboolean   (*remove)                (CasarrayBackend      *self,
                                       const char           *dn,
                                       GCancellable         *cancellable,
                                       GError              **error);
  /* Change the RDN of a leaf entry (same parent); new_rdn is an escaped
   * RFC 4514 RDN such as "CN=New\, name". The old RDN value is removed. */
  gboolean   (*rename)                (CasarrayBackend      *self,
                                       const char           *dn,
                                       const char           *new_rdn,
                                       GCancellable         *cancellable,
                                       GError              **error);
  /* Apply many independent modifies, each atomic on its own entry, with
   * several in flight at once where the backend can.  dns and mod_lists
   * have the same length; errors[i] receives each one's outcome (NULL on
   * success, else a GError the caller frees).  Returns FALSE with @error
   * only when the batch as a whole could not run (e.g. cancelled before
   * start); optional: NULL means "call modify in a loop". */
  gboolean   (*modify_many)           (CasarrayBackend      *self,
                                       GPtrArray            *dns,
                                       GPtrArray            *mod_lists,
                                       GError              **errors,
                                       GCancellable         *cancellable,
                                       GError              **error);
  /* The account the backend acts as, for messages that must name it (a
   * missing read right): the bind DN, or NULL when there is none to name
   * (anonymous, SASL without a bind DN, a backend without accounts).
   * Optional: NULL means "no account". */
  char      *(*dup_account)           (CasarrayBackend      *self);
  /* The URI of the server that answered the last successful connect (of
   * several a backend may fail over between), NULL before the first; must
   * not wait behind a running operation.  Optional: NULL means "none". */
  char      *(*dup_connected_uri)     (CasarrayBackend      *self);
};

gboolean   casarray_backend_open                  (CasarrayBackend     *self,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
char      *casarray_backend_find_configuration_dn (CasarrayBackend     *self,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
GPtrArray *casarray_backend_search                (CasarrayBackend     *self,
                                                   const CasarrayQuery *query,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
gboolean   casarray_backend_add                   (CasarrayBackend     *self,
                                                   const CasarrayEntry *entry,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
gboolean   casarray_backend_modify                (CasarrayBackend     *self,
                                                   const char          *dn,
                                                   GPtrArray           *mods,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
gboolean   casarray_backend_remove                (CasarrayBackend     *self,
                                                   const char          *dn,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
gboolean   casarray_backend_rename                (CasarrayBackend     *self,
                                                   const char          *dn,
                                                   const char          *new_rdn,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
gboolean   casarray_backend_modify_many           (CasarrayBackend     *self,
                                                   GPtrArray           *dns,
                                                   GPtrArray           *mod_lists,
                                                   GError             **errors,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
char      *casarray_backend_dup_account           (CasarrayBackend     *self);
char      *casarray_backend_dup_connected_uri     (CasarrayBackend     *self);

G_END_DECLS
