/* casarray-site.c: an active directory site, as read from the directory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <casarray/casarray.h>

#include "casarray-model-private.h"

/**
 * CasarraySite:
 *
 * An Active Directory site: the unit that groups servers and decides which client access array serves a database.
 *
 * A site has only what every #CasarrayObject has: its name (`cn`),
 * distinguished name and GUID.
 *
 * Objects of this type are snapshots: the #CasarrayDirectory returns them
 * from its `get` operations and they do not change afterwards. Read again
 * to see later changes.
 */
struct _CasarraySite
{
  CasarrayObject parent_instance;
};

G_DEFINE_FINAL_TYPE (CasarraySite, casarray_site, CASARRAY_TYPE_OBJECT)

static void
casarray_site_class_init (CasarraySiteClass *klass)
{
}

static void
casarray_site_init (CasarraySite *self)
{
}

CasarraySite *
casarray_site_new_from_entry (const CasarrayEntry *entry)
{
  return casarray_object_new_from_entry (CASARRAY_TYPE_SITE, entry);
}
