/*
 * t.h — the unit tests' whole framework: TAP output, one line per check,
 * "ok N - name" or "not ok N - name". tests/run.sh counts them.
 * Each test file defines `void tests_<name>(void)` and is listed in main.c.
 */
#ifndef AFTERCARE_T_H
#define AFTERCARE_T_H

#include <stdio.h>
#include <string.h>

extern int t_count, t_failed;

#define CHECK(cond, name)                                                     \
	do {                                                                  \
		t_count++;                                                    \
		if (cond) {                                                   \
			printf("ok %d - %s\n", t_count, (name));              \
		} else {                                                      \
			t_failed++;                                           \
			printf("not ok %d - %s\n# %s:%d: %s\n", t_count,      \
			       (name), __FILE__, __LINE__, #cond);            \
		}                                                             \
	} while (0)

#define CHECK_STR(got, want, name)                                            \
	do {                                                                  \
		const char *g_ = (got), *w_ = (want);                         \
		CHECK(g_ && w_ && strcmp(g_, w_) == 0, name);                 \
		if (!(g_ && w_ && strcmp(g_, w_) == 0))                       \
			printf("#   got \"%s\", want \"%s\"\n",                  \
			       g_ ? g_ : "(null)", w_ ? w_ : "(null)");      \
	} while (0)

#endif
