/* cli-cmdlet.h: the cmdlet table and what a bound cmdlet call looks like
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each cmdlet has a name (and maybe an alias such as fl), its parameters
 * with their types, which are mandatory, which are positional and which
 * take piped objects, and the function that runs it.  Runners read their
 * bound parameters from a CliInvocation and write objects to its output.
 */
#pragma once

#include "cli-object.h"
#include "cli-session.h"

G_BEGIN_DECLS

typedef enum {
  CLI_PARAM_STRING,
  CLI_PARAM_STRING_LIST,
  CLI_PARAM_SWITCH,
  CLI_PARAM_INT,
  CLI_PARAM_ROLES,
} CliParamType;

typedef enum {
  CLI_PARAM_MANDATORY = 1 << 0,
  CLI_PARAM_PIPELINE  = 1 << 1,  /* takes the identity of piped objects */
  CLI_PARAM_NULLABLE  = 1 << 2,  /* $null (or "") is a value: "clear it" */
  CLI_PARAM_REMAINING = 1 << 3,  /* a list taking every remaining positional value */
} CliParamFlags;

typedef struct {
  const char    *name;
  CliParamType   type;
  CliParamFlags  flags;
  int            position;       /* -1: named only */
  const char    *help;
} CliParamSpec;

typedef enum {
  CLI_CMDLET_CHANGES     = 1 << 0,  /* changes the directory: -WhatIf, -Confirm */
  CLI_CMDLET_COLLECTS    = 1 << 1,  /* runs once over all piped objects */
  CLI_CMDLET_EXTENSION   = 1 << 2,  /* not an Exchange Management Shell cmdlet */
  CLI_CMDLET_HIGH_IMPACT = 1 << 3,  /* asks for confirmation by default (Remove-*) */
} CliCmdletFlags;

typedef struct _CliInvocation CliInvocation;
typedef struct _CliCmdlet CliCmdlet;

typedef gboolean (*CliRunFunc) (CliSession     *session,
                                CliInvocation  *invocation,
                                GError        **error);

struct _CliCmdlet {
  const char         *name;
  const char         *alias;
  CliCmdletFlags      flags;
  const CliParamSpec *params;    /* ends with a NULL name */
  CliRunFunc          run;
  const char         *synopsis;
};

/* A bound parameter. */
typedef struct {
  gboolean  given;
  gboolean  is_null;   /* given as $null or "" (NULLABLE parameters only) */
  char     *string;    /* STRING */
  GStrv     list;      /* STRING_LIST, ROLES (names) */
  gint64    integer;   /* INT */
  gboolean  boolean;   /* SWITCH */
  guint     roles;     /* ROLES */
  gsize     offset;    /* where it was written, for error markers */
} CliBound;

struct _CliInvocation {
  const CliCmdlet *cmdlet;
  CliBound        *bound;      /* one per parameter, in table order */
  guint            n_params;
  CliObject       *input;      /* the piped object this run is for */
  GPtrArray       *inputs;     /* COLLECTS cmdlets: every piped object */
  GPtrArray       *output;     /* CliObject* */
  char            *target;     /* what an error is about ("DB1") */
  /* Items the run accounts for itself, such as the rows of a repair:
   * how many, how many failed, and what the failure summary calls them.
   * When a runner counts none, the executor counts each run for a piped
   * object as one item, failed when the runner fails. */
  guint            items;
  guint            items_failed;
  const char      *items_noun;  /* static, plural: "repairs" */
};

/* The table. */
const CliCmdlet   *cli_cmdlet_table       (guint *n_cmdlets);
/* By name or alias, any letter case; NULL if unknown. */
const CliCmdlet   *cli_cmdlet_lookup      (const char *name);
int                cli_cmdlet_param_index (const CliCmdlet *cmdlet, const char *exact_name);

/* Parameter access for runners (by exact table name). */
const char        *cli_invocation_get_string (CliInvocation *invocation, const char *name);
const char * const *cli_invocation_get_list  (CliInvocation *invocation, const char *name);
gboolean           cli_invocation_get_switch (CliInvocation *invocation, const char *name);
gint64             cli_invocation_get_int    (CliInvocation *invocation, const char *name, gint64 fallback);
guint              cli_invocation_get_roles  (CliInvocation *invocation, const char *name);
gboolean           cli_invocation_is_given   (CliInvocation *invocation, const char *name);
gboolean           cli_invocation_is_null    (CliInvocation *invocation, const char *name);
/* What the cmdlet acts on: -Identity, else -Name. */
const char        *cli_invocation_get_identity (CliInvocation *invocation);

void               cli_invocation_set_target (CliInvocation *invocation, const char *target);
/* Adds @items items, @failed of them failed, to what the run did (see
 * CliInvocation.items).  Any failed item makes the statement fail: the
 * executor prints "<cmdlet>: F of N <noun> failed" on standard error and
 * casarray exits non-zero, even when the runner returns TRUE because it
 * reported each failure as an object (a repair's Failed rows). */
void               cli_invocation_count_items (CliInvocation *invocation,
                                               guint          items,
                                               guint          failed,
                                               const char    *noun);
/* Writes @object to the output. */
void               cli_invocation_write         (CliInvocation *invocation, CliObject *object);
/* Writes a library object (CasarrayMailboxDatabase...) to the output. */
void               cli_invocation_write_gobject (CliInvocation *invocation, gpointer gobject);
/* -WhatIf given: prints the What if: line and returns TRUE; otherwise asks
 * for confirmation where that applies and returns FALSE when the user says
 * yes (go ahead).  *skipped is set when the user declined. */
gboolean           cli_invocation_what_if    (CliSession    *session,
                                              CliInvocation *invocation,
                                              const char    *action,
                                              const char    *target,
                                              gboolean      *skipped);

CliInvocation     *cli_invocation_new        (const CliCmdlet *cmdlet);
CliInvocation     *cli_invocation_copy       (const CliInvocation *invocation);
void               cli_invocation_free       (CliInvocation *invocation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliInvocation, cli_invocation_free)

/* ---- the runners (cli-run-*.c) ---- */

gboolean cli_run_get_mailbox_database        (CliSession *, CliInvocation *, GError **);
gboolean cli_run_set_mailbox_database        (CliSession *, CliInvocation *, GError **);
gboolean cli_run_new_mailbox_database        (CliSession *, CliInvocation *, GError **);
gboolean cli_run_remove_mailbox_database     (CliSession *, CliInvocation *, GError **);
gboolean cli_run_move_database_path          (CliSession *, CliInvocation *, GError **);
gboolean cli_run_mount_database              (CliSession *, CliInvocation *, GError **);

gboolean cli_run_get_client_access_server    (CliSession *, CliInvocation *, GError **);
gboolean cli_run_set_client_access_server    (CliSession *, CliInvocation *, GError **);
gboolean cli_run_get_exchange_server         (CliSession *, CliInvocation *, GError **);
gboolean cli_run_new_exchange_server         (CliSession *, CliInvocation *, GError **);
gboolean cli_run_set_exchange_server         (CliSession *, CliInvocation *, GError **);
gboolean cli_run_remove_exchange_server      (CliSession *, CliInvocation *, GError **);

gboolean cli_run_get_client_access_array     (CliSession *, CliInvocation *, GError **);
gboolean cli_run_new_client_access_array     (CliSession *, CliInvocation *, GError **);
gboolean cli_run_set_client_access_array     (CliSession *, CliInvocation *, GError **);
gboolean cli_run_remove_client_access_array  (CliSession *, CliInvocation *, GError **);

gboolean cli_run_new_organization            (CliSession *, CliInvocation *, GError **);
gboolean cli_run_get_organization_config     (CliSession *, CliInvocation *, GError **);
gboolean cli_run_get_ad_site                 (CliSession *, CliInvocation *, GError **);
gboolean cli_run_get_domain_controller       (CliSession *, CliInvocation *, GError **);
gboolean cli_run_new_ad_site                 (CliSession *, CliInvocation *, GError **);
gboolean cli_run_remove_ad_site              (CliSession *, CliInvocation *, GError **);

gboolean cli_run_test_client_access_configuration   (CliSession *, CliInvocation *, GError **);
gboolean cli_run_repair_client_access_configuration (CliSession *, CliInvocation *, GError **);

gboolean cli_run_format_list                 (CliSession *, CliInvocation *, GError **);
gboolean cli_run_format_table                (CliSession *, CliInvocation *, GError **);
gboolean cli_run_convert_to_json             (CliSession *, CliInvocation *, GError **);
gboolean cli_run_select_object               (CliSession *, CliInvocation *, GError **);
gboolean cli_run_convert_to_csv              (CliSession *, CliInvocation *, GError **);
gboolean cli_run_export_csv                  (CliSession *, CliInvocation *, GError **);
gboolean cli_run_get_command                 (CliSession *, CliInvocation *, GError **);
gboolean cli_run_out_null                    (CliSession *, CliInvocation *, GError **);
gboolean cli_run_write_host                  (CliSession *, CliInvocation *, GError **);
gboolean cli_run_write_output                (CliSession *, CliInvocation *, GError **);
gboolean cli_run_out_file                    (CliSession *, CliInvocation *, GError **);
gboolean cli_run_import_csv                  (CliSession *, CliInvocation *, GError **);
gboolean cli_run_convert_from_json           (CliSession *, CliInvocation *, GError **);
gboolean cli_run_write_warning               (CliSession *, CliInvocation *, GError **);
gboolean cli_run_get_date                    (CliSession *, CliInvocation *, GError **);

G_END_DECLS
