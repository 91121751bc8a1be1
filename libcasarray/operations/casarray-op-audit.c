/* casarray-op-audit.c: Test- and Repair-ClientAccessConfiguration, and the
 * guard against removing a Client Access server that databases still use
 *
 * Everything here works on one snapshot of the organisation read with a
 * constant number of searches (sites, servers and arrays, databases), so an
 * audit of 10,000 databases costs three paged searches, and the repair sends
 * its compare-and-set modifies pipelined through modify_many.
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
#include "model/casarray-model-private.h"

typedef struct {
  GPtrArray  *sites;          /* CasarrayEntry */
  GPtrArray  *endpoints;      /* servers and arrays */
  GPtrArray  *databases;
  GHashTable *site_names;     /* normalised site DN -> name */
  GHashTable *endpoint_by_dn; /* normalised DN -> entry */
  GHashTable *by_legacy_dn;   /* casarray_name_key() of legacyExchangeDN -> entry */
  GHashTable *site_of;        /* endpoint entry -> normalised site DN (owned) */
  GHashTable *site_arrays;    /* normalised site DN -> GPtrArray of arrays, by name */
  GHashTable *site_cas;       /* normalised site DN -> GPtrArray of CAS servers, by name */
} Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->sites, g_ptr_array_unref);
  g_clear_pointer (&snapshot->endpoints, g_ptr_array_unref);
  g_clear_pointer (&snapshot->databases, g_ptr_array_unref);
  g_clear_pointer (&snapshot->site_names, g_hash_table_unref);
  g_clear_pointer (&snapshot->endpoint_by_dn, g_hash_table_unref);
  g_clear_pointer (&snapshot->by_legacy_dn, g_hash_table_unref);
  g_clear_pointer (&snapshot->site_of, g_hash_table_unref);
  g_clear_pointer (&snapshot->site_arrays, g_hash_table_unref);
  g_clear_pointer (&snapshot->site_cas, g_hash_table_unref);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_free)

static gint
compare_entry_names (gconstpointer a,
                     gconstpointer b)
{
  g_autofree char *name_a = casarray_schema_entry_name (*(CasarrayEntry * const *) a);
  g_autofree char *name_b = casarray_schema_entry_name (*(CasarrayEntry * const *) b);

  return g_utf8_collate (name_a, name_b);
}

static Snapshot *
snapshot_load (CasarrayContext  *context,
               GCancellable     *cancellable,
               GError          **error)
{
  g_autoptr(Snapshot) snapshot = g_new0 (Snapshot, 1);

  snapshot->sites = casarray_lookup_all (context, CASARRAY_KIND_SITE, NULL, FALSE, cancellable, error);
  if (snapshot->sites == NULL)
    return NULL;
  snapshot->endpoints = casarray_lookup_all (context, CASARRAY_KIND_ENDPOINT, NULL, FALSE, cancellable, error);
  if (snapshot->endpoints == NULL)
    return NULL;
  snapshot->databases = casarray_lookup_all (context, CASARRAY_KIND_DATABASE, NULL, FALSE, cancellable, error);
  if (snapshot->databases == NULL)
    return NULL;

  /* Deterministic choices and output: everything in name order. */
  g_ptr_array_sort (snapshot->endpoints, compare_entry_names);
  g_ptr_array_sort (snapshot->databases, compare_entry_names);
  g_ptr_array_sort (snapshot->sites, compare_entry_names);

  snapshot->site_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < snapshot->sites->len; i++)
    {
      CasarrayEntry *site = g_ptr_array_index (snapshot->sites, i);
      char *key = casarray_dn_normalize (casarray_entry_get_dn (site));

      if (key != NULL)
        g_hash_table_replace (snapshot->site_names, key, casarray_schema_entry_name (site));
    }
  snapshot->endpoint_by_dn = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < snapshot->endpoints->len; i++)
    {
      CasarrayEntry *endpoint = g_ptr_array_index (snapshot->endpoints, i);
      char *key = casarray_dn_normalize (casarray_entry_get_dn (endpoint));

      if (key != NULL)
        g_hash_table_replace (snapshot->endpoint_by_dn, key, endpoint);
    }
  snapshot->by_legacy_dn = casarray_op_index_by_legacy_dn (snapshot->endpoints);

  /* Per-site lists, built once: every later question is a lookup, so the
   * audit stays linear in the size of the organisation. */
  snapshot->site_of = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  snapshot->site_arrays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_ptr_array_unref);
  snapshot->site_cas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < snapshot->endpoints->len; i++)
    {
      CasarrayEntry *endpoint = g_ptr_array_index (snapshot->endpoints, i);
      char *key = casarray_dn_normalize (casarray_entry_get_first (endpoint, CASARRAY_ATTR_SERVER_SITE));
      GHashTable *lists;
      GPtrArray *list;

      if (key == NULL)
        continue;
      g_hash_table_insert (snapshot->site_of, endpoint, key);
      if (casarray_op_is_array (endpoint))
        lists = snapshot->site_arrays;
      else if (casarray_op_is_client_access_endpoint (endpoint))
        lists = snapshot->site_cas;
      else
        continue;
      list = g_hash_table_lookup (lists, key);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (lists, g_strdup (key), list);
        }
      g_ptr_array_add (list, endpoint);   /* endpoints are in name order */
    }
  /* A site's arrays in the order every replica agrees on: the first is
   * the one databases are pointed at and the merge keeps. */
  {
    GHashTableIter iter;
    gpointer list;

    g_hash_table_iter_init (&iter, snapshot->site_arrays);
    while (g_hash_table_iter_next (&iter, NULL, &list))
      g_ptr_array_sort (list, casarray_converge_compare_pointers);
  }
  return g_steal_pointer (&snapshot);
}

static const char *
site_name (Snapshot   *snapshot,
           const char *key)
{
  const char *name = key != NULL ? g_hash_table_lookup (snapshot->site_names, key) : NULL;

  return name != NULL ? name : "(no site)";
}

static CasarrayEntry *
owner_of (Snapshot            *snapshot,
          const CasarrayEntry *database)
{
  g_autofree char *key =
    casarray_dn_normalize (casarray_entry_get_first (database, CASARRAY_ATTR_OWNING_SERVER));

  return key != NULL ? g_hash_table_lookup (snapshot->endpoint_by_dn, key) : NULL;
}

static CasarrayEntry *
endpoint_of (Snapshot            *snapshot,
             const CasarrayEntry *database)
{
  g_autofree char *parent =
    casarray_schema_legacy_dn_parent (casarray_entry_get_first (database, CASARRAY_ATTR_LEGACY_DN));
  g_autofree char *key = casarray_name_key (parent);

  return key != NULL ? g_hash_table_lookup (snapshot->by_legacy_dn, key) : NULL;
}

static const char *
site_of (Snapshot            *snapshot,
         const CasarrayEntry *endpoint)
{
  return endpoint != NULL ? g_hash_table_lookup (snapshot->site_of, endpoint) : NULL;
}

static gboolean
in_site (Snapshot            *snapshot,
         const CasarrayEntry *endpoint,
         const char          *key)
{
  const char *entry_site = site_of (snapshot, endpoint);

  return key != NULL && entry_site != NULL && strcmp (entry_site, key) == 0;
}

/* The arrays, or the CAS servers, of a site, in name order; never NULL. */
static GPtrArray *
site_list (GHashTable *lists,
           const char *key)
{
  static GPtrArray *empty;
  GPtrArray *list = key != NULL ? g_hash_table_lookup (lists, key) : NULL;

  if (list != NULL)
    return list;
  if (g_once_init_enter (&empty))
    g_once_init_leave (&empty, g_ptr_array_new ());
  return empty;
}

/* New-MailboxDatabase's choice for a database of @owner, made
 * deterministic (the first CAS by name instead of a random one) so that a
 * repair is repeatable, and never @excluded. */
static CasarrayEntry *
choose_endpoint (Snapshot            *snapshot,
                 const CasarrayEntry *owner,
                 const CasarrayEntry *excluded)
{
  const char *key = site_of (snapshot, owner);
  GPtrArray *arrays = site_list (snapshot->site_arrays, key);
  GPtrArray *cas_servers = site_list (snapshot->site_cas, key);

  if (key == NULL)
    return NULL;
  for (guint i = 0; i < arrays->len; i++)
    if (g_ptr_array_index (arrays, i) != excluded)
      return g_ptr_array_index (arrays, i);
  if (owner != excluded && casarray_op_is_client_access_endpoint (owner))
    return (CasarrayEntry *) owner;
  for (guint i = 0; i < cas_servers->len; i++)
    if (g_ptr_array_index (cas_servers, i) != excluded)
      return g_ptr_array_index (cas_servers, i);
  return NULL;
}

static char *
name_of (const CasarrayEntry *entry)
{
  return casarray_schema_entry_name (entry);
}

static const char *
fqdn_or_name (const CasarrayEntry *entry,
              char               **storage)
{
  const char *fqdn = casarray_schema_entry_fqdn (entry);

  if (fqdn != NULL)
    return fqdn;
  *storage = name_of (entry);
  return *storage;
}

/* The finding about one database, or NULL when it is fine. */
static CasarrayFinding *
audit_database (Snapshot            *snapshot,
                const CasarrayEntry *database)
{
  CasarrayEntry *owner = owner_of (snapshot, database);
  CasarrayEntry *endpoint = endpoint_of (snapshot, database);
  CasarrayEntry *proposal = choose_endpoint (snapshot, owner, NULL);
  g_autofree char *name = name_of (database);
  const char *owner_site = site_of (snapshot, owner);
  g_autofree char *endpoint_name = endpoint != NULL ? name_of (endpoint) : NULL;
  g_autofree char *storage = NULL;
  g_autofree char *raw = casarray_schema_legacy_dn_parent (
    casarray_entry_get_first (database, CASARRAY_ATTR_LEGACY_DN));
  const char *proposed = NULL;
  g_autofree char *fix = NULL;
  const char *related[2] = { NULL, NULL };

  if (proposal != NULL && proposal != endpoint)
    proposed = fqdn_or_name (proposal, &storage);
  if (proposed != NULL)
    fix = g_strdup_printf ("Set-MailboxDatabase -Identity \"%s\" -RpcClientAccessServer %s", name, proposed);
  else
    fix = g_strdup_printf ("Create a client access array (New-ClientAccessArray) or add a Client Access "
                           "server in site %s, then point %s at it.", site_name (snapshot, owner_site), name);

  if (endpoint == NULL)
    {
      related[0] = raw != NULL ? raw : "(no legacyExchangeDN)";
      return casarray_finding_new (CASARRAY_FINDING_ENDPOINT_MISSING, CASARRAY_FINDING_SEVERITY_ERROR,
                                   name, casarray_entry_get_dn (database), related,
                                   casarray_entry_get_first (database, CASARRAY_ATTR_LEGACY_DN), proposed,
                                   g_strdup_printf ("The RpcClientAccessServer of %s (%s) resolves to nothing: "
                                                    "the endpoint was removed and its Outlook clients cannot connect.",
                                                    name, related[0]),
                                   g_steal_pointer (&fix));
    }
  related[0] = endpoint_name;
  if (!casarray_op_is_client_access_endpoint (endpoint))
    return casarray_finding_new (CASARRAY_FINDING_ENDPOINT_NOT_CLIENT_ACCESS, CASARRAY_FINDING_SEVERITY_ERROR,
                                 name, casarray_entry_get_dn (database), related,
                                   casarray_entry_get_first (database, CASARRAY_ATTR_LEGACY_DN), proposed,
                                 g_strdup_printf ("%s points at %s, which does not hold the ClientAccess role: "
                                                  "its Outlook clients cannot connect.", name, endpoint_name),
                                 g_steal_pointer (&fix));
  if (owner_site != NULL && !in_site (snapshot, endpoint, owner_site))
    {
      const char *endpoint_site = site_of (snapshot, endpoint);
      return casarray_finding_new (CASARRAY_FINDING_ENDPOINT_OTHER_SITE, CASARRAY_FINDING_SEVERITY_WARNING,
                                   name, casarray_entry_get_dn (database), related,
                                   casarray_entry_get_first (database, CASARRAY_ATTR_LEGACY_DN), proposed,
                                   g_strdup_printf ("%s belongs to a server in site %s but points at %s in site %s.",
                                                    name, site_name (snapshot, owner_site), endpoint_name,
                                                    site_name (snapshot, endpoint_site)),
                                   g_steal_pointer (&fix));
    }
  if (!casarray_op_is_array (endpoint) && site_list (snapshot->site_arrays, owner_site)->len > 0)
    return casarray_finding_new (CASARRAY_FINDING_ARRAY_NOT_USED, CASARRAY_FINDING_SEVERITY_WARNING,
                                 name, casarray_entry_get_dn (database), related,
                                   casarray_entry_get_first (database, CASARRAY_ATTR_LEGACY_DN), proposed,
                                 g_strdup_printf ("%s points at the single Client Access server %s although "
                                                  "site %s has a client access array.", name, endpoint_name,
                                                  site_name (snapshot, owner_site)),
                                 g_steal_pointer (&fix));
  return NULL;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static void
audit_arrays_and_sites (Snapshot  *snapshot,
                        GPtrArray *findings)
{
  g_autoptr(GHashTable) databases_per_site = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint j = 0; j < snapshot->databases->len; j++)
    {
      const char *key = site_of (snapshot, owner_of (snapshot, g_ptr_array_index (snapshot->databases, j)));
      if (key != NULL)
        g_hash_table_insert (databases_per_site, (gpointer) key,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (databases_per_site, key)) + 1));
    }

  for (guint i = 0; i < snapshot->sites->len; i++)
    {
      CasarrayEntry *site = g_ptr_array_index (snapshot->sites, i);
      g_autofree char *key = casarray_dn_normalize (casarray_entry_get_dn (site));
      g_autofree char *name = name_of (site);
      GPtrArray *arrays = site_list (snapshot->site_arrays, key);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      guint cas_servers = site_list (snapshot->site_cas, key)->len;
      guint databases = key != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (databases_per_site, key)) : 0;

      /* related: every array of the site, in name order */
      for (guint j = 0; j < arrays->len; j++)
        g_ptr_array_add (names, name_of (g_ptr_array_index (arrays, j)));
      g_ptr_array_sort (names, compare_names);
      g_ptr_array_add (names, NULL);

      if (arrays->len > 1)
        g_ptr_array_add (findings, casarray_converge_several_arrays_finding (site, name, arrays,
                                                                             (const char * const *) names->pdata));
      for (guint j = 0; j < arrays->len && cas_servers == 0; j++)
        {
          CasarrayEntry *array = g_ptr_array_index (arrays, j);
          g_autofree char *array_name = name_of (array);
          g_ptr_array_add (findings, casarray_finding_new (
            CASARRAY_FINDING_ARRAY_WITHOUT_MEMBERS, CASARRAY_FINDING_SEVERITY_WARNING, array_name,
            casarray_entry_get_dn (array), NULL, NULL, NULL,
            g_strdup_printf ("The client access array %s has no members: site %s has no Client Access server.",
                             array_name, name),
            g_strdup_printf ("Add a Client Access server to site %s, or remove the array.", name)));
        }
      if (arrays->len == 0 && cas_servers > 0 && databases > 0)
        g_ptr_array_add (findings, casarray_finding_new (
          CASARRAY_FINDING_SITE_WITHOUT_ARRAY, CASARRAY_FINDING_SEVERITY_ADVICE, name,
          casarray_entry_get_dn (site), NULL, NULL, NULL,
          g_strdup_printf ("Site %s has %u Client Access server(s) and %u database(s) but no client access "
                           "array.", name, cas_servers, databases),
          g_strdup_printf ("New-ClientAccessArray -Fqdn <internal name> -Site \"%s\", then point the site's "
                           "databases at it (Repair-ClientAccessConfiguration).", name)));
    }

  /* Names and FQDNs shared by an array and any other server or array. */
  for (guint i = 0; i < snapshot->endpoints->len; i++)
    {
      CasarrayEntry *array = g_ptr_array_index (snapshot->endpoints, i);
      g_autofree char *array_name = NULL;
      const char *array_fqdn;

      if (!casarray_op_is_array (array))
        continue;
      array_name = name_of (array);
      array_fqdn = casarray_schema_entry_fqdn (array);
      for (guint j = 0; j < snapshot->endpoints->len; j++)
        {
          CasarrayEntry *other = g_ptr_array_index (snapshot->endpoints, j);
          g_autofree char *other_name = NULL;
          const char *other_fqdn;
          const char *related[2] = { NULL, NULL };

          /* each pair of arrays once, each array/server pair once */
          if (other == array || (casarray_op_is_array (other) && j < i))
            continue;
          other_name = name_of (other);
          other_fqdn = casarray_schema_entry_fqdn (other);
          related[0] = other_name;
          /* a conflict is what the directory takes for one name (cn's
           * caseIgnoreMatch): ς and σ are two names, as for slapd and AD */
          if (casarray_name_equal (array_name, other_name))
            g_ptr_array_add (findings, casarray_finding_new (
              CASARRAY_FINDING_NAME_CONFLICT, CASARRAY_FINDING_SEVERITY_ERROR, array_name,
              casarray_entry_get_dn (array), related, NULL, NULL,
              g_strdup_printf ("The client access array %s has the name of %s %s (%s), so both have the same "
                               "legacyExchangeDN and databases cannot tell them apart.", array_name,
                               casarray_op_is_array (other) ? "array" : "server", other_name,
                               casarray_entry_get_dn (other)),
              g_strdup_printf ("Rename the array: Set-ClientAccessArray -Identity \"%s\" -Name <new name>.",
                               casarray_entry_get_dn (array))));
          if (casarray_name_equal (array_fqdn, other_fqdn))
            g_ptr_array_add (findings, casarray_finding_new (
              CASARRAY_FINDING_ARRAY_FQDN_CONFLICT, CASARRAY_FINDING_SEVERITY_ERROR, array_name,
              casarray_entry_get_dn (array), related, NULL, NULL,
              g_strdup_printf ("The client access array %s uses the FQDN %s, which is also the FQDN of %s %s.",
                               array_name, array_fqdn, casarray_op_is_array (other) ? "array" : "server",
                               other_name),
              g_strdup_printf ("Give the array an FQDN of its own: Set-ClientAccessArray -Identity \"%s\" "
                               "-Fqdn <name>.", array_name)));
        }
    }
}

/* The ranked arrays of @entry's site, for casarray_converge_audit_conflicts(). */
static GPtrArray *
site_arrays_of (gpointer             data,
                const CasarrayEntry *entry)
{
  Snapshot *snapshot = data;

  return site_list (snapshot->site_arrays, site_of (snapshot, entry));
}

GPtrArray *
casarray_op_audit (CasarrayContext  *context,
                   GCancellable     *cancellable,
                   GError          **error)
{
  g_autoptr(Snapshot) snapshot = snapshot_load (context, cancellable, error);
  GPtrArray *findings;

  if (snapshot == NULL)
    return NULL;
  findings = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < snapshot->databases->len; i++)
    {
      CasarrayFinding *finding = audit_database (snapshot, g_ptr_array_index (snapshot->databases, i));
      if (finding != NULL)
        g_ptr_array_add (findings, finding);
    }
  audit_arrays_and_sites (snapshot, findings);
  casarray_converge_audit_conflicts (snapshot->endpoints, findings, site_arrays_of, snapshot);
  casarray_converge_audit_conflicts (snapshot->databases, findings, site_arrays_of, snapshot);
  return findings;
}

/* One change of a repair: point a database at @target if it still holds
 * @expected_legacy_dn. */
typedef struct {
  char          *database;            /* name */
  char          *database_dn;
  char          *expected_legacy_dn;  /* may be NULL: the database had none */
  char          *old_endpoint;        /* FQDN, or the dangling reference */
  CasarrayEntry *target;
} PlanItem;

static void
plan_item_free (PlanItem *item)
{
  g_free (item->database);
  g_free (item->database_dn);
  g_free (item->expected_legacy_dn);
  g_free (item->old_endpoint);
  g_clear_pointer (&item->target, casarray_entry_unref);
  g_free (item);
}

/* What a database's reference resolves to in @snapshot, as a repair result
 * shows it: the endpoint's FQDN, else the dangling reference itself. */
static char *
describe_endpoint (Snapshot   *snapshot,
                   const char *database_legacy_dn)
{
  g_autofree char *parent = casarray_schema_legacy_dn_parent (database_legacy_dn);
  g_autofree char *key = casarray_name_key (parent);
  CasarrayEntry *endpoint = key != NULL ? g_hash_table_lookup (snapshot->by_legacy_dn, key) : NULL;
  g_autofree char *storage = NULL;

  if (endpoint == NULL)
    return g_steal_pointer (&parent);
  return g_strdup (fqdn_or_name (endpoint, &storage));
}

static PlanItem *
plan_item_new (Snapshot      *snapshot,
               const char    *database,
               const char    *database_dn,
               const char    *expected_legacy_dn,
               CasarrayEntry *target)
{
  PlanItem *item = g_new0 (PlanItem, 1);

  item->old_endpoint = describe_endpoint (snapshot, expected_legacy_dn);
  item->database = g_strdup (database);
  item->database_dn = g_strdup (database_dn);
  item->expected_legacy_dn = g_strdup (expected_legacy_dn);
  item->target = casarray_entry_ref (target);
  return item;
}

/* After a batch in which some modifies failed, finds out what each failed
 * one really left in the directory, with one search: a modify that reached
 * the server before the connection broke, and was then retried on a new
 * connection, fails its compare-and-set although it was applied.  Errors of
 * databases that now hold the new value are cleared (they were changed);
 * the others are kept.  If the directory cannot be read, nothing is known
 * and the errors stay as they are. */
static void
reconcile (CasarrayContext  *context,
           GPtrArray        *plan,
           GError          **errors,
           GCancellable     *cancellable)
{
  g_autoptr(GPtrArray) databases = NULL;
  g_autoptr(GHashTable) current = NULL;
  gboolean any = FALSE;

  for (guint i = 0; i < plan->len && !any; i++)
    any = errors[i] != NULL;
  if (!any)
    return;
  databases = casarray_lookup_all (context, CASARRAY_KIND_DATABASE, NULL, FALSE, cancellable, NULL);
  if (databases == NULL)
    return;
  current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < databases->len; i++)
    {
      CasarrayEntry *database = g_ptr_array_index (databases, i);
      char *key = casarray_dn_normalize (casarray_entry_get_dn (database));

      if (key != NULL)
        g_hash_table_replace (current, key,
                              (gpointer) casarray_entry_get_first (database, CASARRAY_ATTR_LEGACY_DN));
    }
  for (guint i = 0; i < plan->len; i++)
    {
      PlanItem *item = g_ptr_array_index (plan, i);
      g_autofree char *key = NULL;
      g_autofree char *new_legacy_dn = NULL;

      if (errors[i] == NULL || g_error_matches (errors[i], G_IO_ERROR, G_IO_ERROR_CANCELLED))
        continue;
      key = casarray_dn_normalize (item->database_dn);
      new_legacy_dn = casarray_schema_database_legacy_dn (
        casarray_entry_get_first (item->target, CASARRAY_ATTR_LEGACY_DN), FALSE);
      if (key != NULL && g_strcmp0 (g_hash_table_lookup (current, key), new_legacy_dn) == 0)
        g_clear_error (&errors[i]);
      else if (key != NULL && !g_error_matches (errors[i], CASARRAY_ERROR, CASARRAY_ERROR_CONFLICT) &&
               g_strcmp0 (g_hash_table_lookup (current, key), item->expected_legacy_dn) == 0)
        g_prefix_error (&errors[i], "unchanged: ");
    }
}

/* Applies @plan, each change compare-and-set against what was read,
 * pipelined; one result each. */
static GPtrArray *
apply_plan (CasarrayContext  *context,
            GPtrArray        *plan,
            gboolean          what_if,
            GCancellable     *cancellable,
            GError          **error)
{
  g_autoptr(GPtrArray) dns = g_ptr_array_new ();
  g_autoptr(GPtrArray) mod_lists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autofree GError **errors = g_new0 (GError *, plan->len + 1);
  GPtrArray *results = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < plan->len; i++)
    {
      PlanItem *item = g_ptr_array_index (plan, i);
      g_autofree char *new_legacy_dn = casarray_schema_database_legacy_dn (
        casarray_entry_get_first (item->target, CASARRAY_ATTR_LEGACY_DN), FALSE);
      GPtrArray *mods = casarray_op_new_mods ();

      casarray_op_add_cas_mods (mods, CASARRAY_ATTR_LEGACY_DN, item->expected_legacy_dn, new_legacy_dn);
      g_ptr_array_add (dns, item->database_dn);
      g_ptr_array_add (mod_lists, mods);
    }

  if (!what_if && dns->len > 0 &&
      !casarray_backend_modify_many (casarray_context_get_backend (context), dns, mod_lists, errors,
                                     cancellable, error))
    {
      g_ptr_array_unref (results);
      return NULL;
    }

  if (!what_if)
    reconcile (context, plan, errors, cancellable);

  for (guint i = 0; i < plan->len; i++)
    {
      PlanItem *item = g_ptr_array_index (plan, i);
      const char *old = item->old_endpoint;
      g_autofree char *storage = NULL;
      const char *new_endpoint = fqdn_or_name (item->target, &storage);
      CasarrayRepairOutcome outcome = what_if ? CASARRAY_REPAIR_WOULD_CHANGE : CASARRAY_REPAIR_CHANGED;
      g_autofree char *reason = NULL;

      if (errors[i] != NULL)
        {
          if (g_error_matches (errors[i], CASARRAY_ERROR, CASARRAY_ERROR_CONFLICT))
            {
              outcome = CASARRAY_REPAIR_SKIPPED;
              reason = g_strdup ("changed by another writer since the audit read it; left as that writer set it");
            }
          else
            {
              outcome = CASARRAY_REPAIR_FAILED;
              reason = g_strdup (errors[i]->message);
            }
          g_clear_error (&errors[i]);
        }
      g_ptr_array_add (results, casarray_repair_result_new (item->database, item->database_dn, old,
                                                            new_endpoint, outcome, reason));
    }
  return results;
}

static gboolean
is_database_finding (CasarrayFinding *finding)
{
  switch (casarray_finding_get_kind (finding))
    {
    case CASARRAY_FINDING_ENDPOINT_MISSING:
    case CASARRAY_FINDING_ENDPOINT_NOT_CLIENT_ACCESS:
    case CASARRAY_FINDING_ENDPOINT_OTHER_SITE:
    case CASARRAY_FINDING_ARRAY_NOT_USED:
      return TRUE;
    case CASARRAY_FINDING_ARRAY_WITHOUT_MEMBERS:
    case CASARRAY_FINDING_ARRAY_FQDN_CONFLICT:
    case CASARRAY_FINDING_SEVERAL_ARRAYS_IN_SITE:
    case CASARRAY_FINDING_NAME_CONFLICT:
    case CASARRAY_FINDING_SITE_WITHOUT_ARRAY:
    case CASARRAY_FINDING_REPLICATION_CONFLICT:
    default:
      return FALSE;
    }
}

/* The endpoint a finding proposes, found again in a fresh snapshot. */
static CasarrayEntry *
find_proposed (Snapshot        *snapshot,
               CasarrayFinding *finding)
{
  const char *proposed = casarray_finding_get_proposed_endpoint (finding);

  for (guint i = 0; proposed != NULL && i < snapshot->endpoints->len; i++)
    {
      CasarrayEntry *endpoint = g_ptr_array_index (snapshot->endpoints, i);
      g_autofree char *storage = NULL;

      if (casarray_name_equal (fqdn_or_name (endpoint, &storage), proposed) &&
          casarray_op_is_client_access_endpoint (endpoint))
        return endpoint;
    }
  return NULL;
}

/* The first half of a merge (a SEVERAL_ARRAYS_IN_SITE finding): every
 * database that uses a losing array is planned onto the survivor (or, if
 * its server is in another site, onto what that site offers), and the
 * survivor and losers are kept in @merges for the removal after the plan
 * ran.  The survivor is found again in @snapshot by the same rank; if it is
 * not the one the finding named, the arrays changed since the audit. */
typedef struct {
  CasarrayEntry *survivor;
  GPtrArray     *losers;
} Merge;

static void
merge_free (Merge *merge)
{
  casarray_entry_unref (merge->survivor);
  g_ptr_array_unref (merge->losers);
  g_free (merge);
}

static void
plan_merge (Snapshot        *snapshot,
            CasarrayFinding *finding,
            GPtrArray       *plan,
            GHashTable      *planned,
            GPtrArray       *merges,
            GPtrArray       *stuck)
{
  g_autofree char *key = casarray_dn_normalize (casarray_finding_get_subject_dn (finding));
  GPtrArray *arrays = site_list (snapshot->site_arrays, key);
  g_autofree char *storage = NULL;
  g_autofree char *survivor_key = NULL;
  CasarrayEntry *survivor;
  Merge *merge;

  if (arrays->len < 2)
    return;   /* merged meanwhile, maybe by a repair on another replica */
  survivor = g_ptr_array_index (arrays, 0);
  if (g_strcmp0 (fqdn_or_name (survivor, &storage), casarray_finding_get_proposed_endpoint (finding)) != 0)
    {
      g_autofree char *reason = g_strdup_printf ("the arrays of the site changed since the audit (it would now "
                                                 "keep %s); audit again", storage != NULL ? storage :
                                                 casarray_schema_entry_fqdn (survivor));
      g_ptr_array_add (stuck, casarray_repair_result_new (casarray_finding_get_subject (finding),
                                                          casarray_finding_get_subject_dn (finding), NULL, NULL,
                                                          CASARRAY_REPAIR_SKIPPED, reason));
      return;
    }
  survivor_key = casarray_name_key (casarray_entry_get_first (survivor, CASARRAY_ATTR_LEGACY_DN));
  merge = g_new0 (Merge, 1);
  merge->survivor = casarray_entry_ref (survivor);
  merge->losers = g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_entry_unref);
  for (guint i = 1; i < arrays->len; i++)
    g_ptr_array_add (merge->losers, casarray_entry_ref (g_ptr_array_index (arrays, i)));
  g_ptr_array_add (merges, merge);

  for (guint i = 0; i < snapshot->databases->len; i++)
    {
      CasarrayEntry *database = g_ptr_array_index (snapshot->databases, i);
      const char *legacy_dn = casarray_entry_get_first (database, CASARRAY_ATTR_LEGACY_DN);
      g_autofree char *parent = casarray_schema_legacy_dn_parent (legacy_dn);
      g_autofree char *parent_key = casarray_name_key (parent);
      CasarrayEntry *endpoint = endpoint_of (snapshot, database);
      CasarrayEntry *target;
      g_autofree char *name = NULL;
      char *dn_key;

      /* a conflict copy shares the survivor's legacyExchangeDN: nothing
       * to change for its databases */
      if (endpoint == NULL || !g_ptr_array_find (merge->losers, endpoint, NULL) ||
          g_strcmp0 (parent_key, survivor_key) == 0)
        continue;
      target = choose_endpoint (snapshot, owner_of (snapshot, database), NULL);
      if (target == NULL || g_ptr_array_find (merge->losers, target, NULL))
        target = survivor;
      dn_key = casarray_dn_normalize (casarray_entry_get_dn (database));
      if (dn_key == NULL || !g_hash_table_add (planned, dn_key))
        continue;
      name = name_of (database);
      g_ptr_array_add (plan, plan_item_new (snapshot, name, casarray_entry_get_dn (database), legacy_dn, target));
    }
}

GPtrArray *
casarray_op_repair (CasarrayContext  *context,
                    GPtrArray        *findings,
                    gboolean          what_if,
                    GCancellable     *cancellable,
                    GError          **error)
{
  g_autoptr(Snapshot) snapshot = snapshot_load (context, cancellable, error);
  g_autoptr(GPtrArray) audited = NULL;
  g_autoptr(GPtrArray) plan = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_item_free);
  g_autoptr(GPtrArray) stuck = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) merges = g_ptr_array_new_with_free_func ((GDestroyNotify) merge_free);
  g_autoptr(GHashTable) planned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *results;

  if (snapshot == NULL)
    return NULL;
  if (findings == NULL)
    {
      /* No audit given: audit now, from the same snapshot. */
      audited = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < snapshot->databases->len; i++)
        {
          CasarrayFinding *finding = audit_database (snapshot, g_ptr_array_index (snapshot->databases, i));
          if (finding != NULL)
            g_ptr_array_add (audited, finding);
        }
      audit_arrays_and_sites (snapshot, audited);
      findings = audited;
    }

  /* Merges first: a database that uses a losing array is planned once,
   * by its merge, not again by a finding of its own. */
  for (guint i = 0; i < findings->len; i++)
    if (casarray_finding_get_kind (g_ptr_array_index (findings, i)) == CASARRAY_FINDING_SEVERAL_ARRAYS_IN_SITE)
      plan_merge (snapshot, g_ptr_array_index (findings, i), plan, planned, merges, stuck);

  for (guint i = 0; i < findings->len; i++)
    {
      CasarrayFinding *finding = g_ptr_array_index (findings, i);
      CasarrayEntry *target;

      if (!is_database_finding (finding))
        continue;
      {
        g_autofree char *dn_key = casarray_dn_normalize (casarray_finding_get_subject_dn (finding));
        if (dn_key != NULL && g_hash_table_contains (planned, dn_key))
          continue;
      }
      target = find_proposed (snapshot, finding);
      if (target == NULL)
        {
          /* Nothing can serve it (or the proposed endpoint is gone since
           * the audit): say so rather than stay silent. */
          g_autofree char *old = describe_endpoint (snapshot, casarray_finding_get_subject_legacy_dn (finding));
          g_ptr_array_add (stuck, casarray_repair_result_new (
            casarray_finding_get_subject (finding), casarray_finding_get_subject_dn (finding), old, NULL,
            CASARRAY_REPAIR_SKIPPED,
            casarray_finding_get_proposed_endpoint (finding) != NULL
            ? "the endpoint the audit proposed no longer exists; audit again"
            : casarray_finding_get_fix (finding)));
          continue;
        }
      g_ptr_array_add (plan, plan_item_new (snapshot, casarray_finding_get_subject (finding),
                                            casarray_finding_get_subject_dn (finding),
                                            casarray_finding_get_subject_legacy_dn (finding), target));
    }

  results = apply_plan (context, plan, what_if, cancellable, error);
  if (results == NULL)
    return NULL;
  /* then the losing arrays, each only once nothing uses it.  The
   * databases are read again after the repointing, one read shared by
   * all merges: what counts is what the directory holds now, including
   * databases another writer pointed at a loser. */
  if (merges->len > 0)
    {
      g_autoptr(GPtrArray) databases = NULL;
      g_autoptr(GError) read_error = NULL;

      if (!what_if)
        databases = casarray_lookup_all (context, CASARRAY_KIND_DATABASE, NULL, FALSE, cancellable, &read_error);
      for (guint i = 0; i < merges->len; i++)
        {
          Merge *merge = g_ptr_array_index (merges, i);
          casarray_converge_remove_losers (context, merge->losers, merge->survivor, what_if, databases,
                                           read_error, results, cancellable);
        }
    }
  g_ptr_array_extend_and_steal (results, g_steal_pointer (&stuck));
  return results;
}

/* The guard: databases still resolving to @server, repointed first or
 * refused as @policy says. */
gboolean
casarray_op_release_client_access_server (CasarrayContext      *context,
                                          const CasarrayEntry  *server,
                                          CasarrayRemovalPolicy policy,
                                          GCancellable         *cancellable,
                                          GError              **error)
{
  g_autoptr(Snapshot) snapshot = NULL;
  g_autoptr(GPtrArray) users = g_ptr_array_new ();
  g_autoptr(GPtrArray) plan = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_item_free);
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *server_name = name_of (server);
  g_autofree char *server_key = casarray_dn_normalize (casarray_entry_get_dn (server));
  CasarrayEntry *self_entry;

  if (policy == CASARRAY_REMOVAL_POLICY_FORCE)
    return TRUE;
  snapshot = snapshot_load (context, cancellable, error);
  if (snapshot == NULL)
    return FALSE;
  self_entry = g_hash_table_lookup (snapshot->endpoint_by_dn, server_key);
  for (guint i = 0; self_entry != NULL && i < snapshot->databases->len; i++)
    {
      CasarrayEntry *database = g_ptr_array_index (snapshot->databases, i);
      if (endpoint_of (snapshot, database) == self_entry)
        g_ptr_array_add (users, database);
    }
  if (users->len == 0)
    return TRUE;

  if (policy != CASARRAY_REMOVAL_POLICY_REPOINT_DATABASES)
    {
      g_autofree char *names = casarray_op_join_names (users, 20);
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE,
                   "%u mailbox database(s) still use %s as their RpcClientAccessServer: %s. Their Outlook "
                   "clients would lose their endpoint; point them elsewhere first (or ask for it to be done "
                   "in the same operation).", users->len, server_name, names);
      return FALSE;
    }

  for (guint i = 0; i < users->len; i++)
    {
      CasarrayEntry *database = g_ptr_array_index (users, i);
      CasarrayEntry *target = choose_endpoint (snapshot, owner_of (snapshot, database), self_entry);
      g_autofree char *database_name = name_of (database);

      if (target == NULL)
        {
          g_autofree char *name = name_of (database);
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE,
                       "The mailbox database %s uses %s as its RpcClientAccessServer and no other Client "
                       "Access server or array of its site can take over; nothing was changed.",
                       name, server_name);
          return FALSE;
        }
      g_ptr_array_add (plan, plan_item_new (snapshot, database_name, casarray_entry_get_dn (database),
                                            casarray_entry_get_first (database, CASARRAY_ATTR_LEGACY_DN),
                                            target));
    }
  results = apply_plan (context, plan, FALSE, cancellable, error);
  if (results == NULL)
    return FALSE;
  for (guint i = 0; i < results->len; i++)
    {
      CasarrayRepairResult *result = g_ptr_array_index (results, i);
      if (casarray_repair_result_get_outcome (result) != CASARRAY_REPAIR_CHANGED)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_CONFLICT,
                       "The mailbox database %s could not be repointed away from %s (%s); the server was "
                       "kept.", casarray_repair_result_get_database (result), server_name,
                       casarray_repair_result_get_reason (result));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
casarray_op_set_exchange_server_roles (CasarrayContext     *context,
                                       const char          *identity,
                                       CasarrayServerRole   roles,
                                       CasarrayRemovalPolicy policy,
                                       GCancellable        *cancellable,
                                       GError             **error)
{
  g_autoptr(CasarrayEntry) server = NULL;
  g_autoptr(GPtrArray) mods = casarray_op_new_mods ();
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  CasarrayServerRole old_roles;

  if ((roles & ~(CASARRAY_SERVER_ROLE_MAILBOX | CASARRAY_SERVER_ROLE_CLIENT_ACCESS |
                 CASARRAY_SERVER_ROLE_UNIFIED_MESSAGING | CASARRAY_SERVER_ROLE_HUB_TRANSPORT |
                 CASARRAY_SERVER_ROLE_EDGE)) != 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "The roles 0x%x include bits that are no Exchange role.", (guint) roles);
      return FALSE;
    }
  server = casarray_lookup_one (context, CASARRAY_KIND_SERVER, identity, cancellable, error);
  if (server == NULL)
    return FALSE;
  old_roles = casarray_op_entry_roles (server);
  if (old_roles == roles)
    return TRUE;
  if ((old_roles & CASARRAY_SERVER_ROLE_CLIENT_ACCESS) && !(roles & CASARRAY_SERVER_ROLE_CLIENT_ACCESS) &&
      !casarray_op_release_client_access_server (context, server, policy, cancellable, error))
    return FALSE;

  if (policy == CASARRAY_REMOVAL_POLICY_REPOINT_DATABASES)
    cancellable = NULL;   /* databases may have been repointed: finish */
  old_text = g_strdup (casarray_entry_get_first (server, CASARRAY_ATTR_SERVER_ROLES));
  new_text = g_strdup_printf ("%u", (guint) roles);
  casarray_op_add_cas_mods (mods, CASARRAY_ATTR_SERVER_ROLES, old_text, new_text);
  if (!casarray_backend_modify (casarray_context_get_backend (context), casarray_entry_get_dn (server),
                                mods, cancellable, error))
    {
      g_autofree char *name = name_of (server);
      casarray_op_explain_conflict (error, "Exchange server", name);
      return FALSE;
    }
  return TRUE;
}
