/* dn.c: fuzz target for DN handling and name matching (casarray-dn.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Input: two strings separated by a NUL byte.  Properties:
 *  - casarray_dn_normalize() is idempotent (except where NFKC makes an
 *    upper-case letter, which slapd does not lower-case either), and a DN
 *    that normalises is valid;
 *  - casarray_dn_equal(a, b) holds iff both normalise to the same text,
 *    and is symmetric and reflexive on valid DNs;
 *  - casarray_name_equal(a, b) holds iff casarray_match_case_ignore()
 *    gives the same key for both (the key need not be its own key: see
 *    has_letter_to_lower());
 *  - casarray_dn_build(value, parent) gives a valid DN whose first value
 *    is @value again and whose parent equals @parent (escaping round-trips);
 *  - a DN is below its parent.
 */
#include "fuzz.h"
#include "fields.h"

#include "backend/casarray-dn.h"

#define FUZZ_MAX_INPUT 4096

/* TRUE when @normalized holds a letter that lower-casing would change,
 * outside its \XX escapes.  The caseIgnoreMatch key is not lower-cased
 * after NFKC, as in slapd (casarray-dn.c: U+2160 becomes "I", U+03D2
 * becomes U+03A5), so normalising such a form again lower-cases it: only
 * a normal form without such a letter must be a fixed point. */
static gboolean
has_letter_to_lower (const char *normalized)
{
  for (const char *p = normalized; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (p[0] == '\\' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          p += 2;
          continue;
        }
      if (g_unichar_tolower (g_utf8_get_char (p)) != g_utf8_get_char (p))
        return TRUE;
    }
  return FALSE;
}

static void
check_normalize (const char *dn)
{
  g_autofree char *normalized = casarray_dn_normalize (dn);
  g_autofree char *again = NULL;
  g_autofree char *parent = NULL;

  /* casarray_dn_is_valid() only parses; normalising also refuses what the
   * matching rules refuse (a value that is not UTF-8, for instance) */
  FUZZ_CHECK (normalized == NULL || casarray_dn_is_valid (dn),
              "“%s” normalises to %s but is not valid", dn, normalized);
  if (normalized == NULL)
    return;
  again = casarray_dn_normalize (normalized);
  FUZZ_CHECK (has_letter_to_lower (normalized) || g_strcmp0 (again, normalized) == 0,
              "normalising is not idempotent: “%s” → “%s” → “%s”", dn, normalized,
              again != NULL ? again : "(nothing)");
  FUZZ_CHECK (casarray_dn_equal (dn, dn), "“%s” is not equal to itself", dn);
  FUZZ_CHECK (has_letter_to_lower (normalized) || casarray_dn_equal (dn, normalized),
              "“%s” is not equal to its normal form “%s”", dn, normalized);

  parent = casarray_dn_parent (dn);
  if (parent != NULL && parent[0] != '\0')
    FUZZ_CHECK (casarray_dn_is_below (dn, parent), "“%s” is not below its parent “%s”", dn, parent);
  g_free (casarray_dn_first_value (dn));
}

/* casarray_dn_first_value() skips the parser for plain DNs: it must give
 * what the parser gives, the first value of a valid DN and NULL else. */
static void
check_first_value (const char *dn)
{
  g_autofree char *value = casarray_dn_first_value (dn);
  g_autofree char *expected = NULL;
  LDAPDN parsed = NULL;

  if (casarray_dn_is_valid (dn) &&
      ldap_str2dn (dn, &parsed, LDAP_DN_FORMAT_LDAPV3) == LDAP_SUCCESS && parsed != NULL)
    expected = g_strndup (parsed[0][0]->la_value.bv_val, parsed[0][0]->la_value.bv_len);
  ldap_dnfree (parsed);
  FUZZ_CHECK (g_strcmp0 (value, expected) == 0, "the first value of “%s” is %s, not %s", dn,
              value != NULL ? value : "(none)", expected != NULL ? expected : "(none)");
}

static void
check_match (const char *a, const char *b)
{
  g_autofree char *key_a = casarray_match_case_ignore (a, -1);
  g_autofree char *key_b = casarray_match_case_ignore (b, -1);
  gboolean equal = casarray_name_equal (a, b);

  FUZZ_CHECK (equal == (key_a != NULL && key_b != NULL && strcmp (key_a, key_b) == 0),
              "name_equal(“%s”, “%s”) is %d but their keys are “%s” and “%s”", a, b, equal,
              key_a != NULL ? key_a : "(none)", key_b != NULL ? key_b : "(none)");
  FUZZ_CHECK (equal == casarray_name_equal (b, a), "name_equal is not symmetric on “%s”, “%s”", a, b);
  g_free (casarray_match_case_ignore_ia5 (a, -1));
}

static void
check_build (const char *value, const char *parent)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dn = casarray_dn_build (value, parent, &error);
  g_autofree char *first = NULL;
  g_autofree char *dn_parent = NULL;

  if (dn == NULL)
    {
      FUZZ_CHECK (error != NULL, "casarray_dn_build(“%s”, “%s”) failed without an error", value, parent);
      return;
    }
  FUZZ_CHECK (casarray_dn_is_valid (dn), "casarray_dn_build(“%s”, “%s”) gave the invalid “%s”",
              value, parent, dn);
  first = casarray_dn_first_value (dn);
  FUZZ_CHECK (g_strcmp0 (first, value) == 0, "“%s” built into “%s”, whose value is “%s”",
              value, dn, first != NULL ? first : "(none)");
  dn_parent = casarray_dn_parent (dn);
  FUZZ_CHECK (casarray_dn_equal (dn_parent, parent), "“%s” built below “%s”: its parent is “%s”",
              value, parent, dn_parent != NULL ? dn_parent : "(none)");
  FUZZ_CHECK (casarray_dn_is_below (dn, parent), "“%s” is not below “%s”", dn, parent);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_auto(GStrv) fields = NULL;
  const char *a, *b;
  g_autofree char *na = NULL;
  g_autofree char *nb = NULL;

  if (size > FUZZ_MAX_INPUT)
    return -1;
  fields = fuzz_fields (data, size, 2);
  a = fields[0];
  b = fields[1] != NULL ? fields[1] : "";

  check_normalize (a);
  check_normalize (b);
  check_first_value (a);
  check_first_value (b);

  na = casarray_dn_normalize (a);
  nb = casarray_dn_normalize (b);
  FUZZ_CHECK (casarray_dn_equal (a, b) == (na != NULL && nb != NULL && strcmp (na, nb) == 0),
              "dn_equal(“%s”, “%s”) is %d but they normalise to “%s” and “%s”", a, b,
              casarray_dn_equal (a, b), na != NULL ? na : "(none)", nb != NULL ? nb : "(none)");
  FUZZ_CHECK (casarray_dn_equal (a, b) == casarray_dn_equal (b, a),
              "dn_equal is not symmetric on “%s”, “%s”", a, b);
  if (na != NULL && nb != NULL)
    casarray_dn_is_below (a, b);

  check_match (a, b);

  if (g_utf8_validate (a, -1, NULL) && nb != NULL && *a != '\0')
    check_build (a, b);
  g_free (casarray_dn_build_rdn (a));
  return 0;
}
