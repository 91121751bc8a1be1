/* casarray-call.c: the one runner behind every _sync, _async and _finish
 * (see casarray-call.h for the rules it keeps)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "casarray-call.h"
#include "casarray-directory-private.h"
#include "casarray-options-private.h"

/* A programming error, as g_return_val_if_fail() reports one. */
static gboolean
args_valid (const CasarrayCall *call, const CasarrayCallArgs *args)
{
  static const struct { CasarrayCallNeeds need; const char *what; } checks[] = {
    { CASARRAY_CALL_NEEDS_IDENTITY, "the identity or name" },
    { CASARRAY_CALL_NEEDS_SERVER, "the server" },
    { CASARRAY_CALL_NEEDS_FQDN, "the FQDN" },
    { CASARRAY_CALL_NEEDS_OBJECT, "the object" },
  };
  const void *given[] = { args->identity, args->server, args->fqdn, args->object };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if ((call->needs & checks[i].need) && given[i] == NULL)
      {
        g_critical ("casarray_directory_%s: %s must not be NULL", call->name, checks[i].what);
        return FALSE;
      }
  if (args->object != NULL && call->object_type != NULL &&
      !G_TYPE_CHECK_INSTANCE_TYPE (args->object, call->object_type ()))
    {
      g_critical ("casarray_directory_%s: the object is not a %s", call->name, g_type_name (call->object_type ()));
      return FALSE;
    }
  return TRUE;
}

static gboolean
call_valid (const CasarrayCall *call, CasarrayDirectory *directory, const CasarrayCallArgs *args,
            GCancellable *cancellable)
{
  g_return_val_if_fail (CASARRAY_IS_DIRECTORY (directory), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  return args_valid (call, args);
}

static gpointer
run (const CasarrayCall *call, CasarrayDirectory *directory, const CasarrayCallArgs *args,
     GCancellable *cancellable, GError **error)
{
  g_autoptr(CasarrayDirectory) target = NULL;
  g_autoptr(CasarrayContext) context = NULL;

  /* a creation goes to the one server where arrays are created */
  if (call->at_creation_point != NULL && call->at_creation_point (args))
    {
      target = casarray_directory_get_creation_target (directory, cancellable, error);
      if (target == NULL)
        return NULL;
      directory = target;
    }
  context = casarray_directory_get_context (directory, cancellable, error);
  if (context == NULL)
    return NULL;
  return call->run (context, args, cancellable, error);
}

gpointer
casarray_call_sync (const CasarrayCall *call, CasarrayDirectory *directory, const CasarrayCallArgs *args,
                    GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (!call_valid (call, directory, args, cancellable))
    return NULL;
  return run (call, directory, args, cancellable, error);
}

/* The worker thread's own copy of the arguments. */
static CasarrayCallArgs *
args_copy (const CasarrayCallArgs *args)
{
  CasarrayCallArgs *copy = g_new (CasarrayCallArgs, 1);

  *copy = *args;
  copy->identity = g_strdup (args->identity);
  copy->server = g_strdup (args->server);
  copy->fqdn = g_strdup (args->fqdn);
  copy->site = g_strdup (args->site);
  copy->object = args->object != NULL ? g_object_ref (args->object) : NULL;
  /* the caller may empty its array as soon as _async returns */
  if (args->findings != NULL)
    {
      copy->findings = g_ptr_array_copy (args->findings, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
      g_ptr_array_set_free_func (copy->findings, g_object_unref);
    }
  return copy;
}

static void
args_free (gpointer data)
{
  CasarrayCallArgs *args = data;

  g_free ((char *) args->identity);
  g_free ((char *) args->server);
  g_free ((char *) args->fqdn);
  g_free ((char *) args->site);
  g_clear_object (&args->object);
  g_clear_pointer (&args->findings, g_ptr_array_unref);
  g_free (args);
}

static void
worker (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  const CasarrayCall *call = g_task_get_source_tag (task);
  GError *error = NULL;
  gpointer result = run (call, source_object, task_data, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, call->result_free);
}

void
casarray_call_async (const CasarrayCall *call, CasarrayDirectory *directory, const CasarrayCallArgs *args,
                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  if (!call_valid (call, directory, args, cancellable))
    return;
  task = g_task_new (directory, cancellable, callback, user_data);
  /* the descriptor is the tag: one per operation, and the worker finds
   * the run function through it */
  g_task_set_source_tag (task, (gpointer) call);
  g_task_set_name (task, call->name);
  if (call->writes)
    g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, args_copy (args), args_free);
  g_task_run_in_thread (task, worker);
}

gpointer
casarray_call_finish (const CasarrayCall *call, CasarrayDirectory *directory, GAsyncResult *result,
                      GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, directory), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == call, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
casarray_call_check_filter (const char *name, gpointer filter, gboolean takes_server, gboolean takes_site,
                           guint takes_flags, GError **error)
{
  const CasarrayOptions *options = casarray_options_peek (filter);
  const char *refused = !takes_server && options->server != NULL ? "a server"
                        : !takes_site && options->site != NULL ? "a site"
                        : (options->flags & ~takes_flags) != 0 ? "these flags" : NULL;

  if (refused == NULL)
    return TRUE;
  g_set_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT,
               "%s does not filter by %s", name, refused);
  return FALSE;
}
