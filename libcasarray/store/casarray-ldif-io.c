/* casarray-ldif-io.c: LDIF in and out, through libldap only
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldif-io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <ldif.h>

#include "casarray/casarray-error.h"
#include "backend/casarray-syntax.h"

/* ---------------------------------------------------------------------- */
/* Reading                                                                */

/* libldap's reader is trusted with nothing it could misread: before it
 * sees the text, scan_text() walks every line as ldif_read_record and
 * ldif_getline would group them (blank lines end records, lines starting
 * with a space continue the line before, lines starting with '#' are
 * comments, with their continuations) and refuses what that reader would
 * silently drop, misread, act on or crash on:
 *
 *  - a NUL byte (fgets and strchr stop there: a value runs into the next
 *    line) and a CR not followed by LF (ldif_getline takes CR as its own
 *    continuation marker and deletes it: CR-only files read as nothing);
 *  - "include:" (ldif_read_record opens the file it names) and values
 *    given by URL ("attr:< file:///...", which ldif_parse_line2 fetches);
 *  - a line whose type is not an attribute description (RFC 4512 descr or
 *    numericoid, with options): ": y" crashes ldap_parse_ldif_record;
 *  - a record not starting with "dn:" (ldap_parse_ldif_record skips every
 *    line before the dn:, ldif_read_record a first line starting with a
 *    digit), a second "dn:" in one record (it would become an attribute),
 *    a continuation line with no line to continue;
 *  - an empty value: valid LDIF, but neither slapd, for the syntaxes of
 *    the attributes the model uses (Directory String, DN, Integer), nor
 *    Active Directory stores one.
 *
 * It also gives each record its line numbers, for the messages. */

typedef struct {
  guint dn_line;      /* of its "dn:", else of its first line */
} RecordLines;

typedef struct {
  const char *source;
  GArray     *records;          /* of RecordLines, one per record libldap returns */
  guint       lines_in_record;  /* logical lines other than comments */
  gboolean    seen_dn;
  gboolean    after_version;    /* the record began with "version: 1" */
  gboolean    change_record;    /* the record has a changetype: */
  gboolean    entries_only;     /* refuse change records before libldap parses them */
  char       *dn;               /* of the current record, for messages */
} Scan;

static gboolean scan_fail (Scan        *scan,
                           guint        line,
                           GError     **error,
                           const char  *format,
                           ...) G_GNUC_PRINTF (4, 5);

static gboolean
scan_fail (Scan        *scan,
           guint        line,
           GError     **error,
           const char  *format,
           ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
               "%s: line %u%s%s: %s", scan->source, line,
               scan->dn != NULL ? ", entry " : "", scan->dn != NULL ? scan->dn : "", what);
  return FALSE;
}

/* @text as a message shows it: at most @limit bytes, control characters
 * escaped, bytes that are not UTF-8 replaced (U+FFFD), so that a message
 * never carries terminal escapes or invalid UTF-8. */
static char *
quote_for_message (const char *text,
                   gsize       length,
                   gsize       limit)
{
  g_autofree char *valid = g_utf8_make_valid (text, (gssize) MIN (length, limit));
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
  if (length > limit)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

/* RFC 4648 base64 as RFC 2849 writes it: groups of four characters of the
 * alphabet, "=" padding only at the end. */
static gboolean
is_base64 (const char *text)
{
  gsize length = strlen (text);
  gsize padding = 0;

  if (length == 0 || length % 4 != 0)
    return FALSE;
  if (text[length - 1] == '=')
    padding = text[length - 2] == '=' ? 2 : 1;
  for (gsize i = 0; i < length - padding; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '+' && text[i] != '/')
      return FALSE;
  return TRUE;
}

static void
scan_end_record (Scan *scan)
{
  scan->lines_in_record = 0;
  scan->seen_dn = FALSE;
  scan->after_version = FALSE;
  scan->change_record = FALSE;
  g_clear_pointer (&scan->dn, g_free);
}

/* One logical line (unfolded, without its line end) that starts on
 * physical line @line; @folds holds the offsets in it where continuation
 * lines were joined. */
static gboolean
scan_logical_line (Scan        *scan,
                   GString     *logical,
                   GArray      *folds,
                   guint        line,
                   GError     **error)
{
  const char *text = logical->str;
  const char *colon;
  const char *value_text;
  g_autofree char *type = NULL;
  g_autofree char *copy = NULL;
  struct berval parsed_type = { 0, NULL };
  struct berval value = { 0, NULL };
  int free_value = 0;
  gboolean first = scan->lines_in_record == 0;
  gboolean is_dn;

  if (text[0] == '#')
    return TRUE;   /* a comment, with its continuation lines */
  scan->lines_in_record++;
  if (first)
    {
      /* ldif_read_record returns a record for every block with a line
       * that is not a comment */
      RecordLines lines = { line };
      g_array_append_val (scan->records, lines);
    }
  if (text[0] == ' ')
    return scan_fail (scan, line, error,
                      "a continuation line (one starting with a space) with no line before it to continue");
  /* the end of one change of a modify record; in an entry, libldap
   * crashes on it (strcasecmp of a NULL type) */
  if (strcmp (text, "-") == 0 && scan->change_record)
    return TRUE;

  colon = strchr (text, ':');
  if (colon == NULL)
    {
      g_autofree char *shown = quote_for_message (text, logical->len, 64);
      return scan_fail (scan, line, error, "“%s” is not valid LDIF (expected “attribute: value”)", shown);
    }
  type = g_strndup (text, (gsize) (colon - text));
  if (type[0] == '\0')
    return scan_fail (scan, line, error, "a value without an attribute type (“: …”)");
  if (g_ascii_strcasecmp (type, "include") == 0)
    return scan_fail (scan, line, error, "“include:” is not allowed: a store never reads another file");
  if (!casarray_is_attribute_name (type))
    {
      g_autofree char *shown = quote_for_message (type, strlen (type), 64);
      return scan_fail (scan, line, error,
                        "“%s” is not an attribute description (a name of letters, digits and "
                        "hyphens starting with a letter, or a numeric OID, then any options after “;”)",
                        shown);
    }
  /* libldap unfolds by turning the line break into markers that it
   * deletes from the value only: folded inside the type, or between the
   * colon and a "::" or ":<", the line would be read otherwise */
  for (guint i = 0; i < folds->len; i++)
    {
      gsize fold = g_array_index (folds, gsize, i);
      gsize colon_at = (gsize) (colon - text);

      if (fold <= colon_at || (fold == colon_at + 1 && (colon[1] == ':' || colon[1] == '<')))
        return scan_fail (scan, line, error,
                          "the line is folded before its value begins (inside “%s:”), which "
                          "libldap does not read as LDIF means it", type);
    }
  if (colon[1] == '<')
    return scan_fail (scan, line, error,
                      "a value given by URL (“%s:<”) is not allowed: a store never reads another file",
                      type);
  value_text = colon + 1 + (colon[1] == ':' ? 1 : 0);
  while (g_ascii_isspace (*value_text))
    value_text++;
  if (*value_text == '\0')
    return scan_fail (scan, line, error,
                      "an empty value of %s (a directory refuses one: leave the attribute out)", type);

  /* libldap's decoder prints its complaint about a bad base64 character
   * on stderr, which a library must not do: it only sees valid base64 */
  if (colon[1] == ':' && !is_base64 (value_text))
    return scan_fail (scan, line, error, "the value of %s is not valid base64", type);

  is_dn = g_ascii_strcasecmp (type, "dn") == 0;
  if (first && scan->records->len == 1 && g_ascii_strcasecmp (type, "version") == 0)
    {
      /* "version: 1" may open the file, alone or before the first dn: */
      if (colon[1] == ':' || strcmp (value_text, "1") != 0)
        {
          g_autofree char *shown = quote_for_message (value_text, strlen (value_text), 64);
          return scan_fail (scan, line, error, "LDIF version “%s”: only version 1 exists", shown);
        }
      scan->after_version = TRUE;
      return TRUE;
    }
  if ((first || scan->after_version) && !is_dn)
    {
      /* libldap would skip every line before the dn: */
      return scan_fail (scan, line, error, "an entry must begin with “dn:”, not “%s:”", type);
    }
  scan->after_version = FALSE;
  if (g_ascii_strcasecmp (type, "changetype") == 0 || g_ascii_strcasecmp (type, "control") == 0)
    {
      if (scan->entries_only)
        return scan_fail (scan, g_array_index (scan->records, RecordLines, scan->records->len - 1).dn_line,
                          error, "a change record (changetype, control) where an entry was expected");
      scan->change_record = TRUE;
    }

  /* libldap's own parsing of the line, for base64; URLs were refused
   * above, so it reads nothing else */
  copy = g_strndup (text, logical->len);
  if (ldif_parse_line2 (copy, &parsed_type, &value, &free_value) < 0)
    return scan_fail (scan, line, error, "the value of %s is not valid base64", type);
  if (is_dn)
    {
      if (scan->seen_dn)
        return scan_fail (scan, line, error,
                          "a second “dn:” in one entry (a blank line must end each entry)");
      scan->seen_dn = TRUE;
      scan->dn = quote_for_message (value.bv_val, value.bv_len, 4096);
      g_array_index (scan->records, RecordLines, scan->records->len - 1).dn_line = line;
    }
  if (free_value)
    ber_memfree (value.bv_val);
  return TRUE;
}

/* Walks the physical lines of @text as libldap's reader groups them. */
static gboolean
scan_text (Scan        *scan,
           const char  *text,
           gsize        length,
           GError     **error)
{
  g_autoptr(GString) logical = g_string_new (NULL);
  g_autoptr(GArray) folds = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint line = 0;
  guint logical_line = 0;   /* where @logical began; 0: none pending */
  gsize pos = 0;

  while (pos < length)
    {
      const char *start = text + pos;
      const char *newline = memchr (start, '\n', length - pos);
      gsize line_length = newline != NULL ? (gsize) (newline - start) : length - pos;
      gboolean continues;

      line++;
      pos += line_length + (newline != NULL ? 1 : 0);
      /* "\r\n" ends a line as "\n" does */
      if (newline != NULL && line_length > 0 && start[line_length - 1] == '\r')
        line_length--;
      continues = line_length > 0 && start[0] == ' ' && logical_line != 0;
      if (!continues && logical_line != 0)
        {
          /* the line before is complete */
          if (!scan_logical_line (scan, logical, folds, logical_line, error))
            return FALSE;
          logical_line = 0;
          g_string_truncate (logical, 0);
          g_array_set_size (folds, 0);
        }
      if (memchr (start, '\0', line_length) != NULL)
        return scan_fail (scan, line, error,
                          "a NUL byte (LDIF holds none; a binary value is written in base64 after “::”)");
      if (memchr (start, '\r', line_length) != NULL)
        return scan_fail (scan, line, error,
                          "a carriage return not followed by a line feed (lines end with LF or CR LF; "
                          "a file with CR-only line endings must be converted)");
      if (line_length == 0)
        {
          scan_end_record (scan);
          continue;
        }
      if (continues)
        {
          g_array_append_val (folds, logical->len);
          g_string_append_len (logical, start + 1, (gssize) line_length - 1);
          continue;
        }
      logical_line = line;
      g_string_append_len (logical, start, (gssize) line_length);
    }
  if (logical_line != 0 && !scan_logical_line (scan, logical, folds, logical_line, error))
    return FALSE;
  scan_end_record (scan);
  return TRUE;
}

static gboolean
parse (const char              *text,
       gsize                    length,
       const char              *source,
       gboolean                 entries_only,
       CasarrayLdifRecordFunc   func,
       gpointer                 user_data,
       GError                 **error)
{
  g_autoptr(GArray) records = g_array_new (FALSE, FALSE, sizeof (RecordLines));
  Scan scan = { .source = source, .records = records, .entries_only = entries_only };
  LDIFFP *fp;
  unsigned long lineno = 0;
  char *buffer = NULL;
  int buffer_length = 0;
  gboolean ok = TRUE;

  if (length == 0)
    return TRUE;
  if (!scan_text (&scan, text, length, error))
    {
      scan_end_record (&scan);
      return FALSE;
    }

  fp = ldif_open_mem ((char *) text, length, "r");
  if (fp == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
                   "%s: cannot read the LDIF: %s", source, g_strerror (errno));
      return FALSE;
    }

  for (guint n = 0; ok; n++)
    {
      struct berval record_text;
      LDIFRecord record;
      guint dn_line;
      int rc;

      /* the scan saw the same records, in the same order */
      dn_line = n < records->len ? g_array_index (records, RecordLines, n).dn_line : 1;
      rc = ldif_read_record (fp, &lineno, &buffer, &buffer_length);
      if (rc == 0)
        break;
      if (rc < 0)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA,
                       "%s: line %u: cannot read an LDIF record", source, dn_line);
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

gboolean
casarray_ldif_parse (const char              *text,
                     gsize                    length,
                     const char              *source,
                     CasarrayLdifRecordFunc   func,
                     gpointer                 user_data,
                     GError                 **error)
{
  return parse (text, length, source, FALSE, func, user_data, error);
}

gboolean
casarray_ldif_parse_entries (const char              *text,
                             gsize                    length,
                             const char              *source,
                             CasarrayLdifRecordFunc   func,
                             gpointer                 user_data,
                             GError                 **error)
{
  return parse (text, length, source, TRUE, func, user_data, error);
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
  /* never folded: the store finds its header and trailer as single lines */
  char *line = ldif_put_wrap (LDIF_PUT_COMMENT, NULL, text, strlen (text), LDIF_LINE_WIDTH_MAX);

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

void
casarray_ldif_append_bytes (GString    *out,
                            const char *type,
                            GBytes     *value)
{
  gsize length;
  const char *data = g_bytes_get_data (value, &length);
  gboolean binary = g_ascii_strcasecmp (type, "objectGUID") == 0 ||
                    !g_utf8_validate_len (data, length, NULL);

  casarray_ldif_append_value (out, type, data, length, binary);
}
