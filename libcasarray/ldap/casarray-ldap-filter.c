/* casarray-ldap-filter.c: search filters from a CasarrayQuery
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldap-filter.h"

#include <string.h>

#include <ldap.h>

#include "casarray/casarray-error.h"
#include "backend/casarray-syntax.h"

/* A term no entry satisfies (every entry has an objectClass); used for a
 * GUID that is not a GUID, so it cannot match anything by accident.  The
 * RFC 4526 absolute false "(|)" would be shorter, but AD rejects it. */
#define MATCH_NOTHING "(!(objectClass=*))"

static void
append_escaped_bytes (GString      *filter,
                      const guint8 *value,
                      gsize         len)
{
  struct berval in = { .bv_len = len, .bv_val = (char *) value };
  struct berval out = { 0, NULL };

  /* Only fails on allocation failure, where GLib would abort anyway. */
  if (ldap_bv2escaped_filter_value (&in, &out) != LDAP_SUCCESS)
    g_error ("ldap_bv2escaped_filter_value failed");
  if (out.bv_val != NULL)
    g_string_append_len (filter, out.bv_val, out.bv_len);
  ber_memfree (out.bv_val);
}

/* (attribute=value), value escaped; attribute already validated. */
static void
append_equality (GString    *filter,
                 const char *attribute,
                 const char *value)
{
  g_string_append_printf (filter, "(%s=", attribute);
  append_escaped_bytes (filter, (const guint8 *) value, strlen (value));
  g_string_append_c (filter, ')');
}

/* objectGUID on AD, entryUUID on OpenLDAP: each server ignores the
 * attribute it does not know (the term is Undefined, not an error). */
static void
append_guid_match (GString    *filter,
                   const char *text)
{
  guint8 bytes[16];
  g_autofree char *canonical = NULL;

  if (!casarray_guid_parse (text, bytes))
    {
      g_string_append (filter, MATCH_NOTHING);
      return;
    }
  canonical = casarray_guid_format (bytes);
  g_string_append (filter, "(|(objectGUID=");
  append_escaped_bytes (filter, bytes, sizeof bytes);
  g_string_append (filter, ")");
  append_equality (filter, "entryUUID", canonical);
  g_string_append (filter, ")");
}

static gboolean
check_match (const CasarrayMatch  *match,
             GError              **error)
{
  const char *attribute = match->attribute;

  if (match->value == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "No value to search “%s” for",
                   attribute != NULL ? attribute : "(null)");
      return FALSE;
    }
  if (g_strcmp0 (attribute, CASARRAY_ATTR_GUID) == 0 ||
      (casarray_is_attribute_name (attribute) &&
       g_ascii_strcasecmp (attribute, CASARRAY_ATTR_CREATION_ORDER) != 0))
    return TRUE;

  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
               "“%s” cannot be used as an attribute in a search filter",
               attribute != NULL ? attribute : "(null)");
  return FALSE;
}

char *
casarray_ldap_filter_build (const CasarrayQuery  *query,
                            GError              **error)
{
  g_autoptr(GString) filter = g_string_new ("(&");

  g_return_val_if_fail (query->object_class != NULL, NULL);

  for (guint i = 0; i < query->n_any; i++)
    if (!check_match (&query->any[i], error))
      return NULL;

  /* Every entry is a "top"; (objectClass=*) says so without reading the
   * attribute, so on AD it also matches entries whose objectClass the
   * account may not read (they come back with no attributes), which is how
   * a missing read right shows (operations/casarray-context.c) and how a removal sees
   * what it must not delete. */
  if (g_ascii_strcasecmp (query->object_class, "top") == 0)
    g_string_append (filter, "(objectClass=*)");
  else
    append_equality (filter, "objectClass", query->object_class);
  if (query->exclude_class != NULL)
    {
      g_string_append (filter, "(!");
      append_equality (filter, "objectClass", query->exclude_class);
      g_string_append_c (filter, ')');
    }
  if (query->n_any > 0)
    {
      g_string_append (filter, "(|");
      for (guint i = 0; i < query->n_any; i++)
        {
          const CasarrayMatch *match = &query->any[i];

          if (g_strcmp0 (match->attribute, CASARRAY_ATTR_GUID) == 0)
            append_guid_match (filter, match->value);
          else
            append_equality (filter, match->attribute, match->value);
        }
      g_string_append_c (filter, ')');
    }
  g_string_append_c (filter, ')');

  return g_string_free (g_steal_pointer (&filter), FALSE);
}
