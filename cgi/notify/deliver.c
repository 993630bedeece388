/*
 * deliver.c — the messages in flight: up to SLOTS at once, claimed from
 * the outbox (domain/delivery.c) as slots free up, each prepared by its
 * channel, sent outside any transaction and settled the moment its
 * transfer ends: sent, another attempt after the next wait of
 * core/retry.c, or failed. A receiver that hangs holds its own slot until
 * its time limit, nobody else's. A crash between a receiver's answer and
 * the record sends that message again once the claim runs out: at least
 * once, same key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify.h"
#include "retry.h"

#define SLOTS 32             /* messages on their way at once */
#define LEASE 60             /* seconds a claim hides its rows; > every transfer's limit */
#define CLAIM_EVERY_MS 1000  /* how often to look for due messages when the last look
                                found fewer than it asked for */

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

/* What became of j, in its row; one log line (no recipient, no secret).
 * False when the database did not take it. */
static bool record(struct notifier *nf, struct job *j, time_t now)
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
	return e == DB_OK;
}

struct claim {
	struct arena *a;  /* its rows and everything their jobs allocate */
	int left;         /* its jobs not yet settled */
};

struct pump {
	CURLM *m;
	struct job slot[SLOTS];
	int busy;                 /* slots in use */
	long long last_claim_ms;
	size_t last_asked, last_found;
	bool down;                /* the database could not be reached, by the last claim
	                             or a record since */
};

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

struct pump *deliver_new(void)
{
	struct pump *p = calloc(1, sizeof *p);

	if (p && !(p->m = transfer_multi())) {
		free(p);
		p = NULL;
	}
	if (p)
		p->last_claim_ms = now_ms() - CLAIM_EVERY_MS;
	return p;
}

void deliver_free(struct pump *p)
{
	if (!p)
		return;
	transfer_multi_free(p->m);
	free(p);
}

int deliver_in_flight(const struct pump *p)
{
	return p->busy;
}

bool deliver_idle(const struct pump *p)
{
	return p->busy == 0 && p->last_found < p->last_asked;
}

/* Records what became of j, frees its slot, and its claim's arena with
 * the last job of the claim. */
static void settle(struct notifier *nf, struct pump *p, struct job *j)
{
	struct claim *c = j->claim;

	if (!record(nf, j, time(NULL)))
		p->down = true; /* until a claim reaches the database again */
	transfer_done(j);
	memset(j, 0, sizeof *j);
	p->busy--;
	if (--c->left == 0)
		arena_free(c->a); /* c lives in it */
}

struct step {
	struct notifier *nf;
	struct pump *p;
};

static void ended(struct job *j, void *ctx)
{
	struct step *s = ctx;

	settle(s->nf, s->p, j);
}

/* Claims due messages for the free slots and starts them. */
static void claim(struct notifier *nf, struct pump *p)
{
	struct arena *a = arena_new();
	size_t want = SLOTS - (size_t)p->busy, n, k = 0;
	struct delivery *rows;
	struct claim *c;

	p->last_claim_ms = now_ms();
	p->last_asked = want;
	p->last_found = 0;
	p->down = delivery_claim(nf->db, a, nf->who, time(NULL), LEASE, want, &rows, &n) != DB_OK;
	if (p->down || n == 0) {
		arena_free(a);
		return;
	}
	p->last_found = n;
	c = amalloc(a, sizeof *c);
	*c = (struct claim){a, (int)n};
	for (size_t i = 0; i < n; i++) {
		struct job *j;

		while (p->slot[k].claim)
			k++;
		j = &p->slot[k];
		*j = (struct job){.d = &rows[i], .a = a, .claim = c};
		p->busy++;
		make_job(nf, j);
		if (!j->h || transfer_start(p->m, j) != 0)
			settle(nf, p, j);
	}
}

int deliver_pump(struct notifier *nf, struct pump *p, bool claim_more, int wait_ms)
{
	struct step s = {nf, p};

	if (claim_more && p->busy < SLOTS &&
	    (p->last_found == p->last_asked || now_ms() - p->last_claim_ms >= CLAIM_EVERY_MS))
		claim(nf, p);
	if (p->busy > 0)
		transfer_step(p->m, wait_ms, ended, &s);
	return p->down ? -1 : p->busy;
}
