/* cli-expr-parser.c: expressions, from the lexer's tokens to cli-ast.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The lexer reads the whole script in PowerShell's argument mode; in
 * expression mode the same tokens mean other things, which this parser
 * sorts out by their text and by adjacency (a token that starts where
 * the one before it ends): $db followed by ".Name.ToLower" and "(" is a
 * method call on a property, "-eq" is an operator, 5 is a number.
 *
 * Precedence, lowest first (about_Operator_Precedence): -and -or -xor
 * (left to right, equal), the comparison operators, + and -, * / and %,
 * the comma, -not and
 * !, then .member, .method() and [index] on a primary.
 */
#include "cli-parser-private.h"

#include <string.h>

/* Longest chain of operators or of .members in one expression: they make
 * trees as deep as they are long, which the evaluator walks recursively,
 * so hostile input must not make them arbitrarily deep. */
#define MAX_CHAIN 1000

#define current cli_parser_current
#define take cli_parser_take
#define skip_newlines cli_parser_skip_newlines


/* about_Numeric_Literals: a number may end in a multiplier suffix, kb,
 * mb, gb, tb or pb (any case), which multiplies it by 1024, 1024^2, ...
 * 1024^5: 5gb is 5368709120. */
gboolean
cli_word_is_number (const char *text, gint64 *value)
{
  static const char suffixes[] = "kmgtp";
  g_autofree char *digits = NULL;
  gint64 number, factor = 1;
  gsize len;

  if (text == NULL || text[0] == '\0')
    return FALSE;
  len = strlen (text);
  if (len > 2 && g_ascii_tolower (text[len - 1]) == 'b')
    {
      const char *s = strchr (suffixes, g_ascii_tolower (text[len - 2]));

      if (s != NULL && *s != '\0' && g_ascii_isdigit (text[len - 3]))
        {
          for (const char *f = suffixes; f <= s; f++)
            factor *= 1024;
          len -= 2;
        }
    }
  digits = g_strndup (text, len);
  if (!g_ascii_string_to_signed (digits, 10, G_MININT64, G_MAXINT64, &number, NULL))
    return FALSE;
  if (factor != 1 && (number > G_MAXINT64 / factor || number < G_MININT64 / factor))
    return FALSE;
  if (value != NULL)
    *value = number * factor;
  return TRUE;
}

/* The arithmetic operator a bareword token is ("+", "*"), with its
 * precedence level: 1 for + and -, 2 for * / %; 0 if it is none. */
static int
arithmetic_op (const CliToken *token, CliOp *op)
{
  if (token->type != CLI_TOKEN_WORD || token->text == NULL || token->text[0] == '\0' || token->text[1] != '\0' ||
      token->flags != 0)
    return 0;
  switch (token->text[0])
    {
    case '+': *op = CLI_OP_ADD; return 1;
    case '-': *op = CLI_OP_SUB; return 1;
    case '*': *op = CLI_OP_MUL; return 2;
    case '/': *op = CLI_OP_DIV; return 2;
    case '%': *op = CLI_OP_MOD; return 2;
    default: return 0;
    }
}

static gboolean
is_constant_variable (const char *name)
{
  return g_ascii_strcasecmp (name, "true") == 0 || g_ascii_strcasecmp (name, "false") == 0 ||
         g_ascii_strcasecmp (name, "null") == 0;
}

static gboolean
raw_has_dollar (CliParser *p, const CliToken *token)
{
  return memchr (p->source + token->start, '$', token->end - token->start) != NULL;
}

static CliToken *
token_at (CliParser *p, guint index)
{
  return g_ptr_array_index (p->tokens, MIN (index, p->tokens->len - 1));
}

static gboolean
next_is_adjacent_postfix (CliParser *p, const CliToken *token)
{
  CliToken *next = token_at (p, p->pos + 1);

  return next->start == token->end && next->type == CLI_TOKEN_WORD &&
         (next->text[0] == '.' || next->text[0] == '[' || next->text[0] == ':');
}

gboolean
cli_token_needs_expression (CliParser *p, const CliToken *token)
{
  switch (token->type)
    {
    case CLI_TOKEN_VARIABLE:
      return !is_constant_variable (token->text) || next_is_adjacent_postfix (p, token);
    case CLI_TOKEN_LPAREN:
    case CLI_TOKEN_DOLLAR_LPAREN:
    case CLI_TOKEN_AT_LPAREN:
    case CLI_TOKEN_LBRACE:
      return TRUE;
    case CLI_TOKEN_AT_LBRACE:
      return p->allow_hash;
    case CLI_TOKEN_WORD:
    case CLI_TOKEN_STRING:
      /* Only what holds a $ expands; a single-quoted string never does. */
      return ((token->flags & CLI_TOKEN_FLAG_DOUBLE_QUOTED) ||
              !(token->flags & CLI_TOKEN_FLAG_SINGLE_QUOTED)) && raw_has_dollar (p, token);
    default:
      return FALSE;
    }
}

/* ---- "strings with $var and $( )" ---- */

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static void
flush_literal (GPtrArray *parts, GString *literal, gsize start, gsize end)
{
  CliExpr *part;

  if (literal->len == 0)
    return;
  part = cli_expr_new (CLI_EXPR_CONSTANT, start, end);
  part->value = cli_value_new_string (literal->str);
  g_ptr_array_add (parts, part);
  g_string_truncate (literal, 0);
}

/* Where the $( ) that starts at @open (its "$") ends: the lexer reads on
 * from inside it and stops at the first ")" it cannot match, which is
 * this one's (strings and groups inside are read as such). */
static gboolean
find_subexpression_end (CliParser *p, gsize open, gsize limit, gsize *close, GError **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) local = NULL;
  gsize offset = 0;

  tokens = cli_lex (p->source + open + 2, limit - open - 2, &offset, &local);
  if (tokens == NULL && g_error_matches (local, CLI_ERROR, CLI_ERROR_PARSE) &&
      p->source[open + 2 + offset] == ')')
    {
      *close = open + 2 + offset;
      return TRUE;
    }
  return cli_parser_fail (p, open, CLI_ERROR_PARSE, error, "Missing closing ')' in subexpression.");
}

/* PowerShell's escapes in expandable strings (about_Special_Characters). */
static gunichar
escape_char (gunichar c)
{
  switch (c)
    {
    case '0': return 0;
    case 'a': return '\a';
    case 'b': return '\b';
    case 'e': return 0x1b;
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    default: return c;
    }
}

/* The parts of source[from, to): literal text, $name, ${name}, $env:NAME
 * and $( statements ).  As in PowerShell (about_Quoting_Rules), only the
 * variable name is expanded: "$db.Name" is $db's value followed by
 * ".Name"; a property needs "$($db.Name)". */
static CliExpr *
parse_expandable (CliParser *p, const CliToken *token, gsize from, gsize to, gboolean doubled_quotes, GError **error)
{
  const char *s = p->source;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_expr_free);
  g_autoptr(GString) literal = g_string_new (NULL);
  gsize literal_start = from;
  gsize i = from;
  CliExpr *expr;

  while (i < to)
    {
      char c = s[i];

      if (c == '`' && i + 1 < to)
        {
          gunichar e = escape_char (g_utf8_get_char (s + i + 1));

          if (e != 0)
            g_string_append_unichar (literal, e);
          i = g_utf8_next_char (s + i + 1) - s;
          continue;
        }
      if (c == '"' && doubled_quotes && i + 1 < to && s[i + 1] == '"')
        {
          g_string_append_c (literal, '"');
          i += 2;
          continue;
        }
      if (c == '$' && i + 1 < to && s[i + 1] == '(')
        {
          gsize close = 0;
          CliExpr *part;

          if (!find_subexpression_end (p, i, to, &close, error))
            return NULL;
          flush_literal (parts, literal, literal_start, i);
          part = cli_expr_new (CLI_EXPR_SUBEXPRESSION, i, close + 1);
          part->statements = cli_parse_range (p, i + 2, close, error);
          if (part->statements == NULL)
            {
              cli_expr_free (part);
              return NULL;
            }
          g_ptr_array_add (parts, part);
          i = close + 1;
          literal_start = i;
          continue;
        }
      if (c == '$' && i + 1 < to && s[i + 1] == '?')
        {
          CliExpr *part;

          flush_literal (parts, literal, literal_start, i);
          part = cli_expr_new (CLI_EXPR_VARIABLE, i, i + 2);
          part->name = g_strdup ("?");
          g_ptr_array_add (parts, part);
          i += 2;
          literal_start = i;
          continue;
        }
      if (c == '$' && i + 1 < to && (s[i + 1] == '{' || is_name_char (s[i + 1])))
        {
          gsize name_start, name_end, end;
          CliExpr *part;

          if (s[i + 1] == '{')
            {
              const char *close = memchr (s + i + 2, '}', to - i - 2);

              if (close == NULL)
                return cli_parser_fail (p, i, CLI_ERROR_PARSE, error,
                                        "Incomplete variable reference token: missing '}'."), NULL;
              name_start = i + 2;
              name_end = close - s;
              end = name_end + 1;
            }
          else
            {
              name_start = i + 1;
              name_end = name_start;
              while (name_end < to && is_name_char (s[name_end]))
                name_end++;
              /* $env:NAME, $script:name: a drive or scope, then the name. */
              if (name_end + 1 < to && s[name_end] == ':' && is_name_char (s[name_end + 1]))
                {
                  name_end++;
                  while (name_end < to && is_name_char (s[name_end]))
                    name_end++;
                }
              end = name_end;
            }
          flush_literal (parts, literal, literal_start, i);
          part = cli_expr_new (CLI_EXPR_VARIABLE, i, end);
          part->name = g_strndup (s + name_start, name_end - name_start);
          g_ptr_array_add (parts, part);
          i = end;
          literal_start = i;
          continue;
        }
      g_string_append_c (literal, c);
      i++;
    }
  flush_literal (parts, literal, literal_start, to);

  expr = cli_expr_new (CLI_EXPR_EXPAND, token->start, token->end);
  expr->items = g_steal_pointer (&parts);
  return expr;
}

static gboolean
is_double_quote_at (const char *s)
{
  gunichar c = g_utf8_get_char (s);

  return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E;
}

static CliExpr *
parse_string (CliParser *p, CliToken *token, GError **error)
{
  const char *s = p->source;
  CliExpr *expr;

  take (p);
  if (!cli_token_needs_expression (p, token))
    {
      expr = cli_expr_new (CLI_EXPR_CONSTANT, token->start, token->end);
      expr->value = cli_value_new_string (token->text);
      return expr;
    }
  if (token->flags & CLI_TOKEN_FLAG_HERE_STRING)
    {
      /* @"<newline> ... <newline>"@: the lines between. */
      const char *first = memchr (s + token->start, '\n', token->end - token->start);
      gsize from = first != NULL ? (gsize) (first + 1 - s) : token->end;
      gsize to = token->end >= 2 ? token->end - 2 : token->end;

      while (to > from && s[to - 1] != '\n')
        to--;
      if (to > from)
        to--;
      if (to > from && s[to - 1] == '\r')
        to--;
      return parse_expandable (p, token, from, MAX (from, to), FALSE, error);
    }
  if (token->type == CLI_TOKEN_STRING && is_double_quote_at (s + token->start) &&
      !(token->flags & CLI_TOKEN_FLAG_SINGLE_QUOTED))
    {
      const char *last = g_utf8_prev_char (s + token->end);

      if (is_double_quote_at (last) && last > s + token->start)
        return parse_expandable (p, token, g_utf8_next_char (s + token->start) - s, last - s, TRUE, error);
    }
  if (token->type == CLI_TOKEN_WORD && token->flags == 0)
    return parse_expandable (p, token, token->start, token->end, FALSE, error);
  return cli_parser_fail (p, token->start, CLI_ERROR_NOT_SUPPORTED, error,
                          "Variables in a word glued to quoted text are not supported: write the "
                          "whole argument as one \"double-quoted string\". Nothing was run."), NULL;
}

/* ---- primaries ---- */

static CliExpr *
parse_group (CliParser *p, CliExprKind kind, GError **error)
{
  CliToken *open = take (p);
  CliToken *close = token_at (p, open->partner);
  g_autoptr(CliExpr) expr = cli_expr_new (kind, open->start, close->end);
  gboolean allow_hash = p->allow_hash;

  p->allow_hash = FALSE;
  expr->statements = cli_parse_statements (p, open->partner, error);
  p->allow_hash = allow_hash;
  if (expr->statements == NULL)
    return NULL;
  if (kind == CLI_EXPR_SCRIPT)
    expr->text = g_strndup (p->source + open->end, close->start - open->end);
  take (p);
  return g_steal_pointer (&expr);
}

static CliExpr *parse_unary (CliParser *p, GError **error);

/* An expression written in source[start, end): the value glued to a key
 * in a hash literal (n="Size" is one word to the lexer). */
static CliExpr *
parse_expression_range (CliParser *p, gsize start, gsize end, GError **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  gsize offset = 0;
  CliParser sub;
  CliExpr *expr;

  tokens = cli_lex (p->source + start, end - start, &offset, error);
  if (tokens == NULL)
    {
      *p->error_offset = start + offset;
      return NULL;
    }
  for (guint i = 0; i < tokens->len; i++)
    {
      CliToken *token = g_ptr_array_index (tokens, i);

      token->start += start;
      token->end += start;
    }
  sub = *p;
  sub.tokens = tokens;
  sub.pos = 0;
  sub.nested = TRUE;
  expr = cli_parse_expression (&sub, error);
  if (expr != NULL && cli_parser_current (&sub)->type != CLI_TOKEN_EOF)
    {
      cli_parser_fail (p, cli_parser_current (&sub)->start, CLI_ERROR_PARSE, error,
                       "Unexpected token '%s' in hash literal.", cli_token_describe (cli_parser_current (&sub)));
      g_clear_pointer (&expr, cli_expr_free);
    }
  return expr;
}

/* @{ key = value; key = value }: keys are words or strings, values
 * expressions; entries are separated by ; or newlines. */
static CliExpr *
parse_hash (CliParser *p, GError **error)
{
  CliToken *open = take (p);
  guint stop = open->partner;
  g_autoptr(CliExpr) hash = cli_expr_new (CLI_EXPR_HASH, open->start, token_at (p, stop)->end);
  gboolean allow_hash = p->allow_hash;

  hash->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_expr_free);
  p->allow_hash = FALSE;
  for (;;)
    {
      CliToken *key;
      CliExpr *key_expr, *value = NULL;
      const char *eq = NULL;

      while (cli_token_ends_statement (current (p)))
        take (p);
      if (p->pos >= stop)
        break;
      key = take (p);
      if (key->type != CLI_TOKEN_WORD && key->type != CLI_TOKEN_STRING)
        {
          p->allow_hash = allow_hash;
          return cli_parser_fail (p, key->start, CLI_ERROR_PARSE, error,
                                  "Missing key before '=' in hash literal."), NULL;
        }
      if (key->type == CLI_TOKEN_WORD)
        eq = memchr (p->source + key->start, '=', key->end - key->start);
      key_expr = cli_expr_new (CLI_EXPR_CONSTANT, key->start, key->end);
      if (eq != NULL)
        {
          g_autofree char *name = g_strndup (p->source + key->start, eq - (p->source + key->start));

          key_expr->value = cli_value_new_string (name);
          if ((gsize) (eq + 1 - p->source) < key->end)
            value = parse_expression_range (p, eq + 1 - p->source, key->end, error);
        }
      else
        {
          key_expr->value = cli_value_new_string (key->text);
          if (!(current (p)->type == CLI_TOKEN_WORD && g_str_equal (current (p)->text, "=")))
            {
              cli_expr_free (key_expr);
              p->allow_hash = allow_hash;
              return cli_parser_fail (p, key->end, CLI_ERROR_PARSE, error,
                                      "Missing '=' operator after key in hash literal."), NULL;
            }
          take (p);
        }
      g_ptr_array_add (hash->items, key_expr);
      if (value == NULL && (eq == NULL || (gsize) (eq + 1 - p->source) >= key->end))
        {
          skip_newlines (p);
          if (p->pos >= stop || cli_token_ends_statement (current (p)))
            {
              p->allow_hash = allow_hash;
              return cli_parser_fail (p, current (p)->start, CLI_ERROR_PARSE, error,
                                      "Missing statement after '=' in hash literal."), NULL;
            }
          value = cli_parse_expression (p, error);
        }
      if (value == NULL)
        {
          p->allow_hash = allow_hash;
          return NULL;
        }
      g_ptr_array_add (hash->items, value);
      if (p->pos < stop && !cli_token_ends_statement (current (p)))
        {
          p->allow_hash = allow_hash;
          return cli_parser_fail (p, current (p)->start, CLI_ERROR_PARSE, error,
                                  "Unexpected token '%s' in hash literal.", cli_token_describe (current (p))), NULL;
        }
    }
  take (p);
  p->allow_hash = allow_hash;
  return g_steal_pointer (&hash);
}

/* .Name, .Method(args), [0] right after @expr. */
static CliExpr *
parse_postfix (CliParser *p, CliExpr *expr, GError **error)
{
  g_autoptr(CliExpr) result = expr;
  guint chain = 0;

  for (;;)
    {
      CliToken *token = current (p);
      const char *t;

      if (token->start != result->end || token->type != CLI_TOKEN_WORD ||
          (token->text[0] != '.' && token->text[0] != '['))
        break;
      take (p);
      t = token->text;
      while (*t != '\0')
        {
          if (++chain > MAX_CHAIN)
            return cli_parser_fail (p, token->start, CLI_ERROR_PARSE, error,
                                    "The expression has more than %d members or indexes in a row.", MAX_CHAIN), NULL;
          if (*t == '.')
            {
              const char *name = ++t;
              CliExpr *member;

              while (is_name_char (*t))
                t++;
              if (t == name)
                return cli_parser_fail (p, token->start + (name - token->text), CLI_ERROR_PARSE, error,
                                        "Missing property name after reference operator."), NULL;
              member = cli_expr_new (CLI_EXPR_MEMBER, result->start, token->start + (t - token->text));
              member->name = g_strndup (name, t - name);
              member->left = g_steal_pointer (&result);
              result = member;
            }
          else if (*t == '[')
            {
              char *after = NULL;
              gint64 index = g_ascii_strtoll (t + 1, &after, 10);
              CliExpr *item;

              if (after == t + 1 || *after != ']')
                return cli_parser_fail (p, token->start + (t - token->text), CLI_ERROR_NOT_SUPPORTED, error,
                                        "Only a number may index an array here ($list[0], $list[-1])."), NULL;
              t = after + 1;
              item = cli_expr_new (CLI_EXPR_INDEX, result->start, token->start + (t - token->text));
              item->index = index;
              item->left = g_steal_pointer (&result);
              result = item;
            }
          else
            return cli_parser_fail (p, token->start + (t - token->text), CLI_ERROR_PARSE, error,
                                    "Unexpected token '%s' in expression or statement.", t), NULL;
        }

      /* A member right before "(" is a method call. */
      if (result->kind == CLI_EXPR_MEMBER && current (p)->type == CLI_TOKEN_LPAREN &&
          current (p)->start == result->end)
        {
          CliToken *open = take (p);
          CliToken *close = token_at (p, open->partner);

          result->kind = CLI_EXPR_METHOD;
          result->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_expr_free);
          skip_newlines (p);
          if (p->pos != (guint) open->partner)
            {
              CliExpr *args = cli_parse_expression (p, error);

              if (args == NULL)
                return NULL;
              if (args->kind == CLI_EXPR_ARRAY)
                {
                  /* f(a, b): the comma separates arguments. */
                  for (guint i = 0; i < args->items->len; i++)
                    g_ptr_array_add (result->items, g_steal_pointer (&args->items->pdata[i]));
                  cli_expr_free (args);
                }
              else
                g_ptr_array_add (result->items, args);
              skip_newlines (p);
              if (p->pos != (guint) open->partner)
                return cli_parser_fail (p, current (p)->start, CLI_ERROR_PARSE, error,
                                        "Missing ')' in method call."), NULL;
            }
          take (p);
          result->end = close->end;
        }
    }
  return g_steal_pointer (&result);
}

static CliExpr *
parse_primary (CliParser *p, gboolean argument_mode, GError **error)
{
  CliToken *token = current (p);
  CliExpr *expr = NULL;
  gint64 number;

  switch (token->type)
    {
    case CLI_TOKEN_VARIABLE:
      take (p);
      if (is_constant_variable (token->text))
        {
          expr = cli_expr_new (CLI_EXPR_CONSTANT, token->start, token->end);
          expr->value = g_ascii_strcasecmp (token->text, "null") == 0 ? cli_value_new_null ()
                        : cli_value_new_bool (g_ascii_strcasecmp (token->text, "true") == 0);
          break;
        }
      expr = cli_expr_new (CLI_EXPR_VARIABLE, token->start, token->end);
      expr->name = g_strdup (token->text);
      /* $env:NAME: the lexer ends the name at the colon. */
      if (current (p)->type == CLI_TOKEN_WORD && current (p)->start == token->end &&
          current (p)->text[0] == ':' && is_name_char (current (p)->text[1]))
        {
          CliToken *scoped = current (p);
          const char *t = scoped->text + 1;

          while (is_name_char (*t))
            t++;
          if (*t != '\0' && *t != '.' && *t != '[')
            {
              cli_expr_free (expr);
              return cli_parser_fail (p, scoped->start, CLI_ERROR_PARSE, error,
                                      "Unexpected token '%s' in expression or statement.", scoped->text), NULL;
            }
          take (p);
          g_free (expr->name);
          expr->name = g_strdup_printf ("%s:%.*s", token->text, (int) (t - scoped->text - 1), scoped->text + 1);
          expr->end = scoped->start + (t - scoped->text);
          if (*t != '\0')
            {
              /* what follows the name (.Length) would be a member */
              gsize at = expr->end;

              cli_expr_free (expr);
              return cli_parser_fail (p, at, CLI_ERROR_NOT_SUPPORTED, error,
                                      "Members of $env: variables are not supported; write ($env:NAME).Member."), NULL;
            }
        }
      break;
    case CLI_TOKEN_STRING:
      expr = parse_string (p, token, error);
      break;
    case CLI_TOKEN_WORD:
      if (cli_word_is_number (token->text, &number))
        {
          take (p);
          expr = cli_expr_new (CLI_EXPR_CONSTANT, token->start, token->end);
          expr->value = cli_value_new_int (number);
          break;
        }
      if (argument_mode)
        {
          expr = parse_string (p, token, error);
          break;
        }
      return cli_parser_fail (p, token->start, CLI_ERROR_PARSE, error,
                              "Unexpected token '%s' in expression or statement "
                              "(a string in an expression needs quotes).", token->text), NULL;
    case CLI_TOKEN_LPAREN:
      expr = parse_group (p, CLI_EXPR_PAREN, error);
      break;
    case CLI_TOKEN_DOLLAR_LPAREN:
      expr = parse_group (p, CLI_EXPR_SUBEXPRESSION, error);
      break;
    case CLI_TOKEN_AT_LPAREN:
      expr = parse_group (p, CLI_EXPR_ARRAY_SUBEXPRESSION, error);
      break;
    case CLI_TOKEN_LBRACE:
      expr = parse_group (p, CLI_EXPR_SCRIPT, error);
      break;
    case CLI_TOKEN_AT_LBRACE:
      if (!p->allow_hash)
        {
          cli_parser_refuse_hash (p, token, error);
          return NULL;
        }
      expr = parse_hash (p, error);
      break;
    default:
      return cli_parser_fail (p, token->start, token->type == CLI_TOKEN_EOF ? CLI_ERROR_INCOMPLETE : CLI_ERROR_PARSE,
                              error, "Unexpected token '%s' in expression or statement.",
                              cli_token_describe (token)), NULL;
    }
  if (expr == NULL)
    return NULL;
  return parse_postfix (p, expr, error);
}

CliExpr *
cli_parse_argument_expression (CliParser *p, GError **error)
{
  return parse_primary (p, TRUE, error);
}

static gboolean
is_not (CliToken *token)
{
  return (token->type == CLI_TOKEN_PARAMETER && !token->colon && g_ascii_strcasecmp (token->text, "not") == 0) ||
         (token->type == CLI_TOKEN_WORD && g_str_equal (token->text, "!"));
}

static CliExpr *
parse_unary (CliParser *p, GError **error)
{
  CliToken *first = current (p);
  CliExpr *operand;
  guint nots = 0;

  /* A loop, not recursion: -not -not ... any number of times.  Two
   * -not make a truth value, so parity and whether there were any is
   * all that matters. */
  while (is_not (current (p)))
    {
      CliToken *token = take (p);

      nots++;
      skip_newlines (p);
      if (cli_token_ends_statement (current (p)) || current (p)->type == CLI_TOKEN_EOF)
        return cli_parser_fail (p, token->end, current (p)->type == CLI_TOKEN_EOF ? CLI_ERROR_INCOMPLETE : CLI_ERROR_PARSE,
                                error, "You must provide a value expression following the '%s' operator.",
                                token->type == CLI_TOKEN_WORD ? "!" : "-not"), NULL;
    }
  operand = parse_primary (p, FALSE, error);
  if (operand == NULL || nots == 0)
    return operand;
  for (guint i = 0; i < (nots % 2 == 1 ? 1 : 2); i++)
    {
      CliExpr *expr = cli_expr_new (CLI_EXPR_NOT, first->start, operand->end);

      expr->left = operand;
      operand = expr;
    }
  return operand;
}

static CliExpr *
parse_comma (CliParser *p, GError **error)
{
  g_autoptr(CliExpr) first = NULL;
  g_autoptr(CliExpr) array = NULL;

  /* about_Operators: the unary comma makes an array of one item
   * (",@(1,2)" is one array holding the array, which the pipeline does
   * not unroll). */
  if (current (p)->type == CLI_TOKEN_COMMA)
    {
      CliToken *comma = take (p);
      CliExpr *item;

      if (current (p)->type == CLI_TOKEN_EOF || cli_token_ends_statement (current (p)))
        return cli_parser_fail (p, comma->end, current (p)->type == CLI_TOKEN_EOF ? CLI_ERROR_INCOMPLETE : CLI_ERROR_PARSE,
                                error, "Missing expression after unary operator ','."), NULL;
      item = parse_unary (p, error);
      if (item == NULL)
        return NULL;
      array = cli_expr_new (CLI_EXPR_ARRAY, comma->start, item->end);
      array->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_expr_free);
      g_ptr_array_add (array->items, item);
      return g_steal_pointer (&array);
    }
  first = parse_unary (p, error);

  if (first == NULL)
    return NULL;
  if (current (p)->type != CLI_TOKEN_COMMA)
    return g_steal_pointer (&first);
  array = cli_expr_new (CLI_EXPR_ARRAY, first->start, first->end);
  array->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_expr_free);
  g_ptr_array_add (array->items, g_steal_pointer (&first));
  while (current (p)->type == CLI_TOKEN_COMMA)
    {
      CliToken *comma = take (p);
      CliExpr *item;

      skip_newlines (p);
      if (current (p)->type == CLI_TOKEN_EOF || cli_token_ends_statement (current (p)))
        return cli_parser_fail (p, comma->end, current (p)->type == CLI_TOKEN_EOF ? CLI_ERROR_INCOMPLETE : CLI_ERROR_PARSE,
                                error, "Missing expression after ','."), NULL;
      item = parse_unary (p, error);
      if (item == NULL)
        return NULL;
      array->end = item->end;
      g_ptr_array_add (array->items, item);
    }
  return g_steal_pointer (&array);
}

/* + - (@level 1) and * / % (@level 2), left to right, on comma lists
 * (about_Operator_Precedence: "1,2 + 3" is 1,2,3). */
static CliExpr *
parse_arithmetic (CliParser *p, int level, GError **error)
{
  g_autoptr(CliExpr) left = level == 1 ? parse_arithmetic (p, 2, error) : parse_comma (p, error);
  guint chain = 0;
  CliOp op;

  if (left == NULL)
    return NULL;
  while (arithmetic_op (current (p), &op) == level)
    {
      CliToken *token = take (p);
      CliExpr *right, *expr;

      if (++chain > MAX_CHAIN)
        return cli_parser_fail (p, token->start, CLI_ERROR_PARSE, error,
                                "The expression has more than %d operators in a row.", MAX_CHAIN), NULL;
      skip_newlines (p);
      if (current (p)->type == CLI_TOKEN_EOF || cli_token_ends_statement (current (p)) ||
          current (p)->type == CLI_TOKEN_PIPE || current (p)->type == CLI_TOKEN_RPAREN ||
          current (p)->type == CLI_TOKEN_RBRACE)
        return cli_parser_fail (p, token->end, current (p)->type == CLI_TOKEN_EOF ? CLI_ERROR_INCOMPLETE : CLI_ERROR_PARSE,
                                error, "You must provide a value expression following the '%s' operator.",
                                token->text), NULL;
      right = level == 1 ? parse_arithmetic (p, 2, error) : parse_comma (p, error);
      if (right == NULL)
        return NULL;
      expr = cli_expr_new (CLI_EXPR_BINARY, left->start, right->end);
      expr->op = op;
      expr->name = g_strdup (token->text);
      expr->left = g_steal_pointer (&left);
      expr->right = right;
      left = expr;
    }
  return g_steal_pointer (&left);
}

/* Left to right; @logical picks -and/-or/-xor, else the comparisons. */
static CliExpr *
parse_binary (CliParser *p, gboolean logical, GError **error)
{
  g_autoptr(CliExpr) left = logical ? parse_binary (p, FALSE, error) : parse_arithmetic (p, 1, error);
  guint chain = 0;

  if (left == NULL)
    return NULL;
  for (;;)
    {
      CliToken *token = current (p);
      CliOp op;
      gboolean cs;
      CliExpr *right, *expr;

      if (token->type != CLI_TOKEN_PARAMETER || token->colon || !cli_op_lookup (token->text, &op, &cs) ||
          cli_op_is_logical (op) != logical)
        break;
      if (++chain > MAX_CHAIN)
        return cli_parser_fail (p, token->start, CLI_ERROR_PARSE, error,
                                "The expression has more than %d operators in a row.", MAX_CHAIN), NULL;
      take (p);
      skip_newlines (p);
      if (current (p)->type == CLI_TOKEN_EOF || cli_token_ends_statement (current (p)) ||
          current (p)->type == CLI_TOKEN_PIPE || current (p)->type == CLI_TOKEN_RPAREN ||
          current (p)->type == CLI_TOKEN_RBRACE)
        return cli_parser_fail (p, token->end, current (p)->type == CLI_TOKEN_EOF ? CLI_ERROR_INCOMPLETE : CLI_ERROR_PARSE,
                                error, "You must provide a value expression following the '-%s' operator.",
                                token->text), NULL;
      right = logical ? parse_binary (p, FALSE, error) : parse_arithmetic (p, 1, error);
      if (right == NULL)
        return NULL;
      expr = cli_expr_new (CLI_EXPR_BINARY, left->start, right->end);
      expr->op = op;
      expr->case_sensitive = cs;
      expr->name = g_strdup (token->text);
      expr->left = g_steal_pointer (&left);
      expr->right = right;
      left = expr;
    }
  return g_steal_pointer (&left);
}

CliExpr *
cli_parse_expression (CliParser *p, GError **error)
{
  CliExpr *expr = parse_binary (p, TRUE, error);
  CliToken *token;

  if (expr == NULL)
    return NULL;
  /* A -word after an expression can only be an operator. */
  token = current (p);
  if (token->type == CLI_TOKEN_PARAMETER)
    {
      g_autofree char *text = g_strdup (token->text);

      cli_expr_free (expr);
      return cli_parser_fail (p, token->start, CLI_ERROR_PARSE, error,
                              "Unexpected token '-%s' in expression or statement: casarray knows the operators "
                              "-eq -ne -gt -ge -lt -le -like -notlike -match -notmatch -contains -notcontains "
                              "-in -notin (with -c and -i forms), -and -or -xor -not and -f.", text), NULL;
    }
  return expr;
}
