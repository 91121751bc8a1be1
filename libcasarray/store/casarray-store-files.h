/* casarray-store-files.h: the store's memory kept in step with its files
 *
 * Private to libcasarray.  A store on disk is a snapshot (casarray-store-
 * file.h) and a journal of the changes since (casarray-store-journal.h).
 * This keeps an index equal to snapshot + journal: refresh() reads what
 * other processes wrote since the last call (the snapshot again only when
 * it was replaced, else only the journal's new transactions), commit()
 * makes the change records of a call durable (one fsync'ed append, and
 * now and then a compaction into a new snapshot).  refresh() needs no
 * lock, because the snapshot is replaced whole by a rename and the
 * journal only grows by sealed transactions; commit() needs the store's
 * exclusive lock.  Not thread-safe: the backend serialises its calls.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "casarray-store-file.h"
#include "casarray-store-index.h"

G_BEGIN_DECLS

/* The journal is compacted when it is longer than this, and than a
 * fraction of the snapshot. */
#define CASARRAY_STORE_COMPACT_MIN_BYTES (64 * 1024)

typedef struct {
  /* Settings */
  char               *path;               /* NULL: in memory */
  char               *journal_path;
  char               *configuration_dn;   /* of a new store; NULL: the default */
  goffset             compact_min_bytes;

  CasarrayStoreIndex *index;              /* NULL until first read */
  gboolean            on_disk;            /* the snapshot existed when last read */
  CasarrayStoreStamp  stamp;              /* of the snapshot when last read or written */
  guint64             generation;         /* of the snapshot when last read or written */
  mode_t              mode;               /* of the snapshot, kept when rewriting */
  gboolean            stale;              /* memory may differ from the files */
  gboolean            swept;              /* a killed writer's temporary files removed */

  /* The journal as far as the memory holds it. */
  dev_t               journal_dev;
  ino_t               journal_ino;        /* 0: none read */
  goffset             journal_offset;     /* bytes of it applied, header included */
  gboolean            journal_applied;    /* a transaction of it is in memory */
  gboolean            journal_foreign;    /* of another snapshot: ignored */

  /* The change records of the call in progress, committed at its end. */
  GString            *pending;
} CasarrayStoreFiles;

void     casarray_store_files_init    (CasarrayStoreFiles  *self,
                                       const char          *path,
                                       const char          *configuration_dn);
void     casarray_store_files_clear   (CasarrayStoreFiles  *self);
gboolean casarray_store_files_refresh (CasarrayStoreFiles  *self,
                                       GError             **error);
gboolean casarray_store_files_commit  (CasarrayStoreFiles  *self,
                                       GError             **error);
/* Writes the memory as a new snapshot and removes the journal (its
 * changes are in the snapshot); with the exclusive lock held. */
gboolean casarray_store_files_compact (CasarrayStoreFiles  *self,
                                       GError             **error);

G_END_DECLS
