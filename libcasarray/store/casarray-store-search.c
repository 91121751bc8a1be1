/* casarray-store-search.c: searches of the index, and where its configuration naming context is
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
  classes = casarray_store_find_attribute (node->attributes, "objectClass");
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
  attribute = casarray_store_find_attribute (node->attributes, match->attribute);
  for (guint i = 0; attribute != NULL && i < attribute->values->len; i++)
    {
      gsize length;
      const void *data = g_bytes_get_data (g_ptr_array_index (attribute->values, i), &length);
      g_autofree char *key = casarray_store_value_key (index->dn_cache, match->attribute, data, length);

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

static void
add_array (GPtrArray *out,
           GPtrArray *nodes)
{
  if (nodes != NULL)
    g_ptr_array_extend (out, nodes, NULL, NULL);
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
  base_ndn = casarray_store_normalize_dn (query->base, strlen (query->base));
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
          match.key = casarray_store_value_key (index->dn_cache, any->attribute, any->value, strlen (any->value));
          match.indexed = casarray_store_is_indexed (any->attribute);
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
                                : casarray_store_index_key (match->attribute, match->key);
              add_array (candidates, g_hash_table_lookup (index->by_value, key));
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
        add_array (candidates, casarray_store_index_lookup_set (index, "objectClass", class_key));
      else
        collect_subtree (base, candidates);

      if (query->scope == CASARRAY_SCOPE_ONE && casarray_store_node_child_count (base) < candidates->len)
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

  return casarray_store_split_dn (dn, &parts) &&
         strncmp (parts.ndn, rdn, length) == 0 &&
         (parts.ndn[length] == ',' || parts.ndn[length] == '\0');
}

static Node *
first_of_class (CasarrayStoreIndex *index,
                const char         *object_class)
{
  g_autofree char *key = g_ascii_strdown (object_class, -1);
  GPtrArray *set = casarray_store_index_lookup_set (index, "objectClass", key);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();

  add_array (nodes, set);
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
                Node *node = casarray_store_lookup_node (index, text);
                found = g_strdup (node != NULL ? node->dn : text);
              }
            ldap_memfree (text);
          }
      ldap_dnfree (parsed);
      if (found != NULL)
        return found;
    }

  add_array (configurations, casarray_store_index_lookup_set (index, "objectClass", key));
  g_ptr_array_sort (configurations, compare_seq);
  for (guint i = 0; i < configurations->len; i++)
    {
      Node *node = g_ptr_array_index (configurations, i);

      if (is_configuration_rdn (node->dn))
        return g_strdup (node->dn);
    }
  return NULL;
}
