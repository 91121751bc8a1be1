/* cli-lexer.h: PowerShell-ish tokens
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Barewords, -Parameter and -Parameter:value, 'single', "double" and
 * typographic quotes (U+201C/U+201D/U+201E, U+2018/U+2019/U+201A/U+201B),
 * commas, $variables, |, ; and newlines between statements, # and <# #>
 * comments, backtick escapes and line continuation.  En and em dashes
 * (U+2013, U+2014, U+2015), which blog posts put in place of "-", count as
 * dashes; a no-break space counts as a space.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CLI_TOKEN_WORD,        /* a bareword (may have quoted parts glued on) */
  CLI_TOKEN_STRING,      /* a quoted string */
  CLI_TOKEN_PARAMETER,   /* -Name (text without the dash); colon: -Name: */
  CLI_TOKEN_VARIABLE,    /* $name (text without the $) */
  CLI_TOKEN_COMMA,
  CLI_TOKEN_PIPE,
  CLI_TOKEN_NEWLINE,     /* a newline or ; (end of statement) */
  CLI_TOKEN_EOF,
} CliTokenType;

typedef struct {
  CliTokenType type;
  char        *text;     /* decoded text; NULL for punctuation */
  gboolean     colon;    /* PARAMETER written -Name:value */
  gsize        start;    /* byte offsets into the source */
  gsize        end;
} CliToken;

/* Splits @source (UTF-8) into tokens, ending with CLI_TOKEN_EOF.  Fails
 * with CLI_ERROR_INCOMPLETE when the source ends inside a string or a
 * block comment or after a backtick (more input could complete it), and
 * with CLI_ERROR_PARSE on invalid UTF-8; *error_offset is then where. */
GPtrArray *cli_lex (const char  *source,
                    gsize       *error_offset,
                    GError     **error);

/* Line (1-based) and column in characters (1-based) of @offset. */
void       cli_source_position (const char *source,
                                gsize       offset,
                                guint      *line,
                                guint      *column);

/* TRUE for "-" and the dashes PowerShell takes for it. */
gboolean   cli_is_dash (gunichar c);

/* A copy of @name with every dash made "-". */
char      *cli_normalize_dashes (const char *name);

G_END_DECLS
