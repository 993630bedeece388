/*
 * stats.c — the dashboard's arithmetic. Sums run in long double so that a
 * million times in seconds add up exactly; ranks are worked out in integers
 * so that p90 of ten values is the 9th and never the 10th by a rounding.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static struct figure known(double v)
{
	return (struct figure){true, v};
}

/* ------------------------------------------------------------------ arrays */

struct figure stats_mean(const long long *v, size_t n)
{
	long double sum = 0;

	if (n == 0)
		return FIGURE_NONE;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	return known((double)(sum / n));
}

struct figure stats_stddev(const long long *v, size_t n)
{
	long double sum = 0, mean, dev = 0;

	if (n == 0)
		return FIGURE_NONE;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	mean = sum / n;
	for (size_t i = 0; i < n; i++)
		dev += (v[i] - mean) * (v[i] - mean);
	return known((double)sqrtl(dev / n));
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

void stats_sort(long long *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_ll);
}

/* 1-based nearest rank of percentile p among n: ceil(p n / 100). */
static long long nearest_rank(long long n, int p)
{
	return ((long long)p * n + 99) / 100;
}

struct figure stats_percentile_sorted(const long long *sorted, size_t n, int p)
{
	if (n == 0 || p < 1 || p > 100)
		return FIGURE_NONE;
	return known((double)sorted[nearest_rank((long long)n, p) - 1]);
}

struct figure stats_median_sorted(const long long *sorted, size_t n)
{
	if (n == 0)
		return FIGURE_NONE;
	if (n % 2)
		return known((double)sorted[n / 2]);
	return known(((long double)sorted[n / 2 - 1] + sorted[n / 2]) / 2);
}

void stats_summarise(long long *v, size_t n, struct summary *out)
{
	stats_sort(v, n);
	out->n = n;
	out->mean = stats_mean(v, n);
	out->median = stats_median_sorted(v, n);
	out->p90 = stats_percentile_sorted(v, n, 90);
	out->stddev = stats_stddev(v, n);
}

/* -------------------------------------------------------------- aggregates */

void moments_add(struct moments *m, long long x)
{
	m->n++;
	m->sum += (double)x;
	m->sumsq += (double)x * (double)x;
}

struct figure moments_mean(const struct moments *m)
{
	if (m->n <= 0)
		return FIGURE_NONE;
	return known(m->sum / (double)m->n);
}

struct figure moments_stddev(const struct moments *m)
{
	long double n = m->n, mean, var;

	if (m->n <= 0)
		return FIGURE_NONE;
	mean = m->sum / n;
	var = m->sumsq / n - mean * mean;
	return known(var > 0 ? (double)sqrtl(var) : 0.0);
}

long long histogram_total(const struct histogram *h)
{
	long long total = 0;

	for (size_t i = 0; i < h->nbuckets; i++)
		total += h->counts[i] > 0 ? h->counts[i] : 0;
	return total;
}

/* The lower bound of the bucket holding the rank-th value (1-based). */
static long long histogram_at(const struct histogram *h, long long rank)
{
	long long seen = 0;
	size_t i;

	for (i = 0; i < h->nbuckets; i++) {
		seen += h->counts[i] > 0 ? h->counts[i] : 0;
		if (seen >= rank)
			break;
	}
	return h->lo + (long long)i * h->width;
}

struct figure histogram_percentile(const struct histogram *h, int p)
{
	long long total = histogram_total(h);

	if (total == 0 || p < 1 || p > 100 || h->width <= 0)
		return FIGURE_NONE;
	return known((double)histogram_at(h, nearest_rank(total, p)));
}

struct figure histogram_median(const struct histogram *h)
{
	long long total = histogram_total(h);

	if (total == 0 || h->width <= 0)
		return FIGURE_NONE;
	if (total % 2)
		return known((double)histogram_at(h, total / 2 + 1));
	return known(((long double)histogram_at(h, total / 2) +
	              histogram_at(h, total / 2 + 1)) / 2);
}

/* ----------------------------------------------------------------- ratings */

long long stats_count_scale(const long long *v, size_t n, long long lo, long long hi,
                            long long *counts)
{
	long long counted = 0;

	for (long long k = lo; k <= hi; k++)
		counts[k - lo] = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] >= lo && v[i] <= hi) {
			counts[v[i] - lo]++;
			counted++;
		}
	}
	return counted;
}

static long long sum_counts(const long long *counts, size_t from, size_t to)
{
	long long s = 0;

	for (size_t i = from; i <= to; i++)
		s += counts[i];
	return s;
}

struct figure stats_csat(const long long counts[5])
{
	return stats_rate(counts[3] + counts[4], sum_counts(counts, 0, 4));
}

struct figure stats_nps(const long long counts[11])
{
	long long all = sum_counts(counts, 0, 10);

	if (all <= 0)
		return FIGURE_NONE;
	return known(100.0 * (double)(sum_counts(counts, 9, 10) - sum_counts(counts, 0, 6)) /
	             (double)all);
}

struct figure stats_scale_mean(const long long *counts, size_t nvalues, long long lo)
{
	long long n = 0;
	long double sum = 0;

	for (size_t i = 0; i < nvalues; i++) {
		n += counts[i];
		sum += (long double)counts[i] * (lo + (long long)i);
	}
	if (n <= 0)
		return FIGURE_NONE;
	return known((double)(sum / n));
}

struct figure stats_scale_stddev(const long long *counts, size_t nvalues, long long lo)
{
	struct figure mean = stats_scale_mean(counts, nvalues, lo);
	long long n = 0;
	long double dev = 0;

	if (!mean.known)
		return FIGURE_NONE;
	for (size_t i = 0; i < nvalues; i++) {
		long double d = (long double)(lo + (long long)i) - mean.value;

		n += counts[i];
		dev += counts[i] * d * d;
	}
	return known((double)sqrtl(dev / n));
}

/* ------------------------------------------------------------------- rates */

struct figure stats_rate(long long num, long long den)
{
	if (den <= 0)
		return FIGURE_NONE;
	return known(100.0 * (double)num / (double)den);
}

/* ------------------------------------------------------------------- score */

struct figure score_points(const struct score_part *part)
{
	double t;

	if (!part->value.known || part->worst == part->best)
		return FIGURE_NONE;
	t = (part->value.value - part->worst) / (part->best - part->worst);
	if (t < 0)
		t = 0;
	if (t > 1)
		t = 1;
	return known(100.0 * t);
}

struct figure stats_weighted_score(const struct score_part *parts, size_t n)
{
	double sum = 0;
	long long weights = 0;

	for (size_t i = 0; i < n; i++) {
		struct figure pts = score_points(&parts[i]);

		if (!pts.known || parts[i].weight <= 0)
			continue;
		sum += pts.value * parts[i].weight;
		weights += parts[i].weight;
	}
	if (weights == 0)
		return FIGURE_NONE;
	return known(sum / (double)weights);
}

/* ----------------------------------------------------------------- display */

void figure_format(struct figure f, int decimals, char out[32])
{
	static const double scale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
	double r;
	unsigned long long mag, unit;
	bool neg;

	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	r = f.known ? round(f.value * scale[decimals]) : 0;
	if (!f.known || !isfinite(r) || fabs(r) >= 9e18) {
		strcpy(out, "\xe2\x80\x94"); /* — */
		return;
	}
	neg = r < 0;
	mag = (unsigned long long)fabs(r);
	unit = (unsigned long long)scale[decimals];
	if (decimals == 0)
		snprintf(out, 32, "%s%llu", neg && mag ? "-" : "", mag);
	else
		snprintf(out, 32, "%s%llu.%0*llu", neg && mag ? "-" : "", mag / unit, decimals,
		         mag % unit);
}

void figure_format_percent(struct figure f, int decimals, char out[32])
{
	figure_format(f, decimals, out);
	if (f.known && strcmp(out, "\xe2\x80\x94") != 0)
		strcat(out, "%");
}
