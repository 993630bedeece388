/*
 * dashboard.c — the figures of the dashboard read from its summaries
 * (schema/009): the stale days are recomputed first (dashboard_refresh.c),
 * then the days and whole months of the period are summed with GROUP BY
 * and the sums turned into figures with stats.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "dashboard.h"
#include "dashboard_refresh.h"

#define MAX_DAYS 1100         /* 3 years and a bit: the pages' limit */

const char *const dash_step_names[DS__MAX] = {
	[DS_AGENT] = "agent", [DS_WAREHOUSE] = "warehouse", [DS_FINANCE] = "finance",
	[DS_TECH] = "tech", [DS_LOGISTICS] = "logistics",
};
/* As FRT_BANDS_SQL / RES_BANDS_SQL of dashboard_refresh.c. */
const long long dash_frt_band_upper[DASH_BANDS - 1] = {3600, 7200, 28800, 86400};
const long long dash_res_band_upper[DASH_BANDS - 1] = {86400, 259200, 604800, 1209600};

/* ---------------------------------------------------------------- read */

static struct dash_group *group_of(struct dash *d, struct arena *a, char dim, const char *val,
                                   size_t *cap)
{
	for (size_t i = 0; i < d->ngroups; i++)
		if (d->groups[i].dim == dim && strcmp(d->groups[i].val, val) == 0)
			return &d->groups[i];
	if (d->ngroups == *cap) {
		struct dash_group *more = amalloc(a, (*cap = *cap ? 2 * *cap : 32) * sizeof *more);

		if (d->ngroups)
			memcpy(more, d->groups, d->ngroups * sizeof *more);
		d->groups = more;
	}
	d->groups[d->ngroups] = (struct dash_group){.dim = dim, .val = astrdup(a, val)};
	return &d->groups[d->ngroups++];
}

static struct dash_hist *hist_of(struct dash_group *g, int metric)
{
	if (metric == DM_FRT)
		return &g->frt;
	if (metric == DM_RES)
		return &g->res;
	if (metric >= DM_Q_FIRST && metric < DM_Q_FIRST + DASH_QUESTIONS)
		return &g->q[metric - DM_Q_FIRST];
	if (metric == DM_BAND_FRT || metric == DM_BAND_RES)
		return &g->band[metric - DM_BAND_FRT];
	return NULL;
}

/* Rows (key..., bucket, n) sorted by key then bucket: each run of one key
 * becomes a histogram. key_cols: how many columns before bucket. */
static void fill_hists(struct dash *d, struct arena *a, char dim, const struct dbres *res,
                       size_t *cap)
{
	for (size_t i = 0, j; i < res->nrows; i = j) {
		const struct dbrow *r = &res->rows[i];
		const char *val = r->col[0] ? r->col[0] : "";
		int metric = (int)db_int(r, 1);
		struct dash_hist *h;

		for (j = i + 1; j < res->nrows && db_int(&res->rows[j], 1) == metric &&
		                strcmp(res->rows[j].col[0] ? res->rows[j].col[0] : "", val) == 0;
		     j++)
			;
		if (!(h = hist_of(group_of(d, a, dim, val, cap), metric)))
			continue;
		h->b = amalloc(a, (j - i) * sizeof *h->b);
		h->n = j - i;
		for (size_t k = i; k < j; k++)
			h->b[k - i] = (struct dash_bucket){db_int(&res->rows[k], 2),
			                                   db_int(&res->rows[k], 3)};
	}
}

/* The period's days are [d0, dm0) and [dm1, d1] from the daily rows, and
 * the whole months [dm0, dm1) from the monthly ones. */
struct span {
	char d0[11], dm0[11], dm1[11], d1[11];
};

static enum db_err load_dim(struct db *db, struct arena *a, char dim, const struct span *p,
                            struct dash *d, size_t *cap)
{
	char dimstr[2] = {dim, '\0'};
	struct dbres res;
	enum db_err e;

	if ((e = db_run(db, a,
	                "SELECT val, metric, SUM(n), SUM(total), SUM(sumsq) FROM ("
	                "SELECT val, metric, n, total, sumsq FROM stats_day WHERE dim = ? "
	                "AND ((day >= ? AND day < ?) OR (day >= ? AND day <= ?)) "
	                "UNION ALL SELECT val, metric, n, total, sumsq FROM stats_day_m "
	                "WHERE dim = ? AND month >= ? AND month < ?) u GROUP BY val, metric",
	                DB_ARGS(DB_STR(dimstr), DB_STR(p->d0), DB_STR(p->dm0), DB_STR(p->dm1),
	                        DB_STR(p->d1), DB_STR(dimstr), DB_STR(p->dm0), DB_STR(p->dm1)),
	                &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++) {
		const struct dbrow *r = &res.rows[i];
		long long metric = db_int(r, 1);
		struct dash_group *g = group_of(d, a, dim, r->col[0] ? r->col[0] : "", cap);

		if (metric <= 0 || metric >= DM__MAX)
			continue;
		g->m[metric].n = db_int(r, 2);
		g->m[metric].sum = r->col[3] ? strtod(r->col[3], NULL) : 0;
		g->m[metric].sumsq = r->col[4] ? strtod(r->col[4], NULL) : 0;
	}
	if ((e = db_run(db, a,
	                "SELECT val, metric, bucket, SUM(n) FROM ("
	                "SELECT val, metric, bucket, n FROM stats_hist WHERE dim = ? "
	                "AND ((day >= ? AND day < ?) OR (day >= ? AND day <= ?)) "
	                "UNION ALL SELECT val, metric, bucket, n FROM stats_hist_m "
	                "WHERE dim = ? AND month >= ? AND month < ?) u "
	                "GROUP BY val, metric, bucket ORDER BY val, metric, bucket",
	                DB_ARGS(DB_STR(dimstr), DB_STR(p->d0), DB_STR(p->dm0), DB_STR(p->dm1),
	                        DB_STR(p->d1), DB_STR(dimstr), DB_STR(p->dm0), DB_STR(p->dm1)),
	                &res)) != DB_OK)
		return e;
	fill_hists(d, a, dim, &res, cap);
	return DB_OK;
}

/* Minutes to seconds, keeping "no data". */
static struct figure minutes(struct figure f)
{
	if (f.known)
		f.value *= 60;
	return f;
}

static struct figure hist_median(const struct dash_hist *h);

/* Weeks of 7 days from `from`: cases, median first response, CSAT. */
static enum db_err load_weeks(struct db *db, struct arena *a, const char *d0, const char *d1,
                              int ndays, struct dash *d, time_t from)
{
	struct dbres res;
	enum db_err e;
	size_t nweeks = (size_t)(ndays + 6) / 7;

	d->weeks = amalloc(a, nweeks * sizeof *d->weeks);
	d->nweeks = nweeks;
	for (size_t w = 0; w < nweeks; w++) {
		char day[11];

		format_local_date(from + (time_t)w * 7 * DAY_SECS, day);
		snprintf(d->weeks[w].label, sizeof d->weeks[w].label, "%.5s", day + 5);
		d->weeks[w].cases = FIGURE_NONE;
		d->weeks[w].frt_median = FIGURE_NONE;
		d->weeks[w].csat = FIGURE_NONE;
	}
	if ((e = db_run(db, a,
	                "SELECT DATEDIFF(day, ?) DIV 7, SUM(n) FROM stats_day "
	                "WHERE dim = 'a' AND day BETWEEN ? AND ? AND val = '' AND metric = 1 "
	                "GROUP BY 1",
	                DB_ARGS(DB_STR(d0), DB_STR(d0), DB_STR(d1)), &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++) {
		long long w = db_int(&res.rows[i], 0);

		if (w >= 0 && (size_t)w < nweeks)
			d->weeks[w].cases = (struct figure){true, (double)db_int(&res.rows[i], 1)};
	}
	if ((e = db_run(db, a,
	                "SELECT DATEDIFF(day, ?) DIV 7 w, metric, bucket, SUM(n) FROM stats_hist "
	                "WHERE dim = 'a' AND day BETWEEN ? AND ? AND val = '' AND metric IN (2, 14) "
	                "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
	                DB_ARGS(DB_STR(d0), DB_STR(d0), DB_STR(d1)), &res)) != DB_OK)
		return e;
	for (size_t i = 0, j; i < res.nrows; i = j) {
		long long w = db_int(&res.rows[i], 0), metric = db_int(&res.rows[i], 1);
		struct dash_hist h;

		for (j = i + 1; j < res.nrows && db_int(&res.rows[j], 0) == w &&
		                db_int(&res.rows[j], 1) == metric;
		     j++)
			;
		if (w < 0 || (size_t)w >= nweeks)
			continue;
		h.n = j - i;
		h.b = amalloc(a, h.n * sizeof *h.b);
		for (size_t k = i; k < j; k++)
			h.b[k - i] = (struct dash_bucket){db_int(&res.rows[k], 2), db_int(&res.rows[k], 3)};
		if (metric == DM_FRT) {
			d->weeks[w].frt_median = minutes(hist_median(&h));
		} else {
			long long c[5] = {0};

			for (size_t k = 0; k < h.n; k++)
				if (h.b[k].value >= 1 && h.b[k].value <= 5)
					c[h.b[k].value - 1] = h.b[k].n;
			d->weeks[w].csat = stats_csat(c);
		}
	}
	return DB_OK;
}

/* Distinct customers with an order placed in [f, t) (UTC), the local days
 * d0..d1: from stats_customers_cache while no order has changed since it
 * was counted, else counted over orders (placed_at, customer_id) and kept. */
static enum db_err ordering_customers(struct db *db, struct arena *a, const char *f,
                                      const char *t, const char *d0, const char *d1,
                                      time_t now, long long *out)
{
	struct dbrow *row, *cached;
	const char *max_id, *max_updated;
	char at[20];
	enum db_err e;

	if ((e = db_row(db, a,
	                "SELECT COALESCE(MAX(id), 0), COALESCE(MAX(updated_at), '1970-01-01') "
	                "FROM orders",
	                DB_NOARGS, &row)) != DB_OK)
		return e;
	max_id = row->col[0];
	max_updated = row->col[1];
	if ((e = db_row(db, a,
	                "SELECT customers FROM stats_customers_cache WHERE period_from = ? "
	                "AND period_to = ? AND max_order_id = ? AND max_updated = ? "
	                "AND computed_at > max_updated",
	                DB_ARGS(DB_STR(d0), DB_STR(d1), DB_STR(max_id), DB_STR(max_updated)),
	                &cached)) != DB_OK)
		return e;
	if (cached) {
		*out = db_int(cached, 0);
		return DB_OK;
	}
	if ((e = db_row(db, a,
	                "SELECT COUNT(DISTINCT customer_id) FROM orders "
	                "WHERE placed_at >= ? AND placed_at < ?",
	                DB_ARGS(DB_STR(f), DB_STR(t)), &row)) != DB_OK)
		return e;
	*out = row ? db_int(row, 0) : 0;
	format_db_datetime(now, at);
	/* entries of older orders can never be used again */
	if ((e = db_run(db, NULL,
	                "DELETE FROM stats_customers_cache WHERE max_order_id <> ? OR max_updated <> ?",
	                DB_ARGS(DB_STR(max_id), DB_STR(max_updated)), NULL)) != DB_OK)
		return e;
	return db_run(db, NULL,
	              "REPLACE INTO stats_customers_cache (period_from, period_to, max_order_id, "
	              "max_updated, computed_at, customers) VALUES (?, ?, ?, ?, ?, ?)",
	              DB_ARGS(DB_STR(d0), DB_STR(d1), DB_STR(max_id), DB_STR(max_updated),
	                      DB_STR(at), DB_INT(*out)),
	              NULL);
}

/* dash_load, with the ordering customers counted or not. */
static enum db_err load_period(struct db *db, struct arena *a, time_t from, time_t to, time_t now,
                               const char *dims, bool weeks, bool customers, struct dash *out)
{
	int ndays = (int)((to - from) / DAY_SECS);
	char f[20], t[20];
	struct span span;
	time_t mfrom, mto;
	size_t cap = 0;
	enum db_err e;

	memset(out, 0, sizeof *out);
	if (ndays < 1 || ndays > MAX_DAYS)
		return DB_ERROR;
	if ((e = dash_refresh(db, a, from, to, now, &mfrom, &mto)) != DB_OK)
		return e;
	format_local_date(from, span.d0);
	format_local_date(to - DAY_SECS, span.d1);
	format_local_date(mfrom, span.dm0);
	format_local_date(mto, span.dm1);
	for (const char *p = dims; *p; p++)
		if ((e = load_dim(db, a, *p, &span, out, &cap)) != DB_OK)
			return e;
	if (weeks && (e = load_weeks(db, a, span.d0, span.d1, ndays, out, from)) != DB_OK)
		return e;
	format_db_datetime(from, f);
	format_db_datetime(to, t);
	if (customers && strchr(dims, 'a'))
		return ordering_customers(db, a, f, t, span.d0, span.d1, now, &out->ordering_customers);
	return DB_OK;
}

enum db_err dash_load(struct db *db, struct arena *a, time_t from, time_t to, time_t now,
                      const char *dims, bool weeks, struct dash *out)
{
	return load_period(db, a, from, to, now, dims, weeks, true, out);
}

enum db_err dash_load_dim(struct db *db, struct arena *a, time_t from, time_t to, time_t now,
                          char dim, struct dash *out)
{
	const char dims[2] = {dim, '\0'};

	return load_period(db, a, from, to, now, dims, false, false, out);
}

const struct dash_group *dash_group(const struct dash *d, char dim, const char *val)
{
	for (size_t i = 0; i < d->ngroups; i++)
		if (d->groups[i].dim == dim && strcmp(d->groups[i].val, val) == 0)
			return &d->groups[i];
	return NULL;
}

/* ------------------------------------------------------------- figures */

/* The value of rank (1-based) in h: walks the buckets through stats.h's
 * histogram over bucket indexes (lo 0, width 1). */
static struct figure hist_rank(const struct dash_hist *h, long long rank)
{
	long long seen = 0;

	for (size_t i = 0; i < h->n; i++) {
		seen += h->b[i].n;
		if (seen >= rank)
			return (struct figure){true, (double)h->b[i].value};
	}
	return FIGURE_NONE;
}

/* Nearest-rank percentile of a histogram, as stats.h computes it over the
 * buckets' indexes, mapped back to the bucket's value. */
static struct figure hist_percentile(const struct dash_hist *h, int p, struct arena *a)
{
	long long *counts;
	struct histogram hg;
	struct figure idx;

	if (h->n == 0)
		return FIGURE_NONE;
	counts = amalloc(a, h->n * sizeof *counts);
	for (size_t i = 0; i < h->n; i++)
		counts[i] = h->b[i].n;
	hg = (struct histogram){counts, h->n, 0, 1};
	idx = histogram_percentile(&hg, p);
	if (!idx.known)
		return idx;
	return (struct figure){true, (double)h->b[(size_t)idx.value].value};
}

static struct figure hist_median(const struct dash_hist *h)
{
	long long total = 0;

	for (size_t i = 0; i < h->n; i++)
		total += h->b[i].n;
	if (total == 0)
		return FIGURE_NONE;
	if (total % 2)
		return hist_rank(h, total / 2 + 1);
	return (struct figure){true,
	                       (hist_rank(h, total / 2).value + hist_rank(h, total / 2 + 1).value) / 2};
}

static struct figure count(long long n) { return (struct figure){true, (double)n}; }

static struct figure scaled(struct figure f, double by)
{
	if (f.known)
		f.value /= by;
	return f;
}

void dash_figures(const struct dash *d, const struct dash_group *g, struct dash_figures *f)
{
	struct arena *a;
	long long sla_n = 0, sla_met = 0;

	memset(f, 0, sizeof *f); /* every figure unknown */
	if (!g)
		return; /* no data at all: not even a count of 0 */
	a = arena_new();
	f->cases = count(g->m[DM_CASES].n);
	f->frt_n = count(g->m[DM_FRT].n);
	f->frt_mean = moments_mean(&g->m[DM_FRT]);
	f->frt_median = minutes(hist_median(&g->frt));
	f->frt_p90 = minutes(hist_percentile(&g->frt, 90, a));
	f->frt_waiting = count(g->m[DM_FRT_WAITING].n);
	f->res_n = count(g->m[DM_RES].n);
	f->res_mean = moments_mean(&g->m[DM_RES]);
	f->res_median = minutes(hist_median(&g->res));
	f->res_p90 = minutes(hist_percentile(&g->res, 90, a));
	f->resolution_rate = stats_rate((long long)g->m[DM_FINAL].sum, g->m[DM_FINAL].n);
	f->fcr_rate = stats_rate(g->m[DM_FCR].n, g->m[DM_RES].n);
	f->complaints = count(g->m[DM_COMPLAINTS].n);
	f->praise = count(g->m[DM_PRAISE].n);
	for (int q = 0; q < DASH_QUESTIONS; q++) {
		const struct dash_hist *h = &g->q[q];
		long long c[11] = {0}, total = 0;

		for (size_t k = 0; k < h->n; k++)
			if (h->b[k].value >= 0 && h->b[k].value <= 10)
				c[h->b[k].value] = h->b[k].n;
		if (q == DASH_QUESTIONS - 1) {
			f->nps = stats_nps(c);
			continue;
		}
		for (int v = 1; v <= 5; v++)
			total += c[v];
		f->q_mean[q] = stats_scale_mean(c + 1, 5, 1);
		f->q_sd[q] = stats_scale_stddev(c + 1, 5, 1);
		f->q_csat[q] = stats_csat(c + 1);
		for (int v = 0; v < 5; v++)
			f->q_share[q][v] = stats_rate(c[v + 1], total);
		if (q == DASH_QUESTIONS - 2)
			f->answers = count(total);
	}
	f->response_rate = stats_rate((long long)g->m[DM_INVITED].sum, g->m[DM_INVITED].n);
	for (int t = 0; t < DASH_TIMERS; t++) {
		const struct moments *m = &g->m[DM_SLA_FIRST + t];

		f->sla[t] = stats_rate((long long)m->sum, m->n);
		sla_n += m->n;
		sla_met += (long long)m->sum;
	}
	f->sla_all = stats_rate(sla_met, sla_n);
	f->refund_n = count(g->m[DM_REFUNDS].n);
	f->refund_total = count((long long)g->m[DM_REFUNDS].sum);
	f->refund_total.value /= 100;
	f->refund_mean = scaled(moments_mean(&g->m[DM_REFUNDS]), 100);
	f->return_rate = stats_rate((long long)g->m[DM_UNITS_BACK].sum, (long long)g->m[DM_UNITS_SOLD].sum);
	f->repurchase = stats_rate((long long)g->m[DM_REPURCHASE].sum, g->m[DM_REPURCHASE].n);
	f->solved_24h = stats_rate(g->m[DM_SOLVED_24H].n, g->m[DM_RES].n);
	{
		long long steps = 0;

		for (int k = 0; k < DS__MAX; k++) {
			f->step_n[k] = count(g->m[DM_STEP_FIRST + k].n);
			f->step_wait[k] = moments_mean(&g->m[DM_STEP_FIRST + k]);
			steps += g->m[DM_STEP_FIRST + k].n;
		}
		f->step_all = count(steps);
	}
	for (int w = 0; w < 2; w++) {
		long long c[DASH_BANDS + 1][5] = {{0}};

		for (size_t k = 0; k < g->band[w].n; k++) {
			long long b = g->band[w].b[k].value / 10, v = g->band[w].b[k].value % 10;

			if (b > DASH_BANDS)
				b = DASH_BANDS; /* 9: none */
			if (v >= 1 && v <= 5)
				c[b][v - 1] += g->band[w].b[k].n;
		}
		for (int b = 0; b <= DASH_BANDS; b++) {
			f->band_n[w][b] = count(c[b][0] + c[b][1] + c[b][2] + c[b][3] + c[b][4]);
			f->band_csat[w][b] = stats_csat(c[b]);
		}
	}
	arena_free(a);
}

/* ---------------------------------------------------------- the score */

const char *const dash_weight_names[DW__MAX] = {
	[DW_FIRST_RESPONSE] = "first_response",
	[DW_RESOLUTION] = "resolution",
	[DW_FCR] = "fcr",
	[DW_CSAT] = "csat",
};

enum db_err dash_weights_load(struct db *db, struct arena *a, int w[DW__MAX])
{
	struct dbres res;
	enum db_err e;

	for (int i = 0; i < DW__MAX; i++)
		w[i] = 0;
	if ((e = db_run(db, a,
	                "SELECT name, value FROM settings WHERE name LIKE 'score\\_weight\\_%'",
	                DB_NOARGS, &res)) != DB_OK)
		return e;
	for (size_t k = 0; k < res.nrows; k++) {
		const char *name = res.rows[k].col[0] + strlen("score_weight_");

		for (int i = 0; i < DW__MAX; i++)
			if (strcmp(name, dash_weight_names[i]) == 0)
				w[i] = (int)db_int(&res.rows[k], 1);
	}
	return DB_OK;
}

static int save_tx(struct db *db, void *ctx)
{
	const int *w = ctx;
	enum db_err e;

	for (int i = 0; i < DW__MAX; i++) {
		char name[64], val[16];

		snprintf(name, sizeof name, "score_weight_%s", dash_weight_names[i]);
		snprintf(val, sizeof val, "%d", w[i]);
		if ((e = db_run(db, NULL,
		                "INSERT INTO settings (name, value) VALUES (?, ?) "
		                "ON DUPLICATE KEY UPDATE value = VALUES(value)",
		                DB_ARGS(DB_STR(name), DB_STR(val)), NULL)) != DB_OK)
			return db_fail(e);
	}
	return 0;
}

enum db_err dash_weights_save(struct db *db, struct arena *a, long long staff_id, time_t now,
                              const int w[DW__MAX])
{
	return audit_area_change(db, a, staff_id, AUDIT_WEIGHTS, now, save_tx, (void *)w);
}

/* First response: 8 hours or more scores 0, instant 100; resolution: 14
 * days or more 0; first-contact resolution and CSAT: the rate itself. */
struct figure dash_score(const struct dash_figures *f, const int w[DW__MAX])
{
	const struct score_part parts[DW__MAX] = {
		[DW_FIRST_RESPONSE] = {f->frt_mean, 8 * 3600, 0, w[DW_FIRST_RESPONSE]},
		[DW_RESOLUTION] = {f->res_mean, 14 * DAY_SECS, 0, w[DW_RESOLUTION]},
		[DW_FCR] = {f->fcr_rate, 0, 100, w[DW_FCR]},
		[DW_CSAT] = {f->q_csat[DASH_QUESTIONS - 2], 0, 100, w[DW_CSAT]},
	};

	return stats_weighted_score(parts, DW__MAX);
}
