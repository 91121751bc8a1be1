/* test-prompt.c: the interactive prompt, driven through a pseudo-terminal
 *
 * casarray shows its readline prompt only when standard input is a
 * terminal, so this test gives it one (forkpty), types commands as a person
 * would, and reads the screen: the prompt, command output, history recall
 * with the up arrow, tab completion of cmdlet names, a confirmation
 * question, and `exit`.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

typedef struct {
  pid_t    pid;
  int      master;
  GString *screen;   /* everything read so far */
  gsize    seen;     /* where the last wait matched */
  char    *folder;
} Terminal;

static void
terminal_start (Terminal *terminal)
{
  const char *cli = g_getenv ("CASARRAY_CLI");
  g_autoptr(GError) error = NULL;
  g_autofree char *store = NULL;
  struct winsize size = { .ws_row = 40, .ws_col = 200 };

  g_assert_nonnull (cli);
  terminal->folder = g_dir_make_tmp ("casarray-prompt-XXXXXX", &error);
  g_assert_no_error (error);
  store = g_build_filename (terminal->folder, "org.ldif", NULL);
  terminal->screen = g_string_new (NULL);
  terminal->pid = forkpty (&terminal->master, NULL, NULL, &size);
  g_assert_cmpint (terminal->pid, >=, 0);
  if (terminal->pid == 0)
    {
      /* a plain terminal, no user readline configuration */
      g_setenv ("TERM", "dumb", TRUE);
      g_setenv ("INPUTRC", "/dev/null", TRUE);
      g_setenv ("HOME", terminal->folder, TRUE);
      execl (cli, cli, "--store", store, NULL);
      _exit (127);
    }
}

/* Reads until @text appears after what earlier waits matched. */
static void
terminal_wait_for (Terminal   *terminal,
                   const char *text)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      const char *found = strstr (terminal->screen->str + terminal->seen, text);
      struct pollfd fd = { .fd = terminal->master, .events = POLLIN };
      char buffer[4096];
      ssize_t n;

      if (found != NULL)
        {
          terminal->seen = (found - terminal->screen->str) + strlen (text);
          return;
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for “%s”; the screen shows:\n%s", text,
                 terminal->screen->str + terminal->seen);
      if (poll (&fd, 1, 200) <= 0)
        continue;
      n = read (terminal->master, buffer, sizeof buffer);
      if (n <= 0)
        g_error ("the terminal closed while waiting for “%s”; the screen shows:\n%s", text,
                 terminal->screen->str + terminal->seen);
      g_string_append_len (terminal->screen, buffer, n);
    }
}

static void
terminal_type (Terminal   *terminal,
               const char *keys)
{
  gsize len = strlen (keys);

  g_assert_cmpint (write (terminal->master, keys, len), ==, (gssize) len);
}

static int
terminal_finish (Terminal *terminal)
{
  int status = 0;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (waitpid (terminal->pid, &status, WNOHANG) == 0)
    {
      char buffer[4096];

      if (g_get_monotonic_time () > deadline)
        {
          kill (terminal->pid, SIGKILL);
          waitpid (terminal->pid, &status, 0);
          g_error ("casarray did not exit");
        }
      /* keep draining, or the child blocks on a full terminal */
      if (read (terminal->master, buffer, sizeof buffer) < 0 && errno != EIO && errno != EAGAIN)
        break;
      g_usleep (20 * 1000);
    }
  close (terminal->master);
  g_string_free (terminal->screen, TRUE);
  {
    g_autoptr(GDir) dir = g_dir_open (terminal->folder, 0, NULL);
    const char *name;
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (terminal->folder, name, NULL);
        g_unlink (path);
      }
    g_rmdir (terminal->folder);
    g_free (terminal->folder);
  }
  return status;
}

static void
test_prompt_session (void)
{
  Terminal terminal = { 0 };
  int status;

  terminal_start (&terminal);
  terminal_wait_for (&terminal, "casarray> ");

  terminal_type (&terminal, "New-Organization Contoso\r");
  terminal_wait_for (&terminal, "casarray> ");
  terminal_type (&terminal, "new-adsite -Name \u201cDefault-First-Site-Name\u201d\r");
  terminal_wait_for (&terminal, "casarray> ");

  /* output of a command, as a table */
  terminal_type (&terminal, "Get-ADSite | ft Name\r");
  terminal_wait_for (&terminal, "Default-First-Site-Name");
  terminal_wait_for (&terminal, "casarray> ");

  /* the up arrow recalls the last line; running it again prints again */
  terminal_type (&terminal, "\033[A\r");
  terminal_wait_for (&terminal, "Get-ADSite | ft Name");
  terminal_wait_for (&terminal, "Default-First-Site-Name");
  terminal_wait_for (&terminal, "casarray> ");

  /* tab completes a cmdlet name */
  terminal_type (&terminal, "Get-ClientAccessArr\t");
  terminal_wait_for (&terminal, "Get-ClientAccessArray");
  terminal_type (&terminal, "\r");
  terminal_wait_for (&terminal, "casarray> ");

  /* tab completes variables, and the properties of the object one holds */
  terminal_type (&terminal, "$site = Get-ADSite\r");
  terminal_wait_for (&terminal, "casarray> ");
  terminal_type (&terminal, "$si\t");
  terminal_wait_for (&terminal, "$site");
  terminal_type (&terminal, ".Na\t");
  terminal_wait_for (&terminal, ".Name");
  terminal_type (&terminal, ".ToUpper()\r");
  terminal_wait_for (&terminal, "DEFAULT-FIRST-SITE-NAME");
  terminal_wait_for (&terminal, "casarray> ");

  /* an error is shown and the prompt comes back */
  terminal_type (&terminal, "Get-MailboxDatabse\r");
  terminal_wait_for (&terminal, "Get-MailboxDatabase");
  terminal_wait_for (&terminal, "casarray> ");

  /* an open group goes on over lines, as an open string does; the whole
   * statement is then refused, nothing of it having run */
  terminal_type (&terminal, "Write-Host @{a=1;\r");
  terminal_wait_for (&terminal, ">> ");
  terminal_type (&terminal, "b=2}\r");
  terminal_wait_for (&terminal, "Hash literals (@{ }) are not supported");
  terminal_wait_for (&terminal, "casarray> ");

  /* removing asks first; "n" keeps the site */
  terminal_type (&terminal, "Remove-ADSite Default-First-Site-Name\r");
  terminal_wait_for (&terminal, "?");
  terminal_type (&terminal, "n\r");
  terminal_wait_for (&terminal, "casarray> ");
  terminal_type (&terminal, "Get-ADSite | ft -HideTableHeaders Name\r");
  terminal_wait_for (&terminal, "Default-First-Site-Name");
  terminal_wait_for (&terminal, "casarray> ");

  terminal_type (&terminal, "exit\r");
  status = terminal_finish (&terminal);
  g_assert_true (WIFEXITED (status));
  /* `exit` ends an interactive session with 0, as in PowerShell, whatever
   * failed earlier; under LeakSanitizer a leak would make it non-zero */
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/prompt/session", test_prompt_session);
  return g_test_run ();
}
