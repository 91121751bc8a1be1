/* casarray-ldap-entry.c: LDAP messages as CasarrayEntry, with the pseudo-attributes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldap-private.h"

#include <string.h>

#include "backend/casarray-syntax.h"

gboolean
casarray_ldap_is_pseudo_attribute (const char *attribute)
{
  return g_ascii_strcasecmp (attribute, CASARRAY_ATTR_GUID) == 0 ||
         g_ascii_strcasecmp (attribute, CASARRAY_ATTR_CREATION_ORDER) == 0;
}

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

/* Entries carry UTF-8 strings; a value that is not (a binary attribute
 * the caller asked for) cannot be represented and is left out. */
static void
add_values (CasarrayEntry         *entry,
            const char            *attribute,
            struct berval * const *values)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      const struct berval *value = values[i];
      g_autofree char *text = NULL;

      if (!g_utf8_validate_len (value->bv_val, value->bv_len, NULL))
        {
          g_debug ("Skipping a non-UTF-8 value of %s in %s", attribute,
                   casarray_entry_get_dn (entry));
          continue;
        }
      text = g_strndup (value->bv_val, value->bv_len);
      casarray_entry_add_value (entry, attribute, text);
    }
}

CasarrayEntry *
casarray_ldap_entry_from_message (LDAP        *ld,
                                  LDAPMessage *message)
{
  CasarrayEntry *entry;
  BerElement *ber = NULL;
  guint8 object_guid[16];
  gboolean has_object_guid = FALSE;
  char *dn = ldap_get_dn (ld, message);

  entry = casarray_entry_new (dn != NULL ? dn : "");
  ldap_memfree (dn);

  for (char *attribute = ldap_first_attribute (ld, message, &ber);
       attribute != NULL;
       attribute = ldap_next_attribute (ld, message, ber))
    {
      struct berval **values = ldap_get_values_len (ld, message, attribute);

      if (g_ascii_strcasecmp (attribute, "objectGUID") == 0)
        {
          if (values != NULL && values[0] != NULL && values[0]->bv_len == 16)
            {
              memcpy (object_guid, values[0]->bv_val, 16);
              has_object_guid = TRUE;
            }
        }
      else if (!casarray_ldap_is_pseudo_attribute (attribute))
        add_values (entry, attribute, values);

      ldap_value_free_len (values);
      ldap_memfree (attribute);
    }
  ber_free (ber, 0);

  add_pseudo_attributes (entry, has_object_guid ? object_guid : NULL);
  return entry;
}
