/*
 * config.c — reads "key = value" lines, then AFTERCARE_<KEY> environment
 * variables over them. One table lists every key; unknown keys are errors
 * so a typo in production never passes silently.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

enum ktype { K_STR, K_INT, K_OCTAL, K_BOOL };

struct key {
	const char *name;
	enum ktype type;
	size_t off;
	long min, max;
};

#define O(f) offsetof(struct config, f)
static const struct key keys[] = {
	{"db_socket", K_STR, O(db.socket), 0, 0},
	{"db_host", K_STR, O(db.host), 0, 0},
	{"db_port", K_INT, O(db.port), 0, 65535},
	{"db_user", K_STR, O(db.user), 0, 0},
	{"db_password", K_STR, O(db.password), 0, 0},
	{"db_name", K_STR, O(db.name), 0, 0},
	{"secret_key", K_STR, O(secret_key), 0, 0},
	{"fcgi_socket", K_STR, O(fcgi_socket), 0, 0},
	{"socket_mode", K_OCTAL, O(socket_mode), 0, 0777},
	{"threads", K_INT, O(threads), 1, 256},
	{"demo", K_BOOL, O(demo), 0, 1},
	{"templates", K_STR, O(templates), 0, 0},
	{"schema", K_STR, O(schema), 0, 0},
	{"secure_cookies", K_BOOL, O(secure_cookies), 0, 1},
	{"public_url", K_STR, O(public_url), 0, 0},
	{"smtp_url", K_STR, O(smtp_url), 0, 0},
	{"mail_from", K_STR, O(mail_from), 0, 0},
	{"sms_url", K_STR, O(sms_url), 0, 0},
};
#undef O

static int set_key(struct config *cfg, const struct key *k, const char *v,
                   const char *where)
{
	char *p = (char *)cfg + k->off;
	char *end;
	long n;

	switch (k->type) {
	case K_STR: {
		size_t i = (size_t)(k - keys);

		free(cfg->owned[i]);
		if (!(cfg->owned[i] = strdup(v)))
			abort();
		*(const char **)p = cfg->owned[i];
		return 0;
	}
	case K_BOOL:
		if (strcmp(v, "1") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0)
			*(bool *)p = true;
		else if (strcmp(v, "0") == 0 || strcmp(v, "no") == 0 || strcmp(v, "false") == 0)
			*(bool *)p = false;
		else
			goto bad;
		return 0;
	case K_INT:
	case K_OCTAL:
		errno = 0;
		n = strtol(v, &end, k->type == K_OCTAL ? 8 : 10);
		if (errno || end == v || *end || n < k->min || n > k->max)
			goto bad;
		if (k->off == offsetof(struct config, db.port))
			*(unsigned *)p = (unsigned)n;
		else
			*(int *)p = (int)n;
		return 0;
	}
bad:
	fprintf(stderr, "%s: bad value for %s: %s\n", where, k->name, v);
	return -1;
}

static const struct key *find_key(const char *name)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static int read_file(const char *path, struct config *cfg)
{
	char line[1024];
	int lineno = 0, rc = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char where[300], *eq, *name, *val;
		const struct key *k;

		lineno++;
		snprintf(where, sizeof where, "%s:%d", path, lineno);
		name = str_trim(line);
		if (*name == '\0' || *name == '#')
			continue;
		if (!(eq = strchr(name, '='))) {
			fprintf(stderr, "%s: expected key = value\n", where);
			rc = -1;
			break;
		}
		*eq = '\0';
		name = str_trim(name);
		val = str_trim(eq + 1);
		if (!(k = find_key(name))) {
			fprintf(stderr, "%s: unknown key %s\n", where, name);
			rc = -1;
			break;
		}
		if ((rc = set_key(cfg, k, val, where)) != 0)
			break;
	}
	fclose(f);
	return rc;
}

_Static_assert(sizeof keys / sizeof keys[0] <= sizeof ((struct config *)0)->owned /
                   sizeof(char *), "config.owned too small");

void config_free(struct config *cfg)
{
	for (size_t i = 0; i < sizeof cfg->owned / sizeof cfg->owned[0]; i++)
		free(cfg->owned[i]);
	memset(cfg, 0, sizeof *cfg);
}

int config_load(const char *path, struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->db.name = "aftercare";
	cfg->db.user = "aftercare";
	cfg->db.password = "";
	cfg->secret_key = "var/secret.key";
	cfg->fcgi_socket = "var/aftercare.sock";
	cfg->socket_mode = 0660;
	cfg->threads = 8;
	cfg->templates = "templates";
	cfg->schema = "schema";

	if (path && read_file(path, cfg) != 0)
		goto fail;

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		char env[64];
		const char *v;
		size_t j;

		snprintf(env, sizeof env, "AFTERCARE_%s", keys[i].name);
		for (j = 10; env[j]; j++)
			env[j] = (char)toupper((unsigned char)env[j]);
		if ((v = getenv(env)) && set_key(cfg, &keys[i], v, env) != 0)
			goto fail;
	}
	if (!cfg->db.socket && !cfg->db.host) {
		fprintf(stderr, "config: db_socket or db_host is required\n");
		goto fail;
	}
	return 0;
fail:
	config_free(cfg);
	return -1;
}
