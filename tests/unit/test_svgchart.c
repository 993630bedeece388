/* test_svgchart.c — the trend chart: round y steps, escaping, well-formed
 * output, an empty chart, one point, all-equal values, gaps, the legend,
 * crowded x labels, and what the page's CSP allows. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#include "svgchart.h"
#include "t.h"

void tests_svgchart(void);

#define K(v) {true, (v)}
#define GAP {false, 0}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += len)
		n++;
	return n;
}

/* Enough of XML to catch what escaping gets wrong: tags nest and close,
 * attribute values are quoted and hold no '<', every '&' is an entity. */
static bool well_formed(const char *s)
{
	char stack[64][24];
	int depth = 0;

	while (*s) {
		if (*s == '&') {
			static const char *const ents[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
			bool ok = false;

			for (size_t i = 0; i < 5; i++)
				ok = ok || strncmp(s, ents[i], strlen(ents[i])) == 0;
			if (!ok)
				return false;
			s++;
		} else if (*s == '>') {
			return false; /* escaped everywhere by us, though XML allows it */
		} else if (*s == '<') {
			bool closing = s[1] == '/';
			size_t n = 0;
			char name[24];

			s += closing ? 2 : 1;
			while (*s && *s != ' ' && *s != '>' && *s != '/' && n < sizeof name - 1)
				name[n++] = *s++;
			name[n] = '\0';
			if (n == 0)
				return false;
			while (*s && *s != '>') {
				if (*s == '<')
					return false;
				if (*s == '"') {
					const char *end = strchr(s + 1, '"');

					if (!end || memchr(s + 1, '<', (size_t)(end - s - 1)))
						return false;
					s = end;
				}
				s++;
			}
			if (!*s)
				return false;
			if (closing) {
				if (depth == 0 || strcmp(stack[--depth], name) != 0)
					return false;
			} else if (s[-1] != '/') {
				if (depth == 64)
					return false;
				strcpy(stack[depth++], name);
			}
			s++;
		} else {
			s++;
		}
	}
	return depth == 0;
}

static bool no_bad_numbers(const char *s)
{
	return !strstr(s, "nan") && !strstr(s, "inf") && !strstr(s, "NaN") && !strstr(s, "-0.0\"");
}

static void test_scale(void)
{
	struct chart_scale s;

	chart_nice_scale(0, 87, 5, &s);
	CHECK(s.lo == 0 && s.hi == 100 && s.step == 20 && s.ticks == 5 && s.decimals == 0,
	      "0..87 in five steps: 0 to 100 by 20");
	chart_nice_scale(0, 4.25, 5, &s);
	CHECK(s.lo == 0 && s.hi == 5 && s.step == 1 && s.ticks == 5, "ratings up to 4.25: 0 to 5 by 1");
	chart_nice_scale(0, 7200, 5, &s);
	CHECK(s.hi == 8000 && s.step == 2000 && s.ticks == 4, "up to 7200 s: 0 to 8000 by 2000");
	chart_nice_scale(0, 100, 5, &s);
	CHECK(s.hi == 100 && s.step == 20 && s.ticks == 5, "exactly 100 stays 100, not 200");
	chart_nice_scale(-20, 35, 5, &s);
	CHECK(s.lo == -20 && s.hi == 40 && s.step == 20 && s.ticks == 3, "NPS -20..35: -20 to 40 by 20");
	chart_nice_scale(0, 0.3, 3, &s);
	CHECK(s.ticks == 3 && fabs(s.step - 0.1) < 1e-12 && s.decimals == 1,
	      "0..0.3 in three steps of 0.1, one decimal (no fourth step from rounding)");
	chart_nice_scale(3, 3, 5, &s);
	CHECK(s.lo == 0 && s.hi == 3 && s.step == 1, "all values 3: 0 to 3 by 1");
	chart_nice_scale(0, 0, 5, &s);
	CHECK(s.lo == 0 && s.hi == 1 && s.ticks == 5 && s.decimals == 1,
	      "all values 0: 0 to 1 by 0.2, never an empty range");
	chart_nice_scale(0, 0.05, 5, &s);
	CHECK(s.decimals == 2 && fabs(s.step - 0.01) < 1e-12, "steps of 0.01 get two decimals");
}

static void test_escaping(void)
{
	const char *labels[2] = {"A&B", "<w2>"};
	struct figure v[2] = {K(1), K(2)};
	struct chart_series series[2] = {{"\"new\" <cases>", v}, {"it's", v}};
	struct chart c = {"Refunds <b> & \"co\"", labels, 2, series, 2, 360, 200, NULL, NULL, 0, 0};
	struct buf b = {0};

	CHECK(chart_svg(&b, &c) == 0, "a chart with awkward text draws");
	CHECK(strstr(b.p, "<title>Refunds &lt;b&gt; &amp; &quot;co&quot;</title>") != NULL,
	      "the title is escaped in <title>");
	CHECK(strstr(b.p, "aria-label=\"Refunds &lt;b&gt; &amp; &quot;co&quot;\"") != NULL,
	      "and in the aria-label attribute");
	CHECK(strstr(b.p, ">A&amp;B<") && strstr(b.p, ">&lt;w2&gt;<"), "x labels are escaped");
	CHECK(strstr(b.p, ">&quot;new&quot; &lt;cases&gt;<") && strstr(b.p, ">it&#39;s<"),
	      "legend names are escaped");
	CHECK(!strstr(b.p, "<b>") && !strstr(b.p, "<cases>") && !strstr(b.p, "<w2>"),
	      "no text becomes markup");
	CHECK(well_formed(b.p), "the output is well-formed");
	buf_free(&b);
}

static void test_empty(void)
{
	struct chart_series none = {"cases", NULL};
	const char *labels[3] = {"W1", "W2", "W3"};
	struct figure gaps[3] = {GAP, GAP, GAP};
	struct chart_series all_gaps = {"cases", gaps};
	struct chart c = {"Empty", NULL, 0, &none, 1, 360, 200, NULL, "暂无数据", 0, 0};
	struct buf b = {0};

	CHECK(chart_svg(&b, &c) == 0, "a chart with no points draws");
	CHECK(strstr(b.p, ">暂无数据</text>") != NULL, "and says there is no data");
	CHECK(!strstr(b.p, "<polyline") && !strstr(b.p, "<circle"), "with no line and no dot");
	CHECK(well_formed(b.p) && no_bad_numbers(b.p), "well-formed, no NaN");
	buf_free(&b);

	c = (struct chart){"Gaps only", labels, 3, &all_gaps, 1, 360, 200, NULL, NULL, 0, 0};
	CHECK(chart_svg(&b, &c) == 0 && strstr(b.p, ">\xe2\x80\x94</text>") != NULL,
	      "weeks without any value: the default dash");
	CHECK(strstr(b.p, ">W1<") && strstr(b.p, ">W3<"), "the weeks are still labelled");
	CHECK(!strstr(b.p, "<polyline") && !strstr(b.p, "<circle"), "and nothing is plotted");
	buf_free(&b);
}

static void test_shapes(void)
{
	const char *one_label[1] = {"11-02"};
	struct figure one[1] = {K(4.5)};
	struct chart_series s1 = {"CSAT", one};
	struct chart c = {"One week", one_label, 1, &s1, 1, 360, 200, "%", NULL, 0, 0};
	const char *labels[7] = {"1", "2", "3", "4", "5", "6", "7"};
	struct figure same[3] = {K(5), K(5), K(5)};
	struct figure holes[7] = {K(1), K(2), GAP, K(3), K(4), GAP, K(5)};
	struct chart_series s_same = {"same", same}, s_holes = {"holes", holes};
	struct buf b = {0};
	char want[64];

	CHECK(chart_svg(&b, &c) == 0, "one point draws");
	CHECK(count(b.p, "<circle") == 1 && !strstr(b.p, "<polyline"), "one point: one dot, no line");
	CHECK(strstr(b.p, ">5%</text>") != NULL, "tick labels carry the unit");
	CHECK(well_formed(b.p) && no_bad_numbers(b.p), "one point: well-formed, no NaN");
	buf_free(&b);

	c = (struct chart){"Flat", labels, 3, &s_same, 1, 360, 200, NULL, NULL, 0, 0};
	CHECK(chart_svg(&b, &c) == 0 && no_bad_numbers(b.p), "all-equal values: no division by zero");
	CHECK(count(b.p, "<polyline") == 1 && count(b.p, "<circle") == 3, "a flat line of three dots");
	{
		const char *cy = strstr(b.p, "<circle");
		char first[32] = "";

		sscanf(cy, "<circle cx=\"%*[0-9.]\" cy=\"%31[0-9.]\"", first);
		snprintf(want, sizeof want, "cy=\"%s\"", first);
		CHECK(first[0] && count(b.p, want) == 3, "all three dots at the same height");
	}
	buf_free(&b);

	c = (struct chart){"Holes", labels, 7, &s_holes, 1, 360, 200, NULL, NULL, 0, 0};
	CHECK(chart_svg(&b, &c) == 0, "a series with gaps draws");
	CHECK(count(b.p, "<polyline") == 2 && count(b.p, "<circle") == 5,
	      "gaps split the line: two lines, an isolated point as a dot");
	CHECK(well_formed(b.p), "gaps: well-formed");
	buf_free(&b);
}

/* A fixed axis (the CSAT chart: a percentage): 0..100 % whatever the
 * values, even all 0 (which alone would give 0..1, read "0.0%-1.0%"). */
static void test_fixed_axis(void)
{
	const char *labels[3] = {"a", "b", "c"};
	struct figure zeros[3] = {K(0), K(0), GAP}, some[3] = {K(50), K(100), K(120)};
	struct chart_series s0 = {"CSAT", zeros}, s1 = {"CSAT", some};
	struct chart c = {"CSAT", labels, 3, &s0, 1, 640, 260, "%", NULL, 0, 100};
	struct buf b = {0};

	CHECK(chart_svg(&b, &c) == 0 && strstr(b.p, ">0%</text>") && strstr(b.p, ">100%</text>") &&
	          !strstr(b.p, ">1.0%</text>") && !strstr(b.p, ".0%<"),
	      "all zero on a fixed axis: 0% .. 100%, no decimals");
	buf_free(&b);
	c.series = &s1;
	CHECK(chart_svg(&b, &c) == 0 && strstr(b.p, ">100%</text>") && !strstr(b.p, ">120%</text>") &&
	          !strstr(b.p, ">150%</text>") && no_bad_numbers(b.p) && well_formed(b.p),
	      "a value beyond the fixed axis stays inside it");
	buf_free(&b);
}

static void test_series_and_size(void)
{
	const char *labels[2] = {"a", "b"};
	struct figure v[2] = {K(1), K(2)};
	struct chart_series four[4] = {{"s1", v}, {"s2", v}, {"s3", v}, {"s4", v}};
	struct chart c = {"Three", labels, 2, four, 3, 360, 200, NULL, NULL, 0, 0};
	struct buf b = {0};

	CHECK(chart_svg(&b, &c) == 0, "three series draw");
	CHECK(count(b.p, "<polyline") == 3 && strstr(b.p, ">s1<") && strstr(b.p, ">s2<") &&
	          strstr(b.p, ">s3<"),
	      "three lines and a legend naming all three");
	CHECK(count(b.p, "stroke-dasharray") == 4, "the 2nd and 3rd series are dashed, line and legend");
	CHECK(strstr(b.p, "viewBox=\"0 0 360 200\"") && strstr(b.p, "width=\"100%\""),
	      "a viewBox and a relative width, so it scales on a phone");
	CHECK(strstr(b.p, "role=\"img\"") && strstr(b.p, "<title>Three</title>"),
	      "an image role and a <title> for screen readers");
	CHECK(!strstr(b.p, "style") && !strstr(b.p, "<script") && !strstr(b.p, "href"),
	      "no style attribute, script or outside reference (CSP default-src 'self')");
	buf_free(&b);

	c.nseries = 1;
	CHECK(chart_svg(&b, &c) == 0 && !strstr(b.p, ">s1<"), "one series: no legend");
	buf_free(&b);

	{
		struct chart_series wordy[3] = {{"first response within the limit", v},
		                                {"refund review within the limit", v},
		                                {"refund payout within the limit", v}};
		struct chart w = {"Wrapped", labels, 2, wordy, 3, 360, 240, NULL, NULL, 0, 0};

		/* Each name is about 22 + 31 x 6.6 = 227 units: one a row on 360,
		 * rows at y 38, 54, 70, and the plot starts at 36 + 3 x 16 = 84. */
		CHECK(chart_svg(&b, &w) == 0 && strstr(b.p, "<text x=\"30.0\" y=\"70.0\">refund payout") &&
		          strstr(b.p, "y1=\"84.0\" x2="),
		      "a legend too wide for the chart wraps and pushes the plot down");
		buf_free(&b);
	}

	c.nseries = 4;
	CHECK(chart_svg(&b, &c) == -1 && b.len == 0, "four series are refused, nothing written");
	c.nseries = 1;
	c.width = 100;
	CHECK(chart_svg(&b, &c) == -1 && b.len == 0, "a chart narrower than the minimum is refused");
}

/* 52 weekly labels on a phone-sized chart must not all be printed. */
static void test_crowded_labels(void)
{
	char names[52][16];
	const char *labels[52];
	struct figure v[52];
	struct chart_series s = {"cases", v};
	struct chart c = {"A year", labels, 52, &s, 1, 360, 200, NULL, NULL, 0, 0};
	struct buf b = {0};
	size_t shown = 0;
	char want[16];

	for (int i = 0; i < 52; i++) {
		snprintf(names[i], sizeof names[i], "W%02d", i + 1);
		labels[i] = names[i];
		v[i] = (struct figure){true, (i * 37) % 50};
	}
	CHECK(chart_svg(&b, &c) == 0, "a year of weeks draws");
	for (int i = 0; i < 52; i++) {
		snprintf(want, sizeof want, ">W%02d<", i + 1);
		shown += strstr(b.p, want) != NULL;
	}
	CHECK(shown > 3 && shown < 20, "52 labels on 360 units: thinned to a readable few");
	CHECK(strstr(b.p, ">W01<") != NULL, "the first week is labelled");
	CHECK(count(b.p, "<circle") == 52, "but every week is plotted");
	buf_free(&b);

	c.width = 1600;
	c.npoints = 4;
	CHECK(chart_svg(&b, &c) == 0 && strstr(b.p, ">W01<") && strstr(b.p, ">W02<") &&
	          strstr(b.p, ">W03<") && strstr(b.p, ">W04<"),
	      "four labels on a wide chart are all shown");
	buf_free(&b);
}

void tests_svgchart(void)
{
	test_scale();
	test_escaping();
	test_empty();
	test_shapes();
	test_fixed_axis();
	test_series_and_size();
	test_crowded_labels();
}
