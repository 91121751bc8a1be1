/* cli-exec.c: running statements
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-exec.h"
#include "cli-script.h"
#include "cli-eval.h"
#include "cli-binder.h"
#include "cli-error.h"
#include "cli-escape.h"
#include "cli-format.h"
#include "cli-parser-private.h"
#include "cli-report.h"

#include <string.h>

/* More than this many piped objects into a cmdlet that changes things
 * shows progress (when standard error is a terminal). */
#define PROGRESS_THRESHOLD 20

/* What one command of a statement did with its items (the objects piped
 * into it, or the rows a runner counts itself) and how many failed. */
typedef struct {
  guint       items;
  guint       failed;
  const char *noun;
} Tally;

/* Adds a finished run to @tally: the items the runner counted, or else,
 * for a run on a piped object, that object. */
static void
tally_run (Tally *tally, const CliInvocation *invocation, gboolean piped, gboolean ok)
{
  if (invocation->items > 0)
    {
      tally->items += invocation->items;
      tally->failed += invocation->items_failed;
      tally->noun = invocation->items_noun;
    }
  else if (piped)
    {
      tally->items++;
      tally->failed += ok ? 0 : 1;
    }
}

static void
show_progress (CliSession *session, const CliCmdlet *cmdlet, guint done, guint total, const char *name)
{
  if (total == 0)
    {
      fprintf (session->err, "\r\033[K");
    }
  else
    {
      g_autofree char *shown = cli_escape (name != NULL ? name : "");

      fprintf (session->err, "\r\033[K%s: %u of %u (%u%%) %s", cmdlet->name, done, total,
               done * 100 / total, shown);
    }
  fflush (session->err);
}

static gboolean
run_one (CliRun *run, const CliCommand *command, CliInvocation *invocation, GPtrArray *out)
{
  CliSession *session = run->session;
  g_autoptr(GError) error = NULL;

  if (!cli_bind_check_mandatory (invocation, &error) ||
      !invocation->cmdlet->run (session, invocation, &error))
    {
      const char *target = invocation->target;

      if (target == NULL && invocation->input != NULL)
        target = cli_object_get_name (invocation->input);
      if (target == NULL)
        target = cli_invocation_get_identity (invocation);
      if (run->error_action == CLI_ERROR_ACTION_SILENT)
        {
          /* -ErrorAction SilentlyContinue: the administrator expects it
           * (Get-MailboxDatabase X -ea SilentlyContinue to test for X). */
          for (guint i = 0; i < invocation->output->len; i++)
            g_ptr_array_add (out, cli_value_from_object (g_ptr_array_index (invocation->output, i)));
          return TRUE;
        }
      if (run->error_action == CLI_ERROR_ACTION_STOP)
        run->stopped = TRUE;
      /* about_Try_Catch_Finally: in a try block a terminating error is
       * caught (cli_exec_try()), not reported. */
      if (run->error_action == CLI_ERROR_ACTION_STOP && run->tries > 0)
        {
          g_clear_error (&run->caught);
          run->caught = g_error_copy (error);
        }
      else
        cli_report_error (session, run->source, run->length, command->end, invocation->cmdlet->name, target, error);
      /* What it wrote before failing still goes on. */
      for (guint i = 0; i < invocation->output->len; i++)
        g_ptr_array_add (out, cli_value_from_object (g_ptr_array_index (invocation->output, i)));
      return FALSE;
    }
  for (guint i = 0; i < invocation->output->len; i++)
    g_ptr_array_add (out, cli_value_from_object (g_ptr_array_index (invocation->output, i)));
  return TRUE;
}


/* ---- arguments computed when the command runs ---- */

/* What the binder receives for a computed value: a pipeline object binds
 * by its identity (its DN), as EMS binds a database object given to
 * -Identity; numbers and blocks as their text. */
static CliValue *
binder_value (const CliValue *value, gboolean by_name)
{
  CliValue *list;

  switch (value->type)
    {
    case CLI_VALUE_OBJECT:
      {
        /* (Write-Host shows an object as its ToString(): its name) */
        const char *identity = by_name ? NULL : cli_object_get_identity (value->object);
        g_autofree char *text = identity == NULL ? cli_value_to_string (value) : NULL;

        return cli_value_new_string (identity != NULL ? identity : text);
      }
    case CLI_VALUE_INT:
    case CLI_VALUE_SCRIPT:
      {
        g_autofree char *text = cli_value_to_string (value);

        return cli_value_new_string (text);
      }
    case CLI_VALUE_LIST:
      list = cli_value_new_list ();
      for (guint i = 0; i < value->items->len; i++)
        cli_value_append (list, binder_value (g_ptr_array_index (value->items, i), by_name));
      return list;
    default:
      return cli_value_copy (value);
    }
}

/* A copy of @command with every computed argument's value computed (for
 * the binder when @for_binder, else as they are, for Where-Object and
 * ForEach-Object). */
CliCommand *
cli_exec_resolve_command (CliRun *run, const CliCommand *command, gboolean for_binder, gsize *error_offset, GError **error)
{
  g_autoptr(GPtrArray) arguments = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_argument_free);
  CliCommand *copy;

  for (guint i = 0; i < command->arguments->len; i++)
    {
      const CliArgument *argument = g_ptr_array_index (command->arguments, i);
      CliArgument *resolved = g_new0 (CliArgument, 1);

      *resolved = *argument;
      resolved->name = g_strdup (argument->name);
      resolved->expr = NULL;
      resolved->value = NULL;
      g_ptr_array_add (arguments, resolved);
      if (argument->expr != NULL)
        {
          g_autoptr(CliValue) value = cli_eval (run, argument->expr, error_offset, error);

          if (value == NULL)
            return NULL;
          resolved->value = for_binder ? binder_value (value, FALSE) : g_steal_pointer (&value);
        }
      else if (argument->value != NULL)
        resolved->value = cli_value_copy (argument->value);
    }
  copy = g_new0 (CliCommand, 1);
  copy->name = g_strdup (command->name);
  copy->start = command->start;
  copy->end = command->end;
  copy->arguments = g_steal_pointer (&arguments);
  return copy;
}


/* ---- common parameters ---- */

static gboolean
is_common (const CliArgument *argument, const char *full, const char *alias)
{
  gsize n = argument->name != NULL ? strlen (argument->name) : 0;

  return n > 0 && (g_ascii_strcasecmp (argument->name, alias) == 0 ||
                   (n >= 2 && n <= strlen (full) && g_ascii_strncasecmp (argument->name, full, n) == 0));
}

/* about_CommonParameters: -ErrorAction (-EA) and -WarningAction (-WA)
 * take SilentlyContinue, Stop, Continue, Ignore or their numbers 0, 1, 2,
 * 4 (Inquire, 3, asks, which casarray does not). */
static gboolean
parse_action (const CliArgument *argument, const CliValue *value, CliErrorAction *action, GError **error)
{
  g_autofree char *text = value != NULL ? cli_value_to_string (value) : g_strdup ("");

  if (g_ascii_strcasecmp (text, "SilentlyContinue") == 0 || g_str_equal (text, "0") ||
      g_ascii_strcasecmp (text, "Ignore") == 0 || g_str_equal (text, "4"))
    *action = CLI_ERROR_ACTION_SILENT;
  else if (g_ascii_strcasecmp (text, "Stop") == 0 || g_str_equal (text, "1"))
    *action = CLI_ERROR_ACTION_STOP;
  else if (g_ascii_strcasecmp (text, "Continue") == 0 || g_str_equal (text, "2"))
    *action = CLI_ERROR_ACTION_CONTINUE;
  else
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                   "Cannot bind parameter '%s'. Cannot convert value \"%s\" to type "
                   "\"System.Management.Automation.ActionPreference\" (casarray takes SilentlyContinue, "
                   "Stop, Continue and Ignore).", argument->name, text);
      return FALSE;
    }
  return TRUE;
}

/* Takes -ErrorAction and -WarningAction out of @resolved, for the
 * executor to apply, before the binder (which knows only the cmdlet's
 * own parameters) sees them. */
static gboolean
extract_common (CliCommand *resolved, CliErrorAction *errors, CliErrorAction *warnings,
                gsize *error_offset, GError **error)
{
  for (guint i = 0; i < resolved->arguments->len; i++)
    {
      CliArgument *argument = g_ptr_array_index (resolved->arguments, i);
      CliErrorAction *slot = is_common (argument, "ErrorAction", "ea") ? errors
                             : is_common (argument, "WarningAction", "wa") ? warnings : NULL;
      const CliValue *value = argument->value;
      guint remove = 1;

      if (slot == NULL)
        continue;
      *error_offset = argument->start;
      if (value == NULL && !argument->colon && i + 1 < resolved->arguments->len &&
          ((CliArgument *) g_ptr_array_index (resolved->arguments, i + 1))->name == NULL)
        {
          value = ((CliArgument *) g_ptr_array_index (resolved->arguments, i + 1))->value;
          remove = 2;
        }
      if (value == NULL)
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_MISSING_ARGUMENT,
                       "Missing an argument for parameter '%s'. Specify a parameter of type "
                       "'System.Management.Automation.ActionPreference' and try again.", argument->name);
          return FALSE;
        }
      if (!parse_action (argument, value, slot, error))
        return FALSE;
      g_ptr_array_remove_range (resolved->arguments, i, remove);
      i--;
    }
  return TRUE;
}

/* EMS's -DomainController NAME (host or host:port), on every cmdlet: takes
 * it out of @resolved and makes a handle for that server sharing the
 * session's credentials and settings (casarray_directory_new_for_server()). */
static gboolean
extract_domain_controller (CliSession *session, CliCommand *resolved, CasarrayDirectory **server,
                           gsize *error_offset, GError **error)
{
  for (guint i = 0; i < resolved->arguments->len; i++)
    {
      CliArgument *argument = g_ptr_array_index (resolved->arguments, i);
      const CliValue *value = argument->value;
      g_autofree char *name = NULL;
      CasarrayDirectory *directory;
      guint remove = 1;

      if (!is_common (argument, "DomainController", "dc"))
        continue;
      *error_offset = argument->start;
      if (value == NULL && !argument->colon && i + 1 < resolved->arguments->len &&
          ((CliArgument *) g_ptr_array_index (resolved->arguments, i + 1))->name == NULL)
        {
          value = ((CliArgument *) g_ptr_array_index (resolved->arguments, i + 1))->value;
          remove = 2;
        }
      if (value == NULL)
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_MISSING_ARGUMENT,
                       "Missing an argument for parameter '%s'. Specify a parameter of type "
                       "'Microsoft.Exchange.Data.Fqdn' and try again.", argument->name);
          return FALSE;
        }
      directory = cli_session_get_directory (session, error);
      if (directory == NULL)
        return FALSE;
      name = cli_value_to_string (value);
      g_clear_object (server);
      *server = casarray_directory_new_for_server (directory, name, error);
      if (*server == NULL)
        return FALSE;
      g_ptr_array_remove_range (resolved->arguments, i, remove);
      i--;
    }
  return TRUE;
}

/* ---- pipelines and statements ---- */

typedef struct {
  CliInvocation *invocation;  /* a cmdlet, or NULL for: */
  CliScriptCall  script;      /* Where-Object, ForEach-Object, Sort-Object */
  GPtrArray     *calculated;  /* Select-Object, Format-*: the -Property items
                               * (CliValue*) when one is a calculated property */
  CliErrorAction errors, warnings;  /* -ErrorAction, -WarningAction */
  CasarrayDirectory *server;  /* -DomainController: a handle for that server */
} Step;

static void
step_free (Step *step)
{
  g_clear_object (&step->server);
  if (step->calculated != NULL)
    g_ptr_array_unref (step->calculated);
  cli_invocation_free (step->invocation);
  cli_script_call_clear (&step->script);
  g_free (step);
}

static void
print_values (CliRun *run, GPtrArray *values)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_object_unref);
  g_autofree char *text = NULL;

  if (values->len == 0)
    return;
  for (guint i = 0; i < values->len; i++)
    {
      const CliValue *value = g_ptr_array_index (values, i);

      /* The console (Out-Default) enumerates an array that came down the
       * pipeline whole (return ,@(...)): one item a line. */
      if (value->type == CLI_VALUE_LIST)
        for (guint j = 0; j < value->items->len; j++)
          g_ptr_array_add (objects, cli_value_to_object (g_ptr_array_index (value->items, j)));
      else
        g_ptr_array_add (objects, cli_value_to_object (value));
    }
  text = cli_format_default (objects);
  fputs (text, run->session->out);
  fflush (run->session->out);
}

/* Runs one pipeline, adding its output to @out, or printing it when @out
 * is NULL; returns how many things in it failed (runs, and items of the
 * commands that process several), 0 when all went well.  A command whose
 * items partly failed gets a one-line summary on standard error after the
 * statement's output, so a script's caller learns of failures that were
 * each reported as an error or as a Failed row. */
static guint
run_pipeline (CliRun *run, const CliPipeline *pipeline, GPtrArray *out)
{
  CliSession *session = run->session;
  const char *source = run->source;
  gssize length = run->length;
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
  g_autoptr(GPtrArray) summaries = g_ptr_array_new_with_free_func (g_free);
  gboolean has_input = pipeline->source != NULL;
  guint failures = 0;

  if (pipeline->source == NULL && pipeline->commands->len > 0 &&
      cli_function_exists (run, ((CliCommand *) g_ptr_array_index (pipeline->commands, 0))->name))
    {
      const CliCommand *call = g_ptr_array_index (pipeline->commands, 0);
      g_autoptr(GPtrArray) got = NULL;

      if (pipeline->commands->len > 1)
        {
          g_autoptr(GError) error = g_error_new (CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
                                                 "Piping the output of a function is not supported by casarray: "
                                                 "store it in a variable first ($x = %s ...).", call->name);

          cli_report_error (session, source, length, call->start, NULL, NULL, error);
          return 1;
        }
      if (out != NULL)
        return cli_function_call (run, call, out);
      got = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
      failures = cli_function_call (run, call, got);
      print_values (run, got);
      return failures;
    }

  if (pipeline->source != NULL)
    {
      g_autoptr(GError) error = NULL;
      gsize offset = pipeline->source->start;
      g_autoptr(CliValue) value = cli_eval (run, pipeline->source, &offset, &error);

      if (value == NULL)
        {
          cli_report_error (session, source, length, offset, NULL, NULL, error);
          return 1;
        }
      cli_value_unroll (value, values);
    }

  /* Bind every command before running any, as PowerShell does. */
  for (guint i = 0; i < pipeline->commands->len; i++)
    {
      const CliCommand *command = g_ptr_array_index (pipeline->commands, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(CliCommand) resolved = NULL;
      const CliCmdlet *cmdlet;
      Step *step = g_new0 (Step, 1);
      gsize offset = command->end;

      g_ptr_array_add (steps, step);
      step->script.kind = cli_script_kind (command->name);
      if (step->script.kind != CLI_SCRIPT_NONE)
        {
          if (!cli_script_bind (run, command, &step->script, &offset, &error))
            {
              cli_report_error (session, source, length, offset, step->script.name, NULL, error);
              return 1;
            }
          continue;
        }
      cmdlet = cli_bind_cmdlet (command, &error);
      if (cmdlet == NULL)
        {
          cli_report_error (session, source, length, command->end, NULL, command->name, error);
          return 1;
        }
      resolved = cli_exec_resolve_command (run, command, FALSE, &offset, &error);
      if (resolved == NULL ||
          !extract_common (resolved, &step->errors, &step->warnings, &offset, &error) ||
          !extract_domain_controller (session, resolved, &step->server, &offset, &error) ||
          (cli_script_takes_calculated (command->name) && !cli_script_extract_calculated (resolved, &step->calculated, &offset, &error)))
        {
          cli_report_error (session, source, length, offset, cmdlet->name, NULL, error);
          return 1;
        }
      for (guint k = 0; k < resolved->arguments->len; k++)
        {
          CliArgument *argument = g_ptr_array_index (resolved->arguments, k);

          if (argument->value != NULL)
            {
              CliValue *converted = binder_value (argument->value, cmdlet->run == cli_run_write_host);

              cli_value_free (argument->value);
              argument->value = converted;
            }
        }
      step->invocation = cli_bind_arguments (cmdlet, resolved, &offset, &error);
      if (step->invocation == NULL)
        {
          cli_report_error (session, source, length, offset, cmdlet->name, NULL, error);
          return 1;
        }
    }

  for (guint i = 0; i < pipeline->commands->len; i++)
    {
      const CliCommand *command = g_ptr_array_index (pipeline->commands, i);
      Step *step = g_ptr_array_index (steps, i);
      CliInvocation *base = step->invocation;
      g_autoptr(GPtrArray) out_values = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
      g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_object_unref);
      Tally tally = { 0, 0, "piped objects" };
      guint failed_runs = 0;
      const CliCmdlet *cmdlet;
      CasarrayDirectory *saved_directory = NULL;

      if (base == NULL)
        {
          failures += cli_script_run (run, command, &step->script, values, has_input, out_values);
          g_ptr_array_unref (values);
          values = g_steal_pointer (&out_values);
          has_input = TRUE;
          /* -ErrorAction Stop inside the block ends the pipeline here, as
           * after a cmdlet step below: no later step sees partial output */
          if (run->stopped)
            break;
          continue;
        }
      cmdlet = base->cmdlet;
      /* -DomainController: this step's calls go to that server only */
      if (step->server != NULL)
        {
          saved_directory = session->directory;
          session->directory = step->server;
        }
      run->error_action = step->errors;
      session->no_warnings = step->warnings == CLI_ERROR_ACTION_SILENT;
      if (step->calculated != NULL)
        failures += cli_script_apply_calculated (run, step->calculated, values);
      for (guint j = 0; j < values->len; j++)
        g_ptr_array_add (objects, cli_value_to_object (g_ptr_array_index (values, j)));

      if ((cmdlet->flags & CLI_CMDLET_COLLECTS) || !has_input)
        {
          g_autoptr(CliInvocation) invocation = cli_invocation_copy (base);
          gboolean ok;

          if (cmdlet->flags & CLI_CMDLET_COLLECTS)
            invocation->inputs = g_ptr_array_ref (objects);
          ok = run_one (run, command, invocation, out_values);
          failed_runs += ok ? 0 : 1;
          tally_run (&tally, invocation, FALSE, ok);
        }
      else
        {
          gboolean progress = session->progress && objects->len > PROGRESS_THRESHOLD &&
                              (cmdlet->flags & CLI_CMDLET_CHANGES);

          for (guint j = 0; j < objects->len; j++)
            {
              CliObject *object = g_ptr_array_index (objects, j);
              g_autoptr(CliInvocation) invocation = cli_invocation_copy (base);
              g_autoptr(GError) error = NULL;
              gboolean ok;

              if (!cli_bind_pipeline_input (invocation, object, &error))
                {
                  /* The objects are of one kind: what cannot bind here
                   * cannot bind further on.  None of the rest ran. */
                  cli_report_error (session, source, length, command->end, cmdlet->name,
                                    cli_object_get_name (object), error);
                  tally.items += objects->len - j;
                  tally.failed += objects->len - j;
                  break;
                }
              if (progress)
                show_progress (session, cmdlet, j + 1, objects->len, cli_object_get_name (object));
              ok = run_one (run, command, invocation, out_values);
              tally_run (&tally, invocation, TRUE, ok);
              if (run->stopped)
                break;
            }
          if (progress)
            show_progress (session, cmdlet, 0, 0, NULL);
        }

      /* A failed run reported its error already; failed items add up to a
       * summary, and both fail the statement. */
      failures += MAX (failed_runs, tally.failed);
      if (tally.failed > 0)
        g_ptr_array_add (summaries, g_strdup_printf ("%s: %u of %u %s failed", cmdlet->name,
                                                     tally.failed, tally.items, tally.noun));

      if (step->server != NULL)
        session->directory = saved_directory;
      run->error_action = CLI_ERROR_ACTION_CONTINUE;
      session->no_warnings = FALSE;
      g_ptr_array_unref (values);
      values = g_steal_pointer (&out_values);
      has_input = TRUE;
      if (run->stopped)
        break;
    }

  if (out == NULL)
    print_values (run, values);
  else
    for (guint i = 0; i < values->len; i++)
      g_ptr_array_add (out, cli_value_copy (g_ptr_array_index (values, i)));
  for (guint i = 0; i < summaries->len; i++)
    cli_report_message (session, "%s", (const char *) g_ptr_array_index (summaries, i));
  return failures;
}

/* Runs one statement, its output to @out (or printed when NULL). */
static guint
run_statement (CliRun *run, const CliPipeline *statement, GPtrArray *out)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
  g_autoptr(GPtrArray) collected = NULL;
  guint failures = 0;

  switch (statement->kind)
    {
    case CLI_STATEMENT_PIPELINE:
      if (statement->returns == 2)
        {
          /* exit [code]: the script ends; a code other than 0 fails it. */
          g_autoptr(CliValue) code = NULL;

          failures = run_pipeline (run, statement, items);
          code = cli_value_from_items (items);
          run->stopped = TRUE;
          return failures + (code->type == CLI_VALUE_INT && code->integer != 0 ? 1 : 0);
        }
      failures = run_pipeline (run, statement, out);
      /* return: leaves the function, or at the top level the script. */
      if (statement->returns == 1 && run->function_depth > 0)
        run->returning = TRUE;
      else if (statement->returns == 1)
        run->stopped = TRUE;
      return failures;
    case CLI_STATEMENT_FUNCTION:
      cli_function_define (run, statement);
      return 0;
    case CLI_STATEMENT_ASSIGNMENT:
      {
        g_autoptr(CliValue) value = NULL;

        const CliPipeline *collection = statement->collection;

        /* about_Assignment_Operators: an expression is assigned as it is
         * ($a = @() is an empty array, $a = ,(1,2) one item); a pipeline's
         * output is collected ($null, one object, or an array). */
        if (collection->commands->len == 0 && collection->source != NULL)
          {
            g_autoptr(GError) error = NULL;
            gsize offset = collection->source->start;

            value = cli_eval (run, collection->source, &offset, &error);
            if (value == NULL)
              {
                cli_report_error (run->session, run->source, run->length, offset, NULL, NULL, error);
                return 1;
              }
          }
        else
          {
            failures = run_pipeline (run, collection, items);
            value = cli_value_from_items (items);
          }
        if (statement->target != NULL)
          {
            g_autoptr(GError) error = NULL;

            if (!cli_eval_assign_index (run, statement->target, value, &error))
              {
                cli_report_error (run->session, run->source, run->length, statement->target->start, NULL, NULL, error);
                return failures + 1;
              }
            return failures;
          }
        cli_run_set_variable (run, statement->variable, value);
        return failures;
      }
    default:
      break;
    }

  /* foreach and if print what their bodies write once they are done. */
  if (out == NULL)
    out = collected = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
  if (statement->kind == CLI_STATEMENT_TRY)
    failures = cli_exec_try (run, statement, out);
  else if (statement->kind == CLI_STATEMENT_FOREACH)
    {
      failures = run_pipeline (run, statement->collection, items);
      for (guint i = 0; i < items->len && !run->stopped && !run->returning; i++)
        {
          cli_run_set_variable (run, statement->variable, g_ptr_array_index (items, i));
          failures += cli_exec_statements (run, statement->body, out);
        }
    }
  else
    {
      gboolean done = FALSE;

      for (guint i = 0; i < statement->conditions->len && !done; i++)
        {
          g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
          g_autoptr(CliValue) value = NULL;
          guint failed = run_pipeline (run, g_ptr_array_index (statement->conditions, i), result);

          failures += failed;
          if (failed > 0)
            {
              done = TRUE;
              break;
            }
          value = cli_value_from_items (result);
          if (cli_value_is_true (value))
            {
              failures += cli_exec_statements (run, g_ptr_array_index (statement->bodies, i), out);
              done = TRUE;
            }
        }
      if (!done && statement->body != NULL)
        failures += cli_exec_statements (run, statement->body, out);
    }
  if (collected != NULL)
    print_values (run, collected);
  return failures;
}

/* about_Automatic_Variables: $? is True when the last statement
 * succeeded, False when anything in it failed. */
static void
set_status (CliRun *run, guint failed)
{
  g_autoptr(CliValue) status = cli_value_new_bool (failed == 0);

  cli_run_set_variable (run, "?", status);
}

guint
cli_exec_statements (CliRun *run, GPtrArray *statements, GPtrArray *out)
{
  guint failures = 0;

  for (guint i = 0; i < statements->len && !run->stopped && !run->returning; i++)
    {
      guint failed = run_statement (run, g_ptr_array_index (statements, i), out);

      set_status (run, failed);
      failures += failed;
    }
  run->failures += failures;
  return failures;
}

CliExecResult
cli_exec_source (CliSession *session, const char *source, gssize length, gboolean allow_incomplete)
{
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) error = NULL;
  CliRun run = { session, source, length, 0, CLI_ERROR_ACTION_CONTINUE, FALSE, NULL, 0, FALSE, 0, NULL };
  gsize offset = 0;
  guint failed_statements = 0;

  statements = cli_parse (source, length, &offset, &error);
  if (statements == NULL)
    {
      if (allow_incomplete && g_error_matches (error, CLI_ERROR, CLI_ERROR_INCOMPLETE))
        return CLI_EXEC_INCOMPLETE;
      cli_report_error (session, source, length, offset, NULL, NULL, error);
      return CLI_EXEC_FAILED;
    }
  /* An -ErrorAction Stop error ends the script, as a terminating error
   * does in PowerShell, unless a try block catches it (cli-function.c). */
  for (guint i = 0; i < statements->len && !run.stopped; i++)
    {
      guint failed = run_statement (&run, g_ptr_array_index (statements, i), NULL);

      set_status (&run, failed);
      if (failed > 0)
        failed_statements++;
    }
  g_clear_pointer (&run.functions, g_hash_table_unref);
  g_clear_error (&run.caught);
  return failed_statements == 0 ? CLI_EXEC_OK : CLI_EXEC_FAILED;
}
