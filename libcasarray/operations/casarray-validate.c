/* casarray-validate.c: syntax rules for the values users give
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <casarray/casarray.h>

#include "casarray-validate.h"

static gboolean
check_length (const char  *kind,
              const char  *name,
              GError     **error)
{
  glong chars;

  if (name == NULL || *name == '\0')
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "The %s name must not be empty.", kind);
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "The %s name is not valid UTF-8.", kind);
      return FALSE;
    }
  chars = g_utf8_strlen (name, -1);
  if (chars > CASARRAY_NAME_MAX_CHARS)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "The %s name “%s” is %ld characters long; at most %d are allowed.",
                   kind, name, chars, CASARRAY_NAME_MAX_CHARS);
      return FALSE;
    }
  return TRUE;
}

static gboolean
reject_char (const char  *kind,
             const char  *name,
             const char  *forbidden,
             GError     **error)
{
  for (const char *p = name; *p != '\0'; p++)
    {
      if (strchr (forbidden, *p) != NULL)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "The %s name “%s” contains the character “%c”, which is not allowed.",
                       kind, name, *p);
          return FALSE;
        }
      if ((guchar) *p < 0x20 || *p == 0x7f)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "The %s name contains the control character U+%04X, which is not allowed.",
                       kind, (guint) (guchar) *p);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
casarray_validate_database_name (const char  *name,
                                 GError     **error)
{
  /* Exchange's own rule for database names: no \ / = ; (NUL and line feed
   * are covered by the control-character check). */
  return check_length ("mailbox database", name, error) &&
         reject_char ("mailbox database", name, "\\/=;", error);
}

gboolean
casarray_validate_object_name (const char  *kind,
                               const char  *name,
                               GError     **error)
{
  return check_length (kind, name, error) &&
         reject_char (kind, name, "/", error);
}

static gboolean
fqdn_error (GError     **error,
            const char  *fqdn,
            const char  *why)
{
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
               "“%s” is not a valid fully qualified domain name: %s.", fqdn, why);
  return FALSE;
}

char *
casarray_validate_fqdn (const char  *fqdn,
                        GError     **error)
{
  g_autofree char *name = NULL;
  g_auto(GStrv) labels = NULL;
  size_t len;
  guint n_labels;
  gboolean all_digits = TRUE;

  if (fqdn == NULL || *fqdn == '\0')
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "The FQDN must not be empty.");
      return NULL;
    }
  if (!g_utf8_validate (fqdn, -1, NULL))
    {
      fqdn_error (error, "(not UTF-8)", "it is not valid UTF-8");
      return NULL;
    }
  name = g_strdup (fqdn);
  len = strlen (name);
  if (name[len - 1] == '.')
    name[--len] = '\0';
  if (len == 0)
    {
      fqdn_error (error, fqdn, "it has no labels");
      return NULL;
    }
  if (len > 253)
    {
      fqdn_error (error, fqdn, "it is longer than 253 characters");
      return NULL;
    }
  labels = g_strsplit (name, ".", -1);
  n_labels = g_strv_length (labels);
  if (n_labels < 2)
    {
      fqdn_error (error, fqdn, "it has a single label; give the full domain name");
      return NULL;
    }
  for (guint i = 0; i < n_labels; i++)
    {
      const char *label = labels[i];
      size_t label_len = strlen (label);

      if (label_len == 0)
        {
          fqdn_error (error, fqdn, "it has an empty label");
          return NULL;
        }
      if (label_len > 63)
        {
          fqdn_error (error, fqdn, "a label is longer than 63 characters");
          return NULL;
        }
      if (label[0] == '-' || label[label_len - 1] == '-')
        {
          fqdn_error (error, fqdn, "a label starts or ends with a hyphen");
          return NULL;
        }
      for (const char *p = label; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '-')
          {
            g_autofree char *why = g_strdup_printf ("the character “%.*s” is not allowed in a host name",
                                                    g_utf8_skip[(guchar) *p], p);
            fqdn_error (error, fqdn, why);
            return NULL;
          }
    }
  for (const char *p = labels[n_labels - 1]; *p != '\0'; p++)
    all_digits = all_digits && g_ascii_isdigit (*p);
  if (all_digits)
    {
      fqdn_error (error, fqdn, "the top-level label is numeric (an IP address is not an FQDN)");
      return NULL;
    }
  return g_steal_pointer (&name);
}

gboolean
casarray_validate_http_uri (const char  *uri,
                            GError     **error)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  scheme = parsed != NULL ? g_uri_get_scheme (parsed) : NULL;
  if (parsed == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0) ||
      g_uri_get_host (parsed) == NULL || *g_uri_get_host (parsed) == '\0')
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an absolute http:// or https:// URI.", uri);
      return FALSE;
    }
  return TRUE;
}
