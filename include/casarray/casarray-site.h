/* casarray-site.h: an active directory site, as read from the directory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(CASARRAY_INSIDE) && !defined(CASARRAY_COMPILATION)
#error "Only <casarray/casarray.h> can be included directly."
#endif

#include <glib-object.h>
#include <casarray/casarray-version.h>
#include <casarray/casarray-object.h>
#include <casarray/casarray-server-role.h>

G_BEGIN_DECLS

#define CASARRAY_TYPE_SITE (casarray_site_get_type ())

CASARRAY_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CasarraySite, casarray_site, CASARRAY, SITE, CasarrayObject)

G_END_DECLS
