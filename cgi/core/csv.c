/*
 * csv.c — the CSV writer: cells are escaped straight into a fixed buffer
 * that goes to the sink whenever it fills, so memory stays the same for ten
 * rows or a million.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "util.h"

static const char bom[] = "\xef\xbb\xbf";
static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

static void put(struct csv *w, const char *data, size_t n)
{
	while (n > 0) {
		size_t room, take;

		if (w->len == sizeof w->buf)
			csv_flush(w);
		room = sizeof w->buf - w->len;
		take = n < room ? n : room;
		memcpy(w->buf + w->len, data, take);
		w->len += take;
		data += take;
		n -= take;
	}
}

int csv_flush(struct csv *w)
{
	if (w->len > 0 && w->error == 0 && w->sink(w->ctx, w->buf, w->len) != 0)
		w->error = -1;
	w->len = 0;
	return w->error;
}

void csv_begin(struct csv *w, csv_sink sink, void *ctx)
{
	w->sink = sink;
	w->ctx = ctx;
	w->error = 0;
	w->cells = 0;
	w->len = 0;
	put(w, bom, sizeof bom - 1);
}

static void separate(struct csv *w)
{
	if (w->cells++ > 0)
		put(w, ",", 1);
}

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0
 * when s[0] does not begin one (or is NUL). */
static size_t sequence_at(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2
	           : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;

	if (len == 0 || len > n || !utf8_valid(s, len))
		return 0;
	return len;
}

static bool needs_quotes(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return true;
	return false;
}

/* A cell Excel or LibreOffice would take as the start of a formula. */
static bool formula_lead(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

void csv_textn(struct csv *w, const char *s, size_t n)
{
	bool quote;

	separate(w);
	if (!s || n == 0)
		return;
	quote = needs_quotes(s, n);
	if (quote)
		put(w, "\"", 1);
	if (formula_lead(s[0]))
		put(w, "'", 1);
	for (size_t i = 0; i < n;) {
		size_t len = sequence_at(s + i, n - i);

		if (len == 0) {
			put(w, replacement, sizeof replacement - 1);
			i++;
		} else if (s[i] == '"') {
			put(w, "\"\"", 2);
			i++;
		} else {
			put(w, s + i, len);
			i += len;
		}
	}
	if (quote)
		put(w, "\"", 1);
}

void csv_text(struct csv *w, const char *s)
{
	csv_textn(w, s, s ? strlen(s) : 0);
}

void csv_int(struct csv *w, long long v)
{
	char num[24];
	int n = snprintf(num, sizeof num, "%lld", v);

	separate(w);
	put(w, num, (size_t)n);
}

void csv_money(struct csv *w, long long fen)
{
	char num[32];

	format_money(fen, num);
	separate(w);
	put(w, num, strlen(num));
}

void csv_end_row(struct csv *w)
{
	put(w, "\r\n", 2);
	w->cells = 0;
}
