/* tsan-gmutex-annotate.c: teach ThreadSanitizer about GLib's GMutex
 *
 * Not part of the build; a tool for running test-threads (or any test)
 * under ThreadSanitizer with Debian's uninstrumented GLib.  GMutex is a
 * futex inside libglib, which TSan cannot see, so without help it reports
 * every access made under a GMutex as a race.  Preloaded, this wraps
 * g_mutex_lock/_trylock/_unlock/_clear with TSan's mutex annotations
 * (the real GLib functions still do the locking):
 *
 *   meson setup build-net-tsan -Db_sanitize=thread -Db_lundef=false -Dintrospection=disabled
 *   ninja -C build-net-tsan tests/directory/test-threads
 *   cc -shared -fPIC -O1 -o tsan-gmutex.so tests/directory/tsan-gmutex-annotate.c \
 *      $(pkg-config --cflags glib-2.0) -ldl
 *   G_SLICE=always-malloc LD_PRELOAD=$PWD/tsan-gmutex.so LDAPNOINIT=1 \
 *      build-net-tsan/tests/directory/test-threads
 *
 * G_SLICE=always-malloc keeps GSlice from recycling memory between threads
 * behind TSan's back.  (Preload only this, not libtsan: the environment is
 * inherited by slapd, which must not load TSan.)  What TSan still reports
 * then are hand-overs synchronised inside uninstrumented GLib: a GTask's
 * data passed to its worker through GLib's thread pool queue, and objects
 * freed after a reference count dropped inside libglib.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <glib.h>
#include <sanitizer/tsan_interface.h>

typedef void (*VoidFunc) (GMutex *);
typedef gboolean (*BoolFunc) (GMutex *);

#define REAL(name, type) \
  static type real_##name; \
  if (real_##name == NULL) \
    real_##name = (type) dlsym (RTLD_NEXT, #name)

void
g_mutex_lock (GMutex *mutex)
{
  REAL (g_mutex_lock, VoidFunc);
  __tsan_mutex_pre_lock (mutex, 0);
  real_g_mutex_lock (mutex);
  __tsan_mutex_post_lock (mutex, 0, 0);
}

gboolean
g_mutex_trylock (GMutex *mutex)
{
  gboolean locked;
  REAL (g_mutex_trylock, BoolFunc);
  __tsan_mutex_pre_lock (mutex, __tsan_mutex_try_lock);
  locked = real_g_mutex_trylock (mutex);
  __tsan_mutex_post_lock (mutex,
                          __tsan_mutex_try_lock | (locked ? 0 : __tsan_mutex_try_lock_failed), 0);
  return locked;
}

void
g_mutex_unlock (GMutex *mutex)
{
  REAL (g_mutex_unlock, VoidFunc);
  __tsan_mutex_pre_unlock (mutex, 0);
  real_g_mutex_unlock (mutex);
  __tsan_mutex_post_unlock (mutex, 0);
}

void
g_mutex_clear (GMutex *mutex)
{
  REAL (g_mutex_clear, VoidFunc);
  __tsan_mutex_destroy (mutex, 0);
  real_g_mutex_clear (mutex);
}
