/*
 * mail.c — an e-mail to a customer: the message's template rendered as a
 * text and an HTML part, composed as MIME (core/mime.c) and handed to the
 * mail server through libcurl's SMTP (smtp_url, From mail_from). The
 * Message-ID is the message's key, the same on every attempt.
 */
#include <string.h>

#include "mime.h"
#include "notify.h"

/* An address curl may put in MAIL FROM / RCPT TO as is: printable ASCII,
 * no blank, no angle bracket, one "@" with something on both sides. */
static bool plain_address(const char *s)
{
	const char *at = s ? strchr(s, '@') : NULL;

	if (!at || at == s || !at[1] || strchr(at + 1, '@') || strlen(s) > 254)
		return false;
	for (; *s; s++)
		if (*s <= ' ' || *s > '~' || *s == '<' || *s == '>' || *s == '"' || *s == ',')
			return false;
	return true;
}

void mail_prepare(struct notifier *nf, struct job *j)
{
	const struct delivery *d = j->d;
	struct rendered r;
	const char *error;
	struct mail m;

	if (!nf->cfg.smtp_url || !*nf->cfg.smtp_url || !nf->cfg.mail_from || !*nf->cfg.mail_from) {
		j->verdict = "channel off";
		return;
	}
	if (!plain_address(d->recipient) || !plain_address(nf->cfg.mail_from)) {
		j->verdict = "bad address";
		return;
	}
	if (render_message(nf, j->a, d, PART_SUBJECT | PART_TEXT | PART_HTML, &r, &error) != 0) {
		j->verdict = error;
		return;
	}
	m = (struct mail){
		.from = nf->cfg.mail_from,
		.to = d->recipient,
		.subject = r.subject,
		.message_id = aprintf(j->a, "%s@%s", d->msg_key, nf->host),
		.date = time(NULL),
		.text = r.text,
		.html = r.html,
	};
	mail_compose(&j->payload, &m);
	if (!transfer_handle(j, nf->cfg.smtp_url, 10, 30))
		return;
	j->list = curl_slist_append(NULL, d->recipient);
	curl_easy_setopt(j->h, CURLOPT_MAIL_FROM, nf->cfg.mail_from);
	curl_easy_setopt(j->h, CURLOPT_MAIL_RCPT, j->list);
	transfer_upload(j);
}
