/* casarray-finding.c: a finding of the audit, as read from the directory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <casarray/casarray.h>

#include "casarray-model-private.h"

/**
 * CasarrayFinding:
 *
 * One problem (or piece of advice) found by casarray_directory_audit_sync(): what is wrong, how bad it is, the objects involved and the fix.
 *
 * Objects of this type are snapshots: the #CasarrayDirectory returns them
 * from its `get` operations and they do not change afterwards. Read again
 * to see later changes.
 */
struct _CasarrayFinding
{
  GObject parent_instance;

  CasarrayFindingKind kind;
  CasarrayFindingSeverity severity;
  char *subject;
  char *subject_dn;
  GStrv related;
  char *message;
  char *fix;
  char *proposed_endpoint;
  char *subject_legacy_dn;
};

G_DEFINE_FINAL_TYPE (CasarrayFinding, casarray_finding, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_SEVERITY,
  PROP_SUBJECT,
  PROP_SUBJECT_DN,
  PROP_RELATED,
  PROP_MESSAGE,
  PROP_FIX,
  PROP_PROPOSED_ENDPOINT,
  PROP_SUBJECT_LEGACY_DN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
casarray_finding_finalize (GObject *object)
{
  CasarrayFinding *self = CASARRAY_FINDING (object);

  g_free (self->subject);
  g_free (self->subject_dn);
  g_strfreev (self->related);
  g_free (self->message);
  g_free (self->fix);
  g_free (self->proposed_endpoint);
  g_free (self->subject_legacy_dn);

  G_OBJECT_CLASS (casarray_finding_parent_class)->finalize (object);
}

static void
casarray_finding_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CasarrayFinding *self = CASARRAY_FINDING (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_SEVERITY:
      g_value_set_enum (value, self->severity);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case PROP_SUBJECT_DN:
      g_value_set_string (value, self->subject_dn);
      break;
    case PROP_RELATED:
      g_value_set_boxed (value, self->related);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_FIX:
      g_value_set_string (value, self->fix);
      break;
    case PROP_PROPOSED_ENDPOINT:
      g_value_set_string (value, self->proposed_endpoint);
      break;
    case PROP_SUBJECT_LEGACY_DN:
      g_value_set_string (value, self->subject_legacy_dn);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
casarray_finding_class_init (CasarrayFindingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = casarray_finding_finalize;
  object_class->get_property = casarray_finding_get_property;

  /**
   * CasarrayFinding:kind:
   *
   * What was found.
   */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, CASARRAY_TYPE_FINDING_KIND, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayFinding:severity:
   *
   * How bad it is.
   */
  properties[PROP_SEVERITY] =
    g_param_spec_enum ("severity", NULL, NULL, CASARRAY_TYPE_FINDING_SEVERITY, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayFinding:subject:
   *
   * The name of the object the finding is about: a database, an array or a site.
   */
  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayFinding:subject-dn:
   *
   * The distinguished name of that object.
   */
  properties[PROP_SUBJECT_DN] =
    g_param_spec_string ("subject-dn", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayFinding:related:
   *
   * The names of the other objects involved (the endpoint a database points at, the arrays of a site, the server an array clashes with...).
   */
  properties[PROP_RELATED] =
    g_param_spec_boxed ("related", NULL, NULL, G_TYPE_STRV,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayFinding:message:
   *
   * What is wrong, in a sentence an administrator understands.
   */
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayFinding:fix:
   *
   * What to do about it: the cmdlet that fixes it, or the decision an administrator must take.
   */
  properties[PROP_FIX] =
    g_param_spec_string ("fix", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayFinding:proposed-endpoint:
   *
   * For a database: the FQDN casarray_directory_repair_sync() would point it at (the site's array, else the owning server if it is a CAS, else a CAS of the site), or %NULL when there is none or the finding is not about a database.
   */
  properties[PROP_PROPOSED_ENDPOINT] =
    g_param_spec_string ("proposed-endpoint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CasarrayFinding:subject-legacy-dn:
   *
   * For a database finding, the database's `legacyExchangeDN` as the audit
   * read it: a repair given this finding changes the database only if it
   * still holds this value, so a change made since the audit is never
   * overwritten. %NULL for other findings.
   */
  properties[PROP_SUBJECT_LEGACY_DN] =
    g_param_spec_string ("subject-legacy-dn", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
casarray_finding_init (CasarrayFinding *self)
{
}

/**
 * casarray_finding_get_kind:
 * @self: a #CasarrayFinding
 *
 * Gets #CasarrayFinding:kind.
 *
 * Returns: what was found.
 */
CasarrayFindingKind
casarray_finding_get_kind (CasarrayFinding *self)
{
  g_return_val_if_fail (CASARRAY_IS_FINDING (self), 0);

  return self->kind;
}

/**
 * casarray_finding_get_severity:
 * @self: a #CasarrayFinding
 *
 * Gets #CasarrayFinding:severity.
 *
 * Returns: how bad it is.
 */
CasarrayFindingSeverity
casarray_finding_get_severity (CasarrayFinding *self)
{
  g_return_val_if_fail (CASARRAY_IS_FINDING (self), 0);

  return self->severity;
}

/**
 * casarray_finding_get_subject:
 * @self: a #CasarrayFinding
 *
 * Gets #CasarrayFinding:subject.
 *
 * Returns: (nullable): the name of the object the finding is about: a database, an array or a site.
 */
const char *
casarray_finding_get_subject (CasarrayFinding *self)
{
  g_return_val_if_fail (CASARRAY_IS_FINDING (self), NULL);

  return self->subject;
}

/**
 * casarray_finding_get_subject_dn:
 * @self: a #CasarrayFinding
 *
 * Gets #CasarrayFinding:subject-dn.
 *
 * Returns: (nullable): the distinguished name of that object.
 */
const char *
casarray_finding_get_subject_dn (CasarrayFinding *self)
{
  g_return_val_if_fail (CASARRAY_IS_FINDING (self), NULL);

  return self->subject_dn;
}

/**
 * casarray_finding_get_related:
 * @self: a #CasarrayFinding
 *
 * Gets #CasarrayFinding:related.
 *
 * Returns: (array zero-terminated=1) (transfer none): the names of the other objects involved (the endpoint a database points at, the arrays of a site, the server an array clashes with...).
 */
const char * const *
casarray_finding_get_related (CasarrayFinding *self)
{
  g_return_val_if_fail (CASARRAY_IS_FINDING (self), NULL);

  return (const char * const *) self->related;
}

/**
 * casarray_finding_get_message:
 * @self: a #CasarrayFinding
 *
 * Gets #CasarrayFinding:message.
 *
 * Returns: (nullable): what is wrong, in a sentence an administrator understands.
 */
const char *
casarray_finding_get_message (CasarrayFinding *self)
{
  g_return_val_if_fail (CASARRAY_IS_FINDING (self), NULL);

  return self->message;
}

/**
 * casarray_finding_get_fix:
 * @self: a #CasarrayFinding
 *
 * Gets #CasarrayFinding:fix.
 *
 * Returns: (nullable): what to do about it: the cmdlet that fixes it, or the decision an administrator must take.
 */
const char *
casarray_finding_get_fix (CasarrayFinding *self)
{
  g_return_val_if_fail (CASARRAY_IS_FINDING (self), NULL);

  return self->fix;
}

/**
 * casarray_finding_get_proposed_endpoint:
 * @self: a #CasarrayFinding
 *
 * Gets #CasarrayFinding:proposed-endpoint.
 *
 * Returns: (nullable): for a database: the FQDN casarray_directory_repair_sync() would point it at (the site's array, else the owning server if it is a CAS, else a CAS of the site), or %NULL when there is none or the finding is not about a database.
 */
const char *
casarray_finding_get_proposed_endpoint (CasarrayFinding *self)
{
  g_return_val_if_fail (CASARRAY_IS_FINDING (self), NULL);

  return self->proposed_endpoint;
}

/**
 * casarray_finding_get_subject_legacy_dn:
 * @self: a #CasarrayFinding
 *
 * Gets #CasarrayFinding:subject-legacy-dn.
 *
 * Returns: (nullable): the database's legacyExchangeDN as the audit read it
 */
const char *
casarray_finding_get_subject_legacy_dn (CasarrayFinding *self)
{
  g_return_val_if_fail (CASARRAY_IS_FINDING (self), NULL);

  return self->subject_legacy_dn;
}

CasarrayFinding *
casarray_finding_new (CasarrayFindingKind      kind,
                      CasarrayFindingSeverity  severity,
                      const char              *subject,
                      const char              *subject_dn,
                      const char * const      *related,
                      const char              *subject_legacy_dn,
                      const char              *proposed_endpoint,
                      char                    *message,
                      char                    *fix)
{
  CasarrayFinding *self = g_object_new (CASARRAY_TYPE_FINDING, NULL);

  self->kind = kind;
  self->severity = severity;
  self->subject = g_strdup (subject);
  self->subject_dn = g_strdup (subject_dn);
  self->related = related != NULL ? g_strdupv ((GStrv) related) : g_new0 (char *, 1);
  self->proposed_endpoint = g_strdup (proposed_endpoint);
  self->subject_legacy_dn = g_strdup (subject_legacy_dn);
  self->message = message;
  self->fix = fix;
  return self;
}
