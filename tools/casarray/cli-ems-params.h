/* cli-ems-params.h: EMS parameters casarray knows of but does not implement
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A parameter EMS has and casarray lacks is not a typo: the user copied a
 * line from Microsoft's documentation or a cookbook.  The binder says so
 * plainly ("-X is an EMS parameter casarray does not implement") instead of
 * EMS's "A parameter cannot be found" (issue 13).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The EMS spelling of @name (any case, the whole name) when it is a
 * parameter of the Exchange 2010 cmdlet @cmdlet that casarray does not
 * implement; NULL otherwise. */
const char *cli_ems_unimplemented_parameter (const char *cmdlet,
                                             const char *name);

G_END_DECLS
