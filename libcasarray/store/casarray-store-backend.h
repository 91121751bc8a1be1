/* casarray-store-backend.h: the CasarrayBackend that keeps the directory in
 * an LDIF file (or in memory), with no server
 *
 * Private to libcasarray.  See docs/embedded-store.md for the file format,
 * the default location, the locking scheme and crash safety.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "backend/casarray-backend.h"

G_BEGIN_DECLS

/* The configuration naming context of a new, empty store when none was
 * set with casarray_directory_set_configuration_dn(). */
#define CASARRAY_STORE_DEFAULT_CONFIGURATION_DN "CN=Configuration,DC=contoso,DC=com"

/* The URI of the in-memory store. */
#define CASARRAY_STORE_MEMORY_URI "memory:"

typedef struct {
  const char *uri;                  /* file:///..., a plain path, or memory: */
  const char *configuration_dn;     /* NULL: found in the store, or the default */
  guint       operation_timeout_ms; /* the longest wait for the file lock; 0: 8000 */
} CasarrayStoreSettings;

#define CASARRAY_TYPE_STORE_BACKEND (casarray_store_backend_get_type ())
G_DECLARE_FINAL_TYPE (CasarrayStoreBackend, casarray_store_backend, CASARRAY, STORE_BACKEND, GObject)

/* TRUE for the URIs this backend serves: memory:, file://, and anything
 * else without "://" (a path). */
gboolean         casarray_store_backend_handles_uri  (const char                  *uri);
/* The per-user default store: $XDG_DATA_HOME/casarray/default.ldif. */
char            *casarray_store_backend_default_path (void);

/* Nothing is read until the first call; a URI that is not a local file
 * fails here with CASARRAY_ERROR_INVALID_ARGUMENT. */
CasarrayBackend *casarray_store_backend_new          (const CasarrayStoreSettings *settings,
                                                      GError                     **error);

/* Applies LDIF records (adds; changetype modify, delete, modrdn) as they
 * are, without the model's rules, in one write: what ldapmodify does to a
 * server.  For tests and repairs. */
gboolean         casarray_store_backend_apply_ldif   (CasarrayStoreBackend        *self,
                                                      const char                  *ldif,
                                                      GError                     **error);
/* Writes the store as one snapshot file now, with no journal (which a
 * writer does by itself when the journal grows past a fraction of the
 * snapshot): for tests, and before handing the file alone to a tool. */
gboolean         casarray_store_backend_compact      (CasarrayStoreBackend        *self,
                                                      GError                     **error);
/* Writes the store's current content to @path (crash-safe, mode 0600). */
gboolean         casarray_store_backend_export       (CasarrayStoreBackend        *self,
                                                      const char                  *path,
                                                      GError                     **error);

G_END_DECLS
