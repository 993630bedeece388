/*
 * jobs.c — the worker's periodic jobs, one schedule for all of them: each
 * job runs at most once per period across every worker and node (the lock
 * of domain/jobs.c), writes its messages to the outbox in one transaction
 * with its last run, and the rounds of deliver.c send them. A new job is a
 * row of the table below and a function.
 */
#include <stdio.h>
#include <string.h>

#include "complaints.h"
#include "jobs.h"
#include "privacy.h"
#include "notify.h"
#include "sendback.h"

#define LEASE 300 /* seconds a claim holds a job; more than any run takes */
#define DIGEST_HOUR 8 /* the managers' digest, 08:00 Asia/Shanghai */
#define COMPLAINTS_CLOSE_BATCH 1000 /* complaints closed per run at most */
#define RETENTION_HOUR 3    /* the retention job, 03:00 Asia/Shanghai */
#define RETENTION_BATCH 100 /* rows a transaction: short locks on tables pages use */
#define RETENTION_ROUNDS 50 /* transactions a rule a run; the rest waits a day */

struct job_run {
	struct notifier *nf;
	struct arena *a;
	const struct periodic *job;
	time_t now, period_start;
	int queued;
};

static const struct periodic {
	const char *name;
	/* The start of the period now is in: the job is due when its last run
	 * was before it. */
	time_t (*period)(time_t now);
	enum db_err (*run)(struct job_run *r);
	/* The job opens its own (short) transactions; its last run is
	 * recorded after it. */
	bool own_tx;
} schedule[];

/* ---- periods */

static time_t every_minute(time_t now)
{
	return now - 60;
}

static time_t every_hour(time_t now)
{
	return now - 3600;
}

/* The latest hour:00 shop time at or before now. */
static time_t daily_at(time_t now, int hour)
{
	time_t local = now + LOCAL_UTC_OFFSET, at = local - local % 86400 + hour * 3600;

	if (at > local)
		at -= 86400;
	return at - LOCAL_UTC_OFFSET;
}

static time_t daily_at_digest_hour(time_t now)
{
	return daily_at(now, DIGEST_HOUR);
}

static time_t daily_at_retention_hour(time_t now)
{
	return daily_at(now, RETENTION_HOUR);
}

/* ---- jobs */

static enum db_err sla_alerts(struct job_run *r)
{
	return alerts_sla(r->nf->db, r->a, r->now, &r->queued);
}

/* Ship-by dates that passed: reminders, then closes (domain/sendback.c). */
static enum db_err ship_by(struct job_run *r)
{
	return returns_overdue(r->nf->db, r->a, r->now, &r->queued);
}

/* Yesterday's figures (the shop day before the period's). */
static enum db_err manager_digest(struct job_run *r)
{
	time_t day_start = r->period_start - DIGEST_HOUR * 3600 - 86400;
	char day[11];

	format_local_date(day_start, day);
	return alerts_digest(r->nf->db, r->a, day_start, day, r->now, &r->queued);
}

/* Resolutions the customer left unanswered for COMPLAINT_CLOSE_DAYS. */
static enum db_err complaints_close(struct job_run *r)
{
	int closed;

	return complaints_expire(r->nf->db, r->now, COMPLAINTS_CLOSE_BATCH, &closed);
}

/* Closed cases' photos, messages and personal fields past the policy
 * (domain/privacy.c), RETENTION_BATCH rows a transaction. */
static enum db_err retention(struct job_run *r)
{
	long long changed;
	enum db_err e = retention_run(r->nf->db, r->a, r->now, RETENTION_BATCH, RETENTION_ROUNDS,
	                              &changed);

	if (e == DB_OK)
		fprintf(stderr, "notify: retention changed %lld row(s)\n", changed);
	return e;
}

static const struct periodic schedule[] = {
	{"sla_alerts", every_minute, sla_alerts, false},
	{"manager_digest", daily_at_digest_hour, manager_digest, false},
	{"retention", daily_at_retention_hour, retention, true},
	{"complaints_close", every_hour, complaints_close, false},
	{"ship_by", every_minute, ship_by, false},
};

static int run_body(struct db *db, void *ctx)
{
	struct job_run *r = ctx;
	enum db_err e;

	if ((e = r->job->run(r)) != DB_OK || (e = job_done(db, r->job->name, r->now)) != DB_OK)
		return db_fail(e);
	return 0;
}

int jobs_round(struct notifier *nf, time_t now)
{
	int ran = 0;

	for (size_t i = 0; i < sizeof schedule / sizeof schedule[0]; i++) {
		struct job_run r = {nf, NULL, &schedule[i], now, schedule[i].period(now), 0};
		bool won;
		int rc;

		if (job_claim(nf->db, r.job->name, r.period_start, now, LEASE, &won) != DB_OK)
			return -1;
		if (!won)
			continue;
		r.a = arena_new();
		if (r.job->own_tx) {
			enum db_err e = r.job->run(&r);

			rc = e == DB_OK ? -(int)job_done(nf->db, r.job->name, now) : -(int)e;
		} else
			rc = db_tx(nf->db, run_body, &r);
		arena_free(r.a);
		if (rc != 0) {
			fprintf(stderr, "notify: job %s failed (%d); due again\n", r.job->name, rc);
			job_release(nf->db, r.job->name);
			continue;
		}
		fprintf(stderr, "notify: job %s ran: %d message(s)\n", r.job->name, r.queued);
		ran++;
	}
	return ran;
}
