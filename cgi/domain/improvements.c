/*
 * improvements.c — improvement actions and their effect (improvements.h).
 * The figures come from the dashboard's summaries alone (dash_load_dim):
 * an action's page costs the same at any number of cases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dashboard.h"
#include "dashboard_refresh.h"
#include "improvements.h"
#include "privacy.h"
#include "rules.h"

#define F(field) offsetof(struct dash_figures, field)

/* The dashboard's figures an action may watch, and which way is better. */
const struct imp_metric imp_metrics[] = {
	{"cases", F(cases), false, IMP_COUNT},
	{"frt_mean", F(frt_mean), false, IMP_MINUTES},
	{"frt_median", F(frt_median), false, IMP_MINUTES},
	{"frt_p90", F(frt_p90), false, IMP_MINUTES},
	{"frt_waiting", F(frt_waiting), false, IMP_COUNT},
	{"res_mean", F(res_mean), false, IMP_HOURS},
	{"res_median", F(res_median), false, IMP_HOURS},
	{"res_p90", F(res_p90), false, IMP_HOURS},
	{"resolution_rate", F(resolution_rate), true, IMP_PERCENT},
	{"fcr_rate", F(fcr_rate), true, IMP_PERCENT},
	{"complaints", F(complaints), false, IMP_COUNT},
	{"praise", F(praise), true, IMP_COUNT},
	{"csat", F(q_csat[3]), true, IMP_PERCENT},
	{"nps", F(nps), true, IMP_SCORE},
	{"response_rate", F(response_rate), true, IMP_PERCENT},
	{"sla_all", F(sla_all), true, IMP_PERCENT},
	{"sla_first_response", F(sla[SLA_FIRST_RESPONSE]), true, IMP_PERCENT},
	{"sla_review", F(sla[SLA_REVIEW]), true, IMP_PERCENT},
	{"sla_payout", F(sla[SLA_PAYOUT]), true, IMP_PERCENT},
	{"sla_handling", F(sla[SLA_HANDLING]), true, IMP_PERCENT},
	{"sla_followup", F(sla[SLA_FOLLOWUP]), true, IMP_PERCENT},
	{"sla_arrival", F(sla[SLA_ARRIVAL]), true, IMP_PERCENT},
	{"refund_n", F(refund_n), false, IMP_COUNT},
	{"refund_total", F(refund_total), false, IMP_YUAN},
	{"refund_mean", F(refund_mean), false, IMP_YUAN},
	{"return_rate", F(return_rate), false, IMP_PERCENT},
	{"repurchase", F(repurchase), true, IMP_PERCENT},
};
const size_t imp_nmetrics = sizeof imp_metrics / sizeof imp_metrics[0];

const struct imp_metric *imp_metric_find(const char *key)
{
	for (size_t i = 0; key && i < imp_nmetrics; i++)
		if (strcmp(imp_metrics[i].key, key) == 0)
			return &imp_metrics[i];
	return NULL;
}

static const struct {
	const char *name;
	char dim;
	int (*valid)(const char *val); /* -1: not a value */
} dims[] = {
	{"type", 't', case_type_from_name},
	{"reason", 'r', reason_from_name},
	{"channel", 'c', channel_from_name},
};

char imp_dim_from(const char *dim, const char *val)
{
	for (size_t i = 0; dim && val && i < sizeof dims / sizeof dims[0]; i++)
		if (strcmp(dims[i].name, dim) == 0)
			return dims[i].valid(val) >= 0 ? dims[i].dim : 0;
	return 0;
}

const char *imp_dim_name(char dim)
{
	for (size_t i = 0; i < sizeof dims / sizeof dims[0]; i++)
		if (dims[i].dim == dim)
			return dims[i].name;
	return "";
}

const char *const imp_status_names[IMP__STATUS] = {"open", "done", "dropped"};

int imp_status_from_name(const char *name)
{
	for (int i = 0; name && i < IMP__STATUS; i++)
		if (strcmp(imp_status_names[i], name) == 0)
			return i;
	return -1;
}

/* ------------------------------------------------------------ figures */

enum db_err imp_metric_value(struct db *db, struct arena *a, const struct imp_metric *m,
                             char dim, const char *val, time_t from, time_t to, time_t now,
                             struct figure *out)
{
	struct dash d;
	struct dash_figures f;
	enum db_err e;

	*out = FIGURE_NONE;
	if ((e = dash_load_dim(db, a, from, to, now, dim, &d)) != DB_OK)
		return e;
	dash_figures(&d, dash_group(&d, dim, dim == 'a' ? "" : val), &f);
	*out = *(const struct figure *)((const char *)&f + m->offset);
	return DB_OK;
}

static time_t today_start(time_t now)
{
	char day[11];
	time_t t = now;

	format_local_date(now, day);
	parse_date(day, &t);
	return t;
}

enum db_err imp_effect(struct db *db, struct arena *a, const struct improvement *im,
                       time_t now, struct imp_effect *out)
{
	const struct imp_metric *m = imp_metric_find(im->metric);
	time_t today = today_start(now);
	long long elapsed = (today - im->start) / DAY_SECS + 1;
	enum db_err e;

	memset(out, 0, sizeof *out);
	if (!m)
		return DB_ERROR;
	out->days = (int)(elapsed < 1 ? 1 : elapsed > IMP_WINDOW_DAYS ? IMP_WINDOW_DAYS : elapsed);
	out->after_from = im->start;
	out->after_to = im->start + (time_t)out->days * DAY_SECS;
	out->before_from = im->start - (time_t)out->days * DAY_SECS;
	if ((e = imp_metric_value(db, a, m, im->dim, im->val, out->before_from, im->start, now,
	                          &out->before)) != DB_OK ||
	    (e = imp_metric_value(db, a, m, im->dim, im->val, out->after_from, out->after_to, now,
	                          &out->after)) != DB_OK)
		return e;
	out->diff = FIGURE_NONE;
	if (out->before.known && out->after.known) {
		double d = out->after.value - out->before.value;

		out->diff = (struct figure){true, d};
		out->verdict = d == 0 ? 0 : (d > 0) == m->up_good ? 1 : -1;
	}
	return DB_OK;
}

/* ------------------------------------------------------------- writes */

struct create_ctx {
	const struct improvement *in;
	long long by;
	time_t now;
	const char *start, *due;
	char baseline[32]; /* "" no data */
	long long id;
};

static int create_tx(struct db *db, void *p)
{
	struct create_ctx *c = p;
	const struct improvement *in = c->in;
	char at[20], dimstr[2] = {in->dim, '\0'}, note[64];
	struct dbres res;
	enum db_err e;

	format_db_datetime(c->now, at);
	if ((e = db_run(db, NULL,
	                "INSERT INTO improvements (title, problem, cause, measure, owner_id, "
	                "created_by, metric, dim, val, created_at, start_day, due, baseline) "
	                "SELECT ?, ?, ?, ?, id, ?, ?, ?, ?, ?, ?, ?, ? FROM staff "
	                "WHERE id = ? AND disabled = 0",
	                DB_ARGS(DB_STR(in->title), DB_STR(in->problem), DB_STR(in->cause),
	                        DB_STR(in->measure), DB_INT(c->by), DB_STR(in->metric),
	                        DB_STR(dimstr), DB_STR(in->dim == 'a' ? "" : in->val), DB_STR(at),
	                        DB_STR(c->start), DB_STR(c->due),
	                        *c->baseline ? DB_STR(c->baseline) : DB_NULLV,
	                        DB_INT(in->owner_id)),
	                &res)) != DB_OK)
		return db_fail(e);
	if (res.affected != 1)
		return 1; /* the owner is not an active member */
	c->id = (long long)res.insert_id;
	snprintf(note, sizeof note, "#%lld %s", c->id, in->metric);
	if ((e = audit_add(db, c->by, 0, 0, "improvement_open", note, c->now)) != DB_OK)
		return db_fail(e);
	return 0;
}

enum db_err imp_create(struct db *db, struct arena *a, const struct improvement *in,
                       long long by, time_t now, long long *id)
{
	const struct imp_metric *m = imp_metric_find(in->metric);
	time_t today = today_start(now);
	char start[11], due[11];
	struct figure base;
	struct create_ctx c = {.in = in, .by = by, .now = now, .start = start, .due = due};
	enum db_err e;
	int rc;

	*id = 0;
	if (!m)
		return DB_ERROR;
	if ((e = imp_metric_value(db, a, m, in->dim, in->val,
	                          today - (time_t)IMP_WINDOW_DAYS * DAY_SECS, today, now, &base)) !=
	    DB_OK)
		return e;
	if (base.known)
		snprintf(c.baseline, sizeof c.baseline, "%.17g", base.value);
	format_local_date(today, start);
	format_local_date(in->due, due);
	rc = db_tx(db, create_tx, &c);
	if (rc < 0)
		return (enum db_err)-rc;
	if (rc > 0)
		return DB_OK; /* *id 0: no such owner */
	*id = c.id;
	return DB_OK;
}

struct status_ctx {
	struct arena *a;
	long long id, by;
	int status;
	const char *note;
	time_t now;
	bool found;
};

static int status_tx(struct db *db, void *p)
{
	struct status_ctx *c = p;
	const char *st = imp_status_names[c->status];
	char at[20], note[200 * 4 + 64];
	struct dbrow *row;
	enum db_err e;

	format_db_datetime(c->now, at);
	if ((e = db_row(db, c->a, "SELECT status FROM improvements WHERE id = ? FOR UPDATE",
	                DB_ARGS(DB_INT(c->id)), &row)) != DB_OK)
		return db_fail(e);
	if (!row)
		return 1;
	c->found = true;
	if ((e = db_run(db, NULL,
	                /* closed_at first: it reads the status before this change */
	                "UPDATE improvements SET "
	                "closed_at = IF(? = 'open', NULL, IF(status = ?, closed_at, ?)), status = ? "
	                "WHERE id = ?",
	                DB_ARGS(DB_STR(st), DB_STR(st), DB_STR(at), DB_STR(st), DB_INT(c->id)),
	                NULL)) != DB_OK ||
	    (e = db_run(db, NULL,
	                "INSERT INTO improvement_notes (improvement_id, at, staff_id, status, note) "
	                "VALUES (?, ?, ?, ?, ?)",
	                DB_ARGS(DB_INT(c->id), DB_STR(at), DB_INT(c->by), DB_STR(st),
	                        DB_STR(c->note)),
	                NULL)) != DB_OK)
		return db_fail(e);
	/* audit_log.note holds 255 characters: the note's first 200 */
	snprintf(note, sizeof note, "#%lld %s%s%s", c->id, st, *c->note ? ": " : "",
	         utf8_prefix(c->a, c->note, 200));
	if ((e = audit_add(db, c->by, 0, 0, "improvement_status", note, c->now)) != DB_OK)
		return db_fail(e);
	return 0;
}

enum db_err imp_set_status(struct db *db, struct arena *a, long long id, int status,
                           const char *note, long long by, time_t now, bool *found)
{
	struct status_ctx c = {.a = a, .id = id, .by = by, .status = status, .note = note ? note : "",
	                       .now = now};
	int rc;

	*found = false;
	if (status < 0 || status >= IMP__STATUS)
		return DB_ERROR;
	rc = db_tx(db, status_tx, &c);
	if (rc < 0)
		return (enum db_err)-rc;
	*found = c.found;
	return DB_OK;
}

/* -------------------------------------------------------------- reads */

#define IMP_COLS                                                                              \
	"i.id, i.title, i.problem, i.cause, i.measure, i.owner_id, o.name, b.name, i.metric, "  \
	"i.dim, i.val, i.created_at, i.start_day, i.due, i.baseline, i.status, i.closed_at "
#define IMP_FROM                                                                              \
	"FROM improvements i LEFT JOIN staff o ON o.id = i.owner_id "                             \
	"LEFT JOIN staff b ON b.id = i.created_by "

static void imp_of_row(const struct dbrow *r, time_t today, struct improvement *im)
{
	memset(im, 0, sizeof *im);
	im->id = db_int(r, 0);
	im->title = r->col[1];
	im->problem = r->col[2];
	im->cause = r->col[3];
	im->measure = r->col[4];
	im->owner_id = db_int(r, 5);
	im->owner_name = r->col[6] ? r->col[6] : "";
	im->creator_name = r->col[7] ? r->col[7] : "";
	im->metric = r->col[8];
	im->dim = r->col[9] && *r->col[9] ? r->col[9][0] : 'a';
	im->val = r->col[10] ? r->col[10] : "";
	im->created_at = db_time(r, 11);
	parse_date(r->col[12], &im->start);
	parse_date(r->col[13], &im->due);
	im->baseline = r->col[14] ? (struct figure){true, strtod(r->col[14], NULL)} : FIGURE_NONE;
	im->status = imp_status_from_name(r->col[15]);
	if (im->status < 0)
		im->status = IMP_OPEN;
	im->closed_at = db_time(r, 16);
	im->overdue = im->status == IMP_OPEN && im->due < today;
}

static void imps_of(const struct dbres *res, struct arena *a, size_t n, time_t now,
                    struct improvement **list)
{
	time_t today = today_start(now);

	*list = amalloc(a, (n + 1) * sizeof **list);
	for (size_t i = 0; i < n; i++)
		imp_of_row(&res->rows[i], today, &(*list)[i]);
}

enum db_err imp_get(struct db *db, struct arena *a, long long id, time_t now,
                    struct improvement *out, struct imp_note **notes, size_t *nnotes,
                    bool *found)
{
	struct dbrow *row;
	struct dbres res;
	enum db_err e;

	*found = false;
	*nnotes = 0;
	if ((e = db_row(db, a, "SELECT " IMP_COLS IMP_FROM "WHERE i.id = ?", DB_ARGS(DB_INT(id)),
	                &row)) != DB_OK)
		return e;
	if (!row)
		return DB_OK;
	*found = true;
	imp_of_row(row, today_start(now), out);
	if ((e = db_run(db, a,
	                "SELECT n.at, s.name, n.status, n.note FROM improvement_notes n "
	                "LEFT JOIN staff s ON s.id = n.staff_id WHERE n.improvement_id = ? "
	                "ORDER BY n.id",
	                DB_ARGS(DB_INT(id)), &res)) != DB_OK)
		return e;
	*notes = amalloc(a, (res.nrows + 1) * sizeof **notes);
	for (size_t i = 0; i < res.nrows; i++) {
		const struct dbrow *r = &res.rows[i];

		(*notes)[i] = (struct imp_note){db_time(r, 0), r->col[1] ? r->col[1] : "",
		                                imp_status_from_name(r->col[2]), r->col[3]};
	}
	*nnotes = res.nrows;
	return DB_OK;
}

enum db_err imp_list(struct db *db, struct arena *a, int page, time_t now,
                     struct improvement **list, size_t *n, bool *more)
{
	struct dbres res;
	enum db_err e;

	if (page < 1)
		page = 1;
	if ((e = db_run(db, a,
	                "SELECT " IMP_COLS IMP_FROM "ORDER BY i.id DESC LIMIT ? OFFSET ?",
	                DB_ARGS(DB_INT(IMP_PAGE + 1), DB_INT((long long)(page - 1) * IMP_PAGE)),
	                &res)) != DB_OK)
		return e;
	*more = res.nrows > IMP_PAGE;
	*n = *more ? IMP_PAGE : res.nrows;
	imps_of(&res, a, *n, now, list);
	return DB_OK;
}

enum db_err imp_for_owner(struct db *db, struct arena *a, long long owner_id, time_t now,
                          struct improvement **list, size_t *n)
{
	struct dbres res;
	enum db_err e;

	if ((e = db_run(db, a,
	                "SELECT " IMP_COLS IMP_FROM "WHERE i.owner_id = ? AND i.status = 'open' "
	                "ORDER BY i.due, i.id LIMIT 50",
	                DB_ARGS(DB_INT(owner_id)), &res)) != DB_OK)
		return e;
	*n = res.nrows;
	imps_of(&res, a, *n, now, list);
	return DB_OK;
}

enum db_err imp_month_counts(struct db *db, struct arena *a, time_t from, time_t to,
                             struct imp_month *out)
{
	char d0[11], d1[11], f[20], t[20];
	struct dbrow *row;
	enum db_err e;

	memset(out, 0, sizeof *out);
	format_local_date(from, d0);
	format_local_date(to, d1);
	format_db_datetime(from, f);
	format_db_datetime(to, t);
	if ((e = db_row(db, a,
	                "SELECT (SELECT COUNT(*) FROM improvements WHERE created_at >= ? "
	                "AND created_at < ?), (SELECT COUNT(*) FROM improvements WHERE due >= ? "
	                "AND due < ?), (SELECT COUNT(*) FROM improvements WHERE status = 'done' "
	                "AND closed_at >= ? AND closed_at < ?)",
	                DB_ARGS(DB_STR(f), DB_STR(t), DB_STR(d0), DB_STR(d1), DB_STR(f), DB_STR(t)),
	                &row)) != DB_OK)
		return e;
	if (row) {
		out->opened = db_int(row, 0);
		out->due = db_int(row, 1);
		out->done = db_int(row, 2);
	}
	return DB_OK;
}
