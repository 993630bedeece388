/*
 * staff.c — staff accounts and role names.
 */
#include <stdio.h>
#include <string.h>

#include "session.h"
#include "staff.h"

static const struct {
	const char *name;
	unsigned bit;
} role_names[] = {
	{"agent", ROLE_AGENT},       {"warehouse", ROLE_WAREHOUSE},
	{"logistics", ROLE_LOGISTICS}, {"finance", ROLE_FINANCE},
	{"tech", ROLE_TECH},         {"manager", ROLE_ALL},
};

int roles_parse(const char *list)
{
	unsigned bits = 0;

	while (list && *list) {
		size_t n = strcspn(list, ","), i;

		for (i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
			if (strlen(role_names[i].name) == n &&
			    strncmp(role_names[i].name, list, n) == 0)
				break;
		if (i == sizeof role_names / sizeof role_names[0])
			return -1;
		bits |= role_names[i].bit;
		list += n + (list[n] == ',');
	}
	return bits ? (int)bits : -1;
}

enum db_err staff_upsert(struct db *db, struct arena *a, const char *email,
                         const char *name, unsigned roles, const char *password)
{
	char hash[PASSWORD_HASH_MAX], now[20];
	struct dbrow *row;
	enum db_err e;

	if ((e = db_row(db, a, "SELECT password_hash FROM staff WHERE email = ?",
	                DB_ARGS(DB_STR(email)), &row)) != DB_OK)
		return e;
	/* Re-hashing costs ~100 ms: keep a hash that already fits. */
	if (row && password_verify(password, row->col[0]))
		snprintf(hash, sizeof hash, "%s", row->col[0]);
	else if (password_hash(password, hash) != 0)
		return DB_ERROR;
	format_db_datetime(time(NULL), now);
	return db_run(db, a,
	              "INSERT INTO staff (email, name, roles, password_hash, created_at) "
	              "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), "
	              "roles = VALUES(roles), password_hash = VALUES(password_hash)",
	              DB_ARGS(DB_STR(email), DB_STR(name), DB_INT(roles), DB_STR(hash),
	                      DB_STR(now)),
	              NULL);
}
