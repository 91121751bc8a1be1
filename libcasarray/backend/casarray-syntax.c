/* casarray-syntax.c: LDAP value syntaxes both backends share
 *
 * The attribute-description grammar of RFC 4512 and the two text forms of
 * a GUID.  Kept here, below both backends, so the store need not include
 * the LDAP backend's headers.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-syntax.h"

#include <string.h>

/* Byte positions of the text's hex pairs in objectGUID: the first three
 * groups are stored little-endian, the last two as written. */
static const guint8 guid_byte_order[16] = {
  3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15
};

gboolean
casarray_guid_parse (const char *text,
                          guint8      bytes[16])
{
  gsize len = strlen (text);
  guint n = 0;

  if (len == 38 && text[0] == '{' && text[37] == '}')
    {
      text++;
      len -= 2;
    }
  if (len != 36)
    return FALSE;

  for (gsize i = 0; i < 36; )
    {
      int high, low;

      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
          i++;
          continue;
        }
      high = g_ascii_xdigit_value (text[i]);
      low = g_ascii_xdigit_value (text[i + 1]);
      if (high < 0 || low < 0)
        return FALSE;
      bytes[guid_byte_order[n++]] = (guint8) (high << 4 | low);
      i += 2;
    }
  return n == 16;
}

char *
casarray_guid_format (const guint8 bytes[16])
{
  /* Every entry of a listing has a GUID: hex digits by table, not by
   * printf (which cost more than parsing the entry) */
  static const char hex[] = "0123456789abcdef";
  char *text = g_malloc (37);
  char *p = text;

  for (guint n = 0; n < 16; n++)
    {
      guint8 byte = bytes[guid_byte_order[n]];

      if (n == 4 || n == 6 || n == 8 || n == 10)
        *p++ = '-';
      *p++ = hex[byte >> 4];
      *p++ = hex[byte & 0xf];
    }
  *p = '\0';
  return text;
}

static gboolean
is_keystring (const char *name,
              gsize       len)
{
  if (len == 0 || !g_ascii_isalpha (name[0]))
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '-')
      return FALSE;
  return TRUE;
}

static gboolean
is_numeric_oid (const char *name,
                gsize       len)
{
  gboolean after_dot = TRUE;

  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (name[i] == '.')
        {
          if (after_dot)
            return FALSE;
          after_dot = TRUE;
        }
      else if (g_ascii_isdigit (name[i]))
        after_dot = FALSE;
      else
        return FALSE;
    }
  return !after_dot;
}

/* RFC 4512 attributedescription: (keystring / numericoid) *(";" option). */
gboolean
casarray_is_attribute_name (const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (name == NULL || name[0] == '\0')
    return FALSE;

  parts = g_strsplit (name, ";", -1);
  if (!is_keystring (parts[0], strlen (parts[0])) &&
      !is_numeric_oid (parts[0], strlen (parts[0])))
    return FALSE;
  for (guint i = 1; parts[i] != NULL; i++)
    {
      gsize len = strlen (parts[i]);

      if (len == 0)
        return FALSE;
      for (gsize j = 0; j < len; j++)
        if (!g_ascii_isalnum (parts[i][j]) && parts[i][j] != '-')
          return FALSE;
    }
  return TRUE;
}
