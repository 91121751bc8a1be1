/* casarray-schema.c: parsers for the values whose format Exchange defines
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "casarray-dn.h"
#include "casarray-schema.h"

const char *
casarray_schema_entry_fqdn_value (const CasarrayEntry *entry)
{
  const char * const *values = casarray_entry_get_values (entry, CASARRAY_ATTR_NETWORK_ADDRESS);
  size_t prefix_len = strlen (CASARRAY_FQDN_PREFIX);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    if (g_ascii_strncasecmp (values[i], CASARRAY_FQDN_PREFIX, prefix_len) == 0)
      return values[i];
  return NULL;
}

const char *
casarray_schema_entry_fqdn (const CasarrayEntry *entry)
{
  const char *value = casarray_schema_entry_fqdn_value (entry);

  return value != NULL ? value + strlen (CASARRAY_FQDN_PREFIX) : NULL;
}

char *
casarray_schema_server_legacy_dn (const char *organization,
                                  const char *name)
{
  return g_strdup_printf ("/o=%s/ou=%s/cn=Configuration/cn=Servers/cn=%s",
                          organization, CASARRAY_ADMIN_GROUP_NAME, name);
}

char *
casarray_schema_database_legacy_dn (const char *endpoint_legacy_dn,
                                    gboolean    is_public)
{
  return g_strdup_printf ("%s/cn=%s", endpoint_legacy_dn,
                          is_public ? CASARRAY_PUBLIC_MDB_CN : CASARRAY_PRIVATE_MDB_CN);
}

char *
casarray_schema_legacy_dn_parent (const char *legacy_dn)
{
  const char *slash;

  if (legacy_dn == NULL)
    return NULL;
  slash = strrchr (legacy_dn, '/');
  if (slash == NULL || slash == legacy_dn)
    return NULL;
  return g_strndup (legacy_dn, slash - legacy_dn);
}

gboolean
casarray_schema_entry_boolean (const CasarrayEntry *entry,
                               const char          *attribute,
                               gboolean             absent)
{
  const char *value = casarray_entry_get_first (entry, attribute);

  if (value == NULL)
    return absent;
  /* AD writes TRUE/FALSE; integer-valued flags (circular logging) use 0/1. */
  return g_ascii_strcasecmp (value, "TRUE") == 0 || strcmp (value, "1") == 0;
}

guint64
casarray_schema_entry_uint (const CasarrayEntry *entry,
                            const char          *attribute)
{
  const char *value = casarray_entry_get_first (entry, attribute);
  guint64 number = 0;

  if (value == NULL)
    return 0;
  /* AD stores some bitmasks as signed 32-bit integers. */
  if (value[0] == '-')
    {
      gint64 negative = 0;
      if (g_ascii_string_to_signed (value, 10, G_MININT32, 0, &negative, NULL))
        return (guint32) negative;
      return 0;
    }
  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &number, NULL))
    return 0;
  return number;
}

char *
casarray_schema_entry_name (const CasarrayEntry *entry)
{
  const char *cn = casarray_entry_get_first (entry, CASARRAY_ATTR_CN);

  if (cn == NULL)
    cn = casarray_entry_get_first (entry, CASARRAY_ATTR_NAME);
  if (cn != NULL)
    return g_strdup (cn);
  return casarray_dn_first_value (casarray_entry_get_dn (entry));
}
