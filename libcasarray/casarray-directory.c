/* casarray-directory.c: the handle on a directory holding an Exchange organisation
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <casarray/casarray.h>

#include "casarray-directory-private.h"
#include "ldap/casarray-ldap-backend.h"
#include "store/casarray-store-backend.h"

/**
 * CasarrayDirectory:
 *
 * A handle on a directory that holds an Exchange 2010 organisation: open it
 * once with casarray_directory_new(), configure how to bind, and reuse it
 * for every operation.
 *
 * Operations mirror the Exchange Management Shell cmdlets (Get-, Set-, New-
 * and Remove-MailboxDatabase, -ClientAccessServer and -ClientAccessArray)
 * and keep the same rules: one client access array per site, names unique
 * across servers and arrays, RpcClientAccessServer resolved through
 * legacyExchangeDN. Each comes as `_sync`, and as `_async`/`_finish` with a
 * #GCancellable.
 *
 * The handle connects on first use. A connection lost because the server
 * restarted is re-established once, transparently, by the next operation.
 * Changing a connection setting (bind DN, TLS, timeouts...) takes effect at
 * the next operation, on a new connection; operations already running
 * finish with the settings they started with. A #CasarrayDirectory may be
 * used from several threads at once: setters, getters and operations
 * alike (getters of strings return copies for that reason).
 */

G_DEFINE_FINAL_TYPE (CasarrayDirectory, casarray_directory, G_TYPE_OBJECT)

GParamSpec *casarray_directory_properties[CASARRAY_DIRECTORY_N_PROPS];

CasarrayContext *
casarray_directory_settings_changed_locked (CasarrayDirectory *self)
{
  self->settings.generation++;
  return g_steal_pointer (&self->context);
}

typedef CasarrayDirectorySettings Settings;

/* With @lock held: a copy of the settings for a backend. */
void
casarray_directory_settings_copy_locked (CasarrayDirectory *self,
                                         Settings          *settings)
{
  *settings = self->settings;
  settings->bind_dn = g_strdup (self->settings.bind_dn);
  settings->sasl_mechanism = g_strdup (self->settings.sasl_mechanism);
  settings->sasl_authorization_id = g_strdup (self->settings.sasl_authorization_id);
  if (settings->password != NULL)
    casarray_ldap_password_ref (settings->password);
  settings->configuration_dn = g_strdup (self->settings.configuration_dn);
  settings->tls_ca_file = g_strdup (self->settings.tls_ca_file);
  settings->creation_server = g_strdup (self->settings.creation_server);
}

static void
settings_clear (Settings *settings)
{
  g_free (settings->bind_dn);
  g_free (settings->sasl_mechanism);
  g_free (settings->sasl_authorization_id);
  g_clear_pointer (&settings->password, casarray_ldap_password_unref);
  g_free (settings->configuration_dn);
  g_free (settings->tls_ca_file);
  g_free (settings->creation_server);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Settings, settings_clear)

static void
casarray_directory_finalize (GObject *object)
{
  CasarrayDirectory *self = CASARRAY_DIRECTORY (object);

  g_clear_pointer (&self->context, casarray_context_unref);
  settings_clear (&self->settings);
  g_free (self->uri);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->connect_lock);

  G_OBJECT_CLASS (casarray_directory_parent_class)->finalize (object);
}

static void
casarray_directory_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CasarrayDirectory *self = CASARRAY_DIRECTORY (object);

  switch (prop_id)
    {
    case CASARRAY_DIRECTORY_PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case CASARRAY_DIRECTORY_PROP_BIND_DN:
      g_value_take_string (value, casarray_directory_get_bind_dn (self));
      break;
    case CASARRAY_DIRECTORY_PROP_SASL_MECHANISM:
      g_value_take_string (value, casarray_directory_get_sasl_mechanism (self));
      break;
    case CASARRAY_DIRECTORY_PROP_SASL_AUTHORIZATION_ID:
      g_value_take_string (value, casarray_directory_get_sasl_authorization_id (self));
      break;
    case CASARRAY_DIRECTORY_PROP_CONFIGURATION_DN:
      g_value_take_string (value, casarray_directory_get_configuration_dn (self));
      break;
    case CASARRAY_DIRECTORY_PROP_START_TLS:
      g_value_set_boolean (value, casarray_directory_get_start_tls (self));
      break;
    case CASARRAY_DIRECTORY_PROP_TLS_CA_FILE:
      g_value_take_string (value, casarray_directory_get_tls_ca_file (self));
      break;
    case CASARRAY_DIRECTORY_PROP_TLS_VERIFY:
      g_value_set_boolean (value, casarray_directory_get_tls_verify (self));
      break;
    case CASARRAY_DIRECTORY_PROP_NETWORK_TIMEOUT:
      g_value_set_uint (value, casarray_directory_get_network_timeout (self));
      break;
    case CASARRAY_DIRECTORY_PROP_OPERATION_TIMEOUT:
      g_value_set_uint (value, casarray_directory_get_operation_timeout (self));
      break;
    case CASARRAY_DIRECTORY_PROP_ORGANIZATION:
      g_value_take_string (value, casarray_directory_get_organization (self));
      break;
    case CASARRAY_DIRECTORY_PROP_CONNECTED_URI:
      g_value_take_string (value, casarray_directory_dup_connected_uri (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
casarray_directory_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CasarrayDirectory *self = CASARRAY_DIRECTORY (object);

  switch (prop_id)
    {
    case CASARRAY_DIRECTORY_PROP_URI:
      self->uri = g_value_dup_string (value);
      break;
    case CASARRAY_DIRECTORY_PROP_BIND_DN:
      casarray_directory_set_bind_dn (self, g_value_get_string (value));
      break;
    case CASARRAY_DIRECTORY_PROP_SASL_MECHANISM:
      casarray_directory_set_sasl_mechanism (self, g_value_get_string (value));
      break;
    case CASARRAY_DIRECTORY_PROP_SASL_AUTHORIZATION_ID:
      casarray_directory_set_sasl_authorization_id (self, g_value_get_string (value));
      break;
    case CASARRAY_DIRECTORY_PROP_CONFIGURATION_DN:
      casarray_directory_set_configuration_dn (self, g_value_get_string (value));
      break;
    case CASARRAY_DIRECTORY_PROP_START_TLS:
      casarray_directory_set_start_tls (self, g_value_get_boolean (value));
      break;
    case CASARRAY_DIRECTORY_PROP_TLS_CA_FILE:
      casarray_directory_set_tls_ca_file (self, g_value_get_string (value));
      break;
    case CASARRAY_DIRECTORY_PROP_TLS_VERIFY:
      casarray_directory_set_tls_verify (self, g_value_get_boolean (value));
      break;
    case CASARRAY_DIRECTORY_PROP_NETWORK_TIMEOUT:
      casarray_directory_set_network_timeout (self, g_value_get_uint (value));
      break;
    case CASARRAY_DIRECTORY_PROP_OPERATION_TIMEOUT:
      casarray_directory_set_operation_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
casarray_directory_constructed (GObject *object)
{
  CasarrayDirectory *self = CASARRAY_DIRECTORY (object);

  G_OBJECT_CLASS (casarray_directory_parent_class)->constructed (object);

  /* No URI: the per-user default store. */
  if (self->uri == NULL)
    {
      g_autofree char *path = casarray_store_backend_default_path ();

      self->uri = g_filename_to_uri (path, NULL, NULL);
      if (self->uri == NULL)
        self->uri = g_steal_pointer (&path);
    }
}

static void
casarray_directory_class_init (CasarrayDirectoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = casarray_directory_constructed;
  object_class->finalize = casarray_directory_finalize;
  object_class->get_property = casarray_directory_get_property;
  object_class->set_property = casarray_directory_set_property;

  /**
   * CasarrayDirectory:uri:
   *
   * Where the directory is: an `ldap://`, `ldaps://` or `ldapi://` URI for
   * a directory server; `file:///path/org.ldif` or a plain path for the
   * embedded store (an LDIF file, no server needed); `memory:` for an
   * embedded store in memory only. %NULL at construction means the
   * per-user default store (see casarray_directory_new_default()).
   */
  casarray_directory_properties[CASARRAY_DIRECTORY_PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * CasarrayDirectory:bind-dn:
   *
   * The DN for a simple bind, or %NULL: then an `ldapi://` URI binds with
   * SASL EXTERNAL (the peer credentials of the process) and other URIs bind
   * anonymously.
   */
  casarray_directory_properties[CASARRAY_DIRECTORY_PROP_BIND_DN] = g_param_spec_string ("bind-dn", NULL, NULL, NULL, rw);
  /**
   * CasarrayDirectory:sasl-mechanism:
   *
   * The SASL mechanism to bind with, or %NULL for a simple bind with
   * #CasarrayDirectory:bind-dn (or SASL EXTERNAL on `ldapi://` when no
   * bind DN is set, or an anonymous bind), as before SASL was chosen.
   *
   * `GSSAPI` binds with Kerberos: the ticket in the caller's credential
   * cache (`KRB5CCNAME`, else krb5's default; get one with `kinit`) for the
   * service `ldap/<host>`, so connect by the server's DNS name. The bind
   * asks for at least integrity protection over plain LDAP (and gets
   * sealing when the server offers it, as AD does), which satisfies domains
   * that require LDAP signing; over TLS it asks for no SASL layer, which AD
   * refuses on top of TLS. Security properties set with `SASL_SECPROPS` in
   * ldap.conf(5) are used instead. An expired or missing ticket fails the
   * bind with %CASARRAY_ERROR_AUTHENTICATION, naming Kerberos' reason.
   *
   * `EXTERNAL` binds with the identity the connection already has: the
   * peer credentials of the process on `ldapi://`.
   *
   * The bind DN and password are not used with a SASL mechanism. Any other
   * mechanism fails the first operation with
   * %CASARRAY_ERROR_INVALID_ARGUMENT. Names are case-insensitive; an empty
   * string is the same as %NULL.
   */
  casarray_directory_properties[CASARRAY_DIRECTORY_PROP_SASL_MECHANISM] = g_param_spec_string ("sasl-mechanism", NULL, NULL, NULL, rw);
  /**
   * CasarrayDirectory:sasl-authorization-id:
   *
   * With #CasarrayDirectory:sasl-mechanism, the identity to act as
   * (`dn:<DN>` or `u:<user>`, RFC 4513), when the server lets the
   * authenticated identity assume it; %NULL (the default) acts as the
   * authenticated identity itself. Ignored by simple binds.
   */
  casarray_directory_properties[CASARRAY_DIRECTORY_PROP_SASL_AUTHORIZATION_ID] =
    g_param_spec_string ("sasl-authorization-id", NULL, NULL, NULL, rw);
  /**
   * CasarrayDirectory:configuration-dn:
   *
   * The configuration naming context (`CN=Configuration,<domain>`). When
   * %NULL it is found at connection time: from the rootDSE's
   * `configurationNamingContext` on Active Directory, by looking for the
   * Exchange containers below the naming contexts on OpenLDAP.
   */
  casarray_directory_properties[CASARRAY_DIRECTORY_PROP_CONFIGURATION_DN] = g_param_spec_string ("configuration-dn", NULL, NULL, NULL, rw);
  /**
   * CasarrayDirectory:start-tls:
   *
   * Whether to issue StartTLS on an `ldap://` connection before binding.
   */
  casarray_directory_properties[CASARRAY_DIRECTORY_PROP_START_TLS] = g_param_spec_boolean ("start-tls", NULL, NULL, FALSE, rw);
  /**
   * CasarrayDirectory:tls-ca-file:
   *
   * A PEM file of CA certificates to verify the server with, or %NULL for the
   * system trust store.
   */
  casarray_directory_properties[CASARRAY_DIRECTORY_PROP_TLS_CA_FILE] = g_param_spec_string ("tls-ca-file", NULL, NULL, NULL, rw);
  /**
   * CasarrayDirectory:tls-verify:
   *
   * Whether the server certificate must be valid for the host name. On by
   * default; turn it off only for tests.
   */
  casarray_directory_properties[CASARRAY_DIRECTORY_PROP_TLS_VERIFY] = g_param_spec_boolean ("tls-verify", NULL, NULL, TRUE, rw);
  /**
   * CasarrayDirectory:network-timeout:
   *
   * How long, in milliseconds, to wait for a TCP connection to the server,
   * and then again for the TLS handshake (`ldaps://`, or after StartTLS).
   * Either running out ends the operation with %CASARRAY_ERROR_TIMEOUT.
   */
  casarray_directory_properties[CASARRAY_DIRECTORY_PROP_NETWORK_TIMEOUT] =
    g_param_spec_uint ("network-timeout", NULL, NULL, 1, G_MAXUINT, CASARRAY_DIRECTORY_DEFAULT_NETWORK_TIMEOUT_MS, rw);
  /**
   * CasarrayDirectory:operation-timeout:
   *
   * How long, in milliseconds, to wait for the answer to one request
   * (the StartTLS request and the bind included).
   */
  casarray_directory_properties[CASARRAY_DIRECTORY_PROP_OPERATION_TIMEOUT] =
    g_param_spec_uint ("operation-timeout", NULL, NULL, 1, G_MAXUINT, CASARRAY_DIRECTORY_DEFAULT_OPERATION_TIMEOUT_MS, rw);
  /**
   * CasarrayDirectory:organization:
   *
   * The name of the Exchange organisation, once an operation has found it;
   * %NULL before.
   */
  casarray_directory_properties[CASARRAY_DIRECTORY_PROP_ORGANIZATION] =
    g_param_spec_string ("organization", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * CasarrayDirectory:connected-uri:
   *
   * Which directory server answered: the one URI, of the list
   * #CasarrayDirectory:uri may give, that the handle's connection was last
   * made to; %NULL before the first call has connected, after a setting
   * changed, and for the embedded store.  It changes when a connection is
   * made again after one was lost, in the thread of the call that made it,
   * so it is not notified; read it after a call.
   *
   * Since: 1.0
   */
  casarray_directory_properties[CASARRAY_DIRECTORY_PROP_CONNECTED_URI] =
    g_param_spec_string ("connected-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, CASARRAY_DIRECTORY_N_PROPS, casarray_directory_properties);
}

static void
casarray_directory_init (CasarrayDirectory *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->connect_lock);
  self->settings.tls_verify = TRUE;
  self->settings.network_timeout = CASARRAY_DIRECTORY_DEFAULT_NETWORK_TIMEOUT_MS;
  self->settings.operation_timeout = CASARRAY_DIRECTORY_DEFAULT_OPERATION_TIMEOUT_MS;
}

/**
 * casarray_directory_new:
 * @uri: (nullable): where the directory is: `ldap://host[:port]`,
 *   `ldaps://host[:port]` or `ldapi://<url-encoded socket path>` for a
 *   directory server, or several of those separated by spaces or commas
 *   for the servers of one replicated directory (see
 *   casarray_directory_new_for_uris()); `file:///path/org.ldif` or a plain
 *   path (anything without `://`) for the embedded store; `memory:` for an
 *   embedded store that lives in memory only; %NULL for the per-user
 *   default store (see casarray_directory_new_default())
 *
 * Creates a handle on a directory. Nothing is contacted or read until the
 * first operation (or casarray_directory_connect_sync()); a URI of an
 * unsupported kind is reported then, as %CASARRAY_ERROR_INVALID_ARGUMENT.
 *
 * The embedded store keeps the organisation in an LDIF file, entries laid
 * out exactly as in the directory (so `ldapadd` loads it into OpenLDAP with
 * the casarray schema, and an `ldapsearch -LLL` export opens as a store),
 * with the same rules and errors as a server. A missing file is an empty
 * store; the file (and its folders) is created, mode 0600, by the first
 * change. Each change is on disk when the call returns; several processes
 * may share one file.
 *
 * Returns: (transfer full): a new #CasarrayDirectory
 */
CasarrayDirectory *
casarray_directory_new (const char *uri)
{
  return g_object_new (CASARRAY_TYPE_DIRECTORY, "uri", uri, NULL);
}

/**
 * casarray_directory_new_for_uris:
 * @uris: (array zero-terminated=1): the `ldap://`, `ldaps://` or `ldapi://`
 *   URIs of the servers of one replicated directory, in the order to try
 *   them; at least one, none holding a space or a comma
 *
 * Creates a handle on a directory served by several servers. Each new
 * connection tries them in order and uses the first that connects and
 * binds; #CasarrayDirectory:connected-uri says which one did. The settings
 * (bind DN, password, TLS, timeouts) apply to each. This is
 * casarray_directory_new() with the URIs joined by spaces, which is also
 * what #CasarrayDirectory:uri then holds.
 *
 * Returns: (transfer full): a new #CasarrayDirectory
 *
 * Since: 1.0
 */
CasarrayDirectory *
casarray_directory_new_for_uris (const char * const *uris)
{
  g_autofree char *uri = NULL;

  g_return_val_if_fail (uris != NULL && uris[0] != NULL, NULL);
  for (guint i = 0; uris[i] != NULL; i++)
    g_return_val_if_fail (uris[i][0] != '\0' && strpbrk (uris[i], " ,") == NULL, NULL);

  uri = g_strjoinv (" ", (char **) uris);
  return casarray_directory_new (uri);
}

/**
 * casarray_directory_new_default: (constructor)
 *
 * Creates a handle on the per-user default store: the embedded store in
 * `$XDG_DATA_HOME/casarray/default.ldif` (`~/.local/share/casarray/default.ldif`
 * when `XDG_DATA_HOME` is unset; see g_get_user_data_dir()). It needs no
 * directory server; the file and its folders are created by the first
 * change. A new store's configuration naming context is
 * `CN=Configuration,DC=contoso,DC=com` unless
 * casarray_directory_set_configuration_dn() is called before the first
 * operation. #CasarrayDirectory:uri gives the file as a `file://` URI.
 *
 * Returns: (transfer full): a new #CasarrayDirectory
 */
CasarrayDirectory *
casarray_directory_new_default (void)
{
  return casarray_directory_new (NULL);
}

/**
 * casarray_directory_get_uri:
 * @self: a #CasarrayDirectory
 *
 * Gets #CasarrayDirectory:uri.
 *
 * Returns: the URI the handle was created with
 */
const char *
casarray_directory_get_uri (CasarrayDirectory *self)
{
  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  return self->uri;
}

/**
 * casarray_directory_dup_connected_uri:
 * @self: a #CasarrayDirectory
 *
 * Gets #CasarrayDirectory:connected-uri. Never waits behind a running call.
 *
 * Returns: (transfer full) (nullable): a copy of the URI of the server that
 *   answered, or %NULL; free it with g_free()
 *
 * Since: 1.0
 */
char *
casarray_directory_dup_connected_uri (CasarrayDirectory *self)
{
  char *uri;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);

  /* the backend's answer comes from a lock of its own, which nothing
   * holds while waiting for the network */
  g_mutex_lock (&self->lock);
  uri = self->context != NULL
        ? casarray_backend_dup_connected_uri (casarray_context_get_backend (self->context))
        : NULL;
  g_mutex_unlock (&self->lock);
  return uri;
}


/* The backend never calls back into the directory: it gets copies of the
 * settings and a reference to the password source. */
static CasarrayBackend *
create_backend (CasarrayDirectory  *self,
                const Settings     *settings,
                GError            **error)
{
  g_autofree char *scheme = g_uri_parse_scheme (self->uri);

  if (scheme != NULL &&
      (g_ascii_strcasecmp (scheme, "ldap") == 0 || g_ascii_strcasecmp (scheme, "ldaps") == 0 ||
       g_ascii_strcasecmp (scheme, "ldapi") == 0))
    {
      CasarrayLdapSettings ldap_settings = {
        .uri = self->uri,
        .bind_dn = settings->bind_dn,
        .sasl_mechanism = settings->sasl_mechanism,
        .sasl_authz_id = settings->sasl_authorization_id,
        .password = settings->password,
        .start_tls = settings->start_tls,
        .tls_ca_file = settings->tls_ca_file,
        .tls_verify = settings->tls_verify,
        .network_timeout_ms = settings->network_timeout,
        .operation_timeout_ms = settings->operation_timeout,
        .configuration_dn = settings->configuration_dn,
      };
      return casarray_ldap_backend_new (&ldap_settings);
    }
  if (casarray_store_backend_handles_uri (self->uri))
    {
      CasarrayStoreSettings store_settings = {
        .uri = self->uri,
        .configuration_dn = settings->configuration_dn,
        .operation_timeout_ms = settings->operation_timeout,
      };
      return casarray_store_backend_new (&store_settings, error);
    }

  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
               "“%s” is not a supported directory URI; use ldap://, ldaps:// or ldapi:// "
               "for a directory server, file:///path or a path for the embedded store, "
               "or memory:.", self->uri);
  return NULL;
}

static CasarrayContext *
peek_context (CasarrayDirectory *self)
{
  CasarrayContext *context;

  g_mutex_lock (&self->lock);
  context = self->context != NULL ? casarray_context_ref (self->context) : NULL;
  g_mutex_unlock (&self->lock);
  return context;
}

CasarrayContext *
casarray_directory_get_context (CasarrayDirectory  *self,
                                GCancellable       *cancellable,
                                GError            **error)
{
  g_autoptr(CasarrayBackend) backend = NULL;
  g_autofree char *configuration_dn = NULL;
  g_auto(Settings) settings = { 0 };
  CasarrayContext *context;

  context = peek_context (self);
  if (context != NULL)
    return context;

  g_mutex_lock (&self->connect_lock);
  /* another thread may have connected while this one waited */
  context = peek_context (self);
  if (context != NULL)
    {
      g_mutex_unlock (&self->connect_lock);
      return context;
    }

  g_mutex_lock (&self->lock);
  casarray_directory_settings_copy_locked (self, &settings);
  g_mutex_unlock (&self->lock);

  backend = create_backend (self, &settings, error);
  if (backend == NULL ||
      !casarray_backend_open (backend, cancellable, error) ||
      (configuration_dn = casarray_backend_find_configuration_dn (backend, cancellable, error)) == NULL)
    {
      g_mutex_unlock (&self->connect_lock);
      return NULL;
    }
  context = casarray_context_new (backend, configuration_dn);

  /* Kept for the next operations unless a setting changed meanwhile; this
   * operation uses it either way, as it started before the change. */
  g_mutex_lock (&self->lock);
  if (self->settings.generation == settings.generation && self->context == NULL)
    self->context = casarray_context_ref (context);
  g_mutex_unlock (&self->lock);
  g_mutex_unlock (&self->connect_lock);
  return context;
}
