/*
 * twofactor.c — see twofactor.h. Every check of a code locks the staff row
 * (SELECT … FOR UPDATE) so that two sign-ins with one code cannot both
 * pass; the last accepted step is written in the same transaction.
 */
#include <stdio.h>
#include <string.h>

#include "twofactor.h"

enum db_err twofactor_get(struct db *db, struct arena *a, long long staff_id,
                          struct twofactor *tf)
{
	struct dbrow *row;
	enum db_err e = db_row(db, a,
	                       "SELECT totp_secret IS NOT NULL, totp_pending, "
	                       "(SELECT COUNT(*) FROM staff_recovery_codes r "
	                       "WHERE r.staff_id = s.id AND r.used_at IS NULL), s.email "
	                       "FROM staff s WHERE s.id = ?",
	                       DB_ARGS(DB_INT(staff_id)), &row);

	memset(tf, 0, sizeof *tf);
	if (e == DB_OK && row) {
		tf->enabled = db_int(row, 0) != 0;
		tf->pending = row->col[1];
		tf->recovery_left = (int)db_int(row, 2);
		tf->email = row->col[3];
	}
	return e;
}

enum db_err twofactor_start(struct db *db, long long staff_id, const char *secret_b32)
{
	return db_run(db, NULL, "UPDATE staff SET totp_pending = ? WHERE id = ?",
	              DB_ARGS(DB_STR(secret_b32), DB_INT(staff_id)), NULL);
}

struct confirm_tx {
	struct arena *a;
	long long staff_id;
	const char *code, *addr, *agent;
	time_t now;
	char (*codes)[RECOVERY_LEN + 1];
	enum twofactor_result res;
};

static int confirm_body(struct db *db, void *ctx)
{
	struct confirm_tx *t = ctx;
	struct dbrow *row;
	long long step;
	enum db_err e;

	t->res = TF_NONE;
	if ((e = db_row(db, t->a, "SELECT totp_pending FROM staff WHERE id = ? FOR UPDATE",
	                DB_ARGS(DB_INT(t->staff_id)), &row)) != DB_OK)
		return db_fail(e);
	if (!row || !row->col[0])
		return 0;
	if (!totp_check(row->col[0], t->code, t->now, &step)) {
		t->res = TF_WRONG;
		return 0;
	}
	if ((e = db_run(db, NULL,
	                "UPDATE staff SET totp_secret = totp_pending, totp_pending = NULL, "
	                "totp_last_step = ? WHERE id = ?",
	                DB_ARGS(DB_INT(step), DB_INT(t->staff_id)), NULL)) != DB_OK ||
	    (e = db_run(db, NULL, "DELETE FROM staff_recovery_codes WHERE staff_id = ?",
	                DB_ARGS(DB_INT(t->staff_id)), NULL)) != DB_OK)
		return db_fail(e);
	for (int i = 0; i < RECOVERY_CODES; i++) {
		char hash[65];

		recovery_code_new(t->codes[i]);
		recovery_code_hash(t->codes[i], hash);
		e = db_run(db, NULL,
		           "INSERT INTO staff_recovery_codes (staff_id, code_hash) VALUES (?, ?)",
		           DB_ARGS(DB_INT(t->staff_id), DB_STR(hash)), NULL);
		if (e == DB_DUPLICATE) { /* 49 bits twice: make another */
			i--;
			continue;
		}
		if (e != DB_OK)
			return db_fail(e);
	}
	if ((e = staff_log_add(db, t->staff_id, 0, STAFF_EV_ENROLLED, t->addr, t->agent, t->now)) != DB_OK)
		return db_fail(e);
	t->res = TF_OK;
	return 0;
}

enum db_err twofactor_confirm(struct db *db, struct arena *a, long long staff_id,
                              const char *code, const char *addr, const char *agent, time_t now,
                              char codes[RECOVERY_CODES][RECOVERY_LEN + 1],
                              enum twofactor_result *res)
{
	struct confirm_tx t = {a, staff_id, code, addr, agent, now, codes, TF_NONE};
	int rc = db_tx(db, confirm_body, &t);

	*res = t.res;
	return rc < 0 ? (enum db_err)-rc : DB_OK;
}

struct verify_tx {
	struct arena *a;
	long long staff_id;
	const char *code;
	time_t now;
	enum twofactor_result res;
	bool recovery;
};

static int verify_body(struct db *db, void *ctx)
{
	struct verify_tx *t = ctx;
	struct dbrow *row;
	struct dbres res;
	long long step;
	char hash[65], now[20];
	enum db_err e;

	t->res = TF_NONE;
	t->recovery = false;
	if ((e = db_row(db, t->a,
	                "SELECT totp_secret, COALESCE(totp_last_step, -1) FROM staff "
	                "WHERE id = ? FOR UPDATE",
	                DB_ARGS(DB_INT(t->staff_id)), &row)) != DB_OK)
		return db_fail(e);
	if (!row || !row->col[0])
		return 0;
	t->res = TF_WRONG;
	if (totp_check(row->col[0], t->code, t->now, &step)) {
		if (step <= db_int(row, 1)) {
			t->res = TF_REPLAY;
			return 0;
		}
		if ((e = db_run(db, NULL, "UPDATE staff SET totp_last_step = ? WHERE id = ?",
		                DB_ARGS(DB_INT(step), DB_INT(t->staff_id)), NULL)) != DB_OK)
			return db_fail(e);
		t->res = TF_OK;
		return 0;
	}
	if (!recovery_code_hash(t->code, hash))
		return 0;
	format_db_datetime(t->now, now);
	if ((e = db_run(db, NULL,
	                "UPDATE staff_recovery_codes SET used_at = ? "
	                "WHERE staff_id = ? AND code_hash = ? AND used_at IS NULL",
	                DB_ARGS(DB_STR(now), DB_INT(t->staff_id), DB_STR(hash)), &res)) != DB_OK)
		return db_fail(e);
	if (res.affected == 1) {
		t->res = TF_OK;
		t->recovery = true;
	}
	return 0;
}

enum db_err twofactor_verify(struct db *db, struct arena *a, long long staff_id,
                             const char *code, time_t now, enum twofactor_result *res,
                             bool *recovery)
{
	struct verify_tx t = {a, staff_id, code, now, TF_NONE, false};
	int rc = db_tx(db, verify_body, &t);

	*res = t.res;
	*recovery = t.recovery;
	return rc < 0 ? (enum db_err)-rc : DB_OK;
}

struct reset_tx {
	long long staff_id, actor_id;
	const char *addr, *agent;
	time_t now;
};

static int reset_body(struct db *db, void *ctx)
{
	struct reset_tx *t = ctx;
	enum db_err e;

	if ((e = db_run(db, NULL,
	                "UPDATE staff SET totp_secret = NULL, totp_pending = NULL, "
	                "totp_last_step = NULL, session_epoch = session_epoch + 1 WHERE id = ?",
	                DB_ARGS(DB_INT(t->staff_id)), NULL)) != DB_OK ||
	    (e = db_run(db, NULL, "DELETE FROM staff_recovery_codes WHERE staff_id = ?",
	                DB_ARGS(DB_INT(t->staff_id)), NULL)) != DB_OK ||
	    (e = staff_log_add(db, t->staff_id, t->actor_id, STAFF_EV_RESET, t->addr, t->agent,
	                       t->now)) != DB_OK)
		return db_fail(e);
	return 0;
}

enum db_err twofactor_reset(struct db *db, long long staff_id, long long actor_id,
                            const char *addr, const char *agent, time_t now)
{
	struct reset_tx t = {staff_id, actor_id, addr, agent, now};
	int rc = db_tx(db, reset_body, &t);

	return rc < 0 ? (enum db_err)-rc : DB_OK;
}

/* ---- the account's log ---- */

#define AGENT_MAX 255 /* bytes, as the column */
#define ADDR_MAX 64

enum db_err staff_log_add(struct db *db, long long staff_id, long long actor_id,
                          const char *event, const char *addr, const char *agent, time_t now)
{
	char when[20];
	char agent_cut[AGENT_MAX + 1], addr_cut[ADDR_MAX + 1];

	format_db_datetime(now, when);
	/* The browser's own words, cut at a byte count: the column keeps what fits
	 * (a cut inside a character is dropped by the page's escaping). */
	if (agent) {
		size_t n = strlen(agent) > AGENT_MAX ? AGENT_MAX : strlen(agent);

		while (n > 0 && ((unsigned char)agent[n] & 0xC0) == 0x80)
			n--;
		memcpy(agent_cut, agent, n);
		agent_cut[n] = '\0';
		agent = agent_cut;
	}
	if (addr) {
		snprintf(addr_cut, sizeof addr_cut, "%s", addr);
		addr = addr_cut;
	}
	return db_run(db, NULL,
	              "INSERT INTO staff_log (staff_id, actor_id, at, event, addr, agent) "
	              "VALUES (?, ?, ?, ?, ?, ?)",
	              DB_ARGS(DB_INT(staff_id), actor_id ? DB_INT(actor_id) : DB_NULLV,
	                      DB_STR(when), DB_STR(event), DB_STR(addr), DB_STR(agent)),
	              NULL);
}

enum db_err staff_log_recent(struct db *db, struct arena *a, long long staff_id,
                             struct staff_log_entry **list, size_t *n)
{
	struct dbres res;
	enum db_err e = db_run(db, a,
	                       "SELECT l.at, l.event, l.addr, l.agent, s.name FROM staff_log l "
	                       "LEFT JOIN staff s ON s.id = l.actor_id AND l.actor_id <> l.staff_id "
	                       "WHERE l.staff_id = ? ORDER BY l.id DESC LIMIT ?",
	                       DB_ARGS(DB_INT(staff_id), DB_INT(STAFF_LOG_SHOWN)), &res);

	*list = NULL;
	*n = 0;
	if (e != DB_OK)
		return e;
	*list = amalloc(a, (res.nrows ? res.nrows : 1) * sizeof **list);
	for (size_t i = 0; i < res.nrows; i++) {
		const struct dbrow *row = &res.rows[i];

		(*list)[i] = (struct staff_log_entry){db_time(row, 0), row->col[1], row->col[2],
		                                      row->col[3], row->col[4]};
	}
	*n = res.nrows;
	return DB_OK;
}

struct end_tx {
	struct arena *a;
	long long staff_id, actor_id;
	const char *addr, *agent;
	time_t now;
	long long epoch;
};

static int end_body(struct db *db, void *ctx)
{
	struct end_tx *t = ctx;
	struct dbrow *row;
	enum db_err e;

	if ((e = db_run(db, NULL, "UPDATE staff SET session_epoch = session_epoch + 1 WHERE id = ?",
	                DB_ARGS(DB_INT(t->staff_id)), NULL)) != DB_OK ||
	    (e = db_row(db, t->a, "SELECT session_epoch FROM staff WHERE id = ?",
	                DB_ARGS(DB_INT(t->staff_id)), &row)) != DB_OK ||
	    (e = staff_log_add(db, t->staff_id, t->actor_id, STAFF_EV_SESSIONS_ENDED, t->addr,
	                       t->agent, t->now)) != DB_OK)
		return db_fail(e);
	t->epoch = row ? db_int(row, 0) : 0;
	return 0;
}

enum db_err staff_end_sessions(struct db *db, struct arena *a, long long staff_id,
                               long long actor_id, const char *addr, const char *agent,
                               time_t now, long long *epoch)
{
	struct end_tx t = {a, staff_id, actor_id, addr, agent, now, 0};
	int rc = db_tx(db, end_body, &t);

	*epoch = t.epoch;
	return rc < 0 ? (enum db_err)-rc : DB_OK;
}
