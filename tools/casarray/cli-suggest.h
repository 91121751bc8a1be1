/* cli-suggest.h: "Did you mean ...?" by edit distance
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Levenshtein distance between @a and @b, ignoring ASCII letter case. */
guint       cli_edit_distance (const char *a,
                               const char *b);

/* The candidate nearest to @word, or NULL when none is near enough to be
 * what was meant (more than a third of the word wrong). */
const char *cli_suggest       (const char         *word,
                               const char * const *candidates,
                               guint               n_candidates);

G_END_DECLS
