/* casarray-lookup.c: finding objects by the identities EMS accepts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <casarray/casarray.h>

#include "backend/casarray-dn.h"
#include "casarray-lookup.h"
#include "backend/casarray-schema.h"

static const char * const site_attributes[] = {
  CASARRAY_ATTR_CN, CASARRAY_ATTR_NAME, NULL
};
/* whenCreated and createTimestamp: the replica-independent rank of arrays
 * (casarray-op-converge.h); slapd sends createTimestamp only when named */
static const char * const server_attributes[] = {
  CASARRAY_ATTR_CN, CASARRAY_ATTR_NAME, CASARRAY_ATTR_NETWORK_ADDRESS,
  CASARRAY_ATTR_SERVER_SITE, CASARRAY_ATTR_SERVER_ROLES, CASARRAY_ATTR_SERIAL_NUMBER,
  CASARRAY_ATTR_VERSION_NUMBER, CASARRAY_ATTR_LEGACY_DN, "whenCreated", "createTimestamp", NULL
};
/* What the model and the rules read, nothing more: a listing receives
 * these for every database (msExchMasterServerOrAvailabilityGroup, a
 * DN as long as the owner's, is only ever written) */
static const char * const database_attributes[] = {
  CASARRAY_ATTR_CN, CASARRAY_ATTR_NAME, CASARRAY_ATTR_OWNING_SERVER, CASARRAY_ATTR_EDB_FILE,
  CASARRAY_ATTR_LOG_PATH, CASARRAY_ATTR_LEGACY_DN, CASARRAY_ATTR_RESTORE,
  CASARRAY_ATTR_EDB_OFFLINE, CASARRAY_ATTR_CIRCULAR_LOG, NULL
};
static const char * const autodiscover_attributes[] = {
  CASARRAY_ATTR_CN, CASARRAY_ATTR_BINDING_INFO, CASARRAY_ATTR_KEYWORDS, NULL
};

typedef struct {
  const char *noun;
  const char *object_class;
  const char *exclude_class;
  gboolean    in_sites;      /* below CN=Sites rather than the organisation */
  gboolean    has_endpoint_forms;  /* FQDN and legacyExchangeDN identify it */
  const char * const *attributes;
} KindInfo;

static const KindInfo kinds[] = {
  [CASARRAY_KIND_SITE] = { "site", CASARRAY_CLASS_SITE, NULL, TRUE, FALSE, site_attributes },
  [CASARRAY_KIND_SERVER] = { "Exchange server", CASARRAY_CLASS_EXCHANGE_SERVER,
                             CASARRAY_CLASS_CLIENT_ACCESS_ARRAY, FALSE, TRUE, server_attributes },
  [CASARRAY_KIND_ARRAY] = { "client access array", CASARRAY_CLASS_CLIENT_ACCESS_ARRAY,
                            NULL, FALSE, TRUE, server_attributes },
  [CASARRAY_KIND_ENDPOINT] = { "Client Access server or array", CASARRAY_CLASS_EXCHANGE_SERVER,
                               NULL, FALSE, TRUE, server_attributes },
  [CASARRAY_KIND_DATABASE] = { "mailbox database", CASARRAY_CLASS_PRIVATE_MDB, NULL, FALSE, FALSE,
                               database_attributes },
  [CASARRAY_KIND_AUTODISCOVER] = { "Autodiscover service connection point", CASARRAY_CLASS_SCP,
                                   NULL, FALSE, FALSE, autodiscover_attributes },
};

const char * const *
casarray_lookup_attributes (CasarrayKind kind)
{
  return kinds[kind].attributes;
}

gboolean
casarray_lookup_is_guid (const char *identity)
{
  static const int group_lengths[] = { 8, 4, 4, 4, 12 };
  const char *p = identity;
  size_t len = strlen (identity);

  if (len == 38 && identity[0] == '{' && identity[37] == '}')
    p++;
  else if (len != 36)
    return FALSE;

  for (guint group = 0; group < G_N_ELEMENTS (group_lengths); group++)
    {
      for (int i = 0; i < group_lengths[group]; i++, p++)
        if (!g_ascii_isxdigit (*p))
          return FALSE;
      if (group < G_N_ELEMENTS (group_lengths) - 1 && *p++ != '-')
        return FALSE;
    }
  return TRUE;
}

gboolean
casarray_lookup_is_wildcard (const char *identity)
{
  /* A DN may contain "*" in a value; it is never a pattern. */
  return identity != NULL && strchr (identity, '*') != NULL && !casarray_dn_is_valid (identity);
}

static const char *
kind_base (CasarrayContext  *context,
           CasarrayKind      kind,
           GCancellable     *cancellable,
           GError          **error)
{
  const CasarrayOrganization *organization;

  if (kinds[kind].in_sites)
    return casarray_context_get_sites_dn (context);
  organization = casarray_context_get_organization (context, cancellable, error);
  return organization != NULL ? organization->dn : NULL;
}

static GPtrArray *
search (CasarrayContext     *context,
        CasarrayKind         kind,
        const char          *base,
        CasarrayScope        scope,
        const CasarrayMatch *any,
        guint                n_any,
        GCancellable        *cancellable,
        GError             **error)
{
  CasarrayQuery query = {
    .base = base,
    .scope = scope,
    .object_class = kinds[kind].object_class,
    .exclude_class = kinds[kind].exclude_class,
    .any = any,
    .n_any = n_any,
    .attributes = kinds[kind].attributes,
  };

  return casarray_backend_search (casarray_context_get_backend (context), &query,
                                  cancellable, error);
}

static GPtrArray *
search_all_of_kind (CasarrayContext  *context,
                    CasarrayKind      kind,
                    GCancellable     *cancellable,
                    GError          **error)
{
  const char *base = kind_base (context, kind, cancellable, error);
  GError *local_error = NULL;
  GPtrArray *found;

  if (base == NULL)
    return NULL;
  found = search (context, kind, base,
                  kinds[kind].in_sites ? CASARRAY_SCOPE_ONE : CASARRAY_SCOPE_SUBTREE,
                  NULL, 0, cancellable, &local_error);
  /* A missing CN=Sites container simply means no site yet. */
  if (found == NULL && kinds[kind].in_sites &&
      g_error_matches (local_error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND))
    {
      g_clear_error (&local_error);
      return g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_entry_unref);
    }
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return found;
}

/* The attributes of @kind_a and @attributes_b, each once. */
static GPtrArray *
union_of_attributes (CasarrayKind        kind_a,
                     const char * const *attributes_b)
{
  GPtrArray *attributes = g_ptr_array_new_null_terminated (24, NULL, TRUE);
  const char * const *lists[] = { kinds[kind_a].attributes, attributes_b };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l][i] != NULL; i++)
      {
        gboolean seen = FALSE;

        for (guint k = 0; k < attributes->len && !seen; k++)
          seen = g_ascii_strcasecmp (g_ptr_array_index (attributes, k), lists[l][i]) == 0;
        if (!seen)
          g_ptr_array_add (attributes, (gpointer) lists[l][i]);
      }
  return attributes;
}

gboolean
casarray_lookup_all_of_two_kinds (CasarrayContext  *context,
                                  CasarrayKind      kind_a,
                                  CasarrayKind      kind_b,
                                  const char * const *attributes_b,
                                  GPtrArray       **found_a,
                                  GPtrArray       **found_b,
                                  GCancellable     *cancellable,
                                  GError          **error)
{
  const char *base;
  g_autoptr(GPtrArray) attributes = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  CasarrayMatch any[2];
  CasarrayQuery query = { 0 };

  /* one base and no exclusion: the union is exactly the two searches */
  g_return_val_if_fail (!kinds[kind_a].in_sites && !kinds[kind_b].in_sites, FALSE);
  g_return_val_if_fail (kinds[kind_a].exclude_class == NULL && kinds[kind_b].exclude_class == NULL,
                        FALSE);

  base = kind_base (context, kind_a, cancellable, error);
  if (base == NULL)
    return FALSE;
  attributes = union_of_attributes (kind_a, attributes_b != NULL ? attributes_b
                                                                 : kinds[kind_b].attributes);
  any[0] = (CasarrayMatch) { "objectClass", kinds[kind_a].object_class };
  any[1] = (CasarrayMatch) { "objectClass", kinds[kind_b].object_class };
  query.base = base;
  query.scope = CASARRAY_SCOPE_SUBTREE;
  query.object_class = "top";
  query.any = any;
  query.n_any = G_N_ELEMENTS (any);
  query.attributes = (const char * const *) attributes->pdata;
  found = casarray_backend_search (casarray_context_get_backend (context), &query,
                                   cancellable, error);
  if (found == NULL)
    return FALSE;

  a = g_ptr_array_new_full (found->len, (GDestroyNotify) casarray_entry_unref);
  b = g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_entry_unref);
  for (guint i = 0; i < found->len; i++)
    {
      CasarrayEntry *entry = g_ptr_array_index (found, i);

      if (casarray_entry_has_object_class (entry, kinds[kind_a].object_class))
        g_ptr_array_add (a, casarray_entry_ref (entry));
      if (casarray_entry_has_object_class (entry, kinds[kind_b].object_class))
        g_ptr_array_add (b, casarray_entry_ref (entry));
    }
  *found_a = g_steal_pointer (&a);
  *found_b = g_steal_pointer (&b);
  return TRUE;
}

/* Objects named by @identity in any form, in one search. */
static GPtrArray *
search_identity (CasarrayContext  *context,
                 CasarrayKind      kind,
                 const char       *identity,
                 GCancellable     *cancellable,
                 GError          **error)
{
  const char *base = kind_base (context, kind, cancellable, error);
  g_autofree char *fqdn_value = NULL;
  CasarrayMatch any[5];
  guint n_any = 0;

  if (base == NULL)
    return NULL;

  /* A DN is looked up as such, but only inside the part of the tree this
   * kind lives in: an identity never reaches outside the organisation. */
  if (casarray_dn_is_valid (identity) && casarray_dn_is_below (identity, base))
    {
      GError *local_error = NULL;
      GPtrArray *found = search (context, kind, identity, CASARRAY_SCOPE_BASE, NULL, 0,
                                 cancellable, &local_error);

      if (found == NULL && g_error_matches (local_error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND))
        {
          g_clear_error (&local_error);
          found = g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_entry_unref);
        }
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return found;
    }

  any[n_any++] = (CasarrayMatch) { CASARRAY_ATTR_CN, identity };
  if (casarray_lookup_is_guid (identity))
    any[n_any++] = (CasarrayMatch) { CASARRAY_ATTR_GUID, identity };
  if (kinds[kind].has_endpoint_forms)
    {
      fqdn_value = g_strconcat (CASARRAY_FQDN_PREFIX, identity, NULL);
      any[n_any++] = (CasarrayMatch) { CASARRAY_ATTR_NETWORK_ADDRESS, fqdn_value };
      if (identity[0] == '/')
        any[n_any++] = (CasarrayMatch) { CASARRAY_ATTR_LEGACY_DN, identity };
    }
  return search (context, kind, base,
                 kinds[kind].in_sites ? CASARRAY_SCOPE_ONE : CASARRAY_SCOPE_SUBTREE,
                 any, n_any, cancellable, error);
}

static GPtrArray *
filter_by_pattern (GPtrArray  *entries,
                   const char *pattern)
{
  /* both sides folded by cn's caseIgnoreMatch, so the pattern finds what a
   * search by each name would */
  g_autoptr(GPatternSpec) spec = casarray_name_pattern_new (pattern);
  GPtrArray *matching = g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_entry_unref);

  for (guint i = 0; i < entries->len; i++)
    {
      CasarrayEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *name = casarray_schema_entry_name (entry);

      if (casarray_name_pattern_match (spec, name))
        g_ptr_array_add (matching, casarray_entry_ref (entry));
    }
  return matching;
}

GPtrArray *
casarray_lookup_all (CasarrayContext  *context,
                     CasarrayKind      kind,
                     const char       *identity,
                     gboolean          wildcards,
                     GCancellable     *cancellable,
                     GError          **error)
{
  g_autoptr(GPtrArray) everything = NULL;

  if (identity == NULL)
    return search_all_of_kind (context, kind, cancellable, error);
  if (!wildcards || !casarray_lookup_is_wildcard (identity))
    return search_identity (context, kind, identity, cancellable, error);

  everything = search_all_of_kind (context, kind, cancellable, error);
  if (everything == NULL)
    return NULL;
  return filter_by_pattern (everything, identity);
}

CasarrayEntry *
casarray_lookup_one (CasarrayContext  *context,
                     CasarrayKind      kind,
                     const char       *identity,
                     GCancellable     *cancellable,
                     GError          **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GString) dns = NULL;

  if (identity == NULL || *identity == '\0')
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "No %s was named: the identity is empty.", kinds[kind].noun);
      return NULL;
    }
  found = search_identity (context, kind, identity, cancellable, error);
  if (found == NULL)
    return NULL;
  if (found->len == 1)
    return casarray_entry_ref (g_ptr_array_index (found, 0));
  if (found->len == 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND,
                   "The operation couldn't be performed because %s “%s” couldn't be found.",
                   kinds[kind].noun, identity);
      return NULL;
    }
  dns = g_string_new (NULL);
  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (dns, "%s%s", i > 0 ? "; " : "",
                            casarray_entry_get_dn (g_ptr_array_index (found, i)));
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AMBIGUOUS,
               "The %s “%s” matches %u objects (%s); use a DN or GUID to choose one.",
               kinds[kind].noun, identity, found->len, dns->str);
  return NULL;
}

GPtrArray *
casarray_lookup_by_values (CasarrayContext     *context,
                           CasarrayKind         kind,
                           const char          *attribute,
                           const char * const  *values,
                           GCancellable        *cancellable,
                           GError             **error)
{
  const char *base = kind_base (context, kind, cancellable, error);
  g_autofree CasarrayMatch *any = NULL;
  guint n = values != NULL ? g_strv_length ((GStrv) values) : 0;

  if (base == NULL)
    return NULL;
  if (n == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_entry_unref);
  any = g_new0 (CasarrayMatch, n);
  for (guint i = 0; i < n; i++)
    any[i] = (CasarrayMatch) { attribute, values[i] };
  return search (context, kind, base,
                 kinds[kind].in_sites ? CASARRAY_SCOPE_ONE : CASARRAY_SCOPE_SUBTREE,
                 any, n, cancellable, error);
}
