/* bench-audit.c: how long the audit and the repair take, and how much
 * memory they need, at 100, 1,600 and 10,000 databases
 *
 * Builds an organisation in a throwaway slapd (and, where the build has it,
 * in the embedded store): one site per 50 databases, one Mailbox and one CAS
 * server per 10 databases (1,000 servers and 200 sites at 10,000
 * databases), every database pointing at a CAS server that was removed: the
 * blog post's outage at scale.  Then it times one audit, one repair (which
 * changes every database) and a second repair (which changes none), and
 * prints the figures with the peak resident memory of the client process.
 *
 * Each size runs in its own process so peak memory is per size.
 *
 *   bench-audit                 all sizes, LDAP then store
 *   bench-audit ldap 10000      one size, one backend
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include <casarray/casarray.h>

#include "casarray-test-slapd.h"

#define ADMIN_GROUP "CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups," \
                    "CN=Contoso Corp,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com"
#define LEGACY      "/o=Contoso Corp/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn="
#define CONFIG      "CN=Configuration,DC=contoso,DC=com"

static void
container (GString    *ldif,
           const char *dn,
           const char *name,
           const char *classes)
{
  g_auto(GStrv) list = g_strsplit (classes, ",", -1);

  g_string_append_printf (ldif, "dn: %s\n", dn);
  for (guint i = 0; list[i] != NULL; i++)
    g_string_append_printf (ldif, "objectClass: %s\n", list[i]);
  g_string_append_printf (ldif, "cn: %s\nname: %s\n\n", name, name);
}

/* The whole organisation as LDIF, laid out as the library writes it. */
static GString *
organisation_ldif (guint databases,
                   gboolean with_base)
{
  guint sites = MAX (2, databases / 50);
  guint pairs = MAX (1, databases / 20);   /* a Mailbox and a CAS server each */
  GString *ldif = g_string_new (NULL);

  if (with_base)
    {
      g_string_append (ldif, "dn: DC=contoso,DC=com\nobjectClass: top\nobjectClass: domain\ndc: contoso\n\n");
      container (ldif, CONFIG, "Configuration", "top,configuration");
    }
  container (ldif, "CN=Sites," CONFIG, "Sites", "top,sitesContainer");
  container (ldif, "CN=Services," CONFIG, "Services", "top,container");
  container (ldif, "CN=Microsoft Exchange,CN=Services," CONFIG, "Microsoft Exchange",
             "top,container,msExchConfigurationContainer");
  container (ldif, "CN=Contoso Corp,CN=Microsoft Exchange,CN=Services," CONFIG, "Contoso Corp",
             "top,container,msExchOrganizationContainer");
  container (ldif, "CN=Administrative Groups,CN=Contoso Corp,CN=Microsoft Exchange,CN=Services," CONFIG,
             "Administrative Groups", "top,container,msExchAdminGroupContainer");
  container (ldif, ADMIN_GROUP, "Exchange Administrative Group (FYDIBOHF23SPDLT)", "top,msExchAdminGroup");
  container (ldif, "CN=Servers," ADMIN_GROUP, "Servers", "top,container,msExchServersContainer");
  container (ldif, "CN=Databases," ADMIN_GROUP, "Databases", "top,msExchMDBContainer");
  container (ldif, "CN=Arrays," ADMIN_GROUP, "Arrays", "top,container,msExchContainer");
  for (guint s = 0; s < sites; s++)
    g_string_append_printf (ldif, "dn: CN=Site%03u,CN=Sites," CONFIG "\nobjectClass: top\nobjectClass: site\n"
                            "cn: Site%03u\nname: Site%03u\n\n", s, s, s);
  for (guint p = 0; p < pairs; p++)
    {
      const char *kinds[] = { "MBX", "CAS" };
      const guint roles[] = { 2, 4 };

      for (guint k = 0; k < 2; k++)
        g_string_append_printf (ldif,
          "dn: CN=%s%04u,CN=Servers," ADMIN_GROUP "\nobjectClass: top\nobjectClass: server\n"
          "objectClass: msExchExchangeServer\ncn: %s%04u\nname: %s%04u\n"
          "networkAddress: ncacn_ip_tcp:%s%04u.contoso.com\nnetworkAddress: netbios:%s%04u\n"
          "msExchServerSite: CN=Site%03u,CN=Sites," CONFIG "\nmsExchCurrentServerRoles: %u\n"
          "serialNumber: Version 14.3 (Build 123.4)\nversionNumber: 1938006139\n"
          "legacyExchangeDN: " LEGACY "%s%04u\n\n",
          kinds[k], p, kinds[k], p, kinds[k], p, kinds[k], p, kinds[k], p, p % sites, roles[k], kinds[k], p);
    }
  for (guint d = 0; d < databases; d++)
    g_string_append_printf (ldif,
      "dn: CN=DB%05u,CN=Databases," ADMIN_GROUP "\nobjectClass: top\nobjectClass: msExchMDB\n"
      "objectClass: msExchPrivateMDB\ncn: DB%05u\nname: DB%05u\ndeliveryMechanism: 0\n"
      "msExchOwningServer: CN=MBX%04u,CN=Servers," ADMIN_GROUP "\nmsExchEDBFile: D:\\DB%05u.edb\n"
      "legacyExchangeDN: " LEGACY "OLDCAS%04u/cn=Microsoft Private MDB\n\n",
      d, d, d, d % pairs, d, d % pairs);
  return ldif;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static long
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static guint
count_outcome (GPtrArray *results, CasarrayRepairOutcome outcome)
{
  guint n = 0;

  for (guint i = 0; i < results->len; i++)
    n += casarray_repair_result_get_outcome (g_ptr_array_index (results, i)) == outcome;
  return n;
}

static int
measure (CasarrayDirectory *directory,
         const char        *backend,
         guint              databases,
         double             build_seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) repaired = NULL;
  g_autoptr(GPtrArray) again = NULL;
  double audit_s, repair_s, again_s;
  gint64 start;

  start = g_get_monotonic_time ();
  findings = casarray_directory_audit_sync (directory, NULL, &error);
  audit_s = seconds_since (start);
  if (findings == NULL)
    goto failed;
  start = g_get_monotonic_time ();
  repaired = casarray_directory_repair_sync (directory, findings, CASARRAY_WRITE_NONE, NULL, &error);
  repair_s = seconds_since (start);
  if (repaired == NULL)
    goto failed;
  start = g_get_monotonic_time ();
  again = casarray_directory_repair_sync (directory, NULL, CASARRAY_WRITE_NONE, NULL, &error);
  again_s = seconds_since (start);
  if (again == NULL)
    goto failed;

  printf ("%-6s %6u databases  build %6.2f s  audit %6.3f s (%u findings)  repair %6.3f s (%u changed, %u failed)  "
          "second repair %6.3f s (%u changed)  peak RSS %ld KiB\n",
          backend, databases, build_seconds, audit_s, findings->len, repair_s,
          count_outcome (repaired, CASARRAY_REPAIR_CHANGED), count_outcome (repaired, CASARRAY_REPAIR_FAILED),
          again_s, count_outcome (again, CASARRAY_REPAIR_CHANGED), peak_rss_kib ());
  fflush (stdout);
  return count_outcome (repaired, CASARRAY_REPAIR_CHANGED) == databases ? 0 : 1;

failed:
  fprintf (stderr, "%s %u: %s\n", backend, databases, error->message);
  return 1;
}

static int
run_ldap (guint databases)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayTestSlapd) slapd = casarray_test_slapd_start (&error);
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(GString) ldif = NULL;
  gint64 start;

  if (slapd == NULL)
    {
      fprintf (stderr, "slapd: %s\n", error->message);
      return 1;
    }
  start = g_get_monotonic_time ();
  ldif = organisation_ldif (databases, FALSE);
  if (!casarray_test_slapd_load_ldif (slapd, ldif->str, &error))
    {
      fprintf (stderr, "loading: %s\n", error->message);
      return 1;
    }
  directory = casarray_directory_new (casarray_test_slapd_get_ldap_uri (slapd));
  casarray_directory_set_bind_dn (directory, casarray_test_slapd_get_root_dn (slapd));
  casarray_directory_set_password_file (directory, casarray_test_slapd_get_root_password_file (slapd));
  return measure (directory, "ldap", databases, seconds_since (start));
}

static int
run_store (guint databases)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("casarray-bench-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(CasarrayDirectory) directory = NULL;
  g_autoptr(GString) ldif = NULL;
  gint64 start;
  int status;

  if (folder == NULL)
    return 1;
  path = g_build_filename (folder, "org.ldif", NULL);
  uri = g_strconcat ("file://", path, NULL);
  start = g_get_monotonic_time ();
  ldif = organisation_ldif (databases, TRUE);
  g_file_set_contents (path, ldif->str, ldif->len, NULL);
  directory = casarray_directory_new (uri);
  if (!casarray_directory_connect_sync (directory, NULL, &error))
    {
      if (g_error_matches (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT))
        printf ("store  %6u databases  skipped: %s\n", databases, error->message);
      else
        fprintf (stderr, "store: %s\n", error->message);
      status = g_error_matches (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT) ? 0 : 1;
    }
  else
    status = measure (directory, "store", databases, seconds_since (start));
  g_unlink (path);
  g_rmdir (folder);
  return status;
}

int
main (int argc, char **argv)
{
  static const guint sizes[] = { 100, 1600, 10000 };
  int status = 0;

  g_setenv ("LDAPNOINIT", "1", TRUE);
  if (argc == 3)
    {
      guint databases = (guint) g_ascii_strtoull (argv[2], NULL, 10);
      return g_str_equal (argv[1], "store") ? run_store (databases) : run_ldap (databases);
    }

  printf ("# libcasarray %s, audit and repair of an organisation whose databases all point at a removed CAS\n",
          CASARRAY_VERSION_S);
  fflush (stdout);
  for (guint b = 0; b < 2; b++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        g_autofree char *size = g_strdup_printf ("%u", sizes[i]);
        const char *child[] = { argv[0], b == 0 ? "ldap" : "store", size, NULL };
        int child_status = 0;
        g_autoptr(GError) error = NULL;

        if (!g_spawn_sync (NULL, (char **) child, NULL, G_SPAWN_CHILD_INHERITS_STDIN,
                           NULL, NULL, NULL, NULL, &child_status, &error) ||
            !g_spawn_check_wait_status (child_status, &error))
          {
            fprintf (stderr, "%s %s: %s\n", child[1], size, error->message);
            status = 1;
          }
      }
  return status;
}
