/* cli-repl.c: where statements come from
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-repl.h"
#include "cli-object.h"
#include "cli-value.h"
#include "cli-cmdlet.h"
#include "cli-exec.h"
#include "cli-report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <readline/readline.h>
#include <readline/history.h>

#define PROMPT              "[PS] casarray> "
#define CONTINUATION_PROMPT ">> "

/* Windows editors start UTF-8 files with a byte-order mark. */
static gsize
bom_length (const char *text, gsize length)
{
  return length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* A whole script, with its length: a NUL byte in it is the lexer's to
 * refuse, naming its line, before any statement runs. */
static int
run_script_text (CliSession *session, const char *text, gsize length)
{
  gsize bom = bom_length (text, length);

  return cli_exec_source (session, text + bom, length - bom, FALSE) == CLI_EXEC_OK ? 0 : 1;
}

int
cli_run_command_line (CliSession *session, const char *line)
{
  return cli_exec_source (session, line, -1, FALSE) == CLI_EXEC_OK ? 0 : 1;
}

int
cli_run_script_file (CliSession *session, const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &text, &length, &error))
    {
      cli_report_message (session, "casarray: %s", error->message);
      return 1;
    }
  session->script_name = path;
  return run_script_text (session, text, length);
}

int
cli_run_script_stdin (CliSession *session)
{
  GString *text = g_string_new (NULL);
  char buffer[8192];
  size_t n;
  int status;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (text, buffer, n);
  if (ferror (stdin))
    {
      cli_report_message (session, "casarray: cannot read standard input: %s", g_strerror (errno));
      g_string_free (text, TRUE);
      return 1;
    }
  status = run_script_text (session, text->str, text->len);
  g_string_free (text, TRUE);
  return status;
}

/* ---- the interactive prompt ---- */

static char *
ask_with_readline (const char *prompt, gpointer user_data)
{
  return readline (prompt);
}

/* Completion: cmdlet names at the start of a command, else parameter
 * names of the command being typed. */
static const CliCmdlet *completing_cmdlet;

static char *
complete_cmdlet (const char *text, int state)
{
  static guint index;
  guint n;
  const CliCmdlet *table = cli_cmdlet_table (&n);
  gsize len = strlen (text);

  if (state == 0)
    index = 0;
  while (index < n)
    {
      const CliCmdlet *cmdlet = &table[index++];

      if (g_ascii_strncasecmp (cmdlet->name, text, len) == 0)
        return strdup (cmdlet->name);
    }
  return NULL;
}

static char *
complete_parameter (const char *text, int state)
{
  static guint index;
  gsize len = strlen (text);

  if (state == 0)
    index = 0;
  if (completing_cmdlet == NULL || len == 0 || text[0] != '-')
    return NULL;
  while (completing_cmdlet->params[index].name != NULL)
    {
      const char *name = completing_cmdlet->params[index++].name;

      if (g_ascii_strncasecmp (name, text + 1, len - 1) == 0)
        {
          char *completion = malloc (strlen (name) + 2);

          if (completion != NULL)
            sprintf (completion, "-%s", name);
          return completion;
        }
    }
  return NULL;
}

/* Variables ($d -> $db) and, after a variable holding objects, their
 * properties ($db.Rpc -> $db.RpcClientAccessServer). */
static CliSession *completing_session;

static GPtrArray *
variable_candidates (const char *text)
{
  GPtrArray *candidates = g_ptr_array_new_with_free_func (g_free);
  const char *dot = strchr (text, '.');
  GHashTableIter iter;
  gpointer key, value;

  if (completing_session == NULL)
    return candidates;
  if (dot == NULL)
    {
      gsize len = strlen (text + 1);

      g_hash_table_iter_init (&iter, completing_session->variables);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_ascii_strncasecmp (key, text + 1, len) == 0 && !g_str_equal (key, "_"))
          g_ptr_array_add (candidates, g_strdup_printf ("$%s", (const char *) key));
      return candidates;
    }
  {
    g_autofree char *name = g_ascii_strdown (text + 1, dot - text - 1);
    const CliValue *held = g_hash_table_lookup (completing_session->variables, name);
    const char *prefix = dot + 1;

    /* (a list's items are of one kind: its first shows the properties) */
    while (held != NULL && held->type == CLI_VALUE_LIST && held->items->len > 0)
      held = g_ptr_array_index (held->items, 0);
    if (held == NULL || held->type != CLI_VALUE_OBJECT || strchr (prefix, '.') != NULL)
      return candidates;
    for (guint i = 0; i < ((CliObject *) held->object)->props->len; i++)
      {
        const CliProp *prop = g_ptr_array_index (((CliObject *) held->object)->props, i);

        if (g_ascii_strncasecmp (prop->name, prefix, strlen (prefix)) == 0)
          g_ptr_array_add (candidates, g_strdup_printf ("%.*s%s", (int) (dot - text + 1), text, prop->name));
      }
    return candidates;
  }
}

static char *
complete_variable (const char *text, int state)
{
  static GPtrArray *candidates;
  static guint index;

  if (state == 0)
    {
      g_clear_pointer (&candidates, g_ptr_array_unref);
      candidates = variable_candidates (text);
      index = 0;
    }
  if (index < candidates->len)
    return strdup (g_ptr_array_index (candidates, index++));
  g_clear_pointer (&candidates, g_ptr_array_unref);
  return NULL;
}

static char **
complete (const char *text, int start, int end)
{
  int command_start = start;
  g_autofree char *command = NULL;

  /* Back to the start of this command: after the last | or ;. */
  while (command_start > 0 && rl_line_buffer[command_start - 1] != '|' && rl_line_buffer[command_start - 1] != ';')
    command_start--;
  while (rl_line_buffer[command_start] == ' ' || rl_line_buffer[command_start] == '\t')
    command_start++;

  rl_attempted_completion_over = 1;
  if (text[0] == '$')
    {
      /* no space after $db: a .Property may follow */
      rl_completion_append_character = '\0';
      return rl_completion_matches (text, complete_variable);
    }
  if (command_start == start)
    return rl_completion_matches (text, complete_cmdlet);

  command = g_strndup (rl_line_buffer + command_start, strcspn (rl_line_buffer + command_start, " \t"));
  completing_cmdlet = cli_cmdlet_lookup (command);
  return rl_completion_matches (text, complete_parameter);
}

static char *
history_path (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "casarray", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return NULL;
  return g_build_filename (dir, "history", NULL);
}

int
cli_repl_run (CliSession *session)
{
  g_autofree char *history = history_path ();
  GString *pending = g_string_new (NULL);
  int status = 0;

  session->interactive = TRUE;
  session->ask = ask_with_readline;
  rl_readline_name = "casarray";
  rl_attempted_completion_function = complete;
  /* $ and @ start the word being completed ($db.Rpc), not break it. */
  rl_basic_word_break_characters = " \t\n\"\\'`><=;|&{(";
  completing_session = session;
  using_history ();
  if (history != NULL)
    read_history (history);

  for (;;)
    {
      char *line = readline (pending->len > 0 ? CONTINUATION_PROMPT : PROMPT);
      g_autofree char *trimmed = NULL;
      CliExecResult result;

      if (line == NULL)
        {
          if (pending->len > 0)
            {
              /* End of input inside a statement: run it to show the error. */
              if (cli_exec_source (session, pending->str, pending->len, FALSE) != CLI_EXEC_OK)
                status = 1;
            }
          fputc ('\n', session->out);
          break;
        }
      trimmed = g_strstrip (g_strdup (line));
      if (pending->len == 0 && (g_ascii_strcasecmp (trimmed, "exit") == 0 || g_ascii_strcasecmp (trimmed, "quit") == 0))
        {
          free (line);
          break;
        }
      if (pending->len > 0)
        g_string_append_c (pending, '\n');
      g_string_append (pending, line);
      free (line);

      result = cli_exec_source (session, pending->str, pending->len, TRUE);
      if (result == CLI_EXEC_INCOMPLETE)
        continue;
      g_free (trimmed);
      trimmed = g_strstrip (g_strdup (pending->str));
      if (*trimmed != '\0')
        {
          g_autofree char *entry = g_strdup (pending->str);

          for (char *p = entry; *p != '\0'; p++)
            if (*p == '\n')
              *p = ' ';
          add_history (entry);
        }
      status = result == CLI_EXEC_OK ? 0 : 1;
      g_string_truncate (pending, 0);
      session->yes_to_all = FALSE;
    }

  if (history != NULL)
    {
      write_history (history);
      history_truncate_file (history, 1000);
    }
  g_string_free (pending, TRUE);
  return status;
}
