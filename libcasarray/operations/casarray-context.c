/* casarray-context.c: a connected backend and where the organisation lives
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <casarray/casarray.h>

#include "casarray-context.h"
#include "backend/casarray-dn.h"
#include "backend/casarray-schema.h"

struct _CasarrayContext
{
  gatomicrefcount       ref_count;
  CasarrayBackend      *backend;
  char                 *configuration_dn;
  char                 *sites_dn;
  char                 *exchange_dn;
  GMutex                lock;          /* guards organization */
  CasarrayOrganization *organization;  /* set once, then never changed */
};

CasarrayContext *
casarray_context_new (CasarrayBackend *backend,
                      const char      *configuration_dn)
{
  CasarrayContext *self = g_new0 (CasarrayContext, 1);
  g_autofree char *services_dn = NULL;

  g_atomic_ref_count_init (&self->ref_count);
  self->backend = g_object_ref (backend);
  self->configuration_dn = g_strdup (configuration_dn);
  self->sites_dn = casarray_dn_build ("Sites", configuration_dn, NULL);
  services_dn = casarray_dn_build ("Services", configuration_dn, NULL);
  self->exchange_dn = casarray_dn_build ("Microsoft Exchange", services_dn, NULL);
  g_mutex_init (&self->lock);
  return self;
}

CasarrayContext *
casarray_context_ref (CasarrayContext *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
organization_free (CasarrayOrganization *organization)
{
  if (organization == NULL)
    return;
  g_free (organization->name);
  g_free (organization->dn);
  g_free (organization->admin_group_dn);
  g_free (organization->servers_dn);
  g_free (organization->databases_dn);
  g_free (organization->arrays_dn);
  g_free (organization);
}

void
casarray_context_unref (CasarrayContext *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_object_unref (self->backend);
  g_free (self->configuration_dn);
  g_free (self->sites_dn);
  g_free (self->exchange_dn);
  organization_free (self->organization);
  g_mutex_clear (&self->lock);
  g_free (self);
}

CasarrayBackend *
casarray_context_get_backend (CasarrayContext *self)
{
  return self->backend;
}

const char *
casarray_context_get_configuration_dn (CasarrayContext *self)
{
  return self->configuration_dn;
}

const char *
casarray_context_get_sites_dn (CasarrayContext *self)
{
  return self->sites_dn;
}

const char *
casarray_context_get_exchange_dn (CasarrayContext *self)
{
  return self->exchange_dn;
}

static CasarrayOrganization *
organization_new (const char *name,
                  const char *dn)
{
  CasarrayOrganization *organization = g_new0 (CasarrayOrganization, 1);
  g_autofree char *groups_dn = casarray_dn_build ("Administrative Groups", dn, NULL);

  organization->name = g_strdup (name);
  organization->dn = g_strdup (dn);
  organization->admin_group_dn = casarray_dn_build (CASARRAY_ADMIN_GROUP_NAME, groups_dn, NULL);
  organization->servers_dn = casarray_dn_build ("Servers", organization->admin_group_dn, NULL);
  organization->databases_dn = casarray_dn_build ("Databases", organization->admin_group_dn, NULL);
  organization->arrays_dn = casarray_dn_build ("Arrays", organization->admin_group_dn, NULL);
  return organization;
}

const CasarrayOrganization *
casarray_context_find_organization (CasarrayContext *self,
                                    GCancellable    *cancellable,
                                    GError         **error)
{
  static const char * const attributes[] = { CASARRAY_ATTR_CN, CASARRAY_ATTR_NAME, NULL };
  CasarrayQuery query = {
    .base = self->exchange_dn,
    .scope = CASARRAY_SCOPE_ONE,
    .object_class = CASARRAY_CLASS_ORGANIZATION,
    .attributes = attributes,
  };
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  const CasarrayEntry *entry;
  const CasarrayOrganization *organization;

  g_mutex_lock (&self->lock);
  organization = self->organization;
  g_mutex_unlock (&self->lock);
  if (organization != NULL)
    return organization;

  found = casarray_backend_search (self->backend, &query, cancellable, &local_error);
  if (found == NULL)
    {
      /* No CN=Microsoft Exchange container: no organisation yet. */
      if (g_error_matches (local_error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND))
        return NULL;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (found->len == 0)
    return NULL;
  if (found->len > 1)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                   "%u Exchange organisations exist below %s; Exchange allows one.",
                   found->len, self->exchange_dn);
      return NULL;
    }

  entry = g_ptr_array_index (found, 0);
  name = casarray_schema_entry_name (entry);
  g_mutex_lock (&self->lock);
  if (self->organization == NULL)
    self->organization = organization_new (name, casarray_entry_get_dn (entry));
  /* read under the lock: another thread may be setting it */
  organization = self->organization;
  g_mutex_unlock (&self->lock);
  return organization;
}

/* Whether @dn can be seen, and whether it has children the account cannot
 * see: the directory says it has subordinates (hasSubordinates on
 * OpenLDAP, msDS-Approx-Immed-Subordinates on AD, both counted whatever
 * the account may read) but a one-level search shows fewer, or it shows
 * one whose objectClass the account may not read (AD). */
static gboolean
probe_entry (CasarrayContext *self,
             const char      *dn,
             gboolean        *hides_children,
             GCancellable    *cancellable)
{
  static const char * const counts[] = { "hasSubordinates", "msDS-Approx-Immed-Subordinates", NULL };
  static const char * const names[] = { CASARRAY_ATTR_CN, NULL };
  CasarrayQuery query = {
    .base = dn,
    .scope = CASARRAY_SCOPE_BASE,
    .object_class = "top",
    .attributes = counts,
  };
  g_autoptr(GPtrArray) found = casarray_backend_search (self->backend, &query, cancellable, NULL);
  g_autoptr(GPtrArray) children = NULL;
  const char *has, *approx;
  guint64 expected = 0;

  *hides_children = FALSE;
  if (found == NULL || found->len == 0)
    return FALSE;
  has = casarray_entry_get_first (g_ptr_array_index (found, 0), "hasSubordinates");
  approx = casarray_entry_get_first (g_ptr_array_index (found, 0), "msDS-Approx-Immed-Subordinates");
  if (approx != NULL)
    g_ascii_string_to_unsigned (approx, 10, 0, G_MAXUINT64, &expected, NULL);
  else if (has != NULL && g_ascii_strcasecmp (has, "TRUE") == 0)
    expected = 1;
  query.scope = CASARRAY_SCOPE_ONE;
  query.attributes = names;
  children = casarray_backend_search (self->backend, &query, cancellable, NULL);
  if (children == NULL)
    return TRUE;
  /* AD lists a child the account may not read with no attributes at all:
   * every entry has an objectClass, so one without is hidden from it. */
  for (guint i = 0; i < children->len; i++)
    if (casarray_entry_get_values (g_ptr_array_index (children, i), CASARRAY_ATTR_OBJECT_CLASS) == NULL)
      *hides_children = TRUE;
  /* OpenLDAP leaves such a child out, but still counts it. */
  if (children->len < expected)
    *hides_children = TRUE;
  return TRUE;
}

/* No organisation was found.  A search cannot tell "not there" from "not
 * allowed to see it": both find nothing.  So the nearest ancestor of the
 * Exchange containers the account can see is asked whether it holds
 * entries the account cannot see; if it does, the account lacks read
 * rights, and the message names it, rather than telling the user that
 * no organisation exists (and inviting them to create one). */
static void
set_no_organization_error (CasarrayContext *self,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_autofree char *dn = g_strdup (self->exchange_dn);

  while (dn != NULL)
    {
      gboolean hides_children = FALSE;

      if (probe_entry (self, dn, &hides_children, cancellable))
        {
          if (hides_children)
            {
              g_autofree char *account = casarray_backend_dup_account (self->backend);

              g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ACCESS_DENIED,
                           "The account %s lacks read rights on the Exchange organisation: %s holds "
                           "entries it may not see. Grant it read access to %s (or bind as an account "
                           "that has it).",
                           account != NULL ? account : "used (anonymous or SASL)", dn, self->exchange_dn);
              return;
            }
          break;
        }
      if (casarray_dn_equal (dn, self->configuration_dn))
        break;
      {
        char *parent = casarray_dn_parent (dn);
        g_free (dn);
        dn = parent;
      }
    }
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NO_ORGANIZATION,
               "No Exchange organisation exists below %s.", self->exchange_dn);
}

const CasarrayOrganization *
casarray_context_get_organization (CasarrayContext *self,
                                   GCancellable    *cancellable,
                                   GError         **error)
{
  GError *local_error = NULL;
  const CasarrayOrganization *organization =
    casarray_context_find_organization (self, cancellable, &local_error);

  if (organization == NULL && local_error == NULL)
    set_no_organization_error (self, cancellable, error);
  else if (local_error != NULL)
    g_propagate_error (error, local_error);
  return organization;
}

char *
casarray_context_dup_organization_name (CasarrayContext *self)
{
  char *name;

  g_mutex_lock (&self->lock);
  name = self->organization != NULL ? g_strdup (self->organization->name) : NULL;
  g_mutex_unlock (&self->lock);
  return name;
}
