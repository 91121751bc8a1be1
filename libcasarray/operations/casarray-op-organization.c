/* casarray-op-organization.c: the organisation's containers and AD sites
 *
 * These are the provisioning steps Exchange setup and Active Directory
 * Sites and Services perform; a lab or a provisioning system needs them to
 * build an organisation from nothing.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "casarray-dn.h"
#include "casarray-lookup.h"
#include "casarray-op-common.h"
#include "casarray-operations.h"
#include "casarray-schema.h"
#include "casarray-validate.h"
#include "model/casarray-model-private.h"

gboolean
casarray_op_connect (CasarrayContext  *context,
                     GCancellable     *cancellable,
                     GError          **error)
{
  GError *local_error = NULL;

  /* Look the organisation up now so that a broken tree shows early; a
   * directory without one yet is fine (New-Organization comes next). */
  casarray_context_find_organization (context, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
casarray_op_get_sites (CasarrayContext  *context,
                       const char       *identity,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_autoptr(GPtrArray) sites = casarray_lookup_all (context, CASARRAY_KIND_SITE, identity, TRUE,
                                                   cancellable, error);
  GPtrArray *models;

  if (sites == NULL)
    return NULL;
  if (identity != NULL && !casarray_lookup_is_wildcard (identity) && sites->len == 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND,
                   "The operation couldn't be performed because site “%s” couldn't be found.", identity);
      return NULL;
    }
  models = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < sites->len; i++)
    g_ptr_array_add (models, casarray_site_new_from_entry (g_ptr_array_index (sites, i)));
  casarray_op_sort_by_name (models);
  return models;
}

CasarraySite *
casarray_op_new_site (CasarrayContext  *context,
                      const char       *name,
                      GCancellable     *cancellable,
                      GError          **error)
{
  static const char * const sites_classes[] = { "top", CASARRAY_CLASS_SITES_CONTAINER, NULL };
  static const char * const site_classes[] = { "top", CASARRAY_CLASS_SITE, NULL };
  const char *configuration_dn = casarray_context_get_configuration_dn (context);
  g_autoptr(CasarrayEntry) entry = NULL;
  g_autoptr(CasarrayEntry) stored = NULL;
  GError *local_error = NULL;

  if (!casarray_validate_object_name ("site", name, error))
    return NULL;
  if (!casarray_op_add_container (context, "Sites", configuration_dn, sites_classes, TRUE,
                                  cancellable, error))
    return NULL;
  entry = casarray_op_new_entry (name, casarray_context_get_sites_dn (context), site_classes, error);
  if (entry == NULL)
    return NULL;
  if (!casarray_backend_add (casarray_context_get_backend (context), entry, cancellable, &local_error))
    {
      if (g_error_matches (local_error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS))
        {
          g_clear_error (&local_error);
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS,
                       "The site “%s” already exists. Please specify a new unique value.", name);
        }
      else
        g_propagate_error (error, local_error);
      return NULL;
    }
  /* Written: the read-back is not cancellable (see casarray-op-common.h). */
  stored = casarray_lookup_one (context, CASARRAY_KIND_SITE, casarray_entry_get_dn (entry),
                                NULL, error);
  return stored != NULL ? casarray_site_new_from_entry (stored) : NULL;
}

gboolean
casarray_op_remove_site (CasarrayContext  *context,
                         const char       *identity,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_autoptr(CasarrayEntry) site = NULL;
  GError *local_error = NULL;
  const char *dn;

  site = casarray_lookup_one (context, CASARRAY_KIND_SITE, identity, cancellable, error);
  if (site == NULL)
    return FALSE;
  dn = casarray_entry_get_dn (site);

  if (casarray_context_find_organization (context, cancellable, &local_error) != NULL)
    {
      g_autoptr(GPtrArray) members =
        casarray_lookup_by_values (context, CASARRAY_KIND_ENDPOINT, CASARRAY_ATTR_SERVER_SITE,
                                   (const char * const []) { dn, NULL }, cancellable, error);

      if (members == NULL)
        return FALSE;
      if (members->len > 0)
        {
          g_autofree char *names = casarray_op_join_names (members, 10);
          g_autofree char *site_name = casarray_schema_entry_name (site);
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE,
                       "The site %s still has %u Exchange server(s) or array(s): %s. Move or remove them first.",
                       site_name, members->len, names);
          return FALSE;
        }
    }
  else if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return casarray_op_remove_subtree (context, dn, cancellable, error);
}

typedef struct {
  const char          *name;
  const char * const  *classes;
} Container;

gboolean
casarray_op_new_organization (CasarrayContext  *context,
                              const char       *name,
                              GCancellable     *cancellable,
                              GError          **error)
{
  static const char * const configuration[] = { "top", CASARRAY_CLASS_CONFIGURATION, NULL };
  static const char * const sites[] = { "top", CASARRAY_CLASS_SITES_CONTAINER, NULL };
  static const char * const container[] = { "top", CASARRAY_CLASS_CONTAINER, NULL };
  static const char * const exchange[] = { "top", CASARRAY_CLASS_CONTAINER, CASARRAY_CLASS_CONFIG_CONTAINER, NULL };
  static const char * const organization[] = { "top", CASARRAY_CLASS_CONTAINER, CASARRAY_CLASS_ORGANIZATION, NULL };
  static const char * const groups[] = { "top", CASARRAY_CLASS_CONTAINER, CASARRAY_CLASS_ADMIN_GROUP_CONTAINER, NULL };
  static const char * const group[] = { "top", CASARRAY_CLASS_ADMIN_GROUP, NULL };
  static const char * const servers[] = { "top", CASARRAY_CLASS_CONTAINER, CASARRAY_CLASS_SERVERS_CONTAINER, NULL };
  static const char * const databases[] = { "top", CASARRAY_CLASS_MDB_CONTAINER, NULL };
  static const char * const arrays[] = { "top", CASARRAY_CLASS_CONTAINER, CASARRAY_CLASS_EXCH_CONTAINER, NULL };
  const char *configuration_dn = casarray_context_get_configuration_dn (context);
  const CasarrayOrganization *existing;
  g_autofree char *configuration_parent = casarray_dn_parent (configuration_dn);
  g_autofree char *configuration_name = casarray_dn_first_value (configuration_dn);
  g_autofree char *services_dn = NULL;
  g_autofree char *organization_dn = NULL;
  g_autofree char *groups_dn = NULL;
  g_autofree char *group_dn = NULL;
  GError *local_error = NULL;

  if (!casarray_validate_object_name ("organization", name, error))
    return FALSE;
  existing = casarray_context_find_organization (context, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (existing != NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS,
                   "The Exchange organisation “%s” already exists; a directory holds one.", existing->name);
      return FALSE;
    }

  services_dn = casarray_dn_build ("Services", configuration_dn, error);
  if (services_dn == NULL)
    return FALSE;
  organization_dn = casarray_dn_build (name, casarray_context_get_exchange_dn (context), error);
  if (organization_dn == NULL)
    return FALSE;
  groups_dn = casarray_dn_build ("Administrative Groups", organization_dn, NULL);
  group_dn = casarray_dn_build (CASARRAY_ADMIN_GROUP_NAME, groups_dn, NULL);

  /* Parents before children; containers that exist are kept as they are.
   * Past this point the organisation is built to the end even if the call
   * is cancelled: half an organisation would break every later call. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  cancellable = NULL;
  if ((configuration_parent != NULL &&
       !casarray_op_add_container (context, configuration_name, configuration_parent, configuration,
                                   TRUE, cancellable, error)) ||
      !casarray_op_add_container (context, "Sites", configuration_dn, sites, TRUE, cancellable, error) ||
      !casarray_op_add_container (context, "Services", configuration_dn, container, TRUE, cancellable, error) ||
      !casarray_op_add_container (context, "Microsoft Exchange", services_dn, exchange, TRUE, cancellable, error) ||
      !casarray_op_add_container (context, name, casarray_context_get_exchange_dn (context), organization,
                                  FALSE, cancellable, error) ||
      !casarray_op_add_container (context, "Administrative Groups", organization_dn, groups, TRUE,
                                  cancellable, error) ||
      !casarray_op_add_container (context, CASARRAY_ADMIN_GROUP_NAME, groups_dn, group, TRUE,
                                  cancellable, error) ||
      !casarray_op_add_container (context, "Servers", group_dn, servers, TRUE, cancellable, error) ||
      !casarray_op_add_container (context, "Databases", group_dn, databases, TRUE, cancellable, error) ||
      !casarray_op_add_container (context, "Arrays", group_dn, arrays, TRUE, cancellable, error))
    return FALSE;
  return casarray_context_find_organization (context, NULL, error) != NULL;
}
