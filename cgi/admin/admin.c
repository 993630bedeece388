/*
 * admin.c — `aftercare-admin --config FILE COMMAND ...`: schema migrations,
 * demo data, staff accounts, order imports and API keys from the shell.
 * One table lists the commands; exit 0 done, 1 failed, 2 usage.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <mysql.h>

#include "complaints.h"
#include "config.h"
#include "import.h"
#include "rules.h"
#include "session.h"
#include "sla.h"
#include "staff.h"
#include "surveys.h"
#include "workflow.h"

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))
#define PROG "aftercare-admin"

#define MIGRATION_FILE_MAX (16u << 20) /* bytes of one .sql file */
#define MIGRATION_NAME_MAX 200         /* schema_migrations.name */
#define MIGRATION_LOCK_WAIT 60         /* seconds to wait for another migrate */
/* More than import_orders_json accepts, so that it names the limit. */
#define IMPORT_READ_MAX (16u << 20)

struct ctx {
	struct config cfg;
	struct db *db;
	struct arena *a;
};

static const char *db_err_text(enum db_err e)
{
	static const char *const text[] = {
		[DB_OK] = "ok",
		[DB_DUPLICATE] = "a unique key refused the row (1062)",
		[DB_DEADLOCK] = "deadlock or lock wait timeout, rolled back",
		[DB_DOWN] = "the database server is unreachable",
		[DB_ERROR] = "the server refused the statement (its message is above)",
	};

	return (size_t)e < NELEM(text) && text[e] ? text[e] : "unknown error";
}

static int fail_db(const char *what, enum db_err e)
{
	fprintf(stderr, PROG ": %s: %s\n", what, db_err_text(e));
	return 1;
}

/* Reads a whole stream into a heap buffer (NUL-terminated), stopping one
 * byte past max so the caller can tell "too large". NULL on a read error. */
static char *read_stream(FILE *f, size_t max, size_t *len)
{
	struct buf b = {0};
	char chunk[65536];
	size_t n;

	while (b.len <= max && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		buf_free(&b);
		return NULL;
	}
	buf_add(&b, "", 0);
	*len = b.len;
	return b.p;
}

/* ------------------------------------------------------------- migrate */

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

static int cmd_migrate(struct ctx *c, char **argv)
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

/* ---------------------------------------------------------------- demo */

#define DEMO_PASSWORD "demo1234"
#define DEMO_API_KEY "demo-api-key-0000"
#define DAY 86400L
#define UNDELIVERED (-1)

static const struct {
	const char *email, *name, *roles;
} demo_staff[] = {
	{"agent@demo.local", "客服小王", "agent"},
	{"warehouse@demo.local", "仓管老李", "warehouse"},
	{"logistics@demo.local", "物流小张", "logistics"},
	{"finance@demo.local", "财务小陈", "finance"},
	{"tech@demo.local", "技术小赵", "tech"},
	{"manager@demo.local", "售后经理刘芳", "manager"},
};

static const struct demo_customer {
	const char *phone, *email, *name, *city;
} demo_customers[] = {
	{"13800000001", "li@example.com", "李雷", "上海"},
	{"13800000002", "han@example.com", "韩梅梅", "北京"},
};

/* ROUTES.md "Demo data": one order per eligibility situation. */
static const struct demo_order {
	const char *order_no;
	size_t customer;        /* index into demo_customers */
	int delivered_days_ago; /* UNDELIVERED: on its way */
	const char *payment_method;
	struct {
		const char *sku, *name, *category;
		int qty;
		long long unit_price_fen;
	} items[2]; /* sku NULL: no more */
} demo_orders[] = {
	{"SO2026DEMO01", 0, 2, "alipay",
	 {{"EAR-01", "蓝牙耳机", "electronics", 2, 19900}, {"TEE-01", "纯棉T恤", "clothing", 1, 9900}}},
	{"SO2026DEMO02", 0, 10, "wechat_pay", {{"KET-01", "电热水壶", "appliance", 1, 15900}}},
	{"SO2026DEMO03", 0, 40, "alipay", {{"PWR-01", "移动电源", "electronics", 1, 12900}}},
	{"SO2026DEMO04", 0, UNDELIVERED, "unionpay", {{"SCF-01", "羊毛围巾", "clothing", 1, 25900}}},
	{"SO2026DEMO05", 0, 2, "wechat_pay",
	 {{"MUG-01", "定制马克杯", "customised", 1, 6900}, {"NUT-01", "坚果礼盒", "food", 1, 12800}}},
	{"SO2026DEMO11", 1, 3, "alipay", {{"WAT-01", "智能手表", "electronics", 1, 89900}}},
};

/* "2026-11-20T10:02:00+08:00", as the shop sends it. */
static json_t *shop_time(time_t t)
{
	char s[32];

	format_db_datetime(t + LOCAL_UTC_OFFSET, s);
	s[10] = 'T';
	strcat(s, "+08:00");
	return json_string(s);
}

static json_t *demo_order_json(const struct demo_order *o, time_t now)
{
	const struct demo_customer *cu = &demo_customers[o->customer];
	time_t delivered = now - o->delivered_days_ago * DAY;
	json_t *items = json_array();

	for (size_t i = 0; i < NELEM(o->items) && o->items[i].sku; i++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:i, s:I}",
		                                       "sku", o->items[i].sku,
		                                       "name", o->items[i].name,
		                                       "category", o->items[i].category,
		                                       "qty", o->items[i].qty,
		                                       "unit_price_fen",
		                                       (json_int_t)o->items[i].unit_price_fen));
	return json_pack("{s:s, s:o, s:o, s:s, s:{s:s, s:s?, s:s, s:s}, s:o}",
	                 "order_no", o->order_no,
	                 "placed_at", shop_time(o->delivered_days_ago == UNDELIVERED
	                                            ? now - DAY : delivered - 2 * DAY),
	                 "delivered_at", o->delivered_days_ago == UNDELIVERED
	                                     ? json_null() : shop_time(delivered),
	                 "payment_method", o->payment_method,
	                 "customer", "phone", cu->phone, "email", cu->email, "name", cu->name,
	                 "city", cu->city,
	                 "items", items);
}

static int demo_orders_import(struct import_report *rep, struct ctx *c, time_t now)
{
	json_t *orders = json_array(), *root;
	char *doc = NULL;
	int rc = 1;

	for (size_t i = 0; i < NELEM(demo_orders); i++)
		json_array_append_new(orders, demo_order_json(&demo_orders[i], now));
	root = json_pack("{s:o}", "orders", orders);
	if (!root || !(doc = json_dumps(root, JSON_COMPACT))) {
		fprintf(stderr, PROG ": demo: building the orders document failed\n");
		goto out;
	}
	switch (import_orders_json(c->db, doc, strlen(doc), rep)) {
	case IMPORT_OK:
		rc = 0;
		break;
	case IMPORT_INVALID:
		fprintf(stderr, PROG ": demo orders: %s\n", rep->error);
		break;
	default:
		fail_db("demo orders", DB_ERROR);
		break;
	}
out:
	free(doc);
	json_decref(root);
	return rc;
}

/* Sets the demo password unless the customer already has it. */
static int demo_customer_password(struct ctx *c, const char *phone)
{
	char hash[PASSWORD_HASH_MAX], when[20];
	struct dbrow *row;
	enum db_err e;

	if ((e = db_row(c->db, c->a, "SELECT password_hash FROM customers WHERE phone = ?",
	                DB_ARGS(DB_STR(phone)), &row)) != DB_OK)
		return fail_db(phone, e);
	if (!row) {
		fprintf(stderr, PROG ": demo: customer %s is missing after the import\n", phone);
		return 1;
	}
	if (row->col[0] && password_verify(DEMO_PASSWORD, row->col[0]))
		return 0;
	if (password_hash(DEMO_PASSWORD, hash) != 0) {
		fprintf(stderr, PROG ": demo: hashing a password failed\n");
		return 1;
	}
	format_db_datetime(time(NULL), when); /* after created_at, never before */
	if ((e = db_run(c->db, c->a,
	                "UPDATE customers SET password_hash = ?, activated_at = ? WHERE phone = ?",
	                DB_ARGS(DB_STR(hash), DB_STR(when), DB_STR(phone)), NULL)) != DB_OK)
		return fail_db(phone, e);
	return 0;
}

static int staff_exists(struct ctx *c, const char *email, bool *exists)
{
	struct dbrow *row;
	enum db_err e;

	if ((e = db_row(c->db, c->a, "SELECT id FROM staff WHERE email = ?",
	                DB_ARGS(DB_STR(email)), &row)) != DB_OK)
		return fail_db(email, e);
	*exists = row != NULL;
	return 0;
}

static int cmd_demo(struct ctx *c, char **argv)
{
	struct import_report rep;
	time_t now = time(NULL);
	int staff_new = 0;
	bool exists;
	char hex[65];
	struct dbrow *row;
	enum db_err e;

	(void)argv;
	if (!c->cfg.demo) {
		fprintf(stderr, PROG ": demo: refused: the config is not in demo mode "
		        "(demo = 1); production gets no demo accounts\n");
		return 1;
	}
	for (size_t i = 0; i < NELEM(demo_staff); i++) {
		if (staff_exists(c, demo_staff[i].email, &exists) != 0)
			return 1;
		if ((e = staff_upsert(c->db, c->a, demo_staff[i].email, demo_staff[i].name,
		                      (unsigned)roles_parse(demo_staff[i].roles),
		                      DEMO_PASSWORD)) != DB_OK)
			return fail_db(demo_staff[i].email, e);
		staff_new += !exists;
	}
	if (demo_orders_import(&rep, c, now) != 0)
		return 1;
	for (size_t i = 0; i < NELEM(demo_customers); i++)
		if (demo_customer_password(c, demo_customers[i].phone) != 0)
			return 1;
	sha256_hex(DEMO_API_KEY, strlen(DEMO_API_KEY), hex);
	if ((e = db_row(c->db, c->a, "SELECT id FROM api_keys WHERE key_sha256 = ?",
	                DB_ARGS(DB_STR(hex)), &row)) != DB_OK)
		return fail_db("demo API key", e);
	if (!row) {
		char when[20];

		format_db_datetime(now, when);
		if ((e = db_run(c->db, c->a,
		                "INSERT INTO api_keys (name, key_sha256, created_at) "
		                "VALUES ('demo', ?, ?)",
		                DB_ARGS(DB_STR(hex), DB_STR(when)), NULL)) != DB_OK)
			return fail_db("demo API key", e);
	}
	printf("demo staff: %zu accounts (%d new), e.g. %s, password %s\n", NELEM(demo_staff),
	       staff_new, demo_staff[NELEM(demo_staff) - 1].email, DEMO_PASSWORD);
	printf("demo customers: %s and %s (%d new), password %s\n", demo_customers[0].phone,
	       demo_customers[1].phone, rep.customers_new, DEMO_PASSWORD);
	printf("demo orders: %d orders, %d items, delivery dates relative to now\n",
	       rep.orders, rep.items);
	printf("demo API key: %s (%s)\n", DEMO_API_KEY, row ? "present" : "new");
	return 0;
}

/* -------------------------------------------------------- create-staff */

/* The first line of stdin, without its line end; on a terminal asked for
 * without echo. 0, or -1 with a message. */
static int read_password(const char *email, char *pw, size_t cap)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	bool got;
	size_t n;

	if (tty) {
		fprintf(stderr, "password for %s: ", email);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	got = fgets(pw, (int)cap, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!got) {
		fprintf(stderr, PROG ": create-staff: give the password on the first line of stdin\n");
		return -1;
	}
	n = strlen(pw);
	if (n == cap - 1 && pw[n - 1] != '\n' && !feof(stdin)) {
		fprintf(stderr, PROG ": create-staff: password: at most %d bytes\n",
		        STAFF_PASSWORD_MAX);
		return -1;
	}
	pw[strcspn(pw, "\r\n")] = '\0';
	return 0;
}

static int cmd_create_staff(struct ctx *c, char **argv)
{
	const char *email = argv[0], *name = argv[1], *problem;
	char pw[STAFF_PASSWORD_MAX + 2];
	bool exists;
	enum db_err e;
	int roles, rc = 1;

	if ((problem = staff_check(email, name, NULL))) {
		fprintf(stderr, PROG ": create-staff: %s\n", problem);
		return 1;
	}
	if ((roles = roles_parse(argv[2])) < 0) {
		fprintf(stderr, PROG ": create-staff: roles: %s is not a list of agent, "
		        "warehouse, logistics, finance, tech, manager\n", argv[2]);
		return 1;
	}
	if (read_password(email, pw, sizeof pw) != 0)
		goto out;
	if ((problem = staff_check(NULL, NULL, pw))) {
		fprintf(stderr, PROG ": create-staff: %s\n", problem);
		goto out;
	}
	if (staff_exists(c, email, &exists) != 0)
		goto out;
	if ((e = staff_upsert(c->db, c->a, email, name, (unsigned)roles, pw)) != DB_OK) {
		fail_db(email, e);
		goto out;
	}
	printf("%s staff %s (%s), roles %s\n", exists ? "updated" : "created", email, name,
	       argv[2]);
	rc = 0;
out:
	explicit_bzero(pw, sizeof pw);
	return rc;
}

/* -------------------------------------------------------------- import */

static int cmd_import(struct ctx *c, char **argv)
{
	bool from_stdin = strcmp(argv[0], "-") == 0;
	FILE *f = from_stdin ? stdin : fopen(argv[0], "rb");
	struct import_report rep;
	char *doc = NULL;
	size_t len;
	int rc = 1;

	if (!f || !(doc = read_stream(f, IMPORT_READ_MAX, &len))) {
		fprintf(stderr, PROG ": import: %s: %s\n", argv[0], strerror(errno));
		goto out;
	}
	switch (import_orders_json(c->db, doc, len, &rep)) {
	case IMPORT_OK:
		printf("imported %d orders, %d items, %d new customers\n", rep.orders, rep.items,
		       rep.customers_new);
		rc = 0;
		break;
	case IMPORT_INVALID:
		fprintf(stderr, PROG ": import: nothing imported: %s\n", rep.error);
		break;
	default:
		fprintf(stderr, PROG ": import: nothing imported: the database failed "
		        "(its message is above)\n");
		break;
	}
out:
	if (f && !from_stdin)
		fclose(f);
	free(doc);
	return rc;
}

/* ------------------------------------------------------------- api-key */

static int cmd_api_key(struct ctx *c, char **argv)
{
	static const char name_chars[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
	const char *name = argv[0];
	unsigned char raw[32];
	char key[4 * ((sizeof raw + 2) / 3) + 1], hex[65], now[20];
	size_t n = strlen(name);
	enum db_err e;

	if (n == 0 || n > 64 || strspn(name, name_chars) != n) {
		fprintf(stderr, PROG ": api-key: NAME: 1..64 letters, digits, _ . -\n");
		return 1;
	}
	random_bytes(raw, sizeof raw);
	b64url_encode(raw, sizeof raw, key);
	explicit_bzero(raw, sizeof raw);
	sha256_hex(key, strlen(key), hex);
	format_db_datetime(time(NULL), now);
	if ((e = db_run(c->db, c->a,
	                "INSERT INTO api_keys (name, key_sha256, created_at) VALUES (?, ?, ?)",
	                DB_ARGS(DB_STR(name), DB_STR(hex), DB_STR(now)), NULL)) != DB_OK)
		return fail_db("api-key", e);
	fprintf(stderr, PROG ": API key %s created; only its SHA-256 is stored, so keep it "
	        "now: it is not shown again\n", name);
	printf("%s\n", key);
	explicit_bzero(key, sizeof key);
	return 0;
}

/* The state table as tab-separated lines: from, action, types, facts
 * ("fast", "!onsite", …), to, who. tests/http/table.test.mjs drives every
 * action over HTTP from it. */
static int cmd_workflow(struct ctx *c, char **argv)
{
	struct transition_row row;

	printf("from\taction\ttypes\twhen\tto\twho\n");
	for (size_t i = 0; case_transition_row(i, &row); i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\n", row.from, row.action, row.types, row.when,
		       row.to, row.who);
	return 0;
}

/* ------------------------------------------------------------ generate */

/* `generate --cases N [--days D]`: a realistic volume for benchmarks and
 * the dashboard. N cases on as many orders of N/4 customers, spread over
 * the last D days (open ones in the last ten), in the states a shop's
 * history holds, each with its timeline, timers and refund; completed
 * cases with their survey invitation (three in five answered) and often a
 * later order (the 90-day repurchase); one case in thirty with a
 * complaint. A fifth more recent orders carry no case. Written as
 * multi-row INSERTs in big transactions; every value is made here from
 * fixed words and numbers, never from input. To add a table: a gen_table
 * entry with its column list, then gen_row() calls in gen_case() (or a
 * gen_* of its own). */

#define GEN_FLUSH_BYTES (1u << 20) /* one INSERT statement */
#define GEN_TX_CASES 10000         /* cases per transaction */
#define GEN_MAX_STEPS 8
#define GEN_PASSWORD DEMO_PASSWORD
#define GEN_DAYS 730 /* two years, unless --days */

enum gen_table {
	G_CUSTOMERS, G_ORDERS, G_ITEMS, G_CASES, G_CASE_ITEMS, G_EVENTS, G_TIMERS,
	G_REFUNDS, G_REFUND_ITEMS, G_SURVEYS, G_COMPLAINTS, G__MAX
};

/* In foreign-key order: flushing in this order keeps the checks on. */
static const char *const gen_heads[G__MAX] = {
	[G_CUSTOMERS] = "INSERT INTO customers (id, phone, email, name, city, password_hash, "
	                "created_at, activated_at) VALUES ",
	[G_ORDERS] = "INSERT INTO orders (id, order_no, customer_id, placed_at, delivered_at, "
	             "payment_method, updated_at) VALUES ",
	[G_ITEMS] = "INSERT INTO order_items (id, order_id, sku, name, category, qty, "
	            "unit_price_fen, paid_fen) VALUES ",
	[G_CASES] = "INSERT INTO cases (id, case_no, customer_id, order_id, type, reason, "
	            "description, amount_fen, state, version, revision, channel, nonce, "
	            "created_at, updated_at, next_due, next_due_start) VALUES ",
	[G_CASE_ITEMS] = "INSERT INTO case_items (case_id, order_item_id, qty) VALUES ",
	[G_EVENTS] = "INSERT INTO case_events (case_id, at, actor_kind, actor_id, action, "
	             "from_state, to_state, note) VALUES ",
	[G_TIMERS] = "INSERT INTO case_timers (case_id, timer, started_at, due_at, "
	             "stopped_at) VALUES ",
	[G_REFUNDS] = "INSERT INTO refunds (id, case_id, amount_fen, reference, staff_id, "
	              "created_at) VALUES ",
	[G_REFUND_ITEMS] = "INSERT INTO refund_items (refund_id, order_item_id, amount_fen) "
	                   "VALUES ",
	[G_SURVEYS] = "INSERT INTO surveys (case_id, invited_at, expires_at, answered_at, "
	              "attitude, speed, resolution, overall, recommend, comment) VALUES ",
	[G_COMPLAINTS] = "INSERT INTO complaints (customer_id, case_id, subject, body, "
	                 "created_at, due_at, reply, replied_by, replied_at) VALUES ",
};

/* The tables whose rows get ids from here: the next free id of each. */
static const char *const gen_id_sql[] = {
	"SELECT COALESCE(MAX(id), 0) + 1 FROM customers", "SELECT COALESCE(MAX(id), 0) + 1 FROM orders",
	"SELECT COALESCE(MAX(id), 0) + 1 FROM order_items", "SELECT COALESCE(MAX(id), 0) + 1 FROM cases",
	"SELECT COALESCE(MAX(id), 0) + 1 FROM refunds",
};
static const char *const gen_id_tables[] = {"customers", "orders", "order_items",
                                            "cases", "refunds"};
enum { GID_CUSTOMER, GID_ORDER, GID_ITEM, GID_CASE, GID_REFUND, GID__MAX };

static const struct gen_product {
	const char *sku, *name, *category;
	long long price_fen;
} gen_products[] = {
	{"G-EAR", "蓝牙耳机", "electronics", 19900}, {"G-TEE", "纯棉T恤", "clothing", 9900},
	{"G-KET", "电热水壶", "appliance", 15900}, {"G-PWR", "移动电源", "electronics", 12900},
	{"G-SCF", "羊毛围巾", "clothing", 25900}, {"G-MUG", "定制马克杯", "customised", 6900},
	{"G-NUT", "坚果礼盒", "food", 12800}, {"G-WAT", "智能手表", "electronics", 89900},
	{"G-VAC", "无线吸尘器", "appliance", 159900}, {"G-SHO", "跑步鞋", "clothing", 39900},
};
static const char *const gen_surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄"};
static const char *const gen_given[] = {"伟", "芳", "娜", "敏", "静", "磊", "洋", "婷"};
static const char *const gen_cities[] = {"上海", "北京", "广州", "深圳", "杭州", "成都"};
static const char *const gen_payments[] = {"alipay", "wechat_pay", "unionpay"};
static const char *const gen_descriptions[] = {
	"收到后发现无法开机", "颜色和图片不一样", "外包装破损，商品有划痕",
	"尺码不合适", "少了一个配件", "用了两天就坏了",
};
/* Most cases come in online; the rest were registered by staff. */
static const struct gen_channel {
	enum channel channel;
	int weight;
} gen_channels[] = {
	{CHANNEL_ONLINE, 70}, {CHANNEL_PHONE, 12}, {CHANNEL_CHAT, 8},
	{CHANNEL_EMAIL, 5},   {CHANNEL_SOCIAL, 5},
};
/* A survey's overall impression (1..5) by weight; the other answers
 * stay near it. */
static const int gen_overall_weights[5] = {6, 7, 12, 30, 45};
static const char *const gen_comments[] = {
	"处理很快，谢谢", "客服态度很好", "退款到账有点慢", "希望物流能再快一点", "满意",
};
static const char *const gen_complaints[][2] = {
	{"退款太慢", "申请退款一周了还没有到账"},
	{"客服不回复", "留言两天都没有人回复"},
	{"上门时间改了三次", "维修师傅一直改时间"},
};

/* Where a case ended up and the steps that took it there, with a weight:
 * how often a shop's history holds it (about one in nine still open).
 * open: created in the last ten days; the others 8 to 178 days ago. */
#define GT(t) (1u << (t))
#define G_GOODS (GT(TYPE_RETURN_REFUND) | GT(TYPE_EXCHANGE))
#define G_ALL (G_GOODS | GT(TYPE_REFUND_ONLY) | GT(TYPE_REPAIR))
static const struct gen_scenario {
	int weight;
	unsigned types;
	bool open;
	const char *steps[GEN_MAX_STEPS]; /* after "submit"; a step's new state below */
} gen_scenarios[] = {
	{3, G_ALL, true, {NULL}},
	{2, G_GOODS, true, {"approve"}},
	{1, G_GOODS, true, {"approve", "shipment"}},
	{1, G_GOODS, true, {"approve", "shipment", "receive"}},
	{1, GT(TYPE_RETURN_REFUND), true, {"approve", "shipment", "receive", "inspect_pass"}},
	{1, GT(TYPE_REFUND_ONLY), true, {"approve"}},
	{1, GT(TYPE_EXCHANGE), true, {"approve", "shipment", "receive", "inspect_pass"}},
	{1, GT(TYPE_EXCHANGE), true, {"approve", "shipment", "receive", "inspect_pass", "ship"}},
	{1, GT(TYPE_REPAIR), true, {"approve"}},
	{1, GT(TYPE_RETURN_REFUND), true,
	 {"approve", "shipment", "receive", "inspect_pass", "refund"}},
	{1, GT(TYPE_RETURN_REFUND), true, {"approve", "shipment", "receive", "inspect_fail"}},
	{40, GT(TYPE_RETURN_REFUND), false,
	 {"approve", "shipment", "receive", "inspect_pass", "refund", "complete"}},
	{20, GT(TYPE_REFUND_ONLY), false, {"approve", "refund", "complete"}},
	{12, GT(TYPE_EXCHANGE), false,
	 {"approve", "shipment", "receive", "inspect_pass", "ship", "complete"}},
	{16, G_ALL, false, {"reject"}},
	{12, G_ALL, false, {"cancel"}},
	{6, G_GOODS, false, {"approve", "shipment", "receive", "inspect_fail", "close"}},
};

/* The state a step leads to on a case of a type: the state table's (no
 * fast refunds, repairs mailed in). A scenario the table does not allow is
 * a mistake in the list above. */
static const char *gen_next_state(const char *state, const char *step, int type)
{
	int act = case_action_from_name(step);
	const char *to = act < 0 ? NULL
	                         : case_next_state(state, case_type_names[type], 0,
	                                           (enum case_action)act);

	if (!to) {
		fprintf(stderr, PROG ": generate: %s cannot %s a %s case\n", state, step,
		        case_type_names[type]);
		abort();
	}
	return to;
}

struct gen {
	struct ctx *c;
	struct buf rows[G__MAX];
	size_t nrows[G__MAX];
	long long next_id[GID__MAX];
	unsigned long long rng;
	time_t now;
	int span; /* days of history */
	long long nsurveys, ncomplaints;
	struct calendar cal;
	long long *staff;
	size_t nstaff;
	char hash[PASSWORD_HASH_MAX];
	/* case numbers per local day: AS<yyyymmdd><nnnn> */
	struct gen_day {
		char day[11];
		long long last;
	} *days;
	size_t ndays;
};

static unsigned gen_rand(struct gen *g, unsigned n) /* 0 .. n-1 */
{
	g->rng ^= g->rng << 13;
	g->rng ^= g->rng >> 7;
	g->rng ^= g->rng << 17;
	return (unsigned)((g->rng >> 11) % n);
}

static int gen_flush(struct gen *g, enum gen_table t)
{
	enum db_err e;

	if (!g->nrows[t])
		return 0;
	/* check-sql: trusted rows made by gen_row from numbers and fixed words */
	if ((e = db_exec_text(g->c->db, g->rows[t].p, g->rows[t].len)) != DB_OK)
		return fail_db(gen_heads[t], e);
	g->rows[t].len = 0;
	g->nrows[t] = 0;
	return 0;
}

static int gen_flush_all(struct gen *g)
{
	for (int t = 0; t < G__MAX; t++)
		if (gen_flush(g, (enum gen_table)t) != 0)
			return 1;
	return 0;
}

static void gen_row(struct gen *g, enum gen_table t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* One "(…)" of values; strings are fixed words (no quote in them). */
static void gen_row(struct gen *g, enum gen_table t, const char *fmt, ...)
{
	char row[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(row, sizeof row, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof row)
		abort(); /* a programming error: rows here are short */
	buf_puts(&g->rows[t], g->nrows[t]++ ? "," : gen_heads[t]);
	buf_printf(&g->rows[t], "(%s)", row);
}

static const char *gen_case_no(struct gen *g, time_t created, char out[32])
{
	char day[11];
	size_t i;

	format_local_date(created, day);
	/* Cases come in time order: mostly the day of the one before. */
	if (g->ndays && strcmp(g->days[g->ndays - 1].day, day) == 0)
		i = g->ndays - 1;
	else
		for (i = 0; i < g->ndays && strcmp(g->days[i].day, day) != 0; i++)
			;
	if (i == g->ndays) {
		struct gen_day *more = realloc(g->days, (g->ndays + 1) * sizeof *more);

		if (!more)
			abort();
		g->days = more;
		snprintf(g->days[i].day, sizeof g->days[i].day, "%s", day);
		g->days[i].last = 0;
		g->ndays++;
	}
	snprintf(out, 32, "AS%.4s%.2s%.2s%04lld", day, day + 5, day + 8, ++g->days[i].last);
	return out;
}

static void gen_customer(struct gen *g, long long id)
{
	char when[20];

	format_db_datetime(g->now - (g->span + 70) * DAY + (time_t)gen_rand(g, 60) * DAY, when);
	gen_row(g, G_CUSTOMERS, "%lld,'139%08lld','g%lld@example.com','%s%s','%s','%s','%s','%s'",
	        id, id % 100000000, id, gen_surnames[gen_rand(g, NELEM(gen_surnames))],
	        gen_given[gen_rand(g, NELEM(gen_given))],
	        gen_cities[gen_rand(g, NELEM(gen_cities))], g->hash, when, when);
}

/* An order placed `placed`: its first item's id, that item's unit price in
 * *first_paid (what a refund of one unit pays back). */
static long long gen_order(struct gen *g, long long customer_id, time_t placed,
                           long long *first_paid)
{
	long long id = g->next_id[GID_ORDER]++, item0 = g->next_id[GID_ITEM];
	int nitems = 1 + (int)gen_rand(g, 3);
	unsigned p0 = gen_rand(g, NELEM(gen_products));
	char placed_s[20], delivered_s[20];

	format_db_datetime(placed, placed_s);
	format_db_datetime(placed + 2 * DAY, delivered_s);
	gen_row(g, G_ORDERS, "%lld,'GEN%010lld',%lld,'%s','%s','%s','%s'", id, id, customer_id,
	        placed_s, delivered_s, gen_payments[gen_rand(g, NELEM(gen_payments))],
	        delivered_s);
	for (int i = 0; i < nitems; i++) {
		const struct gen_product *p = &gen_products[(p0 + (unsigned)i) % NELEM(gen_products)];
		int qty = 1 + (int)gen_rand(g, 2);

		gen_row(g, G_ITEMS, "%lld,%lld,'%s-%d','%s','%s',%d,%lld,%lld",
		        g->next_id[GID_ITEM]++, id, p->sku, i, p->name, p->category, qty,
		        p->price_fen, qty * p->price_fen);
		if (i == 0)
			*first_paid = p->price_fen;
	}
	return item0;
}

/* An index into n things whose int weights lie stride bytes apart. */
static size_t gen_weighted(struct gen *g, const int *weight, size_t n, size_t stride)
{
	const char *w = (const char *)weight;
	int total = 0, r;

	for (size_t i = 0; i < n; i++)
		total += *(const int *)(const void *)(w + i * stride);
	r = (int)gen_rand(g, (unsigned)total);
	for (size_t i = 0; i < n; i++)
		if ((r -= *(const int *)(const void *)(w + i * stride)) < 0)
			return i;
	return 0;
}
#define GEN_PICK(g, v, field) gen_weighted(g, &(v)[0].field, NELEM(v), sizeof(v)[0])

static int gen_clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* The survey of a case completed at done: answered by three in five, a
 * few hours to two days later (if that has come). */
static void gen_survey(struct gen *g, long long case_id, time_t done)
{
	time_t answered = done + 3600 + (time_t)gen_rand(g, 2 * DAY);
	char inv[20], exp[20], ans[20];
	int overall, q[SQ__MAX];

	g->nsurveys++;
	format_db_datetime(done, inv);
	format_db_datetime(done + SURVEY_DAYS * DAY, exp);
	if (gen_rand(g, 5) >= 3 || answered >= g->now) {
		gen_row(g, G_SURVEYS, "%lld,'%s','%s',NULL,NULL,NULL,NULL,NULL,NULL,NULL", case_id, inv,
		        exp);
		return;
	}
	overall = 1 + (int)gen_weighted(g, gen_overall_weights, NELEM(gen_overall_weights),
	                                sizeof gen_overall_weights[0]);
	for (int i = 0; i < SQ__MAX; i++)
		q[i] = gen_clamp(i == SQ_RECOMMEND ? 2 * overall - 1 + (int)gen_rand(g, 3)
		                                   : overall - 1 + (int)gen_rand(g, 3),
		                 survey_q_min((enum survey_q)i), survey_q_max((enum survey_q)i));
	q[SQ_OVERALL] = overall;
	format_db_datetime(answered, ans);
	gen_row(g, G_SURVEYS, "%lld,'%s','%s','%s',%d,%d,%d,%d,%d,%s", case_id, inv, exp, ans,
	        q[SQ_ATTITUDE], q[SQ_SPEED], q[SQ_RESOLUTION], q[SQ_OVERALL], q[SQ_RECOMMEND],
	        gen_rand(g, 4) ? "NULL"
	                       : aprintf(g->c->a, "'%s'", gen_comments[gen_rand(g, NELEM(gen_comments))]));
}

/* A complaint about a case, a few hours to three days after it came in;
 * answered by nine in ten within a day and a half. */
static void gen_complaint(struct gen *g, long long customer_id, long long case_id, time_t created)
{
	time_t at = created + 3600 + (time_t)gen_rand(g, 3 * DAY);
	time_t replied = at + 600 + (time_t)gen_rand(g, 36 * 3600);
	const char *const *text = gen_complaints[gen_rand(g, NELEM(gen_complaints))];
	char at_s[20], due_s[20], replied_s[20];

	if (at >= g->now)
		return;
	g->ncomplaints++;
	format_db_datetime(at, at_s);
	format_db_datetime(cal_add_working_days(&g->cal, at, COMPLAINT_RESPONSE_DAYS), due_s);
	if (replied < g->now && gen_rand(g, 10) && g->nstaff) {
		format_db_datetime(replied, replied_s);
		gen_row(g, G_COMPLAINTS, "%lld,%lld,'%s','%s','%s','%s','%s',%lld,'%s'", customer_id,
		        case_id, text[0], text[1], at_s, due_s, "非常抱歉，已为您加急处理",
		        g->staff[gen_rand(g, (unsigned)g->nstaff)], replied_s);
	} else {
		gen_row(g, G_COMPLAINTS, "%lld,%lld,'%s','%s','%s','%s',NULL,NULL,NULL", customer_id,
		        case_id, text[0], text[1], at_s, due_s);
	}
}

static int gen_type(struct gen *g, unsigned types)
{
	int pick[TYPE__MAX], n = 0;

	for (int t = 0; t < TYPE__MAX; t++)
		if (types & GT(t))
			pick[n++] = t;
	return pick[gen_rand(g, (unsigned)n)];
}

static bool gen_by_customer(const char *step)
{
	return strcmp(step, "submit") == 0 || strcmp(step, "cancel") == 0 ||
	       strcmp(step, "shipment") == 0;
}

/* What a case will be, drawn first so that the cases can be written in
 * the order they came in: ids and case numbers rise with time, as the
 * site's own do, and the indexes on times grow at their end. */
struct gen_plan {
	time_t created;
	unsigned scenario;
};

static int gen_plan_cmp(const void *x, const void *y)
{
	const struct gen_plan *a = x, *b = y;

	return (a->created > b->created) - (a->created < b->created);
}

/* Open cases came in during the last ten days, the others before. */
static struct gen_plan *gen_plans(struct gen *g, long long n)
{
	struct gen_plan *v = calloc((size_t)n, sizeof *v);

	if (!v)
		abort();
	for (long long k = 0; k < n; k++) {
		unsigned sc = (unsigned)GEN_PICK(g, gen_scenarios, weight);
		time_t age = gen_scenarios[sc].open
		                 ? (time_t)gen_rand(g, 10 * DAY) + 600
		                 : 8 * DAY + (time_t)gen_rand(g, (unsigned)((g->span - 8) * DAY));

		v[k] = (struct gen_plan){g->now - age, sc};
	}
	qsort(v, (size_t)n, sizeof *v, gen_plan_cmp);
	return v;
}

/* One case on a fresh order of the customer, with its whole history. */
static void gen_case(struct gen *g, long long customer_id, const struct gen_plan *plan)
{
	const struct gen_scenario *sc = &gen_scenarios[plan->scenario];
	enum channel channel = gen_channels[GEN_PICK(g, gen_channels, weight)].channel;
	int type = gen_type(g, sc->types), nsteps = 1, version = 1;
	time_t created = plan->created, age = g->now - created, at = created, last = created;
	time_t gap, room;
	long long case_id = g->next_id[GID_CASE]++, first_paid, item, order_id;
	const char *state = "submitted", *steps[GEN_MAX_STEPS + 1] = {"submit"};
	char case_no[32], created_s[20], at_s[20], updated_s[20], due_s[24], start_s[24];
	struct sla_clocks clocks = {0};
	enum sla_timer next;

	for (int i = 0; i < GEN_MAX_STEPS && sc->steps[i]; i++)
		steps[nsteps++] = sc->steps[i];
	/* Every case moved through its steps within its age so far. */
	gap = sc->open ? age / (nsteps + 1) : (time_t)(2 + gen_rand(g, 36)) * 3600;
	room = age > 3600 ? age - 3600 : age / 2;
	if (gap > room / nsteps)
		gap = room / nsteps;
	item = gen_order(g, customer_id, created - (time_t)(3 + gen_rand(g, 8)) * DAY, &first_paid);
	order_id = g->next_id[GID_ORDER] - 1;
	format_db_datetime(created, created_s);
	for (int i = 0; i < nsteps; i++) {
		/* A case that came in by phone, chat, … was registered by staff. */
		bool cust = gen_by_customer(steps[i]) && (i > 0 || channel == CHANNEL_ONLINE);
		const char *to = i == 0 ? "submitted" : gen_next_state(state, steps[i], type);
		char actor[24], from[32];

		format_db_datetime(at, at_s);
		if (cust)
			snprintf(actor, sizeof actor, "'c',%lld", customer_id);
		else if (g->nstaff)
			snprintf(actor, sizeof actor, "'s',%lld", g->staff[gen_rand(g, (unsigned)g->nstaff)]);
		else
			snprintf(actor, sizeof actor, "'x',NULL");
		if (i == 0)
			snprintf(from, sizeof from, "NULL");
		else
			snprintf(from, sizeof from, "'%s'", state);
		gen_row(g, G_EVENTS, "%lld,'%s',%s,'%s',%s,'%s',%s", case_id, at_s, actor,
		        steps[i], from, to,
		        strcmp(steps[i], "reject") == 0 ? "'照片无法说明问题，请补充清晰照片'"
		        : strcmp(steps[i], "inspect_fail") == 0 ? "'商品有人为损坏痕迹'"
		                                                : "NULL");
		sla_on_event(&clocks, &g->cal,
		             &(struct sla_step){case_type_names[type], steps[i], to, !cust, false, 0},
		             at);
		if (strcmp(steps[i], "refund") == 0) {
			long long refund_id = g->next_id[GID_REFUND]++;

			gen_row(g, G_REFUNDS, "%lld,%lld,%lld,'GEN-RF-%lld',%s,'%s'", refund_id,
			        case_id, first_paid, refund_id,
			        g->nstaff ? aprintf(g->c->a, "%lld", g->staff[0]) : "NULL", at_s);
			gen_row(g, G_REFUND_ITEMS, "%lld,%lld,%lld", refund_id, item, first_paid);
		}
		version += i > 0;
		state = to;
		snprintf(updated_s, sizeof updated_s, "%s", at_s);
		last = at;
		at += gap;
	}
	for (int t = 0; t < SLA__MAX; t++) {
		const struct sla_clock *k = &clocks.t[t];
		char s[20], d[20], x[24];

		if (!k->start)
			continue;
		format_db_datetime(k->start, s);
		format_db_datetime(k->due, d);
		if (k->stopped) {
			format_db_datetime(k->stopped, x + 1);
			x[0] = '\'';
			strcat(x, "'");
		} else {
			snprintf(x, sizeof x, "NULL");
		}
		gen_row(g, G_TIMERS, "%lld,'%s','%s','%s',%s", case_id, sla_timer_names[t], s, d, x);
	}
	if (sla_next(&clocks, &next)) {
		due_s[0] = start_s[0] = '\'';
		format_db_datetime(clocks.t[next].due, due_s + 1);
		format_db_datetime(clocks.t[next].start, start_s + 1);
		strcat(due_s, "'");
		strcat(start_s, "'");
	} else {
		snprintf(due_s, sizeof due_s, "NULL");
		snprintf(start_s, sizeof start_s, "NULL");
	}
	gen_row(g, G_CASES,
	        "%lld,'%s',%lld,%lld,'%s','%s','%s',%s,'%s',%d,1,'%s','gen%lld','%s','%s',%s,%s",
	        case_id, gen_case_no(g, created, case_no), customer_id, order_id,
	        case_type_names[type],
	        reason_names[type == TYPE_REPAIR ? REASON_QUALITY_DEFECT
	                                         : (int)gen_rand(g, REASON__MAX)],
	        gen_descriptions[gen_rand(g, NELEM(gen_descriptions))],
	        type == TYPE_REFUND_ONLY ? aprintf(g->c->a, "%lld", first_paid) : "NULL", state,
	        version, channel_names[channel], case_id, created_s, updated_s, due_s, start_s);
	gen_row(g, G_CASE_ITEMS, "%lld,%lld,1", case_id, item);
	if (strcmp(state, "completed") == 0) {
		time_t again = last + (time_t)(10 + gen_rand(g, 140)) * DAY;
		long long paid;

		gen_survey(g, case_id, last);
		if (gen_rand(g, 4) == 0 && again < g->now) /* the customer buys again */
			gen_order(g, customer_id, again, &paid);
	}
	if (gen_rand(g, 30) == 0)
		gen_complaint(g, customer_id, case_id, created);
}

static int gen_prepare(struct gen *g)
{
	struct dbres res;
	enum db_err e;

	for (int i = 0; i < GID__MAX; i++) {
		struct dbrow *row;

		if ((e = db_row(g->c->db, g->c->a, gen_id_sql[i], DB_NOARGS, &row)) != DB_OK)
			return fail_db(gen_id_tables[i], e);
		g->next_id[i] = db_int(row, 0);
	}
	if ((e = db_run(g->c->db, g->c->a, "SELECT id FROM staff WHERE disabled = 0 ORDER BY id",
	                DB_NOARGS, &res)) != DB_OK)
		return fail_db("staff", e);
	g->nstaff = res.nrows;
	/* Not in the arena: that is emptied after each transaction. */
	g->staff = calloc(res.nrows + 1, sizeof *g->staff);
	if (!g->staff)
		abort();
	for (size_t i = 0; i < res.nrows; i++)
		g->staff[i] = db_int(&res.rows[i], 0);
	if ((e = db_run(g->c->db, g->c->a, "SELECT day, last FROM case_numbers", DB_NOARGS,
	                &res)) != DB_OK)
		return fail_db("case_numbers", e);
	for (size_t i = 0; i < res.nrows; i++) {
		struct gen_day *more = realloc(g->days, (g->ndays + 1) * sizeof *more);

		if (!more)
			abort();
		g->days = more;
		snprintf(g->days[g->ndays].day, sizeof g->days[0].day, "%s", res.rows[i].col[0]);
		g->days[g->ndays++].last = db_int(&res.rows[i], 1);
	}
	if ((e = calendar_load(g->c->db, g->c->a, &g->cal)) != DB_OK)
		return fail_db("calendar", e);
	/* One hash for every generated customer: scrypt is slow on purpose. */
	if (password_hash(GEN_PASSWORD, g->hash) != 0 || strpbrk(g->hash, "'\\")) {
		fprintf(stderr, PROG ": generate: hashing the password failed\n");
		return 1;
	}
	return 0;
}

static int gen_tx(struct gen *g, const char *sql)
{
	/* check-sql: trusted START TRANSACTION and COMMIT, literals of this file */
	enum db_err e = db_exec_text(g->c->db, sql, strlen(sql));

	return e == DB_OK ? 0 : fail_db(sql, e);
}

/* The summaries of every day the generator may have written (orders a
 * few days before the oldest case, timers due up to a month ahead) are
 * recomputed on their next read: one mark per day, as the triggers would
 * have left, which the bulk load told to stand aside. */
static int gen_mark_days(struct gen *g)
{
	struct buf sql = {0};
	enum db_err e;

	/* IGNORE: a database still at schema 009, where the day is the key,
	 * has the days its triggers marked (tests/http/migrate.test.mjs). */
	buf_puts(&sql, "INSERT IGNORE INTO stats_dirty (day) VALUES "); /* check-sql: trusted */
	for (long d = -(g->span + 12); d <= 31; d++) {
		char day[11];

		format_local_date(g->now + d * DAY, day);
		buf_printf(&sql, "%s('%s')", d > -(g->span + 12) ? "," : "", day);
	}
	/* check-sql: trusted: dates formatted here from the clock */
	e = db_exec_text(g->c->db, sql.p, sql.len);
	buf_free(&sql);
	return e == DB_OK ? 0 : fail_db("stats_dirty", e);
}

static int cmd_generate(struct ctx *c, char **argv)
{
	struct gen g = {.c = c, .rng = 0x9E3779B97F4A7C15ULL, .now = time(NULL), .span = GEN_DAYS};
	long long ncases, ncustomers, cu0, order0, refund0, ndays = GEN_DAYS;
	struct gen_plan *plan = NULL;
	struct buf days = {0};
	int rc = 1;

	if (strcmp(argv[0], "--cases") != 0 || parse_int(argv[1], 1, 10000000, &ncases) != 0 ||
	    (argv[2] && (strcmp(argv[2], "--days") != 0 || !argv[3] ||
	                 parse_int(argv[3], 30, 3650, &ndays) != 0))) {
		fprintf(stderr, PROG ": generate takes --cases N (1 to 10000000) "
		        "[--days D] (30 to 3650, default %d)\n", GEN_DAYS);
		return 2;
	}
	g.span = (int)ndays;
	if (!c->cfg.demo) {
		fprintf(stderr, PROG ": generate: refused: the config is not in demo mode "
		        "(demo = 1); generated customers share the demo password\n");
		return 1;
	}
	if (gen_prepare(&g) != 0)
		goto out;
	plan = gen_plans(&g, ncases);
	ncustomers = ncases / 4 + 1;
	cu0 = g.next_id[GID_CUSTOMER];
	order0 = g.next_id[GID_ORDER];
	refund0 = g.next_id[GID_REFUND];
	/* The statistics triggers (schema/010) skip this session's rows;
	 * gen_mark_days marks their days once at the end. */
	if (gen_tx(&g, "SET @aftercare_bulk_load = 1") != 0 || gen_tx(&g, "START TRANSACTION") != 0)
		goto out;
	for (long long k = 0; k < ncustomers; k++)
		gen_customer(&g, g.next_id[GID_CUSTOMER]++);
	for (long long k = 0; k < ncases; k++) {
		gen_case(&g, cu0 + k % ncustomers, &plan[k]);
		/* A fifth more orders carry no case (yet). */
		if (k % 5 == 0) {
			long long paid;

			gen_order(&g, cu0 + k % ncustomers,
			          g.now - (time_t)(1 + gen_rand(&g, 60)) * DAY, &paid);
		}
		for (int t = 0; t < G__MAX; t++)
			if (g.rows[t].len >= GEN_FLUSH_BYTES) {
				if (gen_flush_all(&g) != 0)
					goto out;
				break;
			}
		if ((k + 1) % GEN_TX_CASES == 0) {
			if (gen_flush_all(&g) != 0 || gen_tx(&g, "COMMIT") != 0 ||
			    gen_tx(&g, "START TRANSACTION") != 0)
				goto out;
			arena_free(c->a);
			c->a = arena_new();
		}
	}
	if (gen_flush_all(&g) != 0)
		goto out;
	/* Cases the site numbers next continue after the generated ones: days
	 * formatted here from the clock, counters as numbers. */
	buf_puts(&days, "INSERT INTO case_numbers (day, last) VALUES "); /* check-sql: trusted */
	for (size_t i = 0; i < g.ndays; i++)
		buf_printf(&days, "%s('%s',%lld)", i ? "," : "", g.days[i].day, g.days[i].last);
	/* check-sql: trusted (as above) */
	buf_puts(&days, " ON DUPLICATE KEY UPDATE last = GREATEST(last, VALUES(last))");
	/* check-sql: trusted (as above) */
	if ((g.ndays && (db_exec_text(c->db, days.p, days.len) != DB_OK)) ||
	    gen_mark_days(&g) != 0 || gen_tx(&g, "COMMIT") != 0)
		goto out;
	printf("generated %lld customers (phones 139…, password %s), %lld cases over %d days, "
	       "%lld orders, %lld refunds, %lld surveys, %lld complaints\n", ncustomers,
	       GEN_PASSWORD, ncases, g.span, g.next_id[GID_ORDER] - order0,
	       g.next_id[GID_REFUND] - refund0, g.nsurveys, g.ncomplaints);
	rc = 0;
out:
	if (rc != 0)
		db_exec_text(c->db, "ROLLBACK", 8);
	for (int t = 0; t < G__MAX; t++)
		buf_free(&g.rows[t]);
	buf_free(&days);
	free(g.days);
	free(g.staff);
	free(plan);
	return rc;
}

/* ---------------------------------------------------------------- main */

static const struct command {
	const char *name;
	int nargs, optargs; /* required, then at most optargs more */
	int (*run)(struct ctx *c, char **argv);
	const char *args, *help;
} commands[] = {
	{"migrate", 0, 0, cmd_migrate, "",
	 "apply the schema's NNN_*.sql files not yet applied, in order"},
	{"demo", 0, 0, cmd_demo, "",
	 "load demo staff, customers, orders and API key (demo = 1 only)"},
	{"create-staff", 3, 0, cmd_create_staff, "EMAIL NAME ROLES",
	 "create or update a staff account; password: first line of stdin;\n"
	 "ROLES: agent,warehouse,logistics,finance,tech or manager"},
	{"import", 1, 0, cmd_import, "FILE|-",
	 "import an orders JSON document (ROUTES.md); all or nothing"},
	{"api-key", 1, 0, cmd_api_key, "NAME", "create a key for /api/v1 and print it once"},
	{"workflow", 0, 0, cmd_workflow, "", "print the case state table, tab-separated"},
	{"generate", 2, 2, cmd_generate, "--cases N [--days D]",
	 "add N cases over the last D days (default 730) with customers,\n"
	 "orders, timelines, timers, refunds, surveys and complaints, for\n"
	 "benchmarks (demo = 1 only; customers 139…, password demo1234)"},
};

static int usage(void)
{
	fprintf(stderr, "usage: " PROG " --config FILE COMMAND [ARG...]\n\ncommands:\n");
	for (size_t i = 0; i < NELEM(commands); i++) {
		const char *h = commands[i].help;
		char left[40];

		snprintf(left, sizeof left, "%s %s", commands[i].name, commands[i].args);
		for (bool first = true; *h; first = false) {
			int n = (int)strcspn(h, "\n");

			fprintf(stderr, "  %-30s %.*s\n", first ? left : "", n, h);
			h += n + (h[n] == '\n');
		}
	}
	fprintf(stderr, "\nexit status: 0 done, 1 failed, 2 usage\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *config_path = NULL;
	const struct command *cmd = NULL;
	struct ctx c = {0};
	int i, rc = 1;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			config_path = argv[++i];
		else if (strncmp(argv[i], "--config=", 9) == 0)
			config_path = argv[i] + 9;
		else
			return usage(); /* --help, -h and anything unknown */
	}
	for (size_t k = 0; i < argc && k < NELEM(commands); k++)
		if (strcmp(argv[i], commands[k].name) == 0)
			cmd = &commands[k];
	if (!cmd) {
		if (i < argc)
			fprintf(stderr, PROG ": unknown command %s\n", argv[i]);
		return usage();
	}
	if (argc - i - 1 < cmd->nargs || argc - i - 1 > cmd->nargs + cmd->optargs) {
		fprintf(stderr, PROG ": %s takes %s%s\n", cmd->name,
		        cmd->nargs ? "" : "no arguments", cmd->args);
		return usage();
	}
	if (config_load(config_path, &c.cfg) != 0)
		return 1;
	if (mysql_library_init(0, NULL, NULL) != 0) {
		fprintf(stderr, PROG ": mysql_library_init failed\n");
		goto out;
	}
	c.db = db_new(&c.cfg.db);
	c.a = arena_new();
	if (db_ping(c.db) != DB_OK) {
		fprintf(stderr, PROG ": cannot reach the database (see the line above)\n");
		goto out;
	}
	rc = cmd->run(&c, argv + i + 1);
	if (fflush(stdout) != 0) {
		perror(PROG ": stdout");
		rc = 1;
	}
out:
	arena_free(c.a);
	db_free(c.db);
	mysql_library_end();
	config_free(&c.cfg);
	return rc;
}
