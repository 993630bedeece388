/*
 * fuzz_money.c — parse_money (yuan with up to two decimals, to fen) and
 * format_money. Properties: an accepted amount is in range and is one of
 * the spellings of its own value ("12", "12.3", "12.30" …); the amount
 * printed back parses to the same fen; any fen in range survives printing
 * and parsing.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "util.h"

#define FEN_MAX (9999999999LL * 100 + 99) /* ten integer digits */

/* Is s one of the accepted spellings of fen? */
static bool spelling_of(const char *s, long long fen)
{
	char y[32], two[40], one[40];

	snprintf(y, sizeof y, "%lld", fen / 100);
	snprintf(two, sizeof two, "%s.%02lld", y, fen % 100);
	snprintf(one, sizeof one, "%s.%lld", y, fen % 100 / 10);
	return strcmp(s, two) == 0 || (fen % 10 == 0 && strcmp(s, one) == 0) ||
	       (fen % 100 == 0 && strcmp(s, y) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_copy(data, size, 1);
	char out[32];
	long long fen = -1, again = -1, v = 0;

	if (parse_money(s, &fen) == 0) {
		PROPERTY(fen >= 0 && fen <= FEN_MAX);
		PROPERTY(spelling_of(s, fen));
		format_money(fen, out);
		PROPERTY(parse_money(out, &again) == 0 && again == fen);
	} else {
		PROPERTY(fen == -1); /* untouched on error */
	}

	/* The other way round: a fen value from the first bytes. */
	for (size_t i = 0; i < size && i < 8; i++)
		v = (long long)((unsigned long long)v << 8 | data[i]);
	if (v < 0)
		v = -(v + 1);
	v %= FEN_MAX + 1;
	format_money(v, out);
	PROPERTY(parse_money(out, &again) == 0 && again == v);
	free(s);
	return 0;
}
