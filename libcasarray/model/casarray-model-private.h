/* casarray-model-private.h: building model snapshots from directory entries
 *
 * Private to libcasarray.  Only the operations (operations/) create model
 * objects, from entries that a backend returned; the mapping of attributes
 * to properties lives in each type's file, next to the properties (the
 * name, DN and GUID every CasarrayObject has in casarray-object.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <casarray/casarray.h>

#include "backend/casarray-entry.h"

G_BEGIN_DECLS

/* A new @type (a CasarrayObject subclass) with the name, DN and GUID of
 * @entry set; the caller fills in the rest of its own fields. */
gpointer                    casarray_object_new_from_entry (GType                type,
                                                            const CasarrayEntry *entry);
CasarraySite               *casarray_site_new_from_entry   (const CasarrayEntry *entry);
CasarrayServer             *casarray_server_new_from_entry (const CasarrayEntry *entry);
/* @rpc_fqdn: the FQDN the database's reference resolves to, or NULL. */
CasarrayMailboxDatabase    *casarray_mailbox_database_new_from_entry (const CasarrayEntry *entry,
                                                                      const char          *rpc_fqdn);
/* @autodiscover: the server's Autodiscover service connection point, or NULL. */
CasarrayClientAccessServer *casarray_client_access_server_new_from_entry (const CasarrayEntry *entry,
                                                                          const CasarrayEntry *autodiscover);
/* @members: (transfer full): names of the CAS servers of the array's site. */
CasarrayClientAccessArray  *casarray_client_access_array_new_from_entry (const CasarrayEntry *entry,
                                                                         GStrv                members);

/* @message, @fix: (transfer full) */
CasarrayFinding            *casarray_finding_new (CasarrayFindingKind      kind,
                                                  CasarrayFindingSeverity  severity,
                                                  const char              *subject,
                                                  const char              *subject_dn,
                                                  const char * const      *related,
                                                  const char              *subject_legacy_dn,
                                                  const char              *proposed_endpoint,
                                                  char                    *message,
                                                  char                    *fix);
CasarrayRepairResult       *casarray_repair_result_new (const char            *database,
                                                        const char            *database_dn,
                                                        const char            *old_endpoint,
                                                        const char            *new_endpoint,
                                                        CasarrayRepairOutcome  outcome,
                                                        const char            *reason);

G_END_DECLS
