/* casarray-site.c: an active directory site, as read from the directory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <casarray/casarray.h>

#include "backend/casarray-backend.h"
#include "backend/casarray-dn.h"
#include "casarray-model-private.h"
#include "backend/casarray-schema.h"

/**
 * CasarraySite:
 *
 * An Active Directory site: the unit that groups servers and decides which client access array serves a database.
 *
 * Objects of this type are snapshots: the #CasarrayDirectory returns them
 * from its `get` operations and they do not change afterwards. Read again
 * to see later changes.
 */
struct _CasarraySite
{
  GObject parent_instance;

  char *name;
  char *distinguished_name;
  char *guid;
};

G_DEFINE_FINAL_TYPE (CasarraySite, casarray_site, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DISTINGUISHED_NAME,
  PROP_GUID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
casarray_site_finalize (GObject *object)
{
  CasarraySite *self = CASARRAY_SITE (object);

  g_free (self->name);
  g_free (self->distinguished_name);
  g_free (self->guid);

  G_OBJECT_CLASS (casarray_site_parent_class)->finalize (object);
}

static void
casarray_site_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CasarraySite *self = CASARRAY_SITE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DISTINGUISHED_NAME:
      g_value_set_string (value, self->distinguished_name);
      break;
    case PROP_GUID:
      g_value_set_string (value, self->guid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
casarray_site_class_init (CasarraySiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = casarray_site_finalize;
  object_class->get_property = casarray_site_get_property;

  /**
   * CasarraySite:name:
   *
   * The site name (`cn`).
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarraySite:distinguished-name:
   *
   * The distinguished name of the site object.
   */
  properties[PROP_DISTINGUISHED_NAME] =
    g_param_spec_string ("distinguished-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarraySite:guid:
   *
   * The object GUID (`objectGUID`, or `entryUUID` on OpenLDAP).
   */
  properties[PROP_GUID] =
    g_param_spec_string ("guid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
casarray_site_init (CasarraySite *self)
{
}

/**
 * casarray_site_get_name:
 * @self: a #CasarraySite
 *
 * Gets #CasarraySite:name.
 *
 * Returns: the site name (`cn`).
 */
const char *
casarray_site_get_name (CasarraySite *self)
{
  g_return_val_if_fail (CASARRAY_IS_SITE (self), NULL);

  return self->name;
}

/**
 * casarray_site_get_distinguished_name:
 * @self: a #CasarraySite
 *
 * Gets #CasarraySite:distinguished-name.
 *
 * Returns: the distinguished name of the site object.
 */
const char *
casarray_site_get_distinguished_name (CasarraySite *self)
{
  g_return_val_if_fail (CASARRAY_IS_SITE (self), NULL);

  return self->distinguished_name;
}

/**
 * casarray_site_get_guid:
 * @self: a #CasarraySite
 *
 * Gets #CasarraySite:guid.
 *
 * Returns: (nullable): the object GUID (`objectGUID`, or `entryUUID` on OpenLDAP).
 */
const char *
casarray_site_get_guid (CasarraySite *self)
{
  g_return_val_if_fail (CASARRAY_IS_SITE (self), NULL);

  return self->guid;
}

CasarraySite *
casarray_site_new_from_entry (const CasarrayEntry *entry)
{
  CasarraySite *self = g_object_new (CASARRAY_TYPE_SITE, NULL);

  self->name = casarray_schema_entry_name (entry);
  self->distinguished_name = g_strdup (casarray_entry_get_dn (entry));
  self->guid = g_strdup (casarray_entry_get_first (entry, CASARRAY_ATTR_GUID));
  return self;
}
