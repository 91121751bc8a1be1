/* casarray-op-servers.c: Exchange servers and Get-/Set-ClientAccessServer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "backend/casarray-dn.h"
#include "casarray-lookup.h"
#include "casarray-op-common.h"
#include "casarray-operations.h"
#include "backend/casarray-schema.h"
#include "casarray-validate.h"
#include "model/casarray-model-private.h"

#define KNOWN_ROLES (CASARRAY_SERVER_ROLE_MAILBOX | CASARRAY_SERVER_ROLE_CLIENT_ACCESS | \
                     CASARRAY_SERVER_ROLE_UNIFIED_MESSAGING | CASARRAY_SERVER_ROLE_HUB_TRANSPORT | \
                     CASARRAY_SERVER_ROLE_EDGE)

static void
not_found (GError    **error,
           const char *noun,
           const char *identity)
{
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND,
               "The operation couldn't be performed because %s “%s” couldn't be found.",
               noun, identity);
}

GPtrArray *
casarray_op_get_exchange_servers (CasarrayContext  *context,
                                  const char       *identity,
                                  GCancellable     *cancellable,
                                  GError          **error)
{
  g_autoptr(GPtrArray) servers = casarray_lookup_all (context, CASARRAY_KIND_SERVER, identity, TRUE,
                                                     cancellable, error);
  GPtrArray *models;

  if (servers == NULL)
    return NULL;
  if (identity != NULL && !casarray_lookup_is_wildcard (identity) && servers->len == 0)
    {
      not_found (error, "Exchange server", identity);
      return NULL;
    }
  models = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < servers->len; i++)
    g_ptr_array_add (models, casarray_server_new_from_entry (g_ptr_array_index (servers, i)));
  casarray_op_sort_by_name (models);
  return models;
}

/* Exchange's encoding of "Version M.m (Build B.r)" in versionNumber (this
 * project's reading: it gives 1937801568 for 14.0.352, the Exchange 2010
 * threshold of the reference). */
static gboolean
parse_version (const char  *admin_display_version,
               guint       *version_number,
               GError     **error)
{
  unsigned major = 0, minor = 0, build = 0, revision = 0;

  if (sscanf (admin_display_version, "Version %u.%u (Build %u.%u)", &major, &minor, &build, &revision) != 4 ||
      major > 63 || minor > 63 || build > 0x7fff)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an Exchange version; write it as EMS shows it, e.g. "
                   "“" CASARRAY_DEFAULT_ADMIN_DISPLAY_VERSION "”.", admin_display_version);
      return FALSE;
    }
  *version_number = 0x70000000u | (major << 22) | (minor << 16) | 0x8000u | build;
  return TRUE;
}

static gboolean
validate_server_name (const char  *name,
                      GError     **error)
{
  /* A server name is its computer name: one DNS label. */
  if (!casarray_validate_object_name ("Exchange server", name, error))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      {
        g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                     "The Exchange server name “%s” is not a computer name: use letters, digits "
                     "and hyphens only.", name);
        return FALSE;
      }
  if (strlen (name) > 63 || name[0] == '-')
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "The Exchange server name “%s” is not a valid host label.", name);
      return FALSE;
    }
  return TRUE;
}

CasarrayServer *
casarray_op_new_exchange_server (CasarrayContext     *context,
                                 const char          *name,
                                 const char          *fqdn,
                                 const char          *site,
                                 CasarrayServerRole   roles,
                                 const char          *admin_display_version,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  static const char * const classes[] = { "top", CASARRAY_CLASS_SERVER, CASARRAY_CLASS_EXCHANGE_SERVER, NULL };
  const CasarrayOrganization *organization;
  g_autofree char *clean_fqdn = NULL;
  g_autofree char *fqdn_value = NULL;
  g_autofree char *netbios = NULL;
  g_autofree char *ncalrpc = NULL;
  g_autofree char *legacy_dn = NULL;
  g_autofree char *roles_text = NULL;
  g_autofree char *version_text = NULL;
  g_autoptr(CasarrayEntry) site_entry = NULL;
  g_autoptr(CasarrayEntry) entry = NULL;
  g_autoptr(CasarrayEntry) stored = NULL;
  g_autoptr(GPtrArray) clashes = NULL;
  guint version_number = 0;

  if (admin_display_version == NULL)
    admin_display_version = CASARRAY_DEFAULT_ADMIN_DISPLAY_VERSION;
  if (!validate_server_name (name, error) ||
      (clean_fqdn = casarray_validate_fqdn (fqdn, error)) == NULL ||
      !parse_version (admin_display_version, &version_number, error))
    return NULL;
  if ((roles & ~KNOWN_ROLES) != 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "The roles 0x%x include bits that are no Exchange role.", (guint) roles);
      return NULL;
    }
  organization = casarray_context_get_organization (context, cancellable, error);
  if (organization == NULL)
    return NULL;
  site_entry = casarray_lookup_one (context, CASARRAY_KIND_SITE, site, cancellable, error);
  if (site_entry == NULL)
    return NULL;

  /* Servers and arrays share one namespace (their legacyExchangeDN). */
  fqdn_value = g_strconcat (CASARRAY_FQDN_PREFIX, clean_fqdn, NULL);
  clashes = casarray_lookup_by_values (context, CASARRAY_KIND_ENDPOINT, CASARRAY_ATTR_CN,
                                       (const char * const []) { name, NULL }, cancellable, error);
  if (clashes == NULL)
    return NULL;
  if (clashes->len > 0)
    {
      casarray_op_set_endpoint_name_exists (error, name);
      return NULL;
    }
  g_clear_pointer (&clashes, g_ptr_array_unref);
  clashes = casarray_lookup_by_values (context, CASARRAY_KIND_ENDPOINT, CASARRAY_ATTR_NETWORK_ADDRESS,
                                       (const char * const []) { fqdn_value, NULL }, cancellable, error);
  if (clashes == NULL)
    return NULL;
  if (clashes->len > 0)
    {
      g_autofree char *holder = casarray_schema_entry_name (g_ptr_array_index (clashes, 0));
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS,
                   "The FQDN %s is already used by “%s”.", clean_fqdn, holder);
      return NULL;
    }

  entry = casarray_op_new_entry (name, organization->servers_dn, classes, error);
  if (entry == NULL)
    return NULL;
  netbios = g_strconcat ("netbios:", name, NULL);
  ncalrpc = g_strconcat ("ncalrpc:", name, NULL);
  legacy_dn = casarray_schema_server_legacy_dn (organization->name, name);
  roles_text = g_strdup_printf ("%u", (guint) roles);
  version_text = g_strdup_printf ("%u", version_number);
  casarray_entry_add_value (entry, CASARRAY_ATTR_NETWORK_ADDRESS, fqdn_value);
  casarray_entry_add_value (entry, CASARRAY_ATTR_NETWORK_ADDRESS, netbios);
  casarray_entry_add_value (entry, CASARRAY_ATTR_NETWORK_ADDRESS, ncalrpc);
  casarray_entry_add_value (entry, CASARRAY_ATTR_SERVER_SITE, casarray_entry_get_dn (site_entry));
  casarray_entry_add_value (entry, CASARRAY_ATTR_SERVER_ROLES, roles_text);
  casarray_entry_add_value (entry, CASARRAY_ATTR_SERIAL_NUMBER, admin_display_version);
  casarray_entry_add_value (entry, CASARRAY_ATTR_VERSION_NUMBER, version_text);
  casarray_entry_add_value (entry, CASARRAY_ATTR_LEGACY_DN, legacy_dn);
  /* Renamable, as Exchange creates servers (ServerSchema.SystemFlags). */
  casarray_entry_add_value (entry, CASARRAY_ATTR_SYSTEM_FLAGS, CASARRAY_SYSTEM_FLAGS_SERVER);

  if (!casarray_op_add_new_entry (context, entry, cancellable, error, CASARRAY_OP_ENDPOINT_EXISTS_FORMAT, name))
    return NULL;
  /* Written: the read-back is not cancellable (see casarray-op-common.h). */
  stored = casarray_lookup_one (context, CASARRAY_KIND_SERVER, casarray_entry_get_dn (entry),
                                NULL, error);
  return stored != NULL ? casarray_server_new_from_entry (stored) : NULL;
}

/* What Set-ClientAccessServer puts below a server: CN=Protocols,
 * CN=Autodiscover and the Autodiscover service connection point.  A real
 * Exchange server has much more there (InformationStore, protocol
 * settings, ...); none of it is libcasarray's to delete. */
static gboolean
modelled_below_server (const CasarrayEntry *entry,
                       const char          *server_dn,
                       gpointer             user_data)
{
  const char *dn = casarray_entry_get_dn (entry);
  g_autofree char *parent = casarray_dn_parent (dn);
  g_autofree char *grandparent = casarray_dn_parent (parent);
  g_autofree char *name = casarray_dn_first_value (dn);
  const char * const *keywords;

  if (casarray_dn_equal (dn, server_dn))
    return TRUE;
  if (casarray_entry_has_object_class (entry, CASARRAY_CLASS_CONTAINER) && name != NULL)
    {
      /* cn and keywords are caseIgnoreMatch */
      if (casarray_name_equal (name, "Protocols") && casarray_dn_equal (parent, server_dn))
        return TRUE;
      if (casarray_name_equal (name, "Autodiscover") && casarray_dn_equal (grandparent, server_dn))
        return TRUE;
    }
  if (casarray_entry_has_object_class (entry, CASARRAY_CLASS_SCP))
    {
      keywords = casarray_entry_get_values (entry, CASARRAY_ATTR_KEYWORDS);
      for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
        if (casarray_name_equal (keywords[i], CASARRAY_AUTODISCOVER_KEYWORD))
          return TRUE;
    }
  return FALSE;
}

gboolean
casarray_op_remove_exchange_server (CasarrayContext     *context,
                                    const char          *identity,
                                    CasarrayRemovalPolicy policy,
                                    GCancellable        *cancellable,
                                    GError          **error)
{
  g_autoptr(CasarrayEntry) server = NULL;
  g_autoptr(GPtrArray) databases = NULL;
  g_autofree char *server_name = NULL;
  const char *dn;

  server = casarray_lookup_one (context, CASARRAY_KIND_SERVER, identity, cancellable, error);
  if (server == NULL)
    return FALSE;
  dn = casarray_entry_get_dn (server);
  server_name = casarray_schema_entry_name (server);
  databases = casarray_lookup_by_values (context, CASARRAY_KIND_DATABASE, CASARRAY_ATTR_OWNING_SERVER,
                                         (const char * const []) { dn, NULL }, cancellable, error);
  if (databases == NULL)
    return FALSE;
  if (databases->len > 0)
    {
      g_autofree char *names = casarray_op_join_names (databases, 10);
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE,
                   "The server %s still owns %u mailbox database(s): %s. Remove or move them first.",
                   server_name, databases->len, names);
      return FALSE;
    }
  /* Refused before the databases are repointed, so a refusal changes
   * nothing. */
  {
    g_autoptr(GPtrArray) below = casarray_op_check_modelled_subtree (context, dn, "Exchange server",
                                                                     server_name, modelled_below_server,
                                                                     NULL, cancellable, error);
    if (below == NULL)
      return FALSE;
  }
  if (casarray_op_is_client_access_endpoint (server) &&
      !casarray_op_release_client_access_server (context, server, policy, cancellable, error))
    return FALSE;
  /* Databases may have been repointed: finish what was asked. */
  return casarray_op_remove_modelled_subtree (context, dn, "Exchange server", server_name,
                                              modelled_below_server, NULL,
                                              policy == CASARRAY_REMOVAL_POLICY_REPOINT_DATABASES ? NULL : cancellable,
                                              error);
}

/* CN=<server>,CN=Autodiscover,CN=Protocols,<server DN> */
static char *
autodiscover_dn (const CasarrayEntry *server)
{
  g_autofree char *name = casarray_schema_entry_name (server);
  g_autofree char *protocols = casarray_dn_build ("Protocols", casarray_entry_get_dn (server), NULL);
  g_autofree char *autodiscover = casarray_dn_build ("Autodiscover", protocols, NULL);

  return casarray_dn_build (name, autodiscover, NULL);
}

/* The Autodiscover point of each server, by the server's normalised DN. */
static GHashTable *
load_autodiscover_points (CasarrayContext  *context,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_autoptr(GPtrArray) points =
    casarray_lookup_by_values (context, CASARRAY_KIND_AUTODISCOVER, CASARRAY_ATTR_KEYWORDS,
                               (const char * const []) { CASARRAY_AUTODISCOVER_KEYWORD, NULL },
                               cancellable, error);
  GHashTable *by_server;

  if (points == NULL)
    return NULL;
  by_server = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) casarray_entry_unref);
  for (guint i = 0; i < points->len; i++)
    {
      CasarrayEntry *point = g_ptr_array_index (points, i);
      g_autofree char *autodiscover = casarray_dn_parent (casarray_entry_get_dn (point));
      g_autofree char *protocols = casarray_dn_parent (autodiscover);
      g_autofree char *server = casarray_dn_parent (protocols);
      char *key = casarray_dn_normalize (server);

      if (key != NULL)
        g_hash_table_replace (by_server, key, casarray_entry_ref (point));
    }
  return by_server;
}

GPtrArray *
casarray_op_get_client_access_servers (CasarrayContext  *context,
                                       const char       *identity,
                                       GCancellable     *cancellable,
                                       GError          **error)
{
  g_autoptr(GPtrArray) servers = NULL;
  g_autoptr(GHashTable) points = NULL;
  GPtrArray *models;

  servers = casarray_lookup_all (context, CASARRAY_KIND_SERVER, identity, TRUE, cancellable, error);
  if (servers == NULL)
    return NULL;
  points = load_autodiscover_points (context, cancellable, error);
  if (points == NULL)
    return NULL;

  models = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < servers->len; i++)
    {
      CasarrayEntry *server = g_ptr_array_index (servers, i);
      g_autofree char *key = casarray_dn_normalize (casarray_entry_get_dn (server));

      if (casarray_op_is_client_access_endpoint (server))
        g_ptr_array_add (models, casarray_client_access_server_new_from_entry (
                           server, g_hash_table_lookup (points, key)));
    }
  if (identity != NULL && !casarray_lookup_is_wildcard (identity) && models->len == 0)
    {
      g_ptr_array_unref (models);
      not_found (error, "Client Access server", identity);
      return NULL;
    }
  casarray_op_sort_by_name (models);
  return models;
}

gboolean
casarray_op_set_client_access_server (CasarrayContext     *context,
                                      const char          *identity,
                                      const char          *autodiscover_service_internal_uri,
                                      const char * const  *autodiscover_site_scope,
                                      GCancellable        *cancellable,
                                      GError             **error)
{
  static const char * const container_classes[] = { "top", CASARRAY_CLASS_CONTAINER, NULL };
  static const char * const point_classes[] = {
    "top", "leaf", "connectionPoint", CASARRAY_CLASS_SCP, NULL
  };
  CasarrayBackend *backend = casarray_context_get_backend (context);
  g_autoptr(CasarrayEntry) server = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) keywords = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *point_dn = NULL;
  g_autofree char *default_uri = NULL;
  g_autofree char *server_name = NULL;
  CasarrayEntry *point = NULL;
  const char *uri;
  gboolean has_scope;
  CasarrayQuery query = {
    .scope = CASARRAY_SCOPE_BASE,
    .object_class = CASARRAY_CLASS_SCP,
    .attributes = casarray_lookup_attributes (CASARRAY_KIND_AUTODISCOVER),
  };
  GError *local_error = NULL;

  if (autodiscover_service_internal_uri != NULL && *autodiscover_service_internal_uri != '\0' &&
      !casarray_validate_http_uri (autodiscover_service_internal_uri, error))
    return FALSE;

  server = casarray_lookup_one (context, CASARRAY_KIND_SERVER, identity, cancellable, error);
  if (server == NULL)
    return FALSE;
  server_name = casarray_schema_entry_name (server);
  if (!casarray_op_is_client_access_endpoint (server))
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_CLIENT_ACCESS,
                   "The server %s does not hold the ClientAccess role.", server_name);
      return FALSE;
    }

  /* Site names are stored as EMS stores them: Site=<name of an existing site>. */
  g_ptr_array_add (keywords, g_strdup (CASARRAY_AUTODISCOVER_KEYWORD));
  for (guint i = 0; autodiscover_site_scope != NULL && autodiscover_site_scope[i] != NULL; i++)
    {
      g_autoptr(CasarrayEntry) site = casarray_lookup_one (context, CASARRAY_KIND_SITE,
                                                          autodiscover_site_scope[i], cancellable, error);
      g_autofree char *site_name = NULL;

      if (site == NULL)
        return FALSE;
      site_name = casarray_schema_entry_name (site);
      g_ptr_array_add (keywords, g_strconcat ("Site=", site_name, NULL));
    }

  point_dn = autodiscover_dn (server);
  query.base = point_dn;
  found = casarray_backend_search (backend, &query, cancellable, &local_error);
  if (found == NULL && !g_error_matches (local_error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  g_clear_error (&local_error);
  point = found != NULL && found->len > 0 ? g_ptr_array_index (found, 0) : NULL;

  /* The state after the change: each setting as given, or as it was. */
  if (autodiscover_service_internal_uri == NULL)
    uri = point != NULL ? casarray_entry_get_first (point, CASARRAY_ATTR_BINDING_INFO) : NULL;
  else
    uri = *autodiscover_service_internal_uri != '\0' ? autodiscover_service_internal_uri : NULL;
  if (autodiscover_site_scope != NULL)
    has_scope = autodiscover_site_scope[0] != NULL;
  else
    {
      has_scope = FALSE;
      if (point != NULL)
        {
          const char * const *old = casarray_entry_get_values (point, CASARRAY_ATTR_KEYWORDS);
          g_ptr_array_set_size (keywords, 0);
          for (guint i = 0; old != NULL && old[i] != NULL; i++)
            {
              g_ptr_array_add (keywords, g_strdup (old[i]));
              has_scope = has_scope || g_ascii_strncasecmp (old[i], "Site=", 5) == 0;
            }
        }
      else
        has_scope = FALSE;
    }

  /* Both null: the point goes, as in Exchange. */
  if (uri == NULL && !has_scope)
    return point == NULL || casarray_backend_remove (backend, point_dn, cancellable, error);

  if (point == NULL)
    {
      /* Containers, then the point: all of it, once started. */
      g_autofree char *autodiscover = casarray_dn_parent (point_dn);
      g_autofree char *protocols = casarray_dn_parent (autodiscover);
      g_autoptr(CasarrayEntry) entry = NULL;
      const char *fqdn = casarray_schema_entry_fqdn (server);

      if (uri == NULL)
        uri = default_uri = g_strdup_printf ("https://%s/Autodiscover/Autodiscover.xml",
                                             fqdn != NULL ? fqdn : server_name);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      cancellable = NULL;
      if (!casarray_op_ensure_container (context, "Protocols", casarray_entry_get_dn (server),
                                         container_classes, CASARRAY_SYSTEM_FLAGS_RENAMABLE,
                                         cancellable, error) ||
          !casarray_op_ensure_container (context, "Autodiscover", protocols, container_classes,
                                         CASARRAY_SYSTEM_FLAGS_RENAMABLE, cancellable, error))
        return FALSE;
      entry = casarray_op_new_entry (server_name, autodiscover, point_classes, error);
      if (entry == NULL)
        return FALSE;
      casarray_entry_add_value (entry, CASARRAY_ATTR_BINDING_INFO, uri);
      for (guint i = 0; i < keywords->len; i++)
        casarray_entry_add_value (entry, CASARRAY_ATTR_KEYWORDS, g_ptr_array_index (keywords, i));
      return casarray_backend_add (backend, entry, cancellable, error);
    }
  else
    {
      g_autoptr(GPtrArray) mods = casarray_op_new_mods ();
      CasarrayMod *replace_keywords = casarray_mod_new (CASARRAY_MOD_REPLACE, CASARRAY_ATTR_KEYWORDS, NULL);

      g_ptr_array_add (mods, casarray_mod_new (CASARRAY_MOD_REPLACE, CASARRAY_ATTR_BINDING_INFO, uri));
      g_ptr_array_add (keywords, NULL);
      replace_keywords->values = g_strdupv ((GStrv) keywords->pdata);
      g_ptr_array_add (mods, replace_keywords);
      return casarray_backend_modify (backend, point_dn, mods, cancellable, error);
    }
}
