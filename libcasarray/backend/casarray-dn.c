/* casarray-dn.c: RFC 4514 DN handling through libldap's parser
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <ldap.h>
#include <string.h>

#include <casarray/casarray.h>

#include "casarray-dn.h"

/* ---------------------------------------------------------------------- */
/* Matching rules                                                         */

/* RFC 4518 insignificant space handling on @text (@length bytes, written
 * in place, NUL-terminated): leading and trailing U+0020 dropped, inner
 * runs made one.  Only U+0020, as slapd (ASCII_SPACE): other spaces that
 * matter have become U+0020 through NFKC already (U+00A0, U+3000...).  A
 * value of spaces only becomes one space with @keep_one, else empty
 * (slapd's UTF8StringNormalize and IA5StringNormalize differ there). */
static char *
squeeze_spaces (char     *text,
                gsize     length,
                gboolean  keep_one)
{
  gsize n = 0;
  gboolean after_space = TRUE;   /* drops leading spaces */

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == ' ')
        {
          if (!after_space)
            text[n++] = ' ';
          after_space = TRUE;
        }
      else
        {
          text[n++] = text[i];
          after_space = FALSE;
        }
    }
  if (n > 0 && text[n - 1] == ' ')
    n--;
  if (n == 0 && length > 0 && keep_one)
    text[n++] = ' ';
  text[n] = '\0';
  return text;
}

/* The non-ASCII case of casarray_match_case_ignore(), as slapd's
 * UTF8bvnormalize (LDAP_UTF8_CASEFOLD) does it: every character through
 * the simple lower-case mapping first (g_unichar_tolower, like
 * liblunicode's uctolower, maps upper and title case letters only), then
 * compatibility decomposition and canonical composition (NFKC).  What NFKC
 * produces is not lower-cased again: U+2160 ROMAN NUMERAL ONE becomes "I",
 * which does not match "i", exactly as in slapd. */
static char *
case_ignore_unicode (const char *value,
                     gsize       length,
                     gboolean    keep_one)
{
  g_autoptr(GString) lowered = NULL;
  char *normalized;

  if (!g_utf8_validate_len (value, length, NULL))
    return NULL;
  lowered = g_string_sized_new (length + 8);
  for (const char *p = value; p < value + length; p = g_utf8_next_char (p))
    g_string_append_unichar (lowered, g_unichar_tolower (g_utf8_get_char (p)));
  normalized = g_utf8_normalize (lowered->str, (gssize) lowered->len, G_NORMALIZE_NFKC);
  if (normalized == NULL)
    return NULL;
  return squeeze_spaces (normalized, strlen (normalized), keep_one);
}

/* The ASCII fast path of both rules, in one pass: lower-casing is all the
 * Unicode steps do to ASCII (NFKC leaves it alone), so the key is the same
 * as the full rule's, without a copy through UCS-4.  Writes the key of
 * @value to @key (room for @length + 1 bytes); FALSE when @value holds a
 * byte that is not ASCII, or a NUL. */
/* g_ascii_tolower() is a function call; this is the hot loop of every DN
 * comparison. */
static inline char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? (char) (c - 'A' + 'a') : c;
}

static gboolean
ascii_key (const char *value,
           gsize       length,
           char       *key,
           gboolean    keep_one)
{
  gsize n = 0;
  gboolean after_space = TRUE;   /* drops leading spaces */

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) value[i];

      if (c >= 0x80 || c == '\0')
        return FALSE;
      if (c == ' ')
        {
          if (!after_space)
            key[n++] = ' ';
          after_space = TRUE;
        }
      else
        {
          key[n++] = ascii_lower ((char) c);
          after_space = FALSE;
        }
    }
  /* as squeeze_spaces() */
  if (n > 0 && key[n - 1] == ' ')
    n--;
  if (n == 0 && length > 0 && keep_one)
    key[n++] = ' ';
  key[n] = '\0';
  return TRUE;
}

char *
casarray_match_case_ignore (const char *value,
                            gssize      length)
{
  gsize n = length < 0 ? strlen (value) : (gsize) length;
  char *key = g_malloc (n + 1);

  if (ascii_key (value, n, key, TRUE))
    return key;
  g_free (key);
  return case_ignore_unicode (value, n, TRUE);
}

char *
casarray_match_case_ignore_ia5 (const char *value,
                                gssize      length)
{
  gsize n = length < 0 ? strlen (value) : (gsize) length;
  char *key = g_malloc (n + 1);

  if (ascii_key (value, n, key, FALSE))
    return key;
  g_free (key);
  return NULL;
}

char *
casarray_name_key (const char *value)
{
  return value != NULL ? casarray_match_case_ignore (value, -1) : NULL;
}

gboolean
casarray_name_equal (const char *a,
                     const char *b)
{
  g_autofree char *key_a = casarray_name_key (a);
  g_autofree char *key_b = casarray_name_key (b);

  return key_a != NULL && key_b != NULL && strcmp (key_a, key_b) == 0;
}

GPatternSpec *
casarray_name_pattern_new (const char *pattern)
{
  g_autofree char *key = casarray_name_key (pattern);

  return key != NULL ? g_pattern_spec_new (key) : NULL;
}

gboolean
casarray_name_pattern_match (GPatternSpec *spec,
                             const char   *name)
{
  g_autofree char *key = NULL;

  if (spec == NULL)
    return FALSE;
  key = casarray_name_key (name);
  return key != NULL && g_pattern_spec_match_string (spec, key);
}

/* ---------------------------------------------------------------------- */
/* DNs                                                                    */

/* A value that slapd's DN normaliser refuses: empty (every naming
 * attribute's syntax refuses it) or BER in #hex form, which it does not
 * support in DNs. */
static gboolean
ava_is_usable (const LDAPAVA *ava)
{
  return ava->la_value.bv_len > 0 && (ava->la_flags & LDAP_AVA_BINARY) == 0;
}

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
  for (guint i = 0; parsed[i] != NULL; i++)
    for (guint j = 0; parsed[i][j] != NULL; j++)
      if (!ava_is_usable (parsed[i][j]))
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

static inline gboolean
is_plain_value_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || c == '(' || c == ')';
}

/* A DN of the plainest form, which is what directories hand out: RDNs of
 * one keystring type and one value joined by bare commas, the values of
 * letters, digits, "-._()" and single inner spaces.  Every such DN parses
 * (ldap_str2dn() succeeds and every value is a non-empty string, as
 * parse() requires) and its first value is the text as written; anything
 * else, escapes and multi-valued RDNs included, goes through the parser.
 * Sets @value and @length to the first value. */
static gboolean
is_plain_dn (const char  *dn,
             const char **value,
             gsize       *length)
{
  const char *p = dn;

  *value = NULL;
  for (;;)
    {
      const char *start;

      /* the type: ALPHA *(ALPHA / DIGIT / "-") */
      if (!g_ascii_isalpha (*p))
        return FALSE;
      while (g_ascii_isalnum (*p) || *p == '-')
        p++;
      if (*p++ != '=')
        return FALSE;
      /* the value: no leading, trailing or double space */
      start = p;
      while (is_plain_value_char (*p) || (*p == ' ' && p > start && p[-1] != ' '))
        p++;
      if (p == start || p[-1] == ' ')
        return FALSE;
      if (*value == NULL)
        {
          *value = start;
          *length = p - start;
        }
      if (*p == '\0')
        return TRUE;
      if (*p++ != ',')
        return FALSE;
    }
}

char *
casarray_dn_first_value (const char *dn)
{
  LDAPDN parsed;
  const char *plain;
  gsize plain_length = 0;
  char *value;

  /* the model asks this of every database's server DN: no parse for the
   * usual DN */
  if (dn != NULL && is_plain_dn (dn, &plain, &plain_length))
    return g_strndup (plain, plain_length);
  parsed = parse (dn);
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

/* The naming attributes a DN of this model (or of an AD or OpenLDAP tree
 * above it) may use, by every name a DN may spell them with, and their
 * equality rules in the core schema. */
typedef struct {
  const char *name;       /* the short form, used in the key */
  const char *long_name;
  const char *oid;
  gboolean    ia5;        /* caseIgnoreIA5Match, else caseIgnoreMatch */
} NamingType;

static const NamingType naming_types[] = {
  { "cn", "commonName", "2.5.4.3", FALSE },
  { "dc", "domainComponent", "0.9.2342.19200300.100.1.25", TRUE },
  { "ou", "organizationalUnitName", "2.5.4.11", FALSE },
  { "o", "organizationName", "2.5.4.10", FALSE },
  { "name", NULL, "2.5.4.41", FALSE },
  { "c", "countryName", "2.5.4.6", FALSE },
  { "l", "localityName", "2.5.4.7", FALSE },
  { "st", "stateOrProvinceName", "2.5.4.8", FALSE },
  { "street", "streetAddress", "2.5.4.9", FALSE },
  { "uid", "userid", "0.9.2342.19200300.100.1.1", FALSE },
};

/* TRUE when @bv spells @name, ignoring ASCII case.  On the path of every
 * DN comparison: one pass, no strlen. */
static gboolean
bv_is (const struct berval *bv,
       const char          *name)
{
  if (name == NULL)
    return FALSE;
  for (gsize i = 0; i < bv->bv_len; i++)
    if (name[i] == '\0' || ascii_lower (bv->bv_val[i]) != ascii_lower (name[i]))
      return FALSE;
  return name[bv->bv_len] == '\0';
}

static const NamingType *
find_naming_type (const struct berval *type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (naming_types); i++)
    if (bv_is (type, naming_types[i].name) || bv_is (type, naming_types[i].long_name) ||
        bv_is (type, naming_types[i].oid))
      return &naming_types[i];
  return NULL;
}

typedef struct {
  LDAPAVA  ava;
  char    *type;   /* owned; NULL for a type of naming_types */
  char    *key;    /* owned; NULL when the key is in the arena */
} NormalAva;

/* Most DNs have fewer AVAs than this: no allocation for the arrays. */
#define STACK_AVAS 16

char *
casarray_dn_normalize_parsed (LDAPDN dn)
{
  NormalAva stack_avas[STACK_AVAS];
  LDAPAVA *stack_slots[2 * STACK_AVAS];
  LDAPRDN stack_rdns[STACK_AVAS + 1];
  NormalAva *avas = stack_avas;
  LDAPAVA **slots = stack_slots;
  LDAPRDN *rdns = stack_rdns;
  guint n_rdns = 0, n_avas = 0, k = 0, slot = 0;
  gboolean ok = TRUE;
  char *out = NULL;
  char *normalized = NULL;

  gsize arena_size = 0, arena_used = 0;
  char *arena;

  if (dn == NULL || dn[0] == NULL)
    return NULL;
  for (; dn[n_rdns] != NULL; n_rdns++)
    for (guint j = 0; dn[n_rdns][j] != NULL; j++)
      {
        n_avas++;
        arena_size += dn[n_rdns][j]->la_value.bv_len + 1;
      }
  /* ASCII keys are never longer than their values: one allocation for
   * all of them */
  arena = g_malloc (arena_size);
  if (n_avas > STACK_AVAS)
    {
      avas = g_new (NormalAva, n_avas);
      slots = g_new (LDAPAVA *, n_avas + n_rdns);
      rdns = g_new (LDAPRDN, n_rdns + 1);
    }

  /* slapd's dnNormalize: each value through its type's equality
   * normaliser, the type replaced by its canonical name. */
  for (guint i = 0; i < n_rdns; i++)
    {
      guint first = slot;

      rdns[i] = &slots[slot];
      for (guint j = 0; dn[i][j] != NULL; j++)
        {
          const LDAPAVA *in = dn[i][j];
          const NamingType *naming = find_naming_type (&in->la_attr);
          NormalAva *normal = &avas[k++];

          normal->type = NULL;
          normal->key = NULL;
          if (!ok || !ava_is_usable (in))
            {
              ok = FALSE;
              continue;
            }
          const char *key = arena + arena_used;

          if (naming == NULL)
            normal->type = g_ascii_strdown (in->la_attr.bv_val, (gssize) in->la_attr.bv_len);
          if (ascii_key (in->la_value.bv_val, in->la_value.bv_len, arena + arena_used,
                         naming == NULL || !naming->ia5))
            arena_used += in->la_value.bv_len + 1;
          else
            {
              /* dc is IA5 for slapd; AD allows any Unicode there, so a
               * non-ASCII dc compares as caseIgnoreMatch rather than making
               * the DN invalid (slapd would refuse that entry anyway).  A
               * value of spaces only (U+00A0 becomes one through NFKC)
               * stays empty, as for an ASCII dc, so that the key normalises
               * again to itself instead of to a refused "dc=\20". */
              key = normal->key = case_ignore_unicode (in->la_value.bv_val, in->la_value.bv_len,
                                                       naming == NULL || !naming->ia5);
            }
          if (key == NULL || key[0] == '\0')
            {
              ok = FALSE;
              continue;
            }
          normal->ava.la_attr.bv_val = naming != NULL ? (char *) naming->name : normal->type;
          normal->ava.la_attr.bv_len = strlen (normal->ava.la_attr.bv_val);
          normal->ava.la_value.bv_val = (char *) key;
          normal->ava.la_value.bv_len = strlen (key);
          normal->ava.la_flags = LDAP_AVA_STRING;
          normal->ava.la_private = NULL;

          /* A multi-valued RDN names the same entry in any order: sort
           * by type (insertion sort, RDNs are short); one type twice is
           * refused, as RFC 4512 and slapd do. */
          {
            guint at = slot;

            while (at > first)
              {
                int order = strcmp (slots[at - 1]->la_attr.bv_val, normal->ava.la_attr.bv_val);

                if (order == 0)
                  ok = FALSE;
                if (order <= 0)
                  break;
                slots[at] = slots[at - 1];
                at--;
              }
            slots[at] = &normal->ava;
            slot++;
          }
        }
      slots[slot++] = NULL;
    }
  rdns[n_rdns] = NULL;

  /* PRETTY: UTF-8 as it is, not hex-escaped, so the key of a value is
   * one string whatever its escaping in the DN was. */
  if (ok && ldap_dn2str (rdns, &out, LDAP_DN_FORMAT_LDAPV3 | LDAP_DN_PRETTY) == LDAP_SUCCESS)
    {
      normalized = g_strdup (out);
      ldap_memfree (out);
    }

  for (guint i = 0; i < k; i++)
    {
      g_free (avas[i].type);
      g_free (avas[i].key);
    }
  g_free (arena);
  if (avas != stack_avas)
    {
      g_free (avas);
      g_free (slots);
      g_free (rdns);
    }
  return normalized;
}

char *
casarray_dn_normalize (const char *dn)
{
  LDAPDN parsed = parse (dn);
  char *normalized;

  if (parsed == NULL)
    return NULL;
  normalized = casarray_dn_normalize_parsed (parsed);
  ldap_dnfree (parsed);
  return normalized;
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
          g_autofree char *tail = casarray_dn_normalize_parsed (&parsed[n - n_ancestor]);
          g_autofree char *key = casarray_dn_normalize_parsed (parsed_ancestor);

          below = tail != NULL && key != NULL && strcmp (tail, key) == 0;
        }
    }
  ldap_dnfree (parsed);
  ldap_dnfree (parsed_ancestor);
  return below;
}
