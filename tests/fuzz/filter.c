/* filter.c: fuzz target for LDAP search filters
 * (libcasarray/ldap/casarray-ldap-filter.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Input: NUL-separated fields: the object class, the excluded class
 * (empty: none), then attribute and value pairs (at most five), as the
 * lookups build a CasarrayQuery.  An attribute "casarray-guid" is the GUID
 * pseudo-attribute.  Properties: casarray_ldap_filter_build() either sets
 * an error or gives a filter that libldap's own filter encoder (the one
 * ldap_search_ext() uses, ldap_pvt_put_filter) accepts, that holds every
 * value escaped by libldap (so no value can add a term), and whose
 * parentheses balance outside escapes.
 */
#include "fuzz.h"
#include "fields.h"

#include <lber.h>
#include <ldap.h>

#include "backend/casarray-backend.h"
#include "ldap/casarray-ldap-filter.h"

/* Exported by libldap (OPENLDAP_2.5), declared only in its private
 * headers: encodes an RFC 4515 filter string into @ber, -1 if it does not
 * parse.  ldap_search_ext() calls it on every filter it sends. */
extern int ldap_pvt_put_filter (BerElement *ber, const char *str);

#define FUZZ_MAX_INPUT 4096
#define MAX_MATCHES 5

static char *
escaped (const char *value)
{
  struct berval in = { .bv_len = strlen (value), .bv_val = (char *) value };
  struct berval out = { 0, NULL };
  char *copy;

  FUZZ_CHECK (ldap_bv2escaped_filter_value (&in, &out) == LDAP_SUCCESS, "escaping “%s”", value);
  copy = g_strndup (out.bv_val != NULL ? out.bv_val : "", out.bv_len);
  ber_memfree (out.bv_val);
  return copy;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_auto(GStrv) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *filter = NULL;
  CasarrayMatch any[MAX_MATCHES];
  CasarrayQuery query = { .base = "CN=Configuration,DC=contoso,DC=com",
                          .scope = CASARRAY_SCOPE_SUBTREE, .any = any };
  BerElement *ber;
  int depth = 0;
  guint n;

  if (size > FUZZ_MAX_INPUT)
    return -1;
  fields = fuzz_fields (data, size, 2 + 2 * MAX_MATCHES);
  n = g_strv_length (fields);
  query.object_class = fields[0];
  query.exclude_class = n > 1 && fields[1][0] != '\0' ? fields[1] : NULL;
  for (guint i = 2; i + 1 < n; i += 2)
    any[query.n_any++] = (CasarrayMatch) { fields[i], fields[i + 1] };

  filter = casarray_ldap_filter_build (&query, &error);
  if (filter == NULL)
    {
      FUZZ_CHECK (error != NULL, "no filter and no error");
      return 0;
    }
  FUZZ_CHECK (error == NULL, "a filter and an error");

  ber = ber_alloc_t (LBER_USE_DER);
  FUZZ_CHECK (ldap_pvt_put_filter (ber, filter) != -1, "libldap does not parse the filter “%s”", filter);
  ber_free (ber, 1);

  for (const char *p = filter; *p != '\0'; p++)
    {
      if (*p == '(')
        depth++;
      else if (*p == ')')
        depth--;
      FUZZ_CHECK (depth >= 0 && (depth > 0 || p[1] == '\0'),
                  "parentheses do not balance in “%s”", filter);
    }
  FUZZ_CHECK (depth == 0, "parentheses do not balance in “%s”", filter);

  {
    g_autofree char *oc = escaped (query.object_class);
    /* every entry is a top: the builder says (objectClass=*) for it */
    g_autofree char *term = g_ascii_strcasecmp (query.object_class, "top") == 0
                            ? g_strdup ("(objectClass=*)")
                            : g_strdup_printf ("(objectClass=%s)", oc);

    FUZZ_CHECK (strstr (filter, term) != NULL, "“%s” lacks %s", filter, term);
  }
  for (guint i = 0; i < query.n_any; i++)
    if (strcmp (any[i].attribute, CASARRAY_ATTR_GUID) != 0)
      {
        g_autofree char *value = escaped (any[i].value);
        g_autofree char *term = g_strdup_printf ("(%s=%s)", any[i].attribute, value);

        FUZZ_CHECK (strstr (filter, term) != NULL, "“%s” lacks %s", filter, term);
      }
  return 0;
}
