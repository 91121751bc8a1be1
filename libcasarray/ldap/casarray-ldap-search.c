/* casarray-ldap-search.c: paged searches, and the backend's search method
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldap-private.h"

#include "casarray/casarray-error.h"
#include "backend/casarray-syntax.h"
#include "casarray-ldap-filter.h"

/* RFC 2696 page size; AD never returns more than 1,000 per page anyway. */
#define PAGE_SIZE 1000

typedef struct {
  const char  *base;
  int          scope;
  const char  *filter;
  char       **attributes;
  int          size_limit;  /* 0: no limit, and results are paged */
  GPtrArray   *entries;     /* of CasarrayEntry, filled by search_operation */
} SearchData;

static void
collect_entries (LDAP        *ld,
                 LDAPMessage *result,
                 GPtrArray   *entries)
{
  /* Search references are skipped: referrals are not chased. */
  for (LDAPMessage *message = ldap_first_message (ld, result);
       message != NULL;
       message = ldap_next_message (ld, message))
    if (ldap_msgtype (message) == LDAP_RES_SEARCH_ENTRY)
      g_ptr_array_add (entries, casarray_ldap_entry_from_message (ld, message));
}

/* Replaces @cookie by the one in the paged-results response control, or
 * empties it when the server has no more pages (or does not page). */
static void
take_page_cookie (LDAP           *ld,
                  LDAPControl   **controls,
                  struct berval  *cookie)
{
  LDAPControl *control = ldap_control_find (LDAP_CONTROL_PAGEDRESULTS, controls, NULL);
  ber_int_t estimate = 0;

  ber_memfree (cookie->bv_val);
  cookie->bv_val = NULL;
  cookie->bv_len = 0;
  if (control == NULL)
    return;
  if (ldap_parse_pageresponse_control (ld, control, &estimate, cookie) != LDAP_SUCCESS)
    {
      cookie->bv_val = NULL;
      cookie->bv_len = 0;
    }
}

/* One request and its complete reply; with @cookie non-NULL the request
 * carries the paged-results control and @cookie is updated for the next
 * page. */
static int
search_page (CasarrayLdapBackend  *self,
             LDAP                 *ld,
             SearchData           *data,
             struct berval        *cookie,
             const char           *what,
             GCancellable         *cancellable,
             GError              **error)
{
  LDAPControl *page_control = NULL;
  LDAPControl *request_controls[2] = { NULL, NULL };
  LDAPControl **response_controls = NULL;
  g_autoptr(LDAPMessage) result = NULL;
  struct timeval time_limit = casarray_ldap_ms_to_timeval (self->operation_timeout_ms);
  gint64 deadline;
  int msgid = -1;
  int rc;

  /* Pages may come back faster than a wait slice: look between pages. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return LDAP_USER_CANCELLED;

  if (cookie != NULL)
    {
      /* Not critical: a server that cannot page returns everything. */
      rc = ldap_create_page_control (ld, PAGE_SIZE, cookie, 0, &page_control);
      if (rc != LDAP_SUCCESS)
        return casarray_ldap_fail_from_handle (ld, CASARRAY_LDAP_OP_SEARCH, rc, what, error);
      request_controls[0] = page_control;
    }

  rc = ldap_search_ext (ld, data->base, data->scope, data->filter, data->attributes,
                        0, request_controls, NULL, &time_limit, data->size_limit,
                        &msgid);
  ldap_control_free (page_control);
  if (rc != LDAP_SUCCESS)
    return casarray_ldap_fail_from_handle (ld, CASARRAY_LDAP_OP_SEARCH, rc, what, error);

  /* Entries one by one as they arrive: each is converted (and its
   * message freed) while the server is still sending the rest of the
   * page, instead of after it. */
  deadline = g_get_monotonic_time () + (gint64) self->operation_timeout_ms * G_TIME_SPAN_MILLISECOND;
  for (;;)
    {
      LDAPMessage *message = NULL;

      rc = casarray_ldap_wait_for_message (self, ld, msgid, LDAP_MSG_ONE, CASARRAY_LDAP_OP_SEARCH,
                                           what, deadline, cancellable, &message, error);
      if (rc != LDAP_SUCCESS)
        return rc;
      if (ldap_msgtype (message) == LDAP_RES_SEARCH_RESULT)
        {
          result = message;
          break;
        }
      collect_entries (ld, message, data->entries);
      ldap_msgfree (message);
    }
  /* With a size limit of our own, hitting it is what we asked for. */
  rc = casarray_ldap_check_result (ld, result, CASARRAY_LDAP_OP_SEARCH, what,
                                   data->size_limit > 0 ? LDAP_SIZELIMIT_EXCEEDED : LDAP_SUCCESS,
                                   &response_controls, error);
  if (rc == LDAP_SUCCESS && cookie != NULL)
    take_page_cookie (ld, response_controls, cookie);
  ldap_controls_free (response_controls);

  return rc == LDAP_SIZELIMIT_EXCEEDED && data->size_limit > 0 ? LDAP_SUCCESS : rc;
}

static int
search_operation (CasarrayLdapBackend  *self,
                  LDAP                 *ld,
                  gpointer              user_data,
                  GCancellable         *cancellable,
                  GError              **error)
{
  SearchData *data = user_data;
  gboolean paged = data->size_limit == 0 && data->scope != LDAP_SCOPE_BASE;
  struct berval cookie = { 0, NULL };
  g_autofree char *what = g_strdup_printf ("searching %s",
                                           data->base[0] != '\0' ? data->base : "the root DSE");
  int rc;

  /* A retry after reconnecting starts over. */
  g_ptr_array_set_size (data->entries, 0);

  do
    rc = search_page (self, ld, data, paged ? &cookie : NULL, what, cancellable, error);
  while (rc == LDAP_SUCCESS && cookie.bv_len > 0);

  ber_memfree (cookie.bv_val);
  return rc;
}

GPtrArray *
casarray_ldap_run_search (CasarrayLdapBackend  *self,
                          const char           *base,
                          int                   scope,
                          const char           *filter,
                          const char * const   *attributes,
                          int                   size_limit,
                          GCancellable         *cancellable,
                          GError              **error)
{
  g_autoptr(GPtrArray) entries =
    g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_entry_unref);
  SearchData data = {
    .base = base,
    .scope = scope,
    .filter = filter,
    .attributes = (char **) attributes,
    .size_limit = size_limit,
    .entries = entries,
  };

  if (!casarray_ldap_run_operation (self, search_operation, &data, cancellable, error))
    return NULL;
  return g_steal_pointer (&entries);
}

static int
scope_to_ldap (CasarrayScope scope)
{
  switch (scope)
    {
    case CASARRAY_SCOPE_BASE:
      return LDAP_SCOPE_BASE;
    case CASARRAY_SCOPE_ONE:
      return LDAP_SCOPE_ONELEVEL;
    case CASARRAY_SCOPE_SUBTREE:
    default:
      return LDAP_SCOPE_SUBTREE;
    }
}

/* The caller's attributes plus those the pseudo-attributes are made from;
 * operational attributes are only returned when named. */
static GPtrArray *
requested_attributes (const char * const  *wanted,
                      GError             **error)
{
  static const char * const always[] = {
    "objectClass", "objectGUID", "entryUUID", "entryCSN", "uSNCreated",
  };
  g_autoptr(GPtrArray) attributes = g_ptr_array_new_null_terminated (8, NULL, TRUE);

  if (wanted == NULL)
    g_ptr_array_add (attributes, (char *) "*");
  for (guint i = 0; wanted != NULL && wanted[i] != NULL; i++)
    {
      if (casarray_backend_is_pseudo_attribute (wanted[i]))
        continue;
      if (!casarray_is_attribute_name (wanted[i]))
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "“%s” is not an attribute name", wanted[i]);
          return NULL;
        }
      g_ptr_array_add (attributes, (char *) wanted[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (always); i++)
    g_ptr_array_add (attributes, (char *) always[i]);

  return g_steal_pointer (&attributes);
}

GPtrArray *
casarray_ldap_backend_search (CasarrayBackend      *backend,
                              const CasarrayQuery  *query,
                              GCancellable         *cancellable,
                              GError              **error)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  g_autofree char *filter = NULL;
  g_autoptr(GPtrArray) attributes = NULL;

  if (query->base == NULL || query->object_class == NULL)
    {
      g_set_error_literal (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                           "A search needs a base and an object class");
      return NULL;
    }

  filter = casarray_ldap_filter_build (query, error);
  if (filter == NULL)
    return NULL;
  attributes = requested_attributes (query->attributes, error);
  if (attributes == NULL)
    return NULL;

  return casarray_ldap_run_search (self, query->base, scope_to_ldap (query->scope), filter,
                                   (const char * const *) attributes->pdata, 0, cancellable, error);
}
