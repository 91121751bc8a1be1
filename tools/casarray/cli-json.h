/* cli-json.h: ConvertTo-Json
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "cli-object.h"

G_BEGIN_DECLS

/* One object as a JSON object, several as an array (as PowerShell does);
 * NULL for none.  Properties keep their EMS names; booleans are JSON
 * booleans, multi-valued properties arrays, empty values null. */
char *cli_to_json (GPtrArray *objects,
                   gboolean   compress);

G_END_DECLS
