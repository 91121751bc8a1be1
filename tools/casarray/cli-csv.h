/* cli-csv.h: ConvertTo-Csv and Export-Csv
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * As Windows PowerShell 2 writes CSV (what EMS runs on): a "#TYPE name"
 * line unless -NoTypeInformation, a header of the first object's property
 * names, then one line per object, every field in double quotes (a quote
 * inside doubled), a property the object lacks as an empty field.
 */
#pragma once

#include "cli-object.h"

G_BEGIN_DECLS

/* The lines (without line ends) for @objects (CliObject*). */
GPtrArray *cli_csv_lines (GPtrArray *objects,
                          gboolean   type_information,
                          gunichar   delimiter);

G_END_DECLS
