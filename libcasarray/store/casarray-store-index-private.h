/* casarray-store-index-private.h: what the files of the store's index share
 *
 * Private to libcasarray/store.  The index is one job split along its
 * seams: matching (casarray-store-match.c: what the store knows of the
 * schema, equality keys, attributes), the tree and its changes
 * (casarray-store-index.c), loading and writing LDIF
 * (casarray-store-load.c) and searching (casarray-store-search.c).  The
 * types below are their common ground; nothing outside those files uses
 * them (the backend sees casarray-store-index.h only).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "casarray-store-index.h"

G_BEGIN_DECLS

/* Index key prefix of the textual GUID (objectGUID or entryUUID). */
#define GUID_KEY_PREFIX CASARRAY_ATTR_GUID "="

/* What one parse of a DN gives the tree. */
typedef struct {
  char *ndn;          /* normalised */
  char *parent_ndn;   /* normalised; NULL for a single RDN */
  char *rdn_type;     /* the first attribute of the first RDN */
  char *rdn_value;    /* its value, unescaped */
} DnParts;

void     casarray_store_dn_parts_clear (DnParts *parts);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DnParts, casarray_store_dn_parts_clear)
gboolean casarray_store_split_dn       (const char *dn,
                                        DnParts    *parts);

/* One entry.  Memory matters here (a store is held whole): the attribute
 * names are interned, nothing is copied twice, and sets are arrays. */
typedef struct _Node Node;
struct _Node
{
  char       *dn;          /* as written */
  char       *ndn;         /* normalised, key of by_ndn */
  Node       *parent;      /* NULL for a root */
  GHashTable *children;    /* set of Node*, NULL when none yet */
  GPtrArray  *attributes;  /* of CasarrayStoreAttribute */
  guint64     seq;         /* creation order in this index */
  GList       link;        /* in CasarrayStoreIndex.order */
  char       *guid;        /* textual GUID, or NULL */
  char       *creation;    /* CASARRAY_ATTR_CREATION_ORDER, or NULL */
};

struct _CasarrayStoreIndex
{
  GHashTable *by_ndn;     /* ndn -> Node*, owns the nodes */
  GHashTable *by_value;   /* "attribute=key" -> GPtrArray of Node*, unordered */
  GQueue      order;      /* Node* by seq: parents before children */
  guint64     next_seq;
  guint64     max_usn;    /* highest uSNCreated of any entry seen */
  GHashTable *dn_cache;   /* DN as written -> normalised, for value keys */
  GHashTable *shared_values;  /* set of GBytes: one copy of each value entries share */
};

/* casarray-store-match.c */
gboolean                casarray_store_is_single_valued (const char *attribute);
gboolean                casarray_store_is_indexed       (const char *attribute);
gboolean                casarray_store_is_maintained    (const char *attribute);
char                   *casarray_store_normalize_dn     (const char *dn,
                                                         gsize       length);
char                   *casarray_store_value_key        (GHashTable *dn_cache,
                                                         const char *attribute,
                                                         const void *value,
                                                         gsize       length);
CasarrayStoreAttribute *casarray_store_attribute_copy   (const CasarrayStoreAttribute *attribute);
CasarrayStoreAttribute *casarray_store_find_attribute   (GPtrArray                    *attributes,
                                                         const char                   *name);
gint                    casarray_store_find_value       (const CasarrayStoreAttribute *attribute,
                                                         GBytes                       *value);
const char             *casarray_store_first_text       (GPtrArray                    *attributes,
                                                         const char                   *name,
                                                         gsize                        *length);

/* casarray-store-index.c */
guint       casarray_store_node_child_count (const Node         *node);
Node       *casarray_store_lookup_node      (CasarrayStoreIndex *index,
                                             const char         *dn);
char       *casarray_store_index_key        (const char         *attribute,
                                             const char         *key);
GPtrArray  *casarray_store_index_lookup_set (CasarrayStoreIndex *index,
                                             const char         *attribute,
                                             const char         *key);
char       *casarray_store_entry_problem    (const DnParts      *parts,
                                             GPtrArray          *attributes);
Node       *casarray_store_insert_node      (CasarrayStoreIndex *index,
                                             const char         *dn,
                                             DnParts            *parts,
                                             Node               *parent,
                                             GPtrArray          *attributes);

G_END_DECLS
