/*
 * case_read.c — reading cases: whose a case is, one case with its items,
 * timeline, photos, messages and survey for its page, a customer's list
 * of cases, and the customer of a case as staff see them.
 */
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "cases.h"
#include "desk.h"
#include "sla.h"
#include "staff.h"

enum db_err case_customer_of(struct db *db, struct arena *a, const char *case_no,
                             long long *customer_id)
{
	struct dbrow *row;
	enum db_err e = db_row(db, a, "SELECT customer_id FROM cases WHERE case_no = ?",
	                       DB_ARGS(DB_STR(case_no)), &row);

	*customer_id = e == DB_OK && row ? db_int(row, 0) : 0;
	return e;
}

/* What a case page shows besides the case row, in one round trip: its
 * items ('i'), timeline ('e'), own photos ('p': an anti-join by the
 * attachment's key, since NOT EXISTS was materialised as every message
 * photo's id on every page) and messages ('m'). Columns: part, id, then
 * up to seven of the part's own. No ORDER BY: sorting a UNION costs the
 * server a temporary table (2.6 times the statement); read_details sorts
 * the rows by part and id. */
static const char details_sql[] =
    "SELECT 'i', i.id, ci.order_item_id, i.name, i.sku, ci.qty, i.paid_fen, NULL, NULL "
    "FROM case_items ci JOIN order_items i ON i.id = ci.order_item_id WHERE ci.case_id = ? "
    "UNION ALL "
    "SELECT 'e', e.id, e.at, e.actor_kind, s.name, e.action, e.from_state, e.to_state, e.note "
    "FROM case_events e LEFT JOIN staff s ON e.actor_kind = 's' AND s.id = e.actor_id "
    "WHERE e.case_id = ? "
    "UNION ALL "
    "SELECT 'p', a.id, a.filename, a.mime, a.size, a.inspection, NULL, NULL, NULL "
    "FROM attachments a LEFT JOIN messages m ON m.attachment_id = a.id "
    "WHERE a.case_id = ? AND m.id IS NULL "
    "UNION ALL "
    "SELECT 'm', m.id, m.author_kind, s.name, m.body, m.attachment_id, m.created_at, NULL, NULL "
    "FROM messages m LEFT JOIN staff s ON m.author_kind = 's' AND s.id = m.author_id "
    "WHERE m.case_id = ?";

static int by_part_and_id(const void *x, const void *y)
{
	const struct dbrow *a = x, *b = y;
	long long ia, ib;

	if (a->col[0][0] != b->col[0][0])
		return a->col[0][0] < b->col[0][0] ? -1 : 1;
	ia = db_int(a, 1);
	ib = db_int(b, 1);
	return (ia > ib) - (ia < ib);
}

static void read_details(struct arena *a, struct dbres *res, struct case_view *cv)
{
	size_t ni = 0, ne = 0, np = 0, nm = 0;

	qsort(res->rows, res->nrows, sizeof *res->rows, by_part_and_id);
	for (size_t i = 0; i < res->nrows; i++)
		switch (res->rows[i].col[0][0]) {
		case 'i': ni++; break;
		case 'e': ne++; break;
		case 'p': np++; break;
		default: nm++; break;
		}
	cv->items = amalloc(a, (ni + 1) * sizeof *cv->items);
	cv->events = amalloc(a, (ne + 1) * sizeof *cv->events);
	cv->photos = amalloc(a, (np + 1) * sizeof *cv->photos);
	cv->messages = amalloc(a, (nm + 1) * sizeof *cv->messages);
	for (size_t i = 0; i < res->nrows; i++) {
		const struct dbrow *row = &res->rows[i];

		switch (row->col[0][0]) {
		case 'i': {
			struct case_item_view *it = &cv->items[cv->nitems++];

			it->order_item_id = db_int(row, 2);
			it->name = row->col[3];
			it->sku = row->col[4];
			it->qty = (int)db_int(row, 5);
			it->paid_fen = db_int(row, 6);
			break;
		}
		case 'e': {
			struct case_event *ev = &cv->events[cv->nevents++];

			ev->at = db_time(row, 2);
			ev->actor_kind = row->col[3][0];
			ev->actor_name = row->col[4];
			ev->action = row->col[5];
			ev->from_state = row->col[6];
			ev->to_state = row->col[7];
			ev->note = row->col[8];
			break;
		}
		case 'p': {
			struct attachment_info *ph = &cv->photos[cv->nphotos++];

			ph->id = db_int(row, 1);
			ph->filename = row->col[2];
			ph->mime = row->col[3];
			ph->size = db_int(row, 4);
			ph->inspection = db_int(row, 5) != 0;
			break;
		}
		default: {
			struct message *m = &cv->messages[cv->nmessages++];

			m->author_kind = row->col[2][0];
			m->author_name = row->col[3];
			m->body = row->col[4];
			m->attachment_id = db_int(row, 5);
			m->at = db_time(row, 6);
			break;
		}
		}
	}
}

enum db_err case_get(struct db *db, struct arena *a, long long customer_id,
                     const char *case_no, struct case_view *cv)
{
	struct dbrow *row;
	struct dbres res;
	enum db_err e;

	memset(cv, 0, sizeof *cv);
	e = db_row(db, a,
	           "SELECT c.id, c.case_no, c.customer_id, o.order_no, c.type, c.reason, "
	           "c.description, c.amount_fen, c.state, c.version, c.revision, c.channel, "
	           "c.created_at, c.updated_at, c.repair_mode, c.fast_refund, c.assignee_id, "
	           "s.name, c.pending_refund_fen, " SURVEY_COLS ", " CALENDAR_GEN_SQL ", "
	           CUSTOMER_SESSION_SQL ", c.complex, (SELECT l.value FROM sla_limits l "
	           "WHERE l.gen = c.limits_gen AND l.name = 'sla_credit_days'), "
	           "c.claim_no, c.deduction_fen, c.appealed_at, "
	           "c.appeal_reason, c.appeal_decision, o.payment_method, c.value_fen, "
	           "c.variant, c.visit_address, c.visit_slot, " STAFF_GEN_SQL ", " REPLIES_GEN_SQL " "
	           "FROM cases c JOIN orders o ON o.id = c.order_id "
	           "LEFT JOIN staff s ON s.id = c.assignee_id "
	           "LEFT JOIN surveys sv ON sv.case_id = c.id "
	           "WHERE c.case_no = ? AND (? = 0 OR c.customer_id = ?)",
	           DB_ARGS(DB_INT(customer_id), DB_STR(case_no), DB_INT(customer_id),
	                   DB_INT(customer_id)), &row);
	if (e != DB_OK || !row)
		return e;
	cv->id = db_int(row, 0);
	cv->case_no = row->col[1];
	cv->customer_id = db_int(row, 2);
	cv->order_no = row->col[3];
	cv->type = row->col[4];
	cv->reason = row->col[5];
	cv->description = row->col[6];
	cv->amount_fen = db_null(row, 7) ? -1 : db_int(row, 7);
	cv->state = row->col[8];
	cv->version = (int)db_int(row, 9);
	cv->revision = (int)db_int(row, 10);
	cv->channel = row->col[11];
	cv->created_at = db_time(row, 12);
	cv->updated_at = db_time(row, 13);
	cv->repair_mode = row->col[14];
	cv->fast_refund = db_int(row, 15) != 0;
	cv->assignee_id = db_null(row, 16) ? 0 : db_int(row, 16);
	cv->assignee_name = row->col[17];
	cv->pending_refund_fen = db_null(row, 18) ? -1 : db_int(row, 18);
	survey_from_row(row, 19, &cv->survey);
	cv->calendar_gen = db_int(row, 31);
	cv->session = row->col[32];
	cv->complex = db_int(row, 33) != 0;
	cv->credit_days = db_null(row, 34) ? 0 : (int)db_int(row, 34);
	cv->claim_no = row->col[35];
	cv->deduction_fen = db_null(row, 36) ? -1 : db_int(row, 36);
	cv->appealed_at = db_null(row, 37) ? 0 : db_time(row, 37);
	cv->appeal_reason = row->col[38];
	cv->appeal_decision = row->col[39];
	cv->payment_method = row->col[40];
	cv->value_fen = db_null(row, 41) ? -1 : db_int(row, 41);
	cv->variant = row->col[42];
	cv->visit_address = row->col[43];
	cv->visit_slot = row->col[44];
	cv->staff_gen = db_null(row, 45) ? 0 : db_int(row, 45);
	cv->replies_gen = db_null(row, 46) ? 0 : db_int(row, 46);

	if ((e = db_run(db, a, details_sql,
	                DB_ARGS(DB_INT(cv->id), DB_INT(cv->id), DB_INT(cv->id), DB_INT(cv->id)),
	                &res)) != DB_OK)
		return e;
	read_details(a, &res, cv);
	return DB_OK;
}

enum db_err case_siblings(struct db *db, struct arena *a, long long case_id,
                          struct case_sibling **list, size_t *n)
{
	struct dbres res;
	enum db_err e = db_run(db, a,
	                       "SELECT c.case_no, c.type, c.state, c.created_at FROM cases c "
	                       "WHERE c.order_id = (SELECT order_id FROM cases WHERE id = ?) "
	                       "AND c.id <> ? ORDER BY c.id LIMIT ?",
	                       DB_ARGS(DB_INT(case_id), DB_INT(case_id), DB_INT(SIBLINGS_MAX)),
	                       &res);

	if (e != DB_OK)
		return e;
	*n = res.nrows;
	*list = amalloc(a, (*n + 1) * sizeof **list);
	for (size_t i = 0; i < *n; i++)
		(*list)[i] = (struct case_sibling){res.rows[i].col[0], res.rows[i].col[1],
		                                   res.rows[i].col[2], db_time(&res.rows[i], 3)};
	return DB_OK;
}

enum db_err cases_of_customer(struct db *db, struct arena *a,
                              long long customer_id, int page,
                              struct case_summary **list, size_t *n,
                              bool *more, const char **session)
{
	struct dbres res;
	enum db_err e;

	*session = NULL;
	if (page < 1)
		page = 1;
	e = db_run(db, a,
	           "SELECT c.case_no, o.order_no, c.type, c.state, c.created_at, c.updated_at, "
	           CUSTOMER_SESSION_SQL ", "
	           "c.staff_replies > c.replies_seen, c.fast_refund, c.ship_by, "
	           /* each row's product names and first own photo, by the
	            * case_items key and attachments_case (a message's photo
	            * is not the case's: messages_attachment_fk's index) */
	           "(SELECT GROUP_CONCAT(oi.name ORDER BY oi.id SEPARATOR '、') FROM case_items ci "
	           " JOIN order_items oi ON oi.id = ci.order_item_id WHERE ci.case_id = c.id), "
	           "(SELECT MIN(a.id) FROM attachments a LEFT JOIN messages m ON m.attachment_id = a.id "
	           " WHERE a.case_id = c.id AND a.inspection = 0 AND m.id IS NULL) "
	           "FROM cases c JOIN orders o ON o.id = c.order_id "
	           "WHERE c.customer_id = ? ORDER BY c.created_at DESC, c.id DESC "
	           "LIMIT ? OFFSET ?",
	           DB_ARGS(DB_INT(customer_id), DB_INT(customer_id), DB_INT(CASES_PAGE + 1),
	                   DB_INT((long long)(page - 1) * CASES_PAGE)),
	           &res);
	if (e != DB_OK)
		return e;
	if (res.nrows > 0)
		*session = res.rows[0].col[6];
	*more = res.nrows > CASES_PAGE;
	*n = *more ? CASES_PAGE : res.nrows;
	*list = amalloc(a, (*n + 1) * sizeof **list);
	for (size_t i = 0; i < *n; i++) {
		struct case_summary *s = &(*list)[i];
		const struct dbrow *row = &res.rows[i];

		s->case_no = row->col[0];
		s->order_no = row->col[1];
		s->type = row->col[2];
		s->state = row->col[3];
		s->created_at = db_time(row, 4);
		s->updated_at = db_time(row, 5);
		s->shop_replied = db_int(row, 7) != 0;
		s->fast_refund = db_int(row, 8) != 0;
		s->ship_by = db_null(row, 9) ? 0 : db_time(row, 9);
		s->items = row->col[10];
		s->photo_id = db_null(row, 11) ? 0 : db_int(row, 11);
	}
	return DB_OK;
}

enum db_err case_customer_get(struct db *db, struct arena *a, long long customer_id,
                              time_t now, struct case_customer *out)
{
	char since[20];
	struct dbrow *row;
	enum db_err e;

	memset(out, 0, sizeof *out);
	format_db_datetime(now - RISK_DAYS * 86400L, since);
	/* The customer and the three risk figures of the last RISK_DAYS: one
	 * statement (each sub-query reads by its own index). */
	e = db_row(db, a,
	           "SELECT cu.name, cu.phone, cu.email, cu.city, "
	           "(SELECT COUNT(*) FROM refunds r JOIN cases c ON c.id = r.case_id "
	           "  WHERE c.customer_id = cu.id AND r.created_at >= ? AND r.failed_at IS NULL), "
	           "(SELECT COALESCE(SUM(r.amount_fen), 0) FROM refunds r JOIN cases c ON c.id = r.case_id "
	           "  WHERE c.customer_id = cu.id AND r.created_at >= ? AND r.failed_at IS NULL), "
	           "(SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id "
	           "  WHERE c.customer_id = cu.id AND e.at >= ? "
	           "  AND e.action IN ('inspect_pass', 'inspect_fail')), "
	           "(SELECT COALESCE(SUM(e.action = 'inspect_fail'), 0) FROM case_events e "
	           "  JOIN cases c ON c.id = e.case_id WHERE c.customer_id = cu.id AND e.at >= ? "
	           "  AND e.action IN ('inspect_pass', 'inspect_fail')), "
	           "(SELECT COUNT(*) FROM complaints WHERE customer_id = cu.id AND created_at >= ?) "
	           "FROM customers cu WHERE cu.id = ?",
	           DB_ARGS(DB_STR(since), DB_STR(since), DB_STR(since), DB_STR(since), DB_STR(since),
	                   DB_INT(customer_id)),
	           &row);
	if (e != DB_OK || !row)
		return e;
	out->name = row->col[0];
	out->phone = row->col[1];
	out->email = row->col[2];
	out->city = row->col[3];
	out->risk.refunds = (int)db_int(row, 4);
	out->risk.refunded_fen = db_int(row, 5);
	out->risk.inspected = (int)db_int(row, 6);
	out->risk.failed = (int)db_int(row, 7);
	out->risk.complaints = (int)db_int(row, 8);
	return DB_OK;
}
