/* casarray-host-info.h: the FQDN, site and legacyExchangeDN a server,
 * a client access server and a client access array all have
 *
 * Private to libcasarray.  The three types keep their own public getters
 * and property documentation (the wording differs per type); the storage,
 * the reading from the entry, the property specs and get_property live
 * here once.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

#include "backend/casarray-entry.h"

G_BEGIN_DECLS

typedef struct
{
  char *fqdn;
  char *site;
  char *site_dn;
  char *exchange_legacy_dn;
} CasarrayHostInfo;

/* The four properties, in this order, from the property id a type passes
 * as @first_id: fqdn, site, site-dn, exchange-legacy-dn. */
enum {
  CASARRAY_HOST_INFO_PROP_FQDN,
  CASARRAY_HOST_INFO_PROP_SITE,
  CASARRAY_HOST_INFO_PROP_SITE_DN,
  CASARRAY_HOST_INFO_PROP_EXCHANGE_LEGACY_DN,
  CASARRAY_HOST_INFO_N_PROPS
};

void     casarray_host_info_init_from_entry   (CasarrayHostInfo       *info,
                                               const CasarrayEntry    *entry);
void     casarray_host_info_clear             (CasarrayHostInfo       *info);
void     casarray_host_info_install_properties (GObjectClass          *object_class,
                                                guint                  first_id);
/* Sets @value and returns TRUE when @prop_id is one of the four. */
gboolean casarray_host_info_get_property      (const CasarrayHostInfo *info,
                                               guint                   first_id,
                                               guint                   prop_id,
                                               GValue                 *value);

G_END_DECLS
