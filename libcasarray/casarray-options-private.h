/* casarray-options-private.h: what the call runner reads from a query or
 * a change set
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <casarray/casarray.h>

G_BEGIN_DECLS

/* Every #CasarrayFilter and change set holds one of these, right after its
 * GObject (casarray_options_peek() relies on that layout).  A field left
 * NULL (has_roles FALSE) was never set: the call leaves that attribute
 * alone.  Each type has setters for the fields it takes only; a new
 * setting (a tri-state MountAtStartup, say) is one more field here and
 * one more setter, with no change to the ABI of the calls. */
typedef struct {
  /* CasarrayFilter */
  char               *server;
  char               *site;
  CasarrayGetFlags    flags;
  /* change sets */
  char               *name;
  char               *fqdn;
  char               *rpc_client_access_server;
  char               *edb_file_path;
  char               *log_folder_path;
  char               *autodiscover_service_internal_uri;
  GStrv               autodiscover_site_scope;
  char               *admin_display_version;
  gboolean            has_roles;
  CasarrayServerRole  roles;
} CasarrayOptions;

/* The options of @object (a #CasarrayFilter or a change set), or of none
 * when @object is NULL: never NULL. */
const CasarrayOptions *casarray_options_peek (gpointer object);

G_END_DECLS
