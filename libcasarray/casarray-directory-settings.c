/* casarray-directory-settings.c: the connection settings of a
 * #CasarrayDirectory (bind DN, password, SASL, TLS, timeouts) and the
 * organisation it found
 *
 * Every setter takes the handle's lock, changes one field and drops the
 * connection (casarray_directory_settings_changed_locked()), so that the
 * next call reconnects with the new settings; every getter copies under
 * the lock.  Neither ever waits for the network.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <casarray/casarray.h>

#include "casarray-directory-private.h"

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
      old_context = casarray_directory_settings_changed_locked (self);
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
  old_password = g_steal_pointer (&self->settings.password);
  self->settings.password = password;
  old_context = casarray_directory_settings_changed_locked (self);
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
  if (replace_string (self, &self->settings.bind_dn, bind_dn))
    g_object_notify_by_pspec (G_OBJECT (self), casarray_directory_properties[CASARRAY_DIRECTORY_PROP_BIND_DN]);
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
  return dup_string (self, &self->settings.bind_dn);
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
  if (replace_string (self, &self->settings.sasl_mechanism, mechanism))
    g_object_notify_by_pspec (G_OBJECT (self), casarray_directory_properties[CASARRAY_DIRECTORY_PROP_SASL_MECHANISM]);
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
  return dup_string (self, &self->settings.sasl_mechanism);
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
  if (replace_string (self, &self->settings.sasl_authorization_id, authorization_id))
    g_object_notify_by_pspec (G_OBJECT (self), casarray_directory_properties[CASARRAY_DIRECTORY_PROP_SASL_AUTHORIZATION_ID]);
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
  return dup_string (self, &self->settings.sasl_authorization_id);
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
  if (replace_string (self, &self->settings.configuration_dn, configuration_dn))
    g_object_notify_by_pspec (G_OBJECT (self), casarray_directory_properties[CASARRAY_DIRECTORY_PROP_CONFIGURATION_DN]);
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
  if (self->settings.configuration_dn != NULL)
    dn = g_strdup (self->settings.configuration_dn);
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
      old_context = casarray_directory_settings_changed_locked (self);
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
  if (set_boolean (self, &self->settings.start_tls, start_tls))
    g_object_notify_by_pspec (G_OBJECT (self), casarray_directory_properties[CASARRAY_DIRECTORY_PROP_START_TLS]);
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
  return get_boolean (self, &self->settings.start_tls);
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
  if (replace_string (self, &self->settings.tls_ca_file, path))
    g_object_notify_by_pspec (G_OBJECT (self), casarray_directory_properties[CASARRAY_DIRECTORY_PROP_TLS_CA_FILE]);
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
  return dup_string (self, &self->settings.tls_ca_file);
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
  if (set_boolean (self, &self->settings.tls_verify, verify))
    g_object_notify_by_pspec (G_OBJECT (self), casarray_directory_properties[CASARRAY_DIRECTORY_PROP_TLS_VERIFY]);
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
  return get_boolean (self, &self->settings.tls_verify);
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
  if (set_uint (self, &self->settings.network_timeout,
                milliseconds != 0 ? milliseconds : CASARRAY_DIRECTORY_DEFAULT_NETWORK_TIMEOUT_MS))
    g_object_notify_by_pspec (G_OBJECT (self), casarray_directory_properties[CASARRAY_DIRECTORY_PROP_NETWORK_TIMEOUT]);
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
  return get_uint (self, &self->settings.network_timeout);
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
  if (set_uint (self, &self->settings.operation_timeout,
                milliseconds != 0 ? milliseconds : CASARRAY_DIRECTORY_DEFAULT_OPERATION_TIMEOUT_MS))
    g_object_notify_by_pspec (G_OBJECT (self), casarray_directory_properties[CASARRAY_DIRECTORY_PROP_OPERATION_TIMEOUT]);
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
  return get_uint (self, &self->settings.operation_timeout);
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
