/* casarray-store-load.c: the index from LDIF and back
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-store-index-private.h"

#include <string.h>

#include <ldap.h>

#include "casarray/casarray-error.h"
#include "backend/casarray-dn.h"
#include "backend/casarray-syntax.h"
#include "casarray-ldif-io.h"

/* ---------------------------------------------------------------------- */
/* Loading                                                                */

typedef struct {
  CasarrayStoreIndex *index;
  const char         *source;
  GHashTable         *lines;            /* ndn -> line, of every entry */
  GHashTable         *missing_parents;  /* parent ndn -> first child's Node */
  GHashTable         *child_lines;      /* Node* -> line */
} LoadState;

GPtrArray *
casarray_store_attributes_from_mods (LDAPMod **mods)
{
  guint count = 0;
  GPtrArray *attributes;

  /* sized to fit: an entry's array lives as long as the entry */
  for (LDAPMod **mod = mods; mod != NULL && *mod != NULL; mod++)
    count++;
  attributes = g_ptr_array_new_full (count, (GDestroyNotify) casarray_store_attribute_free);

  for (LDAPMod **mod = mods; mod != NULL && *mod != NULL; mod++)
    {
      CasarrayStoreAttribute *attribute = casarray_store_find_attribute (attributes, (*mod)->mod_type);

      if (attribute == NULL)
        {
          attribute = casarray_store_attribute_new ((*mod)->mod_type);
          g_ptr_array_add (attributes, attribute);
        }
      for (struct berval **value = (*mod)->mod_bvalues; value != NULL && *value != NULL; value++)
        casarray_store_attribute_add (attribute, (*value)->bv_val, (*value)->bv_len);
    }
  return attributes;
}

static gboolean
load_record (const LDIFRecord  *record,
             guint              line,
             gpointer           user_data,
             GError           **error)
{
  LoadState *state = user_data;
  const char *dn = record->lr_dn.bv_val != NULL ? record->lr_dn.bv_val : "";
  g_auto(DnParts) parts = { 0 };
  g_autoptr(GPtrArray) attributes = NULL;
  g_autofree char *problem = NULL;
  Node *parent = NULL;
  Node *node;
  Node *orphan;
  gpointer first_line;

  if (record->lr_op != LDAP_REQ_ADD || record->lr_ctrls != NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                   "%s: line %u, entry %s: a change record (changetype, control) where an entry was expected",
                   state->source, line, dn);
      return FALSE;
    }
  /* a base64 DN ("dn::") may decode to anything */
  if (strlen (dn) != record->lr_dn.bv_len || !g_utf8_validate (dn, -1, NULL))
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                   "%s: line %u: the distinguished name holds a NUL byte or is not UTF-8",
                   state->source, line);
      return FALSE;
    }
  if (!casarray_store_split_dn (dn, &parts))
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                   "%s: line %u: “%s” is not a valid distinguished name (each RDN is "
                   "“type=value”, the value not empty)", state->source, line, dn);
      return FALSE;
    }
  if (g_hash_table_lookup_extended (state->lines, parts.ndn, NULL, &first_line))
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                   "%s: line %u, entry %s: the same entry is already at line %u",
                   state->source, line, dn, GPOINTER_TO_UINT (first_line));
      return FALSE;
    }
  attributes = casarray_store_attributes_from_mods (record->lrop_mods);
  problem = casarray_store_entry_problem (&parts, attributes);
  if (problem != NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                   "%s: line %u, entry %s: %s", state->source, line, dn, problem);
      return FALSE;
    }
  /* Entries below this one that came first would have been refused by
   * ldapadd: a child must follow its parent. */
  orphan = g_hash_table_lookup (state->missing_parents, parts.ndn);
  if (orphan != NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                   "%s: line %u, entry %s: it comes after its child %s (line %u); parents must "
                   "come before their children",
                   state->source, line, dn, orphan->dn,
                   GPOINTER_TO_UINT (g_hash_table_lookup (state->child_lines, orphan)));
      return FALSE;
    }
  if (parts.parent_ndn != NULL)
    parent = g_hash_table_lookup (state->index->by_ndn, parts.parent_ndn);

  g_hash_table_insert (state->lines, g_strdup (parts.ndn), GUINT_TO_POINTER (line));
  node = casarray_store_insert_node (state->index, dn, &parts, parent, g_steal_pointer (&attributes));
  if (parent == NULL && parts.parent_ndn != NULL &&
      !g_hash_table_contains (state->missing_parents, parts.parent_ndn))
    {
      g_hash_table_insert (state->missing_parents, g_steal_pointer (&parts.parent_ndn), node);
      g_hash_table_insert (state->child_lines, node, GUINT_TO_POINTER (line));
    }
  return TRUE;
}

gboolean
casarray_store_index_load (CasarrayStoreIndex  *index,
                           const char          *text,
                           gsize                length,
                           const char          *source,
                           GError             **error)
{
  LoadState state = {
    .index = index,
    .source = source,
    .lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    .missing_parents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    .child_lines = g_hash_table_new (NULL, NULL),
  };
  gboolean ok;

  g_return_val_if_fail (casarray_store_index_get_size (index) == 0, FALSE);

  ok = casarray_ldif_parse_entries (text, length, source, load_record, &state, error);
  g_hash_table_unref (state.lines);
  g_hash_table_unref (state.missing_parents);
  g_hash_table_unref (state.child_lines);
  return ok;
}

/* ---------------------------------------------------------------------- */
/* Writing                                                                */

/* Not cached: a store writes all its entries only when it compacts
 * (casarray-store-journal.c), and a cache would double its memory. */
static void
append_node_ldif (const Node *node,
                  gboolean    as_change,
                  GString    *out)
{
  casarray_ldif_append_value (out, "dn", node->dn, strlen (node->dn), FALSE);
  if (as_change)
    casarray_ldif_append_value (out, "changetype", "add", 3, FALSE);
  for (guint i = 0; i < node->attributes->len; i++)
    {
      CasarrayStoreAttribute *attribute = g_ptr_array_index (node->attributes, i);

      for (guint j = 0; j < attribute->values->len; j++)
        casarray_ldif_append_bytes (out, attribute->name, g_ptr_array_index (attribute->values, j));
    }
  g_string_append_c (out, '\n');
}

void
casarray_store_index_write (CasarrayStoreIndex *index,
                            GString            *out)
{
  for (GList *link = index->order.head; link != NULL; link = link->next)
    append_node_ldif (link->data, FALSE, out);
}

gboolean
casarray_store_index_write_add (CasarrayStoreIndex *index,
                                const char         *dn,
                                GString            *out)
{
  Node *node = casarray_store_lookup_node (index, dn);

  if (node == NULL)
    return FALSE;
  append_node_ldif (node, TRUE, out);
  return TRUE;
}
