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
#include <ldap.h>

G_BEGIN_DECLS

/* Matching keys: two values match under a rule exactly when their keys are
 * equal (strcmp).  These follow what slapd does for each rule, so that the
 * embedded store refuses and finds what a directory refuses and finds:
 *
 * caseIgnoreMatch (directoryString: cn, name, ou, displayName, ...): each
 * character mapped to lower case (simple Unicode mapping, of upper and
 * title case letters only), then NFKC, then RFC 4518 insignificant space
 * handling (leading and trailing U+0020 removed, runs made one; a value of
 * spaces only becomes one space).  No full case folding: "ß" and "ss"
 * differ, as they do for slapd.  NULL when @value is not UTF-8 or holds a
 * NUL.  @length may be -1 for a NUL-terminated @value. */
char     *casarray_match_case_ignore     (const char  *value,
                                          gssize       length);
/* caseIgnoreIA5Match (dc, mail): ASCII lower case and the same space
 * handling, except that a value of spaces only becomes empty; NULL when
 * @value is not ASCII. */
char     *casarray_match_case_ignore_ia5 (const char  *value,
                                          gssize       length);
/* The caseIgnoreMatch key of a NUL-terminated value (a name, a
 * legacyExchangeDN, an FQDN, a keyword: any attribute whose equality rule
 * is caseIgnoreMatch), for hash tables and for folding both sides of a
 * wildcard match.  Two values match exactly when their keys are equal
 * (casarray_name_equal()).  NULL for NULL, and for a value the rule refuses
 * (not UTF-8): such a value matches nothing, so callers skip it. */
char     *casarray_name_key              (const char  *value);
/* TRUE when names @a and @b match under caseIgnoreMatch (so the directory
 * would refuse the second as a duplicate RDN value): their
 * casarray_name_key() values are equal and not NULL. */
gboolean  casarray_name_equal            (const char  *a,
                                          const char  *b);
/* A `*` (and `?`) wildcard pattern over names (-Identity "DB*"), matched as
 * the directory matches names: the pattern and each name are folded by
 * casarray_name_key() before matching, so "ÉC*" finds "école" and "STRASS*"
 * does not find "Straße".  NULL when @pattern is not UTF-8 (it matches
 * nothing). */
GPatternSpec *casarray_name_pattern_new   (const char   *pattern);
/* TRUE when @name matches @spec from casarray_name_pattern_new(); FALSE
 * for a NULL @spec or @name. */
gboolean      casarray_name_pattern_match (GPatternSpec *spec,
                                           const char   *name);
/* distinguishedNameMatch key of a parsed DN: every attribute type in its
 * canonical short form, every value through the equality rule of its type,
 * the AVAs of a multi-valued RDN sorted.  NULL when the directory would
 * refuse the DN (an empty value, a #hex value, one type twice in an RDN, a
 * value the rule refuses). */
char     *casarray_dn_normalize_parsed   (LDAPDN       dn);

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
/* The distinguishedNameMatch key of @dn (casarray_dn_normalize_parsed()),
 * for comparison and hashing; NULL if @dn is invalid. */
char     *casarray_dn_normalize    (const char  *dn);
/* TRUE when both are valid DNs naming the same entry, by
 * distinguishedNameMatch. */
gboolean  casarray_dn_equal        (const char  *a,
                                    const char  *b);
/* TRUE when @dn parses as an LDAPv3 DN with at least one attribute=value. */
gboolean  casarray_dn_is_valid     (const char  *dn);
/* TRUE when @dn lies strictly below @ancestor. */
gboolean  casarray_dn_is_below     (const char  *dn,
                                    const char  *ancestor);

G_END_DECLS
