/* casarray-options.h: how a call reads or writes (flags, the removal
 * policy) and the filter of the Get- calls
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(CASARRAY_INSIDE) && !defined(CASARRAY_COMPILATION)
#error "Only <casarray/casarray.h> can be included directly."
#endif

#include <glib-object.h>
#include <casarray/casarray-version.h>

G_BEGIN_DECLS

/**
 * CasarrayGetFlags:
 * @CASARRAY_GET_NONE: list what Exchange Management Shell lists.
 * @CASARRAY_GET_INCLUDE_PRE_EXCHANGE2010: also list mailbox databases of
 *   servers older than Exchange 2010, which EMS hides unless they are asked
 *   for by server or by a name without wildcards (`-IncludePreExchange2010`).
 *
 * Options of the Get- calls, set on a #CasarrayFilter.
 */
typedef enum /*< flags >*/ {
  CASARRAY_GET_NONE = 0,
  CASARRAY_GET_INCLUDE_PRE_EXCHANGE2010 = 1 << 0,
} CasarrayGetFlags;

/**
 * CasarrayWriteFlags:
 * @CASARRAY_WRITE_NONE: write.
 * @CASARRAY_WRITE_WHAT_IF: compute and return what would be written, and
 *   write nothing (`-WhatIf`).
 *
 * Options of the calls that write.
 */
typedef enum /*< flags >*/ {
  CASARRAY_WRITE_NONE = 0,
  CASARRAY_WRITE_WHAT_IF = 1 << 0,
} CasarrayWriteFlags;

/**
 * CasarrayRemovalPolicy:
 * @CASARRAY_REMOVAL_POLICY_REFUSE: refuse with %CASARRAY_ERROR_IN_USE while
 *   mailbox databases still resolve their RpcClientAccessServer to the
 *   server (the guard Exchange lacks).
 * @CASARRAY_REMOVAL_POLICY_REPOINT_DATABASES: first point those databases at
 *   the endpoint New-MailboxDatabase would choose without this server (the
 *   site's array, else another CAS of the site), each by compare-and-set;
 *   refuse if some database has no other endpoint.
 * @CASARRAY_REMOVAL_POLICY_FORCE: go on and leave the databases pointing at
 *   nothing, as Exchange does.
 *
 * What casarray_directory_remove_exchange_server_sync() and
 * casarray_directory_set_exchange_server_sync() do about databases
 * that still use a server as their RpcClientAccessServer when the server,
 * or its ClientAccess role, goes.  One choice, not flags.
 */
typedef enum {
  CASARRAY_REMOVAL_POLICY_REFUSE,
  CASARRAY_REMOVAL_POLICY_REPOINT_DATABASES,
  CASARRAY_REMOVAL_POLICY_FORCE,
} CasarrayRemovalPolicy;

#define CASARRAY_TYPE_FILTER (casarray_filter_get_type ())

CASARRAY_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CasarrayFilter, casarray_filter, CASARRAY, FILTER, GObject)

CASARRAY_AVAILABLE_IN_1_0
CasarrayFilter    *casarray_filter_new        (void);
CASARRAY_AVAILABLE_IN_1_0
void              casarray_filter_set_server (CasarrayFilter    *self,
                                             const char       *server);
CASARRAY_AVAILABLE_IN_1_0
const char       *casarray_filter_get_server (CasarrayFilter    *self);
CASARRAY_AVAILABLE_IN_1_0
void              casarray_filter_set_site   (CasarrayFilter    *self,
                                             const char       *site);
CASARRAY_AVAILABLE_IN_1_0
const char       *casarray_filter_get_site   (CasarrayFilter    *self);
CASARRAY_AVAILABLE_IN_1_0
void              casarray_filter_set_flags  (CasarrayFilter    *self,
                                             CasarrayGetFlags  flags);
CASARRAY_AVAILABLE_IN_1_0
CasarrayGetFlags  casarray_filter_get_flags  (CasarrayFilter    *self);

G_END_DECLS
