/*
 * metrics.c — counters of this daemon process and the /metrics page.
 */
#include <stdatomic.h>
#include <stdio.h>

#include "cases.h"
#include "metrics.h"
#include "routes.h"

#define ROUTES_MAX 96
#define CLASSES 5 /* 1xx..5xx as 0..4 */

static const double bounds_ms[] = {5, 10, 25, 50, 100, 250, 500, 1000, 2500};
#define NBOUNDS (sizeof bounds_ms / sizeof bounds_ms[0])

static atomic_ullong by_route[ROUTES_MAX + 1][CLASSES]; /* last row: no route */
static atomic_ullong latency[NBOUNDS + 1];              /* last: above all */
static atomic_ullong latency_sum_us;

void metrics_record(int route, int status, double ms)
{
	int row = route >= 0 && route < ROUTES_MAX ? route : ROUTES_MAX;
	int cls = status >= 100 && status < 600 ? status / 100 - 1 : 4;
	size_t b = 0;

	atomic_fetch_add_explicit(&by_route[row][cls], 1, memory_order_relaxed);
	while (b < NBOUNDS && ms > bounds_ms[b])
		b++;
	atomic_fetch_add_explicit(&latency[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&latency_sum_us, (unsigned long long)(ms * 1000),
	                          memory_order_relaxed);
}

void page_metrics(struct req *r)
{
	struct buf out = {0};
	struct case_sla_counts open;
	unsigned long long seen = 0;
	enum db_err e = cases_sla_counts(r->db, r->a, r->now, &open);

	buf_puts(&out, "# HELP aftercare_requests_total Requests answered by this daemon, by route "
	               "and status class.\n# TYPE aftercare_requests_total counter\n");
	for (int i = 0; i <= ROUTES_MAX; i++)
		for (int c = 0; c < CLASSES; c++) {
			unsigned long long n = atomic_load(&by_route[i][c]);
			const char *method = "", *pattern = "none";

			if (!n)
				continue;
			if (i < ROUTES_MAX)
				routes_name(i, &method, &pattern);
			buf_printf(&out, "aftercare_requests_total{method=\"%s\",route=\"%s\",status=\"%dxx\"} %llu\n",
			           method, pattern, c + 1, n);
		}
	buf_puts(&out, "# HELP aftercare_request_duration_ms Time to answer, in milliseconds.\n"
	               "# TYPE aftercare_request_duration_ms histogram\n");
	for (size_t b = 0; b <= NBOUNDS; b++) {
		seen += atomic_load(&latency[b]);
		if (b < NBOUNDS)
			buf_printf(&out, "aftercare_request_duration_ms_bucket{le=\"%g\"} %llu\n", bounds_ms[b], seen);
		else
			buf_printf(&out, "aftercare_request_duration_ms_bucket{le=\"+Inf\"} %llu\n", seen);
	}
	buf_printf(&out, "aftercare_request_duration_ms_sum %.3f\naftercare_request_duration_ms_count %llu\n",
	           (double)atomic_load(&latency_sum_us) / 1000.0, seen);
	buf_printf(&out, "# HELP aftercare_db_errors_total Database errors of this daemon.\n"
	                 "# TYPE aftercare_db_errors_total counter\naftercare_db_errors_total %llu\n",
	           db_errors_total());
	if (e == DB_OK)
		buf_printf(&out, "# HELP aftercare_open_cases Open cases by the state of their nearest time limit.\n"
		                 "# TYPE aftercare_open_cases gauge\n"
		                 "aftercare_open_cases{sla=\"none\"} %lld\naftercare_open_cases{sla=\"ok\"} %lld\n"
		                 "aftercare_open_cases{sla=\"at_risk\"} %lld\naftercare_open_cases{sla=\"breached\"} %lld\n",
		           open.no_timer, open.ok, open.at_risk, open.breached);
	buf_printf(&out, "aftercare_up{database=\"%s\"} 1\n", e == DB_OK ? "ok" : "down");
	http_send(r, 200, "text/plain; version=0.0.4; charset=utf-8", out.p, out.len);
	buf_free(&out);
}
