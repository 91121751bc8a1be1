/* casarray-ldap-password.c: the password of a simple bind, from a file or a function
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-ldap-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "casarray/casarray-error.h"

/* Longer than any directory accepts (AD: 256 characters); a bound on
 * what a wrong path (a log, a device) can make us read. */
#define MAX_PASSWORD_FILE_SIZE 4096

struct _CasarrayLdapPassword
{
  char                    *path;    /* a file, or NULL for the function */
  CasarrayLdapPasswordFunc func;
  gpointer                 user_data;
  GDestroyNotify           destroy;
};

static void
password_clear (gpointer data)
{
  CasarrayLdapPassword *self = data;

  g_free (self->path);
  if (self->destroy != NULL)
    self->destroy (self->user_data);
}

CasarrayLdapPassword *
casarray_ldap_password_new_file (const char *path)
{
  CasarrayLdapPassword *self = g_rc_box_new0 (CasarrayLdapPassword);

  g_return_val_if_fail (path != NULL, NULL);
  self->path = g_strdup (path);
  return self;
}

CasarrayLdapPassword *
casarray_ldap_password_new_func (CasarrayLdapPasswordFunc func,
                                 gpointer                 user_data,
                                 GDestroyNotify           destroy)
{
  CasarrayLdapPassword *self = g_rc_box_new0 (CasarrayLdapPassword);

  g_return_val_if_fail (func != NULL, NULL);
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  return self;
}

CasarrayLdapPassword *
casarray_ldap_password_ref (CasarrayLdapPassword *self)
{
  return g_rc_box_acquire (self);
}

void
casarray_ldap_password_unref (CasarrayLdapPassword *self)
{
  if (self != NULL)
    g_rc_box_release_full (self, password_clear);
}

/* Like ssh with a private key, say so when others can read the password;
 * once per file, not at every bind. */
static void
warn_if_readable_by_others (const char        *path,
                            const struct stat *st)
{
  static GHashTable *warned;  /* of paths, under G_LOCK (warned) */
  G_LOCK_DEFINE_STATIC (warned);
  gboolean first;

  if (!S_ISREG (st->st_mode) || (st->st_mode & (S_IRGRP | S_IROTH)) == 0)
    return;

  G_LOCK (warned);
  if (warned == NULL)
    warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  first = g_hash_table_add (warned, g_strdup (path));
  G_UNLOCK (warned);

  if (first)
    g_warning ("The password file %s is readable by %s (mode %04o); "
               "make it private with chmod 600", path,
               (st->st_mode & S_IROTH) != 0 ? "others" : "its group",
               (unsigned) (st->st_mode & 07777));
}

static char *
read_password_file (const char  *path,
                    GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  char buffer[MAX_PASSWORD_FILE_SIZE + 1];
  gsize length = 0;
  struct stat st;
  char *password = NULL;
  int saved_errno;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                   "Cannot open the password file %s: %s", display, g_strerror (saved_errno));
      return NULL;
    }
  /* the descriptor read from, so the mode checked is that of the file read */
  if (fstat (fd, &st) == 0)
    warn_if_readable_by_others (display, &st);

  /* read(2) until the end; a pipe (a shell's <(...)) may come in pieces */
  while (length < sizeof buffer)
    {
      gssize n = read (fd, buffer + length, sizeof buffer - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                       "Cannot read the password file %s: %s", display, g_strerror (saved_errno));
          goto out;
        }
      if (n == 0)
        break;
      length += n;
    }

  if (length > MAX_PASSWORD_FILE_SIZE)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                   "The password file %s is longer than %u bytes: not a password",
                   display, (unsigned) MAX_PASSWORD_FILE_SIZE);
      goto out;
    }
  /* "echo secret > file" leaves a newline that is not part of the password. */
  if (length > 0 && buffer[length - 1] == '\n')
    length--;
  if (length > 0 && buffer[length - 1] == '\r')
    length--;
  if (length == 0)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                   "The password file %s is empty", display);
      goto out;
    }
  /* libldap takes the password as a C string: a NUL would silently cut it
   * short and bind with what comes before. */
  if (memchr (buffer, '\0', length) != NULL)
    {
      g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_AUTHENTICATION,
                   "The password file %s contains a NUL byte, which a password cannot hold",
                   display);
      goto out;
    }
  password = g_strndup (buffer, length);

out:
  explicit_bzero (buffer, sizeof buffer);
  close (fd);
  return password;
}

char *
casarray_ldap_password_read (CasarrayLdapPassword  *self,
                             GError               **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->path != NULL)
    return read_password_file (self->path, error);
  return self->func (self->user_data, error);
}
