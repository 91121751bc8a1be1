/* fuzz-common.c: helpers shared by the fuzz targets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fuzz.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void
fuzz_fail (const char *file, int line, const char *condition, const char *format, ...)
{
  va_list args;

  fprintf (stderr, "%s:%d: property does not hold: %s: ", file, line, condition);
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
  abort ();
}

static char *temporary_folder;

static void
remove_temporary_folder (void)
{
  /* only what the targets make: a few files, one level of folders */
  g_autoptr(GDir) dir = g_dir_open (temporary_folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (temporary_folder, name, NULL);
      g_autoptr(GDir) sub = g_dir_open (path, 0, NULL);
      const char *inner;

      while (sub != NULL && (inner = g_dir_read_name (sub)) != NULL)
        {
          g_autofree char *inner_path = g_build_filename (path, inner, NULL);
          g_remove (inner_path);
        }
      g_remove (path);
    }
  g_rmdir (temporary_folder);
}

const char *
fuzz_temporary_folder (void)
{
  if (temporary_folder == NULL)
    {
      g_autoptr(GError) error = NULL;

      temporary_folder = g_dir_make_tmp ("casarray-fuzz-XXXXXX", &error);
      if (temporary_folder == NULL)
        fuzz_fail (__FILE__, __LINE__, "g_dir_make_tmp", "%s", error->message);
      atexit (remove_temporary_folder);
    }
  return temporary_folder;
}

void
fuzz_isolate_environment (void)
{
  static const char * const variables[] = {
    "HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
  };
  const char *folder = fuzz_temporary_folder ();

  for (gsize i = 0; i < G_N_ELEMENTS (variables); i++)
    g_setenv (variables[i], folder, TRUE);
  g_setenv ("LDAPNOINIT", "1", TRUE);
}
