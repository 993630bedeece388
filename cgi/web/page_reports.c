/*
 * page_reports.c — the manager's lists and files for a period: the survey
 * answers with their comments, and the CSV exports of cases, refunds and
 * survey answers, streamed row by row as the database sends them.
 */
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "compensations.h"
#include "exports.h"
#include "pages.h"
#include "view.h"

/* ---- the survey list ---- */

void page_staff_surveys(struct req *r)
{
	struct survey_filter f = {0, 0, 0, false, req_page(r)};
	const char *overall = req_query(r, "overall"), *commented = req_query(r, "commented");
	struct dbres rows;
	long long o = 0;
	bool more;
	enum db_err e;

	if (!req_period(r, &f.from, &f.to))
		return;
	if ((overall && *overall && parse_int(overall, 1, 5, &o) != 0) ||
	    (commented && *commented && strcmp(commented, "1") != 0)) {
		http_error(r, 400, "err_bad_filter");
		return;
	}
	f.overall = (int)o;
	f.commented = commented && *commented;
	if ((e = surveys_list(r->db, r->a, &f, &rows, &more)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	for (size_t i = 0; i < rows.nrows; i++) {
		const struct dbrow *row = &rows.rows[i];
		const char *p = aprintf(r->a, "Page.answers.%zu", i);
		static const char *const q[] = {"attitude", "speed", "resolution", "overall", "recommend"};

		view_setf(r->v, row->col[0], "%s.case_no", p);
		view_set_time(r->v, aprintf(r->a, "%s.at", p), db_time(row, 1));
		for (size_t k = 0; k < 5; k++)
			view_setf(r->v, row->col[2 + k], "%s.%s", p, q[k]);
		view_setf(r->v, row->col[7], "%s.comment", p);
		view_setf(r->v, label(r, "type", row->col[8]), "%s.type", p);
		view_setf(r->v, label(r, "channel", row->col[9]), "%s.channel", p);
	}
	view_set(r->v, "Page.filter.overall", overall);
	view_set(r->v, "Page.filter.commented", f.commented ? "1" : "");
	view_set(r->v, "Page.title_key", "surveys_title");
	http_paging(r, f.page, more);
	http_page(r, 200, "staff_surveys.cs");
}

/* ---- CSV exports ---- */

enum col_kind { COL_TEXT, COL_INT, COL_MONEY, COL_TIME };
struct column {
	const char *head; /* language key of the header cell */
	enum col_kind kind;
};

static const struct column case_columns[] = {
	{"csv_case_no", COL_TEXT}, {"csv_created", COL_TIME}, {"csv_order_no", COL_TEXT},
	{"csv_customer", COL_TEXT}, {"csv_type", COL_TEXT},   {"csv_reason", COL_TEXT},
	{"csv_channel", COL_TEXT}, {"csv_state", COL_TEXT},   {"csv_revision", COL_INT},
	{"csv_asked", COL_MONEY},  {"csv_refunded", COL_MONEY}, {"csv_assignee", COL_TEXT},
	{"csv_updated", COL_TIME},
};
static const struct column refund_columns[] = {
	{"csv_case_no", COL_TEXT}, {"csv_refunded_at", COL_TIME}, {"csv_amount", COL_MONEY},
	{"csv_reference", COL_TEXT}, {"csv_staff", COL_TEXT},    {"csv_type", COL_TEXT},
	{"csv_reason", COL_TEXT},  {"csv_channel", COL_TEXT},
};
static const struct column compensation_columns[] = {
	{"csv_case_no", COL_TEXT}, {"csv_paid_at", COL_TIME},   {"csv_kind", COL_TEXT},
	{"csv_amount", COL_MONEY}, {"csv_comp_reason", COL_TEXT}, {"csv_reference", COL_TEXT},
	{"csv_staff", COL_TEXT},   {"csv_approver", COL_TEXT},   {"csv_type", COL_TEXT},
	{"csv_reason", COL_TEXT},  {"csv_channel", COL_TEXT},
};
static const struct column survey_columns[] = {
	{"csv_case_no", COL_TEXT},   {"csv_answered_at", COL_TIME}, {"survey_attitude", COL_INT},
	{"survey_speed", COL_INT},   {"survey_resolution", COL_INT}, {"survey_overall", COL_INT},
	{"survey_recommend", COL_INT}, {"survey_comment", COL_TEXT},  {"csv_type", COL_TEXT},
	{"csv_channel", COL_TEXT},   {"csv_method", COL_TEXT},
};

struct export {
	const char *name; /* the file's name part and the route's */
	const struct column *cols;
	size_t ncols;
	enum db_err (*rows)(struct db *db, time_t from, time_t to, db_row_fn fn, void *ctx);
};

static const struct export exports[] = {
	{"cases", case_columns, sizeof case_columns / sizeof case_columns[0], export_cases},
	{"refunds", refund_columns, sizeof refund_columns / sizeof refund_columns[0], export_refunds},
	{"compensations", compensation_columns,
	 sizeof compensation_columns / sizeof compensation_columns[0], export_compensations},
	{"surveys", survey_columns, sizeof survey_columns / sizeof survey_columns[0], export_surveys},
};

struct stream {
	struct req *r;
	const struct export *x;
	const char *filename;
	bool begun;
	size_t rows;
	struct csv w;
};

/* The headers and the header row, at the first row (or at the end of an
 * empty export): until then a database error can still get its page. */
static void stream_begin(struct stream *s)
{
	s->begun = true;
	http_header(s->r, "Content-Disposition",
	            aprintf(s->r->a, "attachment; filename=\"%s\"", s->filename));
	http_stream_begin(s->r, 200, "text/csv; charset=utf-8");
	csv_begin(&s->w, http_stream_write, s->r);
	for (size_t i = 0; i < s->x->ncols; i++)
		csv_text(&s->w, view_lang(s->r->v, s->x->cols[i].head));
	csv_end_row(&s->w);
}

static int stream_row(void *ctx, const struct dbrow *row)
{
	struct stream *s = ctx;

	if (!s->begun)
		stream_begin(s);
	for (size_t i = 0; i < s->x->ncols; i++) {
		const char *v = row->col[i];
		char t[20];

		if (!v) {
			csv_text(&s->w, NULL);
			continue;
		}
		switch (s->x->cols[i].kind) {
		case COL_INT:
			csv_int(&s->w, db_int(row, i));
			break;
		case COL_MONEY:
			csv_money(&s->w, db_int(row, i));
			break;
		case COL_TIME:
			format_local_time(db_time(row, i), t);
			csv_text(&s->w, t);
			break;
		default:
			csv_text(&s->w, v);
			break;
		}
	}
	csv_end_row(&s->w);
	s->rows++;
	return s->w.error; /* the client went away: stop reading */
}

/* GET /staff/export/<name>.csv?from&to */
void page_staff_export(struct req *r)
{
	const struct export *x = NULL;
	struct stream s = {r, NULL, NULL, false, 0, {0}};
	time_t from, to;
	char f[11], t[11];
	enum db_err e;

	for (size_t i = 0; i < sizeof exports / sizeof exports[0]; i++)
		if (strcmp(r->arg[0], aprintf(r->a, "%s.csv", exports[i].name)) == 0)
			x = &exports[i];
	if (!x) {
		http_error(r, 404, NULL);
		return;
	}
	if (!req_period(r, &from, &to))
		return;
	format_local_date(from, f);
	format_local_date(to - 86400, t);
	s.x = x;
	s.filename = aprintf(r->a, "%s-%s-%s.csv", x->name, f, t);
	e = x->rows(r->db, from, to, stream_row, &s);
	if (!s.begun) {
		if (e != DB_OK) {
			http_db_error(r, e);
			return;
		}
		stream_begin(&s);
	}
	if (e != DB_OK && e != DB_STOPPED)
		fprintf(stderr, "%s: export %s cut short after %zu rows\n", r->id, x->name, s.rows);
	if (csv_flush(&s.w) != 0)
		fprintf(stderr, "%s: export %s: the client went away\n", r->id, x->name);
}
