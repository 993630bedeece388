/*
 * metrics.h — what this daemon process has answered, for GET /metrics
 * (Prometheus text format, page_metrics.c): requests by route and status
 * class, and a latency histogram. Each daemon counts its own requests
 * since it started.
 */
#ifndef AFTERCARE_METRICS_H
#define AFTERCARE_METRICS_H

#include "util.h"

/* Routes counted one by one (routes.c asserts its table fits). */
#define METRICS_ROUTES_MAX 192

/* One answered request: its route (routes.c index, -1: none matched) with
 * the route's method and pattern (static strings, kept by pointer; NULL
 * when none matched), status and time. Lock-free; any thread. */
void metrics_record(int route, const char *method, const char *pattern, int status, double ms);
/* The counters and the histogram in Prometheus text format. */
void metrics_write(struct buf *out);

#endif
