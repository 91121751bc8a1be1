/* casarray-store-lock.h: the lock that serialises writers of one store file
 *
 * Private to libcasarray.  A store file "<path>" is guarded by a sidecar
 * "<path>.lock" on which writers take an exclusive flock(2); readers take
 * no lock (casarray-store-files.h says why they need none).  <path> is
 * the store's real file, its symbolic links resolved
 * (casarray-store-backend.c), so that handles opened through a link and
 * on the target lock the same file.  flock locks belong to the open file
 * description, so two handles on one store in the same process exclude
 * each other just as two processes do (fcntl locks would not: they are
 * per process, and closing any descriptor of the file drops them all).
 * The kernel releases the lock when its holder dies, even by SIGKILL.
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

/* Takes the exclusive lock on @lock_path (created, mode 0600; its folder
 * must exist), waiting at most @timeout_ms.  The wait is a blocking
 * flock() in a helper thread, not polling: the kernel hands the lock to a
 * waiter the moment it is released, so writers queue instead of racing
 * for it between naps, while this thread can still give up at the
 * deadline or on @cancellable.
 * Errors: CASARRAY_ERROR_TIMEOUT, CASARRAY_ERROR_CONNECTION (the lock file
 * cannot be opened or locked), G_IO_ERROR_CANCELLED. */
gboolean casarray_store_lock_acquire (CasarrayStoreLock  *lock,
                                      const char         *lock_path,
                                      guint               timeout_ms,
                                      GCancellable       *cancellable,
                                      GError            **error);

/* Releases the lock if held.  Idempotent. */
void     casarray_store_lock_release (CasarrayStoreLock  *lock);

G_END_DECLS
