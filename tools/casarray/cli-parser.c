/* cli-parser.c: statements, pipelines and commands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-parser.h"
#include "cli-lexer.h"
#include "cli-error.h"

typedef struct {
  GPtrArray  *tokens;
  guint       pos;
  gsize      *error_offset;
} Parser;

static CliToken *
current (Parser *p)
{
  return g_ptr_array_index (p->tokens, p->pos);
}

static CliToken *
take (Parser *p)
{
  CliToken *token = current (p);

  if (token->type != CLI_TOKEN_EOF)
    p->pos++;
  return token;
}

/* After | and , a statement goes on over newlines (not over ;). */
static void
skip_newlines (Parser *p)
{
  while (current (p)->type == CLI_TOKEN_NEWLINE)
    p->pos++;
}

/* Between statements: newlines and empty statements. */
static void
skip_separators (Parser *p)
{
  while (cli_token_ends_statement (current (p)))
    p->pos++;
}

static void
argument_free (CliArgument *argument)
{
  g_free (argument->name);
  cli_value_free (argument->value);
  g_free (argument);
}

static void
command_free (CliCommand *command)
{
  g_free (command->name);
  g_ptr_array_unref (command->arguments);
  g_free (command);
}

void
cli_pipeline_free (CliPipeline *pipeline)
{
  if (pipeline == NULL)
    return;
  cli_value_free (pipeline->source);
  g_ptr_array_unref (pipeline->commands);
  g_free (pipeline);
}

static gboolean
is_value_token (CliToken *token)
{
  return token->type == CLI_TOKEN_WORD || token->type == CLI_TOKEN_STRING ||
         token->type == CLI_TOKEN_VARIABLE;
}

static const char *
token_text_for_message (CliToken *token)
{
  return cli_token_describe (token);
}

/* Groups and $( ) parse (the lexer balanced them) but casarray has no
 * expression language to give them a meaning yet.  Refusing them here, at
 * parse time, keeps the promise that a script casarray cannot run as a
 * whole runs no statement at all. */
static gboolean
is_unsupported (CliToken *token)
{
  return cli_token_opens_group (token) ||
         ((token->type == CLI_TOKEN_WORD || token->type == CLI_TOKEN_STRING) &&
          (token->flags & CLI_TOKEN_FLAG_SUBEXPRESSION));
}

static void
set_unsupported (Parser *p, CliToken *token, GError **error)
{
  const char *what;

  switch (token->type)
    {
    case CLI_TOKEN_AT_LBRACE: what = "Hash literals (@{ })"; break;
    case CLI_TOKEN_LBRACE: what = "Script blocks ({ })"; break;
    case CLI_TOKEN_LPAREN: what = "Parenthesised expressions (( ))"; break;
    case CLI_TOKEN_DOLLAR_LPAREN: what = "Sub-expressions ($( ))"; break;
    case CLI_TOKEN_AT_LPAREN: what = "Array sub-expressions (@( ))"; break;
    default: what = "Sub-expressions ($( )) in strings and arguments"; break;
    }
  *p->error_offset = token->start;
  g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_SUPPORTED,
               "%s are not supported: casarray knows no PowerShell expressions beyond "
               "values, comma lists, $true, $false and $null. Nothing was run.", what);
}

static CliValue *
primary_value (Parser *p, CliToken *token, GError **error)
{
  if (is_unsupported (token))
    {
      set_unsupported (p, token, error);
      return NULL;
    }
  if (token->type == CLI_TOKEN_VARIABLE)
    {
      if (g_ascii_strcasecmp (token->text, "true") == 0)
        return cli_value_new_bool (TRUE);
      if (g_ascii_strcasecmp (token->text, "false") == 0)
        return cli_value_new_bool (FALSE);
      if (g_ascii_strcasecmp (token->text, "null") == 0)
        return cli_value_new_null ();
      *p->error_offset = token->end;
      g_set_error (error, CLI_ERROR, CLI_ERROR_UNKNOWN_VARIABLE,
                   "The variable '$%s' cannot be retrieved because it has not been set "
                   "(casarray knows only $true, $false and $null).", token->text);
      return NULL;
    }
  return cli_value_new_string (token->text);
}

/* value (',' value)*, starting at a value token. */
static CliValue *
parse_value (Parser *p, gsize *end, GError **error)
{
  CliToken *first = take (p);
  g_autoptr(CliValue) value = primary_value (p, first, error);
  g_autoptr(CliValue) list = NULL;

  if (value == NULL)
    return NULL;
  *end = first->end;
  if (current (p)->type != CLI_TOKEN_COMMA)
    return g_steal_pointer (&value);

  list = cli_value_new_list ();
  cli_value_append (list, g_steal_pointer (&value));
  while (current (p)->type == CLI_TOKEN_COMMA)
    {
      CliToken *comma = take (p);
      CliToken *item;
      CliValue *v;

      skip_newlines (p);
      item = current (p);
      if (cli_token_opens_group (item))
        {
          set_unsupported (p, item, error);
          return NULL;
        }
      if (!is_value_token (item))
        {
          *p->error_offset = comma->end;
          if (item->type == CLI_TOKEN_EOF)
            g_set_error_literal (error, CLI_ERROR, CLI_ERROR_INCOMPLETE,
                                 "Missing expression after ','.");
          else
            g_set_error (error, CLI_ERROR, CLI_ERROR_PARSE,
                         "Missing expression after ','.");
          return NULL;
        }
      take (p);
      v = primary_value (p, item, error);
      if (v == NULL)
        return NULL;
      cli_value_append (list, v);
      *end = item->end;
    }
  return g_steal_pointer (&list);
}

static CliCommand *
parse_command (Parser *p, GError **error)
{
  CliToken *name = take (p);
  g_autoptr(GPtrArray) arguments = g_ptr_array_new_with_free_func ((GDestroyNotify) argument_free);
  CliCommand *command;

  for (;;)
    {
      CliToken *token = current (p);
      CliArgument *argument;

      if (token->type == CLI_TOKEN_PARAMETER)
        {
          take (p);
          argument = g_new0 (CliArgument, 1);
          argument->name = cli_normalize_dashes (token->text);
          argument->colon = token->colon;
          argument->start = token->start;
          argument->end = token->end;
          argument->name_end = token->end;
          g_ptr_array_add (arguments, argument);
          if (token->colon)
            {
              CliToken *next = current (p);

              if (cli_token_opens_group (next) && next->start == token->end)
                {
                  set_unsupported (p, next, error);
                  return NULL;
                }
              if (!is_value_token (next) || next->start != token->end)
                {
                  *p->error_offset = token->end;
                  g_set_error (error, CLI_ERROR, CLI_ERROR_MISSING_ARGUMENT,
                               "Missing an argument for parameter '%s'. Specify a value after the colon and try again.",
                               token->text);
                  return NULL;
                }
              argument->value = parse_value (p, &argument->end, error);
              if (argument->value == NULL)
                return NULL;
            }
          continue;
        }
      if (is_value_token (token))
        {
          argument = g_new0 (CliArgument, 1);
          argument->start = token->start;
          argument->name_end = token->start;
          g_ptr_array_add (arguments, argument);
          argument->value = parse_value (p, &argument->end, error);
          if (argument->value == NULL)
            return NULL;
          continue;
        }
      if (cli_token_opens_group (token))
        {
          set_unsupported (p, token, error);
          return NULL;
        }
      if (token->type == CLI_TOKEN_COMMA)
        {
          *p->error_offset = token->start;
          g_set_error_literal (error, CLI_ERROR, CLI_ERROR_PARSE,
                               "Missing argument in parameter list.");
          return NULL;
        }
      break;
    }

  command = g_new0 (CliCommand, 1);
  command->name = cli_normalize_dashes (name->text);
  command->start = name->start;
  command->end = name->end;
  command->arguments = g_steal_pointer (&arguments);
  return command;
}

static CliPipeline *
parse_pipeline (Parser *p, GError **error)
{
  g_autoptr(GPtrArray) commands = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
  CliToken *first = current (p);
  CliPipeline *pipeline;
  g_autoptr(CliValue) source = NULL;
  gsize source_end = 0;
  gsize end = first->end;

  /* A pipeline starts with a command name (a bareword) or with a value. */
  gboolean want_command = TRUE;

  if (is_unsupported (first))
    {
      set_unsupported (p, first, error);
      return NULL;
    }
  if (first->type != CLI_TOKEN_WORD)
    {
      if (!is_value_token (first))
        {
          *p->error_offset = first->end;
          if (first->type == CLI_TOKEN_PIPE)
            g_set_error_literal (error, CLI_ERROR, CLI_ERROR_PARSE, "An empty pipe element is not allowed.");
          else
            g_set_error (error, CLI_ERROR, CLI_ERROR_PARSE,
                         "Unexpected token '%s' in expression or statement.", token_text_for_message (first));
          return NULL;
        }
      source = parse_value (p, &source_end, error);
      if (source == NULL)
        return NULL;
      end = source_end;
      want_command = FALSE;
      if (current (p)->type == CLI_TOKEN_PIPE)
        {
          take (p);
          skip_newlines (p);
          if (current (p)->type == CLI_TOKEN_EOF)
            {
              *p->error_offset = current (p)->start;
              g_set_error_literal (error, CLI_ERROR, CLI_ERROR_INCOMPLETE, "An empty pipe element is not allowed.");
              return NULL;
            }
          want_command = TRUE;
        }
    }

  while (want_command)
    {
      CliToken *token = current (p);
      CliCommand *command;

      if (is_unsupported (token))
        {
          set_unsupported (p, token, error);
          return NULL;
        }
      if (token->type != CLI_TOKEN_WORD)
        {
          *p->error_offset = token->end;
          if (token->type == CLI_TOKEN_PIPE || cli_token_ends_statement (token))
            g_set_error_literal (error, CLI_ERROR, CLI_ERROR_PARSE, "An empty pipe element is not allowed.");
          else
            g_set_error (error, CLI_ERROR, CLI_ERROR_PARSE,
                         "Expressions are only allowed as the first element of a pipeline "
                         "(unexpected '%s').", token_text_for_message (token));
          return NULL;
        }
      command = parse_command (p, error);
      if (command == NULL)
        return NULL;
      g_ptr_array_add (commands, command);
      end = command->arguments->len > 0
            ? ((CliArgument *) g_ptr_array_index (command->arguments, command->arguments->len - 1))->end
            : command->end;

      if (current (p)->type != CLI_TOKEN_PIPE)
        break;
      take (p);
      skip_newlines (p);
      if (current (p)->type == CLI_TOKEN_EOF)
        {
          *p->error_offset = current (p)->start;
          g_set_error_literal (error, CLI_ERROR, CLI_ERROR_INCOMPLETE, "An empty pipe element is not allowed.");
          return NULL;
        }
    }

  pipeline = g_new0 (CliPipeline, 1);
  pipeline->source = g_steal_pointer (&source);
  pipeline->source_start = first->start;
  pipeline->source_end = source_end;
  pipeline->commands = g_steal_pointer (&commands);
  pipeline->start = first->start;
  pipeline->end = end;
  return pipeline;
}

GPtrArray *
cli_parse (const char *source, gssize length, gsize *error_offset, GError **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GPtrArray) pipelines = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_pipeline_free);
  gsize dummy = 0;
  Parser p;

  if (error_offset == NULL)
    error_offset = &dummy;
  tokens = cli_lex (source, length, error_offset, error);
  if (tokens == NULL)
    return NULL;

  p.tokens = tokens;
  p.pos = 0;
  p.error_offset = error_offset;

  for (;;)
    {
      CliPipeline *pipeline;
      CliToken *token;

      skip_separators (&p);
      if (current (&p)->type == CLI_TOKEN_EOF)
        break;
      pipeline = parse_pipeline (&p, error);
      if (pipeline == NULL)
        return NULL;
      g_ptr_array_add (pipelines, pipeline);

      token = current (&p);
      if (!cli_token_ends_statement (token) && token->type != CLI_TOKEN_EOF)
        {
          *error_offset = token->end;
          g_set_error (error, CLI_ERROR, CLI_ERROR_PARSE,
                       "Unexpected token '%s' in expression or statement.", token_text_for_message (token));
          return NULL;
        }
    }
  return g_steal_pointer (&pipelines);
}
