/* casarray-store-index.c: the embedded store's entries, in memory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-store-index.h"

#include <string.h>

#include <ldap.h>

#include "casarray/casarray-error.h"
#include "backend/casarray-dn.h"
#include "casarray-ldif-io.h"
#include "backend/casarray-syntax.h"

/* ---------------------------------------------------------------------- */
/* What the store knows of the schema                                     */

/* Attributes declared SINGLE-VALUE in data/schema/casarray.schema (and
 * displayName from inetorgperson) that the model or an AD export may
 * carry: a second value is refused, as slapd refuses it. */
static const char * const single_valued[] = {
  "objectGUID", "objectCategory", "adminDisplayName", "adminDescription",
  "showInAdvancedViewOnly", "systemFlags", "instanceType", "isCriticalSystemObject",
  "whenCreated", "whenChanged", "uSNCreated", "uSNChanged", "dNSHostName",
  "versionNumber", "serviceClassName", "serviceDNSName", "legacyExchangeDN",
  "heuristics", "msExchMinAdminVersion", "msExchAdminGroupMode",
  "msExchDefaultAdminGroup", "msExchServerSite", "msExchCurrentServerRoles",
  "msExchOwningServer", "msExchEDBFile", "msExchESEParamLogFilePath",
  "msExchMasterServerOrAvailabilityGroup", "msExchEDBOffline",
  "msExchESEParamCircularLog", "msExchDatabaseCreated", "msExchRestore",
  "deliveryMechanism", "msExchHostServerLink", "msExchActivationPreference",
  "displayName", "entryUUID", "entryCSN",
};

/* Attributes of DN syntax: values compare as normalised DNs. */
static const char * const dn_valued[] = {
  "distinguishedName", "objectCategory", "msExchServerSite", "msExchOwningServer",
  "msExchMasterServerOrAvailabilityGroup", "msExchHostServerLink", "member",
  "owner", "seeAlso", "creatorsName", "modifiersName",
  "siteObject", "siteList",   /* a subnet's and a site link's sites, which Remove-ADSite looks for */
};

/* Attributes the model searches on: indexed by normalised value. */
static const char * const indexed[] = {
  "objectClass", "cn", "name", "networkAddress", "legacyExchangeDN",
  "msExchServerSite", "msExchOwningServer", "keywords", "siteObject", "siteList",
};

/* Kept by the store itself: identity and creation order. */
static const char * const store_maintained[] = {
  "objectGUID", "entryUUID", "uSNCreated",
};

/* Index key prefix of the textual GUID (objectGUID or entryUUID). */
#define GUID_KEY_PREFIX CASARRAY_ATTR_GUID "="

static gboolean
in_list (const char * const *list,
         gsize               n,
         const char         *attribute)
{
  for (gsize i = 0; i < n; i++)
    if (g_ascii_strcasecmp (list[i], attribute) == 0)
      return TRUE;
  return FALSE;
}

#define IN_LIST(list, attribute) in_list (list, G_N_ELEMENTS (list), attribute)

static gboolean
is_single_valued (const char *attribute)
{
  return IN_LIST (single_valued, attribute);
}

/* ---------------------------------------------------------------------- */
/* Values and their matching keys                                          */

/* The DN key of @dn (@length bytes), as casarray_dn_normalize() makes it,
 * so that the store and the operations above it agree on which DNs name
 * one entry; NULL if it is not a DN the directory would take. */
static char *
normalize_dn (const char *dn,
              gsize       length)
{
  g_autofree char *copy = NULL;

  /* a NUL would cut the DN short and make it another one */
  if (memchr (dn, '\0', length) != NULL)
    return NULL;
  copy = g_strndup (dn, length);
  return casarray_dn_normalize (copy);
}

/* Normalised DNs by DN as written: the same few server and site DNs are
 * the values of thousands of entries. */
#define DN_CACHE_MAX 65536

/* Attributes whose EQUALITY is not caseIgnoreMatch (the rule of every
 * other attribute the model uses, in data/schema/casarray.schema and the
 * core schema; the integer, boolean and time syntaxes allow one spelling
 * of each value, which caseIgnoreMatch keys leave as it is). */
static const char * const octet_valued[] = {   /* octetStringMatch */
  "objectGUID",
};
static const char * const ia5_valued[] = {     /* caseIgnoreIA5Match */
  "dc", "domainComponent", "mail",
};
static const char * const oid_valued[] = {     /* objectIdentifierMatch */
  "objectClass",
};

/* The equality key of a value of @attribute under the attribute's
 * matching rule (see casarray-dn.h), or NULL when values are compared byte
 * for byte: octetStringMatch, and values the rule cannot take (not UTF-8,
 * a NUL, non-ASCII in an IA5 string).  @dn_cache (nullable) remembers DN
 * normalisations. */
static char *
value_key (GHashTable *dn_cache,
           const char *attribute,
           const void *value,
           gsize       length)
{
  if (IN_LIST (octet_valued, attribute))
    return NULL;
  if (IN_LIST (ia5_valued, attribute))
    return casarray_match_case_ignore_ia5 (value, (gssize) length);
  if (IN_LIST (oid_valued, attribute))
    {
      /* descriptors are ASCII and case-insensitive; slapd refuses spaces */
      for (gsize i = 0; i < length; i++)
        if (((const guchar *) value)[i] >= 0x80 || ((const char *) value)[i] == '\0')
          return NULL;
      return g_ascii_strdown (value, (gssize) length);
    }
  if (IN_LIST (dn_valued, attribute))
    {
      g_autofree char *raw = NULL;
      const char *cached;
      char *dn;

      if (dn_cache == NULL)
        {
          dn = normalize_dn (value, length);
          return dn != NULL ? dn : casarray_match_case_ignore (value, (gssize) length);
        }
      raw = g_strndup (value, length);
      cached = g_hash_table_lookup (dn_cache, raw);
      if (cached != NULL)
        return g_strdup (cached);
      dn = normalize_dn (value, length);
      if (dn == NULL)
        dn = casarray_match_case_ignore (value, (gssize) length);
      if (dn == NULL)
        return NULL;
      if (g_hash_table_size (dn_cache) >= DN_CACHE_MAX)
        g_hash_table_remove_all (dn_cache);
      g_hash_table_insert (dn_cache, g_steal_pointer (&raw), g_strdup (dn));
      return dn;
    }
  return casarray_match_case_ignore (value, (gssize) length);
}

static gboolean
values_equal (const char *attribute,
              GBytes     *a,
              GBytes     *b)
{
  gsize length_a, length_b;
  const void *data_a = g_bytes_get_data (a, &length_a);
  const void *data_b = g_bytes_get_data (b, &length_b);
  g_autofree char *key_a = value_key (NULL, attribute, data_a, length_a);
  g_autofree char *key_b = NULL;

  if (key_a == NULL)
    return g_bytes_equal (a, b);
  key_b = value_key (NULL, attribute, data_b, length_b);
  return key_b != NULL && strcmp (key_a, key_b) == 0;
}

/* ---------------------------------------------------------------------- */
/* Attributes                                                             */

CasarrayStoreAttribute *
casarray_store_attribute_new (const char *name)
{
  CasarrayStoreAttribute *attribute = g_new0 (CasarrayStoreAttribute, 1);

  attribute->name = g_strdup (name);
  attribute->values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  return attribute;
}

void
casarray_store_attribute_free (CasarrayStoreAttribute *attribute)
{
  if (attribute == NULL)
    return;
  g_free (attribute->name);
  g_ptr_array_unref (attribute->values);
  g_free (attribute);
}

void
casarray_store_attribute_add (CasarrayStoreAttribute *attribute,
                              const void             *value,
                              gsize                   length)
{
  g_ptr_array_add (attribute->values, g_bytes_new (value, length));
}

GPtrArray *
casarray_store_attributes_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_store_attribute_free);
}

static CasarrayStoreAttribute *
attribute_copy (const CasarrayStoreAttribute *attribute)
{
  CasarrayStoreAttribute *copy = casarray_store_attribute_new (attribute->name);

  for (guint i = 0; i < attribute->values->len; i++)
    g_ptr_array_add (copy->values, g_bytes_ref (g_ptr_array_index (attribute->values, i)));
  return copy;
}

static CasarrayStoreAttribute *
find_attribute (GPtrArray  *attributes,
                const char *name)
{
  for (guint i = 0; i < attributes->len; i++)
    {
      CasarrayStoreAttribute *attribute = g_ptr_array_index (attributes, i);

      if (g_ascii_strcasecmp (attribute->name, name) == 0)
        return attribute;
    }
  return NULL;
}

static gint
find_value (const CasarrayStoreAttribute *attribute,
            GBytes                       *value)
{
  for (guint i = 0; i < attribute->values->len; i++)
    if (values_equal (attribute->name, g_ptr_array_index (attribute->values, i), value))
      return (gint) i;
  return -1;
}

static const char *
first_text (GPtrArray  *attributes,
            const char *name,
            gsize      *length)
{
  CasarrayStoreAttribute *attribute = find_attribute (attributes, name);

  if (attribute == NULL || attribute->values->len == 0)
    return NULL;
  return g_bytes_get_data (g_ptr_array_index (attribute->values, 0), length);
}

CasarrayStoreMod *
casarray_store_mod_new (CasarrayModOp  op,
                        const char    *attribute)
{
  CasarrayStoreMod *mod = g_new0 (CasarrayStoreMod, 1);

  mod->op = op;
  mod->attribute = g_strdup (attribute);
  mod->values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  return mod;
}

void
casarray_store_mod_free (CasarrayStoreMod *mod)
{
  if (mod == NULL)
    return;
  g_free (mod->attribute);
  g_ptr_array_unref (mod->values);
  g_free (mod);
}

/* ---------------------------------------------------------------------- */
/* DNs                                                                    */

typedef struct {
  char *ndn;          /* normalised */
  char *parent_ndn;   /* normalised; NULL for a single RDN */
  char *rdn_type;     /* the first attribute of the first RDN */
  char *rdn_value;    /* its value, unescaped */
} DnParts;

static void
dn_parts_clear (DnParts *parts)
{
  g_clear_pointer (&parts->ndn, g_free);
  g_clear_pointer (&parts->parent_ndn, g_free);
  g_clear_pointer (&parts->rdn_type, g_free);
  g_clear_pointer (&parts->rdn_value, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DnParts, dn_parts_clear)

/* One parse gives everything the tree needs of a DN. */
static gboolean
split_dn (const char *dn,
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
      dn_parts_clear (parts);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Nodes                                                                  */

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
  char       *ldif;        /* cached LDIF of the entry, or NULL */
};

struct _CasarrayStoreIndex
{
  GHashTable *by_ndn;     /* ndn -> Node*, owns the nodes */
  GHashTable *by_value;   /* "attribute=key" -> GHashTable set of Node* */
  GQueue      order;      /* Node* by seq: parents before children */
  guint64     next_seq;
  guint64     max_usn;    /* highest uSNCreated of any entry seen */
  GHashTable *dn_cache;   /* DN as written -> normalised, for value keys */
};

static void
node_free (Node *node)
{
  g_free (node->dn);
  g_free (node->ndn);
  g_clear_pointer (&node->children, g_hash_table_unref);
  g_ptr_array_unref (node->attributes);
  g_free (node->guid);
  g_free (node->creation);
  g_free (node->ldif);
  g_free (node);
}

static guint
node_child_count (const Node *node)
{
  return node->children != NULL ? g_hash_table_size (node->children) : 0;
}

CasarrayStoreIndex *
casarray_store_index_new (void)
{
  CasarrayStoreIndex *index = g_new0 (CasarrayStoreIndex, 1);

  index->by_ndn = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) node_free);
  index->by_value = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_hash_table_unref);
  g_queue_init (&index->order);
  index->dn_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
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
  g_free (index);
}

guint
casarray_store_index_get_size (CasarrayStoreIndex *index)
{
  return g_hash_table_size (index->by_ndn);
}

static Node *
lookup_node (CasarrayStoreIndex *index,
             const char         *dn)
{
  g_autofree char *ndn = normalize_dn (dn, strlen (dn));

  return ndn != NULL ? g_hash_table_lookup (index->by_ndn, ndn) : NULL;
}

/* The GUID and creation order, from what the entry holds. */
static void
node_update_pseudo (Node *node)
{
  gsize length = 0;
  const char *guid_bytes = first_text (node->attributes, "objectGUID", &length);
  const char *text;

  g_clear_pointer (&node->guid, g_free);
  g_clear_pointer (&node->creation, g_free);

  if (guid_bytes != NULL && length == 16)
    node->guid = casarray_guid_format ((const guint8 *) guid_bytes);
  else if ((text = first_text (node->attributes, "entryUUID", &length)) != NULL)
    {
      g_autofree char *uuid = g_strndup (text, length);
      guint8 bytes[16];

      /* entryUUID is the GUID as written: no byte swapping */
      if (casarray_guid_parse (uuid, bytes))
        node->guid = g_ascii_strdown (uuid, -1);
    }

  if ((text = first_text (node->attributes, "uSNCreated", &length)) != NULL)
    {
      g_autofree char *usn = g_strndup (text, length);
      guint64 value;

      /* zero-padded, as the LDAP backend pads AD's, so strcmp orders it */
      if (g_ascii_string_to_unsigned (usn, 10, 0, G_MAXUINT64, &value, NULL))
        node->creation = g_strdup_printf ("%020" G_GUINT64_FORMAT, value);
      else
        node->creation = g_steal_pointer (&usn);
    }
  else if ((text = first_text (node->attributes, "entryCSN", &length)) != NULL)
    node->creation = g_strndup (text, length);
}

static guint64
node_usn (const Node *node)
{
  gsize length = 0;
  const char *usn = first_text (node->attributes, "uSNCreated", &length);
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

static char *
index_key (const char *attribute,
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
  GHashTable *set = g_hash_table_lookup (index->by_value, full_key);

  if (set == NULL)
    {
      set = g_hash_table_new (NULL, NULL);
      g_hash_table_insert (index->by_value, full_key, set);
    }
  else
    g_free (full_key);
  g_hash_table_add (set, node);
}

static void
index_remove_key (CasarrayStoreIndex *index,
                  const char         *full_key,
                  Node               *node)
{
  GHashTable *set = g_hash_table_lookup (index->by_value, full_key);

  if (set == NULL)
    return;
  g_hash_table_remove (set, node);
  if (g_hash_table_size (set) == 0)
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

      if (!IN_LIST (indexed, attribute->name))
        continue;
      for (guint j = 0; j < attribute->values->len; j++)
        {
          gsize length;
          const void *data = g_bytes_get_data (g_ptr_array_index (attribute->values, j), &length);
          g_autofree char *key = value_key (index->dn_cache, attribute->name, data, length);

          if (key != NULL)
            func (index, index_key (attribute->name, key), node);
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

static GHashTable *
index_lookup (CasarrayStoreIndex *index,
              const char         *attribute,
              const char         *key)
{
  g_autofree char *full_key = index_key (attribute, key);

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
      char *key = data != NULL ? value_key (NULL, attribute->name, data, length) : NULL;
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
static char *
entry_problem (const DnParts *parts,
               GPtrArray     *attributes)
{
  CasarrayStoreAttribute *classes = find_attribute (attributes, "objectClass");
  CasarrayStoreAttribute *naming = find_attribute (attributes, parts->rdn_type);
  g_autoptr(GBytes) rdn_value = g_bytes_new (parts->rdn_value, strlen (parts->rdn_value));

  if (classes == NULL || classes->values->len == 0)
    return g_strdup ("it has no objectClass");
  if (naming == NULL || find_value (naming, rdn_value) < 0)
    return g_strdup_printf ("its %s attribute lacks the value of its RDN, “%s”",
                            parts->rdn_type, parts->rdn_value);
  for (guint i = 0; i < attributes->len; i++)
    {
      CasarrayStoreAttribute *attribute = g_ptr_array_index (attributes, i);
      g_autofree char *twice = NULL;

      if (attribute->values->len > 1 && is_single_valued (attribute->name))
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

static Node *
insert_node (CasarrayStoreIndex *index,
             const char         *dn,
             DnParts            *parts,       /* ndn is taken */
             Node               *parent,
             GPtrArray          *attributes)  /* taken */
{
  Node *node = g_new0 (Node, 1);

  node->dn = g_strdup (dn);
  node->ndn = g_steal_pointer (&parts->ndn);
  node->parent = parent;
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
  node->attributes = attributes;
  node_update_pseudo (node);
  g_clear_pointer (&node->ldif, g_free);
  index_node (index, node);
}

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
  GPtrArray *attributes = casarray_store_attributes_new ();

  for (LDAPMod **mod = mods; mod != NULL && *mod != NULL; mod++)
    {
      CasarrayStoreAttribute *attribute = find_attribute (attributes, (*mod)->mod_type);

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
  if (!split_dn (dn, &parts))
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
  problem = entry_problem (&parts, attributes);
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
  node = insert_node (state->index, dn, &parts, parent, g_steal_pointer (&attributes));
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

static gboolean
is_binary (const char *attribute,
           GBytes     *value)
{
  gsize length;
  const char *data = g_bytes_get_data (value, &length);

  return g_ascii_strcasecmp (attribute, "objectGUID") == 0 ||
         !g_utf8_validate_len (data, length, NULL);
}

static const char *
node_ldif (Node *node)
{
  GString *out;

  if (node->ldif != NULL)
    return node->ldif;

  out = g_string_sized_new (512);
  casarray_ldif_append_value (out, "dn", node->dn, strlen (node->dn), FALSE);
  for (guint i = 0; i < node->attributes->len; i++)
    {
      CasarrayStoreAttribute *attribute = g_ptr_array_index (node->attributes, i);

      for (guint j = 0; j < attribute->values->len; j++)
        {
          GBytes *value = g_ptr_array_index (attribute->values, j);
          gsize length;
          const void *data = g_bytes_get_data (value, &length);

          casarray_ldif_append_value (out, attribute->name, data, length,
                                      is_binary (attribute->name, value));
        }
    }
  g_string_append_c (out, '\n');
  node->ldif = g_string_free (out, FALSE);
  return node->ldif;
}

void
casarray_store_index_write (CasarrayStoreIndex *index,
                            GString            *out)
{
  for (GList *link = index->order.head; link != NULL; link = link->next)
    g_string_append (out, node_ldif (link->data));
}

/* ---------------------------------------------------------------------- */
/* Changing                                                               */

static gboolean
is_store_maintained (const char *attribute)
{
  return IN_LIST (store_maintained, attribute);
}

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

  if (!split_dn (dn, &parts))
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
  if (find_attribute (owned, "objectGUID") == NULL && find_attribute (owned, "entryUUID") == NULL)
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
  if (find_attribute (owned, "uSNCreated") == NULL)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, index->max_usn + 1);
      CasarrayStoreAttribute *usn = casarray_store_attribute_new ("uSNCreated");

      casarray_store_attribute_add (usn, text, strlen (text));
      g_ptr_array_add (owned, usn);
    }

  problem = entry_problem (&parts, owned);
  if (problem != NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
                   "Cannot add %s: %s", dn, problem);
      return FALSE;
    }
  insert_node (index, dn, &parts, parent, g_steal_pointer (&owned));
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
  CasarrayStoreAttribute *attribute = find_attribute (attributes, mod->attribute);
  gboolean single = is_single_valued (mod->attribute);

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
        if (attribute != NULL && find_value (attribute, g_ptr_array_index (mod->values, i)) >= 0)
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
          gint found = find_value (attribute, g_ptr_array_index (mod->values, i));

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
  Node *node = lookup_node (index, dn);
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
    g_ptr_array_add (attributes, attribute_copy (g_ptr_array_index (node->attributes, i)));

  for (guint i = 0; i < mods->len; i++)
    {
      const CasarrayStoreMod *mod = g_ptr_array_index (mods, i);

      if (is_store_maintained (mod->attribute))
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
                       "Cannot modify %s: %s is maintained by the store", dn, mod->attribute);
          return FALSE;
        }
      if (!apply_mod (attributes, mod, node->dn, error))
        return FALSE;
    }

  split_dn (node->dn, &parts);
  problem = entry_problem (&parts, attributes);
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
  Node *node = lookup_node (index, dn);

  if (node == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND,
                   "Cannot delete %s: no such entry", dn);
      return FALSE;
    }
  if (node_child_count (node) > 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE,
                   "Cannot delete %s: it has %u entries below it", node->dn, node_child_count (node));
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
  Node *node = lookup_node (index, dn);
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
  if (node_child_count (node) > 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE,
                   "Cannot rename %s: it has %u entries below it", node->dn, node_child_count (node));
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

  split_dn (node->dn, &old_parts);
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
  if (!split_dn (new_dn, &new_parts))
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
    g_ptr_array_add (attributes, attribute_copy (g_ptr_array_index (node->attributes, i)));
  old_value = g_bytes_new (old_parts.rdn_value, strlen (old_parts.rdn_value));
  new_value = g_bytes_new (new_parts.rdn_value, strlen (new_parts.rdn_value));
  attribute = find_attribute (attributes, old_parts.rdn_type);
  if (attribute != NULL)
    {
      gint found = find_value (attribute, old_value);

      if (found >= 0)
        g_ptr_array_remove_index (attribute->values, (guint) found);
      if (attribute->values->len == 0)
        g_ptr_array_remove (attributes, attribute);
    }
  attribute = find_attribute (attributes, new_parts.rdn_type);
  if (attribute == NULL)
    {
      attribute = casarray_store_attribute_new (new_parts.rdn_type);
      g_ptr_array_add (attributes, attribute);
    }
  if (find_value (attribute, new_value) < 0)
    g_ptr_array_add (attribute->values, g_bytes_ref (new_value));
  problem = entry_problem (&new_parts, attributes);
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

/* ---------------------------------------------------------------------- */
/* Searching                                                              */

typedef struct {
  const char *attribute;
  char       *key;      /* normalised value; for the GUID, its canonical text */
  gboolean    guid;
  gboolean    indexed;
} Match;

static gboolean
node_has_class (const Node *node,
                const char *class_key)
{
  CasarrayStoreAttribute *classes;

  /* every structural class derives from top, as the server knows */
  if (strcmp (class_key, "top") == 0)
    return TRUE;
  classes = find_attribute (node->attributes, "objectClass");
  for (guint i = 0; classes != NULL && i < classes->values->len; i++)
    {
      gsize length;
      const char *data = g_bytes_get_data (g_ptr_array_index (classes->values, i), &length);

      if (length == strlen (class_key) && g_ascii_strncasecmp (data, class_key, length) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
node_matches (CasarrayStoreIndex *index,
              const Node         *node,
              const Match        *match)
{
  CasarrayStoreAttribute *attribute;

  if (match->key == NULL)
    return FALSE;
  if (match->guid)
    return node->guid != NULL && strcmp (node->guid, match->key) == 0;
  attribute = find_attribute (node->attributes, match->attribute);
  for (guint i = 0; attribute != NULL && i < attribute->values->len; i++)
    {
      gsize length;
      const void *data = g_bytes_get_data (g_ptr_array_index (attribute->values, i), &length);
      g_autofree char *key = value_key (index->dn_cache, match->attribute, data, length);

      if (key != NULL && strcmp (key, match->key) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
node_in_scope (const Node    *node,
               const Node    *base,
               CasarrayScope  scope)
{
  switch (scope)
    {
    case CASARRAY_SCOPE_BASE:
      return node == base;
    case CASARRAY_SCOPE_ONE:
      return node->parent == base;
    case CASARRAY_SCOPE_SUBTREE:
    default:
      for (const Node *up = node; up != NULL; up = up->parent)
        if (up == base)
          return TRUE;
      return FALSE;
    }
}

static void
collect_subtree (Node      *node,
                 GPtrArray *out)
{
  GHashTableIter iter;
  gpointer child;

  g_ptr_array_add (out, node);
  if (node->children == NULL)
    return;
  g_hash_table_iter_init (&iter, node->children);
  while (g_hash_table_iter_next (&iter, &child, NULL))
    collect_subtree (child, out);
}

static void
add_set (GPtrArray  *out,
         GHashTable *set)
{
  GHashTableIter iter;
  gpointer node;

  if (set == NULL)
    return;
  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &node, NULL))
    g_ptr_array_add (out, node);
}

static gint
compare_seq (gconstpointer a,
             gconstpointer b)
{
  const Node *node_a = *(Node * const *) a;
  const Node *node_b = *(Node * const *) b;

  return node_a->seq < node_b->seq ? -1 : node_a->seq > node_b->seq;
}

static gboolean
wanted (const char * const *attributes,
        const char         *name)
{
  if (attributes == NULL || g_ascii_strcasecmp (name, "objectClass") == 0)
    return TRUE;
  for (guint i = 0; attributes[i] != NULL; i++)
    if (g_ascii_strcasecmp (attributes[i], name) == 0)
      return TRUE;
  return FALSE;
}

/* An entry for the model: UTF-8 values of the attributes asked for (binary
 * values cannot be represented, as in the LDAP backend), and the
 * pseudo-attributes. */
static CasarrayEntry *
node_to_entry (const Node         *node,
               const char * const *attributes)
{
  CasarrayEntry *entry = casarray_entry_new (node->dn);

  for (guint i = 0; i < node->attributes->len; i++)
    {
      CasarrayStoreAttribute *attribute = g_ptr_array_index (node->attributes, i);

      if (g_ascii_strcasecmp (attribute->name, "objectGUID") == 0 ||
          !wanted (attributes, attribute->name))
        continue;
      for (guint j = 0; j < attribute->values->len; j++)
        {
          gsize length;
          const char *data = g_bytes_get_data (g_ptr_array_index (attribute->values, j), &length);
          g_autofree char *text = NULL;

          if (!g_utf8_validate_len (data, length, NULL))
            continue;
          text = g_strndup (data, length);
          casarray_entry_add_value (entry, attribute->name, text);
        }
    }
  if (node->guid != NULL)
    casarray_entry_set_value (entry, CASARRAY_ATTR_GUID, node->guid);
  if (node->creation != NULL)
    casarray_entry_set_value (entry, CASARRAY_ATTR_CREATION_ORDER, node->creation);
  return entry;
}

static gboolean
check_query (const CasarrayQuery  *query,
             GError              **error)
{
  if (query->base == NULL || query->object_class == NULL)
    {
      g_set_error_literal (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                           "A search needs a base and an object class");
      return FALSE;
    }
  for (guint i = 0; i < query->n_any; i++)
    {
      const CasarrayMatch *match = &query->any[i];

      if (match->value == NULL)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "No value to search “%s” for",
                       match->attribute != NULL ? match->attribute : "(null)");
          return FALSE;
        }
      if (g_strcmp0 (match->attribute, CASARRAY_ATTR_GUID) != 0 &&
          (!casarray_is_attribute_name (match->attribute) ||
           g_ascii_strcasecmp (match->attribute, CASARRAY_ATTR_CREATION_ORDER) == 0))
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "“%s” cannot be used as an attribute in a search filter",
                       match->attribute != NULL ? match->attribute : "(null)");
          return FALSE;
        }
    }
  for (guint i = 0; query->attributes != NULL && query->attributes[i] != NULL; i++)
    if (g_ascii_strcasecmp (query->attributes[i], CASARRAY_ATTR_GUID) != 0 &&
        g_ascii_strcasecmp (query->attributes[i], CASARRAY_ATTR_CREATION_ORDER) != 0 &&
        !casarray_is_attribute_name (query->attributes[i]))
      {
        g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                     "“%s” is not an attribute name", query->attributes[i]);
        return FALSE;
      }
  return TRUE;
}

static void
match_clear (Match *match)
{
  g_free (match->key);
}

GPtrArray *
casarray_store_index_search (CasarrayStoreIndex   *index,
                             const CasarrayQuery  *query,
                             GError              **error)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  g_autoptr(GArray) matches = NULL;
  g_autofree char *class_key = NULL;
  g_autofree char *exclude_key = NULL;
  g_autofree char *base_ndn = NULL;
  gboolean all_indexed;
  GPtrArray *entries;
  Node *base;

  if (!check_query (query, error))
    return NULL;
  base_ndn = normalize_dn (query->base, strlen (query->base));
  if (base_ndn == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
                   "Cannot search “%s”: not a valid distinguished name", query->base);
      return NULL;
    }
  base = g_hash_table_lookup (index->by_ndn, base_ndn);
  if (base == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND,
                   "Cannot search %s: no such entry", query->base);
      return NULL;
    }

  class_key = g_ascii_strdown (query->object_class, -1);
  exclude_key = query->exclude_class != NULL ? g_ascii_strdown (query->exclude_class, -1) : NULL;
  matches = g_array_sized_new (FALSE, TRUE, sizeof (Match), query->n_any);
  g_array_set_clear_func (matches, (GDestroyNotify) match_clear);
  all_indexed = query->n_any > 0;
  for (guint i = 0; i < query->n_any; i++)
    {
      const CasarrayMatch *any = &query->any[i];
      Match match = { any->attribute, NULL, FALSE, FALSE };

      if (g_strcmp0 (any->attribute, CASARRAY_ATTR_GUID) == 0)
        {
          guint8 bytes[16];

          /* a GUID that is not a GUID matches nothing */
          match.guid = TRUE;
          match.indexed = TRUE;
          if (casarray_guid_parse (any->value, bytes))
            match.key = casarray_guid_format (bytes);
        }
      else
        {
          match.key = value_key (index->dn_cache, any->attribute, any->value, strlen (any->value));
          match.indexed = IN_LIST (indexed, any->attribute);
        }
      all_indexed = all_indexed && match.indexed;
      g_array_append_val (matches, match);
    }

  /* The smallest set of entries that may match. */
  if (query->scope == CASARRAY_SCOPE_BASE)
    g_ptr_array_add (candidates, base);
  else
    {
      if (all_indexed)
        {
          for (guint i = 0; i < matches->len; i++)
            {
              Match *match = &g_array_index (matches, Match, i);
              g_autofree char *key = NULL;

              if (match->key == NULL)
                continue;
              key = match->guid ? g_strconcat (GUID_KEY_PREFIX, match->key, NULL)
                                : index_key (match->attribute, match->key);
              add_set (candidates, g_hash_table_lookup (index->by_value, key));
            }
          if (matches->len > 1)
            {
              /* the same entry may match several terms */
              g_ptr_array_sort (candidates, compare_seq);
              for (guint i = candidates->len; i > 1; i--)
                if (g_ptr_array_index (candidates, i - 1) == g_ptr_array_index (candidates, i - 2))
                  g_ptr_array_remove_index (candidates, i - 1);
            }
        }
      else if (strcmp (class_key, "top") != 0)
        add_set (candidates, index_lookup (index, "objectClass", class_key));
      else
        collect_subtree (base, candidates);

      if (query->scope == CASARRAY_SCOPE_ONE && node_child_count (base) < candidates->len)
        {
          g_ptr_array_set_size (candidates, 0);
          add_set (candidates, base->children);
        }
    }

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_entry_unref);
  g_ptr_array_sort (candidates, compare_seq);
  for (guint i = 0; i < candidates->len; i++)
    {
      const Node *node = g_ptr_array_index (candidates, i);
      gboolean any = matches->len == 0;

      if (!node_in_scope (node, base, query->scope) ||
          !node_has_class (node, class_key) ||
          (exclude_key != NULL && node_has_class (node, exclude_key)))
        continue;
      for (guint j = 0; !any && j < matches->len; j++)
        any = node_matches (index, node, &g_array_index (matches, Match, j));
      if (any)
        g_ptr_array_add (entries, node_to_entry (node, query->attributes));
    }
  return entries;
}

/* ---------------------------------------------------------------------- */
/* The configuration naming context                                       */

/* TRUE when the first RDN of @dn is CN=Configuration by
 * distinguishedNameMatch, as the directory would see it: any name of the
 * type (commonName, 2.5.4.3), the value by caseIgnoreMatch (so
 * "Configuration " and fullwidth letters are it too). */
static gboolean
is_configuration_rdn (const char *dn)
{
  g_auto(DnParts) parts = { 0 };
  g_autofree char *rdn = casarray_dn_normalize ("CN=Configuration");
  gsize length = strlen (rdn);

  return split_dn (dn, &parts) &&
         strncmp (parts.ndn, rdn, length) == 0 &&
         (parts.ndn[length] == ',' || parts.ndn[length] == '\0');
}

static Node *
first_of_class (CasarrayStoreIndex *index,
                const char         *object_class)
{
  g_autofree char *key = g_ascii_strdown (object_class, -1);
  GHashTable *set = index_lookup (index, "objectClass", key);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();

  add_set (nodes, set);
  if (nodes->len == 0)
    return NULL;
  g_ptr_array_sort (nodes, compare_seq);
  return g_ptr_array_index (nodes, 0);
}

char *
casarray_store_index_find_configuration_dn (CasarrayStoreIndex *index)
{
  Node *organization = first_of_class (index, "msExchOrganizationContainer");
  g_autofree char *key = g_ascii_strdown ("configuration", -1);
  g_autoptr(GPtrArray) configurations = g_ptr_array_new ();

  if (organization != NULL)
    {
      LDAPDN parsed = NULL;
      char *found = NULL;

      /* the first ancestor named CN=Configuration, in the tree or not */
      if (ldap_str2dn (organization->dn, &parsed, LDAP_DN_FORMAT_LDAPV3) == LDAP_SUCCESS)
        for (guint level = 1; parsed != NULL && parsed[level] != NULL && found == NULL; level++)
          {
            char *text = NULL;

            if (ldap_dn2str (&parsed[level], &text, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS)
              continue;
            if (is_configuration_rdn (text))
              {
                Node *node = lookup_node (index, text);
                found = g_strdup (node != NULL ? node->dn : text);
              }
            ldap_memfree (text);
          }
      ldap_dnfree (parsed);
      if (found != NULL)
        return found;
    }

  add_set (configurations, index_lookup (index, "objectClass", key));
  g_ptr_array_sort (configurations, compare_seq);
  for (guint i = 0; i < configurations->len; i++)
    {
      Node *node = g_ptr_array_index (configurations, i);

      if (is_configuration_rdn (node->dn))
        return g_strdup (node->dn);
    }
  return NULL;
}
