/* consumer.c: the smallest program built against an *installed* libcasarray
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Built by .ci/run outside the meson tree, with nothing but
 * `pkg-config --cflags --libs casarray-1`, to prove that the installed
 * headers, the .pc file and the exported symbols are enough.  It contacts
 * no server.
 */
#include <casarray/casarray.h>

#include <stdio.h>

#if !CASARRAY_CHECK_VERSION (0, 1, 0)
#error "casarray-1 >= 0.1.0 is needed"
#endif

int
main (void)
{
  g_autoptr(CasarrayDirectory) directory = casarray_directory_new ("ldap://127.0.0.1");

  if (!CASARRAY_IS_DIRECTORY (directory) ||
      g_strcmp0 (casarray_directory_get_uri (directory), "ldap://127.0.0.1") != 0 ||
      !G_TYPE_IS_ENUM (casarray_error_get_type ()) ||
      casarray_error_quark () == 0)
    {
      fprintf (stderr, "consumer: the installed libcasarray does not behave\n");
      return 1;
    }
  printf ("libcasarray %s: created a %s for %s\n", CASARRAY_VERSION_S,
          G_OBJECT_TYPE_NAME (directory), casarray_directory_get_uri (directory));
  return 0;
}
