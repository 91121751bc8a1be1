/* cli-suggest.c: "Did you mean ...?" by edit distance
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-suggest.h"

#include <string.h>

guint
cli_edit_distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0];

      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint cost = g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]) ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = above;
        }
    }
  return row[lb];
}

const char *
cli_suggest (const char *word, const char * const *candidates, guint n_candidates)
{
  const char *best = NULL;
  guint best_distance = G_MAXUINT;
  guint limit = MAX (2, (guint) strlen (word) / 3);

  for (guint i = 0; i < n_candidates; i++)
    {
      guint d = cli_edit_distance (word, candidates[i]);

      if (d < best_distance)
        {
          best = candidates[i];
          best_distance = d;
        }
    }
  return best_distance <= limit ? best : NULL;
}
