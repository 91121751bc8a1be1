/* casarray-repair-result.c: the outcome of repairing one database, as read from the directory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <casarray/casarray.h>

#include "casarray-model-private.h"

/**
 * CasarrayRepairResult:
 *
 * What casarray_directory_repair_sync() did, or would do with what-if, to one mailbox database.
 *
 * Objects of this type are snapshots: the #CasarrayDirectory returns them
 * from its `get` operations and they do not change afterwards. Read again
 * to see later changes.
 */
struct _CasarrayRepairResult
{
  GObject parent_instance;

  char *database;
  char *database_dn;
  char *old_endpoint;
  char *new_endpoint;
  CasarrayRepairOutcome outcome;
  char *reason;
};

G_DEFINE_FINAL_TYPE (CasarrayRepairResult, casarray_repair_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_DATABASE_DN,
  PROP_OLD_ENDPOINT,
  PROP_NEW_ENDPOINT,
  PROP_OUTCOME,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
casarray_repair_result_finalize (GObject *object)
{
  CasarrayRepairResult *self = CASARRAY_REPAIR_RESULT (object);

  g_free (self->database);
  g_free (self->database_dn);
  g_free (self->old_endpoint);
  g_free (self->new_endpoint);
  g_free (self->reason);

  G_OBJECT_CLASS (casarray_repair_result_parent_class)->finalize (object);
}

static void
casarray_repair_result_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CasarrayRepairResult *self = CASARRAY_REPAIR_RESULT (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_string (value, self->database);
      break;
    case PROP_DATABASE_DN:
      g_value_set_string (value, self->database_dn);
      break;
    case PROP_OLD_ENDPOINT:
      g_value_set_string (value, self->old_endpoint);
      break;
    case PROP_NEW_ENDPOINT:
      g_value_set_string (value, self->new_endpoint);
      break;
    case PROP_OUTCOME:
      g_value_set_enum (value, self->outcome);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
casarray_repair_result_class_init (CasarrayRepairResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = casarray_repair_result_finalize;
  object_class->get_property = casarray_repair_result_get_property;

  /**
   * CasarrayRepairResult:database:
   *
   * The name of the database.
   */
  properties[PROP_DATABASE] =
    g_param_spec_string ("database", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayRepairResult:database-dn:
   *
   * The distinguished name of the database.
   */
  properties[PROP_DATABASE_DN] =
    g_param_spec_string ("database-dn", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayRepairResult:old-endpoint:
   *
   * Where the database pointed: the endpoint FQDN, or the dangling legacyExchangeDN when it resolved to nothing.
   */
  properties[PROP_OLD_ENDPOINT] =
    g_param_spec_string ("old-endpoint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayRepairResult:new-endpoint:
   *
   * The FQDN the database points at after the repair (or would, with what-if).
   */
  properties[PROP_NEW_ENDPOINT] =
    g_param_spec_string ("new-endpoint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayRepairResult:outcome:
   *
   * What happened.
   */
  properties[PROP_OUTCOME] =
    g_param_spec_enum ("outcome", NULL, NULL, CASARRAY_TYPE_REPAIR_OUTCOME, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayRepairResult:reason:
   *
   * Why the database was skipped or the change failed, or %NULL.
   */
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
casarray_repair_result_init (CasarrayRepairResult *self)
{
}

/**
 * casarray_repair_result_get_database:
 * @self: a #CasarrayRepairResult
 *
 * Gets #CasarrayRepairResult:database.
 *
 * Returns: (nullable): the name of the database.
 */
const char *
casarray_repair_result_get_database (CasarrayRepairResult *self)
{
  g_return_val_if_fail (CASARRAY_IS_REPAIR_RESULT (self), NULL);

  return self->database;
}

/**
 * casarray_repair_result_get_database_dn:
 * @self: a #CasarrayRepairResult
 *
 * Gets #CasarrayRepairResult:database-dn.
 *
 * Returns: (nullable): the distinguished name of the database.
 */
const char *
casarray_repair_result_get_database_dn (CasarrayRepairResult *self)
{
  g_return_val_if_fail (CASARRAY_IS_REPAIR_RESULT (self), NULL);

  return self->database_dn;
}

/**
 * casarray_repair_result_get_old_endpoint:
 * @self: a #CasarrayRepairResult
 *
 * Gets #CasarrayRepairResult:old-endpoint.
 *
 * Returns: (nullable): where the database pointed: the endpoint FQDN, or the dangling legacyExchangeDN when it resolved to nothing.
 */
const char *
casarray_repair_result_get_old_endpoint (CasarrayRepairResult *self)
{
  g_return_val_if_fail (CASARRAY_IS_REPAIR_RESULT (self), NULL);

  return self->old_endpoint;
}

/**
 * casarray_repair_result_get_new_endpoint:
 * @self: a #CasarrayRepairResult
 *
 * Gets #CasarrayRepairResult:new-endpoint.
 *
 * Returns: (nullable): the FQDN the database points at after the repair (or would, with what-if).
 */
const char *
casarray_repair_result_get_new_endpoint (CasarrayRepairResult *self)
{
  g_return_val_if_fail (CASARRAY_IS_REPAIR_RESULT (self), NULL);

  return self->new_endpoint;
}

/**
 * casarray_repair_result_get_outcome:
 * @self: a #CasarrayRepairResult
 *
 * Gets #CasarrayRepairResult:outcome.
 *
 * Returns: what happened.
 */
CasarrayRepairOutcome
casarray_repair_result_get_outcome (CasarrayRepairResult *self)
{
  g_return_val_if_fail (CASARRAY_IS_REPAIR_RESULT (self), 0);

  return self->outcome;
}

/**
 * casarray_repair_result_get_reason:
 * @self: a #CasarrayRepairResult
 *
 * Gets #CasarrayRepairResult:reason.
 *
 * Returns: (nullable): why the database was skipped or the change failed, or %NULL.
 */
const char *
casarray_repair_result_get_reason (CasarrayRepairResult *self)
{
  g_return_val_if_fail (CASARRAY_IS_REPAIR_RESULT (self), NULL);

  return self->reason;
}

CasarrayRepairResult *
casarray_repair_result_new (const char            *database,
                            const char            *database_dn,
                            const char            *old_endpoint,
                            const char            *new_endpoint,
                            CasarrayRepairOutcome  outcome,
                            const char            *reason)
{
  CasarrayRepairResult *self = g_object_new (CASARRAY_TYPE_REPAIR_RESULT, NULL);

  self->database = g_strdup (database);
  self->database_dn = g_strdup (database_dn);
  self->old_endpoint = g_strdup (old_endpoint);
  self->new_endpoint = g_strdup (new_endpoint);
  self->outcome = outcome;
  self->reason = g_strdup (reason);
  return self;
}
