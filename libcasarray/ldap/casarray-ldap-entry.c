/* casarray-ldap-entry.c: LDAP messages as CasarrayEntry, with the pseudo-attributes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldap-private.h"

#include <string.h>

#include "backend/casarray-syntax.h"

/* uSNCreated is a decimal number; padding makes strcmp order numeric. */
static char *
pad_usn (const char *usn)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (usn, 10, 0, G_MAXUINT64, &value, NULL))
    return g_strdup (usn);
  return g_strdup_printf ("%020" G_GUINT64_FORMAT, value);
}

/* Fills CASARRAY_ATTR_GUID and CASARRAY_ATTR_CREATION_ORDER from what the
 * server sent (objectGUID only as @object_guid, never as an attribute). */
static void
add_pseudo_attributes (CasarrayEntry *entry,
                       const guint8  *object_guid)
{
  const char *entry_uuid = casarray_entry_get_first (entry, "entryUUID");
  const char *usn_created = casarray_entry_get_first (entry, "uSNCreated");
  const char *entry_csn = casarray_entry_get_first (entry, "entryCSN");

  if (object_guid != NULL)
    {
      g_autofree char *text = casarray_guid_format (object_guid);

      casarray_entry_set_value (entry, CASARRAY_ATTR_GUID, text);
    }
  else if (entry_uuid != NULL)
    {
      g_autofree char *text = g_ascii_strdown (entry_uuid, -1);

      casarray_entry_set_value (entry, CASARRAY_ATTR_GUID, text);
    }

  if (usn_created != NULL)
    {
      g_autofree char *padded = pad_usn (usn_created);

      casarray_entry_set_value (entry, CASARRAY_ATTR_CREATION_ORDER, padded);
    }
  else if (entry_csn != NULL)
    casarray_entry_set_value (entry, CASARRAY_ATTR_CREATION_ORDER, entry_csn);
}

/* TRUE when @name (not NUL-terminated) is @known, ignoring ASCII case. */
static gboolean
bv_is (const struct berval *name,
       const char          *known)
{
  return name->bv_len == strlen (known) &&
         g_ascii_strncasecmp (name->bv_val, known, name->bv_len) == 0;
}

/* TRUE when @value is UTF-8 without NUL, as g_utf8_validate_len() says,
 * with a fast path for ASCII, which nearly every directory value is: eight
 * bytes at a time, then the full check from the first byte that is not
 * plain ASCII. */
static gboolean
is_text (const char *value,
         gsize       length)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, value + i, 8);
      /* a byte >= 0x80, or a NUL byte (the classic has-zero test) */
      if ((word & high) != 0 || ((word - ones) & ~word & high) != 0)
        break;
    }
  for (; i < length; i++)
    if ((guchar) value[i] >= 0x80 || value[i] == '\0')
      break;
  return i == length || g_utf8_validate_len (value + i, length - i, NULL);
}

/* At most this many attributes come from the stack. */
#define STACK_ATTRIBUTES 32

typedef struct {
  struct berval  name;
  BerVarray      values;   /* bv_val point into the message */
  guint          n_values;
} ReceivedAttribute;

/* One pass over the entry's BER (ldap_get_attribute_ber() reads each
 * attribute once, where ldap_get_values_len() would search the entry
 * again for every attribute), values parsed in place, then copied once
 * into an entry sized for them: a single allocation per entry.
 *
 * Entries carry UTF-8 strings; a value that is not (a binary attribute
 * the caller asked for) cannot be represented and is left out. */
CasarrayEntry *
casarray_ldap_entry_from_message (LDAP        *ld,
                                  LDAPMessage *message)
{
  ReceivedAttribute stack[STACK_ATTRIBUTES];
  g_autoptr(GArray) heap = NULL;
  ReceivedAttribute *received = stack;
  guint n_received = 0;
  CasarrayEntry *entry;
  BerElement *ber = NULL;
  struct berval dn = { 0, NULL };
  struct berval name;
  BerVarray values = NULL;
  guint8 object_guid[16];
  gboolean has_object_guid = FALSE;
  gsize n_bytes = 0;

  if (ldap_get_dn_ber (ld, message, &ber, &dn) != LDAP_SUCCESS)
    {
      ber_free (ber, 0);
      return casarray_entry_new ("");
    }

  while (ldap_get_attribute_ber (ld, message, ber, &name, &values) == LDAP_SUCCESS &&
         name.bv_val != NULL)
    {
      ReceivedAttribute attribute = { name, values, 0 };

      values = NULL;
      if (bv_is (&name, "objectGUID"))
        {
          if (attribute.values != NULL && attribute.values[0].bv_val != NULL &&
              attribute.values[0].bv_len == 16)
            {
              memcpy (object_guid, attribute.values[0].bv_val, 16);
              has_object_guid = TRUE;
            }
          ber_memfree (attribute.values);
          continue;
        }
      /* the UTF-8 values, kept in place */
      for (guint i = 0; attribute.values != NULL && attribute.values[i].bv_val != NULL; i++)
        {
          if (!is_text (attribute.values[i].bv_val, attribute.values[i].bv_len))
            {
              g_debug ("Skipping a non-UTF-8 value of %.*s in %.*s", (int) name.bv_len,
                       name.bv_val, (int) dn.bv_len, dn.bv_val);
              continue;
            }
          attribute.values[attribute.n_values++] = attribute.values[i];
        }
      if (attribute.n_values == 0 || bv_is (&name, CASARRAY_ATTR_GUID) ||
          bv_is (&name, CASARRAY_ATTR_CREATION_ORDER))
        {
          ber_memfree (attribute.values);
          continue;
        }
      for (guint i = 0; i < attribute.n_values; i++)
        n_bytes += attribute.values[i].bv_len + 1;
      n_bytes += (attribute.n_values + 1) * sizeof (char *) + sizeof (char *);
      if (n_received == STACK_ATTRIBUTES)
        {
          heap = g_array_sized_new (FALSE, FALSE, sizeof (ReceivedAttribute), 2 * n_received);
          g_array_append_vals (heap, stack, n_received);
        }
      if (heap != NULL)
        {
          g_array_append_val (heap, attribute);
          received = (ReceivedAttribute *) heap->data;
        }
      else
        stack[n_received] = attribute;
      n_received++;
    }

  /* room for the two pseudo-attributes too (a GUID, a padded USN) */
  entry = casarray_entry_new_sized (dn.bv_val, (gssize) dn.bv_len, n_received + 2,
                                    n_bytes + 2 * (40 + 2 * sizeof (char *)));
  for (guint a = 0; a < n_received; a++)
    {
      ReceivedAttribute *attribute = &received[a];

      casarray_entry_reserve (entry, attribute->name.bv_val, (gssize) attribute->name.bv_len,
                              attribute->n_values);
      for (guint i = 0; i < attribute->n_values; i++)
        casarray_entry_add_value_len (entry, attribute->name.bv_val,
                                      (gssize) attribute->name.bv_len,
                                      attribute->values[i].bv_val, attribute->values[i].bv_len);
      ber_memfree (attribute->values);
    }
  ber_free (ber, 0);

  add_pseudo_attributes (entry, has_object_guid ? object_guid : NULL);
  return entry;
}
