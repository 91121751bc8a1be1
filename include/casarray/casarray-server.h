/* casarray-server.h: an exchange server, as read from the directory
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

#define CASARRAY_TYPE_SERVER (casarray_server_get_type ())

CASARRAY_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CasarrayServer, casarray_server, CASARRAY, SERVER, CasarrayObject)

CASARRAY_AVAILABLE_IN_1_0
const char *casarray_server_get_fqdn (CasarrayServer *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_server_get_site (CasarrayServer *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_server_get_site_dn (CasarrayServer *self);
CASARRAY_AVAILABLE_IN_1_0
CasarrayServerRole casarray_server_get_roles (CasarrayServer *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_server_get_admin_display_version (CasarrayServer *self);
CASARRAY_AVAILABLE_IN_1_0
guint casarray_server_get_version_number (CasarrayServer *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_server_get_exchange_legacy_dn (CasarrayServer *self);
CASARRAY_AVAILABLE_IN_1_0
const char * const *casarray_server_get_network_addresses (CasarrayServer *self);

G_END_DECLS
