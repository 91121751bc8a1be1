/* casarray-op-converge.c: the replica-independent rank of arrays, AD's
 * conflict names, and the removal half of the repair's merge
 *
 * See casarray-op-converge.h for the rank and why it uses what it uses.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "backend/casarray-backend.h"
#include "backend/casarray-dn.h"
#include "backend/casarray-schema.h"
#include "casarray-lookup.h"
#include "casarray-op-common.h"
#include "casarray-op-converge.h"
#include "model/casarray-model-private.h"

/* AD's mark of a conflict copy: a line feed (escaped \0A in DNs), CNF:,
 * then the copy's own GUID. */
#define CONFLICT_MARK "\nCNF:"

gboolean
casarray_converge_is_conflict_name (const char  *name,
                                    char       **original)
{
  const char *mark = name != NULL ? strstr (name, CONFLICT_MARK) : NULL;

  if (mark == NULL)
    return FALSE;
  if (original != NULL)
    *original = g_strndup (name, (gsize) (mark - name));
  return TRUE;
}

char *
casarray_converge_display_name (const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (name == NULL)
    return NULL;
  parts = g_strsplit (name, "\n", -1);
  return g_strjoinv ("\\0A", parts);
}

static gboolean
is_conflict_copy (const CasarrayEntry *entry)
{
  g_autofree char *name = casarray_schema_entry_name (entry);

  return casarray_converge_is_conflict_name (name, NULL);
}

/* GeneralizedTime (YYYYMMDDHHMMSS[.fraction]Z, as AD's whenCreated and
 * slapd's createTimestamp write it) as "YYYYMMDDHHMMSS.ffffff", which
 * strcmp orders; NULL if it is not of that form. */
static char *
normalize_time (const char *value)
{
  char fraction[7] = "000000";
  const char *p = value;

  if (value == NULL)
    return NULL;
  for (int i = 0; i < 14; i++)
    if (!g_ascii_isdigit (p[i]))
      return NULL;
  p += 14;
  if (*p == '.' || *p == ',')
    {
      p++;
      for (int i = 0; g_ascii_isdigit (*p); i++, p++)
        if (i < 6)
          fraction[i] = *p;
    }
  if (*p != 'Z' || p[1] != '\0')
    return NULL;   /* every server we know writes UTC */
  return g_strdup_printf ("%.14s.%s", value, fraction);
}

/* The creation key: the normalised time, else (the store's own entries)
 * "~" and the store's creation order, which sorts after every time. */
static char *
creation_key (const CasarrayEntry *entry)
{
  char *time = normalize_time (casarray_entry_get_first (entry, CASARRAY_ATTR_WHEN_CREATED));
  const char *order;

  if (time == NULL)
    time = normalize_time (casarray_entry_get_first (entry, CASARRAY_ATTR_CREATE_TIMESTAMP));
  if (time != NULL)
    return time;
  order = casarray_entry_get_first (entry, CASARRAY_ATTR_CREATION_ORDER);
  return g_strconcat ("~", order != NULL ? order : "", NULL);
}

int
casarray_converge_compare (const CasarrayEntry *a,
                           const CasarrayEntry *b)
{
  g_autofree char *created_a = NULL;
  g_autofree char *created_b = NULL;
  gboolean conflict_a = is_conflict_copy (a);
  gboolean conflict_b = is_conflict_copy (b);
  g_autofree char *dn_a = NULL;
  g_autofree char *dn_b = NULL;
  int order;

  if (conflict_a != conflict_b)
    return conflict_a ? 1 : -1;
  created_a = creation_key (a);
  created_b = creation_key (b);
  order = strcmp (created_a, created_b);
  if (order != 0)
    return order;
  order = g_strcmp0 (casarray_entry_get_first (a, CASARRAY_ATTR_GUID),
                     casarray_entry_get_first (b, CASARRAY_ATTR_GUID));
  if (order != 0)
    return order;
  dn_a = casarray_dn_normalize (casarray_entry_get_dn (a));
  dn_b = casarray_dn_normalize (casarray_entry_get_dn (b));
  return g_strcmp0 (dn_a, dn_b);
}

gint
casarray_converge_compare_pointers (gconstpointer a,
                                    gconstpointer b)
{
  return casarray_converge_compare (*(CasarrayEntry * const *) a, *(CasarrayEntry * const *) b);
}

char *
casarray_converge_describe_rank (const CasarrayEntry *entry)
{
  g_autofree char *created = creation_key (entry);
  const char *guid = casarray_entry_get_first (entry, CASARRAY_ATTR_GUID);
  GString *text = g_string_new (NULL);

  if (is_conflict_copy (entry))
    g_string_append (text, "a replication conflict copy, ");
  if (created[0] != '~')
    g_string_append_printf (text, "created %.4s-%.2s-%.2s %.2s:%.2s:%.2s UTC", created, created + 4,
                            created + 6, created + 8, created + 10, created + 12);
  else
    g_string_append_printf (text, "creation number %s in the store", created + 1);
  if (guid != NULL)
    g_string_append_printf (text, ", GUID %s", guid);
  return g_string_free (text, FALSE);
}


static char *
endpoint_text (const CasarrayEntry *entry)
{
  const char *fqdn = casarray_schema_entry_fqdn (entry);

  return fqdn != NULL ? g_strdup (fqdn) : casarray_schema_entry_name (entry);
}

/* Several arrays in one site: the finding names the survivor (the first by
 * the rank of casarray-op-converge.h, as its proposed endpoint) and the
 * arrays the repair merges into it. */
CasarrayFinding *
casarray_converge_several_arrays_finding (const CasarrayEntry *site,
                                          const char          *name,
                                          GPtrArray           *arrays,
                                          const char * const  *names)
{
  CasarrayEntry *survivor = g_ptr_array_index (arrays, 0);
  g_autofree char *survivor_name = casarray_schema_entry_name (survivor);
  g_autofree char *survivor_display = casarray_converge_display_name (survivor_name);
  g_autofree char *rank = casarray_converge_describe_rank (survivor);
  g_autofree char *survivor_text = endpoint_text (survivor);
  g_autoptr(GString) losers = g_string_new (NULL);

  for (guint j = 1; j < arrays->len; j++)
    {
      g_autofree char *loser = casarray_schema_entry_name (g_ptr_array_index (arrays, j));
      g_autofree char *display = casarray_converge_display_name (loser);
      g_string_append_printf (losers, "%s%s", j > 1 ? ", " : "", display);
    }
  return casarray_finding_new (
    CASARRAY_FINDING_SEVERAL_ARRAYS_IN_SITE, CASARRAY_FINDING_SEVERITY_ERROR, name,
    casarray_entry_get_dn (site), names, NULL, survivor_text,
    g_strdup_printf ("Site %s has %u client access arrays; at most one can exist per site. Every replica "
                     "keeps %s (%s) and merges %s into it.", name, arrays->len, survivor_display, rank,
                     losers->str),
    g_strdup_printf ("Repair-ClientAccessConfiguration points the databases that use %s at %s, then removes "
                     "%s.", losers->str, survivor_display, losers->str));
}

/* The properly named object in @entries that @copy is a conflict copy of:
 * the same parent and the name before the CNF mark. */
static CasarrayEntry *
conflict_original (GPtrArray           *entries,
                   const CasarrayEntry *copy,
                   const char          *original)
{
  g_autofree char *parent = casarray_dn_parent (casarray_entry_get_dn (copy));

  for (guint i = 0; i < entries->len; i++)
    {
      CasarrayEntry *other = g_ptr_array_index (entries, i);
      g_autofree char *other_name = casarray_schema_entry_name (other);
      g_autofree char *other_parent = NULL;

      if (other == copy || !casarray_name_equal (other_name, original))
        continue;
      other_parent = casarray_dn_parent (casarray_entry_get_dn (other));
      if (casarray_dn_equal (other_parent, parent))
        return other;
    }
  return NULL;
}

/* AD's "CNF" conflict copies among @entries (servers and arrays, or
 * databases): one finding each, saying what it is and what to do. */
void
casarray_converge_audit_conflicts (GPtrArray                  *entries,
                                   GPtrArray                  *findings,
                                   CasarrayConvergeSiteArrays  site_arrays,
                                   gpointer                    data)
{
  for (guint i = 0; i < entries->len; i++)
    {
      CasarrayEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *name = casarray_schema_entry_name (entry);
      g_autofree char *original = NULL;
      g_autofree char *display = NULL;
      g_autofree char *fix = NULL;
      CasarrayEntry *twin;
      const char *noun;
      const char *related[3] = { NULL, NULL, NULL };

      if (!casarray_converge_is_conflict_name (name, &original))
        continue;
      display = casarray_converge_display_name (name);
      twin = conflict_original (entries, entry, original);
      related[0] = original;
      related[1] = twin != NULL ? casarray_entry_get_dn (twin) : NULL;
      if (casarray_op_is_array (entry))
        {
          GPtrArray *arrays = site_arrays (data, entry);
          g_autofree char *kept = arrays->len > 1 ? casarray_schema_entry_name (g_ptr_array_index (arrays, 0)) : NULL;

          noun = "client access array";
          if (arrays->len > 1)
            fix = g_strdup_printf ("Repair-ClientAccessConfiguration merges it into %s, the array its site "
                                   "keeps.", kept);
          else
            fix = g_strdup_printf ("It is the only array of its site: rename it (Set-ClientAccessArray -Identity "
                                   "\"%s\" -Name <new name>); until then it shares its legacyExchangeDN with %s.",
                                   casarray_entry_get_dn (entry), original);
        }
      else if (casarray_entry_get_first (entry, CASARRAY_ATTR_OWNING_SERVER) != NULL)
        {
          noun = "mailbox database";
          fix = g_strdup_printf ("Find out which of the two databases named %s holds the mailboxes (their homeMDB) "
                                 "and delete the other with ADSI Edit; the repair never removes a database, as "
                                 "mailboxes it cannot see may use it.", original);
        }
      else
        {
          noun = "Exchange server";
          fix = g_strdup_printf ("Find out which of the two server objects named %s Exchange setup really uses "
                                 "(its databases, its installation) and delete the other with ADSI Edit; the "
                                 "repair never removes a server.", original);
        }
      g_ptr_array_add (findings, casarray_finding_new (
        CASARRAY_FINDING_REPLICATION_CONFLICT, CASARRAY_FINDING_SEVERITY_ERROR, display,
        casarray_entry_get_dn (entry), related, NULL, NULL,
        g_strdup_printf ("The %s %s is a replication conflict copy (CNF) of %s: two domain controllers "
                         "created a %s of that name at the same time, and Active Directory kept both and "
                         "renamed this one.", noun, display, original, noun),
        g_steal_pointer (&fix)));
    }
}

/* The databases whose RpcClientAccessServer names @legacy_key. */
static GPtrArray *
users_of (GPtrArray  *databases,
          const char *legacy_key)
{
  GPtrArray *users = g_ptr_array_new ();

  for (guint i = 0; legacy_key != NULL && i < databases->len; i++)
    {
      CasarrayEntry *database = g_ptr_array_index (databases, i);
      g_autofree char *parent =
        casarray_schema_legacy_dn_parent (casarray_entry_get_first (database, CASARRAY_ATTR_LEGACY_DN));
      g_autofree char *key = casarray_name_key (parent);

      if (g_strcmp0 (key, legacy_key) == 0)
        g_ptr_array_add (users, database);
    }
  return users;
}

void
casarray_converge_remove_losers (CasarrayContext     *context,
                                 GPtrArray           *losers,
                                 const CasarrayEntry *survivor,
                                 gboolean             what_if,
                                 GPtrArray           *databases,
                                 const GError        *read_error,
                                 GPtrArray           *results,
                                 GCancellable        *cancellable)
{
  CasarrayBackend *backend = casarray_context_get_backend (context);
  g_autofree char *survivor_text = endpoint_text (survivor);
  g_autofree char *survivor_name = casarray_schema_entry_name (survivor);
  g_autofree char *survivor_display = casarray_converge_display_name (survivor_name);
  g_autofree char *survivor_key =
    casarray_name_key (casarray_entry_get_first (survivor, CASARRAY_ATTR_LEGACY_DN));
  for (guint i = 0; i < losers->len; i++)
    {
      CasarrayEntry *loser = g_ptr_array_index (losers, i);
      g_autofree char *name = casarray_schema_entry_name (loser);
      g_autofree char *display = casarray_converge_display_name (name);
      g_autofree char *text = endpoint_text (loser);
      g_autofree char *key = casarray_name_key (casarray_entry_get_first (loser, CASARRAY_ATTR_LEGACY_DN));
      g_autoptr(GPtrArray) users = NULL;
      g_autoptr(GError) error = NULL;
      CasarrayRepairOutcome outcome;
      g_autofree char *reason = NULL;

      if (what_if)
        {
          outcome = CASARRAY_REPAIR_WOULD_CHANGE;
          reason = g_strdup_printf ("the client access array %s would be removed, merged into %s, once the "
                                    "databases that use it point at %s", display, survivor_display,
                                    survivor_display);
        }
      else if (databases == NULL)
        {
          outcome = CASARRAY_REPAIR_FAILED;
          reason = g_strdup_printf ("kept: cannot tell whether databases still use it (%s)", read_error->message);
        }
      else if (g_strcmp0 (key, survivor_key) != 0 &&
               (users = users_of (databases, key))->len > 0)
        {
          /* A conflict copy shares the survivor's legacyExchangeDN: its
           * "users" are the survivor's, so only a distinct one is checked. */
          g_autofree char *names = casarray_op_join_names (users, 10);
          outcome = CASARRAY_REPAIR_SKIPPED;
          reason = g_strdup_printf ("kept: %u database(s) still use it (%s); they were changed by another "
                                    "writer or could not be repointed; repair again", users->len, names);
        }
      else if (casarray_backend_remove (backend, casarray_entry_get_dn (loser), cancellable, &error))
        {
          outcome = CASARRAY_REPAIR_CHANGED;
          reason = g_strdup_printf ("removed the client access array %s, merged into %s", display,
                                    survivor_display);
        }
      else if (g_error_matches (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND))
        {
          /* another repair (maybe on another replica) came first */
          outcome = CASARRAY_REPAIR_SKIPPED;
          reason = g_strdup ("already removed");
        }
      else
        {
          outcome = CASARRAY_REPAIR_FAILED;
          reason = g_strdup (error->message);
        }
      g_ptr_array_add (results, casarray_repair_result_new (display, casarray_entry_get_dn (loser), text,
                                                            survivor_text, outcome, reason));
    }
}
