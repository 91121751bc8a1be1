/* casarray-ldif-io.h: LDIF in and out, through libldap only
 *
 * Private to libcasarray.  Records are read with libldap's LDIF reader
 * (ldif_read_record, ldap_parse_ldif_record) and values written with its
 * writer (ldif_put_wrap): no LDIF syntax is parsed or produced by hand
 * here.  What this file adds is a scan of the text before libldap reads
 * it, which refuses what that reader would misread, drop, crash on or act
 * on (NUL bytes, CRs that do not end a line, "include:", values by URL,
 * malformed attribute descriptions, empty values, records that do not
 * begin with "dn:"), line numbers for error messages, and the crash-safe
 * replacement of a file.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>
#include <ldap.h>

G_BEGIN_DECLS

/* Called for each record that has a DN, in file order; @line is the line
 * of its "dn:".  Returning FALSE (with @error set) stops the reading. */
typedef gboolean (*CasarrayLdifRecordFunc) (const LDIFRecord  *record,
                                            guint              line,
                                            gpointer           user_data,
                                            GError           **error);

/* Reads @length bytes of @text as LDIF; records without "changetype" are
 * adds.  Nothing but @text is read: "include:" and URL values are
 * refused.  A malformed record, or anything libldap's reader would not
 * read as written, fails with CASARRAY_ERROR_INVALID_DATA naming @source,
 * the line and, when known, the DN; @func is then not called for any
 * record after it (those before it were). */
gboolean casarray_ldif_parse          (const char              *text,
                                       gsize                    length,
                                       const char              *source,
                                       CasarrayLdifRecordFunc   func,
                                       gpointer                 user_data,
                                       GError                 **error);

/* As casarray_ldif_parse(), for a file of entries: a change record
 * ("changetype:", "control:") is refused by the scan, before libldap
 * parses it, naming the line of its "dn:". */
gboolean casarray_ldif_parse_entries  (const char              *text,
                                       gsize                    length,
                                       const char              *source,
                                       CasarrayLdifRecordFunc   func,
                                       gpointer                 user_data,
                                       GError                 **error);

/* Appends "type: value" (base64 when the value needs it, always when
 * @binary), folded as ldapsearch folds. */
void     casarray_ldif_append_value   (GString                 *out,
                                       const char              *type,
                                       const void              *value,
                                       gsize                    length,
                                       gboolean                 binary);
/* Appends "@type: @value" as a store writes its entries and change
 * records: base64 for objectGUID and for any value that is not UTF-8. */
void     casarray_ldif_append_bytes   (GString                 *out,
                                       const char              *type,
                                       GBytes                  *value);
/* Appends "# text", on one line however long. */
void     casarray_ldif_append_comment (GString                 *out,
                                       const char              *text);

/* Replaces @path by @length bytes of @data so that a crash at any moment
 * leaves the old file or the new one: a temporary file in the same
 * folder, written, fsync'ed, renamed over @path, then the folder
 * fsync'ed.  The file gets @mode.  CASARRAY_ERROR_DIRECTORY on failure
 * (the temporary file is removed). */
gboolean casarray_ldif_replace_file   (const char              *path,
                                       const char              *data,
                                       gsize                    length,
                                       int                      mode,
                                       GError                 **error);

/* The prefix of the temporary files casarray_ldif_replace_file() makes for
 * @path, to find those a killed writer left behind. */
char    *casarray_ldif_temporary_prefix (const char            *path);

G_END_DECLS
