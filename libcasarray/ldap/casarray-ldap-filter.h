/* casarray-ldap-filter.h: search filters from a CasarrayQuery
 *
 * Private to libcasarray.  Every value that goes into a filter is escaped
 * by libldap's ldap_bv2escaped_filter_value; nothing the caller gives is
 * pasted.  GUIDs travel as AD's binary objectGUID and as OpenLDAP's
 * textual entryUUID, so their two forms live here too.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "casarray-backend.h"

G_BEGIN_DECLS

/* (&(objectClass=X)(!(objectClass=Y))(|(a=v)...)), or NULL with
 * CASARRAY_ERROR_INVALID_ARGUMENT when an attribute name is malformed. */
char     *casarray_ldap_filter_build  (const CasarrayQuery *query,
                                       GError             **error);

/* TRUE when @name is an attribute description (name or OID, options). */
gboolean  casarray_ldap_is_attribute_name (const char     *name);

/* Parses xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (braces optional, any case)
 * into objectGUID's 16 bytes, first three groups little-endian. */
gboolean  casarray_ldap_guid_parse    (const char          *text,
                                       guint8               bytes[16]);

/* The lower-case text of objectGUID's 16 bytes (AD byte order). */
char     *casarray_ldap_guid_format   (const guint8         bytes[16]);

G_END_DECLS
