/* cli-object.h: the objects that flow through pipelines
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A CliObject is what a Get- or New- cmdlet writes to the pipeline: the
 * library's object (for a setter further down the pipe) and its properties
 * under the names EMS shows (Name, Server, RpcClientAccessServer...), in
 * the order Format-List shows them.  Strings and formatted text travel as
 * CliObjects too.
 */
#pragma once

#include <casarray/casarray.h>

G_BEGIN_DECLS

typedef enum {
  CLI_PROP_NULL,
  CLI_PROP_STRING,
  CLI_PROP_BOOL,
  CLI_PROP_INT,
  CLI_PROP_LIST,     /* of strings */
} CliPropType;

typedef struct {
  char        *name;
  CliPropType  type;
  char        *string;   /* STRING */
  gboolean     boolean;  /* BOOL */
  gint64       integer;  /* INT */
  GStrv        list;     /* LIST */
  /* Made by cli_select_props() for a name the object lacks (an empty
   * value, as PowerShell shows it); owned by the array it returned. */
  gboolean     placeholder;
  /* CliObject*, one per value: the directory objects the values name, as
   * EMS's ADObjectId values (Site, Members) are objects with a Name
   * ($_.Site.Name, Members | Select-Object Name); NULL for plain values.
   * Shown, compared and bound by their names, as the values are. */
  GPtrArray   *objects;
} CliProp;

typedef enum {
  CLI_KIND_STRING,              /* a plain string */
  CLI_KIND_TEXT,                /* formatted output (Format-List, ConvertTo-Json) */
  CLI_KIND_MAILBOX_DATABASE,
  CLI_KIND_EXCHANGE_SERVER,
  CLI_KIND_CLIENT_ACCESS_SERVER,
  CLI_KIND_CLIENT_ACCESS_ARRAY,
  CLI_KIND_SITE,
  CLI_KIND_FINDING,
  CLI_KIND_REPAIR_RESULT,
  CLI_KIND_ORGANIZATION,
  CLI_KIND_DOMAIN_CONTROLLER,   /* Get-DomainController output */
  CLI_KIND_SELECTED,            /* Select-Object output */
} CliKind;

typedef struct {
  gint       ref_count;
  CliKind    kind;
  char      *type_name;   /* for Get-Member-ish messages and grouping */
  GObject   *gobject;     /* the library object, or NULL */
  GPtrArray *props;       /* CliProp* */
  char      *text;        /* STRING and TEXT */
} CliObject;

CliObject  *cli_object_ref               (CliObject *object);
void        cli_object_unref             (CliObject *object);

CliObject  *cli_object_new_string        (const char *string);
CliObject  *cli_object_new_text          (const char *text);
CliObject  *cli_object_new_for_gobject   (gpointer    gobject);
CliObject  *cli_object_new_organization  (const char *name);
/* A domain controller as Get-DomainController shows it: Name (the first
 * label of its host name, as AD names a DC's server object), DnsHostName
 * and ADSite. */
CliObject  *cli_object_new_domain_controller (const char *dns_host_name,
                                              const char *site);
/* A copy holding only @props (CliProp*, copied), as Select-Object makes. */
CliObject  *cli_object_new_selected      (const CliObject *from,
                                          GPtrArray       *props);

/* An object of no library kind holding @props (copied), as Measure-Object
 * and Group-Object write; shown like Select-Object's. */
CliObject  *cli_object_new_custom        (const char      *type_name,
                                          GPtrArray       *props);

/* The property called @name (any case), or NULL. */
const CliProp *cli_object_get_prop       (const CliObject *object,
                                          const char      *name);
/* The property's value as Format-List shows it: True/False, {a, b}. */
char       *cli_prop_to_display          (const CliProp *prop);
CliProp    *cli_prop_copy                (const CliProp *prop);
void        cli_prop_free                (CliProp *prop);
/* An empty (CLI_PROP_NULL) placeholder called @name, and the free
 * function of an array that may hold placeholders next to borrowed
 * properties: it frees only the placeholders. */
CliProp    *cli_prop_new_placeholder     (const char *name);
void        cli_prop_free_placeholder    (gpointer prop);

/* The properties of a mailbox database that only a live Exchange server
 * reports (Get-MailboxDatabase -Status), NULL-terminated: the directory
 * cannot know them, so they are always empty, as EMS shows them without
 * -Status. */
const char * const *cli_database_live_properties (void);

/* The identity a cmdlet receives when @object is piped into it: the DN
 * of a library object, the text of a string; NULL for formatted text. */
const char *cli_object_get_identity      (const CliObject *object);
/* Its name, for messages ("DB1"). */
const char *cli_object_get_name          (const CliObject *object);

/* The properties a bare "| ft" shows for @kind (NULL-terminated), and
 * whether the default view is a table (else a list). */
const char * const *cli_kind_default_columns (CliKind kind, gboolean *table);

/* ServerRole as EMS shows it: "Mailbox, ClientAccess". */
char       *cli_roles_to_string          (CasarrayServerRole roles);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliObject, cli_object_unref)

G_END_DECLS
