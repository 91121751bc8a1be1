/* casarray-lookup.h: finding objects by the identities EMS accepts
 *
 * Private to libcasarray.  An identity is a name, a DN, a GUID, and for
 * servers and arrays also an FQDN or a legacyExchangeDN.  Each lookup is one
 * search whatever the form, built from literal values that the backend
 * escapes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "casarray-context.h"

G_BEGIN_DECLS

typedef enum {
  CASARRAY_KIND_SITE,
  CASARRAY_KIND_SERVER,      /* an Exchange server, not an array */
  CASARRAY_KIND_ARRAY,       /* a client access array */
  CASARRAY_KIND_ENDPOINT,    /* a server or an array */
  CASARRAY_KIND_DATABASE,    /* a mailbox (private) database */
  CASARRAY_KIND_AUTODISCOVER,/* Autodiscover service connection points */
} CasarrayKind;

/* The attributes the model reads for @kind. */
const char * const  *casarray_lookup_attributes  (CasarrayKind kind);
/* TRUE if @identity is a GUID in 8-4-4-4-12 form, with or without braces. */
gboolean             casarray_lookup_is_guid     (const char  *identity);

/* TRUE if @identity is a name pattern ("*" outside a DN). */
gboolean             casarray_lookup_is_wildcard (const char  *identity);

/* Every object of @kind, or when @identity is given those it names; with
 * @wildcards a name may contain "*".  No match is an empty array. */
GPtrArray     *casarray_lookup_all (CasarrayContext  *context,
                                    CasarrayKind      kind,
                                    const char       *identity,
                                    gboolean          wildcards,
                                    GCancellable     *cancellable,
                                    GError          **error);
/* Every object of @kind_a and every object of @kind_b, as two arrays, in
 * one search: a listing that needs both (databases and the servers their
 * references resolve to) costs the directory one pass over the
 * organisation instead of two.  Both kinds must live below the
 * organisation and exclude no class.  The entries carry the attributes of
 * @kind_a and @attributes_b (NULL: those of @kind_b), so a caller that
 * reads little of @kind_b has the directory send little: every attribute
 * asked for is looked up in every entry of both kinds. */
gboolean       casarray_lookup_all_of_two_kinds (CasarrayContext  *context,
                                                 CasarrayKind      kind_a,
                                                 CasarrayKind      kind_b,
                                                 const char * const *attributes_b,
                                                 GPtrArray       **found_a,
                                                 GPtrArray       **found_b,
                                                 GCancellable     *cancellable,
                                                 GError          **error);
/* Exactly one object: CASARRAY_ERROR_NOT_FOUND or CASARRAY_ERROR_AMBIGUOUS
 * otherwise, both naming the identity. */
CasarrayEntry *casarray_lookup_one (CasarrayContext  *context,
                                    CasarrayKind      kind,
                                    const char       *identity,
                                    GCancellable     *cancellable,
                                    GError          **error);
/* Objects of @kind whose @attribute equals any of @values (NULL-terminated),
 * in one search. */
GPtrArray     *casarray_lookup_by_values (CasarrayContext     *context,
                                          CasarrayKind         kind,
                                          const char          *attribute,
                                          const char * const  *values,
                                          GCancellable        *cancellable,
                                          GError             **error);

G_END_DECLS
