/* cli-lexer.c: PowerShell-ish tokens
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-lexer.h"
#include "cli-error.h"

#include <string.h>

/* An open group: its opener's type and token index. */
typedef struct {
  CliTokenType type;
  guint        index;
} Group;

typedef struct {
  const char *source;
  gsize       length;
  gsize       pos;
  guint       line;      /* of pos */
  guint       column;    /* of pos, in characters */
  GPtrArray  *tokens;
  GArray     *groups;    /* Group, innermost last */
  guint       nesting;   /* $( ) inside strings around this lexer */
  gsize      *error_offset;
} Lexer;

/* Where a token starts. */
typedef struct {
  gsize pos;
  guint line;
  guint column;
} Mark;

static gunichar
peek_at (const Lexer *lx, gsize pos)
{
  if (pos >= lx->length)
    return 0;
  return g_utf8_get_char (lx->source + pos);
}

static gunichar
peek (const Lexer *lx)
{
  return peek_at (lx, lx->pos);
}

static gsize
next_pos (const Lexer *lx, gsize pos)
{
  if (pos >= lx->length)
    return pos;
  return g_utf8_next_char (lx->source + pos) - lx->source;
}

/* Every move forward goes through here, so line and column stay right. */
static void
advance (Lexer *lx)
{
  if (lx->pos >= lx->length)
    return;
  if (lx->source[lx->pos] == '\n')
    {
      lx->line++;
      lx->column = 1;
    }
  else
    lx->column++;
  lx->pos = next_pos (lx, lx->pos);
}

static gboolean
at_end (const Lexer *lx)
{
  return lx->pos >= lx->length;
}

static Mark
mark (const Lexer *lx)
{
  Mark m = { lx->pos, lx->line, lx->column };

  return m;
}

gboolean
cli_is_dash (gunichar c)
{
  return c == '-' || c == 0x2013 || c == 0x2014 || c == 0x2015;
}

static gboolean
is_double_quote (gunichar c)
{
  return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E;
}

static gboolean
is_single_quote (gunichar c)
{
  return c == '\'' || c == 0x2018 || c == 0x2019 || c == 0x201A || c == 0x201B;
}

static gboolean
is_blank (gunichar c)
{
  if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 || c == 0xFEFF)
    return TRUE;
  return c != '\n' && g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
}

/* Characters that end a bareword: PowerShell's ForceStartNewToken set
 * (blanks, newline, | ; , ( ) { }) but for &, which casarray has no use
 * for and leaves in words (an unquoted URL with a query), and > : as in
 * PowerShell, "echo a>b" writes a to the file b, in command and in
 * expression mode alike (1 > 2 writes 1 to the file 2; -gt compares). */
static gboolean
ends_word (gunichar c)
{
  return c == 0 || is_blank (c) || c == '\n' || c == '|' || c == ';' || c == ',' ||
         c == '(' || c == ')' || c == '{' || c == '}' || c == '>';
}

/* A backtick right before the end of a line (or of the input). */
static gboolean
backtick_ends_line (const Lexer *lx, gsize pos)
{
  gunichar after = peek_at (lx, pos + 1);

  return after == 0 || after == '\n' || (after == '\r' && peek_at (lx, pos + 2) == '\n');
}

char *
cli_normalize_dashes (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (cli_is_dash (c))
        g_string_append_c (out, '-');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

void
cli_source_position (const char *source, gsize offset, guint *line, guint *column)
{
  guint l = 1, col = 1;
  const char *end = source + offset;

  /* the bound first: @source need not be NUL-terminated (cli_exec_source()
   * takes a length), and @offset may be its end */
  for (const char *p = source; p < end && *p != '\0'; p = g_utf8_next_char (p))
    {
      if (*p == '\n')
        {
          l++;
          col = 1;
        }
      else
        col++;
    }
  *line = l;
  *column = col;
}

gboolean
cli_token_ends_statement (const CliToken *token)
{
  return token->type == CLI_TOKEN_NEWLINE || token->type == CLI_TOKEN_SEMICOLON;
}

gboolean
cli_token_opens_group (const CliToken *token)
{
  switch (token->type)
    {
    case CLI_TOKEN_LPAREN:
    case CLI_TOKEN_DOLLAR_LPAREN:
    case CLI_TOKEN_AT_LPAREN:
    case CLI_TOKEN_LBRACE:
    case CLI_TOKEN_AT_LBRACE:
      return TRUE;
    default:
      return FALSE;
    }
}

static const char *
type_text (CliTokenType type)
{
  switch (type)
    {
    case CLI_TOKEN_COMMA: return ",";
    case CLI_TOKEN_PIPE: return "|";
    case CLI_TOKEN_NEWLINE: return "newline";
    case CLI_TOKEN_SEMICOLON: return ";";
    case CLI_TOKEN_LPAREN: return "(";
    case CLI_TOKEN_DOLLAR_LPAREN: return "$(";
    case CLI_TOKEN_AT_LPAREN: return "@(";
    case CLI_TOKEN_RPAREN: return ")";
    case CLI_TOKEN_LBRACE: return "{";
    case CLI_TOKEN_AT_LBRACE: return "@{";
    case CLI_TOKEN_RBRACE: return "}";
    case CLI_TOKEN_EOF: return "";
    case CLI_TOKEN_REDIRECT:
    case CLI_TOKEN_WORD:
    case CLI_TOKEN_STRING:
    case CLI_TOKEN_PARAMETER:
    case CLI_TOKEN_VARIABLE:
    default:
      return NULL;
    }
}

const char *
cli_token_describe (const CliToken *token)
{
  const char *text = type_text (token->type);

  return text != NULL ? text : token->text;
}

static CliToken *
token_new (CliTokenType type, char *text, Mark start, gsize end)
{
  CliToken *token = g_new0 (CliToken, 1);

  token->type = type;
  token->text = text;
  token->start = start.pos;
  token->end = end;
  token->line = start.line;
  token->column = start.column;
  token->partner = -1;
  return token;
}

static void
token_free (CliToken *token)
{
  g_free (token->text);
  g_free (token);
}

static CliToken *
add_token (Lexer *lx, CliTokenType type, char *text, Mark start)
{
  CliToken *token = token_new (type, text, start, lx->pos);

  token->depth = lx->groups->len;
  g_ptr_array_add (lx->tokens, token);
  return token;
}

static gboolean
fail_at (Lexer *lx, gsize offset, CliErrorCode code, GError **error, const char *format, ...) G_GNUC_PRINTF (5, 6);

static gboolean
fail_at (Lexer *lx, gsize offset, CliErrorCode code, GError **error, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (lx->error_offset != NULL)
    *lx->error_offset = offset;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, CLI_ERROR, code, message);
  return FALSE;
}

static void
append_escape (GString *out, gunichar c)
{
  switch (c)
    {
    case '0': break;  /* NUL cannot travel in a C string */
    case 'a': g_string_append_c (out, '\a'); break;
    case 'b': g_string_append_c (out, '\b'); break;
    case 'e': g_string_append_c (out, '\033'); break;
    case 'f': g_string_append_c (out, '\f'); break;
    case 'n': g_string_append_c (out, '\n'); break;
    case 'r': g_string_append_c (out, '\r'); break;
    case 't': g_string_append_c (out, '\t'); break;
    case 'v': g_string_append_c (out, '\v'); break;
    default: g_string_append_unichar (out, c); break;
    }
}

static gboolean lex_run (Lexer *lx, gboolean subexpression, GError **error);

/* At "$(" inside a double-quoted string, a here-string or a bareword: reads
 * the sub-expression to its matching ")" with a nested lexer, so that its
 * strings, comments and groups are read as such (the quotes in
 * "a $("b") c" do not end the outer string), and appends it to @out as
 * written.  The nested tokens are dropped: nothing evaluates them yet. */
static gboolean
read_subexpression (Lexer *lx, GString *out, CliTokenFlags *flags, GError **error)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) token_free);
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (Group));
  Lexer sub = *lx;
  gsize start = lx->pos;

  if (lx->nesting + 1 >= CLI_LEX_MAX_DEPTH)
    return fail_at (lx, start, CLI_ERROR_PARSE, error,
                    "Sub-expressions are nested more than %d deep.", CLI_LEX_MAX_DEPTH);
  sub.tokens = tokens;
  sub.groups = groups;
  sub.nesting = lx->nesting + 1;
  if (!lex_run (&sub, TRUE, error))
    return FALSE;
  lx->pos = sub.pos;
  lx->line = sub.line;
  lx->column = sub.column;
  g_string_append_len (out, lx->source + start, lx->pos - start);
  *flags |= CLI_TOKEN_FLAG_SUBEXPRESSION;
  return TRUE;
}

static gboolean
at_subexpression (const Lexer *lx)
{
  return peek (lx) == '$' && peek_at (lx, lx->pos + 1) == '(';
}

/* At an opening quote: appends the decoded content to @out and moves past
 * the closing quote. */
static gboolean
read_quoted (Lexer *lx, GString *out, CliTokenFlags *flags, GError **error)
{
  gsize open = lx->pos;
  gboolean single = is_single_quote (peek (lx));

  *flags |= single ? CLI_TOKEN_FLAG_SINGLE_QUOTED : CLI_TOKEN_FLAG_DOUBLE_QUOTED;
  advance (lx);
  for (;;)
    {
      gunichar c = peek (lx);

      if (at_end (lx))
        return fail_at (lx, open, CLI_ERROR_INCOMPLETE, error,
                        single
                        ? "The string is missing the terminator: '."
                        : "The string is missing the terminator: \".");
      if (single ? is_single_quote (c) : is_double_quote (c))
        {
          gunichar next = peek_at (lx, next_pos (lx, lx->pos));

          advance (lx);
          if (!at_end (lx) && (single ? is_single_quote (next) : is_double_quote (next)))
            {
              /* A doubled quote stands for one quote. */
              g_string_append_unichar (out, next);
              advance (lx);
              continue;
            }
          return TRUE;
        }
      if (!single && c == '`')
        {
          advance (lx);
          if (at_end (lx))
            return fail_at (lx, open, CLI_ERROR_INCOMPLETE, error,
                            "The string is missing the terminator: \".");
          append_escape (out, peek (lx));
          advance (lx);
          continue;
        }
      if (!single && at_subexpression (lx))
        {
          if (!read_subexpression (lx, out, flags, error))
            return FALSE;
          continue;
        }
      g_string_append_unichar (out, c);
      advance (lx);
    }
}

/* At @" or @': a here-string.  As in PowerShell, nothing but blanks may
 * follow the header on its line, the text starts on the next line and ends
 * before the line break that precedes a closing "@ (or '@) at the very
 * start of a line; quotes inside are plain characters.  The double-quoted
 * kind takes backtick escapes and $( ). */
static gboolean
read_here_string (Lexer *lx, GString *out, CliTokenFlags *flags, GError **error)
{
  gsize open = lx->pos;
  gboolean single;

  advance (lx);  /* @ */
  single = is_single_quote (peek (lx));
  advance (lx);  /* the quote */
  *flags |= CLI_TOKEN_FLAG_HERE_STRING |
            (single ? CLI_TOKEN_FLAG_SINGLE_QUOTED : CLI_TOKEN_FLAG_DOUBLE_QUOTED);

  while (!at_end (lx) && peek (lx) != '\n' && is_blank (peek (lx)))
    advance (lx);
  if (at_end (lx))
    return fail_at (lx, open, CLI_ERROR_INCOMPLETE, error,
                    single ? "The string is missing the terminator: '@."
                           : "The string is missing the terminator: \"@.");
  if (peek (lx) != '\n')
    return fail_at (lx, lx->pos, CLI_ERROR_PARSE, error,
                    "No characters are allowed after a here-string header but before the end of the line.");
  advance (lx);

  for (;;)
    {
      gunichar c = peek (lx);

      if (at_end (lx))
        return fail_at (lx, open, CLI_ERROR_INCOMPLETE, error,
                        single ? "The string is missing the terminator: '@."
                               : "The string is missing the terminator: \"@.");
      /* The terminator: the quote and @ at the start of a line.  The line
       * break before it is not part of the text. */
      if (lx->column == 1 && (single ? is_single_quote (c) : is_double_quote (c)) &&
          peek_at (lx, next_pos (lx, lx->pos)) == '@')
        {
          if (out->len > 0 && out->str[out->len - 1] == '\n')
            g_string_truncate (out, out->len - 1);
          if (out->len > 0 && out->str[out->len - 1] == '\r')
            g_string_truncate (out, out->len - 1);
          advance (lx);  /* quote */
          advance (lx);  /* @ */
          return TRUE;
        }
      if (!single && c == '`')
        {
          advance (lx);
          if (at_end (lx))
            continue;
          append_escape (out, peek (lx));
          advance (lx);
          continue;
        }
      if (!single && at_subexpression (lx))
        {
          if (!read_subexpression (lx, out, flags, error))
            return FALSE;
          continue;
        }
      g_string_append_unichar (out, c);
      advance (lx);
    }
}

static gboolean
is_name_start (gunichar c)
{
  return g_unichar_isalpha (c) || c == '_' || c == '?';
}

static const char *
missing_closer_message (CliTokenType opener)
{
  switch (opener)
    {
    case CLI_TOKEN_LBRACE: return "Missing closing '}' in statement block.";
    case CLI_TOKEN_AT_LBRACE: return "Missing closing '}' in hash literal.";
    case CLI_TOKEN_DOLLAR_LPAREN: return "Missing closing ')' in subexpression.";
    case CLI_TOKEN_AT_LPAREN: return "Missing closing ')' in array subexpression.";
    case CLI_TOKEN_LPAREN:
    default:
      return "Missing closing ')' in expression.";
    }
}

static gboolean
open_group (Lexer *lx, CliTokenType type, Mark start, GError **error)
{
  Group group = { type, lx->tokens->len };

  if (lx->groups->len + lx->nesting >= CLI_LEX_MAX_DEPTH)
    return fail_at (lx, start.pos, CLI_ERROR_PARSE, error,
                    "Groups ( ), { } and @{ } are nested more than %d deep.", CLI_LEX_MAX_DEPTH);
  add_token (lx, type, NULL, start);
  g_array_append_val (lx->groups, group);
  return TRUE;
}

static gboolean
close_group (Lexer *lx, CliTokenType type, Mark start, GError **error)
{
  const char *closer = type == CLI_TOKEN_RBRACE ? "}" : ")";
  Group *group;
  CliToken *opener, *token;
  gboolean brace_group;

  if (lx->groups->len == 0)
    return fail_at (lx, start.pos, CLI_ERROR_PARSE, error,
                    "Unexpected token '%s' in expression or statement.", closer);
  group = &g_array_index (lx->groups, Group, lx->groups->len - 1);
  opener = g_ptr_array_index (lx->tokens, group->index);
  brace_group = group->type == CLI_TOKEN_LBRACE || group->type == CLI_TOKEN_AT_LBRACE;
  if (brace_group != (type == CLI_TOKEN_RBRACE))
    return fail_at (lx, start.pos, CLI_ERROR_PARSE, error,
                    "Unexpected token '%s': the '%s' at line %u char %u is not closed. %s",
                    closer, type_text (group->type), opener->line, opener->column,
                    missing_closer_message (group->type));
  g_array_set_size (lx->groups, lx->groups->len - 1);
  token = add_token (lx, type, NULL, start);
  token->partner = group->index;
  opener->partner = lx->tokens->len - 1;
  return TRUE;
}

/* Tokens until the end of the input, or, for a sub-expression inside a
 * string (@subexpression; the lexer starts at its "$("), until its ")". */
static gboolean
lex_run (Lexer *lx, gboolean subexpression, GError **error)
{
  for (;;)
    {
      gunichar c;
      Mark start;

      /* Blanks, and a backtick that escapes the end of the line. */
      for (;;)
        {
          c = peek (lx);
          if (!at_end (lx) && is_blank (c))
            advance (lx);
          else if (c == '`' && lx->pos + 1 < lx->length && backtick_ends_line (lx, lx->pos))
            {
              advance (lx);
              while (peek (lx) != '\n')
                advance (lx);
              advance (lx);
            }
          else if (c == '`' && lx->pos + 1 >= lx->length)
            return fail_at (lx, lx->pos, CLI_ERROR_INCOMPLETE, error,
                            "Missing the line that the backtick (`) continues.");
          else
            break;
        }

      start = mark (lx);
      if (at_end (lx))
        {
          if (lx->groups->len > 0)
            {
              /* The innermost unclosed group: more input could close it. */
              Group *group = &g_array_index (lx->groups, Group, lx->groups->len - 1);
              CliToken *opener = g_ptr_array_index (lx->tokens, group->index);

              return fail_at (lx, opener->start, CLI_ERROR_INCOMPLETE, error,
                              "%s", missing_closer_message (group->type));
            }
          add_token (lx, CLI_TOKEN_EOF, NULL, start);
          return TRUE;
        }

      if (c == '#')
        {
          while (!at_end (lx) && peek (lx) != '\n')
            advance (lx);
          continue;
        }
      if (c == '<' && peek_at (lx, lx->pos + 1) == '#')
        {
          const char *close = g_strstr_len (lx->source + lx->pos + 2, lx->length - lx->pos - 2, "#>");

          if (close == NULL)
            return fail_at (lx, start.pos, CLI_ERROR_INCOMPLETE, error,
                            "The comment is missing its terminator: #>.");
          while (lx->pos < (gsize) (close + 2 - lx->source))
            advance (lx);
          continue;
        }

      switch (c)
        {
        case '\n':
          advance (lx);
          add_token (lx, CLI_TOKEN_NEWLINE, NULL, start);
          continue;
        case ';':
          advance (lx);
          add_token (lx, CLI_TOKEN_SEMICOLON, NULL, start);
          continue;
        case '|':
          advance (lx);
          add_token (lx, CLI_TOKEN_PIPE, NULL, start);
          continue;
        case ',':
          advance (lx);
          add_token (lx, CLI_TOKEN_COMMA, NULL, start);
          continue;
        case '(':
        case '{':
          advance (lx);
          if (!open_group (lx, c == '(' ? CLI_TOKEN_LPAREN : CLI_TOKEN_LBRACE, start, error))
            return FALSE;
          continue;
        case ')':
        case '}':
          advance (lx);
          if (!close_group (lx, c == ')' ? CLI_TOKEN_RPAREN : CLI_TOKEN_RBRACE, start, error))
            return FALSE;
          if (subexpression && lx->groups->len == 0)
            return TRUE;
          continue;
        default:
          break;
        }

      /* Redirections: > and >> (the success stream), and 2> 2>> 2>&1
       * (errors), where a token starts, as PowerShell reads them. */
      if (c == '>' || (c == '2' && peek_at (lx, lx->pos + 1) == '>'))
        {
          gsize from = lx->pos;

          if (c == '2')
            advance (lx);
          advance (lx);
          if (peek (lx) == '>')
            advance (lx);
          else if (c == '2' && peek (lx) == '&' && peek_at (lx, lx->pos + 1) == '1')
            {
              advance (lx);
              advance (lx);
            }
          add_token (lx, CLI_TOKEN_REDIRECT, g_strndup (lx->source + from, lx->pos - from), start);
          continue;
        }
      if ((c == '$' || c == '@') && peek_at (lx, lx->pos + 1) == '(')
        {
          advance (lx);
          advance (lx);
          if (!open_group (lx, c == '$' ? CLI_TOKEN_DOLLAR_LPAREN : CLI_TOKEN_AT_LPAREN, start, error))
            return FALSE;
          continue;
        }
      if (c == '@' && peek_at (lx, lx->pos + 1) == '{')
        {
          advance (lx);
          advance (lx);
          if (!open_group (lx, CLI_TOKEN_AT_LBRACE, start, error))
            return FALSE;
          continue;
        }
      if (c == '@' && (is_double_quote (peek_at (lx, lx->pos + 1)) || is_single_quote (peek_at (lx, lx->pos + 1))))
        {
          GString *text = g_string_new (NULL);
          CliTokenFlags flags = 0;
          CliToken *token;

          if (!read_here_string (lx, text, &flags, error))
            {
              g_string_free (text, TRUE);
              return FALSE;
            }
          token = add_token (lx, CLI_TOKEN_STRING, g_string_free (text, FALSE), start);
          token->flags = flags;
          continue;
        }
      if (c == '$' && peek_at (lx, lx->pos + 1) == '{')
        {
          /* ${any name}: up to the first }. */
          gsize name_start, name_end;

          advance (lx);
          advance (lx);
          name_start = lx->pos;
          while (!at_end (lx) && peek (lx) != '}')
            advance (lx);
          if (at_end (lx))
            return fail_at (lx, start.pos, CLI_ERROR_INCOMPLETE, error,
                            "Incomplete variable reference token: missing '}'.");
          name_end = lx->pos;
          advance (lx);
          add_token (lx, CLI_TOKEN_VARIABLE, g_strndup (lx->source + name_start, name_end - name_start), start);
          continue;
        }
      /* $?: the automatic variable of the last statement's success. */
      if (c == '$' && peek_at (lx, lx->pos + 1) == '?')
        {
          advance (lx);
          advance (lx);
          add_token (lx, CLI_TOKEN_VARIABLE, g_strdup ("?"), start);
          continue;
        }
      if (c == '$' && (g_unichar_isalnum (peek_at (lx, lx->pos + 1)) || peek_at (lx, lx->pos + 1) == '_'))
        {
          gsize name_start;

          advance (lx);
          name_start = lx->pos;
          while (!at_end (lx) && (g_unichar_isalnum (peek (lx)) || peek (lx) == '_'))
            advance (lx);
          add_token (lx, CLI_TOKEN_VARIABLE, g_strndup (lx->source + name_start, lx->pos - name_start), start);
          continue;
        }
      if (cli_is_dash (c) && is_name_start (peek_at (lx, next_pos (lx, lx->pos))))
        {
          GString *name = g_string_new (NULL);
          CliToken *token;

          advance (lx);
          while (!ends_word (peek (lx)) && peek (lx) != ':' &&
                 !is_double_quote (peek (lx)) && !is_single_quote (peek (lx)))
            {
              g_string_append_unichar (name, peek (lx));
              advance (lx);
            }
          token = add_token (lx, CLI_TOKEN_PARAMETER, g_string_free (name, FALSE), start);
          if (peek (lx) == ':')
            {
              advance (lx);
              token->colon = TRUE;
              token->end = lx->pos;
            }
          continue;
        }
      /* "!" before $x or ( is the -not operator, and "=" starting a word
       * is assignment ($x=1): tokens of their own, as in PowerShell,
       * where they never start a bareword. */
      if ((c == '!' && (peek_at (lx, lx->pos + 1) == '$' || peek_at (lx, lx->pos + 1) == '(')) || c == '=')
        {
          advance (lx);
          add_token (lx, CLI_TOKEN_WORD, g_strdup (c == '!' ? "!" : "="), start);
          continue;
        }
      /* A bareword or a quoted string, with quoted parts and words glued
       * on ("a"b is ab, as in PowerShell), backtick escapes and $( ). */
      {
        gboolean quoted = is_double_quote (c) || is_single_quote (c);
        GString *text = g_string_new (NULL);
        CliTokenFlags flags = 0;
        CliToken *token;

        while (!ends_word (peek (lx)))
          {
            gunichar w = peek (lx);

            if (is_double_quote (w) || is_single_quote (w))
              {
                if (!read_quoted (lx, text, &flags, error))
                  {
                    g_string_free (text, TRUE);
                    return FALSE;
                  }
                continue;
              }
            if (at_subexpression (lx))
              {
                if (!read_subexpression (lx, text, &flags, error))
                  {
                    g_string_free (text, TRUE);
                    return FALSE;
                  }
                continue;
              }
            /* $a[2]="x": "=" after an index is the assignment
             * (about_Assignment_Operators), not part of a word. */
            if (w == '=' && text->len > 1 && text->str[0] == '[' && text->str[text->len - 1] == ']' && flags == 0)
              break;
            if (w == '`')
              {
                /* A backtick before the end of the line continues it:
                 * leave it to the blank skipper. */
                if (backtick_ends_line (lx, lx->pos))
                  break;
                advance (lx);
                w = peek (lx);
              }
            g_string_append_unichar (text, w);
            advance (lx);
          }
        token = add_token (lx, quoted ? CLI_TOKEN_STRING : CLI_TOKEN_WORD, g_string_free (text, FALSE), start);
        token->flags = flags;
      }
    }
}

GPtrArray *
cli_lex (const char *source, gssize length, gsize *error_offset, GError **error)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) token_free);
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (Group));
  gsize dummy = 0;
  Lexer lx = { 0 };
  const char *bad = NULL;
  const char *nul;

  g_return_val_if_fail (source != NULL || length == 0, NULL);

  if (error_offset == NULL)
    error_offset = &dummy;
  if (length == 0)
    source = "";  /* (an empty buffer may come as NULL) */
  lx.source = source;
  lx.length = length < 0 ? strlen (source) : (gsize) length;
  lx.line = 1;
  lx.column = 1;
  lx.tokens = tokens;
  lx.groups = groups;
  lx.error_offset = error_offset;

  /* A NUL would silently end the script wherever C strings carry it:
   * refuse it, naming where it is. */
  nul = memchr (source, '\0', lx.length);
  if (nul != NULL)
    {
      fail_at (&lx, nul - source, CLI_ERROR_PARSE, error,
               "The script holds a NUL byte (shown as `0), which cannot be part of a command.");
      return NULL;
    }
  if (!g_utf8_validate (source, lx.length, &bad))
    {
      fail_at (&lx, bad - source, CLI_ERROR_PARSE, error, "The input is not valid UTF-8.");
      return NULL;
    }
  if (!lex_run (&lx, FALSE, error))
    return NULL;
  return g_steal_pointer (&tokens);
}
