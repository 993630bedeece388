/*
 * deliver.c — one round of the worker: claim a batch of due messages
 * (domain/delivery.c), let each channel prepare its transfer, run them all
 * at once outside any transaction, then record each outcome under the
 * claim: sent, another attempt after the next wait of core/retry.c, or
 * failed. A crash between a receiver's answer and the record sends that
 * message again once the claim runs out: at least once, same key.
 */
#include <stdio.h>
#include <string.h>

#include "notify.h"
#include "retry.h"

#define BATCH 32    /* messages per round, on their way at once */
#define LEASE 60    /* seconds a claim hides its rows; > every transfer's limit */

static const struct channel {
	const char *name;
	void (*make)(struct notifier *nf, struct job *j);
} channels[] = {
	{"webhook", webhook_prepare},
	{"email", mail_prepare},
	{"sms", sms_prepare},
};

/* A key that may go into a header as it is. */
static bool plain_key(const char *k)
{
	size_t n = k ? strlen(k) : 0;

	return n > 0 && n <= 64 &&
	       strspn(k, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

static void make_job(struct notifier *nf, struct job *j)
{
	if (!plain_key(j->d->msg_key)) {
		j->verdict = "bad key";
		return;
	}
	for (size_t i = 0; i < sizeof channels / sizeof channels[0]; i++)
		if (j->d->channel && strcmp(j->d->channel, channels[i].name) == 0) {
			channels[i].make(nf, j);
			if (!j->h && !j->verdict && !j->later)
				j->later = "not prepared";
			return;
		}
	j->verdict = "unknown channel";
}

/* What became of j, in its row; one log line (no recipient, no secret). */
static void record(struct notifier *nf, struct job *j, time_t now)
{
	const struct delivery *d = j->d;
	const char *error = j->verdict ? j->verdict : j->later ? j->later : transfer_error(j);
	enum db_err e;
	long wait;

	if (error)
		error = utf8_prefix(j->a, error, 200);
	if (!error) {
		e = delivery_sent(nf->db, d, nf->who, now);
		fprintf(stderr, "notify: %s %s %s sent\n", d->msg_key, d->channel, d->event_type);
	} else if (j->verdict || (wait = retry_wait(d->attempts + 1)) < 0) {
		e = delivery_failed(nf->db, d, nf->who, error);
		fprintf(stderr, "notify: %s %s %s failed: %s\n", d->msg_key, d->channel, d->event_type,
		        error);
	} else {
		e = delivery_retry(nf->db, d, nf->who, now + wait, error);
		fprintf(stderr, "notify: %s %s %s attempt %d: %s; again in %ld s\n", d->msg_key,
		        d->channel, d->event_type, d->attempts + 1, error, wait);
	}
	if (e != DB_OK)
		fprintf(stderr, "notify: %s: the outcome was not recorded (database error %d); "
		                "the message is due again when its claim runs out\n", d->msg_key, (int)e);
}

int deliver_round(struct notifier *nf, time_t now)
{
	struct arena *a = arena_new();
	struct delivery *rows;
	struct job *jobs;
	size_t n;

	if (delivery_claim(nf->db, a, nf->who, now, LEASE, BATCH, &rows, &n) != DB_OK) {
		arena_free(a);
		return -1;
	}
	jobs = amalloc(a, (n ? n : 1) * sizeof *jobs);
	for (size_t i = 0; i < n; i++) {
		jobs[i].d = &rows[i];
		jobs[i].a = a;
		make_job(nf, &jobs[i]);
	}
	transfer_run(jobs, n);
	for (size_t i = 0; i < n; i++) {
		record(nf, &jobs[i], time(NULL));
		transfer_done(&jobs[i]);
	}
	arena_free(a);
	return (int)n;
}
