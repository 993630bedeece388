/*
 * webhook_sig.h — the signature of a webhook as Standard Webhooks 1.0
 * defines it: "v1," + base64(HMAC-SHA256(key, id "." timestamp "." body)),
 * key the bytes of the endpoint's secret "whsec_" + base64.
 */
#ifndef AFTERCARE_WEBHOOK_SIG_H
#define AFTERCARE_WEBHOOK_SIG_H

#include <stddef.h>

/* "v1," + 44 base64 characters + NUL */
#define WEBHOOK_SIG_MAX 48

/* 0 with the header's value in out; -1 when the secret is not "whsec_"
 * followed by valid base64 of 1 to 64 bytes. */
int webhook_sign(const char *secret, const char *msg_id, long long timestamp,
                 const char *body, size_t body_len, char out[WEBHOOK_SIG_MAX]);

#endif
