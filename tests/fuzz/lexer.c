/* lexer.c: fuzz target for the command's lexer and parser
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Input: a script.  Besides not crashing, the tokens must describe the
 * source: byte ranges inside it and in order, the stream ending with EOF,
 * every group opener and closer partnered both ways at the same depth;
 * a failure names an offset inside the source; and the parser (which
 * lexes first) fails whenever the lexer does.
 */
#include "fuzz.h"

#include "cli-error.h"
#include "cli-lexer.h"
#include "cli-parser.h"

/* Scripts are short; longer inputs only make each run slower. */
#define FUZZ_MAX_INPUT 8192

static void
check_tokens (GPtrArray *tokens, size_t size)
{
  gsize previous_end = 0;

  FUZZ_CHECK (tokens->len > 0, "no token, not even EOF");
  FUZZ_CHECK (((CliToken *) g_ptr_array_index (tokens, tokens->len - 1))->type == CLI_TOKEN_EOF,
              "the last token is not EOF");
  for (guint i = 0; i < tokens->len; i++)
    {
      const CliToken *token = g_ptr_array_index (tokens, i);

      FUZZ_CHECK (token->start <= token->end && token->end <= size,
                  "token %u spans [%zu, %zu) of %zu bytes", i, token->start, token->end, size);
      FUZZ_CHECK (token->start >= previous_end,
                  "token %u starts at %zu, before the previous one ends (%zu)",
                  i, token->start, previous_end);
      FUZZ_CHECK (token->line >= 1 && token->column >= 1, "token %u at line %u column %u",
                  i, token->line, token->column);
      previous_end = token->end;
      if (token->type == CLI_TOKEN_EOF)
        FUZZ_CHECK (i == tokens->len - 1, "EOF token %u is not the last", i);
      if (cli_token_opens_group (token) || token->type == CLI_TOKEN_RPAREN ||
          token->type == CLI_TOKEN_RBRACE)
        {
          const CliToken *partner;

          FUZZ_CHECK (token->partner >= 0 && (guint) token->partner < tokens->len,
                      "group token %u has partner %d", i, token->partner);
          partner = g_ptr_array_index (tokens, token->partner);
          FUZZ_CHECK (partner->partner == (int) i, "token %u's partner %d points at %d",
                      i, token->partner, partner->partner);
          FUZZ_CHECK (partner->depth == token->depth, "token %u at depth %u, its partner at %u",
                      i, token->depth, partner->depth);
          FUZZ_CHECK (cli_token_opens_group (token) == (token->partner > (int) i),
                      "opener and closer in the wrong order (token %u)", i);
        }
      else
        FUZZ_CHECK (token->partner == -1, "token %u of type %d has partner %d",
                    i, token->type, token->partner);
      FUZZ_CHECK (token->depth <= CLI_LEX_MAX_DEPTH, "token %u at depth %u", i, token->depth);
      /* must not crash, whatever the token */
      FUZZ_CHECK (cli_token_describe (token) != NULL, "token %u has no description", i);
    }
}

/* Every statement is well formed for its kind and lies inside the input;
 * the statements inside it (an assignment's value, a loop's collection and
 * body, an if's conditions and bodies) are checked the same way. */
static void
check_statement (const CliPipeline *pipeline,
                 size_t             size,
                 guint              depth)
{
  FUZZ_CHECK (depth <= 1000, "statements nested %u deep", depth);
  FUZZ_CHECK (pipeline->start <= pipeline->end && pipeline->end <= size,
              "a statement spans [%zu, %zu) of %zu bytes", pipeline->start, pipeline->end, size);
  switch (pipeline->kind)
    {
    case CLI_STATEMENT_PIPELINE:
      FUZZ_CHECK (pipeline->commands->len > 0 || pipeline->source != NULL,
                  "a pipeline at %zu has neither a command nor a value", pipeline->start);
      for (guint j = 0; j < pipeline->commands->len; j++)
        {
          const CliCommand *command = g_ptr_array_index (pipeline->commands, j);

          FUZZ_CHECK (command->name != NULL && command->start <= command->end && command->end <= size,
                      "command %u of the pipeline at %zu", j, pipeline->start);
        }
      break;
    case CLI_STATEMENT_ASSIGNMENT:
      FUZZ_CHECK (pipeline->variable != NULL && pipeline->collection != NULL,
                  "an assignment at %zu without a variable or a value", pipeline->start);
      check_statement (pipeline->collection, size, depth + 1);
      break;
    case CLI_STATEMENT_FOREACH:
      FUZZ_CHECK (pipeline->variable != NULL && pipeline->collection != NULL && pipeline->body != NULL,
                  "a foreach at %zu without a variable, a collection or a body", pipeline->start);
      check_statement (pipeline->collection, size, depth + 1);
      for (guint j = 0; j < pipeline->body->len; j++)
        check_statement (g_ptr_array_index (pipeline->body, j), size, depth + 1);
      break;
    case CLI_STATEMENT_IF:
      FUZZ_CHECK (pipeline->conditions != NULL && pipeline->bodies != NULL &&
                  pipeline->conditions->len > 0 && pipeline->conditions->len == pipeline->bodies->len,
                  "an if at %zu whose conditions and bodies do not pair", pipeline->start);
      for (guint j = 0; j < pipeline->conditions->len; j++)
        {
          const GPtrArray *body = g_ptr_array_index (pipeline->bodies, j);

          check_statement (g_ptr_array_index (pipeline->conditions, j), size, depth + 1);
          for (guint k = 0; k < body->len; k++)
            check_statement (g_ptr_array_index (body, k), size, depth + 1);
        }
      for (guint j = 0; pipeline->body != NULL && j < pipeline->body->len; j++)
        check_statement (g_ptr_array_index (pipeline->body, j), size, depth + 1);
      break;
    default:
      fuzz_fail (__FILE__, __LINE__, "kind", "a statement of an unknown kind");
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *source = (const char *) data;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GError) lex_error = NULL;
  g_autoptr(GError) parse_error = NULL;
  gsize lex_offset = G_MAXSIZE;
  gsize parse_offset = G_MAXSIZE;

  if (size > FUZZ_MAX_INPUT)
    return -1;

  tokens = cli_lex (source, (gssize) size, &lex_offset, &lex_error);
  if (tokens != NULL)
    {
      FUZZ_CHECK (lex_error == NULL, "tokens and an error");
      check_tokens (tokens, size);
    }
  else
    {
      FUZZ_CHECK (lex_error != NULL, "no tokens and no error");
      FUZZ_CHECK (lex_offset <= size, "lexer error at %zu of %zu bytes: %s",
                  lex_offset, size, lex_error->message);
    }

  pipelines = cli_parse (source, (gssize) size, &parse_offset, &parse_error);
  if (pipelines != NULL)
    {
      FUZZ_CHECK (parse_error == NULL, "pipelines and an error");
      FUZZ_CHECK (tokens != NULL, "the parser accepts what the lexer refuses (%s)",
                  lex_error->message);
      for (guint i = 0; i < pipelines->len; i++)
        check_statement (g_ptr_array_index (pipelines, i), size, 0);
    }
  else
    {
      FUZZ_CHECK (parse_error != NULL, "no pipelines and no error");
      FUZZ_CHECK (parse_offset <= size, "parser error at %zu of %zu bytes: %s",
                  parse_offset, size, parse_error->message);
    }
  return 0;
}
