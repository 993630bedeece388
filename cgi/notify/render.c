/*
 * render.c — a message's words: templates/mail/<tmpl>.cs rendered in the
 * message's language with the same view as the pages (html escaping on),
 * once per part (Mail.part = text, html or sms). The data outbox.c wrote
 * goes in under Mail.data by a fixed list of names; links are absolute
 * from public_url (a staff_* message's to /staff/cases/, a customer's to
 * /my/requests/). The subject is made here from fixed words and the case
 * number only.
 */
#include <ctype.h>
#include <string.h>

#include <jansson.h>

#include "notify.h"
#include "surveys.h"

/* The fields of a message's data a template may show. */
static const char *const data_fields[] = {
	"case_no", "action", "from", "to", "amount_fen", "reference", "carrier",
	"tracking_no", "reason", "text", "code", "address",
	/* staff_*: a time limit's crossing, the managers' digest */
	"level", "timer", "due", "day", "created", "completed", "breached", "at_risk",
};

#define SMS_MAX 300 /* code points */

static bool word(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	return n > 0 && n <= max && strspn(s, "abcdefghijklmnopqrstuvwxyz_") == n;
}

static bool case_number(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n > 0 && n <= 20 &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == n;
}

/* Mail.data.<field> for each listed field of data that is a string or an
 * integer. */
static void fill_data(struct view *v, struct arena *a, json_t *data)
{
	for (size_t i = 0; i < sizeof data_fields / sizeof data_fields[0]; i++) {
		json_t *x = json_object_get(data, data_fields[i]);
		const char *val = NULL;

		if (json_is_string(x))
			val = json_string_value(x);
		else if (json_is_integer(x))
			val = aprintf(a, "%lld", (long long)json_integer_value(x));
		if (val)
			view_setf(v, val, "Mail.data.%s", data_fields[i]);
	}
}

/* The signed survey link of a completed case, as the pages make it
 * (web/fill.c survey_link): /survey/<case_no>.<expires>.<mac>. */
static const char *survey_url(struct notifier *nf, struct arena *a, const char *case_no)
{
	struct survey s;
	long long expires;

	if (survey_get(nf->db, a, case_no, &s) != DB_OK || !s.case_id || s.answered_at)
		return NULL;
	expires = (long long)s.expires_at;
	return aprintf(a, "%s/survey/%s.%lld.%s", nf->site, case_no, expires,
	               sign_string(a, &nf->keys, aprintf(a, "survey\n%s\n%lld", case_no, expires)));
}

/* The subject: the words for the template (case_updated: for its action)
 * and the case number. */
static const char *subject(struct view *v, struct arena *a, const struct delivery *d,
                           const char *action, const char *case_no)
{
	const char *key = strcmp(d->tmpl, "case_updated") == 0 && word(action, 30)
	                          ? aprintf(a, "mail_subject_%s", action)
	                  : strcmp(d->tmpl, "staff_sla") == 0 && word(action, 30)
	                          ? aprintf(a, "mail_subject_staff_sla_%s", action)
	                          : aprintf(a, "mail_subject_%s", d->tmpl);
	const char *words = view_lang(v, key);

	if (words == key) /* no such string */
		words = view_lang(v, "mail_subject_default");
	return case_no ? aprintf(a, "%s %s", words, case_no) : astrdup(a, words);
}

/* Plain text as a mail wants it: lines without trailing blanks, at most
 * one empty line in a row, CRLF, no blank lines at either end. */
static const char *tidy_text(struct arena *a, const char *s)
{
	struct buf b = {0};
	const char *out;
	int empty = 2;

	while (*s) {
		size_t n = strcspn(s, "\n"), k = n;

		while (k && isspace((unsigned char)s[k - 1]))
			k--;
		{
			size_t lead = 0;

			while (lead < k && (s[lead] == ' ' || s[lead] == '\t'))
				lead++;
			if (lead == k) {
				empty++;
			} else {
				if (empty && b.len)
					buf_puts(&b, "\r\n");
				buf_add(&b, s + lead, k - lead);
				buf_puts(&b, "\r\n");
				empty = 0;
			}
		}
		s += n + (s[n] == '\n');
	}
	out = astrdup(a, b.len ? b.p : "");
	buf_free(&b);
	return out;
}

/* One line, blanks squeezed, at most SMS_MAX code points. */
static const char *tidy_sms(struct arena *a, const char *s)
{
	char *o = amalloc(a, strlen(s) + 1), *p = o;

	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			if (p > o && p[-1] != ' ')
				*p++ = ' ';
		} else {
			*p++ = *s;
		}
	}
	while (p > o && p[-1] == ' ')
		p--;
	*p = '\0';
	return utf8_prefix(a, o, SMS_MAX);
}

static int render_part(struct view *v, struct arena *a, const char *tmpl, const char *part,
                       const char **out)
{
	struct buf b = {0};
	int rc;

	view_set(v, "Mail.part", part);
	rc = view_render(v, aprintf(a, "mail/%s.cs", tmpl), &b);
	*out = astrdup(a, b.len ? b.p : "");
	buf_free(&b);
	return rc;
}

int render_message(struct notifier *nf, struct arena *a, const struct delivery *d,
                   unsigned parts, struct rendered *out, const char **error)
{
	json_t *data = d->data ? json_loads(d->data, 0, NULL) : NULL;
	const char *case_no, *action;
	bool staff = d->tmpl && strncmp(d->tmpl, "staff_", 6) == 0; /* links to the staff pages */
	struct view *v;
	char amount[32];
	int rc = -1;

	memset(out, 0, sizeof *out);
	*error = "bad data";
	if (!word(d->tmpl, 40)) {
		*error = "unknown template";
		json_decref(data);
		return -1;
	}
	if (!json_is_object(data)) {
		json_decref(data);
		return -1;
	}
	case_no = json_string_value(json_object_get(data, "case_no"));
	action = json_string_value(json_object_get(data, "action"));
	if (strcmp(d->tmpl, "staff_sla") == 0) /* its subject says which crossing */
		action = json_string_value(json_object_get(data, "level"));
	if (case_no && !case_number(case_no))
		case_no = NULL; /* never in a link or the subject */
	v = view_new(nf->vc, d->lang);
	fill_data(v, a, data);
	view_set(v, "Mail.site", nf->site);
	if (case_no) {
		view_set(v, "Mail.case_no", case_no);
		view_set(v, "Mail.link", aprintf(a, "%s/%s/%s", nf->site,
		                                 staff ? "staff/cases" : "my/requests", case_no));
	}
	if (staff)
		view_set(v, "Mail.queue", aprintf(a, "%s/staff/queue", nf->site));
	if (json_is_integer(json_object_get(data, "refunds_fen"))) {
		format_money((long long)json_integer_value(json_object_get(data, "refunds_fen")),
		             amount);
		view_set(v, "Mail.refunds", amount);
	}
	if (json_is_integer(json_object_get(data, "amount_fen"))) {
		format_money((long long)json_integer_value(json_object_get(data, "amount_fen")), amount);
		view_set(v, "Mail.amount", amount);
	}
	if (case_no && action && strcmp(action, "complete") == 0)
		view_set(v, "Mail.survey", survey_url(nf, a, case_no));
	*error = "template missing";
	if (((parts & PART_TEXT) && render_part(v, a, d->tmpl, "text", &out->text) != 0) ||
	    ((parts & PART_HTML) && render_part(v, a, d->tmpl, "html", &out->html) != 0) ||
	    ((parts & PART_SMS) && render_part(v, a, d->tmpl, "sms", &out->sms) != 0))
		goto out;
	if (out->text)
		out->text = tidy_text(a, out->text);
	if (out->sms)
		out->sms = tidy_sms(a, out->sms);
	if (parts & PART_SUBJECT)
		out->subject = subject(v, a, d, action, case_no);
	rc = 0;
out:
	view_free(v);
	json_decref(data);
	return rc;
}
