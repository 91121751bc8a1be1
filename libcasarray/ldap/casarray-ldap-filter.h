/* casarray-ldap-filter.h: search filters from a CasarrayQuery
 *
 * Private to libcasarray.  Every value that goes into a filter is escaped
 * by libldap's ldap_bv2escaped_filter_value; nothing the caller gives is
 * pasted.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "backend/casarray-backend.h"

G_BEGIN_DECLS

/* (&(objectClass=X)(!(objectClass=Y))(|(a=v)...)), or NULL with
 * CASARRAY_ERROR_INVALID_ARGUMENT when an attribute name is malformed. */
char     *casarray_ldap_filter_build  (const CasarrayQuery *query,
                                       GError             **error);

G_END_DECLS
