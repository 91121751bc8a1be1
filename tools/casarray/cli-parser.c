/* cli-parser.c: statements, pipelines and commands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-parser-private.h"

#include <string.h>

CliToken *
cli_parser_current (CliParser *p)
{
  return g_ptr_array_index (p->tokens, p->pos);
}

CliToken *
cli_parser_take (CliParser *p)
{
  CliToken *token = cli_parser_current (p);

  if (token->type != CLI_TOKEN_EOF)
    p->pos++;
  return token;
}

/* After | and , a statement goes on over newlines (not over ;). */
void
cli_parser_skip_newlines (CliParser *p)
{
  while (cli_parser_current (p)->type == CLI_TOKEN_NEWLINE)
    p->pos++;
}

gboolean
cli_parser_fail (CliParser *p, gsize offset, CliErrorCode code, GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  *p->error_offset = offset;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, CLI_ERROR, code, message);
  return FALSE;
}

#define current cli_parser_current
#define take cli_parser_take
#define skip_newlines cli_parser_skip_newlines

/* Between statements: newlines and empty statements. */
static void
skip_separators (CliParser *p)
{
  while (cli_token_ends_statement (current (p)))
    p->pos++;
}

void
cli_argument_free (CliArgument *argument)
{
  if (argument == NULL)
    return;
  g_free (argument->name);
  cli_value_free (argument->value);
  cli_expr_free (argument->expr);
  g_free (argument);
}

void
cli_command_free (CliCommand *command)
{
  if (command == NULL)
    return;
  g_free (command->name);
  g_ptr_array_unref (command->arguments);
  g_free (command);
}

void
cli_pipeline_free (CliPipeline *pipeline)
{
  if (pipeline == NULL)
    return;
  cli_expr_free (pipeline->source);
  if (pipeline->commands != NULL)
    g_ptr_array_unref (pipeline->commands);
  g_free (pipeline->variable);
  cli_expr_free (pipeline->target);
  g_strfreev (pipeline->parameters);
  if (pipeline->catch_body != NULL)
    g_ptr_array_unref (pipeline->catch_body);
  if (pipeline->finally_body != NULL)
    g_ptr_array_unref (pipeline->finally_body);
  cli_pipeline_free (pipeline->collection);
  if (pipeline->body != NULL)
    g_ptr_array_unref (pipeline->body);
  if (pipeline->conditions != NULL)
    g_ptr_array_unref (pipeline->conditions);
  if (pipeline->bodies != NULL)
    g_ptr_array_unref (pipeline->bodies);
  g_free (pipeline);
}

CliPipeline *
cli_pipeline_new (CliStatementKind kind, gsize start)
{
  CliPipeline *pipeline = g_new0 (CliPipeline, 1);

  pipeline->kind = kind;
  pipeline->commands = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_command_free);
  pipeline->start = start;
  pipeline->end = start;
  return pipeline;
}

static gboolean
is_value_token (CliToken *token)
{
  return token->type == CLI_TOKEN_WORD || token->type == CLI_TOKEN_STRING ||
         token->type == CLI_TOKEN_VARIABLE || cli_token_opens_group (token);
}

/* A hash literal parses (the lexer balanced it) but casarray gives it a
 * meaning only as a calculated property.  Refusing it elsewhere at parse
 * time keeps the promise that a script casarray cannot run as a whole
 * runs no statement at all. */
gboolean
cli_parser_refuse_hash (CliParser *p, CliToken *token, GError **error)
{
  return cli_parser_fail (p, token->start, CLI_ERROR_NOT_SUPPORTED, error,
                          "Hash literals (@{ }) are not supported here: casarray takes them only as "
                          "calculated properties of Select-Object, Format-Table and Format-List. Nothing was run.");
}

/* The cmdlets whose -Property takes calculated properties @{ }. */
static gboolean
takes_calculated_properties (const char *name)
{
  static const char * const names[] = { "Select-Object", "select", "Format-Table", "ft", "Format-List", "fl" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

/* One item of an argument: a constant for a plain word or string, an
 * expression for what must be computed when the command runs. */
static gboolean
parse_item (CliParser *p, CliValue **value, CliExpr **expr, gsize *end, GError **error)
{
  CliToken *token = current (p);

  if (token->type == CLI_TOKEN_AT_LBRACE && !p->allow_hash)
    return cli_parser_refuse_hash (p, token, error);
  if (cli_token_needs_expression (p, token))
    {
      *expr = cli_parse_argument_expression (p, error);
      if (*expr == NULL)
        return FALSE;
      *end = (*expr)->end;
      return TRUE;
    }
  take (p);
  *end = token->end;
  if (token->type == CLI_TOKEN_VARIABLE)
    {
      /* (cli_token_needs_expression() leaves only these three) */
      if (g_ascii_strcasecmp (token->text, "true") == 0)
        *value = cli_value_new_bool (TRUE);
      else if (g_ascii_strcasecmp (token->text, "false") == 0)
        *value = cli_value_new_bool (FALSE);
      else
        *value = cli_value_new_null ();
      return TRUE;
    }
  *value = cli_value_new_string (token->text);
  return TRUE;
}

/* value (',' value)*, starting at a value token.  Sets *value when every
 * item is a constant, else *expr (an ARRAY of them when there are several). */
static gboolean
parse_value (CliParser *p, CliValue **value, CliExpr **expr, gsize *end, GError **error)
{
  gsize start = current (p)->start;
  g_autoptr(CliValue) first_value = NULL;
  g_autoptr(CliExpr) first_expr = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gboolean constant;

  if (!parse_item (p, &first_value, &first_expr, end, error))
    return FALSE;
  if (current (p)->type != CLI_TOKEN_COMMA)
    {
      *value = g_steal_pointer (&first_value);
      *expr = g_steal_pointer (&first_expr);
      return TRUE;
    }

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_expr_free);
  if (first_expr == NULL)
    {
      first_expr = cli_expr_new (CLI_EXPR_CONSTANT, start, *end);
      first_expr->value = g_steal_pointer (&first_value);
    }
  g_ptr_array_add (items, g_steal_pointer (&first_expr));
  while (current (p)->type == CLI_TOKEN_COMMA)
    {
      CliToken *comma = take (p);
      CliToken *item;
      CliValue *v = NULL;
      CliExpr *e = NULL;

      skip_newlines (p);
      item = current (p);
      if (!is_value_token (item))
        return cli_parser_fail (p, comma->end, item->type == CLI_TOKEN_EOF ? CLI_ERROR_INCOMPLETE : CLI_ERROR_PARSE,
                                error, "Missing expression after ','.");
      if (!parse_item (p, &v, &e, end, error))
        return FALSE;
      if (e == NULL)
        {
          e = cli_expr_new (CLI_EXPR_CONSTANT, item->start, *end);
          e->value = v;
        }
      g_ptr_array_add (items, e);
    }

  constant = TRUE;
  for (guint i = 0; i < items->len; i++)
    if (((CliExpr *) g_ptr_array_index (items, i))->kind != CLI_EXPR_CONSTANT)
      constant = FALSE;
  if (constant)
    {
      *value = cli_value_new_list ();
      for (guint i = 0; i < items->len; i++)
        {
          CliExpr *e = g_ptr_array_index (items, i);

          cli_value_append (*value, g_steal_pointer (&e->value));
        }
      return TRUE;
    }
  *expr = cli_expr_new (CLI_EXPR_ARRAY, start, *end);
  (*expr)->items = g_steal_pointer (&items);
  return TRUE;
}

static CliCommand *
parse_command (CliParser *p, GError **error)
{
  CliToken *name = take (p);
  g_autoptr(GPtrArray) arguments = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_argument_free);
  CliCommand *command;

  p->allow_hash = takes_calculated_properties (name->text);
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

              if (!is_value_token (next) || next->start != token->end)
                {
                  cli_parser_fail (p, token->end, CLI_ERROR_MISSING_ARGUMENT, error,
                                   "Missing an argument for parameter '%s'. Specify a value after the colon and try again.",
                                   token->text);
                  return NULL;
                }
              if (!parse_value (p, &argument->value, &argument->expr, &argument->end, error))
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
          if (!parse_value (p, &argument->value, &argument->expr, &argument->end, error))
            return NULL;
          continue;
        }
      if (token->type == CLI_TOKEN_COMMA)
        {
          cli_parser_fail (p, token->start, CLI_ERROR_PARSE, error, "Missing argument in parameter list.");
          return NULL;
        }
      break;
    }
  p->allow_hash = FALSE;

  command = g_new0 (CliCommand, 1);
  command->name = cli_normalize_dashes (name->text);
  command->start = name->start;
  command->end = name->end;
  command->arguments = g_steal_pointer (&arguments);
  return command;
}

/* A redirection at the end of a pipeline: "> file" and ">> file" are
 * "| Out-File file" and "| Out-File file -Append", as PowerShell runs
 * them (its errors say out-file too); the parser is on the > token.
 * Error-stream redirections, a second one and one in the middle of a
 * pipeline (where PowerShell would send the next command nothing) are
 * refused before anything runs. */
static gboolean
parse_redirection (CliParser *p, CliPipeline *pipeline, GError **error)
{
  CliToken *redirect = take (p);
  CliToken *target = current (p);
  CliCommand *command;
  CliArgument *argument;

  if (!g_str_equal (redirect->text, ">") && !g_str_equal (redirect->text, ">>"))
    return cli_parser_fail (p, redirect->start, CLI_ERROR_NOT_SUPPORTED, error,
                            "casarray redirects only the output of a pipeline (> and >>); "
                            "'%s' (the error stream) is not supported.", redirect->text);
  if (!is_value_token (target) || target->type == CLI_TOKEN_AT_LBRACE)
    return cli_parser_fail (p, redirect->end, CLI_ERROR_PARSE, error,
                            "Missing file specification after redirection operator.");
  command = g_new0 (CliCommand, 1);
  command->name = g_strdup ("Out-File");
  command->start = redirect->start;
  command->end = redirect->end;
  command->arguments = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_argument_free);
  g_ptr_array_add (pipeline->commands, command);
  argument = g_new0 (CliArgument, 1);
  argument->name = g_strdup ("FilePath");
  argument->start = target->start;
  argument->name_end = target->start;
  g_ptr_array_add (command->arguments, argument);
  if (!parse_item (p, &argument->value, &argument->expr, &argument->end, error))
    return FALSE;
  if (g_str_equal (redirect->text, ">>"))
    {
      CliArgument *append = g_new0 (CliArgument, 1);

      append->name = g_strdup ("Append");
      append->start = redirect->start;
      append->end = append->name_end = redirect->end;
      g_ptr_array_add (command->arguments, append);
    }
  pipeline->end = argument->end;
  if (current (p)->type == CLI_TOKEN_REDIRECT)
    return cli_parser_fail (p, current (p)->start, CLI_ERROR_NOT_SUPPORTED, error,
                            "casarray takes one redirection per pipeline.");
  if (current (p)->type == CLI_TOKEN_PIPE)
    return cli_parser_fail (p, current (p)->start, CLI_ERROR_NOT_SUPPORTED, error,
                            "casarray takes a redirection only at the end of a pipeline "
                            "(the commands after it would get nothing).");
  return TRUE;
}

/* A pipeline starts with a command name (a bareword that is not a
 * number) or with an expression. */
static gboolean
starts_command (CliToken *token)
{
  return token->type == CLI_TOKEN_WORD && !cli_word_is_number (token->text, NULL) &&
         !g_str_equal (token->text, "!");
}

CliPipeline *
cli_parse_pipeline (CliParser *p, GError **error)
{
  CliToken *first = current (p);
  g_autoptr(CliPipeline) pipeline = cli_pipeline_new (CLI_STATEMENT_PIPELINE, first->start);
  gboolean want_command = TRUE;

  if (first->type == CLI_TOKEN_AT_LBRACE)
    {
      cli_parser_refuse_hash (p, first, error);
      return NULL;
    }
  if (!starts_command (first))
    {
      if (!is_value_token (first) && first->type != CLI_TOKEN_PARAMETER && first->type != CLI_TOKEN_COMMA)
        {
          if (first->type == CLI_TOKEN_PIPE)
            cli_parser_fail (p, first->end, CLI_ERROR_PARSE, error, "An empty pipe element is not allowed.");
          else
            cli_parser_fail (p, first->end, CLI_ERROR_PARSE, error,
                             "Unexpected token '%s' in expression or statement.", cli_token_describe (first));
          return NULL;
        }
      pipeline->source = cli_parse_expression (p, error);
      if (pipeline->source == NULL)
        return NULL;
      pipeline->source_start = pipeline->source->start;
      pipeline->source_end = pipeline->source->end;
      pipeline->end = pipeline->source_end;
      want_command = FALSE;
      if (current (p)->type == CLI_TOKEN_REDIRECT)
        return parse_redirection (p, pipeline, error) ? g_steal_pointer (&pipeline) : NULL;
      if (current (p)->type == CLI_TOKEN_PIPE)
        {
          take (p);
          skip_newlines (p);
          if (current (p)->type == CLI_TOKEN_EOF)
            {
              cli_parser_fail (p, current (p)->start, CLI_ERROR_INCOMPLETE, error, "An empty pipe element is not allowed.");
              return NULL;
            }
          want_command = TRUE;
        }
    }

  while (want_command)
    {
      CliToken *token = current (p);
      CliCommand *command;

      if (token->type == CLI_TOKEN_AT_LBRACE)
        {
          cli_parser_refuse_hash (p, token, error);
          return NULL;
        }
      if (token->type != CLI_TOKEN_WORD)
        {
          if (token->type == CLI_TOKEN_PIPE || cli_token_ends_statement (token) ||
              token->type == CLI_TOKEN_RPAREN || token->type == CLI_TOKEN_RBRACE)
            cli_parser_fail (p, token->end, CLI_ERROR_PARSE, error, "An empty pipe element is not allowed.");
          else
            cli_parser_fail (p, token->end, CLI_ERROR_PARSE, error,
                             "Expressions are only allowed as the first element of a pipeline "
                             "(unexpected '%s').", cli_token_describe (token));
          return NULL;
        }
      command = parse_command (p, error);
      if (command == NULL)
        return NULL;
      g_ptr_array_add (pipeline->commands, command);
      pipeline->end = command->arguments->len > 0
                      ? ((CliArgument *) g_ptr_array_index (command->arguments, command->arguments->len - 1))->end
                      : command->end;

      if (current (p)->type == CLI_TOKEN_REDIRECT)
        return parse_redirection (p, pipeline, error) ? g_steal_pointer (&pipeline) : NULL;
      if (current (p)->type != CLI_TOKEN_PIPE)
        break;
      take (p);
      skip_newlines (p);
      if (current (p)->type == CLI_TOKEN_EOF)
        {
          cli_parser_fail (p, current (p)->start, CLI_ERROR_INCOMPLETE, error, "An empty pipe element is not allowed.");
          return NULL;
        }
    }
  return g_steal_pointer (&pipeline);
}

static gboolean
is_keyword (CliToken *token, const char *keyword)
{
  return token->type == CLI_TOKEN_WORD && g_ascii_strcasecmp (token->text, keyword) == 0;
}

gboolean
cli_token_is_keyword (CliToken *token, const char *keyword)
{
  return is_keyword (token, keyword);
}

/* The pipeline inside "( ... )" after foreach, if and elseif; the parser
 * is on the "(".  With @in, "$name in" comes first. */
static CliPipeline *
parse_condition (CliParser *p, const char *keyword, char **variable, GError **error)
{
  CliToken *open = current (p);
  g_autoptr(CliPipeline) pipeline = NULL;

  if (open->type != CLI_TOKEN_LPAREN)
    {
      cli_parser_fail (p, open->start, CLI_ERROR_PARSE, error, "Missing opening '(' after keyword '%s'.", keyword);
      return NULL;
    }
  take (p);
  skip_newlines (p);
  if (variable != NULL)
    {
      CliToken *var = current (p);

      if (var->type != CLI_TOKEN_VARIABLE)
        {
          cli_parser_fail (p, var->start, CLI_ERROR_PARSE, error, "Missing variable name after foreach.");
          return NULL;
        }
      take (p);
      if (!is_keyword (current (p), "in"))
        {
          cli_parser_fail (p, var->end, CLI_ERROR_PARSE, error, "Missing 'in' after variable in foreach loop.");
          return NULL;
        }
      take (p);
      *variable = g_strdup (var->text);
    }
  skip_newlines (p);
  if ((guint) open->partner == p->pos)
    {
      cli_parser_fail (p, current (p)->start, CLI_ERROR_PARSE, error,
                       variable != NULL ? "Missing foreach loop pipeline." : "Missing condition in if statement after '%s ('.",
                       keyword);
      return NULL;
    }
  pipeline = cli_parse_pipeline (p, error);
  if (pipeline == NULL)
    return NULL;
  skip_newlines (p);
  if (p->pos != (guint) open->partner)
    {
      CliToken *token = current (p);

      cli_parser_fail (p, token->start, CLI_ERROR_PARSE, error,
                       "Unexpected token '%s' in expression or statement.", cli_token_describe (token));
      return NULL;
    }
  take (p);
  return g_steal_pointer (&pipeline);
}

/* "{ statements }"; the parser is on (or before newlines before) the "{". */
GPtrArray *
cli_parse_block (CliParser *p, const char *what, GError **error)
{
  CliToken *open;
  GPtrArray *body;

  skip_newlines (p);
  open = current (p);
  if (open->type != CLI_TOKEN_LBRACE)
    {
      cli_parser_fail (p, open->start, CLI_ERROR_PARSE, error, "Missing statement block after %s.", what);
      return NULL;
    }
  take (p);
  body = cli_parse_statements (p, open->partner, error);
  if (body == NULL)
    return NULL;
  take (p);
  return body;
}

static CliPipeline *
parse_statement (CliParser *p, GError **error)
{
  CliToken *first = current (p);
  g_autoptr(CliPipeline) statement = NULL;

  if (is_keyword (first, "foreach") && current (p) != NULL &&
      ((CliToken *) g_ptr_array_index (p->tokens, p->pos + 1))->type == CLI_TOKEN_LPAREN)
    {
      statement = cli_pipeline_new (CLI_STATEMENT_FOREACH, first->start);
      take (p);
      statement->collection = parse_condition (p, "foreach", &statement->variable, error);
      if (statement->collection == NULL)
        return NULL;
      statement->body = cli_parse_block (p, "foreach ( )", error);
      if (statement->body == NULL)
        return NULL;
      statement->end = ((CliToken *) g_ptr_array_index (p->tokens, p->pos - 1))->end;
      return g_steal_pointer (&statement);
    }
  if (is_keyword (first, "if"))
    {
      statement = cli_pipeline_new (CLI_STATEMENT_IF, first->start);
      statement->conditions = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_pipeline_free);
      statement->bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
      take (p);
      for (;;)
        {
          CliPipeline *condition = parse_condition (p, "if", NULL, error);
          GPtrArray *body;
          guint mark;

          if (condition == NULL)
            return NULL;
          g_ptr_array_add (statement->conditions, condition);
          body = cli_parse_block (p, "if ( )", error);
          if (body == NULL)
            return NULL;
          g_ptr_array_add (statement->bodies, body);
          statement->end = ((CliToken *) g_ptr_array_index (p->tokens, p->pos - 1))->end;

          /* elseif and else may come on the next lines. */
          mark = p->pos;
          skip_newlines (p);
          if (is_keyword (current (p), "elseif"))
            {
              take (p);
              continue;
            }
          if (is_keyword (current (p), "else"))
            {
              take (p);
              statement->body = cli_parse_block (p, "else", error);
              if (statement->body == NULL)
                return NULL;
              statement->end = ((CliToken *) g_ptr_array_index (p->tokens, p->pos - 1))->end;
              return g_steal_pointer (&statement);
            }
          p->pos = mark;
          return g_steal_pointer (&statement);
        }
    }
  /* about_Return: "return x" writes x and leaves the script.  casarray
   * has no functions, so return is taken where it leaves the whole script:
   * at its top level, not inside a block, ( ) or $( ). */
  if (is_keyword (first, "function"))
    return cli_parse_function (p, error);
  if (is_keyword (first, "try"))
    return cli_parse_try (p, error);
  if (is_keyword (first, "return") || is_keyword (first, "exit"))
    {
      CliToken *next = g_ptr_array_index (p->tokens, p->pos + 1);
      gboolean is_exit = is_keyword (first, "exit");

      if (!is_exit && p->functions == 0 && (first->depth > 0 || p->nested))
        {
          cli_parser_fail (p, first->start, CLI_ERROR_NOT_SUPPORTED, error,
                           "return inside a block, ( ) or $( ) outside a function is not supported by casarray "
                           "(only at the top level of a script, where it ends the script, or in a function). "
                           "Nothing was run.");
          return NULL;
        }
      take (p);
      if (cli_token_ends_statement (next) || next->type == CLI_TOKEN_EOF || next->type == CLI_TOKEN_RBRACE ||
          next->type == CLI_TOKEN_RPAREN)
        {
          statement = cli_pipeline_new (CLI_STATEMENT_PIPELINE, first->start);
          statement->source = cli_expr_new (CLI_EXPR_ARRAY, first->start, first->end);
          statement->source->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_expr_free);
          statement->end = first->end;
        }
      else
        {
          statement = cli_parse_pipeline (p, error);
          if (statement == NULL)
            return NULL;
          statement->start = first->start;
        }
      statement->returns = is_exit ? 2 : 1;
      return g_steal_pointer (&statement);
    }
  if (first->type == CLI_TOKEN_VARIABLE)
    {
      CliToken *next = g_ptr_array_index (p->tokens, p->pos + 1);
      CliToken *index = NULL;
      gint64 element = 0;

      CliOp op = CLI_OP_ADD;
      gboolean compound;

      /* $a[2] = x: the lexer ends the [2] word at the "=". */
      if (next->type == CLI_TOKEN_WORD && next->start == first->end && next->flags == 0 &&
          next->text[0] == '[' && p->pos + 2 < p->tokens->len)
        {
          char *after = NULL;

          element = g_ascii_strtoll (next->text + 1, &after, 10);
          if (after != next->text + 1 && g_str_equal (after, "]"))
            {
              index = next;
              next = g_ptr_array_index (p->tokens, p->pos + 2);
            }
        }
      compound = next->type == CLI_TOKEN_WORD && strlen (next->text) == 2 && next->text[1] == '=' &&
                          next->flags == 0 && strchr ("+-*/%", next->text[0]) != NULL;

      if (next->type == CLI_TOKEN_WORD && (g_str_equal (next->text, "=") || compound))
        {
          statement = cli_pipeline_new (CLI_STATEMENT_ASSIGNMENT, first->start);
          statement->variable = g_strdup (first->text);
          take (p);
          if (index != NULL)
            {
              if (!g_str_equal (next->text, "="))
                {
                  cli_parser_fail (p, next->start, CLI_ERROR_NOT_SUPPORTED, error,
                                   "'%s' on an array element is not supported by casarray: write "
                                   "$a[i] = $a[i] %c value. Nothing was run.", next->text, next->text[0]);
                  return NULL;
                }
              statement->target = cli_expr_new (CLI_EXPR_INDEX, first->start, index->end);
              statement->target->index = element;
              statement->target->left = cli_expr_new (CLI_EXPR_VARIABLE, first->start, first->end);
              statement->target->left->name = g_strdup (first->text);
              take (p);
            }
          take (p);
          skip_newlines (p);
          if (cli_token_ends_statement (current (p)) || current (p)->type == CLI_TOKEN_EOF ||
              current (p)->type == CLI_TOKEN_RBRACE || current (p)->type == CLI_TOKEN_RPAREN)
            {
              cli_parser_fail (p, next->end, current (p)->type == CLI_TOKEN_EOF ? CLI_ERROR_INCOMPLETE : CLI_ERROR_PARSE,
                               error, "You must provide a value expression on the right-hand side of the '=' operator.");
              return NULL;
            }
          statement->collection = cli_parse_pipeline (p, error);
          if (statement->collection == NULL)
            return NULL;
          statement->end = statement->collection->end;
          if (compound)
            {
              /* about_Assignment_Operators: $a += x is $a = $a + x. */
              CliPipeline *value = statement->collection;
              CliExpr *binary, *variable;

              if (value->commands->len > 0)
                {
                  cli_parser_fail (p, next->start, CLI_ERROR_NOT_SUPPORTED, error,
                                   "A pipeline after '%s' is not supported by casarray: write %s (pipeline). "
                                   "Nothing was run.", next->text, next->text);
                  return NULL;
                }
              switch (next->text[0])
                {
                case '-': op = CLI_OP_SUB; break;
                case '*': op = CLI_OP_MUL; break;
                case '/': op = CLI_OP_DIV; break;
                case '%': op = CLI_OP_MOD; break;
                default: op = CLI_OP_ADD; break;
                }
              variable = cli_expr_new (CLI_EXPR_VARIABLE, first->start, first->end);
              variable->name = g_strdup (first->text);
              binary = cli_expr_new (CLI_EXPR_BINARY, first->start, value->source->end);
              binary->op = op;
              binary->name = g_strndup (next->text, 1);
              binary->left = variable;
              binary->right = value->source;
              value->source = binary;
            }
          return g_steal_pointer (&statement);
        }
    }
  return cli_parse_pipeline (p, error);
}

GPtrArray *
cli_parse_statements (CliParser *p, guint stop, GError **error)
{
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_pipeline_free);

  for (;;)
    {
      CliPipeline *statement;
      CliToken *token;

      skip_separators (p);
      if (p->pos >= stop || current (p)->type == CLI_TOKEN_EOF)
        break;
      statement = parse_statement (p, error);
      if (statement == NULL)
        return NULL;
      g_ptr_array_add (statements, statement);

      token = current (p);
      if (!cli_token_ends_statement (token) && token->type != CLI_TOKEN_EOF && p->pos != stop)
        {
          cli_parser_fail (p, token->end, CLI_ERROR_PARSE, error,
                           "Unexpected token '%s' in expression or statement.", cli_token_describe (token));
          return NULL;
        }
    }
  return g_steal_pointer (&statements);
}

/* The lexer gives offsets into what it read: make them offsets into the
 * whole script. */
static void
shift_tokens (GPtrArray *tokens, gsize by)
{
  for (guint i = 0; i < tokens->len; i++)
    {
      CliToken *token = g_ptr_array_index (tokens, i);

      token->start += by;
      token->end += by;
    }
}

GPtrArray *
cli_parse_range (CliParser *p, gsize start, gsize end, GError **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  gsize offset = 0;
  CliParser sub;

  tokens = cli_lex (p->source + start, end - start, &offset, error);
  if (tokens == NULL)
    {
      *p->error_offset = start + offset;
      return NULL;
    }
  shift_tokens (tokens, start);
  sub.tokens = tokens;
  sub.pos = 0;
  sub.error_offset = p->error_offset;
  sub.source = p->source;
  sub.length = p->length;
  sub.allow_hash = FALSE;
  sub.nested = TRUE;
  sub.functions = p->functions;
  return cli_parse_statements (&sub, tokens->len - 1, error);
}

GPtrArray *
cli_parse (const char *source, gssize length, gsize *error_offset, GError **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  gsize dummy = 0;
  CliParser p;

  if (error_offset == NULL)
    error_offset = &dummy;
  tokens = cli_lex (source, length, error_offset, error);
  if (tokens == NULL)
    return NULL;

  p.tokens = tokens;
  p.pos = 0;
  p.allow_hash = FALSE;
  p.nested = FALSE;
  p.functions = 0;
  p.error_offset = error_offset;
  p.source = length == 0 ? "" : source;
  p.length = length < 0 ? strlen (source) : (gsize) length;
  return cli_parse_statements (&p, tokens->len - 1, error);
}
