/*
 * generate.c — `aftercare-admin generate --cases N [--days D]`: a realistic
 * volume for benchmarks and the dashboard. N cases on as many orders of
 * N/4 customers, spread over the last D days (open ones in the last ten),
 * in the states a shop's history holds, each with its timeline, timers and
 * refund; completed cases with their survey invitation (three in five
 * answered) and often a later order (the 90-day repurchase); one case in
 * thirty with a complaint. A fifth more recent orders carry no case.
 * Written as multi-row INSERTs in big transactions; every value is made
 * here from fixed words and numbers, never from input. This file runs the
 * command; gen_case.c makes the rows. To add a table: a gen_table entry
 * (generate.h) with its column list (gen_heads in gen_case.c), then
 * gen_row() calls in gen_case() (or a gen_* of its own).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "generate.h"
#include "sla.h"

#define GEN_TX_CASES 10000 /* cases per transaction */
#define GEN_PASSWORD DEMO_PASSWORD
#define GEN_DAYS 730 /* two years, unless --days */

/* The tables whose rows get ids from here: the next free id of each. */
static const char *const gen_id_sql[] = {
	"SELECT COALESCE(MAX(id), 0) + 1 FROM customers", "SELECT COALESCE(MAX(id), 0) + 1 FROM orders",
	"SELECT COALESCE(MAX(id), 0) + 1 FROM order_items", "SELECT COALESCE(MAX(id), 0) + 1 FROM cases",
	"SELECT COALESCE(MAX(id), 0) + 1 FROM refunds",
};
static const char *const gen_id_tables[] = {"customers", "orders", "order_items",
                                            "cases", "refunds"};

static int gen_prepare(struct gen *g)
{
	struct dbres res;
	enum db_err e;

	for (int i = 0; i < GID__MAX; i++) {
		struct dbrow *row;

		if ((e = db_row(g->c->db, g->c->a, gen_id_sql[i], DB_NOARGS, &row)) != DB_OK)
			return fail_db(gen_id_tables[i], e);
		g->next_id[i] = db_int(row, 0);
	}
	if ((e = db_run(g->c->db, g->c->a, "SELECT id FROM staff WHERE disabled = 0 ORDER BY id",
	                DB_NOARGS, &res)) != DB_OK)
		return fail_db("staff", e);
	g->nstaff = res.nrows;
	/* Not in the arena: that is emptied after each transaction. */
	g->staff = calloc(res.nrows + 1, sizeof *g->staff);
	if (!g->staff)
		abort();
	for (size_t i = 0; i < res.nrows; i++)
		g->staff[i] = db_int(&res.rows[i], 0);
	if ((e = db_run(g->c->db, g->c->a, "SELECT day, last FROM case_numbers", DB_NOARGS,
	                &res)) != DB_OK)
		return fail_db("case_numbers", e);
	for (size_t i = 0; i < res.nrows; i++) {
		struct gen_day *more = realloc(g->days, (g->ndays + 1) * sizeof *more);

		if (!more)
			abort();
		g->days = more;
		snprintf(g->days[g->ndays].day, sizeof g->days[0].day, "%s", res.rows[i].col[0]);
		g->days[g->ndays++].last = db_int(&res.rows[i], 1);
	}
	if ((e = calendar_load(g->c->db, g->c->a, &g->cal)) != DB_OK)
		return fail_db("calendar", e);
	/* One hash for every generated customer: scrypt is slow on purpose. */
	if (password_hash(GEN_PASSWORD, g->hash) != 0 || strpbrk(g->hash, "'\\")) {
		fprintf(stderr, PROG ": generate: hashing the password failed\n");
		return 1;
	}
	return 0;
}

static int gen_tx(struct gen *g, const char *sql)
{
	/* check-sql: trusted START TRANSACTION and COMMIT, literals of this file */
	enum db_err e = db_exec_text(g->c->db, sql, strlen(sql));

	return e == DB_OK ? 0 : fail_db(sql, e);
}

/* The summaries of every day the generator may have written (orders a
 * few days before the oldest case, timers due up to a month ahead) are
 * recomputed on their next read: one mark per day, as the triggers would
 * have left, which the bulk load told to stand aside. */
static int gen_mark_days(struct gen *g)
{
	struct buf sql = {0};
	enum db_err e;

	/* IGNORE: a database still at schema 009, where the day is the key,
	 * has the days its triggers marked (tests/http/migrate.test.mjs). */
	buf_puts(&sql, "INSERT IGNORE INTO stats_dirty (day) VALUES "); /* check-sql: trusted */
	for (long d = -(g->span + 12); d <= 31; d++) {
		char day[11];

		format_local_date(g->now + d * DAY, day);
		buf_printf(&sql, "%s('%s')", d > -(g->span + 12) ? "," : "", day);
	}
	/* check-sql: trusted: dates formatted here from the clock */
	e = db_exec_text(g->c->db, sql.p, sql.len);
	buf_free(&sql);
	return e == DB_OK ? 0 : fail_db("stats_dirty", e);
}

int cmd_generate(struct ctx *c, char **argv)
{
	struct gen g = {.c = c, .rng = 0x9E3779B97F4A7C15ULL, .now = time(NULL), .span = GEN_DAYS};
	long long ncases, ncustomers, cu0, order0, refund0, ndays = GEN_DAYS;
	struct gen_plan *plan = NULL;
	struct buf days = {0};
	int rc = 1;

	if (strcmp(argv[0], "--cases") != 0 || parse_int(argv[1], 1, 10000000, &ncases) != 0 ||
	    (argv[2] && (strcmp(argv[2], "--days") != 0 || !argv[3] ||
	                 parse_int(argv[3], 30, 3650, &ndays) != 0))) {
		fprintf(stderr, PROG ": generate takes --cases N (1 to 10000000) "
		        "[--days D] (30 to 3650, default %d)\n", GEN_DAYS);
		return 2;
	}
	g.span = (int)ndays;
	if (!c->cfg.demo) {
		fprintf(stderr, PROG ": generate: refused: the config is not in demo mode "
		        "(demo = 1); generated customers share the demo password\n");
		return 1;
	}
	if (gen_prepare(&g) != 0)
		goto out;
	plan = gen_plans(&g, ncases);
	ncustomers = ncases / 4 + 1;
	cu0 = g.next_id[GID_CUSTOMER];
	order0 = g.next_id[GID_ORDER];
	refund0 = g.next_id[GID_REFUND];
	/* The statistics triggers (schema/010) skip this session's rows;
	 * gen_mark_days marks their days once at the end. */
	if (gen_tx(&g, "SET @aftercare_bulk_load = 1") != 0 || gen_tx(&g, "START TRANSACTION") != 0)
		goto out;
	for (long long k = 0; k < ncustomers; k++)
		gen_customer(&g, g.next_id[GID_CUSTOMER]++);
	for (long long k = 0; k < ncases; k++) {
		gen_case(&g, cu0 + k % ncustomers, &plan[k]);
		/* A fifth more orders carry no case (yet). */
		if (k % 5 == 0) {
			long long paid;

			gen_order(&g, cu0 + k % ncustomers,
			          g.now - (time_t)(1 + gen_rand(&g, 60)) * DAY, &paid);
		}
		for (int t = 0; t < G__MAX; t++)
			if (g.rows[t].len >= GEN_FLUSH_BYTES) {
				if (gen_flush_all(&g) != 0)
					goto out;
				break;
			}
		if ((k + 1) % GEN_TX_CASES == 0) {
			if (gen_flush_all(&g) != 0 || gen_tx(&g, "COMMIT") != 0 ||
			    gen_tx(&g, "START TRANSACTION") != 0)
				goto out;
			arena_free(c->a);
			c->a = arena_new();
		}
	}
	if (gen_flush_all(&g) != 0)
		goto out;
	/* Cases the site numbers next continue after the generated ones: days
	 * formatted here from the clock, counters as numbers. */
	buf_puts(&days, "INSERT INTO case_numbers (day, last) VALUES "); /* check-sql: trusted */
	for (size_t i = 0; i < g.ndays; i++)
		buf_printf(&days, "%s('%s',%lld)", i ? "," : "", g.days[i].day, g.days[i].last);
	/* check-sql: trusted (as above) */
	buf_puts(&days, " ON DUPLICATE KEY UPDATE last = GREATEST(last, VALUES(last))");
	/* check-sql: trusted (as above) */
	if ((g.ndays && (db_exec_text(c->db, days.p, days.len) != DB_OK)) ||
	    gen_mark_days(&g) != 0 || gen_tx(&g, "COMMIT") != 0)
		goto out;
	printf("generated %lld customers (phones 139…, password %s), %lld cases over %d days, "
	       "%lld orders, %lld refunds, %lld surveys, %lld complaints\n", ncustomers,
	       GEN_PASSWORD, ncases, g.span, g.next_id[GID_ORDER] - order0,
	       g.next_id[GID_REFUND] - refund0, g.nsurveys, g.ncomplaints);
	rc = 0;
out:
	if (rc != 0)
		db_exec_text(c->db, "ROLLBACK", 8);
	for (int t = 0; t < G__MAX; t++)
		buf_free(&g.rows[t]);
	buf_free(&days);
	free(g.days);
	free(g.staff);
	free(plan);
	return rc;
}
