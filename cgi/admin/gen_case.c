/*
 * gen_case.c — the rows `aftercare-admin generate` writes: the words and
 * numbers they are made of, the scenarios a case's life follows, one case
 * with its timeline, timers, refund, survey and complaint, the customers
 * and orders around it; and the buffers of multi-row INSERTs they go to.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "complaints.h"
#include "generate.h"
#include "rules.h"
#include "sla.h"
#include "surveys.h"
#include "workflow.h"

#define GEN_MAX_STEPS 8

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

unsigned gen_rand(struct gen *g, unsigned n)
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

/* Writes the rows of every table not yet written, in foreign-key order. */
int gen_flush_all(struct gen *g)
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

void gen_customer(struct gen *g, long long id)
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
long long gen_order(struct gen *g, long long customer_id, time_t placed,
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
 * few hours to two days later (if that has come). Returns the answer's
 * time, 0 when unanswered. */
static time_t gen_survey(struct gen *g, long long case_id, time_t done)
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
		return 0;
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
	return answered;
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
	format_db_datetime(cal_add_working_days(&g->cal, at, sla_default_limits.complaint_days), due_s);
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

static int gen_plan_cmp(const void *x, const void *y)
{
	const struct gen_plan *a = x, *b = y;

	return (a->created > b->created) - (a->created < b->created);
}

/* Open cases came in during the last ten days, the others before. */
struct gen_plan *gen_plans(struct gen *g, long long n)
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
void gen_case(struct gen *g, long long customer_id, const struct gen_plan *plan)
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
		sla_on_event(&clocks, &g->cal, &sla_default_limits,
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
	if (strcmp(state, "completed") == 0) {
		/* the customer's answer meets the follow-up (an unanswered one
		 * waits for an agent's, as it would) */
		time_t answered = gen_survey(g, case_id, last);

		if (answered)
			sla_on_event(&clocks, &g->cal, &sla_default_limits,
			             &(struct sla_step){case_type_names[type], "survey_answer", NULL, false,
			                                false, 0},
			             answered);
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

		if (gen_rand(g, 4) == 0 && again < g->now) /* the customer buys again */
			gen_order(g, customer_id, again, &paid);
	}
	if (gen_rand(g, 30) == 0)
		gen_complaint(g, customer_id, case_id, created);
}
