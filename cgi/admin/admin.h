/*
 * admin.h — what the commands of `aftercare-admin` share: the context main()
 * hands each command, the helpers of common.c, and one prototype per
 * command (the table in admin.c lists them). One command per file.
 */
#ifndef AFTERCARE_ADMIN_H
#define AFTERCARE_ADMIN_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "db.h"

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))
#define PROG "aftercare-admin"

#define DAY 86400L
/* The password of the demo accounts, and of every generated customer. */
#define DEMO_PASSWORD "demo1234"

/* What main() sets up before a command runs: the config, one database
 * connection and an arena freed when the tool exits. */
struct ctx {
	struct config cfg;
	struct db *db;
	struct arena *a;
};

/* common.c */
const char *db_err_text(enum db_err e);
int fail_db(const char *what, enum db_err e);
char *read_stream(FILE *f, size_t max, size_t *len);
int staff_exists(struct ctx *c, const char *email, bool *exists);

/* The commands: argv holds the command's arguments (main() checked their
 * number), NULL-terminated. 0 done, 1 failed, 2 usage. */
int cmd_migrate(struct ctx *c, char **argv);       /* migrate.c */
int cmd_demo(struct ctx *c, char **argv);          /* demo.c */
int cmd_create_staff(struct ctx *c, char **argv);  /* create_staff.c */
int cmd_import(struct ctx *c, char **argv);        /* import_orders.c */
int cmd_api_key(struct ctx *c, char **argv);       /* api_key.c */
int cmd_workflow(struct ctx *c, char **argv);      /* admin.c */
int cmd_generate(struct ctx *c, char **argv);      /* generate.c */

#endif
