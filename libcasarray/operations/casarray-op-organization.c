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

#include "backend/casarray-dn.h"
#include "casarray-lookup.h"
#include "casarray-op-common.h"
#include "casarray-operations.h"
#include "backend/casarray-schema.h"
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

  if (!casarray_validate_object_name ("site", name, error))
    return NULL;
  /* CN=Sites is Active Directory's own (no systemFlags of Exchange's). */
  if (!casarray_op_ensure_container (context, "Sites", configuration_dn, sites_classes, NULL,
                                     cancellable, error))
    return NULL;
  entry = casarray_op_new_entry (name, casarray_context_get_sites_dn (context), site_classes, error);
  if (entry == NULL)
    return NULL;
  if (!casarray_op_add_new_entry (context, entry, cancellable, error,
                                  "The site “%s” already exists. Please specify a new unique value.", name))
    return NULL;
  /* Written: the read-back is not cancellable (see casarray-op-common.h). */
  stored = casarray_lookup_one (context, CASARRAY_KIND_SITE, casarray_entry_get_dn (entry),
                                NULL, error);
  return stored != NULL ? casarray_site_new_from_entry (stored) : NULL;
}

/* What a site may hold and still be removed: the site itself, and the
 * empty scaffolding Active Directory's tools create with every site
 * (CN=Servers, a serversContainer, and CN=NTDS Site Settings).  A server
 * object (a domain controller), its NTDS Settings or anything else below
 * the site is not libcasarray's and makes the removal fail. */
static gboolean
modelled_in_site (const CasarrayEntry *entry,
                  const char          *site_dn,
                  gpointer             user_data)
{
  const char *dn = casarray_entry_get_dn (entry);
  g_autofree char *parent = casarray_dn_parent (dn);

  if (casarray_dn_equal (dn, site_dn))
    return TRUE;
  return casarray_dn_equal (parent, site_dn) &&
         (casarray_entry_has_object_class (entry, CASARRAY_CLASS_AD_SERVERS_CONTAINER) ||
          casarray_entry_has_object_class (entry, CASARRAY_CLASS_NTDS_SITE_SETTINGS));
}

/* Subnets (siteObject) and site links (siteList) naming @site_dn,
 * anywhere below CN=Sites. */
static GPtrArray *
find_site_references (CasarrayContext  *context,
                      const char       *site_dn,
                      GCancellable     *cancellable,
                      GError          **error)
{
  static const char * const attributes[] = { CASARRAY_ATTR_CN, NULL };
  const CasarrayMatch subnet_match[] = { { CASARRAY_ATTR_SITE_OBJECT, site_dn } };
  const CasarrayMatch link_match[] = { { CASARRAY_ATTR_SITE_LIST, site_dn } };
  CasarrayQuery query = {
    .base = casarray_context_get_sites_dn (context),
    .scope = CASARRAY_SCOPE_SUBTREE,
    .object_class = CASARRAY_CLASS_SUBNET,
    .any = subnet_match,
    .n_any = 1,
    .attributes = attributes,
  };
  CasarrayBackend *backend = casarray_context_get_backend (context);
  g_autoptr(GPtrArray) subnets = casarray_backend_search (backend, &query, cancellable, error);
  g_autoptr(GPtrArray) links = NULL;

  if (subnets == NULL)
    return NULL;
  query.object_class = CASARRAY_CLASS_SITE_LINK;
  query.any = link_match;
  links = casarray_backend_search (backend, &query, cancellable, error);
  if (links == NULL)
    return NULL;
  for (guint i = 0; i < links->len; i++)
    g_ptr_array_add (subnets, casarray_entry_ref (g_ptr_array_index (links, i)));
  return g_steal_pointer (&subnets);
}

gboolean
casarray_op_remove_site (CasarrayContext  *context,
                         const char       *identity,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_autoptr(CasarrayEntry) site = NULL;
  g_autoptr(GPtrArray) references = NULL;
  g_autoptr(GPtrArray) contents = NULL;
  g_autofree char *site_name = NULL;
  GError *local_error = NULL;
  const char *dn;

  site = casarray_lookup_one (context, CASARRAY_KIND_SITE, identity, cancellable, error);
  if (site == NULL)
    return FALSE;
  dn = casarray_entry_get_dn (site);
  site_name = casarray_schema_entry_name (site);

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

  /* Everything is checked before the first delete: a site that holds a
   * domain controller, or that subnets or site links name, is refused
   * with the list and nothing is sent. */
  references = find_site_references (context, dn, cancellable, error);
  if (references == NULL)
    return FALSE;
  contents = casarray_op_check_modelled_subtree (context, dn, "site", site_name, modelled_in_site, NULL,
                                                 cancellable, &local_error);
  if (contents == NULL || references->len > 0)
    {
      g_autofree char *referrers = casarray_op_join_dns (references, 10);
      g_autofree char *held = local_error != NULL ? g_strdup (local_error->message) : NULL;
      const char *nothing = "Nothing was removed.";

      if (contents == NULL && !g_error_matches (local_error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE))
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      g_clear_error (&local_error);
      if (references->len > 0)
        g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE,
                     "The site “%s” is still named by %u subnet(s) or site link(s): %s. %s",
                     site_name, references->len, referrers, held != NULL ? held : nothing);
      else
        g_set_error_literal (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE, held);
      return FALSE;
    }
  /* what was just checked is what is removed: no second search */
  return casarray_op_remove_entries (context, contents, cancellable, error);
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
  g_autoptr(CasarrayEntry) organization_entry = NULL;
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

  /* Parents before children, each searched for first and added only when
   * missing: a real AD has CN=Configuration, CN=Sites and CN=Services and
   * refuses an add of them (53, "system-only") before it looks whether
   * they exist.  Past this point the organisation is built to the end even
   * if the call is cancelled: half an organisation would break every later
   * call.  systemFlags are those Exchange stamps (casarray-schema.h). */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  cancellable = NULL;
  if ((configuration_parent != NULL &&
       !casarray_op_ensure_container (context, configuration_name, configuration_parent, configuration,
                                      NULL, cancellable, error)) ||
      !casarray_op_ensure_container (context, "Sites", configuration_dn, sites, NULL, cancellable, error) ||
      !casarray_op_ensure_container (context, "Services", configuration_dn, container, NULL, cancellable, error) ||
      !casarray_op_ensure_container (context, "Microsoft Exchange", services_dn, exchange,
                                     CASARRAY_SYSTEM_FLAGS_RENAMABLE, cancellable, error))
    return FALSE;

  /* The organisation itself must be new: find_organization saw none. */
  organization_entry = casarray_op_new_entry (name, casarray_context_get_exchange_dn (context),
                                              organization, error);
  if (organization_entry == NULL)
    return FALSE;
  casarray_entry_add_value (organization_entry, CASARRAY_ATTR_SYSTEM_FLAGS, CASARRAY_SYSTEM_FLAGS_RENAMABLE);
  if (!casarray_op_add_new_entry (context, organization_entry, cancellable, error,
                                  "The Exchange organisation “%s” already exists; a directory holds one.",
                                  name))
    return FALSE;
  if (!casarray_op_ensure_container (context, "Administrative Groups", organization_dn, groups,
                                     CASARRAY_SYSTEM_FLAGS_RENAMABLE, cancellable, error) ||
      !casarray_op_ensure_container (context, CASARRAY_ADMIN_GROUP_NAME, groups_dn, group, NULL,
                                     cancellable, error) ||
      !casarray_op_ensure_container (context, "Servers", group_dn, servers, NULL, cancellable, error) ||
      !casarray_op_ensure_container (context, "Databases", group_dn, databases,
                                     CASARRAY_SYSTEM_FLAGS_RENAMABLE, cancellable, error) ||
      !casarray_op_ensure_container (context, "Arrays", group_dn, arrays,
                                     CASARRAY_SYSTEM_FLAGS_RENAMABLE, cancellable, error))
    return FALSE;
  return casarray_context_find_organization (context, NULL, error) != NULL;
}
