/* casarray-backend.c: dispatch of the private backend interface
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-backend.h"

#include "casarray/casarray-error.h"
#include "casarray-syntax.h"

G_DEFINE_INTERFACE (CasarrayBackend, casarray_backend, G_TYPE_OBJECT)

static void
casarray_backend_default_init (CasarrayBackendInterface *iface)
{
}

#define IFACE(self) CASARRAY_BACKEND_GET_IFACE (self)

gboolean
casarray_backend_open (CasarrayBackend *self, GCancellable *cancellable, GError **error)
{
  return IFACE (self)->open (self, cancellable, error);
}

char *
casarray_backend_find_configuration_dn (CasarrayBackend *self, GCancellable *cancellable, GError **error)
{
  return IFACE (self)->find_configuration_dn (self, cancellable, error);
}

GPtrArray *
casarray_backend_search (CasarrayBackend *self, const CasarrayQuery *query,
                         GCancellable *cancellable, GError **error)
{
  return IFACE (self)->search (self, query, cancellable, error);
}

gboolean
casarray_backend_add (CasarrayBackend *self, const CasarrayEntry *entry,
                      GCancellable *cancellable, GError **error)
{
  return IFACE (self)->add (self, entry, cancellable, error);
}

gboolean
casarray_backend_modify (CasarrayBackend *self, const char *dn, GPtrArray *mods,
                         GCancellable *cancellable, GError **error)
{
  return IFACE (self)->modify (self, dn, mods, cancellable, error);
}

gboolean
casarray_backend_remove (CasarrayBackend *self, const char *dn,
                         GCancellable *cancellable, GError **error)
{
  return IFACE (self)->remove (self, dn, cancellable, error);
}

gboolean
casarray_backend_rename (CasarrayBackend *self, const char *dn, const char *new_rdn,
                         GCancellable *cancellable, GError **error)
{
  return IFACE (self)->rename (self, dn, new_rdn, cancellable, error);
}

gboolean
casarray_backend_modify_many (CasarrayBackend *self, GPtrArray *dns, GPtrArray *mod_lists,
                              GError **errors, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (dns->len == mod_lists->len, FALSE);

  if (IFACE (self)->modify_many != NULL)
    return IFACE (self)->modify_many (self, dns, mod_lists, errors, cancellable, error);

  /* No pipelining in this backend: one after the other. */
  for (guint i = 0; i < dns->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, &errors[i]))
        continue;
      casarray_backend_modify (self, g_ptr_array_index (dns, i),
                               g_ptr_array_index (mod_lists, i), cancellable, &errors[i]);
    }
  return TRUE;
}

char *
casarray_backend_dup_account (CasarrayBackend *self)
{
  if (IFACE (self)->dup_account == NULL)
    return NULL;
  return IFACE (self)->dup_account (self);
}

char *
casarray_backend_dup_connected_uri (CasarrayBackend *self)
{
  if (IFACE (self)->dup_connected_uri == NULL)
    return NULL;
  return IFACE (self)->dup_connected_uri (self);
}

gboolean
casarray_backend_is_pseudo_attribute (const char *attribute)
{
  return g_ascii_strcasecmp (attribute, CASARRAY_ATTR_GUID) == 0 ||
         g_ascii_strcasecmp (attribute, CASARRAY_ATTR_CREATION_ORDER) == 0;
}

gboolean
casarray_backend_check_writable_attribute (const char  *attribute,
                                           GError     **error)
{
  if (attribute != NULL && casarray_is_attribute_name (attribute) &&
      !casarray_backend_is_pseudo_attribute (attribute))
    return TRUE;
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
               "“%s” is not an attribute that can be written",
               attribute != NULL ? attribute : "(null)");
  return FALSE;
}
