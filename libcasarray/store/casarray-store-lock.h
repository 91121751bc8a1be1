/* casarray-store-lock.h: the lock that serialises writers of one store file
 *
 * Private to libcasarray.  A store file "<path>" is guarded by a sidecar
 * "<path>.lock" on which writers take an exclusive flock(2) and readers a
 * shared one.  <path> is the store's real file, its symbolic links
 * resolved (casarray-store-backend.c), so that handles opened through a
 * link and on the target lock the same file.  flock locks belong to the open file description, so two
 * handles on one store in the same process exclude each other just as two
 * processes do (fcntl locks would not: they are per process, and closing
 * any descriptor of the file drops them all).  The kernel releases the
 * lock when its holder dies, even by SIGKILL.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  int fd;   /* -1: not held */
} CasarrayStoreLock;

#define CASARRAY_STORE_LOCK_INIT { -1 }

/* Takes the lock on @lock_path, waiting at most @timeout_ms (polling, so
 * that @cancellable is honoured).  An exclusive lock creates the lock file
 * (mode 0600; its folder must exist).  A shared lock on a lock file that
 * does not exist succeeds without holding anything: no writer has ever
 * written there, and readers never need to exclude each other.
 * Errors: CASARRAY_ERROR_TIMEOUT, CASARRAY_ERROR_CONNECTION (the lock file
 * cannot be opened), G_IO_ERROR_CANCELLED. */
gboolean casarray_store_lock_acquire (CasarrayStoreLock  *lock,
                                      const char         *lock_path,
                                      gboolean            exclusive,
                                      guint               timeout_ms,
                                      GCancellable       *cancellable,
                                      GError            **error);

/* Releases the lock if held.  Idempotent. */
void     casarray_store_lock_release (CasarrayStoreLock  *lock);

G_END_DECLS
