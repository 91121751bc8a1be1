/* casarray-store-backend.c: the CasarrayBackend that keeps the directory in
 * an LDIF file (or in memory), with no server
 *
 * The whole store lives in memory (casarray-store-index.c); on disk it is
 * a snapshot, "org.ldif" (casarray-store-file.c), and a journal of the
 * changes since, "org.ldif.journal" (casarray-store-journal.c), which
 * casarray-store-files.c keeps the memory in step with:
 *
 *  - a write takes the exclusive lock "<file>.lock" (casarray-store-lock.c),
 *    catches up with what other processes wrote, applies the change in
 *    memory, appends its change records to the journal in one write and
 *    fsyncs it, then unlocks: a change costs what it writes, is on disk
 *    when the call returns, and two processes never lose each other's
 *    changes.  When the journal has grown past an eighth of the snapshot,
 *    the writer compacts: it writes a new snapshot
 *    (a temporary file, fsync'ed, renamed over the old one) and removes
 *    the journal;
 *  - a read takes no lock: it re-reads the snapshot only if it was
 *    replaced (its identity and generation), then reads the journal from
 *    where it stopped last time, applying only the transactions that are
 *    complete (each ends with its length and checksum), so a writer in
 *    the middle of an append never blocks nor confuses it.  A snapshot
 *    replaced while it read is read again;
 *  - a file that does not parse, breaks the rules a server would enforce,
 *    or was cut short is reported as CASARRAY_ERROR_INVALID_DATA and never
 *    written over;
 *  - the path is resolved through symbolic links once, when the backend
 *    is made, and must name a regular file.
 *
 * A GMutex serialises the threads of one process on one backend; the file
 * lock serialises backends and processes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-store-backend.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <ldap.h>

#include "casarray/casarray-error.h"
#include "backend/casarray-dn.h"
#include "backend/casarray-syntax.h"
#include "casarray-ldif-io.h"
#include "casarray-store-files.h"
#include "casarray-store-journal.h"
#include "casarray-store-lock.h"

#define DEFAULT_OPERATION_TIMEOUT_MS 8000

struct _CasarrayStoreBackend
{
  GObject parent_instance;

  /* Settings, fixed at construction. */
  char               *lock_path;          /* NULL: in memory */
  char               *configuration_dn;   /* as set, or NULL */
  guint               timeout_ms;

  /* Held for the whole of every operation; guards the files. */
  GMutex              lock;
  CasarrayStoreFiles  files;
};

static void casarray_store_backend_iface_init (CasarrayBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CasarrayStoreBackend, casarray_store_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CASARRAY_TYPE_BACKEND,
                                                      casarray_store_backend_iface_init))

/* ---------------------------------------------------------------------- */
/* URIs                                                                   */

gboolean
casarray_store_backend_handles_uri (const char *uri)
{
  g_autofree char *scheme = NULL;

  if (uri == NULL || uri[0] == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (uri, CASARRAY_STORE_MEMORY_URI) == 0)
    return TRUE;
  scheme = g_uri_parse_scheme (uri);
  if (scheme != NULL && g_ascii_strcasecmp (scheme, "file") == 0)
    return TRUE;
  return strstr (uri, "://") == NULL;
}

char *
casarray_store_backend_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "casarray", "default.ldif", NULL);
}

/* The file named by @uri, or NULL in *path for memory:. */
static gboolean
path_from_uri (const char  *uri,
               char       **path,
               GError     **error)
{
  g_autofree char *scheme = NULL;

  *path = NULL;
  if (g_ascii_strcasecmp (uri, CASARRAY_STORE_MEMORY_URI) == 0)
    return TRUE;

  scheme = g_uri_parse_scheme (uri);
  if (scheme != NULL && g_ascii_strcasecmp (scheme, "file") == 0)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *hostname = NULL;
      g_autofree char *filename = g_filename_from_uri (uri, &hostname, &local_error);

      if (filename == NULL)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "“%s” is not a usable file URI: %s", uri, local_error->message);
          return FALSE;
        }
      if (hostname != NULL && hostname[0] != '\0' && g_ascii_strcasecmp (hostname, "localhost") != 0)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "“%s” names a file on another host (%s); a store is a local file",
                       uri, hostname);
          return FALSE;
        }
      *path = g_steal_pointer (&filename);
      return TRUE;
    }
  if (uri[0] != '\0' && strstr (uri, "://") == NULL)
    {
      /* relative to the working folder of the moment, once and for all */
      *path = g_canonicalize_filename (uri, NULL);
      return TRUE;
    }
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
               "“%s” is not a store URI: use file:///path, a path, or memory:", uri);
  return FALSE;
}

/* The file @path names, symbolic links followed to their end (a relative
 * target is taken from its link's folder), so that the store is locked,
 * written and renamed next to the real file and the links stay links.  A
 * link to nothing yet gives its target, which the first write creates.
 * After 40 links (a loop) the path stays a link, and opening it reports
 * ELOOP. */
static char *
resolve_links (const char *path)
{
  g_autofree char *current = g_strdup (path);

  for (guint hops = 0; hops < 40; hops++)
    {
      g_autofree char *target = NULL;
      g_autofree char *folder = NULL;
      GStatBuf st;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        break;
      target = g_file_read_link (current, NULL);
      if (target == NULL)
        break;
      folder = g_path_get_dirname (current);
      g_free (current);
      current = g_canonicalize_filename (target, folder);
    }
  return g_steal_pointer (&current);
}

/* ---------------------------------------------------------------------- */
/* Conversions from the model's vocabulary                                */

/* Every attribute of @entry but the pseudo-attributes. */
static GPtrArray *
attributes_from_entry (const CasarrayEntry  *entry,
                       GError              **error)
{
  GPtrArray *names = casarray_entry_get_attributes (entry);
  g_autoptr(GPtrArray) attributes = casarray_store_attributes_new ();

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      const char * const *values = casarray_entry_get_values (entry, name);
      CasarrayStoreAttribute *attribute;

      if (casarray_backend_is_pseudo_attribute (name))
        continue;
      if (!casarray_backend_check_writable_attribute (name, error))
        return NULL;
      if (values == NULL)
        continue;
      attribute = casarray_store_attribute_new (name);
      for (guint j = 0; values[j] != NULL; j++)
        casarray_store_attribute_add (attribute, values[j], strlen (values[j]));
      g_ptr_array_add (attributes, attribute);
    }
  return g_steal_pointer (&attributes);
}

static GPtrArray *
store_mods_from_mods (GPtrArray  *mods,
                      GError    **error)
{
  g_autoptr(GPtrArray) store_mods =
    g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_store_mod_free);

  for (guint i = 0; mods != NULL && i < mods->len; i++)
    {
      const CasarrayMod *mod = g_ptr_array_index (mods, i);
      CasarrayStoreMod *store_mod;

      if (!casarray_backend_check_writable_attribute (mod->attribute, error))
        return NULL;
      store_mod = casarray_store_mod_new (mod->op, mod->attribute);
      for (guint j = 0; mod->values != NULL && mod->values[j] != NULL; j++)
        g_ptr_array_add (store_mod->values, g_bytes_new (mod->values[j], strlen (mod->values[j])));
      g_ptr_array_add (store_mods, store_mod);
    }
  return g_steal_pointer (&store_mods);
}

/* Where this call's change records go, or NULL in memory. */
static GString *
journal_of (CasarrayStoreBackend *self)
{
  return self->files.path != NULL ? self->files.pending : NULL;
}

/* ---------------------------------------------------------------------- */
/* Sessions: every operation runs between begin and end                   */

typedef struct {
  CasarrayStoreLock file_lock;
  gboolean          writing;
} Session;

static gboolean
session_begin (CasarrayStoreBackend  *self,
               Session               *session,
               gboolean               writing,
               GCancellable          *cancellable,
               GError               **error)
{
  session->file_lock = (CasarrayStoreLock) CASARRAY_STORE_LOCK_INIT;
  session->writing = writing;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  g_mutex_lock (&self->lock);
  g_string_truncate (self->files.pending, 0);

  if (self->files.path != NULL)
    {
      struct stat st;

      /* before a lock file is made next to it */
      if (g_stat (self->files.path, &st) == 0 && !casarray_store_check_regular_file (self->files.path, &st, error))
        {
          g_mutex_unlock (&self->lock);
          return FALSE;
        }
      if (writing)
        {
          g_autofree char *folder = g_path_get_dirname (self->files.path);

          /* the store is created, with its folders, on the first write */
          if (g_mkdir_with_parents (folder, 0700) != 0)
            {
              int saved = errno;

              g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONNECTION,
                           "Cannot create the folder of the store %s: %s",
                           self->files.path, g_strerror (saved));
              g_mutex_unlock (&self->lock);
              return FALSE;
            }
          if (!casarray_store_lock_acquire (&session->file_lock, self->lock_path,
                                            self->timeout_ms, cancellable, error))
            {
              g_mutex_unlock (&self->lock);
              return FALSE;
            }
        }
    }

  if (!casarray_store_files_refresh (&self->files, error))
    {
      casarray_store_lock_release (&session->file_lock);
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  return TRUE;
}

/* Writes if @changed, then lets go; returns @ok unless the write failed. */
static gboolean
session_end (CasarrayStoreBackend  *self,
             Session               *session,
             gboolean               ok,
             gboolean               changed,
             GError               **error)
{
  if (session->writing && changed && !casarray_store_files_commit (&self->files, ok ? error : NULL))
    ok = FALSE;
  g_string_truncate (self->files.pending, 0);
  casarray_store_lock_release (&session->file_lock);
  g_mutex_unlock (&self->lock);
  return ok;
}

/* ---------------------------------------------------------------------- */
/* The interface                                                          */

static gboolean
casarray_store_backend_open (CasarrayBackend  *backend,
                             GCancellable     *cancellable,
                             GError          **error)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (backend);
  Session session;

  if (!session_begin (self, &session, FALSE, cancellable, error))
    return FALSE;
  return session_end (self, &session, TRUE, FALSE, error);
}

static char *
casarray_store_backend_find_configuration_dn (CasarrayBackend  *backend,
                                              GCancellable     *cancellable,
                                              GError          **error)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (backend);
  Session session;
  char *found;

  if (self->configuration_dn != NULL)
    {
      LDAPDN parsed = NULL;
      gboolean valid = ldap_str2dn (self->configuration_dn, &parsed, LDAP_DN_FORMAT_LDAPV3) == LDAP_SUCCESS &&
                       parsed != NULL;

      ldap_dnfree (parsed);
      if (!valid)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "“%s” is not a distinguished name", self->configuration_dn);
          return NULL;
        }
      return g_strdup (self->configuration_dn);
    }

  if (!session_begin (self, &session, FALSE, cancellable, error))
    return NULL;
  found = casarray_store_index_find_configuration_dn (self->files.index);
  if (found == NULL)
    g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NO_ORGANIZATION,
                 "No configuration naming context in the store %s: neither an Exchange "
                 "organisation (objectClass msExchOrganizationContainer) below a CN=Configuration "
                 "entry, nor a CN=Configuration entry of objectClass configuration; set it explicitly",
                 self->files.path != NULL ? self->files.path : CASARRAY_STORE_MEMORY_URI);
  session_end (self, &session, TRUE, FALSE, NULL);
  return found;
}

static GPtrArray *
casarray_store_backend_search (CasarrayBackend      *backend,
                               const CasarrayQuery  *query,
                               GCancellable         *cancellable,
                               GError              **error)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (backend);
  Session session;
  GPtrArray *entries;

  if (!session_begin (self, &session, FALSE, cancellable, error))
    return NULL;
  entries = casarray_store_index_search (self->files.index, query, error);
  session_end (self, &session, TRUE, FALSE, NULL);
  return entries;
}

static gboolean
casarray_store_backend_add (CasarrayBackend      *backend,
                            const CasarrayEntry  *entry,
                            GCancellable         *cancellable,
                            GError              **error)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (backend);
  GPtrArray *attributes = attributes_from_entry (entry, error);
  Session session;
  gboolean ok;

  if (attributes == NULL)
    return FALSE;
  if (!session_begin (self, &session, TRUE, cancellable, error))
    {
      g_ptr_array_unref (attributes);
      return FALSE;
    }
  ok = casarray_store_index_add (self->files.index, casarray_entry_get_dn (entry), attributes, FALSE, error);
  if (ok && journal_of (self) != NULL)
    casarray_store_index_write_add (self->files.index, casarray_entry_get_dn (entry), journal_of (self));
  return session_end (self, &session, ok, ok, error);
}

static gboolean
casarray_store_backend_modify (CasarrayBackend  *backend,
                               const char       *dn,
                               GPtrArray        *mods,
                               GCancellable     *cancellable,
                               GError          **error)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (backend);
  g_autoptr(GPtrArray) store_mods = store_mods_from_mods (mods, error);
  Session session;
  gboolean ok;

  if (store_mods == NULL)
    return FALSE;
  /* Nothing to change: nothing to do, as the LDAP backend sends nothing. */
  if (store_mods->len == 0)
    return TRUE;
  if (!session_begin (self, &session, TRUE, cancellable, error))
    return FALSE;
  ok = casarray_store_index_modify (self->files.index, dn, store_mods, error);
  if (ok && journal_of (self) != NULL)
    casarray_store_journal_write_modify (journal_of (self), dn, store_mods);
  return session_end (self, &session, ok, ok, error);
}

static gboolean
casarray_store_backend_remove (CasarrayBackend  *backend,
                               const char       *dn,
                               GCancellable     *cancellable,
                               GError          **error)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (backend);
  Session session;
  gboolean ok;

  if (!session_begin (self, &session, TRUE, cancellable, error))
    return FALSE;
  ok = casarray_store_index_remove (self->files.index, dn, error);
  if (ok && journal_of (self) != NULL)
    casarray_store_journal_write_delete (journal_of (self), dn);
  return session_end (self, &session, ok, ok, error);
}

static gboolean
casarray_store_backend_rename (CasarrayBackend  *backend,
                               const char       *dn,
                               const char       *new_rdn,
                               GCancellable     *cancellable,
                               GError          **error)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (backend);
  Session session;
  gboolean ok;

  g_autofree char *new_name = casarray_dn_first_value (new_rdn);
  g_autoptr(GPtrArray) name_mods = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *new_dn = NULL;

  if (new_name == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "Cannot rename %s: “%s” is not one RDN", dn, new_rdn ?: "(null)");
      return FALSE;
    }
  if (!session_begin (self, &session, TRUE, cancellable, error))
    return FALSE;
  ok = casarray_store_index_rename (self->files.index, dn, new_rdn, error);
  if (ok)
    {
      /* `name` follows the RDN, as Active Directory keeps it (its name
       * attribute can only change through a rename); same write. */
      g_autoptr(GError) name_error = NULL;
      g_autofree char *old_rdn = NULL;

      parent = casarray_dn_parent (dn);
      new_dn = parent != NULL ? g_strconcat (new_rdn, ",", parent, NULL) : g_strdup (new_rdn);
      name_mods = g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_store_mod_free);
      g_ptr_array_add (name_mods, casarray_store_mod_new (CASARRAY_MOD_REPLACE, "name"));
      g_ptr_array_add (((CasarrayStoreMod *) g_ptr_array_index (name_mods, 0))->values,
                       g_bytes_new (new_name, strlen (new_name)));
      if (!casarray_store_index_modify (self->files.index, new_dn, name_mods, &name_error))
        {
          /* undo in memory too: nothing is written, and the index must
           * stay what the file holds */
          g_autofree char *old_name = casarray_dn_first_value (dn);

          old_rdn = old_name != NULL ? casarray_dn_build_rdn (old_name) : NULL;
          if (old_rdn != NULL)
            casarray_store_index_rename (self->files.index, new_dn, old_rdn, NULL);
          g_propagate_error (error, g_steal_pointer (&name_error));
          ok = FALSE;
        }
      else if (journal_of (self) != NULL)
        {
          casarray_store_journal_write_rename (journal_of (self), dn, new_rdn);
          casarray_store_journal_write_modify (journal_of (self), new_dn, name_mods);
        }
    }
  return session_end (self, &session, ok, ok, error);
}

/* One lock, one re-read and one write for the whole batch; each modify is
 * still atomic on its own. */
static gboolean
casarray_store_backend_modify_many (CasarrayBackend  *backend,
                                    GPtrArray        *dns,
                                    GPtrArray        *mod_lists,
                                    GError          **errors,
                                    GCancellable     *cancellable,
                                    GError          **error)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (backend);
  g_autoptr(GError) write_error = NULL;
  g_autoptr(GArray) applied = g_array_new (FALSE, FALSE, sizeof (guint));
  Session session;

  g_return_val_if_fail (dns->len == mod_lists->len, FALSE);

  if (!session_begin (self, &session, TRUE, cancellable, error))
    return FALSE;
  for (guint i = 0; i < dns->len; i++)
    {
      g_autoptr(GPtrArray) store_mods = store_mods_from_mods (g_ptr_array_index (mod_lists, i),
                                                              &errors[i]);

      if (store_mods == NULL || store_mods->len == 0)
        continue;
      if (casarray_store_index_modify (self->files.index, g_ptr_array_index (dns, i), store_mods,
                                       &errors[i]))
        {
          g_array_append_val (applied, i);
          if (journal_of (self) != NULL)
            casarray_store_journal_write_modify (journal_of (self), g_ptr_array_index (dns, i),
                                                 store_mods);
        }
    }
  if (!session_end (self, &session, TRUE, applied->len > 0, &write_error))
    {
      /* the changes made in memory may not have reached the file */
      for (guint n = 0; n < applied->len; n++)
        errors[g_array_index (applied, guint, n)] = g_error_copy (write_error);
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Beyond the interface                                                   */

gboolean
casarray_store_backend_apply_ldif (CasarrayStoreBackend  *self,
                                   const char            *ldif,
                                   GError               **error)
{
  Session session;
  gboolean ok;

  g_return_val_if_fail (CASARRAY_IS_STORE_BACKEND (self), FALSE);
  g_return_val_if_fail (ldif != NULL, FALSE);

  if (!session_begin (self, &session, TRUE, NULL, error))
    return FALSE;
  ok = casarray_store_apply_ldif (self->files.index, ldif, strlen (ldif), "LDIF", journal_of (self), error);
  if (!ok)
    self->files.stale = TRUE;   /* drop what was applied before the failure */
  return session_end (self, &session, ok, ok, error);
}


gboolean
casarray_store_backend_compact (CasarrayStoreBackend  *self,
                                GError               **error)
{
  Session session;
  gboolean ok = TRUE;

  g_return_val_if_fail (CASARRAY_IS_STORE_BACKEND (self), FALSE);

  if (!session_begin (self, &session, TRUE, NULL, error))
    return FALSE;
  if (self->files.path != NULL)
    ok = casarray_store_files_compact (&self->files, error);
  return session_end (self, &session, ok, FALSE, error);
}

gboolean
casarray_store_backend_export (CasarrayStoreBackend  *self,
                               const char            *path,
                               GError               **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  Session session;
  gboolean ok;

  g_return_val_if_fail (CASARRAY_IS_STORE_BACKEND (self), FALSE);

  if (!session_begin (self, &session, FALSE, NULL, error))
    return FALSE;
  data = casarray_store_render_snapshot (self->files.index, 1, &length);
  ok = casarray_ldif_replace_file (path, data, length, 0600, error);
  return session_end (self, &session, ok, FALSE, NULL);
}

/* ---------------------------------------------------------------------- */
/* The object                                                             */

static void
casarray_store_backend_finalize (GObject *object)
{
  CasarrayStoreBackend *self = CASARRAY_STORE_BACKEND (object);

  casarray_store_files_clear (&self->files);
  g_free (self->lock_path);
  g_free (self->configuration_dn);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (casarray_store_backend_parent_class)->finalize (object);
}

static void
casarray_store_backend_class_init (CasarrayStoreBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = casarray_store_backend_finalize;
}

static void
casarray_store_backend_init (CasarrayStoreBackend *self)
{
  g_mutex_init (&self->lock);
}

static void
casarray_store_backend_iface_init (CasarrayBackendInterface *iface)
{
  iface->open = casarray_store_backend_open;
  iface->find_configuration_dn = casarray_store_backend_find_configuration_dn;
  iface->search = casarray_store_backend_search;
  iface->add = casarray_store_backend_add;
  iface->modify = casarray_store_backend_modify;
  iface->remove = casarray_store_backend_remove;
  iface->rename = casarray_store_backend_rename;
  iface->modify_many = casarray_store_backend_modify_many;
}

CasarrayBackend *
casarray_store_backend_new (const CasarrayStoreSettings  *settings,
                            GError                      **error)
{
  CasarrayStoreBackend *self;
  g_autofree char *path = NULL;

  g_return_val_if_fail (settings != NULL && settings->uri != NULL, NULL);

  if (!path_from_uri (settings->uri, &path, error))
    return NULL;

  self = g_object_new (CASARRAY_TYPE_STORE_BACKEND, NULL);
  if (path != NULL)
    {
      g_autofree char *real = resolve_links (path);

      g_free (path);
      path = g_steal_pointer (&real);
    }
  casarray_store_files_init (&self->files, path, settings->configuration_dn);
  self->lock_path = path != NULL ? g_strconcat (path, ".lock", NULL) : NULL;
  self->configuration_dn = g_strdup (settings->configuration_dn);
  self->timeout_ms = settings->operation_timeout_ms != 0 ? settings->operation_timeout_ms
                                                         : DEFAULT_OPERATION_TIMEOUT_MS;
  return CASARRAY_BACKEND (self);
}
