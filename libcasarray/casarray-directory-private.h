/* casarray-directory-private.h: the handle's state, and what the call
 * runner needs from it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <casarray/casarray.h>

#include "operations/casarray-context.h"
#include "ldap/casarray-ldap-backend.h"

G_BEGIN_DECLS

/* The handle's state, shared by casarray-directory.c (the object, the
 * backend it makes, the context) and casarray-directory-settings.c (the
 * setters and getters of the connection settings). */
/* The connection settings: the handle's own, under its lock, and the
 * copy a backend is made from, so that it is made and connects without
 * the lock. */
typedef struct {
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
  char                 *creation_server;  /* casarray-directory-servers.c */
  gboolean              allow_any_creation_server;
  guint64               generation; /* changes with every setting */
} CasarrayDirectorySettings;

struct _CasarrayDirectory
{
  GObject               parent_instance;

  char                 *uri;       /* construct-only: never changes */

  /* Guards every field below.  Never held while talking to a server, so a
   * setter or getter never waits for the network. */
  GMutex                     lock;
  CasarrayDirectorySettings  settings;
  CasarrayContext           *context;    /* NULL until connected */

  /* Held while connecting, so that concurrent first calls connect once;
   * taken before @lock, never while holding it. */
  GMutex                connect_lock;
};

enum {
  CASARRAY_DIRECTORY_PROP_0,
  CASARRAY_DIRECTORY_PROP_URI,
  CASARRAY_DIRECTORY_PROP_BIND_DN,
  CASARRAY_DIRECTORY_PROP_SASL_MECHANISM,
  CASARRAY_DIRECTORY_PROP_SASL_AUTHORIZATION_ID,
  CASARRAY_DIRECTORY_PROP_CONFIGURATION_DN,
  CASARRAY_DIRECTORY_PROP_START_TLS,
  CASARRAY_DIRECTORY_PROP_TLS_CA_FILE,
  CASARRAY_DIRECTORY_PROP_TLS_VERIFY,
  CASARRAY_DIRECTORY_PROP_NETWORK_TIMEOUT,
  CASARRAY_DIRECTORY_PROP_OPERATION_TIMEOUT,
  CASARRAY_DIRECTORY_PROP_ORGANIZATION,
  CASARRAY_DIRECTORY_PROP_CONNECTED_URI,
  CASARRAY_DIRECTORY_N_PROPS
};

extern GParamSpec *casarray_directory_properties[CASARRAY_DIRECTORY_N_PROPS];

#define CASARRAY_DIRECTORY_DEFAULT_NETWORK_TIMEOUT_MS   6000
#define CASARRAY_DIRECTORY_DEFAULT_OPERATION_TIMEOUT_MS 8000

/* With @lock held: a setting changed.  The connection is dropped so that
 * the next operation reconnects with the new settings (operations already
 * running keep their reference), and a connection being made meanwhile
 * with the old settings will not be kept.  Returns the context to unref
 * once @lock is released: the last reference closes a connection, which
 * must not happen under the lock. */
CasarrayContext *casarray_directory_settings_changed_locked (CasarrayDirectory *self);

/* Connects on first use (or after a setting changed) and returns the
 * connected context; NULL with @error if connecting failed. */
CasarrayContext *casarray_directory_get_context (CasarrayDirectory  *self,
                                                 GCancellable       *cancellable,
                                                 GError            **error);

/* With @lock held: copies the settings into @copy (strings duplicated, the
 * password source referenced), as a backend or a handle for another
 * server (casarray-directory-servers.c) is made from them. */
void casarray_directory_settings_copy_locked (CasarrayDirectory         *self,
                                              CasarrayDirectorySettings *copy);

/* The handle a call that must run on the creation point runs on
 * (casarray-directory-servers.c): @self itself when it is that server (or
 * the embedded store), else a new handle for it, connected; NULL with
 * @error when that server cannot be used and the handle does not allow
 * creating elsewhere. */
CasarrayDirectory *casarray_directory_get_creation_target (CasarrayDirectory  *self,
                                                           GCancellable       *cancellable,
                                                           GError            **error);

G_END_DECLS
