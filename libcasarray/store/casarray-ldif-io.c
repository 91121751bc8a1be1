/* casarray-ldif-io.c: LDIF in and out, through libldap only
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldif-io.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <ldif.h>

#include "casarray/casarray-error.h"

/* ---------------------------------------------------------------------- */
/* Reading                                                                */

static guint
count_newlines (const char *text,
                gsize       length)
{
  guint n = 0;

  for (gsize i = 0; i < length; i++)
    if (text[i] == '\n')
      n++;
  return n;
}

/* Walks the logical lines of one record with libldap's own line reader
 * (which unfolds continuation lines and drops comments) before
 * ldap_parse_ldif_record sees it: that function prints its complaints on
 * stderr, which a library must not do, and would fetch URL values.  Sets
 * *dn_line to the line of "dn:" when there is one. */
static gboolean
check_record_lines (const char  *record,
                    guint        first_line,
                    const char  *source,
                    guint       *dn_line,
                    GError     **error)
{
  g_autofree char *copy = g_strdup (record);
  char *next = copy;
  char *line;
  char *dn = NULL;
  gsize counted = 0;        /* bytes of @record whose newlines are in physical */
  guint physical = first_line;

  *dn_line = first_line;
  while ((line = ldif_getline (&next)) != NULL)
    {
      const char *colon;
      struct berval type = { 0, NULL };
      struct berval value = { 0, NULL };
      int free_value = 0;

      /* ldif_getline unfolds in place but keeps each line where it started */
      physical += count_newlines (record + counted, (gsize) (line - copy) - counted);
      counted = (gsize) (line - copy);
      colon = strchr (line, ':');
      if (strcmp (line, "-") == 0)
        continue;
      if (colon != NULL && colon[1] == '<')
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                       "%s: line %u%s%s: a value given by URL (“:<”) is not allowed here",
                       source, physical, dn != NULL ? ", entry " : "", dn != NULL ? dn : "");
          g_free (dn);
          return FALSE;
        }
      if (ldif_parse_line2 (line, &type, &value, &free_value) < 0)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                       "%s: line %u%s%s: not valid LDIF (expected “attribute: value”)",
                       source, physical, dn != NULL ? ", entry " : "", dn != NULL ? dn : "");
          g_free (dn);
          return FALSE;
        }
      if (dn == NULL && type.bv_len == 2 && g_ascii_strncasecmp (type.bv_val, "dn", 2) == 0)
        {
          dn = g_strndup (value.bv_val, value.bv_len);
          *dn_line = physical;
        }
      if (free_value)
        ber_memfree (value.bv_val);
    }
  g_free (dn);
  return TRUE;
}

static gboolean
ends_with_blank_line (const char *text,
                      gsize       length)
{
  /* "...\n\n" or "...\r\n\r\n" */
  return (length >= 2 && text[length - 1] == '\n' && text[length - 2] == '\n') ||
         (length >= 4 && memcmp (text + length - 4, "\r\n\r\n", 4) == 0);
}

gboolean
casarray_ldif_parse (const char              *text,
                     gsize                    length,
                     const char              *source,
                     CasarrayLdifRecordFunc   func,
                     gpointer                 user_data,
                     GError                 **error)
{
  LDIFFP *fp;
  unsigned long lineno = 0;
  char *buffer = NULL;
  int buffer_length = 0;
  gboolean ok = TRUE;

  if (length == 0)
    return TRUE;

  fp = ldif_open_mem ((char *) text, length, "r");
  if (fp == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
                   "%s: cannot read the LDIF: %s", source, g_strerror (errno));
      return FALSE;
    }

  while (ok)
    {
      unsigned long before = lineno;
      struct berval record_text;
      LDIFRecord record;
      guint n_lines, first_line, dn_line;
      gboolean at_end;
      int rc;

      rc = ldif_read_record (fp, &lineno, &buffer, &buffer_length);
      if (rc == 0)
        break;
      if (rc < 0)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                       "%s: line %lu: cannot read an LDIF record", source, before + 1);
          ok = FALSE;
          break;
        }

      /* ldif_read_record counts the blank line that ends a record, except
       * at the very end of the text. */
      n_lines = count_newlines (buffer, strlen (buffer));
      at_end = ftell (fp->fp) >= (long) length;
      first_line = (guint) lineno - n_lines + 1 -
                   ((!at_end || ends_with_blank_line (text, length)) ? 1 : 0);
      if (!check_record_lines (buffer, first_line, source, &dn_line, error))
        {
          ok = FALSE;
          break;
        }

      record_text.bv_val = buffer;
      record_text.bv_len = strlen (buffer);
      memset (&record, 0, sizeof record);
      rc = ldap_parse_ldif_record (&record_text, lineno, &record, "libcasarray", LDIF_DEFAULT_ADD);
      if (rc != LDAP_SUCCESS)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                       "%s: line %u: not a valid LDIF record (%s)", source, dn_line,
                       ldap_err2string (rc));
          ok = FALSE;
          break;
        }
      /* a record of "version: 1" and comments only */
      if (record.lr_dn.bv_val != NULL || record.lr_op != 0)
        ok = func (&record, dn_line, user_data, error);
      ldap_ldif_record_done (&record);
    }

  ber_memfree (buffer);
  ldif_close (fp);
  return ok;
}

/* ---------------------------------------------------------------------- */
/* Writing                                                                */

void
casarray_ldif_append_value (GString    *out,
                            const char *type,
                            const void *value,
                            gsize       length,
                            gboolean    binary)
{
  char *line = ldif_put_wrap (binary ? LDIF_PUT_BINARY : LDIF_PUT_VALUE, type, value,
                              length, 0);

  if (line == NULL)
    g_error ("ldif_put_wrap failed (out of memory)");
  g_string_append (out, line);
  ber_memfree (line);
}

void
casarray_ldif_append_comment (GString    *out,
                              const char *text)
{
  char *line = ldif_put_wrap (LDIF_PUT_COMMENT, NULL, text, strlen (text), 0);

  if (line == NULL)
    g_error ("ldif_put_wrap failed (out of memory)");
  g_string_append (out, line);
  ber_memfree (line);
}

char *
casarray_ldif_temporary_prefix (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *temporary_name = g_strdup_printf (".%s.tmp-", name);

  return g_build_filename (folder, temporary_name, NULL);
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += written;
      length -= (gsize) written;
    }
  return TRUE;
}

static gboolean
sync_folder (const char *folder)
{
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  /* Some file systems cannot sync a folder (EINVAL); the rename stands. */
  ok = fsync (fd) == 0 || errno == EINVAL;
  close (fd);
  return ok;
}

gboolean
casarray_ldif_replace_file (const char  *path,
                            const char  *data,
                            gsize        length,
                            int          mode,
                            GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *prefix = casarray_ldif_temporary_prefix (path);
  g_autofree char *temporary = g_strconcat (prefix, "XXXXXX", NULL);
  const char *step;
  int saved = 0;
  int fd;

  fd = g_mkstemp_full (temporary, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
                   "Cannot write the store %s: cannot create a temporary file in %s: %s",
                   path, folder, g_strerror (saved));
      return FALSE;
    }

  step = "writing";
  if (!write_all (fd, data, length))
    goto failed;
  step = "setting the permissions of";
  if (fchmod (fd, (mode_t) mode) != 0)
    goto failed;
  step = "flushing";
  if (fsync (fd) != 0)
    goto failed;
  step = "closing";
  if (close (fd) != 0)
    {
      fd = -1;
      goto failed;
    }
  fd = -1;
  step = "renaming";
  if (g_rename (temporary, path) != 0)
    goto failed;
  step = "flushing the folder of";
  if (!sync_folder (folder))
    {
      /* The new file is in place; only its durability is in doubt. */
      saved = errno;
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
                   "Cannot write the store %s: %s it: %s", path, step, g_strerror (saved));
      return FALSE;
    }
  return TRUE;

failed:
  saved = errno;
  if (fd >= 0)
    close (fd);
  g_unlink (temporary);
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
               "Cannot write the store %s: %s %s: %s", path, step, temporary, g_strerror (saved));
  return FALSE;
}
