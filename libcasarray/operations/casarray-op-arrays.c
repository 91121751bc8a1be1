/* casarray-op-arrays.c: Get-, New-, Set- and Remove-ClientAccessArray
 *
 * One array per site under concurrent writers
 * -------------------------------------------
 * An array's DN is CN=<array name>,CN=Arrays,... as Exchange lays it out, so
 * the directory cannot make "one per site" atomic by itself (it only refuses
 * a second entry with the same DN).  New-ClientAccessArray therefore uses
 * create-then-verify with a tie-break the server assigns:
 *
 *  1. add the array;
 *  2. search the site's arrays (and every server or array with the same
 *     name or FQDN), each ranked by what every replica agrees on
 *     (casarray-op-converge.h: creation time, then GUID; whenCreated and
 *     objectGUID on AD, createTimestamp and entryUUID on OpenLDAP);
 *  3. if any rival is older than ours, or is a server, we lost: delete ours
 *     and report the EMS error;
 *  4. if rivals exist but all are younger, wait (bounded) until they have
 *     deleted themselves; if one is still there at the deadline it must have
 *     seen no older array (it searched before ours was visible) and kept
 *     itself, so we delete ours and report the error.
 *
 * At most one writer keeps its array: if two kept theirs, the younger one
 * saw no older rival, so its search ran before the older one's add was
 * visible; then the older one's search (after its own add) saw the younger,
 * waited for it to leave, and since it never left, gave up.  The waiting in
 * step 4 only happens when writers actually race.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "backend/casarray-dn.h"
#include "casarray-lookup.h"
#include "casarray-op-common.h"
#include "casarray-op-converge.h"
#include "casarray-operations.h"
#include "backend/casarray-schema.h"
#include "casarray-validate.h"
#include "model/casarray-model-private.h"

/* How long the oldest writer waits for younger rivals to withdraw. */
#define RIVAL_WAIT_US    (5 * G_USEC_PER_SEC)
#define RIVAL_POLL_US    (20 * 1000)

static void
set_array_exists_error (GError     **error,
                        const char  *site_name)
{
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ARRAY_EXISTS_IN_SITE,
               "The Client Access array already exists in site %s. At most, one Client Access "
               "array can exist per site.", site_name);
}

static void
set_fqdn_exists_error (GError     **error,
                       const char  *fqdn,
                       const char  *holder)
{
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS,
               "The FQDN %s is already used by “%s”; a client access array needs an FQDN of "
               "its own.", fqdn, holder);
}

/* Members: the CAS servers of each array's site, in one search. */
static GPtrArray *
build_models (CasarrayContext  *context,
              GPtrArray        *arrays,
              GCancellable     *cancellable,
              GError          **error)
{
  g_autoptr(GPtrArray) site_dns = g_ptr_array_new ();
  g_autoptr(GPtrArray) servers = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *models;

  for (guint i = 0; i < arrays->len; i++)
    {
      const char *site_dn = casarray_entry_get_first (g_ptr_array_index (arrays, i), CASARRAY_ATTR_SERVER_SITE);
      char *normalized = casarray_dn_normalize (site_dn);

      /* g_hash_table_add() owns the key whether or not it was new (an
       * equal key already there is freed and replaced), so it is never
       * freed here: several arrays in one site are the state the audit
       * reports, and listing them must not crash. */
      if (normalized != NULL && g_hash_table_add (seen, normalized))
        g_ptr_array_add (site_dns, (gpointer) site_dn);
    }
  if (site_dns->len == 0)
    servers = g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_entry_unref);
  else if (site_dns->len > 32)
    servers = casarray_lookup_all (context, CASARRAY_KIND_SERVER, NULL, FALSE, cancellable, error);
  else
    {
      g_ptr_array_add (site_dns, NULL);
      servers = casarray_lookup_by_values (context, CASARRAY_KIND_SERVER, CASARRAY_ATTR_SERVER_SITE,
                                           (const char * const *) site_dns->pdata, cancellable, error);
    }
  if (servers == NULL)
    return NULL;

  models = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < arrays->len; i++)
    {
      CasarrayEntry *array = g_ptr_array_index (arrays, i);
      const char *site_dn = casarray_entry_get_first (array, CASARRAY_ATTR_SERVER_SITE);
      g_autoptr(GPtrArray) members = g_ptr_array_new ();

      for (guint j = 0; site_dn != NULL && j < servers->len; j++)
        {
          CasarrayEntry *server = g_ptr_array_index (servers, j);

          if (casarray_op_is_client_access_endpoint (server) &&
              casarray_dn_equal (site_dn, casarray_entry_get_first (server, CASARRAY_ATTR_SERVER_SITE)))
            g_ptr_array_add (members, casarray_schema_entry_name (server));
        }
      g_ptr_array_sort (members, (GCompareFunc) g_strcmp0);
      g_ptr_array_add (members, NULL);
      g_ptr_array_add (models, casarray_client_access_array_new_from_entry (
                         array, (GStrv) g_ptr_array_steal (members, NULL)));
    }
  casarray_op_sort_by_name (models);
  return models;
}

GPtrArray *
casarray_op_get_client_access_arrays (CasarrayContext  *context,
                                      const char       *identity,
                                      const char       *site,
                                      GCancellable     *cancellable,
                                      GError          **error)
{
  g_autoptr(GPtrArray) arrays = NULL;
  g_autoptr(CasarrayEntry) site_entry = NULL;

  if (site != NULL)
    {
      site_entry = casarray_lookup_one (context, CASARRAY_KIND_SITE, site, cancellable, error);
      if (site_entry == NULL)
        return NULL;
    }
  if (identity == NULL && site_entry != NULL)
    arrays = casarray_lookup_by_values (context, CASARRAY_KIND_ARRAY, CASARRAY_ATTR_SERVER_SITE,
                                        (const char * const []) { casarray_entry_get_dn (site_entry), NULL },
                                        cancellable, error);
  else
    arrays = casarray_lookup_all (context, CASARRAY_KIND_ARRAY, identity, TRUE, cancellable, error);
  if (arrays == NULL)
    return NULL;

  if (identity != NULL && site_entry != NULL)
    {
      g_autoptr(GPtrArray) all = g_steal_pointer (&arrays);

      arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_entry_unref);
      for (guint i = 0; i < all->len; i++)
        if (casarray_dn_equal (casarray_entry_get_first (g_ptr_array_index (all, i), CASARRAY_ATTR_SERVER_SITE),
                               casarray_entry_get_dn (site_entry)))
          g_ptr_array_add (arrays, casarray_entry_ref (g_ptr_array_index (all, i)));
    }
  if (identity != NULL && !casarray_lookup_is_wildcard (identity) && arrays->len == 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND,
                   "The operation couldn't be performed because client access array “%s” couldn't be found.",
                   identity);
      return NULL;
    }
  return build_models (context, arrays, cancellable, error);
}

/* The site a new array goes to: the one named, or the only one there is. */
static CasarrayEntry *
resolve_site (CasarrayContext  *context,
              const char       *site,
              GCancellable     *cancellable,
              GError          **error)
{
  g_autoptr(GPtrArray) sites = NULL;

  if (site != NULL)
    return casarray_lookup_one (context, CASARRAY_KIND_SITE, site, cancellable, error);

  sites = casarray_lookup_all (context, CASARRAY_KIND_SITE, NULL, FALSE, cancellable, error);
  if (sites == NULL)
    return NULL;
  if (sites->len == 1)
    return casarray_entry_ref (g_ptr_array_index (sites, 0));
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
               sites->len == 0
               ? "The organisation has no site; create one before the client access array."
               : "The organisation has %u sites; say which one the client access array serves with -Site.",
               sites->len);
  return NULL;
}

/* Everything that could clash with an array called @name serving @fqdn in
 * @site_dn, in one search. */
static GPtrArray *
find_clashes (CasarrayContext  *context,
              const char       *name,
              const char       *fqdn,
              const char       *site_dn,
              GCancellable     *cancellable,
              GError          **error)
{
  g_autofree char *fqdn_value = g_strconcat (CASARRAY_FQDN_PREFIX, fqdn, NULL);
  const CasarrayOrganization *organization = casarray_context_get_organization (context, cancellable, error);
  CasarrayMatch any[] = {
    { CASARRAY_ATTR_CN, name },
    { CASARRAY_ATTR_NETWORK_ADDRESS, fqdn_value },
    { CASARRAY_ATTR_SERVER_SITE, site_dn },
  };
  CasarrayQuery query = {
    .scope = CASARRAY_SCOPE_SUBTREE,
    .object_class = CASARRAY_CLASS_EXCHANGE_SERVER,
    .any = any,
    .n_any = site_dn != NULL ? 3 : 2,
    .attributes = casarray_lookup_attributes (CASARRAY_KIND_ENDPOINT),
  };

  if (organization == NULL)
    return NULL;
  query.base = organization->dn;
  return casarray_backend_search (casarray_context_get_backend (context), &query, cancellable, error);
}

typedef enum {
  CLASH_NONE,
  CLASH_SITE,    /* another array in the site */
  CLASH_NAME,    /* a server or array with the name */
  CLASH_FQDN,    /* a server or array with the FQDN */
} Clash;

static Clash
classify (const CasarrayEntry *other,
          const char          *own_dn,
          const char          *name,
          const char          *fqdn,
          const char          *site_dn)
{
  const char *other_fqdn = casarray_schema_entry_fqdn (other);
  g_autofree char *other_name = casarray_schema_entry_name (other);

  if (own_dn != NULL && casarray_dn_equal (casarray_entry_get_dn (other), own_dn))
    return CLASH_NONE;
  /* The same name as the directory sees it (cn's caseIgnoreMatch): what
   * it would refuse as a duplicate, and no more (Straße is not STRASSE). */
  if (casarray_name_equal (other_name, name))
    return CLASH_NAME;
  /* networkAddress is caseIgnoreMatch too */
  if (casarray_name_equal (other_fqdn, fqdn))
    return CLASH_FQDN;
  if (site_dn != NULL && casarray_op_is_array (other) &&
      casarray_dn_equal (casarray_entry_get_first (other, CASARRAY_ATTR_SERVER_SITE), site_dn))
    return CLASH_SITE;
  return CLASH_NONE;
}

/* Sets the error for the first clash in @others; FALSE if none. */
static gboolean
report_clash (GPtrArray   *others,
              const char  *own_dn,
              const char  *name,
              const char  *fqdn,
              const char  *site_dn,
              const char  *site_name,
              GError     **error)
{
  for (guint i = 0; i < others->len; i++)
    {
      CasarrayEntry *other = g_ptr_array_index (others, i);
      g_autofree char *other_name = casarray_schema_entry_name (other);

      switch (classify (other, own_dn, name, fqdn, site_dn))
        {
        case CLASH_SITE:
          set_array_exists_error (error, site_name);
          return TRUE;
        case CLASH_NAME:
          casarray_op_set_endpoint_name_exists (error, name);
          return TRUE;
        case CLASH_FQDN:
          set_fqdn_exists_error (error, fqdn, other_name);
          return TRUE;
        case CLASH_NONE:
        default:
          break;
        }
    }
  return FALSE;
}

/* Negative when @a outranks @b.  Any order all writers compute alike
 * keeps the protocol correct; this one is also the audit's and the
 * repair's (so the array the protocol keeps is the one a merge would
 * keep), agrees across replicas and does not change when an array is
 * modified, as entryCSN did. */
static int
compare_creation (const CasarrayEntry *a,
                  const CasarrayEntry *b)
{
  return casarray_converge_compare (a, b);
}

/* Step 2-4 of the protocol above. TRUE if our array may stay; FALSE with
 * the EMS error when it must go. */
static gboolean
verify_creation (CasarrayContext  *context,
                 const char       *own_dn,
                 const char       *name,
                 const char       *fqdn,
                 const char       *site_dn,
                 const char       *site_name,
                 GCancellable     *cancellable,
                 GError          **error)
{
  gint64 deadline = g_get_monotonic_time () + RIVAL_WAIT_US;
  CasarrayEntry *own = NULL;

  for (;;)
    {
      g_autoptr(GPtrArray) found = find_clashes (context, name, fqdn, site_dn, cancellable, error);
      g_autoptr(GPtrArray) rivals = g_ptr_array_new ();
      gboolean older_rival = FALSE;

      if (found == NULL)
        return FALSE;
      own = NULL;
      for (guint i = 0; i < found->len; i++)
        if (casarray_dn_equal (casarray_entry_get_dn (g_ptr_array_index (found, i)), own_dn))
          own = g_ptr_array_index (found, i);
      if (own == NULL)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONFLICT,
                       "The client access array %s disappeared while it was being created.", name);
          return FALSE;
        }
      for (guint i = 0; i < found->len; i++)
        {
          CasarrayEntry *other = g_ptr_array_index (found, i);

          if (classify (other, own_dn, name, fqdn, site_dn) == CLASH_NONE)
            continue;
          g_ptr_array_add (rivals, other);
          /* Servers do not take part in the protocol: a server with our
           * name or FQDN always wins. */
          if (!casarray_op_is_array (other) || compare_creation (other, own) < 0)
            older_rival = TRUE;
        }
      if (rivals->len == 0)
        return TRUE;
      if (older_rival || g_get_monotonic_time () >= deadline)
        {
          report_clash (rivals, own_dn, name, fqdn, site_dn, site_name, error);
          return FALSE;
        }
      /* Only younger rivals: they will see us and withdraw. */
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (RIVAL_POLL_US);
    }
}

CasarrayClientAccessArray *
casarray_op_new_client_access_array (CasarrayContext  *context,
                                     const char       *name,
                                     const char       *fqdn,
                                     const char       *site,
                                     GCancellable     *cancellable,
                                     GError          **error)
{
  static const char * const classes[] = {
    "top", CASARRAY_CLASS_SERVER, CASARRAY_CLASS_EXCHANGE_SERVER, CASARRAY_CLASS_CLIENT_ACCESS_ARRAY, NULL
  };
  const CasarrayOrganization *organization;
  g_autofree char *clean_fqdn = NULL;
  g_autofree char *default_name = NULL;
  g_autofree char *site_name = NULL;
  g_autofree char *fqdn_value = NULL;
  g_autofree char *legacy_dn = NULL;
  g_autoptr(CasarrayEntry) site_entry = NULL;
  g_autoptr(CasarrayEntry) entry = NULL;
  g_autoptr(GPtrArray) clashes = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) models = NULL;
  GError *local_error = NULL;
  const char *site_dn;
  const char *own_dn;

  clean_fqdn = casarray_validate_fqdn (fqdn, error);
  if (clean_fqdn == NULL)
    return NULL;
  if (name == NULL)
    name = default_name = g_strndup (clean_fqdn, strcspn (clean_fqdn, "."));
  if (!casarray_validate_object_name ("client access array", name, error))
    return NULL;
  organization = casarray_context_get_organization (context, cancellable, error);
  if (organization == NULL)
    return NULL;
  site_entry = resolve_site (context, site, cancellable, error);
  if (site_entry == NULL)
    return NULL;
  site_dn = casarray_entry_get_dn (site_entry);
  site_name = casarray_schema_entry_name (site_entry);

  /* The common case is refused before anything is written. */
  clashes = find_clashes (context, name, clean_fqdn, site_dn, cancellable, error);
  if (clashes == NULL)
    return NULL;
  if (report_clash (clashes, NULL, name, clean_fqdn, site_dn, site_name, error))
    return NULL;

  entry = casarray_op_new_entry (name, organization->arrays_dn, classes, error);
  if (entry == NULL)
    return NULL;
  own_dn = casarray_entry_get_dn (entry);
  fqdn_value = g_strconcat (CASARRAY_FQDN_PREFIX, clean_fqdn, NULL);
  legacy_dn = casarray_schema_server_legacy_dn (organization->name, name);
  casarray_entry_add_value (entry, CASARRAY_ATTR_NETWORK_ADDRESS, fqdn_value);
  casarray_entry_add_value (entry, CASARRAY_ATTR_SERVER_SITE, site_dn);
  casarray_entry_add_value (entry, CASARRAY_ATTR_LEGACY_DN, legacy_dn);
  /* Renamable, as Exchange creates arrays: without it AD refuses
   * Set-ClientAccessArray -Name ("Cannot rename ... within config
   * partition"), and systemFlags can only be written at creation. */
  casarray_entry_add_value (entry, CASARRAY_ATTR_SYSTEM_FLAGS, CASARRAY_SYSTEM_FLAGS_RENAMABLE);

  if (!casarray_op_add_new_entry (context, entry, cancellable, error, CASARRAY_OP_ENDPOINT_EXISTS_FORMAT, name))
    return NULL;

  if (!verify_creation (context, own_dn, name, clean_fqdn, site_dn, site_name, cancellable, &local_error))
    {
      /* Withdraw; the entry is ours, so remove it even if cancelled. */
      casarray_backend_remove (casarray_context_get_backend (context), own_dn, NULL, NULL);
      g_propagate_error (error, local_error);
      return NULL;
    }

  /* The array stays: the read-back is not cancellable (see
   * casarray-op-common.h). */
  stored = casarray_lookup_all (context, CASARRAY_KIND_ARRAY, own_dn, FALSE, NULL, error);
  if (stored == NULL)
    return NULL;
  models = build_models (context, stored, NULL, error);
  if (models == NULL)
    return NULL;
  if (models->len != 1)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONFLICT,
                   "The client access array %s was removed right after it was created.", name);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (models, 0));
}

/* Puts the old name back after a later step of Set-ClientAccessArray
 * failed; if even that fails, @error (already set) says so, since the
 * array now has its new name and the caller must know. */
static void
undo_rename (CasarrayBackend  *backend,
             const char       *renamed_dn,
             const char       *old_name,
             GError          **error)
{
  g_autofree char *old_rdn = casarray_dn_build_rdn (old_name);
  g_autoptr(GError) undo_error = NULL;

  if (casarray_backend_rename (backend, renamed_dn, old_rdn, NULL, &undo_error))
    return;
  if (error != NULL && *error != NULL)
    g_prefix_error (error, "The array keeps its new name %s, as renaming it back to “%s” failed too "
                    "(%s): ", renamed_dn, old_name, undo_error->message);
}

gboolean
casarray_op_set_client_access_array (CasarrayContext  *context,
                                     const char       *identity,
                                     const char       *name,
                                     const char       *fqdn,
                                     const char       *site,
                                     GCancellable     *cancellable,
                                     GError          **error)
{
  CasarrayBackend *backend = casarray_context_get_backend (context);
  g_autoptr(CasarrayEntry) array = NULL;
  g_autoptr(CasarrayEntry) site_entry = NULL;
  g_autoptr(GPtrArray) mods = casarray_op_new_mods ();
  g_autoptr(GPtrArray) clashes = NULL;
  g_autofree char *clean_fqdn = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *new_value = NULL;
  g_autofree char *site_name = NULL;
  g_autofree char *new_rdn = NULL;
  g_autofree char *renamed_dn = NULL;
  const char *check_site_dn = NULL;
  gboolean rename;

  if (fqdn != NULL && (clean_fqdn = casarray_validate_fqdn (fqdn, error)) == NULL)
    return FALSE;
  if (name != NULL && !casarray_validate_object_name ("client access array", name, error))
    return FALSE;
  array = casarray_lookup_one (context, CASARRAY_KIND_ARRAY, identity, cancellable, error);
  if (array == NULL)
    return FALSE;
  old_name = casarray_schema_entry_name (array);
  if (site != NULL)
    {
      site_entry = casarray_lookup_one (context, CASARRAY_KIND_SITE, site, cancellable, error);
      if (site_entry == NULL)
        return FALSE;
      site_name = casarray_schema_entry_name (site_entry);
      if (!casarray_dn_equal (casarray_entry_get_dn (site_entry),
                              casarray_entry_get_first (array, CASARRAY_ATTR_SERVER_SITE)))
        check_site_dn = casarray_entry_get_dn (site_entry);
    }
  rename = name != NULL && strcmp (name, old_name) != 0;
  if (casarray_name_equal (clean_fqdn, casarray_schema_entry_fqdn (array)))
    g_clear_pointer (&clean_fqdn, g_free);

  /* Every rule is checked before the first write. */
  clashes = find_clashes (context, rename ? name : old_name, clean_fqdn ?: "",
                          check_site_dn, cancellable, error);
  if (clashes == NULL)
    return FALSE;
  if (report_clash (clashes, casarray_entry_get_dn (array), rename ? name : old_name,
                    clean_fqdn, check_site_dn, site_name, error))
    return FALSE;

  if (clean_fqdn != NULL)
    {
      new_value = g_strconcat (CASARRAY_FQDN_PREFIX, clean_fqdn, NULL);
      /* Only the ncacn_ip_tcp: value changes; the others stay. */
      casarray_op_add_cas_mods (mods, CASARRAY_ATTR_NETWORK_ADDRESS,
                                casarray_schema_entry_fqdn_value (array), new_value);
    }
  if (check_site_dn != NULL)
    casarray_op_add_cas_mods (mods, CASARRAY_ATTR_SERVER_SITE,
                              casarray_entry_get_first (array, CASARRAY_ATTR_SERVER_SITE), check_site_dn);

  /* The rename is the step most likely to be refused, so it goes first
   * and is undone if the modify fails: no half-applied change.  It is a
   * modrdn (the backend makes `name` follow, as AD does); AD refuses a
   * modify of name or cn. */
  if (rename)
    {
      g_autofree char *parent = casarray_dn_parent (casarray_entry_get_dn (array));

      new_rdn = casarray_dn_build_rdn (name);
      renamed_dn = g_strconcat (new_rdn, ",", parent, NULL);
      if (!casarray_backend_rename (backend, casarray_entry_get_dn (array), new_rdn, cancellable, error))
        {
          if (error != NULL && g_error_matches (*error, CASARRAY_ERROR, CASARRAY_ERROR_ALREADY_EXISTS))
            {
              g_clear_error (error);
              casarray_op_set_endpoint_name_exists (error, name);
            }
          return FALSE;
        }
      /* Renamed: the rest runs to the end (see casarray-op-common.h). */
      cancellable = NULL;
    }
  if (mods->len > 0 &&
      !casarray_backend_modify (backend, renamed_dn ?: casarray_entry_get_dn (array), mods, cancellable, error))
    {
      if (rename)
        undo_rename (backend, renamed_dn, old_name, error);
      casarray_op_explain_conflict (error, "client access array", old_name);
      return FALSE;
    }

  /* A move into a site races with New-ClientAccessArray there exactly as
   * two creations do: the moved array takes part in the same protocol (its
   * entryCSN is now that of the move) and moves back if it loses. */
  if (check_site_dn != NULL)
    {
      const char *current_dn = renamed_dn ?: casarray_entry_get_dn (array);
      const char *current_name = rename ? name : old_name;
      const char *current_fqdn = clean_fqdn ?: casarray_schema_entry_fqdn (array);
      GError *local_error = NULL;

      if (!verify_creation (context, current_dn, current_name, current_fqdn, check_site_dn, site_name,
                            cancellable, &local_error))
        {
          g_autoptr(GPtrArray) undo = casarray_op_new_mods ();

          casarray_op_add_cas_mods (undo, CASARRAY_ATTR_SERVER_SITE, check_site_dn,
                                    casarray_entry_get_first (array, CASARRAY_ATTR_SERVER_SITE));
          if (new_value != NULL)
            casarray_op_add_cas_mods (undo, CASARRAY_ATTR_NETWORK_ADDRESS, new_value,
                                      casarray_schema_entry_fqdn_value (array));
          g_autoptr(GError) undo_error = NULL;

          /* Moving back is not cancellable: the array must not stay in a
           * site that has one already.  If it fails the caller is told
           * where the array is left. */
          if (!casarray_backend_modify (backend, current_dn, undo, NULL, &undo_error))
            g_prefix_error (&local_error, "The array stays in the new site %s, as moving it back failed too (%s): ",
                            check_site_dn, undo_error->message);
          if (rename)
            undo_rename (backend, current_dn, old_name, &local_error);
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
casarray_op_remove_client_access_array (CasarrayContext  *context,
                                        const char       *identity,
                                        GCancellable     *cancellable,
                                        GError          **error)
{
  /* An array has nothing below it that libcasarray models. */
  return casarray_op_remove_leaf (context, CASARRAY_KIND_ARRAY, identity, "client access array",
                                  cancellable, error);
}
