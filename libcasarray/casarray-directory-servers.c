/* casarray-directory-servers.c: handles for one server of a replicated
 * directory (-DomainController), and the single creation point
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A replicated directory accepts writes on every server, so "one client
 * access array per site" is atomic only if every creation runs on one of
 * them.  This file picks that server (the creation point) and makes the
 * handle that talks to it; casarray-call.c sends the calls whose
 * descriptor asks for it there (docs/concurrency.md, layer 1).
 */
#include "config.h"

#include <string.h>

#include <casarray/casarray.h>

#include "casarray-directory-private.h"
#include "store/casarray-store-backend.h"
#include "operations/casarray-op-domain-controllers.h"

/* The servers of @uri, in order (libldap's separators: spaces, commas). */
static GStrv
split_uris (const char *uri)
{
  g_auto(GStrv) parts = g_strsplit_set (uri, " ,", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

static gboolean
is_server_uri (const char *uri)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);

  return scheme != NULL &&
         (g_ascii_strcasecmp (scheme, "ldap") == 0 || g_ascii_strcasecmp (scheme, "ldaps") == 0 ||
          g_ascii_strcasecmp (scheme, "ldapi") == 0);
}

/* A handle on @uri with a copy of @self's settings: same bind DN, the same
 * password source (referenced, so a function or file given once serves
 * both), SASL, TLS, timeouts, configuration DN and creation settings. */
static CasarrayDirectory *
new_sharing_settings (CasarrayDirectory *self,
                      const char        *uri)
{
  CasarrayDirectory *other = casarray_directory_new (uri);

  g_mutex_lock (&self->lock);
  /* the new handle's init allocated nothing the copy overwrites */
  casarray_directory_settings_copy_locked (self, &other->settings);
  g_mutex_unlock (&self->lock);
  other->settings.generation = 0;
  return other;
}

/* `scheme://server` for a host name or host:port, in the scheme of the
 * handle's first URI; a full URI is taken as it is. */
static char *
server_uri (CasarrayDirectory  *self,
            const char         *server,
            GError            **error)
{
  g_auto(GStrv) uris = NULL;
  g_autofree char *scheme = NULL;

  if (server[0] == '\0' || strpbrk (server, " ,/") != NULL)
    {
      if (strstr (server, "://") != NULL && strpbrk (server, " ,") == NULL && is_server_uri (server))
        return g_strdup (server);
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a server: give a host name, host:port or one ldap://, ldaps:// URI", server);
      return NULL;
    }
  uris = split_uris (self->uri);
  if (uris[0] == NULL || !is_server_uri (uris[0]))
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "%s is not a directory server, so it has no other server %s", self->uri, server);
      return NULL;
    }
  scheme = g_uri_parse_scheme (uris[0]);
  if (g_ascii_strcasecmp (scheme, "ldapi") == 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "%s is a local socket; name the server %s with an ldap:// or ldaps:// URI", uris[0], server);
      return NULL;
    }
  return g_strdup_printf ("%s://%s", scheme, server);
}

/**
 * casarray_directory_new_for_server:
 * @self: a #CasarrayDirectory on a directory server (or several)
 * @server: the server to talk to: a host name (`dc2.contoso.com`), a
 *   `host:port`, or one `ldap://` or `ldaps://` URI
 * @error: return location for a #GError
 *
 * Creates a handle on one server of the same directory, like EMS's
 * `-DomainController`: the URI has @self's scheme (a host name given to a
 * handle on `ldaps://dc1.contoso.com` becomes `ldaps://<host>`), and every
 * setting is @self's as it is now: bind DN, password source (shared, not
 * copied: a password function is called by both handles), SASL mechanism
 * and authorization ID, StartTLS, CA file and verification, timeouts, the
 * configuration DN and the creation settings. Later changes to either
 * handle do not reach the other.
 *
 * Every call on the new handle runs on that server only (no failover), on
 * one connection, so a read after a write on it sees the write. Nothing is
 * contacted until its first call.
 *
 * Returns: (transfer full): a new #CasarrayDirectory, or %NULL with @error
 *   set (%CASARRAY_ERROR_INVALID_ARGUMENT: @server is not a host name,
 *   host:port or URI, or @self is the embedded store or an `ldapi://`
 *   socket, which have no other servers)
 *
 * Since: 1.0
 */
CasarrayDirectory *
casarray_directory_new_for_server (CasarrayDirectory  *self,
                                   const char         *server,
                                   GError            **error)
{
  g_autofree char *uri = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = server_uri (self, server, error);
  if (uri == NULL)
    return NULL;
  return new_sharing_settings (self, uri);
}

/**
 * casarray_directory_set_creation_server:
 * @self: a #CasarrayDirectory
 * @server: (nullable): the creation point: a host name, host:port or
 *   URI (as for casarray_directory_new_for_server()); %NULL for the first
 *   server of #CasarrayDirectory:uri
 *
 * Sets the one server where client access arrays are created, and where
 * an array's site change or rename is made: `New-ClientAccessArray` and
 * `Set-ClientAccessArray -Site` or `-Name` run there, whichever server the
 * handle's other calls use, so that writers sharing the creation point
 * never create two arrays in a site on two replicas (see the concurrency
 * documentation). Every writer of the organisation must name the same
 * server. Takes effect at the next such call; `casarray --creation-server`.
 *
 * With %NULL, the creation point is the first server of the handle's URI
 * list; on Active Directory, when the list names several servers, it is
 * the domain naming master (casarray_directory_get_domain_naming_master_sync()),
 * as the URI of the list whose host is its `dNSHostName`, else by that
 * name in the list's scheme (so it must resolve; name it here otherwise).
 *
 * Since: 1.0
 */
void
casarray_directory_set_creation_server (CasarrayDirectory *self,
                                        const char        *server)
{
  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));

  g_mutex_lock (&self->lock);
  g_free (self->settings.creation_server);
  self->settings.creation_server = server != NULL && server[0] != '\0' ? g_strdup (server) : NULL;
  g_mutex_unlock (&self->lock);
}

/**
 * casarray_directory_dup_creation_server:
 * @self: a #CasarrayDirectory
 *
 * Gets what casarray_directory_set_creation_server() set.
 *
 * Returns: (transfer full) (nullable): a copy of the creation server, or
 *   %NULL for the first server of #CasarrayDirectory:uri
 *
 * Since: 1.0
 */
char *
casarray_directory_dup_creation_server (CasarrayDirectory *self)
{
  char *server;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);

  g_mutex_lock (&self->lock);
  server = g_strdup (self->settings.creation_server);
  g_mutex_unlock (&self->lock);
  return server;
}

/**
 * casarray_directory_set_allow_any_creation_server:
 * @self: a #CasarrayDirectory
 * @allow: %TRUE to create on another server when the creation point
 *   cannot be used
 *
 * By default (%FALSE), a creation, site change or rename of a client
 * access array whose creation point (see
 * casarray_directory_set_creation_server()) does not answer fails with
 * the error of that server (%CASARRAY_ERROR_CONNECTION,
 * %CASARRAY_ERROR_TIMEOUT, ...), in a message that names it. %TRUE
 * accepts the risk: the call then runs on the server the handle's other
 * calls use, where a writer on another replica may create an array for the
 * same site at the same time (the audit and the repair merge them later).
 * `casarray --allow-any-server`.
 *
 * Since: 1.0
 */
void
casarray_directory_set_allow_any_creation_server (CasarrayDirectory *self,
                                                  gboolean           allow)
{
  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));

  g_mutex_lock (&self->lock);
  self->settings.allow_any_creation_server = allow != FALSE;
  g_mutex_unlock (&self->lock);
}

/**
 * casarray_directory_get_allow_any_creation_server:
 * @self: a #CasarrayDirectory
 *
 * Gets what casarray_directory_set_allow_any_creation_server() set.
 *
 * Returns: whether creations may run elsewhere when the creation point is
 *   down
 *
 * Since: 1.0
 */
gboolean
casarray_directory_get_allow_any_creation_server (CasarrayDirectory *self)
{
  gboolean allow;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), FALSE);

  g_mutex_lock (&self->lock);
  allow = self->settings.allow_any_creation_server;
  g_mutex_unlock (&self->lock);
  return allow;
}

/* On AD, for a handle listing several DCs: the domain naming master, as
 * the URI of the list that names its host, else in the list's scheme.
 * NULL without @error on a directory that has none (OpenLDAP). */
static char *
naming_master_uri (CasarrayDirectory  *self,
                   char              **uris,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autoptr(CasarrayContext) context = casarray_directory_get_context (self, cancellable, error);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *host = NULL;

  if (context == NULL)
    return NULL;
  host = casarray_op_get_domain_naming_master (context, cancellable, &local_error);
  if (host == NULL)
    {
      if (!g_error_matches (local_error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  for (guint i = 0; uris[i] != NULL; i++)
    {
      g_autoptr(GUri) parsed = g_uri_parse (uris[i], G_URI_FLAGS_NON_DNS, NULL);

      if (parsed != NULL && g_uri_get_host (parsed) != NULL &&
          g_ascii_strcasecmp (g_uri_get_host (parsed), host) == 0)
        return g_strdup (uris[i]);
    }
  return server_uri (self, host, error);
}

CasarrayDirectory *
casarray_directory_get_creation_target (CasarrayDirectory  *self,
                                        GCancellable       *cancellable,
                                        GError            **error)
{
  g_auto(GStrv) uris = split_uris (self->uri);
  g_autofree char *configured = casarray_directory_dup_creation_server (self);
  g_autofree char *uri = NULL;
  g_autoptr(CasarrayDirectory) target = NULL;
  g_autoptr(CasarrayContext) context = NULL;
  g_autoptr(GError) local_error = NULL;

  /* the embedded store has one writer at a time; a lone server is its
   * own creation point */
  if (uris[0] == NULL || !is_server_uri (uris[0]))
    return g_object_ref (self);
  if (configured != NULL)
    {
      uri = server_uri (self, configured, error);
      if (uri == NULL)
        return NULL;
    }
  else if (uris[1] != NULL && (uri = naming_master_uri (self, uris, cancellable, &local_error)) == NULL &&
           local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (uri == NULL)
    uri = g_strdup (uris[0]);
  if (uris[1] == NULL && g_ascii_strcasecmp (uri, uris[0]) == 0)
    return g_object_ref (self);

  target = new_sharing_settings (self, uri);
  context = casarray_directory_get_context (target, cancellable, &local_error);
  if (context != NULL)
    return g_steal_pointer (&target);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      !casarray_directory_get_allow_any_creation_server (self))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Client access arrays are created, moved and renamed only on %s, "
                                  "the creation server, so that two servers never create one for the same "
                                  "site at once, and it cannot be used; bring it back, choose another "
                                  "creation server, or allow any server (and repair afterwards): ", uri);
      return NULL;
    }
  g_debug ("creation server %s cannot be used (%s); creating on the handle's own server",
           uri, local_error->message);
  return g_object_ref (self);
}

/**
 * casarray_directory_get_domain_controllers_sync:
 * @self: a #CasarrayDirectory
 * @site: (nullable): a site name, or %NULL for every site
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists the domain controllers of an Active Directory forest from its
 * configuration partition: the server objects below `CN=Sites` that have
 * an NTDS Settings (`nTDSDSA`) child, by their `dNSHostName`, sorted; only
 * those of @site when it is given. Each name can be given to
 * casarray_directory_new_for_server() or `-DomainController`.
 *
 * OpenLDAP and the embedded store hold no such objects: the list is then
 * empty, not an error (their servers are the ones the URI names).
 *
 * This call blocks, also behind the first connect of the handle.
 *
 * Returns: (transfer full) (array zero-terminated=1): the host names
 *   (possibly none), or %NULL with @error set
 *
 * Since: 1.0
 */
char **
casarray_directory_get_domain_controllers_sync (CasarrayDirectory  *self,
                                                const char         *site,
                                                GCancellable       *cancellable,
                                                GError            **error)
{
  g_autoptr(CasarrayContext) context = NULL;
  g_autoptr(GPtrArray) dcs = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL || (dcs = casarray_op_get_domain_controllers (context, cancellable, error)) == NULL)
    return NULL;
  for (guint i = 0; i < dcs->len; i++)
    {
      CasarrayDomainController *dc = g_ptr_array_index (dcs, i);

      if (site == NULL || (dc->site != NULL && g_ascii_strcasecmp (dc->site, site) == 0))
        g_strv_builder_add (names, dc->host_name);
    }
  return g_strv_builder_end (names);
}

/**
 * casarray_directory_get_site_domain_controller_sync:
 * @self: a #CasarrayDirectory
 * @site: a site name
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Says which domain controller the clients of @site would use: the first
 * (by host name) of those in @site, else, when the site has none, the first
 * of the forest (AD's clients then fall back to a DC of another site).
 *
 * Returns: (transfer full): the DC's host name, or %NULL with @error set
 *   (%CASARRAY_ERROR_NOT_FOUND when the directory lists no domain
 *   controller at all, as on OpenLDAP)
 *
 * Since: 1.0
 */
char *
casarray_directory_get_site_domain_controller_sync (CasarrayDirectory  *self,
                                                    const char         *site,
                                                    GCancellable       *cancellable,
                                                    GError            **error)
{
  g_autoptr(CasarrayContext) context = NULL;
  g_autoptr(GPtrArray) dcs = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (site != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL || (dcs = casarray_op_get_domain_controllers (context, cancellable, error)) == NULL)
    return NULL;
  for (guint i = 0; i < dcs->len; i++)
    {
      CasarrayDomainController *dc = g_ptr_array_index (dcs, i);

      if (dc->site != NULL && g_ascii_strcasecmp (dc->site, site) == 0)
        return g_strdup (dc->host_name);
    }
  if (dcs->len > 0)
    return g_strdup (((CasarrayDomainController *) g_ptr_array_index (dcs, 0))->host_name);
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND,
               "The directory lists no domain controllers (it is not Active Directory)");
  return NULL;
}

/**
 * casarray_directory_get_domain_naming_master_sync:
 * @self: a #CasarrayDirectory
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Finds the domain naming master of an Active Directory forest: the DC
 * whose NTDS Settings `fSMORoleOwner` of `CN=Partitions,<configuration>`
 * names. A handle listing several servers on AD creates client access
 * arrays there (see casarray_directory_set_creation_server()).
 *
 * Returns: (transfer full): its `dNSHostName`, or %NULL with @error set
 *   (%CASARRAY_ERROR_NOT_FOUND on a directory without one, as OpenLDAP)
 *
 * Since: 1.0
 */
char *
casarray_directory_get_domain_naming_master_sync (CasarrayDirectory  *self,
                                                  GCancellable       *cancellable,
                                                  GError            **error)
{
  g_autoptr(CasarrayContext) context = NULL;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = casarray_directory_get_context (self, cancellable, error);
  if (context == NULL)
    return NULL;
  return casarray_op_get_domain_naming_master (context, cancellable, error);
}
