/*
 * audit.c — reads the timeline of every case for the audit page. Rows of
 * case_events are only ever inserted (case_events.c), so this is the
 * record of who did what and when; audit_log adds what staff did with
 * personal data (contact details revealed, erasures).
 */
#include <string.h>

#include "audit.h"

void audit_snap_of(struct arena *a, const struct dbres *res, struct audit_snap *s)
{
	s->kv = amalloc(a, (res->nrows + 1) * sizeof *s->kv);
	for (size_t i = 0; i < res->nrows; i++)
		s->kv[i] = (struct audit_kv){res->rows[i].col[0] ? res->rows[i].col[0] : "",
		                             res->rows[i].col[1]};
	s->n = res->nrows;
}

const char *audit_snap_get(const struct audit_snap *s, const char *key, bool *found)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->kv[i].key, key) == 0) {
			*found = true;
			return s->kv[i].value;
		}
	*found = false;
	return NULL;
}

static bool same(const char *x, const char *y)
{
	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* A value as the note shows it: "—" for none, "" quoted. */
static const char *shown(const char *v, bool found)
{
	return !found || !v ? "—" : *v ? v : "\"\"";
}

enum db_err audit_changes(struct db *db, struct arena *a, long long staff_id,
                          const char *action, const struct audit_snap *before,
                          const struct audit_snap *after, time_t now, bool *changed)
{
	const char *note = "";
	char at[20];
	bool any = false;

	for (size_t i = 0; i < before->n; i++) {
		bool found;
		const char *v = audit_snap_get(after, before->kv[i].key, &found);

		if (found && same(v, before->kv[i].value))
			continue;
		note = aprintf(a, "%s%s%s: %s → %s", note, any ? "; " : "", before->kv[i].key,
		               shown(before->kv[i].value, true), shown(v, found));
		any = true;
	}
	for (size_t i = 0; i < after->n; i++) {
		bool found;

		audit_snap_get(before, after->kv[i].key, &found);
		if (found)
			continue;
		note = aprintf(a, "%s%s%s: — → %s", note, any ? "; " : "", after->kv[i].key,
		               shown(after->kv[i].value, true));
		any = true;
	}
	if (changed)
		*changed = any;
	if (!any)
		return DB_OK;
	format_db_datetime(now, at);
	return db_run(db, NULL,
	              "INSERT INTO audit_log (at, staff_id, action, note) VALUES (?, ?, ?, ?)",
	              DB_ARGS(DB_STR(at), staff_id ? DB_INT(staff_id) : DB_NULLV, DB_STR(action),
	                      DB_STR(note)),
	              NULL);
}

struct area {
	const char *action;
	const char *sql;
};
static const struct area areas[AUDIT__MAX] = {
	[AUDIT_CALENDAR] = {"calendar",
	                    "SELECT DATE_FORMAT(day, '%Y-%m-%d'), CONCAT(IF(working, 'working', 'off'), "
	                    "IF(COALESCE(note, '') = '', '', CONCAT(' (', note, ')'))) "
	                    "FROM calendar_overrides ORDER BY day"},
	[AUDIT_ROLES] = {"roles",
	                 "SELECT CONCAT(email, '.roles'), roles FROM staff "
	                 "UNION ALL SELECT CONCAT(email, '.disabled'), disabled FROM staff ORDER BY 1"},
	[AUDIT_WEIGHTS] = {"weights",
	                   "SELECT name, value FROM settings WHERE name LIKE 'score\\_weight\\_%' "
	                   "ORDER BY name"},
	[AUDIT_REPLIES] = {"reply_templates",
	                   "SELECT CONCAT('template.', id), CONCAT(lang, ' ', title, ': ', "
	                   "LEFT(body, 80)) FROM reply_templates ORDER BY id"},
	[AUDIT_WEBHOOKS] = {"webhooks",
	                    "SELECT CONCAT('webhook.', id), CONCAT(url, ' events=', events, "
	                    "IF(enabled, ' enabled', ' disabled'), ' secret=', "
	                    "LEFT(SHA2(secret, 256), 8)) FROM webhook_endpoints ORDER BY id"},
	[AUDIT_SETTINGS] = {"settings", "SELECT name, value FROM settings ORDER BY name"},
};

enum db_err audit_area_snap(struct db *db, struct arena *a, enum audit_area area,
                            struct audit_snap *s)
{
	struct dbres res;
	enum db_err e = db_run(db, a, areas[area].sql, DB_NOARGS, &res);

	if (e == DB_OK)
		audit_snap_of(a, &res, s);
	return e;
}

enum db_err audit_area_done(struct db *db, struct arena *a, long long staff_id,
                            enum audit_area area, const struct audit_snap *before, time_t now)
{
	struct audit_snap after;
	enum db_err e = audit_area_snap(db, a, area, &after);

	return e != DB_OK ? e
	                  : audit_changes(db, a, staff_id, areas[area].action, before, &after, now,
	                                  NULL);
}

struct area_tx {
	struct arena *a;
	long long staff_id;
	enum audit_area area;
	time_t now;
	audit_change_fn fn;
	void *ctx;
};

static int area_body(struct db *db, void *ctx)
{
	struct area_tx *t = ctx;
	struct audit_snap before;
	enum db_err e;
	int rc;

	if ((e = audit_area_snap(db, t->a, t->area, &before)) != DB_OK)
		return db_fail(e);
	if ((rc = t->fn(db, t->ctx)) != 0)
		return rc;
	if ((e = audit_area_done(db, t->a, t->staff_id, t->area, &before, t->now)) != DB_OK)
		return db_fail(e);
	return 0;
}

enum db_err audit_area_change(struct db *db, struct arena *a, long long staff_id,
                              enum audit_area area, time_t now, audit_change_fn fn, void *ctx)
{
	struct area_tx t = {a, staff_id, area, now, fn, ctx};
	int rc = db_tx(db, area_body, &t);

	return rc < 0 ? (enum db_err)-rc : rc > 0 ? DB_ERROR : DB_OK;
}

enum db_err audit_events(struct db *db, struct arena *a, const struct audit_filter *f,
                         struct audit_event **list, size_t *n, bool *more)
{
	int page = f->page < 1 ? 1 : f->page;
	char from[20] = "", to[20] = "";
	struct dbres res;
	enum db_err e;

	if (f->from)
		format_db_datetime(f->from, from);
	if (f->to)
		format_db_datetime(f->to, to);
	long long upto = (long long)page * AUDIT_PAGE + 1;

	/* The empty and zero filters fold away when the statement runs, so
	 * each filter gets its index: cases_no, case_events_actor, _at. Each
	 * branch sorts and cuts its own rows (the index order), the union
	 * sorts at most twice a page's worth. audit_log (schema/018) holds
	 * what staff did with personal data outside a case's steps. */
	e = db_run(db, a,
	           "SELECT at, case_no, actor_kind, name, action, from_state, to_state, note FROM ("
	           "(SELECT e.at, e.id, 0 src, c.case_no, e.actor_kind, s.name, e.action, "
	           "e.from_state, e.to_state, e.note FROM case_events e JOIN cases c ON c.id = e.case_id "
	           "LEFT JOIN staff s ON e.actor_kind = 's' AND s.id = e.actor_id "
	           "WHERE (? = '' OR c.case_no = ?) "
	           "AND (? = 0 OR (e.actor_kind = 's' AND e.actor_id = ?)) "
	           "AND (? = '' OR e.at >= ?) AND (? = '' OR e.at < ?) "
	           "ORDER BY e.at DESC, e.id DESC LIMIT ?) "
	           "UNION ALL "
	           "(SELECT l.at, l.id, 1 src, c.case_no, IF(l.staff_id IS NULL, 'c', 's'), s.name, "
	           "l.action, NULL, NULL, IF(l.case_id IS NULL AND l.customer_id IS NOT NULL, CONCAT('#', l.customer_id, "
	           "IF(l.note IS NULL, '', CONCAT(': ', l.note))), l.note) FROM audit_log l "
	           "LEFT JOIN cases c ON c.id = l.case_id LEFT JOIN staff s ON s.id = l.staff_id "
	           "WHERE (? = '' OR c.case_no = ?) AND (? = 0 OR l.staff_id = ?) "
	           "AND (? = '' OR l.at >= ?) AND (? = '' OR l.at < ?) "
	           "ORDER BY l.at DESC, l.id DESC LIMIT ?)) x "
	           "ORDER BY at DESC, src DESC, id DESC LIMIT ? OFFSET ?",
	           DB_ARGS(DB_STR(f->case_no), DB_STR(f->case_no), DB_INT(f->staff_id),
	                   DB_INT(f->staff_id), DB_STR(from), DB_STR(from), DB_STR(to), DB_STR(to),
	                   DB_INT(upto), DB_STR(f->case_no), DB_STR(f->case_no), DB_INT(f->staff_id),
	                   DB_INT(f->staff_id), DB_STR(from), DB_STR(from), DB_STR(to), DB_STR(to),
	                   DB_INT(upto), DB_INT(AUDIT_PAGE + 1),
	                   DB_INT((long long)(page - 1) * AUDIT_PAGE)),
	           &res);
	if (e != DB_OK)
		return e;
	*more = res.nrows > AUDIT_PAGE;
	*n = *more ? AUDIT_PAGE : res.nrows;
	*list = amalloc(a, (*n + 1) * sizeof **list);
	for (size_t i = 0; i < *n; i++) {
		const struct dbrow *row = &res.rows[i];

		(*list)[i] = (struct audit_event){db_time(row, 0), row->col[1],
		                                  row->col[2] ? row->col[2][0] : 'x', row->col[3],
		                                  row->col[4], row->col[5], row->col[6], row->col[7]};
	}
	return DB_OK;
}
