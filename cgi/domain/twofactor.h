/*
 * twofactor.h — a staff member's second factor (staff.totp_*, the
 * staff_recovery_codes table of schema/016) and the account's log
 * (staff_log: sign-ins, enrolment, resets, sessions ended). The codes
 * themselves are core/totp.c's (liboath); here they are checked against
 * the stored secret under the row's lock, so that a code is taken once.
 */
#ifndef AFTERCARE_TWOFACTOR_H
#define AFTERCARE_TWOFACTOR_H

#include <stdbool.h>
#include <time.h>

#include "db.h"
#include "totp.h"

struct twofactor {
	bool enabled;        /* a confirmed secret */
	const char *pending; /* base32 of an enrolment not yet confirmed, or NULL */
	int recovery_left;   /* unused recovery codes */
	const char *email;   /* the account's, for the authenticator's label */
};
enum db_err twofactor_get(struct db *db, struct arena *a, long long staff_id,
                          struct twofactor *tf);

/* A new enrolment: the secret waits in totp_pending until a code of it
 * confirms it (an enrolled second factor stays as it is until then). */
enum db_err twofactor_start(struct db *db, long long staff_id, const char *secret_b32);

enum twofactor_result {
	TF_OK,
	TF_WRONG,    /* not a code of the secret now, nor an unused recovery code */
	TF_REPLAY,   /* a code of a time step already used (or older) */
	TF_NONE      /* nothing to check against: no enrolment pending / none enrolled */
};

/* Confirms the pending enrolment with code: the secret becomes the
 * account's, its step counts as used, every earlier recovery code goes and
 * RECOVERY_CODES new ones are made (codes[], shown once; stored hashed). */
enum db_err twofactor_confirm(struct db *db, struct arena *a, long long staff_id,
                              const char *code, const char *addr, const char *agent, time_t now,
                              char codes[RECOVERY_CODES][RECOVERY_LEN + 1],
                              enum twofactor_result *res);

/* Sign-in: code is a TOTP code of the enrolled secret (each time step once)
 * or an unused recovery code (then used up: *recovery true). */
enum db_err twofactor_verify(struct db *db, struct arena *a, long long staff_id,
                             const char *code, time_t now, enum twofactor_result *res,
                             bool *recovery);

/* A manager takes a member's second factor away (lost phone): secret,
 * pending enrolment and recovery codes go, the member's sessions end, and
 * the log says who did it — one transaction. */
enum db_err twofactor_reset(struct db *db, long long staff_id, long long actor_id,
                            const char *addr, const char *agent, time_t now);

/* ---- the account's log ---- */

/* The events staff_log holds (schema/016). */
#define STAFF_EV_SIGNIN "signin"
#define STAFF_EV_SIGNIN_RECOVERY "signin_recovery"
#define STAFF_EV_ENROLLED "otp_enrolled"
#define STAFF_EV_RESET "otp_reset"
#define STAFF_EV_SESSIONS_ENDED "sessions_ended"

/* actor_id 0: the member themself. addr and agent may be NULL. */
enum db_err staff_log_add(struct db *db, long long staff_id, long long actor_id,
                          const char *event, const char *addr, const char *agent, time_t now);

#define STAFF_LOG_SHOWN 20
struct staff_log_entry {
	time_t at;
	const char *event;
	const char *addr, *agent; /* NULL: not recorded */
	const char *actor_name;   /* NULL: the member themself */
};
/* The newest STAFF_LOG_SHOWN entries of the account. */
enum db_err staff_log_recent(struct db *db, struct arena *a, long long staff_id,
                             struct staff_log_entry **list, size_t *n);

/* Every session of the account ends (its epoch moves on); logged with the
 * actor (0: the member, whose own session the caller reissues with
 * *epoch, the new one). One transaction. */
enum db_err staff_end_sessions(struct db *db, struct arena *a, long long staff_id,
                               long long actor_id, const char *addr, const char *agent,
                               time_t now, long long *epoch);

#endif
