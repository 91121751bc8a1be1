/* casarray-store-index.c: the embedded store's entries in memory: the tree, its indexes, the checks every entry passes and the changes (add, modify, delete, rename)
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

/* ---------------------------------------------------------------------- */
/* DNs                                                                    */


void
casarray_store_dn_parts_clear (DnParts *parts)
{
  g_clear_pointer (&parts->ndn, g_free);
  g_clear_pointer (&parts->parent_ndn, g_free);
  g_clear_pointer (&parts->rdn_type, g_free);
  g_clear_pointer (&parts->rdn_value, g_free);
}


/* One parse gives everything the tree needs of a DN. */
gboolean
casarray_store_split_dn (const char *dn,
          DnParts    *parts)
{
  LDAPDN parsed = NULL;
  LDAPAVA *ava;

  memset (parts, 0, sizeof *parts);
  if (dn == NULL || dn[0] == '\0' ||
      ldap_str2dn (dn, &parsed, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS ||
      parsed == NULL || parsed[0] == NULL)
    {
      ldap_dnfree (parsed);
      return FALSE;
    }
  /* An empty value in any RDN ("CN=", "CN=x,OU=,DC=com") parses, but
   * slapd refuses it for the string attributes names are made of, and
   * the value of the first one would be NULL below. */
  for (guint i = 0; parsed[i] != NULL; i++)
    for (guint j = 0; parsed[i][j] != NULL; j++)
      if (parsed[i][j]->la_value.bv_len == 0)
        {
          ldap_dnfree (parsed);
          return FALSE;
        }
  ava = parsed[0][0];
  parts->ndn = casarray_dn_normalize_parsed (parsed);
  parts->parent_ndn = parsed[1] != NULL ? casarray_dn_normalize_parsed (&parsed[1]) : NULL;
  parts->rdn_type = g_strndup (ava->la_attr.bv_val, ava->la_attr.bv_len);
  parts->rdn_value = g_strndup (ava->la_value.bv_val, ava->la_value.bv_len);
  ldap_dnfree (parsed);
  if (parts->ndn == NULL)
    {
      casarray_store_dn_parts_clear (parts);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Nodes                                                                  */


static void
node_free (Node *node)
{
  g_free (node->dn);
  g_free (node->ndn);
  g_clear_pointer (&node->children, g_hash_table_unref);
  g_ptr_array_unref (node->attributes);
  g_free (node->guid);
  g_free (node->creation);
  g_free (node);
}

guint
casarray_store_node_child_count (const Node *node)
{
  return node->children != NULL ? g_hash_table_size (node->children) : 0;
}

CasarrayStoreIndex *
casarray_store_index_new (void)
{
  CasarrayStoreIndex *index = g_new0 (CasarrayStoreIndex, 1);

  index->by_ndn = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) node_free);
  index->by_value = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&index->order);
  index->dn_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  index->shared_values = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                (GDestroyNotify) g_bytes_unref, NULL);
  return index;
}

void
casarray_store_index_free (CasarrayStoreIndex *index)
{
  if (index == NULL)
    return;
  g_hash_table_unref (index->by_value);
  g_hash_table_unref (index->by_ndn);
  g_hash_table_unref (index->dn_cache);
  g_hash_table_unref (index->shared_values);
  g_free (index);
}

guint
casarray_store_index_get_size (CasarrayStoreIndex *index)
{
  return g_hash_table_size (index->by_ndn);
}

Node *
casarray_store_lookup_node (CasarrayStoreIndex *index,
             const char         *dn)
{
  g_autofree char *ndn = casarray_store_normalize_dn (dn, strlen (dn));

  return ndn != NULL ? g_hash_table_lookup (index->by_ndn, ndn) : NULL;
}

/* The GUID and creation order, from what the entry holds. */
static void
node_update_pseudo (Node *node)
{
  gsize length = 0;
  const char *guid_bytes = casarray_store_first_text (node->attributes, "objectGUID", &length);
  const char *text;

  g_clear_pointer (&node->guid, g_free);
  g_clear_pointer (&node->creation, g_free);

  if (guid_bytes != NULL && length == 16)
    node->guid = casarray_guid_format ((const guint8 *) guid_bytes);
  else if ((text = casarray_store_first_text (node->attributes, "entryUUID", &length)) != NULL)
    {
      g_autofree char *uuid = g_strndup (text, length);
      guint8 bytes[16];

      /* entryUUID is the GUID as written: no byte swapping */
      if (casarray_guid_parse (uuid, bytes))
        node->guid = g_ascii_strdown (uuid, -1);
    }

  if ((text = casarray_store_first_text (node->attributes, "uSNCreated", &length)) != NULL)
    {
      g_autofree char *usn = g_strndup (text, length);
      guint64 value;

      /* zero-padded, as the LDAP backend pads AD's, so strcmp orders it */
      if (g_ascii_string_to_unsigned (usn, 10, 0, G_MAXUINT64, &value, NULL))
        node->creation = g_strdup_printf ("%020" G_GUINT64_FORMAT, value);
      else
        node->creation = g_steal_pointer (&usn);
    }
  else if ((text = casarray_store_first_text (node->attributes, "entryCSN", &length)) != NULL)
    node->creation = g_strndup (text, length);
}

static guint64
node_usn (const Node *node)
{
  gsize length = 0;
  const char *usn = casarray_store_first_text (node->attributes, "uSNCreated", &length);
  g_autofree char *text = NULL;
  guint64 value = 0;

  if (usn == NULL)
    return 0;
  text = g_strndup (usn, length);
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &value, NULL))
    return 0;
  return value;
}

/* ---------------------------------------------------------------------- */
/* The value index                                                        */

char *
casarray_store_index_key (const char *attribute,
           const char *key)
{
  g_autofree char *name = g_ascii_strdown (attribute, -1);

  return g_strconcat (name, "=", key, NULL);
}

static void
index_insert_key (CasarrayStoreIndex *index,
                  char               *full_key,   /* taken */
                  Node               *node)
{
  GPtrArray *set = g_hash_table_lookup (index->by_value, full_key);

  /* An array, not a hash set: most keys (names, DNs) have one entry, and
   * an array of one costs a tenth of a GHashTable. */
  if (set == NULL)
    {
      set = g_ptr_array_sized_new (1);
      g_hash_table_insert (index->by_value, full_key, set);
    }
  else
    g_free (full_key);
  /* no entry is added twice: two values of one attribute never share a
   * key (casarray_store_entry_problem refuses them) */
  g_ptr_array_add (set, node);
}

static void
index_remove_key (CasarrayStoreIndex *index,
                  const char         *full_key,
                  Node               *node)
{
  GPtrArray *set = g_hash_table_lookup (index->by_value, full_key);

  if (set == NULL)
    return;
  /* linear, but only big sets (objectClass) are scanned, once per change */
  g_ptr_array_remove_fast (set, node);
  if (set->len == 0)
    g_hash_table_remove (index->by_value, full_key);
}

/* Calls @func with every index key of @node. */
static void
node_foreach_key (Node  *node,
                  void (*func) (CasarrayStoreIndex *, char *, Node *),
                  CasarrayStoreIndex *index)
{
  for (guint i = 0; i < node->attributes->len; i++)
    {
      CasarrayStoreAttribute *attribute = g_ptr_array_index (node->attributes, i);

      if (!casarray_store_is_indexed (attribute->name))
        continue;
      for (guint j = 0; j < attribute->values->len; j++)
        {
          gsize length;
          const void *data = g_bytes_get_data (g_ptr_array_index (attribute->values, j), &length);
          g_autofree char *key = casarray_store_value_key (index->dn_cache, attribute->name, data, length);

          if (key != NULL)
            func (index, casarray_store_index_key (attribute->name, key), node);
        }
    }
  if (node->guid != NULL)
    func (index, g_strconcat (GUID_KEY_PREFIX, node->guid, NULL), node);
}

static void
insert_key_func (CasarrayStoreIndex *index, char *key, Node *node)
{
  index_insert_key (index, key, node);
}

static void
remove_key_func (CasarrayStoreIndex *index, char *key, Node *node)
{
  index_remove_key (index, key, node);
  g_free (key);
}

static void
index_node (CasarrayStoreIndex *index,
            Node               *node)
{
  node_foreach_key (node, insert_key_func, index);
}

static void
unindex_node (CasarrayStoreIndex *index,
              Node               *node)
{
  node_foreach_key (node, remove_key_func, index);
}

GPtrArray *
casarray_store_index_lookup_set (CasarrayStoreIndex *index,
              const char         *attribute,
              const char         *key)
{
  g_autofree char *full_key = casarray_store_index_key (attribute, key);

  return g_hash_table_lookup (index->by_value, full_key);
}

/* ---------------------------------------------------------------------- */
/* Checks every entry must pass                                           */

/* A value of @attribute that equals another one (as the directory
 * compares them: a server refuses an entry with both), shown for a
 * message, or NULL. */
static char *
value_given_twice (const CasarrayStoreAttribute *attribute)
{
  g_autoptr(GHashTable) seen = NULL;

  if (attribute->values->len < 2)
    return NULL;
  seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  for (guint i = 0; i < attribute->values->len; i++)
    {
      GBytes *value = g_ptr_array_index (attribute->values, i);
      gsize length;
      const char *data = g_bytes_get_data (value, &length);
      char *key = data != NULL ? casarray_store_value_key (NULL, attribute->name, data, length) : NULL;
      GBytes *entry;

      /* equality keys and raw bytes (values compared byte for byte) apart */
      if (key != NULL)
        {
          char *tagged = g_strconcat ("k", key, NULL);
          g_free (key);
          entry = g_bytes_new_take (tagged, strlen (tagged));
        }
      else
        {
          GByteArray *raw = g_byte_array_sized_new ((guint) length + 1);
          g_byte_array_append (raw, (const guint8 *) "r", 1);
          if (length > 0)
            g_byte_array_append (raw, (const guint8 *) data, (guint) length);
          entry = g_byte_array_free_to_bytes (raw);
        }
      if (!g_hash_table_add (seen, entry))
        return g_utf8_validate_len (data, length, NULL) ? g_strndup (data, length)
                                                        : g_strdup ("(a binary value)");
    }
  return NULL;
}

/* What is wrong with an entry, or NULL. */
char *
casarray_store_entry_problem (const DnParts *parts,
               GPtrArray     *attributes)
{
  CasarrayStoreAttribute *classes = casarray_store_find_attribute (attributes, "objectClass");
  CasarrayStoreAttribute *naming = casarray_store_find_attribute (attributes, parts->rdn_type);
  g_autoptr(GBytes) rdn_value = g_bytes_new (parts->rdn_value, strlen (parts->rdn_value));

  if (classes == NULL || classes->values->len == 0)
    return g_strdup ("it has no objectClass");
  if (naming == NULL || casarray_store_find_value (naming, rdn_value) < 0)
    return g_strdup_printf ("its %s attribute lacks the value of its RDN, “%s”",
                            parts->rdn_type, parts->rdn_value);
  for (guint i = 0; i < attributes->len; i++)
    {
      CasarrayStoreAttribute *attribute = g_ptr_array_index (attributes, i);
      g_autofree char *twice = NULL;

      if (attribute->values->len > 1 && casarray_store_is_single_valued (attribute->name))
        return g_strdup_printf ("the single-valued attribute %s has %u values",
                                attribute->name, attribute->values->len);
      /* Neither slapd (for Directory String and DN syntaxes, all the model
       * uses) nor Active Directory stores an empty value, and an empty
       * GBytes has no data pointer for the code that reads values. */
      for (guint j = 0; j < attribute->values->len; j++)
        if (g_bytes_get_size (g_ptr_array_index (attribute->values, j)) == 0)
          return g_strdup_printf ("the attribute %s has an empty value", attribute->name);
      twice = value_given_twice (attribute);
      if (twice != NULL)
        return g_strdup_printf ("the attribute %s has the value “%s” twice (values compare as the "
                                "directory compares them)", attribute->name, twice);
    }
  return NULL;
}

/* ---------------------------------------------------------------------- */
/* The tree                                                               */

/* The longest value shared between entries. */
#define SHARED_VALUE_MAX 512

/* Makes the values of @attributes that another entry already holds the
 * same GBytes: object classes, the DNs of servers and sites, flags and
 * the name an entry has as both cn and name repeat across thousands of
 * entries.  The values the store gives every entry (objectGUID,
 * uSNCreated) are unique and not shared.  The table keeps a reference to
 * each value it has seen, for the life of the index. */
static void
share_values (CasarrayStoreIndex *index,
              GPtrArray          *attributes)
{
  for (guint i = 0; i < attributes->len; i++)
    {
      CasarrayStoreAttribute *attribute = g_ptr_array_index (attributes, i);

      if (casarray_store_is_maintained (attribute->name))
        continue;
      for (guint j = 0; j < attribute->values->len; j++)
        {
          GBytes *value = g_ptr_array_index (attribute->values, j);
          GBytes *shared;

          if (g_bytes_get_size (value) > SHARED_VALUE_MAX)
            continue;
          shared = g_hash_table_lookup (index->shared_values, value);
          if (shared == NULL)
            g_hash_table_add (index->shared_values, g_bytes_ref (value));
          else if (shared != value)
            {
              g_ptr_array_index (attribute->values, j) = g_bytes_ref (shared);
              g_bytes_unref (value);
            }
        }
    }
}

Node *
casarray_store_insert_node (CasarrayStoreIndex *index,
             const char         *dn,
             DnParts            *parts,       /* ndn is taken */
             Node               *parent,
             GPtrArray          *attributes)  /* taken */
{
  Node *node = g_new0 (Node, 1);

  node->dn = g_strdup (dn);
  node->ndn = g_steal_pointer (&parts->ndn);
  node->parent = parent;
  share_values (index, attributes);
  node->attributes = attributes;
  node->seq = index->next_seq++;
  node->link.data = node;
  node_update_pseudo (node);
  index->max_usn = MAX (index->max_usn, node_usn (node));

  g_hash_table_insert (index->by_ndn, node->ndn, node);
  if (parent != NULL)
    {
      if (parent->children == NULL)
        parent->children = g_hash_table_new (NULL, NULL);
      g_hash_table_add (parent->children, node);
    }
  g_queue_push_tail_link (&index->order, &node->link);
  index_node (index, node);
  return node;
}

static void
remove_node (CasarrayStoreIndex *index,
             Node               *node)
{
  unindex_node (index, node);
  if (node->parent != NULL)
    g_hash_table_remove (node->parent->children, node);
  g_queue_unlink (&index->order, &node->link);
  g_hash_table_remove (index->by_ndn, node->ndn);
}

/* Replaces the attributes of @node (taken), keeping the indexes right. */
static void
replace_attributes (CasarrayStoreIndex *index,
                    Node               *node,
                    GPtrArray          *attributes)
{
  unindex_node (index, node);
  g_ptr_array_unref (node->attributes);
  share_values (index, attributes);
  node->attributes = attributes;
  node_update_pseudo (node);
  index_node (index, node);
}

/* ---------------------------------------------------------------------- */
/* Changing                                                               */

gboolean
casarray_store_index_add (CasarrayStoreIndex  *index,
                          const char          *dn,
                          GPtrArray           *attributes,
                          gboolean             as_root,
                          GError             **error)
{
  g_autoptr(GPtrArray) owned = attributes;
  g_auto(DnParts) parts = { 0 };
  g_autofree char *problem = NULL;
  Node *parent = NULL;

  if (!casarray_store_split_dn (dn, &parts))
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
                   "Cannot add “%s”: not a valid distinguished name", dn);
      return FALSE;
    }
  if (g_hash_table_contains (index->by_ndn, parts.ndn))
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS,
                   "Cannot add %s: the entry already exists", dn);
      return FALSE;
    }
  if (parts.parent_ndn != NULL)
    parent = g_hash_table_lookup (index->by_ndn, parts.parent_ndn);
  if (parent == NULL && !as_root)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND,
                   "Cannot add %s: its parent entry does not exist", dn);
      return FALSE;
    }

  /* What the server maintains: identity and creation order. */
  if (casarray_store_find_attribute (owned, "objectGUID") == NULL && casarray_store_find_attribute (owned, "entryUUID") == NULL)
    {
      g_autofree char *text = g_uuid_string_random ();
      CasarrayStoreAttribute *guid = casarray_store_attribute_new ("objectGUID");
      guint8 bytes[16];

      /* stored as AD stores it, so that the LDAP backend reads back the
       * same textual GUID once the file is loaded into a server */
      if (!casarray_guid_parse (text, bytes))
        g_assert_not_reached ();
      casarray_store_attribute_add (guid, bytes, sizeof bytes);
      g_ptr_array_add (owned, guid);
    }
  if (casarray_store_find_attribute (owned, "uSNCreated") == NULL)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, index->max_usn + 1);
      CasarrayStoreAttribute *usn = casarray_store_attribute_new ("uSNCreated");

      casarray_store_attribute_add (usn, text, strlen (text));
      g_ptr_array_add (owned, usn);
    }

  problem = casarray_store_entry_problem (&parts, owned);
  if (problem != NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
                   "Cannot add %s: %s", dn, problem);
      return FALSE;
    }
  casarray_store_insert_node (index, dn, &parts, parent, g_steal_pointer (&owned));
  return TRUE;
}

static char *
describe_value (GBytes *value)
{
  gsize length;
  const char *data = g_bytes_get_data (value, &length);

  if (g_utf8_validate_len (data, length, NULL))
    return g_strndup (data, length);
  return g_strdup_printf ("(%" G_GSIZE_FORMAT " bytes)", length);
}

static gboolean
apply_mod (GPtrArray               *attributes,
           const CasarrayStoreMod  *mod,
           const char              *dn,
           GError                 **error)
{
  CasarrayStoreAttribute *attribute = casarray_store_find_attribute (attributes, mod->attribute);
  gboolean single = casarray_store_is_single_valued (mod->attribute);

  switch (mod->op)
    {
    case CASARRAY_MOD_ADD:
      if (mod->values->len == 0)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "Adding to %s needs at least one value", mod->attribute);
          return FALSE;
        }
      for (guint i = 0; i < mod->values->len; i++)
        if (attribute != NULL && casarray_store_find_value (attribute, g_ptr_array_index (mod->values, i)) >= 0)
          {
            g_autofree char *text = describe_value (g_ptr_array_index (mod->values, i));
            g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONFLICT,
                         "Cannot modify %s: %s already has the value “%s” "
                         "(the value changed since it was read)", dn, mod->attribute, text);
            return FALSE;
          }
      if (single && ((attribute != NULL && attribute->values->len > 0) || mod->values->len > 1))
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONFLICT,
                       "Cannot modify %s: %s is single-valued and already has a value "
                       "(the value changed since it was read)", dn, mod->attribute);
          return FALSE;
        }
      if (attribute == NULL)
        {
          attribute = casarray_store_attribute_new (mod->attribute);
          g_ptr_array_add (attributes, attribute);
        }
      for (guint i = 0; i < mod->values->len; i++)
        g_ptr_array_add (attribute->values, g_bytes_ref (g_ptr_array_index (mod->values, i)));
      return TRUE;

    case CASARRAY_MOD_DELETE:
      if (attribute == NULL)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONFLICT,
                       "Cannot modify %s: it has no %s (the value changed since it was read)",
                       dn, mod->attribute);
          return FALSE;
        }
      for (guint i = 0; i < mod->values->len; i++)
        {
          gint found = casarray_store_find_value (attribute, g_ptr_array_index (mod->values, i));

          if (found < 0)
            {
              g_autofree char *text = describe_value (g_ptr_array_index (mod->values, i));
              g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONFLICT,
                           "Cannot modify %s: %s has no value “%s” "
                           "(the value changed since it was read)", dn, mod->attribute, text);
              return FALSE;
            }
          g_ptr_array_remove_index (attribute->values, (guint) found);
        }
      if (mod->values->len == 0 || attribute->values->len == 0)
        g_ptr_array_remove (attributes, attribute);
      return TRUE;

    case CASARRAY_MOD_REPLACE:
    default:
      if (single && mod->values->len > 1)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONFLICT,
                       "Cannot modify %s: %s is single-valued; %u values were given",
                       dn, mod->attribute, mod->values->len);
          return FALSE;
        }
      if (attribute != NULL)
        g_ptr_array_remove (attributes, attribute);
      if (mod->values->len > 0)
        {
          attribute = casarray_store_attribute_new (mod->attribute);
          for (guint i = 0; i < mod->values->len; i++)
            g_ptr_array_add (attribute->values, g_bytes_ref (g_ptr_array_index (mod->values, i)));
          g_ptr_array_add (attributes, attribute);
        }
      return TRUE;
    }
}

gboolean
casarray_store_index_modify (CasarrayStoreIndex  *index,
                             const char          *dn,
                             GPtrArray           *mods,
                             GError             **error)
{
  Node *node = casarray_store_lookup_node (index, dn);
  g_autoptr(GPtrArray) attributes = NULL;
  g_auto(DnParts) parts = { 0 };
  g_autofree char *problem = NULL;

  if (node == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND,
                   "Cannot modify %s: no such entry", dn);
      return FALSE;
    }

  attributes = casarray_store_attributes_new ();
  for (guint i = 0; i < node->attributes->len; i++)
    g_ptr_array_add (attributes, casarray_store_attribute_copy (g_ptr_array_index (node->attributes, i)));

  for (guint i = 0; i < mods->len; i++)
    {
      const CasarrayStoreMod *mod = g_ptr_array_index (mods, i);

      if (casarray_store_is_maintained (mod->attribute))
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
                       "Cannot modify %s: %s is maintained by the store", dn, mod->attribute);
          return FALSE;
        }
      if (!apply_mod (attributes, mod, node->dn, error))
        return FALSE;
    }

  casarray_store_split_dn (node->dn, &parts);
  problem = casarray_store_entry_problem (&parts, attributes);
  if (problem != NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
                   "Cannot modify %s: afterwards %s", node->dn, problem);
      return FALSE;
    }
  replace_attributes (index, node, g_steal_pointer (&attributes));
  return TRUE;
}

gboolean
casarray_store_index_remove (CasarrayStoreIndex  *index,
                             const char          *dn,
                             GError             **error)
{
  Node *node = casarray_store_lookup_node (index, dn);

  if (node == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND,
                   "Cannot delete %s: no such entry", dn);
      return FALSE;
    }
  if (casarray_store_node_child_count (node) > 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE,
                   "Cannot delete %s: it has %u entries below it", node->dn, casarray_store_node_child_count (node));
      return FALSE;
    }
  remove_node (index, node);
  return TRUE;
}

gboolean
casarray_store_index_rename (CasarrayStoreIndex  *index,
                             const char          *dn,
                             const char          *new_rdn,
                             GError             **error)
{
  Node *node = casarray_store_lookup_node (index, dn);
  g_auto(DnParts) old_parts = { 0 };
  g_auto(DnParts) new_parts = { 0 };
  g_autofree char *parent_dn = NULL;
  g_autofree char *new_dn = NULL;
  g_autoptr(GPtrArray) attributes = NULL;
  g_autoptr(GBytes) old_value = NULL;
  g_autoptr(GBytes) new_value = NULL;
  g_autofree char *problem = NULL;
  CasarrayStoreAttribute *attribute;
  LDAPDN parsed_rdn = NULL;
  Node *existing;
  gboolean single_rdn;

  if (node == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND,
                   "Cannot rename %s: no such entry", dn);
      return FALSE;
    }
  if (casarray_store_node_child_count (node) > 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE,
                   "Cannot rename %s: it has %u entries below it", node->dn, casarray_store_node_child_count (node));
      return FALSE;
    }
  single_rdn = new_rdn != NULL &&
               ldap_str2dn (new_rdn, &parsed_rdn, LDAP_DN_FORMAT_LDAPV3) == LDAP_SUCCESS &&
               parsed_rdn != NULL && parsed_rdn[0] != NULL && parsed_rdn[1] == NULL;
  ldap_dnfree (parsed_rdn);
  if (!single_rdn)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "Cannot rename %s: “%s” is not one RDN", node->dn, new_rdn ?: "(null)");
      return FALSE;
    }

  casarray_store_split_dn (node->dn, &old_parts);
  parent_dn = node->parent != NULL ? g_strdup (node->parent->dn) : NULL;
  if (parent_dn == NULL && old_parts.parent_ndn != NULL)
    {
      /* a root entry: keep the rest of its DN as written */
      LDAPDN parsed = NULL;
      char *text = NULL;

      if (ldap_str2dn (node->dn, &parsed, LDAP_DN_FORMAT_LDAPV3) == LDAP_SUCCESS &&
          ldap_dn2str (&parsed[1], &text, LDAP_DN_FORMAT_LDAPV3) == LDAP_SUCCESS)
        parent_dn = g_strdup (text);
      ldap_memfree (text);
      ldap_dnfree (parsed);
    }
  new_dn = parent_dn != NULL ? g_strconcat (new_rdn, ",", parent_dn, NULL) : g_strdup (new_rdn);
  if (!casarray_store_split_dn (new_dn, &new_parts))
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "Cannot rename %s to “%s”", node->dn, new_rdn);
      return FALSE;
    }
  existing = g_hash_table_lookup (index->by_ndn, new_parts.ndn);
  if (existing != NULL && existing != node)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS,
                   "Cannot rename %s: %s already exists", node->dn, existing->dn);
      return FALSE;
    }

  /* The old RDN value goes, the new one comes (deleteoldrdn). */
  attributes = casarray_store_attributes_new ();
  for (guint i = 0; i < node->attributes->len; i++)
    g_ptr_array_add (attributes, casarray_store_attribute_copy (g_ptr_array_index (node->attributes, i)));
  old_value = g_bytes_new (old_parts.rdn_value, strlen (old_parts.rdn_value));
  new_value = g_bytes_new (new_parts.rdn_value, strlen (new_parts.rdn_value));
  attribute = casarray_store_find_attribute (attributes, old_parts.rdn_type);
  if (attribute != NULL)
    {
      gint found = casarray_store_find_value (attribute, old_value);

      if (found >= 0)
        g_ptr_array_remove_index (attribute->values, (guint) found);
      if (attribute->values->len == 0)
        g_ptr_array_remove (attributes, attribute);
    }
  attribute = casarray_store_find_attribute (attributes, new_parts.rdn_type);
  if (attribute == NULL)
    {
      attribute = casarray_store_attribute_new (new_parts.rdn_type);
      g_ptr_array_add (attributes, attribute);
    }
  if (casarray_store_find_value (attribute, new_value) < 0)
    g_ptr_array_add (attribute->values, g_bytes_ref (new_value));
  problem = casarray_store_entry_problem (&new_parts, attributes);
  if (problem != NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
                   "Cannot rename %s to %s: afterwards %s", node->dn, new_dn, problem);
      return FALSE;
    }

  g_hash_table_steal (index->by_ndn, node->ndn);
  g_free (node->ndn);
  node->ndn = g_steal_pointer (&new_parts.ndn);
  g_free (node->dn);
  node->dn = g_steal_pointer (&new_dn);
  g_hash_table_insert (index->by_ndn, node->ndn, node);
  replace_attributes (index, node, g_steal_pointer (&attributes));
  return TRUE;
}

