/*
 * main.c — aftercare-notify, the notification worker: reads the daemon's
 * configuration, then keeps the outbox's due messages in flight (deliver.c),
 * looking every second when nothing is due, until SIGTERM or SIGINT, which
 * let the transfers in flight finish. --supervise keeps a small parent that
 * starts the worker again when it dies of anything but a clean stop.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mysql.h>

#include "notify.h"
#include "outbox.h"

static const int stop_signals[] = {SIGTERM, SIGINT, SIGHUP};

static void stop_set(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++)
		sigaddset(set, stop_signals[i]);
}

/* Waits for the worker `child`; a stop signal to us is passed on to it and
 * we leave with its status. Returns how the child ended by itself. */
static int watch(pid_t child)
{
	sigset_t set;
	int sig, status;

	stop_set(&set);
	sigaddset(&set, SIGCHLD);
	for (;;) {
		if (waitpid(child, &status, WNOHANG) == child)
			return status;
		if (sigwait(&set, &sig) != 0 || sig == SIGCHLD || sig == SIGHUP)
			continue;
		kill(child, SIGTERM);
		while (waitpid(child, &status, 0) < 0 && errno == EINTR)
			;
		exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
	}
}

/* --supervise: returns in a worker process; the parent never returns. */
static void supervise(void)
{
	sigset_t set;

	stop_set(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (;;) {
		time_t born = time(NULL);
		pid_t child = fork();
		int status;

		if (child < 0) {
			perror("aftercare-notify: fork");
			exit(1);
		}
		if (child == 0)
			return;
		fprintf(stderr, "aftercare-notify: supervisor %d: worker %d\n", (int)getpid(),
		        (int)child);
		status = watch(child);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			exit(0);
		fprintf(stderr, "aftercare-notify: worker %d ended by %s %d; starting another\n",
		        (int)child, WIFSIGNALED(status) ? "signal" : "exit status",
		        WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
		if (time(NULL) - born < 2)
			sleep(1); /* one that dies at once is not restarted in a tight loop */
	}
}

/* public_url without its trailing "/", and its host for Message-IDs. */
static void site_of(struct notifier *nf)
{
	const char *url = nf->cfg.public_url ? nf->cfg.public_url : "";
	size_t n = strlen(url);
	CURLU *u = curl_url();
	char *host = NULL;

	while (n && url[n - 1] == '/')
		n--;
	snprintf(nf->site, sizeof nf->site, "%.*s", (int)n, url);
	snprintf(nf->host, sizeof nf->host, "localhost");
	if (u && n && curl_url_set(u, CURLUPART_URL, nf->site, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    strspn(host, "abcdefghijklmnopqrstuvwxyz0123456789.-") == strlen(host))
		snprintf(nf->host, sizeof nf->host, "%s", host);
	curl_free(host);
	curl_url_cleanup(u);
}

/* Host, pid and a random part: unique among the workers at any time. */
static void worker_id(struct notifier *nf)
{
	unsigned char r[4];
	char host[40] = "worker", hex[9];

	gethostname(host, sizeof host - 1);
	host[sizeof host - 1] = '\0';
	random_bytes(r, sizeof r);
	hex_encode(r, sizeof r, hex);
	snprintf(nf->who, sizeof nf->who, "%s:%d:%s", host, (int)getpid(), hex);
}

static void usage(void)
{
	fprintf(stderr, "usage: aftercare-notify [--config FILE] [--supervise | --once]\n"
	                "  --once: deliver what is due now, then exit\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static struct notifier nf;
	const char *config_path = NULL;
	bool supervised = false, once = false, down = false;
	struct timespec second = {1, 0};
	struct pump *pump;
	sigset_t set;
	int sig = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			config_path = argv[++i];
		else if (strcmp(argv[i], "--supervise") == 0)
			supervised = true;
		else if (strcmp(argv[i], "--once") == 0)
			once = true;
		else
			usage();
	}
	if (supervised && once)
		usage();
	if (config_load(config_path, &nf.cfg) != 0)
		return 1;
	if (supervised)
		supervise();
	stop_set(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (keyring_load(nf.cfg.secret_key, &nf.keys) != 0 || view_init(nf.cfg.templates) != 0)
		return 1;
	if (mysql_library_init(0, NULL, NULL) != 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, "aftercare-notify: library initialisation failed\n");
		return 1;
	}
	site_of(&nf);
	worker_id(&nf);
	/* the periodic jobs queue staff e-mail as the daemon queues messages */
	outbox_channels((nf.cfg.smtp_url && *nf.cfg.smtp_url ? OUT_EMAIL : 0) |
	                (nf.cfg.sms_url && *nf.cfg.sms_url ? OUT_SMS : 0));
	nf.db = db_new(&nf.cfg.db);
	nf.vc = view_cache_new();
	pump = deliver_new();
	if (!pump) {
		fprintf(stderr, "aftercare-notify: out of memory\n");
		return 1;
	}
	fprintf(stderr, "aftercare-notify: %s delivering (e-mail %s, SMS %s, demo %s)\n", nf.who,
	        nf.cfg.smtp_url && *nf.cfg.smtp_url ? "on" : "off",
	        nf.cfg.sms_url && *nf.cfg.sms_url ? "on" : "off", nf.cfg.demo ? "on" : "off");

	for (time_t jobs_at = 0;;) {
		time_t now = time(NULL);
		int n;

		if (now != jobs_at) { /* the periodic jobs: at most once a second */
			jobs_round(&nf, now);
			jobs_at = now;
		}
		n = deliver_pump(&nf, pump, true, 1000);

		if (n < 0 && !down)
			fprintf(stderr, "aftercare-notify: the database is unreachable; trying every second\n");
		else if (n >= 0 && down)
			fprintf(stderr, "aftercare-notify: the database is back\n");
		down = n < 0;
		if (once && (down || deliver_idle(pump)))
			break;
		/* transfers in flight waited in deliver_pump; an idle worker
		 * sleeps a second, still seeing a stop signal at once */
		sig = sigtimedwait(&set, NULL, down || deliver_idle(pump) ? &second : &(struct timespec){0, 0});
		if (sig == SIGTERM || sig == SIGINT)
			break;
	}
	/* a stop: nothing new is claimed, what is in flight ends (each within
	 * its time limit) and is recorded */
	while (deliver_in_flight(pump) > 0)
		deliver_pump(&nf, pump, false, 1000);
	deliver_free(pump);
	if (sig > 0)
		fprintf(stderr, "aftercare-notify: signal %d, stopped\n", sig);
	view_cache_free(nf.vc);
	db_free(nf.db);
	view_shutdown();
	curl_global_cleanup();
	mysql_library_end();
	config_free(&nf.cfg);
	return once && down ? 1 : 0;
}
