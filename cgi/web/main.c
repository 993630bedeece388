/*
 * main.c — the daemon: read the configuration, open the FastCGI socket,
 * run a pool of threads (each with its own database connection and parsed
 * templates) that accept and answer requests, and on SIGTERM let in-flight
 * requests finish before exiting 0 (libfcgi's own handler only sets a flag:
 * STACK-NOTES).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <mysql.h>

#include "http.h"
#include "outbox.h"
#include "routes.h"
#include "view.h"

static struct app app;
static int listen_fd = -1;
static volatile int stopping;

static void *worker(void *arg)
{
	FCGX_Request req;
	struct db *db;
	struct view_cache *vc;

	(void)arg;
	mysql_thread_init();
	db = db_new(&app.cfg.db);
	vc = view_cache_new();
	FCGX_InitRequest(&req, listen_fd, 0);
	while (!stopping) {
		if (FCGX_Accept_r(&req) < 0)
			break;
		http_handle(&app, db, vc, &req, routes_dispatch);
		FCGX_Finish_r(&req);
	}
	FCGX_Free(&req, 1);
	view_cache_free(vc);
	db_free(db);
	mysql_thread_end();
	return NULL;
}

/*
 * --supervise: this process stays a small master that runs the daemon as
 * its child and starts a new one when the child dies of anything but a
 * clean stop (a crash, SIGKILL, the OOM killer), at most every second. A
 * SIGTERM or SIGINT to the master is passed on to the child, which then
 * finishes its requests; the master exits with it. Returns in the child.
 */
static void supervise(void)
{
	sigset_t set;
	time_t last = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (;;) {
		pid_t child;
		int sig = 0, status;

		if (time(NULL) - last < 1)
			sleep(1); /* a child that dies at once is not restarted in a loop */
		last = time(NULL);
		if ((child = fork()) < 0) {
			perror("aftercare: fork");
			exit(1);
		}
		if (child == 0)
			return; /* the daemon; main() goes on (its mask blocks these too) */
		fprintf(stderr, "aftercare: supervisor %d runs the daemon as %d\n", (int)getpid(),
		        (int)child);
		for (;;) {
			sigwait(&set, &sig);
			if (sig == SIGTERM || sig == SIGINT) {
				kill(child, SIGTERM);
				while (waitpid(child, &status, 0) < 0 && errno == EINTR)
					;
				exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
			}
			if (sig == SIGCHLD && waitpid(child, &status, WNOHANG) == child)
				break;
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			exit(0); /* it stopped cleanly: so do we */
		fprintf(stderr, "aftercare: the daemon %d died (%s %d): starting another\n", (int)child,
		        WIFSIGNALED(status) ? "signal" : "exit status",
		        WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: aftercare [--config FILE] [--supervise]\n"
	                "       aftercare --routes   (print the route table)\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *config_path = NULL;
	bool supervised = false;
	pthread_t *threads;
	sigset_t set;
	int sig = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			config_path = argv[++i];
		} else if (strcmp(argv[i], "--supervise") == 0) {
			supervised = true;
		} else if (strcmp(argv[i], "--routes") == 0 && argc == 2) {
			routes_print(stdout);
			return fflush(stdout) == 0 ? 0 : 1;
		} else {
			usage();
		}
	}
	if (config_load(config_path, &app.cfg) != 0)
		return 1;
	if (supervised)
		supervise();
	if (keyring_load(app.cfg.secret_key, &app.keys) != 0)
		return 1;
	outbox_channels((app.cfg.smtp_url && *app.cfg.smtp_url ? OUT_EMAIL : 0) |
	                (app.cfg.sms_url && *app.cfg.sms_url ? OUT_SMS : 0));
	if (view_init(app.cfg.templates) != 0)
		return 1;
	if (mysql_library_init(0, NULL, NULL) != 0) {
		fprintf(stderr, "aftercare: mysql_library_init failed\n");
		return 1;
	}
	if (FCGX_Init() != 0) {
		fprintf(stderr, "aftercare: FCGX_Init failed\n");
		return 1;
	}
	unlink(app.cfg.fcgi_socket);
	if ((listen_fd = FCGX_OpenSocket(app.cfg.fcgi_socket, 128)) < 0) {
		fprintf(stderr, "aftercare: cannot listen on %s\n", app.cfg.fcgi_socket);
		return 1;
	}
	if (chmod(app.cfg.fcgi_socket, (mode_t)app.cfg.socket_mode) != 0) {
		fprintf(stderr, "aftercare: chmod %s: %s\n", app.cfg.fcgi_socket,
		        strerror(errno));
		return 1;
	}

	/* Threads inherit the mask: only main sees SIGTERM/SIGINT. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	threads = calloc((size_t)app.cfg.threads, sizeof *threads);
	if (!threads)
		abort();
	for (int i = 0; i < app.cfg.threads; i++)
		if (pthread_create(&threads[i], NULL, worker, NULL) != 0) {
			fprintf(stderr, "aftercare: pthread_create failed\n");
			return 1;
		}
	fprintf(stderr, "aftercare: listening on %s with %d threads (demo %s)\n",
	        app.cfg.fcgi_socket, app.cfg.threads, app.cfg.demo ? "on" : "off");

	do {
		sigwait(&set, &sig);
	} while (sig == SIGHUP);

	/* Stop accepting; threads in a request finish it, then leave. */
	fprintf(stderr, "aftercare: signal %d, finishing in-flight requests\n", sig);
	stopping = 1;
	FCGX_ShutdownPending();
	shutdown(listen_fd, SHUT_RDWR);
	for (int i = 0; i < app.cfg.threads; i++)
		pthread_join(threads[i], NULL);
	close(listen_fd);
	unlink(app.cfg.fcgi_socket);
	free(threads);
	view_shutdown();
	mysql_library_end();
	config_free(&app.cfg);
	fprintf(stderr, "aftercare: stopped\n");
	return 0;
}
