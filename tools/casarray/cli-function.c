/* cli-function.c: running functions and try/catch/finally
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * about_Functions: a function defined in a script can be called by name
 * later in the same script, with its parameters bound by name (-Name
 * value, any unique prefix) or by position, and "return" leaving it.
 * casarray has one scope: a function's parameters and variables stay set
 * after it returns (PowerShell would give it a scope of its own).  A
 * function is called as the whole of its pipeline (Test-Thing a b,
 * (Test-Thing), $x = Test-Thing); piping into or out of one is refused.
 *
 * about_Try_Catch_Finally: a terminating error in the try block (here: a
 * cmdlet's error under -ErrorAction Stop) is not reported but caught: the
 * catch block runs with $_ set to the error (its message), and the
 * script goes on after the statement.  finally always runs.  Errors that
 * do not terminate are reported as usual and not caught, as in PowerShell.
 */
#include "cli-exec.h"
#include "cli-error.h"
#include "cli-report.h"
#include "cli-parser-private.h"

#include <string.h>

void
cli_function_define (CliRun *run, const CliPipeline *statement)
{
  if (run->functions == NULL)
    run->functions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* The definition lives in the script's tree, which outlives the run. */
  g_hash_table_replace (run->functions, g_ascii_strdown (statement->variable, -1), (gpointer) statement);
}

gboolean
cli_function_exists (CliRun *run, const char *name)
{
  g_autofree char *key = g_ascii_strdown (name, -1);

  return run->functions != NULL && g_hash_table_contains (run->functions, key);
}

static int
find_parameter (char **parameters, const char *name)
{
  int found = -1;

  for (int i = 0; parameters[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (parameters[i], name) == 0)
        return i;
      if (g_ascii_strncasecmp (parameters[i], name, strlen (name)) == 0)
        found = found == -1 ? i : -2;
    }
  return found;
}

static CliValue *
argument_value (CliRun *run, const CliArgument *argument, gsize *offset, GError **error)
{
  if (argument->expr != NULL)
    return cli_eval (run, argument->expr, offset, error);
  /* about_Parsing: in argument mode an unquoted word that reads as a
   * number is a number (Add-Two 2 3 adds). */
  if (argument->value != NULL && argument->value->type == CLI_VALUE_STRING &&
      run->source[argument->start] != '"' && run->source[argument->start] != '\'')
    {
      gint64 number;
      const char *text = argument->value->string;

      if (cli_word_is_number (text, &number))
        return cli_value_new_int (number);
    }
  if (argument->value != NULL)
    return cli_value_copy (argument->value);
  return cli_value_new_bool (TRUE);
}

guint
cli_function_call (CliRun *run, const CliCommand *command, GPtrArray *out)
{
  g_autofree char *key = g_ascii_strdown (command->name, -1);
  const CliPipeline *function = g_hash_table_lookup (run->functions, key);
  char **parameters = function->parameters;
  guint n = g_strv_length (parameters);
  g_autofree gboolean *bound = g_new0 (gboolean, n + 1);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
  g_autoptr(GError) error = NULL;
  guint next = 0, failures;
  gsize offset = command->start;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (values, cli_value_new_null ());
  for (guint i = 0; i < command->arguments->len; i++)
    {
      const CliArgument *argument = g_ptr_array_index (command->arguments, i);
      const CliArgument *value_argument = argument;
      CliValue *value;
      int index;

      offset = argument->start;
      if (argument->name != NULL)
        {
          index = find_parameter (parameters, argument->name);
          if (index < 0)
            {
              g_set_error (&error, CLI_ERROR, index == -1 ? CLI_ERROR_PARAMETER_NOT_FOUND : CLI_ERROR_AMBIGUOUS_PARAMETER,
                           index == -1 ? "A parameter cannot be found that matches parameter name '%s'."
                                       : "Parameter cannot be processed because the parameter name '%s' is ambiguous.",
                           argument->name);
              break;
            }
          /* -Name value: the value is the next, positional, argument. */
          if (argument->value == NULL && argument->expr == NULL && !argument->colon &&
              i + 1 < command->arguments->len &&
              ((CliArgument *) g_ptr_array_index (command->arguments, i + 1))->name == NULL)
            value_argument = g_ptr_array_index (command->arguments, ++i);
        }
      else
        {
          while (next < n && bound[next])
            next++;
          if (next >= n)
            {
              g_autofree char *text = argument->value != NULL ? cli_value_to_string (argument->value) : NULL;

              g_set_error (&error, CLI_ERROR, CLI_ERROR_POSITIONAL_NOT_FOUND,
                           "A positional parameter cannot be found that accepts argument '%s'.",
                           text != NULL ? text : "(expression)");
              break;
            }
          index = next;
        }
      value = argument_value (run, value_argument, &offset, &error);
      if (value == NULL)
        break;
      cli_value_free (values->pdata[index]);
      values->pdata[index] = value;
      bound[index] = TRUE;
    }
  if (error != NULL)
    {
      cli_report_error (run->session, run->source, run->length, offset, command->name, NULL, error);
      return 1;
    }
  for (guint i = 0; i < n; i++)
    cli_run_set_variable (run, parameters[i], g_ptr_array_index (values, i));

  run->function_depth++;
  failures = cli_exec_statements (run, function->body, out);
  run->function_depth--;
  run->returning = FALSE;
  return failures;
}

guint
cli_exec_try (CliRun *run, const CliPipeline *statement, GPtrArray *out)
{
  guint failures;
  gboolean stopped, returning;

  run->tries++;
  failures = cli_exec_statements (run, statement->body, out);
  run->tries--;
  if (run->caught != NULL)
    {
      g_autoptr(GError) caught = g_steal_pointer (&run->caught);

      if (statement->catch_body != NULL)
        {
          /* $_ in catch is the error; its text is the message. */
          g_autoptr(CliValue) error = cli_value_new_string (caught->message);

          run->stopped = FALSE;
          failures = 0;
          cli_run_set_variable (run, "_", error);
          failures += cli_exec_statements (run, statement->catch_body, out);
        }
      else
        {
          /* try/finally: the error goes on after finally (it ends the script). */
          cli_report_error (run->session, run->source, run->length, statement->start, NULL, NULL, caught);
        }
    }
  if (statement->finally_body != NULL)
    {
      stopped = run->stopped;
      returning = run->returning;
      run->stopped = FALSE;
      run->returning = FALSE;
      failures += cli_exec_statements (run, statement->finally_body, out);
      run->stopped = run->stopped || stopped;
      run->returning = run->returning || returning;
    }
  return failures;
}
