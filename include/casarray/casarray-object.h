/* casarray-object.h: what every object read from the directory has
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(CASARRAY_INSIDE) && !defined(CASARRAY_COMPILATION)
#error "Only <casarray/casarray.h> can be included directly."
#endif

#include <glib-object.h>
#include <casarray/casarray-version.h>

G_BEGIN_DECLS

#define CASARRAY_TYPE_OBJECT (casarray_object_get_type ())

CASARRAY_AVAILABLE_IN_1_0
G_DECLARE_DERIVABLE_TYPE (CasarrayObject, casarray_object, CASARRAY, OBJECT, GObject)

/**
 * CasarrayObjectClass:
 * @parent_class: the parent class
 *
 * The class of #CasarrayObject.  Only libcasarray derives from it.
 */
struct _CasarrayObjectClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer padding[8];
};

CASARRAY_AVAILABLE_IN_1_0
const char *casarray_object_get_name (CasarrayObject *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_object_get_distinguished_name (CasarrayObject *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_object_get_guid (CasarrayObject *self);

G_END_DECLS
