/* casarray-ldap-modify-many.c: pipelined modifies: a batch on one connection
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldap-private.h"

#include <string.h>

/* Modifies in flight at once. */
#define MAX_IN_FLIGHT 32

typedef struct {
  int   msgid;
  guint index;
} InFlight;

/* One pass over some of a modify_many batch. */
typedef struct {
  GPtrArray  *dns;
  GPtrArray  *mod_lists;
  GError    **errors;
  GArray     *in_flight;   /* of InFlight */
  GArray     *lost;        /* of guint: indices to retry on a new connection */
  gboolean    timed_out;   /* the server stopped answering */
} Batch;

/* Sends the modify of item @index; FALSE when the connection is gone. */
static gboolean
batch_send (Batch *batch,
            LDAP  *ld,
            guint  index)
{
  g_autoptr(GPtrArray) ldap_mods =
    casarray_ldap_mods_from_mods (g_ptr_array_index (batch->mod_lists, index), &batch->errors[index]);
  g_auto(CasarrayLdapWrite) data = { CASARRAY_LDAP_OP_MODIFY, g_ptr_array_index (batch->dns, index) };
  InFlight sent = { -1, index };
  int rc;

  if (ldap_mods == NULL)
    return TRUE;
  data.mods = (LDAPMod **) ldap_mods->pdata;
  rc = casarray_ldap_send_write (ld, &data, &sent.msgid);
  if (rc == LDAP_SUCCESS)
    {
      g_array_append_val (batch->in_flight, sent);
      return TRUE;
    }

  data.what = g_strdup_printf ("modifying %s", data.dn);
  casarray_ldap_fail_from_handle (ld, data.op, rc, data.what, &batch->errors[index]);
  if (!casarray_ldap_code_is_connection_lost (rc))
    return TRUE;
  g_array_append_val (batch->lost, index);
  return FALSE;
}

/* Records the reply @result in the error slot of the item it answers. */
static void
batch_receive (Batch       *batch,
               LDAP        *ld,
               LDAPMessage *result)
{
  int msgid = ldap_msgid (result);

  for (guint i = 0; i < batch->in_flight->len; i++)
    {
      InFlight *item = &g_array_index (batch->in_flight, InFlight, i);
      g_autofree char *what = NULL;

      if (item->msgid != msgid)
        continue;
      what = g_strdup_printf ("modifying %s",
                              (const char *) g_ptr_array_index (batch->dns, item->index));
      casarray_ldap_check_result (ld, result, CASARRAY_LDAP_OP_MODIFY, what, LDAP_SUCCESS, NULL,
                                  &batch->errors[item->index]);
      g_array_remove_index_fast (batch->in_flight, i);
      return;
    }
  /* Not ours (an unsolicited notification): the next call will tell. */
}

/* Ends every item in flight with a copy of @error; abandons them first
 * when @abandon (they may or may not have been applied). */
static void
batch_fail_in_flight (Batch        *batch,
                      LDAP         *ld,
                      const GError *error,
                      gboolean      abandon,
                      gboolean      retry)
{
  for (guint i = 0; i < batch->in_flight->len; i++)
    {
      const InFlight *item = &g_array_index (batch->in_flight, InFlight, i);

      if (abandon)
        ldap_abandon_ext (ld, item->msgid, NULL, NULL);
      g_clear_error (&batch->errors[item->index]);
      batch->errors[item->index] = g_error_copy (error);
      /* The request left, its answer did not come: the server may have
       * applied it.  Say so, so that callers never report it as unchanged. */
      if (strstr (error->message, "may have been applied") == NULL)
        g_prefix_error (&batch->errors[item->index], "No reply arrived; the modify may have been applied: ");
      if (retry)
        g_array_append_val (batch->lost, item->index);
    }
  g_array_set_size (batch->in_flight, 0);
}

/* Ends every item not sent yet, from @next on. */
static void
batch_fail_unsent (Batch        *batch,
                   GArray       *indices,
                   guint         next,
                   const GError *error,
                   gboolean      retry)
{
  for (guint n = next; n < indices->len; n++)
    {
      guint index = g_array_index (indices, guint, n);

      batch->errors[index] = g_error_copy (error);
      if (retry)
        g_array_append_val (batch->lost, index);
    }
}

/* Abandons what is in flight (it may or may not have been applied) and
 * marks the rest as never sent. */
static void
batch_cancel (Batch        *batch,
              LDAP         *ld,
              GArray       *indices,
              guint         next,
              GCancellable *cancellable)
{
  g_autoptr(GError) in_flight = NULL;
  g_autoptr(GError) unsent = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                  "Cancelled before the modify was sent");

  g_cancellable_set_error_if_cancelled (cancellable, &in_flight);
  g_prefix_error (&in_flight, "Cancelled while in flight; the modify may have been applied: ");
  batch_fail_in_flight (batch, ld, in_flight, TRUE, FALSE);
  batch_fail_unsent (batch, indices, next, unsent, FALSE);
}

/* Keeps up to MAX_IN_FLIGHT modifies of @indices on the wire and collects
 * their replies in whatever order they come.  Items whose outcome is
 * unknown because the connection broke land in batch->lost. */
static void
run_batch_locked (CasarrayLdapBackend *self,
                  Batch               *batch,
                  GArray              *indices,
                  GCancellable        *cancellable)
{
  LDAP *ld = self->ld;
  guint next = 0;
  gint64 deadline = 0;

  while (next < indices->len || batch->in_flight->len > 0)
    {
      struct timeval slice = { 0, WAIT_SLICE_US };
      g_autoptr(LDAPMessage) result = NULL;
      g_autoptr(GError) stop = NULL;
      int rc;

      if (g_cancellable_is_cancelled (cancellable))
        {
          batch_cancel (batch, ld, indices, next, cancellable);
          return;
        }

      while (next < indices->len && batch->in_flight->len < MAX_IN_FLIGHT)
        if (!batch_send (batch, ld, g_array_index (indices, guint, next++)))
          {
            /* Connection gone: everything not sent is retried as well. */
            g_autoptr(GError) lost = g_error_copy (batch->errors[g_array_index (indices, guint, next - 1)]);

            batch_fail_unsent (batch, indices, next, lost, TRUE);
            next = indices->len;
          }
      if (batch->in_flight->len == 0)
        continue;
      if (deadline == 0)
        deadline = g_get_monotonic_time () +
                   (gint64) self->operation_timeout_ms * G_TIME_SPAN_MILLISECOND;

      rc = ldap_result (ld, LDAP_RES_ANY, LDAP_MSG_ALL, &slice, &result);
      if (rc > 0)
        {
          batch_receive (batch, ld, result);
          deadline = 0;   /* progress: the timeout starts over */
          continue;
        }

      if (rc < 0)
        {
          /* The handle is unusable whatever the code: what was in flight
           * has an unknown outcome, and is retried on a new connection. */
          casarray_ldap_fail_from_handle (ld, CASARRAY_LDAP_OP_MODIFY,
                                          casarray_ldap_handle_result_code (ld),
                                          "waiting for modify replies", &stop);
          batch_fail_in_flight (batch, ld, stop, FALSE, TRUE);
          batch_fail_unsent (batch, indices, next, stop, TRUE);
          return;
        }

      if (g_get_monotonic_time () >= deadline)
        {
          g_autofree char *diagnostic =
            g_strdup_printf ("no answer within %u ms", self->operation_timeout_ms);

          stop = casarray_ldap_error_new (CASARRAY_LDAP_OP_MODIFY, LDAP_TIMEOUT, diagnostic,
                                          "waiting for modify replies");
          batch_fail_in_flight (batch, ld, stop, TRUE, FALSE);
          batch_fail_unsent (batch, indices, next, stop, FALSE);
          batch->timed_out = TRUE;
          return;
        }
    }
}

static GArray *
all_indices (guint n)
{
  GArray *indices = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);

  for (guint i = 0; i < n; i++)
    g_array_append_val (indices, i);
  return indices;
}

/* Runs the batch, then once more on a new connection for the items whose
 * connection broke (safe for the reasons given at run_operation_locked in
 * casarray-ldap-connection.c). */
static gboolean
modify_many_locked (CasarrayLdapBackend  *self,
                    Batch                *batch,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr(GArray) indices = all_indices (batch->dns->len);
  g_autoptr(GError) reconnect_error = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !casarray_ldap_ensure_connected_locked (self, cancellable, error))
    return FALSE;

  run_batch_locked (self, batch, indices, cancellable);
  /* as for one request (casarray-ldap-connection.c): a silent server does
   * not keep the connection, the next call connects again */
  if (batch->timed_out)
    casarray_ldap_drop_connection_locked (self);
  if (batch->lost->len == 0)
    return TRUE;

  g_debug ("Connection to %s lost during %u modifies; reconnecting once",
           self->server, batch->lost->len);
  casarray_ldap_drop_connection_locked (self);
  if (!casarray_ldap_ensure_connected_locked (self, cancellable, &reconnect_error))
    return TRUE;   /* the lost items keep their connection errors */

  g_array_set_size (indices, 0);
  g_array_append_vals (indices, batch->lost->data, batch->lost->len);
  g_array_set_size (batch->lost, 0);
  for (guint n = 0; n < indices->len; n++)
    g_clear_error (&batch->errors[g_array_index (indices, guint, n)]);

  run_batch_locked (self, batch, indices, cancellable);
  if (batch->lost->len > 0 || batch->timed_out)
    casarray_ldap_drop_connection_locked (self);
  return TRUE;
}

gboolean
casarray_ldap_backend_modify_many (CasarrayBackend  *backend,
                                   GPtrArray        *dns,
                                   GPtrArray        *mod_lists,
                                   GError          **errors,
                                   GCancellable     *cancellable,
                                   GError          **error)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  g_autoptr(GArray) in_flight = g_array_new (FALSE, FALSE, sizeof (InFlight));
  g_autoptr(GArray) lost = g_array_new (FALSE, FALSE, sizeof (guint));
  Batch batch = { dns, mod_lists, errors, in_flight, lost };
  CasarrayLdapSigpipeGuard guard;
  gboolean ok;

  g_return_val_if_fail (dns->len == mod_lists->len, FALSE);

  casarray_ldap_session_begin (self, &guard);
  ok = modify_many_locked (self, &batch, cancellable, error);
  casarray_ldap_session_end (self, &guard);
  return ok;
}
