/*
 * demo.c — `aftercare-admin demo`: the demo staff, customers, orders and
 * API key of ROUTES.md "Demo data", with delivery dates relative to now.
 * Run again, it refreshes them; refused unless the config says demo = 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "admin.h"
#include "import.h"
#include "roles.h"
#include "session.h"
#include "staff.h"

#define DEMO_API_KEY "demo-api-key-0000"
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
	const char *phone, *email, *name, *city, *address;
} demo_customers[] = {
	{"13800000001", "li@example.com", "李雷", "上海", "上海市徐汇区漕溪北路 1 号"},
	{"13800000002", "han@example.com", "韩梅梅", "北京", "北京市海淀区中关村大街 27 号"},
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
	return json_pack("{s:s, s:o, s:o, s:s, s:{s:s, s:s?, s:s, s:s, s:s}, s:o}",
	                 "order_no", o->order_no,
	                 "placed_at", shop_time(o->delivered_days_ago == UNDELIVERED
	                                            ? now - DAY : delivered - 2 * DAY),
	                 "delivered_at", o->delivered_days_ago == UNDELIVERED
	                                     ? json_null() : shop_time(delivered),
	                 "payment_method", o->payment_method,
	                 "customer", "phone", cu->phone, "email", cu->email, "name", cu->name,
	                 "city", cu->city, "address", cu->address,
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

/* `demo --history` (make run): a living dashboard on a fresh stack, a few
 * months of cases made by the generator of `aftercare-admin generate`,
 * once: a stack that has generated customers (phones 139…) keeps them. */
#define HISTORY_CASES "3000"
#define HISTORY_DAYS "120"
static int demo_history(struct ctx *c)
{
	char *args[] = {"--cases", HISTORY_CASES, "--days", HISTORY_DAYS, NULL};
	struct dbrow *row;
	enum db_err e;

	if ((e = db_row(c->db, c->a, "SELECT 1 FROM customers WHERE phone LIKE '139%' LIMIT 1",
	                DB_NOARGS, &row)) != DB_OK)
		return fail_db("history", e);
	if (row) {
		printf("demo history: present (generated customers 139… found)\n");
		return 0;
	}
	printf("demo history: %s cases over the last %s days\n", HISTORY_CASES, HISTORY_DAYS);
	return cmd_generate(c, args);
}

int cmd_demo(struct ctx *c, char **argv)
{
	struct import_report rep;
	time_t now = time(NULL);
	int staff_new = 0;
	bool exists;
	char hex[65];
	struct dbrow *row;
	enum db_err e;

	if (argv[0] && strcmp(argv[0], "--history") != 0) {
		fprintf(stderr, PROG ": demo takes no argument but --history\n");
		return 2;
	}
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
	return argv[0] ? demo_history(c) : 0;
}
