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
 * the next operation, on a new connection. A #CasarrayDirectory may be used
 * from several threads at once.
 */
struct _CasarrayDirectory
{
  GObject               parent_instance;

  char                 *uri;
  char                 *bind_dn;
  char                 *password_file;
  CasarrayPasswordFunc  password_func;
  gpointer              password_data;
  GDestroyNotify        password_destroy;
  char                 *configuration_dn;
  char                 *tls_ca_file;
  gboolean              start_tls;
  gboolean              tls_verify;
  guint                 network_timeout;
  guint                 operation_timeout;

  GMutex                lock;      /* guards context */
  CasarrayContext      *context;   /* NULL until connected */
};

G_DEFINE_FINAL_TYPE (CasarrayDirectory, casarray_directory, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  PROP_BIND_DN,
  PROP_CONFIGURATION_DN,
  PROP_START_TLS,
  PROP_TLS_CA_FILE,
  PROP_TLS_VERIFY,
  PROP_NETWORK_TIMEOUT,
  PROP_OPERATION_TIMEOUT,
  PROP_ORGANIZATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define DEFAULT_NETWORK_TIMEOUT_MS   6000
#define DEFAULT_OPERATION_TIMEOUT_MS 8000

/* Drop the connection so that the next operation reconnects with the new
 * settings; operations already running keep their reference. */
static void
forget_context (CasarrayDirectory *self)
{
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->context, casarray_context_unref);
  g_mutex_unlock (&self->lock);
}

static void
casarray_directory_finalize (GObject *object)
{
  CasarrayDirectory *self = CASARRAY_DIRECTORY (object);

  g_clear_pointer (&self->context, casarray_context_unref);
  if (self->password_destroy != NULL)
    self->password_destroy (self->password_data);
  g_free (self->uri);
  g_free (self->bind_dn);
  g_free (self->password_file);
  g_free (self->configuration_dn);
  g_free (self->tls_ca_file);
  g_mutex_clear (&self->lock);

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
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_BIND_DN:
      g_value_set_string (value, self->bind_dn);
      break;
    case PROP_CONFIGURATION_DN:
      g_value_set_string (value, casarray_directory_get_configuration_dn (self));
      break;
    case PROP_START_TLS:
      g_value_set_boolean (value, self->start_tls);
      break;
    case PROP_TLS_CA_FILE:
      g_value_set_string (value, self->tls_ca_file);
      break;
    case PROP_TLS_VERIFY:
      g_value_set_boolean (value, self->tls_verify);
      break;
    case PROP_NETWORK_TIMEOUT:
      g_value_set_uint (value, self->network_timeout);
      break;
    case PROP_OPERATION_TIMEOUT:
      g_value_set_uint (value, self->operation_timeout);
      break;
    case PROP_ORGANIZATION:
      g_value_set_string (value, casarray_directory_get_organization (self));
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
    case PROP_URI:
      self->uri = g_value_dup_string (value);
      break;
    case PROP_BIND_DN:
      casarray_directory_set_bind_dn (self, g_value_get_string (value));
      break;
    case PROP_CONFIGURATION_DN:
      casarray_directory_set_configuration_dn (self, g_value_get_string (value));
      break;
    case PROP_START_TLS:
      casarray_directory_set_start_tls (self, g_value_get_boolean (value));
      break;
    case PROP_TLS_CA_FILE:
      casarray_directory_set_tls_ca_file (self, g_value_get_string (value));
      break;
    case PROP_TLS_VERIFY:
      casarray_directory_set_tls_verify (self, g_value_get_boolean (value));
      break;
    case PROP_NETWORK_TIMEOUT:
      casarray_directory_set_network_timeout (self, g_value_get_uint (value));
      break;
    case PROP_OPERATION_TIMEOUT:
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
  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * CasarrayDirectory:bind-dn:
   *
   * The DN for a simple bind, or %NULL: then an `ldapi://` URI binds with
   * SASL EXTERNAL (the peer credentials of the process) and other URIs bind
   * anonymously.
   */
  properties[PROP_BIND_DN] = g_param_spec_string ("bind-dn", NULL, NULL, NULL, rw);
  /**
   * CasarrayDirectory:configuration-dn:
   *
   * The configuration naming context (`CN=Configuration,<domain>`). When
   * %NULL it is found at connection time: from the rootDSE's
   * `configurationNamingContext` on Active Directory, by looking for the
   * Exchange containers below the naming contexts on OpenLDAP.
   */
  properties[PROP_CONFIGURATION_DN] = g_param_spec_string ("configuration-dn", NULL, NULL, NULL, rw);
  /**
   * CasarrayDirectory:start-tls:
   *
   * Whether to issue StartTLS on an `ldap://` connection before binding.
   */
  properties[PROP_START_TLS] = g_param_spec_boolean ("start-tls", NULL, NULL, FALSE, rw);
  /**
   * CasarrayDirectory:tls-ca-file:
   *
   * A PEM file of CA certificates to verify the server with, or %NULL for the
   * system trust store.
   */
  properties[PROP_TLS_CA_FILE] = g_param_spec_string ("tls-ca-file", NULL, NULL, NULL, rw);
  /**
   * CasarrayDirectory:tls-verify:
   *
   * Whether the server certificate must be valid for the host name. On by
   * default; turn it off only for tests.
   */
  properties[PROP_TLS_VERIFY] = g_param_spec_boolean ("tls-verify", NULL, NULL, TRUE, rw);
  /**
   * CasarrayDirectory:network-timeout:
   *
   * How long, in milliseconds, to wait for a TCP connection to the server,
   * and then again for the TLS handshake (`ldaps://`, or after StartTLS).
   * Either running out ends the operation with %CASARRAY_ERROR_TIMEOUT.
   */
  properties[PROP_NETWORK_TIMEOUT] =
    g_param_spec_uint ("network-timeout", NULL, NULL, 1, G_MAXUINT, DEFAULT_NETWORK_TIMEOUT_MS, rw);
  /**
   * CasarrayDirectory:operation-timeout:
   *
   * How long, in milliseconds, to wait for the answer to one request
   * (the StartTLS request and the bind included).
   */
  properties[PROP_OPERATION_TIMEOUT] =
    g_param_spec_uint ("operation-timeout", NULL, NULL, 1, G_MAXUINT, DEFAULT_OPERATION_TIMEOUT_MS, rw);
  /**
   * CasarrayDirectory:organization:
   *
   * The name of the Exchange organisation, once an operation has found it;
   * %NULL before.
   */
  properties[PROP_ORGANIZATION] =
    g_param_spec_string ("organization", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
casarray_directory_init (CasarrayDirectory *self)
{
  g_mutex_init (&self->lock);
  self->tls_verify = TRUE;
  self->network_timeout = DEFAULT_NETWORK_TIMEOUT_MS;
  self->operation_timeout = DEFAULT_OPERATION_TIMEOUT_MS;
}

/**
 * casarray_directory_new:
 * @uri: (nullable): where the directory is: `ldap://host[:port]`,
 *   `ldaps://host[:port]` or `ldapi://<url-encoded socket path>` for a
 *   directory server; `file:///path/org.ldif` or a plain path (anything
 *   without `://`) for the embedded store; `memory:` for an embedded store
 *   that lives in memory only; %NULL for the per-user default store (see
 *   casarray_directory_new_default())
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

static void
replace_string (CasarrayDirectory *self,
                char             **field,
                const char        *value,
                int                prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  forget_context (self);
  if (prop != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * casarray_directory_set_bind_dn:
 * @self: a #CasarrayDirectory
 * @bind_dn: (nullable): the DN to bind as, or %NULL
 *
 * Sets #CasarrayDirectory:bind-dn. A simple bind needs a password too: see
 * casarray_directory_set_password_file() and
 * casarray_directory_set_password_func().
 */
void
casarray_directory_set_bind_dn (CasarrayDirectory *self,
                                const char        *bind_dn)
{
  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  replace_string (self, &self->bind_dn, bind_dn, PROP_BIND_DN);
}

/**
 * casarray_directory_get_bind_dn:
 * @self: a #CasarrayDirectory
 *
 * Gets #CasarrayDirectory:bind-dn.
 *
 * Returns: (nullable): the bind DN
 */
const char *
casarray_directory_get_bind_dn (CasarrayDirectory *self)
{
  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  return self->bind_dn;
}

/**
 * casarray_directory_set_password_file:
 * @self: a #CasarrayDirectory
 * @path: (type filename) (nullable): a file holding the bind password
 *
 * Reads the password for the simple bind from @path at each bind. One
 * trailing newline is ignored. The password never appears in an error
 * message or a log. This replaces any password function.
 */
void
casarray_directory_set_password_file (CasarrayDirectory *self,
                                      const char        *path)
{
  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));

  if (self->password_destroy != NULL)
    self->password_destroy (self->password_data);
  self->password_func = NULL;
  self->password_data = NULL;
  self->password_destroy = NULL;
  replace_string (self, &self->password_file, path, PROP_0);
}

/**
 * casarray_directory_set_password_func:
 * @self: a #CasarrayDirectory
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy): called for the password at each bind
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Asks @func for the password of the simple bind at each bind. This
 * replaces any password file.
 */
void
casarray_directory_set_password_func (CasarrayDirectory    *self,
                                      CasarrayPasswordFunc  func,
                                      gpointer              user_data,
                                      GDestroyNotify        destroy)
{
  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));

  forget_context (self);
  if (self->password_destroy != NULL)
    self->password_destroy (self->password_data);
  g_clear_pointer (&self->password_file, g_free);
  self->password_func = func;
  self->password_data = user_data;
  self->password_destroy = destroy;
}

/**
 * casarray_directory_set_configuration_dn:
 * @self: a #CasarrayDirectory
 * @configuration_dn: (nullable): the configuration naming context, or %NULL to find it
 *
 * Sets #CasarrayDirectory:configuration-dn.
 */
void
casarray_directory_set_configuration_dn (CasarrayDirectory *self,
                                         const char        *configuration_dn)
{
  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  replace_string (self, &self->configuration_dn, configuration_dn, PROP_CONFIGURATION_DN);
}

/**
 * casarray_directory_get_configuration_dn:
 * @self: a #CasarrayDirectory
 *
 * Gets #CasarrayDirectory:configuration-dn: the one set, or once connected
 * the one found.
 *
 * Returns: (nullable): the configuration naming context
 */
const char *
casarray_directory_get_configuration_dn (CasarrayDirectory *self)
{
  const char *dn;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);

  if (self->configuration_dn != NULL)
    return self->configuration_dn;
  g_mutex_lock (&self->lock);
  dn = self->context != NULL ? casarray_context_get_configuration_dn (self->context) : NULL;
  g_mutex_unlock (&self->lock);
  return dn;
}

/**
 * casarray_directory_set_start_tls:
 * @self: a #CasarrayDirectory
 * @start_tls: whether to issue StartTLS
 *
 * Sets #CasarrayDirectory:start-tls.
 */
void
casarray_directory_set_start_tls (CasarrayDirectory *self,
                                  gboolean           start_tls)
{
  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  if (self->start_tls == !!start_tls)
    return;
  self->start_tls = !!start_tls;
  forget_context (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_TLS]);
}

/**
 * casarray_directory_get_start_tls:
 * @self: a #CasarrayDirectory
 *
 * Gets #CasarrayDirectory:start-tls.
 *
 * Returns: whether StartTLS is issued
 */
gboolean
casarray_directory_get_start_tls (CasarrayDirectory *self)
{
  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), FALSE);
  return self->start_tls;
}

/**
 * casarray_directory_set_tls_ca_file:
 * @self: a #CasarrayDirectory
 * @path: (type filename) (nullable): a PEM file of CA certificates, or %NULL
 *
 * Sets #CasarrayDirectory:tls-ca-file.
 */
void
casarray_directory_set_tls_ca_file (CasarrayDirectory *self,
                                    const char        *path)
{
  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  replace_string (self, &self->tls_ca_file, path, PROP_TLS_CA_FILE);
}

/**
 * casarray_directory_get_tls_ca_file:
 * @self: a #CasarrayDirectory
 *
 * Gets #CasarrayDirectory:tls-ca-file.
 *
 * Returns: (type filename) (nullable): the CA file
 */
const char *
casarray_directory_get_tls_ca_file (CasarrayDirectory *self)
{
  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  return self->tls_ca_file;
}

/**
 * casarray_directory_set_tls_verify:
 * @self: a #CasarrayDirectory
 * @verify: whether to verify the server certificate
 *
 * Sets #CasarrayDirectory:tls-verify.
 */
void
casarray_directory_set_tls_verify (CasarrayDirectory *self,
                                   gboolean           verify)
{
  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  if (self->tls_verify == !!verify)
    return;
  self->tls_verify = !!verify;
  forget_context (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_VERIFY]);
}

/**
 * casarray_directory_get_tls_verify:
 * @self: a #CasarrayDirectory
 *
 * Gets #CasarrayDirectory:tls-verify.
 *
 * Returns: whether the server certificate is verified
 */
gboolean
casarray_directory_get_tls_verify (CasarrayDirectory *self)
{
  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), TRUE);
  return self->tls_verify;
}

/**
 * casarray_directory_set_network_timeout:
 * @self: a #CasarrayDirectory
 * @milliseconds: the connection timeout; 0 restores the default (6000)
 *
 * Sets #CasarrayDirectory:network-timeout.
 */
void
casarray_directory_set_network_timeout (CasarrayDirectory *self,
                                        guint              milliseconds)
{
  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  self->network_timeout = milliseconds != 0 ? milliseconds : DEFAULT_NETWORK_TIMEOUT_MS;
  forget_context (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK_TIMEOUT]);
}

/**
 * casarray_directory_get_network_timeout:
 * @self: a #CasarrayDirectory
 *
 * Gets #CasarrayDirectory:network-timeout.
 *
 * Returns: the connection timeout in milliseconds
 */
guint
casarray_directory_get_network_timeout (CasarrayDirectory *self)
{
  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), 0);
  return self->network_timeout;
}

/**
 * casarray_directory_set_operation_timeout:
 * @self: a #CasarrayDirectory
 * @milliseconds: the per-request timeout; 0 restores the default (8000)
 *
 * Sets #CasarrayDirectory:operation-timeout.
 */
void
casarray_directory_set_operation_timeout (CasarrayDirectory *self,
                                          guint              milliseconds)
{
  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  self->operation_timeout = milliseconds != 0 ? milliseconds : DEFAULT_OPERATION_TIMEOUT_MS;
  forget_context (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATION_TIMEOUT]);
}

/**
 * casarray_directory_get_operation_timeout:
 * @self: a #CasarrayDirectory
 *
 * Gets #CasarrayDirectory:operation-timeout.
 *
 * Returns: the per-request timeout in milliseconds
 */
guint
casarray_directory_get_operation_timeout (CasarrayDirectory *self)
{
  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), 0);
  return self->operation_timeout;
}

/**
 * casarray_directory_get_organization:
 * @self: a #CasarrayDirectory
 *
 * Gets #CasarrayDirectory:organization.
 *
 * Returns: (nullable): the name of the Exchange organisation, once found
 */
const char *
casarray_directory_get_organization (CasarrayDirectory *self)
{
  const char *name;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);

  g_mutex_lock (&self->lock);
  name = self->context != NULL ? casarray_context_peek_organization_name (self->context) : NULL;
  g_mutex_unlock (&self->lock);
  return name;
}

static char *
read_password (gpointer   user_data,
               GError   **error)
{
  CasarrayDirectory *self = user_data;
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (self->password_func != NULL)
    {
      char *password = self->password_func (self, self->password_data);

      if (password == NULL)
        g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                     "No password was supplied for the bind as %s.", self->bind_dn);
      return password;
    }
  if (self->password_file == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                   "A bind DN (%s) was given without a password file or function.", self->bind_dn);
      return NULL;
    }
  if (!g_file_get_contents (self->password_file, &contents, &length, &local_error))
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                   "Cannot read the password file: %s", local_error->message);
      return NULL;
    }
  /* "echo secret > file" leaves a newline that is not part of the password. */
  if (length > 0 && contents[length - 1] == '\n')
    contents[--length] = '\0';
  if (length > 0 && contents[length - 1] == '\r')
    contents[--length] = '\0';
  return contents;
}

static CasarrayBackend *
create_backend (CasarrayDirectory  *self,
                GError            **error)
{
  g_autofree char *scheme = g_uri_parse_scheme (self->uri);

  if (scheme != NULL &&
      (g_ascii_strcasecmp (scheme, "ldap") == 0 || g_ascii_strcasecmp (scheme, "ldaps") == 0 ||
       g_ascii_strcasecmp (scheme, "ldapi") == 0))
    {
      CasarrayLdapSettings settings = {
        .uri = self->uri,
        .bind_dn = self->bind_dn,
        .password_func = read_password,
        .password_data = self,
        .start_tls = self->start_tls,
        .tls_ca_file = self->tls_ca_file,
        .tls_verify = self->tls_verify,
        .network_timeout_ms = self->network_timeout,
        .operation_timeout_ms = self->operation_timeout,
        .configuration_dn = self->configuration_dn,
      };
      return casarray_ldap_backend_new (&settings);
    }
  if (casarray_store_backend_handles_uri (self->uri))
    {
      CasarrayStoreSettings settings = {
        .uri = self->uri,
        .configuration_dn = self->configuration_dn,
        .operation_timeout_ms = self->operation_timeout,
      };
      return casarray_store_backend_new (&settings, error);
    }

  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
               "“%s” is not a supported directory URI; use ldap://, ldaps:// or ldapi:// "
               "for a directory server, file:///path or a path for the embedded store, "
               "or memory:.", self->uri);
  return NULL;
}

CasarrayContext *
casarray_directory_get_context (CasarrayDirectory  *self,
                                GCancellable       *cancellable,
                                GError            **error)
{
  g_autoptr(CasarrayBackend) backend = NULL;
  g_autofree char *configuration_dn = NULL;
  CasarrayContext *context;

  /* Held while connecting so that concurrent first calls connect once. */
  g_mutex_lock (&self->lock);
  if (self->context != NULL)
    {
      context = casarray_context_ref (self->context);
      g_mutex_unlock (&self->lock);
      return context;
    }

  backend = create_backend (self, error);
  if (backend == NULL ||
      !casarray_backend_open (backend, cancellable, error) ||
      (configuration_dn = casarray_backend_find_configuration_dn (backend, cancellable, error)) == NULL)
    {
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  self->context = casarray_context_new (backend, configuration_dn);
  context = casarray_context_ref (self->context);
  g_mutex_unlock (&self->lock);
  return context;
}
