/* cli-block-parser.c: the function and try statements
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * about_Functions: "function Name { ... }", with parameters either after
 * the name, "function Name ($a, $b) { ... }", or first in the body,
 * "param ($a, $b)".  Type constraints ([string]$a) are read and ignored;
 * default values and attributes ([Parameter(...)]) are refused as not
 * supported.  about_Try_Catch_Finally: "try { } catch { } finally { }",
 * catch or finally or both; a catch naming exception types is refused.
 */
#include "cli-parser-private.h"

#include <string.h>

#define current cli_parser_current
#define take cli_parser_take
#define skip_newlines cli_parser_skip_newlines

static CliToken *
token_at (CliParser *p, guint index)
{
  return g_ptr_array_index (p->tokens, MIN (index, p->tokens->len - 1));
}

/* "( $a, [type]$b )": the parser is on the "(". */
static gboolean
parse_parameters (CliParser *p, GPtrArray *names, GError **error)
{
  CliToken *open = take (p);
  guint stop = open->partner;

  for (;;)
    {
      CliToken *token;

      skip_newlines (p);
      if (p->pos >= stop)
        break;
      token = take (p);
      if (token->type == CLI_TOKEN_WORD && token->text[0] == '[' && token->text[strlen (token->text) - 1] == ']' &&
          strchr (token->text, '(') == NULL)
        continue;  /* a type: [string] */
      if (token->type == CLI_TOKEN_WORD && token->text[0] == '[')
        {
          /* [string]$name is one word to the lexer */
          const char *dollar = strstr (token->text, "]$");

          if (dollar != NULL && dollar[2] != '\0' && strchr (token->text, '(') == NULL &&
              strspn (dollar + 2, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == strlen (dollar + 2))
            {
              g_ptr_array_add (names, g_strdup (dollar + 2));
              goto next;
            }
        }
      if (token->type != CLI_TOKEN_VARIABLE)
        return cli_parser_fail (p, token->start, CLI_ERROR_NOT_SUPPORTED, error,
                                "Only parameter names ($name, [type]$name) are supported by casarray in a "
                                "parameter list, not '%s'. Nothing was run.", cli_token_describe (token));
      g_ptr_array_add (names, g_strdup (token->text));
    next:
      skip_newlines (p);
      if (p->pos >= stop)
        break;
      if (current (p)->type != CLI_TOKEN_COMMA)
        return cli_parser_fail (p, current (p)->start, CLI_ERROR_NOT_SUPPORTED, error,
                                "Default values and attributes of parameters are not supported by casarray "
                                "(unexpected '%s'). Nothing was run.", cli_token_describe (current (p)));
      take (p);
    }
  take (p);
  return TRUE;
}

CliPipeline *
cli_parse_function (CliParser *p, GError **error)
{
  CliToken *keyword = take (p);
  CliToken *name = current (p);
  g_autoptr(CliPipeline) statement = cli_pipeline_new (CLI_STATEMENT_FUNCTION, keyword->start);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  CliToken *open;

  if (name->type != CLI_TOKEN_WORD || cli_word_is_number (name->text, NULL))
    {
      cli_parser_fail (p, keyword->end, name->type == CLI_TOKEN_EOF ? CLI_ERROR_INCOMPLETE : CLI_ERROR_PARSE, error,
                       "Missing name after function keyword.");
      return NULL;
    }
  take (p);
  statement->variable = g_strdup (name->text);
  if (current (p)->type == CLI_TOKEN_LPAREN && !parse_parameters (p, names, error))
    return NULL;
  skip_newlines (p);
  open = current (p);
  if (open->type != CLI_TOKEN_LBRACE)
    {
      cli_parser_fail (p, open->start, open->type == CLI_TOKEN_EOF ? CLI_ERROR_INCOMPLETE : CLI_ERROR_PARSE, error,
                       "Missing function body in function declaration.");
      return NULL;
    }
  take (p);
  skip_newlines (p);
  if (cli_token_is_keyword (current (p), "param") && token_at (p, p->pos + 1)->type == CLI_TOKEN_LPAREN)
    {
      if (names->len > 0)
        {
          cli_parser_fail (p, current (p)->start, CLI_ERROR_PARSE, error,
                           "A function's parameters are either after its name or in param ( ), not both.");
          return NULL;
        }
      take (p);
      if (!parse_parameters (p, names, error))
        return NULL;
    }
  p->functions++;
  statement->body = cli_parse_statements (p, open->partner, error);
  p->functions--;
  if (statement->body == NULL)
    return NULL;
  take (p);
  g_ptr_array_add (names, NULL);
  statement->parameters = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  statement->end = token_at (p, p->pos - 1)->end;
  return g_steal_pointer (&statement);
}

CliPipeline *
cli_parse_try (CliParser *p, GError **error)
{
  CliToken *keyword = take (p);
  g_autoptr(CliPipeline) statement = cli_pipeline_new (CLI_STATEMENT_TRY, keyword->start);
  guint mark;

  statement->body = cli_parse_block (p, "try", error);
  if (statement->body == NULL)
    return NULL;
  mark = p->pos;
  skip_newlines (p);
  if (cli_token_is_keyword (current (p), "catch"))
    {
      take (p);
      if (current (p)->type == CLI_TOKEN_WORD && current (p)->text[0] == '[')
        {
          cli_parser_fail (p, current (p)->start, CLI_ERROR_NOT_SUPPORTED, error,
                           "catch with exception types is not supported by casarray: write catch { } "
                           "and look at $_. Nothing was run.");
          return NULL;
        }
      statement->catch_body = cli_parse_block (p, "catch", error);
      if (statement->catch_body == NULL)
        return NULL;
      mark = p->pos;
      skip_newlines (p);
    }
  if (cli_token_is_keyword (current (p), "finally"))
    {
      take (p);
      statement->finally_body = cli_parse_block (p, "finally", error);
      if (statement->finally_body == NULL)
        return NULL;
      mark = p->pos;
    }
  p->pos = mark;
  if (statement->catch_body == NULL && statement->finally_body == NULL)
    {
      cli_parser_fail (p, token_at (p, p->pos - 1)->end, CLI_ERROR_PARSE, error,
                       "The Try statement is missing its Catch or Finally block.");
      return NULL;
    }
  statement->end = token_at (p, p->pos - 1)->end;
  return g_steal_pointer (&statement);
}
