/* casarray-op-converge.h: one decision on every replica
 *
 * Private to libcasarray.  Where a replicated directory holds two arrays in
 * one site anyway (a partition, a writer that bypassed the library, an
 * older tool), every replica must choose the same one to keep, before and
 * after replication has finished.  So arrays are ranked only by what
 * replicates unchanged and never changes on a modify:
 *
 *   1. an AD replication-conflict copy ("<name>\nCNF:<guid>") after every
 *      properly named object (AD renames the same copy on every DC);
 *   2. the creation time: whenCreated on AD, createTimestamp on OpenLDAP
 *      (both GeneralizedTime, normalised to microseconds), older first;
 *   3. the GUID: objectGUID on AD, entryUUID on OpenLDAP, as text;
 *   4. the DN, which two live entries never share.
 *
 * Never uSNCreated (local to each DC) or entryCSN (changes on every
 * modify).  The embedded store is one file with one writer at a time; it
 * keeps whenCreated or createTimestamp when an entry has one (an AD or
 * OpenLDAP export), and otherwise its own uSNCreated stands in for the
 * creation time, after every real time.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "backend/casarray-entry.h"
#include "casarray-context.h"
#include "model/casarray-model-private.h"

G_BEGIN_DECLS

/* The attributes the rank reads; lookups of servers and arrays ask for
 * them (slapd returns operational attributes only when named). */
#define CASARRAY_ATTR_WHEN_CREATED      "whenCreated"
#define CASARRAY_ATTR_CREATE_TIMESTAMP  "createTimestamp"

/* Negative when @a ranks before @b (is kept rather than @b). */
int       casarray_converge_compare             (const CasarrayEntry *a,
                                                 const CasarrayEntry *b);
/* For g_ptr_array_sort() of CasarrayEntry pointers. */
gint      casarray_converge_compare_pointers    (gconstpointer a,
                                                 gconstpointer b);

/* Whether @name is AD's conflict form "<name>\nCNF:<guid>"; if so
 * *original (nullable) gets the name before the mark. */
gboolean  casarray_converge_is_conflict_name    (const char  *name,
                                                 char       **original);
/* @name with its line feed written as AD's DN escape \0A, for messages. */
char     *casarray_converge_display_name        (const char  *name);

/* What the rank rests on, for a finding's message: "created
 * 2026-12-02 04:10:00 UTC, GUID ...". */
char     *casarray_converge_describe_rank       (const CasarrayEntry *entry);

/* SEVERAL_ARRAYS_IN_SITE for @site (@name) and its @arrays in rank
 * order: the survivor is the proposed endpoint; @names are every array's
 * name, for the related names. */
CasarrayFinding *casarray_converge_several_arrays_finding (const CasarrayEntry *site,
                                                           const char          *name,
                                                           GPtrArray           *arrays,
                                                           const char * const  *names);

/* The ranked arrays of the site of the array @entry (never NULL). */
typedef GPtrArray *(*CasarrayConvergeSiteArrays) (gpointer             data,
                                                  const CasarrayEntry *entry);

/* One REPLICATION_CONFLICT finding per AD conflict copy among @entries
 * (servers and arrays, or databases), appended to @findings. */
void      casarray_converge_audit_conflicts     (GPtrArray                  *entries,
                                                 GPtrArray                  *findings,
                                                 CasarrayConvergeSiteArrays  site_arrays,
                                                 gpointer                    data);

/* The second half of a merge: removes each of @losers (arrays the
 * survivor @survivor outranks) unless one of @databases still points at
 * it; appends one result per loser to @results.  @databases is the
 * caller's read made after the databases were repointed (NULL with
 * @what_if, or when that read failed with @read_error: then every loser
 * is kept).  With @what_if only says what it would do. */
void      casarray_converge_remove_losers       (CasarrayContext     *context,
                                                 GPtrArray           *losers,
                                                 const CasarrayEntry *survivor,
                                                 gboolean             what_if,
                                                 GPtrArray           *databases,
                                                 const GError        *read_error,
                                                 GPtrArray           *results,
                                                 GCancellable        *cancellable);

G_END_DECLS
