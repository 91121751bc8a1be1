/* casarray-error.c: the one error domain of libcasarray
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <casarray/casarray.h>

/**
 * casarray_error_quark:
 *
 * The quark of the %CASARRAY_ERROR domain.
 *
 * Returns: the error domain quark
 */
G_DEFINE_QUARK (casarray-error-quark, casarray_error)
