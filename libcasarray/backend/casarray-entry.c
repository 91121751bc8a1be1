/* casarray-entry.c: one directory entry as the backends hand it to the model
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-entry.h"

typedef struct {
  char      *name;     /* as first seen */
  GPtrArray *values;   /* char*, NULL-terminated */
} Attribute;

struct _CasarrayEntry
{
  gatomicrefcount  ref_count;
  char            *dn;
  GPtrArray       *attributes;   /* Attribute*, in insertion order */
  GHashTable      *by_name;      /* casefolded name -> Attribute* */
  GPtrArray       *names;        /* const char*, for get_attributes */
};

static void
attribute_free (Attribute *attribute)
{
  g_free (attribute->name);
  g_ptr_array_unref (attribute->values);
  g_free (attribute);
}

static char *
fold_name (const char *attribute)
{
  return g_ascii_strdown (attribute, -1);
}

CasarrayEntry *
casarray_entry_new (const char *dn)
{
  CasarrayEntry *entry = g_new0 (CasarrayEntry, 1);

  g_return_val_if_fail (dn != NULL, NULL);

  g_atomic_ref_count_init (&entry->ref_count);
  entry->dn = g_strdup (dn);
  entry->attributes = g_ptr_array_new_with_free_func ((GDestroyNotify) attribute_free);
  entry->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  entry->names = g_ptr_array_new ();
  return entry;
}

CasarrayEntry *
casarray_entry_ref (CasarrayEntry *entry)
{
  g_atomic_ref_count_inc (&entry->ref_count);
  return entry;
}

void
casarray_entry_unref (CasarrayEntry *entry)
{
  if (entry == NULL || !g_atomic_ref_count_dec (&entry->ref_count))
    return;
  g_hash_table_unref (entry->by_name);
  g_ptr_array_unref (entry->attributes);
  g_ptr_array_unref (entry->names);
  g_free (entry->dn);
  g_free (entry);
}

const char *
casarray_entry_get_dn (const CasarrayEntry *entry)
{
  return entry->dn;
}

static Attribute *
lookup (const CasarrayEntry *entry,
        const char          *attribute)
{
  g_autofree char *folded = fold_name (attribute);

  return g_hash_table_lookup (entry->by_name, folded);
}

static Attribute *
lookup_or_create (CasarrayEntry *entry,
                  const char    *attribute)
{
  Attribute *found = lookup (entry, attribute);

  if (found == NULL)
    {
      found = g_new0 (Attribute, 1);
      found->name = g_strdup (attribute);
      found->values = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (found->values, NULL);
      g_ptr_array_add (entry->attributes, found);
      g_ptr_array_add (entry->names, found->name);
      g_hash_table_insert (entry->by_name, fold_name (attribute), found);
    }
  return found;
}

void
casarray_entry_add_value (CasarrayEntry *entry,
                          const char    *attribute,
                          const char    *value)
{
  Attribute *found;

  g_return_if_fail (value != NULL);

  found = lookup_or_create (entry, attribute);
  /* keep the trailing NULL in place */
  g_ptr_array_insert (found->values, found->values->len - 1, g_strdup (value));
}

static void
remove_attribute (CasarrayEntry *entry,
                  const char    *attribute)
{
  Attribute *found = lookup (entry, attribute);
  g_autofree char *folded = NULL;

  if (found == NULL)
    return;
  folded = fold_name (attribute);
  g_hash_table_remove (entry->by_name, folded);
  g_ptr_array_remove (entry->names, found->name);
  g_ptr_array_remove (entry->attributes, found);
}

void
casarray_entry_set_value (CasarrayEntry *entry,
                          const char    *attribute,
                          const char    *value)
{
  remove_attribute (entry, attribute);
  if (value != NULL)
    casarray_entry_add_value (entry, attribute, value);
}

const char * const *
casarray_entry_get_values (const CasarrayEntry *entry,
                           const char          *attribute)
{
  Attribute *found = lookup (entry, attribute);

  if (found == NULL || found->values->len <= 1)
    return NULL;
  return (const char * const *) found->values->pdata;
}

const char *
casarray_entry_get_first (const CasarrayEntry *entry,
                          const char          *attribute)
{
  const char * const *values = casarray_entry_get_values (entry, attribute);

  return values != NULL ? values[0] : NULL;
}

/* Case-insensitive value comparison (caseIgnoreMatch). */
static gboolean
has_value (const CasarrayEntry *entry,
           const char          *attribute,
           const char          *value)
{
  const char * const *values = casarray_entry_get_values (entry, attribute);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    if (g_ascii_strcasecmp (values[i], value) == 0)
      return TRUE;
  return FALSE;
}

gboolean
casarray_entry_has_object_class (const CasarrayEntry *entry,
                                 const char          *object_class)
{
  return has_value (entry, "objectClass", object_class);
}

GPtrArray *
casarray_entry_get_attributes (const CasarrayEntry *entry)
{
  return entry->names;
}

CasarrayMod *
casarray_mod_new (CasarrayModOp  op,
                  const char    *attribute,
                  const char    *value)
{
  CasarrayMod *mod = g_new0 (CasarrayMod, 1);

  mod->op = op;
  mod->attribute = g_strdup (attribute);
  if (value != NULL)
    {
      mod->values = g_new0 (char *, 2);
      mod->values[0] = g_strdup (value);
    }
  return mod;
}

void
casarray_mod_free (CasarrayMod *mod)
{
  if (mod == NULL)
    return;
  g_free (mod->attribute);
  g_strfreev (mod->values);
  g_free (mod);
}
