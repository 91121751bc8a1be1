/* cli-lexer.h: PowerShell-ish tokens
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Barewords, -Parameter and -Parameter:value, 'single', "double" and
 * typographic quotes (U+201C/U+201D/U+201E, U+2018/U+2019/U+201A/U+201B),
 * here-strings (@" ... "@ and @' ... '@), commas, $variables and ${braced
 * variables}, |, ; and newlines, the redirections > >> 2> 2>> 2>&1, # and <# #> comments, backtick escapes and
 * line continuation.  En and em dashes (U+2013, U+2014, U+2015), which blog
 * posts put in place of "-", count as dashes; a no-break space counts as a
 * space.
 *
 * Groups: ( ), $( ), @( ), { } and @{ } are tokens of their own, nested
 * and balanced: every opener has its closer (its "partner"), strings,
 * here-strings and comments inside them are read as such, and a ; or a
 * newline inside a group is a token at that group's depth, so statements
 * are only ever separated at depth 0.  A $( ) inside a double-quoted
 * string or a bareword is scanned the same way (its inner quotes do not
 * end the string) and flagged on the token.  As in PowerShell, ( ) { } end
 * a bareword: a{b} is three tokens.
 *
 * The lexer knows nothing about what groups mean; the parser decides
 * (today it refuses them, before anything runs).  Tokens carry what an
 * expression parser will need: their kind, their byte range in the
 * source, their line and column, their nesting depth and the index of
 * their partner.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CLI_TOKEN_WORD,          /* a bareword (may have quoted parts glued on) */
  CLI_TOKEN_STRING,        /* a quoted string or a here-string */
  CLI_TOKEN_PARAMETER,     /* -Name (text without the dash); colon: -Name: */
  CLI_TOKEN_VARIABLE,      /* $name or ${name} (text without $ and braces) */
  CLI_TOKEN_COMMA,
  CLI_TOKEN_PIPE,
  CLI_TOKEN_NEWLINE,       /* a newline */
  CLI_TOKEN_SEMICOLON,     /* ; */
  CLI_TOKEN_LPAREN,        /* (  a parenthesised expression or pipeline */
  CLI_TOKEN_DOLLAR_LPAREN, /* $( a sub-expression */
  CLI_TOKEN_AT_LPAREN,     /* @( an array sub-expression */
  CLI_TOKEN_RPAREN,        /* )  closes any of the three above */
  CLI_TOKEN_LBRACE,        /* {  a script block */
  CLI_TOKEN_AT_LBRACE,     /* @{ a hash literal */
  CLI_TOKEN_RBRACE,        /* }  closes either of the two above */
  CLI_TOKEN_REDIRECT,      /* > >> 2> 2>> 2>&1 (text: as written) */
  CLI_TOKEN_EOF,
} CliTokenType;

typedef enum {
  CLI_TOKEN_FLAG_NONE          = 0,
  CLI_TOKEN_FLAG_DOUBLE_QUOTED = 1 << 0,  /* has a "..." part (expandable in PowerShell) */
  CLI_TOKEN_FLAG_SINGLE_QUOTED = 1 << 1,  /* has a '...' part */
  CLI_TOKEN_FLAG_HERE_STRING   = 1 << 2,  /* @"..."@ or @'...'@ */
  CLI_TOKEN_FLAG_SUBEXPRESSION = 1 << 3,  /* holds a $( ) (its text is kept as written) */
} CliTokenFlags;

typedef struct {
  CliTokenType  type;
  char         *text;     /* decoded text; NULL for punctuation and groups */
  gboolean      colon;    /* PARAMETER written -Name:value */
  CliTokenFlags flags;
  gsize         start;    /* byte offsets into the source: [start, end) */
  gsize         end;
  guint         line;     /* of start, 1-based */
  guint         column;   /* of start, in characters, 1-based */
  guint         depth;    /* groups around the token; an opener and its closer
                           * are at the depth outside their group */
  int           partner;  /* an opener's closer and a closer's opener (token
                           * index); -1 for every other token */
} CliToken;

/* Deepest nesting of groups (and of $( ) inside strings) the lexer takes;
 * deeper is a CLI_ERROR_PARSE, so hostile input cannot exhaust memory or
 * the stack of whatever walks the tokens. */
#define CLI_LEX_MAX_DEPTH 200

/* Splits @source (UTF-8, @length bytes, or -1 for NUL-terminated) into
 * tokens, ending with CLI_TOKEN_EOF.  Fails with CLI_ERROR_INCOMPLETE when
 * the source ends inside a string, a here-string, a block comment or an
 * unclosed group, or after a backtick (more input could complete it), and
 * with CLI_ERROR_PARSE on a NUL byte, invalid UTF-8, a closer without its
 * opener, or nesting deeper than CLI_LEX_MAX_DEPTH; *error_offset is then
 * where (for an unclosed group: its opener). */
GPtrArray *cli_lex (const char  *source,
                    gssize       length,
                    gsize       *error_offset,
                    GError     **error);

/* TRUE for the tokens that end a statement at their depth: newline and ;. */
gboolean   cli_token_ends_statement (const CliToken *token);
/* TRUE for ( $( @( { @{. */
gboolean   cli_token_opens_group    (const CliToken *token);
/* How @token is written in source, for messages ("@{", ";", the text). */
const char *cli_token_describe      (const CliToken *token);

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
