/*
 * audit.h — the manager's audit trail: the timeline events of every case
 * (case_events), newest first, narrowed by case, staff member and period.
 */
#ifndef AFTERCARE_AUDIT_H
#define AFTERCARE_AUDIT_H

#include <stdbool.h>
#include <time.h>

#include "db.h"

#define AUDIT_PAGE 20 /* events a page */

struct audit_filter {
	const char *case_no; /* "" any */
	long long staff_id;  /* 0 any: else events this staff member made */
	time_t from, to;     /* [from, to) UTC; 0 open */
	int page;            /* from 1 */
};

struct audit_event {
	time_t at;
	const char *case_no;
	char actor_kind;        /* c customer, s staff, x system */
	const char *staff_name; /* actor_kind 's' */
	const char *action;
	const char *from_state; /* NULL: the first event of a case */
	const char *to_state;
	const char *note;
};

/* A snapshot of some settings as (key, value) pairs, for the audit of a
 * change: taken before and after it, in the change's transaction. */
struct audit_kv {
	const char *key;
	const char *value; /* NULL: SQL NULL */
};
struct audit_snap {
	struct audit_kv *kv;
	size_t n;
};
/* The rows of a statement that selected (key, value) (run by the caller:
 * SQL stays a literal where it runs). */
void audit_snap_of(struct arena *a, const struct dbres *res, struct audit_snap *s);
/* key's value in s; NULL when absent (or NULL). */
const char *audit_snap_get(const struct audit_snap *s, const char *key, bool *found);
/* One row of audit_log (action, by staff_id) listing only the keys whose
 * value differs between before and after, "key: before → after" ("—": the
 * key was not there), in before's order then after's new keys. Nothing is
 * written when nothing changed; *changed (may be NULL) says which. Generic
 * over the keys: a new setting is audited without a line here. */
enum db_err audit_changes(struct db *db, struct arena *a, long long staff_id,
                          const char *action, const struct audit_snap *before,
                          const struct audit_snap *after, time_t now, bool *changed);

/* The other settings a manager changes, each audited the same way: the
 * whole area's (key, value) rows before and after the change, in the
 * change's transaction, and one audit row of the keys that changed. */
enum audit_area {
	AUDIT_CALENDAR,  /* calendar_overrides: day → working/off (note) */
	AUDIT_ROLES,     /* staff: e-mail → roles, disabled */
	AUDIT_WEIGHTS,   /* settings score_weight_* */
	AUDIT_REPLIES,   /* reply_templates */
	AUDIT_WEBHOOKS,  /* webhook_endpoints (a secret by its fingerprint) */
	AUDIT_SETTINGS,  /* every setting: another page's save (the abuse limits) */
	AUDIT__MAX
};
enum db_err audit_area_snap(struct db *db, struct arena *a, enum audit_area area,
                            struct audit_snap *s);
/* After the change, inside the same transaction: the row of what changed. */
enum db_err audit_area_done(struct db *db, struct arena *a, long long staff_id,
                            enum audit_area area, const struct audit_snap *before, time_t now);
/* fn (a change of single statements, no transaction of its own; returns
 * 0 or db_fail) in a transaction between the two; its nonzero value is
 * returned as a db_err. */
typedef int (*audit_change_fn)(struct db *db, void *ctx);
enum db_err audit_area_change(struct db *db, struct arena *a, long long staff_id,
                              enum audit_area area, time_t now, audit_change_fn fn, void *ctx);

/* One page of events; *more when another page follows. */
enum db_err audit_events(struct db *db, struct arena *a, const struct audit_filter *f,
                         struct audit_event **list, size_t *n, bool *more);

#endif
