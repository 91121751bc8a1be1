/* casarray-host-info.c: the FQDN, site and legacyExchangeDN a server,
 * a client access server and a client access array all have
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "backend/casarray-dn.h"
#include "backend/casarray-schema.h"
#include "casarray-host-info.h"

void
casarray_host_info_init_from_entry (CasarrayHostInfo    *info,
                                    const CasarrayEntry *entry)
{
  info->fqdn = g_strdup (casarray_schema_entry_fqdn (entry));
  info->site_dn = g_strdup (casarray_entry_get_first (entry, CASARRAY_ATTR_SERVER_SITE));
  info->site = casarray_dn_first_value (info->site_dn);
  info->exchange_legacy_dn = g_strdup (casarray_entry_get_first (entry, CASARRAY_ATTR_LEGACY_DN));
}

void
casarray_host_info_clear (CasarrayHostInfo *info)
{
  g_clear_pointer (&info->fqdn, g_free);
  g_clear_pointer (&info->site, g_free);
  g_clear_pointer (&info->site_dn, g_free);
  g_clear_pointer (&info->exchange_legacy_dn, g_free);
}

void
casarray_host_info_install_properties (GObjectClass *object_class,
                                       guint         first_id)
{
  /* The documentation of each property is in the file of the type that
   * installs it: "the array's site" and "the server's site" differ. */
  static const char * const names[CASARRAY_HOST_INFO_N_PROPS] = {
    [CASARRAY_HOST_INFO_PROP_FQDN] = "fqdn",
    [CASARRAY_HOST_INFO_PROP_SITE] = "site",
    [CASARRAY_HOST_INFO_PROP_SITE_DN] = "site-dn",
    [CASARRAY_HOST_INFO_PROP_EXCHANGE_LEGACY_DN] = "exchange-legacy-dn",
  };

  for (guint i = 0; i < CASARRAY_HOST_INFO_N_PROPS; i++)
    g_object_class_install_property (object_class, first_id + i,
                                     g_param_spec_string (names[i], NULL, NULL, NULL,
                                                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

gboolean
casarray_host_info_get_property (const CasarrayHostInfo *info,
                                 guint                   first_id,
                                 guint                   prop_id,
                                 GValue                 *value)
{
  const char *values[CASARRAY_HOST_INFO_N_PROPS] = {
    [CASARRAY_HOST_INFO_PROP_FQDN] = info->fqdn,
    [CASARRAY_HOST_INFO_PROP_SITE] = info->site,
    [CASARRAY_HOST_INFO_PROP_SITE_DN] = info->site_dn,
    [CASARRAY_HOST_INFO_PROP_EXCHANGE_LEGACY_DN] = info->exchange_legacy_dn,
  };

  if (prop_id < first_id || prop_id >= first_id + CASARRAY_HOST_INFO_N_PROPS)
    return FALSE;
  g_value_set_string (value, values[prop_id - first_id]);
  return TRUE;
}
