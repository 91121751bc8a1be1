/* casarray-syntax.h: LDAP value syntaxes both backends share
 *
 * Private to libcasarray.  GUIDs travel as AD's binary objectGUID and as
 * OpenLDAP's textual entryUUID, so both forms live here.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when @name is an attribute description (name or OID, options). */
gboolean  casarray_is_attribute_name (const char     *name);

/* Parses xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (braces optional, any case)
 * into objectGUID's 16 bytes, first three groups little-endian. */
gboolean  casarray_guid_parse    (const char          *text,
                                       guint8               bytes[16]);

/* The lower-case text of objectGUID's 16 bytes (AD byte order). */
char     *casarray_guid_format   (const guint8         bytes[16]);

G_END_DECLS
