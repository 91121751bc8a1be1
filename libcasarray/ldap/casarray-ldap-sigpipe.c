/* casarray-ldap-sigpipe.c: SIGPIPE while libldap runs, and the session lock
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldap-private.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>

/* libldap writes to its socket with write(2), so a request sent on a
 * connection the server has closed raises SIGPIPE, whose default action
 * kills the process.  Ignoring SIGPIPE process-wide is the application's
 * decision, not a library's; instead the signal is blocked in this thread
 * while libldap runs, and one raised meanwhile is consumed before the mask
 * is restored (the technique libpq uses). */
void
casarray_ldap_sigpipe_guard_enter (CasarrayLdapSigpipeGuard *guard)
{
  sigset_t sigpipe_only, pending;

  sigemptyset (&sigpipe_only);
  sigaddset (&sigpipe_only, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &sigpipe_only, &guard->saved_mask);
  sigpending (&pending);
  guard->was_pending = sigismember (&pending, SIGPIPE);
}

void
casarray_ldap_sigpipe_guard_leave (CasarrayLdapSigpipeGuard *guard)
{
  sigset_t sigpipe_only, pending;
  const struct timespec no_wait = { 0, 0 };

  sigemptyset (&sigpipe_only);
  sigaddset (&sigpipe_only, SIGPIPE);
  sigpending (&pending);
  /* A SIGPIPE pending before we started is someone else's: leave it. */
  if (!guard->was_pending && sigismember (&pending, SIGPIPE))
    while (sigtimedwait (&sigpipe_only, NULL, &no_wait) < 0 && errno == EINTR)
      ;
  pthread_sigmask (SIG_SETMASK, &guard->saved_mask, NULL);
}

/* Everything done with the handle happens between
 * casarray_ldap_session_begin and casarray_ldap_session_end. */
void
casarray_ldap_session_begin (CasarrayLdapBackend      *self,
                             CasarrayLdapSigpipeGuard *guard)
{
  g_mutex_lock (&self->lock);
  casarray_ldap_sigpipe_guard_enter (guard);
}

void
casarray_ldap_session_end (CasarrayLdapBackend      *self,
                           CasarrayLdapSigpipeGuard *guard)
{
  casarray_ldap_sigpipe_guard_leave (guard);
  g_mutex_unlock (&self->lock);
}
