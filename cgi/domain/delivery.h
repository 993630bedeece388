/*
 * delivery.h — the worker's side of the outbox (schema/012): claiming due
 * messages so that no other worker sees them, and recording what became of
 * each. A claim is a lease (claimed_until); every record is guarded by the
 * claimant's id, so a worker whose lease ran out and was taken over by
 * another cannot overwrite the other's result.
 */
#ifndef AFTERCARE_DELIVERY_H
#define AFTERCARE_DELIVERY_H

#include <stddef.h>
#include <time.h>

#include "db.h"

/* One claimed message, as outbox.c wrote it. Strings live in the arena
 * given to delivery_claim; NULL for SQL NULL. */
struct delivery {
	long long id;
	const char *msg_key;
	const char *channel;    /* webhook, email, sms */
	const char *event_type;
	long long case_id, endpoint_id;
	const char *recipient;
	const char *lang;
	const char *tmpl;       /* email, sms: templates/mail/<tmpl>.cs */
	const char *data;       /* email, sms: JSON for the template */
	const char *body;       /* webhook: the JSON payload as signed */
	int attempts;           /* failed attempts so far */
};

/* In one transaction: the due messages (queued, next_at passed, no live
 * claim), oldest first, at most max, skipping rows another worker holds
 * locked; each gets claimed_until = now + lease and claimed_by = who.
 * *out (arena) and *n are the claimed rows. */
enum db_err delivery_claim(struct db *db, struct arena *a, const char *who, time_t now,
                           int lease, size_t max, struct delivery **out, size_t *n);

/* Gives a claimed message back untouched (due again at once). */
enum db_err delivery_release(struct db *db, const struct delivery *d, const char *who);

/* Delivered: status sent. */
enum db_err delivery_sent(struct db *db, const struct delivery *d, const char *who, time_t now);
/* Not delivered: another attempt at next_at, error in last_error. */
enum db_err delivery_retry(struct db *db, const struct delivery *d, const char *who,
                           time_t next_at, const char *error);
/* Not delivered and no attempt left (or none worth making): failed. */
enum db_err delivery_failed(struct db *db, const struct delivery *d, const char *who,
                            const char *error);
/* sent and failed also blank a password-reset code's data: the code does
 * not stay in the database once its message is settled. */

/* The secret of an enabled webhook endpoint; *secret NULL when the
 * endpoint is disabled or gone. */
enum db_err delivery_endpoint_secret(struct db *db, struct arena *a, long long endpoint_id,
                                     const char **secret);

/* The settings row webhook_allow: hosts (comma list) a webhook may reach
 * at a non-global address in production; "" when there is none. */
enum db_err delivery_webhook_allow(struct db *db, struct arena *a, const char **hosts);

#endif
