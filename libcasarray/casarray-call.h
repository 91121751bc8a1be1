/* casarray-call.h: the one runner behind every _sync, _async and _finish
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An operation is a CasarrayCall descriptor: its name, whether it writes,
 * which arguments it cannot do without, and a run function that calls its
 * casarray_op_*() on the connected context.  Its public _sync, _async and
 * _finish (casarray-directory-reads.c, -writes.c, -provisioning.c,
 * -servers.c) are stamped by CASARRAY_CALL_DEFINE() below: they put their
 * arguments in a CasarrayCallArgs and hand it to casarray_call_sync(),
 * _async() and _finish().  Adding an operation is one descriptor, one
 * CASARRAY_CALL_DEFINE() line under the three doc comments, and one
 * casarray_op_*().
 *
 * The runner keeps, for all operations alike:
 *  - the argument checks (g_return_val_if_fail style: a programming error,
 *    not a GError);
 *  - connecting on first use (casarray_directory_get_context());
 *  - the async form: the same run function in a GTask worker thread, so
 *    both forms behave identically, with the descriptor as source tag;
 *  - the write-cancellation rule: a task that writes does not re-check the
 *    cancellable when it finishes (g_task_set_check_cancellable (task,
 *    FALSE)), so a write that completed reports its result even if it was
 *    cancelled too late to stop it, and is never applied yet reported as
 *    cancelled.  Reads keep GTask's default: cancelled means no result,
 *    whatever the worker got.
 */
#pragma once

#include <casarray/casarray.h>

#include "operations/casarray-context.h"

G_BEGIN_DECLS

/* The arguments of one call.  The _sync and _async wrappers fill it with
 * borrowed pointers; the async form copies it for the worker thread. */
typedef struct {
  const char *identity;   /* -Identity, or the -Name of a New- */
  const char *server;     /* New-MailboxDatabase -Server; the new endpoint
                           * of set_rpc_client_access_server */
  const char *fqdn;       /* New-ClientAccessArray */
  const char *site;       /* New-ClientAccessArray */
  gpointer    object;     /* a CasarrayFilter, a change set or the database
                           * of set_rpc_client_access_server; may be NULL */
  GPtrArray  *findings;   /* repair */
  guint       roles;      /* CasarrayServerRole */
  guint       choice;     /* CasarrayRemovalPolicy or CasarrayWriteFlags */
} CasarrayCallArgs;

/* Which fields of CasarrayCallArgs a call cannot do without. */
typedef enum {
  CASARRAY_CALL_NEEDS_IDENTITY = 1 << 0,
  CASARRAY_CALL_NEEDS_SERVER   = 1 << 1,
  CASARRAY_CALL_NEEDS_FQDN     = 1 << 2,
  CASARRAY_CALL_NEEDS_OBJECT   = 1 << 3,
} CasarrayCallNeeds;

/* What the run function of a call that returns a gboolean returns on
 * success (NULL, with @error set, on failure). */
#define CASARRAY_CALL_DONE GINT_TO_POINTER (1)

typedef gpointer (*CasarrayCallRun) (CasarrayContext        *context,
                                     const CasarrayCallArgs *args,
                                     GCancellable           *cancellable,
                                     GError                **error);

typedef struct {
  const char        *name;         /* for the critical of a missing argument */
  gboolean           writes;       /* see the write-cancellation rule */
  CasarrayCallNeeds  needs;
  GType            (*object_type) (void);  /* what args->object is, when given */
  CasarrayCallRun    run;
  GDestroyNotify     result_free;  /* NULL for CASARRAY_CALL_DONE */
  /* TRUE when the call must run on the handle's creation point (one array
   * per site across replicas: casarray-directory-servers.c); NULL: never */
  gboolean         (*at_creation_point) (const CasarrayCallArgs *args);
} CasarrayCall;

/* The result of @call (CASARRAY_CALL_DONE for a gboolean call), or NULL
 * with @error set. */
gpointer casarray_call_sync   (const CasarrayCall      *call,
                               CasarrayDirectory       *directory,
                               const CasarrayCallArgs  *args,
                               GCancellable            *cancellable,
                               GError                 **error);

void     casarray_call_async  (const CasarrayCall      *call,
                               CasarrayDirectory       *directory,
                               const CasarrayCallArgs  *args,
                               GCancellable            *cancellable,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data);

gpointer casarray_call_finish (const CasarrayCall      *call,
                               CasarrayDirectory       *directory,
                               GAsyncResult            *result,
                               GError                 **error);

/* For the run functions of the Get- calls: fails with
 * CASARRAY_ERROR_INVALID_ARGUMENT when @filter (may be NULL) filters by a
 * server the call does not take (@takes_server FALSE), by a site
 * (@takes_site FALSE), or sets flags the call does not take. */
gboolean casarray_call_check_filter (const char     *name,
                                    gpointer        filter,
                                    gboolean        takes_server,
                                    gboolean        takes_site,
                                    guint           takes_flags,
                                    GError        **error);

/* CASARRAY_CALL_DEFINE (op, Type, RESULT, (PARAMS), INIT...) defines the
 * public casarray_directory_<op>_sync(), _async() and _finish() (declared
 * in <casarray/casarray-directory.h>, documented where the macro is used)
 * around the descriptor <op>_call:
 *
 *   Type casarray_directory_<op>_sync (CasarrayDirectory *self, PARAMS,
 *                                      GCancellable *cancellable, GError **error);
 *   void casarray_directory_<op>_async (CasarrayDirectory *self, PARAMS,
 *                                       GCancellable *cancellable,
 *                                       GAsyncReadyCallback callback, gpointer user_data);
 *   Type casarray_directory_<op>_finish (CasarrayDirectory *self,
 *                                        GAsyncResult *result, GError **error);
 *
 * PARAMS, in parentheses, are the operation's own parameters; INIT are the
 * designated initialisers of the CasarrayCallArgs made of them
 * (".identity = name, .object = settings").  RESULT says how the runner's
 * gpointer becomes Type: POINTER (the result itself) or BOOLEAN (%TRUE for
 * CASARRAY_CALL_DONE, %FALSE for NULL).  The wrappers are all alike by
 * design, so they are written once here; what differs between operations
 * is in the descriptor and its run function.
 *
 * CASARRAY_CALL_DEFINE_NO_ARGS (op, Type, RESULT) is the same for an
 * operation without parameters of its own. */
#define CASARRAY_CALL_RESULT_POINTER(Type, result) ((Type) (result))
#define CASARRAY_CALL_RESULT_BOOLEAN(Type, result) ((result) != NULL)
#define CASARRAY_CALL_UNPARENTHESIZE(...) __VA_ARGS__

#define CASARRAY_CALL_DEFINE_FINISH(op, Type, RESULT) \
  Type \
  casarray_directory_##op##_finish (CasarrayDirectory *self, GAsyncResult *result, GError **error) \
  { \
    return CASARRAY_CALL_RESULT_##RESULT (Type, casarray_call_finish (&op##_call, self, result, error)); \
  }

#define CASARRAY_CALL_DEFINE(op, Type, RESULT, PARAMS, ...) \
  Type \
  casarray_directory_##op##_sync (CasarrayDirectory *self, CASARRAY_CALL_UNPARENTHESIZE PARAMS, \
                                  GCancellable *cancellable, GError **error) \
  { \
    CasarrayCallArgs args = { __VA_ARGS__ }; \
    return CASARRAY_CALL_RESULT_##RESULT (Type, casarray_call_sync (&op##_call, self, &args, cancellable, error)); \
  } \
  void \
  casarray_directory_##op##_async (CasarrayDirectory *self, CASARRAY_CALL_UNPARENTHESIZE PARAMS, \
                                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data) \
  { \
    CasarrayCallArgs args = { __VA_ARGS__ }; \
    casarray_call_async (&op##_call, self, &args, cancellable, callback, user_data); \
  } \
  CASARRAY_CALL_DEFINE_FINISH (op, Type, RESULT)

#define CASARRAY_CALL_DEFINE_NO_ARGS(op, Type, RESULT) \
  Type \
  casarray_directory_##op##_sync (CasarrayDirectory *self, GCancellable *cancellable, GError **error) \
  { \
    CasarrayCallArgs args = { 0 }; \
    return CASARRAY_CALL_RESULT_##RESULT (Type, casarray_call_sync (&op##_call, self, &args, cancellable, error)); \
  } \
  void \
  casarray_directory_##op##_async (CasarrayDirectory *self, GCancellable *cancellable, \
                                   GAsyncReadyCallback callback, gpointer user_data) \
  { \
    CasarrayCallArgs args = { 0 }; \
    casarray_call_async (&op##_call, self, &args, cancellable, callback, user_data); \
  } \
  CASARRAY_CALL_DEFINE_FINISH (op, Type, RESULT)

G_END_DECLS
