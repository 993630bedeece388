/*
 * webhooks.h — the shop's webhook endpoints (/staff/admin/webhooks): each
 * a URL, the event types it wants and its Standard Webhooks secret. The
 * outbox (outbox.c) reads the enabled ones with every event; the worker
 * signs each delivery with the secret it finds at sending time.
 */
#ifndef AFTERCARE_WEBHOOKS_H
#define AFTERCARE_WEBHOOKS_H

#include <stdbool.h>
#include <time.h>

#include "db.h"

/* The event types an endpoint may ask for (ROUTES.md), NULL-terminated. */
extern const char *const webhook_event_types[];

/* "*" or a comma list of known types without repeats: its tidy form (no
 * blanks) in the arena, or NULL when it names an unknown type. */
const char *webhook_events_parse(struct arena *a, const char *events);

struct webhook_endpoint {
	long long id;
	const char *url, *events;
	bool enabled;
	time_t created_at;
	long long queued, sent, failed; /* its deliveries */
};

enum db_err webhooks_all(struct db *db, struct arena *a, struct webhook_endpoint **list,
                         size_t *n);
/* A new endpoint; *secret its new secret ("whsec_" + base64 of 24 random
 * bytes), shown once. */
enum db_err webhook_add(struct db *db, struct arena *a, const char *url, const char *events,
                        long long staff_id, time_t now, long long *id, const char **secret);
/* Enable or disable; *found false when there is no such endpoint. */
enum db_err webhook_set_enabled(struct db *db, long long id, bool enabled, time_t now,
                                bool *found);
/* A new secret for the endpoint (the old one stops signing at once). */
enum db_err webhook_rotate(struct db *db, struct arena *a, long long id, time_t now,
                           const char **secret, bool *found);

/* The hosts a production shop lets endpoints reach although they look
 * local (the settings row webhook_allow, a comma list; NULL: none). */
enum db_err webhook_allow_list(struct db *db, struct arena *a, const char **allow);

#endif
