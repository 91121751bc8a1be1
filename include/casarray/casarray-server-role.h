/* casarray-server-role.h: the roles an Exchange server holds
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(CASARRAY_INSIDE) && !defined(CASARRAY_COMPILATION)
#error "Only <casarray/casarray.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/**
 * CasarrayServerRole:
 * @CASARRAY_SERVER_ROLE_NONE: no role (client access arrays, for example).
 * @CASARRAY_SERVER_ROLE_MAILBOX: the Mailbox role.
 * @CASARRAY_SERVER_ROLE_CLIENT_ACCESS: the Client Access role.
 * @CASARRAY_SERVER_ROLE_UNIFIED_MESSAGING: the Unified Messaging role.
 * @CASARRAY_SERVER_ROLE_HUB_TRANSPORT: the Hub Transport role.
 * @CASARRAY_SERVER_ROLE_EDGE: the Edge Transport role.
 *
 * The roles of an Exchange server, with the bit values Exchange stores in
 * `msExchCurrentServerRoles`.
 */
typedef enum /*< flags >*/ {
  CASARRAY_SERVER_ROLE_NONE = 0,
  CASARRAY_SERVER_ROLE_MAILBOX = 1 << 1,
  CASARRAY_SERVER_ROLE_CLIENT_ACCESS = 1 << 2,
  CASARRAY_SERVER_ROLE_UNIFIED_MESSAGING = 1 << 4,
  CASARRAY_SERVER_ROLE_HUB_TRANSPORT = 1 << 5,
  CASARRAY_SERVER_ROLE_EDGE = 1 << 6,
} CasarrayServerRole;

G_END_DECLS
