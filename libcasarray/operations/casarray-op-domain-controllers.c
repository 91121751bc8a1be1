/* casarray-op-domain-controllers.c: the domain controllers of an AD
 * forest, from its configuration partition, and its domain naming master
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A domain controller is a server object below CN=Sites
 * (CN=<DC>,CN=Servers,CN=<site>,CN=Sites,<config>) with an nTDSDSA child,
 * "CN=NTDS Settings"; its dNSHostName is what clients connect to.  The
 * domain naming master is named by fSMORoleOwner on CN=Partitions: the DN
 * of an NTDS Settings object, whose parent is the DC's server object.
 * OpenLDAP has none of these entries, so the answers there are empty.
 */
#include "config.h"

#include <casarray/casarray.h>

#include "casarray-op-domain-controllers.h"
#include "backend/casarray-dn.h"

#define ATTR_DNS_HOST_NAME   "dNSHostName"
#define ATTR_FSMO_ROLE_OWNER "fSMORoleOwner"

void
casarray_domain_controller_free (CasarrayDomainController *dc)
{
  g_free (dc->host_name);
  g_free (dc->site);
  g_free (dc->server_dn);
  g_free (dc);
}

/* A search whose base may be missing (not AD): NULL only on failure;
 * an empty array when the base does not exist. */
static GPtrArray *
search_or_empty (CasarrayContext     *context,
                 const CasarrayQuery *query,
                 GCancellable        *cancellable,
                 GError             **error)
{
  GError *local_error = NULL;
  GPtrArray *found = casarray_backend_search (casarray_context_get_backend (context), query, cancellable,
                                              &local_error);

  if (found != NULL)
    return found;
  if (!g_error_matches (local_error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  g_error_free (local_error);
  return g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_entry_unref);
}

static gint
compare_host_names (gconstpointer a,
                    gconstpointer b)
{
  const CasarrayDomainController *x = *(CasarrayDomainController * const *) a;
  const CasarrayDomainController *y = *(CasarrayDomainController * const *) b;

  return g_ascii_strcasecmp (x->host_name, y->host_name);
}

GPtrArray *
casarray_op_get_domain_controllers (CasarrayContext  *context,
                                    GCancellable     *cancellable,
                                    GError          **error)
{
  static const char * const no_attributes[] = { NULL };
  static const char * const server_attributes[] = { ATTR_DNS_HOST_NAME, NULL };
  const char *sites_dn = casarray_context_get_sites_dn (context);
  CasarrayQuery ntds = {
    .base = sites_dn, .scope = CASARRAY_SCOPE_SUBTREE, .object_class = "nTDSDSA", .attributes = no_attributes,
  };
  CasarrayQuery servers = {
    .base = sites_dn, .scope = CASARRAY_SCOPE_SUBTREE, .object_class = "server", .attributes = server_attributes,
  };
  g_autoptr(GPtrArray) settings = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GHashTable) with_ntds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *dcs;

  settings = search_or_empty (context, &ntds, cancellable, error);
  if (settings == NULL)
    return NULL;
  dcs = g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_domain_controller_free);
  if (settings->len == 0)
    return dcs;
  found = search_or_empty (context, &servers, cancellable, error);
  if (found == NULL)
    {
      g_ptr_array_unref (dcs);
      return NULL;
    }

  for (guint i = 0; i < settings->len; i++)
    {
      g_autofree char *parent = casarray_dn_parent (casarray_entry_get_dn (g_ptr_array_index (settings, i)));

      if (parent != NULL)
        g_hash_table_add (with_ntds, casarray_dn_normalize (parent));
    }
  for (guint i = 0; i < found->len; i++)
    {
      CasarrayEntry *server = g_ptr_array_index (found, i);
      g_autofree char *key = casarray_dn_normalize (casarray_entry_get_dn (server));
      const char *host = casarray_entry_get_first (server, ATTR_DNS_HOST_NAME);
      g_autofree char *servers_dn = NULL;
      g_autofree char *site_dn = NULL;
      CasarrayDomainController *dc;

      /* a server object without NTDS Settings is no (longer a) DC */
      if (key == NULL || host == NULL || !g_hash_table_contains (with_ntds, key))
        continue;
      servers_dn = casarray_dn_parent (casarray_entry_get_dn (server));
      site_dn = servers_dn != NULL ? casarray_dn_parent (servers_dn) : NULL;
      dc = g_new0 (CasarrayDomainController, 1);
      dc->host_name = g_strdup (host);
      dc->site = site_dn != NULL ? casarray_dn_first_value (site_dn) : NULL;
      dc->server_dn = g_strdup (casarray_entry_get_dn (server));
      g_ptr_array_add (dcs, dc);
    }
  g_ptr_array_sort (dcs, compare_host_names);
  return dcs;
}

char *
casarray_op_get_domain_naming_master (CasarrayContext  *context,
                                      GCancellable     *cancellable,
                                      GError          **error)
{
  static const char * const owner_attributes[] = { ATTR_FSMO_ROLE_OWNER, NULL };
  static const char * const server_attributes[] = { ATTR_DNS_HOST_NAME, NULL };
  g_autofree char *partitions_dn = g_strconcat ("CN=Partitions,", casarray_context_get_configuration_dn (context),
                                                NULL);
  CasarrayQuery partitions = {
    .base = partitions_dn, .scope = CASARRAY_SCOPE_BASE, .object_class = "crossRefContainer",
    .attributes = owner_attributes,
  };
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  g_autofree char *server_dn = NULL;
  const char *owner;
  const char *host;

  found = search_or_empty (context, &partitions, cancellable, error);
  if (found == NULL)
    return NULL;
  owner = found->len > 0 ? casarray_entry_get_first (g_ptr_array_index (found, 0), ATTR_FSMO_ROLE_OWNER) : NULL;
  server_dn = owner != NULL ? casarray_dn_parent (owner) : NULL;
  if (server_dn == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND,
                   "The directory names no domain naming master (no fSMORoleOwner on %s): it is not "
                   "Active Directory", partitions_dn);
      return NULL;
    }
  {
    CasarrayQuery server = {
      .base = server_dn, .scope = CASARRAY_SCOPE_BASE, .object_class = "server", .attributes = server_attributes,
    };

    servers = search_or_empty (context, &server, cancellable, error);
  }
  if (servers == NULL)
    return NULL;
  host = servers->len > 0 ? casarray_entry_get_first (g_ptr_array_index (servers, 0), ATTR_DNS_HOST_NAME) : NULL;
  if (host == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                   "The domain naming master %s has no server object with a dNSHostName", owner);
      return NULL;
    }
  return g_strdup (host);
}
