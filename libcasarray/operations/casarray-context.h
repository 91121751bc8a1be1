/* casarray-context.h: a connected backend and where the organisation lives
 *
 * Private to libcasarray.  A CasarrayDirectory hands one context to each
 * operation; the context is reference counted so an operation running in a
 * worker thread keeps it alive even if the directory is reconfigured.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "backend/casarray-backend.h"

G_BEGIN_DECLS

typedef struct {
  char *name;             /* the organisation name, e.g. "Contoso Corp" */
  char *dn;               /* CN=<Org>,CN=Microsoft Exchange,CN=Services,<config> */
  char *admin_group_dn;   /* CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,<org> */
  char *servers_dn;       /* CN=Servers,<admin group> */
  char *databases_dn;     /* CN=Databases,<admin group> */
  char *arrays_dn;        /* CN=Arrays,<admin group> */
} CasarrayOrganization;

typedef struct _CasarrayContext CasarrayContext;

CasarrayContext            *casarray_context_new          (CasarrayBackend  *backend,
                                                           const char       *configuration_dn);
CasarrayContext            *casarray_context_ref          (CasarrayContext  *self);
void                        casarray_context_unref        (CasarrayContext  *self);

CasarrayBackend            *casarray_context_get_backend          (CasarrayContext *self);
const char                 *casarray_context_get_configuration_dn (CasarrayContext *self);
/* CN=Sites,<config> */
const char                 *casarray_context_get_sites_dn         (CasarrayContext *self);
/* CN=Microsoft Exchange,CN=Services,<config> */
const char                 *casarray_context_get_exchange_dn      (CasarrayContext *self);

/* The Exchange organisation, found by one search the first time and cached;
 * CASARRAY_ERROR_NO_ORGANIZATION when there is none. */
const CasarrayOrganization *casarray_context_get_organization (CasarrayContext  *self,
                                                               GCancellable     *cancellable,
                                                               GError          **error);
/* Like get_organization, but NULL without an error when there is none. */
const CasarrayOrganization *casarray_context_find_organization (CasarrayContext *self,
                                                                GCancellable    *cancellable,
                                                                GError         **error);
/* A copy of the name of the cached organisation, or NULL if not looked up
 * yet. */
char                       *casarray_context_dup_organization_name (CasarrayContext *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasarrayContext, casarray_context_unref)

G_END_DECLS
