/* casarray-store-files.c: the store's memory kept in step with its files
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-store-files.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <ldap.h>

#include "casarray/casarray-error.h"
#include "casarray-ldif-io.h"
#include "casarray-store-backend.h"
#include "casarray-store-journal.h"

/* The journal is compacted into a new snapshot when it is longer than
 * this fraction of the snapshot (and than compact_min_bytes): a change
 * then costs its append plus, amortised, a constant share of a rewrite,
 * and opening replays at most that much.  See docs/embedded-store.md. */
#define COMPACT_FRACTION 8
/* How often a reader starts again when the snapshot is replaced while it
 * reads it (a compaction each time) before it gives up. */
#define MAX_READ_ATTEMPTS 50

static void
add_configuration_entry (CasarrayStoreFiles   *self,
                         CasarrayStoreIndex   *index)
{
  const char *dn = self->configuration_dn != NULL ? self->configuration_dn
                                                  : CASARRAY_STORE_DEFAULT_CONFIGURATION_DN;
  LDAPDN parsed = NULL;
  GPtrArray *attributes;
  CasarrayStoreAttribute *attribute;
  g_autofree char *type = NULL;
  g_autofree char *value = NULL;

  if (ldap_str2dn (dn, &parsed, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS ||
      parsed == NULL || parsed[0] == NULL)
    {
      /* reported by find_configuration_dn */
      ldap_dnfree (parsed);
      return;
    }
  type = g_strndup (parsed[0][0]->la_attr.bv_val, parsed[0][0]->la_attr.bv_len);
  value = g_strndup (parsed[0][0]->la_value.bv_val, parsed[0][0]->la_value.bv_len);
  ldap_dnfree (parsed);

  attributes = casarray_store_attributes_new ();
  attribute = casarray_store_attribute_new ("objectClass");
  casarray_store_attribute_add (attribute, "top", 3);
  casarray_store_attribute_add (attribute, "configuration", strlen ("configuration"));
  g_ptr_array_add (attributes, attribute);
  attribute = casarray_store_attribute_new (g_ascii_strcasecmp (type, "cn") == 0 ? "cn" : type);
  casarray_store_attribute_add (attribute, value, strlen (value));
  g_ptr_array_add (attributes, attribute);
  if (g_ascii_strcasecmp (type, "cn") == 0)
    {
      attribute = casarray_store_attribute_new ("name");
      casarray_store_attribute_add (attribute, value, strlen (value));
      g_ptr_array_add (attributes, attribute);
    }
  casarray_store_index_add (index, dn, attributes, TRUE, NULL);
}

static CasarrayStoreIndex *
new_empty_index (CasarrayStoreFiles   *self)
{
  CasarrayStoreIndex *index = casarray_store_index_new ();

  add_configuration_entry (self, index);
  return index;
}

static void
set_index (CasarrayStoreFiles   *self,
           CasarrayStoreIndex   *index)
{
  casarray_store_index_free (self->index);
  self->index = index;
}

/* ---------------------------------------------------------------------- */
/* Reading                                                                */

static void
journal_forget (CasarrayStoreFiles   *self)
{
  self->journal_dev = 0;
  self->journal_ino = 0;
  self->journal_offset = 0;
  self->journal_applied = FALSE;
  self->journal_foreign = FALSE;
}

/* Reads the snapshot whole into a new index (the memory is replaced only
 * if it is valid). */
static gboolean
load_snapshot (CasarrayStoreFiles    *self,
               int                    fd,
               const struct stat     *st,
               GError               **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  CasarrayStoreIndex *index;
  gint64 promised = -1;
  guint last_line = 0;

  g_debug ("Reading the store %s (%" G_GINT64_FORMAT " bytes)", self->path, (gint64) st->st_size);
  text = casarray_store_read_from (fd, 0, (gsize) st->st_size, &length);
  if (text == NULL)
    {
      int saved = errno;

      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
                   "Cannot read the store %s: %s", self->path, g_strerror (saved));
      return FALSE;
    }
  if (!casarray_store_check_complete (self->path, text, length, &promised, &last_line, error))
    return FALSE;
  index = casarray_store_index_new ();
  if (!casarray_store_index_load (index, text, length, self->path, error))
    {
      casarray_store_index_free (index);
      return FALSE;
    }
  if (promised >= 0 && casarray_store_index_get_size (index) != (guint64) promised)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                   "%s: line %u: the file says it holds %" G_GINT64_FORMAT " entries but holds %u: "
                   "entries were lost or added (if by hand, correct the count in its first and "
                   "last lines, or delete its first line)",
                   self->path, last_line, promised, casarray_store_index_get_size (index));
      casarray_store_index_free (index);
      return FALSE;
    }
  if (casarray_store_index_get_size (index) == 0)
    {
      casarray_store_index_free (index);
      index = new_empty_index (self);
    }
  set_index (self, index);
  self->on_disk = TRUE;
  casarray_store_stamp_from_stat (&self->stamp, st);
  self->generation = casarray_store_parse_generation (text, length);
  self->mode = st->st_mode & 07777;
  self->stale = FALSE;
  journal_forget (self);
  return TRUE;
}

/* Applies what the journal holds beyond what the memory has.  *reload is
 * set when the memory cannot catch up by reading on (the journal was
 * replaced or cut below what was read: only by hand, or by a compaction,
 * which the caller sees as a new snapshot). */
static gboolean
catch_up_journal (CasarrayStoreFiles    *self,
                  gboolean              *reload,
                  GError               **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  struct stat st;
  gsize start = 0;
  gsize consumed = 0;
  int fd;

  *reload = FALSE;
  fd = g_open (self->journal_path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved = errno;

      if (saved != ENOENT)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
                       "Cannot open the journal %s: %s", self->journal_path, g_strerror (saved));
          return FALSE;
        }
      *reload = self->journal_applied;
      journal_forget (self);
      return TRUE;
    }
  if (fstat (fd, &st) != 0 || !casarray_store_check_regular_file (self->journal_path, &st, error))
    {
      int saved = errno;

      close (fd);
      if (error != NULL && *error == NULL)
        g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
                     "Cannot read the journal %s: %s", self->journal_path, g_strerror (saved));
      return FALSE;
    }
  if (self->journal_ino != 0 && (st.st_ino != self->journal_ino || st.st_dev != self->journal_dev))
    {
      /* another journal: the memory holds none of it */
      if (self->journal_applied)
        {
          close (fd);
          *reload = TRUE;
          return TRUE;
        }
      journal_forget (self);
    }
  if (self->journal_foreign || st.st_size == self->journal_offset)
    {
      close (fd);
      return TRUE;
    }
  if (st.st_size < self->journal_offset)
    {
      close (fd);
      *reload = TRUE;
      return TRUE;
    }

  text = casarray_store_read_from (fd, self->journal_offset,
                                   (gsize) (st.st_size - self->journal_offset), &length);
  if (text == NULL)
    {
      int saved = errno;

      close (fd);
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
                   "Cannot read the journal %s: %s", self->journal_path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  self->journal_dev = st.st_dev;
  self->journal_ino = st.st_ino;

  if (self->journal_offset == 0)
    {
      gboolean matches = FALSE;

      start = casarray_store_journal_parse_header (text, length, self->generation,
                                                   self->stamp.size, &matches);
      if (start == 0)
        {
          /* being made (it is renamed into place whole, so only by hand) */
          self->journal_ino = 0;
          return TRUE;
        }
      if (!matches || self->generation == 0)
        {
          /* left by a writer killed between a compaction's rename and its
           * removal of the journal: the snapshot holds its changes */
          g_debug ("Ignoring the journal %s: it is not that of the snapshot", self->journal_path);
          self->journal_foreign = TRUE;
          return TRUE;
        }
      self->journal_offset = (goffset) start;
    }
  if (!casarray_store_journal_replay (self->index, text + start, length - start,
                                      self->journal_path, &consumed, error))
    {
      self->stale = TRUE;
      return FALSE;
    }
  if (consumed > 0)
    self->journal_applied = TRUE;
  self->journal_offset += (goffset) consumed;
  return TRUE;
}

/* One attempt at bringing the memory up to date with the files; *again
 * when the snapshot was replaced meanwhile. */
static gboolean
refresh_once (CasarrayStoreFiles    *self,
              gboolean              *again,
              GError               **error)
{
  struct stat st;
  struct stat now;
  CasarrayStoreStamp stamp;
  gboolean reload = FALSE;
  int fd;

  *again = FALSE;
  /* O_NONBLOCK: opening a FIFO would wait for a writer; it is refused
   * below, and has no effect on a regular file */
  fd = g_open (self->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved = errno;

      if (saved != ENOENT)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
                       "Cannot open the store %s: %s", self->path, g_strerror (saved));
          return FALSE;
        }
      /* No file (yet, or any more): an empty store; a journal without
       * its snapshot is nothing. */
      if (self->index == NULL || self->on_disk || self->stale)
        {
          set_index (self, new_empty_index (self));
          self->on_disk = FALSE;
          self->stale = FALSE;
          self->generation = 0;
          journal_forget (self);
        }
      return TRUE;
    }

  if (fstat (fd, &st) != 0)
    {
      int saved = errno;

      close (fd);
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
                   "Cannot read the store %s: %s", self->path, g_strerror (saved));
      return FALSE;
    }
  if (!casarray_store_check_regular_file (self->path, &st, error))
    {
      close (fd);
      return FALSE;
    }
  casarray_store_stamp_from_stat (&stamp, &st);
  if (self->index == NULL || !self->on_disk || self->stale ||
      !casarray_store_stamp_equal (&stamp, &self->stamp) ||
      casarray_store_read_generation (fd) != self->generation)
    {
      if (!load_snapshot (self, fd, &st, error))
        {
          close (fd);
          return FALSE;
        }
    }
  close (fd);

  if (!catch_up_journal (self, &reload, error))
    return FALSE;
  /* A compaction renames a new snapshot into place before it removes the
   * journal: if the snapshot read is still the one in place, the journal
   * read was its own. */
  if (reload || g_stat (self->path, &now) != 0 ||
      now.st_ino != st.st_ino || now.st_dev != st.st_dev)
    {
      if (reload)
        self->stale = TRUE;
      *again = TRUE;
    }
  return TRUE;
}

gboolean
casarray_store_files_refresh (CasarrayStoreFiles    *self,
         GError               **error)
{
  if (self->path == NULL)
    {
      if (self->index == NULL)
        set_index (self, new_empty_index (self));
      return TRUE;
    }
  for (guint attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++)
    {
      gboolean again = FALSE;

      if (!refresh_once (self, &again, error))
        return FALSE;
      if (!again)
        return TRUE;
    }
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_TIMEOUT,
               "The store %s was replaced %u times while it was read", self->path,
               MAX_READ_ATTEMPTS);
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* Writing                                                                */

/* Removes the temporary files of writers that were killed mid-write:
 * only a lock holder makes them, and we hold the lock. */
static void
sweep_temporaries (CasarrayStoreFiles   *self,
                   const char           *path)
{
  g_autofree char *prefix = casarray_ldif_temporary_prefix (path);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *stem = g_path_get_basename (prefix);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, stem))
      {
        g_autofree char *leftover = g_build_filename (folder, name, NULL);
        g_unlink (leftover);
      }
}

gboolean
casarray_store_files_compact (CasarrayStoreFiles    *self,
                GError               **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  struct stat st;

  /* A journal that is not this snapshot's (of a snapshot deleted or
   * replaced by hand) must not be taken for the new one's. */
  if (!self->on_disk || self->generation == 0 || self->journal_foreign)
    g_unlink (self->journal_path);
  data = casarray_store_render_snapshot (self->index, self->generation + 1, &length);
  if (!casarray_ldif_replace_file (self->path, data, length,
                                   self->on_disk ? (int) self->mode : 0600, error))
    {
      /* memory holds a change the files may not: read them again */
      self->stale = TRUE;
      return FALSE;
    }
  /* Its changes are in the snapshot now.  Killed before this, the journal
   * stays, naming the old snapshot, and is ignored. */
  g_unlink (self->journal_path);
  journal_forget (self);
  self->generation++;
  self->on_disk = TRUE;
  if (g_stat (self->path, &st) != 0)
    {
      self->stale = TRUE;
      return TRUE;
    }
  casarray_store_stamp_from_stat (&self->stamp, &st);
  self->mode = st.st_mode & 07777;
  return TRUE;
}

/* A journal that belongs to the snapshot in place, holding what the
 * memory holds; with the exclusive lock held. */
static gboolean
start_journal_locked (CasarrayStoreFiles    *self,
                      GError               **error)
{
  g_autofree char *header = casarray_store_journal_header (self->generation, self->stamp.size);
  struct stat st;

  /* renamed into place whole, so a reader never sees half a header */
  if (!casarray_ldif_replace_file (self->journal_path, header, strlen (header),
                                   (int) self->mode, error))
    return FALSE;
  if (g_stat (self->journal_path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
                   "Cannot write the journal %s: %s", self->journal_path, g_strerror (saved));
      return FALSE;
    }
  self->journal_dev = st.st_dev;
  self->journal_ino = st.st_ino;
  self->journal_offset = (goffset) strlen (header);
  self->journal_applied = FALSE;
  self->journal_foreign = FALSE;
  return TRUE;
}

static gboolean
write_fully (int         fd,
             const char *data,
             gsize       length,
             goffset     offset)
{
  while (length > 0)
    {
      gssize written = pwrite (fd, data, length, offset);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;
      data += written;
      length -= (gsize) written;
      offset += written;
    }
  return TRUE;
}

/* Appends the change records of this call to the journal as one sealed
 * transaction, fsync'ed; with the exclusive lock held. */
static gboolean
append_locked (CasarrayStoreFiles    *self,
               GError               **error)
{
  struct stat st;
  int saved;
  int fd;

  if (self->journal_ino == 0 || self->journal_foreign)
    if (!start_journal_locked (self, error))
      {
        self->stale = TRUE;
        return FALSE;
      }
  fd = g_open (self->journal_path, O_WRONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0 || st.st_ino != self->journal_ino)
    goto failed;
  /* a transaction a killed writer left unsealed: never part of the store */
  if (st.st_size > self->journal_offset && ftruncate (fd, self->journal_offset) != 0)
    goto failed;
  casarray_store_journal_seal (self->pending, 0);
  if (!write_fully (fd, self->pending->str, self->pending->len, self->journal_offset) ||
      fdatasync (fd) != 0)
    {
      saved = errno;
      /* what was written is torn or unsynced: not a change of the store */
      if (ftruncate (fd, self->journal_offset) != 0)
        g_debug ("Cannot cut the journal %s back: %s", self->journal_path, g_strerror (errno));
      errno = saved;
      goto failed;
    }
  close (fd);
  self->journal_offset += (goffset) self->pending->len;
  self->journal_applied = TRUE;
  return TRUE;

failed:
  saved = errno;
  if (fd >= 0)
    close (fd);
  self->stale = TRUE;
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
               "Cannot write the journal %s: %s", self->journal_path, g_strerror (saved));
  return FALSE;
}

gboolean
casarray_store_files_commit (CasarrayStoreFiles    *self,
               GError               **error)
{
  g_autoptr(GError) compact_error = NULL;

  if (self->path == NULL)
    return TRUE;
  if (!self->swept)
    {
      sweep_temporaries (self, self->path);
      sweep_temporaries (self, self->journal_path);
      self->swept = TRUE;
    }
  /* A store that is not yet a snapshot of the store's own (no file, an
   * export, a hand-made file) becomes one with its first change. */
  if (!self->on_disk || self->generation == 0)
    return casarray_store_files_compact (self, error);
  if (!append_locked (self, error))
    return FALSE;
  if (self->journal_offset <= MAX (self->compact_min_bytes, self->stamp.size / COMPACT_FRACTION))
    return TRUE;
  /* the change is on disk already: a failed compaction is retried by the
   * next writer, and the call succeeded */
  if (!casarray_store_files_compact (self, &compact_error))
    g_debug ("Cannot compact the store %s: %s", self->path, compact_error->message);
  return TRUE;
}


/* ---------------------------------------------------------------------- */
/* Life                                                                   */

void
casarray_store_files_init (CasarrayStoreFiles *self,
                           const char         *path,
                           const char         *configuration_dn)
{
  memset (self, 0, sizeof *self);
  self->path = g_strdup (path);
  self->journal_path = path != NULL ? casarray_store_journal_path (path) : NULL;
  self->configuration_dn = g_strdup (configuration_dn);
  self->compact_min_bytes = CASARRAY_STORE_COMPACT_MIN_BYTES;
  /* for tests of compaction: a journal compacted after this many bytes */
  if (g_getenv ("CASARRAY_STORE_COMPACT_BYTES") != NULL)
    self->compact_min_bytes = g_ascii_strtoll (g_getenv ("CASARRAY_STORE_COMPACT_BYTES"), NULL, 10);
  self->pending = g_string_new (NULL);
}

void
casarray_store_files_clear (CasarrayStoreFiles *self)
{
  casarray_store_index_free (self->index);
  g_free (self->path);
  g_free (self->journal_path);
  g_free (self->configuration_dn);
  g_string_free (self->pending, TRUE);
  memset (self, 0, sizeof *self);
}
