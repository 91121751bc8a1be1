/* cli-format.h: Format-List, Format-Table and the default views
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Laid out as the Exchange Management Shell lays them out:
 *
 *  - a list is "Name                  : value", names padded to the longest
 *    shown, one blank line before, between and after objects;
 *  - a table is a header line, a line of dashes under each header, and one
 *    line per object, columns as wide as their widest value and one space
 *    apart, with a blank line before and after;
 *  - multi-valued properties show as {a, b}, booleans as True/False.
 */
#pragma once

#include "cli-object.h"

G_BEGIN_DECLS

/* The properties of @object that @patterns (NULL: all) name, in the order
 * of the patterns; a pattern may use * and ? and any letter case.  A plain
 * name the object lacks gives an empty placeholder property, which the
 * returned array owns (the others are borrowed from @object). */
GPtrArray *cli_select_props   (const CliObject    *object,
                               const char * const *patterns);

char      *cli_format_list    (GPtrArray          *objects,
                               const char * const *properties);
char      *cli_format_table   (GPtrArray          *objects,
                               const char * const *properties,
                               gboolean            hide_headers);
/* What a pipeline that ends without a formatter prints: each run of
 * objects of one kind in that kind's default view. */
char      *cli_format_default (GPtrArray          *objects);

G_END_DECLS
