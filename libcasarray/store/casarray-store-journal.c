/* casarray-store-journal.c: the store's journal of changes since its
 * snapshot (see casarray-store-journal.h for the format)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-store-journal.h"

#include <string.h>

#include <ldap.h>

#include "casarray/casarray-error.h"
#include "casarray-ldif-io.h"

#define HEADER_PREFIX "# libcasarray journal of the snapshot of generation "
#define HEADER_FORMAT HEADER_PREFIX "%" G_GUINT64_FORMAT " (%" G_GOFFSET_FORMAT \
                      " bytes): RFC 2849 change records; replay them with ldapmodify after " \
                      "loading the snapshot (docs/embedded-store.md)"
#define SEAL_PREFIX "# end of change: "
#define SEAL_FORMAT SEAL_PREFIX "%" G_GSIZE_FORMAT " bytes, sha256 %s"

char *
casarray_store_journal_path (const char *path)
{
  return g_strconcat (path, ".journal", NULL);
}

char *
casarray_store_journal_header (guint64 generation,
                               goffset snapshot_size)
{
  return g_strdup_printf (HEADER_FORMAT "\n\n", generation, snapshot_size);
}

gsize
casarray_store_journal_parse_header (const char *text,
                                     gsize       length,
                                     guint64     generation,
                                     goffset     snapshot_size,
                                     gboolean   *matches)
{
  const char *end = memchr (text, '\n', length);
  g_autofree char *expected = NULL;

  *matches = FALSE;
  if (end == NULL)
    return 0;
  expected = g_strdup_printf (HEADER_FORMAT, generation, snapshot_size);
  *matches = (gsize) (end - text) == strlen (expected) &&
             memcmp (text, expected, strlen (expected)) == 0;
  return (gsize) (end - text) + 1;
}

/* ---------------------------------------------------------------------- */
/* Change records                                                         */

static void
write_dn (GString    *out,
          const char *dn,
          const char *changetype)
{
  casarray_ldif_append_value (out, "dn", dn, strlen (dn), FALSE);
  casarray_ldif_append_value (out, "changetype", changetype, strlen (changetype), FALSE);
}

void
casarray_store_journal_write_modify (GString    *out,
                                     const char *dn,
                                     GPtrArray  *store_mods)
{
  write_dn (out, dn, "modify");
  for (guint i = 0; i < store_mods->len; i++)
    {
      const CasarrayStoreMod *mod = g_ptr_array_index (store_mods, i);
      const char *op = mod->op == CASARRAY_MOD_ADD ? "add"
                     : mod->op == CASARRAY_MOD_DELETE ? "delete" : "replace";

      casarray_ldif_append_value (out, op, mod->attribute, strlen (mod->attribute), FALSE);
      for (guint j = 0; j < mod->values->len; j++)
        casarray_ldif_append_bytes (out, mod->attribute, g_ptr_array_index (mod->values, j));
      g_string_append (out, "-\n");
    }
  g_string_append_c (out, '\n');
}

void
casarray_store_journal_write_delete (GString    *out,
                                     const char *dn)
{
  write_dn (out, dn, "delete");
  g_string_append_c (out, '\n');
}

void
casarray_store_journal_write_rename (GString    *out,
                                     const char *dn,
                                     const char *new_rdn)
{
  write_dn (out, dn, "modrdn");
  casarray_ldif_append_value (out, "newrdn", new_rdn, strlen (new_rdn), FALSE);
  casarray_ldif_append_value (out, "deleteoldrdn", "1", 1, FALSE);
  g_string_append_c (out, '\n');
}

void
casarray_store_journal_seal (GString *out,
                             gsize    start)
{
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                      (const guchar *) out->str + start,
                                                      out->len - start);

  g_string_append_printf (out, SEAL_FORMAT "\n\n", out->len - start, sum);
}

/* ---------------------------------------------------------------------- */
/* Applying records                                                       */

typedef struct {
  CasarrayStoreIndex *index;
  GString            *journal;   /* nullable */
} ApplyState;

static int
mod_op_from_ldap (int op)
{
  switch (op & ~LDAP_MOD_BVALUES)
    {
    case LDAP_MOD_ADD:
      return CASARRAY_MOD_ADD;
    case LDAP_MOD_DELETE:
      return CASARRAY_MOD_DELETE;
    case LDAP_MOD_REPLACE:
      return CASARRAY_MOD_REPLACE;
    default:
      return -1;
    }
}

static gboolean
apply_record (const LDIFRecord  *record,
              guint              line,
              gpointer           user_data,
              GError           **error)
{
  ApplyState *state = user_data;
  const char *dn = record->lr_dn.bv_val != NULL ? record->lr_dn.bv_val : "";
  g_autoptr(GPtrArray) mods = NULL;
  gboolean ok = FALSE;

  switch (record->lr_op)
    {
    case LDAP_REQ_ADD:
      ok = casarray_store_index_add (state->index, dn,
                                     casarray_store_attributes_from_mods (record->lrop_mods),
                                     FALSE, error);
      if (ok && state->journal != NULL)
        casarray_store_index_write_add (state->index, dn, state->journal);
      break;
    case LDAP_REQ_MODIFY:
      mods = g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_store_mod_free);
      for (LDAPMod **mod = record->lrop_mods; mod != NULL && *mod != NULL; mod++)
        {
          int op = mod_op_from_ldap ((*mod)->mod_op);
          CasarrayStoreMod *store_mod;

          if (op < 0)
            {
              g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                           "line %u: unsupported modification of %s", line, (*mod)->mod_type);
              return FALSE;
            }
          store_mod = casarray_store_mod_new ((CasarrayModOp) op, (*mod)->mod_type);
          for (struct berval **value = (*mod)->mod_bvalues; value != NULL && *value != NULL; value++)
            g_ptr_array_add (store_mod->values, g_bytes_new ((*value)->bv_val, (*value)->bv_len));
          g_ptr_array_add (mods, store_mod);
        }
      ok = casarray_store_index_modify (state->index, dn, mods, error);
      if (ok && state->journal != NULL)
        casarray_store_journal_write_modify (state->journal, dn, mods);
      break;
    case LDAP_REQ_DELETE:
      ok = casarray_store_index_remove (state->index, dn, error);
      if (ok && state->journal != NULL)
        casarray_store_journal_write_delete (state->journal, dn);
      break;
    case LDAP_REQ_MODRDN:
      if (record->lrop_newsup.bv_val != NULL || !record->lrop_delold)
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "line %u: only renames in place with deleteoldrdn: 1 are supported", line);
          return FALSE;
        }
      ok = casarray_store_index_rename (state->index, dn, record->lrop_newrdn.bv_val, error);
      if (ok && state->journal != NULL)
        casarray_store_journal_write_rename (state->journal, dn, record->lrop_newrdn.bv_val);
      break;
    default:
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "line %u: unsupported LDIF record for %s", line, dn);
      return FALSE;
    }
  if (!ok)
    g_prefix_error (error, "line %u: ", line);
  return ok;
}

gboolean
casarray_store_apply_ldif (CasarrayStoreIndex  *index,
                           const char          *text,
                           gsize                length,
                           const char          *source,
                           GString             *journal,
                           GError             **error)
{
  ApplyState state = { index, journal };

  return casarray_ldif_parse (text, length, source, apply_record, &state, error);
}

/* ---------------------------------------------------------------------- */
/* Replaying                                                              */

/* The seal line at @line (@length bytes, its line end excluded) accepts
 * the @body_length bytes of @body. */
static gboolean
seal_accepts (const char *line,
              gsize       length,
              const char *body,
              gsize       body_length)
{
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) body,
                                                      body_length);
  g_autofree char *expected = g_strdup_printf (SEAL_FORMAT, body_length, sum);

  return length == strlen (expected) && memcmp (line, expected, length) == 0;
}

gboolean
casarray_store_journal_replay (CasarrayStoreIndex  *index,
                               const char          *text,
                               gsize                length,
                               const char          *source,
                               gsize               *consumed,
                               GError             **error)
{
  gsize start = 0;

  *consumed = 0;
  for (;;)
    {
      gsize position;
      const char *seal = NULL;
      const char *seal_end;

      /* blank lines between transactions */
      while (start < length && text[start] == '\n')
        start++;
      *consumed = start;
      /* The records never hold a line that starts with "#" (the store
       * writes no comments in them, and a folded line starts with a
       * space): the first such line is the seal. */
      for (position = start; position < length;)
        {
          const char *line_end = memchr (text + position, '\n', length - position);

          if (text[position] == '#')
            {
              seal = text + position;
              break;
            }
          if (line_end == NULL)
            break;
          position = (gsize) (line_end - text) + 1;
        }
      if (seal == NULL)
        return TRUE;   /* nothing more, or a transaction cut short */
      seal_end = memchr (seal, '\n', length - (gsize) (seal - text));
      if (seal_end == NULL ||
          !seal_accepts (seal, (gsize) (seal_end - seal), text + start, (gsize) (seal - text) - start))
        return TRUE;   /* torn: its seal is not (all) there, or not its own */
      if (!casarray_store_apply_ldif (index, text + start, (gsize) (seal - text) - start, source,
                                      NULL, error))
        {
          g_prefix_error (error, "%s: the change at byte %" G_GSIZE_FORMAT " does not apply to "
                          "its snapshot: ", source, start);
          return FALSE;
        }
      start = (gsize) (seal_end - text) + 1;
    }
}
