/*
 * migrate.c — `aftercare-admin migrate`: applies the schema's NNN_*.sql
 * files not yet in schema_migrations, in version order, one statement at a
 * time, under a lock so that two deploys never apply the same file.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"

#define MIGRATION_FILE_MAX (16u << 20) /* bytes of one .sql file */
#define MIGRATION_NAME_MAX 200         /* schema_migrations.name */
#define MIGRATION_LOCK_WAIT 60         /* seconds to wait for another migrate */

struct migration {
	long version;
	char *name; /* file name, e.g. 001_foundation.sql */
};

struct statement {
	char *sql;
	int line; /* where it starts in its file */
};

/* "NNN_anything.sql": 1 to 6 digits, '_', a name, ".sql". */
static long migration_version(const char *name)
{
	size_t digits = strspn(name, "0123456789"), n = strlen(name);

	if (digits == 0 || digits > 6 || name[digits] != '_' || n < digits + 6 ||
	    n > MIGRATION_NAME_MAX || strcmp(name + n - 4, ".sql") != 0)
		return -1;
	return strtol(name, NULL, 10);
}

static int by_version(const void *x, const void *y)
{
	const struct migration *a = x, *b = y;

	return (a->version > b->version) - (a->version < b->version);
}

/* The migration files of dir in version order; -1 on an unreadable folder
 * or two files with one version. */
static int list_migrations(struct ctx *c, struct migration **out, size_t *n)
{
	DIR *dir = opendir(c->cfg.schema);
	struct migration *v = NULL;
	size_t cap = 0;
	struct dirent *de;
	int rc = -1;

	*n = 0;
	if (!dir) {
		fprintf(stderr, PROG ": %s: %s\n", c->cfg.schema, strerror(errno));
		return -1;
	}
	while ((de = readdir(dir))) {
		long version = migration_version(de->d_name);
		size_t len = strlen(de->d_name);

		if (version < 0) {
			if (len > 4 && strcmp(de->d_name + len - 4, ".sql") == 0)
				fprintf(stderr, PROG ": ignoring %s/%s: not NNN_name.sql\n",
				        c->cfg.schema, de->d_name);
			continue;
		}
		if (*n == cap) {
			struct migration *more = amalloc(c->a, (cap = cap ? 2 * cap : 16) * sizeof *v);

			if (*n)
				memcpy(more, v, *n * sizeof *v);
			v = more;
		}
		v[(*n)++] = (struct migration){version, astrdup(c->a, de->d_name)};
	}
	if (*n)
		qsort(v, *n, sizeof *v, by_version);
	for (size_t i = 1; i < *n; i++)
		if (v[i].version == v[i - 1].version) {
			fprintf(stderr, PROG ": %s and %s have the same number\n", v[i - 1].name,
			        v[i].name);
			goto out;
		}
	*out = v;
	rc = 0;
out:
	closedir(dir);
	return rc;
}

/* Splits a migration into statements: lines whose first non-blank
 * characters are "--" are comments; a statement ends with ';' at the end
 * of a line. Checked whole before anything runs, so a file with a missing
 * ';' at its end is refused untouched. 0 or -1 with a message. */
static int split_statements(struct arena *a, const char *name, char *text,
                            struct statement **out, size_t *n)
{
	struct statement *v = NULL;
	size_t cap = 0;
	struct buf cur = {0};
	int lineno = 0, start = 0, rc = -1;
	char *line = text, *next;

	*n = 0;
	for (; line && *line; line = next) {
		size_t len, body;

		lineno++;
		next = strchr(line, '\n');
		len = next ? (size_t)(next - line) : strlen(line);
		if (next)
			next++;
		body = len;
		while (body > 0 && strchr(" \t\r", line[body - 1]))
			body--;
		if (strncmp(line + strspn(line, " \t"), "--", 2) == 0)
			continue;
		if (cur.len == 0 && body == 0)
			continue;
		if (cur.len == 0)
			start = lineno;
		buf_add(&cur, line, len);
		buf_add(&cur, "\n", 1);
		if (body == 0 || line[body - 1] != ';')
			continue;
		/* Keep what is before the ';' at the end of this line. */
		cur.len -= len - body + 2;
		cur.p[cur.len] = '\0';
		if (cur.p[strspn(cur.p, " \t\r\n")] != '\0') { /* not a lone ";" */
			if (*n == cap) {
				struct statement *more = amalloc(a, (cap = cap ? 2 * cap : 32) * sizeof *v);

				if (*n)
					memcpy(more, v, *n * sizeof *v);
				v = more;
			}
			v[(*n)++] = (struct statement){astrdup(a, cur.p), start};
		}
		cur.len = 0;
	}
	if (cur.len > 0 && cur.p[strspn(cur.p, " \t\r\n")] != '\0') {
		fprintf(stderr, PROG ": %s: the statement from line %d has no ';' at the end "
		        "of a line\n", name, start);
		goto out;
	}
	*out = v;
	rc = 0;
out:
	buf_free(&cur);
	return rc;
}

static int apply_migration(struct ctx *c, const struct migration *m)
{
	char *path = aprintf(c->a, "%s/%s", c->cfg.schema, m->name), *text = NULL, now[20];
	struct statement *st = NULL;
	struct dbres res;
	size_t len, nst = 0;
	FILE *f = fopen(path, "rb");
	enum db_err e;
	int rc = 1;

	if (!f || !(text = read_stream(f, MIGRATION_FILE_MAX, &len))) {
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
		goto out;
	}
	if (len > MIGRATION_FILE_MAX || strlen(text) != len) {
		fprintf(stderr, PROG ": %s: larger than %u bytes or holds a NUL byte\n", path,
		        MIGRATION_FILE_MAX);
		goto out;
	}
	if (split_statements(c->a, m->name, text, &st, &nst) != 0)
		goto out;
	/* DDL commits on its own in MariaDB: a file cannot be one transaction. */
	/* res, not NULL: a statement may return rows (a SELECT in a file). */
	for (size_t i = 0; i < nst; i++)
		/* check-sql: trusted, the statements of the migration files in
		 * schema/ (the admin tool's own input, never a request's) */
		if ((e = db_run(c->db, c->a, st[i].sql, DB_NOARGS, &res)) != DB_OK) {
			fprintf(stderr, PROG ": %s: statement %zu (line %d) failed: %s\n", m->name,
			        i + 1, st[i].line, db_err_text(e));
			if (i > 0)
				fprintf(stderr, PROG ": %s: %s %zu of it stay%s applied (each statement "
				        "commits on its own): repair the database or the file, then "
				        "migrate again\n", m->name, i == 1 ? "statement" : "statements 1 to",
				        i, i == 1 ? "s" : "");
			goto out;
		}
	format_db_datetime(time(NULL), now);
	if ((e = db_run(c->db, c->a,
	                "INSERT INTO schema_migrations (version, name, applied_at) "
	                "VALUES (?, ?, ?)",
	                DB_ARGS(DB_INT(m->version), DB_STR(m->name), DB_STR(now)),
	                NULL)) != DB_OK) {
		fail_db(m->name, e);
		goto out;
	}
	printf("applied %s\n", m->name);
	rc = 0;
out:
	if (f)
		fclose(f);
	free(text);
	return rc;
}

static bool recorded(const struct dbres *res, long version, const char **name)
{
	for (size_t i = 0; i < res->nrows; i++)
		if (db_int(&res->rows[i], 0) == version) {
			*name = res->rows[i].col[1];
			return true;
		}
	return false;
}

int cmd_migrate(struct ctx *c, char **argv)
{
	struct migration *m = NULL;
	struct dbres res;
	struct dbrow *row;
	size_t n, applied = 0;
	long newest = -1;
	enum db_err e;
	int rc = 1;

	(void)argv;
	/* Two deploys migrating at once would both apply the same file. */
	if ((e = db_row(c->db, c->a, "SELECT GET_LOCK('aftercare.migrate', ?)",
	                DB_ARGS(DB_INT(MIGRATION_LOCK_WAIT)), &row)) != DB_OK)
		return fail_db("migrate lock", e);
	if (!row || db_int(row, 0) != 1) {
		fprintf(stderr, PROG ": another migrate has been running for %d s\n",
		        MIGRATION_LOCK_WAIT);
		return 1;
	}
	if ((e = db_run(c->db, c->a,
	                "CREATE TABLE IF NOT EXISTS schema_migrations ("
	                "version INT NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, "
	                "applied_at DATETIME NOT NULL) ENGINE=InnoDB",
	                DB_NOARGS, NULL)) != DB_OK) {
		fail_db("schema_migrations", e);
		goto out;
	}
	if ((e = db_run(c->db, c->a, "SELECT version, name FROM schema_migrations",
	                DB_NOARGS, &res)) != DB_OK) {
		fail_db("schema_migrations", e);
		goto out;
	}
	for (size_t i = 0; i < res.nrows; i++)
		if (db_int(&res.rows[i], 0) > newest)
			newest = (long)db_int(&res.rows[i], 0);
	if (list_migrations(c, &m, &n) != 0)
		goto out;
	/* A file numbered below one already applied came too late: applying it
	 * now would run migrations out of order on this database only. */
	for (size_t i = 0; i < n; i++) {
		const char *name;

		if (recorded(&res, m[i].version, &name)) {
			if (strcmp(name, m[i].name) != 0)
				fprintf(stderr, PROG ": note: version %ld was applied as %s, the "
				        "file is now %s\n", m[i].version, name, m[i].name);
		} else if (m[i].version < newest) {
			fprintf(stderr, PROG ": %s is numbered below the applied version %ld: "
			        "give it a number above %ld\n", m[i].name, newest, newest);
			goto out;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const char *name;

		if (recorded(&res, m[i].version, &name))
			continue;
		if (apply_migration(c, &m[i]) != 0)
			goto out;
		applied++;
	}
	if (applied == 0)
		printf("schema up to date\n");
	rc = 0;
out:
	db_row(c->db, c->a, "SELECT RELEASE_LOCK('aftercare.migrate')", DB_NOARGS, &row);
	return rc;
}
