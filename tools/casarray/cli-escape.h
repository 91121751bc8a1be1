/* cli-escape.h: control characters made visible
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Identities, names read from a directory and script text may hold
 * escape sequences and other control characters.  Written raw to a
 * terminal they recolour it, move the cursor, retitle the window or hide
 * text, so everything casarray prints that it did not compose itself
 * (error and warning messages, the script line under an error, What if:
 * lines, values in Format-List and Format-Table) goes through
 * cli_escape_append(), which writes them as PowerShell writes them in a
 * double-quoted string:
 *
 *   `0 NUL  `a BEL  `b BS  `t TAB  `n LF  `v VT  `f FF  `r CR  `e ESC
 *   `u{XX} every other C0 control, DEL and the C1 controls (U+0080 to
 *          U+009F), and the bidirectional controls and line and paragraph
 *          separators that reorder or break what a terminal shows (U+061C,
 *          U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069, U+2028,
 *          U+2029)
 *
 * so "DB`e[31m" on the screen is what one types to name that database.
 * A byte that is not UTF-8 shows as U+FFFD.  Backticks themselves are
 * left as they are, so script text under an error reads as written.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE for the characters cli_escape_append() writes as an escape. */
gboolean cli_escape_needed (gunichar c);

/* Appends @text (@length bytes, or -1 for NUL-terminated) to @out with
 * those characters escaped. */
void     cli_escape_append (GString    *out,
                            const char *text,
                            gssize      length);

/* A new string: @text escaped (NULL stays NULL). */
char    *cli_escape        (const char *text);

G_END_DECLS
