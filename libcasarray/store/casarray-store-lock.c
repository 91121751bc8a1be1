/* casarray-store-lock.c: the lock that serialises writers of one store file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-store-lock.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "casarray/casarray-error.h"

/* Polling interval bounds while another process holds the lock. */
#define FIRST_WAIT_US  200
#define LONGEST_WAIT_US 10000

gboolean
casarray_store_lock_acquire (CasarrayStoreLock  *lock,
                             const char         *lock_path,
                             gboolean            exclusive,
                             guint               timeout_ms,
                             GCancellable       *cancellable,
                             GError            **error)
{
  int operation = (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB;
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  gulong wait_us = FIRST_WAIT_US;
  int fd;

  g_return_val_if_fail (lock->fd < 0, FALSE);

  if (exclusive)
    fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  else
    fd = g_open (lock_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      if (!exclusive && saved == ENOENT)
        return TRUE;
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
                   "Cannot open the store lock file %s: %s", lock_path, g_strerror (saved));
      return FALSE;
    }

  while (flock (fd, operation) != 0)
    {
      int saved = errno;

      if (saved == EINTR)
        continue;
      if (saved != EWOULDBLOCK)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
                       "Cannot lock the store lock file %s: %s", lock_path, g_strerror (saved));
          close (fd);
          return FALSE;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return FALSE;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_TIMEOUT,
                       "Another process has held the store lock %s for more than %u ms",
                       lock_path, timeout_ms);
          close (fd);
          return FALSE;
        }
      g_usleep (wait_us);
      wait_us = MIN (wait_us * 2, LONGEST_WAIT_US);
    }

  lock->fd = fd;
  return TRUE;
}

void
casarray_store_lock_release (CasarrayStoreLock *lock)
{
  if (lock->fd < 0)
    return;
  /* Closing the only descriptor of the open file description unlocks. */
  close (lock->fd);
  lock->fd = -1;
}
