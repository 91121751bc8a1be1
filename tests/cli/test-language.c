/* test-language.c: the PowerShell language of casarray (issue 13)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each case runs the casarray binary on an empty memory: store with a
 * small script and compares what it writes with what PowerShell writes
 * for the same script (the rule is cited next to the case).
 */
#include <gio/gio.h>
#include <string.h>

typedef struct {
  char *out;
  char *err;
  int   status;
} Result;

static Result
run (const char *script)
{
  const char *cli = g_getenv ("CASARRAY_CLI");
  const char *argv[] = { cli, "--store", "memory:", NULL };  /* the script on standard input */
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Result result = { NULL, NULL, -1 };

  g_assert_nonnull (cli);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LDAPNOINIT", "1", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, script, NULL, &result.out, &result.err, &error);
  g_assert_no_error (error);
  result.status = g_subprocess_get_exit_status (process);
  return result;
}

static void
result_clear (Result *result)
{
  g_free (result->out);
  g_free (result->err);
}

/* The script must succeed and write exactly @expected. */
static void
check (const char *script, const char *expected)
{
  Result r = run (script);

  if (g_strcmp0 (r.out, expected) != 0 || r.status != 0)
    g_printerr ("script:\n%s\nstdout:\n%s\nstderr:\n%s\n", script, r.out, r.err);
  g_assert_cmpstr (r.out, ==, expected);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
}

/* The script must fail with @message on standard error. */
static void
check_error (const char *script, const char *message)
{
  Result r = run (script);

  if (g_strstr_len (r.err, -1, message) == NULL)
    g_printerr ("script:\n%s\nstdout:\n%s\nstderr:\n%s\n", script, r.out, r.err);
  g_assert_nonnull (g_strstr_len (r.err, -1, message));
  result_clear (&r);
}

/* about_Numeric_Literals: kb mb gb tb pb multiply by powers of 1024. */
static void
test_number_suffixes (void)
{
  check ("5gb\n10MB\n1kb\n2tb\n1pb\n", "5368709120\n10485760\n1024\n2199023255552\n1125899906842624\n");
  check ("if (5gb -gt 4096mb) { 'bigger' }\n", "bigger\n");
  check ("$null -gt 5gb\n", "False\n");
}

/* about_Arithmetic_Operators: precedence, and the left operand's type
 * decides what + does. */
static void
test_arithmetic (void)
{
  check ("42 % 20\n1 + 2 * 3\n10 - 4 - 3\n12 / 4\n-7 % 3\n", "2\n7\n3\n3\n-1\n");
  check ("(1 + 2) * 3\n", "9\n");
  check ("$s = 'MBX1'\n$s + '_mailbox.txt'\n", "MBX1_mailbox.txt\n");
  check ("'1' + 5\n1 + '5'\n", "15\n6\n");
  check ("$a = 'a','b'\n($a + 'c').Count\n1,2 + 3\n", "3\n1\n2\n3\n");
  check ("'ab' * 3\n$null + 4\n", "ababab\n4\n");
  check ("$n = 10mb / 1kb\n$n\n", "10240\n");
  check_error ("1 / 0\n", "Attempted to divide by zero.");
  check_error ("7 / 2\n", "not supported by casarray");
  check_error ("1 + 'x'\n", "Cannot convert value \"x\"");
  check_error ("1 +\n", "You must provide a value expression following the '+' operator.");
}

/* about_Assignment_Operators: $a op= x is $a = $a op x. */
static void
test_compound_assignment (void)
{
  check ("$x = 1\n$x += 4\n$x -= 2\n$x *= 6\n$x /= 2\n$x %= 5\n$x\n", "4\n");
  check ("$servers = 'MBX1','MBX2'\n$servers += 'CAS1'\n$servers.Count\n$servers[-1]\n", "3\nCAS1\n");
  check ("$t = 'a'\n$t += 'b'\n$t\n", "ab\n");
  check_error ("$x = 1\n$x += Get-Date\n", "not supported by casarray");
}

/* about_Return and about_Operators (the unary comma): "return ,@(x)"
 * writes one array, which the console shows one item a line; nothing
 * after a top-level return runs. */
static void
test_return_and_unary_comma (void)
{
  check ("return ,@('a','b')\n'not reached'\n", "a\nb\n");
  check ("'before'\nreturn\n'not reached'\n", "before\n");
  check ("$x = ,5\n$x.Count\n$y = ,(1,2)\n$y.Count\n$e = @()\n$e.Count\n$e += 'x'\n$e.Count\n", "1\n1\n0\n1\n");
  check_error ("if ($true) { return 1 }\n", "return inside a block, ( ) or $( ) outside a function is not supported by casarray");
  check_error ("$x = ,\n", "Missing expression after unary operator ','.");
}

/* Write-Host -NoNewline leaves the line open; colours are for a terminal
 * only, so a pipe gets plain text; an unknown colour is EMS's binding error. */
static void
test_write_host (void)
{
  check ("Write-Host -NoNewline 'Loading...'\nWrite-Host ' Done' -ForegroundColor Green\n", "Loading... Done\n");
  check ("Write-Host a -BackgroundColor DarkRed -ForegroundColor white\n", "a\n");
  check_error ("Write-Host a -ForegroundColor Pink\n", "Cannot convert value \"Pink\" to type \"System.ConsoleColor\"");
}

/* about_Automatic_Variables: a successful -match on one value sets
 * $Matches (0: the match, 1...: groups, named groups by name). */
static void
test_matches (void)
{
  check ("if ('mbx12.contoso.com' -match '^([a-z]+)(\\d+)') { $Matches[0]; $Matches[1]; $Matches[2] }\n",
         "mbx12\nmbx\n12\n");
  check ("$null = 'DB07' -match 'DB(?<n>\\d+)'\n$Matches.n\n'x' -match 'y'\n$Matches.n\n", "07\nFalse\n07\n");
}

/* about_Functions: parameters after the name or in param ( ), bound by
 * position or by name (a unique prefix), unquoted numbers as numbers;
 * return leaves the function only. */
static void
test_functions (void)
{
  check ("function Add-Two ($a, $b) { return $a + $b; 'not reached' }\nAdd-Two 2 3\nAdd-Two -b 10 -a 1\n'after'\n",
         "5\n11\nafter\n");
  check ("function Greet { param([string]$Name, $Greeting) \"$Greeting $Name\" }\n"
         "$r = Greet -Name World -G Hello\n$r\n", "Hello World\n");
  check ("function Test-It { if ($true) { return $true } ; $false }\nif (Test-It) { 'yes' }\n", "yes\n");
  check_error ("function F ($a) { $a }\nF 1 2\n", "A positional parameter cannot be found that accepts argument '2'.");
  check_error ("function F ($a) { $a }\nF -zz 1\n", "A parameter cannot be found that matches parameter name 'zz'.");
  check_error ("function F ($a = 1) { $a }\n", "Default values and attributes of parameters are not supported by casarray");
  check_error ("function F { 1 }\nF | Sort-Object\n", "Piping the output of a function is not supported by casarray");
}

/* about_Try_Catch_Finally: -ErrorAction Stop makes an error terminating,
 * try catches it (not reported) with $_ the error, finally always runs;
 * an error that does not terminate is reported and not caught.  exit
 * ends the script. */
static void
test_try_catch (void)
{
  Result r;

  check ("try { Get-MailboxDatabase DB1 -ErrorAction Stop; 'not reached' }\n"
         "catch { \"caught: $_\" }\nfinally { 'finally' }\n'after'\n",
         "caught: No Exchange organisation exists below CN=Microsoft Exchange,CN=Services,CN=Configuration,"
         "DC=contoso,DC=com.\nfinally\nafter\n");
  check ("function Test-Connection { try { Get-ExchangeServer -ErrorAction Stop | Out-Null; return $true }\n"
         "catch { return $false } }\nif (-not (Test-Connection)) { 'no connection'; exit }\n'not reached'\n",
         "no connection\n");
  r = run ("try { Get-MailboxDatabase DB1 } catch { 'not caught' }\n'after'\n");
  g_assert_cmpstr (r.out, ==, "after\n");
  g_assert_nonnull (strstr (r.err, "No Exchange organisation"));
  result_clear (&r);
  r = run ("'a'\nexit 3\n'b'\n");
  g_assert_cmpstr (r.out, ==, "a\n");
  g_assert_cmpint (r.status, !=, 0);
  result_clear (&r);
  check_error ("try { 1 }\n'x'\n", "The Try statement is missing its Catch or Finally block.");
  check_error ("try { 1 } catch [System.Exception] { 2 }\n", "catch with exception types is not supported by casarray");
}

/* about_Automatic_Variables: $? says whether the last statement
 * succeeded; $LASTEXITCODE is $null, no native program having run. */
static void
test_status_variables (void)
{
  check ("$?\n'x'\n$?\n$null -eq $LASTEXITCODE\n", "True\nx\nTrue\nTrue\n");
  {
    Result r = run ("Get-MailboxDatabase DB1\n$?\n\"last: $?\"\n");

    g_assert_cmpstr (r.out, ==, "False\nlast: True\n");
    result_clear (&r);
  }
}

/* Select-Object -Unique compares respecting letter case; Sort-Object
 * -Unique ignores it (as PowerShell's). */
static void
test_unique (void)
{
  check ("'b','a','b','A' | Select-Object -Unique\n", "b\na\nA\n");
  check ("'b','a','B','A' | Sort-Object -Unique\n", "a\nb\n");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/language/number-suffixes", test_number_suffixes);
  g_test_add_func ("/language/arithmetic", test_arithmetic);
  g_test_add_func ("/language/compound-assignment", test_compound_assignment);
  g_test_add_func ("/language/return-and-unary-comma", test_return_and_unary_comma);
  g_test_add_func ("/language/write-host", test_write_host);
  g_test_add_func ("/language/matches", test_matches);
  g_test_add_func ("/language/functions", test_functions);
  g_test_add_func ("/language/try-catch", test_try_catch);
  g_test_add_func ("/language/status-variables", test_status_variables);
  g_test_add_func ("/language/unique", test_unique);
  return g_test_run ();
}
