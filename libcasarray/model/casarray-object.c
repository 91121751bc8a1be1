/* casarray-object.c: what every object read from the directory has
 *
 * The name, distinguished name and GUID of sites, servers, databases,
 * client access servers and arrays live here once; each type's own file
 * holds only what is particular to it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <casarray/casarray.h>

#include "backend/casarray-backend.h"
#include "backend/casarray-schema.h"
#include "casarray-model-private.h"

/**
 * CasarrayObject:
 *
 * The abstract base of the objects read from the directory
 * (#CasarraySite, #CasarrayServer, #CasarrayMailboxDatabase,
 * #CasarrayClientAccessServer and #CasarrayClientAccessArray): each has
 * a name, a distinguished name and a GUID.
 *
 * Objects of these types are snapshots: the #CasarrayDirectory returns
 * them from its `get` operations and they do not change afterwards. Read
 * again to see later changes.
 */
typedef struct
{
  char *name;
  char *distinguished_name;
  char *guid;
} CasarrayObjectPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CasarrayObject, casarray_object, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DISTINGUISHED_NAME,
  PROP_GUID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
casarray_object_finalize (GObject *object)
{
  CasarrayObjectPrivate *priv = casarray_object_get_instance_private (CASARRAY_OBJECT (object));

  g_free (priv->name);
  g_free (priv->distinguished_name);
  g_free (priv->guid);

  G_OBJECT_CLASS (casarray_object_parent_class)->finalize (object);
}

static void
casarray_object_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CasarrayObjectPrivate *priv = casarray_object_get_instance_private (CASARRAY_OBJECT (object));

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, priv->name);
      break;
    case PROP_DISTINGUISHED_NAME:
      g_value_set_string (value, priv->distinguished_name);
      break;
    case PROP_GUID:
      g_value_set_string (value, priv->guid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
casarray_object_class_init (CasarrayObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = casarray_object_finalize;
  object_class->get_property = casarray_object_get_property;

  /**
   * CasarrayObject:name:
   *
   * The object's name (`cn`), as EMS shows it in `Name` and `Identity`.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayObject:distinguished-name:
   *
   * The distinguished name of the object's entry.
   */
  properties[PROP_DISTINGUISHED_NAME] =
    g_param_spec_string ("distinguished-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayObject:guid:
   *
   * The object GUID (`objectGUID`, or `entryUUID` on OpenLDAP), or %NULL
   * when the directory returned none.
   */
  properties[PROP_GUID] =
    g_param_spec_string ("guid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
casarray_object_init (CasarrayObject *self)
{
}

/**
 * casarray_object_get_name:
 * @self: a #CasarrayObject
 *
 * Gets #CasarrayObject:name.
 *
 * Returns: the object's name (`cn`).
 */
const char *
casarray_object_get_name (CasarrayObject *self)
{
  CasarrayObjectPrivate *priv;

  g_return_val_if_fail (CASARRAY_IS_OBJECT (self), NULL);

  priv = casarray_object_get_instance_private (self);
  return priv->name;
}

/**
 * casarray_object_get_distinguished_name:
 * @self: a #CasarrayObject
 *
 * Gets #CasarrayObject:distinguished-name.
 *
 * Returns: the distinguished name of the object's entry.
 */
const char *
casarray_object_get_distinguished_name (CasarrayObject *self)
{
  CasarrayObjectPrivate *priv;

  g_return_val_if_fail (CASARRAY_IS_OBJECT (self), NULL);

  priv = casarray_object_get_instance_private (self);
  return priv->distinguished_name;
}

/**
 * casarray_object_get_guid:
 * @self: a #CasarrayObject
 *
 * Gets #CasarrayObject:guid.
 *
 * Returns: (nullable): the object GUID (`objectGUID`, or `entryUUID` on OpenLDAP).
 */
const char *
casarray_object_get_guid (CasarrayObject *self)
{
  CasarrayObjectPrivate *priv;

  g_return_val_if_fail (CASARRAY_IS_OBJECT (self), NULL);

  priv = casarray_object_get_instance_private (self);
  return priv->guid;
}

gpointer
casarray_object_new_from_entry (GType                type,
                                const CasarrayEntry *entry)
{
  CasarrayObject *self;
  CasarrayObjectPrivate *priv;

  g_return_val_if_fail (g_type_is_a (type, CASARRAY_TYPE_OBJECT), NULL);

  self = g_object_new (type, NULL);
  priv = casarray_object_get_instance_private (self);
  priv->name = casarray_schema_entry_name (entry);
  priv->distinguished_name = g_strdup (casarray_entry_get_dn (entry));
  priv->guid = g_strdup (casarray_entry_get_first (entry, CASARRAY_ATTR_GUID));
  return self;
}
