/* fields.h: an input cut into strings
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <string.h>

/* The input's NUL-separated fields, as a NULL-terminated array (at most
 * @max; the rest of the input is the last field's tail, dropped). */
static inline GStrv
fuzz_fields (const guint8 *data, gsize size, guint max)
{
  GPtrArray *fields = g_ptr_array_new ();
  gsize start = 0;

  while (fields->len < max && start <= size)
    {
      const guint8 *nul = memchr (data + start, '\0', size - start);
      gsize end = nul != NULL ? (gsize) (nul - data) : size;

      g_ptr_array_add (fields, g_strndup ((const char *) data + start, end - start));
      if (nul == NULL)
        break;
      start = end + 1;
    }
  g_ptr_array_add (fields, NULL);
  return (GStrv) g_ptr_array_free (fields, FALSE);
}
