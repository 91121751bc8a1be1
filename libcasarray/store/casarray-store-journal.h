/* casarray-store-journal.h: the store's journal of changes since its
 * snapshot
 *
 * Private to libcasarray.  Next to a store file "org.ldif" (the
 * snapshot) lives "org.ldif.journal": the changes made since the snapshot
 * was written, as RFC 2849 change records, so that `ldapmodify -f
 * org.ldif.journal` replays them on a server loaded from the snapshot.
 * Each change (one backend call: an add, a modify, a rename with its name
 * change, a batch of modifies) is one "transaction": its records, then a
 * comment line
 *
 *   # end of change: 312 bytes, sha256 0f3a...
 *
 * giving the length and checksum of the records before it.  A transaction
 * is written with one write() and fsync'ed; one that was cut short (a
 * writer killed mid-append, a full disk) lacks its line or fails its
 * checksum, and it and anything after it are ignored (and cut off by the
 * next writer).  The first line names the snapshot the journal belongs to
 * (its generation and size): a journal of another snapshot (left by a
 * writer killed while compacting) is ignored.  See docs/embedded-store.md.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "casarray-store-index.h"

G_BEGIN_DECLS

/* The journal of the store file @path. */
char     *casarray_store_journal_path           (const char *path);

/* The first line of the journal of the snapshot of @generation, @size
 * bytes long. */
char     *casarray_store_journal_header         (guint64     generation,
                                                 goffset     snapshot_size);
/* The length of the header line at the start of @text (its line end
 * included), 0 when @text does not start with a complete header line;
 * *matches tells whether it names that snapshot. */
gsize     casarray_store_journal_parse_header   (const char *text,
                                                 gsize       length,
                                                 guint64     generation,
                                                 goffset     snapshot_size,
                                                 gboolean   *matches);

/* Change records, appended to @out. */
void      casarray_store_journal_write_modify   (GString     *out,
                                                 const char  *dn,
                                                 GPtrArray   *store_mods);
void      casarray_store_journal_write_delete   (GString     *out,
                                                 const char  *dn);
void      casarray_store_journal_write_rename   (GString     *out,
                                                 const char  *dn,
                                                 const char  *new_rdn);
/* Ends the transaction that is all of @out (its records since the last
 * seal at @start) with its length and checksum line. */
void      casarray_store_journal_seal           (GString     *out,
                                                 gsize        start);

/* Applies LDIF records (adds; changetype modify, delete, modrdn with
 * deleteoldrdn: 1) to @index as they are, without the model's rules:
 * what ldapmodify does to a server.  When @journal is not NULL, each
 * applied record is appended to it as the store would journal it (an add
 * with the GUID and uSNCreated it was given).  Errors name @source and
 * the line. */
gboolean  casarray_store_apply_ldif             (CasarrayStoreIndex *index,
                                                 const char         *text,
                                                 gsize               length,
                                                 const char         *source,
                                                 GString            *journal,
                                                 GError            **error);

/* Replays the complete transactions of @text (journal contents from a
 * transaction boundary) on @index, in order, and sets *consumed to the
 * bytes they took: the rest is a transaction in progress or torn, and is
 * ignored.  A transaction that is complete but does not apply is
 * CASARRAY_ERROR_INVALID_DATA (the index then holds part of it). */
gboolean  casarray_store_journal_replay         (CasarrayStoreIndex *index,
                                                 const char         *text,
                                                 gsize               length,
                                                 const char         *source,
                                                 gsize              *consumed,
                                                 GError            **error);

G_END_DECLS
