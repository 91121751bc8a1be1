/* casarray-store-file.h: the store's snapshot file: what identifies a
 * version of it, its header and trailer, reading it whole
 *
 * Private to libcasarray.  The snapshot is the LDIF file an administrator
 * sees (docs/embedded-store.md, "The file"); the changes made since it was
 * written are in its journal (casarray-store-journal.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <sys/stat.h>

#include <gio/gio.h>

#include "casarray-store-index.h"

G_BEGIN_DECLS

/* What identifies one version of a file: a rename gives a new inode, a
 * change in place new times or a new size. */
typedef struct {
  dev_t           dev;
  ino_t           ino;
  off_t           size;
  struct timespec mtime;
  struct timespec ctime;
} CasarrayStoreStamp;

void     casarray_store_stamp_from_stat  (CasarrayStoreStamp       *stamp,
                                          const struct stat        *st);
gboolean casarray_store_stamp_equal      (const CasarrayStoreStamp *a,
                                          const CasarrayStoreStamp *b);

/* A store is a regular file: a FIFO would block its reader, a device such
 * as /dev/zero never ends, and the rename of a write would replace it.
 * CASARRAY_ERROR_CONNECTION naming @path and what it is. */
gboolean casarray_store_check_regular_file (const char         *path,
                                            const struct stat  *st,
                                            GError            **error);

/* The generation in the first line of a snapshot, 0 for a file this
 * library did not write (an export, a hand-made file). */
guint64  casarray_store_parse_generation (const char *text,
                                          gsize       length);
guint64  casarray_store_read_generation  (int         fd);

/* Refuses a file that was cut short: one that does not end with a
 * complete line, or a snapshot whose first line promises a trailer and
 * that does not end with it.  *entries is set to the count the file
 * promises, or -1, and *last_line_number to the number of its last line. */
gboolean casarray_store_check_complete   (const char  *path,
                                          const char  *text,
                                          gsize        length,
                                          gint64      *entries,
                                          guint       *last_line_number,
                                          GError     **error);

/* Reads @fd from @offset to its end, NUL-terminated, its length in
 * *length; @expected is a size hint.  NULL with errno set on failure. */
char    *casarray_store_read_from        (int          fd,
                                          goffset      offset,
                                          gsize        expected,
                                          gsize       *length);

/* The snapshot of @index: header, entries, trailer. */
char    *casarray_store_render_snapshot  (CasarrayStoreIndex *index,
                                          guint64             generation,
                                          gsize              *length);

G_END_DECLS
