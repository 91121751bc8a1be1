/* casarray-store-index.h: the embedded store's entries, in memory
 *
 * Private to libcasarray.  A tree of entries (each knows its parent and
 * children), kept in creation order so that parents are always written
 * before their children, with hash indexes by normalised DN and by
 * (attribute, normalised value) for the attributes the model searches on,
 * so that a search touches the entries it may return and not every entry.
 *
 * It implements the directory's semantics, the same the LDAP backend gets
 * from the server: equality matching of the attribute's kind (case
 * insensitive strings with insignificant spaces, DNs compared normalised),
 * single-valued attributes, add/modify/delete/rename errors.  It holds no
 * Exchange rule (those are in operations/, above every backend).
 *
 * Not thread-safe: the backend serialises access.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <ldap.h>

#include "backend/casarray-backend.h"
#include "backend/casarray-entry.h"

G_BEGIN_DECLS

/* One attribute: its name as first written and its values as bytes
 * (binary values such as objectGUID are kept exactly). */
typedef struct {
  const char *name;     /* interned (g_intern_string) */
  GPtrArray  *values;   /* of GBytes */
} CasarrayStoreAttribute;

CasarrayStoreAttribute *casarray_store_attribute_new  (const char             *name);
void                    casarray_store_attribute_free (CasarrayStoreAttribute *attribute);
void                    casarray_store_attribute_add  (CasarrayStoreAttribute *attribute,
                                                       const void             *value,
                                                       gsize                   length);
/* A GPtrArray of CasarrayStoreAttribute that frees them. */
GPtrArray              *casarray_store_attributes_new (void);
/* The attributes of an LDIF add record (values of one name merged). */
GPtrArray              *casarray_store_attributes_from_mods (LDAPMod **mods);

/* One change of an atomic modify, values as bytes. */
typedef struct {
  CasarrayModOp  op;
  char          *attribute;
  GPtrArray     *values;    /* of GBytes, possibly empty */
} CasarrayStoreMod;

CasarrayStoreMod *casarray_store_mod_new  (CasarrayModOp     op,
                                           const char       *attribute);
void              casarray_store_mod_free (CasarrayStoreMod *mod);

typedef struct _CasarrayStoreIndex CasarrayStoreIndex;

CasarrayStoreIndex *casarray_store_index_new    (void);
void                casarray_store_index_free   (CasarrayStoreIndex *index);
guint               casarray_store_index_get_size (CasarrayStoreIndex *index);

/* Loads LDIF @text into an empty index, checking what a directory server
 * would refuse on ldapadd: a malformed record, a change record, a DN that
 * does not parse, a DN seen twice, an entry without objectClass or
 * without the value of its RDN, several values of a single-valued
 * attribute, an entry before its parent.  Entries whose parent is not in
 * the file at all are the roots of the store.  Errors are
 * CASARRAY_ERROR_INVALID_DATA naming @source, the line and the DN. */
gboolean   casarray_store_index_load    (CasarrayStoreIndex  *index,
                                         const char          *text,
                                         gsize                length,
                                         const char          *source,
                                         GError             **error);

/* Appends every entry as LDIF, parents before children. */
void       casarray_store_index_write   (CasarrayStoreIndex  *index,
                                         GString             *out);
/* Appends the entry @dn as it is now as an LDIF change record
 * ("changetype: add"), with the objectGUID and uSNCreated the store gave
 * it, so that replaying the record makes the same entry.  FALSE if there
 * is no such entry. */
gboolean   casarray_store_index_write_add (CasarrayStoreIndex *index,
                                           const char         *dn,
                                           GString            *out);

/* Adds an entry; takes @attributes.  Its parent must exist, unless
 * @as_root.  Unless the attributes carry them, the entry gets an
 * objectGUID (random) and a uSNCreated one above every entry's. */
gboolean   casarray_store_index_add     (CasarrayStoreIndex  *index,
                                         const char          *dn,
                                         GPtrArray           *attributes,
                                         gboolean             as_root,
                                         GError             **error);
/* Applies @mods (of CasarrayStoreMod) all or nothing. */
gboolean   casarray_store_index_modify  (CasarrayStoreIndex  *index,
                                         const char          *dn,
                                         GPtrArray           *mods,
                                         GError             **error);
gboolean   casarray_store_index_remove  (CasarrayStoreIndex  *index,
                                         const char          *dn,
                                         GError             **error);
/* Gives a leaf entry the RDN @new_rdn under the same parent, replacing
 * the old RDN value by the new one in the naming attribute. */
gboolean   casarray_store_index_rename  (CasarrayStoreIndex  *index,
                                         const char          *dn,
                                         const char          *new_rdn,
                                         GError             **error);

/* Entries matching @query as CasarrayEntry (GPtrArray with
 * casarray_entry_unref), in creation order, with the pseudo-attributes
 * CASARRAY_ATTR_GUID and CASARRAY_ATTR_CREATION_ORDER. */
GPtrArray *casarray_store_index_search  (CasarrayStoreIndex  *index,
                                         const CasarrayQuery *query,
                                         GError             **error);

/* The configuration naming context held by the store, found as the LDAP
 * backend finds it: the CN=Configuration ancestor of the Exchange
 * organisation, else the entry of class configuration named
 * Configuration; NULL when there is neither. */
char      *casarray_store_index_find_configuration_dn (CasarrayStoreIndex *index);

G_END_DECLS
