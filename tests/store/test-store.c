/* test-store.c: what is particular to the embedded store
 *
 * The behaviour shared with the LDAP backend is tested in
 * tests/directory/ (one suite, both backends).  Here: the file itself
 * (validation, format, ldapadd and ldapsearch round trips with a real
 * slapd), crash safety, several processes on one file, memory:, the
 * per-user default location and URIs.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <casarray/casarray.h>

#include "casarray-directory-private.h"
#include "backend/casarray-dn.h"
#include "store/casarray-store-backend.h"
#include "casarray-test-calls.h"
#include "casarray-test-slapd.h"

#define ORG   "Contoso Corp"
#define SITE1 "Default-First-Site-Name"
#define CONFIG "CN=Configuration,DC=contoso,DC=com"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                */

typedef struct {
  char *folder;
  char *path;
  char *uri;
} TempStore;

static void
temp_store_init (TempStore *store)
{
  g_autoptr(GError) error = NULL;

  store->folder = g_dir_make_tmp ("casarray-store-test-XXXXXX", &error);
  g_assert_no_error (error);
  store->path = g_build_filename (store->folder, "org.ldif", NULL);
  store->uri = g_filename_to_uri (store->path, NULL, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_rmdir (path);
}

static void
temp_store_clear (TempStore *store)
{
  if (store->folder != NULL)
    remove_tree (store->folder);
  g_clear_pointer (&store->folder, g_free);
  g_clear_pointer (&store->path, g_free);
  g_clear_pointer (&store->uri, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TempStore, temp_store_clear)

static CasarrayStoreBackend *store_backend_of (CasarrayDirectory *directory);

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

/* The store's snapshot followed by its journal, if there is one: what the
 * store holds, as ldapadd and then ldapmodify would load it. */
static char *
read_store (const char *path)
{
  g_autofree char *journal_path = g_strconcat (path, ".journal", NULL);
  g_autofree char *snapshot = read_file (path);
  g_autofree char *journal = NULL;

  if (!g_file_get_contents (journal_path, &journal, NULL, NULL))
    return g_steal_pointer (&snapshot);
  return g_strconcat (snapshot, journal, NULL);
}

/* An organisation with two sites, servers of every kind, databases, an
 * array, an Autodiscover point and a repointed database. */
static void
populate (CasarrayDirectory *directory)
{
  g_autoptr(GError) error = NULL;
  struct {
    const char         *name;
    const char         *site;
    CasarrayServerRole  roles;
  } servers[] = {
    { "MBX1", SITE1, CASARRAY_SERVER_ROLE_MAILBOX },
    { "MBX2", SITE1, CASARRAY_SERVER_ROLE_MAILBOX },
    { "CAS1", SITE1, CASARRAY_SERVER_ROLE_CLIENT_ACCESS | CASARRAY_SERVER_ROLE_HUB_TRANSPORT },
    { "BR-CAS", "Branch Office", CASARRAY_SERVER_ROLE_CLIENT_ACCESS | CASARRAY_SERVER_ROLE_MAILBOX },
  };

  g_assert_true (casarray_directory_new_organization_sync (directory, ORG, NULL, &error));
  g_assert_no_error (error);
  for (const char * const *name = (const char *[]) { SITE1, "Branch Office", NULL }; *name != NULL; name++)
    {
      g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (directory, *name, NULL, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autofree char *fqdn = g_strdup_printf ("%s.contoso.com", servers[i].name);
      g_autoptr(CasarrayServer) server =
        casarray_test_new_server (directory, servers[i].name, fqdn, servers[i].site,
                                                     servers[i].roles, NULL, &error);
      g_assert_no_error (error);
    }
  for (const char * const *name = (const char *[]) { "DB1", "DB2", "Ärchive, 2010", NULL }; *name != NULL; name++)
    {
      g_autoptr(CasarrayMailboxDatabase) database =
        casarray_directory_new_mailbox_database_sync (directory, *name, "MBX1", NULL, NULL, &error);
      g_assert_no_error (error);
    }
  {
    g_autoptr(CasarrayMailboxDatabase) database =
      casarray_directory_new_mailbox_database_sync (directory, "Branch DB", "BR-CAS", NULL, NULL, &error);
    g_autoptr(CasarrayClientAccessArray) array =
      casarray_directory_new_client_access_array_sync (directory, "CAS array", "casarray.contoso.com", SITE1,
                                                       NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_true (casarray_test_set_database (directory, "DB2", "casarray.contoso.com", NULL,
                                                               NULL, &error));
  g_assert_no_error (error);
  g_assert_true (casarray_test_set_cas (directory, "CAS1", NULL,
                                                                   (const char *[]) { SITE1, NULL }, &error));
  g_assert_no_error (error);
}

/* DNs compare normalised: slapd spells attribute types its own way (cn=
 * for CN=) and keeps UTF-8 unescaped where ldap_dn2str escapes it. */
static char *
lower (const char *dn)
{
  return dn != NULL ? casarray_dn_normalize (dn) : g_strdup ("(null)");
}

static char *
join (const char * const *values)
{
  return values != NULL ? g_strjoinv (",", (char **) values) : g_strdup ("");
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Everything the library reports of the organisation, one line per
 * object, sorted: two directories holding the same data give the same
 * text. */
static char *
describe (CasarrayDirectory *directory)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sites = casarray_directory_get_sites_sync (directory, NULL, NULL, NULL, &error);
  g_autoptr(GPtrArray) servers = NULL;
  g_autoptr(GPtrArray) databases = NULL;
  g_autoptr(GPtrArray) arrays = NULL;
  g_autoptr(GPtrArray) cas = NULL;
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < sites->len; i++)
    {
      CasarraySite *site = g_ptr_array_index (sites, i);
      g_autofree char *dn = lower (casarray_object_get_distinguished_name (CASARRAY_OBJECT (site)));

      g_ptr_array_add (lines, g_strdup_printf ("site %s %s %s", casarray_object_get_name (CASARRAY_OBJECT (site)), dn,
                                               casarray_object_get_guid (CASARRAY_OBJECT (site))));
    }
  servers = casarray_directory_get_exchange_servers_sync (directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < servers->len; i++)
    {
      CasarrayServer *server = g_ptr_array_index (servers, i);
      g_autofree char *dn = lower (casarray_object_get_distinguished_name (CASARRAY_OBJECT (server)));
      g_autofree char *site_dn = lower (casarray_server_get_site_dn (server));
      g_autofree char *addresses = join (casarray_server_get_network_addresses (server));

      g_ptr_array_add (lines, g_strdup_printf ("server %s %s %s %s %s %s %d %s %u %s [%s]",
                                               casarray_object_get_name (CASARRAY_OBJECT (server)), dn,
                                               casarray_object_get_guid (CASARRAY_OBJECT (server)),
                                               casarray_server_get_fqdn (server),
                                               casarray_server_get_site (server), site_dn,
                                               casarray_server_get_roles (server),
                                               casarray_server_get_admin_display_version (server),
                                               casarray_server_get_version_number (server),
                                               casarray_server_get_exchange_legacy_dn (server),
                                               addresses));
    }
  databases = casarray_test_get_databases (directory, NULL, NULL, CASARRAY_GET_INCLUDE_PRE_EXCHANGE2010, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < databases->len; i++)
    {
      CasarrayMailboxDatabase *database = g_ptr_array_index (databases, i);
      g_autofree char *dn = lower (casarray_object_get_distinguished_name (CASARRAY_OBJECT (database)));
      g_autofree char *server_dn = lower (casarray_mailbox_database_get_server_dn (database));

      g_ptr_array_add (lines, g_strdup_printf ("database %s %s %s %s %s %s %s %s %s %s %d %d %d",
                                               casarray_object_get_name (CASARRAY_OBJECT (database)), dn,
                                               casarray_object_get_guid (CASARRAY_OBJECT (database)),
                                               casarray_mailbox_database_get_server (database), server_dn,
                                               casarray_mailbox_database_get_edb_file_path (database),
                                               casarray_mailbox_database_get_log_folder_path (database),
                                               casarray_mailbox_database_get_rpc_client_access_server (database),
                                               casarray_mailbox_database_get_rpc_client_access_server_legacy_dn (database),
                                               casarray_mailbox_database_get_exchange_legacy_dn (database),
                                               casarray_mailbox_database_get_recovery (database),
                                               casarray_mailbox_database_get_mount_at_startup (database),
                                               casarray_mailbox_database_get_circular_logging_enabled (database)));
    }
  arrays = casarray_directory_get_client_access_arrays_sync (directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < arrays->len; i++)
    {
      CasarrayClientAccessArray *array = g_ptr_array_index (arrays, i);
      g_autofree char *dn = lower (casarray_object_get_distinguished_name (CASARRAY_OBJECT (array)));
      g_autofree char *members = join (casarray_client_access_array_get_members (array));

      g_ptr_array_add (lines, g_strdup_printf ("array %s %s %s %s %s %s [%s]",
                                               casarray_object_get_name (CASARRAY_OBJECT (array)), dn,
                                               casarray_object_get_guid (CASARRAY_OBJECT (array)),
                                               casarray_client_access_array_get_fqdn (array),
                                               casarray_client_access_array_get_site (array),
                                               casarray_client_access_array_get_exchange_legacy_dn (array),
                                               members));
    }
  cas = casarray_directory_get_client_access_servers_sync (directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cas->len; i++)
    {
      CasarrayClientAccessServer *server = g_ptr_array_index (cas, i);
      g_autofree char *scope = join (casarray_client_access_server_get_autodiscover_site_scope (server));

      g_ptr_array_add (lines, g_strdup_printf ("cas %s %s [%s]", casarray_object_get_name (CASARRAY_OBJECT (server)),
                                               casarray_client_access_server_get_autodiscover_service_internal_uri (server),
                                               scope));
    }

  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (lines, i));
  return g_string_free (text, FALSE);
}

static gboolean
run (const char * const  *argv,
     char               **standard_output,
     GError             **error)
{
  g_autofree char *errors = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, standard_output, &errors,
                     &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: %s: ", argv[0], errors);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Validation                                                             */

typedef struct {
  const char *what;
  const char *ldif;
  const char *line;   /* "line N" expected in the message */
  const char *dn;     /* expected in the message */
  gsize       length; /* of ldif, when it holds a NUL; else 0 */
} BadFile;

/* A string literal with its length, for those holding a NUL */
#define WITH_LENGTH(what, ldif, line, dn) what, ldif, line, dn, sizeof (ldif) - 1

static const BadFile bad_files[] = {
  { "syntax",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n\n"
    "dn: CN=Sites," CONFIG "\nobjectClass: top\nobjectClass sitesContainer\ncn: Sites\n",
    "line 8", "CN=Sites," CONFIG },
  { "child before parent",
    "# a comment\n\ndn: CN=Sites," CONFIG "\nobjectClass: top\nobjectClass: sitesContainer\ncn: Sites\n\n"
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n",
    "line 8", CONFIG },
  { "duplicate",
    "version: 1\n\ndn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n\n"
    "dn: cn=configuration,dc=CONTOSO,dc=com\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n",
    "line 8", "cn=configuration,dc=CONTOSO,dc=com" },
  { "no objectClass",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n\n"
    "dn: CN=Sites," CONFIG "\ncn: Sites\n\n",
    "line 6", "CN=Sites," CONFIG },
  { "change record",
    "dn: " CONFIG "\nchangetype: modify\nreplace: cn\ncn: Configuration\n-\n",
    "line 1", CONFIG },
  { "two values of a single-valued attribute",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n"
    "uSNCreated: 1\nuSNCreated: 2\n",
    "line 1", CONFIG },
  { "RDN value missing",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Konfiguration\n",
    "line 1", CONFIG },
  { "not a DN",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n\n"
    "dn: this is not a DN\nobjectClass: top\ncn: x\n",
    "line 6", "this is not a DN" },
  { "value by URL",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn:< file:///etc/passwd\n",
    "line 4", CONFIG },
  /* The reproducers of issue 8 (also seeds in tests/fuzz/corpus/store/) */
  { "empty RDN value (was a SIGSEGV: strlen (NULL))",
    "dn: CN=\nobjectClass: top\n",
    "line 1", "CN=" },
  { "empty RDN value further up",
    "dn: CN=x,OU=,DC=com\nobjectClass: top\ncn: x\n",
    "line 1", "CN=x,OU=,DC=com" },
  { "empty attribute type (was a SIGSEGV in libldap)",
    "dn: CN=x\n: y\n",
    "line 2", "CN=x" },
  { "empty value (was a GLib CRITICAL on every read)",
    "dn: CN=x\nobjectClass: top\ncn: x\nuSNCreated:\n",
    "line 4", "CN=x" },
  { "empty base64 value",
    "dn: CN=x\nobjectClass: top\ncn: x\nname::\n",
    "line 4", "CN=x" },
  { "CR-only line endings (was read as nothing, then written over)",
    "# libcasarray store, generation 3 (LDIF; docs/embedded-store.md)\rversion: 1\r\r"
    "dn: " CONFIG "\robjectClass: top\robjectClass: configuration\rcn: Configuration\r\r"
    "dn: CN=Sites," CONFIG "\robjectClass: top\robjectClass: sitesContainer\rcn: Sites\r",
    "line 1", "" },
  { "a lone CR in a CRLF file",
    "dn: " CONFIG "\r\nobjectClass: top\r\nobjectClass: configuration\r\ncn: Config\ruration\r\n",
    "line 4", CONFIG },
  { WITH_LENGTH ("NUL in a value (was run into the next attribute)",
                 "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n"
                 "description: a\0b\nname: Configuration\n",
                 "line 5", CONFIG) },
  { "include of another file (was merged in)",
    "include: file://" CASARRAY_TEST_DATA_DIR "/ad-export.ldif\n",
    "line 1", "" },
  { "include of /dev/zero (was an endless loop)",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n\n"
    "# the next record\ninclude: file:///dev/zero\n",
    "line 7", "" },
  { "include inside an entry",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n"
    "Include: file:///dev/zero\n",
    "line 5", CONFIG },
  { "value of another attribute by URL",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n"
    "description:<file:///etc/passwd\n",
    "line 5", CONFIG },
  { "DN by URL",
    "dn:< file:///etc/passwd\nobjectClass: top\n",
    "line 1", "" },
  { "not an attribute description",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\nna me: y\n",
    "line 5", CONFIG },
  { "not an attribute description either",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n"
    "description;: y\n",
    "line 5", CONFIG },
  { "a record that does not start with dn: (libldap skips a first line starting with a digit)",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n\n"
    "1.2.840.113556.1.4.1: x\ndn: CN=Sites," CONFIG "\nobjectClass: top\ncn: Sites\n",
    "line 6", "" },
  { "two DNs in one record",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n"
    "dn: CN=Sites," CONFIG "\nobjectClass: top\ncn: Sites\n",
    "line 5", CONFIG },
  { "a continuation line with nothing to continue",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n\n"
    " objectClass: top\n",
    "line 6", "" },
  { "a line folded inside its attribute type (libldap kept the line break in the type)",
    "dn: " CONFIG "\r\nobjectClass: top\r\nobjectClas\r\n s: configuration\r\ncn: Configuration\r\n",
    "line 3", CONFIG },
  { "a line folded between the colon and “::” (libldap read a base64 value as text)",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\ndescription:\n :: Zm9v\n",
    "line 5", CONFIG },
  { "a “-” line in an entry (libldap crashed on it)",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n-\n",
    "line 5", CONFIG },
  { "a change record whose changes libldap would parse",
    "dn: " CONFIG "\nchangetype: modify\nadd: description\ndescription: x\n-\n",
    "line 1", CONFIG },
  { WITH_LENGTH ("NUL in a base64 DN",
                 "dn:: Q049eAB5\nobjectClass: top\ncn: x\n",
                 "line 1", "") },
  { "the same value twice",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n"
    "objectClass: TOP\n",
    "line 1", CONFIG },
  { "a foreign file cut in the middle of a line",
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n\n"
    "dn: CN=Sites," CONFIG "\nobjectClass: top\nobjectClass: sitesContainer\ncn: Sites\nname: Sit",
    "line 10", "" },
  { "a store header cut short",
    "# libcasarray store, genera",
    "line 1", "" },
  { "a store file without its trailer",
    "# libcasarray store, generation 7, 2 entries (LDIF; docs/embedded-store.md)\nversion: 1\n\n"
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n\n",
    "line 8", "" },
  { "a store file whose trailer does not match its header",
    "# libcasarray store, generation 7, 1 entries (LDIF; docs/embedded-store.md)\nversion: 1\n\n"
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n\n"
    "# end of libcasarray store, generation 6, 1 entries\n",
    "line 9", "" },
  { "a store file with an entry fewer than its trailer counts",
    "# libcasarray store, generation 7, 2 entries (LDIF; docs/embedded-store.md)\nversion: 1\n\n"
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n\n"
    "# end of libcasarray store, generation 7, 2 entries\n",
    "line 9", "" },
};

static void
test_invalid_file (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_auto(TempStore) store = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(CasarrayDirectory) directory = NULL;
      g_autoptr(CasarraySite) site = NULL;
      g_autofree char *after = NULL;
      g_autoptr(GDir) dir = NULL;
      const char *name;

      gsize length = bad_files[i].length != 0 ? bad_files[i].length : strlen (bad_files[i].ldif);
      gsize after_length = 0;

      g_test_message ("%s", bad_files[i].what);
      temp_store_init (&store);
      g_assert_true (g_file_set_contents (store.path, bad_files[i].ldif, (gssize) length, &error));
      directory = casarray_directory_new (store.uri);

      g_assert_false (casarray_directory_connect_sync (directory, NULL, &error));
      g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, store.path));
      g_assert_nonnull (strstr (error->message, bad_files[i].line));
      g_assert_nonnull (strstr (error->message, bad_files[i].dn));
      g_clear_error (&error);

      /* a change is refused too, and the file stays exactly as it was */
      site = casarray_directory_new_site_sync (directory, "Somewhere", NULL, &error);
      g_assert_null (site);
      g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA);
      g_clear_error (&error);
      g_assert_false (casarray_directory_new_organization_sync (directory, ORG, NULL, &error));
      g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA);
      g_assert_true (g_file_get_contents (store.path, &after, &after_length, &error));
      g_assert_cmpmem (after, after_length, bad_files[i].ldif, length);
      dir = g_dir_open (store.folder, 0, NULL);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_assert_true (g_str_equal (name, "org.ldif") || g_str_equal (name, "org.ldif.lock"));
    }
}

/* A file the store wrote, cut anywhere but at its very end (or to nothing,
 * which is an empty store), is refused, whether the cut falls between
 * entries, inside an entry or inside a line: it ends with a trailer that
 * a cut removes.  Today's code read most of these as a shorter store and
 * wrote that back. */
static void
test_truncated (void)
{
  g_auto(TempStore) store = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint refused = 0;

  temp_store_init (&store);
  directory = casarray_directory_new (store.uri);
  g_assert_true (casarray_directory_new_organization_sync (directory, ORG, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (directory, SITE1, NULL, &error);
    g_assert_no_error (error);
  }
  g_clear_object (&directory);
  g_assert_true (g_file_get_contents (store.path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (contents, " entries\n"));

  for (gsize cut = 1; cut < length; cut++)
    {
      g_autoptr(CasarrayDirectory) reader = NULL;
      g_autoptr(CasarraySite) site = NULL;
      g_autofree char *after = NULL;
      gsize after_length = 0;

      /* every line boundary, and a few places inside lines */
      if (contents[cut - 1] != '\n' && cut % 7 != 0)
        continue;
      g_assert_true (g_file_set_contents (store.path, contents, (gssize) cut, &error));
      reader = casarray_directory_new (store.uri);
      if (casarray_directory_connect_sync (reader, NULL, &error))
        g_error ("a store cut after %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes was accepted",
                 cut, length);
      g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, store.path));
      g_assert_nonnull (strstr (error->message, "line "));
      g_clear_error (&error);
      refused++;

      /* and never written over */
      site = casarray_directory_new_site_sync (reader, "Somewhere", NULL, &error);
      g_assert_null (site);
      g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA);
      g_clear_error (&error);
      g_assert_true (g_file_get_contents (store.path, &after, &after_length, &error));
      g_assert_cmpmem (after, after_length, contents, cut);
    }
  g_assert_cmpuint (refused, >, 20);

  /* the whole file still opens, and so does nothing at all */
  for (gsize cut = length;; cut = 0)
    {
      g_autoptr(CasarrayDirectory) reader = NULL;

      g_assert_true (g_file_set_contents (store.path, contents, (gssize) cut, &error));
      reader = casarray_directory_new (store.uri);
      g_assert_true (casarray_directory_connect_sync (reader, NULL, &error));
      g_assert_no_error (error);
      if (cut == 0)
        break;
    }
}

/* What a store writes, it reads back the same: a file the loader accepts,
 * written back and read again, gives the same file (the property of the
 * fuzz target for the loader), for inputs that exercise the LDIF reader:
 * base64 values, folded lines, CRLF, comments, trailing spaces, UTF-8. */
static void
test_round_trip (void)
{
  static const char * const accepted[] = {
    /* an ldapsearch -LLL export: no header, no trailer */
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n\n"
    "dn: CN=Sites," CONFIG "\nobjectClass: top\nobjectClass: sitesContainer\ncn: Sites\n",
    /* CRLF line endings, comments inside and between entries, folding */
    "version: 1\r\n\r\n# a comment\r\n  folded into two lines\r\ndn: " CONFIG "\r\n"
    "objectClass: top\r\n# inside an entry\r\nobjectClass: confi\r\n guration\r\ncn: Configura\r\n tion\r\n"
    "description: a long value folded over\r\n  three lines at\r\n  odd places\r\n\r\n",
    /* base64 values: a trailing space, a leading colon, UTF-8, binary, a base64 DN */
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n"
    "description:: dHJhaWxpbmcgc3BhY2UgIA==\n"      /* "trailing space  " */
    "description:: OmNvbG9u\n"                      /* ":colon" */
    "displayName:: w4ljb2xlIOKAlCDml6XmnKw=\n"      /* "École — 日本" */
    "objectGUID:: AAECAwQFBgcICQoLDA0ODw==\n"
    "\n"
    "dn:: Q049w4ljb2xlLENOPUNvbmZpZ3VyYXRpb24sREM9Y29udG9zbyxEQz1jb20=\n"   /* CN=École,CN=Configuration,... */
    "objectClass: top\ncn:: w4ljb2xl\nkeywords: raw UTF-8 é\n",
    /* a store written before the trailer existed (no count in its header) */
    "# libcasarray store, generation 5 (LDIF; docs/embedded-store.md)\nversion: 1\n\n"
    "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\ncn: Configuration\n\n",
    /* attribute options, numeric OIDs, names in any case, no final blank line */
    "dn: " CONFIG "\nobjectclass: top\nOBJECTCLASS: configuration\nCN: Configuration\n"
    "description;lang-en: options\n2.5.4.13: by OID\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_auto(TempStore) store = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(CasarrayDirectory) first = NULL;
      g_autoptr(CasarrayDirectory) second = NULL;
      g_autofree char *first_path = NULL;
      g_autofree char *second_path = NULL;
      g_autofree char *written = NULL;
      g_autofree char *rewritten = NULL;
      g_autofree char *trailer = NULL;

      g_test_message ("accepted input %u", i);
      temp_store_init (&store);
      first_path = g_build_filename (store.folder, "first.ldif", NULL);
      second_path = g_build_filename (store.folder, "second.ldif", NULL);
      g_assert_true (g_file_set_contents (store.path, accepted[i], -1, &error));
      first = casarray_directory_new (store.uri);
      g_assert_true (casarray_directory_connect_sync (first, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (casarray_store_backend_export (store_backend_of (first), first_path, &error));
      g_assert_no_error (error);
      second = casarray_directory_new (first_path);
      g_assert_true (casarray_directory_connect_sync (second, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (casarray_store_backend_export (store_backend_of (second), second_path, &error));
      g_assert_no_error (error);
      written = read_file (first_path);
      rewritten = read_file (second_path);
      g_test_message ("%s", written);
      g_assert_cmpstr (rewritten, ==, written);
      g_assert_null (strchr (written, '\r'));
      /* whatever it was, it is written as a store file: header and trailer */
      g_assert_true (g_str_has_prefix (written, "# libcasarray store, generation 1, "));
      trailer = g_strdup_printf ("\n\n# end of libcasarray store, generation 1, %u entries\n",
                                 i == 0 || i == 2 ? 2 : 1);
      g_assert_true (g_str_has_suffix (written, trailer));

      switch (i)
        {
        case 1:
          /* unfolded, the folding space gone, the comment dropped */
          g_assert_nonnull (strstr (written, "\nobjectClass: configuration\n"));
          g_assert_nonnull (strstr (written, "\ndescription: a long value folded over three lines at odd places\n"));
          g_assert_null (strstr (written, "# a comment"));
          break;
        case 2:
          /* values kept byte for byte, still base64 where they must be */
          g_assert_nonnull (strstr (written, "\ndescription:: dHJhaWxpbmcgc3BhY2UgIA==\n"));
          g_assert_nonnull (strstr (written, "\ndescription:: OmNvbG9u\n"));
          g_assert_nonnull (strstr (written, "\ndisplayName:: w4ljb2xlIOKAlCDml6XmnKw=\n"));
          g_assert_nonnull (strstr (written, "\nobjectGUID:: AAECAwQFBgcICQoLDA0ODw==\n"));
          g_assert_nonnull (strstr (written, "\nkeywords:: cmF3IFVURi04IMOp\n"));
          break;
        case 4:
          g_assert_nonnull (strstr (written, "\ndescription;lang-en: options\n"));
          g_assert_nonnull (strstr (written, "\n2.5.4.13: by OID\n"));
          break;
        default:
          break;
        }
    }
}

/* A library prints nothing: libldap's base64 decoder complains on stderr
 * about a bad character, so it never sees one. */
static void
test_quiet (void)
{
  if (g_test_subprocess ())
    {
      g_auto(TempStore) store = { 0 };
      g_autoptr(GError) error = NULL;
      static const char * const bad_base64[] = {
        "dn: " CONFIG "\nobjectClass: top\nobjectClass: configuration\n"
        "cn: Configuration\ndescription:: Zm9v!!!!\n",
        "version::1\n",
      };

      temp_store_init (&store);
      for (guint i = 0; i < G_N_ELEMENTS (bad_base64); i++)
        {
          g_autoptr(CasarrayDirectory) directory = NULL;

          g_assert_true (g_file_set_contents (store.path, bad_base64[i], -1, &error));
          directory = casarray_directory_new (store.uri);
          g_assert_false (casarray_directory_connect_sync (directory, NULL, &error));
          g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA);
          g_assert_nonnull (strstr (error->message, i == 0 ? "line 5" : "line 1"));
          g_assert_nonnull (strstr (error->message, "base64"));
          g_clear_error (&error);
        }
      return;
    }
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
}

/* ---------------------------------------------------------------------- */
/* What the store path names                                              */

/* A store that is a symbolic link is written through it: the link stays,
 * its target changes, and a handle on the link and one on the target use
 * one lock (the lock file is next to the target). */
static void
test_symlink (void)
{
  g_auto(TempStore) store = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) by_link = NULL;
  g_autoptr(CasarrayDirectory) by_target = NULL;
  g_autoptr(GPtrArray) sites = NULL;
  g_autofree char *link = NULL;
  g_autofree char *relative_link = NULL;
  g_autofree char *link_lock = NULL;
  g_autofree char *target_lock = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  temp_store_init (&store);
  link = g_build_filename (store.folder, "link.ldif", NULL);
  relative_link = g_build_filename (store.folder, "chain.ldif", NULL);
  /* a chain: chain.ldif -> link.ldif -> org.ldif (relative targets), the
   * target not there yet: the first write creates it */
  g_assert_cmpint (symlink ("org.ldif", link), ==, 0);
  g_assert_cmpint (symlink ("./link.ldif", relative_link), ==, 0);

  by_link = casarray_directory_new (relative_link);
  g_assert_true (casarray_directory_new_organization_sync (by_link, ORG, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (lstat (relative_link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (lstat (store.path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  contents = read_store (store.path);
  g_assert_nonnull (strstr (contents, "\nname: " ORG "\n"));
  {
    g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (by_link, "Through the link", NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (lstat (relative_link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_clear_pointer (&contents, g_free);
  contents = read_store (store.path);
  g_assert_nonnull (strstr (contents, "\nname: Through the link\n"));
  {
    /* the journal is next to the target too */
    g_autofree char *link_journal = g_strconcat (link, ".journal", NULL);
    g_autofree char *target_journal = g_strconcat (store.path, ".journal", NULL);

    g_assert_true (g_file_test (target_journal, G_FILE_TEST_IS_REGULAR));
    g_assert_false (g_file_test (link_journal, G_FILE_TEST_EXISTS));
  }

  /* one lock file, next to the target */
  link_lock = g_strconcat (link, ".lock", NULL);
  target_lock = g_strconcat (store.path, ".lock", NULL);
  g_assert_true (g_file_test (target_lock, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (link_lock, G_FILE_TEST_EXISTS));

  /* both handles wait for the one lock file next to the target */
  by_target = casarray_directory_new (store.path);
  {
    int fd = g_open (target_lock, O_RDWR | O_CLOEXEC, 0);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);
    for (CasarrayDirectory **handle = (CasarrayDirectory *[]) { by_link, by_target, NULL }; *handle != NULL; handle++)
      {
        g_autoptr(CasarraySite) site = NULL;

        casarray_directory_set_operation_timeout (*handle, 300);
        site = casarray_directory_new_site_sync (*handle, "Blocked", NULL, &error);
        g_assert_null (site);
        g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_TIMEOUT);
        g_clear_error (&error);
      }
    close (fd);
  }
  {
    g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (by_target, "By the target", NULL, &error);
    g_assert_no_error (error);
  }
  sites = casarray_directory_get_sites_sync (by_link, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 2);
  g_assert_cmpint (lstat (relative_link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
}

/* What is not a regular file is refused at once, naming it: a FIFO (which
 * would block the open), /dev/zero (which would fill the memory), a
 * folder.  Run in a subprocess so that a regression hangs only that. */
static void
test_not_a_file (void)
{
  if (g_test_subprocess ())
    {
      g_auto(TempStore) store = { 0 };
      g_autofree char *fifo = NULL;

      temp_store_init (&store);
      fifo = g_build_filename (store.folder, "fifo.ldif", NULL);
      g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
      for (const char * const *path = (const char *[]) { fifo, "/dev/zero", store.folder, NULL }; *path != NULL; path++)
        {
          g_autoptr(CasarrayDirectory) directory = casarray_directory_new (*path);
          g_autoptr(CasarraySite) site = NULL;
          g_autoptr(GError) error = NULL;
          GStatBuf st;

          g_assert_false (casarray_directory_connect_sync (directory, NULL, &error));
          g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION);
          g_test_message ("%s", error->message);
          g_assert_nonnull (strstr (error->message, *path));
          g_assert_nonnull (strstr (error->message, "not a regular file"));
          g_clear_error (&error);
          site = casarray_directory_new_site_sync (directory, "Somewhere", NULL, &error);
          g_assert_null (site);
          g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION);
          g_assert_nonnull (strstr (error->message, "not a regular file"));
          /* still what it was */
          g_assert_cmpint (g_stat (*path, &st), ==, 0);
          g_assert_false (S_ISREG (st.st_mode));
        }
      return;
    }
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* ---------------------------------------------------------------------- */
/* The file format                                                        */

static void
test_file_format (void)
{
  g_auto(TempStore) store = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GStatBuf st;
  guint entries = 0;

  temp_store_init (&store);
  directory = casarray_directory_new (store.uri);
  /* reading a missing store creates nothing */
  {
    g_autoptr(GPtrArray) sites = casarray_directory_get_sites_sync (directory, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sites->len, ==, 0);
    g_assert_false (g_file_test (store.path, G_FILE_TEST_EXISTS));
  }
  {
    g_autofree char *configuration_dn = casarray_directory_get_configuration_dn (directory);

    g_assert_cmpstr (configuration_dn, ==, CONFIG);
  }
  populate (directory);
  {
    /* the changes are in the journal, next to it, with the same mode */
    g_autofree char *journal = g_strconcat (store.path, ".journal", NULL);

    g_assert_cmpint (g_stat (journal, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    /* compacted, the snapshot holds everything, and there is no journal */
    g_assert_true (casarray_store_backend_compact (store_backend_of (directory), &error));
    g_assert_no_error (error);
    g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  }

  g_assert_cmpint (g_stat (store.path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  contents = read_file (store.path);
  g_assert_true (g_str_has_prefix (contents, "# libcasarray store, generation "));
  /* every entry's parent is the configuration entry's parent or came first */
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *dn = NULL;
      g_autofree char *parent = NULL;
      g_autofree char *normalized = NULL;

      if (!g_str_has_prefix (lines[i], "dn: "))
        continue;
      /* unfold */
      dn = g_strdup (lines[i] + 4);
      for (guint j = i + 1; lines[j] != NULL && lines[j][0] == ' '; j++)
        {
          char *longer = g_strconcat (dn, lines[j] + 1, NULL);
          g_free (dn);
          dn = longer;
        }
      entries++;
      parent = casarray_dn_parent (dn);
      normalized = casarray_dn_normalize (parent);
      if (entries == 1)
        g_assert_cmpstr (dn, ==, CONFIG);
      else
        g_assert_true (g_hash_table_contains (seen, normalized));
      g_hash_table_add (seen, casarray_dn_normalize (dn));
    }
  g_assert_cmpuint (entries, >, 20);
  g_assert_nonnull (strstr (contents, "\nobjectGUID:: "));
  g_assert_nonnull (strstr (contents, "\nuSNCreated: "));
  /* UTF-8 in a DN is base64, as RFC 2849 wants */
  g_assert_null (strstr (contents, "Ärchive"));
}

/* ---------------------------------------------------------------------- */
/* Round trips through slapd                                              */

/* A store written by the library loads into slapd with plain ldapadd and
 * reads back the same through the LDAP backend, GUIDs included. */
static void
test_ldapadd_round_trip (void)
{
  g_auto(TempStore) store = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayTestSlapd) slapd = NULL;
  g_autoptr(CasarrayDirectory) from_store = NULL;
  g_autoptr(CasarrayDirectory) from_ldap = NULL;
  g_autofree char *ldapadd = g_find_program_in_path ("ldapadd");
  g_autofree char *ldapdelete = g_find_program_in_path ("ldapdelete");
  g_autofree char *ldapmodify = g_find_program_in_path ("ldapmodify");
  g_autofree char *journal = NULL;
  g_autofree char *store_text = NULL;
  g_autofree char *ldap_text = NULL;

  if (ldapadd == NULL || ldapdelete == NULL || ldapmodify == NULL)
    {
      /* .ci/setup installs ldap-utils: in CI a missing tool is a failure */
      if (g_getenv ("CI") != NULL)
        g_error ("ldapadd, ldapmodify and ldapdelete (ldap-utils) are needed");
      g_test_skip ("ldapadd, ldapmodify and ldapdelete (ldap-utils) are needed");
      return;
    }
  temp_store_init (&store);
  from_store = casarray_directory_new (store.uri);
  populate (from_store);
  {
    /* a rename and a delete in the journal too */
    g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (from_store, "Short-lived", NULL, &error);
    g_assert_no_error (error);
    g_assert_true (casarray_directory_remove_site_sync (from_store, "Short-lived", NULL, &error));
    g_assert_no_error (error);
  }
  store_text = describe (from_store);
  journal = g_strconcat (store.path, ".journal", NULL);
  /* most of it is in the journal, which ldapmodify replays */
  g_assert_true (g_file_test (journal, G_FILE_TEST_IS_REGULAR));

  slapd = casarray_test_slapd_start (&error);
  g_assert_no_error (error);
  {
    /* the fixture made CN=Configuration; a fresh server has only the
     * domain's entry, and the store brings its configuration entry */
    const char *argv[] = { ldapdelete, "-x", "-H", casarray_test_slapd_get_ldap_uri (slapd),
                           "-D", casarray_test_slapd_get_root_dn (slapd),
                           "-y", casarray_test_slapd_get_root_password_file (slapd), CONFIG, NULL };
    g_assert_true (run (argv, NULL, &error));
    g_assert_no_error (error);
  }
  {
    const char *argv[] = { ldapadd, "-x", "-H", casarray_test_slapd_get_ldap_uri (slapd),
                           "-D", casarray_test_slapd_get_root_dn (slapd),
                           "-y", casarray_test_slapd_get_root_password_file (slapd),
                           "-f", store.path, NULL };
    g_autofree char *output = NULL;
    g_assert_true (run (argv, &output, &error));
    g_assert_no_error (error);
  }
  {
    const char *argv[] = { ldapmodify, "-x", "-H", casarray_test_slapd_get_ldap_uri (slapd),
                           "-D", casarray_test_slapd_get_root_dn (slapd),
                           "-y", casarray_test_slapd_get_root_password_file (slapd),
                           "-f", journal, NULL };
    g_autofree char *output = NULL;
    g_assert_true (run (argv, &output, &error));
    g_assert_no_error (error);
  }

  from_ldap = casarray_directory_new (casarray_test_slapd_get_ldapi_uri (slapd));
  ldap_text = describe (from_ldap);
  g_test_message ("%s", store_text);
  g_assert_cmpstr (ldap_text, ==, store_text);
  g_assert_nonnull (strstr (store_text, "database DB2 "));
  g_assert_nonnull (strstr (store_text, " casarray.contoso.com "));
}

/* What slapd holds, exported with ldapsearch -LLL (user attributes and
 * entryUUID, the GUID of entries slapd made), opens as a store and reads
 * the same. */
static void
test_ldapsearch_export (void)
{
  g_auto(TempStore) store = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayTestSlapd) slapd = NULL;
  g_autoptr(CasarrayDirectory) from_ldap = NULL;
  g_autoptr(CasarrayDirectory) from_store = NULL;
  g_autofree char *ldapsearch = g_find_program_in_path ("ldapsearch");
  g_autofree char *export = NULL;
  g_autofree char *ldap_text = NULL;
  g_autofree char *store_text = NULL;

  if (ldapsearch == NULL)
    {
      /* .ci/setup installs ldap-utils: in CI a missing tool is a failure */
      if (g_getenv ("CI") != NULL)
        g_error ("ldapsearch (ldap-utils) is needed");
      g_test_skip ("ldapsearch (ldap-utils) is needed");
      return;
    }
  slapd = casarray_test_slapd_start (&error);
  g_assert_no_error (error);
  /* an AD-shaped export (objectGUID) and objects made through LDAP */
  g_assert_true (casarray_test_slapd_load_ldif_file (slapd, CASARRAY_TEST_DATA_DIR "/ad-export.ldif", &error));
  g_assert_no_error (error);
  from_ldap = casarray_directory_new (casarray_test_slapd_get_ldapi_uri (slapd));
  {
    g_autoptr(CasarrayServer) server =
      casarray_test_new_server (from_ldap, "CAS9", "cas9.contoso.com", "Branch-Office",
                                                   CASARRAY_SERVER_ROLE_CLIENT_ACCESS, NULL, &error);
    g_autoptr(CasarrayClientAccessArray) array =
      casarray_directory_new_client_access_array_sync (from_ldap, NULL, "branch.contoso.com", "Branch-Office",
                                                       NULL, &error);
    g_assert_no_error (error);
  }
  ldap_text = describe (from_ldap);

  {
    const char *argv[] = { ldapsearch, "-LLL", "-x", "-H", casarray_test_slapd_get_ldap_uri (slapd),
                           "-D", casarray_test_slapd_get_root_dn (slapd),
                           "-y", casarray_test_slapd_get_root_password_file (slapd),
                           "-b", casarray_test_slapd_get_suffix (slapd), "*", "entryUUID", NULL };
    g_assert_true (run (argv, &export, &error));
    g_assert_no_error (error);
  }
  temp_store_init (&store);
  g_assert_true (g_file_set_contents (store.path, export, -1, &error));
  from_store = casarray_directory_new (store.path);
  store_text = describe (from_store);
  g_test_message ("%s", store_text);
  g_assert_cmpstr (store_text, ==, ldap_text);
  {
    g_autofree char *configuration_dn = casarray_directory_get_configuration_dn (from_store);

    g_assert_cmpstr (configuration_dn, ==, "cn=Configuration,dc=contoso,dc=com");
  }

  /* and it takes changes, keeping the export's entries as they were */
  {
    g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (from_store, "Later", NULL, &error);
    g_autofree char *contents = read_file (store.path);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (contents, "dn: cn=exadmin,dc=contoso,dc=com\n"));
    g_assert_nonnull (strstr (contents, "dn: CN=Later,"));
  }
}

/* ---------------------------------------------------------------------- */
/* Processes                                                              */

static CasarrayStoreBackend *
store_backend_of (CasarrayDirectory *directory)
{
  g_autoptr(GError) error = NULL;
  CasarrayContext *context = casarray_directory_get_context (directory, NULL, &error);
  CasarrayStoreBackend *backend;

  g_assert_no_error (error);
  backend = CASARRAY_STORE_BACKEND (casarray_context_get_backend (context));
  casarray_context_unref (context);   /* the directory keeps it */
  return backend;
}

/* kill -9 a writer at random moments, 50 times, in the middle of appends
 * to the journal and of compactions: the files always read, and hold what
 * they held before, plus or minus the one site in flight. */
static void
test_crash_safety (void)
{
  g_auto(TempStore) store = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) memory = casarray_directory_new (CASARRAY_STORE_MEMORY_URI);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  temp_store_init (&store);
  /* a file big enough that a write takes a while: 300 sites */
  g_assert_true (casarray_directory_new_organization_sync (memory, ORG, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *name = g_strdup_printf ("site-%03u", i);
      g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (memory, name, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (casarray_store_backend_export (store_backend_of (memory), store.path, &error));
  g_assert_no_error (error);

  for (guint round = 0; round < 50; round++)
    {
      const char *argv[] = { CASARRAY_STORE_HELPER, "churn", store.uri, NULL };
      g_autoptr(CasarrayDirectory) reader = NULL;
      g_autoptr(GPtrArray) sites = NULL;
      GPid pid;
      int out_fd = -1;
      int status = 0;
      char ready[6] = { 0 };

      g_auto(GStrv) env = g_get_environ ();

      /* every other round, a compaction every few changes, so that kills
       * land in compactions too, not only in appends to the journal */
      if (round % 2 == 1)
        env = g_environ_setenv (g_steal_pointer (&env), "CASARRAY_STORE_COMPACT_BYTES", "2048", TRUE);
      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                               NULL, &pid, NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);
      /* its first change is on disk: from now on it changes the store nonstop */
      g_assert_cmpint (read (out_fd, ready, 5), ==, 5);
      g_assert_cmpstr (ready, ==, "ready");
      g_usleep (g_rand_int_range (rand, 0, 20000));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      g_spawn_close_pid (pid);
      close (out_fd);

      reader = casarray_directory_new (store.uri);
      sites = casarray_directory_get_sites_sync (reader, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      /* the churning site, if the kill came between its add and delete */
      g_assert_cmpuint (sites->len, >=, 300);
      g_assert_cmpuint (sites->len, <=, 301);
    }
}

/* Two processes, 50 sites each, at the same time: 100 sites. */
static void
test_two_processes (void)
{
  g_auto(TempStore) store = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(GPtrArray) sites = NULL;
  GPid pids[2];
  int stdin_fds[2];

  temp_store_init (&store);
  for (guint i = 0; i < 2; i++)
    {
      const char *argv[] = { CASARRAY_STORE_HELPER, "add-sites", store.uri, i == 0 ? "A" : "B", "50", NULL };

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                               NULL, &pids[i], &stdin_fds[i], NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_usleep (G_USEC_PER_SEC / 5);
  for (guint i = 0; i < 2; i++)
    close (stdin_fds[i]);
  for (guint i = 0; i < 2; i++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
      g_spawn_close_pid (pids[i]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }
  directory = casarray_directory_new (store.uri);
  sites = casarray_directory_get_sites_sync (directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 100);
}

/* Two handles in one process on one file see each other's changes, and so
 * does a handle whose file was replaced behind its back. */
static void
test_changes_seen (void)
{
  g_auto(TempStore) store = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) first = NULL;
  g_autoptr(CasarrayDirectory) second = NULL;
  g_autoptr(GPtrArray) sites = NULL;
  g_autofree char *before = NULL;
  g_autofree char *journal_before = NULL;
  g_autofree char *journal_path = NULL;

  temp_store_init (&store);
  first = casarray_directory_new (store.uri);
  second = casarray_directory_new (store.path);
  g_assert_true (casarray_directory_new_organization_sync (first, ORG, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (casarray_directory_connect_sync (second, NULL, &error));
  {
    g_autofree char *organization = casarray_directory_get_organization (second);

    g_assert_cmpstr (organization, ==, ORG);
  }
  journal_path = g_strconcat (store.path, ".journal", NULL);
  before = read_file (store.path);
  g_file_get_contents (journal_path, &journal_before, NULL, NULL);
  {
    g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (second, "One", NULL, &error);
    g_assert_no_error (error);
  }
  sites = casarray_directory_get_sites_sync (first, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 1);
  g_clear_pointer (&sites, g_ptr_array_unref);

  /* the files as they were before the site: the site is gone for both */
  g_assert_true (g_file_set_contents (store.path, before, -1, &error));
  if (journal_before != NULL)
    g_assert_true (g_file_set_contents (journal_path, journal_before, -1, &error));
  else
    g_unlink (journal_path);
  sites = casarray_directory_get_sites_sync (first, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 0);
  g_clear_pointer (&sites, g_ptr_array_unref);
  {
    /* and the one that made it cannot make it again from a stale memory */
    g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (second, "One", NULL, &error);
    g_assert_no_error (error);
  }
  /* a deleted file is an empty store again */
  g_assert_cmpint (g_unlink (store.path), ==, 0);
  sites = casarray_directory_get_sites_sync (first, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 0);
}

/* Threads share one handle on one store: its mutex keeps them apart. */
static gpointer
add_sites_thread (gpointer data)
{
  CasarrayDirectory *directory = data;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("thread-%p-%u", (void *) g_thread_self (), i);
      g_autoptr(CasarraySite) site = casarray_directory_new_site_sync (directory, name, NULL, &error);
      g_autoptr(GPtrArray) sites = NULL;

      g_assert_no_error (error);
      sites = casarray_directory_get_sites_sync (directory, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  return NULL;
}

static void
test_threads (void)
{
  g_auto(TempStore) store = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(CasarrayDirectory) reader = NULL;
  g_autoptr(GPtrArray) sites = NULL;
  GThread *threads[4];

  temp_store_init (&store);
  directory = casarray_directory_new (store.uri);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("writer", add_sites_thread, directory);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  reader = casarray_directory_new (store.uri);
  sites = casarray_directory_get_sites_sync (reader, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 40);
}

/* ---------------------------------------------------------------------- */
/* URIs and locations                                                     */

static void
test_memory (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) directory = casarray_directory_new ("memory:");
  g_autoptr(CasarrayDirectory) other = casarray_directory_new ("MEMORY:");
  g_autoptr(GPtrArray) databases = NULL;
  g_autoptr(GPtrArray) sites = NULL;

  populate (directory);
  databases = casarray_directory_get_mailbox_databases_sync (directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (databases->len, ==, 4);
  /* each memory: handle has its own store, and nothing is on disk */
  sites = casarray_directory_get_sites_sync (other, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 0);
  g_assert_false (g_file_test ("memory:", G_FILE_TEST_EXISTS));
}

/* meson runs this with XDG_DATA_HOME in the build folder */
static void
test_default_location (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(CasarrayDirectory) by_null = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) sites = NULL;
  const char *xdg = g_getenv ("XDG_DATA_HOME");
  GStatBuf st;

  if (xdg == NULL || !g_path_is_absolute (xdg))
    {
      g_test_skip ("XDG_DATA_HOME must name a throwaway folder (meson test sets it)");
      return;
    }
  expected = g_build_filename (xdg, "casarray", "default.ldif", NULL);
  folder = g_path_get_dirname (expected);
  remove_tree (folder);

  directory = casarray_directory_new_default ();
  by_null = casarray_directory_new (NULL);
  path = g_filename_from_uri (casarray_directory_get_uri (directory), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, expected);
  g_assert_cmpstr (casarray_directory_get_uri (by_null), ==, casarray_directory_get_uri (directory));

  /* reading creates nothing */
  sites = casarray_directory_get_sites_sync (directory, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 0);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));

  /* the first change creates the folder (0700) and the file (0600) */
  g_assert_true (casarray_directory_new_organization_sync (directory, ORG, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (expected, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_true (casarray_directory_connect_sync (by_null, NULL, &error));
  {
    g_autofree char *organization = casarray_directory_get_organization (by_null);

    g_assert_cmpstr (organization, ==, ORG);
  }
  remove_tree (folder);
}

static void
test_uris (void)
{
  g_auto(TempStore) store = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *localhost = NULL;
  g_autofree char *cwd = g_get_current_dir ();

  temp_store_init (&store);
  localhost = g_strconcat ("file://localhost", store.path, NULL);
  {
    g_autoptr(CasarrayDirectory) directory = casarray_directory_new (localhost);
    g_assert_true (casarray_directory_new_organization_sync (directory, ORG, NULL, &error));
    g_assert_no_error (error);
  }
  {
    /* a relative path is relative to the working folder */
    g_autoptr(CasarrayDirectory) directory = NULL;
    g_assert_cmpint (g_chdir (store.folder), ==, 0);
    directory = casarray_directory_new ("org.ldif");
    g_assert_true (casarray_directory_connect_sync (directory, NULL, &error));
    g_assert_no_error (error);
    {
      g_autofree char *organization = casarray_directory_get_organization (directory);

      g_assert_cmpstr (organization, ==, ORG);
    }
    g_assert_cmpint (g_chdir (cwd), ==, 0);
  }
  for (const char * const *uri = (const char *[]) { "file://elsewhere.example/org.ldif", "http://example.invalid/x",
                                                    "", NULL };
       *uri != NULL; uri++)
    {
      g_autoptr(CasarrayDirectory) directory = casarray_directory_new (*uri);

      g_assert_false (casarray_directory_connect_sync (directory, NULL, &error));
      g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
  {
    /* a folder where the file should be cannot be read */
    g_autoptr(CasarrayDirectory) directory = casarray_directory_new (store.folder);
    g_assert_false (casarray_directory_connect_sync (directory, NULL, &error));
    g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION);
    g_clear_error (&error);
  }
  {
    /* a configuration DN set before the first change names the new store's */
    g_auto(TempStore) other = { 0 };
    g_autoptr(CasarrayDirectory) directory = NULL;
    g_autofree char *contents = NULL;

    temp_store_init (&other);
    directory = casarray_directory_new (other.uri);
    casarray_directory_set_configuration_dn (directory, "CN=Configuration,DC=fabrikam,DC=com");
    g_assert_true (casarray_directory_new_organization_sync (directory, "Fabrikam", NULL, &error));
    g_assert_no_error (error);
    contents = read_file (other.path);
    g_assert_nonnull (strstr (contents, "\ndn: CN=Configuration,DC=fabrikam,DC=com\n"));
    g_clear_object (&directory);
    /* and is found again without being set */
    directory = casarray_directory_new (other.uri);
    g_assert_true (casarray_directory_connect_sync (directory, NULL, &error));
    {
      g_autofree char *configuration_dn = casarray_directory_get_configuration_dn (directory);

      g_assert_cmpstr (configuration_dn, ==, "CN=Configuration,DC=fabrikam,DC=com");
    }
    {
      g_autofree char *organization = casarray_directory_get_organization (directory);

      g_assert_cmpstr (organization, ==, "Fabrikam");
    }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/invalid-file", test_invalid_file);
  g_test_add_func ("/store/truncated", test_truncated);
  g_test_add_func ("/store/round-trip", test_round_trip);
  g_test_add_func ("/store/quiet", test_quiet);
  g_test_add_func ("/store/symlink", test_symlink);
  g_test_add_func ("/store/not-a-file", test_not_a_file);
  g_test_add_func ("/store/file-format", test_file_format);
  g_test_add_func ("/store/ldapadd-round-trip", test_ldapadd_round_trip);
  g_test_add_func ("/store/ldapsearch-export", test_ldapsearch_export);
  g_test_add_func ("/store/crash-safety", test_crash_safety);
  g_test_add_func ("/store/two-processes", test_two_processes);
  g_test_add_func ("/store/changes-seen", test_changes_seen);
  g_test_add_func ("/store/threads", test_threads);
  g_test_add_func ("/store/memory", test_memory);
  g_test_add_func ("/store/default-location", test_default_location);
  g_test_add_func ("/store/uris", test_uris);
  return g_test_run ();
}
