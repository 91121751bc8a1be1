/* run-corpus.c: a main() for a fuzz target without libFuzzer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   fuzz-TARGET-corpus FILE-OR-FOLDER...
 *
 * Runs the target once on each file given and on each file in each folder
 * given (in name order, skipping names that start with "."), as libFuzzer
 * does with -runs=0: the seed corpus as a regression test with any
 * compiler.  A crash or a broken property aborts; the name of the input
 * is printed before it runs.
 */
#include "fuzz.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

/* Defined by the targets that need it. */
extern int LLVMFuzzerInitialize (int *argc, char ***argv) __attribute__ ((weak));

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree guint8 *exact = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);
  /* a buffer of exactly the input's size, as libFuzzer passes it, so that
   * reading past the end is caught under AddressSanitizer */
  exact = g_malloc (MAX (length, 1));
  memcpy (exact, contents, length);
  printf ("running %s (%" G_GSIZE_FORMAT " bytes)\n", path, length);
  fflush (stdout);
  LLVMFuzzerTestOneInput (exact, length);
}

int
main (int argc, char **argv)
{
  guint runs = 0;

  if (LLVMFuzzerInitialize != NULL)
    LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GPtrArray) names = NULL;
      const char *name;

      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          run_file (argv[i]);
          runs++;
          continue;
        }
      dir = g_dir_open (argv[i], 0, NULL);
      names = g_ptr_array_new_with_free_func (g_free);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        if (name[0] != '.')
          g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
      g_ptr_array_sort (names, compare_names);
      for (guint j = 0; j < names->len; j++)
        {
          run_file (g_ptr_array_index (names, j));
          runs++;
        }
    }
  printf ("%u inputs, no crash\n", runs);
  return runs > 0 ? 0 : 1;
}
