/* casarray-store-file.c: the store's snapshot file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-store-file.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "casarray/casarray-error.h"
#include "casarray-ldif-io.h"

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

gboolean
casarray_store_check_regular_file (const char         *path,
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


void
casarray_store_stamp_from_stat (CasarrayStoreStamp *stamp,
                 const struct stat *st)
{
  stamp->dev = st->st_dev;
  stamp->ino = st->st_ino;
  stamp->size = st->st_size;
  stamp->mtime = st->st_mtim;
  stamp->ctime = st->st_ctim;
}

gboolean
casarray_store_stamp_equal (const CasarrayStoreStamp *a,
                            const CasarrayStoreStamp *b)
{
  return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
         a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec &&
         a->ctime.tv_sec == b->ctime.tv_sec && a->ctime.tv_nsec == b->ctime.tv_nsec;
}

guint64
casarray_store_parse_generation (const char *text,
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

gboolean
casarray_store_check_complete (const char  *path,
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

guint64
casarray_store_read_generation (int fd)
{
  char head[128];
  gssize got;

  do
    got = pread (fd, head, sizeof head, 0);
  while (got < 0 && errno == EINTR);
  return got > 0 ? casarray_store_parse_generation (head, (gsize) got) : 0;
}

char *
casarray_store_read_from (int      fd,
                          goffset  offset,
                          gsize    expected,
                          gsize   *length)
{
  /* exactly the expected size (plus its NUL), not the next power of two a
   * GString would take: this buffer is as big as the store */
  gsize size = expected + 1;
  char *data = g_malloc (size);
  gsize used = 0;

  for (;;)
    {
      gssize got;

      if (used + 1 >= size)
        {
          size = size * 2 + 65536;
          data = g_realloc (data, size);
        }
      do
        got = pread (fd, data + used, size - 1 - used, offset + (goffset) used);
      while (got < 0 && errno == EINTR);
      if (got < 0)
        {
          int saved = errno;

          g_free (data);
          errno = saved;
          return NULL;
        }
      if (got == 0)
        break;
      used += (gsize) got;
    }
  data[used] = '\0';
  *length = used;
  return data;
}

char *
casarray_store_render_snapshot (CasarrayStoreIndex *index,
                                guint64             generation,
                                gsize              *length)
{
  GString *out = g_string_sized_new (64 * 1024);
  guint entries = casarray_store_index_get_size (index);
  g_autofree char *header = g_strdup_printf (HEADER_FORMAT, generation, entries);
  g_autofree char *trailer = g_strdup_printf (TRAILER_FORMAT, generation, entries);

  casarray_ldif_append_comment (out, header);
  casarray_ldif_append_value (out, "version", "1", 1, FALSE);
  g_string_append_c (out, '\n');
  casarray_store_index_write (index, out);
  /* last: a file without it was cut short (casarray_store_check_complete) */
  casarray_ldif_append_comment (out, trailer);
  *length = out->len;
  return g_string_free (out, FALSE);
}

/* Writes the memory to the file; with the exclusive lock held. */
