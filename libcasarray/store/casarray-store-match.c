/* casarray-store-match.c: what the store knows of the schema, the equality keys of values, and attributes
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

gboolean
casarray_store_is_single_valued (const char *attribute)
{
  return IN_LIST (single_valued, attribute);
}

gboolean
casarray_store_is_indexed (const char *attribute)
{
  return IN_LIST (indexed, attribute);
}

gboolean
casarray_store_is_maintained (const char *attribute)
{
  return IN_LIST (store_maintained, attribute);
}

/* ---------------------------------------------------------------------- */
/* Values and their matching keys                                          */

/* The DN key of @dn (@length bytes), as casarray_dn_normalize() makes it,
 * so that the store and the operations above it agree on which DNs name
 * one entry; NULL if it is not a DN the directory would take. */
char *
casarray_store_normalize_dn (const char *dn,
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
char *
casarray_store_value_key (GHashTable *dn_cache,
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
          dn = casarray_store_normalize_dn (value, length);
          return dn != NULL ? dn : casarray_match_case_ignore (value, (gssize) length);
        }
      raw = g_strndup (value, length);
      cached = g_hash_table_lookup (dn_cache, raw);
      if (cached != NULL)
        return g_strdup (cached);
      dn = casarray_store_normalize_dn (value, length);
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
  g_autofree char *key_a = casarray_store_value_key (NULL, attribute, data_a, length_a);
  g_autofree char *key_b = NULL;

  if (key_a == NULL)
    return g_bytes_equal (a, b);
  key_b = casarray_store_value_key (NULL, attribute, data_b, length_b);
  return key_b != NULL && strcmp (key_a, key_b) == 0;
}

/* ---------------------------------------------------------------------- */
/* Attributes                                                             */

CasarrayStoreAttribute *
casarray_store_attribute_new (const char *name)
{
  CasarrayStoreAttribute *attribute = g_new0 (CasarrayStoreAttribute, 1);

  /* a few dozen names for every entry of a store: one copy of each */
  attribute->name = g_intern_string (name);
  /* room for one value: most attributes have one, and GPtrArray's
   * default first allocation is 16 pointers */
  attribute->values = g_ptr_array_new_full (1, (GDestroyNotify) g_bytes_unref);
  return attribute;
}

void
casarray_store_attribute_free (CasarrayStoreAttribute *attribute)
{
  if (attribute == NULL)
    return;
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

CasarrayStoreAttribute *
casarray_store_attribute_copy (const CasarrayStoreAttribute *attribute)
{
  CasarrayStoreAttribute *copy = casarray_store_attribute_new (attribute->name);

  for (guint i = 0; i < attribute->values->len; i++)
    g_ptr_array_add (copy->values, g_bytes_ref (g_ptr_array_index (attribute->values, i)));
  return copy;
}

CasarrayStoreAttribute *
casarray_store_find_attribute (GPtrArray  *attributes,
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

gint
casarray_store_find_value (const CasarrayStoreAttribute *attribute,
            GBytes                       *value)
{
  for (guint i = 0; i < attribute->values->len; i++)
    if (values_equal (attribute->name, g_ptr_array_index (attribute->values, i), value))
      return (gint) i;
  return -1;
}

const char *
casarray_store_first_text (GPtrArray  *attributes,
            const char *name,
            gsize      *length)
{
  CasarrayStoreAttribute *attribute = casarray_store_find_attribute (attributes, name);

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
  mod->values = g_ptr_array_new_full (1, (GDestroyNotify) g_bytes_unref);
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
