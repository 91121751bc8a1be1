/* casarray-ldap-bind.c: binding: simple, SASL EXTERNAL and SASL GSSAPI
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldap-private.h"

#include <limits.h>
#include <string.h>

#include <sasl/sasl.h>

#include "casarray/casarray-error.h"

static void
wipe_password (char *password)
{
  if (password == NULL)
    return;
  explicit_bzero (password, strlen (password));
  g_free (password);
}

static char *
read_password (CasarrayLdapBackend  *self,
               GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  char *password;

  if (self->password == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                   "A bind DN (%s) was given without a password file or function",
                   self->bind_dn);
      return NULL;
    }

  password = casarray_ldap_password_read (self->password, &local_error);
  if (password == NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                   "Cannot read the password for %s: %s", self->bind_dn,
                   local_error != NULL ? local_error->message : "no password given");
      return NULL;
    }
  /* A simple bind with a DN and an empty password is an "unauthenticated
   * bind" (RFC 4513, 5.1.2), which some servers accept as anonymous: it
   * would silently not be the identity asked for. */
  if (password[0] == '\0')
    {
      wipe_password (password);
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                   "The password for %s is empty", self->bind_dn);
      return NULL;
    }
  return password;
}

/* What the interaction callback answers.  GSSAPI takes its identity from
 * the credential cache (KRB5CCNAME) and asks only for the authorization
 * identity; EXTERNAL takes it from the socket or TLS. */
typedef struct {
  const char *authz_id;  /* NULL or "": act as the authenticated identity */
} SaslDefaults;

/* LDAP_SASL_QUIET: never prompts, so every interaction gets the default
 * Cyrus offers unless we have a better answer.  Nothing is asked of a
 * terminal, which a library must never do. */
static int
sasl_interact (LDAP     *ld,
               unsigned  flags,
               void     *defaults,
               void     *interactions)
{
  const SaslDefaults *answers = defaults;

  for (sasl_interact_t *in = interactions; in->id != SASL_CB_LIST_END; in++)
    {
      const char *answer = in->defresult;

      if (in->id == SASL_CB_USER && answers->authz_id != NULL)
        answer = answers->authz_id;
      /* No password or user name to give: mechanisms that need them
       * (PLAIN, DIGEST-MD5...) are refused before binding. */
      if (answer == NULL)
        answer = "";
      in->result = answer;
      in->len = strlen (answer);
    }
  return LDAP_SUCCESS;
}

/* GSSAPI's security layer, unless the handle already has one configured
 * (ldap.conf's SASL_SECPROPS, read by libldap unless LDAPNOINIT is set):
 *  - over plain LDAP, at least integrity (minssf=1): Cyrus then negotiates
 *    the strongest layer the server offers up to libldap's maxssf
 *    (confidentiality, SSF 256 with AES), which AD domains that require
 *    LDAP signing accept; a server offering no layer is refused rather
 *    than used unsigned;
 *  - over TLS (ldaps://, StartTLS), no SASL layer (maxssf=0): TLS protects
 *    the connection already, and AD refuses sign or seal over TLS (Samba:
 *    "Sign or Seal are not allowed if TLS is used", Windows: 00002029).
 * libldap's defaults are minssf=0 and maxssf=INT_MAX (ldap.conf(5)). */
static gboolean
configure_sasl_security (CasarrayLdapBackend  *self,
                         LDAP                 *ld,
                         GError              **error)
{
  ber_len_t min_ssf = 0, max_ssf = 0;

  /* configured by ldap.conf or the environment: kept */
  if (ldap_get_option (ld, LDAP_OPT_X_SASL_SSF_MIN, &min_ssf) == LDAP_OPT_SUCCESS &&
      ldap_get_option (ld, LDAP_OPT_X_SASL_SSF_MAX, &max_ssf) == LDAP_OPT_SUCCESS &&
      (min_ssf != 0 || max_ssf != (ber_len_t) INT_MAX))
    return TRUE;

  if (casarray_ldap_uses_tls (self))
    return casarray_ldap_set_option (ld, LDAP_OPT_X_SASL_SECPROPS, "maxssf=0",
                                     "SASL security properties", error);
  return casarray_ldap_set_option (ld, LDAP_OPT_X_SASL_SECPROPS, "minssf=1",
                                   "SASL security properties", error);
}

/* A SASL bind driven by Cyrus SASL (GSSAPI), as ldap_sasl_interactive_bind_s()
 * does it, but one step at a time: each server reply is waited for by
 * casarray_ldap_wait_for_result(), so the operation timeout and the cancellable bound
 * the bind like any request.  (Getting the service ticket from the KDC
 * happens inside Cyrus SASL and is bounded by krb5's own KDC timeouts.) */
static int
sasl_interactive_bind (CasarrayLdapBackend  *self,
                       LDAP                 *ld,
                       GCancellable         *cancellable,
                       GError              **error)
{
  g_autofree char *what = NULL;
  SaslDefaults defaults = { self->sasl_authz_id };
  LDAPMessage *result = NULL;
  const char *rmech = NULL;
  char *user = NULL;
  ber_len_t ssf = 0;
  int msgid = -1;
  int rc;

  if (self->sasl_authz_id != NULL && self->sasl_authz_id[0] != '\0')
    what = g_strdup_printf ("binding to %s with SASL %s as %s", self->server,
                            self->sasl_mechanism, self->sasl_authz_id);
  else
    what = g_strdup_printf ("binding to %s with SASL %s", self->server, self->sasl_mechanism);

  if (!configure_sasl_security (self, ld, error))
    return LDAP_PARAM_ERROR;

  for (;;)
    {
      rc = ldap_sasl_interactive_bind (ld, NULL, self->sasl_mechanism, NULL, NULL,
                                       LDAP_SASL_QUIET, sasl_interact, &defaults,
                                       result, &rmech, &msgid);
      g_clear_pointer (&result, ldap_msgfree);
      if (rc != LDAP_SASL_BIND_IN_PROGRESS)
        break;
      rc = casarray_ldap_wait_for_result (self, ld, msgid, CASARRAY_LDAP_OP_BIND, what, cancellable,
                                          &result, error);
      if (rc != LDAP_SUCCESS)
        return rc;
    }
  /* The server's refusal, or SASL's own (no ticket, an expired one, an
   * unknown service principal: LDAP_LOCAL_ERROR), whose reason libldap
   * keeps as the diagnostic message ("SASL(-1): generic failure: GSSAPI
   * Error: ... (No Kerberos credentials available ...)"). */
  if (rc != LDAP_SUCCESS)
    return casarray_ldap_fail_from_handle (ld, CASARRAY_LDAP_OP_BIND, rc, what, error);

  ldap_get_option (ld, LDAP_OPT_X_SASL_USERNAME, &user);
  ldap_get_option (ld, LDAP_OPT_X_SASL_SSF, &ssf);
  g_mutex_lock (&self->status_lock);
  g_free (self->sasl_user);
  self->sasl_user = g_strdup (user);
  g_mutex_unlock (&self->status_lock);
  g_debug ("Bound to %s with SASL %s as %s, security strength factor %lu",
           self->server, self->sasl_mechanism, user != NULL ? user : "(unknown)",
           (unsigned long) ssf);
  ldap_memfree (user);
  return LDAP_SUCCESS;
}

static gboolean
is_mechanism (const char *mechanism,
              const char *name)
{
  return mechanism != NULL && g_ascii_strcasecmp (mechanism, name) == 0;
}

/* Simple bind with bind_dn and its password; SASL EXTERNAL (the peer's
 * credentials on the socket) on ldapi:// without a bind DN or when asked
 * for; SASL GSSAPI when asked for; otherwise an anonymous simple bind,
 * which also proves the server is reachable. */
int
casarray_ldap_bind_handle (CasarrayLdapBackend  *self,
                           LDAP                 *ld,
                           GCancellable         *cancellable,
                           GError              **error)
{
  /* Present but empty: for EXTERNAL that is an empty initial response
   * ("use the identity of the socket"), which makes it one round trip;
   * without it slapd answers saslBindInProgress and asks for one. */
  struct berval credentials = { 0, (char *) "" };
  const char *mechanism = LDAP_SASL_SIMPLE;
  const char *dn = self->bind_dn;
  g_autofree char *what = NULL;
  g_autoptr(LDAPMessage) result = NULL;
  char *password = NULL;
  int msgid = -1;
  int rc;

  if (is_mechanism (self->sasl_mechanism, "GSSAPI"))
    return sasl_interactive_bind (self, ld, cancellable, error);

  if (is_mechanism (self->sasl_mechanism, "EXTERNAL") ||
      (self->sasl_mechanism == NULL && self->bind_dn == NULL &&
       casarray_ldap_uri_has_scheme (self->server, "ldapi://")))
    {
      /* EXTERNAL's initial response is the authorization identity
       * (RFC 4422, appendix A), empty for the authenticated one. */
      mechanism = "EXTERNAL";
      dn = NULL;
      if (self->sasl_authz_id != NULL)
        {
          credentials.bv_val = self->sasl_authz_id;
          credentials.bv_len = strlen (self->sasl_authz_id);
          what = g_strdup_printf ("binding to %s with SASL EXTERNAL as %s", self->server,
                                  self->sasl_authz_id);
        }
      else
        what = g_strdup_printf ("binding to %s with SASL EXTERNAL", self->server);
    }
  else if (self->sasl_mechanism != NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
                   "Unsupported SASL mechanism “%s”: use GSSAPI or EXTERNAL, or none for a "
                   "simple bind", self->sasl_mechanism);
      return LDAP_PARAM_ERROR;
    }
  else if (self->bind_dn != NULL)
    {
      password = read_password (self, error);
      if (password == NULL)
        return LDAP_PARAM_ERROR;
      credentials.bv_val = password;
      credentials.bv_len = strlen (password);
      what = g_strdup_printf ("binding to %s as %s", self->server, self->bind_dn);
    }
  else
    what = g_strdup_printf ("binding anonymously to %s", self->server);

  rc = ldap_sasl_bind (ld, dn, mechanism, &credentials, NULL, NULL, &msgid);
  /* The request is encoded and sent: our copy of the password goes now. */
  wipe_password (password);
  credentials.bv_val = NULL;
  if (rc != LDAP_SUCCESS)
    return casarray_ldap_fail_from_handle (ld, CASARRAY_LDAP_OP_BIND, rc, what, error);

  rc = casarray_ldap_wait_for_result (self, ld, msgid, CASARRAY_LDAP_OP_BIND, what, cancellable,
                                      &result, error);
  if (rc != LDAP_SUCCESS)
    return rc;
  return casarray_ldap_check_result (ld, result, CASARRAY_LDAP_OP_BIND, what, LDAP_SUCCESS,
                                     NULL, error);
}
