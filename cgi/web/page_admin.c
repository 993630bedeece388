/*
 * page_admin.c — the manager's settings pages. The business calendar: the
 * days that differ from the Monday–Friday week (public holidays off,
 * make-up working weekends 调休 on), one year at a time. The staff
 * accounts: create, roles, disable and enable, a new password. The
 * policies: return windows, category rules, the refund threshold, on-site
 * arrival limits and service cities.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "accounts.h"
#include "brand.h"
#include "costs.h"
#include "pages.h"
#include "roles.h"
#include "settings.h"
#include "sla.h"
#include "staff.h"
#include "twofactor.h"
#include "view.h"

#define NOTE_MAX 100 /* characters, as the column */

/* ?year=, or the year of now; 0 when the value is not a year we keep. */
static int chosen_year(struct req *r, const char *v)
{
	char today[11];
	long long y;

	if (!v || !*v) {
		format_local_date(r->now, today);
		return (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 +
		       (today[3] - '0');
	}
	return parse_int(v, 2000, 2100, &y) == 0 ? (int)y : 0;
}

static void calendar_page(struct req *r, int status, int year)
{
	struct cal_day *days;
	size_t n;
	enum db_err e;

	if ((e = calendar_year(r->db, r->a, year, &days, &n)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		view_setf(r->v, days[i].day, "Page.days.%zu.day", i);
		view_setf(r->v, days[i].working ? "1" : "0", "Page.days.%zu.working", i);
		view_setf(r->v, days[i].note, "Page.days.%zu.note", i);
	}
	view_set_int(r->v, "Page.year", year);
	view_set_int(r->v, "Page.prev_year", year - 1);
	view_set_int(r->v, "Page.next_year", year + 1);
	view_set(r->v, "Page.form.day", req_form(r, "day"));
	view_set(r->v, "Page.form.kind", req_form(r, "kind"));
	view_set(r->v, "Page.form.note", req_form(r, "note"));
	view_set(r->v, "Page.title_key", "calendar_title");
	http_page(r, status, "admin_calendar.cs");
}

void page_admin_calendar(struct req *r)
{
	int year = chosen_year(r, req_query(r, "year"));

	if (!year) {
		http_error(r, 400, "err_bad_filter");
		return;
	}
	calendar_page(r, 200, year);
}

/* POST: `day` and `kind` (off, work) and `note` set a day; `day` and
 * `remove` take its override away. Back to that day's year. */
/* One day's override set or removed, audited (AUDIT_CALENDAR). */
struct calendar_change {
	const char *day;
	bool removing, working;
	const char *note;
	bool removed;
};

static int calendar_change_body(struct db *db, void *ctx)
{
	struct calendar_change *c = ctx;
	enum db_err e = c->removing ? calendar_remove(db, c->day, &c->removed)
	                            : calendar_set(db, c->day, c->working, c->note);

	return e == DB_OK ? 0 : db_fail(e);
}

void page_admin_calendar_post(struct req *r)
{
	const char *day = req_form(r, "day"), *kind = req_form(r, "kind");
	const char *note = req_form(r, "note");
	bool removing = req_form(r, "remove") != NULL, removed;
	int year = 0;
	time_t t;
	enum db_err e;

	if (parse_date(day, &t) != 0)
		http_field_error(r, "day", "err_date");
	else
		year = chosen_year(r, aprintf(r->a, "%.4s", day));
	if (!removing) {
		if (!kind || (strcmp(kind, "off") != 0 && strcmp(kind, "work") != 0))
			http_field_error(r, "kind", "err_bad_input");
		if (!note)
			note = "";
		if (utf8_len(note, strlen(note)) > NOTE_MAX)
			http_field_error(r, "note", "err_too_long");
	}
	if (r->field_errors) {
		calendar_page(r, 400, year ? year : chosen_year(r, NULL));
		return;
	}
	{
		struct calendar_change c = {day, removing, !removing && strcmp(kind, "work") == 0, note,
		                            false};

		e = audit_area_change(r->db, r->a, r->staff_id, AUDIT_CALENDAR, r->now,
		                      calendar_change_body, &c);
		removed = c.removed;
	}
	if (e != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (removing && !removed) {
		http_error(r, 404, "err_no_override");
		return;
	}
	http_redirect(r, aprintf(r->a, "/staff/admin/calendar?year=%d", year));
}

/* ---- staff accounts ---- */

/* A change of roles or of an account's state, audited (AUDIT_ROLES): the
 * call made inside the audit's transaction. */
struct roles_change {
	long long id;
	unsigned roles;
	int disabled; /* -1: the roles change */
};

static int roles_change_body(struct db *db, void *ctx)
{
	const struct roles_change *c = ctx;
	enum db_err e = c->disabled < 0 ? staff_set_roles(db, c->id, c->roles)
	                                : staff_set_disabled(db, c->id, c->disabled != 0);

	return e == DB_OK ? 0 : db_fail(e);
}

static enum db_err roles_change(struct req *r, long long id, unsigned roles, int disabled)
{
	struct roles_change c = {id, roles, disabled};

	return audit_area_change(r->db, r->a, r->staff_id, AUDIT_ROLES, r->now, roles_change_body,
	                         &c);
}

/* staff_create inside the audit of roles: a new account's roles. A
 * duplicate e-mail is DB_DUPLICATE, as before. */
struct staff_new {
	const char *email, *name;
	unsigned roles;
	const char *password;
	long long id;
};

static int staff_create_body(struct db *db, void *ctx)
{
	struct staff_new *n = ctx;
	struct arena *a = arena_new();
	enum db_err e = staff_create(db, a, n->email, n->name, n->roles, n->password, &n->id);

	arena_free(a);
	return e == DB_OK ? 0 : db_fail(e);
}

/* Page.<prefix>.<role name> = "1" for each role in bits. */
static void set_roles(struct req *r, const char *prefix, unsigned bits)
{
	for (size_t i = 0; i < ROLE_COUNT; i++)
		if (bits & role_names[i].bits)
			view_setf(r->v, "1", "%s.%s", prefix, role_names[i].name);
}

/* The boxes ticked in the form's `roles` fields, one role name each; a
 * manager has every role. -1: a value that is no role, or none ticked. */
static int posted_roles(struct req *r)
{
	unsigned bits = 0;

	for (size_t i = 0; i < r->form.n; i++) {
		int b;

		if (strcmp(r->form.v[i].name, "roles") != 0)
			continue;
		if (strchr(r->form.v[i].value, ',') || (b = roles_parse(r->form.v[i].value)) < 0)
			return -1;
		bits |= (unsigned)b;
	}
	return bits ? (int)bits : -1;
}

/* The list of accounts with their forms; the form that was posted (if
 * any) keeps what was typed. */
static void users_page(struct req *r, int status)
{
	struct staff_account *list;
	size_t n;
	enum db_err e;

	if ((e = staff_all(r->db, r->a, &list, &n)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char text[64] = "";
		const char *base = aprintf(r->a, "Page.users.%zu", i);

		for (size_t k = 0; k < ROLE_COUNT; k++)
			if (list[i].roles & role_names[k].bits &&
			    (!(list[i].roles & ROLE_MANAGER) || role_names[k].bits == ROLE_MANAGER))
				snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s",
				         *text ? ", " : "", label(r, "role", role_names[k].name));
		view_setf(r->v, aprintf(r->a, "%lld", list[i].id), "%s.id", base);
		view_setf(r->v, list[i].email, "%s.email", base);
		view_setf(r->v, list[i].name, "%s.name", base);
		view_setf(r->v, text, "%s.roles_text", base);
		view_setf(r->v, list[i].disabled ? "1" : "0", "%s.disabled", base);
		view_setf(r->v, list[i].totp ? "1" : "0", "%s.totp", base);
		if (list[i].id == r->staff_id)
			view_setf(r->v, "1", "%s.self", base);
		set_roles(r, aprintf(r->a, "%s.roles", base), list[i].roles);
	}
	for (size_t k = 0; k < ROLE_COUNT; k++) {
		view_setf(r->v, role_names[k].name, "Page.roles.%zu.name", k);
		view_setf(r->v, label(r, "role", role_names[k].name), "Page.roles.%zu.label", k);
	}
	view_set(r->v, "Page.title_key", "users_title");
	http_page(r, status, "admin_users.cs");
}

void page_admin_users(struct req *r)
{
	users_page(r, 200);
}

/* The posted roles again, for the form that is shown once more. */
static void keep_roles(struct req *r, const char *prefix)
{
	for (size_t i = 0; i < r->form.n; i++)
		if (strcmp(r->form.v[i].name, "roles") == 0)
			for (size_t k = 0; k < ROLE_COUNT; k++)
				if (strcmp(r->form.v[i].value, role_names[k].name) == 0)
					view_setf(r->v, "1", "%s.%s", prefix, role_names[k].name);
}

/* POST /staff/admin/users: a new account. */
void page_admin_users_create(struct req *r)
{
	const char *email = req_form(r, "email"), *name = req_form(r, "name");
	const char *password = params_get(&r->form, "password"); /* as typed, blanks too */
	int roles = posted_roles(r);
	long long id;
	enum db_err e;

	if (!email || !*email || staff_check(email, NULL, NULL))
		http_field_error(r, "email", "err_staff_email");
	if (!name || staff_check(NULL, name, NULL))
		http_field_error(r, "name", "err_staff_name");
	if (roles < 0)
		http_field_error(r, "roles", "err_choose_role");
	if (!password || staff_check(NULL, NULL, password))
		http_field_error(r, "password", "err_staff_password");
	if (!r->field_errors) {
		struct staff_new n = {email, name, (unsigned)roles, password, 0};

		e = audit_area_change(r->db, r->a, r->staff_id, AUDIT_ROLES, r->now,
		                      staff_create_body, &n);
		id = n.id;
		if (e == DB_OK) {
			http_redirect(r, aprintf(r->a, "/staff/admin/users#user-%lld", id));
			return;
		}
		if (e != DB_DUPLICATE) {
			http_db_error(r, e);
			return;
		}
		http_field_error(r, "email", "err_email_taken");
	}
	view_set(r->v, "Page.form.email", email);
	view_set(r->v, "Page.form.name", name);
	keep_roles(r, "Page.form.new_roles");
	users_page(r, 400);
}

/* The changes to one account: POST /staff/admin/users/{id}/{action}. Each
 * returns a field error key, or NULL when done. */
typedef const char *(*user_change_fn)(struct req *r, const struct account *acct,
                                      enum db_err *e);

static const char *change_roles(struct req *r, const struct account *acct, enum db_err *e)
{
	int roles = posted_roles(r);

	if (roles < 0)
		return "err_choose_role";
	/* Someone must stay able to run the place: not demoting oneself. */
	if (acct->id == r->staff_id && !(roles & ROLE_MANAGER))
		return "err_self_demote";
	*e = roles_change(r, acct->id, (unsigned)roles, -1);
	return NULL;
}

static const char *change_disable(struct req *r, const struct account *acct, enum db_err *e)
{
	if (acct->id == r->staff_id)
		return "err_self_disable";
	*e = roles_change(r, acct->id, 0, 1);
	return NULL;
}

static const char *change_enable(struct req *r, const struct account *acct, enum db_err *e)
{
	*e = roles_change(r, acct->id, 0, 0);
	return NULL;
}

static const char *change_password(struct req *r, const struct account *acct, enum db_err *e)
{
	const char *password = params_get(&r->form, "password");

	if (!password || staff_check(NULL, NULL, password))
		return "err_staff_password";
	*e = staff_set_password(r->db, acct->id, password);
	return NULL;
}

/* A member's second factor taken away (a lost phone): they sign in with
 * the password alone and enrol again; their sessions end. Audited in
 * staff_log with the manager's id. */
static const char *change_otp_reset(struct req *r, const struct account *acct, enum db_err *e)
{
	*e = twofactor_reset(r->db, acct->id, r->staff_id, r->remote_addr, r->user_agent, r->now);
	return NULL;
}

/* Every session of the member ends; audited in staff_log. */
static const char *change_sessions(struct req *r, const struct account *acct, enum db_err *e)
{
	long long epoch;

	*e = staff_end_sessions(r->db, r->a, acct->id, r->staff_id, r->remote_addr, r->user_agent,
	                        r->now, &epoch);
	return NULL;
}

static const struct {
	const char *action;
	const char *field; /* where its error shows: <field>_<id> */
	user_change_fn fn;
} user_changes[] = {
	{"roles", "roles", change_roles},
	{"disable", "disable", change_disable},
	{"enable", "disable", change_enable},
	{"password", "password", change_password},
	{"otp_reset", "security", change_otp_reset},
	{"sessions", "security", change_sessions},
};

void page_admin_user_change(struct req *r)
{
	struct account acct;
	long long id;
	size_t i;
	const char *err;
	enum db_err e = DB_OK;

	for (i = 0; i < sizeof user_changes / sizeof user_changes[0]; i++)
		if (strcmp(r->arg[1], user_changes[i].action) == 0)
			break;
	if (i == sizeof user_changes / sizeof user_changes[0] ||
	    parse_int(r->arg[0], 1, (long long)1 << 53, &id) != 0) {
		http_error(r, 404, NULL);
		return;
	}
	if ((e = account_by_id(r->db, r->a, 's', id, &acct)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (!acct.id) {
		http_error(r, 404, NULL);
		return;
	}
	if ((err = user_changes[i].fn(r, &acct, &e))) {
		http_field_error(r, aprintf(r->a, "%s_%lld", user_changes[i].field, id), err);
		view_set(r->v, "Page.form.uid", r->arg[0]);
		view_set(r->v, "Page.form.action", user_changes[i].action);
		keep_roles(r, "Page.form.roles");
		users_page(r, 400);
		return;
	}
	if (e != DB_OK) {
		http_db_error(r, e);
		return;
	}
	http_redirect(r, aprintf(r->a, "/staff/admin/users#user-%lld", id));
}

/* ---- policies ---- */

#define WINDOW_MAX 365    /* days after delivery */
#define WARRANTY_MAX 3650 /* days */
#define HOURS_MAX 720     /* on-site arrival */
#define CITIES_MAX 255    /* bytes, as settings.value */
#define ADDRESS_MAX 255   /* bytes, a return address (settings.value) */
#define SHIP_BY_MAX 60    /* days */

static const char *const window_fields[] = {
	"no_reason_days", "quality_return_days", "quality_exchange_days", "quality_repair_days",
	"refund_only_days",
};

static int *window_of(struct policy *p, size_t i)
{
	int *const w[] = {&p->no_reason_days, &p->quality_return_days, &p->quality_exchange_days,
	                  &p->quality_repair_days, &p->refund_only_days};

	return w[i];
}

/* The time limits (schema/031): each a setting of its own name, a whole
 * number in [1, max]; they apply to the cases opened after the save. */
#define LIMIT_FIELD(name, field, max, err) {name, offsetof(struct sla_limits, field), max, err}
static const struct {
	const char *name;
	size_t off;
	int max;
	const char *err;
} limit_fields[] = {
	LIMIT_FIELD("sla_first_response_hours", first_response_hours, 720, "err_hours_range"),
	LIMIT_FIELD("sla_ordinary_hours", ordinary_hours, 720, "err_hours_range"),
	LIMIT_FIELD("sla_complex_hours", complex_hours, 720, "err_hours_range"),
	LIMIT_FIELD("sla_review_days", review_days, 60, "err_working_days_range"),
	LIMIT_FIELD("sla_payout_days", payout_days, 60, "err_working_days_range"),
	LIMIT_FIELD("sla_handling_hours", handling_hours, 720, "err_hours_range"),
	LIMIT_FIELD("sla_followup_hours", followup_hours, 720, "err_hours_range"),
	LIMIT_FIELD("sla_complaint_days", complaint_days, 60, "err_working_days_range"),
	LIMIT_FIELD("sla_credit_days", credit_days, 60, "err_working_days_range"),
};
#define NLIMITS (sizeof limit_fields / sizeof limit_fields[0])

static int *limit_of(struct sla_limits *l, size_t i)
{
	return (int *)((char *)l + limit_fields[i].off);
}

/* Category codes name form fields and view nodes: lower-case words only. */
static bool code_ok(const char *code)
{
	return *code && strspn(code, "abcdefghijklmnopqrstuvwxyz_") == strlen(code) &&
	       strlen(code) <= 32;
}

/* The page with Page.form.* already filled (saved or posted values). */
static void policies_page(struct req *r, int status, const struct rulebook *rb)
{
	for (size_t i = 0; i < rb->ncats; i++) {
		view_setf(r->v, rb->cats[i].code, "Page.cats.%zu.code", i);
		view_setf(r->v, label(r, "cat", rb->cats[i].code), "Page.cats.%zu.label", i);
	}
	const struct brand *b;

	if (req_query(r, "saved"))
		view_set(r->v, "Page.saved", "1");
	/* The look's form shows the accent as it is (the layout only needs
	 * to know there is one). */
	if (brand_current(r->db, &b) == DB_OK && b)
		view_set(r->v, "Page.brand_accent", b->accent);
	view_set(r->v, "Page.title_key", "policies_title");
	http_page(r, status, "admin_policies.cs");
}

void page_admin_policies(struct req *r)
{
	policies_show(r, 200);
}

void policies_show(struct req *r, int status)
{
	struct rulebook rb;
	struct service_policy sp;
	struct sla_limits lim;
	struct cost_policy cp;
	char m[32];
	enum db_err e;

	if ((e = rulebook_load(r->db, r->a, &rb)) != DB_OK ||
	    (e = service_policy_load(r->db, r->a, &sp)) != DB_OK ||
	    (e = sla_limits_current(r->db, r->a, &lim)) != DB_OK ||
	    (e = cost_policy_load(r->db, r->a, &cp)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	for (size_t i = 0; i < NLIMITS; i++)
		view_setf(r->v, aprintf(r->a, "%d", *limit_of(&lim, i)), "Page.form.%s",
		          limit_fields[i].name);
	view_set(r->v, "Page.form.sla_response_policy", lim.clock_response ? "clock" : "working");
	format_money(cp.compensation_approval_fen, m);
	view_set(r->v, "Page.form.compensation_approval", m);
	format_money(cp.tech_hour_fen, m);
	view_set(r->v, "Page.form.tech_hour", m);
	for (size_t i = 0; i < sizeof window_fields / sizeof window_fields[0]; i++)
		view_setf(r->v, aprintf(r->a, "%d", *window_of(&rb.policy, i)), "Page.form.%s",
		          window_fields[i]);
	for (size_t i = 0; i < rb.ncats; i++) {
		const struct category *c = &rb.cats[i];

		if (!code_ok(c->code))
			continue;
		view_setf(r->v, c->rule.no_reason_ok ? "1" : "0", "Page.form.no_reason_ok_%s", c->code);
		view_setf(r->v, c->rule.returnable ? "1" : "0", "Page.form.returnable_%s", c->code);
		view_setf(r->v, aprintf(r->a, "%d", c->rule.warranty_days),
		          "Page.form.warranty_days_%s", c->code);
		view_setf(r->v, c->return_address, "Page.form.return_address_%s", c->code);
	}
	format_money(sp.refund_approval_fen, m);
	view_set(r->v, "Page.form.refund_approval", m);
	view_set(r->v, "Page.form.arrival_same_city_hours",
	         aprintf(r->a, "%d", sp.arrival_same_city_hours));
	view_set(r->v, "Page.form.arrival_other_city_hours",
	         aprintf(r->a, "%d", sp.arrival_other_city_hours));
	view_set(r->v, "Page.form.service_cities", sp.service_cities);
	view_set(r->v, "Page.form.return_address", sp.return_address);
	view_set(r->v, "Page.form.ship_by_days", aprintf(r->a, "%d", sp.ship_by_days));
	view_set(r->v, "Page.form.ship_by_grace_days", aprintf(r->a, "%d", sp.ship_by_grace_days));
	view_set(r->v, "Page.form.postage_quality", sp.postage_quality);
	view_set(r->v, "Page.form.postage_no_reason", sp.postage_no_reason);
	for (int k = 0; k < TG__MAX; k++)
		view_setf(r->v, aprintf(r->a, "%d", sp.targets[k]), "Page.form.%s", target_defs[k].name);
	policies_page(r, status, &rb);
}

/* A whole number field in [min, max]; a field error when it is not. */
static int number_field(struct req *r, const char *field, long long min, long long max,
                        const char *err)
{
	const char *v = req_form(r, field);
	long long n = 0;

	view_setf(r->v, v, "Page.form.%s", field);
	if (parse_int(v, min, max, &n) != 0)
		http_field_error(r, field, err);
	return (int)n;
}

/* Printable text: no control characters (cities show in pages). */
static bool printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* A return address: printable, within its column; "" allowed when
 * optional (a category's: the shop's applies). */
static const char *address_field(struct req *r, const char *field, bool required)
{
	const char *v = req_form(r, field);

	view_setf(r->v, v, "Page.form.%s", field);
	if (!v)
		v = "";
	if (strlen(v) > ADDRESS_MAX || !printable(v) || (required && !*v))
		http_field_error(r, field, "err_return_address");
	return v;
}

/* Who pays the postage: "shop" or "customer"; absent: as it was. */
static const char *payer_field(struct req *r, const char *field, const char *was)
{
	const char *v = req_form(r, field);

	if (!v)
		v = was;
	view_setf(r->v, v, "Page.form.%s", field);
	if (strcmp(v, "shop") != 0 && strcmp(v, "customer") != 0) {
		http_field_error(r, field, "err_bad_input");
		return was;
	}
	return v;
}

/* A money policy in yuan (at most 1 000 000); absent: as it was. */
static void money_policy(struct req *r, const char *field, long long *fen)
{
	const char *v = req_form(r, field);
	long long x;

	if (!v) {
		char m[32];

		format_money(*fen, m);
		view_setf(r->v, m, "Page.form.%s", field);
		return;
	}
	view_setf(r->v, v, "Page.form.%s", field);
	if (parse_money(v, &x) != 0 || x > COMPENSATION_MAX_FEN)
		http_field_error(r, field, "err_amount");
	else
		*fen = x;
}

/* POST /staff/admin/policies: every field at once, one transaction. */
void page_admin_policies_post(struct req *r)
{
	struct rulebook rb;
	struct service_policy sp;
	const char *money = req_form(r, "refund_approval");
	const char *cities = req_form(r, "service_cities");
	const char *response = req_form(r, "sla_response_policy");
	struct audit_kv limits[NLIMITS + 3]; /* the limits, the response rule, the cost policy */
	struct sla_limits lim;
	struct cost_policy cp;
	enum db_err e;

	if ((e = rulebook_load(r->db, r->a, &rb)) != DB_OK ||
	    (e = service_policy_load(r->db, r->a, &sp)) != DB_OK ||
	    (e = sla_limits_current(r->db, r->a, &lim)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	for (size_t i = 0; i < sizeof window_fields / sizeof window_fields[0]; i++)
		*window_of(&rb.policy, i) =
		    number_field(r, window_fields[i], 0, WINDOW_MAX, "err_days_range");
	for (size_t i = 0; i < rb.ncats; i++) {
		struct category *c = &rb.cats[i];
		const char *no_reason = aprintf(r->a, "no_reason_ok_%s", c->code);
		const char *returnable = aprintf(r->a, "returnable_%s", c->code);

		if (!code_ok(c->code))
			continue;
		c->rule.no_reason_ok = req_form(r, no_reason) != NULL;
		c->rule.returnable = req_form(r, returnable) != NULL;
		view_setf(r->v, c->rule.no_reason_ok ? "1" : "0", "Page.form.%s", no_reason);
		view_setf(r->v, c->rule.returnable ? "1" : "0", "Page.form.%s", returnable);
		c->rule.warranty_days = number_field(r, aprintf(r->a, "warranty_days_%s", c->code), 0,
		                                     WARRANTY_MAX, "err_warranty_range");
		c->return_address = address_field(r, aprintf(r->a, "return_address_%s", c->code), false);
	}
	view_set(r->v, "Page.form.refund_approval", money);
	if (parse_money(money, &sp.refund_approval_fen) != 0)
		http_field_error(r, "refund_approval", "err_amount");
	sp.arrival_same_city_hours =
	    number_field(r, "arrival_same_city_hours", 1, HOURS_MAX, "err_hours_range");
	sp.arrival_other_city_hours =
	    number_field(r, "arrival_other_city_hours", 1, HOURS_MAX, "err_hours_range");
	view_set(r->v, "Page.form.service_cities", cities);
	if (!cities)
		cities = "";
	if (strlen(cities) > CITIES_MAX || !printable(cities))
		http_field_error(r, "service_cities", "err_cities");
	sp.service_cities = cities;
	sp.return_address = address_field(r, "return_address", true);
	sp.ship_by_days = number_field(r, "ship_by_days", 1, SHIP_BY_MAX, "err_days_range");
	sp.ship_by_grace_days =
	    number_field(r, "ship_by_grace_days", 0, SHIP_BY_MAX, "err_days_range");
	sp.postage_quality = payer_field(r, "postage_quality", sp.postage_quality);
	sp.postage_no_reason = payer_field(r, "postage_no_reason", sp.postage_no_reason);
	/* A limit the form does not carry stays as it is (a form of an older
	 * page); one it carries must be a whole number in range. */
	for (size_t i = 0; i < NLIMITS; i++)
		limits[i] = (struct audit_kv){
		    limit_fields[i].name,
		    req_form(r, limit_fields[i].name)
		        ? aprintf(r->a, "%d", number_field(r, limit_fields[i].name, 1,
		                                           limit_fields[i].max, limit_fields[i].err))
		        : aprintf(r->a, "%d", *limit_of(&lim, i))};
	if (!response)
		response = lim.clock_response ? "clock" : "working";
	view_set(r->v, "Page.form.sla_response_policy", response);
	if ((strcmp(response, "working") != 0 && strcmp(response, "clock") != 0))
		http_field_error(r, "sla_response_policy", "err_bad_input");
	limits[NLIMITS] = (struct audit_kv){"sla_response_policy", response};
	/* compensation and cost (costs.h): absent fields keep their values */
	if ((e = cost_policy_load(r->db, r->a, &cp)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	money_policy(r, "compensation_approval", &cp.compensation_approval_fen);
	money_policy(r, "tech_hour", &cp.tech_hour_fen);
	limits[NLIMITS + 1] = (struct audit_kv){"compensation_approval_fen",
	                                        aprintf(r->a, "%lld", cp.compensation_approval_fen)};
	limits[NLIMITS + 2] = (struct audit_kv){"tech_hour_fen", aprintf(r->a, "%lld", cp.tech_hour_fen)};
	for (int k = 0; k < TG__MAX; k++) /* absent: as it was (a form from before the targets) */
		if (req_form(r, target_defs[k].name))
			sp.targets[k] = number_field(r, target_defs[k].name, 0, target_defs[k].max,
			                             "err_target_range");
		else
			view_setf(r->v, aprintf(r->a, "%d", sp.targets[k]), "Page.form.%s",
			          target_defs[k].name);
	if (r->field_errors) {
		policies_page(r, 400, &rb);
		return;
	}
	if ((e = settings_save(r->db, r->a, r->staff_id, r->now, &rb, &sp, limits,
	                       NLIMITS + 3)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	http_redirect(r, "/staff/admin/policies?saved=1");
}
