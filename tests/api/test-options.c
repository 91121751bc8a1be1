/* test-options.c: the option objects of the 1.0 API, on a memory: store
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What a filter filters and what it refuses, that a change set changes
 * what is set on it and nothing else, that a removal policy is one choice,
 * that -WhatIf is a write flag, and that the one call runner checks the
 * arguments of _sync and _async alike.
 */
#include <casarray/casarray.h>

#define SITE1 "Site1"
#define SITE2 "Site2"

typedef struct {
  CasarrayDirectory *directory;
} Fixture;

static void
new_server (CasarrayDirectory *directory, const char *name, const char *fqdn, CasarrayServerRole roles)
{
  g_autoptr(CasarrayExchangeServerChanges) settings = casarray_exchange_server_changes_new ();
  g_autoptr(CasarrayServer) server = NULL;
  g_autoptr(GError) error = NULL;

  casarray_exchange_server_changes_set_fqdn (settings, fqdn);
  casarray_exchange_server_changes_set_site (settings, SITE1);
  casarray_exchange_server_changes_set_roles (settings, roles);
  server = casarray_directory_new_exchange_server_sync (directory, name, settings, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (casarray_server_get_roles (server), ==, roles);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasarraySite) site1 = NULL;
  g_autoptr(CasarraySite) site2 = NULL;
  g_autoptr(CasarrayMailboxDatabaseChanges) paths = casarray_mailbox_database_changes_new ();
  g_autoptr(CasarrayMailboxDatabase) db1 = NULL;

  fixture->directory = casarray_directory_new ("memory:");
  g_assert_true (casarray_directory_new_organization_sync (fixture->directory, "Contoso", NULL, &error));
  g_assert_no_error (error);
  site1 = casarray_directory_new_site_sync (fixture->directory, SITE1, NULL, &error);
  g_assert_no_error (error);
  site2 = casarray_directory_new_site_sync (fixture->directory, SITE2, NULL, &error);
  g_assert_no_error (error);
  new_server (fixture->directory, "MBX1", "mbx1.contoso.com", CASARRAY_SERVER_ROLE_MAILBOX);
  new_server (fixture->directory, "CAS1", "cas1.contoso.com", CASARRAY_SERVER_ROLE_CLIENT_ACCESS);
  casarray_mailbox_database_changes_set_edb_file_path (paths, "D:\\DB1\\DB1.edb");
  db1 = casarray_directory_new_mailbox_database_sync (fixture->directory, "DB1", "MBX1", paths, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (casarray_mailbox_database_get_edb_file_path (db1), ==, "D:\\DB1\\DB1.edb");
  g_assert_cmpstr (casarray_mailbox_database_get_rpc_client_access_server (db1), ==, "cas1.contoso.com");
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->directory);
}

static CasarrayMailboxDatabase *
get_database (CasarrayDirectory *directory, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = casarray_directory_get_mailbox_databases_sync (directory, name, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  return g_object_ref (g_ptr_array_index (found, 0));
}

static void
test_filter (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CasarrayFilter) by_server = casarray_filter_new ();
  g_autoptr(CasarrayFilter) by_site = casarray_filter_new ();
  g_autoptr(CasarrayFilter) old_too = casarray_filter_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  casarray_filter_set_server (by_server, "MBX1");
  g_assert_cmpstr (casarray_filter_get_server (by_server), ==, "MBX1");
  found = casarray_directory_get_mailbox_databases_sync (fixture->directory, NULL, by_server, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  casarray_filter_set_flags (old_too, CASARRAY_GET_INCLUDE_PRE_EXCHANGE2010);
  g_assert_cmpuint (casarray_filter_get_flags (old_too), ==, CASARRAY_GET_INCLUDE_PRE_EXCHANGE2010);
  found = casarray_directory_get_mailbox_databases_sync (fixture->directory, "DB*", old_too, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* a filter a call does not take is refused, not ignored */
  casarray_filter_set_site (by_site, SITE1);
  found = casarray_directory_get_mailbox_databases_sync (fixture->directory, NULL, by_site, NULL, &error);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT);
  g_assert_null (found);
  g_clear_error (&error);
  found = casarray_directory_get_sites_sync (fixture->directory, NULL, by_server, NULL, &error);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  found = casarray_directory_get_client_access_arrays_sync (fixture->directory, NULL, old_too, NULL, &error);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* ... and a site filter is what arrays take */
  found = casarray_directory_get_client_access_arrays_sync (fixture->directory, NULL, by_site, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_change_set_leaves_the_rest (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CasarrayMailboxDatabaseChanges) changes = casarray_mailbox_database_changes_new ();
  g_autoptr(CasarrayMailboxDatabaseChanges) nothing = casarray_mailbox_database_changes_new ();
  g_autoptr(CasarrayMailboxDatabase) before = get_database (fixture->directory, "DB1");
  g_autoptr(CasarrayMailboxDatabase) after = NULL;
  g_autoptr(GError) error = NULL;

  casarray_mailbox_database_changes_set_log_folder_path (changes, "L:\\DB1");
  g_assert_true (casarray_directory_set_mailbox_database_sync (fixture->directory, "DB1", changes, NULL, &error));
  g_assert_no_error (error);
  after = get_database (fixture->directory, "DB1");
  g_assert_cmpstr (casarray_mailbox_database_get_log_folder_path (after), ==, "L:\\DB1");
  g_assert_cmpstr (casarray_mailbox_database_get_edb_file_path (after), ==,
                   casarray_mailbox_database_get_edb_file_path (before));
  g_assert_cmpstr (casarray_mailbox_database_get_rpc_client_access_server (after), ==,
                   casarray_mailbox_database_get_rpc_client_access_server (before));
  g_clear_object (&after);

  /* an empty change set changes nothing */
  g_assert_true (casarray_directory_set_mailbox_database_sync (fixture->directory, "DB1", nothing, NULL, &error));
  g_assert_no_error (error);
  after = get_database (fixture->directory, "DB1");
  g_assert_cmpstr (casarray_mailbox_database_get_log_folder_path (after), ==, "L:\\DB1");
}

static void
test_new_calls_refuse_incomplete_settings (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CasarrayMailboxDatabaseChanges) with_endpoint = casarray_mailbox_database_changes_new ();
  g_autoptr(CasarrayExchangeServerChanges) no_site = casarray_exchange_server_changes_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  gpointer created;

  /* New-MailboxDatabase chooses the endpoint itself */
  casarray_mailbox_database_changes_set_rpc_client_access_server (with_endpoint, "cas1.contoso.com");
  created = casarray_directory_new_mailbox_database_sync (fixture->directory, "DB2", "MBX1", with_endpoint, NULL,
                                                          &error);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT);
  g_assert_null (created);
  g_clear_error (&error);
  found = casarray_directory_get_mailbox_databases_sync (fixture->directory, "DB2", NULL, NULL, &error);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  casarray_exchange_server_changes_set_fqdn (no_site, "ex2.contoso.com");
  created = casarray_directory_new_exchange_server_sync (fixture->directory, "EX2", no_site, NULL, &error);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT);
  g_assert_null (created);
}

static void
test_removal_policy (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CasarrayMailboxDatabase) db1 = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (casarray_directory_remove_exchange_server_sync (fixture->directory, "CAS1",
                                                                  CASARRAY_REMOVAL_POLICY_REFUSE, NULL, &error));
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE);
  g_clear_error (&error);
  /* repointing needs somewhere else to go: there is none */
  g_assert_false (casarray_directory_remove_exchange_server_sync (fixture->directory, "CAS1",
                                                                  CASARRAY_REMOVAL_POLICY_REPOINT_DATABASES,
                                                                  NULL, &error));
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_IN_USE);
  g_clear_error (&error);
  g_assert_true (casarray_directory_remove_exchange_server_sync (fixture->directory, "CAS1",
                                                                 CASARRAY_REMOVAL_POLICY_FORCE, NULL, &error));
  g_assert_no_error (error);
  db1 = get_database (fixture->directory, "DB1");
  g_assert_null (casarray_mailbox_database_get_rpc_client_access_server (db1));
}

static void
test_what_if_writes_nothing (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CasarrayClientAccessArray) array = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(CasarrayMailboxDatabase) db1 = NULL;
  g_autoptr(GError) error = NULL;

  array = casarray_directory_new_client_access_array_sync (fixture->directory, "outlook", "outlook.contoso.com",
                                                           SITE1, NULL, &error);
  g_assert_no_error (error);
  plan = casarray_directory_repair_sync (fixture->directory, NULL, CASARRAY_WRITE_WHAT_IF, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plan->len, ==, 1);
  g_assert_cmpint (casarray_repair_result_get_outcome (g_ptr_array_index (plan, 0)), ==,
                   CASARRAY_REPAIR_WOULD_CHANGE);
  db1 = get_database (fixture->directory, "DB1");
  g_assert_cmpstr (casarray_mailbox_database_get_rpc_client_access_server (db1), ==, "cas1.contoso.com");
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async_goes_through_the_same_runner (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CasarrayFilter) by_server = casarray_filter_new ();
  g_autoptr(CasarrayMailboxDatabaseChanges) changes = casarray_mailbox_database_changes_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  casarray_filter_set_server (by_server, "MBX1");
  casarray_directory_get_mailbox_databases_async (fixture->directory, NULL, by_server, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  found = casarray_directory_get_mailbox_databases_finish (fixture->directory, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  /* a filter the call does not take fails the async form too */
  casarray_directory_get_sites_async (fixture->directory, NULL, by_server, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (casarray_directory_get_sites_finish (fixture->directory, result, &error));
  g_clear_object (&result);
  g_assert_error (error, CASARRAY_ERROR, CASARRAY_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* a missing identity is a programming error in both forms, and the async
   * form then never calls back */
  g_test_expect_message ("Casarray", G_LOG_LEVEL_CRITICAL, "*set_mailbox_database*identity*");
  g_assert_false (casarray_directory_set_mailbox_database_sync (fixture->directory, NULL, changes, NULL, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_test_expect_message ("Casarray", G_LOG_LEVEL_CRITICAL, "*set_mailbox_database*identity*");
  casarray_directory_set_mailbox_database_async (fixture->directory, NULL, changes, NULL, on_done, &result);
  g_test_assert_expected_messages ();
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (result);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/options/filter", test_filter);
  ADD ("/options/change-set-leaves-the-rest", test_change_set_leaves_the_rest);
  ADD ("/options/new-calls-refuse-incomplete-settings", test_new_calls_refuse_incomplete_settings);
  ADD ("/options/removal-policy", test_removal_policy);
  ADD ("/options/what-if-writes-nothing", test_what_if_writes_nothing);
  ADD ("/options/async-goes-through-the-same-runner", test_async_goes_through_the_same_runner);
#undef ADD
  return g_test_run ();
}
