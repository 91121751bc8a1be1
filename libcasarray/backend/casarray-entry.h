/* casarray-entry.h: one directory entry as the backends hand it to the model
 *
 * Private to libcasarray.  Every backend (LDAP, embedded store) speaks in
 * these entries so that the domain rules in operations/ are written
 * once.  Values are UTF-8 strings: binary attributes the model needs
 * (objectGUID) are turned into their textual form by the backend.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CasarrayEntry CasarrayEntry;

CasarrayEntry      *casarray_entry_new           (const char          *dn);
/* An entry built in one go from a search result: @dn_length bytes of @dn
 * (-1: NUL-terminated), with room reserved for @n_attributes attributes
 * and @n_bytes bytes of values (their pointer arrays included), so that
 * the whole entry is one allocation.  The reservation is a hint: more
 * still fits. */
CasarrayEntry      *casarray_entry_new_sized     (const char          *dn,
                                                  gssize               dn_length,
                                                  guint                n_attributes,
                                                  gsize                n_bytes);
CasarrayEntry      *casarray_entry_ref           (CasarrayEntry       *entry);
void                casarray_entry_unref         (CasarrayEntry       *entry);

const char         *casarray_entry_get_dn        (const CasarrayEntry *entry);

/* Attribute names are matched case-insensitively (ASCII), as LDAP does. */
void                casarray_entry_add_value     (CasarrayEntry       *entry,
                                                  const char          *attribute,
                                                  const char          *value);
/* @length bytes of @value (no NUL needed; the caller has checked it is
 * UTF-8 without NUL), for an attribute named by @attribute_length bytes of
 * @attribute (-1: NUL-terminated). */
void                casarray_entry_add_value_len (CasarrayEntry       *entry,
                                                  const char          *attribute,
                                                  gssize               attribute_length,
                                                  const char          *value,
                                                  gsize                length);
/* Makes room for @n_values more values of @attribute, so that as many
 * casarray_entry_add_value_len() calls add them without growing. */
void                casarray_entry_reserve       (CasarrayEntry       *entry,
                                                  const char          *attribute,
                                                  gssize               attribute_length,
                                                  guint                n_values);
void                casarray_entry_set_value     (CasarrayEntry       *entry,
                                                  const char          *attribute,
                                                  const char          *value);
/* Returns a NULL-terminated array owned by @entry, or NULL if absent. */
const char * const *casarray_entry_get_values    (const CasarrayEntry *entry,
                                                  const char          *attribute);
const char         *casarray_entry_get_first     (const CasarrayEntry *entry,
                                                  const char          *attribute);
/* Case-insensitive comparison of the objectClass values (caseIgnoreMatch). */
gboolean            casarray_entry_has_object_class (const CasarrayEntry *entry,
                                                  const char          *object_class);
/* Attribute names in insertion order; the array is owned by @entry. */
GPtrArray          *casarray_entry_get_attributes (const CasarrayEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasarrayEntry, casarray_entry_unref)

/* Kinds of change inside one atomic modify. */
typedef enum {
  CASARRAY_MOD_ADD,
  CASARRAY_MOD_DELETE,
  CASARRAY_MOD_REPLACE,
} CasarrayModOp;

/* One change inside an atomic modify.  A DELETE with a value is the
 * compare-and-set half: the backend must fail with CASARRAY_ERROR_CONFLICT
 * when that value is no longer present.  A DELETE without values removes the
 * attribute (and fails with CONFLICT when it is absent).  REPLACE with no
 * values removes the attribute if present. */
typedef struct {
  CasarrayModOp op;
  char         *attribute;
  GStrv         values;       /* NULL-terminated, may be NULL */
} CasarrayMod;

CasarrayMod *casarray_mod_new  (CasarrayModOp  op,
                                const char    *attribute,
                                const char    *value);   /* value may be NULL */
void         casarray_mod_free (CasarrayMod   *mod);

G_END_DECLS
