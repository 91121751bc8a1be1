/* casarray-ldap-reply.c: waiting for replies, and turning failures into errors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldap-private.h"

/* Sets @error from a failure libldap reported without a reply message
 * (the request could not be sent, or the connection broke); the handle
 * then holds the diagnostic.  Returns @ldap_code. */
int
casarray_ldap_fail_from_handle (LDAP            *ld,
                                CasarrayLdapOp   op,
                                int              ldap_code,
                                const char      *what,
                                GError         **error)
{
  char *diagnostic = NULL;

  ldap_get_option (ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic);
  g_propagate_error (error, casarray_ldap_error_new (op, ldap_code, diagnostic, what));
  ldap_memfree (diagnostic);
  return ldap_code;
}

/* The code of the last failure on @ld, for calls that return only -1. */
int
casarray_ldap_handle_result_code (LDAP *ld)
{
  int code = LDAP_SUCCESS;

  ldap_get_option (ld, LDAP_OPT_RESULT_CODE, &code);
  return code != LDAP_SUCCESS ? code : LDAP_SERVER_DOWN;
}

/* Reads the result code of the reply @result; sets @error unless it is
 * LDAP_SUCCESS or @tolerated.  @controls (nullable) receives the reply's
 * controls, to free with ldap_controls_free. */
int
casarray_ldap_check_result (LDAP             *ld,
                            LDAPMessage      *result,
                            CasarrayLdapOp    op,
                            const char       *what,
                            int               tolerated,
                            LDAPControl    ***controls,
                            GError          **error)
{
  int code = LDAP_OTHER;
  char *diagnostic = NULL;
  int rc;

  rc = ldap_parse_result (ld, result, &code, NULL, &diagnostic, NULL, controls, 0);
  if (rc != LDAP_SUCCESS)
    code = rc;
  if (code != LDAP_SUCCESS && code != tolerated)
    g_propagate_error (error, casarray_ldap_error_new (op, code, diagnostic, what));
  ldap_memfree (diagnostic);
  return code;
}

struct timeval
casarray_ldap_ms_to_timeval (guint ms)
{
  struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

  return tv;
}

/* Waits for the complete reply to @msgid (for a search: every entry and
 * the final result), checking @cancellable between slices.  Cancellation
 * and the operation timeout abandon the request. */
int
casarray_ldap_wait_for_result (CasarrayLdapBackend  *self,
                               LDAP                 *ld,
                               int                   msgid,
                               CasarrayLdapOp        op,
                               const char           *what,
                               GCancellable         *cancellable,
                               LDAPMessage         **result,
                               GError              **error)
{
  gint64 deadline = g_get_monotonic_time () +
                    (gint64) self->operation_timeout_ms * G_TIME_SPAN_MILLISECOND;

  return casarray_ldap_wait_for_message (self, ld, msgid, LDAP_MSG_ALL, op, what, deadline,
                                         cancellable, result, error);
}

/* As casarray_ldap_wait_for_result(), with ldap_result()'s @all
 * (LDAP_MSG_ONE: the next entry, reference or result of a search, so that
 * entries are read while the server is still sending) and a @deadline in
 * g_get_monotonic_time() microseconds, which a caller waiting for several
 * messages of one reply computes once. */
int
casarray_ldap_wait_for_message (CasarrayLdapBackend  *self,
                                LDAP                 *ld,
                                int                   msgid,
                                int                   all,
                                CasarrayLdapOp        op,
                                const char           *what,
                                gint64                deadline,
                                GCancellable         *cancellable,
                                LDAPMessage         **result,
                                GError              **error)
{
  for (;;)
    {
      struct timeval slice = { 0, WAIT_SLICE_US };
      LDAPMessage *message = NULL;
      int rc = ldap_result (ld, msgid, all, &slice, &message);

      if (rc > 0)
        {
          *result = message;
          return LDAP_SUCCESS;
        }
      if (rc < 0)
        return casarray_ldap_fail_from_handle (ld, op, casarray_ldap_handle_result_code (ld),
                                               what, error);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ldap_abandon_ext (ld, msgid, NULL, NULL);
          return LDAP_USER_CANCELLED;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          g_autofree char *diagnostic =
            g_strdup_printf ("no answer within %u ms", self->operation_timeout_ms);

          ldap_abandon_ext (ld, msgid, NULL, NULL);
          g_propagate_error (error, casarray_ldap_error_new (op, LDAP_TIMEOUT, diagnostic, what));
          return LDAP_TIMEOUT;
        }
    }
}
