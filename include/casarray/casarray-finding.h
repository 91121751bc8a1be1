/* casarray-finding.h: a finding of the audit, as read from the directory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(CASARRAY_INSIDE) && !defined(CASARRAY_COMPILATION)
#error "Only <casarray/casarray.h> can be included directly."
#endif

#include <glib-object.h>
#include <casarray/casarray-version.h>
#include <casarray/casarray-server-role.h>
#include <casarray/casarray-audit-types.h>

G_BEGIN_DECLS

#define CASARRAY_TYPE_FINDING (casarray_finding_get_type ())

CASARRAY_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CasarrayFinding, casarray_finding, CASARRAY, FINDING, GObject)

CASARRAY_AVAILABLE_IN_1_0
CasarrayFindingKind casarray_finding_get_kind (CasarrayFinding *self);
CASARRAY_AVAILABLE_IN_1_0
CasarrayFindingSeverity casarray_finding_get_severity (CasarrayFinding *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_finding_get_subject (CasarrayFinding *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_finding_get_subject_dn (CasarrayFinding *self);
CASARRAY_AVAILABLE_IN_1_0
const char * const *casarray_finding_get_related (CasarrayFinding *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_finding_get_message (CasarrayFinding *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_finding_get_fix (CasarrayFinding *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_finding_get_proposed_endpoint (CasarrayFinding *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_finding_get_subject_legacy_dn (CasarrayFinding *self);

G_END_DECLS
