/*
 * page_metrics.c — GET /metrics: this daemon's counters (metrics.c), its
 * database errors and, from the database, the open cases by the state of
 * their nearest time limit and the outbox's messages by state.
 */
#include <stdio.h>

#include "cases.h"
#include "metrics.h"
#include "notifications.h"
#include "pages.h"

void page_metrics(struct req *r)
{
	struct buf out = {0};
	struct case_sla_counts open;
	long long msgs[3];
	enum db_err e = cases_sla_counts(r->db, r->a, r->now, &open);

	if (e == DB_OK)
		e = notifications_counts(r->db, r->a, msgs);

	metrics_write(&out);
	buf_printf(&out, "# HELP aftercare_db_errors_total Database errors of this daemon.\n"
	                 "# TYPE aftercare_db_errors_total counter\naftercare_db_errors_total %llu\n",
	           db_errors_total());
	if (e == DB_OK)
		buf_printf(&out, "# HELP aftercare_open_cases Open cases by the state of their nearest time limit.\n"
		                 "# TYPE aftercare_open_cases gauge\n"
		                 "aftercare_open_cases{sla=\"none\"} %lld\naftercare_open_cases{sla=\"ok\"} %lld\n"
		                 "aftercare_open_cases{sla=\"at_risk\"} %lld\naftercare_open_cases{sla=\"breached\"} %lld\n",
		           open.no_timer, open.ok, open.at_risk, open.breached);
	if (e == DB_OK)
		buf_printf(&out, "# HELP aftercare_outbox_messages Messages and webhook deliveries by state.\n"
		                 "# TYPE aftercare_outbox_messages gauge\n"
		                 "aftercare_outbox_messages{status=\"queued\"} %lld\n"
		                 "aftercare_outbox_messages{status=\"sent\"} %lld\n"
		                 "aftercare_outbox_messages{status=\"failed\"} %lld\n",
		           msgs[0], msgs[1], msgs[2]);
	buf_printf(&out, "aftercare_up{database=\"%s\"} 1\n", e == DB_OK ? "ok" : "down");
	http_send(r, 200, "text/plain; version=0.0.4; charset=utf-8", out.p, out.len);
	buf_free(&out);
}
