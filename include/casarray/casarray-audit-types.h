/* casarray-audit-types.h: the vocabulary of the audit and the repair
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
 * CasarrayFindingSeverity:
 * @CASARRAY_FINDING_SEVERITY_ADVICE: not an error: Microsoft's guidance
 *   suggests a change.
 * @CASARRAY_FINDING_SEVERITY_WARNING: clients work, but not as the
 *   administrator most likely intends (e.g. they bypass the site's array).
 * @CASARRAY_FINDING_SEVERITY_ERROR: clients fail, or the directory breaks
 *   one of Exchange's rules.
 *
 * How bad a #CasarrayFinding is.
 */
typedef enum {
  CASARRAY_FINDING_SEVERITY_ADVICE,
  CASARRAY_FINDING_SEVERITY_WARNING,
  CASARRAY_FINDING_SEVERITY_ERROR,
} CasarrayFindingSeverity;

/**
 * CasarrayFindingKind:
 * @CASARRAY_FINDING_ENDPOINT_MISSING: a database's RpcClientAccessServer
 *   resolves to nothing: the endpoint was removed and its clients cannot
 *   connect (error).
 * @CASARRAY_FINDING_ENDPOINT_NOT_CLIENT_ACCESS: a database points at a
 *   server that no longer holds the ClientAccess role (error).
 * @CASARRAY_FINDING_ENDPOINT_OTHER_SITE: a database points at an endpoint
 *   in another site than its server's (warning).
 * @CASARRAY_FINDING_ARRAY_NOT_USED: a database points at a single CAS server
 *   although its site has a client access array (warning).
 * @CASARRAY_FINDING_ARRAY_WITHOUT_MEMBERS: an array whose site has no CAS
 *   server (warning).
 * @CASARRAY_FINDING_ARRAY_FQDN_CONFLICT: an array's FQDN is also a
 *   server's, or another array's (error).
 * @CASARRAY_FINDING_SEVERAL_ARRAYS_IN_SITE: a site has more than one array,
 *   which replication conflicts or tools that bypass the rules produce
 *   (error).
 * @CASARRAY_FINDING_NAME_CONFLICT: an array and a server (or two arrays)
 *   share a name, and so a legacyExchangeDN (error).
 * @CASARRAY_FINDING_SITE_WITHOUT_ARRAY: a site has CAS servers and
 *   databases but no array; Microsoft recommends one, even for a single CAS
 *   server (advice).
 * @CASARRAY_FINDING_REPLICATION_CONFLICT: an array, server or database
 *   whose name Active Directory mangled to `<name>\0ACNF:<GUID>` because
 *   two domain controllers created an object of that name at the same
 *   time; the finding's related names are the original name and, when it
 *   exists, the original's DN (error).  The repair merges a conflict copy
 *   of an array into its site's array; servers and databases are only
 *   reported.
 *
 * What a #CasarrayFinding is about.
 */
typedef enum {
  CASARRAY_FINDING_ENDPOINT_MISSING,
  CASARRAY_FINDING_ENDPOINT_NOT_CLIENT_ACCESS,
  CASARRAY_FINDING_ENDPOINT_OTHER_SITE,
  CASARRAY_FINDING_ARRAY_NOT_USED,
  CASARRAY_FINDING_ARRAY_WITHOUT_MEMBERS,
  CASARRAY_FINDING_ARRAY_FQDN_CONFLICT,
  CASARRAY_FINDING_SEVERAL_ARRAYS_IN_SITE,
  CASARRAY_FINDING_NAME_CONFLICT,
  CASARRAY_FINDING_SITE_WITHOUT_ARRAY,
  CASARRAY_FINDING_REPLICATION_CONFLICT,
} CasarrayFindingKind;

/**
 * CasarrayRepairOutcome:
 * @CASARRAY_REPAIR_CHANGED: the database now points at the new endpoint.
 * @CASARRAY_REPAIR_WOULD_CHANGE: what-if: the database would be changed;
 *   nothing was written.
 * @CASARRAY_REPAIR_SKIPPED: the database was left alone: someone changed it
 *   since the audit, or no endpoint can serve it (see the reason).
 * @CASARRAY_REPAIR_FAILED: the change failed (see the reason); the database
 *   is unchanged unless the reason says the outcome is unknown.
 *
 * What casarray_directory_repair_sync() did to one database.
 */
typedef enum {
  CASARRAY_REPAIR_CHANGED,
  CASARRAY_REPAIR_WOULD_CHANGE,
  CASARRAY_REPAIR_SKIPPED,
  CASARRAY_REPAIR_FAILED,
} CasarrayRepairOutcome;


G_END_DECLS
