/* cli-lexer.c: PowerShell-ish tokens
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "cli-lexer.h"
#include "cli-error.h"

#include <string.h>

typedef struct {
  const char *source;
  gsize       length;
  gsize       pos;
} Lexer;

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

static void
advance (Lexer *lx)
{
  lx->pos = next_pos (lx, lx->pos);
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
is_newline (gunichar c)
{
  return c == '\n';
}

static gboolean
is_blank (gunichar c)
{
  if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 || c == 0xFEFF)
    return TRUE;
  return c != '\n' && g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
}

/* Characters that end a bareword. */
static gboolean
ends_word (gunichar c)
{
  return c == 0 || is_blank (c) || is_newline (c) || c == '|' || c == ';' || c == ',';
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

  for (const char *p = source; *p != '\0' && p < end; p = g_utf8_next_char (p))
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

static CliToken *
token_new (CliTokenType type, char *text, gsize start, gsize end)
{
  CliToken *token = g_new0 (CliToken, 1);

  token->type = type;
  token->text = text;
  token->start = start;
  token->end = end;
  return token;
}

static void
token_free (CliToken *token)
{
  g_free (token->text);
  g_free (token);
}

static gboolean
fail (GError **error, gsize *error_offset, gsize offset, CliErrorCode code, const char *message)
{
  if (error_offset != NULL)
    *error_offset = offset;
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

/* At an opening quote: appends the decoded content to @out and moves past
 * the closing quote. */
static gboolean
read_quoted (Lexer *lx, GString *out, gsize *error_offset, GError **error)
{
  gsize open = lx->pos;
  gboolean single = is_single_quote (peek (lx));

  advance (lx);
  for (;;)
    {
      gunichar c = peek (lx);

      if (lx->pos >= lx->length)
        return fail (error, error_offset, open, CLI_ERROR_INCOMPLETE,
                     single
                     ? "The string is missing the terminator: '."
                     : "The string is missing the terminator: \".");
      if (single ? is_single_quote (c) : is_double_quote (c))
        {
          gunichar next = peek_at (lx, next_pos (lx, lx->pos));

          advance (lx);
          if (lx->pos < lx->length && (single ? is_single_quote (next) : is_double_quote (next)))
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
          if (lx->pos >= lx->length)
            return fail (error, error_offset, open, CLI_ERROR_INCOMPLETE,
                         "The string is missing the terminator: \".");
          append_escape (out, peek (lx));
          advance (lx);
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

GPtrArray *
cli_lex (const char *source, gsize *error_offset, GError **error)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) token_free);
  Lexer lx = { source, strlen (source), 0 };
  const char *bad = NULL;

  if (!g_utf8_validate (source, -1, &bad))
    {
      fail (error, error_offset, bad - source, CLI_ERROR_PARSE,
            "The input is not valid UTF-8.");
      return NULL;
    }

  for (;;)
    {
      gunichar c;
      gsize start;

      /* Blanks, and a backtick that escapes the end of the line. */
      for (;;)
        {
          c = peek (&lx);
          if (lx.pos < lx.length && is_blank (c))
            advance (&lx);
          else if (c == '`' && (peek_at (&lx, lx.pos + 1) == '\n' ||
                                (peek_at (&lx, lx.pos + 1) == '\r' && peek_at (&lx, lx.pos + 2) == '\n')))
            {
              advance (&lx);
              while (peek (&lx) != '\n')
                advance (&lx);
              advance (&lx);
            }
          else if (c == '`' && lx.pos + 1 >= lx.length)
            {
              fail (error, error_offset, lx.pos, CLI_ERROR_INCOMPLETE,
                    "Missing the line that the backtick (`) continues.");
              return NULL;
            }
          else
            break;
        }

      start = lx.pos;
      if (lx.pos >= lx.length)
        {
          g_ptr_array_add (tokens, token_new (CLI_TOKEN_EOF, NULL, start, start));
          break;
        }

      if (c == '#')
        {
          while (lx.pos < lx.length && peek (&lx) != '\n')
            advance (&lx);
          continue;
        }
      if (c == '<' && peek_at (&lx, lx.pos + 1) == '#')
        {
          const char *close = strstr (source + lx.pos + 2, "#>");

          if (close == NULL)
            {
              fail (error, error_offset, start, CLI_ERROR_INCOMPLETE,
                    "The comment is missing its terminator: #>.");
              return NULL;
            }
          lx.pos = close + 2 - source;
          continue;
        }
      if (c == '\n' || c == ';')
        {
          advance (&lx);
          g_ptr_array_add (tokens, token_new (CLI_TOKEN_NEWLINE, NULL, start, lx.pos));
          continue;
        }
      if (c == '|')
        {
          advance (&lx);
          g_ptr_array_add (tokens, token_new (CLI_TOKEN_PIPE, NULL, start, lx.pos));
          continue;
        }
      if (c == ',')
        {
          advance (&lx);
          g_ptr_array_add (tokens, token_new (CLI_TOKEN_COMMA, NULL, start, lx.pos));
          continue;
        }
      if (c == '$' && (g_unichar_isalnum (peek_at (&lx, lx.pos + 1)) || peek_at (&lx, lx.pos + 1) == '_'))
        {
          gsize name_start;

          advance (&lx);
          name_start = lx.pos;
          while (lx.pos < lx.length && (g_unichar_isalnum (peek (&lx)) || peek (&lx) == '_'))
            advance (&lx);
          g_ptr_array_add (tokens, token_new (CLI_TOKEN_VARIABLE,
                                              g_strndup (source + name_start, lx.pos - name_start),
                                              start, lx.pos));
          continue;
        }
      if (cli_is_dash (c) && is_name_start (peek_at (&lx, next_pos (&lx, lx.pos))))
        {
          GString *name = g_string_new (NULL);
          CliToken *token;

          advance (&lx);
          while (!ends_word (peek (&lx)) && peek (&lx) != ':' &&
                 !is_double_quote (peek (&lx)) && !is_single_quote (peek (&lx)))
            {
              g_string_append_unichar (name, peek (&lx));
              advance (&lx);
            }
          token = token_new (CLI_TOKEN_PARAMETER, g_string_free (name, FALSE), start, lx.pos);
          if (peek (&lx) == ':')
            {
              advance (&lx);
              token->colon = TRUE;
              token->end = lx.pos;
            }
          g_ptr_array_add (tokens, token);
          continue;
        }
      /* A bareword or a quoted string, with quoted parts and words glued
       * on ("a"b is ab, as in PowerShell) and backtick escapes. */
      {
        gboolean quoted = is_double_quote (c) || is_single_quote (c);
        GString *text = g_string_new (NULL);

        while (!ends_word (peek (&lx)))
          {
            gunichar w = peek (&lx);

            if (is_double_quote (w) || is_single_quote (w))
              {
                if (!read_quoted (&lx, text, error_offset, error))
                  {
                    g_string_free (text, TRUE);
                    return NULL;
                  }
                continue;
              }
            if (w == '`')
              {
                gunichar after = peek_at (&lx, lx.pos + 1);

                /* A backtick before the end of the line continues it:
                 * leave it to the blank skipper. */
                if (after == 0 || after == '\n' || (after == '\r' && peek_at (&lx, lx.pos + 2) == '\n'))
                  break;
                advance (&lx);
                w = peek (&lx);
              }
            g_string_append_unichar (text, w);
            advance (&lx);
          }
        g_ptr_array_add (tokens, token_new (quoted ? CLI_TOKEN_STRING : CLI_TOKEN_WORD,
                                            g_string_free (text, FALSE), start, lx.pos));
      }
    }

  return g_steal_pointer (&tokens);
}
