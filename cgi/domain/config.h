/*
 * config.h — settings of one daemon or admin run: a "key = value" file,
 * then AFTERCARE_<KEY> environment variables over it. Read once at start.
 */
#ifndef AFTERCARE_CONFIG_H
#define AFTERCARE_CONFIG_H

#include <stdbool.h>

#include "db.h"

struct config {
	struct db_config db;   /* db_socket, db_host, db_port, db_user, db_password, db_name */
	const char *secret_key;  /* key file path (created 0600 on first start) */
	const char *fcgi_socket; /* unix socket the daemon listens on */
	int socket_mode;         /* e.g. 0660 (octal in the file) */
	int threads;             /* worker threads, 1..256 */
	bool demo;               /* demo mode: demo data and API key allowed */
	const char *templates;   /* folder of *.cs and lang/ */
	const char *schema;      /* folder of numbered *.sql migrations */
	bool secure_cookies;     /* add Secure to cookies (behind TLS) */
	/* Telling people (the notification worker; empty: that channel is off). */
	const char *public_url;  /* the site as customers reach it: links in messages */
	const char *smtp_url;    /* smtp://host:port or smtps://user:pass@host:465 */
	const char *mail_from;   /* the From address of e-mail */
	const char *sms_url;     /* the SMS gateway: POST of JSON {phone, text, template, params} */
	char *owned[24];         /* strings read from the file or environment */
};

/* Defaults, then the file (may be NULL), then the environment.
 * 0 ok; -1 with a message on stderr. */
int config_load(const char *path, struct config *cfg);

/* Frees what config_load allocated. */
void config_free(struct config *cfg);

#endif
