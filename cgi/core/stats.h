/*
 * stats.h — the arithmetic of the staff dashboard and performance pages
 * (DESIGN.md §3 "Metrics", "Satisfaction surveys"): mean, median, p90,
 * standard deviation, rating distributions, CSAT, NPS, rates and the
 * weighted staff score, over integer inputs. Pure: no allocation, no I/O.
 * Every result is a struct figure, so "no data" is never mistaken for 0.
 *
 * The same figures come either from arrays of raw values or from what SQL
 * can aggregate over a million rows without sending them: COUNT, SUM and
 * SUM of squares (struct moments), and counts per bucket (struct histogram)
 * for the median and p90. Both routes give the same answers (tested).
 *
 * ---- Definitions: what each metric of §3 counts --------------------------
 * A period is [from 00:00, to+1 00:00) Asia/Shanghai, compared with UTC
 * DATETIME columns after conversion. "Final" states are those of orders.c:
 * completed, rejected, cancelled, closed. Splits (type, reason, channel,
 * staff) use the case's own columns; "staff" is the staff member of the
 * case's first staff event unless noted. Times are wall-clock seconds (what
 * the customer waits); SLA compliance is where the business calendar counts.
 *
 * first response time  cases submitted in the period (cases.created_at)
 *     whose first_response timer has stopped: stopped_at - started_at of
 *     case_timers 'first_response'. Cases still waiting are left out of
 *     mean/median/p90 (not counted as 0) and shown as a count beside them.
 * resolution time  cases completed in the period (the case_events row with
 *     to_state 'completed', its `at`): that time - cases.created_at (the
 *     first submission; revisions do not restart the clock).
 * mean  sum / n.  median  the middle value of the sorted values, the mean
 *     of the two middle ones when n is even.  p90  nearest rank: the value
 *     at rank ceil(90 n / 100) (1-based) of the sorted values, computed in
 *     integers, (p n + 99) / 100, so that p7 of 100 values is rank 7 and
 *     not the 8 a double 0.07 x 100 would give (p90: n = 10 -> rank 9,
 *     n = 11 -> rank 10, n = 1 -> rank 1).
 *     Standard deviation is the POPULATION one, sqrt(sum (x - mean)^2 / n),
 *     as MariaDB's STDDEV_POP (and STD, STDDEV): the spread of the answers
 *     we have, not an estimate for a larger population; 0 for one value.
 *     All of them are "no data" for n = 0.
 * resolution rate  cases whose current state is final and whose last event
 *     into it lies in the period: completed / all of them.
 * first-contact resolution rate (FCR)  cases completed in the period with
 *     revision = 1, no event leaving a final state (no reopen) and no
 *     complaint about the case / cases completed in the period.
 * complaint rate  complaints filed in the period / distinct customers with
 *     an order placed in the period (orders.placed_at).
 * satisfaction per question (attitude, speed, solved, overall: 1..5)
 *     answers submitted in the period: mean, population standard deviation
 *     and the count of each of 1..5 (shares = count / answers).
 * CSAT  per question, answers of 4 or 5 / all answers (1..5) of the period;
 *     the headline CSAT is that of the "overall" question.
 * NPS  recommend (0..10), answers in the period: % of 9-10 (promoters)
 *     minus % of 0-6 (detractors); -100..100, rounded only when shown.
 * survey response rate  invitations sent in the period that have been
 *     answered (at any time up to now) / invitations sent in the period.
 * SLA compliance per timer  case_timers rows of that timer whose due_at
 *     lies in the period and that are decided: stopped, or still running
 *     with due_at already past. Met = stopped_at <= due_at. Rate = met /
 *     decided. Running timers not yet due are left out.
 * refund amounts  refunds issued in the period (refunds.created_at): count,
 *     total and mean in fen, split by the case's type/reason/channel.
 * return rate  units returned / units sold: the denominator is SUM(qty) of
 *     order_items of orders placed in the period; the numerator SUM(qty)
 *     of case_items of return_refund cases on those items whose goods came
 *     back (a 'receive' event), at any time up to now. Exchanges excluded.
 * 90-day repurchase  distinct customers with a case completed in the
 *     period whose 90-day window (from their first completion in the
 *     period) has already ended: those who placed a new order in that
 *     window / all of them. Windows still open are left out of both sides,
 *     so recent periods show "no data" rather than a rate biased either way.
 * Every rate is numerator / denominator x 100 (a percentage), "no data"
 * when the denominator is 0.
 */
#ifndef AFTERCARE_STATS_H
#define AFTERCARE_STATS_H

#include <stdbool.h>
#include <stddef.h>

/* A number that may be unknown; a page shows "—" for !known. */
struct figure {
	bool known;
	double value;
};
#define FIGURE_NONE ((struct figure){false, 0.0})

/* ---- arrays of raw values ---- */
struct figure stats_mean(const long long *v, size_t n);
/* Population standard deviation, two passes (mean first). */
struct figure stats_stddev(const long long *v, size_t n);
/* Sort in place, ascending: the median and percentiles need sorted input. */
void stats_sort(long long *v, size_t n);
struct figure stats_median_sorted(const long long *sorted, size_t n);
/* Nearest-rank percentile, p in 1..100 (anything else: no data). */
struct figure stats_percentile_sorted(const long long *sorted, size_t n, int p);

/* What the dashboard shows for a time: sorts v in place. */
struct summary {
	size_t n;
	struct figure mean, median, p90, stddev;
};
void stats_summarise(long long *v, size_t n, struct summary *out);

/* ---- SQL aggregates: COUNT(x), SUM(x), SUM(x*x) ---- */
/* Sums are doubles (SQL SUM gives a DECIMAL); exact while below 2^53. */
struct moments {
	long long n;
	double sum;
	double sumsq;
};
void moments_add(struct moments *m, long long x);
struct figure moments_mean(const struct moments *m);
/* Population standard deviation; never negative (rounding is clamped). */
struct figure moments_stddev(const struct moments *m);

/* Counts per bucket, e.g. GROUP BY FLOOR(seconds / 60): bucket i holds the
 * values in [lo + i*width, lo + (i+1)*width). A value read from it is its
 * bucket's lower bound, so it is exact when width is 1 and otherwise the
 * floor of the exact answer to a multiple of width (floor keeps order, so
 * the k-th value of the buckets is the bucket of the k-th value). The
 * caller may count everything above the last bucket into it. */
struct histogram {
	const long long *counts;
	size_t nbuckets;
	long long lo;
	long long width; /* > 0 */
};
long long histogram_total(const struct histogram *h);
struct figure histogram_percentile(const struct histogram *h, int p);
struct figure histogram_median(const struct histogram *h);

/* ---- ratings ---- */
/* counts[i] = how many of v equal lo + i, for lo..hi; values outside are
 * not counted. Returns how many were counted. */
long long stats_count_scale(const long long *v, size_t n, long long lo, long long hi,
                            long long *counts);
/* counts[0..4] = answers 1..5: % of 4 and 5. */
struct figure stats_csat(const long long counts[5]);
/* counts[0..10] = answers 0..10: % of 9-10 minus % of 0-6. */
struct figure stats_nps(const long long counts[11]);
/* Mean and population standard deviation of a distribution: counts[i]
 * answers of value lo + i (what SQL gives as COUNT per rating). */
struct figure stats_scale_mean(const long long *counts, size_t nvalues, long long lo);
struct figure stats_scale_stddev(const long long *counts, size_t nvalues, long long lo);

/* ---- rates ---- */
/* num / den x 100; no data when den <= 0. */
struct figure stats_rate(long long num, long long den);

/* ---- weighted staff score ----
 * Each known figure is placed on 0..100 linearly from `worst` (0) to `best`
 * (100), clamped, so "lower is better" figures simply have worst > best
 * (first response: worst 8 h, best 0). The score is the weighted mean of
 * those points over the parts that are known and have a weight > 0: the
 * missing ones drop out and the others' weights are renormalised. No data
 * when no such part is left (a member with no cases). */
struct score_part {
	struct figure value;
	double worst;
	double best;
	int weight; /* the manager's setting, >= 0 */
};
struct figure score_points(const struct score_part *part);
struct figure stats_weighted_score(const struct score_part *parts, size_t n);

/* ---- display ---- */
/* Rounded half away from zero to `decimals` (0..6) places, no "-0":
 * "4.25", "12", "-3.5"; "—" (U+2014) when unknown. */
void figure_format(struct figure f, int decimals, char out[32]);
/* The same with a "%" after a known value: "85.7%", "—". */
void figure_format_percent(struct figure f, int decimals, char out[32]);

#endif
