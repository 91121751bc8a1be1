/* casarray-options.c: the filter of the Get- calls and the change sets of
 * the Set- and New- calls
 *
 * All five types are the same thing: a GObject around a CasarrayOptions
 * (casarray-options-private.h) with a setter per field the type takes.
 * DEFINE_OPTIONS_TYPE writes the GObject part once for all of them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <casarray/casarray.h>

#include "casarray-options-private.h"

/* The layout every options type shares (see casarray_options_peek()). */
typedef struct {
  GObject         parent_instance;
  CasarrayOptions options;
} OptionsObject;

static void
options_clear (CasarrayOptions *options)
{
  g_free (options->server);
  g_free (options->site);
  g_free (options->name);
  g_free (options->fqdn);
  g_free (options->rpc_client_access_server);
  g_free (options->edb_file_path);
  g_free (options->log_folder_path);
  g_free (options->autodiscover_service_internal_uri);
  g_strfreev (options->autodiscover_site_scope);
  g_free (options->admin_display_version);
}

static void
options_object_finalize (GObject *object)
{
  options_clear (&((OptionsObject *) object)->options);
  /* every options type derives from GObject directly */
  G_OBJECT_CLASS (g_type_class_peek (G_TYPE_OBJECT))->finalize (object);
}

const CasarrayOptions *
casarray_options_peek (gpointer object)
{
  static const CasarrayOptions none;

  return object != NULL ? &((OptionsObject *) object)->options : &none;
}

static void
replace (char **field, const char *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

#define DEFINE_OPTIONS_TYPE(TypeName, type_name)                         \
  struct _##TypeName { GObject parent_instance; CasarrayOptions options; }; \
  G_DEFINE_FINAL_TYPE (TypeName, type_name, G_TYPE_OBJECT)               \
  static void type_name##_class_init (TypeName##Class *klass)            \
  {                                                                      \
    G_OBJECT_CLASS (klass)->finalize = options_object_finalize;          \
  }                                                                      \
  static void type_name##_init (TypeName *self) {}

/**
 * CasarrayFilter:
 *
 * What a Get- call lists besides its identity: only the mailbox
 * databases of one server (casarray_filter_set_server()), only the array
 * of one site (casarray_filter_set_site()), and #CasarrayGetFlags.  A call
 * given a filter it does not take fails with
 * %CASARRAY_ERROR_INVALID_ARGUMENT rather than ignore it.
 *
 * A filter is read by the worker thread of an `_async` call: do not change
 * it until the call has finished.
 */
DEFINE_OPTIONS_TYPE (CasarrayFilter, casarray_filter)

/**
 * casarray_filter_new:
 *
 * Creates a #CasarrayFilter.
 *
 * Returns: (transfer full): a filter that filters nothing
 */
CasarrayFilter *
casarray_filter_new (void)
{
  return g_object_new (casarray_filter_get_type (), NULL);
}

/**
 * casarray_filter_set_server:
 * @self: a #CasarrayFilter
 * @server: (nullable): a Mailbox server (name, DN, GUID, FQDN or
 *   legacyExchangeDN), or %NULL for any
 *
 * Lists only the mailbox databases this server owns
 * (`Get-MailboxDatabase -Server`).
 */
void
casarray_filter_set_server (CasarrayFilter *self, const char *server)
{
  g_return_if_fail (CASARRAY_IS_FILTER (self));
  replace (&self->options.server, server);
}

/**
 * casarray_filter_get_server:
 * @self: a #CasarrayFilter
 *
 * Gets the server set with casarray_filter_set_server().
 *
 * Returns: (nullable): the server filter
 */
const char *
casarray_filter_get_server (CasarrayFilter *self)
{
  g_return_val_if_fail (CASARRAY_IS_FILTER (self), NULL);
  return self->options.server;
}

/**
 * casarray_filter_set_site:
 * @self: a #CasarrayFilter
 * @site: (nullable): a site (name, DN or GUID), or %NULL for any
 *
 * Lists only the client access array of this site
 * (`Get-ClientAccessArray -Site`).
 */
void
casarray_filter_set_site (CasarrayFilter *self, const char *site)
{
  g_return_if_fail (CASARRAY_IS_FILTER (self));
  replace (&self->options.site, site);
}

/**
 * casarray_filter_get_site:
 * @self: a #CasarrayFilter
 *
 * Gets the site set with casarray_filter_set_site().
 *
 * Returns: (nullable): the site filter
 */
const char *
casarray_filter_get_site (CasarrayFilter *self)
{
  g_return_val_if_fail (CASARRAY_IS_FILTER (self), NULL);
  return self->options.site;
}

/**
 * casarray_filter_set_flags:
 * @self: a #CasarrayFilter
 * @flags: the options
 *
 * Sets the #CasarrayGetFlags, replacing those set before.
 */
void
casarray_filter_set_flags (CasarrayFilter *self, CasarrayGetFlags flags)
{
  g_return_if_fail (CASARRAY_IS_FILTER (self));
  self->options.flags = flags;
}

/**
 * casarray_filter_get_flags:
 * @self: a #CasarrayFilter
 *
 * Gets the flags set with casarray_filter_set_flags().
 *
 * Returns: the #CasarrayGetFlags
 */
CasarrayGetFlags
casarray_filter_get_flags (CasarrayFilter *self)
{
  g_return_val_if_fail (CASARRAY_IS_FILTER (self), CASARRAY_GET_NONE);
  return self->options.flags;
}

/**
 * CasarrayMailboxDatabaseChanges:
 *
 * The attributes casarray_directory_set_mailbox_database_sync() changes
 * (and the paths casarray_directory_new_mailbox_database_sync() uses);
 * whatever is not set is left as it is.  Do not change it while an
 * `_async` call that was given it runs.
 */
DEFINE_OPTIONS_TYPE (CasarrayMailboxDatabaseChanges, casarray_mailbox_database_changes)

/**
 * casarray_mailbox_database_changes_new:
 *
 * Creates a #CasarrayMailboxDatabaseChanges.
 *
 * Returns: (transfer full): a change set that changes nothing
 */
CasarrayMailboxDatabaseChanges *
casarray_mailbox_database_changes_new (void)
{
  return g_object_new (casarray_mailbox_database_changes_get_type (), NULL);
}

/**
 * casarray_mailbox_database_changes_set_rpc_client_access_server:
 * @self: a #CasarrayMailboxDatabaseChanges
 * @rpc_client_access_server: the new RpcClientAccessServer: an existing CAS
 *   server or client access array, by name, DN, GUID, FQDN or
 *   legacyExchangeDN
 *
 * Changes the RpcClientAccessServer (Set-MailboxDatabase only: New-
 * chooses it as Exchange does).
 */
void
casarray_mailbox_database_changes_set_rpc_client_access_server (CasarrayMailboxDatabaseChanges *self,
                                                                const char *rpc_client_access_server)
{
  g_return_if_fail (CASARRAY_IS_MAILBOX_DATABASE_CHANGES (self));
  g_return_if_fail (rpc_client_access_server != NULL);
  replace (&self->options.rpc_client_access_server, rpc_client_access_server);
}

/**
 * casarray_mailbox_database_changes_set_edb_file_path:
 * @self: a #CasarrayMailboxDatabaseChanges
 * @edb_file_path: the database file
 *
 * Sets the EdbFilePath (unset: the Exchange default for a new database).
 */
void
casarray_mailbox_database_changes_set_edb_file_path (CasarrayMailboxDatabaseChanges *self,
                                                     const char *edb_file_path)
{
  g_return_if_fail (CASARRAY_IS_MAILBOX_DATABASE_CHANGES (self));
  g_return_if_fail (edb_file_path != NULL);
  replace (&self->options.edb_file_path, edb_file_path);
}

/**
 * casarray_mailbox_database_changes_set_log_folder_path:
 * @self: a #CasarrayMailboxDatabaseChanges
 * @log_folder_path: the log folder
 *
 * Sets the LogFolderPath (unset: the Exchange default for a new database).
 */
void
casarray_mailbox_database_changes_set_log_folder_path (CasarrayMailboxDatabaseChanges *self,
                                                       const char *log_folder_path)
{
  g_return_if_fail (CASARRAY_IS_MAILBOX_DATABASE_CHANGES (self));
  g_return_if_fail (log_folder_path != NULL);
  replace (&self->options.log_folder_path, log_folder_path);
}

/**
 * CasarrayClientAccessServerChanges:
 *
 * The Autodiscover settings casarray_directory_set_client_access_server_sync()
 * changes; whatever is not set is left as it is.
 */
DEFINE_OPTIONS_TYPE (CasarrayClientAccessServerChanges, casarray_client_access_server_changes)

/**
 * casarray_client_access_server_changes_new:
 *
 * Creates a #CasarrayClientAccessServerChanges.
 *
 * Returns: (transfer full): a change set that changes nothing
 */
CasarrayClientAccessServerChanges *
casarray_client_access_server_changes_new (void)
{
  return g_object_new (casarray_client_access_server_changes_get_type (), NULL);
}

/**
 * casarray_client_access_server_changes_set_autodiscover_service_internal_uri:
 * @self: a #CasarrayClientAccessServerChanges
 * @uri: the new AutoDiscoverServiceInternalUri (an absolute https:// or
 *   http:// URI), or "" to clear it
 *
 * Changes the AutoDiscoverServiceInternalUri.
 */
void
casarray_client_access_server_changes_set_autodiscover_service_internal_uri (CasarrayClientAccessServerChanges *self,
                                                                             const char *uri)
{
  g_return_if_fail (CASARRAY_IS_CLIENT_ACCESS_SERVER_CHANGES (self));
  g_return_if_fail (uri != NULL);
  replace (&self->options.autodiscover_service_internal_uri, uri);
}

/**
 * casarray_client_access_server_changes_set_autodiscover_site_scope:
 * @self: a #CasarrayClientAccessServerChanges
 * @sites: (array zero-terminated=1): the names of existing sites, or an
 *   empty array to clear the scope
 *
 * Changes the AutoDiscoverSiteScope.
 */
void
casarray_client_access_server_changes_set_autodiscover_site_scope (CasarrayClientAccessServerChanges *self,
                                                                   const char * const *sites)
{
  g_return_if_fail (CASARRAY_IS_CLIENT_ACCESS_SERVER_CHANGES (self));
  g_return_if_fail (sites != NULL);
  g_strfreev (self->options.autodiscover_site_scope);
  self->options.autodiscover_site_scope = g_strdupv ((char **) sites);
}

/**
 * CasarrayClientAccessArrayChanges:
 *
 * What casarray_directory_set_client_access_array_sync() changes;
 * whatever is not set is left as it is.
 */
DEFINE_OPTIONS_TYPE (CasarrayClientAccessArrayChanges, casarray_client_access_array_changes)

/**
 * casarray_client_access_array_changes_new:
 *
 * Creates a #CasarrayClientAccessArrayChanges.
 *
 * Returns: (transfer full): a change set that changes nothing
 */
CasarrayClientAccessArrayChanges *
casarray_client_access_array_changes_new (void)
{
  return g_object_new (casarray_client_access_array_changes_get_type (), NULL);
}

/**
 * casarray_client_access_array_changes_set_name:
 * @self: a #CasarrayClientAccessArrayChanges
 * @name: the new name
 *
 * Renames the array.
 */
void
casarray_client_access_array_changes_set_name (CasarrayClientAccessArrayChanges *self, const char *name)
{
  g_return_if_fail (CASARRAY_IS_CLIENT_ACCESS_ARRAY_CHANGES (self));
  g_return_if_fail (name != NULL);
  replace (&self->options.name, name);
}

/**
 * casarray_client_access_array_changes_set_fqdn:
 * @self: a #CasarrayClientAccessArrayChanges
 * @fqdn: the new FQDN
 *
 * Changes the FQDN, by compare-and-set.  Databases resolve their
 * RpcClientAccessServer through the array's legacyExchangeDN, which does
 * not change, so they follow the new FQDN.
 */
void
casarray_client_access_array_changes_set_fqdn (CasarrayClientAccessArrayChanges *self, const char *fqdn)
{
  g_return_if_fail (CASARRAY_IS_CLIENT_ACCESS_ARRAY_CHANGES (self));
  g_return_if_fail (fqdn != NULL);
  replace (&self->options.fqdn, fqdn);
}

/**
 * casarray_client_access_array_changes_set_site:
 * @self: a #CasarrayClientAccessArrayChanges
 * @site: a site (name, DN or GUID) that has no array yet
 *
 * Moves the array to another site.
 */
void
casarray_client_access_array_changes_set_site (CasarrayClientAccessArrayChanges *self, const char *site)
{
  g_return_if_fail (CASARRAY_IS_CLIENT_ACCESS_ARRAY_CHANGES (self));
  g_return_if_fail (site != NULL);
  replace (&self->options.site, site);
}

/**
 * CasarrayExchangeServerChanges:
 *
 * The attributes of a server casarray_directory_new_exchange_server_sync()
 * writes: the FQDN and the site must be set, the roles default to none
 * and the version to "Version 14.3 (Build 123.4)".
 */
DEFINE_OPTIONS_TYPE (CasarrayExchangeServerChanges, casarray_exchange_server_changes)

/**
 * casarray_exchange_server_changes_new:
 *
 * Creates a #CasarrayExchangeServerChanges.
 *
 * Returns: (transfer full): a change set with nothing set
 */
CasarrayExchangeServerChanges *
casarray_exchange_server_changes_new (void)
{
  return g_object_new (casarray_exchange_server_changes_get_type (), NULL);
}

/**
 * casarray_exchange_server_changes_set_fqdn:
 * @self: a #CasarrayExchangeServerChanges
 * @fqdn: the server's FQDN
 *
 * Sets the FQDN (dNSHostName).
 */
void
casarray_exchange_server_changes_set_fqdn (CasarrayExchangeServerChanges *self, const char *fqdn)
{
  g_return_if_fail (CASARRAY_IS_EXCHANGE_SERVER_CHANGES (self));
  g_return_if_fail (fqdn != NULL);
  replace (&self->options.fqdn, fqdn);
}

/**
 * casarray_exchange_server_changes_set_site:
 * @self: a #CasarrayExchangeServerChanges
 * @site: the server's site (name, DN or GUID)
 *
 * Sets the site.
 */
void
casarray_exchange_server_changes_set_site (CasarrayExchangeServerChanges *self, const char *site)
{
  g_return_if_fail (CASARRAY_IS_EXCHANGE_SERVER_CHANGES (self));
  g_return_if_fail (site != NULL);
  replace (&self->options.site, site);
}

/**
 * casarray_exchange_server_changes_set_roles:
 * @self: a #CasarrayExchangeServerChanges
 * @roles: the roles the server holds
 *
 * Sets the roles.
 */
void
casarray_exchange_server_changes_set_roles (CasarrayExchangeServerChanges *self, CasarrayServerRole roles)
{
  g_return_if_fail (CASARRAY_IS_EXCHANGE_SERVER_CHANGES (self));
  self->options.has_roles = TRUE;
  self->options.roles = roles;
}

/**
 * casarray_exchange_server_changes_set_admin_display_version:
 * @self: a #CasarrayExchangeServerChanges
 * @admin_display_version: the version as EMS shows it, "Version 14.3
 *   (Build 123.4)"
 *
 * Sets the version.
 */
void
casarray_exchange_server_changes_set_admin_display_version (CasarrayExchangeServerChanges *self,
                                                            const char *admin_display_version)
{
  g_return_if_fail (CASARRAY_IS_EXCHANGE_SERVER_CHANGES (self));
  g_return_if_fail (admin_display_version != NULL);
  replace (&self->options.admin_display_version, admin_display_version);
}
