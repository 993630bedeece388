/*
 * improvements.h — improvement actions (issue 15): a measure decided from
 * a dashboard figure, with an owner and a due date, and the figure it
 * should move read from the dashboard's daily summaries: its baseline when
 * the action was opened, then the same number of days before and after
 * the measure started. Every change is in audit_log.
 */
#ifndef AFTERCARE_IMPROVEMENTS_H
#define AFTERCARE_IMPROVEMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "db.h"
#include "stats.h"

#define IMP_WINDOW_DAYS 28 /* the baseline and the longest before/after window */
#define IMP_PAGE 20        /* actions a page of the list */
#define IMP_TITLE_MAX 100  /* characters */
#define IMP_TEXT_MAX 2000
#define IMP_NOTE_MAX 500

/* How a metric's value is shown; up_good: a higher value is better. */
enum imp_unit { IMP_COUNT, IMP_MINUTES, IMP_HOURS, IMP_PERCENT, IMP_SCORE, IMP_YUAN };

struct imp_metric {
	const char *key;  /* the dashboard's figure key (f-<key>, L.dash_<key>) */
	size_t offset;    /* into struct dash_figures */
	bool up_good;
	enum imp_unit unit;
};
extern const struct imp_metric imp_metrics[];
extern const size_t imp_nmetrics;
const struct imp_metric *imp_metric_find(const char *key); /* NULL: not a metric */

/* The splits an action may target: "type", "reason", "channel" (the
 * dashboard's tables) → 't', 'r', 'c'; 0 when dim/val are not one. */
char imp_dim_from(const char *dim, const char *val);
const char *imp_dim_name(char dim); /* 'a' → "" */

enum imp_status { IMP_OPEN, IMP_DONE, IMP_DROPPED, IMP__STATUS };
extern const char *const imp_status_names[IMP__STATUS];
int imp_status_from_name(const char *name); /* -1: none */

struct improvement {
	long long id;
	const char *title, *problem, *cause, *measure;
	long long owner_id;
	const char *owner_name, *creator_name;
	const char *metric; /* a key of imp_metrics */
	char dim;           /* 'a' (the whole shop), 't', 'r', 'c' */
	const char *val;    /* "" for 'a' */
	time_t created_at;
	time_t start;       /* the local day the measure started (creation) */
	time_t due;         /* the local day it is due */
	struct figure baseline;
	int status;         /* enum imp_status */
	time_t closed_at;   /* 0: open */
	bool overdue;       /* open and due before today */
};

struct imp_note {
	time_t at;
	const char *staff_name;
	int status;
	const char *note;
};

/* The metric's value over the local days [from, to) for dim/val, from the
 * summaries (refreshed first where stale), as the dashboard shows it. */
enum db_err imp_metric_value(struct db *db, struct arena *a, const struct imp_metric *m,
                             char dim, const char *val, time_t from, time_t to, time_t now,
                             struct figure *out);

/* Opens an action (fields of in: title … due; start is today) by staff
 * member by, its baseline being the IMP_WINDOW_DAYS days before today. */
enum db_err imp_create(struct db *db, struct arena *a, const struct improvement *in,
                       long long by, time_t now, long long *id);
/* One action and its notes, oldest first; *found false: no such id. */
enum db_err imp_get(struct db *db, struct arena *a, long long id, time_t now,
                    struct improvement *out, struct imp_note **notes, size_t *nnotes,
                    bool *found);
/* Newest first, IMP_PAGE a page (from 1). */
enum db_err imp_list(struct db *db, struct arena *a, int page, time_t now,
                     struct improvement **list, size_t *n, bool *more);
/* The open actions a member owns, soonest due first (at most 50). */
enum db_err imp_for_owner(struct db *db, struct arena *a, long long owner_id, time_t now,
                          struct improvement **list, size_t *n);
/* Sets the status with a note (also a note alone, status unchanged). */
enum db_err imp_set_status(struct db *db, struct arena *a, long long id, int status,
                           const char *note, long long by, time_t now, bool *found);

/* Before and after the measure: days = min(IMP_WINDOW_DAYS, days since
 * start including today), before [start - days, start), after [start,
 * start + days). verdict +1 moved the right way, -1 the wrong way, 0 no
 * change or not known. */
struct imp_effect {
	int days;
	time_t before_from, after_from, after_to;
	struct figure before, after, diff;
	int verdict;
};
enum db_err imp_effect(struct db *db, struct arena *a, const struct improvement *im,
                       time_t now, struct imp_effect *out);

/* The monthly report's line for [from, to), the local midnights that
 * start a month and the next: actions opened in the month, due in it,
 * and marked done in it. */
struct imp_month {
	long long opened, due, done;
};
enum db_err imp_month_counts(struct db *db, struct arena *a, time_t from, time_t to,
                             struct imp_month *out);

#endif
