/* casarray-client-access-server.h: a client access server, as read from the directory
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

#define CASARRAY_TYPE_CLIENT_ACCESS_SERVER (casarray_client_access_server_get_type ())

CASARRAY_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CasarrayClientAccessServer, casarray_client_access_server, CASARRAY, CLIENT_ACCESS_SERVER, CasarrayObject)

CASARRAY_AVAILABLE_IN_1_0
const char *casarray_client_access_server_get_fqdn (CasarrayClientAccessServer *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_client_access_server_get_site (CasarrayClientAccessServer *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_client_access_server_get_site_dn (CasarrayClientAccessServer *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_client_access_server_get_exchange_legacy_dn (CasarrayClientAccessServer *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_client_access_server_get_autodiscover_service_internal_uri (CasarrayClientAccessServer *self);
CASARRAY_AVAILABLE_IN_1_0
const char * const *casarray_client_access_server_get_autodiscover_site_scope (CasarrayClientAccessServer *self);

G_END_DECLS
