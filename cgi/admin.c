/*
 * admin.c — `aftercare-admin`: apply schema migrations, load demo data,
 * create staff, import orders, issue API keys. One table of commands.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>

#include "config.h"
#include "import.h"
#include "session.h"
#include "staff.h"

struct ctx {
	struct config cfg;
	struct db *db;
	struct arena *a;
};

static int fail_db(const char *what, enum db_err e)
{
	fprintf(stderr, "aftercare-admin: %s: database error %d (see messages above)\n", what, e);
	return 1;
}

static char *read_all(FILE *f, size_t *len)
{
	struct buf b = {0};
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	*len = b.len;
	if (!b.p)
		buf_add(&b, "", 0);
	return b.p;
}

/* ---- migrate ---- */

static int by_name(const struct dirent **x, const struct dirent **y)
{
	return strcmp((*x)->d_name, (*y)->d_name);
}

static int is_migration(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 8 && strspn(d->d_name, "0123456789") == 3 && d->d_name[3] == '_' &&
	       strcmp(d->d_name + n - 4, ".sql") == 0;
}

/* Runs each statement of a file: statements end with ';' at the end of a
 * line; lines starting with "--" are comments. */
static int apply_file(struct ctx *c, const char *path, const char *name)
{
	FILE *f = fopen(path, "r");
	struct buf stmt = {0};
	char line[4096];
	int n = 0, rc = 0;

	if (!f) {
		fprintf(stderr, "aftercare-admin: %s: %s\n", path, strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof line, f)) {
		char *t = str_trim(line);
		size_t len = strlen(t);

		if (len == 0 || strncmp(t, "--", 2) == 0)
			continue;
		buf_puts(&stmt, t);
		buf_puts(&stmt, "\n");
		if (t[len - 1] != ';')
			continue;
		stmt.p[stmt.len - 2] = '\0'; /* drop ";\n" */
		n++;
		if (db_run(c->db, c->a, stmt.p, DB_NOARGS, NULL) != DB_OK) {
			fprintf(stderr, "aftercare-admin: %s: statement %d failed\n", name, n);
			rc = 1;
			break;
		}
		stmt.len = 0;
	}
	fclose(f);
	buf_free(&stmt);
	return rc;
}

static int cmd_migrate(struct ctx *c, int argc, char **argv)
{
	struct dirent **list;
	int n, applied = 0, rc = 0;
	char now[20];

	if (db_run(c->db, c->a,
	           "CREATE TABLE IF NOT EXISTS schema_migrations ("
	           "version INT NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, "
	           "applied_at DATETIME NOT NULL) ENGINE=InnoDB",
	           DB_NOARGS, NULL) != DB_OK)
		return fail_db("schema_migrations", DB_ERROR);
	if ((n = scandir(c->cfg.schema, &list, is_migration, by_name)) < 0) {
		fprintf(stderr, "aftercare-admin: %s: %s\n", c->cfg.schema, strerror(errno));
		return 1;
	}
	for (int i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		long long version = strtoll(name, NULL, 10);
		struct dbrow *row;
		enum db_err e;

		if (rc)
			continue;
		e = db_row(c->db, c->a, "SELECT 1 FROM schema_migrations WHERE version = ?",
		           DB_ARGS(DB_INT(version)), &row);
		if (e != DB_OK) {
			rc = fail_db(name, e);
			continue;
		}
		if (row)
			continue;
		if ((rc = apply_file(c, aprintf(c->a, "%s/%s", c->cfg.schema, name), name)) != 0)
			continue;
		format_db_datetime(time(NULL), now);
		if ((e = db_run(c->db, c->a,
		                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		                DB_ARGS(DB_INT(version), DB_STR(name), DB_STR(now)), NULL)) != DB_OK) {
			rc = fail_db(name, e);
			continue;
		}
		printf("applied %s\n", name);
		applied++;
	}
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
	if (!rc && !applied)
		printf("schema up to date\n");
	return rc;
}

/* ---- demo data (ROUTES.md "Demo data") ---- */

static const struct {
	const char *email, *name, *roles;
} demo_staff[] = {
	{"agent@demo.local", "客服小王", "agent"},
	{"warehouse@demo.local", "仓库老李", "warehouse"},
	{"logistics@demo.local", "物流小张", "logistics"},
	{"finance@demo.local", "财务小陈", "finance"},
	{"tech@demo.local", "技术老赵", "tech"},
	{"manager@demo.local", "售后经理刘", "manager"},
};

#define DEMO_PASSWORD "demo1234"
#define DEMO_API_KEY "demo-api-key-0000"

/* The demo orders, delivered some days before now (-1: not delivered). */
static const struct {
	const char *order_no, *phone, *email, *name, *city;
	int placed_days_ago, delivered_days_ago;
	const char *items; /* JSON array of items */
} demo_orders[] = {
	{"SO2026DEMO01", "13800000001", "li@example.com", "李雷", "上海", 4, 2,
	 "[{\"sku\":\"EAR-01\",\"name\":\"蓝牙耳机\",\"category\":\"electronics\",\"qty\":2,\"unit_price_fen\":19900},"
	 "{\"sku\":\"TEE-01\",\"name\":\"纯棉T恤\",\"category\":\"clothing\",\"qty\":1,\"unit_price_fen\":9900}]"},
	{"SO2026DEMO02", "13800000001", NULL, NULL, NULL, 12, 10,
	 "[{\"sku\":\"KET-01\",\"name\":\"电热水壶\",\"category\":\"appliance\",\"qty\":1,\"unit_price_fen\":15900}]"},
	{"SO2026DEMO03", "13800000001", NULL, NULL, NULL, 43, 40,
	 "[{\"sku\":\"PWR-01\",\"name\":\"移动电源\",\"category\":\"electronics\",\"qty\":1,\"unit_price_fen\":12900}]"},
	{"SO2026DEMO04", "13800000001", NULL, NULL, NULL, 1, -1,
	 "[{\"sku\":\"SCF-01\",\"name\":\"羊毛围巾\",\"category\":\"clothing\",\"qty\":1,\"unit_price_fen\":25900}]"},
	{"SO2026DEMO05", "13800000001", NULL, NULL, NULL, 5, 2,
	 "[{\"sku\":\"MUG-01\",\"name\":\"定制马克杯\",\"category\":\"customised\",\"qty\":1,\"unit_price_fen\":6900},"
	 "{\"sku\":\"NUT-01\",\"name\":\"坚果礼盒\",\"category\":\"food\",\"qty\":1,\"unit_price_fen\":12800}]"},
	{"SO2026DEMO11", "13800000002", "han@example.com", "韩梅梅", "北京", 5, 3,
	 "[{\"sku\":\"WAT-01\",\"name\":\"智能手表\",\"category\":\"electronics\",\"qty\":1,\"unit_price_fen\":89900}]"},
};

static void iso(time_t t, char out[26])
{
	struct tm tm;
	time_t local = t + LOCAL_UTC_OFFSET;

	gmtime_r(&local, &tm);
	strftime(out, 26, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
}

static char *demo_document(struct arena *a, time_t now)
{
	struct buf b = {0};
	char *doc;

	buf_puts(&b, "{\"orders\":[");
	for (size_t i = 0; i < sizeof demo_orders / sizeof demo_orders[0]; i++) {
		char placed[26], delivered[26];

		iso(now - demo_orders[i].placed_days_ago * 86400L, placed);
		iso(now - demo_orders[i].delivered_days_ago * 86400L, delivered);
		buf_printf(&b, "%s{\"order_no\":\"%s\",\"placed_at\":\"%s\",", i ? "," : "",
		           demo_orders[i].order_no, placed);
		if (demo_orders[i].delivered_days_ago < 0)
			buf_puts(&b, "\"delivered_at\":null,");
		else
			buf_printf(&b, "\"delivered_at\":\"%s\",", delivered);
		buf_printf(&b, "\"payment_method\":\"alipay\",\"customer\":{\"phone\":\"%s\"",
		           demo_orders[i].phone);
		if (demo_orders[i].email)
			buf_printf(&b, ",\"email\":\"%s\",\"name\":\"%s\",\"city\":\"%s\"",
			           demo_orders[i].email, demo_orders[i].name, demo_orders[i].city);
		buf_printf(&b, "},\"items\":%s}", demo_orders[i].items);
	}
	buf_puts(&b, "]}");
	doc = astrdup(a, b.p);
	buf_free(&b);
	return doc;
}

static int demo_customer_password(struct ctx *c, const char *phone, time_t now)
{
	char hash[PASSWORD_HASH_MAX], when[20];
	struct dbrow *row;
	enum db_err e;

	if ((e = db_row(c->db, c->a, "SELECT password_hash FROM customers WHERE phone = ?",
	                DB_ARGS(DB_STR(phone)), &row)) != DB_OK)
		return fail_db(phone, e);
	if (!row || (row->col[0] && password_verify(DEMO_PASSWORD, row->col[0])))
		return 0;
	if (password_hash(DEMO_PASSWORD, hash) != 0)
		return 1;
	format_db_datetime(now, when);
	if ((e = db_run(c->db, c->a,
	                "UPDATE customers SET password_hash = ?, activated_at = ? WHERE phone = ?",
	                DB_ARGS(DB_STR(hash), DB_STR(when), DB_STR(phone)), NULL)) != DB_OK)
		return fail_db(phone, e);
	return 0;
}

static int cmd_demo(struct ctx *c, int argc, char **argv)
{
	struct import_report rep;
	time_t now = time(NULL);
	char *doc = demo_document(c->a, now), hex[65], when[20];
	enum db_err e;

	if (!c->cfg.demo) {
		fprintf(stderr, "aftercare-admin: demo data only in demo mode (demo = 1)\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof demo_staff / sizeof demo_staff[0]; i++)
		if ((e = staff_upsert(c->db, c->a, demo_staff[i].email, demo_staff[i].name,
		                      (unsigned)roles_parse(demo_staff[i].roles),
		                      DEMO_PASSWORD)) != DB_OK)
			return fail_db(demo_staff[i].email, e);
	switch (import_orders_json(c->db, doc, strlen(doc), &rep)) {
	case IMPORT_OK:
		break;
	case IMPORT_INVALID:
		fprintf(stderr, "aftercare-admin: demo orders: %s\n", rep.error);
		return 1;
	default:
		return fail_db("demo orders", DB_ERROR);
	}
	if (demo_customer_password(c, "13800000001", now) ||
	    demo_customer_password(c, "13800000002", now))
		return 1;
	sha256_hex(DEMO_API_KEY, strlen(DEMO_API_KEY), hex);
	format_db_datetime(now, when);
	if ((e = db_run(c->db, c->a,
	                "INSERT IGNORE INTO api_keys (name, key_sha256, created_at) VALUES ('demo', ?, ?)",
	                DB_ARGS(DB_STR(hex), DB_STR(when)), NULL)) != DB_OK)
		return fail_db("api key", e);
	printf("demo data: %zu staff, %d orders, %d items, API key %s\n",
	       sizeof demo_staff / sizeof demo_staff[0], rep.orders, rep.items, DEMO_API_KEY);
	return 0;
}

/* ---- the rest ---- */

static int cmd_create_staff(struct ctx *c, int argc, char **argv)
{
	char pw[256];
	int roles;
	enum db_err e;

	if (argc != 3)
		return 2;
	if ((roles = roles_parse(argv[2])) < 0) {
		fprintf(stderr, "aftercare-admin: unknown role in %s\n", argv[2]);
		return 1;
	}
	if (!fgets(pw, sizeof pw, stdin) || strlen(str_trim(pw)) < 8) {
		fprintf(stderr, "aftercare-admin: give a password of 8 or more characters on stdin\n");
		return 1;
	}
	if ((e = staff_upsert(c->db, c->a, argv[0], argv[1], (unsigned)roles, pw)) != DB_OK)
		return fail_db("create-staff", e);
	printf("staff %s ready\n", argv[0]);
	return 0;
}

static int cmd_import(struct ctx *c, int argc, char **argv)
{
	struct import_report rep;
	FILE *f;
	char *doc;
	size_t len;
	enum import_err e;

	if (argc != 1)
		return 2;
	if (!(f = strcmp(argv[0], "-") == 0 ? stdin : fopen(argv[0], "r"))) {
		fprintf(stderr, "aftercare-admin: %s: %s\n", argv[0], strerror(errno));
		return 1;
	}
	doc = read_all(f, &len);
	if (f != stdin)
		fclose(f);
	e = import_orders_json(c->db, doc, len, &rep);
	free(doc);
	if (e == IMPORT_INVALID) {
		fprintf(stderr, "aftercare-admin: nothing imported: %s\n", rep.error);
		return 1;
	}
	if (e != IMPORT_OK)
		return fail_db("import", DB_ERROR);
	printf("imported %d orders, %d items, %d new customers\n", rep.orders, rep.items,
	       rep.customers_new);
	return 0;
}

static int cmd_api_key(struct ctx *c, int argc, char **argv)
{
	unsigned char raw[32];
	char key[48], hex[65], now[20];
	enum db_err e;

	if (argc != 1)
		return 2;
	random_bytes(raw, sizeof raw);
	b64url_encode(raw, sizeof raw, key);
	sha256_hex(key, strlen(key), hex);
	format_db_datetime(time(NULL), now);
	if ((e = db_run(c->db, c->a,
	                "INSERT INTO api_keys (name, key_sha256, created_at) VALUES (?, ?, ?)",
	                DB_ARGS(DB_STR(argv[0]), DB_STR(hex), DB_STR(now)), NULL)) != DB_OK)
		return fail_db("api-key", e);
	printf("%s\n", key);
	return 0;
}

static const struct command {
	const char *name;
	int (*fn)(struct ctx *c, int argc, char **argv);
	const char *usage;
} commands[] = {
	{"migrate", cmd_migrate, "migrate                      apply new schema/NNN_*.sql files in order"},
	{"demo", cmd_demo, "demo                         load the demo staff, customers, orders, API key"},
	{"create-staff", cmd_create_staff, "create-staff EMAIL NAME ROLES  password on stdin; ROLES like agent,finance"},
	{"import", cmd_import, "import FILE|-                orders JSON (ROUTES.md); all or nothing"},
	{"api-key", cmd_api_key, "api-key NAME                 print a new API key for /api/v1"},
};

static int usage(void)
{
	fprintf(stderr, "usage: aftercare-admin [--config FILE] COMMAND ...\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(stderr, "  %s\n", commands[i].usage);
	return 2;
}

int main(int argc, char **argv)
{
	struct ctx c = {0};
	const char *config_path = NULL;
	int i = 1, rc;

	if (argc > 2 && strcmp(argv[1], "--config") == 0) {
		config_path = argv[2];
		i = 3;
	}
	if (i >= argc)
		return usage();
	for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++) {
		if (strcmp(argv[i], commands[k].name) != 0)
			continue;
		if (config_load(config_path, &c.cfg) != 0)
			return 1;
		if (mysql_library_init(0, NULL, NULL) != 0)
			return 1;
		c.db = db_new(&c.cfg.db);
		c.a = arena_new();
		if (db_ping(c.db) != DB_OK) {
			fprintf(stderr, "aftercare-admin: cannot reach the database\n");
			rc = 1;
		} else {
			rc = commands[k].fn(&c, argc - i - 1, argv + i + 1);
			if (rc == 2)
				usage();
		}
		arena_free(c.a);
		db_free(c.db);
		mysql_library_end();
		config_free(&c.cfg);
		return rc;
	}
	return usage();
}
