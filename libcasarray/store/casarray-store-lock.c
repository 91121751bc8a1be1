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

/* How often a waiting caller looks at its cancellable. */
#define CANCEL_CHECK_US (50 * G_TIME_SPAN_MILLISECOND)

/* One blocking wait, shared by the caller and the helper thread that
 * blocks in flock(); whichever lets go last frees it.  A caller that gives
 * up leaves the descriptor to the thread, which closes it (and so drops
 * the lock) as soon as it gets it. */
typedef struct {
  gint     refs;
  GMutex   mutex;
  GCond    cond;
  int      fd;
  gboolean done;       /* the thread returned from flock() */
  int      error;      /* its errno, 0 on success */
  gboolean abandoned;  /* the caller gave up */
} Wait;

static void
wait_unref (Wait *wait)
{
  if (!g_atomic_int_dec_and_test (&wait->refs))
    return;
  g_mutex_clear (&wait->mutex);
  g_cond_clear (&wait->cond);
  g_free (wait);
}

static gpointer
wait_thread (gpointer data)
{
  Wait *wait = data;
  int result;

  do
    result = flock (wait->fd, LOCK_EX);
  while (result != 0 && errno == EINTR);

  g_mutex_lock (&wait->mutex);
  wait->done = TRUE;
  wait->error = result == 0 ? 0 : errno;
  if (wait->abandoned)
    close (wait->fd);
  g_cond_signal (&wait->cond);
  g_mutex_unlock (&wait->mutex);
  wait_unref (wait);
  return NULL;
}

gboolean
casarray_store_lock_acquire (CasarrayStoreLock  *lock,
                             const char         *lock_path,
                             guint               timeout_ms,
                             GCancellable       *cancellable,
                             GError            **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  g_autoptr(GError) thread_error = NULL;
  GThread *thread;
  Wait *wait;
  int result;
  int saved;
  int fd;

  g_return_val_if_fail (lock->fd < 0, FALSE);

  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
                   "Cannot open the store lock file %s: %s", lock_path, g_strerror (saved));
      return FALSE;
    }
  /* the common case, uncontended: no thread */
  do
    result = flock (fd, LOCK_EX | LOCK_NB);
  while (result != 0 && errno == EINTR);
  if (result == 0)
    {
      lock->fd = fd;
      return TRUE;
    }
  if (errno != EWOULDBLOCK)
    {
      saved = errno;
      close (fd);
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
                   "Cannot lock the store lock file %s: %s", lock_path, g_strerror (saved));
      return FALSE;
    }

  wait = g_new0 (Wait, 1);
  wait->refs = 2;
  g_mutex_init (&wait->mutex);
  g_cond_init (&wait->cond);
  wait->fd = fd;
  thread = g_thread_try_new ("casarray-store-lock", wait_thread, wait, &thread_error);
  if (thread == NULL)
    {
      close (fd);
      wait->refs = 1;
      wait_unref (wait);
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
                   "Cannot wait for the store lock %s: %s", lock_path, thread_error->message);
      return FALSE;
    }
  g_thread_unref (thread);

  g_mutex_lock (&wait->mutex);
  while (!wait->done)
    {
      gint64 now = g_get_monotonic_time ();

      if (g_cancellable_is_cancelled (cancellable) || now >= deadline)
        break;
      g_cond_wait_until (&wait->cond, &wait->mutex, MIN (deadline, now + CANCEL_CHECK_US));
    }
  if (!wait->done)
    wait->abandoned = TRUE;
  g_mutex_unlock (&wait->mutex);

  if (wait->done && wait->error == 0)
    {
      lock->fd = fd;
      wait_unref (wait);
      return TRUE;
    }
  saved = wait->error;
  if (wait->done)
    close (fd);
  if (!g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      if (wait->done)
        g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
                     "Cannot lock the store lock file %s: %s", lock_path, g_strerror (saved));
      else
        g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_TIMEOUT,
                     "Another process has held the store lock %s for more than %u ms",
                     lock_path, timeout_ms);
    }
  wait_unref (wait);
  return FALSE;
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
