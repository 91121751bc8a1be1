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
struct _CasarrayDirectory
{
  GObject               parent_instance;

  char                 *uri;       /* construct-only: never changes */

  /* Guards every field below.  Never held while talking to a server, so a
   * setter or getter never waits for the network. */
  GMutex                lock;
  char                 *bind_dn;
  CasarrayLdapPassword *password;  /* a file or a function, or NULL */
  char                 *sasl_mechanism;
  char                 *sasl_authorization_id;
  char                 *configuration_dn;
  char                 *tls_ca_file;
  gboolean              start_tls;
  gboolean              tls_verify;
  guint                 network_timeout;
  guint                 operation_timeout;
  guint64               generation; /* changes with every setting */
  CasarrayContext      *context;    /* NULL until connected */

  /* Held while connecting, so that concurrent first calls connect once;
   * taken before @lock, never while holding it. */
  GMutex                connect_lock;
};

G_DEFINE_FINAL_TYPE (CasarrayDirectory, casarray_directory, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  PROP_BIND_DN,
  PROP_SASL_MECHANISM,
  PROP_SASL_AUTHORIZATION_ID,
  PROP_CONFIGURATION_DN,
  PROP_START_TLS,
  PROP_TLS_CA_FILE,
  PROP_TLS_VERIFY,
  PROP_NETWORK_TIMEOUT,
  PROP_OPERATION_TIMEOUT,
  PROP_ORGANIZATION,
  PROP_CONNECTED_URI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define DEFAULT_NETWORK_TIMEOUT_MS   6000
#define DEFAULT_OPERATION_TIMEOUT_MS 8000

/* With @lock held: a setting changed.  The connection is dropped so that
 * the next operation reconnects with the new settings (operations already
 * running keep their reference), and a connection being made meanwhile
 * with the old settings will not be kept.  Returns the context to unref
 * once @lock is released: the last reference closes a connection, which
 * must not happen under the lock. */
static CasarrayContext *
settings_changed_locked (CasarrayDirectory *self)
{
  self->generation++;
  return g_steal_pointer (&self->context);
}

static void
casarray_directory_finalize (GObject *object)
{
  CasarrayDirectory *self = CASARRAY_DIRECTORY (object);

  g_clear_pointer (&self->context, casarray_context_unref);
  g_clear_pointer (&self->password, casarray_ldap_password_unref);
  g_free (self->uri);
  g_free (self->bind_dn);
  g_free (self->sasl_mechanism);
  g_free (self->sasl_authorization_id);
  g_free (self->configuration_dn);
  g_free (self->tls_ca_file);
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
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_BIND_DN:
      g_value_take_string (value, casarray_directory_get_bind_dn (self));
      break;
    case PROP_SASL_MECHANISM:
      g_value_take_string (value, casarray_directory_get_sasl_mechanism (self));
      break;
    case PROP_SASL_AUTHORIZATION_ID:
      g_value_take_string (value, casarray_directory_get_sasl_authorization_id (self));
      break;
    case PROP_CONFIGURATION_DN:
      g_value_take_string (value, casarray_directory_get_configuration_dn (self));
      break;
    case PROP_START_TLS:
      g_value_set_boolean (value, casarray_directory_get_start_tls (self));
      break;
    case PROP_TLS_CA_FILE:
      g_value_take_string (value, casarray_directory_get_tls_ca_file (self));
      break;
    case PROP_TLS_VERIFY:
      g_value_set_boolean (value, casarray_directory_get_tls_verify (self));
      break;
    case PROP_NETWORK_TIMEOUT:
      g_value_set_uint (value, casarray_directory_get_network_timeout (self));
      break;
    case PROP_OPERATION_TIMEOUT:
      g_value_set_uint (value, casarray_directory_get_operation_timeout (self));
      break;
    case PROP_ORGANIZATION:
      g_value_take_string (value, casarray_directory_get_organization (self));
      break;
    case PROP_CONNECTED_URI:
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
    case PROP_URI:
      self->uri = g_value_dup_string (value);
      break;
    case PROP_BIND_DN:
      casarray_directory_set_bind_dn (self, g_value_get_string (value));
      break;
    case PROP_SASL_MECHANISM:
      casarray_directory_set_sasl_mechanism (self, g_value_get_string (value));
      break;
    case PROP_SASL_AUTHORIZATION_ID:
      casarray_directory_set_sasl_authorization_id (self, g_value_get_string (value));
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
  properties[PROP_SASL_MECHANISM] = g_param_spec_string ("sasl-mechanism", NULL, NULL, NULL, rw);
  /**
   * CasarrayDirectory:sasl-authorization-id:
   *
   * With #CasarrayDirectory:sasl-mechanism, the identity to act as
   * (`dn:<DN>` or `u:<user>`, RFC 4513), when the server lets the
   * authenticated identity assume it; %NULL (the default) acts as the
   * authenticated identity itself. Ignored by simple binds.
   */
  properties[PROP_SASL_AUTHORIZATION_ID] =
    g_param_spec_string ("sasl-authorization-id", NULL, NULL, NULL, rw);
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
  properties[PROP_CONNECTED_URI] =
    g_param_spec_string ("connected-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
casarray_directory_init (CasarrayDirectory *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->connect_lock);
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

/* Sets the string setting @field to a copy of @value, under the lock;
 * FALSE if it already had that value. */
static gboolean
replace_string (CasarrayDirectory *self,
                char             **field,
                const char        *value)
{
  CasarrayContext *old_context = NULL;
  char *old_value = NULL;
  gboolean changed;

  g_mutex_lock (&self->lock);
  changed = g_strcmp0 (*field, value) != 0;
  if (changed)
    {
      old_value = *field;
      *field = g_strdup (value);
      old_context = settings_changed_locked (self);
    }
  g_mutex_unlock (&self->lock);

  g_free (old_value);
  g_clear_pointer (&old_context, casarray_context_unref);
  return changed;
}

/* A copy of the string setting @field, taken under the lock. */
static char *
dup_string (CasarrayDirectory *self,
            char *const       *field)
{
  char *copy;

  g_mutex_lock (&self->lock);
  copy = g_strdup (*field);
  g_mutex_unlock (&self->lock);
  return copy;
}

/* Replaces the password source (NULL: none), taking @password. */
static void
replace_password (CasarrayDirectory    *self,
                  CasarrayLdapPassword *password)
{
  CasarrayLdapPassword *old_password;
  CasarrayContext *old_context;

  g_mutex_lock (&self->lock);
  old_password = g_steal_pointer (&self->password);
  self->password = password;
  old_context = settings_changed_locked (self);
  g_mutex_unlock (&self->lock);

  /* Backends made with the old one keep their own reference; a function's
   * @destroy runs when the last of them lets go. */
  g_clear_pointer (&old_password, casarray_ldap_password_unref);
  g_clear_pointer (&old_context, casarray_context_unref);
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
  if (replace_string (self, &self->bind_dn, bind_dn))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BIND_DN]);
}

/**
 * casarray_directory_get_bind_dn:
 * @self: a #CasarrayDirectory
 *
 * Gets #CasarrayDirectory:bind-dn.
 *
 * Returns: (transfer full) (nullable): a copy of the bind DN; free it with g_free()
 */
char *
casarray_directory_get_bind_dn (CasarrayDirectory *self)
{
  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  return dup_string (self, &self->bind_dn);
}

/**
 * casarray_directory_set_sasl_mechanism:
 * @self: a #CasarrayDirectory
 * @mechanism: (nullable): `GSSAPI`, `EXTERNAL`, or %NULL for a simple bind
 *
 * Sets #CasarrayDirectory:sasl-mechanism, the way the next connection
 * binds.
 */
void
casarray_directory_set_sasl_mechanism (CasarrayDirectory *self,
                                       const char        *mechanism)
{
  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  if (mechanism != NULL && mechanism[0] == '\0')
    mechanism = NULL;
  if (replace_string (self, &self->sasl_mechanism, mechanism))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SASL_MECHANISM]);
}

/**
 * casarray_directory_get_sasl_mechanism:
 * @self: a #CasarrayDirectory
 *
 * Gets #CasarrayDirectory:sasl-mechanism.
 *
 * Returns: (transfer full) (nullable): a copy of the SASL mechanism, or
 *   %NULL for a simple bind; free it with g_free()
 */
char *
casarray_directory_get_sasl_mechanism (CasarrayDirectory *self)
{
  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  return dup_string (self, &self->sasl_mechanism);
}

/**
 * casarray_directory_set_sasl_authorization_id:
 * @self: a #CasarrayDirectory
 * @authorization_id: (nullable): the SASL authorization identity
 *   (`dn:<DN>` or `u:<user>`), or %NULL for the authenticated identity
 *
 * Sets #CasarrayDirectory:sasl-authorization-id.
 */
void
casarray_directory_set_sasl_authorization_id (CasarrayDirectory *self,
                                              const char        *authorization_id)
{
  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  if (replace_string (self, &self->sasl_authorization_id, authorization_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SASL_AUTHORIZATION_ID]);
}

/**
 * casarray_directory_get_sasl_authorization_id:
 * @self: a #CasarrayDirectory
 *
 * Gets #CasarrayDirectory:sasl-authorization-id.
 *
 * Returns: (transfer full) (nullable): a copy of the SASL authorization
 *   identity; free it with g_free()
 */
char *
casarray_directory_get_sasl_authorization_id (CasarrayDirectory *self)
{
  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  return dup_string (self, &self->sasl_authorization_id);
}

/**
 * casarray_directory_set_password_file:
 * @self: a #CasarrayDirectory
 * @path: (type filename) (nullable): a file holding the bind password
 *
 * Reads the password for the simple bind from @path at each bind. One
 * trailing newline is ignored. The password never appears in an error
 * message or a log. A file that holds a NUL byte, or nothing, is refused
 * (%CASARRAY_ERROR_AUTHENTICATION, naming the file), and a file that its
 * group or others may read is used with a warning, once per file, as ssh
 * does for a private key. This replaces any password function.
 */
void
casarray_directory_set_password_file (CasarrayDirectory *self,
                                      const char        *path)
{
  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));
  replace_password (self, path != NULL ? casarray_ldap_password_new_file (path) : NULL);
}

/* The password function of the directory, called by a backend that may
 * outlive the handle's interest in it: the directory is reached through a
 * weak reference, and the closure is freed with the last backend using
 * it. */
typedef struct {
  CasarrayPasswordFunc func;
  gpointer             user_data;
  GDestroyNotify       destroy;
  GWeakRef             directory;
} PasswordClosure;

static void
password_closure_free (gpointer data)
{
  PasswordClosure *closure = data;

  if (closure->destroy != NULL)
    closure->destroy (closure->user_data);
  g_weak_ref_clear (&closure->directory);
  g_free (closure);
}

static char *
password_closure_call (gpointer   data,
                       GError   **error)
{
  PasswordClosure *closure = data;
  g_autoptr(CasarrayDirectory) directory = g_weak_ref_get (&closure->directory);
  char *password;

  if (directory == NULL)
    {
      g_set_error_literal (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                           "the directory handle is gone");
      return NULL;
    }
  password = closure->func (directory, closure->user_data);
  if (password == NULL)
    g_set_error_literal (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                         "the password function supplied none");
  return password;
}

/**
 * casarray_directory_set_password_func:
 * @self: a #CasarrayDirectory
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy): called for the password at each bind
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Asks @func for the password of the simple bind at each bind. This
 * replaces any password file. @func is called from the thread that runs
 * the operation, and must not reconfigure @self or run operations on it.
 * Connections made before a later call to this function or to
 * casarray_directory_set_password_file() keep using @func until they are
 * closed; @destroy runs once none does, in whichever thread closes the
 * last of them.
 */
void
casarray_directory_set_password_func (CasarrayDirectory    *self,
                                      CasarrayPasswordFunc  func,
                                      gpointer              user_data,
                                      GDestroyNotify        destroy)
{
  PasswordClosure *closure;

  g_return_if_fail (CASARRAY_IS_DIRECTORY (self));

  if (func == NULL)
    {
      if (destroy != NULL)
        destroy (user_data);
      replace_password (self, NULL);
      return;
    }
  closure = g_new0 (PasswordClosure, 1);
  closure->func = func;
  closure->user_data = user_data;
  closure->destroy = destroy;
  g_weak_ref_init (&closure->directory, self);
  replace_password (self, casarray_ldap_password_new_func (password_closure_call, closure,
                                                           password_closure_free));
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
  if (replace_string (self, &self->configuration_dn, configuration_dn))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIGURATION_DN]);
}

/**
 * casarray_directory_get_configuration_dn:
 * @self: a #CasarrayDirectory
 *
 * Gets #CasarrayDirectory:configuration-dn: the one set, or once connected
 * the one found.
 *
 * Returns: (transfer full) (nullable): a copy of the configuration naming
 *   context; free it with g_free()
 */
char *
casarray_directory_get_configuration_dn (CasarrayDirectory *self)
{
  char *dn;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->configuration_dn != NULL)
    dn = g_strdup (self->configuration_dn);
  else if (self->context != NULL)
    dn = g_strdup (casarray_context_get_configuration_dn (self->context));
  else
    dn = NULL;
  g_mutex_unlock (&self->lock);
  return dn;
}

/* Sets a boolean or unsigned setting under the lock; FALSE if unchanged. */
static gboolean
set_uint (CasarrayDirectory *self,
          guint             *field,
          guint              value)
{
  CasarrayContext *old_context = NULL;
  gboolean changed;

  g_mutex_lock (&self->lock);
  changed = *field != value;
  if (changed)
    {
      *field = value;
      old_context = settings_changed_locked (self);
    }
  g_mutex_unlock (&self->lock);

  g_clear_pointer (&old_context, casarray_context_unref);
  return changed;
}

static gboolean
set_boolean (CasarrayDirectory *self,
             gboolean          *field,
             gboolean           value)
{
  return set_uint (self, (guint *) field, !!value);
}

static guint
get_uint (CasarrayDirectory *self,
          const guint       *field)
{
  guint value;

  g_mutex_lock (&self->lock);
  value = *field;
  g_mutex_unlock (&self->lock);
  return value;
}

static gboolean
get_boolean (CasarrayDirectory *self,
             const gboolean    *field)
{
  return get_uint (self, (const guint *) field);
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
  if (set_boolean (self, &self->start_tls, start_tls))
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
  return get_boolean (self, &self->start_tls);
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
  if (replace_string (self, &self->tls_ca_file, path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_CA_FILE]);
}

/**
 * casarray_directory_get_tls_ca_file:
 * @self: a #CasarrayDirectory
 *
 * Gets #CasarrayDirectory:tls-ca-file.
 *
 * Returns: (type filename) (transfer full) (nullable): a copy of the CA
 *   file's path; free it with g_free()
 */
char *
casarray_directory_get_tls_ca_file (CasarrayDirectory *self)
{
  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);
  return dup_string (self, &self->tls_ca_file);
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
  if (set_boolean (self, &self->tls_verify, verify))
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
  return get_boolean (self, &self->tls_verify);
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
  if (set_uint (self, &self->network_timeout,
                milliseconds != 0 ? milliseconds : DEFAULT_NETWORK_TIMEOUT_MS))
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
  return get_uint (self, &self->network_timeout);
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
  if (set_uint (self, &self->operation_timeout,
                milliseconds != 0 ? milliseconds : DEFAULT_OPERATION_TIMEOUT_MS))
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
  return get_uint (self, &self->operation_timeout);
}

/**
 * casarray_directory_get_organization:
 * @self: a #CasarrayDirectory
 *
 * Gets #CasarrayDirectory:organization.
 *
 * Returns: (transfer full) (nullable): a copy of the name of the Exchange
 *   organisation, once found; free it with g_free()
 */
char *
casarray_directory_get_organization (CasarrayDirectory *self)
{
  char *name;

  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (self), NULL);

  g_mutex_lock (&self->lock);
  name = self->context != NULL ? casarray_context_dup_organization_name (self->context) : NULL;
  g_mutex_unlock (&self->lock);
  return name;
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

/* The settings a backend is made from, copied under the lock so that the
 * backend is made, and connects, without it. */
typedef struct {
  char                 *bind_dn;
  CasarrayLdapPassword *password;
  char                 *sasl_mechanism;
  char                 *sasl_authorization_id;
  char                 *configuration_dn;
  char                 *tls_ca_file;
  gboolean              start_tls;
  gboolean              tls_verify;
  guint                 network_timeout;
  guint                 operation_timeout;
  guint64               generation;
} Settings;

static void
settings_copy_locked (CasarrayDirectory *self,
                      Settings          *settings)
{
  settings->bind_dn = g_strdup (self->bind_dn);
  settings->sasl_mechanism = g_strdup (self->sasl_mechanism);
  settings->sasl_authorization_id = g_strdup (self->sasl_authorization_id);
  settings->password = self->password != NULL ? casarray_ldap_password_ref (self->password) : NULL;
  settings->configuration_dn = g_strdup (self->configuration_dn);
  settings->tls_ca_file = g_strdup (self->tls_ca_file);
  settings->start_tls = self->start_tls;
  settings->tls_verify = self->tls_verify;
  settings->network_timeout = self->network_timeout;
  settings->operation_timeout = self->operation_timeout;
  settings->generation = self->generation;
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
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Settings, settings_clear)

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
  settings_copy_locked (self, &settings);
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
  if (self->generation == settings.generation && self->context == NULL)
    self->context = casarray_context_ref (context);
  g_mutex_unlock (&self->lock);
  g_mutex_unlock (&self->connect_lock);
  return context;
}
