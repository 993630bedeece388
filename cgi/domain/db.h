/*
 * db.h — the only door to MariaDB. Prepared statements only: SQL text is a
 * string literal, values travel as bound parameters. Results are read into
 * the request's arena as NUL-terminated strings (NULL for SQL NULL), which
 * keeps every caller free of Connector/C types. One connection per thread.
 */
#ifndef AFTERCARE_DB_H
#define AFTERCARE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "util.h"

struct db;

struct db_config {
	const char *socket;   /* unix socket of the server */
	const char *host;     /* used when socket is NULL */
	unsigned port;
	const char *user;
	const char *password;
	const char *name;     /* database */
};

enum dbt { DBT_NULL, DBT_INT, DBT_STR, DBT_BLOB };

struct dbv {
	enum dbt t;
	long long i;
	const char *s;
	size_t n;
};

#define DB_INT(x) ((struct dbv){.t = DBT_INT, .i = (x)})
static inline struct dbv db_str_(const char *s)
{
	return (struct dbv){.t = s ? DBT_STR : DBT_NULL, .s = s, .n = s ? strlen(s) : 0};
}
#define DB_STR(x) db_str_(x)
#define DB_BLOB(p, len) ((struct dbv){.t = DBT_BLOB, .s = (const char *)(p), .n = (len)})
#define DB_NULLV ((struct dbv){.t = DBT_NULL})
/* DB_ARGS(DB_INT(1), DB_STR(s)) expands to "array, count". */
#define DB_ARGS(...) ((const struct dbv[]){__VA_ARGS__}), \
	(sizeof((const struct dbv[]){__VA_ARGS__}) / sizeof(struct dbv))
#define DB_NOARGS NULL, 0

struct dbrow {
	char **col;     /* col[i] NULL for SQL NULL */
	size_t *len;    /* byte length of col[i] (blobs may hold NUL) */
};

struct dbres {
	struct dbrow *rows;
	size_t nrows;
	size_t ncols;
	unsigned long long affected; /* exec: rows changed */
	unsigned long long insert_id;
};

enum db_err {
	DB_OK = 0,
	DB_DUPLICATE, /* 1062: a unique key refused the row */
	DB_DEADLOCK,  /* 1213/1205: the transaction was rolled back; retry whole */
	DB_DOWN,      /* the server is unreachable (connect or 2006/2013) */
	DB_ERROR,     /* anything else: logged with the SQL, never shown */
	DB_STOPPED    /* db_each: the row function asked to stop */
};

/* Connects lazily; never fails here. */
struct db *db_new(const struct db_config *cfg);
void db_free(struct db *db);
/* Connect now if not connected; DB_OK or DB_DOWN. */
enum db_err db_ping(struct db *db);

/* Runs one statement. For SELECTs rows land in *res (arena); for others
 * affected/insert_id. res may be NULL when nothing is wanted back.
 * Outside a transaction a lost connection is re-opened and the statement
 * tried once more; inside one it returns DB_DOWN. */
enum db_err db_run(struct db *db, struct arena *a, const char *sql,
                   const struct dbv *args, size_t nargs, struct dbres *res);

/* Runs a query and hands each row to fn as the server sends it; nothing
 * is kept (a row's text lives until fn returns): exports of any size. fn
 * returns non-zero to stop (DB_STOPPED; the rest is discarded). No retry:
 * rows may already have gone to the client. */
typedef int (*db_row_fn)(void *ctx, const struct dbrow *row);
enum db_err db_each(struct db *db, const char *sql, const struct dbv *args, size_t nargs,
                    db_row_fn fn, void *ctx);

/* Runs SQL text made by code from numbers and fixed words (never user
 * data), unprepared and uncached: bulk loads of generated rows. */
enum db_err db_exec_text(struct db *db, const char *sql, size_t len);

/* Convenience for one row: DB_OK with *row set, or DB_OK with *row NULL
 * when there is none. */
enum db_err db_row(struct db *db, struct arena *a, const char *sql,
                   const struct dbv *args, size_t nargs, struct dbrow **row);

/* Runs fn(db, ctx) inside BEGIN … COMMIT. fn returns 0 to commit or any
 * other value to roll back (returned as is). On DB_DEADLOCK from any
 * statement (fn should pass DB errors up as their negated value, see
 * db_fail) the whole transaction is retried, at most 16 times, after a
 * short random wait.
 * Returns fn's value, or -DB_DOWN/-DB_DEADLOCK/-DB_ERROR. */
typedef int (*db_tx_fn)(struct db *db, void *ctx);
int db_tx(struct db *db, db_tx_fn fn, void *ctx);

/* The negative code a transaction body returns for a DB error. */
static inline int db_fail(enum db_err e) { return -(int)e; }

/* Column helpers: strtoll of col (0 for NULL). */
long long db_int(const struct dbrow *r, size_t i);
bool db_null(const struct dbrow *r, size_t i);
/* A DATETIME column as UTC time_t; 0 for NULL. */
time_t db_time(const struct dbrow *r, size_t i);

/* What a domain module keeps with a connection between requests (one
 * thread's: the calendar, the rules, the staff list): a value of size
 * bytes in an arena of its own, current while the generation number the
 * module reads with its statements (data_versions, schema/011) is gen.
 * When it is not (or gen <= 0), load fills a new zeroed value and the old
 * one is freed. Kept across reconnects. *value is NULL on an error. */
enum db_memo {
	DB_MEMO_CALENDAR,
	DB_MEMO_RULES,
	DB_MEMO_STAFF,
	DB_MEMO_BRAND,
	DB_MEMO_QUEUE,
	DB_MEMO_REPLIES,
	DB_MEMO__MAX
};
typedef enum db_err (*db_load_fn)(struct db *db, struct arena *a, void *value);
enum db_err db_kept(struct db *db, enum db_memo slot, long long gen, size_t size,
                    db_load_fn load, void **value);

/* Statement count since start (for /metrics and tests). */
unsigned long long db_errors_total(void);

#endif
