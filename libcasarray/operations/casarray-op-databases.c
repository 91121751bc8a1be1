/* casarray-op-databases.c: Get-, Set-, New- and Remove-MailboxDatabase
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "backend/casarray-dn.h"
#include "casarray-lookup.h"
#include "casarray-op-common.h"
#include "casarray-operations.h"
#include "backend/casarray-schema.h"
#include "casarray-validate.h"
#include "model/casarray-model-private.h"

/* Above this many distinct endpoints, one search for all servers is cheaper
 * than a filter naming each. */
#define MAX_TARGETED_ENDPOINTS 32

#define DEFAULT_MAILBOX_FOLDER "C:\\Program Files\\Microsoft\\Exchange Server\\V14\\Mailbox"

/* The endpoints the databases' references may resolve to: the servers and
 * arrays they name when few, else all of them.  Always one search. */
static GPtrArray *
load_endpoints_for (CasarrayContext  *context,
                    GPtrArray        *databases,
                    gboolean          all,
                    GCancellable     *cancellable,
                    GError          **error)
{
  g_autoptr(GHashTable) parents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; !all && i < databases->len; i++)
    {
      const char *legacy_dn = casarray_entry_get_first (g_ptr_array_index (databases, i),
                                                        CASARRAY_ATTR_LEGACY_DN);
      char *parent = casarray_schema_legacy_dn_parent (legacy_dn);

      if (parent == NULL)
        continue;
      if (g_hash_table_contains (parents, parent))
        g_free (parent);
      else
        {
          g_hash_table_add (parents, parent);
          g_ptr_array_add (values, g_strdup (parent));
        }
      all = g_hash_table_size (parents) > MAX_TARGETED_ENDPOINTS;
    }
  if (all)
    return casarray_lookup_all (context, CASARRAY_KIND_ENDPOINT, NULL, FALSE, cancellable, error);
  g_ptr_array_add (values, NULL);
  return casarray_lookup_by_values (context, CASARRAY_KIND_ENDPOINT, CASARRAY_ATTR_LEGACY_DN,
                                    (const char * const *) values->pdata, cancellable, error);
}

/* casarray_op_resolve_rpc_fqdn() without copying the parent of every
 * database's legacyExchangeDN (casarray_schema_legacy_dn_parent()) before
 * taking its key: the key of the same bytes. */
static const char *
resolve_rpc_fqdn (GHashTable          *index,
                  const CasarrayEntry *database)
{
  const char *legacy_dn = casarray_entry_get_first (database, CASARRAY_ATTR_LEGACY_DN);
  const char *slash = legacy_dn != NULL ? strrchr (legacy_dn, '/') : NULL;
  g_autofree char *key = NULL;
  CasarrayEntry *endpoint;

  if (slash == NULL || slash == legacy_dn)
    return NULL;
  key = casarray_match_case_ignore (legacy_dn, slash - legacy_dn);
  if (key == NULL)
    return NULL;
  endpoint = g_hash_table_lookup (index, key);
  return endpoint != NULL ? casarray_schema_entry_fqdn (endpoint) : NULL;
}

typedef struct {
  char          *key;      /* collation key of the name */
  CasarrayEntry *entry;
} SortedEntry;

static gint
compare_sorted (gconstpointer a,
                gconstpointer b)
{
  return strcmp (((const SortedEntry *) a)->key, ((const SortedEntry *) b)->key);
}

/* Builds the models of @databases, resolving each RpcClientAccessServer
 * through @endpoints, in name order.  The entries are sorted, not the
 * models: a model's name is casarray_schema_entry_name() of its entry, so
 * the keys and their order are those of casarray_op_sort_by_name() over
 * the models, without reading a property back from each. */
static GPtrArray *
build_models (GPtrArray *databases,
              GPtrArray *endpoints)
{
  g_autoptr(GHashTable) index = casarray_op_index_by_legacy_dn (endpoints);
  GPtrArray *models = g_ptr_array_new_full (databases->len, g_object_unref);
  g_autofree SortedEntry *sorted = g_new (SortedEntry, databases->len + 1);

  for (guint i = 0; i < databases->len; i++)
    {
      g_autofree char *name = casarray_schema_entry_name (g_ptr_array_index (databases, i));

      sorted[i].entry = g_ptr_array_index (databases, i);
      sorted[i].key = g_utf8_collate_key (name != NULL ? name : "", -1);
    }
  qsort (sorted, databases->len, sizeof (SortedEntry), compare_sorted);
  for (guint i = 0; i < databases->len; i++)
    {
      CasarrayEntry *database = sorted[i].entry;

      g_ptr_array_add (models, casarray_mailbox_database_new_from_entry (
                         database, resolve_rpc_fqdn (index, database)));
      g_free (sorted[i].key);
    }
  return models;
}

/* What the listing reads of the servers and arrays: the legacyExchangeDN
 * and FQDN that resolve RpcClientAccessServer (build_models), the version
 * that hides old servers' databases and the class that tells an array
 * (drop_pre_exchange2010; objectClass always comes).  The rest of a
 * server (its site, roles, creation time...) would be sent and parsed for
 * every entry of the search for nothing. */
static const char * const listing_endpoint_attributes[] = {
  CASARRAY_ATTR_LEGACY_DN, CASARRAY_ATTR_NETWORK_ADDRESS, CASARRAY_ATTR_VERSION_NUMBER, NULL
};

/* EMS hides databases of servers older than Exchange 2010 unless asked. */
static GPtrArray *
drop_pre_exchange2010 (GPtrArray *databases,
                       GPtrArray *servers)
{
  g_autoptr(GHashTable) old_servers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *kept = g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_entry_unref);

  for (guint i = 0; i < servers->len; i++)
    {
      CasarrayEntry *server = g_ptr_array_index (servers, i);
      guint64 version = casarray_schema_entry_uint (server, CASARRAY_ATTR_VERSION_NUMBER);

      if (!casarray_op_is_array (server) && version != 0 && version < CASARRAY_EXCHANGE_2010_VERSION)
        g_hash_table_add (old_servers, casarray_dn_normalize (casarray_entry_get_dn (server)));
    }
  /* The usual organisation has no such server: then nothing is dropped,
   * and no owner DN needs parsing. */
  if (g_hash_table_size (old_servers) == 0)
    {
      g_ptr_array_unref (kept);
      return g_ptr_array_ref (databases);
    }
  for (guint i = 0; i < databases->len; i++)
    {
      CasarrayEntry *database = g_ptr_array_index (databases, i);
      g_autofree char *owner =
        casarray_dn_normalize (casarray_entry_get_first (database, CASARRAY_ATTR_OWNING_SERVER));

      if (owner == NULL || !g_hash_table_contains (old_servers, owner))
        g_ptr_array_add (kept, casarray_entry_ref (database));
    }
  return kept;
}

static gboolean
matches_identity (const CasarrayEntry *database,
                  const char          *identity)
{
  g_autofree char *name = casarray_schema_entry_name (database);

  /* names by cn's caseIgnoreMatch, patterns too: as a search by name on
   * the directory finds them */
  if (casarray_lookup_is_wildcard (identity))
    {
      g_autoptr(GPatternSpec) spec = casarray_name_pattern_new (identity);

      if (casarray_name_pattern_match (spec, name))
        return TRUE;
    }
  return casarray_name_equal (name, identity) ||
         casarray_dn_equal (casarray_entry_get_dn (database), identity) ||
         g_ascii_strcasecmp (identity, casarray_entry_get_first (database, CASARRAY_ATTR_GUID) ?: "") == 0;
}

GPtrArray *
casarray_op_get_mailbox_databases (CasarrayContext  *context,
                                   const char       *identity,
                                   const char       *server,
                                   gboolean          include_pre_exchange2010,
                                   GCancellable     *cancellable,
                                   GError          **error)
{
  g_autoptr(GPtrArray) databases = NULL;
  g_autoptr(GPtrArray) endpoints = NULL;
  gboolean exact_identity = identity != NULL && !casarray_lookup_is_wildcard (identity);
  gboolean hide_old;

  if (server != NULL)
    {
      g_autoptr(CasarrayEntry) owner = casarray_lookup_one (context, CASARRAY_KIND_SERVER, server,
                                                           cancellable, error);
      const char *owner_dn;

      if (owner == NULL)
        return NULL;
      if ((casarray_op_entry_roles (owner) & CASARRAY_SERVER_ROLE_MAILBOX) == 0)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "The server “%s” is not a Mailbox server.", server);
          return NULL;
        }
      owner_dn = casarray_entry_get_dn (owner);
      databases = casarray_lookup_by_values (context, CASARRAY_KIND_DATABASE,
                                             CASARRAY_ATTR_OWNING_SERVER,
                                             (const char * const []) { owner_dn, NULL },
                                             cancellable, error);
      if (databases == NULL)
        return NULL;
      if (identity != NULL)
        {
          g_autoptr(GPtrArray) all = g_steal_pointer (&databases);

          databases = g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_entry_unref);
          for (guint i = 0; i < all->len; i++)
            if (matches_identity (g_ptr_array_index (all, i), identity))
              g_ptr_array_add (databases, casarray_entry_ref (g_ptr_array_index (all, i)));
        }
    }
  else if (identity == NULL && !include_pre_exchange2010)
    {
      /* The listing: every database, and every server to hide the old
       * ones and resolve the rest, in one search. */
      if (!casarray_lookup_all_of_two_kinds (context, CASARRAY_KIND_DATABASE,
                                             CASARRAY_KIND_ENDPOINT, listing_endpoint_attributes,
                                             &databases, &endpoints, cancellable, error))
        return NULL;
    }
  else
    {
      databases = casarray_lookup_all (context, CASARRAY_KIND_DATABASE, identity, TRUE,
                                       cancellable, error);
      if (databases == NULL)
        return NULL;
    }

  if (exact_identity && databases->len == 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND,
                   "The operation couldn't be performed because mailbox database “%s” couldn't be found.",
                   identity);
      return NULL;
    }

  /* Older databases show when asked for by server or by exact identity. */
  hide_old = !include_pre_exchange2010 && server == NULL && !exact_identity;
  if (endpoints == NULL)
    endpoints = load_endpoints_for (context, databases, hide_old, cancellable, error);
  if (endpoints == NULL)
    return NULL;
  if (hide_old)
    {
      g_autoptr(GPtrArray) kept = drop_pre_exchange2010 (databases, endpoints);
      return build_models (kept, endpoints);
    }
  return build_models (databases, endpoints);
}

/* The database's new legacyExchangeDN for pointing at @target. */
static char *
legacy_dn_for_target (const CasarrayEntry *database,
                      const CasarrayEntry *target)
{
  gboolean is_public = casarray_entry_has_object_class (database, CASARRAY_CLASS_PUBLIC_MDB);

  return casarray_schema_database_legacy_dn (casarray_entry_get_first (target, CASARRAY_ATTR_LEGACY_DN),
                                             is_public);
}

static gboolean
validate_path (const char  *what,
               const char  *path,
               GError     **error)
{
  if (*path == '\0' || !g_utf8_validate (path, -1, NULL) || strpbrk (path, "\n\r") != NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "The %s must be a non-empty path on one line.", what);
      return FALSE;
    }
  return TRUE;
}

gboolean
casarray_op_set_mailbox_database (CasarrayContext  *context,
                                  const char       *identity,
                                  const char       *rpc_client_access_server,
                                  const char       *edb_file_path,
                                  const char       *log_folder_path,
                                  GCancellable     *cancellable,
                                  GError          **error)
{
  g_autoptr(CasarrayEntry) database = NULL;
  g_autoptr(CasarrayEntry) target = NULL;
  g_autoptr(GPtrArray) mods = casarray_op_new_mods ();
  g_autofree char *new_legacy_dn = NULL;
  g_autofree char *name = NULL;

  /* Check every argument before anything is written. */
  if ((edb_file_path != NULL && !validate_path ("EdbFilePath", edb_file_path, error)) ||
      (log_folder_path != NULL && !validate_path ("LogFolderPath", log_folder_path, error)))
    return FALSE;

  database = casarray_lookup_one (context, CASARRAY_KIND_DATABASE, identity, cancellable, error);
  if (database == NULL)
    return FALSE;
  name = casarray_schema_entry_name (database);

  if (rpc_client_access_server != NULL)
    {
      const char *old_legacy_dn = casarray_entry_get_first (database, CASARRAY_ATTR_LEGACY_DN);

      target = casarray_op_resolve_rpc_target (context, rpc_client_access_server, cancellable, error);
      if (target == NULL)
        return FALSE;
      new_legacy_dn = legacy_dn_for_target (database, target);
      if (g_strcmp0 (old_legacy_dn, new_legacy_dn) != 0)
        casarray_op_add_cas_mods (mods, CASARRAY_ATTR_LEGACY_DN, old_legacy_dn, new_legacy_dn);
    }
  if (edb_file_path != NULL)
    {
      const char *old = casarray_entry_get_first (database, CASARRAY_ATTR_EDB_FILE);
      if (g_strcmp0 (old, edb_file_path) != 0)
        casarray_op_add_cas_mods (mods, CASARRAY_ATTR_EDB_FILE, old, edb_file_path);
    }
  if (log_folder_path != NULL)
    {
      const char *old = casarray_entry_get_first (database, CASARRAY_ATTR_LOG_PATH);
      if (g_strcmp0 (old, log_folder_path) != 0)
        casarray_op_add_cas_mods (mods, CASARRAY_ATTR_LOG_PATH, old, log_folder_path);
    }

  if (mods->len == 0)
    return TRUE;   /* as EMS: nothing to change is not an error */
  if (!casarray_backend_modify (casarray_context_get_backend (context),
                                casarray_entry_get_dn (database), mods, cancellable, error))
    {
      casarray_op_explain_conflict (error, "mailbox database", name);
      return FALSE;
    }
  return TRUE;
}

gboolean
casarray_op_set_rpc_client_access_server (CasarrayContext          *context,
                                          CasarrayMailboxDatabase  *database,
                                          const char               *rpc_client_access_server,
                                          GCancellable             *cancellable,
                                          GError                  **error)
{
  g_autoptr(CasarrayEntry) target = NULL;
  g_autoptr(GPtrArray) mods = casarray_op_new_mods ();
  g_autofree char *new_legacy_dn = NULL;
  const char *old_legacy_dn = casarray_mailbox_database_get_exchange_legacy_dn (database);

  target = casarray_op_resolve_rpc_target (context, rpc_client_access_server, cancellable, error);
  if (target == NULL)
    return FALSE;
  new_legacy_dn = casarray_schema_database_legacy_dn (
    casarray_entry_get_first (target, CASARRAY_ATTR_LEGACY_DN), FALSE);
  /* Compare-and-set against the value the caller read, not a fresh read:
   * a change made since the caller's read makes this fail.  Even when the
   * caller's value is already the target, the delete-and-add is sent: it
   * changes nothing but fails if the directory no longer holds that value,
   * so a stale read is always reported. */
  casarray_op_add_cas_mods (mods, CASARRAY_ATTR_LEGACY_DN, old_legacy_dn, new_legacy_dn);
  if (!casarray_backend_modify (casarray_context_get_backend (context),
                                casarray_object_get_distinguished_name (CASARRAY_OBJECT (database)),
                                mods, cancellable, error))
    {
      casarray_op_explain_conflict (error, "mailbox database",
                                    casarray_object_get_name (CASARRAY_OBJECT (database)));
      return FALSE;
    }
  return TRUE;
}

/* New-MailboxDatabase's choice of endpoint, with the owning server's site
 * standing in for the site of the machine running the cmdlet. */
static CasarrayEntry *
choose_endpoint (CasarrayContext      *context,
                 const CasarrayEntry  *owner,
                 GCancellable         *cancellable,
                 GError              **error)
{
  const char *site_dn = casarray_entry_get_first (owner, CASARRAY_ATTR_SERVER_SITE);
  g_autoptr(GPtrArray) in_site = NULL;
  g_autoptr(GPtrArray) cas_servers = g_ptr_array_new ();

  if (site_dn == NULL)
    return casarray_entry_ref ((CasarrayEntry *) owner);

  in_site = casarray_lookup_by_values (context, CASARRAY_KIND_ENDPOINT, CASARRAY_ATTR_SERVER_SITE,
                                       (const char * const []) { site_dn, NULL }, cancellable, error);
  if (in_site == NULL)
    return NULL;
  /* 1. the site's client access array */
  for (guint i = 0; i < in_site->len; i++)
    if (casarray_op_is_array (g_ptr_array_index (in_site, i)))
      return casarray_entry_ref (g_ptr_array_index (in_site, i));
  /* 2. the owning server itself if it is a CAS */
  if (casarray_op_is_client_access_endpoint (owner))
    return casarray_entry_ref ((CasarrayEntry *) owner);
  /* 3. a CAS server of the site, at random */
  for (guint i = 0; i < in_site->len; i++)
    if (casarray_op_is_client_access_endpoint (g_ptr_array_index (in_site, i)))
      g_ptr_array_add (cas_servers, g_ptr_array_index (in_site, i));
  if (cas_servers->len > 0)
    return casarray_entry_ref (g_ptr_array_index (cas_servers, g_random_int_range (0, cas_servers->len)));
  /* 4. the owning server */
  return casarray_entry_ref ((CasarrayEntry *) owner);
}

CasarrayMailboxDatabase *
casarray_op_new_mailbox_database (CasarrayContext  *context,
                                  const char       *name,
                                  const char       *server,
                                  const char       *edb_file_path,
                                  const char       *log_folder_path,
                                  GCancellable     *cancellable,
                                  GError          **error)
{
  static const char * const classes[] = { "top", CASARRAY_CLASS_MDB, CASARRAY_CLASS_PRIVATE_MDB, NULL };
  const CasarrayOrganization *organization;
  g_autoptr(CasarrayEntry) owner = NULL;
  g_autoptr(CasarrayEntry) endpoint = NULL;
  g_autoptr(CasarrayEntry) entry = NULL;
  g_autoptr(GPtrArray) existing = NULL;
  g_autofree char *default_folder = NULL;
  g_autofree char *default_edb = NULL;
  g_autofree char *legacy_dn = NULL;
  const char *owner_legacy_dn;

  if (!casarray_validate_database_name (name, error) ||
      (edb_file_path != NULL && !validate_path ("EdbFilePath", edb_file_path, error)) ||
      (log_folder_path != NULL && !validate_path ("LogFolderPath", log_folder_path, error)))
    return NULL;
  organization = casarray_context_get_organization (context, cancellable, error);
  if (organization == NULL)
    return NULL;

  owner = casarray_lookup_one (context, CASARRAY_KIND_SERVER, server, cancellable, error);
  if (owner == NULL)
    return NULL;
  if ((casarray_op_entry_roles (owner) & CASARRAY_SERVER_ROLE_MAILBOX) == 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "The server “%s” is not a Mailbox server; a mailbox database needs one.", server);
      return NULL;
    }
  owner_legacy_dn = casarray_entry_get_first (owner, CASARRAY_ATTR_LEGACY_DN);
  if (owner_legacy_dn == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                   "The server “%s” has no legacyExchangeDN.", server);
      return NULL;
    }

  /* Database names are unique in the organisation, not only in the
   * Databases container this one goes to (older administrative groups). */
  existing = casarray_lookup_by_values (context, CASARRAY_KIND_DATABASE, CASARRAY_ATTR_CN,
                                        (const char * const []) { name, NULL }, cancellable, error);
  if (existing == NULL)
    return NULL;
  if (existing->len > 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS,
                   "A mailbox database named “%s” already exists. Please specify a new unique value.", name);
      return NULL;
    }

  endpoint = choose_endpoint (context, owner, cancellable, error);
  if (endpoint == NULL)
    return NULL;

  entry = casarray_op_new_entry (name, organization->databases_dn, classes, error);
  if (entry == NULL)
    return NULL;
  default_folder = g_strdup_printf ("%s\\%s", DEFAULT_MAILBOX_FOLDER, name);
  default_edb = g_strdup_printf ("%s\\%s.edb", default_folder, name);
  legacy_dn = legacy_dn_for_target (entry, endpoint);
  casarray_entry_add_value (entry, CASARRAY_ATTR_OWNING_SERVER, casarray_entry_get_dn (owner));
  casarray_entry_add_value (entry, CASARRAY_ATTR_MASTER_SERVER, casarray_entry_get_dn (owner));
  casarray_entry_add_value (entry, CASARRAY_ATTR_EDB_FILE, edb_file_path ?: default_edb);
  casarray_entry_add_value (entry, CASARRAY_ATTR_LOG_PATH, log_folder_path ?: default_folder);
  casarray_entry_add_value (entry, CASARRAY_ATTR_LEGACY_DN, legacy_dn);
  casarray_entry_add_value (entry, CASARRAY_ATTR_EDB_OFFLINE, "FALSE");
  casarray_entry_add_value (entry, CASARRAY_ATTR_CIRCULAR_LOG, "0");
  casarray_entry_add_value (entry, CASARRAY_ATTR_DATABASE_CREATED, "FALSE");
  /* Required by Microsoft's msExchMDB (mustContain); Exchange always
   * writes MessageStore (0).  Renamable, as Exchange creates databases.
   * See docs/directory-model.md for the evidence. */
  casarray_entry_add_value (entry, CASARRAY_ATTR_DELIVERY_MECHANISM,
                            CASARRAY_DELIVERY_MECHANISM_MESSAGE_STORE);
  casarray_entry_add_value (entry, CASARRAY_ATTR_SYSTEM_FLAGS, CASARRAY_SYSTEM_FLAGS_RENAMABLE);

  if (!casarray_op_add_new_entry (context, entry, cancellable, error,
                                  "A mailbox database named “%s” already exists. Please specify a new unique value.",
                                  name))
    return NULL;

  /* Read it back for the server-assigned GUID.  The database exists now:
   * from here on cancelling must not make the call report a failure. */
  {
    g_autoptr(CasarrayEntry) stored = casarray_lookup_one (context, CASARRAY_KIND_DATABASE,
                                                           casarray_entry_get_dn (entry),
                                                           NULL, error);
    if (stored == NULL)
      return NULL;
    return casarray_mailbox_database_new_from_entry (stored, casarray_schema_entry_fqdn (endpoint));
  }
}

gboolean
casarray_op_remove_mailbox_database (CasarrayContext  *context,
                                     const char       *identity,
                                     GCancellable     *cancellable,
                                     GError          **error)
{
  /* Database copies (msExchMDBCopy) and anything else below a database
   * are Exchange's, not libcasarray's: refused, never deleted. */
  return casarray_op_remove_leaf (context, CASARRAY_KIND_DATABASE, identity, "mailbox database",
                                  cancellable, error);
}
