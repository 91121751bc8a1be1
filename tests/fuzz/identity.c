/* identity.c: fuzz target for identity parsing (casarray-validate.c,
 * casarray-lookup.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Input: an identity as a user types it after -Identity: a name, a GUID
 * (with or without braces), a DN, an FQDN, a legacyExchangeDN, a wildcard
 * pattern.  It is looked up as every kind of object, with and without
 * wildcards, in a memory: store holding tests/data/ad-export.ldif (loaded
 * once per process; lookups do not change it), and run through the name,
 * FQDN and URI validators.  Properties:
 *  - casarray_lookup_is_guid() and casarray_guid_parse() agree, and a
 *    parsed GUID formats to text that parses to the same bytes;
 *  - casarray_validate_fqdn() gives a name it accepts again unchanged;
 *  - every lookup and validator either succeeds or sets an error, and a
 *    lookup of one object returns one that the lookup of all returns.
 */
#include "fuzz.h"

#include <string.h>

#include "casarray/casarray-error.h"
#include "operations/casarray-lookup.h"
#include "operations/casarray-validate.h"
#include "store/casarray-store-backend.h"
#include "backend/casarray-syntax.h"

#define FUZZ_MAX_INPUT 1024

static CasarrayContext *context;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  CasarrayStoreSettings settings = { .uri = CASARRAY_STORE_MEMORY_URI };
  g_autoptr(GError) error = NULL;
  g_autofree char *ldif = NULL;
  g_autoptr(CasarrayEntry) ex1 = NULL;
  const char *below_configuration;
  CasarrayBackend *backend;

  fuzz_isolate_environment ();
  if (!g_file_get_contents (CASARRAY_FUZZ_ORGANIZATION_LDIF, &ldif, NULL, &error))
    fuzz_fail (__FILE__, __LINE__, "g_file_get_contents", "%s", error->message);
  /* a new store already holds the configuration entry, the file's first */
  below_configuration = strstr (ldif, "\ndn: CN=Sites,");
  if (below_configuration == NULL)
    fuzz_fail (__FILE__, __LINE__, "strstr", "no CN=Sites in %s", CASARRAY_FUZZ_ORGANIZATION_LDIF);
  backend = casarray_store_backend_new (&settings, &error);
  if (backend == NULL ||
      !casarray_store_backend_apply_ldif (CASARRAY_STORE_BACKEND (backend), below_configuration + 1, &error))
    fuzz_fail (__FILE__, __LINE__, "loading the organisation", "%s", error->message);
  context = casarray_context_new (backend, "CN=Configuration,DC=contoso,DC=com");
  g_object_unref (backend);
  /* lookups that find nothing would test little */
  ex1 = casarray_lookup_one (context, CASARRAY_KIND_SERVER, "EX1", NULL, &error);
  if (ex1 == NULL)
    fuzz_fail (__FILE__, __LINE__, "casarray_lookup_one", "EX1 is not in the store: %s", error->message);
  return 0;
}

static void
check_guid (const char *identity)
{
  guint8 bytes[16];
  guint8 again[16];
  gboolean parsed = casarray_guid_parse (identity, bytes);
  g_autofree char *text = NULL;

  FUZZ_CHECK (parsed == casarray_lookup_is_guid (identity),
              "“%s”: the lookup says %sa GUID, the filter parser %s", identity,
              casarray_lookup_is_guid (identity) ? "" : "not ", parsed ? "parses it" : "does not");
  if (!parsed)
    return;
  text = casarray_guid_format (bytes);
  FUZZ_CHECK (casarray_guid_parse (text, again) && memcmp (bytes, again, 16) == 0,
              "“%s” formats to “%s”, which parses differently", identity, text);
  FUZZ_CHECK (g_ascii_strcasecmp (text, identity + (identity[0] == '{')) == 0 ||
              strlen (identity) == 38,
              "“%s” formats to “%s”", identity, text);
}

static void
check_validators (const char *identity)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fqdn = casarray_validate_fqdn (identity, &error);

  FUZZ_CHECK ((fqdn != NULL) == (error == NULL), "validate_fqdn(“%s”): result and error", identity);
  if (fqdn != NULL)
    {
      g_autofree char *again = casarray_validate_fqdn (fqdn, NULL);

      FUZZ_CHECK (g_strcmp0 (again, fqdn) == 0, "“%s” validates to “%s”, which validates to “%s”",
                  identity, fqdn, again != NULL ? again : "(refused)");
    }
  g_clear_error (&error);
  FUZZ_CHECK (casarray_validate_database_name (identity, &error) == (error == NULL),
              "validate_database_name(“%s”): result and error", identity);
  g_clear_error (&error);
  FUZZ_CHECK (casarray_validate_object_name ("site", identity, &error) == (error == NULL),
              "validate_object_name(“%s”): result and error", identity);
  g_clear_error (&error);
  FUZZ_CHECK (casarray_validate_http_uri (identity, &error) == (error == NULL),
              "validate_http_uri(“%s”): result and error", identity);
}

static gboolean
contains_dn (GPtrArray *entries, const char *dn)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (casarray_entry_get_dn (g_ptr_array_index (entries, i)), dn) == 0)
      return TRUE;
  return FALSE;
}

static void
check_lookups (const char *identity)
{
  static const CasarrayKind kinds[] = {
    CASARRAY_KIND_SITE, CASARRAY_KIND_SERVER, CASARRAY_KIND_ARRAY, CASARRAY_KIND_ENDPOINT,
    CASARRAY_KIND_DATABASE, CASARRAY_KIND_AUTODISCOVER,
  };

  for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) one_error = NULL;
      g_autoptr(GPtrArray) all = casarray_lookup_all (context, kinds[k], identity, FALSE, NULL, &error);
      g_autoptr(GPtrArray) matching = NULL;
      g_autoptr(CasarrayEntry) one = NULL;

      FUZZ_CHECK ((all != NULL) == (error == NULL), "lookup_all(%d, “%s”): result and error",
                  kinds[k], identity);
      g_clear_error (&error);
      matching = casarray_lookup_all (context, kinds[k], identity, TRUE, NULL, &error);
      FUZZ_CHECK ((matching != NULL) == (error == NULL),
                  "lookup_all(%d, “%s”, wildcards): result and error", kinds[k], identity);
      one = casarray_lookup_one (context, kinds[k], identity, NULL, &one_error);
      FUZZ_CHECK ((one != NULL) == (one_error == NULL), "lookup_one(%d, “%s”): result and error",
                  kinds[k], identity);
      if (one != NULL && all != NULL)
        FUZZ_CHECK (contains_dn (all, casarray_entry_get_dn (one)),
                    "lookup_one(%d, “%s”) found %s, which lookup_all does not", kinds[k],
                    identity, casarray_entry_get_dn (one));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *identity = NULL;

  if (size > FUZZ_MAX_INPUT)
    return -1;
  if (context == NULL)
    LLVMFuzzerInitialize (NULL, NULL);
  /* as the command hands it over: a C string */
  identity = g_strndup ((const char *) data, size);

  check_guid (identity);
  check_validators (identity);
  check_lookups (identity);
  return 0;
}
