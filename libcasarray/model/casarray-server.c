/* casarray-server.c: an exchange server, as read from the directory
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
 * CasarrayServer:
 *
 * An Exchange server (`msExchExchangeServer`), with its roles.
 *
 * Objects of this type are snapshots: the #CasarrayDirectory returns them
 * from its `get` operations and they do not change afterwards. Read again
 * to see later changes.
 */
struct _CasarrayServer
{
  CasarrayObject parent_instance;

  CasarrayHostInfo host;
  CasarrayServerRole roles;
  char *admin_display_version;
  guint version_number;
  GStrv network_addresses;
};

G_DEFINE_FINAL_TYPE (CasarrayServer, casarray_server, CASARRAY_TYPE_OBJECT)

enum {
  PROP_0,
  /* fqdn, site, site-dn and exchange-legacy-dn (casarray-host-info.h) */
  PROP_HOST_FIRST,
  PROP_HOST_LAST = PROP_HOST_FIRST + CASARRAY_HOST_INFO_N_PROPS - 1,
  PROP_ROLES,
  PROP_ADMIN_DISPLAY_VERSION,
  PROP_VERSION_NUMBER,
  PROP_NETWORK_ADDRESSES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
casarray_server_finalize (GObject *object)
{
  CasarrayServer *self = CASARRAY_SERVER (object);

  casarray_host_info_clear (&self->host);
  g_free (self->admin_display_version);
  g_strfreev (self->network_addresses);

  G_OBJECT_CLASS (casarray_server_parent_class)->finalize (object);
}

static void
casarray_server_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CasarrayServer *self = CASARRAY_SERVER (object);

  if (casarray_host_info_get_property (&self->host, PROP_HOST_FIRST, prop_id, value))
    return;

  switch (prop_id)
    {
    case PROP_ROLES:
      g_value_set_flags (value, self->roles);
      break;
    case PROP_ADMIN_DISPLAY_VERSION:
      g_value_set_string (value, self->admin_display_version);
      break;
    case PROP_VERSION_NUMBER:
      g_value_set_uint (value, self->version_number);
      break;
    case PROP_NETWORK_ADDRESSES:
      g_value_set_boxed (value, self->network_addresses);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
casarray_server_class_init (CasarrayServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = casarray_server_finalize;
  object_class->get_property = casarray_server_get_property;

  /**
   * CasarrayServer:fqdn:
   *
   * The FQDN: the `ncacn_ip_tcp:` value of `networkAddress`.
   */

  /**
   * CasarrayServer:site:
   *
   * The name of the server's site (from `msExchServerSite`).
   */

  /**
   * CasarrayServer:site-dn:
   *
   * The distinguished name of the server's site (`msExchServerSite`).
   */

  /**
   * CasarrayServer:exchange-legacy-dn:
   *
   * The `legacyExchangeDN` of the server.
   */
  casarray_host_info_install_properties (object_class, PROP_HOST_FIRST);

  /**
   * CasarrayServer:roles:
   *
   * The roles (`msExchCurrentServerRoles`).
   */
  properties[PROP_ROLES] =
    g_param_spec_flags ("roles", NULL, NULL, CASARRAY_TYPE_SERVER_ROLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayServer:admin-display-version:
   *
   * The version as EMS shows it (`serialNumber`), e.g. "Version 14.3 (Build 123.4)".
   */
  properties[PROP_ADMIN_DISPLAY_VERSION] =
    g_param_spec_string ("admin-display-version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayServer:version-number:
   *
   * The encoded version (`versionNumber`); Exchange 2010 and later is at least 1937801568.
   */
  properties[PROP_VERSION_NUMBER] =
    g_param_spec_uint ("version-number", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayServer:network-addresses:
   *
   * Every value of `networkAddress` (`ncacn_ip_tcp:`, `netbios:`, ...).
   */
  properties[PROP_NETWORK_ADDRESSES] =
    g_param_spec_boxed ("network-addresses", NULL, NULL, G_TYPE_STRV,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  for (guint i = PROP_HOST_LAST + 1; i < N_PROPS; i++)
    g_object_class_install_property (object_class, i, properties[i]);
}

static void
casarray_server_init (CasarrayServer *self)
{
}

/**
 * casarray_server_get_fqdn:
 * @self: a #CasarrayServer
 *
 * Gets #CasarrayServer:fqdn.
 *
 * Returns: (nullable): the FQDN: the `ncacn_ip_tcp:` value of `networkAddress`.
 */
const char *
casarray_server_get_fqdn (CasarrayServer *self)
{
  g_return_val_if_fail (CASARRAY_IS_SERVER (self), NULL);

  return self->host.fqdn;
}

/**
 * casarray_server_get_site:
 * @self: a #CasarrayServer
 *
 * Gets #CasarrayServer:site.
 *
 * Returns: (nullable): the name of the server's site (from `msExchServerSite`).
 */
const char *
casarray_server_get_site (CasarrayServer *self)
{
  g_return_val_if_fail (CASARRAY_IS_SERVER (self), NULL);

  return self->host.site;
}

/**
 * casarray_server_get_site_dn:
 * @self: a #CasarrayServer
 *
 * Gets #CasarrayServer:site-dn.
 *
 * Returns: (nullable): the distinguished name of the server's site (`msExchServerSite`).
 */
const char *
casarray_server_get_site_dn (CasarrayServer *self)
{
  g_return_val_if_fail (CASARRAY_IS_SERVER (self), NULL);

  return self->host.site_dn;
}

/**
 * casarray_server_get_roles:
 * @self: a #CasarrayServer
 *
 * Gets #CasarrayServer:roles.
 *
 * Returns: the roles (`msExchCurrentServerRoles`).
 */
CasarrayServerRole
casarray_server_get_roles (CasarrayServer *self)
{
  g_return_val_if_fail (CASARRAY_IS_SERVER (self), 0);

  return self->roles;
}

/**
 * casarray_server_get_admin_display_version:
 * @self: a #CasarrayServer
 *
 * Gets #CasarrayServer:admin-display-version.
 *
 * Returns: (nullable): the version as EMS shows it (`serialNumber`), e.g. "Version 14.3 (Build 123.4)".
 */
const char *
casarray_server_get_admin_display_version (CasarrayServer *self)
{
  g_return_val_if_fail (CASARRAY_IS_SERVER (self), NULL);

  return self->admin_display_version;
}

/**
 * casarray_server_get_version_number:
 * @self: a #CasarrayServer
 *
 * Gets #CasarrayServer:version-number.
 *
 * Returns: the encoded version (`versionNumber`); Exchange 2010 and later is at least 1937801568.
 */
guint
casarray_server_get_version_number (CasarrayServer *self)
{
  g_return_val_if_fail (CASARRAY_IS_SERVER (self), 0);

  return self->version_number;
}

/**
 * casarray_server_get_exchange_legacy_dn:
 * @self: a #CasarrayServer
 *
 * Gets #CasarrayServer:exchange-legacy-dn.
 *
 * Returns: (nullable): the `legacyExchangeDN` of the server.
 */
const char *
casarray_server_get_exchange_legacy_dn (CasarrayServer *self)
{
  g_return_val_if_fail (CASARRAY_IS_SERVER (self), NULL);

  return self->host.exchange_legacy_dn;
}

/**
 * casarray_server_get_network_addresses:
 * @self: a #CasarrayServer
 *
 * Gets #CasarrayServer:network-addresses.
 *
 * Returns: (array zero-terminated=1) (transfer none): every value of `networkAddress` (`ncacn_ip_tcp:`, `netbios:`, ...).
 */
const char * const *
casarray_server_get_network_addresses (CasarrayServer *self)
{
  g_return_val_if_fail (CASARRAY_IS_SERVER (self), NULL);

  return (const char * const *) self->network_addresses;
}

CasarrayServer *
casarray_server_new_from_entry (const CasarrayEntry *entry)
{
  CasarrayServer *self = casarray_object_new_from_entry (CASARRAY_TYPE_SERVER, entry);
  const char * const *addresses = casarray_entry_get_values (entry, CASARRAY_ATTR_NETWORK_ADDRESS);
  guint64 version = casarray_schema_entry_uint (entry, CASARRAY_ATTR_VERSION_NUMBER);

  casarray_host_info_init_from_entry (&self->host, entry);
  self->roles = (CasarrayServerRole) casarray_schema_entry_uint (entry, CASARRAY_ATTR_SERVER_ROLES);
  self->admin_display_version = g_strdup (casarray_entry_get_first (entry, CASARRAY_ATTR_SERIAL_NUMBER));
  self->version_number = (guint) MIN (version, G_MAXUINT);
  self->network_addresses = addresses != NULL ? g_strdupv ((GStrv) addresses) : g_new0 (char *, 1);
  return self;
}
