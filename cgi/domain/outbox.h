/*
 * outbox.h — what a change tells, written in the change's own transaction
 * (schema/012): the shop's event (the events feed, and one webhook per
 * endpoint that wants its type) and the messages to the customer (e-mail,
 * SMS) in their language. Nothing is sent here: the notification worker
 * (cgi/notify/) delivers the outbox. A rolled-back change leaves no row; a
 * committed one leaves all of them.
 */
#ifndef AFTERCARE_OUTBOX_H
#define AFTERCARE_OUTBOX_H

#include <stdbool.h>
#include <time.h>

#include "db.h"

enum outbox_channel { OUT_EMAIL = 1, OUT_SMS = 2 };

/* The channels to people this process may queue: those configured
 * (smtp_url, sms_url). Once at start, before threads; 0 by default. */
void outbox_channels(unsigned channels);

/* One thing that happened. type: the event's type for the feed and the
 * webhooks (NULL: none, only the customer is told). tmpl: the customer's
 * message (templates/mail/<tmpl>; NULL: the customer is not told). The
 * other fields go into the event's data when set (amount_fen >= 0). */
struct notice {
	const char *type;
	const char *tmpl;
	long long customer_id;
	long long case_id;
	const char *case_no;
	const char *action, *from, *to; /* a step of the state table */
	long long amount_fen;           /* -1: none */
	const char *reference;
	const char *kind;               /* a compensation's: goodwill, postage, coupon */
	const char *carrier, *tracking_no;
	const char *reason;             /* a rejection's reason, a complaint's subject … */
	const char *text;               /* a message's or reply's text (customer messages only) */
	const char *level;              /* a time limit's crossing: at_risk, breached */
	const char *timer;              /* … of which timer (case_timers.timer) */
	const char *due;                /* … due then ("YYYY-MM-DD HH:MM", shop's time);
	                                   the goods' ship-by date ("YYYY-MM-DD") */
	const char *address;            /* where the goods go back to */
	const struct digest_counts *digest; /* the managers' daily digest */
};

/* One shop day for the managers (staff_digest). */
struct digest_counts {
	const char *day;                /* "YYYY-MM-DD", Asia/Shanghai */
	long long created, completed, refunds_fen, breached, at_risk;
};
#define NOTICE_INIT {.amount_fen = -1}

/* Writes the event, its webhooks and the customer's messages (inside the
 * caller's transaction). */
enum db_err outbox_notice(struct db *db, struct arena *a, const struct notice *n, time_t now);

/* Staff are told by e-mail (when the shop has it), in zh-CN: staff_id
 * alone when > 0 (if active, with an e-mail), else every active member
 * holding any role of roles, except except_id either way (who did it
 * needs no mail). tmpl: templates/mail/staff_*.cs; n's fields are the
 * data. once: NULL, or a text naming the message so that it is written at
 * most once per recipient ever (its key derived from once and the
 * member; a second write is ignored). *queued: how many rows. */
enum db_err outbox_staff(struct db *db, struct arena *a, long long staff_id, unsigned roles,
                         long long except_id, const char *tmpl, const struct notice *n,
                         const char *once, time_t now, int *queued);

/* The customer's password-reset code, to the customer alone (no event, no
 * webhook): by e-mail and/or SMS as they chose. *sent: whether any
 * channel could take it. */
enum db_err outbox_reset_code(struct db *db, struct arena *a, long long customer_id,
                              const char *code, time_t now, bool *sent);

#endif
