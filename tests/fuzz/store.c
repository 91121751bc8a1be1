/* store.c: fuzz target for the embedded store's loader
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Input: a store file.  It is read as the store reads its file (the
 * backend on a file holding the input: completeness check, then the
 * index), and then, at the index level, the round trip must hold for any
 * file the loader accepts:
 *   load(input) → write → w1; load(w1) must succeed → write → w2;
 *   w1 and w2 are byte-identical;
 *   and the entries are the same: every (DN, attribute, value) of the
 *   input is in w1 and nothing else is (DNs compared normalised,
 *   attribute names without regard to case, values as bytes in order).
 */
#include "fuzz.h"

#include <glib/gstdio.h>
#include <string.h>

#include "casarray/casarray-error.h"
#include "backend/casarray-dn.h"
#include "store/casarray-ldif-io.h"
#include "store/casarray-store-backend.h"
#include "store/casarray-store-index.h"

#define FUZZ_MAX_INPUT 16384

static char *store_path;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_isolate_environment ();
  store_path = g_build_filename (fuzz_temporary_folder (), "store.ldif", NULL);
  return 0;
}

/* The backend, on a file: what opening a store runs.  TRUE when it
 * refuses the file's content. */
static gboolean
refused_by_backend (const uint8_t *data, size_t size)
{
  CasarrayStoreSettings settings = { .uri = store_path };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarrayBackend) backend = NULL;
  g_autofree char *configuration_dn = NULL;

  if (!g_file_set_contents (store_path, (const char *) data, (gssize) size, &error))
    fuzz_fail (__FILE__, __LINE__, "g_file_set_contents", "%s", error->message);
  backend = casarray_store_backend_new (&settings, &error);
  FUZZ_CHECK (backend != NULL, "no backend: %s", error->message);
  configuration_dn = casarray_backend_find_configuration_dn (backend, NULL, &error);
  /* a file it refuses is never replaced */
  g_unlink (store_path);
  return g_error_matches (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_DATA);
}

/* Every (normalised DN, lower-case attribute) → its values in order, of
 * the records of @text, as libldap's LDIF reader sees them. */
static gboolean
collect_record (const LDIFRecord *record, guint line, gpointer user_data, GError **error)
{
  GHashTable *values = user_data;
  g_autofree char *ndn = casarray_dn_normalize (record->lr_dn.bv_val);

  FUZZ_CHECK (ndn != NULL, "an accepted entry has the invalid DN “%s”", record->lr_dn.bv_val);
  for (LDAPMod **mod = record->lrop_mods; mod != NULL && *mod != NULL; mod++)
    {
      g_autofree char *type = g_ascii_strdown ((*mod)->mod_type, -1);
      char *key = g_strconcat (ndn, "\n", type, NULL);
      GString *list = g_hash_table_lookup (values, key);

      if (list == NULL)
        {
          list = g_string_new (NULL);
          g_hash_table_insert (values, key, list);
        }
      else
        g_free (key);
      for (struct berval **bv = (*mod)->mod_bvalues; bv != NULL && *bv != NULL; bv++)
        {
          /* length-prefixed, so that values cannot run together */
          g_string_append_printf (list, "%zu:", (size_t) (*bv)->bv_len);
          g_string_append_len (list, (*bv)->bv_val, (gssize) (*bv)->bv_len);
        }
    }
  return TRUE;
}

static void
free_string (gpointer string)
{
  g_string_free (string, TRUE);
}

static GHashTable *
entries_of (const char *text, gsize length, const char *what)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_string);
  g_autoptr(GError) error = NULL;

  FUZZ_CHECK (casarray_ldif_parse (text, length, what, collect_record, values, &error),
              "the LDIF reader refuses %s, which the store accepted: %s", what, error->message);
  return values;
}

static void
check_same_entries (GHashTable *input, GHashTable *written)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, input);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GString *other = g_hash_table_lookup (written, key);

      FUZZ_CHECK (other != NULL, "“%s” was lost on writing", (char *) key);
      FUZZ_CHECK (g_string_equal (value, other), "the values of “%s” changed on writing: %s → %s",
                  (char *) key, ((GString *) value)->str, other->str);
    }
  FUZZ_CHECK (g_hash_table_size (input) == g_hash_table_size (written),
              "writing added attributes (%u → %u)", g_hash_table_size (input),
              g_hash_table_size (written));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) w1 = g_string_new (NULL);
  g_autoptr(GString) w2 = g_string_new (NULL);
  g_autoptr(GHashTable) input_entries = NULL;
  g_autoptr(GHashTable) written_entries = NULL;
  CasarrayStoreIndex *first;
  CasarrayStoreIndex *second;
  gboolean backend_refuses;

  if (size > FUZZ_MAX_INPUT)
    return -1;
  if (store_path == NULL)
    LLVMFuzzerInitialize (NULL, NULL);

  backend_refuses = refused_by_backend (data, size);

  first = casarray_store_index_new ();
  if (!casarray_store_index_load (first, (const char *) data, size, "input", &error))
    {
      FUZZ_CHECK (error != NULL && error->message[0] != '\0', "refused without a message");
      FUZZ_CHECK (backend_refuses, "the backend accepts what the index refuses: %s", error->message);
      casarray_store_index_free (first);
      return 0;
    }
  casarray_store_index_write (first, w1);
  casarray_store_index_free (first);

  second = casarray_store_index_new ();
  FUZZ_CHECK (casarray_store_index_load (second, w1->str, w1->len, "written", &error),
              "the store does not read back what it wrote: %s\n--- written:\n%s", error->message, w1->str);
  casarray_store_index_write (second, w2);
  casarray_store_index_free (second);
  FUZZ_CHECK (g_string_equal (w1, w2), "writing twice differs:\n--- first:\n%s\n--- second:\n%s",
              w1->str, w2->str);

  input_entries = entries_of ((const char *) data, size, "the input");
  written_entries = entries_of (w1->str, w1->len, "the written file");
  check_same_entries (input_entries, written_entries);
  return 0;
}
