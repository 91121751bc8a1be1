/* casarray-dn.h: RFC 4514 DN handling through libldap's parser
 *
 * Private to libcasarray.  Names from users (database, server, array, site
 * names) become RDN values here and nowhere else, so escaping is done by
 * ldap_dn2str() and never by hand.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "CN=<escaped value>,<parent>"; NULL with @error if @parent is not a DN. */
char     *casarray_dn_build        (const char  *value,
                                    const char  *parent,
                                    GError     **error);
/* "CN=<escaped value>" */
char     *casarray_dn_build_rdn    (const char  *value);
/* The value of the first RDN, unescaped; NULL if @dn is not a valid DN. */
char     *casarray_dn_first_value  (const char  *dn);
/* @dn without its first RDN; NULL if @dn has a single RDN or is invalid. */
char     *casarray_dn_parent       (const char  *dn);
/* Canonical LDAPv3 string, attribute types upper-cased and values
 * lower-cased, for comparison and hashing; NULL if @dn is invalid. */
char     *casarray_dn_normalize    (const char  *dn);
/* TRUE when both are valid DNs naming the same entry (case-insensitive). */
gboolean  casarray_dn_equal        (const char  *a,
                                    const char  *b);
/* TRUE when @dn parses as an LDAPv3 DN with at least one attribute=value. */
gboolean  casarray_dn_is_valid     (const char  *dn);
/* TRUE when @dn lies strictly below @ancestor. */
gboolean  casarray_dn_is_below     (const char  *dn,
                                    const char  *ancestor);

G_END_DECLS
