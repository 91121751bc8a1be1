/* test-journal.c: the embedded store's journal
 *
 * A change is one sealed transaction appended to "<store>.journal"; the
 * snapshot is rewritten only by a compaction.  Here: a change leaves the
 * snapshot alone and appends little; a journal cut anywhere (a writer
 * killed mid-append) or with a damaged transaction reads as the store
 * before that transaction, and the next writer cuts the rest off; readers
 * are not blocked by a writer holding the lock; readers keep reading
 * right while another process writes and compacts; many writers at once
 * all succeed with the default timeout.  Crash safety under kill -9 and
 * ldapmodify replaying the journal are in test-store.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <casarray/casarray.h>

#include "casarray-directory-private.h"
#include "store/casarray-store-backend.h"

#define ORG "Contoso Corp"

typedef struct {
  char *folder;
  char *path;
  char *journal;
  char *lock;
  char *uri;
} TempStore;

static void
temp_store_init (TempStore *store)
{
  g_autoptr(GError) error = NULL;

  store->folder = g_dir_make_tmp ("casarray-journal-test-XXXXXX", &error);
  g_assert_no_error (error);
  store->path = g_build_filename (store->folder, "org.ldif", NULL);
  store->journal = g_strconcat (store->path, ".journal", NULL);
  store->lock = g_strconcat (store->path, ".lock", NULL);
  store->uri = g_filename_to_uri (store->path, NULL, &error);
  g_assert_no_error (error);
}

static void
temp_store_clear (TempStore *store)
{
  g_autoptr(GDir) dir = store->folder != NULL ? g_dir_open (store->folder, 0, NULL) : NULL;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (store->folder, name, NULL);
      g_unlink (child);
    }
  if (store->folder != NULL)
    g_rmdir (store->folder);
  g_clear_pointer (&store->folder, g_free);
  g_clear_pointer (&store->path, g_free);
  g_clear_pointer (&store->journal, g_free);
  g_clear_pointer (&store->lock, g_free);
  g_clear_pointer (&store->uri, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TempStore, temp_store_clear)

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

/* The only calls of the listing API here, so that a change of its
 * signature is one edit. */
static GPtrArray *
list_sites (CasarrayDirectory  *directory,
            const char         *identity,
            GError            **error)
{
  return casarray_directory_get_sites_sync (directory, identity, NULL, NULL, error);
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

/* The sites a fresh handle finds, failing the test on any error. */
static guint
count_sites (const char *uri)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) directory = casarray_directory_new (uri);
  g_autoptr(GPtrArray) sites = list_sites (directory, NULL, &error);

  g_assert_no_error (error);
  return sites->len;
}

static gboolean
has_site (const char *uri,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) directory = casarray_directory_new (uri);
  g_autoptr(GPtrArray) sites = list_sites (directory, name, &error);

  if (sites == NULL)
    {
      g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND);
      return FALSE;
    }
  return sites->len > 0;
}

static char *
read_file (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

/* A store with an organisation, compacted: no journal yet. */
static CasarrayDirectory *
compacted_store (const TempStore *store)
{
  g_autoptr(GError) error = NULL;
  CasarrayDirectory *directory = casarray_directory_new (store->uri);

  g_assert_true (casarray_directory_new_organization_sync (directory, ORG, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (casarray_store_backend_compact (store_backend_of (directory), &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (store->journal, G_FILE_TEST_EXISTS));
  return directory;
}

/* ---------------------------------------------------------------------- */

/* A change appends its records to the journal and leaves the snapshot
 * as it was: its cost is the change's, not the store's. */
static void
test_append_only (void)
{
  g_auto(TempStore) store = { 0 };
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autofree char *journal = NULL;
  struct stat before, after, journal_st;
  gsize length = 0;

  temp_store_init (&store);
  directory = compacted_store (&store);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("Padding%u", i);
      new_site (directory, name);
    }
  g_assert_true (casarray_store_backend_compact (store_backend_of (directory), NULL));
  g_assert_cmpint (stat (store.path, &before), ==, 0);

  new_site (directory, "Appended");
  g_assert_cmpint (stat (store.path, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
  g_assert_cmpint (after.st_size, ==, before.st_size);
  g_assert_cmpint (after.st_mtim.tv_sec, ==, before.st_mtim.tv_sec);
  g_assert_cmpint (after.st_mtim.tv_nsec, ==, before.st_mtim.tv_nsec);
  g_assert_cmpint (stat (store.journal, &journal_st), ==, 0);
  /* a site is a handful of small entries: far less than the snapshot */
  g_assert_cmpint (journal_st.st_size, <, before.st_size / 4);
  g_assert_cmpuint (journal_st.st_mode & 0777, ==, 0600);

  journal = read_file (store.journal, &length);
  g_assert_true (g_str_has_prefix (journal, "# libcasarray journal of the snapshot of generation "));
  g_assert_nonnull (strstr (journal, "\nchangetype: add\n"));
  g_assert_nonnull (strstr (journal, "\nname: Appended\n"));
  g_assert_nonnull (strstr (journal, "\n# end of change: "));
  g_assert_true (g_str_has_suffix (journal, "\n\n"));
  g_assert_true (has_site (store.uri, "Appended"));
}

/* The journal cut at every byte of its last change (a writer killed in
 * the middle of its append) reads as the store before that change or,
 * cut after the change's last byte, with it; never an error.  The next
 * write cuts the torn part off and its own change is kept. */
static void
test_torn_tail (void)
{
  g_auto(TempStore) store = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autofree char *whole = NULL;
  gsize kept_length = 0;
  gsize whole_length = 0;
  guint previous = 0;

  temp_store_init (&store);
  directory = compacted_store (&store);
  new_site (directory, "Kept");
  g_free (read_file (store.journal, &kept_length));
  new_site (directory, "Torn");
  whole = read_file (store.journal, &whole_length);
  g_assert_cmpuint (whole_length, >, kept_length);
  g_clear_object (&directory);

  for (gsize cut = kept_length; cut <= whole_length; cut++)
    {
      guint sites;

      g_assert_true (g_file_set_contents (store.journal, whole, (gssize) cut, &error));
      g_assert_no_error (error);
      sites = count_sites (store.uri);
      /* Kept always, Torn once its site's own transaction is whole */
      g_assert_cmpuint (sites, >=, 1);
      g_assert_cmpuint (sites, <=, 2);
      g_assert_cmpuint (sites, >=, previous);
      previous = sites;
      if (cut % 61 == 0 || cut == whole_length - 1)
        {
          g_autoptr(CasarrayDirectory) writer = casarray_directory_new (store.uri);
          g_autofree char *after = NULL;
          gsize after_length = 0;

          new_site (writer, "After");
          g_assert_true (has_site (store.uri, "After"));
          g_assert_true (has_site (store.uri, "Kept"));
          after = read_file (store.journal, &after_length);
          /* the torn bytes are gone: what follows the last whole change
           * of before is the new change */
          g_assert_cmpuint (after_length, >, kept_length);
          g_assert_cmpint (memcmp (after, whole, kept_length), ==, 0);
          g_assert_null (g_strstr_len (after + kept_length, (gssize) (after_length - kept_length),
                                       "name: Torn\nname: After"));
          g_assert_cmpuint (count_sites (store.uri), ==, sites + 1);
        }
    }
  g_assert_cmpuint (previous, ==, 2);

  /* a whole change whose bytes were damaged fails its checksum: ignored */
  {
    g_autofree char *damaged = g_strdup (whole);
    char *name = g_strstr_len (damaged + kept_length, -1, "name: Torn");

    g_assert_nonnull (name);
    name[strlen ("name: T")] = 'X';
    g_assert_true (g_file_set_contents (store.journal, damaged, (gssize) whole_length, &error));
    g_assert_no_error (error);
    g_assert_false (has_site (store.uri, "Torn"));
    g_assert_false (has_site (store.uri, "ToXn"));
    g_assert_true (has_site (store.uri, "Kept"));
  }
}

/* A journal that is not the snapshot's (left by a writer killed between
 * a compaction's rename and its removal of the journal) is ignored. */
static void
test_foreign_journal (void)
{
  g_auto(TempStore) store = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autofree char *old_journal = NULL;
  gsize length = 0;

  temp_store_init (&store);
  directory = compacted_store (&store);
  new_site (directory, "InBoth");
  old_journal = read_file (store.journal, &length);
  g_assert_true (casarray_store_backend_compact (store_backend_of (directory), &error));
  g_assert_no_error (error);
  /* the old journal back, as if its removal had not happened */
  g_assert_true (g_file_set_contents (store.journal, old_journal, (gssize) length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_sites (store.uri), ==, 1);
  /* and a writer replaces it by the new snapshot's own */
  new_site (directory, "Next");
  g_assert_cmpuint (count_sites (store.uri), ==, 2);
}

/* While a writer holds the lock (in the middle of a change), readers in
 * this process and in another one read at once; a writer waits. */
static void
test_reader_not_blocked (void)
{
  g_auto(TempStore) store = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(CasarrayDirectory) reader = NULL;
  g_autoptr(GPtrArray) sites = NULL;
  g_autofree char *output = NULL;
  const char *argv[] = { CASARRAY_STORE_HELPER, "count-sites", NULL, "300", NULL };
  gint64 start;
  int status = 0;
  int fd;

  temp_store_init (&store);
  directory = compacted_store (&store);
  new_site (directory, "One");
  new_site (directory, "Two");

  fd = g_open (store.lock, O_RDWR | O_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  start = g_get_monotonic_time ();
  argv[2] = store.uri;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &output, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (output, ==, "2\n");

  reader = casarray_directory_new (store.uri);
  casarray_directory_set_operation_timeout (reader, 300);
  sites = list_sites (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 2);
  /* neither waited for the lock */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 280 * G_TIME_SPAN_MILLISECOND);

  {
    g_autoptr(CasarraySite) site = NULL;

    casarray_directory_set_operation_timeout (directory, 300);
    site = casarray_directory_new_site_sync (directory, "Blocked", NULL, &error);
    g_assert_null (site);
    g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_TIMEOUT);
    g_clear_error (&error);
  }
  close (fd);
  new_site (directory, "Three");
  g_assert_cmpuint (count_sites (store.uri), ==, 3);
}

static GPid
spawn_add_sites (const TempStore *store,
                 const char      *prefix,
                 guint            count,
                 const char      *compact_bytes,
                 int             *stdin_fd)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  const char *argv[] = { CASARRAY_STORE_HELPER, "add-sites", store->uri, prefix, count_text, NULL };
  g_auto(GStrv) env = g_get_environ ();
  GPid pid;

  if (compact_bytes != NULL)
    env = g_environ_setenv (g_steal_pointer (&env), "CASARRAY_STORE_COMPACT_BYTES", compact_bytes, TRUE);
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                           &pid, stdin_fd, NULL, NULL, &error));
  g_assert_no_error (error);
  return pid;
}

static void
wait_success (GPid pid)
{
  int status = 0;

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* Another process adds sites, compacting every few changes; readers here
 * read all along, each read succeeds and never goes back in time. */
static void
test_compaction_under_readers (void)
{
  g_auto(TempStore) store = { 0 };
  g_autoptr(CasarrayDirectory) directory = NULL;
  CasarrayDirectory *readers[2] = { NULL, NULL };
  guint seen[2] = { 0, 0 };
  guint reads = 0;
  guint64 generation = 0;
  g_autofree char *snapshot = NULL;
  int stdin_fd = -1;
  int status = 0;
  GPid pid;

  temp_store_init (&store);
  directory = compacted_store (&store);
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    readers[i] = casarray_directory_new (store.uri);
  pid = spawn_add_sites (&store, "W", 120, "2048", &stdin_fd);
  close (stdin_fd);

  while (waitpid (pid, &status, WNOHANG) == 0)
    for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) sites = list_sites (readers[i], NULL, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (sites->len, >=, seen[i]);
        seen[i] = sites->len;
        reads++;
      }
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_test_message ("%u reads while the writer ran", reads);
  g_assert_cmpuint (reads, >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) sites = list_sites (readers[i], NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (sites->len, ==, 120);
    }
  /* it did compact, many times */
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    g_clear_object (&readers[i]);
  snapshot = read_file (store.path, NULL);
  g_assert_true (g_str_has_prefix (snapshot, "# libcasarray store, generation "));
  generation = g_ascii_strtoull (snapshot + strlen ("# libcasarray store, generation "), NULL, 10);
  g_assert_cmpuint (generation, >, 10);
}

/* Many writers at once, with the default timeout: every change is made
 * (they queue on the lock instead of racing for it). */
static void
test_fair_writers (void)
{
  g_auto(TempStore) store = { 0 };
  g_autoptr(CasarrayDirectory) directory = NULL;
  GPid pids[16];
  int stdin_fds[G_N_ELEMENTS (pids)];
  const guint per_writer = 15;

  temp_store_init (&store);
  directory = compacted_store (&store);
  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    {
      g_autofree char *prefix = g_strdup_printf ("P%u", i);
      pids[i] = spawn_add_sites (&store, prefix, per_writer, NULL, &stdin_fds[i]);
    }
  /* all connected: let them go at once */
  g_usleep (G_USEC_PER_SEC / 2);
  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    close (stdin_fds[i]);
  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    wait_success (pids[i]);
  g_assert_cmpuint (count_sites (store.uri), ==, G_N_ELEMENTS (pids) * per_writer);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/journal/append-only", test_append_only);
  g_test_add_func ("/store/journal/torn-tail", test_torn_tail);
  g_test_add_func ("/store/journal/foreign", test_foreign_journal);
  g_test_add_func ("/store/journal/reader-not-blocked", test_reader_not_blocked);
  g_test_add_func ("/store/journal/compaction-under-readers", test_compaction_under_readers);
  g_test_add_func ("/store/journal/fair-writers", test_fair_writers);
  return g_test_run ();
}
