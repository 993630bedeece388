/*
 * rules.h — which after-sales requests an order item qualifies for, and
 * why not (DESIGN.md §3 "Eligibility"). Pure: the caller loads the policy
 * (settings a manager can change) and the facts about the item from the
 * database; this file only decides. The same function runs when
 * /my/orders shows the item and again when a case is submitted.
 */
#ifndef AFTERCARE_RULES_H
#define AFTERCARE_RULES_H

#include <stdbool.h>
#include <time.h>

enum case_type {
	TYPE_RETURN_REFUND,
	TYPE_EXCHANGE,
	TYPE_REFUND_ONLY,
	TYPE_REPAIR,
	TYPE__MAX
};

enum reason_code {
	REASON_QUALITY_DEFECT,
	REASON_NOT_AS_DESCRIBED,
	REASON_DAMAGED_IN_TRANSIT,
	REASON_WRONG_ITEM,
	REASON_MISSING_PARTS,
	REASON_NO_REASON,
	REASON_OTHER,
	REASON_NOT_RECEIVED, /* refund_only: never delivered, or the parcel is lost */
	REASON__MAX
};

/* Where a case came from: the portal, or staff registering it for the
 * customer (the channels from CHANNEL_PHONE on). */
enum channel {
	CHANNEL_ONLINE,
	CHANNEL_PHONE,
	CHANNEL_EMAIL,
	CHANNEL_CHAT,
	CHANNEL_SOCIAL,
	CHANNEL__MAX
};

/* Names used in URLs, forms, the database and language keys. */
extern const char *const case_type_names[TYPE__MAX];
extern const char *const reason_names[REASON__MAX];
extern const char *const channel_names[CHANNEL__MAX];
/* -1 when name is not one of them. */
int case_type_from_name(const char *name);
int reason_from_name(const char *name);
int channel_from_name(const char *name);

/* Shop-wide windows, in days after delivery (settings table). */
struct policy {
	int no_reason_days;        /* 7: no-reason return */
	int quality_return_days;   /* 7: return for a quality problem */
	int quality_exchange_days; /* 15: exchange for a quality problem */
	int quality_repair_days;   /* 15: repair for a quality problem */
	int refund_only_days;      /* 15: (partial) refund without return */
};

/* Per product category (categories table). */
struct category_rule {
	bool no_reason_ok;  /* false: customised, perishable, digital, hygiene */
	bool returnable;    /* false: nothing but repair/refund_only ever */
	int warranty_days;  /* repair under warranty; 0 = none */
};

struct item_facts {
	time_t delivered_at;       /* 0: not delivered yet */
	int qty;                   /* bought */
	int qty_open;              /* in open cases now */
	int qty_returned;          /* already returned in completed cases */
	long long paid_fen;        /* paid for all qty */
	long long refunded_fen;    /* refunded so far */
};

enum why_not {
	WHY_OK = 0,
	WHY_NOT_DELIVERED,   /* not delivered yet */
	WHY_WINDOW_PASSED,   /* the window for this type ended at .until */
	WHY_CATEGORY,        /* the category excludes this type/reason */
	WHY_IN_OPEN_CASE,    /* every unit is already in an open case */
	WHY_NOTHING_LEFT,    /* all units returned, or all money refunded */
	WHY_REASON_TYPE      /* this reason does not go with this type */
};

struct verdict {
	enum why_not why;   /* WHY_OK: allowed */
	time_t until;       /* WHY_OK and WHY_WINDOW_PASSED: the window's last
	                       allowed second, t + D*86400 - 1; 0 otherwise */
	int qty_available;  /* units that may still go into a new case */
	long long refundable_fen; /* paid_fen - refunded_fen */
	bool no_reason;     /* return_refund with reason -1: a no-reason return
	                       is possible too (else quality reasons only);
	                       with reason no_reason: the verdict is WHY_OK */
};

/* A window of D days after delivery at t includes every instant up to and
 * including t + D*86400 - 1, and excludes t + D*86400. */

/* May the item go into a case of this type for this reason, now?
 * reason = -1: "for some reason" — the verdict shown on /my/orders for a
 * type, i.e. the most generous reason that fits (no-reason for returns
 * when the category allows it, else a quality reason). For return_refund
 * it is WHY_OK when either is, until the later of the two; when neither
 * is, the quality return's verdict, except that the no-reason one is
 * shown when both windows passed and it ended later. Checks, first
 * failing one wins: delivered, reason fits type, category, units/money
 * left (open case), window. not_received goes with refund_only alone and
 * needs no delivery (an undelivered order's refund_only verdict for
 * reason -1 is the not_received one); delivered, it keeps the refund-only
 * window. An unknown type or reason is WHY_REASON_TYPE;
 * c = NULL means the strictest category (no returns, no warranty). */
void rules_check(const struct policy *p, const struct category_rule *c,
                 const struct item_facts *f, time_t now, enum case_type t,
                 int reason, struct verdict *out);

/* Language key of a why_not, e.g. "why_window_passed". */
const char *why_not_key(enum why_not w);

#endif
