/* cli-json.h: ConvertTo-Json and ConvertFrom-Json
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

/* How deep ConvertFrom-Json follows nested objects and arrays. */
#define CLI_JSON_MAX_DEPTH 100

/* Parses @text as ConvertFrom-Json does, adding to @objects (CliObject*):
 * an object becomes an object with its members as properties (strings,
 * integers, booleans, $null; other numbers as their text; an array as a
 * list of its items' text; a nested object as its display text,
 * @{a=1; b=x}), an array one item per element (as PowerShell 7 unrolls
 * it), a string or number a string.  FALSE with @error for text that is
 * not JSON or is nested deeper than CLI_JSON_MAX_DEPTH. */
gboolean cli_from_json (const char  *text,
                        GPtrArray   *objects,
                        GError     **error);

G_END_DECLS
