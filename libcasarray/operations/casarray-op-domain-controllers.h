/* casarray-op-domain-controllers.h: the domain controllers of an AD forest
 * and its domain naming master, from the configuration partition
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <casarray/casarray.h>

#include "casarray-context.h"

G_BEGIN_DECLS

typedef struct {
  char *host_name;  /* dNSHostName of the server object */
  char *site;       /* the site's name (the server object's grandparent) */
  char *server_dn;  /* CN=<DC>,CN=Servers,CN=<site>,CN=Sites,<config> */
} CasarrayDomainController;

void       casarray_domain_controller_free       (CasarrayDomainController *dc);

/* The DCs (server objects with an nTDSDSA child), sorted by host name;
 * empty, not an error, on a directory that has none (OpenLDAP). */
GPtrArray *casarray_op_get_domain_controllers    (CasarrayContext  *context,
                                                  GCancellable     *cancellable,
                                                  GError          **error);

/* dNSHostName of the server whose NTDS Settings fSMORoleOwner of
 * CN=Partitions names; CASARRAY_ERROR_NOT_FOUND when there is none. */
char      *casarray_op_get_domain_naming_master  (CasarrayContext  *context,
                                                  GCancellable     *cancellable,
                                                  GError          **error);

G_END_DECLS
