/* casarray-op-common.c: pieces several operations share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "backend/casarray-dn.h"
#include "casarray-lookup.h"
#include "casarray-op-common.h"
#include "backend/casarray-schema.h"

CasarrayServerRole
casarray_op_entry_roles (const CasarrayEntry *entry)
{
  return (CasarrayServerRole) casarray_schema_entry_uint (entry, CASARRAY_ATTR_SERVER_ROLES);
}

gboolean
casarray_op_is_array (const CasarrayEntry *entry)
{
  return casarray_entry_has_object_class (entry, CASARRAY_CLASS_CLIENT_ACCESS_ARRAY);
}

gboolean
casarray_op_is_client_access_endpoint (const CasarrayEntry *entry)
{
  return casarray_op_is_array (entry) ||
         (casarray_op_entry_roles (entry) & CASARRAY_SERVER_ROLE_CLIENT_ACCESS) != 0;
}

GHashTable *
casarray_op_index_by_legacy_dn (GPtrArray *endpoints)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) casarray_entry_unref);

  for (guint i = 0; i < endpoints->len; i++)
    {
      CasarrayEntry *entry = g_ptr_array_index (endpoints, i);
      /* legacyExchangeDN's equality rule is caseIgnoreMatch (AD syntax
       * 2.5.5.4, and so in the OpenLDAP schema): keyed by it */
      char *key = casarray_name_key (casarray_entry_get_first (entry, CASARRAY_ATTR_LEGACY_DN));

      if (key != NULL)
        g_hash_table_replace (index, key, casarray_entry_ref (entry));
    }
  return index;
}

const char *
casarray_op_resolve_rpc_fqdn (GHashTable          *index,
                              const CasarrayEntry *database)
{
  const char *legacy_dn = casarray_entry_get_first (database, CASARRAY_ATTR_LEGACY_DN);
  g_autofree char *parent = casarray_schema_legacy_dn_parent (legacy_dn);
  g_autofree char *key = casarray_name_key (parent);
  CasarrayEntry *endpoint;

  /* the key of casarray_op_index_by_legacy_dn() */
  if (key == NULL)
    return NULL;
  endpoint = g_hash_table_lookup (index, key);
  if (endpoint == NULL)
    return NULL;
  return casarray_schema_entry_fqdn (endpoint);
}

CasarrayEntry *
casarray_op_resolve_rpc_target (CasarrayContext  *context,
                                const char       *identity,
                                GCancellable     *cancellable,
                                GError          **error)
{
  g_autoptr(CasarrayEntry) target = NULL;
  g_autofree char *name = NULL;

  target = casarray_lookup_one (context, CASARRAY_KIND_ENDPOINT, identity, cancellable, error);
  if (target == NULL)
    return NULL;
  if (!casarray_op_is_client_access_endpoint (target))
    {
      name = casarray_schema_entry_name (target);
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_CLIENT_ACCESS,
                   "“%s” cannot be an RpcClientAccessServer: the server %s does not hold the "
                   "ClientAccess role and is not a client access array.", identity, name);
      return NULL;
    }
  if (casarray_entry_get_first (target, CASARRAY_ATTR_LEGACY_DN) == NULL)
    {
      name = casarray_schema_entry_name (target);
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                   "%s has no legacyExchangeDN, so databases cannot point at it.", name);
      return NULL;
    }
  return g_steal_pointer (&target);
}

static gint
compare_depth_descending (gconstpointer a,
                          gconstpointer b)
{
  const char *dn_a = casarray_entry_get_dn (*(CasarrayEntry * const *) a);
  const char *dn_b = casarray_entry_get_dn (*(CasarrayEntry * const *) b);

  /* A child's DN is always longer than its parent's. */
  return (gint) strlen (dn_b) - (gint) strlen (dn_a);
}

GPtrArray *
casarray_op_check_modelled_subtree (CasarrayContext         *context,
                                    const char              *dn,
                                    const char              *noun,
                                    const char              *name,
                                    CasarrayOpModelledFunc   modelled,
                                    gpointer                 user_data,
                                    GCancellable            *cancellable,
                                    GError                 **error)
{
  static const char * const attributes[] = { CASARRAY_ATTR_CN, CASARRAY_ATTR_KEYWORDS, NULL };
  CasarrayQuery query = {
    .base = dn,
    .scope = CASARRAY_SCOPE_SUBTREE,
    .object_class = "top",
    .attributes = attributes,
  };
  g_autoptr(GPtrArray) entries = casarray_backend_search (casarray_context_get_backend (context), &query,
                                                          cancellable, error);
  g_autoptr(GPtrArray) foreign = NULL;

  if (entries == NULL)
    return NULL;
  foreign = g_ptr_array_new ();
  for (guint i = 0; i < entries->len; i++)
    {
      CasarrayEntry *entry = g_ptr_array_index (entries, i);

      if (!modelled (entry, dn, user_data))
        g_ptr_array_add (foreign, entry);
    }
  if (foreign->len > 0)
    {
      g_autofree char *dns = casarray_op_join_dns (foreign, 10);

      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE,
                   "The %s “%s” holds %u object(s) libcasarray does not manage: %s. Nothing was "
                   "removed; remove them with the tool that created them first.",
                   noun, name, foreign->len, dns);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

gboolean
casarray_op_remove_modelled_subtree (CasarrayContext         *context,
                                     const char              *dn,
                                     const char              *noun,
                                     const char              *name,
                                     CasarrayOpModelledFunc   modelled,
                                     gpointer                 user_data,
                                     GCancellable            *cancellable,
                                     GError                 **error)
{
  /* Every entry is checked before the first delete, so a refusal leaves
   * the directory exactly as it was. */
  g_autoptr(GPtrArray) entries = casarray_op_check_modelled_subtree (context, dn, noun, name, modelled,
                                                                     user_data, cancellable, error);

  return entries != NULL && casarray_op_remove_entries (context, entries, cancellable, error);
}

gboolean
casarray_op_remove_entries (CasarrayContext  *context,
                            GPtrArray        *entries,
                            GCancellable     *cancellable,
                            GError          **error)
{
  CasarrayBackend *backend = casarray_context_get_backend (context);

  g_ptr_array_sort (entries, compare_depth_descending);
  for (guint i = 0; i < entries->len; i++)
    {
      if (!casarray_backend_remove (backend, casarray_entry_get_dn (g_ptr_array_index (entries, i)),
                                    cancellable, error))
        return FALSE;
      /* Once a part is gone, finish: a half-removed object is worse than
       * ignoring a late cancellation. */
      cancellable = NULL;
    }
  return TRUE;
}

gboolean
casarray_op_modelled_self_only (const CasarrayEntry *entry,
                                const char          *root_dn,
                                gpointer             user_data)
{
  return casarray_dn_equal (casarray_entry_get_dn (entry), root_dn);
}

char *
casarray_op_join_dns (GPtrArray *entries,
                      guint      max)
{
  GString *dns = g_string_new (NULL);

  for (guint i = 0; i < entries->len && i < max; i++)
    g_string_append_printf (dns, "%s%s", i > 0 ? "; " : "",
                            casarray_entry_get_dn (g_ptr_array_index (entries, i)));
  if (entries->len > max)
    g_string_append_printf (dns, " and %u more", entries->len - max);
  return g_string_free (dns, FALSE);
}

CasarrayEntry *
casarray_op_new_entry (const char          *name,
                       const char          *parent,
                       const char * const  *object_classes,
                       GError             **error)
{
  g_autofree char *dn = casarray_dn_build (name, parent, error);
  CasarrayEntry *entry;

  if (dn == NULL)
    return NULL;
  entry = casarray_entry_new (dn);
  for (guint i = 0; object_classes[i] != NULL; i++)
    casarray_entry_add_value (entry, CASARRAY_ATTR_OBJECT_CLASS, object_classes[i]);
  casarray_entry_add_value (entry, CASARRAY_ATTR_CN, name);
  casarray_entry_add_value (entry, CASARRAY_ATTR_NAME, name);
  return entry;
}

gboolean
casarray_op_remove_leaf (CasarrayContext  *context,
                         CasarrayKind      kind,
                         const char       *identity,
                         const char       *noun,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_autoptr(CasarrayEntry) entry = casarray_lookup_one (context, kind, identity, cancellable, error);
  g_autofree char *name = NULL;

  if (entry == NULL)
    return FALSE;
  name = casarray_schema_entry_name (entry);
  return casarray_op_remove_modelled_subtree (context, casarray_entry_get_dn (entry), noun, name,
                                              casarray_op_modelled_self_only, NULL,
                                              cancellable, error);
}

gboolean
casarray_op_add_new_entry (CasarrayContext     *context,
                           const CasarrayEntry *entry,
                           GCancellable        *cancellable,
                           GError             **error,
                           const char          *exists_format,
                           ...)
{
  GError *local_error = NULL;
  g_autofree char *message = NULL;
  va_list args;

  if (casarray_backend_add (casarray_context_get_backend (context), entry, cancellable, &local_error))
    return TRUE;
  if (!g_error_matches (local_error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS))
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  g_clear_error (&local_error);
  va_start (args, exists_format);
  message = g_strdup_vprintf (exists_format, args);
  va_end (args);
  g_set_error_literal (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS, message);
  return FALSE;
}

void
casarray_op_set_endpoint_name_exists (GError     **error,
                                      const char  *name)
{
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS, CASARRAY_OP_ENDPOINT_EXISTS_FORMAT, name);
}

gboolean
casarray_op_entry_exists (CasarrayContext  *context,
                          const char       *dn,
                          gboolean         *exists,
                          GCancellable     *cancellable,
                          GError          **error)
{
  static const char * const attributes[] = { CASARRAY_ATTR_CN, NULL };
  CasarrayQuery query = {
    .base = dn,
    .scope = CASARRAY_SCOPE_BASE,
    .object_class = "top",
    .attributes = attributes,
  };
  g_autoptr(GPtrArray) found = NULL;
  GError *local_error = NULL;

  found = casarray_backend_search (casarray_context_get_backend (context), &query, cancellable,
                                   &local_error);
  if (found == NULL && g_error_matches (local_error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND))
    {
      g_clear_error (&local_error);
      *exists = FALSE;
      return TRUE;
    }
  if (found == NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  *exists = found->len > 0;
  return TRUE;
}

gboolean
casarray_op_ensure_container (CasarrayContext     *context,
                              const char          *name,
                              const char          *parent,
                              const char * const  *object_classes,
                              const char          *system_flags,
                              GCancellable        *cancellable,
                              GError             **error)
{
  g_autoptr(CasarrayEntry) entry = casarray_op_new_entry (name, parent, object_classes, error);
  GError *local_error = NULL;
  gboolean exists = FALSE;

  if (entry == NULL)
    return FALSE;
  if (!casarray_op_entry_exists (context, casarray_entry_get_dn (entry), &exists, cancellable, error))
    return FALSE;
  if (exists)
    return TRUE;
  if (system_flags != NULL)
    casarray_entry_add_value (entry, CASARRAY_ATTR_SYSTEM_FLAGS, system_flags);
  if (casarray_backend_add (casarray_context_get_backend (context), entry, cancellable, &local_error))
    return TRUE;
  /* Another writer created it since the search: it is there, as wanted. */
  if (g_error_matches (local_error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS))
    {
      g_clear_error (&local_error);
      return TRUE;
    }
  g_propagate_error (error, local_error);
  return FALSE;
}

GPtrArray *
casarray_op_new_mods (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_mod_free);
}

void
casarray_op_add_cas_mods (GPtrArray  *mods,
                          const char *attribute,
                          const char *old_value,
                          const char *new_value)
{
  /* Delete-the-old-value plus add-the-new in one modify: if another writer
   * changed the value since we read it, the delete finds nothing and the
   * whole modify fails (noSuchAttribute), so nobody is overwritten. */
  if (old_value != NULL)
    g_ptr_array_add (mods, casarray_mod_new (CASARRAY_MOD_DELETE, attribute, old_value));
  if (new_value != NULL)
    g_ptr_array_add (mods, casarray_mod_new (CASARRAY_MOD_ADD, attribute, new_value));
}

void
casarray_op_explain_conflict (GError     **error,
                              const char  *noun,
                              const char  *name)
{
  char *message;

  if (error == NULL || *error == NULL ||
      !g_error_matches (*error, CASARRAY_ERROR, CASARRAY_ERROR_CONFLICT))
    return;
  message = g_strdup_printf ("The %s “%s” was changed by another writer since it was read; "
                             "nothing was written. Read it again and retry. (%s)",
                             noun, name, (*error)->message);
  g_free ((*error)->message);
  (*error)->message = message;
}

typedef struct {
  char    *key;      /* collation key of the name */
  GObject *object;
} SortItem;

static gint
compare_items (gconstpointer a,
               gconstpointer b)
{
  return strcmp (((const SortItem *) a)->key, ((const SortItem *) b)->key);
}

void
casarray_op_sort_by_name (GPtrArray *objects)
{
  /* One collation key per object, then plain strcmp: sorting 10,000
   * objects must not read a property in every comparison. */
  g_autofree SortItem *items = g_new0 (SortItem, objects->len + 1);

  for (guint i = 0; i < objects->len; i++)
    {
      g_autofree char *name = NULL;

      items[i].object = g_ptr_array_index (objects, i);
      g_object_get (items[i].object, "name", &name, NULL);
      items[i].key = g_utf8_collate_key (name != NULL ? name : "", -1);
    }
  qsort (items, objects->len, sizeof (SortItem), compare_items);
  for (guint i = 0; i < objects->len; i++)
    {
      objects->pdata[i] = items[i].object;
      g_free (items[i].key);
    }
}

char *
casarray_op_join_names (GPtrArray *entries,
                        guint      max)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < entries->len && i < max; i++)
    {
      g_autofree char *name = casarray_schema_entry_name (g_ptr_array_index (entries, i));
      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", name);
    }
  if (entries->len > max)
    g_string_append_printf (names, " and %u more", entries->len - max);
  return g_string_free (names, FALSE);
}
