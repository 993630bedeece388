/*
 * generate.h — what the two files of `aftercare-admin generate` share:
 * generate.c runs the command (ids, transactions, the summary); gen_case.c
 * makes the rows of a case's life, its customer and orders, and writes them.
 */
#ifndef AFTERCARE_GENERATE_H
#define AFTERCARE_GENERATE_H

#include <time.h>

#include "admin.h"
#include "calendar.h"
#include "session.h"

#define GEN_FLUSH_BYTES (1u << 20) /* one INSERT statement */

/* The tables written, in foreign-key order (gen_heads in gen_case.c). */
enum gen_table {
	G_CUSTOMERS, G_ORDERS, G_ITEMS, G_CASES, G_CASE_ITEMS, G_EVENTS, G_TIMERS,
	G_REFUNDS, G_REFUND_ITEMS, G_SURVEYS, G_COMPLAINTS, G__MAX
};

/* The tables whose rows get ids from here (gen_id_sql in generate.c). */
enum { GID_CUSTOMER, GID_ORDER, GID_ITEM, GID_CASE, GID_REFUND, GID__MAX };

/* The state of one run: the rows not yet written, the next ids, the
 * random numbers, and what gen_prepare read from the database. */
struct gen {
	struct ctx *c;
	struct buf rows[G__MAX];
	size_t nrows[G__MAX];
	long long next_id[GID__MAX];
	unsigned long long rng;
	time_t now;
	int span; /* days of history */
	long long nsurveys, ncomplaints;
	struct calendar cal;
	long long *staff;
	size_t nstaff;
	char hash[PASSWORD_HASH_MAX];
	/* case numbers per local day: AS<yyyymmdd><nnnn> */
	struct gen_day {
		char day[11];
		long long last;
	} *days;
	size_t ndays;
};

/* What a case will be, drawn first so that the cases can be written in
 * the order they came in: ids and case numbers rise with time, as the
 * site's own do, and the indexes on times grow at their end. */
struct gen_plan {
	time_t created;
	unsigned scenario;
};

/* gen_case.c */
unsigned gen_rand(struct gen *g, unsigned n); /* 0 .. n-1 */
int gen_flush_all(struct gen *g);
void gen_customer(struct gen *g, long long id);
long long gen_order(struct gen *g, long long customer_id, time_t placed,
                    long long *first_paid);
struct gen_plan *gen_plans(struct gen *g, long long n);
void gen_case(struct gen *g, long long customer_id, const struct gen_plan *plan);

#endif
