/* casarray-dn.c: RFC 4514 DN handling through libldap's parser
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <ldap.h>
#include <string.h>

#include <casarray/casarray.h>

#include "casarray-dn.h"

static LDAPDN
parse (const char *dn)
{
  LDAPDN parsed = NULL;

  if (dn == NULL || *dn == '\0')
    return NULL;
  if (ldap_str2dn (dn, &parsed, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS)
    return NULL;
  if (parsed == NULL || parsed[0] == NULL)
    {
      ldap_dnfree (parsed);
      return NULL;
    }
  return parsed;
}

static char *
unparse (LDAPDN dn)
{
  char *out = NULL;
  char *copy;

  if (ldap_dn2str (dn, &out, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS)
    return NULL;
  copy = g_strdup (out);
  ldap_memfree (out);
  return copy;
}

char *
casarray_dn_build_rdn (const char *value)
{
  /* One RDN, one AVA, the value as a plain string: ldap_dn2str escapes
   * ',', '+', '"', '\\', '<', '>', ';', '=', leading '#' or space, trailing
   * space and NUL as RFC 4514 requires. */
  LDAPAVA ava = { 0 };
  LDAPAVA *rdn[2] = { &ava, NULL };
  LDAPRDN dn[2] = { rdn, NULL };

  ava.la_attr.bv_val = (char *) "CN";
  ava.la_attr.bv_len = 2;
  ava.la_value.bv_val = (char *) value;
  ava.la_value.bv_len = strlen (value);
  ava.la_flags = LDAP_AVA_STRING;
  return unparse (dn);
}

char *
casarray_dn_build (const char  *value,
                   const char  *parent,
                   GError     **error)
{
  g_autofree char *rdn = casarray_dn_build_rdn (value);

  if (rdn == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "“%s” cannot be used as a directory name", value);
      return NULL;
    }
  if (!casarray_dn_is_valid (parent))
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a valid distinguished name", parent);
      return NULL;
    }
  return g_strconcat (rdn, ",", parent, NULL);
}

char *
casarray_dn_first_value (const char *dn)
{
  LDAPDN parsed = parse (dn);
  char *value;

  if (parsed == NULL)
    return NULL;
  value = g_strndup (parsed[0][0]->la_value.bv_val, parsed[0][0]->la_value.bv_len);
  ldap_dnfree (parsed);
  return value;
}

char *
casarray_dn_parent (const char *dn)
{
  LDAPDN parsed = parse (dn);
  char *parent = NULL;

  if (parsed == NULL)
    return NULL;
  if (parsed[1] != NULL)
    parent = unparse (&parsed[1]);
  ldap_dnfree (parsed);
  return parent;
}

char *
casarray_dn_normalize (const char *dn)
{
  LDAPDN parsed = parse (dn);
  char *str;
  char *folded;

  if (parsed == NULL)
    return NULL;
  str = unparse (parsed);
  ldap_dnfree (parsed);
  if (str == NULL)
    return NULL;
  /* Every naming attribute of this model (cn, dc, ou, o) compares
   * case-insensitively, so folding the whole string is exact here.  Almost
   * every DN is ASCII, where lower-casing in place is the same fold and
   * far cheaper. */
  for (const char *p = str; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      {
        folded = g_utf8_casefold (str, -1);
        g_free (str);
        return folded;
      }
  for (char *p = str; *p != '\0'; p++)
    *p = g_ascii_tolower (*p);
  return str;
}

gboolean
casarray_dn_equal (const char *a,
                   const char *b)
{
  g_autofree char *na = casarray_dn_normalize (a);
  g_autofree char *nb = casarray_dn_normalize (b);

  return na != NULL && nb != NULL && strcmp (na, nb) == 0;
}

gboolean
casarray_dn_is_valid (const char *dn)
{
  LDAPDN parsed = parse (dn);

  if (parsed == NULL)
    return FALSE;
  ldap_dnfree (parsed);
  return TRUE;
}

gboolean
casarray_dn_is_below (const char *dn,
                      const char *ancestor)
{
  LDAPDN parsed = parse (dn);
  LDAPDN parsed_ancestor = parse (ancestor);
  gboolean below = FALSE;
  guint n = 0, n_ancestor = 0;

  if (parsed != NULL && parsed_ancestor != NULL)
    {
      while (parsed[n] != NULL)
        n++;
      while (parsed_ancestor[n_ancestor] != NULL)
        n_ancestor++;
      if (n > n_ancestor)
        {
          /* Compare RDN by RDN through the parser, so an escaped comma in a
           * value can never pass for a separator. */
          g_autofree char *tail = unparse (&parsed[n - n_ancestor]);
          below = casarray_dn_equal (tail, ancestor);
        }
    }
  ldap_dnfree (parsed);
  ldap_dnfree (parsed_ancestor);
  return below;
}
