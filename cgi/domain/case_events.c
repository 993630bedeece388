/*
 * case_events.c — what every write to a case shares: its transaction,
 * whose result is a CASE_* code, and the timeline event it appends. Rows
 * of case_events are only ever inserted, here.
 */
#include <string.h>

#include "cases.h"

enum db_err case_event_add(struct db *db, long long case_id, const char *at,
                           const struct actor *who, const char *action,
                           const char *from, const char *to, const char *note)
{
	return db_run(db, NULL,
	              "INSERT INTO case_events (case_id, at, actor_kind, actor_id, "
	              "action, from_state, to_state, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	              DB_ARGS(DB_INT(case_id), DB_STR(at),
	                      DB_STR(who->kind == 'c' ? "c" : who->kind == 's' ? "s" : "x"),
	                      who->id ? DB_INT(who->id) : DB_NULLV, DB_STR(action),
	                      DB_STR(from), DB_STR(to), DB_STR(note)),
	              NULL);
}

int case_tx(struct db *db, db_tx_fn fn, void *ctx, struct case_result *res)
{
	int rc;

	memset(res, 0, sizeof *res);
	rc = db_tx(db, fn, ctx);
	if (rc < 0) {
		res->db = (enum db_err)-rc;
		return CASE_DB;
	}
	return rc;
}
