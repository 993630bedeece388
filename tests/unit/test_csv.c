/* test_csv.c — the CSV writer: byte-order mark, RFC 4180 quoting, Chinese
 * text, formula neutralising, numbers and money, broken UTF-8, and that it
 * streams through its sink in bounded pieces. */
#include "csv.h"
#include "t.h"
#include "util.h"

void tests_csv(void);

struct capture {
	struct buf out;
	int calls;
	size_t largest;
	int fail_after; /* fail every call after this many; -1 never */
};

static int capture_sink(void *ctx, const char *data, size_t n)
{
	struct capture *c = ctx;

	if (c->fail_after >= 0 && c->calls >= c->fail_after) {
		c->calls++;
		return -1;
	}
	c->calls++;
	if (n > c->largest)
		c->largest = n;
	buf_add(&c->out, data, n);
	return 0;
}

/* The file (after its BOM) of one row holding the single text cell s. */
static struct capture last;

static const char *one_cell(const char *s)
{
	struct csv w;

	buf_free(&last.out);
	last = (struct capture){.fail_after = -1};
	csv_begin(&w, capture_sink, &last);
	csv_text(&w, s);
	csv_end_row(&w);
	csv_flush(&w);
	return last.out.len >= 3 && memcmp(last.out.p, "\xef\xbb\xbf", 3) == 0 ? last.out.p + 3
	                                                                       : "(no BOM)";
}

static void test_file(void)
{
	struct capture c = {.fail_after = -1};
	struct csv w;

	csv_begin(&w, capture_sink, &c);
	csv_text(&w, "case_no");
	csv_text(&w, "amount");
	csv_text(&w, "note");
	csv_end_row(&w);
	csv_text(&w, "AS20261120001");
	csv_money(&w, 19900);
	csv_text(&w, "退货退款, 七天无理由");
	csv_end_row(&w);
	CHECK(c.calls == 0, "nothing reaches the sink before the buffer fills or a flush");
	CHECK(csv_flush(&w) == 0, "flush succeeds");
	CHECK_STR(c.out.p,
	          "\xef\xbb\xbf"
	          "case_no,amount,note\r\n"
	          "AS20261120001,199.00,\"退货退款, 七天无理由\"\r\n",
	          "a small export: BOM, CRLF rows, Chinese with a comma quoted");
	buf_free(&c.out);
}

static void test_quoting(void)
{
	CHECK_STR(one_cell("a,b"), "\"a,b\"\r\n", "a comma is quoted");
	CHECK_STR(one_cell("say \"hi\""), "\"say \"\"hi\"\"\"\r\n", "a quote is doubled and quoted");
	CHECK_STR(one_cell("line 1\nline 2"), "\"line 1\nline 2\"\r\n", "a newline stays inside quotes");
	CHECK_STR(one_cell("a\r\nb"), "\"a\r\nb\"\r\n", "CRLF stays inside quotes");
	CHECK_STR(one_cell("屏幕有划痕"), "屏幕有划痕\r\n", "Chinese text passes unchanged, unquoted");
	CHECK_STR(one_cell("plain text"), "plain text\r\n", "plain text is not quoted");
	CHECK_STR(one_cell(""), "\r\n", "an empty cell is empty");
	CHECK_STR(one_cell(NULL), "\r\n", "NULL is an empty cell");
}

static void test_formulas(void)
{
	CHECK_STR(one_cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"\r\n",
	          "a leading = gets a ' (inside the quotes)");
	CHECK_STR(one_cell("=1+1"), "'=1+1\r\n", "=1+1 becomes '=1+1");
	CHECK_STR(one_cell("+86 138"), "'+86 138\r\n", "a leading + is neutralised");
	CHECK_STR(one_cell("-5"), "'-5\r\n", "a leading - in text is neutralised");
	CHECK_STR(one_cell("@SUM(A1)"), "'@SUM(A1)\r\n", "a leading @ is neutralised");
	CHECK_STR(one_cell("\t=1"), "'\t=1\r\n", "a leading TAB is neutralised");
	CHECK_STR(one_cell("\r=1"), "\"'\r=1\"\r\n", "a leading CR is neutralised and quoted");
	CHECK_STR(one_cell("a=b"), "a=b\r\n", "an = later in the text is left alone");
}

static void test_numbers(void)
{
	struct capture c = {.fail_after = -1};
	struct csv w;

	csv_begin(&w, capture_sink, &c);
	csv_int(&w, -5);
	csv_int(&w, 0);
	csv_int(&w, 1234567890123LL);
	csv_money(&w, -1999);
	csv_money(&w, 5);
	csv_money(&w, 0);
	csv_text(&w, "");
	csv_end_row(&w);
	csv_flush(&w);
	CHECK_STR(c.out.p + 3, "-5,0,1234567890123,-19.99,0.05,0.00,\r\n",
	          "numbers and money stay numbers, negative ones too; a trailing empty cell");
	buf_free(&c.out);
}

static void test_utf8(void)
{
	struct capture c = {.fail_after = -1};
	struct csv w;

	CHECK_STR(one_cell("ab\xff"), "ab\xef\xbf\xbd\r\n", "a stray byte becomes U+FFFD");
	CHECK_STR(one_cell("\xe9\x80"), "\xef\xbf\xbd\xef\xbf\xbd\r\n",
	          "a cut-off sequence: one U+FFFD per byte");
	CHECK_STR(one_cell("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd\r\n", "an overlong '/' is replaced");
	CHECK_STR(one_cell("\xed\xa0\x80x"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx\r\n",
	          "a UTF-16 surrogate is replaced");
	CHECK_STR(one_cell("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80\r\n", "a 4-byte emoji is kept");
	csv_begin(&w, capture_sink, &c);
	csv_textn(&w, "a\0b", 3);
	csv_end_row(&w);
	csv_flush(&w);
	CHECK(c.out.len == 3 + 7 && memcmp(c.out.p + 3, "a\xef\xbf\xbd" "b\r\n", 7) == 0,
	      "an embedded NUL becomes U+FFFD");
	buf_free(&c.out);
}

/* 20 000 rows of about 30 bytes: far more than the writer's buffer. */
static void test_streaming(void)
{
	struct capture c = {.fail_after = -1}, dead = {.fail_after = 1};
	struct csv w;
	struct buf want = {0};

	csv_begin(&w, capture_sink, &c);
	buf_puts(&want, "\xef\xbb\xbf");
	for (int i = 0; i < 20000; i++) {
		csv_int(&w, i);
		csv_text(&w, "售后, \"row\"");
		csv_money(&w, i * 101LL);
		csv_end_row(&w);
		buf_printf(&want, "%d,\"售后, \"\"row\"\"\",%d.%02d\r\n", i, i * 101 / 100, i * 101 % 100);
	}
	CHECK(csv_flush(&w) == 0, "a long export flushes without error");
	CHECK(c.out.len == want.len && memcmp(c.out.p, want.p, want.len) == 0,
	      "a long export comes out byte for byte");
	CHECK(c.calls > 100 && c.largest <= sizeof w.buf,
	      "it reaches the sink in many pieces, none larger than the writer's buffer");
	buf_free(&c.out);
	buf_free(&want);

	csv_begin(&w, capture_sink, &dead);
	for (int i = 0; i < 2000; i++) {
		csv_text(&w, "gone");
		csv_end_row(&w);
	}
	CHECK(csv_flush(&w) == -1, "a sink failure is reported by flush");
	CHECK(dead.calls == 2, "after a sink failure nothing more is sent");
	buf_free(&dead.out);
}

void tests_csv(void)
{
	test_file();
	test_quoting();
	test_formulas();
	test_numbers();
	test_utf8();
	test_streaming();
	buf_free(&last.out);
}
