/* casarray-store-backend.c: the CasarrayBackend that keeps the directory in
 * an LDIF file (or in memory), with no server
 *
 * The whole store lives in memory (casarray-store-index.c) and the file is
 * its durable copy, rewritten whole after each change:
 *
 *  - a write takes the exclusive lock "<file>.lock" (casarray-store-lock.c),
 *    re-reads the file if another process changed it since this one last
 *    read it, applies the change in memory, writes a temporary file,
 *    fsyncs it, renames it over the store and fsyncs the folder
 *    (casarray-ldif-io.c), then unlocks: a change is on disk when the call
 *    returns, a crash leaves the old file or the new one, and two
 *    processes never lose each other's changes;
 *  - a read takes the shared lock and re-reads the file only if it
 *    changed: the file's identity (device, inode, size, times) and the
 *    generation counter in its first line, which each write increments;
 *  - a file that does not parse, breaks the rules a server would enforce,
 *    or was cut short (it lacks the trailer the store writes last, see
 *    HEADER_FORMAT), is reported as CASARRAY_ERROR_INVALID_DATA and never
 *    written over;
 *  - the path is resolved through symbolic links once, when the backend
 *    is made, and must name a regular file.
 *
 * A GMutex serialises the threads of one process on one backend; the file
 * lock serialises backends and processes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-store-backend.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <ldap.h>

#include "casarray/casarray-error.h"
#include "backend/casarray-dn.h"
#include "casarray-ldif-io.h"
#include "casarray-store-index.h"
#include "casarray-store-lock.h"
#include "backend/casarray-syntax.h"

#define DEFAULT_OPERATION_TIMEOUT_MS 8000
#define HEADER_PREFIX "libcasarray store, generation "
/* The first line of a file the store writes is
 *   # libcasarray store, generation G, N entries (LDIF; docs/embedded-store.md)
 * and its last line, written last,
 *   # end of libcasarray store, generation G, N entries
 * A file whose first line carries an entry count must end with that
 * trailer: that is how a file cut short from outside (a full disk under a
 * copy, a torn transfer, an editor's crash) is told from a complete one.
 * Files without the count (exports, hand-made files, stores written
 * before the trailer existed) must at least end with a complete line. */
#define HEADER_FORMAT HEADER_PREFIX "%" G_GUINT64_FORMAT ", %u entries (LDIF; docs/embedded-store.md)"
#define TRAILER_FORMAT "end of libcasarray store, generation %" G_GUINT64_FORMAT ", %u entries"

/* What identifies one version of the file. */
typedef struct {
  dev_t           dev;
  ino_t           ino;
  off_t           size;
  struct timespec mtime;
  struct timespec ctime;
} FileStamp;

struct _CasarrayStoreBackend
{
  GObject parent_instance;

  /* Settings, fixed at construction. */
  char               *path;               /* NULL: in memory */
  char               *lock_path;
  char               *configuration_dn;   /* as set, or NULL */
  guint               timeout_ms;

  /* Held for the whole of every operation; guards what follows. */
  GMutex              lock;
  CasarrayStoreIndex *index;              /* NULL until first read */
  gboolean            on_disk;            /* the file existed when last read */
  FileStamp           stamp;              /* of the file when last read or written */
  guint64             generation;         /* of the file when last read or written */
  mode_t              mode;               /* of the file, kept when rewriting */
  gboolean            stale;              /* memory may differ from the file */
  gboolean            swept;              /* a killed writer's temporary files removed */
};

static void casarray_store_backend_iface_init (CasarrayBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CasarrayStoreBackend, casarray_store_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CASARRAY_TYPE_BACKEND,
                                                      casarray_store_backend_iface_init))

/* ---------------------------------------------------------------------- */
/* URIs                                                                   */

gboolean
casarray_store_backend_handles_uri (const char *uri)
{
  g_autofree char *scheme = NULL;

  if (uri == NULL || uri[0] == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (uri, CASARRAY_STORE_MEMORY_URI) == 0)
    return TRUE;
  scheme = g_uri_parse_scheme (uri);
  if (scheme != NULL && g_ascii_strcasecmp (scheme, "file") == 0)
    return TRUE;
  return strstr (uri, "://") == NULL;
}

char *
casarray_store_backend_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "casarray", "default.ldif", NULL);
}

/* The file named by @uri, or NULL in *path for memory:. */
static gboolean
path_from_uri (const char  *uri,
               char       **path,
               GError     **error)
{
  g_autofree char *scheme = NULL;

  *path = NULL;
  if (g_ascii_strcasecmp (uri, CASARRAY_STORE_MEMORY_URI) == 0)
    return TRUE;

  scheme = g_uri_parse_scheme (uri);
  if (scheme != NULL && g_ascii_strcasecmp (scheme, "file") == 0)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *hostname = NULL;
      g_autofree char *filename = g_filename_from_uri (uri, &hostname, &local_error);

      if (filename == NULL)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "“%s” is not a usable file URI: %s", uri, local_error->message);
          return FALSE;
        }
      if (hostname != NULL && hostname[0] != '\0' && g_ascii_strcasecmp (hostname, "localhost") != 0)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "“%s” names a file on another host (%s); a store is a local file",
                       uri, hostname);
          return FALSE;
        }
      *path = g_steal_pointer (&filename);
      return TRUE;
    }
  if (uri[0] != '\0' && strstr (uri, "://") == NULL)
    {
      /* relative to the working folder of the moment, once and for all */
      *path = g_canonicalize_filename (uri, NULL);
      return TRUE;
    }
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
               "“%s” is not a store URI: use file:///path, a path, or memory:", uri);
  return FALSE;
}

/* The file @path names, symbolic links followed to their end (a relative
 * target is taken from its link's folder), so that the store is locked,
 * written and renamed next to the real file and the links stay links.  A
 * link to nothing yet gives its target, which the first write creates.
 * After 40 links (a loop) the path stays a link, and opening it reports
 * ELOOP. */
static char *
resolve_links (const char *path)
{
  g_autofree char *current = g_strdup (path);

  for (guint hops = 0; hops < 40; hops++)
    {
      g_autofree char *target = NULL;
      g_autofree char *folder = NULL;
      GStatBuf st;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        break;
      target = g_file_read_link (current, NULL);
      if (target == NULL)
        break;
      folder = g_path_get_dirname (current);
      g_free (current);
      current = g_canonicalize_filename (target, folder);
    }
  return g_steal_pointer (&current);
}

static const char *
describe_file_type (mode_t mode)
{
  if (S_ISDIR (mode))
    return "a folder";
  if (S_ISFIFO (mode))
    return "a FIFO";
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return "a device";
  if (S_ISSOCK (mode))
    return "a socket";
  return "not a file";
}

/* A store is a regular file: a FIFO would block its reader, a device such
 * as /dev/zero never ends, and the rename of a write would replace it. */
static gboolean
check_regular_file (const char         *path,
                    const struct stat  *st,
                    GError            **error)
{
  if (S_ISREG (st->st_mode))
    return TRUE;
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
               "Cannot use %s as a store: it is not a regular file (it is %s)",
               path, describe_file_type (st->st_mode));
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* Conversions from the model's vocabulary                                */

static gboolean
is_pseudo_attribute (const char *attribute)
{
  return g_ascii_strcasecmp (attribute, CASARRAY_ATTR_GUID) == 0 ||
         g_ascii_strcasecmp (attribute, CASARRAY_ATTR_CREATION_ORDER) == 0;
}

static gboolean
check_attribute_name (const char  *attribute,
                      GError     **error)
{
  if (attribute != NULL && casarray_is_attribute_name (attribute) &&
      !is_pseudo_attribute (attribute))
    return TRUE;
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
               "“%s” is not an attribute that can be written",
               attribute != NULL ? attribute : "(null)");
  return FALSE;
}

/* Every attribute of @entry but the pseudo-attributes. */
static GPtrArray *
attributes_from_entry (const CasarrayEntry  *entry,
                       GError              **error)
{
  GPtrArray *names = casarray_entry_get_attributes (entry);
  g_autoptr(GPtrArray) attributes = casarray_store_attributes_new ();

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      const char * const *values = casarray_entry_get_values (entry, name);
      CasarrayStoreAttribute *attribute;

      if (is_pseudo_attribute (name))
        continue;
      if (!check_attribute_name (name, error))
        return NULL;
      if (values == NULL)
        continue;
      attribute = casarray_store_attribute_new (name);
      for (guint j = 0; values[j] != NULL; j++)
        casarray_store_attribute_add (attribute, values[j], strlen (values[j]));
      g_ptr_array_add (attributes, attribute);
    }
  return g_steal_pointer (&attributes);
}

static GPtrArray *
store_mods_from_mods (GPtrArray  *mods,
                      GError    **error)
{
  g_autoptr(GPtrArray) store_mods =
    g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_store_mod_free);

  for (guint i = 0; mods != NULL && i < mods->len; i++)
    {
      const CasarrayMod *mod = g_ptr_array_index (mods, i);
      CasarrayStoreMod *store_mod;

      if (!check_attribute_name (mod->attribute, error))
        return NULL;
      store_mod = casarray_store_mod_new (mod->op, mod->attribute);
      for (guint j = 0; mod->values != NULL && mod->values[j] != NULL; j++)
        g_ptr_array_add (store_mod->values, g_bytes_new (mod->values[j], strlen (mod->values[j])));
      g_ptr_array_add (store_mods, store_mod);
    }
  return g_steal_pointer (&store_mods);
}

/* ---------------------------------------------------------------------- */
/* The file                                                               */

static void
stamp_from_stat (FileStamp         *stamp,
                 const struct stat *st)
{
  stamp->dev = st->st_dev;
  stamp->ino = st->st_ino;
  stamp->size = st->st_size;
  stamp->mtime = st->st_mtim;
  stamp->ctime = st->st_ctim;
}

static gboolean
stamp_equal (const FileStamp *a,
             const FileStamp *b)
{
  return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
         a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec &&
         a->ctime.tv_sec == b->ctime.tv_sec && a->ctime.tv_nsec == b->ctime.tv_nsec;
}

/* The generation in the first line, 0 for a file this library did not
 * write (an export, a hand-made file). */
static guint64
parse_generation (const char *text,
                  gsize       length)
{
  static const char prefix[] = "# " HEADER_PREFIX;
  guint64 generation = 0;

  if (length <= strlen (prefix) || strncmp (text, prefix, strlen (prefix)) != 0)
    return 0;
  for (gsize i = strlen (prefix); i < length && g_ascii_isdigit (text[i]); i++)
    generation = generation * 10 + (guint64) (text[i] - '0');
  return generation;
}

/* The numbers of a header line that promises a trailer: FALSE for any other
 * first line. */
static gboolean
parse_header (const char *text,
              gsize       length,
              guint64    *generation,
              guint      *entries)
{
  const char *end = memchr (text, '\n', length);
  g_autofree char *line = NULL;
  g_autofree char *expected = NULL;
  guint64 count = 0;
  char *after = NULL;

  if (end == NULL)
    return FALSE;
  line = g_strndup (text, (gsize) (end - text));
  g_strchomp (line);   /* a CR before the LF */
  if (!g_str_has_prefix (line, "# " HEADER_PREFIX))
    return FALSE;
  *generation = g_ascii_strtoull (line + strlen ("# " HEADER_PREFIX), &after, 10);
  if (after == NULL || !g_str_has_prefix (after, ", "))
    return FALSE;
  count = g_ascii_strtoull (after + 2, NULL, 10);
  if (count > G_MAXUINT)
    return FALSE;
  *entries = (guint) count;
  /* the whole line as the store writes it, nothing else */
  expected = g_strdup_printf ("# " HEADER_FORMAT, *generation, *entries);
  return strcmp (line, expected) == 0;
}

/* Refuses a file that was cut short: one that does not end with a complete
 * line, or a store file (see HEADER_FORMAT) that does not end with its
 * trailer.  *entries is set to the count the file promises, or -1, and
 * *last_line to the number of its last line. */
static gboolean
check_complete (const char  *path,
                const char  *text,
                gsize        length,
                gint64      *entries,
                guint       *last_line_number,
                GError     **error)
{
  guint lines = 0;
  guint64 generation = 0;
  guint count = 0;
  const char *last;
  g_autofree char *last_line = NULL;
  g_autofree char *trailer = NULL;

  *entries = -1;
  if (length == 0)
    return TRUE;   /* an empty store */
  for (gsize i = 0; i < length; i++)
    if (text[i] == '\n')
      lines++;
  *last_line_number = lines;
  /* CR-only line endings look like one unfinished line: the LDIF reader
   * names the first lone CR instead */
  for (const char *cr = memchr (text, '\r', length); cr != NULL;
       cr = memchr (cr + 1, '\r', length - (gsize) (cr + 1 - text)))
    if (cr + 1 == text + length || cr[1] != '\n')
      return TRUE;
  if (text[length - 1] != '\n')
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                   "%s: line %u: the file ends in the middle of a line: it was cut short, or "
                   "its last line lacks its line end", path, lines + 1);
      return FALSE;
    }
  if (!parse_header (text, length, &generation, &count))
    return TRUE;

  last = g_strrstr_len (text, (gssize) length - 1, "\n");
  last = last != NULL ? last + 1 : text;
  last_line = g_strndup (last, (gsize) (text + length - 1 - last));
  g_strchomp (last_line);
  trailer = g_strdup_printf ("# " TRAILER_FORMAT, generation, count);
  if (strcmp (last_line, trailer) != 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                   "%s: line %u: the file is not complete: libcasarray wrote it, and its last "
                   "line would be “%s”; it was cut short or changed (to use what is left, "
                   "delete its first line, which makes it a plain LDIF file)",
                   path, lines, trailer);
      return FALSE;
    }
  *entries = count;
  return TRUE;
}

static guint64
read_generation (int fd)
{
  char head[128];
  gssize got;

  do
    got = pread (fd, head, sizeof head, 0);
  while (got < 0 && errno == EINTR);
  return got > 0 ? parse_generation (head, (gsize) got) : 0;
}

static gboolean
read_all (int          fd,
          gsize        expected,
          GString     *out)
{
  g_string_set_size (out, 0);
  for (;;)
    {
      gsize room = MAX (expected + 1, 65536);
      gsize old_length = out->len;
      gssize got;

      g_string_set_size (out, old_length + room);
      do
        got = read (fd, out->str + old_length, room);
      while (got < 0 && errno == EINTR);
      if (got < 0)
        return FALSE;
      g_string_set_size (out, old_length + (gsize) got);
      if (got == 0)
        return TRUE;
      expected = 0;
    }
}

/* The entry every configuration partition has at its head, for a new
 * store: with it in place, the operations find the configuration naming
 * context, and the file loads with ldapadd below the domain's entry. */
static void
add_configuration_entry (CasarrayStoreBackend *self,
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
new_empty_index (CasarrayStoreBackend *self)
{
  CasarrayStoreIndex *index = casarray_store_index_new ();

  add_configuration_entry (self, index);
  return index;
}

static void
set_index (CasarrayStoreBackend *self,
           CasarrayStoreIndex   *index)
{
  casarray_store_index_free (self->index);
  self->index = index;
}

/* Brings the memory up to date with the file; called with the file lock
 * held (shared or exclusive) or, for a read, with no lock file at all. */
static gboolean
refresh_locked (CasarrayStoreBackend  *self,
                GError               **error)
{
  g_autoptr(GString) text = NULL;
  CasarrayStoreIndex *index;
  struct stat st;
  FileStamp stamp;
  gint64 promised = -1;
  guint last_line = 0;
  int fd;

  if (self->path == NULL)
    {
      if (self->index == NULL)
        set_index (self, new_empty_index (self));
      return TRUE;
    }

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
      /* No file (yet, or any more): an empty store. */
      if (self->index == NULL || self->on_disk || self->stale)
        {
          set_index (self, new_empty_index (self));
          self->on_disk = FALSE;
          self->stale = FALSE;
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
  if (!check_regular_file (self->path, &st, error))
    {
      close (fd);
      return FALSE;
    }
  stamp_from_stat (&stamp, &st);
  if (self->index != NULL && self->on_disk && !self->stale &&
      stamp_equal (&stamp, &self->stamp) && read_generation (fd) == self->generation)
    {
      close (fd);
      return TRUE;
    }

  g_debug ("Reading the store %s (%" G_GINT64_FORMAT " bytes)", self->path, (gint64) st.st_size);
  text = g_string_new (NULL);
  if (!read_all (fd, (gsize) st.st_size, text))
    {
      int saved = errno;

      close (fd);
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
                   "Cannot read the store %s: %s", self->path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (!check_complete (self->path, text->str, text->len, &promised, &last_line, error))
    return FALSE;
  index = casarray_store_index_new ();
  if (!casarray_store_index_load (index, text->str, text->len, self->path, error))
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
  self->stamp = stamp;
  self->generation = parse_generation (text->str, text->len);
  self->mode = st.st_mode & 07777;
  self->stale = FALSE;
  return TRUE;
}

/* Removes the temporary files of writers that were killed mid-write:
 * only a lock holder makes them, and we hold the lock. */
static void
sweep_temporaries (CasarrayStoreBackend *self)
{
  g_autofree char *prefix = casarray_ldif_temporary_prefix (self->path);
  g_autofree char *folder = g_path_get_dirname (self->path);
  g_autofree char *stem = g_path_get_basename (prefix);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  self->swept = TRUE;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, stem))
      {
        g_autofree char *leftover = g_build_filename (folder, name, NULL);
        g_unlink (leftover);
      }
}

static char *
render (CasarrayStoreBackend *self,
        guint64               generation,
        gsize                *length)
{
  GString *out = g_string_sized_new (64 * 1024);
  guint entries = casarray_store_index_get_size (self->index);
  g_autofree char *header = g_strdup_printf (HEADER_FORMAT, generation, entries);
  g_autofree char *trailer = g_strdup_printf (TRAILER_FORMAT, generation, entries);

  casarray_ldif_append_comment (out, header);
  casarray_ldif_append_value (out, "version", "1", 1, FALSE);
  g_string_append_c (out, '\n');
  casarray_store_index_write (self->index, out);
  /* last: a file without it was cut short (check_complete) */
  casarray_ldif_append_comment (out, trailer);
  *length = out->len;
  return g_string_free (out, FALSE);
}

/* Writes the memory to the file; with the exclusive lock held. */
static gboolean
commit_locked (CasarrayStoreBackend  *self,
               GError               **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  struct stat st;

  if (self->path == NULL)
    return TRUE;

  if (!self->swept)
    sweep_temporaries (self);
  data = render (self, self->generation + 1, &length);
  if (!casarray_ldif_replace_file (self->path, data, length,
                                   self->on_disk ? (int) self->mode : 0600, error))
    {
      /* memory holds a change the file may not: read the file again */
      self->stale = TRUE;
      return FALSE;
    }
  if (g_stat (self->path, &st) != 0)
    {
      self->stale = TRUE;
      return TRUE;
    }
  stamp_from_stat (&self->stamp, &st);
  self->generation++;
  self->mode = st.st_mode & 07777;
  self->on_disk = TRUE;
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Sessions: every operation runs between begin and end                   */

typedef struct {
  CasarrayStoreLock file_lock;
  gboolean          writing;
} Session;

static gboolean
session_begin (CasarrayStoreBackend  *self,
               Session               *session,
               gboolean               writing,
               GCancellable          *cancellable,
               GError               **error)
{
  session->file_lock = (CasarrayStoreLock) CASARRAY_STORE_LOCK_INIT;
  session->writing = writing;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  g_mutex_lock (&self->lock);

  if (self->path != NULL)
    {
      struct stat st;

      /* before a lock file is made next to it */
      if (g_stat (self->path, &st) == 0 && !check_regular_file (self->path, &st, error))
        {
          g_mutex_unlock (&self->lock);
          return FALSE;
        }
      if (writing)
        {
          g_autofree char *folder = g_path_get_dirname (self->path);

          /* the store is created, with its folders, on the first write */
          if (g_mkdir_with_parents (folder, 0700) != 0)
            {
              int saved = errno;

              g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
                           "Cannot create the folder of the store %s: %s",
                           self->path, g_strerror (saved));
              g_mutex_unlock (&self->lock);
              return FALSE;
            }
        }
      if (!casarray_store_lock_acquire (&session->file_lock, self->lock_path, writing,
                                        self->timeout_ms, cancellable, error))
        {
          g_mutex_unlock (&self->lock);
          return FALSE;
        }
    }

  if (!refresh_locked (self, error))
    {
      casarray_store_lock_release (&session->file_lock);
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  /* Readers work on the memory: the file may change from now on. */
  if (!writing)
    casarray_store_lock_release (&session->file_lock);
  return TRUE;
}

/* Writes if @changed, then lets go; returns @ok unless the write failed. */
static gboolean
session_end (CasarrayStoreBackend  *self,
             Session               *session,
             gboolean               ok,
             gboolean               changed,
             GError               **error)
{
  if (session->writing && changed && !commit_locked (self, ok ? error : NULL))
    ok = FALSE;
  casarray_store_lock_release (&session->file_lock);
  g_mutex_unlock (&self->lock);
  return ok;
}

/* ---------------------------------------------------------------------- */
/* The interface                                                          */

static gboolean
casarray_store_backend_open (CasarrayBackend  *backend,
                             GCancellable     *cancellable,
                             GError          **error)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (backend);
  Session session;

  if (!session_begin (self, &session, FALSE, cancellable, error))
    return FALSE;
  return session_end (self, &session, TRUE, FALSE, error);
}

static char *
casarray_store_backend_find_configuration_dn (CasarrayBackend  *backend,
                                              GCancellable     *cancellable,
                                              GError          **error)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (backend);
  Session session;
  char *found;

  if (self->configuration_dn != NULL)
    {
      LDAPDN parsed = NULL;
      gboolean valid = ldap_str2dn (self->configuration_dn, &parsed, LDAP_DN_FORMAT_LDAPV3) == LDAP_SUCCESS &&
                       parsed != NULL;

      ldap_dnfree (parsed);
      if (!valid)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "“%s” is not a distinguished name", self->configuration_dn);
          return NULL;
        }
      return g_strdup (self->configuration_dn);
    }

  if (!session_begin (self, &session, FALSE, cancellable, error))
    return NULL;
  found = casarray_store_index_find_configuration_dn (self->index);
  if (found == NULL)
    g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NO_ORGANIZATION,
                 "No configuration naming context in the store %s: neither an Exchange "
                 "organisation (objectClass msExchOrganizationContainer) below a CN=Configuration "
                 "entry, nor a CN=Configuration entry of objectClass configuration; set it explicitly",
                 self->path != NULL ? self->path : CASARRAY_STORE_MEMORY_URI);
  session_end (self, &session, TRUE, FALSE, NULL);
  return found;
}

static GPtrArray *
casarray_store_backend_search (CasarrayBackend      *backend,
                               const CasarrayQuery  *query,
                               GCancellable         *cancellable,
                               GError              **error)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (backend);
  Session session;
  GPtrArray *entries;

  if (!session_begin (self, &session, FALSE, cancellable, error))
    return NULL;
  entries = casarray_store_index_search (self->index, query, error);
  session_end (self, &session, TRUE, FALSE, NULL);
  return entries;
}

static gboolean
casarray_store_backend_add (CasarrayBackend      *backend,
                            const CasarrayEntry  *entry,
                            GCancellable         *cancellable,
                            GError              **error)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (backend);
  GPtrArray *attributes = attributes_from_entry (entry, error);
  Session session;
  gboolean ok;

  if (attributes == NULL)
    return FALSE;
  if (!session_begin (self, &session, TRUE, cancellable, error))
    {
      g_ptr_array_unref (attributes);
      return FALSE;
    }
  ok = casarray_store_index_add (self->index, casarray_entry_get_dn (entry), attributes, FALSE, error);
  return session_end (self, &session, ok, ok, error);
}

static gboolean
casarray_store_backend_modify (CasarrayBackend  *backend,
                               const char       *dn,
                               GPtrArray        *mods,
                               GCancellable     *cancellable,
                               GError          **error)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (backend);
  g_autoptr(GPtrArray) store_mods = store_mods_from_mods (mods, error);
  Session session;
  gboolean ok;

  if (store_mods == NULL)
    return FALSE;
  /* Nothing to change: nothing to do, as the LDAP backend sends nothing. */
  if (store_mods->len == 0)
    return TRUE;
  if (!session_begin (self, &session, TRUE, cancellable, error))
    return FALSE;
  ok = casarray_store_index_modify (self->index, dn, store_mods, error);
  return session_end (self, &session, ok, ok, error);
}

static gboolean
casarray_store_backend_remove (CasarrayBackend  *backend,
                               const char       *dn,
                               GCancellable     *cancellable,
                               GError          **error)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (backend);
  Session session;
  gboolean ok;

  if (!session_begin (self, &session, TRUE, cancellable, error))
    return FALSE;
  ok = casarray_store_index_remove (self->index, dn, error);
  return session_end (self, &session, ok, ok, error);
}

static gboolean
casarray_store_backend_rename (CasarrayBackend  *backend,
                               const char       *dn,
                               const char       *new_rdn,
                               GCancellable     *cancellable,
                               GError          **error)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (backend);
  Session session;
  gboolean ok;

  g_autofree char *new_name = casarray_dn_first_value (new_rdn);
  g_autoptr(GPtrArray) name_mods = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *new_dn = NULL;

  if (new_name == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "Cannot rename %s: “%s” is not one RDN", dn, new_rdn ?: "(null)");
      return FALSE;
    }
  if (!session_begin (self, &session, TRUE, cancellable, error))
    return FALSE;
  ok = casarray_store_index_rename (self->index, dn, new_rdn, error);
  if (ok)
    {
      /* `name` follows the RDN, as Active Directory keeps it (its name
       * attribute can only change through a rename); same write. */
      g_autoptr(GError) name_error = NULL;
      g_autofree char *old_rdn = NULL;

      parent = casarray_dn_parent (dn);
      new_dn = parent != NULL ? g_strconcat (new_rdn, ",", parent, NULL) : g_strdup (new_rdn);
      name_mods = g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_store_mod_free);
      g_ptr_array_add (name_mods, casarray_store_mod_new (CASARRAY_MOD_REPLACE, "name"));
      g_ptr_array_add (((CasarrayStoreMod *) g_ptr_array_index (name_mods, 0))->values,
                       g_bytes_new (new_name, strlen (new_name)));
      if (!casarray_store_index_modify (self->index, new_dn, name_mods, &name_error))
        {
          /* undo in memory too: nothing is written, and the index must
           * stay what the file holds */
          g_autofree char *old_name = casarray_dn_first_value (dn);

          old_rdn = old_name != NULL ? casarray_dn_build_rdn (old_name) : NULL;
          if (old_rdn != NULL)
            casarray_store_index_rename (self->index, new_dn, old_rdn, NULL);
          g_propagate_error (error, g_steal_pointer (&name_error));
          ok = FALSE;
        }
    }
  return session_end (self, &session, ok, ok, error);
}

/* One lock, one re-read and one write for the whole batch; each modify is
 * still atomic on its own. */
static gboolean
casarray_store_backend_modify_many (CasarrayBackend  *backend,
                                    GPtrArray        *dns,
                                    GPtrArray        *mod_lists,
                                    GError          **errors,
                                    GCancellable     *cancellable,
                                    GError          **error)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (backend);
  g_autoptr(GError) write_error = NULL;
  g_autoptr(GArray) applied = g_array_new (FALSE, FALSE, sizeof (guint));
  Session session;

  g_return_val_if_fail (dns->len == mod_lists->len, FALSE);

  if (!session_begin (self, &session, TRUE, cancellable, error))
    return FALSE;
  for (guint i = 0; i < dns->len; i++)
    {
      g_autoptr(GPtrArray) store_mods = store_mods_from_mods (g_ptr_array_index (mod_lists, i),
                                                              &errors[i]);

      if (store_mods == NULL || store_mods->len == 0)
        continue;
      if (casarray_store_index_modify (self->index, g_ptr_array_index (dns, i), store_mods,
                                       &errors[i]))
        g_array_append_val (applied, i);
    }
  if (!session_end (self, &session, TRUE, applied->len > 0, &write_error))
    {
      /* the changes made in memory may not have reached the file */
      for (guint n = 0; n < applied->len; n++)
        errors[g_array_index (applied, guint, n)] = g_error_copy (write_error);
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Beyond the interface                                                   */

typedef struct {
  CasarrayStoreIndex *index;
} ApplyState;

static int
mod_op_from_ldap (int op)
{
  switch (op & ~LDAP_MOD_BVALUES)
    {
    case LDAP_MOD_ADD:
      return CASARRAY_MOD_ADD;
    case LDAP_MOD_DELETE:
      return CASARRAY_MOD_DELETE;
    case LDAP_MOD_REPLACE:
      return CASARRAY_MOD_REPLACE;
    default:
      return -1;
    }
}

static gboolean
apply_record (const LDIFRecord  *record,
              guint              line,
              gpointer           user_data,
              GError           **error)
{
  ApplyState *state = user_data;
  const char *dn = record->lr_dn.bv_val != NULL ? record->lr_dn.bv_val : "";
  g_autoptr(GPtrArray) mods = NULL;
  gboolean ok = FALSE;

  switch (record->lr_op)
    {
    case LDAP_REQ_ADD:
      ok = casarray_store_index_add (state->index, dn,
                                     casarray_store_attributes_from_mods (record->lrop_mods),
                                     FALSE, error);
      break;
    case LDAP_REQ_MODIFY:
      mods = g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_store_mod_free);
      for (LDAPMod **mod = record->lrop_mods; mod != NULL && *mod != NULL; mod++)
        {
          int op = mod_op_from_ldap ((*mod)->mod_op);
          CasarrayStoreMod *store_mod;

          if (op < 0)
            {
              g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                           "line %u: unsupported modification of %s", line, (*mod)->mod_type);
              return FALSE;
            }
          store_mod = casarray_store_mod_new ((CasarrayModOp) op, (*mod)->mod_type);
          for (struct berval **value = (*mod)->mod_bvalues; value != NULL && *value != NULL; value++)
            g_ptr_array_add (store_mod->values, g_bytes_new ((*value)->bv_val, (*value)->bv_len));
          g_ptr_array_add (mods, store_mod);
        }
      ok = casarray_store_index_modify (state->index, dn, mods, error);
      break;
    case LDAP_REQ_DELETE:
      ok = casarray_store_index_remove (state->index, dn, error);
      break;
    case LDAP_REQ_MODRDN:
      if (record->lrop_newsup.bv_val != NULL || !record->lrop_delold)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "line %u: only renames in place with deleteoldrdn: 1 are supported", line);
          return FALSE;
        }
      ok = casarray_store_index_rename (state->index, dn, record->lrop_newrdn.bv_val, error);
      break;
    default:
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "line %u: unsupported LDIF record for %s", line, dn);
      return FALSE;
    }
  if (!ok)
    g_prefix_error (error, "line %u: ", line);
  return ok;
}

gboolean
casarray_store_backend_apply_ldif (CasarrayStoreBackend  *self,
                                   const char            *ldif,
                                   GError               **error)
{
  ApplyState state;
  Session session;
  gboolean ok;

  g_return_val_if_fail (CASARRAY_IS_STORE_BACKEND (self), FALSE);
  g_return_val_if_fail (ldif != NULL, FALSE);

  if (!session_begin (self, &session, TRUE, NULL, error))
    return FALSE;
  state.index = self->index;
  ok = casarray_ldif_parse (ldif, strlen (ldif), "LDIF", apply_record, &state, error);
  if (!ok)
    self->stale = TRUE;   /* drop what was applied before the failure */
  return session_end (self, &session, ok, ok, error);
}

gboolean
casarray_store_backend_export (CasarrayStoreBackend  *self,
                               const char            *path,
                               GError               **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  Session session;
  gboolean ok;

  g_return_val_if_fail (CASARRAY_IS_STORE_BACKEND (self), FALSE);

  if (!session_begin (self, &session, FALSE, NULL, error))
    return FALSE;
  data = render (self, 1, &length);
  ok = casarray_ldif_replace_file (path, data, length, 0600, error);
  return session_end (self, &session, ok, FALSE, NULL);
}

/* ---------------------------------------------------------------------- */
/* The object                                                             */

static void
casarray_store_backend_finalize (GObject *object)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (object);

  casarray_store_index_free (self->index);
  g_free (self->path);
  g_free (self->lock_path);
  g_free (self->configuration_dn);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (casarray_store_backend_parent_class)->finalize (object);
}

static void
casarray_store_backend_class_init (CasarrayStoreBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = casarray_store_backend_finalize;
}

static void
casarray_store_backend_init (CasarrayStoreBackend *self)
{
  g_mutex_init (&self->lock);
}

static void
casarray_store_backend_iface_init (CasarrayBackendInterface *iface)
{
  iface->open = casarray_store_backend_open;
  iface->find_configuration_dn = casarray_store_backend_find_configuration_dn;
  iface->search = casarray_store_backend_search;
  iface->add = casarray_store_backend_add;
  iface->modify = casarray_store_backend_modify;
  iface->remove = casarray_store_backend_remove;
  iface->rename = casarray_store_backend_rename;
  iface->modify_many = casarray_store_backend_modify_many;
}

CasarrayBackend *
casarray_store_backend_new (const CasarrayStoreSettings  *settings,
                            GError                      **error)
{
  CasarrayStoreBackend *self;
  g_autofree char *path = NULL;

  g_return_val_if_fail (settings != NULL && settings->uri != NULL, NULL);

  if (!path_from_uri (settings->uri, &path, error))
    return NULL;

  self = g_object_new (CASARRAY_TYPE_STORE_BACKEND, NULL);
  self->path = path != NULL ? resolve_links (path) : NULL;
  self->lock_path = self->path != NULL ? g_strconcat (self->path, ".lock", NULL) : NULL;
  self->configuration_dn = g_strdup (settings->configuration_dn);
  self->timeout_ms = settings->operation_timeout_ms != 0 ? settings->operation_timeout_ms
                                                         : DEFAULT_OPERATION_TIMEOUT_MS;
  return CASARRAY_BACKEND (self);
}
