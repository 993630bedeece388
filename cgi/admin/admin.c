/*
 * admin.c — `aftercare-admin --config FILE COMMAND ...`: schema migrations,
 * demo data, staff accounts, order imports and API keys from the shell.
 * One table lists the commands, each in a file of its own (admin.h); main()
 * reads the config, connects and runs one. Here too: `workflow`, too small
 * for a file. Exit 0 done, 1 failed, 2 usage.
 */
#include <stdio.h>
#include <string.h>

#include <mysql.h>

#include "admin.h"
#include "workflow.h"

/* The state table as tab-separated lines: from, action, types, facts
 * ("fast", "!onsite", …), to, who. tests/http/table.test.mjs drives every
 * action over HTTP from it. */
int cmd_workflow(struct ctx *c, char **argv)
{
	struct transition_row row;

	printf("from\taction\ttypes\twhen\tto\twho\n");
	for (size_t i = 0; case_transition_row(i, &row); i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\n", row.from, row.action, row.types, row.when,
		       row.to, row.who);
	return 0;
}

static const struct command {
	const char *name;
	int nargs, optargs; /* required, then at most optargs more */
	int (*run)(struct ctx *c, char **argv);
	const char *args, *help;
} commands[] = {
	{"migrate", 0, 0, cmd_migrate, "",
	 "apply the schema's NNN_*.sql files not yet applied, in order"},
	{"demo", 0, 1, cmd_demo, "[--history]",
	 "load demo staff, customers, orders and API key (demo = 1 only);\n"
	 "--history: and, once, a few months of generated history (make run)"},
	{"create-staff", 3, 0, cmd_create_staff, "EMAIL NAME ROLES",
	 "create or update a staff account; password: first line of stdin;\n"
	 "ROLES: agent,warehouse,logistics,finance,tech or manager"},
	{"import", 1, 0, cmd_import, "FILE|-",
	 "import an orders JSON document (ROUTES.md); all or nothing"},
	{"api-key", 1, 0, cmd_api_key, "NAME", "create a key for /api/v1 and print it once"},
	{"workflow", 0, 0, cmd_workflow, "", "print the case state table, tab-separated"},
	{"generate", 2, 2, cmd_generate, "--cases N [--days D]",
	 "add N cases over the last D days (default 730) with customers,\n"
	 "orders, timelines, timers, refunds, surveys and complaints, for\n"
	 "benchmarks (demo = 1 only; customers 139…, password demo1234)"},
};

static int usage(void)
{
	fprintf(stderr, "usage: " PROG " --config FILE COMMAND [ARG...]\n\ncommands:\n");
	for (size_t i = 0; i < NELEM(commands); i++) {
		const char *h = commands[i].help;
		char left[40];

		snprintf(left, sizeof left, "%s %s", commands[i].name, commands[i].args);
		for (bool first = true; *h; first = false) {
			int n = (int)strcspn(h, "\n");

			fprintf(stderr, "  %-30s %.*s\n", first ? left : "", n, h);
			h += n + (h[n] == '\n');
		}
	}
	fprintf(stderr, "\nexit status: 0 done, 1 failed, 2 usage\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *config_path = NULL;
	const struct command *cmd = NULL;
	struct ctx c = {0};
	int i, rc = 1;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			config_path = argv[++i];
		else if (strncmp(argv[i], "--config=", 9) == 0)
			config_path = argv[i] + 9;
		else
			return usage(); /* --help, -h and anything unknown */
	}
	for (size_t k = 0; i < argc && k < NELEM(commands); k++)
		if (strcmp(argv[i], commands[k].name) == 0)
			cmd = &commands[k];
	if (!cmd) {
		if (i < argc)
			fprintf(stderr, PROG ": unknown command %s\n", argv[i]);
		return usage();
	}
	if (argc - i - 1 < cmd->nargs || argc - i - 1 > cmd->nargs + cmd->optargs) {
		fprintf(stderr, PROG ": %s takes %s%s\n", cmd->name,
		        cmd->nargs ? "" : "no arguments", cmd->args);
		return usage();
	}
	if (config_load(config_path, &c.cfg) != 0)
		return 1;
	if (mysql_library_init(0, NULL, NULL) != 0) {
		fprintf(stderr, PROG ": mysql_library_init failed\n");
		goto out;
	}
	c.db = db_new(&c.cfg.db);
	c.a = arena_new();
	if (db_ping(c.db) != DB_OK) {
		fprintf(stderr, PROG ": cannot reach the database (see the line above)\n");
		goto out;
	}
	rc = cmd->run(&c, argv + i + 1);
	if (fflush(stdout) != 0) {
		perror(PROG ": stdout");
		rc = 1;
	}
out:
	arena_free(c.a);
	db_free(c.db);
	mysql_library_end();
	config_free(&c.cfg);
	return rc;
}
