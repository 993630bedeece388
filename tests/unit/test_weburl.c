/* test_weburl.c — which webhook URLs the form accepts, in demo and in
 * production (non-global literal addresses and local names refused). */
#include "t.h"
#include "weburl.h"

void tests_weburl(void);

static int ok(const char *url, int production)
{
	return weburl_problem(url, production, NULL) == NULL;
}

void tests_weburl(void)
{
	static const char *const private_hosts[] = {
		"http://127.0.0.1/x", "http://10.1.2.3/", "http://172.16.0.1/", "http://172.31.255.255/",
		"http://192.168.1.1/", "http://169.254.169.254/latest", "http://100.64.0.1/",
		"http://0.0.0.0/", "http://[::1]/", "http://[fd00::1]:8080/", "http://[fe80::1]/",
		"http://[::ffff:127.0.0.1]/", "http://[::ffff:8.8.8.8]/", "http://localhost/",
		"http://api.localhost/", "http://printer.local/", "http://db.internal/",
		"http://intranet/", "http://2130706433/", "http://224.0.0.1/",
	};

	CHECK(ok("https://shop.example.com/hooks/aftercare", 1), "a public https URL is fine");
	CHECK(ok("http://shop.example.com:8080/h?x=1", 1), "http with a port and a query is fine");
	CHECK(ok("http://8.8.8.8/h", 1), "a public IPv4 literal is fine");
	CHECK(ok("http://[2606:4700::1111]/h", 1), "a public IPv6 literal is fine");
	CHECK_STR(weburl_problem("ftp://shop.example.com/", 0, NULL), "err_url_scheme", "ftp is refused");
	CHECK_STR(weburl_problem("javascript:alert(1)", 0, NULL), "err_url_scheme", "javascript: is refused");
	CHECK_STR(weburl_problem("https://user:pw@shop.example.com/", 0, NULL), "err_url_credentials",
	          "credentials in the URL are refused");
	CHECK_STR(weburl_problem("https://shop.example.com/a b", 0, NULL), "err_url_form", "a space is refused");
	CHECK_STR(weburl_problem("https://shop.example.com/\r\nX: y", 0, NULL), "err_url_form", "CRLF is refused");
	CHECK_STR(weburl_problem("https:///path", 0, NULL), "err_url_form", "no host is refused");
	CHECK_STR(weburl_problem("", 0, NULL), "err_required", "empty is required");
	{
		char longurl[WEBURL_MAX + 20] = "https://shop.example.com/";

		memset(longurl + 25, 'a', sizeof longurl - 26);
		longurl[sizeof longurl - 1] = '\0';
		CHECK_STR(weburl_problem(longurl, 0, NULL), "err_url_long", "over 500 bytes is refused");
	}
	for (size_t i = 0; i < sizeof private_hosts / sizeof private_hosts[0]; i++) {
		char name[120];

		snprintf(name, sizeof name, "production refuses %s", private_hosts[i]);
		CHECK_STR(weburl_problem(private_hosts[i], 1, NULL), "err_url_private", name);
		snprintf(name, sizeof name, "demo mode takes %s", private_hosts[i]);
		CHECK(ok(private_hosts[i], 0), name);
	}
	CHECK(weburl_problem("http://127.0.0.1:9000/h", 1, "shop.example.com, 127.0.0.1") == NULL,
	      "a host in webhook_allow passes in production");
	CHECK_STR(weburl_problem("http://10.0.0.2/h", 1, "10.0.0.20"), "err_url_private",
	          "the allow list names hosts exactly");
	CHECK(!weburl_ip_private("example.com") && !weburl_ip_private("1.1.1.1"),
	      "names and public addresses are not private literals");
	{
		static const char *const bad[] = {
			"//evil.example", "https:evil", "https://evil.example/", "/\\evil", "\\\\evil",
			"/%2F%2Fevil", "/%2fevil", "/%5Cevil", "/a%0d%0aSet-Cookie:x", "/a\r\nX: y",
			"/a\tb", "/a b", "", "evil", "javascript:alert(1)", "/%00", "/\x7f",
		};
		static const char *const good[] = {
			"/", "/my/requests/R123", "/staff/cases/R1?tab=notes", "/my/requests?q=%E4%B8%AD",
			"/staff/queue?status=new&page=2",
		};
		char name[120];

		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			snprintf(name, sizeof name, "not a local path: %.40s", bad[i]);
			CHECK(!local_path_ok(bad[i]), name);
		}
		for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
			snprintf(name, sizeof name, "a local path: %s", good[i]);
			CHECK(local_path_ok(good[i]), name);
		}
		CHECK(!local_path_ok(NULL), "NULL is not a local path");
	}
}
