/* casarray-ldap-write.c: add, modify, delete and rename
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldap-private.h"

#include <string.h>

#include "casarray/casarray-error.h"
#include "backend/casarray-dn.h"
#include "backend/casarray-syntax.h"

/* LDAPMod arrays point into the caller's strings: libldap encodes the
 * request before the call returns, so nothing needs to be copied. */
static void
ldap_mod_free_shallow (gpointer data)
{
  LDAPMod *mod = data;

  if (mod == NULL)
    return;
  for (guint i = 0; mod->mod_bvalues != NULL && mod->mod_bvalues[i] != NULL; i++)
    g_free (mod->mod_bvalues[i]);
  g_free (mod->mod_bvalues);
  g_free (mod);
}

static LDAPMod *
ldap_mod_new_shallow (int                 op,
                      const char         *attribute,
                      const char * const *values)
{
  LDAPMod *mod = g_new0 (LDAPMod, 1);
  guint n_values = values != NULL ? g_strv_length ((GStrv) values) : 0;

  mod->mod_op = op | LDAP_MOD_BVALUES;
  mod->mod_type = (char *) attribute;
  if (n_values == 0)
    return mod;

  mod->mod_bvalues = g_new0 (struct berval *, n_values + 1);
  for (guint i = 0; i < n_values; i++)
    {
      mod->mod_bvalues[i] = g_new0 (struct berval, 1);
      mod->mod_bvalues[i]->bv_val = (char *) values[i];
      mod->mod_bvalues[i]->bv_len = strlen (values[i]);
    }
  return mod;
}

static GPtrArray *
ldap_mods_new (void)
{
  return g_ptr_array_new_null_terminated (8, ldap_mod_free_shallow, TRUE);
}

/* Every attribute of @entry but the pseudo-attributes, as an add. */
static GPtrArray *
ldap_mods_from_entry (const CasarrayEntry  *entry,
                      GError              **error)
{
  GPtrArray *names = casarray_entry_get_attributes (entry);
  g_autoptr(GPtrArray) mods = ldap_mods_new ();

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (casarray_backend_is_pseudo_attribute (name))
        continue;
      if (!casarray_backend_check_writable_attribute (name, error))
        return NULL;
      g_ptr_array_add (mods, ldap_mod_new_shallow (LDAP_MOD_ADD, name,
                                                   casarray_entry_get_values (entry, name)));
    }
  return g_steal_pointer (&mods);
}

static int
mod_op_to_ldap (CasarrayModOp op)
{
  switch (op)
    {
    case CASARRAY_MOD_ADD:
      return LDAP_MOD_ADD;
    case CASARRAY_MOD_DELETE:
      return LDAP_MOD_DELETE;
    case CASARRAY_MOD_REPLACE:
    default:
      return LDAP_MOD_REPLACE;
    }
}

/* @mods (of CasarrayMod) as libldap's array; no permissive-modify
 * control is ever added: a DELETE of a missing value must fail, it is
 * what makes compare-and-set work. */
GPtrArray *
casarray_ldap_mods_from_mods (GPtrArray  *mods,
                              GError    **error)
{
  g_autoptr(GPtrArray) ldap_mods = ldap_mods_new ();

  for (guint i = 0; mods != NULL && i < mods->len; i++)
    {
      const CasarrayMod *mod = g_ptr_array_index (mods, i);

      if (!casarray_backend_check_writable_attribute (mod->attribute, error))
        return NULL;
      if (mod->op == CASARRAY_MOD_ADD && (mod->values == NULL || mod->values[0] == NULL))
        {
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                       "Adding to %s needs at least one value", mod->attribute);
          return NULL;
        }
      g_ptr_array_add (ldap_mods,
                       ldap_mod_new_shallow (mod_op_to_ldap (mod->op), mod->attribute,
                                             (const char * const *) mod->values));
    }
  return g_steal_pointer (&ldap_mods);
}

int
casarray_ldap_send_write (LDAP            *ld,
                          const CasarrayLdapWrite *data,
                          int             *msgid)
{
  switch (data->op)
    {
    case CASARRAY_LDAP_OP_ADD:
      return ldap_add_ext (ld, data->dn, data->mods, NULL, NULL, msgid);
    case CASARRAY_LDAP_OP_MODIFY:
      return ldap_modify_ext (ld, data->dn, data->mods, NULL, NULL, msgid);
    case CASARRAY_LDAP_OP_DELETE:
      return ldap_delete_ext (ld, data->dn, NULL, NULL, msgid);
    case CASARRAY_LDAP_OP_RENAME:
      return ldap_rename (ld, data->dn, data->new_rdn, NULL, 1, NULL, NULL, msgid);
    case CASARRAY_LDAP_OP_CONNECT:
    case CASARRAY_LDAP_OP_BIND:
    case CASARRAY_LDAP_OP_SEARCH:
    default:
      break;
    }
  g_return_val_if_reached (LDAP_PARAM_ERROR);
}

static int
write_operation (CasarrayLdapBackend  *self,
                 LDAP                 *ld,
                 gpointer              user_data,
                 GCancellable         *cancellable,
                 GError              **error)
{
  CasarrayLdapWrite *data = user_data;
  g_autoptr(LDAPMessage) result = NULL;
  int msgid = -1;
  int rc;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return LDAP_USER_CANCELLED;

  rc = casarray_ldap_send_write (ld, data, &msgid);
  if (rc != LDAP_SUCCESS)
    return casarray_ldap_fail_from_handle (ld, data->op, rc, data->what, error);

  /* Once sent, a write is waited for (bounded by the operation timeout)
   * rather than abandoned on cancellation: abandoning would leave its
   * outcome unknown, and the caller must be told what happened. */
  rc = casarray_ldap_wait_for_result (self, ld, msgid, data->op, data->what, NULL, &result, error);
  if (rc != LDAP_SUCCESS)
    return rc;
  return casarray_ldap_check_result (ld, result, data->op, data->what, LDAP_SUCCESS, NULL, error);
}

gboolean
casarray_ldap_backend_add (CasarrayBackend      *backend,
                           const CasarrayEntry  *entry,
                           GCancellable         *cancellable,
                           GError              **error)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  g_autoptr(GPtrArray) mods = ldap_mods_from_entry (entry, error);
  g_auto(CasarrayLdapWrite) data = { CASARRAY_LDAP_OP_ADD, casarray_entry_get_dn (entry) };

  if (mods == NULL)
    return FALSE;
  data.mods = (LDAPMod **) mods->pdata;
  data.what = g_strdup_printf ("adding %s", data.dn);
  return casarray_ldap_run_operation (self, write_operation, &data, cancellable, error);
}

gboolean
casarray_ldap_backend_modify (CasarrayBackend  *backend,
                              const char       *dn,
                              GPtrArray        *mods,
                              GCancellable     *cancellable,
                              GError          **error)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  g_autoptr(GPtrArray) ldap_mods = casarray_ldap_mods_from_mods (mods, error);
  g_auto(CasarrayLdapWrite) data = { CASARRAY_LDAP_OP_MODIFY, dn };

  if (ldap_mods == NULL)
    return FALSE;
  /* Nothing to change: no request, as LDAP has no use for an empty one. */
  if (ldap_mods->len == 0)
    return TRUE;
  data.mods = (LDAPMod **) ldap_mods->pdata;
  data.what = g_strdup_printf ("modifying %s", dn);
  return casarray_ldap_run_operation (self, write_operation, &data, cancellable, error);
}

gboolean
casarray_ldap_backend_remove (CasarrayBackend  *backend,
                              const char       *dn,
                              GCancellable     *cancellable,
                              GError          **error)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  g_auto(CasarrayLdapWrite) data = { CASARRAY_LDAP_OP_DELETE, dn };

  data.what = g_strdup_printf ("deleting %s", dn);
  return casarray_ldap_run_operation (self, write_operation, &data, cancellable, error);
}

gboolean
casarray_ldap_backend_rename (CasarrayBackend  *backend,
                              const char       *dn,
                              const char       *new_rdn,
                              GCancellable     *cancellable,
                              GError          **error)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  g_auto(CasarrayLdapWrite) data = { CASARRAY_LDAP_OP_RENAME, dn };
  static const char * const name_only[] = { "name", NULL };
  CasarrayQuery query = {
    .scope = CASARRAY_SCOPE_BASE,
    .object_class = "top",
    .attributes = name_only,
  };
  g_autofree char *new_name = casarray_dn_first_value (new_rdn);
  g_autofree char *parent = casarray_dn_parent (dn);
  g_autofree char *new_dn = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) mods = NULL;
  g_autoptr(GError) name_error = NULL;
  const char *stored_name;

  data.new_rdn = new_rdn;
  data.what = g_strdup_printf ("renaming %s to %s", dn, new_rdn);
  if (!casarray_ldap_run_operation (self, write_operation, &data, cancellable, error))
    return FALSE;

  /* `name` follows the RDN.  Active Directory maintains it itself and
   * refuses a modify of it (67, "must use 'rename' operation"), so it is
   * only written where the read-back shows the old value (OpenLDAP, where
   * name is an ordinary attribute).  The rename is done: no cancelling. */
  if (new_name == NULL || parent == NULL)
    return TRUE;
  new_dn = g_strconcat (new_rdn, ",", parent, NULL);
  query.base = new_dn;
  found = casarray_ldap_backend_search (backend, &query, NULL, &name_error);
  if (found != NULL && found->len == 1)
    {
      stored_name = casarray_entry_get_first (g_ptr_array_index (found, 0), "name");
      if (stored_name == NULL || g_strcmp0 (stored_name, new_name) == 0)
        return TRUE;
      mods = g_ptr_array_new_with_free_func ((GDestroyNotify) casarray_mod_free);
      g_ptr_array_add (mods, casarray_mod_new (CASARRAY_MOD_REPLACE, "name", new_name));
      if (casarray_ldap_backend_modify (backend, new_dn, mods, NULL, &name_error))
        return TRUE;
    }
  if (name_error == NULL)
    return TRUE;
  /* Half a rename is worse than none: put the old RDN back. */
  {
    g_autofree char *old_name = casarray_dn_first_value (dn);
    g_autofree char *old_rdn = old_name != NULL ? casarray_dn_build_rdn (old_name) : NULL;
    g_auto(CasarrayLdapWrite) undo = { CASARRAY_LDAP_OP_RENAME, new_dn };

    undo.new_rdn = old_rdn;
    undo.what = g_strdup_printf ("renaming %s back to %s", new_dn, old_rdn);
    if (old_rdn != NULL)
      casarray_ldap_run_operation (self, write_operation, &undo, NULL, NULL);
  }
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_DIRECTORY,
               "Renaming %s to %s: the name attribute could not follow (%s); the rename was undone.",
               dn, new_rdn, name_error->message);
  return FALSE;
}
