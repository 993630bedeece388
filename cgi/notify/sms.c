/*
 * sms.c — a text message through the shop's SMS gateway (sms_url): the
 * short form of the message's template, POSTed as JSON {"phone", "text",
 * "template", "params"}; the gateway (an Aliyun or Tencent relay) answers
 * 2xx when it took it.
 */
#include <stdlib.h>

#include <jansson.h>

#include "notify.h"

void sms_prepare(struct notifier *nf, struct job *j)
{
	const struct delivery *d = j->d;
	struct rendered r;
	const char *error;
	json_t *params, *msg;
	char *text;

	if (!nf->cfg.sms_url || !*nf->cfg.sms_url) {
		j->verdict = "channel off";
		return;
	}
	if (render_message(nf, j->a, d, PART_SMS, &r, &error) != 0) {
		j->verdict = error;
		return;
	}
	params = d->data ? json_loads(d->data, 0, NULL) : NULL;
	msg = json_pack("{s:s, s:s, s:s, s:o}", "phone", d->recipient, "text", r.sms, "template",
	                d->tmpl, "params", params ? params : json_object());
	if (!msg || !(text = json_dumps(msg, JSON_COMPACT))) {
		json_decref(msg);
		j->verdict = "bad data";
		return;
	}
	json_decref(msg);
	buf_puts(&j->payload, text);
	free(text);
	if (transfer_handle(j, nf->cfg.sms_url, 5, 15))
		transfer_post(j, "application/json");
}
