/* test_stats.c — each dashboard figure over small data sets worked out by
 * hand (in the comments), the empty period, and the SQL-aggregate routes
 * (sums, histograms) against the array ones. */
#include <math.h>
#include <stdlib.h>

#include "stats.h"
#include "t.h"

void tests_stats(void);

static bool near(struct figure f, double want, double tol)
{
	return f.known && fabs(f.value - want) <= tol;
}

static const char *fmt(struct figure f, int decimals)
{
	static char out[32];

	figure_format(f, decimals, out);
	return out;
}

static const char *fmt_pct(struct figure f, int decimals)
{
	static char out[32];

	figure_format_percent(f, decimals, out);
	return out;
}

/* Ten first-response times in seconds. Sorted: 300 600 600 900 1200 1800
 * 2400 3600 7200 14400. Sum 33000, mean 3300. Median (1200 + 1800) / 2 =
 * 1500. p90: rank ceil(0.9 x 10) = 9 -> 7200. Squares sum to 284 220 000, so the
 * population variance is 28 422 000 - 3300^2 = 17 532 000, sd 4187.12
 * (the sample one would be sqrt(19 480 000) = 4413.61). */
static const long long times[10] = {600, 1200, 300, 3600, 900, 1800, 7200, 2400, 600, 14400};

static void test_times(void)
{
	long long v[10];
	struct summary s;

	memcpy(v, times, sizeof v);
	stats_summarise(v, 10, &s);
	CHECK(s.n == 10, "summary counts ten times");
	CHECK(near(s.mean, 3300, 1e-9), "mean of ten times is 3300 s");
	CHECK(near(s.median, 1500, 1e-9), "median of an even count is the mean of the two middle values");
	CHECK(near(s.p90, 7200, 0), "p90 of ten values is the 9th (nearest rank), not the 10th");
	CHECK(near(s.stddev, sqrt(17532000.0), 1e-6), "population sd: variance 17 532 000");
	CHECK_STR(fmt(s.stddev, 2), "4187.12", "population sd shown as 4187.12 (not 4413.61)");
	CHECK(v[0] == 300 && v[9] == 14400, "summarise sorts the caller's array in place");

	CHECK(near(stats_percentile_sorted(v, 10, 50), 1200, 0), "p50 nearest rank is the 5th of 10");
	CHECK(near(stats_percentile_sorted(v, 10, 100), 14400, 0), "p100 is the largest");
	CHECK(near(stats_percentile_sorted(v, 10, 1), 300, 0), "p1 is the smallest");
	CHECK(near(stats_percentile_sorted(v, 10, 91), 14400, 0), "p91 of ten: rank ceil(9.1) = 10");
	CHECK(!stats_percentile_sorted(v, 10, 0).known && !stats_percentile_sorted(v, 10, 101).known,
	      "a percentile outside 1..100 is no data");
}

static void test_small_counts(void)
{
	long long eleven[11] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
	long long one[1] = {42};
	long long odd[3] = {7, 1, 4};
	long long classic[8] = {2, 4, 4, 4, 5, 5, 7, 9};

	CHECK(near(stats_percentile_sorted(eleven, 11, 90), 10, 0), "p90 of eleven: rank ceil(9.9) = 10");
	CHECK(near(stats_median_sorted(eleven, 11), 6, 0), "median of eleven is the 6th");
	CHECK(near(stats_percentile_sorted(one, 1, 90), 42, 0), "p90 of one value is that value");
	{
		/* Ranks in integers: in doubles 7 / 100.0 x 100 and 70 x 0.01 x 10
		 * are both 7.000000000000001, whose ceiling is 8. */
		long long hundred[100];

		for (int i = 0; i < 100; i++)
			hundred[i] = i + 1;
		CHECK(near(stats_percentile_sorted(hundred, 100, 7), 7, 0), "p7 of 1..100 is 7, not 8");
		CHECK(near(stats_percentile_sorted(hundred, 10, 70), 7, 0), "p70 of 1..10 is 7, not 8");
		CHECK(near(stats_percentile_sorted(hundred, 100, 90), 90, 0), "p90 of 1..100 is 90");
	}
	CHECK(near(stats_median_sorted(one, 1), 42, 0), "median of one value is that value");
	CHECK(near(stats_stddev(one, 1), 0, 0), "sd of one value is 0 (population)");
	stats_sort(odd, 3);
	CHECK(near(stats_median_sorted(odd, 3), 4, 0), "median of 7 1 4 is 4");
	/* 2 4 4 4 5 5 7 9: mean 5, squared deviations 9 1 1 1 0 0 4 16 = 32,
	 * 32 / 8 = 4, sd 2 (sample: sqrt(32 / 7) = 2.14). */
	CHECK(near(stats_mean(classic, 8), 5, 1e-12), "mean of 2 4 4 4 5 5 7 9 is 5");
	CHECK(near(stats_stddev(classic, 8), 2, 1e-12), "population sd of 2 4 4 4 5 5 7 9 is 2");
}

/* Answers to one question: 5 5 4 3 1 4. Sum 22, mean 3.67; squares 92, so
 * variance 92/6 - (22/6)^2 = 17/9 and sd sqrt(17)/3 = 1.37. Distribution
 * 1:1 2:0 3:1 4:2 5:2; CSAT (4 and 5) 4 of 6 = 66.7 %. */
static void test_ratings(void)
{
	long long answers[6] = {5, 5, 4, 3, 1, 4};
	long long with_junk[8] = {5, 5, 4, 3, 1, 4, 0, 6};
	long long c[5], want[5] = {1, 0, 1, 2, 2};
	struct moments m = {0};

	CHECK(stats_count_scale(answers, 6, 1, 5, c) == 6 && memcmp(c, want, sizeof c) == 0,
	      "1-5 distribution of 5 5 4 3 1 4 is 1 0 1 2 2");
	CHECK(stats_count_scale(with_junk, 8, 1, 5, c) == 6 && memcmp(c, want, sizeof c) == 0,
	      "answers outside 1-5 are not counted");
	CHECK_STR(fmt(stats_mean(answers, 6), 2), "3.67", "rating mean 22/6 shown as 3.67");
	CHECK(near(stats_stddev(answers, 6), sqrt(17.0) / 3, 1e-12), "rating sd is sqrt(17)/3");
	CHECK_STR(fmt(stats_stddev(answers, 6), 2), "1.37", "rating sd shown as 1.37");
	CHECK(near(stats_scale_mean(c, 5, 1), 22.0 / 6, 1e-12), "mean from COUNT per rating matches");
	CHECK(near(stats_scale_stddev(c, 5, 1), sqrt(17.0) / 3, 1e-12), "sd from COUNT per rating matches");
	CHECK_STR(fmt_pct(stats_csat(c), 1), "66.7%", "CSAT: 4 of 6 answers are 4 or 5");
	/* The same question from SQL: COUNT 6, SUM 22, SUM of squares 92. */
	m = (struct moments){6, 22, 92};
	CHECK(near(moments_stddev(&m), sqrt(17.0) / 3, 1e-12), "sd from COUNT, SUM, SUM(x*x) matches");
}

/* Recommend answers 10 9 9 8 7 6 3 10 0 9: promoters (9-10) 5, passives 2,
 * detractors (0-6) 3, so NPS 50 % - 30 % = 20. */
static void test_nps(void)
{
	long long answers[10] = {10, 9, 9, 8, 7, 6, 3, 10, 0, 9};
	long long c[11];
	long long grumpy[11] = {0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0};
	long long passive[11] = {0, 0, 0, 0, 0, 0, 0, 3, 5, 0, 0};

	stats_count_scale(answers, 10, 0, 10, c);
	CHECK(near(stats_nps(c), 20, 1e-9), "NPS of the ten answers is 20");
	CHECK(near(stats_nps(grumpy), -100, 1e-9), "only detractors: NPS -100");
	CHECK(near(stats_nps(passive), 0, 1e-9) && stats_nps(passive).known,
	      "only passives: NPS 0, which is data");
	CHECK_STR(fmt(stats_nps(grumpy), 0), "-100", "NPS keeps its sign");
}

static void test_rates(void)
{
	char a[32], b[32];

	CHECK(near(stats_rate(3, 4), 75, 1e-12), "3 of 4 is 75 %");
	CHECK(near(stats_rate(0, 5), 0, 0), "0 of 5 is a real 0 %");
	CHECK(!stats_rate(0, 0).known, "0 of 0 is no data");
	figure_format_percent(stats_rate(0, 5), 1, a);
	figure_format_percent(stats_rate(0, 0), 1, b);
	CHECK_STR(a, "0.0%", "0 of 5 shows 0.0%");
	CHECK_STR(b, "\xe2\x80\x94", "0 of 0 shows a dash, without a % sign");
	CHECK_STR(fmt_pct(stats_rate(2, 3), 1), "66.7%", "2 of 3 shows 66.7%");
}

/* The weights 40 / 30 / 30 of first response, FCR and CSAT. First
 * response 3600 s on worst 8 h .. best 0: (3600 - 28800) / -28800 = 0.875,
 * 87.5 points. CSAT 80 % on 0..100: 80. FCR unknown, so its 30 drops out:
 * (87.5 x 40 + 80 x 30) / 70 = 5900 / 70 = 84.29. */
static void test_score(void)
{
	struct score_part parts[3] = {
	    {{true, 3600}, 28800, 0, 40},
	    {FIGURE_NONE, 0, 100, 30},
	    {{true, 80}, 0, 100, 30},
	};
	struct score_part none[2] = {{FIGURE_NONE, 0, 100, 50}, {FIGURE_NONE, 28800, 0, 50}};
	struct score_part unweighted[1] = {{{true, 90}, 0, 100, 0}};
	struct score_part beyond = {{true, 40000}, 28800, 0, 10};
	struct score_part better = {{true, 120}, 0, 100, 10};

	CHECK(near(score_points(&parts[0]), 87.5, 1e-9), "a time of 1 h on 8 h..0 scores 87.5");
	CHECK(near(stats_weighted_score(parts, 3), 5900.0 / 70, 1e-9),
	      "missing figure drops out, weights renormalised: 84.29");
	CHECK_STR(fmt(stats_weighted_score(parts, 3), 1), "84.3", "score shown as 84.3");
	CHECK(!stats_weighted_score(none, 2).known, "a member with no data scores no data, not 0");
	CHECK(!stats_weighted_score(unweighted, 1).known, "figures with weight 0 do not count");
	CHECK(near(score_points(&beyond), 0, 0), "worse than worst clamps to 0 points");
	CHECK(near(score_points(&better), 100, 0), "better than best clamps to 100 points");
}

static void test_empty_period(void)
{
	long long nothing[1] = {0};
	long long zero5[5] = {0}, zero11[11] = {0};
	struct summary s;
	struct moments m = {0};
	struct histogram h = {zero11, 11, 0, 60};

	stats_summarise(nothing, 0, &s);
	CHECK(s.n == 0 && !s.mean.known && !s.median.known && !s.p90.known && !s.stddev.known,
	      "empty period: mean, median, p90 and sd are no data");
	CHECK(!stats_csat(zero5).known && !stats_nps(zero11).known &&
	          !stats_scale_mean(zero5, 5, 1).known && !stats_scale_stddev(zero5, 5, 1).known,
	      "empty period: CSAT, NPS, rating mean and sd are no data");
	CHECK(!moments_mean(&m).known && !moments_stddev(&m).known,
	      "empty period from SQL sums: no data");
	CHECK(!histogram_percentile(&h, 90).known && !histogram_median(&h).known,
	      "empty histogram: no data");
	CHECK_STR(fmt(s.mean, 2), "\xe2\x80\x94", "no data shows a dash");
}

static void test_format(void)
{
	CHECK_STR(fmt((struct figure){true, 4.25}, 2), "4.25", "4.25 to 2 places");
	CHECK_STR(fmt((struct figure){true, 4.125}, 2), "4.13", "halves round away from zero");
	CHECK_STR(fmt((struct figure){true, -3.5}, 1), "-3.5", "negative with one place");
	CHECK_STR(fmt((struct figure){true, -2.5}, 0), "-3", "negative halves round away from zero");
	CHECK_STR(fmt((struct figure){true, -0.04}, 1), "0.0", "no minus sign on a zero");
	CHECK_STR(fmt((struct figure){true, 12}, 0), "12", "whole number, no decimals");
	CHECK_STR(fmt((struct figure){true, 0.05}, 2), "0.05", "leading zeros kept in the decimals");
	CHECK_STR(fmt((struct figure){true, NAN}, 2), "\xe2\x80\x94", "NaN is shown as no data");
}

/* The aggregate routes against the array ones: the ten times as SQL sums
 * (SUM(x*x) = 284 220 000 by hand) and per-minute buckets. */
static void test_aggregates(void)
{
	long long sorted[10];
	long long per_minute[241] = {0};
	struct moments m = {0}, sql = {10, 33000, 284220000};
	struct histogram h = {per_minute, 241, 0, 60};

	memcpy(sorted, times, sizeof sorted);
	stats_sort(sorted, 10);
	for (int i = 0; i < 10; i++) {
		moments_add(&m, times[i]);
		per_minute[times[i] / 60]++;
	}
	CHECK(m.sum == 33000 && m.sumsq == 284220000, "moments_add sums as SQL would");
	CHECK(near(moments_mean(&sql), 3300, 1e-9), "mean from COUNT and SUM");
	CHECK(near(moments_stddev(&sql), stats_stddev(times, 10).value, 1e-6),
	      "sd from sums equals the two-pass sd");
	CHECK(histogram_total(&h) == 10, "histogram holds ten times");
	CHECK(near(histogram_percentile(&h, 90), 7200, 0), "p90 from per-minute counts is 7200");
	CHECK(near(histogram_median(&h), 1500, 0), "median from per-minute counts is 1500");
}

/* A deterministic spread of 100 001 times (0..2 days, skewed), the values
 * drawn by a linear congruential generator: every percentile from buckets
 * of width 1 equals the array's, and from buckets of 60 s is the array's
 * floored to the minute. */
static void test_aggregates_large(void)
{
	enum { N = 100001, SPAN = 172800 };
	long long *v = calloc(N, sizeof *v);
	long long *exact = calloc(SPAN, sizeof *exact);
	long long minutes[SPAN / 60] = {0};
	struct histogram h1 = {exact, SPAN, 0, 1}, h60 = {minutes, SPAN / 60, 0, 60};
	struct moments m = {0};
	unsigned long long seed = 12345;
	bool same1 = true, same60 = true;

	if (!v || !exact) {
		CHECK(0, "allocate the large data set");
		free(v);
		free(exact);
		return;
	}
	for (int i = 0; i < N; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		/* Product of two uniforms: more short times than long ones. */
		unsigned long long a = (seed >> 33) % 416, b = (seed >> 13) % 416;
		v[i] = (long long)(a * b) % SPAN;
		exact[v[i]]++;
		minutes[v[i] / 60]++;
		moments_add(&m, v[i]);
	}
	stats_sort(v, N);
	for (int p = 1; p <= 100; p++) {
		double want = stats_percentile_sorted(v, N, p).value;

		if (histogram_percentile(&h1, p).value != want)
			same1 = false;
		if (histogram_percentile(&h60, p).value != floor(want / 60) * 60)
			same60 = false;
	}
	CHECK(same1, "p1..p100 from width-1 buckets equal the array's");
	CHECK(same60, "p1..p100 from minute buckets are the array's floored to the minute");
	CHECK(histogram_median(&h1).value == stats_median_sorted(v, N).value,
	      "median from buckets equals the array's");
	CHECK(fabs(moments_mean(&m).value - stats_mean(v, N).value) < 1e-6,
	      "mean from sums equals the array's over 100 001 values");
	CHECK(fabs(moments_stddev(&m).value - stats_stddev(v, N).value) < 1e-3,
	      "sd from sums equals the two-pass sd over 100 001 values");
	free(v);
	free(exact);
}

void tests_stats(void)
{
	test_times();
	test_small_counts();
	test_ratings();
	test_nps();
	test_rates();
	test_score();
	test_empty_period();
	test_format();
	test_aggregates();
	test_aggregates_large();
}
