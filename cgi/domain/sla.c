/*
 * sla.c — reads and writes a case's timers (case_timers) and keeps
 * cases.next_due, the nearest running due time, for the queue. What each
 * event does to the timers is timers.c.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sla.h"
#include "util.h"

enum db_err calendar_load(struct db *db, struct arena *a, struct calendar *cal)
{
	struct cal_override *v;
	struct dbres res;
	enum db_err e;

	memset(cal, 0, sizeof *cal);
	if ((e = db_run(db, a,
	                "SELECT YEAR(day), MONTH(day), DAYOFMONTH(day), working "
	                "FROM calendar_overrides ORDER BY day",
	                DB_NOARGS, &res)) != DB_OK)
		return e;
	v = amalloc(a, (res.nrows + 1) * sizeof *v);
	for (size_t i = 0; i < res.nrows; i++) {
		v[i].y = (int)db_int(&res.rows[i], 0);
		v[i].m = (int)db_int(&res.rows[i], 1);
		v[i].d = (int)db_int(&res.rows[i], 2);
		v[i].working = db_int(&res.rows[i], 3) != 0;
	}
	cal->v = v;
	cal->n = res.nrows;
	return DB_OK;
}

static enum db_err load_calendar(struct db *db, struct arena *a, void *cal)
{
	return calendar_load(db, a, cal);
}

enum db_err calendar_current(struct db *db, long long gen, const struct calendar **cal)
{
	void *v;
	enum db_err e = db_kept(db, DB_MEMO_CALENDAR, gen, sizeof **cal, load_calendar, &v);

	*cal = v;
	return e;
}

static int timer_from_name(const char *name)
{
	for (int i = 0; i < SLA__MAX; i++)
		if (strcmp(sla_timer_names[i], name) == 0)
			return i;
	return -1;
}

enum db_err calendar_year(struct db *db, struct arena *a, int year,
                          struct cal_day **days, size_t *n)
{
	struct dbres res;
	enum db_err e;

	*n = 0;
	if ((e = db_run(db, a,
	                "SELECT DATE_FORMAT(day, '%Y-%m-%d'), working, note FROM calendar_overrides "
	                "WHERE day >= MAKEDATE(?, 1) AND day < MAKEDATE(? + 1, 1) ORDER BY day",
	                DB_ARGS(DB_INT(year), DB_INT(year)), &res)) != DB_OK)
		return e;
	*days = amalloc(a, (res.nrows + 1) * sizeof **days);
	for (size_t i = 0; i < res.nrows; i++)
		(*days)[i] = (struct cal_day){res.rows[i].col[0], db_int(&res.rows[i], 1) != 0,
		                              res.rows[i].col[2]};
	*n = res.nrows;
	return DB_OK;
}

enum db_err calendar_set(struct db *db, const char *day, bool working, const char *note)
{
	return db_run(db, NULL,
	              "INSERT INTO calendar_overrides (day, working, note) VALUES (?, ?, ?) "
	              "ON DUPLICATE KEY UPDATE working = VALUES(working), note = VALUES(note)",
	              DB_ARGS(DB_STR(day), DB_INT(working), DB_STR(note)), NULL);
}

enum db_err calendar_remove(struct db *db, const char *day, bool *removed)
{
	struct dbres res;
	enum db_err e = db_run(db, NULL, "DELETE FROM calendar_overrides WHERE day = ?",
	                       DB_ARGS(DB_STR(day)), &res);

	*removed = e == DB_OK && res.affected > 0;
	return e;
}

enum db_err sla_load(struct db *db, struct arena *a, long long case_id,
                     struct sla_clocks *c)
{
	struct dbres res;
	enum db_err e;

	memset(c, 0, sizeof *c);
	if ((e = db_run(db, a,
	                "SELECT timer, started_at, due_at, stopped_at FROM case_timers "
	                "WHERE case_id = ?",
	                DB_ARGS(DB_INT(case_id)), &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++) {
		int t = timer_from_name(res.rows[i].col[0]);

		if (t < 0)
			continue;
		c->t[t].start = db_time(&res.rows[i], 1);
		c->t[t].due = db_time(&res.rows[i], 2);
		c->t[t].stopped = db_time(&res.rows[i], 3);
	}
	return DB_OK;
}

enum db_err sla_save(struct db *db, long long case_id, const struct sla_clocks *c)
{
	enum sla_timer next = SLA_FIRST_RESPONSE;
	char s[20], d[20], x[20];
	enum db_err e;

	for (int i = 0; i < SLA__MAX; i++) {
		const struct sla_clock *k = &c->t[i];

		if (!k->start)
			continue;
		format_db_datetime(k->start, s);
		format_db_datetime(k->due, d);
		format_db_datetime(k->stopped, x);
		if ((e = db_run(db, NULL,
		                "INSERT INTO case_timers (case_id, timer, started_at, due_at, stopped_at) "
		                "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
		                "started_at = VALUES(started_at), due_at = VALUES(due_at), "
		                "stopped_at = VALUES(stopped_at)",
		                DB_ARGS(DB_INT(case_id), DB_STR(sla_timer_names[i]), DB_STR(s),
		                        DB_STR(d), k->stopped ? DB_STR(x) : DB_NULLV),
		                NULL)) != DB_OK)
			return e;
	}
	if (sla_next(c, &next)) {
		format_db_datetime(c->t[next].due, d);
		format_db_datetime(c->t[next].start, s);
		return db_run(db, NULL,
		              "UPDATE cases SET next_due = ?, next_due_start = ? WHERE id = ?",
		              DB_ARGS(DB_STR(d), DB_STR(s), DB_INT(case_id)), NULL);
	}
	return db_run(db, NULL,
	              "UPDATE cases SET next_due = NULL, next_due_start = NULL WHERE id = ?",
	              DB_ARGS(DB_INT(case_id)), NULL);
}

#define LIMIT(name, field) {name, offsetof(struct sla_limits, field)}
static const struct {
	const char *name;
	size_t off;
} limit_fields[] = {
	LIMIT("sla_first_response_hours", first_response_hours),
	LIMIT("sla_ordinary_hours", ordinary_hours),
	LIMIT("sla_complex_hours", complex_hours),
	LIMIT("sla_review_days", review_days),
	LIMIT("sla_payout_days", payout_days),
	LIMIT("sla_handling_hours", handling_hours),
	LIMIT("sla_followup_hours", followup_hours),
	LIMIT("sla_complaint_days", complaint_days),
	LIMIT("sla_credit_days", credit_days),
};

void sla_limits_set(struct sla_limits *l, const char *name, const char *value)
{
	if (!name || !value)
		return;
	if (strcmp(name, "sla_response_policy") == 0) {
		l->clock_response = strcmp(value, "clock") == 0;
		return;
	}
	for (size_t i = 0; i < sizeof limit_fields / sizeof limit_fields[0]; i++)
		if (strcmp(name, limit_fields[i].name) == 0) {
			int v = atoi(value);

			if (v > 0) /* the policies page never saves less */
				*(int *)((char *)l + limit_fields[i].off) = v;
		}
}

enum db_err sla_limits_of(struct db *db, struct arena *a, long long case_id,
                          struct sla_limits *l)
{
	struct dbres res;
	enum db_err e;

	*l = sla_default_limits;
	if ((e = db_run(db, a,
	                "SELECT s.name, s.value, c.complex FROM cases c "
	                "LEFT JOIN sla_limits s ON s.gen = c.limits_gen WHERE c.id = ?",
	                DB_ARGS(DB_INT(case_id)), &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++) {
		sla_limits_set(l, res.rows[i].col[0], res.rows[i].col[1]);
		l->complex = db_int(&res.rows[i], 2) != 0;
	}
	return DB_OK;
}

enum db_err sla_limits_current(struct db *db, struct arena *a, struct sla_limits *l)
{
	struct dbres res;
	enum db_err e;

	*l = sla_default_limits;
	if ((e = db_run(db, a, "SELECT name, value FROM settings WHERE name LIKE 'sla\\_%'",
	                DB_NOARGS, &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++)
		sla_limits_set(l, res.rows[i].col[0], res.rows[i].col[1]);
	return DB_OK;
}

static enum db_err sla_apply(struct db *db, struct arena *a, long long case_id,
                             const struct sla_step *s, time_t now)
{
	struct calendar cal;
	struct sla_limits l;
	struct sla_clocks c;
	enum db_err e;

	if ((e = calendar_load(db, a, &cal)) != DB_OK ||
	    (e = sla_limits_of(db, a, case_id, &l)) != DB_OK ||
	    (e = sla_load(db, a, case_id, &c)) != DB_OK)
		return e;
	sla_on_event(&c, &cal, &l, s, now);
	return sla_save(db, case_id, &c);
}

enum db_err sla_mark_complex(struct db *db, struct arena *a, long long case_id, time_t now,
                             bool *already)
{
	static const struct sla_step mark = {"", "mark_complex", NULL, true, false, 0};
	struct dbres res;
	enum db_err e;

	if ((e = db_run(db, a, "UPDATE cases SET complex = 1 WHERE id = ? AND complex = 0",
	                DB_ARGS(DB_INT(case_id)), &res)) != DB_OK)
		return e;
	*already = res.affected == 0;
	return *already ? DB_OK : sla_apply(db, a, case_id, &mark, now);
}

struct complex_tx {
	struct arena *a;
	long long staff_id;
	const char *case_no;
	time_t now;
	bool *found, *already;
};

static int complex_body(struct db *db, void *ctx)
{
	struct complex_tx *t = ctx;
	struct dbrow *row;
	char at[20];
	enum db_err e;

	*t->found = *t->already = false;
	if ((e = db_row(db, t->a, "SELECT id FROM cases WHERE case_no = ? FOR UPDATE",
	                DB_ARGS(DB_STR(t->case_no)), &row)) != DB_OK)
		return db_fail(e);
	if (!row)
		return 0;
	*t->found = true;
	format_db_datetime(t->now, at);
	if ((e = sla_mark_complex(db, t->a, db_int(row, 0), t->now, t->already)) != DB_OK ||
	    (!*t->already &&
	     (e = db_run(db, NULL,
	                 "INSERT INTO audit_log (at, staff_id, case_id, action, note) "
	                 "VALUES (?, ?, ?, 'mark_complex', 'complex: 0 → 1')",
	                 DB_ARGS(DB_STR(at), DB_INT(t->staff_id), DB_INT(db_int(row, 0))), NULL)) !=
	         DB_OK))
		return db_fail(e);
	return 0;
}

enum db_err case_mark_complex(struct db *db, struct arena *a, long long staff_id,
                              const char *case_no, time_t now, bool *found, bool *already)
{
	struct complex_tx t = {a, staff_id, case_no, now, found, already};
	int rc = db_tx(db, complex_body, &t);

	return rc < 0 ? (enum db_err)-rc : DB_OK;
}

enum db_err sla_event(struct db *db, struct arena *a, long long case_id,
                      const struct sla_step *s, time_t now)
{
	return sla_apply(db, a, case_id, s, now);
}
