/* casarray-directory-private.h: what the operations need from the handle
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <casarray/casarray.h>

#include "operations/casarray-context.h"

G_BEGIN_DECLS

/* Connects on first use (or after a setting changed) and returns the
 * connected context; NULL with @error if connecting failed. */
CasarrayContext *casarray_directory_get_context (CasarrayDirectory  *self,
                                                 GCancellable       *cancellable,
                                                 GError            **error);

G_END_DECLS
