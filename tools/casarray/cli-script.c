/* cli-script.c: the cmdlets casarray runs itself, over the objects in a
 * pipeline (Where-Object, ForEach-Object, Sort-Object, Measure-Object,
 * Group-Object, Write-Output) and calculated properties for
 * Select-Object and Format-* (@{Name=...; Expression={...}})
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-script.h"
#include "cli-eval.h"
#include "cli-error.h"
#include "cli-format.h"
#include "cli-parser-private.h"
#include "cli-report.h"

#include <string.h>

/* ---- Where-Object and ForEach-Object ---- */

CliScriptKind
cli_script_kind (const char *name)
{
  if (g_ascii_strcasecmp (name, "Where-Object") == 0 || g_ascii_strcasecmp (name, "where") == 0 ||
      g_str_equal (name, "?"))
    return CLI_SCRIPT_WHERE;
  if (g_ascii_strcasecmp (name, "ForEach-Object") == 0 || g_ascii_strcasecmp (name, "foreach") == 0 ||
      g_str_equal (name, "%"))
    return CLI_SCRIPT_FOREACH;
  if (g_ascii_strcasecmp (name, "Sort-Object") == 0 || g_ascii_strcasecmp (name, "sort") == 0)
    return CLI_SCRIPT_SORT;
  if (g_ascii_strcasecmp (name, "Measure-Object") == 0 || g_ascii_strcasecmp (name, "measure") == 0)
    return CLI_SCRIPT_MEASURE;
  if (g_ascii_strcasecmp (name, "Group-Object") == 0 || g_ascii_strcasecmp (name, "group") == 0)
    return CLI_SCRIPT_GROUP;
  /* Write-Output passes its values on as they are (objects stay objects). */
  if (g_ascii_strcasecmp (name, "Write-Output") == 0 || g_ascii_strcasecmp (name, "echo") == 0 ||
      g_ascii_strcasecmp (name, "write") == 0)
    return CLI_SCRIPT_OUTPUT;
  return CLI_SCRIPT_NONE;
}

gboolean
cli_script_takes_calculated (const char *name)
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

void
cli_script_call_clear (CliScriptCall *call)
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
bind_sort_call (const CliCommand *resolved, CliScriptCall *call, gsize *error_offset, GError **error)
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
      else if (call->kind == CLI_SCRIPT_SORT && n >= 1 && g_ascii_strncasecmp (argument->name, "Descending", n) == 0)
        call->descending = argument->value == NULL || cli_value_is_true (argument->value);
      else if (call->kind == CLI_SCRIPT_SORT && n >= 1 && g_ascii_strncasecmp (argument->name, "Unique", n) == 0)
        call->unique = argument->value == NULL || cli_value_is_true (argument->value);
      else if (call->kind != CLI_SCRIPT_MEASURE && n >= 1 && g_ascii_strncasecmp (argument->name, "CaseSensitive", n) == 0)
        call->case_sensitive = argument->value == NULL || cli_value_is_true (argument->value);
      else if (call->kind == CLI_SCRIPT_MEASURE && n >= 1 && g_ascii_strncasecmp (argument->name, "Sum", n) == 0)
        call->sum = TRUE;
      else if (call->kind == CLI_SCRIPT_MEASURE && n >= 1 && g_ascii_strncasecmp (argument->name, "Average", n) == 0)
        call->average = TRUE;
      else if (call->kind == CLI_SCRIPT_MEASURE && n >= 2 && g_ascii_strncasecmp (argument->name, "Maximum", n) == 0)
        call->maximum = TRUE;
      else if (call->kind == CLI_SCRIPT_MEASURE && n >= 2 && g_ascii_strncasecmp (argument->name, "Minimum", n) == 0)
        call->minimum = TRUE;
      else
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_PARAMETER_NOT_FOUND,
                       "A parameter cannot be found that matches parameter name '%s' (casarray's %s takes %s).",
                       argument->name, call->name,
                       call->kind == CLI_SCRIPT_SORT ? "-Property, -Descending, -Unique and -CaseSensitive"
                       : call->kind == CLI_SCRIPT_MEASURE ? "-Property, -Sum, -Average, -Maximum and -Minimum"
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

gboolean
cli_script_bind (CliRun *run, const CliCommand *command, CliScriptCall *call, gsize *error_offset, GError **error)
{
  g_autoptr(CliCommand) resolved = cli_exec_resolve_command (run, command, FALSE, error_offset, error);
  guint positional = 0;

  if (resolved == NULL)
    return FALSE;
  if (call->kind == CLI_SCRIPT_SORT || call->kind == CLI_SCRIPT_MEASURE || call->kind == CLI_SCRIPT_GROUP)
    {
      call->name = call->kind == CLI_SCRIPT_SORT ? "Sort-Object"
                   : call->kind == CLI_SCRIPT_MEASURE ? "Measure-Object" : "Group-Object";
      return bind_sort_call (resolved, call, error_offset, error);
    }
  if (call->kind == CLI_SCRIPT_OUTPUT)
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
  call->name = call->kind == CLI_SCRIPT_WHERE ? "Where-Object" : "ForEach-Object";
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
          else if (call->kind == CLI_SCRIPT_WHERE && call->property != NULL && call->value == NULL)
            slot = &call->value;
          else
            {
              g_autofree char *shown = cli_value_to_string (argument->value);

              g_set_error (error, CLI_ERROR, CLI_ERROR_POSITIONAL_NOT_FOUND,
                           "A positional parameter cannot be found that accepts argument '%s'.", shown);
              return FALSE;
            }
        }
      else if (call->kind == CLI_SCRIPT_WHERE && argument->value == NULL && !argument->colon &&
               cli_op_lookup (argument->name, &op, &cs) && !cli_op_is_logical (op) && op != CLI_OP_FORMAT)
        {
          call->has_op = TRUE;
          call->op = op;
          call->case_sensitive = cs;
          continue;
        }
      else if (call->kind == CLI_SCRIPT_WHERE && name_is (argument, "FilterScript", 1))
        slot = &call->block;
      else if (call->kind == CLI_SCRIPT_FOREACH && name_is (argument, "Process", 1))
        slot = &call->block;
      else if (call->kind == CLI_SCRIPT_FOREACH && name_is (argument, "Begin", 1))
        slot = &call->begin;
      else if (call->kind == CLI_SCRIPT_FOREACH && name_is (argument, "End", 1))
        slot = &call->end;
      else if (call->kind == CLI_SCRIPT_WHERE && name_is (argument, "Value", 1))
        slot = &call->value;
      else if (name_is (argument, "Property", 2) || (call->kind == CLI_SCRIPT_FOREACH && name_is (argument, "MemberName", 1)))
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
                       call->kind == CLI_SCRIPT_WHERE ? " (casarray's Where-Object takes a script block, "
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
                   call->kind == CLI_SCRIPT_WHERE
                   ? "Where-Object needs a script block ({ $_.Server -eq \"MBX1\" }) or a property, an operator and a value."
                   : "ForEach-Object needs a script block ({ $_.Name }) or a property name.");
      return FALSE;
    }
  if (call->kind == CLI_SCRIPT_WHERE && call->block == NULL && call->has_op && call->value == NULL)
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
  const CliScriptCall *call = data;

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
run_sort (CliRun *run, CliScriptCall *call, GPtrArray *input, GPtrArray *out)
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
run_measure (CliRun *run, const CliCommand *command, CliScriptCall *call, GPtrArray *input, GPtrArray *out)
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
run_group (CliRun *run, CliScriptCall *call, GPtrArray *input, GPtrArray *out)
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
guint
cli_script_run (CliRun *run, const CliCommand *command, CliScriptCall *call, GPtrArray *input, gboolean has_input,
                 GPtrArray *out)
{
  guint failures = 0;
  g_autoptr(CliValue) none = cli_value_new_null ();

  if (call->kind == CLI_SCRIPT_SORT)
    return run_sort (run, call, input, out);
  if (call->kind == CLI_SCRIPT_MEASURE)
    return run_measure (run, command, call, input, out);
  if (call->kind == CLI_SCRIPT_GROUP)
    return run_group (run, call, input, out);
  if (call->kind == CLI_SCRIPT_OUTPUT)
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

      if (call->block != NULL && call->kind == CLI_SCRIPT_FOREACH)
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

          if (call->kind == CLI_SCRIPT_FOREACH)
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
gboolean
cli_script_extract_calculated (CliCommand *resolved, GPtrArray **calculated, gsize *error_offset, GError **error)
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
guint
cli_script_apply_calculated (CliRun *run, GPtrArray *calculated, GPtrArray *values)
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
