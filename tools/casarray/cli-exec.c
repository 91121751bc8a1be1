/* cli-exec.c: running statements
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-exec.h"
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
static CliCommand *
resolve_command (CliRun *run, const CliCommand *command, gboolean for_binder, gsize *error_offset, GError **error)
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


/* ---- Where-Object and ForEach-Object ---- */

typedef enum {
  SCRIPT_NONE,
  SCRIPT_WHERE,
  SCRIPT_FOREACH,
  SCRIPT_SORT,
  SCRIPT_OUTPUT,
  SCRIPT_MEASURE,
  SCRIPT_GROUP,
} ScriptCmdlet;

static ScriptCmdlet
script_cmdlet (const char *name)
{
  if (g_ascii_strcasecmp (name, "Where-Object") == 0 || g_ascii_strcasecmp (name, "where") == 0 ||
      g_str_equal (name, "?"))
    return SCRIPT_WHERE;
  if (g_ascii_strcasecmp (name, "ForEach-Object") == 0 || g_ascii_strcasecmp (name, "foreach") == 0 ||
      g_str_equal (name, "%"))
    return SCRIPT_FOREACH;
  if (g_ascii_strcasecmp (name, "Sort-Object") == 0 || g_ascii_strcasecmp (name, "sort") == 0)
    return SCRIPT_SORT;
  if (g_ascii_strcasecmp (name, "Measure-Object") == 0 || g_ascii_strcasecmp (name, "measure") == 0)
    return SCRIPT_MEASURE;
  if (g_ascii_strcasecmp (name, "Group-Object") == 0 || g_ascii_strcasecmp (name, "group") == 0)
    return SCRIPT_GROUP;
  /* Write-Output passes its values on as they are (objects stay objects). */
  if (g_ascii_strcasecmp (name, "Write-Output") == 0 || g_ascii_strcasecmp (name, "echo") == 0 ||
      g_ascii_strcasecmp (name, "write") == 0)
    return SCRIPT_OUTPUT;
  return SCRIPT_NONE;
}

static gboolean
takes_calculated (const char *name)
{
  static const char * const names[] = { "Select-Object", "select", "Format-Table", "ft", "Format-List", "fl" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Runs @block with $_ (and $PSItem) set to @item, adding its output to
 * @out; the failures of its statements. */
static guint
invoke_block (CliRun *run, const CliValue *block, const CliValue *item, GPtrArray *out)
{
  CliValue *saved = g_hash_table_lookup (run->session->variables, "_");
  g_autoptr(CliValue) old = saved != NULL ? cli_value_copy (saved) : NULL;
  guint failures;

  cli_run_set_variable (run, "_", item);
  failures = cli_exec_statements (run, block->block, out);
  cli_run_set_variable (run, "_", old);
  return failures;
}

/* How a Where-Object or ForEach-Object was called: a script block, or
 * Where-Object's simplified form (Where-Object Server -eq MBX1) or
 * ForEach-Object's (ForEach-Object Name). */
typedef struct {
  ScriptCmdlet  kind;
  const char   *name;
  CliValue     *block;        /* -FilterScript / -Process */
  CliValue     *begin, *end;  /* ForEach-Object -Begin, -End */
  char         *property;
  gboolean      has_op;
  CliOp         op;
  gboolean      case_sensitive;
  CliValue     *value;
  /* Sort-Object, Measure-Object, Group-Object */
  GPtrArray    *keys;         /* CliValue*: property names (strings) or script blocks */
  gboolean      descending, unique;
  gboolean      sum, average, maximum, minimum;  /* Measure-Object */
} ScriptCall;

static void
script_call_clear (ScriptCall *call)
{
  cli_value_free (call->block);
  cli_value_free (call->begin);
  cli_value_free (call->end);
  g_free (call->property);
  cli_value_free (call->value);
  if (call->keys != NULL)
    g_ptr_array_unref (call->keys);
}

/* Sort-Object [-Property] name|{ block },... [-Descending] [-Unique]
 * [-CaseSensitive]. */
static gboolean
bind_sort_call (const CliCommand *resolved, ScriptCall *call, gsize *error_offset, GError **error)
{
  call->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
  for (guint i = 0; i < resolved->arguments->len; i++)
    {
      CliArgument *argument = g_ptr_array_index (resolved->arguments, i);
      const CliValue *keys = NULL;
      gsize n = argument->name != NULL ? strlen (argument->name) : 0;

      *error_offset = argument->start;
      if (argument->name == NULL)
        keys = argument->value;
      else if (n >= 1 && g_ascii_strncasecmp (argument->name, "Property", n) == 0)
        {
          if (argument->value == NULL && i + 1 < resolved->arguments->len &&
              ((CliArgument *) g_ptr_array_index (resolved->arguments, i + 1))->name == NULL)
            argument = g_ptr_array_index (resolved->arguments, ++i);
          keys = argument->value;
          if (keys == NULL)
            {
              g_set_error (error, CLI_ERROR, CLI_ERROR_MISSING_ARGUMENT,
                           "Missing an argument for parameter 'Property'. Specify a parameter of type "
                           "'System.Object[]' and try again.");
              return FALSE;
            }
        }
      else if (call->kind == SCRIPT_SORT && n >= 1 && g_ascii_strncasecmp (argument->name, "Descending", n) == 0)
        call->descending = argument->value == NULL || cli_value_is_true (argument->value);
      else if (call->kind == SCRIPT_SORT && n >= 1 && g_ascii_strncasecmp (argument->name, "Unique", n) == 0)
        call->unique = argument->value == NULL || cli_value_is_true (argument->value);
      else if (call->kind != SCRIPT_MEASURE && n >= 1 && g_ascii_strncasecmp (argument->name, "CaseSensitive", n) == 0)
        call->case_sensitive = argument->value == NULL || cli_value_is_true (argument->value);
      else if (call->kind == SCRIPT_MEASURE && n >= 1 && g_ascii_strncasecmp (argument->name, "Sum", n) == 0)
        call->sum = TRUE;
      else if (call->kind == SCRIPT_MEASURE && n >= 1 && g_ascii_strncasecmp (argument->name, "Average", n) == 0)
        call->average = TRUE;
      else if (call->kind == SCRIPT_MEASURE && n >= 2 && g_ascii_strncasecmp (argument->name, "Maximum", n) == 0)
        call->maximum = TRUE;
      else if (call->kind == SCRIPT_MEASURE && n >= 2 && g_ascii_strncasecmp (argument->name, "Minimum", n) == 0)
        call->minimum = TRUE;
      else
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_PARAMETER_NOT_FOUND,
                       "A parameter cannot be found that matches parameter name '%s' (casarray's %s takes %s).",
                       argument->name, call->name,
                       call->kind == SCRIPT_SORT ? "-Property, -Descending, -Unique and -CaseSensitive"
                       : call->kind == SCRIPT_MEASURE ? "-Property, -Sum, -Average, -Maximum and -Minimum"
                       : "-Property and -CaseSensitive");
          return FALSE;
        }
      if (keys != NULL)
        cli_value_unroll (keys, call->keys);
    }
  return TRUE;
}

static gboolean
name_is (const CliArgument *argument, const char *full, gsize min)
{
  gsize n = strlen (argument->name);

  return n >= min && n <= strlen (full) && g_ascii_strncasecmp (argument->name, full, n) == 0;
}

static gboolean
bind_script_call (CliRun *run, const CliCommand *command, ScriptCall *call, gsize *error_offset, GError **error)
{
  g_autoptr(CliCommand) resolved = resolve_command (run, command, FALSE, error_offset, error);
  guint positional = 0;

  if (resolved == NULL)
    return FALSE;
  if (call->kind == SCRIPT_SORT || call->kind == SCRIPT_MEASURE || call->kind == SCRIPT_GROUP)
    {
      call->name = call->kind == SCRIPT_SORT ? "Sort-Object"
                   : call->kind == SCRIPT_MEASURE ? "Measure-Object" : "Group-Object";
      return bind_sort_call (resolved, call, error_offset, error);
    }
  if (call->kind == SCRIPT_OUTPUT)
    {
      call->name = "Write-Output";
      call->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
      for (guint i = 0; i < resolved->arguments->len; i++)
        {
          CliArgument *argument = g_ptr_array_index (resolved->arguments, i);
          gsize n = argument->name != NULL ? strlen (argument->name) : 0;

          *error_offset = argument->start;
          if (argument->name != NULL &&
              (n > strlen ("InputObject") || g_ascii_strncasecmp (argument->name, "InputObject", n) != 0))
            {
              g_set_error (error, CLI_ERROR, CLI_ERROR_PARAMETER_NOT_FOUND,
                           "A parameter cannot be found that matches parameter name '%s'.", argument->name);
              return FALSE;
            }
          if (argument->value != NULL)
            cli_value_unroll (argument->value, call->keys);
        }
      return TRUE;
    }
  call->name = call->kind == SCRIPT_WHERE ? "Where-Object" : "ForEach-Object";
  for (guint i = 0; i < resolved->arguments->len; i++)
    {
      CliArgument *argument = g_ptr_array_index (resolved->arguments, i);
      CliValue **slot = NULL;
      CliOp op;
      gboolean cs;

      *error_offset = argument->start;
      if (argument->name == NULL)
        {
          if (argument->value->type == CLI_VALUE_SCRIPT && call->block == NULL && call->property == NULL)
            slot = &call->block;
          else if (positional == 0 && call->block == NULL && call->property == NULL)
            {
              call->property = cli_value_to_string (argument->value);
              positional++;
              continue;
            }
          else if (call->kind == SCRIPT_WHERE && call->property != NULL && call->value == NULL)
            slot = &call->value;
          else
            {
              g_autofree char *shown = cli_value_to_string (argument->value);

              g_set_error (error, CLI_ERROR, CLI_ERROR_POSITIONAL_NOT_FOUND,
                           "A positional parameter cannot be found that accepts argument '%s'.", shown);
              return FALSE;
            }
        }
      else if (call->kind == SCRIPT_WHERE && argument->value == NULL && !argument->colon &&
               cli_op_lookup (argument->name, &op, &cs) && !cli_op_is_logical (op) && op != CLI_OP_FORMAT)
        {
          call->has_op = TRUE;
          call->op = op;
          call->case_sensitive = cs;
          continue;
        }
      else if (call->kind == SCRIPT_WHERE && name_is (argument, "FilterScript", 1))
        slot = &call->block;
      else if (call->kind == SCRIPT_FOREACH && name_is (argument, "Process", 1))
        slot = &call->block;
      else if (call->kind == SCRIPT_FOREACH && name_is (argument, "Begin", 1))
        slot = &call->begin;
      else if (call->kind == SCRIPT_FOREACH && name_is (argument, "End", 1))
        slot = &call->end;
      else if (call->kind == SCRIPT_WHERE && name_is (argument, "Value", 1))
        slot = &call->value;
      else if (name_is (argument, "Property", 2) || (call->kind == SCRIPT_FOREACH && name_is (argument, "MemberName", 1)))
        {
          if (argument->value == NULL && i + 1 < resolved->arguments->len &&
              ((CliArgument *) g_ptr_array_index (resolved->arguments, i + 1))->name == NULL)
            {
              /* -Property Server: the value came as the next argument. */
              CliArgument *next = g_ptr_array_index (resolved->arguments, ++i);

              call->property = cli_value_to_string (next->value);
              continue;
            }
          if (argument->value != NULL)
            {
              call->property = cli_value_to_string (argument->value);
              continue;
            }
          g_set_error (error, CLI_ERROR, CLI_ERROR_MISSING_ARGUMENT,
                       "Missing an argument for parameter '%s'. Specify a parameter of type 'System.String' and try again.",
                       argument->name);
          return FALSE;
        }
      else
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_PARAMETER_NOT_FOUND,
                       "A parameter cannot be found that matches parameter name '%s'%s.", argument->name,
                       call->kind == SCRIPT_WHERE ? " (casarray's Where-Object takes a script block, "
                       "or Property, an operator such as -eq, and a value)"
                                                  : " (casarray's ForEach-Object takes -Process, -Begin, -End, "
                       "or a property name)");
          return FALSE;
        }

      if (argument->value == NULL && i + 1 < resolved->arguments->len &&
          ((CliArgument *) g_ptr_array_index (resolved->arguments, i + 1))->name == NULL)
        argument = g_ptr_array_index (resolved->arguments, ++i);
      if (argument->value == NULL)
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_MISSING_ARGUMENT,
                       "Missing an argument for parameter '%s'.", argument->name);
          return FALSE;
        }
      if (slot != &call->value && argument->value->type != CLI_VALUE_SCRIPT)
        {
          g_autofree char *shown = cli_value_to_string (argument->value);

          g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                       "Cannot bind parameter: cannot convert \"%s\" to type \"System.Management.Automation.ScriptBlock\".",
                       shown);
          return FALSE;
        }
      cli_value_free (*slot);
      *slot = cli_value_copy (argument->value);
    }
  if (call->block == NULL && call->property == NULL)
    {
      *error_offset = command->end;
      g_set_error (error, CLI_ERROR, CLI_ERROR_MISSING_MANDATORY,
                   call->kind == SCRIPT_WHERE
                   ? "Where-Object needs a script block ({ $_.Server -eq \"MBX1\" }) or a property, an operator and a value."
                   : "ForEach-Object needs a script block ({ $_.Name }) or a property name.");
      return FALSE;
    }
  if (call->kind == SCRIPT_WHERE && call->block == NULL && call->has_op && call->value == NULL)
    {
      *error_offset = command->end;
      g_set_error (error, CLI_ERROR, CLI_ERROR_MISSING_ARGUMENT,
                   "Where-Object: the comparison has no value to compare with.");
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  CliValue  *item;
  GPtrArray *keys;   /* CliValue*, one per sort key */
  guint      index;  /* for a stable sort */
} SortRow;

static void
sort_row_free (SortRow *row)
{
  cli_value_free (row->item);
  g_ptr_array_unref (row->keys);
  g_free (row);
}

static int
compare_rows (gconstpointer a, gconstpointer b, gpointer data)
{
  const SortRow *x = *(SortRow * const *) a;
  const SortRow *y = *(SortRow * const *) b;
  const ScriptCall *call = data;

  for (guint k = 0; k < x->keys->len; k++)
    {
      int c = cli_value_compare (g_ptr_array_index (x->keys, k), g_ptr_array_index (y->keys, k),
                                 call->case_sensitive);

      if (c != 0)
        return call->descending ? -c : c;
    }
  return (x->index > y->index) - (x->index < y->index);
}

/* Sort-Object: by each key in turn (a property, or what a block gives for
 * the object), stable, -Unique dropping objects whose keys equal the
 * previous one's. */
static guint
run_sort (CliRun *run, ScriptCall *call, GPtrArray *input, GPtrArray *out)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sort_row_free);
  guint failures = 0;

  for (guint i = 0; i < input->len; i++)
    {
      SortRow *row = g_new0 (SortRow, 1);
      const CliValue *item = g_ptr_array_index (input, i);

      row->item = cli_value_copy (item);
      row->index = i;
      row->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
      g_ptr_array_add (rows, row);
      if (call->keys->len == 0)
        g_ptr_array_add (row->keys, cli_value_copy (item));
      for (guint k = 0; k < call->keys->len; k++)
        {
          const CliValue *key = g_ptr_array_index (call->keys, k);

          if (key->type == CLI_VALUE_SCRIPT)
            {
              g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);

              failures += invoke_block (run, key, item, result);
              g_ptr_array_add (row->keys, cli_value_from_items (result));
            }
          else
            {
              g_autofree char *name = cli_value_to_string (key);

              g_ptr_array_add (row->keys, cli_eval_member (item, name));
            }
        }
    }
  g_ptr_array_sort_with_data (rows, compare_rows, call);
  for (guint i = 0; i < rows->len; i++)
    {
      SortRow *row = g_ptr_array_index (rows, i);

      if (call->unique && i > 0)
        {
          SortRow *previous = g_ptr_array_index (rows, i - 1);
          gboolean same = TRUE;

          for (guint k = 0; k < row->keys->len && same; k++)
            same = cli_value_compare (g_ptr_array_index (row->keys, k), g_ptr_array_index (previous->keys, k),
                                      call->case_sensitive) == 0;
          if (same)
            continue;
        }
      g_ptr_array_add (out, cli_value_copy (row->item));
    }
  return failures;
}

static CliProp *
number_prop (const char *name, gboolean given, double value, gboolean integral)
{
  CliProp *prop = g_new0 (CliProp, 1);

  prop->name = g_strdup (name);
  if (!given)
    prop->type = CLI_PROP_NULL;
  else if (integral && value == (double) (gint64) value)
    {
      prop->type = CLI_PROP_INT;
      prop->integer = (gint64) value;
    }
  else
    {
      prop->type = CLI_PROP_STRING;
      prop->string = g_strdup_printf ("%g", value);
    }
  return prop;
}

/* Measure-Object: Count, and with -Property the -Sum, -Average,
 * -Maximum, -Minimum of that property's numbers (a value that is no
 * number is an error, as in PowerShell). */
static guint
run_measure (CliRun *run, const CliCommand *command, ScriptCall *call, GPtrArray *input, GPtrArray *out)
{
  g_autoptr(GPtrArray) props = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_prop_free);
  g_autofree char *property = call->keys->len > 0 ? cli_value_to_string (g_ptr_array_index (call->keys, 0)) : NULL;
  double sum = 0, max = 0, min = 0;
  guint count = 0;
  g_autoptr(CliObject) result = NULL;
  CliProp *name;

  for (guint i = 0; i < input->len; i++)
    {
      const CliValue *item = g_ptr_array_index (input, i);
      g_autoptr(CliValue) value = property != NULL ? cli_eval_member (item, property) : cli_value_copy (item);
      g_autofree char *text = NULL;
      char *end = NULL;
      double x;

      if (property != NULL && value->type == CLI_VALUE_NULL)
        continue;
      count++;
      if (!(call->sum || call->average || call->maximum || call->minimum))
        continue;
      text = cli_value_to_string (value);
      x = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0')
        {
          g_autoptr(GError) error = g_error_new (CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                                                 "Input object \"%s\" is not numeric.", text);

          cli_report_error (run->session, run->source, run->length, command->end, call->name, NULL, error);
          return 1;
        }
      sum += x;
      max = count == 1 ? x : MAX (max, x);
      min = count == 1 ? x : MIN (min, x);
    }
  g_ptr_array_add (props, number_prop ("Count", TRUE, count, TRUE));
  g_ptr_array_add (props, number_prop ("Average", call->average && count > 0, count > 0 ? sum / count : 0, FALSE));
  g_ptr_array_add (props, number_prop ("Sum", call->sum, sum, TRUE));
  g_ptr_array_add (props, number_prop ("Maximum", call->maximum && count > 0, max, TRUE));
  g_ptr_array_add (props, number_prop ("Minimum", call->minimum && count > 0, min, TRUE));
  name = g_new0 (CliProp, 1);
  name->name = g_strdup ("Property");
  name->type = property != NULL ? CLI_PROP_STRING : CLI_PROP_NULL;
  name->string = g_strdup (property);
  g_ptr_array_add (props, name);
  result = cli_object_new_custom ("Microsoft.PowerShell.Commands.GenericMeasureInfo", props);
  g_ptr_array_add (out, cli_value_new_object (result));
  return 0;
}

/* Group-Object: one Count, Name, Group object per distinct value of the
 * key (compared without regard to case unless -CaseSensitive), in the
 * order the values first appear; Group shows the members' names. */
static guint
run_group (CliRun *run, ScriptCall *call, GPtrArray *input, GPtrArray *out)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
  guint failures = 0;

  for (guint i = 0; i < input->len; i++)
    {
      const CliValue *item = g_ptr_array_index (input, i);
      g_autoptr(CliValue) key = NULL;
      guint g;

      if (call->keys->len == 0)
        key = cli_value_copy (item);
      else if (((CliValue *) g_ptr_array_index (call->keys, 0))->type == CLI_VALUE_SCRIPT)
        {
          g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);

          failures += invoke_block (run, g_ptr_array_index (call->keys, 0), item, result);
          key = cli_value_from_items (result);
        }
      else
        {
          g_autofree char *property = cli_value_to_string (g_ptr_array_index (call->keys, 0));

          key = cli_eval_member (item, property);
        }
      for (g = 0; g < keys->len; g++)
        if (cli_value_compare (g_ptr_array_index (keys, g), key, call->case_sensitive) == 0)
          break;
      if (g == keys->len)
        {
          g_ptr_array_add (names, cli_value_to_string (key));
          g_ptr_array_add (keys, g_steal_pointer (&key));
          g_ptr_array_add (members, g_ptr_array_new_with_free_func (g_free));
        }
      g_ptr_array_add (g_ptr_array_index (members, g), cli_value_to_string (item));
    }
  for (guint g = 0; g < keys->len; g++)
    {
      GPtrArray *group = g_ptr_array_index (members, g);
      g_autoptr(GPtrArray) props = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_prop_free);
      g_autoptr(CliObject) object = NULL;
      CliProp *prop;

      g_ptr_array_add (props, number_prop ("Count", TRUE, group->len, TRUE));
      prop = g_new0 (CliProp, 1);
      prop->name = g_strdup ("Name");
      prop->type = CLI_PROP_STRING;
      prop->string = g_strdup (g_ptr_array_index (names, g));
      g_ptr_array_add (props, prop);
      prop = g_new0 (CliProp, 1);
      prop->name = g_strdup ("Group");
      prop->type = CLI_PROP_LIST;
      prop->list = g_new0 (char *, group->len + 1);
      for (guint k = 0; k < group->len; k++)
        prop->list[k] = g_strdup (g_ptr_array_index (group, k));
      g_ptr_array_add (props, prop);
      object = cli_object_new_custom ("Microsoft.PowerShell.Commands.GroupInfo", props);
      g_ptr_array_add (out, cli_value_new_object (object));
    }
  return failures;
}

/* Runs a Where-Object, ForEach-Object or Sort-Object over @input
 * (CliValue*) into @out. */
static guint
run_script_call (CliRun *run, const CliCommand *command, ScriptCall *call, GPtrArray *input, gboolean has_input,
                 GPtrArray *out)
{
  guint failures = 0;
  g_autoptr(CliValue) none = cli_value_new_null ();

  if (call->kind == SCRIPT_SORT)
    return run_sort (run, call, input, out);
  if (call->kind == SCRIPT_MEASURE)
    return run_measure (run, command, call, input, out);
  if (call->kind == SCRIPT_GROUP)
    return run_group (run, call, input, out);
  if (call->kind == SCRIPT_OUTPUT)
    {
      for (guint i = 0; has_input && i < input->len; i++)
        g_ptr_array_add (out, cli_value_copy (g_ptr_array_index (input, i)));
      for (guint i = 0; i < call->keys->len; i++)
        g_ptr_array_add (out, cli_value_copy (g_ptr_array_index (call->keys, i)));
      return 0;
    }

  if (call->begin != NULL)
    failures += invoke_block (run, call->begin, none, out);
  for (guint i = 0; i < (has_input ? input->len : 1); i++)
    {
      const CliValue *item = has_input ? g_ptr_array_index (input, i) : none;

      if (call->block != NULL && call->kind == SCRIPT_FOREACH)
        failures += invoke_block (run, call->block, item, out);
      else if (call->block != NULL)
        {
          g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
          g_autoptr(CliValue) value = NULL;

          failures += invoke_block (run, call->block, item, result);
          value = cli_value_from_items (result);
          if (cli_value_is_true (value))
            g_ptr_array_add (out, cli_value_copy (item));
        }
      else
        {
          g_autoptr(CliValue) member = cli_eval_member (item, call->property);

          if (call->kind == SCRIPT_FOREACH)
            cli_value_unroll (member, out);
          else
            {
              g_autoptr(GError) error = NULL;
              g_autoptr(CliValue) test = call->has_op
                ? cli_eval_operator (call->op, call->case_sensitive, member, call->value, &error)
                : cli_value_copy (member);

              if (test == NULL)
                {
                  cli_report_error (run->session, run->source, run->length, command->end, call->name, NULL, error);
                  return failures + 1;
                }
              if (cli_value_is_true (test))
                g_ptr_array_add (out, cli_value_copy (item));
            }
        }
    }
  if (call->end != NULL)
    failures += invoke_block (run, call->end, none, out);
  return failures;
}

/* ---- calculated properties: @{Name="Size"; Expression={ $_.X }} ---- */

/* A key of a calculated property: PowerShell takes any prefix of Name,
 * Label or Expression. */
static const CliValue *
hash_key (const CliValue *hash, const char *full, const char *other)
{
  for (guint i = 0; i < hash->keys->len; i++)
    {
      const char *key = g_ptr_array_index (hash->keys, i);
      gsize n = strlen (key);

      if (n > 0 && ((n <= strlen (full) && g_ascii_strncasecmp (key, full, n) == 0) ||
                    (other != NULL && n <= strlen (other) && g_ascii_strncasecmp (key, other, n) == 0)))
        return g_ptr_array_index (hash->items, i);
    }
  return NULL;
}

static gboolean
is_key_prefix (const char *key, const char *full)
{
  gsize n = strlen (key);

  return n > 0 && n <= strlen (full) && g_ascii_strncasecmp (key, full, n) == 0;
}

static gboolean
check_calculated (const CliValue *hash, char **name, GError **error)
{
  const CliValue *n = hash_key (hash, "Name", "Label");
  const CliValue *e = hash_key (hash, "Expression", NULL);

  for (guint i = 0; i < hash->keys->len; i++)
    {
      const char *key = g_ptr_array_index (hash->keys, i);

      if (!is_key_prefix (key, "Name") && !is_key_prefix (key, "Label") && !is_key_prefix (key, "Expression"))
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
                       "The %s key is not valid in a calculated property (casarray takes Name or Label, "
                       "and Expression).", key);
          return FALSE;
        }
    }
  if (e == NULL)
    {
      g_set_error_literal (error, CLI_ERROR, CLI_ERROR_MISSING_ARGUMENT,
                           "A calculated property needs an Expression key: @{Name=\"Size\"; Expression={ $_.Name }}.");
      return FALSE;
    }
  *name = n != NULL ? cli_value_to_string (n) : cli_value_to_string (e);
  return TRUE;
}

/* In a Select-Object or Format-* call, the -Property (named or first
 * positional) with a calculated property in it: moves its items to
 * *calculated and gives the cmdlet their names instead. */
static gboolean
extract_calculated (CliCommand *resolved, GPtrArray **calculated, gsize *error_offset, GError **error)
{
  for (guint i = 0; i < resolved->arguments->len; i++)
    {
      CliArgument *argument = g_ptr_array_index (resolved->arguments, i);
      g_autoptr(GPtrArray) items = NULL;
      gboolean any = FALSE;
      CliValue *names;

      if (argument->name != NULL)
        {
          gsize n = strlen (argument->name);

          if (n == 0 || n > strlen ("Property") || g_ascii_strncasecmp (argument->name, "Property", n) != 0)
            continue;
          if (argument->value == NULL && i + 1 < resolved->arguments->len)
            argument = g_ptr_array_index (resolved->arguments, ++i);
        }
      if (argument->value == NULL)
        continue;
      items = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
      cli_value_unroll (argument->value, items);
      for (guint k = 0; k < items->len; k++)
        any |= ((CliValue *) g_ptr_array_index (items, k))->type == CLI_VALUE_HASH;
      if (!any)
        return TRUE;
      names = cli_value_new_list ();
      for (guint k = 0; k < items->len; k++)
        {
          const CliValue *item = g_ptr_array_index (items, k);
          g_autofree char *name = NULL;

          if (item->type == CLI_VALUE_HASH)
            {
              if (!check_calculated (item, &name, error))
                {
                  *error_offset = argument->start;
                  cli_value_free (names);
                  return FALSE;
                }
            }
          else
            name = cli_value_to_string (item);
          cli_value_append (names, cli_value_new_string (name));
        }
      cli_value_free (argument->value);
      argument->value = names;
      *calculated = g_steal_pointer (&items);
      return TRUE;
    }
  return TRUE;
}

static CliProp *
prop_from_value (const char *name, const CliValue *value)
{
  CliProp *prop = g_new0 (CliProp, 1);

  prop->name = g_strdup (name);
  switch (value->type)
    {
    case CLI_VALUE_NULL:
      prop->type = CLI_PROP_NULL;
      break;
    case CLI_VALUE_BOOL:
      prop->type = CLI_PROP_BOOL;
      prop->boolean = value->boolean;
      break;
    case CLI_VALUE_INT:
      prop->type = CLI_PROP_INT;
      prop->integer = value->integer;
      break;
    case CLI_VALUE_LIST:
      prop->type = CLI_PROP_LIST;
      prop->list = cli_value_to_strv (value);
      break;
    default:
      prop->type = CLI_PROP_STRING;
      prop->string = cli_value_to_string (value);
      break;
    }
  return prop;
}

/* Each item as a Selected object holding what @calculated names: the
 * properties a name or pattern picks, and each calculated property's
 * value for the item. */
static guint
apply_calculated (CliRun *run, GPtrArray *calculated, GPtrArray *values)
{
  guint failures = 0;

  for (guint i = 0; i < values->len; i++)
    {
      CliValue *item = g_ptr_array_index (values, i);
      g_autoptr(CliObject) from = cli_value_to_object (item);
      g_autoptr(GPtrArray) props = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_prop_free);
      g_autoptr(CliObject) selected = NULL;

      for (guint k = 0; k < calculated->len; k++)
        {
          const CliValue *spec = g_ptr_array_index (calculated, k);
          g_autoptr(CliValue) value = NULL;
          g_autofree char *name = NULL;
          const CliValue *e;

          if (spec->type != CLI_VALUE_HASH)
            {
              g_autofree char *pattern = cli_value_to_string (spec);
              const char *patterns[] = { pattern, NULL };
              g_autoptr(GPtrArray) picked = cli_select_props (from, patterns);

              for (guint j = 0; j < picked->len; j++)
                g_ptr_array_add (props, cli_prop_copy (g_ptr_array_index (picked, j)));
              continue;
            }
          check_calculated (spec, &name, NULL);
          e = hash_key (spec, "Expression", NULL);
          if (e->type == CLI_VALUE_SCRIPT)
            {
              g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);

              failures += invoke_block (run, e, item, out);
              value = cli_value_from_items (out);
            }
          else
            {
              g_autofree char *member = cli_value_to_string (e);

              value = cli_eval_member (item, member);
            }
          g_ptr_array_add (props, prop_from_value (name, value));
        }
      selected = cli_object_new_selected (from, props);
      cli_value_free (item);
      values->pdata[i] = cli_value_new_object (selected);
    }
  return failures;
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

/* ---- pipelines and statements ---- */

typedef struct {
  CliInvocation *invocation;  /* a cmdlet, or NULL for: */
  ScriptCall     script;      /* Where-Object, ForEach-Object, Sort-Object */
  GPtrArray     *calculated;  /* Select-Object, Format-*: the -Property items
                               * (CliValue*) when one is a calculated property */
  CliErrorAction errors, warnings;  /* -ErrorAction, -WarningAction */
} Step;

static void
step_free (Step *step)
{
  if (step->calculated != NULL)
    g_ptr_array_unref (step->calculated);
  cli_invocation_free (step->invocation);
  script_call_clear (&step->script);
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
    g_ptr_array_add (objects, cli_value_to_object (g_ptr_array_index (values, i)));
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
      step->script.kind = script_cmdlet (command->name);
      if (step->script.kind != SCRIPT_NONE)
        {
          if (!bind_script_call (run, command, &step->script, &offset, &error))
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
      resolved = resolve_command (run, command, FALSE, &offset, &error);
      if (resolved == NULL ||
          !extract_common (resolved, &step->errors, &step->warnings, &offset, &error) ||
          (takes_calculated (command->name) && !extract_calculated (resolved, &step->calculated, &offset, &error)))
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

      if (base == NULL)
        {
          failures += run_script_call (run, command, &step->script, values, has_input, out_values);
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
      run->error_action = step->errors;
      session->no_warnings = step->warnings == CLI_ERROR_ACTION_SILENT;
      if (step->calculated != NULL)
        failures += apply_calculated (run, step->calculated, values);
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
      return run_pipeline (run, statement, out);
    case CLI_STATEMENT_ASSIGNMENT:
      {
        g_autoptr(CliValue) value = NULL;

        failures = run_pipeline (run, statement->collection, items);
        value = cli_value_from_items (items);
        cli_run_set_variable (run, statement->variable, value);
        return failures;
      }
    default:
      break;
    }

  /* foreach and if print what their bodies write once they are done. */
  if (out == NULL)
    out = collected = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_value_free);
  if (statement->kind == CLI_STATEMENT_FOREACH)
    {
      failures = run_pipeline (run, statement->collection, items);
      for (guint i = 0; i < items->len && !run->stopped; i++)
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

guint
cli_exec_statements (CliRun *run, GPtrArray *statements, GPtrArray *out)
{
  guint failures = 0;

  for (guint i = 0; i < statements->len && !run->stopped; i++)
    failures += run_statement (run, g_ptr_array_index (statements, i), out);
  run->failures += failures;
  return failures;
}

CliExecResult
cli_exec_source (CliSession *session, const char *source, gssize length, gboolean allow_incomplete)
{
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) error = NULL;
  CliRun run = { session, source, length, 0, CLI_ERROR_ACTION_CONTINUE, FALSE };
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
   * does in PowerShell (casarray has no try/catch). */
  for (guint i = 0; i < statements->len && !run.stopped; i++)
    if (run_statement (&run, g_ptr_array_index (statements, i), NULL) > 0)
      failed_statements++;
  return failed_statements == 0 ? CLI_EXEC_OK : CLI_EXEC_FAILED;
}
