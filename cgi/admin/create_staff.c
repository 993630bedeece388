/*
 * create_staff.c — `aftercare-admin create-staff EMAIL NAME ROLES`: creates
 * a staff account or updates its name, roles and password; the password is
 * the first line of stdin, asked for without echo on a terminal.
 */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "admin.h"
#include "roles.h"
#include "staff.h"

/* The first line of stdin, without its line end; on a terminal asked for
 * without echo. 0, or -1 with a message. */
static int read_password(const char *email, char *pw, size_t cap)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	bool got;
	size_t n;

	if (tty) {
		fprintf(stderr, "password for %s: ", email);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	got = fgets(pw, (int)cap, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!got) {
		fprintf(stderr, PROG ": create-staff: give the password on the first line of stdin\n");
		return -1;
	}
	n = strlen(pw);
	if (n == cap - 1 && pw[n - 1] != '\n' && !feof(stdin)) {
		fprintf(stderr, PROG ": create-staff: password: at most %d bytes\n",
		        STAFF_PASSWORD_MAX);
		return -1;
	}
	pw[strcspn(pw, "\r\n")] = '\0';
	return 0;
}

int cmd_create_staff(struct ctx *c, char **argv)
{
	const char *email = argv[0], *name = argv[1], *problem;
	char pw[STAFF_PASSWORD_MAX + 2];
	bool exists;
	enum db_err e;
	int roles, rc = 1;

	if ((problem = staff_check(email, name, NULL))) {
		fprintf(stderr, PROG ": create-staff: %s\n", problem);
		return 1;
	}
	if ((roles = roles_parse(argv[2])) < 0) {
		fprintf(stderr, PROG ": create-staff: roles: %s is not a list of agent, "
		        "warehouse, logistics, finance, tech, manager\n", argv[2]);
		return 1;
	}
	if (read_password(email, pw, sizeof pw) != 0)
		goto out;
	if ((problem = staff_check(NULL, NULL, pw))) {
		fprintf(stderr, PROG ": create-staff: %s\n", problem);
		goto out;
	}
	if (staff_exists(c, email, &exists) != 0)
		goto out;
	if ((e = staff_upsert(c->db, c->a, email, name, (unsigned)roles, pw)) != DB_OK) {
		fail_db(email, e);
		goto out;
	}
	printf("%s staff %s (%s), roles %s\n", exists ? "updated" : "created", email, name,
	       argv[2]);
	rc = 0;
out:
	explicit_bzero(pw, sizeof pw);
	return rc;
}
