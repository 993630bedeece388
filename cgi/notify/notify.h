/*
 * notify.h — what the files of the notification worker share: the worker
 * (its configuration, keys, database connection and parsed templates) and
 * one job, a claimed message on its way through libcurl. Each channel
 * prepares a job (mail.c, sms.c, webhook.c), transfer.c runs them on one
 * multi handle, deliver.c keeps up to a fixed number in flight, claiming
 * more as slots free up, and records each outcome as it comes.
 */
#ifndef AFTERCARE_NOTIFY_H
#define AFTERCARE_NOTIFY_H

#include <stdbool.h>
#include <time.h>

#include <curl/curl.h>

#include "config.h"
#include "delivery.h"
#include "session.h"
#include "view.h"

struct notifier {
	struct config cfg;
	struct keyring keys;  /* signs the survey links in messages */
	struct db *db;
	struct view_cache *vc;
	char who[64];         /* this worker's id: claimed_by */
	char site[512];       /* public_url without a trailing "/" */
	char host[256];       /* public_url's host: the Message-ID's right side */
};

struct claim;

struct job {
	struct delivery *d;
	struct arena *a;          /* its claim's */
	struct claim *claim;      /* the claim it came in (deliver.c) */
	CURL *h;                  /* NULL: settled without a transfer */
	struct curl_slist *list;  /* HTTP headers, or the SMTP recipient */
	struct buf payload;       /* the request body or the message */
	size_t sent;              /* of payload, read so far (SMTP upload) */
	const char *verdict;      /* set before a transfer: failed for good, why */
	const char *later;        /* set before a transfer: try again later, why */
	bool guard;               /* connect only to global addresses */
	bool allow_loopback;      /* … and loopback (demo mode) */
	bool refused;             /* the guard refused an address */
	CURLcode code;            /* the transfer's result */
};

/* ---- mail.c, sms.c, webhook.c: each makes j->h ready, or sets j->verdict */
void mail_prepare(struct notifier *nf, struct job *j);
void sms_prepare(struct notifier *nf, struct job *j);
void webhook_prepare(struct notifier *nf, struct job *j);

/* ---- transfer.c: libcurl */
/* A handle with the options every transfer shares: url, no proxy, no
 * redirects, the timeouts (seconds), errors and the answer kept out of
 * stdout; the guard when j->guard. NULL (and j->verdict) on failure. */
CURL *transfer_handle(struct job *j, const char *url, long connect_s, long total_s);
/* A POST of j->payload as content_type with the extra headers in j->list. */
void transfer_post(struct job *j, const char *content_type);
/* An SMTP upload of j->payload (the whole message). */
void transfer_upload(struct job *j);
/* The multi handle every transfer in flight shares (NULL: out of memory). */
CURLM *transfer_multi(void);
void transfer_multi_free(CURLM *m);
/* Puts j's handle on its way; -1 (and j->code) when it cannot be. */
int transfer_start(CURLM *m, struct job *j);
/* Moves every transfer along, waiting up to wait_ms for activity when
 * some are running; calls done() for each that ended (j->code set, the
 * handle off m). The number still running. */
int transfer_step(CURLM *m, int wait_ms, void (*done)(struct job *j, void *ctx), void *ctx);
/* NULL when the job's transfer delivered (SMTP accepted, HTTP 2xx), else
 * a short reason without URLs or credentials (arena). */
const char *transfer_error(struct job *j);
/* Frees the handle and lists of j. */
void transfer_done(struct job *j);

/* ---- render.c: a message from templates/mail/<tmpl>.cs in its language */
enum { PART_SUBJECT = 1, PART_TEXT = 2, PART_HTML = 4, PART_SMS = 8 };
struct rendered {
	const char *subject, *text, *html, *sms;
};
/* The parts asked for (arena); -1 with *error when the message cannot be
 * made (unknown template, bad data). */
int render_message(struct notifier *nf, struct arena *a, const struct delivery *d,
                   unsigned parts, struct rendered *out, const char **error);

/* ---- deliver.c: the messages in flight. deliver_pump claims due messages
 * for the free slots (at once when the last claim filled every slot it
 * asked for, else at most once a second), starts them and settles those
 * that ended, waiting up to wait_ms; it returns how many are in flight,
 * or -1 when the database could not be reached for a claim. */
struct pump;
struct pump *deliver_new(void);
int deliver_pump(struct notifier *nf, struct pump *p, bool claim, int wait_ms);
/* Messages claimed and not yet settled. */
int deliver_in_flight(const struct pump *p);
/* Nothing in flight and the last claim found fewer messages than it asked
 * for: nothing more is due now. */
bool deliver_idle(const struct pump *p);
void deliver_free(struct pump *p);

/* ---- jobs.c: the periodic jobs due now, each claimed in the database so
 * that one worker of all runs it; how many ran, -1 when the database could
 * not be reached. */
int jobs_round(struct notifier *nf, time_t now);

#endif
