/* casarray-client-access-array.h: a client access array, as read from the directory
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

#define CASARRAY_TYPE_CLIENT_ACCESS_ARRAY (casarray_client_access_array_get_type ())

CASARRAY_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CasarrayClientAccessArray, casarray_client_access_array, CASARRAY, CLIENT_ACCESS_ARRAY, CasarrayObject)

CASARRAY_AVAILABLE_IN_1_0
const char *casarray_client_access_array_get_fqdn (CasarrayClientAccessArray *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_client_access_array_get_site (CasarrayClientAccessArray *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_client_access_array_get_site_dn (CasarrayClientAccessArray *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_client_access_array_get_exchange_legacy_dn (CasarrayClientAccessArray *self);
CASARRAY_AVAILABLE_IN_1_0
const char * const *casarray_client_access_array_get_members (CasarrayClientAccessArray *self);

G_END_DECLS
