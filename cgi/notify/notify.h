/*
 * notify.h — what the files of the notification worker share: the worker
 * (its configuration, keys, database connection and parsed templates) and
 * one job, a claimed message on its way through libcurl. Each channel
 * prepares a job (mail.c, sms.c, webhook.c), transfer.c runs a batch of
 * them at once, deliver.c claims the batch and records every outcome.
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

struct job {
	struct delivery *d;
	struct arena *a;          /* the batch's */
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
/* Runs every job with a handle at once; sets each j->code. */
void transfer_run(struct job *jobs, size_t n);
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

/* ---- deliver.c: one round; the number of messages claimed, -1 when the
 * database could not be reached. */
int deliver_round(struct notifier *nf, time_t now);

/* ---- jobs.c: the periodic jobs due now, each claimed in the database so
 * that one worker of all runs it; how many ran, -1 when the database could
 * not be reached. */
int jobs_round(struct notifier *nf, time_t now);

#endif
