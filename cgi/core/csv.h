/*
 * csv.h — a streaming CSV writer for the staff exports: rows go to a sink
 * (FCGX_PutStr in the daemon) through a small fixed buffer, so an export of
 * any length never sits whole in memory. Pure: no I/O of its own.
 *
 * The file is what Excel and RFC 4180 agree on: UTF-8 with a byte-order mark
 * (Excel reads Chinese right only with it), comma separated, CRLF after every
 * row; a cell is quoted when it holds a comma, a quote, CR or LF, and a quote
 * inside is doubled.
 *
 * Text cells are made safe to open in a spreadsheet (OWASP "CSV injection"):
 * one starting with = + - @ TAB or CR gets a ' in front, so that Excel shows
 * it as text instead of running it as a formula. Numbers written with
 * csv_int or csv_money are ours, not user input, and stay numbers ("-5").
 *
 * Text must be UTF-8: a byte that does not begin a well-formed sequence (and
 * a NUL) becomes U+FFFD, one per byte, rather than failing the row — an
 * export must not stop halfway because one old comment is broken, and the
 * file stays valid UTF-8 for Excel.
 */
#ifndef AFTERCARE_CSV_H
#define AFTERCARE_CSV_H

#include <stddef.h>

/* Writes n bytes; 0 on success, -1 on failure (the client went away). */
typedef int (*csv_sink)(void *ctx, const char *data, size_t n);

struct csv {
	csv_sink sink;
	void *ctx;
	int error;      /* -1 once a sink call failed; later output is dropped */
	size_t cells;   /* cells written in the current row */
	size_t len;     /* bytes waiting in buf */
	char buf[2048];
};

/* Starts a file: remembers the sink and queues the byte-order mark. */
void csv_begin(struct csv *w, csv_sink sink, void *ctx);
/* A text cell; NULL is an empty cell. */
void csv_text(struct csv *w, const char *s);
void csv_textn(struct csv *w, const char *s, size_t n);
/* A number cell, as digits with an optional '-'. */
void csv_int(struct csv *w, long long v);
/* Money from fen as yuan with two decimals: -1999 -> "-19.99". */
void csv_money(struct csv *w, long long fen);
/* Ends the row with CRLF. */
void csv_end_row(struct csv *w);
/* Hands everything queued to the sink; 0, or -1 if any sink call failed. */
int csv_flush(struct csv *w);

#endif
