/* casarray-ldap-private.h: what the files of the LDAP backend share
 *
 * Private to libcasarray/ldap/.  The backend object (its fields, below)
 * is one struct; each file does one job with it:
 *
 *   casarray-ldap-backend.c      the object: construction, the vtable
 *   casarray-ldap-sigpipe.c      SIGPIPE around libldap; the session lock
 *   casarray-ldap-reply.c        waiting for replies, turning them into errors
 *   casarray-ldap-tls-timeout.c  bounding the TLS handshake (a sockbuf layer)
 *   casarray-ldap-connection.c   connecting (failing over along the list of
 *                                URIs), reconnecting and retrying once
 *   casarray-ldap-password.c     CasarrayLdapPassword: a file or a function
 *   casarray-ldap-bind.c         simple, SASL EXTERNAL and SASL GSSAPI binds
 *   casarray-ldap-entry.c        LDAP messages as CasarrayEntry
 *   casarray-ldap-search.c       paged searches
 *   casarray-ldap-rootdse.c      finding the configuration naming context
 *   casarray-ldap-write.c        add, modify, delete, rename
 *   casarray-ldap-modify-many.c  pipelined modifies
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <signal.h>
#include <sys/time.h>

#include <ldap.h>

#include "casarray-ldap-backend.h"
#include "casarray-ldap-error.h"

G_BEGIN_DECLS

#define DEFAULT_NETWORK_TIMEOUT_MS   6000
#define DEFAULT_OPERATION_TIMEOUT_MS 8000
/* How long one ldap_result() call may block before the cancellable and
 * the deadline are looked at again. */
#define WAIT_SLICE_US                100000

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LDAPMessage, ldap_msgfree)

/* The clock of a TLS handshake; see casarray-ldap-tls-timeout.c. */
typedef struct {
  guint         timeout_ms;   /* the network timeout */
  gint64        deadline;     /* monotonic time; 0 when disarmed */
  GCancellable *cancellable;  /* borrowed while connecting, else NULL */
  gboolean      timed_out;    /* the last handshake ran out of time */
  gboolean      cancelled;    /* the last handshake was cancelled */
} CasarrayLdapHandshakeClock;

struct _CasarrayLdapBackend
{
  GObject parent_instance;

  /* Settings, copied at construction and never changed: the backend
   * holds no pointer to the CasarrayDirectory that made it, only these
   * copies and a reference to the password source. */
  char                       *uri;       /* as given: one URI or a list */
  char                      **uris;      /* the list, in the order tried */
  char                       *bind_dn;
  CasarrayLdapPassword       *password;
  char                       *sasl_mechanism;
  char                       *sasl_authz_id;
  gboolean                    start_tls;
  char                       *tls_ca_file;
  gboolean                    tls_verify;
  guint                       network_timeout_ms;
  guint                       operation_timeout_ms;
  char                       *configuration_dn;

  /* Held for the whole of every operation; guards @ld, @server and
   * @handshake. */
  GMutex                      lock;
  /* NULL until connected, and again once the connection is lost. */
  LDAP                       *ld;
  /* The element of @uris being connected to, or that @ld is connected
   * to, for messages; NULL before the first connect. */
  const char                 *server;
  /* Shared by the handshakes of every handle this backend makes: there is
   * at most one handle at a time, and the backend outlives it. */
  CasarrayLdapHandshakeClock  handshake;

  /* What readers may ask without waiting behind an operation (which
   * holds @lock up to its timeouts): copies, under a lock of their own,
   * made when a bind succeeds. */
  GMutex                      status_lock;
  /* Who a SASL bind authenticated as (GSSAPI: the ticket's principal). */
  char                       *sasl_user;
  /* The URI of the server of the last successful bind; kept when that
   * connection is lost, NULL before the first. */
  char                       *connected_uri;
};

/* An operation run on a connected handle.  Returns LDAP_SUCCESS, or the
 * LDAP result code that made it fail with @error set (LDAP_USER_CANCELLED
 * when cancelled, LDAP_PARAM_ERROR for a bad argument). */
typedef int (*CasarrayLdapOperation) (CasarrayLdapBackend  *self,
                                      LDAP                 *ld,
                                      gpointer              data,
                                      GCancellable         *cancellable,
                                      GError              **error);

/* casarray-ldap-sigpipe.c */
typedef struct {
  sigset_t saved_mask;
  gboolean was_pending;
} CasarrayLdapSigpipeGuard;

void            casarray_ldap_sigpipe_guard_enter     (CasarrayLdapSigpipeGuard  *guard);
void            casarray_ldap_sigpipe_guard_leave     (CasarrayLdapSigpipeGuard  *guard);
void            casarray_ldap_session_begin           (CasarrayLdapBackend       *self,
                                                       CasarrayLdapSigpipeGuard  *guard);
void            casarray_ldap_session_end             (CasarrayLdapBackend       *self,
                                                       CasarrayLdapSigpipeGuard  *guard);

/* casarray-ldap-reply.c */
int             casarray_ldap_fail_from_handle        (LDAP                      *ld,
                                                       CasarrayLdapOp             op,
                                                       int                        ldap_code,
                                                       const char                *what,
                                                       GError                   **error);
int             casarray_ldap_handle_result_code      (LDAP                      *ld);
int             casarray_ldap_check_result            (LDAP                      *ld,
                                                       LDAPMessage               *result,
                                                       CasarrayLdapOp             op,
                                                       const char                *what,
                                                       int                        tolerated,
                                                       LDAPControl             ***controls,
                                                       GError                   **error);
struct timeval  casarray_ldap_ms_to_timeval           (guint                      ms);
int             casarray_ldap_wait_for_result         (CasarrayLdapBackend       *self,
                                                       LDAP                      *ld,
                                                       int                        msgid,
                                                       CasarrayLdapOp             op,
                                                       const char                *what,
                                                       GCancellable              *cancellable,
                                                       LDAPMessage              **result,
                                                       GError                   **error);
int             casarray_ldap_wait_for_message        (CasarrayLdapBackend       *self,
                                                       LDAP                      *ld,
                                                       int                        msgid,
                                                       int                        all,
                                                       CasarrayLdapOp             op,
                                                       const char                *what,
                                                       gint64                     deadline,
                                                       GCancellable              *cancellable,
                                                       LDAPMessage              **result,
                                                       GError                   **error);

/* casarray-ldap-tls-timeout.c */
void            casarray_ldap_handshake_clock_reset   (CasarrayLdapHandshakeClock *clock,
                                                       GCancellable               *cancellable);
void            casarray_ldap_handshake_clock_disarm  (CasarrayLdapHandshakeClock *clock);
void            casarray_ldap_handshake_started       (LDAP                       *ld,
                                                       void                       *session,
                                                       void                       *context,
                                                       void                       *arg);

/* casarray-ldap-connection.c */
gboolean        casarray_ldap_uri_has_scheme          (const char                *uri,
                                                       const char                *scheme);
char          **casarray_ldap_split_uris              (const char                *uri);
gboolean        casarray_ldap_uses_tls                (CasarrayLdapBackend       *self);
gboolean        casarray_ldap_set_option              (LDAP                      *ld,
                                                       int                        option,
                                                       const void                *value,
                                                       const char                *description,
                                                       GError                   **error);
gboolean        casarray_ldap_ensure_connected_locked (CasarrayLdapBackend       *self,
                                                       GCancellable              *cancellable,
                                                       GError                   **error);
void            casarray_ldap_drop_connection_locked  (CasarrayLdapBackend       *self);
gboolean        casarray_ldap_run_operation           (CasarrayLdapBackend       *self,
                                                       CasarrayLdapOperation      operation,
                                                       gpointer                   data,
                                                       GCancellable              *cancellable,
                                                       GError                   **error);

/* casarray-ldap-bind.c */
int             casarray_ldap_bind_handle             (CasarrayLdapBackend       *self,
                                                       LDAP                      *ld,
                                                       GCancellable              *cancellable,
                                                       GError                   **error);

/* casarray-ldap-entry.c */
CasarrayEntry  *casarray_ldap_entry_from_message      (LDAP                      *ld,
                                                       LDAPMessage               *message);

/* casarray-ldap-search.c */
GPtrArray      *casarray_ldap_run_search              (CasarrayLdapBackend       *self,
                                                       const char                *base,
                                                       int                        scope,
                                                       const char                *filter,
                                                       const char * const        *attributes,
                                                       int                        size_limit,
                                                       GCancellable              *cancellable,
                                                       GError                   **error);

/* casarray-ldap-write.c: one write request, how to send it and how to
 * describe it in errors. */
typedef struct {
  CasarrayLdapOp  op;
  const char     *dn;
  LDAPMod       **mods;       /* add, modify */
  const char     *new_rdn;    /* rename */
  char           *what;
} CasarrayLdapWrite;

static inline void
casarray_ldap_write_clear (CasarrayLdapWrite *data)
{
  g_clear_pointer (&data->what, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CasarrayLdapWrite, casarray_ldap_write_clear)

int             casarray_ldap_send_write              (LDAP                      *ld,
                                                       const CasarrayLdapWrite   *data,
                                                       int                       *msgid);
GPtrArray      *casarray_ldap_mods_from_mods          (GPtrArray                 *mods,
                                                       GError                   **error);

/* The CasarrayBackend methods, each defined in the file of its job. */
char           *casarray_ldap_backend_find_configuration_dn (CasarrayBackend      *backend,
                                                             GCancellable         *cancellable,
                                                             GError              **error);
GPtrArray      *casarray_ldap_backend_search          (CasarrayBackend           *backend,
                                                       const CasarrayQuery       *query,
                                                       GCancellable              *cancellable,
                                                       GError                   **error);
gboolean        casarray_ldap_backend_add             (CasarrayBackend           *backend,
                                                       const CasarrayEntry       *entry,
                                                       GCancellable              *cancellable,
                                                       GError                   **error);
gboolean        casarray_ldap_backend_modify          (CasarrayBackend           *backend,
                                                       const char                *dn,
                                                       GPtrArray                 *mods,
                                                       GCancellable              *cancellable,
                                                       GError                   **error);
gboolean        casarray_ldap_backend_remove          (CasarrayBackend           *backend,
                                                       const char                *dn,
                                                       GCancellable              *cancellable,
                                                       GError                   **error);
gboolean        casarray_ldap_backend_rename          (CasarrayBackend           *backend,
                                                       const char                *dn,
                                                       const char                *new_rdn,
                                                       GCancellable              *cancellable,
                                                       GError                   **error);
char           *casarray_ldap_backend_dup_connected_uri (CasarrayBackend         *backend);
gboolean        casarray_ldap_backend_modify_many     (CasarrayBackend           *backend,
                                                       GPtrArray                 *dns,
                                                       GPtrArray                 *mod_lists,
                                                       GError                   **errors,
                                                       GCancellable              *cancellable,
                                                       GError                   **error);

G_END_DECLS
