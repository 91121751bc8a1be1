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

/* Reads CSV as Import-Csv does: an optional "#TYPE name" first line
 * (*type_name gets "CSV:name", else NULL), a header of property names,
 * then one object per record, every value a string; a field may be
 * quoted ("a ""b"" c", line breaks inside), blank lines are skipped, a
 * record shorter than the header leaves the rest $null and a longer one's
 * extra fields are dropped.  @header (NULL: the file's first record)
 * names the columns instead.  Returns CliObject*, or NULL with @error for
 * an unclosed quote, text after a closing quote, a header with an empty
 * or repeated name.  @text is UTF-8 (the caller checks). */
GPtrArray *cli_csv_read (const char          *text,
                         gunichar             delimiter,
                         const char * const  *header,
                         GError             **error);

G_END_DECLS
