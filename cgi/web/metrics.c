/*
 * metrics.c — counters of this daemon process: requests by route and
 * status class, and a latency histogram. http.c hands each answered
 * request over (metrics_record); page_metrics.c writes them out.
 */
#include <stdatomic.h>
#include <stdio.h>

#include "metrics.h"

#define ROUTES_MAX METRICS_ROUTES_MAX
#define CLASSES 5 /* 1xx..5xx as 0..4 */

static const double bounds_ms[] = {5, 10, 25, 50, 100, 250, 500, 1000, 2500};
#define NBOUNDS (sizeof bounds_ms / sizeof bounds_ms[0])

static atomic_ullong by_route[ROUTES_MAX + 1][CLASSES]; /* last row: no route */
static atomic_ullong latency[NBOUNDS + 1];              /* last: above all */
static atomic_ullong latency_sum_us;
/* Each route's method and pattern as its first request handed them over
 * (static strings of the route table: the same pointers every time). */
static _Atomic(const char *) route_method[ROUTES_MAX], route_pattern[ROUTES_MAX];

void metrics_record(int route, const char *method, const char *pattern, int status, double ms)
{
	int row = route >= 0 && route < ROUTES_MAX ? route : ROUTES_MAX;
	int cls = status >= 100 && status < 600 ? status / 100 - 1 : 4;
	size_t b = 0;

	if (row < ROUTES_MAX && method && pattern && !atomic_load(&route_pattern[row])) {
		atomic_store(&route_method[row], method);
		atomic_store(&route_pattern[row], pattern);
	}
	atomic_fetch_add_explicit(&by_route[row][cls], 1, memory_order_relaxed);
	while (b < NBOUNDS && ms > bounds_ms[b])
		b++;
	atomic_fetch_add_explicit(&latency[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&latency_sum_us, (unsigned long long)(ms * 1000),
	                          memory_order_relaxed);
}

void metrics_write(struct buf *out)
{
	unsigned long long seen = 0;

	buf_puts(out, "# HELP aftercare_requests_total Requests answered by this daemon, by route "
	              "and status class.\n# TYPE aftercare_requests_total counter\n");
	for (int i = 0; i <= ROUTES_MAX; i++)
		for (int c = 0; c < CLASSES; c++) {
			unsigned long long n = atomic_load(&by_route[i][c]);
			const char *method = "", *pattern = "none";

			if (!n)
				continue;
			if (i < ROUTES_MAX && atomic_load(&route_pattern[i])) {
				method = atomic_load(&route_method[i]);
				pattern = atomic_load(&route_pattern[i]);
			}
			buf_printf(out, "aftercare_requests_total{method=\"%s\",route=\"%s\",status=\"%dxx\"} %llu\n",
			           method, pattern, c + 1, n);
		}
	buf_puts(out, "# HELP aftercare_request_duration_ms Time to answer, in milliseconds.\n"
	              "# TYPE aftercare_request_duration_ms histogram\n");
	for (size_t b = 0; b <= NBOUNDS; b++) {
		seen += atomic_load(&latency[b]);
		if (b < NBOUNDS)
			buf_printf(out, "aftercare_request_duration_ms_bucket{le=\"%g\"} %llu\n", bounds_ms[b], seen);
		else
			buf_printf(out, "aftercare_request_duration_ms_bucket{le=\"+Inf\"} %llu\n", seen);
	}
	buf_printf(out, "aftercare_request_duration_ms_sum %.3f\naftercare_request_duration_ms_count %llu\n",
	           (double)atomic_load(&latency_sum_us) / 1000.0, seen);
}
