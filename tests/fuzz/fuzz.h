/* fuzz.h: what every fuzz target defines
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each target is one LLVMFuzzerTestOneInput().  Built with
 * -Dfuzzing=true (clang) it links libFuzzer; otherwise run-corpus.c's
 * main() feeds it the files of its seed corpus, so every reproducer in
 * tests/fuzz/corpus/ is a test under any compiler.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
/* Optional: called once before the first input. */
int LLVMFuzzerInitialize (int *argc, char ***argv);

/* A property of the code under test does not hold: print it and abort, so
 * that libFuzzer keeps the input as a crash (a plain g_assert could be
 * compiled out with G_DISABLE_ASSERT). */
#define FUZZ_CHECK(condition, ...) \
  do { \
    if (!(condition)) \
      fuzz_fail (__FILE__, __LINE__, #condition, __VA_ARGS__); \
  } while (0)

void fuzz_fail (const char *file, int line, const char *condition,
                const char *format, ...) __attribute__ ((noreturn, format (printf, 4, 5)));
/* A temporary folder for this process, removed at exit; set on the first call. */
const char *fuzz_temporary_folder (void);
/* Points HOME and the XDG folders into fuzz_temporary_folder() and sets
 * LDAPNOINIT, so that nothing a target runs reads or writes the user's
 * files (the default store above all) or their LDAP configuration. */
void fuzz_isolate_environment (void);
