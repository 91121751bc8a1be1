/* cli-binder.c: from a parsed command to a cmdlet call
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-binder.h"
#include "cli-ems-params.h"
#include "cli-error.h"
#include "cli-suggest.h"

#include <string.h>

const CliCmdlet *
cli_bind_cmdlet (const CliCommand *command, GError **error)
{
  const CliCmdlet *cmdlet = cli_cmdlet_lookup (command->name);
  const CliCmdlet *table;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *suggestion;
  guint n;

  if (cmdlet != NULL)
    return cmdlet;

  table = cli_cmdlet_table (&n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (names, (gpointer) table[i].name);
  suggestion = cli_suggest (command->name, (const char * const *) names->pdata, names->len);
  g_set_error (error, CLI_ERROR, CLI_ERROR_COMMAND_NOT_FOUND,
               "The term '%s' is not recognized as the name of a cmdlet, function, script file, "
               "or operable program. Check the spelling of the name, or if a path was included, "
               "verify that the path is correct and try again.%s%s%s",
               command->name,
               suggestion != NULL ? " Did you mean " : "",
               suggestion != NULL ? suggestion : "",
               suggestion != NULL ? "?" : "");
  return NULL;
}

/* The parameter @name means: exact (any case) or the only one it is a
 * prefix of. */
static int
resolve_parameter (const CliCmdlet *cmdlet, const char *name, GError **error)
{
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  gsize len = strlen (name);
  const char *suggestion;

  for (int i = 0; cmdlet->params[i].name != NULL; i++)
    {
      if (g_ascii_strcasecmp (cmdlet->params[i].name, name) == 0)
        return i;
      if (g_ascii_strncasecmp (cmdlet->params[i].name, name, len) == 0)
        g_ptr_array_add (matches, GINT_TO_POINTER (i));
      g_ptr_array_add (names, (gpointer) cmdlet->params[i].name);
    }
  if (matches->len == 1)
    return GPOINTER_TO_INT (g_ptr_array_index (matches, 0));
  if (matches->len > 1)
    {
      GString *list = g_string_new (NULL);

      for (guint i = 0; i < matches->len; i++)
        g_string_append_printf (list, " -%s", cmdlet->params[GPOINTER_TO_INT (g_ptr_array_index (matches, i))].name);
      g_set_error (error, CLI_ERROR, CLI_ERROR_AMBIGUOUS_PARAMETER,
                   "Parameter cannot be processed because the parameter name '%s' is ambiguous. "
                   "Possible matches include:%s.", name, list->str);
      g_string_free (list, TRUE);
      return -1;
    }
  /* A line copied from Microsoft's documentation is not a typo. */
  if (cli_ems_unimplemented_parameter (cmdlet->name, name) != NULL)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
                   "-%s is an EMS parameter casarray does not implement.",
                   cli_ems_unimplemented_parameter (cmdlet->name, name));
      return -1;
    }
  suggestion = cli_suggest (name, (const char * const *) names->pdata, names->len);
  g_set_error (error, CLI_ERROR, CLI_ERROR_PARAMETER_NOT_FOUND,
               "A parameter cannot be found that matches parameter name '%s'.%s%s%s",
               name,
               suggestion != NULL ? " Did you mean -" : "",
               suggestion != NULL ? suggestion : "",
               suggestion != NULL ? "?" : "");
  return -1;
}

static const struct {
  const char *name;
  CasarrayServerRole bit;
} role_names[] = {
  { "Mailbox", CASARRAY_SERVER_ROLE_MAILBOX },
  { "ClientAccess", CASARRAY_SERVER_ROLE_CLIENT_ACCESS },
  { "UnifiedMessaging", CASARRAY_SERVER_ROLE_UNIFIED_MESSAGING },
  { "HubTransport", CASARRAY_SERVER_ROLE_HUB_TRANSPORT },
  { "Edge", CASARRAY_SERVER_ROLE_EDGE },
  /* The short forms Exchange setup takes (/roles:MB,CA,HT). */
  { "MB", CASARRAY_SERVER_ROLE_MAILBOX },
  { "CA", CASARRAY_SERVER_ROLE_CLIENT_ACCESS },
  { "UM", CASARRAY_SERVER_ROLE_UNIFIED_MESSAGING },
  { "HT", CASARRAY_SERVER_ROLE_HUB_TRANSPORT },
  { "ET", CASARRAY_SERVER_ROLE_EDGE },
  { "EdgeTransport", CASARRAY_SERVER_ROLE_EDGE },
  { "None", CASARRAY_SERVER_ROLE_NONE },
};

gboolean
cli_parse_roles (const char * const *names, const char *parameter, guint *roles, GError **error)
{
  *roles = 0;
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      /* "Mailbox, ClientAccess" as one string is a list too. */
      g_auto(GStrv) parts = g_strsplit (names[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          const char *part = g_strstrip (parts[j]);
          gboolean found = FALSE;

          for (guint k = 0; k < G_N_ELEMENTS (role_names); k++)
            if (g_ascii_strcasecmp (part, role_names[k].name) == 0)
              {
                *roles |= role_names[k].bit;
                found = TRUE;
              }
          if (!found)
            {
              g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                           "Cannot bind parameter '%s'. Cannot convert value \"%s\" to type \"ServerRole\". "
                           "Error: \"Unable to match the identifier name %s to a valid enumerator name. "
                           "Specify one of the following enumerator names and try again: "
                           "Mailbox, ClientAccess, UnifiedMessaging, HubTransport, Edge\"",
                           parameter, part, part);
              return FALSE;
            }
        }
    }
  return TRUE;
}

static const char *
type_name (CliParamType type)
{
  switch (type)
    {
    case CLI_PARAM_STRING: return "System.String";
    case CLI_PARAM_STRING_LIST: return "System.String[]";
    case CLI_PARAM_SWITCH: return "System.Management.Automation.SwitchParameter";
    case CLI_PARAM_INT: return "System.Int32";
    case CLI_PARAM_ROLES: return "ServerRole[]";
    }
  return "System.Object";
}

/* Converts @value for parameter @spec into @b. */
static gboolean
convert (const CliParamSpec *spec, const CliValue *value, CliBound *b, GError **error)
{
  g_autofree char *text = NULL;

  switch (spec->type)
    {
    case CLI_PARAM_SWITCH:
      if (value == NULL)
        b->boolean = TRUE;
      else if (value->type == CLI_VALUE_BOOL)
        b->boolean = value->boolean;
      else if (value->type == CLI_VALUE_STRING &&
               (g_ascii_strcasecmp (value->string, "true") == 0 || g_str_equal (value->string, "1")))
        b->boolean = TRUE;
      else if (value->type == CLI_VALUE_STRING &&
               (g_ascii_strcasecmp (value->string, "false") == 0 || g_str_equal (value->string, "0")))
        b->boolean = FALSE;
      else
        {
          g_autofree char *shown = cli_value_to_string (value);

          g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                       "Cannot convert '%s' to the type 'System.Management.Automation.SwitchParameter' "
                       "required by parameter '%s'. Use $true or $false.", shown, spec->name);
          return FALSE;
        }
      return TRUE;

    case CLI_PARAM_STRING:
      if (value->type == CLI_VALUE_LIST)
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                       "Cannot convert 'System.Object[]' to the type 'System.String' required by "
                       "parameter '%s'. Specified method is not supported.", spec->name);
          return FALSE;
        }
      text = cli_value_to_string (value);
      if (value->type == CLI_VALUE_NULL || *text == '\0')
        {
          if (!(spec->flags & CLI_PARAM_NULLABLE))
            {
              g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                           "Cannot validate argument on parameter '%s'. The argument is null or empty. "
                           "Supply an argument that is not null or empty and then try the command again.",
                           spec->name);
              return FALSE;
            }
          b->is_null = TRUE;
        }
      b->string = g_steal_pointer (&text);
      return TRUE;

    case CLI_PARAM_STRING_LIST:
    case CLI_PARAM_ROLES:
      b->list = cli_value_to_strv (value);
      if (value->type == CLI_VALUE_NULL)
        {
          if (!(spec->flags & CLI_PARAM_NULLABLE))
            {
              g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                           "Cannot validate argument on parameter '%s'. The argument is null or empty. "
                           "Supply an argument that is not null or empty and then try the command again.",
                           spec->name);
              return FALSE;
            }
          b->is_null = TRUE;
        }
      if (spec->type == CLI_PARAM_ROLES)
        return cli_parse_roles ((const char * const *) b->list, spec->name, &b->roles, error);
      return TRUE;

    case CLI_PARAM_INT:
      {
        gint64 n = 0;

        text = cli_value_to_string (value);
        if (value->type == CLI_VALUE_LIST ||
            !g_ascii_string_to_signed (text, 10, G_MININT32, G_MAXINT32, &n, NULL))
          {
            g_set_error (error, CLI_ERROR, CLI_ERROR_CANNOT_CONVERT,
                         "Cannot bind parameter '%s'. Cannot convert value \"%s\" to type \"%s\". "
                         "Error: \"Input string was not in a correct format.\"",
                         spec->name, text, type_name (spec->type));
            return FALSE;
          }
        b->integer = n;
        return TRUE;
      }
    }
  g_assert_not_reached ();
}

static gboolean
already_bound (const CliParamSpec *spec, GError **error)
{
  g_set_error (error, CLI_ERROR, CLI_ERROR_PARAMETER_ALREADY_BOUND,
               "Cannot bind parameter because parameter '%s' is specified more than once. To provide "
               "multiple values to parameters that can accept multiple values, use the array syntax. "
               "For example, \"-parameter value1,value2,value3\".", spec->name);
  return FALSE;
}

CliInvocation *
cli_bind_arguments (const CliCmdlet   *cmdlet,
                    const CliCommand  *command,
                    gsize             *error_offset,
                    GError           **error)
{
  g_autoptr(CliInvocation) invocation = cli_invocation_new (cmdlet);
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();  /* CliArgument* */
  GPtrArray *args = command->arguments;

  for (guint i = 0; i < args->len; i++)
    {
      CliArgument *arg = g_ptr_array_index (args, i);
      const CliParamSpec *spec;
      const CliValue *value;
      CliBound *b;
      int index;

      if (arg->name == NULL)
        {
          g_ptr_array_add (positional, arg);
          continue;
        }
      index = resolve_parameter (cmdlet, arg->name, error);
      if (index < 0)
        {
          *error_offset = arg->name_end;
          return NULL;
        }
      spec = &cmdlet->params[index];
      b = &invocation->bound[index];
      if (b->given)
        {
          *error_offset = arg->name_end;
          already_bound (spec, error);
          return NULL;
        }

      value = arg->value;
      if (value == NULL && spec->type != CLI_PARAM_SWITCH)
        {
          /* -Name value: the value is the next argument, if it is one. */
          CliArgument *next = i + 1 < args->len ? g_ptr_array_index (args, i + 1) : NULL;

          if (next == NULL || next->name != NULL)
            {
              *error_offset = arg->name_end;
              g_set_error (error, CLI_ERROR, CLI_ERROR_MISSING_ARGUMENT,
                           "Missing an argument for parameter '%s'. Specify a parameter of type '%s' and try again.",
                           spec->name, type_name (spec->type));
              return NULL;
            }
          value = next->value;
          i++;
        }
      b->given = TRUE;
      b->offset = arg->name_end;
      if (!convert (spec, value, b, error))
        {
          *error_offset = arg->name_end;
          return NULL;
        }
    }

  /* Positional values go to the unbound positional parameters, in order. */
  for (guint i = 0; i < positional->len; i++)
    {
      CliArgument *arg = g_ptr_array_index (positional, i);
      int best = -1;

      for (int p = 0; cmdlet->params[p].name != NULL; p++)
        if (cmdlet->params[p].position >= 0 && !invocation->bound[p].given &&
            (best < 0 || cmdlet->params[p].position < cmdlet->params[best].position))
          best = p;
      if (best < 0)
        {
          g_autofree char *shown = cli_value_to_string (arg->value);

          *error_offset = arg->end;
          g_set_error (error, CLI_ERROR, CLI_ERROR_POSITIONAL_NOT_FOUND,
                       "A positional parameter cannot be found that accepts argument '%s'.", shown);
          return NULL;
        }
      if (cmdlet->params[best].flags & CLI_PARAM_REMAINING)
        {
          /* This and every later positional value, as one list. */
          g_autoptr(CliValue) rest = cli_value_new_list ();

          for (; i < positional->len; i++)
            cli_value_append (rest, cli_value_copy (((CliArgument *) g_ptr_array_index (positional, i))->value));
          arg = g_ptr_array_index (positional, positional->len - 1);
          invocation->bound[best].given = TRUE;
          invocation->bound[best].offset = arg->end;
          if (!convert (&cmdlet->params[best], rest, &invocation->bound[best], error))
            {
              *error_offset = arg->end;
              return NULL;
            }
          break;
        }
      invocation->bound[best].given = TRUE;
      invocation->bound[best].offset = arg->end;
      if (!convert (&cmdlet->params[best], arg->value, &invocation->bound[best], error))
        {
          *error_offset = arg->end;
          return NULL;
        }
    }

  return g_steal_pointer (&invocation);
}

/* The kind of object a cmdlet's -Identity names, by its noun. */
static gboolean
cmdlet_kind (const CliCmdlet *cmdlet, CliKind *kind)
{
  static const struct { const char *noun; CliKind kind; } nouns[] = {
    { "-MailboxDatabase", CLI_KIND_MAILBOX_DATABASE },
    { "-ExchangeServer", CLI_KIND_EXCHANGE_SERVER },
    { "-ClientAccessServer", CLI_KIND_CLIENT_ACCESS_SERVER },
    { "-ClientAccessArray", CLI_KIND_CLIENT_ACCESS_ARRAY },
    { "-ADSite", CLI_KIND_SITE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (nouns); i++)
    if (g_str_has_suffix (cmdlet->name, nouns[i].noun))
      {
        *kind = nouns[i].kind;
        return TRUE;
      }
  return FALSE;
}

/* An object of another kind than the cmdlet's binds to the parameter
 * named after it, as EMS's -Server and -Site take servers and sites from
 * the pipeline (Get-ExchangeServer | Get-MailboxDatabase); NULL if none. */
static const char *
parameter_for_kind (CliKind kind)
{
  switch (kind)
    {
    case CLI_KIND_EXCHANGE_SERVER:
    case CLI_KIND_CLIENT_ACCESS_SERVER:
      return "Server";
    case CLI_KIND_SITE:
      return "Site";
    default:
      return NULL;
    }
}

gboolean
cli_bind_pipeline_input (CliInvocation *invocation, CliObject *object, GError **error)
{
  const CliCmdlet *cmdlet = invocation->cmdlet;
  const char *identity = cli_object_get_identity (object);
  CliKind own;

  g_clear_pointer (&invocation->input, cli_object_unref);
  invocation->input = cli_object_ref (object);

  if (cmdlet_kind (cmdlet, &own) && own != object->kind && parameter_for_kind (object->kind) != NULL)
    {
      int p = cli_cmdlet_param_index (cmdlet, parameter_for_kind (object->kind));

      if (p >= 0 && !invocation->bound[p].given && cmdlet->params[p].type == CLI_PARAM_STRING)
        {
          const char *name = cli_object_get_name (object);

          invocation->bound[p].given = TRUE;
          invocation->bound[p].string = g_strdup (name != NULL ? name : identity);
          return TRUE;
        }
    }

  for (int p = 0; cmdlet->params[p].name != NULL; p++)
    {
      CliBound *b = &invocation->bound[p];

      if (!(cmdlet->params[p].flags & CLI_PARAM_PIPELINE) || b->given || identity == NULL)
        continue;
      b->given = TRUE;
      b->string = g_strdup (identity);
      return TRUE;
    }
  g_set_error_literal (error, CLI_ERROR, CLI_ERROR_INPUT_NOT_BOUND,
                       "The input object cannot be bound to any parameters for the command either "
                       "because the command does not take pipeline input or the input and its "
                       "properties do not match any of the parameters that take pipeline input.");
  return FALSE;
}

gboolean
cli_bind_check_mandatory (CliInvocation *invocation, GError **error)
{
  const CliCmdlet *cmdlet = invocation->cmdlet;
  GString *missing = NULL;

  for (int p = 0; cmdlet->params[p].name != NULL; p++)
    if ((cmdlet->params[p].flags & CLI_PARAM_MANDATORY) && !invocation->bound[p].given)
      {
        if (missing == NULL)
          missing = g_string_new (NULL);
        else
          g_string_append (missing, ", ");
        g_string_append (missing, cmdlet->params[p].name);
      }
  if (missing == NULL)
    return TRUE;
  g_set_error (error, CLI_ERROR, CLI_ERROR_MISSING_MANDATORY,
               "Cannot process command because of one or more missing mandatory parameters: %s.",
               missing->str);
  g_string_free (missing, TRUE);
  return FALSE;
}
