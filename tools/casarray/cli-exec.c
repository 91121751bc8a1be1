/* cli-exec.c: running statements
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-exec.h"
#include "cli-binder.h"
#include "cli-error.h"
#include "cli-escape.h"
#include "cli-format.h"
#include "cli-parser.h"
#include "cli-report.h"

#include <string.h>

/* More than this many piped objects into a cmdlet that changes things
 * shows progress (when standard error is a terminal). */
#define PROGRESS_THRESHOLD 20

static void
add_source_objects (GPtrArray *objects, const CliValue *value)
{
  g_auto(GStrv) strings = cli_value_to_strv (value);

  for (guint i = 0; strings[i] != NULL; i++)
    g_ptr_array_add (objects, cli_object_new_string (strings[i]));
}

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
run_one (CliSession *session, const char *source, gssize length, const CliCommand *command,
         CliInvocation *invocation, GPtrArray *out)
{
  g_autoptr(GError) error = NULL;

  if (!cli_bind_check_mandatory (invocation, &error) ||
      !invocation->cmdlet->run (session, invocation, &error))
    {
      const char *target = invocation->target;

      if (target == NULL && invocation->input != NULL)
        target = cli_object_get_name (invocation->input);
      if (target == NULL)
        target = cli_invocation_get_identity (invocation);
      cli_report_error (session, source, length, command->end, invocation->cmdlet->name, target, error);
      /* What it wrote before failing still goes on. */
      for (guint i = 0; i < invocation->output->len; i++)
        g_ptr_array_add (out, cli_object_ref (g_ptr_array_index (invocation->output, i)));
      return FALSE;
    }
  for (guint i = 0; i < invocation->output->len; i++)
    g_ptr_array_add (out, cli_object_ref (g_ptr_array_index (invocation->output, i)));
  return TRUE;
}

/* Runs one statement; returns how many things in it failed (runs, and
 * items of the commands that process several), 0 when all went well.  A
 * command whose items partly failed gets a one-line summary on standard
 * error after the statement's output, so a script's caller learns of
 * failures that were each reported as an error or as a Failed row. */
static guint
run_pipeline (CliSession *session, const char *source, gssize length, const CliPipeline *pipeline)
{
  g_autoptr(GPtrArray) invocations = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_invocation_free);
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_object_unref);
  g_autoptr(GPtrArray) summaries = g_ptr_array_new_with_free_func (g_free);
  gboolean has_input = pipeline->source != NULL;
  guint failures = 0;

  /* Bind every command before running any, as PowerShell does. */
  for (guint i = 0; i < pipeline->commands->len; i++)
    {
      const CliCommand *command = g_ptr_array_index (pipeline->commands, i);
      g_autoptr(GError) error = NULL;
      const CliCmdlet *cmdlet;
      CliInvocation *invocation;
      gsize offset = command->end;

      cmdlet = cli_bind_cmdlet (command, &error);
      if (cmdlet == NULL)
        {
          cli_report_error (session, source, length, command->end, NULL, command->name, error);
          return 1;
        }
      invocation = cli_bind_arguments (cmdlet, command, &offset, &error);
      if (invocation == NULL)
        {
          cli_report_error (session, source, length, offset, cmdlet->name, NULL, error);
          return 1;
        }
      g_ptr_array_add (invocations, invocation);
    }

  if (pipeline->source != NULL)
    add_source_objects (objects, pipeline->source);

  for (guint i = 0; i < pipeline->commands->len; i++)
    {
      const CliCommand *command = g_ptr_array_index (pipeline->commands, i);
      CliInvocation *base = g_ptr_array_index (invocations, i);
      const CliCmdlet *cmdlet = base->cmdlet;
      g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_object_unref);
      Tally tally = { 0, 0, "piped objects" };
      guint failed_runs = 0;

      if ((cmdlet->flags & CLI_CMDLET_COLLECTS) || !has_input)
        {
          g_autoptr(CliInvocation) invocation = cli_invocation_copy (base);
          gboolean ok;

          if (cmdlet->flags & CLI_CMDLET_COLLECTS)
            invocation->inputs = g_ptr_array_ref (objects);
          ok = run_one (session, source, length, command, invocation, out);
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
              ok = run_one (session, source, length, command, invocation, out);
              tally_run (&tally, invocation, TRUE, ok);
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

      g_ptr_array_unref (objects);
      objects = g_steal_pointer (&out);
      has_input = TRUE;
    }

  if (objects->len > 0)
    {
      g_autofree char *text = cli_format_default (objects);

      fputs (text, session->out);
      fflush (session->out);
    }
  for (guint i = 0; i < summaries->len; i++)
    cli_report_message (session, "%s", (const char *) g_ptr_array_index (summaries, i));
  return failures;
}

CliExecResult
cli_exec_source (CliSession *session, const char *source, gssize length, gboolean allow_incomplete)
{
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GError) error = NULL;
  gsize offset = 0;
  guint failed_statements = 0;

  pipelines = cli_parse (source, length, &offset, &error);
  if (pipelines == NULL)
    {
      if (allow_incomplete && g_error_matches (error, CLI_ERROR, CLI_ERROR_INCOMPLETE))
        return CLI_EXEC_INCOMPLETE;
      cli_report_error (session, source, length, offset, NULL, NULL, error);
      return CLI_EXEC_FAILED;
    }
  for (guint i = 0; i < pipelines->len; i++)
    if (run_pipeline (session, source, length, g_ptr_array_index (pipelines, i)) > 0)
      failed_statements++;
  return failed_statements == 0 ? CLI_EXEC_OK : CLI_EXEC_FAILED;
}
