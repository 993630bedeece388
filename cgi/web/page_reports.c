/*
 * page_reports.c — the manager's lists and files for a period: the survey
 * answers with their comments, and the CSV exports of cases, refunds and
 * survey answers, streamed row by row as the database sends them.
 */
#include <stdio.h>
#include <string.h>

#include "cases.h"
#include "csv.h"
#include "compensations.h"
#include "exports.h"
#include "pages.h"
#include "phone.h"
#include "returns.h"
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

#define QUEUE_EXPORT_MAX 5000 /* cases of one queue export */

/* A column of an export: the header's language key and how its value is
 * written; a COL_WORD column writes the code of column src (a type,
 * reason, channel, state …) in words, L.<group>_<code>, in the member's
 * language, after the columns the query gives. */
enum col_kind { COL_TEXT, COL_INT, COL_MONEY, COL_TIME, COL_WORD };
struct column {
	const char *head;
	enum col_kind kind;
	int src;
	const char *group;
};

static const struct column case_columns[] = {
	{"csv_case_no", COL_TEXT, 0, NULL}, {"csv_created", COL_TIME, 0, NULL},
	{"csv_order_no", COL_TEXT, 0, NULL}, {"csv_customer", COL_TEXT, 0, NULL},
	{"csv_type", COL_TEXT, 0, NULL}, {"csv_reason", COL_TEXT, 0, NULL},
	{"csv_channel", COL_TEXT, 0, NULL}, {"csv_state", COL_TEXT, 0, NULL},
	{"csv_revision", COL_INT, 0, NULL}, {"csv_asked", COL_MONEY, 0, NULL},
	{"csv_refunded", COL_MONEY, 0, NULL}, {"csv_assignee", COL_TEXT, 0, NULL},
	{"csv_updated", COL_TIME, 0, NULL}, {"csv_items", COL_TEXT, 0, NULL},
	{"csv_value", COL_MONEY, 0, NULL}, {"csv_type_words", COL_WORD, 4, "type"},
	{"csv_reason_words", COL_WORD, 5, "reason"}, {"csv_channel_words", COL_WORD, 6, "channel"},
	{"csv_state_words", COL_WORD, 7, "state"},
};
static const struct column refund_columns[] = {
	{"csv_case_no", COL_TEXT, 0, NULL}, {"csv_refunded_at", COL_TIME, 0, NULL},
	{"csv_amount", COL_MONEY, 0, NULL}, {"csv_reference", COL_TEXT, 0, NULL},
	{"csv_staff", COL_TEXT, 0, NULL}, {"csv_type", COL_TEXT, 0, NULL},
	{"csv_reason", COL_TEXT, 0, NULL}, {"csv_channel", COL_TEXT, 0, NULL},
	{"csv_items", COL_TEXT, 0, NULL}, {"csv_type_words", COL_WORD, 5, "type"},
	{"csv_reason_words", COL_WORD, 6, "reason"}, {"csv_channel_words", COL_WORD, 7, "channel"},
};
static const struct column compensation_columns[] = {
	{"csv_case_no", COL_TEXT, 0, NULL},     {"csv_paid_at", COL_TIME, 0, NULL},
	{"csv_kind", COL_TEXT, 0, NULL},        {"csv_amount", COL_MONEY, 0, NULL},
	{"csv_comp_reason", COL_TEXT, 0, NULL}, {"csv_reference", COL_TEXT, 0, NULL},
	{"csv_staff", COL_TEXT, 0, NULL},       {"csv_approver", COL_TEXT, 0, NULL},
	{"csv_type", COL_TEXT, 0, NULL},        {"csv_reason", COL_TEXT, 0, NULL},
	{"csv_channel", COL_TEXT, 0, NULL},     {"csv_kind_words", COL_WORD, 2, "comp"},
	{"csv_type_words", COL_WORD, 8, "type"}, {"csv_reason_words", COL_WORD, 9, "reason"},
	{"csv_channel_words", COL_WORD, 10, "channel"},
};
static const struct column survey_columns[] = {
	{"csv_case_no", COL_TEXT, 0, NULL}, {"csv_answered_at", COL_TIME, 0, NULL},
	{"survey_attitude", COL_INT, 0, NULL}, {"survey_speed", COL_INT, 0, NULL},
	{"survey_resolution", COL_INT, 0, NULL}, {"survey_overall", COL_INT, 0, NULL},
	{"survey_recommend", COL_INT, 0, NULL}, {"survey_comment", COL_TEXT, 0, NULL},
	{"csv_type", COL_TEXT, 0, NULL}, {"csv_channel", COL_TEXT, 0, NULL},
	{"csv_method", COL_TEXT, 0, NULL}, {"csv_type_words", COL_WORD, 8, "type"},
	{"csv_channel_words", COL_WORD, 9, "channel"}, {"csv_method_words", COL_WORD, 10, "dash_method"},
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
	/* the queue's filter as it is (queue_export): rows as cases.csv */
	{"queue", case_columns, sizeof case_columns / sizeof case_columns[0], NULL},
};

/* The words of the codes met so far: a handful, whatever the rows. */
#define WORDS_KEPT 64
struct word {
	const char *group;
	char code[32];
	const char *text;
};

struct stream {
	struct req *r;
	const struct export *x;
	const char *filename;
	bool begun;
	size_t rows;
	struct csv w;
	struct word words[WORDS_KEPT];
	size_t nwords;
};

static const char *word_of(struct stream *s, const char *group, const char *code)
{
	for (size_t i = 0; i < s->nwords; i++)
		if (s->words[i].group == group && strcmp(s->words[i].code, code) == 0)
			return s->words[i].text;
	if (s->nwords == WORDS_KEPT || strlen(code) >= sizeof s->words[0].code)
		return code; /* not a code of ours: as it is */
	s->words[s->nwords].group = group;
	strcpy(s->words[s->nwords].code, code);
	s->words[s->nwords].text = label(s->r, group, code);
	return s->words[s->nwords++].text;
}

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
		const struct column *c = &s->x->cols[i];
		const char *v = row->col[c->kind == COL_WORD ? c->src : (int)i];
		char t[20];

		if (!v) {
			csv_text(&s->w, NULL);
			continue;
		}
		switch (c->kind) {
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
		case COL_WORD:
			csv_text(&s->w, word_of(s, c->group, v));
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

static void stream_end(struct req *r, struct stream *s, enum db_err e);
static void queue_export(struct req *r, struct stream *s);

/* GET /staff/export/<name>.csv?from&to */
void page_staff_export(struct req *r)
{
	const struct export *x = NULL;
	struct stream s = {.r = r};
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
	s.x = x;
	if (!x->rows) {
		queue_export(r, &s);
		return;
	}
	if (!req_period(r, &from, &to))
		return;
	format_local_date(from, f);
	format_local_date(to - 86400, t);
	s.filename = aprintf(r->a, "%s-%s-%s.csv", x->name, f, t);
	e = x->rows(r->db, from, to, stream_row, &s);
	stream_end(r, &s, e);
}

/* The rows of the export once the query ran (e) or could not. */
static void stream_end(struct req *r, struct stream *s, enum db_err e)
{
	const struct export *x = s->x;

	if (!s->begun) {
		if (e != DB_OK) {
			http_db_error(r, e);
			return;
		}
		stream_begin(s);
	}
	if (e != DB_OK && e != DB_STOPPED)
		fprintf(stderr, "%s: export %s cut short after %zu rows\n", r->id, x->name, s->rows);
	if (csv_flush(&s->w) != 0)
		fprintf(stderr, "%s: export %s: the client went away\n", r->id, x->name);
}

/* GET /staff/export/queue.csv?<the queue's filter>: the cases the queue
 * lists for that filter (the same statement, page after page), in its
 * order, at most QUEUE_EXPORT_MAX of them. */
static void queue_export(struct req *r, struct stream *s)
{
	struct queue_filter f;
	char phone[PHONE_MAX + 1], tracking[TRACKING_MAX + 1], day[11];
	struct buf json = {0};
	size_t total = 0;
	bool more = true;
	enum db_err e = DB_OK;

	if (!queue_filter_read(r, &f, phone, tracking)) {
		http_error(r, 400, "err_bad_filter");
		return;
	}
	if (f.view < 0)
		f.view = queue_view_landing(r->roles);
	buf_puts(&json, "[");
	for (f.page = 1; more && total < QUEUE_EXPORT_MAX; f.page++) {
		struct queue_row *rows;
		long long gen;
		const char *session;
		size_t n;

		if ((e = cases_queue(r->db, r->a, &f, &rows, &n, &more, &gen, &session)) != DB_OK)
			break;
		for (size_t i = 0; i < n && total < QUEUE_EXPORT_MAX; i++, total++) {
			buf_puts(&json, total ? ",\"" : "\"");
			buf_puts(&json, rows[i].case_no); /* letters and digits */
			buf_puts(&json, "\"");
		}
	}
	buf_puts(&json, "]");
	format_local_date(r->now, day);
	s->filename = aprintf(r->a, "queue-%s.csv", day);
	if (e == DB_OK)
		e = export_cases_listed(r->db, json.p, stream_row, s);
	buf_free(&json);
	stream_end(r, s, e);
}
