/*
 * page_dashboard.c — the manager's dashboard and staff performance pages
 * (DESIGN.md §3 "Metrics"): a period from ?from= to ?to=, the figures of
 * dashboard.c laid out as sections and tables. Every figure carries its
 * raw value in data-value ("" for no data) beside the rounded text.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "complaints.h"
#include "dash_view.h"
#include "improvements.h"
#include "pages.h"
#include "settings.h"
#include "surveys.h"
#include "staff.h"
#include "svgchart.h"
#include "view.h"


static const struct fig_def overall_figs[] = {
	{"cases", F(cases), U_COUNT},
	{"frt_mean", F(frt_mean), U_MINUTES},
	{"frt_median", F(frt_median), U_MINUTES},
	{"frt_p90", F(frt_p90), U_MINUTES},
	{"frt_n", F(frt_n), U_COUNT},
	{"frt_waiting", F(frt_waiting), U_COUNT},
	{"res_mean", F(res_mean), U_HOURS},
	{"res_median", F(res_median), U_HOURS},
	{"res_p90", F(res_p90), U_HOURS},
	{"res_n", F(res_n), U_COUNT},
	{"solved_24h", F(solved_24h), U_PERCENT},
	{"resolution_rate", F(resolution_rate), U_PERCENT},
	{"fcr_rate", F(fcr_rate), U_PERCENT},
	{"complaints", F(complaints), U_COUNT},
	{"csat", F(q_csat[3]), U_PERCENT},
	{"nps", F(nps), U_SCORE},
	{"response_rate", F(response_rate), U_PERCENT},
	{"answers", F(answers), U_COUNT},
	{"refund_n", F(refund_n), U_COUNT},
	{"refund_total", F(refund_total), U_YUAN},
	{"refund_mean", F(refund_mean), U_YUAN},
	{"return_rate", F(return_rate), U_PERCENT},
	{"repurchase", F(repurchase), U_PERCENT},
};

/* The columns of the split tables, and of the performance table (one row
 * per staff member). */
static const struct fig_def split_figs[] = {
	{"cases", F(cases), U_COUNT},
	{"frt_mean", F(frt_mean), U_MINUTES},
	{"frt_median", F(frt_median), U_MINUTES},
	{"frt_p90", F(frt_p90), U_MINUTES},
	{"frt_waiting", F(frt_waiting), U_COUNT},
	{"res_mean", F(res_mean), U_HOURS},
	{"res_median", F(res_median), U_HOURS},
	{"res_p90", F(res_p90), U_HOURS},
	{"resolution_rate", F(resolution_rate), U_PERCENT},
	{"fcr_rate", F(fcr_rate), U_PERCENT},
	{"complaints", F(complaints), U_COUNT},
	{"praise", F(praise), U_COUNT},
	{"csat", F(q_csat[3]), U_PERCENT},
	{"nps", F(nps), U_SCORE},
	{"response_rate", F(response_rate), U_PERCENT},
	{"sla_all", F(sla_all), U_PERCENT},
	{"refund_n", F(refund_n), U_COUNT},
	{"refund_total", F(refund_total), U_YUAN},
	{"refund_mean", F(refund_mean), U_YUAN},
};

/* The steps each member took, by the role's kind of step (performance). */
static const struct fig_def step_figs[] = {
	{"step_all", F(step_all), U_COUNT},
	{"step_agent", F(step_n[DS_AGENT]), U_COUNT},
	{"step_agent_wait", F(step_wait[DS_AGENT]), U_HOURS},
	{"step_warehouse", F(step_n[DS_WAREHOUSE]), U_COUNT},
	{"step_warehouse_wait", F(step_wait[DS_WAREHOUSE]), U_HOURS},
	{"step_finance", F(step_n[DS_FINANCE]), U_COUNT},
	{"step_finance_wait", F(step_wait[DS_FINANCE]), U_HOURS},
	{"step_tech", F(step_n[DS_TECH]), U_COUNT},
	{"step_tech_wait", F(step_wait[DS_TECH]), U_HOURS},
	{"step_logistics", F(step_n[DS_LOGISTICS]), U_COUNT},
	{"step_logistics_wait", F(step_wait[DS_LOGISTICS]), U_HOURS},
};

/* The groups of the split tables: dimension, its values, their labels. */
static const struct {
	char dim;
	const char *key;           /* L.dash_by_<key>; table id by-<key> */
	const char *label_group;   /* L.<group>_<value> */
	const char *const *values;
} splits[] = {
	{'t', "type", "type",
	 (const char *const[]){"return_refund", "exchange", "refund_only", "repair", NULL}},
	{'r', "reason", "reason",
	 (const char *const[]){"quality_defect", "not_as_described", "damaged_in_transit",
	                       "wrong_item", "missing_parts", "no_reason", "other", NULL}},
	{'c', "channel", "channel",
	 (const char *const[]){"online", "phone", "email", "chat", "social", NULL}},
};

/* ---------------------------------------------------------- the period */

/* ------------------------------------------------------------ figures */

void format_fig(struct figure f, enum unit u, char text[32], char value[32])
{
	value[0] = '\0';
	if (f.known)
		snprintf(value, 32, "%.10g", f.value);
	switch (u) {
	case U_MINUTES:
		if (f.known)
			f.value /= 60;
		figure_format(f, 1, text);
		break;
	case U_HOURS:
		if (f.known)
			f.value /= 3600;
		figure_format(f, 1, text);
		break;
	case U_PERCENT:
		figure_format_percent(f, 1, text);
		break;
	case U_YUAN:
	case U_MEAN:
		figure_format(f, 2, text);
		break;
	case U_SCORE:
		figure_format(f, 1, text);
		break;
	default:
		figure_format(f, 0, text);
	}
}

/* <prefix>.text, .value, .id = key */
void set_fig(struct req *r, const char *prefix, const char *id, struct figure f,
                    enum unit u)
{
	char text[32], value[32];

	format_fig(f, u, text, value);
	view_set(r->v, aprintf(r->a, "%s.text", prefix), text);
	view_set(r->v, aprintf(r->a, "%s.value", prefix), value);
	view_set(r->v, aprintf(r->a, "%s.id", prefix), id);
}

struct figure fig_at(const struct dash_figures *f, const struct fig_def *def)
{
	return *(const struct figure *)((const char *)f + def->offset);
}

const char *unit_label(struct req *r, enum unit u)
{
	static const char *const keys[] = {[U_MINUTES] = "dash_unit_min", [U_HOURS] = "dash_unit_h",
	                                   [U_YUAN] = "dash_unit_yuan"};

	return u < sizeof keys / sizeof keys[0] && keys[u] ? view_lang(r->v, keys[u]) : NULL;
}

/* Page.tables.<t>: title, columns from defs, no rows yet. */
static void table_head(struct req *r, int t, const char *id, const char *title,
                       const struct fig_def *defs, size_t ndefs)
{
	view_setf(r->v, id, "Page.tables.%d.id", t);
	view_setf(r->v, title, "Page.tables.%d.title", t);
	for (size_t c = 0; c < ndefs; c++) {
		view_setf(r->v, view_lang(r->v, aprintf(r->a, "dash_%s", defs[c].key)),
		          "Page.tables.%d.cols.%zu.label", t, c);
		view_setf(r->v, unit_label(r, defs[c].unit), "Page.tables.%d.cols.%zu.unit", t, c);
	}
}

/* A row of table t: label and one cell per def, ids <key>:<rowkey>. */
static void table_row(struct req *r, int t, int row, const char *rowkey, const char *label,
                      const struct dash_figures *f, const struct fig_def *defs, size_t ndefs)
{
	view_setf(r->v, label, "Page.tables.%d.rows.%d.label", t, row);
	view_setf(r->v, rowkey, "Page.tables.%d.rows.%d.key", t, row);
	for (size_t c = 0; c < ndefs; c++)
		set_fig(r, aprintf(r->a, "Page.tables.%d.rows.%d.cells.%zu", t, row, c),
		        aprintf(r->a, "%s:%s", rowkey, defs[c].key), fig_at(f, &defs[c]), defs[c].unit);
}

/* ------------------------------------------- previous period, targets */

/* The figures that have a target (settings target_*, settings.h). */
static const struct {
	const char *key;
	enum target t;
} fig_targets[] = {
	{"solved_24h", TG_SOLVED_24H},
	{"sla_first_response", TG_FIRST_RESPONSE},
	{"csat", TG_CSAT},
	{"complaint_rate", TG_COMPLAINT_RATE},
};

int fig_target_of(const char *key)
{
	for (size_t i = 0; i < sizeof fig_targets / sizeof fig_targets[0]; i++)
		if (strcmp(fig_targets[i].key, key) == 0)
			return (int)fig_targets[i].t;
	return -1;
}

/* f against the target of t (as a percentage): 1 met, 0 not, -1 unknown
 * (no target, or no data). */
int target_met(struct figure f, const int targets[TG__MAX], int t, struct figure *target)
{
	*target = FIGURE_NONE;
	if (t < 0 || t >= TG__MAX || targets[t] <= 0)
		return -1;
	*target = (struct figure){true, (double)targets[t] / target_defs[t].scale};
	if (!f.known)
		return -1;
	/* compared as shown (one decimal), so 89.96 % shown as 90.0 % is met */
	{
		double v = (double)(long long)(f.value * 10 + (f.value >= 0 ? 0.5 : -0.5)) / 10;

		return target_defs[t].at_most ? v <= target->value + 1e-9 : v >= target->value - 1e-9;
	}
}

void set_cmp(struct req *r, const char *prefix, struct figure now, struct figure before,
             enum unit u)
{
	char text[32], value[32];
	struct figure delta = FIGURE_NONE;

	format_fig(before, u, text, value);
	view_set(r->v, aprintf(r->a, "%s.prev.text", prefix), text);
	view_set(r->v, aprintf(r->a, "%s.prev.value", prefix), value);
	if (now.known && before.known)
		delta = (struct figure){true, now.value - before.value};
	if (u == U_PERCENT) /* a difference of rates: percentage points */
		format_fig(delta, U_SCORE, text, value);
	else
		format_fig(delta, u, text, value);
	if (delta.known && text[0] != '-' && strcmp(text, "0") != 0 && strcmp(text, "0.0") != 0 &&
	    strcmp(text, "0.00") != 0) {
		memmove(text + 1, text, strlen(text) + 1);
		text[0] = '+';
	}
	view_set(r->v, aprintf(r->a, "%s.delta.text", prefix), text);
	view_set(r->v, aprintf(r->a, "%s.delta.value", prefix), value);
	view_set(r->v, aprintf(r->a, "%s.dir", prefix),
	         !delta.known ? "" : text[0] == '+' ? "up" : text[0] == '-' ? "down" : "same");
	if (u == U_PERCENT)
		view_set(r->v, aprintf(r->a, "%s.delta.unit", prefix), view_lang(r->v, "dash_unit_pp"));
	else
		view_set(r->v, aprintf(r->a, "%s.delta.unit", prefix), unit_label(r, u));
}

/* <prefix>: the figure (set_fig), its label and unit, the previous
 * period's, and the target where the policies set one. */
void set_tile(struct req *r, const char *prefix, const char *id, const char *label_text,
              struct figure now, struct figure before, enum unit u, const int targets[TG__MAX])
{
	struct figure target;
	int met;

	set_fig(r, prefix, id, now, u);
	view_set(r->v, aprintf(r->a, "%s.label", prefix), label_text);
	view_set(r->v, aprintf(r->a, "%s.unit", prefix), unit_label(r, u));
	if (imp_metric_find(id)) /* a link opens an improvement action on it */
		view_set(r->v, aprintf(r->a, "%s.improve", prefix), "1");
	set_cmp(r, prefix, now, before, u);
	met = target_met(now, targets, fig_target_of(id), &target);
	if (target.known) {
		char text[32], value[32];

		format_fig(target, u, text, value);
		view_set(r->v, aprintf(r->a, "%s.target.text", prefix), text);
		view_set(r->v, aprintf(r->a, "%s.target.value", prefix), value);
		view_set(r->v, aprintf(r->a, "%s.target.at_most", prefix),
		         target_defs[fig_target_of(id)].at_most ? "1" : "0");
		view_set(r->v, aprintf(r->a, "%s.met", prefix), met < 0 ? "" : met ? "1" : "0");
	}
}

static void fill_overall(struct req *r, const struct dash *d, const struct dash_figures *f,
                         const struct dash *pd, const struct dash_figures *pf,
                         const int targets[TG__MAX])
{
	size_t n = sizeof overall_figs / sizeof overall_figs[0];

	for (size_t i = 0; i < n; i++)
		set_tile(r, aprintf(r->a, "Page.figs.%zu", i), overall_figs[i].key,
		         view_lang(r->v, aprintf(r->a, "dash_%s", overall_figs[i].key)),
		         fig_at(f, &overall_figs[i]), fig_at(pf, &overall_figs[i]), overall_figs[i].unit,
		         targets);
	set_tile(r, "Page.complaint_rate", "complaint_rate", view_lang(r->v, "dash_complaint_rate"),
	         stats_rate((long long)f->complaints.value, d->ordering_customers),
	         stats_rate((long long)pf->complaints.value, pd->ordering_customers), U_PERCENT,
	         targets);
	for (int t = 0; t < DASH_TIMERS; t++)
		set_tile(r, aprintf(r->a, "Page.sla.%d", t), aprintf(r->a, "sla_%s", sla_timer_names[t]),
		         label(r, "sla", sla_timer_names[t]), f->sla[t], pf->sla[t], U_PERCENT, targets);
	set_tile(r, "Page.sla_all", "sla_all", view_lang(r->v, "dash_sla_all"), f->sla_all,
	         pf->sla_all, U_PERCENT, targets);
}

/* Page.questions: per question mean, sd, the share of each answer, CSAT. */
static void fill_questions(struct req *r, const struct dash_figures *f)
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
			set_fig(r, aprintf(r->a, "%s.share.%d", p, v),
			        aprintf(r->a, "q_%s_d%d", k, v + 1), f->q_share[q][v], U_PERCENT);
		set_fig(r, aprintf(r->a, "%s.csat", p), aprintf(r->a, "q_%s_csat", k), f->q_csat[q],
		        U_PERCENT);
	}
}

static void fill_splits(struct req *r, const struct dash *d)
{
	size_t ncols = sizeof split_figs / sizeof split_figs[0];

	for (size_t s = 0; s < sizeof splits / sizeof splits[0]; s++) {
		int row = 0;

		table_head(r, (int)s, aprintf(r->a, "by-%s", splits[s].key),
		           view_lang(r->v, aprintf(r->a, "dash_by_%s", splits[s].key)), split_figs,
		           ncols);
		for (const char *const *v = splits[s].values; *v; v++) {
			const struct dash_group *g = dash_group(d, splits[s].dim, *v);
			struct dash_figures f;

			if (!g)
				continue; /* a value the period never saw */
			dash_figures(d, g, &f);
			view_setf(r->v, splits[s].key, "Page.tables.%zu.rows.%d.dim", s, row);
			table_row(r, (int)s, row++, *v, label(r, splits[s].label_group, *v), &f,
			          split_figs, ncols);
		}
	}
}

/* The three weekly charts, drawn by svgchart.c as trusted markup. */
static void fill_charts(struct req *r, const struct dash *d)
{
	const char **labels = amalloc(r->a, (d->nweeks + 1) * sizeof *labels);
	struct figure *v[3];
	static const char *const keys[3] = {"dash_chart_cases", "dash_chart_frt",
	                                    "dash_chart_csat"};

	for (int c = 0; c < 3; c++)
		v[c] = amalloc(r->a, (d->nweeks + 1) * sizeof *v[c]);
	for (size_t w = 0; w < d->nweeks; w++) {
		labels[w] = d->weeks[w].label;
		v[0][w] = d->weeks[w].cases;
		v[1][w] = d->weeks[w].frt_median;
		if (v[1][w].known)
			v[1][w].value /= 60; /* minutes */
		v[2][w] = d->weeks[w].csat;
	}
	for (int c = 0; c < 3; c++) {
		struct chart_series s = {view_lang(r->v, keys[c]), v[c]};
		struct chart ch = {
			.title = view_lang(r->v, keys[c]),
			.labels = labels,
			.npoints = d->nweeks,
			.series = &s,
			.nseries = 1,
			.width = 640,
			.height = 260,
			.unit = c == 2 ? "%" : NULL,
			.y_min = 0,
			.y_max = c == 2 ? 100 : 0, /* CSAT: a percentage, 0-100 % */
			.empty_text = view_lang(r->v, "dash_no_data"),
		};
		struct buf svg = {0};

		if (chart_svg(&svg, &ch) == 0 && svg.len)
			view_set_markup(r->v, aprintf(r->a, "Page.charts.%d", c), svg.p);
		buf_free(&svg);
	}
}

/* Nothing at all happened in the period. */
static bool period_empty(const struct dash *d)
{
	const struct dash_group *g = dash_group(d, 'a', "");

	if (!g)
		return true;
	for (int m = 0; m < DM__MAX; m++)
		if (g->m[m].n)
			return false;
	for (int q = 0; q < DASH_QUESTIONS; q++)
		if (g->q[q].n)
			return false;
	return true;
}

/* Page.methods: the period's survey answers by how they were taken, with
 * their CSAT (the same rule as the overall figure: overall 4 or 5). */
static enum db_err fill_methods(struct req *r, time_t from, time_t to)
{
	long long n[SURVEY_METHODS], ok[SURVEY_METHODS], all = 0;
	enum db_err e;


	if ((e = survey_by_method(r->db, r->a, from, to, n, ok)) != DB_OK)
		return e;
	for (int m = 0; m < SURVEY_METHODS; m++)
		all += n[m];
	for (int m = 0; m < SURVEY_METHODS; m++) {
		const char *p = aprintf(r->a, "Page.methods.%d", m);

		view_setf(r->v, view_lang(r->v, aprintf(r->a, "dash_method_%s", survey_methods[m])),
		          "%s.label", p);
		set_fig(r, aprintf(r->a, "%s.n", p), aprintf(r->a, "method-%s-n", survey_methods[m]),
		        (struct figure){all > 0, (double)n[m]}, U_COUNT); /* no answers: no data */
		set_fig(r, aprintf(r->a, "%s.csat", p),
		        aprintf(r->a, "method-%s-csat", survey_methods[m]), stats_rate(ok[m], n[m]),
		        U_PERCENT);
	}
	return DB_OK;
}

void page_staff_dashboard(struct req *r)
{
	time_t from, to;
	struct dash d, pd;
	struct dash_figures f, pf;
	struct service_policy sp;
	long long overdue;
	char day[11];
	enum db_err e;

	if (!req_period(r, &from, &to))
		return;
	/* the previous period: as long, just before */
	if ((e = dash_load(r->db, r->a, from, to, r->now, "atrc", true, &d)) != DB_OK ||
	    (e = dash_load(r->db, r->a, from - (to - from), from, r->now, "a", false, &pd)) != DB_OK ||
	    (e = service_policy_load(r->db, r->a, &sp)) != DB_OK ||
	    (e = complaints_overdue(r->db, r->a, r->now, &overdue)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	format_local_date(from - (to - from), day);
	view_set(r->v, "Page.prev.from", day);
	format_local_date(from - 86400, day);
	view_set(r->v, "Page.prev.to", day);
	if (period_empty(&d))
		view_set(r->v, "Page.empty", "1");
	dash_figures(&d, dash_group(&d, 'a', ""), &f);
	dash_figures(&pd, dash_group(&pd, 'a', ""), &pf);
	fill_overall(r, &d, &f, &pd, &pf, sp.targets);
	fill_questions(r, &f);
	fill_splits(r, &d);
	fill_charts(r, &d);
	if ((e = fill_methods(r, from, to)) != DB_OK || (e = fill_dash_costs(r, from, to)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	view_set_int(r->v, "Page.complaints_overdue", overdue);
	view_set(r->v, "Page.title_key", "dash_title");
	http_page(r, 200, "dashboard.cs");
}

/* -------------------------------------------------------- performance */

static void performance_page(struct req *r, int status, const int w[DW__MAX])
{
	size_t ncols = sizeof split_figs / sizeof split_figs[0];
	size_t nsteps = sizeof step_figs / sizeof step_figs[0];
	struct staff_brief *members;
	size_t nmembers;
	time_t from, to;
	struct dash d;
	enum db_err e;

	if (!req_period(r, &from, &to))
		return;
	if ((e = staff_active(r->db, r->a, ROLE_ALL, &members, &nmembers)) != DB_OK ||
	    (e = dash_load(r->db, r->a, from, to, r->now, "s", false, &d)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	table_head(r, 0, "performance", view_lang(r->v, "perf_title"), split_figs, ncols);
	table_head(r, 1, "steps", view_lang(r->v, "perf_steps"), step_figs, nsteps);
	view_setf(r->v, view_lang(r->v, "dash_score"), "Page.tables.0.cols.%zu.label", ncols);
	for (size_t i = 0; i < nmembers; i++) {
		const char *key = aprintf(r->a, "%lld", members[i].id);
		struct dash_figures f;

		dash_figures(&d, dash_group(&d, 's', key), &f);
		table_row(r, 0, (int)i, key, members[i].name, &f, split_figs, ncols);
		/* the steps: ids step:<member>:<key> */
		table_row(r, 1, (int)i, aprintf(r->a, "step:%s", key), members[i].name, &f, step_figs,
		          nsteps);
		set_fig(r, aprintf(r->a, "Page.tables.0.rows.%zu.cells.%zu", i, ncols),
		        aprintf(r->a, "%s:score", key), dash_score(&f, w), U_SCORE);
	}
	for (int i = 0; i < DW__MAX; i++) {
		view_setf(r->v, dash_weight_names[i], "Page.weights.%d.name", i);
		view_setf(r->v, view_lang(r->v, aprintf(r->a, "perf_w_%s", dash_weight_names[i])),
		          "Page.weights.%d.label", i);
		view_setf(r->v, aprintf(r->a, "%d", w[i]), "Page.weights.%d.value", i);
	}
	view_set(r->v, "Page.title_key", "perf_title");
	http_page(r, status, "performance.cs");
}

void page_staff_performance(struct req *r)
{
	int w[DW__MAX];
	enum db_err e;

	if ((e = dash_weights_load(r->db, r->a, w)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	performance_page(r, 200, w);
}

/* POST weight_<name> (0..100 each), back to the page of the period the
 * form came from. */
void page_staff_performance_weights(struct req *r)
{
	int w[DW__MAX];
	const char *from = req_form(r, "from"), *to = req_form(r, "to");
	time_t t;
	enum db_err e;

	for (int i = 0; i < DW__MAX; i++) {
		const char *name = aprintf(r->a, "weight_%s", dash_weight_names[i]);
		long long v = 0;

		if (parse_int(req_form(r, name), 0, 100, &v) != 0)
			http_field_error(r, name, "err_weight");
		w[i] = (int)v;
	}
	if ((from && *from && parse_date(from, &t) != 0) || (to && *to && parse_date(to, &t) != 0))
		http_field_error(r, "period", "err_bad_period");
	if (r->field_errors) {
		performance_page(r, 400, w);
		return;
	}
	if ((e = dash_weights_save(r->db, r->a, r->staff_id, r->now, w)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	http_redirect(r, from && *from && to && *to
	                     ? aprintf(r->a, "/staff/performance?from=%s&to=%s", from, to)
	                     : "/staff/performance");
}
