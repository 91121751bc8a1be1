/* casarray-ldap-rootdse.c: finding the configuration naming context from the root DSE
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldap-private.h"

#include <string.h>

#include "casarray/casarray-error.h"

static gboolean
rdn_is_configuration (LDAPRDN rdn)
{
  const LDAPAVA *ava = rdn[0];
  static const char name[] = "Configuration";

  /* a single CN=Configuration, not a multi-valued RDN */
  return ava != NULL && rdn[1] == NULL &&
         ava->la_attr.bv_len == 2 &&
         g_ascii_strncasecmp (ava->la_attr.bv_val, "cn", 2) == 0 &&
         ava->la_value.bv_len == strlen (name) &&
         g_ascii_strncasecmp (ava->la_value.bv_val, name, strlen (name)) == 0;
}

/* The suffix of @dn starting at the first RDN, at a level between @from
 * and @to (0 is @dn itself), that is CN=Configuration; NULL if none. */
static char *
configuration_suffix (const char *dn,
                      guint       from,
                      guint       to)
{
  LDAPDN parsed = NULL;
  char *suffix = NULL;

  if (ldap_str2dn (dn, &parsed, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS)
    return NULL;

  for (guint level = 0; parsed != NULL && parsed[level] != NULL && level <= to; level++)
    {
      char *text = NULL;

      if (level < from || !rdn_is_configuration (parsed[level]))
        continue;
      if (ldap_dn2str (&parsed[level], &text, LDAP_DN_FORMAT_LDAPV3) == LDAP_SUCCESS)
        suffix = g_strdup (text);
      ldap_memfree (text);
      break;
    }

  ldap_dnfree (parsed);
  return suffix;
}

static CasarrayEntry *
read_root_dse (CasarrayLdapBackend  *self,
               GCancellable         *cancellable,
               GError              **error)
{
  static const char * const attributes[] = {
    "configurationNamingContext", "namingContexts", NULL,
  };
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *server = NULL;

  entries = casarray_ldap_run_search (self, "", LDAP_SCOPE_BASE, "(objectClass=*)", attributes, 0,
                                      cancellable, error);
  if (entries == NULL)
    return NULL;
  if (entries->len == 0)
    {
      server = casarray_ldap_backend_dup_connected_uri (CASARRAY_BACKEND (self));
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NO_ORGANIZATION,
                   "The root DSE of %s cannot be read, so the configuration "
                   "naming context is unknown; set it explicitly",
                   server != NULL ? server : self->uri);
      return NULL;
    }
  return casarray_entry_ref (g_ptr_array_index (entries, 0));
}

/* The DN of one entry matching @filter under @base, or NULL (with @error
 * unset) when there is none or @base is not visible. */
static gboolean
find_one (CasarrayLdapBackend  *self,
          const char           *base,
          const char           *filter,
          char                **dn,
          GCancellable         *cancellable,
          GError              **error)
{
  static const char * const no_attributes[] = { LDAP_NO_ATTRS, NULL };
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) local_error = NULL;

  *dn = NULL;
  entries = casarray_ldap_run_search (self, base, LDAP_SCOPE_SUBTREE, filter, no_attributes, 1,
                                      cancellable, &local_error);
  if (entries == NULL)
    {
      if (g_error_matches (local_error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (entries->len > 0)
    *dn = g_strdup (casarray_entry_get_dn (g_ptr_array_index (entries, 0)));
  return TRUE;
}

/* Looks under each naming context for the Exchange organisation, whose
 * DN is CN=<Org>,CN=Microsoft Exchange,CN=Services,CN=Configuration,...;
 * failing that, for the CN=Configuration entry itself. */
static gboolean
find_configuration_under (CasarrayLdapBackend  *self,
                          const char * const   *contexts,
                          char                **configuration_dn,
                          GCancellable         *cancellable,
                          GError              **error)
{
  *configuration_dn = NULL;

  for (guint i = 0; contexts != NULL && contexts[i] != NULL; i++)
    {
      g_autofree char *organization = NULL;

      if (!find_one (self, contexts[i], "(objectClass=msExchOrganizationContainer)",
                     &organization, cancellable, error))
        return FALSE;
      if (organization != NULL)
        *configuration_dn = configuration_suffix (organization, 1, G_MAXUINT);
      if (*configuration_dn != NULL)
        return TRUE;
    }

  for (guint i = 0; contexts != NULL && contexts[i] != NULL; i++)
    {
      g_autofree char *configuration = NULL;

      if (!find_one (self, contexts[i], "(&(objectClass=configuration)(cn=Configuration))",
                     &configuration, cancellable, error))
        return FALSE;
      if (configuration != NULL)
        *configuration_dn = configuration_suffix (configuration, 0, 0);
      if (*configuration_dn != NULL)
        return TRUE;
    }
  return TRUE;
}

/* The configuration DN the caller gave, as given, once it parses. */
static char *
configured_configuration_dn (CasarrayLdapBackend  *self,
                             GError              **error)
{
  LDAPDN parsed = NULL;

  if (ldap_str2dn (self->configuration_dn, &parsed, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS ||
      parsed == NULL)
    {
      ldap_dnfree (parsed);
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a distinguished name", self->configuration_dn);
      return NULL;
    }
  ldap_dnfree (parsed);
  return g_strdup (self->configuration_dn);
}

char *
casarray_ldap_backend_find_configuration_dn (CasarrayBackend  *backend,
                                             GCancellable     *cancellable,
                                             GError          **error)
{
  CasarrayLdapBackend *self = CASARRAY_LDAP_BACKEND (backend);
  g_autoptr(CasarrayEntry) root = NULL;
  const char * const *contexts;
  const char *configuration;
  char *found = NULL;
  g_autofree char *searched = NULL;
  g_autofree char *server = NULL;

  if (self->configuration_dn != NULL)
    return configured_configuration_dn (self, error);

  root = read_root_dse (self, cancellable, error);
  if (root == NULL)
    return NULL;

  /* Active Directory names it outright. */
  configuration = casarray_entry_get_first (root, "configurationNamingContext");
  if (configuration != NULL)
    return g_strdup (configuration);

  contexts = casarray_entry_get_values (root, "namingContexts");
  if (!find_configuration_under (self, contexts, &found, cancellable, error))
    return NULL;
  if (found != NULL)
    return found;

  server = casarray_ldap_backend_dup_connected_uri (backend);
  searched = contexts != NULL ? g_strjoinv ("; ", (char **) contexts)
                              : g_strdup ("(the root DSE lists no naming contexts)");
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NO_ORGANIZATION,
               "No configuration naming context on %s: the root DSE has no "
               "configurationNamingContext, and neither an Exchange organisation "
               "(objectClass=msExchOrganizationContainer) nor a CN=Configuration "
               "entry was found under the naming contexts %s",
               server != NULL ? server : self->uri, searched);
  return NULL;
}
