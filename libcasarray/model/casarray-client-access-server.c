/* casarray-client-access-server.c: a client access server, as read from the directory
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
 * CasarrayClientAccessServer:
 *
 * An Exchange server holding the Client Access role, with its Autodiscover settings.
 *
 * Objects of this type are snapshots: the #CasarrayDirectory returns them
 * from its `get` operations and they do not change afterwards. Read again
 * to see later changes.
 */
struct _CasarrayClientAccessServer
{
  CasarrayObject parent_instance;

  CasarrayHostInfo host;
  char *autodiscover_service_internal_uri;
  GStrv autodiscover_site_scope;
};

G_DEFINE_FINAL_TYPE (CasarrayClientAccessServer, casarray_client_access_server, CASARRAY_TYPE_OBJECT)

enum {
  PROP_0,
  /* fqdn, site, site-dn and exchange-legacy-dn (casarray-host-info.h) */
  PROP_HOST_FIRST,
  PROP_HOST_LAST = PROP_HOST_FIRST + CASARRAY_HOST_INFO_N_PROPS - 1,
  PROP_AUTODISCOVER_SERVICE_INTERNAL_URI,
  PROP_AUTODISCOVER_SITE_SCOPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
casarray_client_access_server_finalize (GObject *object)
{
  CasarrayClientAccessServer *self = CASARRAY_CLIENT_ACCESS_SERVER (object);

  casarray_host_info_clear (&self->host);
  g_free (self->autodiscover_service_internal_uri);
  g_strfreev (self->autodiscover_site_scope);

  G_OBJECT_CLASS (casarray_client_access_server_parent_class)->finalize (object);
}

static void
casarray_client_access_server_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  CasarrayClientAccessServer *self = CASARRAY_CLIENT_ACCESS_SERVER (object);

  if (casarray_host_info_get_property (&self->host, PROP_HOST_FIRST, prop_id, value))
    return;

  switch (prop_id)
    {
    case PROP_AUTODISCOVER_SERVICE_INTERNAL_URI:
      g_value_set_string (value, self->autodiscover_service_internal_uri);
      break;
    case PROP_AUTODISCOVER_SITE_SCOPE:
      g_value_set_boxed (value, self->autodiscover_site_scope);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
casarray_client_access_server_class_init (CasarrayClientAccessServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = casarray_client_access_server_finalize;
  object_class->get_property = casarray_client_access_server_get_property;

  /**
   * CasarrayClientAccessServer:fqdn:
   *
   * The FQDN: the `ncacn_ip_tcp:` value of `networkAddress`.
   */

  /**
   * CasarrayClientAccessServer:site:
   *
   * The name of the server's site.
   */

  /**
   * CasarrayClientAccessServer:site-dn:
   *
   * The distinguished name of the server's site.
   */

  /**
   * CasarrayClientAccessServer:exchange-legacy-dn:
   *
   * The `legacyExchangeDN` of the server.
   */
  casarray_host_info_install_properties (object_class, PROP_HOST_FIRST);

  /**
   * CasarrayClientAccessServer:autodiscover-service-internal-uri:
   *
   * The AutoDiscoverServiceInternalUri (`serviceBindingInformation` of the Autodiscover service connection point), or %NULL when unset.
   */
  properties[PROP_AUTODISCOVER_SERVICE_INTERNAL_URI] =
    g_param_spec_string ("autodiscover-service-internal-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayClientAccessServer:autodiscover-site-scope:
   *
   * The AutoDiscoverSiteScope: the sites named by the `Site=` keywords of the Autodiscover service connection point; empty when unset.
   */
  properties[PROP_AUTODISCOVER_SITE_SCOPE] =
    g_param_spec_boxed ("autodiscover-site-scope", NULL, NULL, G_TYPE_STRV,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  for (guint i = PROP_HOST_LAST + 1; i < N_PROPS; i++)
    g_object_class_install_property (object_class, i, properties[i]);
}

static void
casarray_client_access_server_init (CasarrayClientAccessServer *self)
{
}

/**
 * casarray_client_access_server_get_fqdn:
 * @self: a #CasarrayClientAccessServer
 *
 * Gets #CasarrayClientAccessServer:fqdn.
 *
 * Returns: (nullable): the FQDN: the `ncacn_ip_tcp:` value of `networkAddress`.
 */
const char *
casarray_client_access_server_get_fqdn (CasarrayClientAccessServer *self)
{
  g_return_val_if_fail (CASARRAY_IS_CLIENT_ACCESS_SERVER (self), NULL);

  return self->host.fqdn;
}

/**
 * casarray_client_access_server_get_site:
 * @self: a #CasarrayClientAccessServer
 *
 * Gets #CasarrayClientAccessServer:site.
 *
 * Returns: (nullable): the name of the server's site.
 */
const char *
casarray_client_access_server_get_site (CasarrayClientAccessServer *self)
{
  g_return_val_if_fail (CASARRAY_IS_CLIENT_ACCESS_SERVER (self), NULL);

  return self->host.site;
}

/**
 * casarray_client_access_server_get_site_dn:
 * @self: a #CasarrayClientAccessServer
 *
 * Gets #CasarrayClientAccessServer:site-dn.
 *
 * Returns: (nullable): the distinguished name of the server's site.
 */
const char *
casarray_client_access_server_get_site_dn (CasarrayClientAccessServer *self)
{
  g_return_val_if_fail (CASARRAY_IS_CLIENT_ACCESS_SERVER (self), NULL);

  return self->host.site_dn;
}

/**
 * casarray_client_access_server_get_exchange_legacy_dn:
 * @self: a #CasarrayClientAccessServer
 *
 * Gets #CasarrayClientAccessServer:exchange-legacy-dn.
 *
 * Returns: (nullable): the `legacyExchangeDN` of the server.
 */
const char *
casarray_client_access_server_get_exchange_legacy_dn (CasarrayClientAccessServer *self)
{
  g_return_val_if_fail (CASARRAY_IS_CLIENT_ACCESS_SERVER (self), NULL);

  return self->host.exchange_legacy_dn;
}

/**
 * casarray_client_access_server_get_autodiscover_service_internal_uri:
 * @self: a #CasarrayClientAccessServer
 *
 * Gets #CasarrayClientAccessServer:autodiscover-service-internal-uri.
 *
 * Returns: (nullable): the AutoDiscoverServiceInternalUri (`serviceBindingInformation` of the Autodiscover service connection point), or %NULL when unset.
 */
const char *
casarray_client_access_server_get_autodiscover_service_internal_uri (CasarrayClientAccessServer *self)
{
  g_return_val_if_fail (CASARRAY_IS_CLIENT_ACCESS_SERVER (self), NULL);

  return self->autodiscover_service_internal_uri;
}

/**
 * casarray_client_access_server_get_autodiscover_site_scope:
 * @self: a #CasarrayClientAccessServer
 *
 * Gets #CasarrayClientAccessServer:autodiscover-site-scope.
 *
 * Returns: (array zero-terminated=1) (transfer none): the AutoDiscoverSiteScope: the sites named by the `Site=` keywords of the Autodiscover service connection point; empty when unset.
 */
const char * const *
casarray_client_access_server_get_autodiscover_site_scope (CasarrayClientAccessServer *self)
{
  g_return_val_if_fail (CASARRAY_IS_CLIENT_ACCESS_SERVER (self), NULL);

  return (const char * const *) self->autodiscover_site_scope;
}

CasarrayClientAccessServer *
casarray_client_access_server_new_from_entry (const CasarrayEntry *entry,
                                              const CasarrayEntry *autodiscover)
{
  CasarrayClientAccessServer *self = casarray_object_new_from_entry (CASARRAY_TYPE_CLIENT_ACCESS_SERVER, entry);
  g_autoptr(GPtrArray) scope = g_ptr_array_new ();

  casarray_host_info_init_from_entry (&self->host, entry);

  if (autodiscover != NULL)
    {
      const char * const *keywords = casarray_entry_get_values (autodiscover, CASARRAY_ATTR_KEYWORDS);

      self->autodiscover_service_internal_uri =
        g_strdup (casarray_entry_get_first (autodiscover, CASARRAY_ATTR_BINDING_INFO));
      /* Exchange stores one "Site=<name>" keyword per site of the scope,
       * next to the fixed Autodiscover marker keyword. */
      for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
        if (g_ascii_strncasecmp (keywords[i], "Site=", 5) == 0)
          g_ptr_array_add (scope, g_strdup (keywords[i] + 5));
    }
  g_ptr_array_add (scope, NULL);
  self->autodiscover_site_scope = (GStrv) g_ptr_array_steal (scope, NULL);
  return self;
}
