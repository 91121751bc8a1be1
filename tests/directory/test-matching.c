/* test-matching.c: the embedded store matches names as slapd does
 *
 * A directory decides which names are "the same" by the equality rule of
 * the naming attribute: for cn, caseIgnoreMatch, which slapd implements as
 * simple lower-casing, NFKC and RFC 4518 insignificant space handling (see
 * casarray-dn.h).  The store must refuse exactly the duplicates slapd
 * refuses and accept exactly what slapd accepts, or a store file stops
 * loading with ldapadd and a lookup by name finds a different set of
 * objects.
 *
 * Each pair of names below goes through both backends: create a site named
 * by the first, then one named by the second, and note whether the second
 * was refused as a duplicate; look both names up; remove what was made.
 * The test asserts that slapd behaves as the comment of each pair says (so
 * the list keeps meaning what it claims), that the store behaves as slapd,
 * that lookups find the same sites, and that casarray_dn_equal() and
 * casarray_name_equal(), which the operations use above both backends,
 * give the same answer.  Then every name of the list goes into one store,
 * and the file must load into a fresh slapd.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include <casarray/casarray.h>

#include "casarray-directory-private.h"
#include "backend/casarray-dn.h"
#include "store/casarray-store-backend.h"
#include "casarray-test-calls.h"
#include "casarray-test-slapd.h"

#define ORG "Contoso Corp"

typedef struct {
  const char *first;
  const char *second;
  gboolean    same;      /* what slapd says */
  const char *why;
} Pair;

static const Pair pairs[] = {
  { "Site1", "SITE1", TRUE, "ASCII case" },
  { "Site1", "Site1 ", TRUE, "trailing space" },
  { "Site1", " Site1", TRUE, "leading space" },
  { "Site1", "  Site1  ", TRUE, "several spaces on both sides" },
  { "Site  1", "Site 1", TRUE, "inner run of spaces" },
  { "Site 1", "Site1", FALSE, "one inner space is significant" },
  { "Site 1", "Site\u00a01", TRUE, "NO-BREAK SPACE is a space after NFKC" },
  { "\u00c9COLE", "\u00e9cole", TRUE, "É/é" },
  { "\u00e9cole", "e\u0301cole", TRUE, "é composed and E + combining acute" },
  { "\u00c9cole", "E\u0301COLE", TRUE, "É composed, E + combining acute upper case" },
  { "\u00df", "SS", FALSE, "ß is not SS: simple case mapping, no full case folding" },
  { "\u00df", "ss", FALSE, "ß is not ss" },
  { "Stra\u00dfe", "STRASSE", FALSE, "Straße is not STRASSE" },
  { "Stra\u00dfe", "STRA\u00dfE", TRUE, "ß against itself in an upper-case word" },
  { "\u01c5", "\u01c6", TRUE, "title case ǅ lower-cases to ǆ" },
  { "\u01c4", "\u01c5", TRUE, "Ǆ and ǅ" },
  { "\u01c6", "d\u017e", TRUE, "ǆ is dž after NFKC" },
  { "\u0131", "I", FALSE, "dotless ı is not I" },
  { "\u0131", "i", FALSE, "dotless ı is not i" },
  { "\u0130", "i", TRUE, "İ lower-cases to i (simple mapping)" },
  { "\u03c2", "\u03c3", FALSE, "final sigma ς is not σ" },
  { "\u03a3", "\u03c3", TRUE, "Σ and σ" },
  { "\u03a3", "\u03c2", FALSE, "Σ is not ς" },
  { "\uff21", "A", TRUE, "fullwidth Ａ is A after NFKC" },
  { "\uff41", "A", TRUE, "fullwidth ａ is A" },
  { "\ufb01", "fi", TRUE, "ligature ﬁ is fi after NFKC" },
  { "\ufb01", "FI", TRUE, "ligature ﬁ is FI" },
  { "\u212a", "K", TRUE, "KELVIN SIGN is K" },
  { "\u212a", "k", TRUE, "KELVIN SIGN is k" },
  { "\u2126", "\u03c9", TRUE, "OHM SIGN is ω" },
  { "\u212b", "\u00e5", TRUE, "ANGSTROM SIGN is å" },
  /* lower-casing comes before NFKC and only touches letters, so what NFKC
   * makes upper case stays upper case */
  { "\u2160", "I", FALSE, "ROMAN NUMERAL ONE becomes I after lower-casing" },
  { "\u2160", "\u2170", FALSE, "Ⅰ is not ⅰ" },
  { "\U0001d400", "A", FALSE, "MATHEMATICAL BOLD CAPITAL A has no lower case" },
  { "Site-\u00e9", "SITE-\u00c9 ", TRUE, "non-ASCII with a trailing space" },
  { "Caf\u00e9  Paris", "CAF\u00c9 PARIS", TRUE, "non-ASCII with an inner run of spaces" },
};

typedef struct {
  gboolean  refused;   /* the second name was refused as a duplicate */
  GPtrArray *found_first;    /* sorted DNs (normalised) found by each name */
  GPtrArray *found_second;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->found_first, g_ptr_array_unref);
  g_clear_pointer (&outcome->found_second, g_ptr_array_unref);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* What the sites found by @name are, as names (as stored). */
static GPtrArray *
find_sites (CasarrayDirectory *directory,
            const char        *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sites = casarray_directory_get_sites_sync (directory, name, NULL, NULL, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  if (sites == NULL)
    {
      /* not found is an answer too: an empty set */
      g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND);
      return names;
    }
  for (guint i = 0; i < sites->len; i++)
    g_ptr_array_add (names, g_strdup (casarray_object_get_name (CASARRAY_OBJECT (g_ptr_array_index (sites, i)))));
  g_ptr_array_sort (names, compare_strings);
  return names;
}

static void
run_pair (CasarrayDirectory *directory,
          const Pair        *pair,
          Outcome           *outcome)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarraySite) first = casarray_directory_new_site_sync (directory, pair->first, NULL, &error);
  g_autoptr(CasarraySite) second = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (first);
  second = casarray_directory_new_site_sync (directory, pair->second, NULL, &error);
  if (second == NULL)
    {
      g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS);
      g_clear_error (&error);
    }
  outcome->refused = second == NULL;
  outcome->found_first = find_sites (directory, pair->first);
  outcome->found_second = find_sites (directory, pair->second);

  if (second != NULL)
    {
      g_assert_true (casarray_directory_remove_site_sync (directory,
                                                          casarray_object_get_distinguished_name (CASARRAY_OBJECT (second)),
                                                          NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (casarray_directory_remove_site_sync (directory,
                                                      casarray_object_get_distinguished_name (CASARRAY_OBJECT (first)),
                                                      NULL, &error));
  g_assert_no_error (error);
}

/* Counts and describes a difference between the sites the two backends
 * find by one name. */
static guint
compare_found (const Pair *pair,
               const char *which,
               GPtrArray  *slapd,
               GPtrArray  *store)
{
  gboolean same = slapd->len == store->len;

  for (guint i = 0; same && i < slapd->len; i++)
    same = strcmp (g_ptr_array_index (slapd, i), g_ptr_array_index (store, i)) == 0;
  if (same)
    return 0;
  g_test_message ("DIFFERENCE “%s” / “%s” (%s): looking up the %s name, slapd finds %u site(s) "
                  "(first “%s”), the store %u (first “%s”)",
                  pair->first, pair->second, pair->why, which,
                  slapd->len, slapd->len > 0 ? (const char *) g_ptr_array_index (slapd, 0) : "",
                  store->len, store->len > 0 ? (const char *) g_ptr_array_index (store, 0) : "");
  return 1;
}

static void
test_site_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayTestSlapd) slapd = casarray_test_slapd_start (&error);
  g_autoptr(CasarrayDirectory) ldap = NULL;
  g_autoptr(CasarrayDirectory) store = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(CasarraySite) probe = NULL;
  g_autofree char *sites_dn = NULL;
  guint differences = 0;

  g_assert_no_error (error);
  ldap = casarray_directory_new (casarray_test_slapd_get_ldapi_uri (slapd));
  g_assert_true (casarray_directory_new_organization_sync (ldap, ORG, NULL, &error));
  g_assert_no_error (error);

  folder = g_dir_make_tmp ("casarray-matching-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (folder, "org.ldif", NULL);
  uri = g_filename_to_uri (path, NULL, &error);
  g_assert_no_error (error);
  store = casarray_directory_new (uri);
  g_assert_true (casarray_directory_new_organization_sync (store, ORG, NULL, &error));
  g_assert_no_error (error);

  /* where sites live, for the DN comparisons */
  probe = casarray_directory_new_site_sync (ldap, "Probe", NULL, &error);
  g_assert_no_error (error);
  sites_dn = casarray_dn_parent (casarray_object_get_distinguished_name (CASARRAY_OBJECT (probe)));
  g_assert_nonnull (sites_dn);

  for (gsize i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      const Pair *pair = &pairs[i];
      Outcome on_slapd = { 0 }, on_store = { 0 };
      g_autofree char *dn_first = casarray_dn_build (pair->first, sites_dn, NULL);
      g_autofree char *dn_second = casarray_dn_build (pair->second, sites_dn, NULL);

      g_test_message ("“%s” / “%s”: %s", pair->first, pair->second, pair->why);
      run_pair (ldap, pair, &on_slapd);
      run_pair (store, pair, &on_store);

      /* the list says what slapd does; if slapd changes, this says so */
      if (on_slapd.refused != pair->same)
        g_error ("“%s” / “%s” (%s): slapd %s the second, the list expects it %s",
                 pair->first, pair->second, pair->why,
                 on_slapd.refused ? "refuses" : "accepts",
                 pair->same ? "refused" : "accepted");
      if (on_store.refused != on_slapd.refused)
        {
          g_test_message ("DIFFERENCE “%s” / “%s” (%s): slapd %s the second, the store %s it",
                          pair->first, pair->second, pair->why,
                          on_slapd.refused ? "refuses" : "accepts",
                          on_store.refused ? "refuses" : "accepts");
          differences++;
        }
      differences += compare_found (pair, "first", on_slapd.found_first, on_store.found_first);
      differences += compare_found (pair, "second", on_slapd.found_second, on_store.found_second);

      /* the operations compare DNs and names with these */
      g_assert_nonnull (dn_first);
      g_assert_nonnull (dn_second);
      if (casarray_dn_equal (dn_first, dn_second) != pair->same ||
          casarray_name_equal (pair->first, pair->second) != pair->same)
        {
          g_test_message ("DIFFERENCE “%s” / “%s” (%s): casarray_dn_equal %d, casarray_name_equal %d",
                          pair->first, pair->second, pair->why,
                          casarray_dn_equal (dn_first, dn_second),
                          casarray_name_equal (pair->first, pair->second));
          differences++;
        }
      outcome_clear (&on_slapd);
      outcome_clear (&on_store);
    }
  g_assert_cmpuint (differences, ==, 0);

  g_unlink (path);
  {
    g_autofree char *lock = g_strconcat (path, ".lock", NULL);
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    const char *name;

    g_unlink (lock);
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *leftover = g_build_filename (folder, name, NULL);
        g_unlink (leftover);
      }
  }
  g_rmdir (folder);
}

/* The symptom of issue 8: a store holding names the store took as two
 * sites, and slapd as one, did not load into slapd.  Every name of the
 * list made in one store (a duplicate refused, as slapd would), then the
 * file loaded into a fresh slapd: it must load, with as many sites. */
static void
test_store_loads_into_slapd (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayTestSlapd) slapd = NULL;
  g_autoptr(CasarrayDirectory) store = NULL;
  g_autoptr(CasarrayDirectory) ldap = NULL;
  g_autoptr(GPtrArray) in_store = NULL;
  g_autoptr(GPtrArray) in_slapd = NULL;
  g_autofree char *folder = g_dir_make_tmp ("casarray-matching-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  guint made = 0;

  g_assert_no_error (error);
  path = g_build_filename (folder, "org.ldif", NULL);
  uri = g_filename_to_uri (path, NULL, &error);
  g_assert_no_error (error);
  store = casarray_directory_new (uri);
  g_assert_true (casarray_directory_new_organization_sync (store, ORG, NULL, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < 2 * G_N_ELEMENTS (pairs); i++)
    {
      const char *name = i % 2 == 0 ? pairs[i / 2].first : pairs[i / 2].second;
      g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (store, name, NULL, &error);

      if (site == NULL)
        {
          g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS);
          g_clear_error (&error);
        }
      else
        made++;
    }
  in_store = casarray_directory_get_sites_sync (store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (in_store->len, ==, made);

  slapd = casarray_test_slapd_start (&error);
  g_assert_no_error (error);
  {
    /* the error first: it names the entry slapd refused */
    gboolean loaded = casarray_test_slapd_load_ldif_file (slapd, path, &error);

    g_assert_no_error (error);
    g_assert_true (loaded);
  }
  ldap = casarray_directory_new (casarray_test_slapd_get_ldapi_uri (slapd));
  in_slapd = casarray_directory_get_sites_sync (ldap, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (in_slapd->len, ==, in_store->len);

  g_clear_object (&store);
  {
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *leftover = g_build_filename (folder, name, NULL);
        g_unlink (leftover);
      }
  }
  g_rmdir (folder);
}

/* The keys themselves, where slapd cannot be asked through a site name:
 * the ASCII fast path gives what the Unicode path gives, a value of spaces
 * only, IA5 strings, and DNs that the directory refuses. */
static void
test_keys (void)
{
  static const struct { const char *value; const char *key; } case_ignore[] = {
    { "Site1", "site1" },
    { "  Site   One  ", "site one" },
    { "   ", " " },
    { "", "" },
    { "\u00c9COLE  ", "\u00e9cole" },
    { "\u00a0Site\u3000One\u00a0", "site one" },
    { "Stra\u00dfe", "stra\u00dfe" },
    { "\u2160", "I" },
  };
  g_autofree char *ia5_spaces = casarray_match_case_ignore_ia5 ("   ", -1);
  g_autofree char *ia5 = casarray_match_case_ignore_ia5 ("  Contoso  COM ", -1);
  g_autofree char *ia5_utf8 = casarray_match_case_ignore_ia5 ("\u00e9", -1);
  g_autofree char *not_utf8 = casarray_match_case_ignore ("\xff", -1);
  g_autofree char *with_nul = casarray_match_case_ignore ("a\0b", 3);

  for (gsize i = 0; i < G_N_ELEMENTS (case_ignore); i++)
    {
      g_autofree char *key = casarray_match_case_ignore (case_ignore[i].value, -1);

      g_assert_cmpstr (key, ==, case_ignore[i].key);
    }
  g_assert_cmpstr (ia5_spaces, ==, "");
  g_assert_cmpstr (ia5, ==, "contoso com");
  g_assert_null (ia5_utf8);
  g_assert_null (not_utf8);
  g_assert_null (with_nul);

  /* DNs: types by any of their names, values by their rule, RDN order */
  g_assert_true (casarray_dn_equal ("CN=Site1\\20,CN=Sites,DC=Contoso,DC=COM",
                                    "commonName=site1,2.5.4.3=SITES,dc=contoso,domainComponent=com"));
  g_assert_true (casarray_dn_equal ("CN=\\C3\\89cole,DC=x", "cn=\u00e9cole,dc=x"));
  g_assert_true (casarray_dn_equal ("CN=a+OU=b,DC=x", "OU=B+CN=A,DC=x"));
  g_assert_false (casarray_dn_equal ("CN=Stra\u00dfe,DC=x", "CN=STRASSE,DC=x"));
  g_assert_true (casarray_dn_is_below ("CN=Site1,CN=Sites ,DC=x", "cn=sites,dc=X"));
  /* refused by slapd: empty value, #hex value, one type twice in an RDN */
  g_assert_null (casarray_dn_normalize ("CN=,DC=x"));
  g_assert_null (casarray_dn_normalize ("CN=#04035369746531,DC=x"));
  g_assert_null (casarray_dn_normalize ("CN=a+CN=b,DC=x"));
  g_assert_false (casarray_dn_is_valid ("CN=,DC=x"));
}

/* ---------------------------------------------------------------------- */
/* The operations above both backends                                     */

/* The operations compare names themselves in places (an array's name
 * against every server and array, a database name with -Server, the
 * audit's name conflicts, legacyExchangeDN references, -Identity
 * patterns).  They must take for one name what the directory takes for
 * one name: the same rule as slapd's, on slapd and on the store. */

static guint
count_databases (CasarrayDirectory *directory,
                 const char        *identity,
                 const char        *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found =
    casarray_test_get_databases (directory, identity, server, CASARRAY_GET_INCLUDE_PRE_EXCHANGE2010, &error);

  if (found == NULL)
    {
      g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND);
      return 0;
    }
  return found->len;
}

static guint
count_arrays (CasarrayDirectory *directory,
              const char        *identity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found =
    casarray_directory_get_client_access_arrays_sync (directory, identity, NULL, NULL, &error);

  if (found == NULL)
    {
      g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND);
      return 0;
    }
  return found->len;
}

static void
new_site (CasarrayDirectory *directory,
          const char        *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (directory, name, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (site);
}

/* An array is made, or refused as a name clash. */
static gboolean
new_array (CasarrayDirectory *directory,
           const char        *name,
           const char        *fqdn,
           const char        *site)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayClientAccessArray) array =
    casarray_directory_new_client_access_array_sync (directory, name, fqdn, site, NULL, &error);

  if (array == NULL)
    {
      g_test_message ("New-ClientAccessArray “%s”: %s", name, error->message);
      g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS);
      return FALSE;
    }
  g_assert_no_error (error);
  return TRUE;
}

/* The error of New-ClientAccessArray, NULL when the array was made. */
static GError *
array_error (CasarrayDirectory *directory,
             const char        *name,
             const char        *fqdn,
             const char        *site)
{
  GError *error = NULL;
  g_autoptr(CasarrayClientAccessArray) array =
    casarray_directory_new_client_access_array_sync (directory, name, fqdn, site, NULL, &error);

  g_assert_true ((array == NULL) == (error != NULL));
  if (error != NULL)
    g_test_message ("New-ClientAccessArray “%s”: %s", name, error->message);
  return error;
}

static void
check_operations (CasarrayDirectory *directory,
                  const char        *backend)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayServer) server = NULL;
  g_autoptr(CasarrayMailboxDatabase) database = NULL;
  g_autoptr(GPtrArray) databases = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  const char *sites[] = { "S1", "S2", "S3", "S4", "S5", "S6", "S7" };

  g_test_message ("operations on %s", backend);
  g_assert_true (casarray_directory_new_organization_sync (directory, ORG, NULL, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (sites); i++)
    new_site (directory, sites[i]);

  /* name clashes of New-ClientAccessArray: slapd takes Straße and
   * STRASSE for two names, ÉCOLE and école for one */
  g_assert_true (new_array (directory, "Stra\u00dfe", "strasse1.contoso.com", "S1"));
  g_assert_true (new_array (directory, "STRASSE", "strasse2.contoso.com", "S2"));
  g_assert_true (new_array (directory, "\u00c9COLE", "ecole1.contoso.com", "S3"));
  g_assert_false (new_array (directory, "\u00e9cole", "ecole2.contoso.com", "S4"));
  g_assert_false (new_array (directory, "E\u0301cole ", "ecole2.contoso.com", "S4"));

  /* which rule an array breaks is told by the directory's rule too: MASSE
   * in the site of Maße breaks the one-array-per-site rule, not the name
   * rule; with Maße's FQDN, the FQDN rule */
  g_assert_true (new_array (directory, "Ma\u00dfe", "masse.contoso.com", "S4"));
  {
    g_autoptr(GError) in_site = array_error (directory, "MASSE", "masse2.contoso.com", "S4");
    g_autoptr(GError) same_fqdn = array_error (directory, "MASSE", "MASSE.contoso.com", "S7");

    g_assert_error (in_site, CASARRAY_ERROR, CASARRAY_ERROR_ARRAY_EXISTS_IN_SITE);
    g_assert_error (same_fqdn, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS);
    g_assert_nonnull (strstr (same_fqdn->message, "FQDN"));
  }

  /* ς and σ are two names (Σ is σ) */
  g_assert_true (new_array (directory, "\u03c3", "sigma.contoso.com", "S5"));
  g_assert_true (new_array (directory, "\u03c2", "final-sigma.contoso.com", "S6"));
  g_assert_false (new_array (directory, "\u03a3", "capital-sigma.contoso.com", "S7"));

  /* a Mailbox server in S1, whose array is Straße: its databases' RPC
   * endpoint, found again by legacyExchangeDN, is Straße and not STRASSE */
  server = casarray_test_new_server (directory, "MB1", "mb1.contoso.com", "S1",
                                     CASARRAY_SERVER_ROLE_CLIENT_ACCESS |
                                     CASARRAY_SERVER_ROLE_MAILBOX,
                                     NULL, &error);
  g_assert_no_error (error);
  database = casarray_directory_new_mailbox_database_sync (directory, "STRASSE", "MB1", NULL,
                                                           NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&database);
  database = casarray_directory_new_mailbox_database_sync (directory, "\u00c9cole-DB", "MB1", NULL,
                                                           NULL, &error);
  g_assert_no_error (error);

  /* Get-MailboxDatabase by name, with and without -Server */
  g_assert_cmpuint (count_databases (directory, "strasse", NULL), ==, 1);
  g_assert_cmpuint (count_databases (directory, "strasse", "MB1"), ==, 1);
  g_assert_cmpuint (count_databases (directory, "stra\u00dfe", NULL), ==, 0);
  g_assert_cmpuint (count_databases (directory, "stra\u00dfe", "MB1"), ==, 0);
  g_assert_cmpuint (count_databases (directory, "E\u0301COLE-db ", "MB1"), ==, 1);
  /* patterns fold as names do, both sides */
  g_assert_cmpuint (count_databases (directory, "E\u0301C*", NULL), ==, 1);
  g_assert_cmpuint (count_databases (directory, "E\u0301C*", "MB1"), ==, 1);
  g_assert_cmpuint (count_databases (directory, "STRASS*", "MB1"), ==, 1);
  g_assert_cmpuint (count_databases (directory, "STRA\u00dfE*", "MB1"), ==, 0);
  g_assert_cmpuint (count_arrays (directory, "\u00e9C*"), ==, 1);
  g_assert_cmpuint (count_arrays (directory, "STRASS*"), ==, 1);
  g_assert_cmpuint (count_arrays (directory, "STRA\u00df*"), ==, 1);
  g_assert_cmpuint (count_arrays (directory, "\u03a3*"), ==, 1);
  g_assert_cmpuint (count_arrays (directory, "\uff33TRASSE"), ==, 1);

  /* the database's RPC endpoint is the array Straße of its site, not
   * STRASSE (whose legacyExchangeDN differs by ß/SS only) */
  databases = casarray_test_get_databases (directory, "STRASSE", NULL, CASARRAY_GET_INCLUDE_PRE_EXCHANGE2010, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (databases->len, ==, 1);
  g_assert_cmpstr (casarray_mailbox_database_get_rpc_client_access_server (g_ptr_array_index (databases, 0)),
                   ==, "strasse1.contoso.com");

  /* the audit finds no name conflict: every pair above is two names; and
   * the databases' references, found by legacyExchangeDN, are the array
   * Straße of their site (not missing, not STRASSE in another site).  So
   * all it has to say is that the other arrays have no members. */
  findings = casarray_directory_audit_sync (directory, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < findings->len; i++)
    {
      CasarrayFinding *finding = g_ptr_array_index (findings, i);

      g_test_message ("finding: %s", casarray_finding_get_message (finding));
      g_assert_cmpint (casarray_finding_get_kind (finding), ==, CASARRAY_FINDING_ARRAY_WITHOUT_MEMBERS);
    }
  g_assert_cmpuint (findings->len, ==, 5);
}

static void
test_operations (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayTestSlapd) slapd = casarray_test_slapd_start (&error);
  g_autoptr(CasarrayDirectory) ldap = NULL;
  g_autoptr(CasarrayDirectory) store = NULL;

  g_assert_no_error (error);
  ldap = casarray_directory_new (casarray_test_slapd_get_ldapi_uri (slapd));
  check_operations (ldap, "slapd");
  store = casarray_directory_new ("memory:");
  check_operations (store, "the store");
}

/* Writes the store of @directory as one snapshot file, without journal. */
static void
compact (CasarrayDirectory *directory)
{
  g_autoptr(GError) error = NULL;
  CasarrayContext *context = casarray_directory_get_context (directory, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (casarray_store_backend_compact (CASARRAY_STORE_BACKEND (casarray_context_get_backend (context)),
                                                 &error));
  g_assert_no_error (error);
  casarray_context_unref (context);
}

/* The store finds the configuration naming context by its RDN,
 * CN=Configuration, which the directory matches as any DN: the value by
 * caseIgnoreMatch.  A plain LDIF file (an export, a hand-edited store)
 * spelling it with escaped insignificant spaces or a fullwidth letter
 * names the same entries for slapd, so it must open as the same
 * organisation. */
static void
test_configuration_rdn (void)
{
  /* (commonName=Configuration would be one too, but the store's loader
   * wants an attribute spelled as the RDN's type to hold its value) */
  static const char *spellings[] = {
    "cn=CONFIGURATION,",
    "CN=Configuration\\20,",
    "CN=\\20Configuration\\20\\20,",
    "CN=\\EF\\BC\\A3onfiguration,",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("casarray-matching-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  path = g_build_filename (folder, "org.ldif", NULL);
  uri = g_filename_to_uri (path, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(CasarrayDirectory) store = casarray_directory_new (uri);
    g_autoptr(CasarraySite) site = NULL;

    g_assert_true (casarray_directory_new_organization_sync (store, ORG, NULL, &error));
    g_assert_no_error (error);
    site = casarray_directory_new_site_sync (store, "Site1", NULL, &error);
    g_assert_no_error (error);
    /* the whole store in the one file, as in a plain LDIF file: no journal */
    compact (store);
  }
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "CN=Configuration,"));

  for (gsize i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
      g_autoptr(GString) plain = g_string_new (NULL);
      g_autoptr(CasarrayDirectory) store = NULL;
      g_autoptr(GPtrArray) sites = NULL;

      /* without the header and trailer comments: a plain LDIF file */
      for (guint j = 0; lines[j] != NULL; j++)
        if (!g_str_has_prefix (lines[j], "# "))
          g_string_append_printf (plain, "%s\n", lines[j]);
      g_string_replace (plain, "CN=Configuration,", spellings[i], 0);
      g_assert_true (g_file_set_contents (path, plain->str, -1, &error));
      g_assert_no_error (error);

      g_test_message ("configuration spelled %s", spellings[i]);
      store = casarray_directory_new (uri);
      sites = casarray_directory_get_sites_sync (store, "site1", NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sites->len, ==, 1);
    }

  {
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *leftover = g_build_filename (folder, name, NULL);
        g_unlink (leftover);
      }
  }
  g_rmdir (folder);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/matching/keys", test_keys);
  g_test_add_func ("/matching/site-names", test_site_names);
  g_test_add_func ("/matching/store-loads-into-slapd", test_store_loads_into_slapd);
  g_test_add_func ("/matching/operations", test_operations);
  g_test_add_func ("/matching/configuration-rdn", test_configuration_rdn);
  return g_test_run ();
}
