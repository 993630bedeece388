/*
 * dashboard.h — the figures of the manager's dashboard and performance
 * pages (DESIGN.md §3 "Metrics"), as stats.h defines them, read from the
 * daily summaries of schema/009 (refreshed first where stale) and summed
 * over the period: overall, per type, reason, channel and staff member,
 * and per week.
 */
#ifndef AFTERCARE_DASHBOARD_H
#define AFTERCARE_DASHBOARD_H

#include <time.h>

#include "db.h"
#include "timers.h"
#include "stats.h"

/* The metric numbers of stats_day / stats_hist (schema/009). */
enum dash_metric {
	DM_CASES = 1,        /* cases submitted: n */
	DM_FRT = 2,          /* first response seconds of those: moments, hist */
	DM_FRT_WAITING = 3,  /* of those, still waiting: n */
	DM_RES = 4,          /* completions: seconds since submission; moments, hist */
	DM_FCR = 5,          /* completions resolved at first contact: n */
	DM_FINAL = 6,        /* cases that reached their final state: n */
	DM_FINAL_DONE = 7,   /* of those, completed: n */
	DM_COMPLAINTS = 8,   /* complaints filed: n */
	DM_INVITED = 9,      /* survey invitations sent: n */
	DM_ANSWERED = 10,    /* of those, answered (at any time): n */
	DM_Q_FIRST = 11,     /* hist of answers: 11 attitude … 14 overall, 15 recommend */
	DM_PRAISE = 16,      /* praise filed (staff: the member praised): n */
	DM_SOLVED_24H = 17,  /* completions within 24 h of submission: n */
	DM_SLA_FIRST = 20,   /* 20 + timer (SLA_* order): n decided, total met */
	DM_REFUNDS = 30,     /* refunds issued: n, total fen, sum of squares */
	DM_UNITS_SOLD = 40,  /* units of orders placed: total */
	DM_UNITS_BACK = 41,  /* of those, returned and received: total */
	DM_REPURCHASE = 50,  /* customers whose 90-day window ended: n, total rebought */
	DM_STEP_FIRST = 60,  /* staff only, val the member who took the step: 60 + dash_step,
	                      * n steps, total/sumsq seconds since the case's previous event */
	DM_BAND_FRT = 66,    /* hist, 'a' only: overall answers, bucket first-response band * 10 + answer */
	DM_BAND_RES = 67,    /* hist, 'a' only: the same by resolution band */
	DM__MAX = 72
};

/* The kinds of step credited to the member who took it (a role's work). */
enum dash_step { DS_AGENT, DS_WAREHOUSE, DS_FINANCE, DS_TECH, DS_LOGISTICS, DS__MAX };
extern const char *const dash_step_names[DS__MAX]; /* "agent", "warehouse" … */

/* Satisfaction by time band (§7.2.1): the bands' upper bounds in seconds
 * (the last open); band 9 in the summaries is "none" (never answered /
 * never completed). */
#define DASH_BANDS 5
extern const long long dash_frt_band_upper[DASH_BANDS - 1]; /* 1 h, 2 h, 8 h, 24 h */
extern const long long dash_res_band_upper[DASH_BANDS - 1]; /* 1, 3, 7, 14 days */

#define DASH_QUESTIONS 5 /* attitude, speed, resolution, overall, recommend */
#define DASH_TIMERS SLA_REPLY /* the timers of timers.h before the reply limit, in their order */

/* One bucket of a histogram: a value (minutes, or a rating) and its count. */
struct dash_bucket {
	long long value;
	long long n;
};

struct dash_hist {
	struct dash_bucket *b; /* ascending value */
	size_t n;
};

/* The sums of one group (all cases, one type, one staff member …). */
struct dash_group {
	char dim;                 /* 'a', 't', 'r', 'c', 's' */
	const char *val;          /* '' for 'a'; the type … ; the staff id */
	struct moments m[DM__MAX];
	struct dash_hist frt, res;
	struct dash_hist q[DASH_QUESTIONS];
	struct dash_hist band[2];  /* DM_BAND_FRT, DM_BAND_RES */
};

/* What a page shows for a group. Times in seconds, money in yuan. */
struct dash_figures {
	struct figure cases;
	struct figure frt_n, frt_mean, frt_median, frt_p90, frt_waiting;
	struct figure res_n, res_mean, res_median, res_p90;
	struct figure resolution_rate, fcr_rate, complaints, praise;
	struct figure q_mean[DASH_QUESTIONS], q_sd[DASH_QUESTIONS];
	struct figure q_share[DASH_QUESTIONS][5]; /* % answering 1..5 */
	struct figure q_csat[DASH_QUESTIONS];
	struct figure nps, response_rate, answers;
	struct figure sla[DASH_TIMERS], sla_all;
	struct figure refund_n, refund_total, refund_mean;
	struct figure return_rate, repurchase; /* overall only */
	struct figure solved_24h;                /* % of completions within 24 h */
	struct figure step_n[DS__MAX];           /* staff: steps taken of each kind */
	struct figure step_wait[DS__MAX];        /* … mean seconds they waited for the member */
	struct figure step_all;                  /* all steps taken */
	/* overall only: answers and CSAT by band (DASH_BANDS, then "none") */
	struct figure band_n[2][DASH_BANDS + 1], band_csat[2][DASH_BANDS + 1];
};

struct dash_week {
	char label[6];  /* "MM-DD" of the week's first day */
	struct figure cases, frt_median, csat;
};

struct dash {
	struct dash_group *groups;
	size_t ngroups;
	struct dash_week *weeks;
	size_t nweeks;
	long long ordering_customers; /* distinct customers with an order */
};

/* [from, to) are the starts of local days as parse_date gives them (00:00
 * Asia/Shanghai in UTC; to: the day after the last, as req_period).
 * Refreshes the stale days of the period, then sums it: dims is the set
 * of dimensions wanted ("atrcs"), weeks whether the weekly trend is
 * wanted too. */
enum db_err dash_load(struct db *db, struct arena *a, time_t from, time_t to, time_t now,
                      const char *dims, bool weeks, struct dash *out);

/* As dash_load for one dimension alone, from the summaries only: no
 * weekly trend, no count of ordering customers (an improvement action's
 * metric before and after its measure). */
enum db_err dash_load_dim(struct db *db, struct arena *a, time_t from, time_t to, time_t now,
                          char dim, struct dash *out);

/* The group of dim/val, or NULL when the period has nothing for it. */
const struct dash_group *dash_group(const struct dash *d, char dim, const char *val);
/* The figures of g (NULL: a group with no data: every figure unknown,
 * counts too). */
void dash_figures(const struct dash *d, const struct dash_group *g, struct dash_figures *f);

/* The staff score's weights (settings score_weight_*). */
enum dash_weight { DW_FIRST_RESPONSE, DW_RESOLUTION, DW_FCR, DW_CSAT, DW__MAX };
extern const char *const dash_weight_names[DW__MAX]; /* "first_response" … */
enum db_err dash_weights_load(struct db *db, struct arena *a, int w[DW__MAX]);
/* Audited (audit.h AUDIT_WEIGHTS) as staff_id's change. */
enum db_err dash_weights_save(struct db *db, struct arena *a, long long staff_id, time_t now,
                              const int w[DW__MAX]);
/* The weighted score of a member's figures (stats_weighted_score). */
struct figure dash_score(const struct dash_figures *f, const int w[DW__MAX]);

#endif
