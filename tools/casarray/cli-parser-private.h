/* cli-parser-private.h: what cli-parser.c and cli-expr-parser.c share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Statements hold expressions and expressions hold statements (( ), $( ),
 * { }), so the two parsers call each other over one token stream.
 */
#pragma once

#include "cli-parser.h"
#include "cli-lexer.h"
#include "cli-error.h"

G_BEGIN_DECLS

typedef struct {
  GPtrArray  *tokens;
  guint       pos;
  gsize      *error_offset;
  const char *source;     /* the whole script: token offsets point into it */
  gsize       length;
  gboolean    allow_hash; /* in the arguments of Select-Object, Format-Table, Format-List */
  gboolean    nested;     /* parsing a part of the script ($( ) in a string, a hash value) */
  guint       functions;  /* function bodies around the parser (return is allowed there) */
} CliParser;

CliToken  *cli_parser_current       (CliParser *p);
CliToken  *cli_parser_take          (CliParser *p);
void       cli_parser_skip_newlines (CliParser *p);
gboolean   cli_parser_fail          (CliParser *p, gsize offset, CliErrorCode code, GError **error,
                                     const char *format, ...) G_GNUC_PRINTF (5, 6);

/* Statements up to the token at index @stop (a group's closer, or the EOF
 * token); the parser is left on it. */
GPtrArray *cli_parse_statements     (CliParser *p, guint stop, GError **error);
/* One pipeline (no assignment, foreach or if). */
CliPipeline *cli_parse_pipeline     (CliParser *p, GError **error);
/* "{ statements }" after a keyword; the parser is on (or before newlines
 * before) the "{". */
GPtrArray *cli_parse_block          (CliParser *p, const char *what, GError **error);
/* function and try statements (cli-block-parser.c); the parser is on the
 * keyword. */
CliPipeline *cli_parse_function     (CliParser *p, GError **error);
CliPipeline *cli_parse_try          (CliParser *p, GError **error);
CliPipeline *cli_pipeline_new       (CliStatementKind kind, gsize start);
gboolean   cli_token_is_keyword     (CliToken *token, const char *keyword);
/* Statements of source[start, end), a $( ) inside a string. */
GPtrArray *cli_parse_range          (CliParser *p, gsize start, gsize end, GError **error);

/* A whole expression: -and/-or of comparisons of comma lists of unary
 * expressions of primaries with .members. */
CliExpr   *cli_parse_expression     (CliParser *p, GError **error);
/* A command's argument: one primary with its .members (command mode). */
CliExpr   *cli_parse_argument_expression (CliParser *p, GError **error);
/* TRUE if the token at the parser starts an argument that must be
 * computed (not a plain word or string). */
gboolean   cli_token_needs_expression (CliParser *p, const CliToken *token);
/* Refuses a @{ } where casarray takes none. */
gboolean   cli_parser_refuse_hash   (CliParser *p, CliToken *token, GError **error);
/* TRUE for a bareword that PowerShell reads as a number. */
gboolean   cli_word_is_number       (const char *text, gint64 *value);

G_END_DECLS
