/* cli-value.h: argument values of the casarray command language
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What a parameter receives and what expressions compute: $null,
 * $true/$false, a string (bareword or quoted), a number, an object from a
 * pipeline (a database, a server...), a script block, or a list of those.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CLI_VALUE_NULL,
  CLI_VALUE_BOOL,
  CLI_VALUE_STRING,
  CLI_VALUE_LIST,
  CLI_VALUE_INT,      /* a number literal, an integer property */
  CLI_VALUE_OBJECT,   /* a CliObject (cli-object.h), referenced */
  CLI_VALUE_SCRIPT,   /* a script block: its parsed statements and text */
  CLI_VALUE_HASH,     /* @{ key = value; ... }: keys and items, in order */
} CliValueType;

typedef struct _CliValue CliValue;

struct _CliValue {
  CliValueType type;
  gboolean     boolean;  /* CLI_VALUE_BOOL */
  char        *string;   /* CLI_VALUE_STRING */
  GPtrArray   *items;    /* CLI_VALUE_LIST: CliValue*, owned */
  gint64       integer;  /* CLI_VALUE_INT */
  gpointer     object;   /* CLI_VALUE_OBJECT: CliObject*, one reference */
  GPtrArray   *block;    /* CLI_VALUE_SCRIPT: the statements (CliPipeline*), referenced;
                          * string holds the block's text */
  GPtrArray   *keys;     /* CLI_VALUE_HASH: char*, one per item */
};

CliValue *cli_value_new_null   (void);
CliValue *cli_value_new_bool   (gboolean    value);
CliValue *cli_value_new_string (const char *value);
CliValue *cli_value_new_list   (void);
CliValue *cli_value_new_int    (gint64      value);
/* Takes a new reference on @object (a CliObject*). */
CliValue *cli_value_new_object (gpointer    object);
/* Takes a new reference on @statements; @text is the block as written. */
CliValue *cli_value_new_script (GPtrArray  *statements,
                                const char *text);
void      cli_value_append     (CliValue   *list,
                                CliValue   *item);
CliValue *cli_value_new_hash   (void);
/* Sets @key (replacing a key equal but for letter case) to @item (taken). */
void      cli_value_hash_set   (CliValue   *hash,
                                const char *key,
                                CliValue   *item);
/* The item under @key (any letter case), or NULL. */
const CliValue *cli_value_hash_get (const CliValue *hash,
                                    const char     *key);
CliValue *cli_value_copy       (const CliValue *value);
void      cli_value_free       (CliValue   *value);

/* How PowerShell would show the value as a string: True/False, "" for
 * $null, items joined by spaces for a list (PowerShell's $OFS), an
 * object's name (what its ToString() gives in EMS), a block's text. */
char     *cli_value_to_string  (const CliValue *value);
/* The value as a list of strings (a single value is a list of one; $null
 * is an empty list); nested lists are flattened. */
GStrv     cli_value_to_strv    (const CliValue *value);
/* The PowerShell type name for messages ("System.String", "System.Object[]"). */
const char *cli_value_type_name (const CliValue *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliValue, cli_value_free)

G_END_DECLS
