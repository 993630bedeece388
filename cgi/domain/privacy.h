/*
 * privacy.h — a customer's personal data (issue 16, PIPL): who may see
 * contact details (revealing them is audited), everything the shop holds
 * about a customer as one JSON document, erasure (at the customer's
 * request or a manager's on a written one) and the retention of closed
 * cases' photos, messages and personal fields.
 */
#ifndef AFTERCARE_PRIVACY_H
#define AFTERCARE_PRIVACY_H

#include <stdbool.h>
#include <time.h>

#include "db.h"

/* What replaces personal text that is erased (timeline notes, messages,
 * the outbox's and the feed's copies). */
#define ERASED_MARK "[erased]"

/* One row of the audit trail (audit_log); 0 ids for none. */
enum db_err audit_add(struct db *db, long long staff_id, long long customer_id, long long case_id,
                      const char *action, const char *note, time_t now);

/* Records that staff_id revealed the contact details of case_no's
 * customer; *found false (nothing written) when there is no such case. */
enum db_err privacy_reveal(struct db *db, struct arena *a, long long staff_id,
                           const char *case_no, time_t now, bool *found);

/* Everything the shop holds about the customer that the customer may
 * see, as JSON text in the arena: account, orders with items, cases with
 * items, timeline, messages, photos (links), refunds and survey, and
 * complaints. No internal notes, risk figures or staff beyond the display
 * name on a message. */
enum db_err privacy_export(struct db *db, struct arena *a, long long customer_id, time_t now,
                           const char **json);

/* The customer with this phone or e-mail, erased ones too (whose phone
 * is "erased-<id>"); *id 0: none. */
enum db_err privacy_customer(struct db *db, struct arena *a, const char *login, long long *id);

enum erase_result { ERASE_DONE, ERASE_ALREADY, ERASE_NO_CUSTOMER };

/* Erases the customer's personal data at once, in one transaction: the
 * account is closed (no password, a placeholder phone, its sessions end)
 * and name, phone, e-mail, city, case descriptions, timeline notes,
 * messages' text, photos, survey comments and complaints' text are
 * replaced by ERASED_MARK or removed, in the outbox and the events feed
 * too. Orders, cases, events and refunds keep their facts (amounts,
 * dates, references, states), so every figure stays. staff_id: the
 * manager acting on a written request (note: its reference), 0: the
 * customer. *erased_at: when (the earlier one for ERASE_ALREADY). */
enum db_err privacy_erase(struct db *db, struct arena *a, long long customer_id, long long staff_id,
                          const char *note, time_t now, enum erase_result *res,
                          time_t *erased_at);

/* The retention policy (settings retention_*_days). */
struct retention {
	int photo_days;    /* closed cases' photos */
	int message_days;  /* closed cases' messages' text */
	int personal_days; /* closed cases' personal fields */
	int refund_days;   /* refund records' references after erasure */
};
#define RETENTION_DAYS_MAX 36500
enum db_err retention_load(struct db *db, struct arena *a, struct retention *rp);
enum db_err retention_save(struct db *db, const struct retention *rp);

/* Applies the policy to cases final and unchanged for that long: at most
 * batch rows a transaction, at most rounds transactions a kind; *changed:
 * rows changed. Each transaction is short (a batch by primary key). */
enum db_err retention_run(struct db *db, struct arena *a, time_t now, int batch, int rounds,
                          long long *changed);

#endif
