/*
 * cases.h — after-sales cases: creating one (eligibility checked again
 * inside the transaction), reading one with its items, timeline and
 * photos, listing a customer's, and moving one through the state table.
 * One header for the pages; the code is in case_create.c, case_read.c,
 * queue.c (the staff's queue), case_step.c (the state machine, with
 * refunds.c) and case_events.c (the transaction and timeline they share).
 */
#ifndef AFTERCARE_CASES_H
#define AFTERCARE_CASES_H

#include <stdbool.h>
#include <time.h>

#include "db.h"
#include "risk.h"
#include "rules.h"
#include "surveys.h"
#include "workflow.h"

#define CASE_ITEMS_MAX 50
#define CASE_PHOTOS_MAX 6
#define PHOTO_BYTES_MAX (5 << 20)
#define DESCRIPTION_MAX 2000 /* characters */

struct photo {
	const char *filename;
	const char *mime;       /* from image_sniff, never from the client */
	const unsigned char *data;
	size_t len;
};

struct case_new {
	long long customer_id;
	const char *order_no;
	enum case_type type;
	enum reason_code reason;
	const char *description;
	long long amount_fen;    /* refund_only: asked amount; else -1 */
	struct {
		long long order_item_id;
		int qty;
	} items[CASE_ITEMS_MAX];
	size_t nitems;
	struct photo photos[CASE_PHOTOS_MAX];
	size_t nphotos;
	const char *nonce;
	const char *channel;     /* "online", "phone", … */
	bool on_site;            /* repair: at the customer's, not mailed in */
	const char *variant;     /* exchange: what the customer wants instead */
	const char *visit_address; /* on-site repair: where, and when: */
	const char *visit_slot;  /* "YYYY-MM-DD HH-HH" (shop time); NULL otherwise */
	long long remove_photos[CASE_PHOTOS_MAX]; /* resubmit: earlier photos to drop */
	size_t nremove;
	char actor_kind;         /* 'c' customer, 's' staff */
	long long actor_id;
};

enum case_err {
	CASE_OK = 0,
	CASE_NO_ORDER,    /* no such order for this customer */
	CASE_BAD_ITEM,    /* an item not of this order, or qty too high */
	CASE_INELIGIBLE,  /* rules_check said no: see why, bad_item */
	CASE_BAD_AMOUNT,  /* refund_only amount 0 or over what is refundable */
	CASE_DUPLICATE,   /* that nonce made a case already: case_no is it */
	CASE_NOT_FOUND,   /* no such case (or someone else's) */
	CASE_FORBIDDEN,   /* this actor may not take this action */
	CASE_CONFLICT,    /* the case moved on: wrong state or version */
	CASE_TOO_MANY_PHOTOS, /* resubmit: bad_item = how many more may come */
	CASE_BAD_STAFF,   /* assign: no such active staff member, or not a technician */
	CASE_BAD_DEDUCTION, /* inspect_partial: not under what the items were paid (bad_item: that) */
	CASE_DB           /* database: see db_err */
};

struct case_result {
	const char *case_no;
	long long bad_item;
	int max_qty;            /* CASE_BAD_ITEM: units of bad_item still free */
	long long max_fen;      /* CASE_BAD_AMOUNT: what the items may refund */
	enum why_not why;
	enum db_err db;
};

int case_create(struct db *db, struct arena *a, const struct case_new *c,
                time_t now, struct case_result *res);

/* The payment system's word that refund_id of the case reached the
 * customer at credited_at: kept once, with the shop's event
 * refund.credited. The same time again: CASE_OK, nothing written; another:
 * CASE_CONFLICT. CASE_NOT_FOUND: the case has no such refund;
 * CASE_BAD_AMOUNT: credited_at before the refund or in the future. */
int refund_credit(struct db *db, struct arena *a, const char *case_no, long long refund_id,
                  time_t credited_at, time_t now, struct case_result *res);
/* When the case's live refund reached the customer (0: not known yet) and
 * its amount (-1: no live refund). */
enum db_err refund_credited_at(struct db *db, struct arena *a, long long case_id, time_t *at,
                               long long *amount_fen);

/* Runs fn in a transaction for a case_* result: fn's CASE_* code, or
 * CASE_DB with res->db set. */
int case_tx(struct db *db, db_tx_fn fn, void *ctx, struct case_result *res);

/* Appends an event to a case's timeline (inside the caller's tx). at is a
 * UTC DATETIME text; from may be NULL. */
enum db_err case_event_add(struct db *db, long long case_id, const char *at,
                           const struct actor *who, const char *action,
                           const char *from, const char *to, const char *note);

/* A rejected case of the customer's, corrected: new type, reason, items,
 * description and amount (eligibility checked again), more photos; the
 * revision goes up and the case is submitted again. CASE_CONFLICT when the
 * case is not rejected. c->order_no is ignored: the case keeps its order. */
int case_resubmit(struct db *db, struct arena *a, const char *case_no,
                  const struct case_new *c, time_t now, struct case_result *res);

struct case_item_view {
	long long order_item_id;
	const char *name;
	const char *sku;
	int qty;
	long long paid_fen;     /* for the whole order line */
};

struct case_event {
	time_t at;
	char actor_kind;
	const char *actor_name;
	const char *action;
	const char *from_state;
	const char *to_state;
	const char *note;
};

struct attachment_info {
	long long id;
	const char *filename;
	const char *mime;
	long long size;
	bool inspection;        /* taken by the warehouse at a partial inspection */
};

/* A message of a case's thread (messages.c writes them). */
struct message {
	char author_kind;        /* 'c' or 's' */
	const char *author_name; /* staff: their name; customer: NULL */
	const char *body;
	long long attachment_id; /* 0: none */
	time_t at;
};

struct case_view {
	long long id;
	const char *case_no;
	long long customer_id;
	const char *order_no;
	const char *type;
	const char *reason;
	const char *description;
	long long amount_fen;   /* -1: none */
	const char *state;
	int version;
	int revision;
	const char *channel;
	time_t created_at;
	time_t updated_at;
	const char *repair_mode;     /* "on_site", "mail_in"; NULL: not a repair */
	const char *variant;         /* exchange: what the customer wants instead; NULL */
	const char *visit_address;   /* on-site repair: where and when; NULL */
	const char *visit_slot;
	bool fast_refund;
	long long assignee_id;       /* 0: nobody */
	const char *assignee_name;
	long long pending_refund_fen; /* refund_approval: what finance asked; -1 */
	struct case_item_view *items;
	size_t nitems;
	struct case_event *events;
	size_t nevents;
	struct attachment_info *photos; /* the case's own, not messages' */
	size_t nphotos;
	struct message *messages;
	size_t nmessages;
	struct survey survey;        /* survey.case_id 0: no invitation */
	long long calendar_gen;      /* sla.h's calendar_current */
	bool complex;                /* staff marked it complex (sla_mark_complex) */
	int credit_days;             /* its limits' sla_credit_days; 0: the default */
	long long staff_gen;         /* staff.h's staff_active_current */
	long long replies_gen;       /* desk.h's reply_templates_current */
	const char *session;         /* customer_id's CUSTOMER_SESSION_SQL (accounts.h);
	                                NULL for staff (customer_id 0) */
	const char *claim_no;        /* not received: the carrier's claim; NULL: none */
	long long deduction_fen;     /* a partial inspection's deduction; -1: none */
	time_t appealed_at;          /* the customer's appeal; 0: none */
	const char *appeal_reason;
	const char *appeal_decision; /* "upheld", "granted"; NULL: not decided */
	const char *payment_method;  /* the order's ("alipay", …); NULL: not known */
	long long value_fen;         /* what the case's units were paid; -1: not known */
};

/* Whose case it is: *customer_id 0 when there is no such case. */
enum db_err case_customer_of(struct db *db, struct arena *a, const char *case_no,
                             long long *customer_id);

/* The case with its items, timeline, photos and messages, each in order.
 * customer_id 0: any customer's (staff). cv->id == 0 when not found. */
enum db_err case_get(struct db *db, struct arena *a, long long customer_id,
                     const char *case_no, struct case_view *cv);

/* The other cases of the case's order (at most SIBLINGS_MAX, oldest
 * first), for the staff case page: one order, one story. */
#define SIBLINGS_MAX 20
struct case_sibling {
	const char *case_no;
	const char *type;
	const char *state;
	time_t created_at;
};
enum db_err case_siblings(struct db *db, struct arena *a, long long case_id,
                          struct case_sibling **list, size_t *n);

struct case_summary {
	const char *case_no;
	const char *order_no;
	const char *type;
	const char *state;
	time_t created_at;
	time_t updated_at;
	bool shop_replied;      /* a team message newer than the customer's last
	                           look or message (schema/023) */
	bool fast_refund;
	time_t ship_by;         /* the goods' ship-by time; 0: none */
	const char *items;      /* the product names, "、" between them */
	long long photo_id;     /* the case's first own photo; 0: none */
};

#define CASES_PAGE 20
enum db_err cases_of_customer(struct db *db, struct arena *a,
                              long long customer_id, int page,
                              struct case_summary **list, size_t *n,
                              bool *more, const char **session);

/* The staff's work queue: open cases (or those in `state`), the nearest
 * due time first, then the oldest. Empty strings mean "any". q matches a
 * case number, an order number or a customer's phone exactly, the last four
 * digits of a phone, a customer's name from its start (%, _ literal) or
 * (tracking) the customer's return tracking number exactly; sla is
 * "at_risk" (80 % of the nearest limit used) or "breached" at now. */
struct queue_filter {
	const char *state;
	const char *type;
	const char *q;
	const char *sla;
	long long assignee;     /* staff id; 0: anyone's or no one's */
	time_t now;
	int page;
	long long viewer;       /* the staff member reading: *session is theirs */
	const char *tracking;   /* q as a plain tracking number (returns.h); NULL: none */
	int view;               /* QUEUE_VIEW_* index (queue_view_from_name) */
	int sort;               /* index of queue_sort_names */
	long long gen;          /* cases_queue's answer: data_versions 'queue'
	                           as its list read it (0: no row, unknown) */
};

/* The role views of the queue (queue.c's table): "new", "waiting",
 * "at_risk", "overdue" (agents), "returning", "to_inspect" (warehouse),
 * "to_refund", "approvals", "compensations" (finance), "to_ship",
 * "carrier_checks" (logistics: parcels not received), "my_repairs" (tech),
 * "all" (managers; the last). */
#define QUEUE_VIEWS 13
/* A view's count stops at this many (the page says "99+"). */
#define QUEUE_COUNT_CAP 100
#define QUEUE_COUNT_CAP_SQL "100"
#define QUEUE_SORTS 3
extern const char *const queue_sort_names[QUEUE_SORTS]; /* "due", "submitted", "amount" */
const char *queue_view_name(int i);          /* NULL past the last */
int queue_view_from_name(const char *name);  /* -1: no such view */
/* The landing view of a member with these roles (managers: "all"). */
int queue_view_landing(unsigned roles);
/* Is the view one of these roles' own? */
bool queue_view_of_role(int view, unsigned roles);
/* Each view's count, in the table's order (viewer: "my_repairs"), kept
 * by the connection between requests while data_versions 'queue' (schema/029:
 * raised by every change of a case a view reads) is gen and no time limit
 * passed (queue.c "The counts"); gen <= 0: read here. */
enum db_err queue_view_counts(struct db *db, struct arena *a, long long viewer, time_t now,
                              long long gen, long long counts[QUEUE_VIEWS]);
#define QUEUE_GEN_SQL "(SELECT gen FROM data_versions WHERE name = 'queue')"

struct queue_row {
	const char *case_no;
	const char *order_no;
	const char *phone;
	const char *customer_name;
	const char *type;
	const char *state;
	time_t created_at;
	time_t next_due;        /* 0: no timer runs */
	time_t next_due_start;
	const char *assignee;   /* NULL: nobody */
	const char *return_tracking; /* the customer's shipment; NULL: none */
	bool awaiting_reply;    /* a customer's message waits for the team */
	long long value_fen;    /* what the items were paid; -1: not known */
	int version;
	time_t updated_at;      /* last activity */
};

#define QUEUE_PAGE 25
/* *staff_gen: the generation of the staff list (staff.h's
 * staff_active_current) read by the same statement; 0 with no rows.
 * *session: f->viewer's STAFF_SESSION_SQL column (accounts.h); NULL with
 * no rows. */
enum db_err cases_queue(struct db *db, struct arena *a, struct queue_filter *f,
                        struct queue_row **rows, size_t *n, bool *more,
                        long long *staff_gen, const char **session);

/* Open cases by the state of their nearest time limit at now (/metrics). */
struct case_sla_counts {
	long long no_timer, ok, at_risk, breached;
};
enum db_err cases_sla_counts(struct db *db, struct arena *a, time_t now,
                             struct case_sla_counts *out);

/* The customer of a case as staff see it on the case page. */
struct case_customer {
	const char *name;
	const char *phone;
	const char *email;
	const char *city;
	struct risk_facts risk; /* the last RISK_DAYS days before now */
};
enum db_err case_customer_get(struct db *db, struct arena *a, long long customer_id,
                              time_t now, struct case_customer *out);

/* What may still be refunded on a case (see case_transition). */
enum db_err case_refund_cap(struct db *db, struct arena *a, long long case_id,
                            long long *cap_fen);

/* One step asked for, with what that action needs. */
struct step {
	enum case_action act;
	int expected_version;  /* -1: any */
	const char *note;      /* reject reason, inspection note, shipment text */
	long long amount_fen;  /* ACT_REFUND */
	const char *reference; /* ACT_REFUND: payment reference */
	long long staff_id;    /* ACT_ASSIGN */
	long long refund_id;   /* ACT_REFUND_FAIL: which refund (note: why) */
	const char *carrier;   /* ACT_SHIPMENT: the carrier's code (returns.h) */
	const char *tracking_no; /* ACT_SHIPMENT: plain (tracking_normalize) */
	long long cost_fen;    /* ACT_SHIP: postage; ACT_REPAIRED: parts (costs.h); 0: none */
	long long hours100;    /* ACT_REPAIRED: technician hours, hundredths; 0: none */
	const char *claim_no;  /* ACT_CLAIM: the carrier's claim number */
	/* ACT_INSPECT_PARTIAL: the deduction in amount_fen; its photos */
	const struct photo *photos;
	size_t nphotos;
};

/* The facts of a case that choose its way through the state table (CF_*). */
unsigned case_flags(const struct case_view *cv);

/* Moves the case one step: checks the table (state, type, facts, action,
 * who), the expected version, does what the action does and appends the
 * timeline event. One transaction. For a customer actor the case must be
 * theirs (else CASE_NOT_FOUND).
 * - approve: a return of a low-risk customer becomes a fast refund; an
 *   on-site repair starts its arrival limit (same city or not);
 * - refund: recorded and split over the items, never past what each was
 *   paid, never twice; CASE_BAD_AMOUNT when over what may still be
 *   refunded (res->bad_item: the cap in fen). Above the threshold for a
 *   high-risk customer, finance's refund waits for a manager instead;
 * - entering awaiting_return: the case gets its ship-by time (the end of
 *   the shop day ship_by_days later; a first one stays), and the message
 *   says where to send the goods and by when;
 * - shipment: the carrier and tracking number are kept on the case;
 *   pickup: the booked pick-up is confirmed;
 * - assign: the staff member must be active (a technician, to go on-site;
 *   else CASE_BAD_STAFF);
 * - claim (not received): the carrier's claim number is kept on the case;
 * - inspect_partial: the deduction (more than 0, less than what the
 *   case's units were paid, else CASE_BAD_DEDUCTION) is kept, and every
 *   refund of the case is capped by paid − deduction; the inspection's
 *   photos are kept as the case's (marked as the inspection's);
 * - appeal (the customer, once): the reason and time are kept; a manager's
 *   appeal_uphold keeps the verdict, appeal_grant drops the deduction;
 * - refund_failed (the payment system, actor kind 'x'): s->refund_id of
 *   the case could not be paid, for s->note. CASE_NOT_FOUND: no such
 *   refund on the case; CASE_CONFLICT: credited, failed for another
 *   reason, or the case is not refunded (it moved on: finance by hand);
 *   the same failure again: CASE_OK, nothing written. The refund stops
 *   counting as paid and the case waits for finance in refund_pending. */
int case_transition(struct db *db, struct arena *a, const char *case_no,
                    const struct actor *who, const struct step *step,
                    time_t now, struct case_result *res);
/* The same step inside the caller's transaction (a periodic job's): the
 * CASE_* code; CASE_DB means the caller must roll back. */
int case_transition_in_tx(struct db *db, struct arena *a, const char *case_no,
                          const struct actor *who, const struct step *step, time_t now,
                          struct case_result *res);


#endif
