/* casarray-repair-result.h: the outcome of repairing one database, as read from the directory
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

#define CASARRAY_TYPE_REPAIR_RESULT (casarray_repair_result_get_type ())

CASARRAY_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CasarrayRepairResult, casarray_repair_result, CASARRAY, REPAIR_RESULT, GObject)

CASARRAY_AVAILABLE_IN_1_0
const char *casarray_repair_result_get_database (CasarrayRepairResult *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_repair_result_get_database_dn (CasarrayRepairResult *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_repair_result_get_old_endpoint (CasarrayRepairResult *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_repair_result_get_new_endpoint (CasarrayRepairResult *self);
CASARRAY_AVAILABLE_IN_1_0
CasarrayRepairOutcome casarray_repair_result_get_outcome (CasarrayRepairResult *self);
CASARRAY_AVAILABLE_IN_1_0
const char *casarray_repair_result_get_reason (CasarrayRepairResult *self);

G_END_DECLS
