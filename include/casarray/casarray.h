/* casarray.h: the one header programs include
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#define CASARRAY_INSIDE

#include <casarray/casarray-version.h>
#include <casarray/casarray-error.h>
#include <casarray/casarray-enum-types.h>
#include <casarray/casarray-server-role.h>
#include <casarray/casarray-object.h>
#include <casarray/casarray-site.h>
#include <casarray/casarray-server.h>
#include <casarray/casarray-mailbox-database.h>
#include <casarray/casarray-client-access-server.h>
#include <casarray/casarray-client-access-array.h>
#include <casarray/casarray-audit-types.h>
#include <casarray/casarray-finding.h>
#include <casarray/casarray-repair-result.h>
#include <casarray/casarray-options.h>
#include <casarray/casarray-changes.h>
#include <casarray/casarray-directory.h>

#undef CASARRAY_INSIDE
