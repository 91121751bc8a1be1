/* cli-object.c: the objects that flow through pipelines
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-object.h"

#include <stdlib.h>
#include <string.h>

/* ---- properties ---- */

static CliProp *
prop_new (const char *name, CliPropType type)
{
  CliProp *prop = g_new0 (CliProp, 1);

  prop->name = g_strdup (name);
  prop->type = type;
  return prop;
}

void
cli_prop_free (CliProp *prop)
{
  if (prop == NULL)
    return;
  g_free (prop->name);
  g_free (prop->string);
  g_strfreev (prop->list);
  g_clear_pointer (&prop->objects, g_ptr_array_unref);
  g_free (prop);
}

CliProp *
cli_prop_new_placeholder (const char *name)
{
  CliProp *prop = prop_new (name, CLI_PROP_NULL);

  prop->placeholder = TRUE;
  return prop;
}

void
cli_prop_free_placeholder (gpointer prop)
{
  if (prop != NULL && ((CliProp *) prop)->placeholder)
    cli_prop_free (prop);
}

/* A copy is an ordinary property of the object it goes into. */
CliProp *
cli_prop_copy (const CliProp *prop)
{
  CliProp *copy = prop_new (prop->name, prop->type);

  copy->string = g_strdup (prop->string);
  copy->boolean = prop->boolean;
  copy->integer = prop->integer;
  copy->list = g_strdupv (prop->list);
  if (prop->objects != NULL)
    copy->objects = g_ptr_array_ref (prop->objects);  /* never changed once made */
  return copy;
}

static void
add_string (GPtrArray *props, const char *name, const char *value)
{
  CliProp *prop = prop_new (name, value != NULL ? CLI_PROP_STRING : CLI_PROP_NULL);

  prop->string = g_strdup (value);
  g_ptr_array_add (props, prop);
}

static void
add_bool (GPtrArray *props, const char *name, gboolean value)
{
  CliProp *prop = prop_new (name, CLI_PROP_BOOL);

  prop->boolean = value ? TRUE : FALSE;
  g_ptr_array_add (props, prop);
}

static void
add_int (GPtrArray *props, const char *name, gint64 value)
{
  CliProp *prop = prop_new (name, CLI_PROP_INT);

  prop->integer = value;
  g_ptr_array_add (props, prop);
}

static void
add_list (GPtrArray *props, const char *name, const char * const *value)
{
  CliProp *prop = prop_new (name, CLI_PROP_LIST);
  const char * const empty[] = { NULL };

  prop->list = g_strdupv ((char **) (value != NULL ? value : empty));
  g_ptr_array_add (props, prop);
}

char *
cli_prop_to_display (const CliProp *prop)
{
  switch (prop->type)
    {
    case CLI_PROP_NULL:
      return g_strdup ("");
    case CLI_PROP_STRING:
      return g_strdup (prop->string);
    case CLI_PROP_BOOL:
      return g_strdup (prop->boolean ? "True" : "False");
    case CLI_PROP_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, prop->integer);
    case CLI_PROP_LIST:
      {
        g_autofree char *joined = g_strjoinv (", ", prop->list);

        return g_strdup_printf ("{%s}", joined);
      }
    }
  return g_strdup ("");
}

/* ---- enums as EMS shows them ---- */

char *
cli_roles_to_string (CasarrayServerRole roles)
{
  static const struct { CasarrayServerRole bit; const char *name; } names[] = {
    { CASARRAY_SERVER_ROLE_MAILBOX, "Mailbox" },
    { CASARRAY_SERVER_ROLE_CLIENT_ACCESS, "ClientAccess" },
    { CASARRAY_SERVER_ROLE_UNIFIED_MESSAGING, "UnifiedMessaging" },
    { CASARRAY_SERVER_ROLE_HUB_TRANSPORT, "HubTransport" },
    { CASARRAY_SERVER_ROLE_EDGE, "Edge" },
  };
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (roles & names[i].bit)
      {
        if (s->len > 0)
          g_string_append (s, ", ");
        g_string_append (s, names[i].name);
      }
  if (s->len == 0)
    g_string_append (s, "None");
  return g_string_free (s, FALSE);
}

/* "endpoint-missing" -> "EndpointMissing" */
static char *
enum_to_pascal (GType type, int value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);
  GString *out = g_string_new (NULL);
  gboolean upper = TRUE;

  if (v != NULL)
    for (const char *p = v->value_nick; *p != '\0'; p++)
      {
        if (*p == '-' || *p == '_')
          {
            upper = TRUE;
            continue;
          }
        g_string_append_c (out, upper ? g_ascii_toupper (*p) : *p);
        upper = FALSE;
      }
  else
    g_string_append_printf (out, "%d", value);
  g_type_class_unref (klass);
  return g_string_free (out, FALSE);
}

/* ---- objects ---- */

static CliObject *
object_new (CliKind kind, const char *type_name)
{
  CliObject *object = g_new0 (CliObject, 1);

  object->ref_count = 1;
  object->kind = kind;
  object->type_name = g_strdup (type_name);
  object->props = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_prop_free);
  return object;
}

CliObject *
cli_object_ref (CliObject *object)
{
  g_atomic_int_inc (&object->ref_count);
  return object;
}

void
cli_object_unref (CliObject *object)
{
  if (object == NULL || !g_atomic_int_dec_and_test (&object->ref_count))
    return;
  g_clear_object (&object->gobject);
  g_ptr_array_unref (object->props);
  g_free (object->type_name);
  g_free (object->text);
  g_free (object);
}

CliObject *
cli_object_new_string (const char *string)
{
  CliObject *object = object_new (CLI_KIND_STRING, "System.String");

  object->text = g_strdup (string);
  return object;
}

CliObject *
cli_object_new_text (const char *text)
{
  CliObject *object = object_new (CLI_KIND_TEXT, "FormattedText");

  object->text = g_strdup (text);
  return object;
}

CliObject *
cli_object_new_organization (const char *name)
{
  CliObject *object = object_new (CLI_KIND_ORGANIZATION, "Organization");

  add_string (object->props, "Name", name);
  add_string (object->props, "Identity", name);
  return object;
}

CliObject *
cli_object_new_domain_controller (const char *dns_host_name,
                                  const char *site)
{
  CliObject *object = object_new (CLI_KIND_DOMAIN_CONTROLLER, "ADServer");
  g_autofree char *name = g_ascii_strup (dns_host_name, strcspn (dns_host_name, "."));

  add_string (object->props, "Name", name);
  add_string (object->props, "DnsHostName", dns_host_name);
  add_string (object->props, "ADSite", site);
  add_string (object->props, "Identity", dns_host_name);
  return object;
}

/* What Get-MailboxDatabase -Status adds in EMS 2010 (the Exchange 2010
 * cmdlet reference and its example outputs): the mount and maintenance
 * state, the sizes and the backup times, all read from the Information
 * Store, none from the directory. */
const char * const *
cli_database_live_properties (void)
{
  static const char * const live[] = {
    "Mounted", "OnlineMaintenanceInProgress", "BackupInProgress",
    "DatabaseSize", "AvailableNewMailboxSpace",
    "LastFullBackup", "LastIncrementalBackup", "LastDifferentialBackup", "LastCopyBackup",
    "SnapshotLastFullBackup", "SnapshotLastIncrementalBackup",
    "SnapshotLastDifferentialBackup", "SnapshotLastCopyBackup",
    NULL
  };

  return live;
}

static CliObject *object_new (CliKind kind, const char *type_name);

/* An ADObjectId as EMS writes it for Site and Members: an object whose
 * Name is the value, with the DN where casarray knows it. */
static CliObject *
ad_object_id_new (const char *name, const char *dn)
{
  CliObject *id = object_new (CLI_KIND_SELECTED, "ADObjectId");

  add_string (id->props, "Name", name);
  add_string (id->props, "DistinguishedName", dn);
  return id;
}

/* Makes the last property of @p (Site, Members) name ADObjectIds. */
static void
name_objects (GPtrArray *p, const char *dn)
{
  CliProp *prop = g_ptr_array_index (p, p->len - 1);

  prop->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_object_unref);
  if (prop->type == CLI_PROP_STRING)
    g_ptr_array_add (prop->objects, ad_object_id_new (prop->string, dn));
  else if (prop->type == CLI_PROP_LIST)
    for (guint i = 0; prop->list[i] != NULL; i++)
      g_ptr_array_add (prop->objects, ad_object_id_new (prop->list[i], NULL));
  else
    g_clear_pointer (&prop->objects, g_ptr_array_unref);
}

static void
fill_database (GPtrArray *p, CasarrayMailboxDatabase *db)
{
  const char * const *live = cli_database_live_properties ();

  add_string (p, "Name", casarray_object_get_name (CASARRAY_OBJECT (db)));
  add_string (p, "Server", casarray_mailbox_database_get_server (db));
  add_string (p, "RpcClientAccessServer", casarray_mailbox_database_get_rpc_client_access_server (db));
  add_string (p, "EdbFilePath", casarray_mailbox_database_get_edb_file_path (db));
  add_string (p, "LogFolderPath", casarray_mailbox_database_get_log_folder_path (db));
  add_bool (p, "Recovery", casarray_mailbox_database_get_recovery (db));
  /* Database copies are not modelled: a database is never replicated here. */
  add_string (p, "ReplicationType", "None");
  add_bool (p, "MountAtStartup", casarray_mailbox_database_get_mount_at_startup (db));
  add_bool (p, "CircularLoggingEnabled", casarray_mailbox_database_get_circular_logging_enabled (db));
  add_string (p, "ExchangeLegacyDN", casarray_mailbox_database_get_exchange_legacy_dn (db));
  add_string (p, "Identity", casarray_object_get_name (CASARRAY_OBJECT (db)));
  add_string (p, "DistinguishedName", casarray_object_get_distinguished_name (CASARRAY_OBJECT (db)));
  add_string (p, "Guid", casarray_object_get_guid (CASARRAY_OBJECT (db)));
  /* Present and empty, so that $_.Mounted is $null, ft shows an empty
   * column and Export-Csv an empty field, as in EMS without -Status. */
  for (guint i = 0; live[i] != NULL; i++)
    add_string (p, live[i], NULL);
}

static void
fill_server (GPtrArray *p, CasarrayServer *server)
{
  CasarrayServerRole roles = casarray_server_get_roles (server);
  g_autofree char *role_text = cli_roles_to_string (roles);

  add_string (p, "Name", casarray_object_get_name (CASARRAY_OBJECT (server)));
  add_string (p, "Fqdn", casarray_server_get_fqdn (server));
  add_string (p, "Site", casarray_server_get_site (server));
  name_objects (p, casarray_server_get_site_dn (server));
  add_string (p, "ServerRole", role_text);
  add_string (p, "AdminDisplayVersion", casarray_server_get_admin_display_version (server));
  add_bool (p, "IsMailboxServer", (roles & CASARRAY_SERVER_ROLE_MAILBOX) != 0);
  add_bool (p, "IsClientAccessServer", (roles & CASARRAY_SERVER_ROLE_CLIENT_ACCESS) != 0);
  add_bool (p, "IsHubTransportServer", (roles & CASARRAY_SERVER_ROLE_HUB_TRANSPORT) != 0);
  add_bool (p, "IsUnifiedMessagingServer", (roles & CASARRAY_SERVER_ROLE_UNIFIED_MESSAGING) != 0);
  add_bool (p, "IsEdgeServer", (roles & CASARRAY_SERVER_ROLE_EDGE) != 0);
  add_int (p, "VersionNumber", casarray_server_get_version_number (server));
  add_string (p, "ExchangeLegacyDN", casarray_server_get_exchange_legacy_dn (server));
  add_list (p, "NetworkAddress", casarray_server_get_network_addresses (server));
  add_string (p, "Identity", casarray_object_get_name (CASARRAY_OBJECT (server)));
  add_string (p, "DistinguishedName", casarray_object_get_distinguished_name (CASARRAY_OBJECT (server)));
  add_string (p, "Guid", casarray_object_get_guid (CASARRAY_OBJECT (server)));
}

static void
fill_client_access_server (GPtrArray *p, CasarrayClientAccessServer *cas)
{
  add_string (p, "Name", casarray_object_get_name (CASARRAY_OBJECT (cas)));
  add_string (p, "Fqdn", casarray_client_access_server_get_fqdn (cas));
  add_string (p, "Site", casarray_client_access_server_get_site (cas));
  name_objects (p, casarray_client_access_server_get_site_dn (cas));
  add_string (p, "AutoDiscoverServiceInternalUri",
              casarray_client_access_server_get_autodiscover_service_internal_uri (cas));
  add_list (p, "AutoDiscoverSiteScope", casarray_client_access_server_get_autodiscover_site_scope (cas));
  add_string (p, "ExchangeLegacyDN", casarray_client_access_server_get_exchange_legacy_dn (cas));
  add_string (p, "Identity", casarray_object_get_name (CASARRAY_OBJECT (cas)));
  add_string (p, "DistinguishedName", casarray_object_get_distinguished_name (CASARRAY_OBJECT (cas)));
  add_string (p, "Guid", casarray_object_get_guid (CASARRAY_OBJECT (cas)));
}

static int
compare_names (const void *a, const void *b)
{
  return g_ascii_strcasecmp (*(char * const *) a, *(char * const *) b);
}

static void
fill_array (GPtrArray *p, CasarrayClientAccessArray *array)
{
  add_string (p, "Name", casarray_object_get_name (CASARRAY_OBJECT (array)));
  add_string (p, "Site", casarray_client_access_array_get_site (array));
  name_objects (p, casarray_client_access_array_get_site_dn (array));
  add_string (p, "Fqdn", casarray_client_access_array_get_fqdn (array));
  add_list (p, "Members", casarray_client_access_array_get_members (array));
  /* The directory returns members in no particular order; show them sorted. */
  {
    CliProp *members = g_ptr_array_index (p, p->len - 1);

    qsort (members->list, g_strv_length (members->list), sizeof (char *), compare_names);
  }
  name_objects (p, NULL);
  add_string (p, "ExchangeLegacyDN", casarray_client_access_array_get_exchange_legacy_dn (array));
  add_string (p, "Identity", casarray_object_get_name (CASARRAY_OBJECT (array)));
  add_string (p, "DistinguishedName", casarray_object_get_distinguished_name (CASARRAY_OBJECT (array)));
  add_string (p, "Guid", casarray_object_get_guid (CASARRAY_OBJECT (array)));
}

static void
fill_site (GPtrArray *p, CasarraySite *site)
{
  add_string (p, "Name", casarray_object_get_name (CASARRAY_OBJECT (site)));
  add_string (p, "Identity", casarray_object_get_name (CASARRAY_OBJECT (site)));
  add_string (p, "DistinguishedName", casarray_object_get_distinguished_name (CASARRAY_OBJECT (site)));
  add_string (p, "Guid", casarray_object_get_guid (CASARRAY_OBJECT (site)));
}

static void
fill_finding (GPtrArray *p, CasarrayFinding *finding)
{
  g_autofree char *severity = enum_to_pascal (CASARRAY_TYPE_FINDING_SEVERITY,
                                              casarray_finding_get_severity (finding));
  g_autofree char *kind = enum_to_pascal (CASARRAY_TYPE_FINDING_KIND, casarray_finding_get_kind (finding));

  add_string (p, "Severity", severity);
  add_string (p, "Kind", kind);
  add_string (p, "Subject", casarray_finding_get_subject (finding));
  add_string (p, "Message", casarray_finding_get_message (finding));
  add_string (p, "Fix", casarray_finding_get_fix (finding));
  add_string (p, "ProposedEndpoint", casarray_finding_get_proposed_endpoint (finding));
  add_list (p, "Related", casarray_finding_get_related (finding));
  add_string (p, "SubjectDN", casarray_finding_get_subject_dn (finding));
}

static void
fill_repair_result (GPtrArray *p, CasarrayRepairResult *result)
{
  g_autofree char *outcome = enum_to_pascal (CASARRAY_TYPE_REPAIR_OUTCOME,
                                             casarray_repair_result_get_outcome (result));

  add_string (p, "Database", casarray_repair_result_get_database (result));
  add_string (p, "Outcome", outcome);
  add_string (p, "OldEndpoint", casarray_repair_result_get_old_endpoint (result));
  add_string (p, "NewEndpoint", casarray_repair_result_get_new_endpoint (result));
  add_string (p, "Reason", casarray_repair_result_get_reason (result));
  add_string (p, "DatabaseDN", casarray_repair_result_get_database_dn (result));
}

CliObject *
cli_object_new_for_gobject (gpointer gobject)
{
  CliObject *object;

  if (CASARRAY_IS_MAILBOX_DATABASE (gobject))
    {
      object = object_new (CLI_KIND_MAILBOX_DATABASE, "MailboxDatabase");
      fill_database (object->props, gobject);
    }
  else if (CASARRAY_IS_SERVER (gobject))
    {
      object = object_new (CLI_KIND_EXCHANGE_SERVER, "ExchangeServer");
      fill_server (object->props, gobject);
    }
  else if (CASARRAY_IS_CLIENT_ACCESS_SERVER (gobject))
    {
      object = object_new (CLI_KIND_CLIENT_ACCESS_SERVER, "ClientAccessServer");
      fill_client_access_server (object->props, gobject);
    }
  else if (CASARRAY_IS_CLIENT_ACCESS_ARRAY (gobject))
    {
      object = object_new (CLI_KIND_CLIENT_ACCESS_ARRAY, "ClientAccessArray");
      fill_array (object->props, gobject);
    }
  else if (CASARRAY_IS_SITE (gobject))
    {
      object = object_new (CLI_KIND_SITE, "ADSite");
      fill_site (object->props, gobject);
    }
  else if (CASARRAY_IS_FINDING (gobject))
    {
      object = object_new (CLI_KIND_FINDING, "ClientAccessFinding");
      fill_finding (object->props, gobject);
    }
  else if (CASARRAY_IS_REPAIR_RESULT (gobject))
    {
      object = object_new (CLI_KIND_REPAIR_RESULT, "ClientAccessRepairResult");
      fill_repair_result (object->props, gobject);
    }
  else
    g_return_val_if_reached (NULL);

  object->gobject = g_object_ref (gobject);
  return object;
}

CliObject *
cli_object_new_selected (const CliObject *from, GPtrArray *props)
{
  g_autofree char *type_name = g_strdup_printf ("Selected.%s", from->type_name);
  CliObject *object = object_new (CLI_KIND_SELECTED, type_name);

  for (guint i = 0; i < props->len; i++)
    g_ptr_array_add (object->props, cli_prop_copy (g_ptr_array_index (props, i)));
  /* The identity still reaches a cmdlet down the pipe. */
  if (from->gobject != NULL)
    object->gobject = g_object_ref (from->gobject);
  return object;
}

CliObject *
cli_object_new_custom (const char *type_name, GPtrArray *props)
{
  CliObject *object = object_new (CLI_KIND_SELECTED, type_name);

  for (guint i = 0; i < props->len; i++)
    g_ptr_array_add (object->props, cli_prop_copy (g_ptr_array_index (props, i)));
  return object;
}

const CliProp *
cli_object_get_prop (const CliObject *object, const char *name)
{
  for (guint i = 0; i < object->props->len; i++)
    {
      const CliProp *prop = g_ptr_array_index (object->props, i);

      if (g_ascii_strcasecmp (prop->name, name) == 0)
        return prop;
    }
  return NULL;
}

static const char *
gobject_dn (GObject *gobject)
{
  if (CASARRAY_IS_OBJECT (gobject))
    return casarray_object_get_distinguished_name (CASARRAY_OBJECT (gobject));
  if (CASARRAY_IS_FINDING (gobject))
    return casarray_finding_get_subject_dn (CASARRAY_FINDING (gobject));
  if (CASARRAY_IS_REPAIR_RESULT (gobject))
    return casarray_repair_result_get_database_dn (CASARRAY_REPAIR_RESULT (gobject));
  return NULL;
}

const char *
cli_object_get_identity (const CliObject *object)
{
  const CliProp *prop;

  if (object->kind == CLI_KIND_STRING)
    return object->text;
  if (object->gobject != NULL)
    return gobject_dn (object->gobject);
  prop = cli_object_get_prop (object, "DistinguishedName");
  if (prop == NULL)
    prop = cli_object_get_prop (object, "Identity");
  if (prop == NULL)
    prop = cli_object_get_prop (object, "Name");
  return prop != NULL && prop->type == CLI_PROP_STRING ? prop->string : NULL;
}

const char *
cli_object_get_name (const CliObject *object)
{
  const CliProp *prop;

  if (object->kind == CLI_KIND_STRING || object->kind == CLI_KIND_TEXT)
    return object->text;
  prop = cli_object_get_prop (object, "Name");
  if (prop == NULL)
    prop = cli_object_get_prop (object, "Database");
  if (prop == NULL)
    prop = cli_object_get_prop (object, "Subject");
  if (prop != NULL && prop->type == CLI_PROP_STRING)
    return prop->string;
  return cli_object_get_identity (object);
}

const char * const *
cli_kind_default_columns (CliKind kind, gboolean *table)
{
  static const char * const database[] = { "Name", "Server", "Recovery", "ReplicationType", NULL };
  static const char * const server[] = { "Name", "Site", "ServerRole", "AdminDisplayVersion", NULL };
  static const char * const cas[] = { "Name", "Fqdn", "Site", NULL };
  static const char * const array[] = { "Name", "Site", "Fqdn", "Members", NULL };
  static const char * const site[] = { "Name", NULL };
  static const char * const finding[] = { "Severity", "Kind", "Subject", "Message", "Fix", NULL };
  static const char * const repair[] = { "Database", "Outcome", "OldEndpoint", "NewEndpoint", "Reason", NULL };
  static const char * const organization[] = { "Name", NULL };
  static const char * const domain_controller[] = { "Name", "DnsHostName", "ADSite", NULL };

  *table = TRUE;
  switch (kind)
    {
    case CLI_KIND_MAILBOX_DATABASE: return database;
    case CLI_KIND_EXCHANGE_SERVER: return server;
    case CLI_KIND_CLIENT_ACCESS_SERVER: return cas;
    case CLI_KIND_CLIENT_ACCESS_ARRAY: return array;
    case CLI_KIND_SITE: return site;
    case CLI_KIND_REPAIR_RESULT: return repair;
    case CLI_KIND_ORGANIZATION: return organization;
    case CLI_KIND_DOMAIN_CONTROLLER: return domain_controller;
    case CLI_KIND_FINDING:
      *table = FALSE;
      return finding;
    case CLI_KIND_STRING:
    case CLI_KIND_TEXT:
    case CLI_KIND_SELECTED:
      break;
    }
  return NULL;
}
