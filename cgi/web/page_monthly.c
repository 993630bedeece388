/*
 * page_monthly.c — the monthly report (issue 15, 002 §7.2.2, §9.2(6)):
 * GET /staff/reports/monthly?month=YYYY-MM, one printable page (A4 print
 * stylesheet). Every figure comes from the daily summaries the dashboard
 * reads (dashboard.c): the month, the month before and the same month a
 * year earlier, three reads of whole-month sums, so its cost does not
 * grow with the shop's history. Complaint categories are counted over the
 * month's complaints (index complaints_created).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dash_view.h"
#include "improvements.h"
#include "staff.h"
#include "surveys.h"
#include "view.h"

/* The headline figures, compared month on month and year on year. */
static const struct fig_def head_figs[] = {
	{"cases", F(cases), U_COUNT},
	{"frt_median", F(frt_median), U_MINUTES},
	{"frt_waiting", F(frt_waiting), U_COUNT},
	{"res_n", F(res_n), U_COUNT},
	{"res_median", F(res_median), U_HOURS},
	{"solved_24h", F(solved_24h), U_PERCENT},
	{"resolution_rate", F(resolution_rate), U_PERCENT},
	{"fcr_rate", F(fcr_rate), U_PERCENT},
	{"sla_first_response", F(sla[0]), U_PERCENT},
	{"sla_all", F(sla_all), U_PERCENT},
	{"csat", F(q_csat[3]), U_PERCENT},
	{"nps", F(nps), U_SCORE},
	{"response_rate", F(response_rate), U_PERCENT},
	{"complaints", F(complaints), U_COUNT},
	{"refund_n", F(refund_n), U_COUNT},
	{"refund_total", F(refund_total), U_YUAN},
	{"return_rate", F(return_rate), U_PERCENT},
};
#define NHEAD (sizeof head_figs / sizeof head_figs[0])
#define CHANGED_MAX 5 /* the "what changed most" list */

/* The staff table's columns. */
static const struct fig_def staff_figs[] = {
	{"cases", F(cases), U_COUNT},
	{"frt_median", F(frt_median), U_MINUTES},
	{"res_median", F(res_median), U_HOURS},
	{"csat", F(q_csat[3]), U_PERCENT},
	{"complaints", F(complaints), U_COUNT},
	{"praise", F(praise), U_COUNT},
	{"step_all", F(step_all), U_COUNT},
	{"step_agent", F(step_n[DS_AGENT]), U_COUNT},
	{"step_warehouse", F(step_n[DS_WAREHOUSE]), U_COUNT},
	{"step_finance", F(step_n[DS_FINANCE]), U_COUNT},
	{"step_tech", F(step_n[DS_TECH]), U_COUNT},
	{"step_logistics", F(step_n[DS_LOGISTICS]), U_COUNT},
};

static const char *const reasons[] = {"quality_defect", "not_as_described", "damaged_in_transit",
                                      "wrong_item", "missing_parts", "no_reason", "other"};
static const char *const types[] = {"return_refund", "exchange", "refund_only", "repair"};
static const char *const complaint_cats[] = {"attitude", "delay", "quality", "logistics", "other"};

/* ------------------------------------------------------------ the month */

/* "YYYY-MM", year 2000..2999, month 01..12 → the local midnight of its
 * first day; -1 otherwise. */
static int parse_month(const char *s, time_t *start)
{
	char day[11];

	if (!s || strlen(s) != 7 || s[4] != '-' || strspn(s, "0123456789") != 4 ||
	    strspn(s + 5, "0123456789") != 2 || s[0] < '2' || s[0] > '2')
		return -1;
	snprintf(day, sizeof day, "%.7s-01", s);
	return parse_date(day, start);
}

/* The first of the month `by` months from the month starting at m. */
static time_t month_shift(time_t m, int by)
{
	char d[11];
	int y, mo;
	time_t out;

	format_local_date(m, d);
	y = atoi(d);
	mo = atoi(d + 5) - 1 + by;
	y += mo >= 0 ? mo / 12 : -((11 - mo) / 12);
	mo = ((mo % 12) + 12) % 12;
	snprintf(d, sizeof d, "%04d-%02d-01", y, mo + 1);
	return parse_date(d, &out) == 0 ? out : m;
}

struct improvement_counts {
	struct figure opened, due, done;
};
/* Improvement actions opened, due and done in [from, to). */
static enum db_err improvements_in_month(struct db *db, struct arena *a, time_t from, time_t to,
                                         struct improvement_counts *out)
{
	struct imp_month im;
	enum db_err e = imp_month_counts(db, a, from, to, &im);

	if (e == DB_OK)
		*out = (struct improvement_counts){{true, (double)im.opened}, {true, (double)im.due},
		                                   {true, (double)im.done}};
	return e;
}

/* ------------------------------------------------------------ sections */

static struct figure complaint_rate(const struct dash *d, const struct dash_figures *f)
{
	return f->complaints.known ? stats_rate((long long)f->complaints.value, d->ordering_customers)
	                           : FIGURE_NONE;
}

/* Page.head.<i>: the figure, last month's and last year's beside it, and
 * the target; Page.compliance: how many targets were met. */
static void fill_head(struct req *r, const struct dash *d[3], const struct dash_figures f[3],
                      const int targets[TG__MAX])
{
	int nset = 0, nmet = 0;

	for (size_t i = 0; i <= NHEAD; i++) {
		const char *p = aprintf(r->a, "Page.head.%zu", i);
		const char *key = i < NHEAD ? head_figs[i].key : "complaint_rate";
		enum unit u = i < NHEAD ? head_figs[i].unit : U_PERCENT;
		struct figure v[3];
		int met;

		for (int k = 0; k < 3; k++)
			v[k] = i < NHEAD ? fig_at(&f[k], &head_figs[i]) : complaint_rate(d[k], &f[k]);
		set_tile(r, p, key, view_lang(r->v, aprintf(r->a, "dash_%s", key)), v[0], v[1], u,
		         targets);
		set_cmp(r, aprintf(r->a, "%s.year", p), v[0], v[2], u);
		{
			struct figure t;

			met = target_met(v[0], targets, fig_target_of(key), &t);
			if (t.known) {
				nset++;
				nmet += met == 1;
			}
		}
	}
	view_set_int(r->v, "Page.compliance.set", nset);
	view_set_int(r->v, "Page.compliance.met", nmet);
}

/* Page.changed: the headline figures that moved most since last month,
 * by the size of the move relative to last month's value. */
static void fill_changed(struct req *r, const struct dash_figures f[3])
{
	struct {
		size_t i;
		double rel;
	} c[NHEAD];
	size_t n = 0;

	for (size_t i = 0; i < NHEAD; i++) {
		struct figure a = fig_at(&f[1], &head_figs[i]), b = fig_at(&f[0], &head_figs[i]);

		if (!a.known || !b.known || a.value == 0 || b.value == a.value)
			continue;
		c[n].i = i;
		c[n++].rel = (b.value - a.value) / fabs(a.value) * 100;
	}
	for (size_t i = 1; i < n; i++) /* by |relative move|, largest first */
		for (size_t j = i; j > 0 && fabs(c[j].rel) > fabs(c[j - 1].rel); j--) {
			__typeof__(c[0]) t = c[j];

			c[j] = c[j - 1];
			c[j - 1] = t;
		}
	for (size_t k = 0; k < n && k < CHANGED_MAX; k++) {
		const struct fig_def *def = &head_figs[c[k].i];
		const char *p = aprintf(r->a, "Page.changed.%zu", k);
		char text[32], value[32];

		set_tile(r, p, aprintf(r->a, "changed-%s", def->key),
		         view_lang(r->v, aprintf(r->a, "dash_%s", def->key)), fig_at(&f[0], def),
		         fig_at(&f[1], def), def->unit, (int[TG__MAX]){0});
		view_set(r->v, aprintf(r->a, "%s.key", p), def->key);
		format_fig((struct figure){true, c[k].rel}, U_SCORE, text, value);
		view_set(r->v, aprintf(r->a, "%s.rel.text", p),
		         c[k].rel > 0 ? aprintf(r->a, "+%s", text) : text);
		view_set(r->v, aprintf(r->a, "%s.rel.value", p), value);
	}
}

/* Page.splits.<s>.rows: the month's cases per reason / type, most first,
 * with their share and last month's count. */
static void fill_top(struct req *r, int s, const char *key, char dim, const char *group,
                     const char *const *values, size_t nvalues, const struct dash *d,
                     const struct dash *pd)
{
	size_t order[16], n = 0;
	const struct dash_group *all = dash_group(d, 'a', "");
	long long total = all ? all->m[DM_CASES].n : 0;

	view_setf(r->v, key, "Page.splits.%d.id", s);
	view_setf(r->v, view_lang(r->v, aprintf(r->a, "dash_by_%s", key)), "Page.splits.%d.title", s);
	for (size_t i = 0; i < nvalues && n < 16; i++) {
		const struct dash_group *g = dash_group(d, dim, values[i]);

		if (g && g->m[DM_CASES].n > 0)
			order[n++] = i;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && dash_group(d, dim, values[order[j]])->m[DM_CASES].n >
		                                dash_group(d, dim, values[order[j - 1]])->m[DM_CASES].n;
		     j--) {
			size_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t k = 0; k < n; k++) {
		const char *v = values[order[k]];
		const struct dash_group *g = dash_group(d, dim, v), *pg = dash_group(pd, dim, v);
		const char *p = aprintf(r->a, "Page.splits.%d.rows.%zu", s, k);
		struct figure now = {true, (double)g->m[DM_CASES].n};
		struct figure before = {true, pg ? (double)pg->m[DM_CASES].n : 0};

		view_set(r->v, aprintf(r->a, "%s.label", p), label(r, group, v));
		set_fig(r, p, aprintf(r->a, "%s-%s", key, v), now, U_COUNT);
		set_fig(r, aprintf(r->a, "%s.share", p), aprintf(r->a, "%s-%s-share", key, v),
		        stats_rate(g->m[DM_CASES].n, total), U_PERCENT);
		set_cmp(r, p, now, before, U_COUNT);
	}
}

/* Page.complaint_cats: the month's complaints per category. */
static enum db_err fill_complaint_cats(struct req *r, time_t from, time_t to)
{
	char f[20], t[20];
	struct dbres res;
	enum db_err e;

	format_db_datetime(from, f);
	format_db_datetime(to, t);
	if ((e = db_run(r->db, r->a,
	                "SELECT category, COUNT(*) FROM complaints WHERE created_at >= ? "
	                "AND created_at < ? AND kind = 'complaint' GROUP BY category",
	                DB_ARGS(DB_STR(f), DB_STR(t)), &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < sizeof complaint_cats / sizeof complaint_cats[0]; i++) {
		long long n = 0;

		for (size_t k = 0; k < res.nrows; k++)
			if (res.rows[k].col[0] && strcmp(res.rows[k].col[0], complaint_cats[i]) == 0)
				n = db_int(&res.rows[k], 1);
		view_setf(r->v, label(r, "complaint_cat", complaint_cats[i]),
		          "Page.complaint_cats.%zu.label", i);
		set_fig(r, aprintf(r->a, "Page.complaint_cats.%zu", i),
		        aprintf(r->a, "complaint-%s", complaint_cats[i]), (struct figure){true, (double)n},
		        U_COUNT);
	}
	return DB_OK;
}

/* Page.questions: mean, spread and distribution of each question. */
static void report_survey(struct req *r, const struct dash_figures *f)
{
	for (int q = 0; q < 4; q++) {
		const char *p = aprintf(r->a, "Page.questions.%d", q);
		const char *k = survey_q_names[q];

		view_set(r->v, aprintf(r->a, "%s.label", p),
		         view_lang(r->v, aprintf(r->a, "dash_q_%s", k)));
		set_fig(r, aprintf(r->a, "%s.mean", p), aprintf(r->a, "q_%s_mean", k), f->q_mean[q],
		        U_MEAN);
		set_fig(r, aprintf(r->a, "%s.sd", p), aprintf(r->a, "q_%s_sd", k), f->q_sd[q], U_MEAN);
		for (int v = 0; v < 5; v++)
			set_fig(r, aprintf(r->a, "%s.share.%d", p, v), aprintf(r->a, "q_%s_d%d", k, v + 1),
			        f->q_share[q][v], U_PERCENT);
		set_fig(r, aprintf(r->a, "%s.csat", p), aprintf(r->a, "q_%s_csat", k), f->q_csat[q],
		        U_PERCENT);
	}
	set_fig(r, "Page.answers", "answers", f->answers, U_COUNT);
}

/* Page.bands.<w>.rows: answers and CSAT by first-response / resolution band. */
static void fill_bands(struct req *r, const struct dash_figures *f)
{
	static const char *const which[2] = {"frt", "res"};

	for (int w = 0; w < 2; w++) {
		const long long *upper = w == 0 ? dash_frt_band_upper : dash_res_band_upper;

		view_setf(r->v, which[w], "Page.bands.%d.id", w);
		view_setf(r->v, view_lang(r->v, aprintf(r->a, "report_bands_%s", which[w])),
		          "Page.bands.%d.title", w);
		for (int b = 0; b <= DASH_BANDS; b++) {
			const char *p = aprintf(r->a, "Page.bands.%d.rows.%d", w, b);
			const char *lbl;

			if (b == DASH_BANDS)
				lbl = view_lang(r->v, w == 0 ? "report_band_no_response" : "report_band_not_done");
			else if (b == DASH_BANDS - 1)
				lbl = aprintf(r->a, "≥ %lld %s", w == 0 ? upper[b - 1] / 3600 : upper[b - 1] / 86400,
				              view_lang(r->v, w == 0 ? "dash_unit_h" : "report_unit_d"));
			else
				lbl = aprintf(r->a, "%lld – %lld %s",
				              b ? (w == 0 ? upper[b - 1] / 3600 : upper[b - 1] / 86400) : 0,
				              w == 0 ? upper[b] / 3600 : upper[b] / 86400,
				              view_lang(r->v, w == 0 ? "dash_unit_h" : "report_unit_d"));
			view_set(r->v, aprintf(r->a, "%s.label", p), lbl);
			set_fig(r, aprintf(r->a, "%s.n", p), aprintf(r->a, "band-%s-%d-n", which[w], b),
			        f->band_n[w][b], U_COUNT);
			set_fig(r, aprintf(r->a, "%s.csat", p), aprintf(r->a, "band-%s-%d-csat", which[w], b),
			        f->band_csat[w][b], U_PERCENT);
		}
	}
}

/* Page.staff: one row per active member with anything in the month. */
static enum db_err fill_staff(struct req *r, const struct dash *d)
{
	struct staff_brief *members;
	size_t nmembers, ncols = sizeof staff_figs / sizeof staff_figs[0];
	int row = 0;
	enum db_err e;

	if ((e = staff_active(r->db, r->a, ROLE_ALL, &members, &nmembers)) != DB_OK)
		return e;
	for (size_t c = 0; c < ncols; c++)
		view_setf(r->v, view_lang(r->v, aprintf(r->a, "dash_%s", staff_figs[c].key)),
		          "Page.staff_cols.%zu", c);
	for (size_t i = 0; i < nmembers; i++) {
		const char *key = aprintf(r->a, "%lld", members[i].id);
		const struct dash_group *g = dash_group(d, 's', key);
		struct dash_figures f;

		if (!g)
			continue;
		dash_figures(d, g, &f);
		view_setf(r->v, members[i].name, "Page.staff.%d.label", row);
		view_setf(r->v, key, "Page.staff.%d.key", row);
		for (size_t c = 0; c < ncols; c++)
			set_fig(r, aprintf(r->a, "Page.staff.%d.cells.%zu", row, c),
			        aprintf(r->a, "staff-%s-%s", key, staff_figs[c].key),
			        fig_at(&f, &staff_figs[c]), staff_figs[c].unit);
		row++;
	}
	return DB_OK;
}

void page_staff_report_monthly(struct req *r)
{
	const char *q = req_query(r, "month");
	time_t m[3], end;
	struct dash d[3];
	struct dash_figures f[3];
	const struct dash *dp[3] = {&d[0], &d[1], &d[2]};
	struct service_policy sp;
	struct improvement_counts imp;
	char day[11];
	enum db_err e;

	if (q && *q) {
		if (parse_month(q, &m[0]) != 0) {
			http_error(r, 400, "err_bad_month");
			return;
		}
	} else {
		m[0] = month_shift(month_shift(r->now, 0), -1); /* the last month that has ended */
	}
	m[1] = month_shift(m[0], -1);
	m[2] = month_shift(m[0], -12);
	for (int k = 0; k < 3; k++) {
		end = month_shift(m[k], 1);
		if ((e = dash_load(r->db, r->a, m[k], end, r->now, k ? "atr" : "atrs", false, &d[k])) !=
		    DB_OK) {
			http_db_error(r, e);
			return;
		}
		dash_figures(&d[k], dash_group(&d[k], 'a', ""), &f[k]);
		format_local_date(m[k], day);
		view_setf(r->v, aprintf(r->a, "%.7s", day), "Page.months.%d", k);
	}
	end = month_shift(m[0], 1);
	if ((e = service_policy_load(r->db, r->a, &sp)) != DB_OK ||
	    (e = fill_complaint_cats(r, m[0], end)) != DB_OK || (e = fill_staff(r, &d[0])) != DB_OK ||
	    (e = improvements_in_month(r->db, r->a, m[0], end, &imp)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	fill_head(r, dp, f, sp.targets);
	fill_changed(r, f);
	fill_top(r, 0, "reason", 'r', "reason", reasons, sizeof reasons / sizeof reasons[0], &d[0],
	         &d[1]);
	fill_top(r, 1, "type", 't', "type", types, sizeof types / sizeof types[0], &d[0], &d[1]);
	report_survey(r, &f[0]);
	fill_bands(r, &f[0]);
	set_fig(r, "Page.improvements.opened", "improvements-opened", imp.opened, U_COUNT);
	set_fig(r, "Page.improvements.due", "improvements-due", imp.due, U_COUNT);
	set_fig(r, "Page.improvements.done", "improvements-done", imp.done, U_COUNT);
	view_set(r->v, "Page.title_key", "report_title");
	http_page(r, 200, "report_monthly.cs");
}
