/* casarray-client-access-array.c: a client access array, as read from the directory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <casarray/casarray.h>

#include "backend/casarray-backend.h"
#include "casarray-host-info.h"
#include "casarray-model-private.h"
#include "backend/casarray-schema.h"

/**
 * CasarrayClientAccessArray:
 *
 * A client access array (`msExchClientAccessArray`): one load-balanced name for the CAS servers of a site.
 *
 * Objects of this type are snapshots: the #CasarrayDirectory returns them
 * from its `get` operations and they do not change afterwards. Read again
 * to see later changes.
 */
struct _CasarrayClientAccessArray
{
  CasarrayObject parent_instance;

  CasarrayHostInfo host;
  GStrv members;
};

G_DEFINE_FINAL_TYPE (CasarrayClientAccessArray, casarray_client_access_array, CASARRAY_TYPE_OBJECT)

enum {
  PROP_0,
  /* fqdn, site, site-dn and exchange-legacy-dn (casarray-host-info.h) */
  PROP_HOST_FIRST,
  PROP_HOST_LAST = PROP_HOST_FIRST + CASARRAY_HOST_INFO_N_PROPS - 1,
  PROP_MEMBERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
casarray_client_access_array_finalize (GObject *object)
{
  CasarrayClientAccessArray *self = CASARRAY_CLIENT_ACCESS_ARRAY (object);

  casarray_host_info_clear (&self->host);
  g_strfreev (self->members);

  G_OBJECT_CLASS (casarray_client_access_array_parent_class)->finalize (object);
}

static void
casarray_client_access_array_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  CasarrayClientAccessArray *self = CASARRAY_CLIENT_ACCESS_ARRAY (object);

  if (casarray_host_info_get_property (&self->host, PROP_HOST_FIRST, prop_id, value))
    return;

  switch (prop_id)
    {
    case PROP_MEMBERS:
      g_value_set_boxed (value, self->members);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
casarray_client_access_array_class_init (CasarrayClientAccessArrayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = casarray_client_access_array_finalize;
  object_class->get_property = casarray_client_access_array_get_property;

  /**
   * CasarrayClientAccessArray:fqdn:
   *
   * The FQDN clients connect to: the `ncacn_ip_tcp:` value of `networkAddress`.
   */

  /**
   * CasarrayClientAccessArray:site:
   *
   * The name of the array's site.
   */

  /**
   * CasarrayClientAccessArray:site-dn:
   *
   * The distinguished name of the array's site (`msExchServerSite`).
   */

  /**
   * CasarrayClientAccessArray:exchange-legacy-dn:
   *
   * The `legacyExchangeDN` of the array.
   */
  casarray_host_info_install_properties (object_class, PROP_HOST_FIRST);

  /**
   * CasarrayClientAccessArray:members:
   *
   * The names of the CAS servers of the array's site (computed, sorted).
   */
  properties[PROP_MEMBERS] =
    g_param_spec_boxed ("members", NULL, NULL, G_TYPE_STRV,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  for (guint i = PROP_HOST_LAST + 1; i < N_PROPS; i++)
    g_object_class_install_property (object_class, i, properties[i]);
}

static void
casarray_client_access_array_init (CasarrayClientAccessArray *self)
{
}

/**
 * casarray_client_access_array_get_fqdn:
 * @self: a #CasarrayClientAccessArray
 *
 * Gets #CasarrayClientAccessArray:fqdn.
 *
 * Returns: (nullable): the FQDN clients connect to: the `ncacn_ip_tcp:` value of `networkAddress`.
 */
const char *
casarray_client_access_array_get_fqdn (CasarrayClientAccessArray *self)
{
  g_return_val_if_fail (CASARRAY_IS_CLIENT_ACCESS_ARRAY (self), NULL);

  return self->host.fqdn;
}

/**
 * casarray_client_access_array_get_site:
 * @self: a #CasarrayClientAccessArray
 *
 * Gets #CasarrayClientAccessArray:site.
 *
 * Returns: (nullable): the name of the array's site.
 */
const char *
casarray_client_access_array_get_site (CasarrayClientAccessArray *self)
{
  g_return_val_if_fail (CASARRAY_IS_CLIENT_ACCESS_ARRAY (self), NULL);

  return self->host.site;
}

/**
 * casarray_client_access_array_get_site_dn:
 * @self: a #CasarrayClientAccessArray
 *
 * Gets #CasarrayClientAccessArray:site-dn.
 *
 * Returns: (nullable): the distinguished name of the array's site (`msExchServerSite`).
 */
const char *
casarray_client_access_array_get_site_dn (CasarrayClientAccessArray *self)
{
  g_return_val_if_fail (CASARRAY_IS_CLIENT_ACCESS_ARRAY (self), NULL);

  return self->host.site_dn;
}

/**
 * casarray_client_access_array_get_exchange_legacy_dn:
 * @self: a #CasarrayClientAccessArray
 *
 * Gets #CasarrayClientAccessArray:exchange-legacy-dn.
 *
 * Returns: (nullable): the `legacyExchangeDN` of the array.
 */
const char *
casarray_client_access_array_get_exchange_legacy_dn (CasarrayClientAccessArray *self)
{
  g_return_val_if_fail (CASARRAY_IS_CLIENT_ACCESS_ARRAY (self), NULL);

  return self->host.exchange_legacy_dn;
}

/**
 * casarray_client_access_array_get_members:
 * @self: a #CasarrayClientAccessArray
 *
 * Gets #CasarrayClientAccessArray:members.
 *
 * Returns: (array zero-terminated=1) (transfer none): the names of the CAS servers of the array's site (computed, sorted).
 */
const char * const *
casarray_client_access_array_get_members (CasarrayClientAccessArray *self)
{
  g_return_val_if_fail (CASARRAY_IS_CLIENT_ACCESS_ARRAY (self), NULL);

  return (const char * const *) self->members;
}

CasarrayClientAccessArray *
casarray_client_access_array_new_from_entry (const CasarrayEntry *entry,
                                             GStrv                members)
{
  CasarrayClientAccessArray *self = casarray_object_new_from_entry (CASARRAY_TYPE_CLIENT_ACCESS_ARRAY, entry);

  casarray_host_info_init_from_entry (&self->host, entry);
  self->members = members != NULL ? members : g_new0 (char *, 1);
  return self;
}
