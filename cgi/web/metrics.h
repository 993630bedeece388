/*
 * metrics.h — what this daemon process has answered, for GET /metrics
 * (Prometheus text format): requests by route and status class, a latency
 * histogram, database errors; and the open cases by time-limit state. Each
 * daemon counts its own requests since it started.
 */
#ifndef AFTERCARE_METRICS_H
#define AFTERCARE_METRICS_H

#include "http.h"

/* One answered request: its route (routes.c index, -1: none matched),
 * status and time. Lock-free; any thread. */
void metrics_record(int route, int status, double ms);
/* The page: the counters and, from the database, open cases by state. */
void page_metrics(struct req *r);

#endif
