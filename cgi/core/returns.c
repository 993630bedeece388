/*
 * returns.c — the carriers and their tracking-number shapes, the pick-up
 * windows, who pays the postage. Shapes are tiny patterns: a letter stands
 * for itself, '#' is a digit, '@' a letter, '*' a letter or digit, and a
 * class may be followed by {m,n} (or {m}) repetitions.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "returns.h"

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

static const struct {
	const char *code;
	const char *shapes[3]; /* NULL-terminated; none: any 6..30 */
} carriers[] = {
	{"sf", {"SF#{12,13}", "#{12}", NULL}},      /* 顺丰: SF1234567890123 */
	{"jd", {"JD*{11,16}", NULL}},               /* 京东: JDVA00012345678 */
	{"ems", {"@@#{9}@@", "#{13}", NULL}},       /* UPU S10 or 13 digits */
	{"yto", {"YT#{13}", NULL}},                 /* 圆通 */
	{"zto", {"#{12,15}", NULL}},                /* 中通 */
	{"sto", {"#{12,15}", NULL}},                /* 申通 */
	{"yunda", {"#{13}", "#{15}", NULL}},        /* 韵达 */
	{"other", {NULL}},
};

const char *carrier_code(size_t i)
{
	return i < NELEM(carriers) ? carriers[i].code : NULL;
}

const char *carrier_from_name(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < NELEM(carriers); i++)
		if (strcasecmp(carriers[i].code, name) == 0)
			return carriers[i].code;
	return NULL;
}

bool tracking_normalize(const char *typed, char *out, size_t size)
{
	size_t n = 0;

	if (!typed)
		return false;
	for (const unsigned char *p = (const unsigned char *)typed; *p; p++) {
		if (*p == ' ' || *p == '-' || *p == '\t')
			continue;
		if (!isalnum(*p) || *p > 0x7f || n + 1 >= size || n >= TRACKING_MAX)
			return false;
		out[n++] = (char)toupper(*p);
	}
	out[n] = '\0';
	return n > 0;
}

static bool in_class(char cls, char c)
{
	switch (cls) {
	case '#':
		return c >= '0' && c <= '9';
	case '@':
		return c >= 'A' && c <= 'Z';
	case '*':
		return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
	default:
		return c == cls;
	}
}

/* Does s match the pattern p entirely? Classes are greedy but backtrack
 * over their repetition count. */
static bool match(const char *p, const char *s)
{
	char cls;
	int min = 1, max = 1;

	if (!*p)
		return !*s;
	cls = *p++;
	if (*p == '{') {
		char *end;

		min = max = (int)strtol(p + 1, &end, 10);
		if (*end == ',')
			max = (int)strtol(end + 1, &end, 10);
		p = end + 1; /* past '}' */
	}
	for (int k = 0; k < min; k++)
		if (!in_class(cls, s[k]))
			return false;
	for (int k = min;; k++) {
		if (match(p, s + k))
			return true;
		if (k >= max || !in_class(cls, s[k]))
			return false;
	}
}

bool tracking_shape_ok(const char *code, const char *tracking)
{
	size_t n = tracking ? strlen(tracking) : 0;

	for (size_t i = 0; i < NELEM(carriers); i++) {
		if (strcmp(carriers[i].code, code) != 0)
			continue;
		if (!carriers[i].shapes[0])
			return n >= 6 && n <= 30 && match("*{6,30}", tracking);
		for (size_t k = 0; k < NELEM(carriers[i].shapes) && carriers[i].shapes[k]; k++)
			if (match(carriers[i].shapes[k], tracking))
				return true;
		return false;
	}
	return false;
}

static const struct {
	const char *name;
	int start;
} windows[] = {{"09-12", 9}, {"12-15", 12}, {"15-18", 15}};

const char *pickup_window(size_t i)
{
	return i < NELEM(windows) ? windows[i].name : NULL;
}

int pickup_window_start(const char *window)
{
	for (size_t i = 0; window && i < NELEM(windows); i++)
		if (strcmp(windows[i].name, window) == 0)
			return windows[i].start;
	return -1;
}

const char *postage_payer(const char *reason, const char *quality_policy,
                          const char *no_reason_policy)
{
	const char *policy = strcmp(reason, "no_reason") == 0 ? no_reason_policy : quality_policy;

	return policy && strcmp(policy, "customer") == 0 ? "customer" : "shop";
}
