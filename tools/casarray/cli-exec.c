/* cli-exec.c: running statements
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-exec.h"
#include "cli-binder.h"
#include "cli-error.h"
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

static void
show_progress (CliSession *session, const CliCmdlet *cmdlet, guint done, guint total, const char *name)
{
  if (total == 0)
    {
      fprintf (session->err, "\r\033[K");
    }
  else
    {
      fprintf (session->err, "\r\033[K%s: %u of %u (%u%%) %s", cmdlet->name, done, total,
               done * 100 / total, name != NULL ? name : "");
    }
  fflush (session->err);
}

static gboolean
run_one (CliSession *session, const char *source, const CliCommand *command,
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
      cli_report_error (session, source, command->end, invocation->cmdlet->name, target, error);
      /* What it wrote before failing still goes on. */
      for (guint i = 0; i < invocation->output->len; i++)
        g_ptr_array_add (out, cli_object_ref (g_ptr_array_index (invocation->output, i)));
      return FALSE;
    }
  for (guint i = 0; i < invocation->output->len; i++)
    g_ptr_array_add (out, cli_object_ref (g_ptr_array_index (invocation->output, i)));
  return TRUE;
}

static gboolean
run_pipeline (CliSession *session, const char *source, const CliPipeline *pipeline)
{
  g_autoptr(GPtrArray) invocations = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_invocation_free);
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_object_unref);
  gboolean has_input = pipeline->source != NULL;
  gboolean ok = TRUE;

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
          cli_report_error (session, source, command->end, NULL, command->name, error);
          return FALSE;
        }
      invocation = cli_bind_arguments (cmdlet, command, &offset, &error);
      if (invocation == NULL)
        {
          cli_report_error (session, source, offset, cmdlet->name, NULL, error);
          return FALSE;
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

      if (cmdlet->flags & CLI_CMDLET_COLLECTS)
        {
          g_autoptr(CliInvocation) invocation = cli_invocation_copy (base);

          invocation->inputs = g_ptr_array_ref (objects);
          ok &= run_one (session, source, command, invocation, out);
        }
      else if (!has_input)
        {
          g_autoptr(CliInvocation) invocation = cli_invocation_copy (base);

          ok &= run_one (session, source, command, invocation, out);
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

              if (!cli_bind_pipeline_input (invocation, object, &error))
                {
                  cli_report_error (session, source, command->end, cmdlet->name,
                                    cli_object_get_name (object), error);
                  ok = FALSE;
                  break;
                }
              if (progress)
                show_progress (session, cmdlet, j + 1, objects->len, cli_object_get_name (object));
              ok &= run_one (session, source, command, invocation, out);
            }
          if (progress)
            show_progress (session, cmdlet, 0, 0, NULL);
        }

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
  return ok;
}

CliExecResult
cli_exec_source (CliSession *session, const char *source, gboolean allow_incomplete)
{
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GError) error = NULL;
  gsize offset = 0;
  gboolean ok = TRUE;

  pipelines = cli_parse (source, &offset, &error);
  if (pipelines == NULL)
    {
      if (allow_incomplete && g_error_matches (error, CLI_ERROR, CLI_ERROR_INCOMPLETE))
        return CLI_EXEC_INCOMPLETE;
      cli_report_error (session, source, offset, NULL, NULL, error);
      return CLI_EXEC_FAILED;
    }
  for (guint i = 0; i < pipelines->len; i++)
    ok &= run_pipeline (session, source, g_ptr_array_index (pipelines, i));
  return ok ? CLI_EXEC_OK : CLI_EXEC_FAILED;
}
