/* casarray-entry.c: one directory entry as the backends hand it to the model
 *
 * A listing builds tens of thousands of entries, so an entry is laid out
 * for few allocations: the DN, the values and their pointer arrays live
 * in one arena that starts right after the struct (sized by the backend,
 * which knows how big the entry it is converting is), attribute names are
 * interned (a directory has a few hundred of them, entries share them), and
 * attributes are a small array searched linearly (an entry has about a
 * dozen; a hash table per entry cost more to build than all its lookups).
 * Nothing is freed before the entry is: removing an attribute only drops
 * it from the array.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "casarray-entry.h"

typedef struct {
  const char *name;       /* interned, as first seen */
  char      **values;     /* NULL-terminated, in the arena */
  guint32     name_key;   /* name_key(): most names that differ differ here */
  guint       name_length;
  guint       n_values;
  guint       capacity;   /* room in values, the NULL not counted */
} Attribute;

/* An arena block beyond the first. */
typedef struct Block {
  struct Block *next;
  char          data[];
} Block;

struct _CasarrayEntry
{
  gatomicrefcount  ref_count;
  guint            n_attributes;
  guint            attributes_capacity;
  char            *dn;
  Attribute       *attributes;   /* in insertion order, in the arena */
  GPtrArray       *names;        /* const char*, built by get_attributes */
  char            *free_space;   /* the unused end of the current block */
  gsize            free_left;
  Block           *blocks;
  char             first_block[];
};

#define DEFAULT_ATTRIBUTES 8
#define MIN_BLOCK 512

/* @size bytes from the arena, aligned for pointers when @align. */
static gpointer
arena_alloc (CasarrayEntry *entry,
             gsize          size,
             gboolean       align)
{
  gsize pad = align ? (-(guintptr) entry->free_space) & (sizeof (gpointer) - 1) : 0;
  char *out;

  if (pad + size > entry->free_left)
    {
      gsize block_size = MAX (size + sizeof (gpointer), MIN_BLOCK);
      Block *block = g_malloc (sizeof (Block) + block_size);

      block->next = entry->blocks;
      entry->blocks = block;
      entry->free_space = block->data;
      entry->free_left = block_size;
      pad = (-(guintptr) entry->free_space) & (sizeof (gpointer) - 1);
      if (!align)
        pad = 0;
    }
  out = entry->free_space + pad;
  entry->free_space += pad + size;
  entry->free_left -= pad + size;
  return out;
}

static char *
arena_strndup (CasarrayEntry *entry,
               const char    *text,
               gsize          length)
{
  char *copy = arena_alloc (entry, length + 1, FALSE);

  memcpy (copy, text, length);
  copy[length] = '\0';
  return copy;
}

/* Names are interned through GLib's table (a lock and a hash per call),
 * behind a small per-thread cache: a search hands out the same dozen
 * names for every entry.  @name need not be NUL-terminated. */
#define NAME_CACHE_SIZE 64

typedef struct {
  const char *name;
  gsize       length;
} CachedName;

static __thread CachedName name_cache[NAME_CACHE_SIZE];

static const char *
intern_name (const char *name,
             gsize       length)
{
  char buffer[128];
  g_autofree char *long_name = NULL;
  guint32 hash = 2166136261u;   /* FNV-1a */
  CachedName *slot;

  for (gsize i = 0; i < length; i++)
    hash = (hash ^ (guchar) name[i]) * 16777619u;
  slot = &name_cache[hash % NAME_CACHE_SIZE];
  if (slot->name != NULL && slot->length == length && memcmp (slot->name, name, length) == 0)
    return slot->name;

  slot->length = length;
  if (length < sizeof buffer)
    {
      memcpy (buffer, name, length);
      buffer[length] = '\0';
      return slot->name = g_intern_string (buffer);
    }
  long_name = g_strndup (name, length);
  return slot->name = g_intern_string (long_name);
}

CasarrayEntry *
casarray_entry_new_sized (const char *dn,
                          gssize      dn_length,
                          guint       n_attributes,
                          gsize       n_bytes)
{
  gsize length;
  gsize arena;
  CasarrayEntry *entry;

  g_return_val_if_fail (dn != NULL, NULL);

  length = dn_length < 0 ? strlen (dn) : (gsize) dn_length;
  if (n_attributes == 0)
    n_attributes = DEFAULT_ATTRIBUTES;
  arena = length + 1 + n_attributes * sizeof (Attribute) + n_bytes + 2 * sizeof (gpointer);
  entry = g_malloc (sizeof (CasarrayEntry) + arena);
  g_atomic_ref_count_init (&entry->ref_count);
  entry->n_attributes = 0;
  entry->names = NULL;
  entry->blocks = NULL;
  entry->free_space = entry->first_block;
  entry->free_left = arena;
  entry->attributes_capacity = n_attributes;
  entry->attributes = arena_alloc (entry, n_attributes * sizeof (Attribute), TRUE);
  entry->dn = arena_strndup (entry, dn, length);
  return entry;
}

CasarrayEntry *
casarray_entry_new (const char *dn)
{
  return casarray_entry_new_sized (dn, -1, 0, 256);
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
  if (entry->names != NULL)
    g_ptr_array_unref (entry->names);
  while (entry->blocks != NULL)
    {
      Block *next = entry->blocks->next;

      g_free (entry->blocks);
      entry->blocks = next;
    }
  g_free (entry);
}

const char *
casarray_entry_get_dn (const CasarrayEntry *entry)
{
  return entry->dn;
}

/* g_ascii_tolower() is a call, and this is every lookup's inner loop. */
static inline char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? (char) (c - 'A' + 'a') : c;
}

/* ASCII case-insensitive equality of @length bytes: attribute names are
 * keystrings or OIDs (RFC 4512), so ASCII is all there is to fold. */
static inline gboolean
same_name (const char *a,
           const char *b,
           gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (a[i] != b[i] && ascii_lower (a[i]) != ascii_lower (b[i]))
      return FALSE;
  return TRUE;
}

/* The length and the folded first and last characters: names of one
 * entry share prefixes (msExch...), rarely all three. */
static inline guint32
name_key (const char *name,
          gsize       length)
{
  if (length == 0)
    return 0;
  return (guint32) (length & 0xffff) | (guint32) (guchar) ascii_lower (name[0]) << 16 |
         (guint32) (guchar) ascii_lower (name[length - 1]) << 24;
}

static Attribute *
lookup_len (const CasarrayEntry *entry,
            const char          *attribute,
            gsize                length)
{
  guint32 key = name_key (attribute, length);

  for (guint i = 0; i < entry->n_attributes; i++)
    {
      Attribute *found = &entry->attributes[i];

      if (found->name_key == key && found->name_length == length &&
          (found->name == attribute || same_name (found->name, attribute, length)))
        return found;
    }
  return NULL;
}

static Attribute *
lookup (const CasarrayEntry *entry,
        const char          *attribute)
{
  return lookup_len (entry, attribute, strlen (attribute));
}

/* Grows @attribute's pointer array to hold @room more values. */
static void
make_room (CasarrayEntry *entry,
           Attribute     *attribute,
           guint          room)
{
  guint capacity;
  char **values;

  if (attribute->n_values + room <= attribute->capacity)
    return;
  capacity = MAX (attribute->n_values + room, attribute->capacity * 2);
  values = arena_alloc (entry, (capacity + 1) * sizeof (char *), TRUE);
  if (attribute->n_values > 0)
    memcpy (values, attribute->values, attribute->n_values * sizeof (char *));
  values[attribute->n_values] = NULL;
  attribute->values = values;
  attribute->capacity = capacity;
}

static Attribute *
lookup_or_create (CasarrayEntry *entry,
                  const char    *attribute,
                  gsize          length,
                  guint          room)
{
  Attribute *last = entry->n_attributes > 0 ? &entry->attributes[entry->n_attributes - 1] : NULL;
  Attribute *found;

  /* a backend adds the values of the attribute it has just begun */
  if (last != NULL && last->name_length == length && same_name (last->name, attribute, length))
    found = last;
  else
    found = lookup_len (entry, attribute, length);
  if (found == NULL)
    {
      if (entry->n_attributes == entry->attributes_capacity)
        {
          guint capacity = entry->attributes_capacity * 2;
          Attribute *attributes = arena_alloc (entry, capacity * sizeof (Attribute), TRUE);

          memcpy (attributes, entry->attributes, entry->n_attributes * sizeof (Attribute));
          entry->attributes = attributes;
          entry->attributes_capacity = capacity;
        }
      found = &entry->attributes[entry->n_attributes++];
      found->name = intern_name (attribute, length);
      found->name_length = length;
      found->name_key = name_key (attribute, length);
      found->n_values = 0;
      found->capacity = 0;
      found->values = NULL;
      if (entry->names != NULL)
        g_ptr_array_add (entry->names, (gpointer) found->name);
    }
  make_room (entry, found, room);
  return found;
}

void
casarray_entry_reserve (CasarrayEntry *entry,
                        const char    *attribute,
                        gssize         attribute_length,
                        guint          n_values)
{
  lookup_or_create (entry, attribute,
                    attribute_length < 0 ? strlen (attribute) : (gsize) attribute_length,
                    n_values);
}

void
casarray_entry_add_value_len (CasarrayEntry *entry,
                              const char    *attribute,
                              gssize         attribute_length,
                              const char    *value,
                              gsize          length)
{
  Attribute *found;

  g_return_if_fail (value != NULL);

  found = lookup_or_create (entry, attribute,
                            attribute_length < 0 ? strlen (attribute) : (gsize) attribute_length,
                            1);
  found->values[found->n_values++] = arena_strndup (entry, value, length);
  found->values[found->n_values] = NULL;
}

void
casarray_entry_add_value (CasarrayEntry *entry,
                          const char    *attribute,
                          const char    *value)
{
  g_return_if_fail (value != NULL);

  casarray_entry_add_value_len (entry, attribute, -1, value, strlen (value));
}

static void
remove_attribute (CasarrayEntry *entry,
                  const char    *attribute)
{
  Attribute *found = lookup (entry, attribute);
  guint at;

  if (found == NULL)
    return;
  if (entry->names != NULL)
    g_ptr_array_remove (entry->names, (gpointer) found->name);
  at = found - entry->attributes;
  memmove (found, found + 1, (entry->n_attributes - at - 1) * sizeof (Attribute));
  entry->n_attributes--;
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

  if (found == NULL || found->n_values == 0)
    return NULL;
  return (const char * const *) found->values;
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
  /* Built on first use (only writes need it), then kept in step by the
   * changes above; the entry owns it, so this does not change what the
   * entry holds. */
  if (entry->names == NULL)
    {
      CasarrayEntry *self = (CasarrayEntry *) entry;

      self->names = g_ptr_array_sized_new (entry->n_attributes);
      for (guint i = 0; i < entry->n_attributes; i++)
        g_ptr_array_add (self->names, (gpointer) entry->attributes[i].name);
    }
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
