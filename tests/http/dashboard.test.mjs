// dashboard.test.mjs — the manager's dashboard and staff performance pages
// over real HTTP. A small history is written with SQL into March 2024, far
// from the "now" every other suite works in; every figure the pages show is
// worked out here from those raw rows, following the definitions at the
// top of cgi/core/stats.h (and the two documented in cgi/domain/dashboard_refresh.c: medians
// and p90 of times are rounded down to two significant figures of a
// minute; repurchase counts a customer once per day of completion), and
// compared with the data-value of the figure's element. Also: an empty
// period, the split tables, access, bad periods, score weights.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Client, assertErrorPage, assertRedirect, fieldErrors, inputValue, q, sql, staffAs, uniquePhone } from './lib.mjs';

// ------------------------------------------------------------- the data

const H = 3600;
const D = 86400;
/** UTC seconds of a local (Asia/Shanghai) time "2024-03-04 10:00". */
function local(s) {
  return Date.parse(s.replace(' ', 'T') + ':00+08:00') / 1000;
}
const dbTime = (t) => new Date(t * 1000).toISOString().slice(0, 19).replace('T', ' ');
const NOW = Date.now() / 1000;

// Who: filled in before(): staff ids by role.
const staff = {};
const tag = Date.now().toString(36).toUpperCase().slice(-6);

// Customer A has cases 1-6, B 7-11; C only orders. Every order has one
// item of qty 2 (C's: qty 3), placed 2024-03-02. frt: seconds to the first
// staff event (null: still waiting); res: seconds from submission to
// completion; end: a final state other than completed and when.
const CASES = [
  { cust: 'A', type: 'return_refund', reason: 'quality_defect', channel: 'online', by: 'agent', at: '2024-03-04 10:00', frt: 300, res: 2 * D + 100, refund: 12950, receive: true, answer: [5, 4, 5, 5, 10], review: true },
  { cust: 'A', type: 'return_refund', reason: 'not_as_described', channel: 'phone', by: 'agent', at: '2024-03-04 11:00', frt: 4000, res: 3 * D + 7200, refund: 30000, complaint: true, answer: [3, 2, 3, 3, 6], review: true },
  { cust: 'A', type: 'exchange', reason: 'quality_defect', channel: 'online', by: 'agent', at: '2024-03-05 09:30', frt: 7260, res: D + 3000, revision: 2, answer: [4, 4, 4, 4, 8] },
  { cust: 'A', type: 'refund_only', reason: 'other', channel: 'chat', by: 'tech', at: '2024-03-06 14:00', frt: 59, res: 5 * H, refund: 5000, answer: [2, 3, 2, 2, 0], review: true },
  { cust: 'A', type: 'repair', reason: 'quality_defect', channel: 'email', by: 'tech', at: '2024-03-07 08:00', frt: 12345 },
  { cust: 'A', type: 'repair', reason: 'other', channel: 'online', by: null, at: '2024-03-11 10:00', frt: null },
  { cust: 'B', type: 'exchange', reason: 'wrong_item', channel: 'online', by: 'agent', at: '2024-03-12 10:00', frt: 900, end: 'rejected' },
  { cust: 'B', type: 'return_refund', reason: 'no_reason', channel: 'phone', by: 'tech', at: '2024-03-13 10:00', frt: 1800, res: 4 * D, refund: 8800, receive: true, invitedOnly: true, payout: true },
  { cust: 'B', type: 'refund_only', reason: 'not_as_described', channel: 'online', by: 'agent', at: '2024-03-18 10:00', frt: 600, res: D + 3 * H, answer: [5, 5, 5, 4, 9] },
  { cust: 'B', type: 'return_refund', reason: 'quality_defect', channel: 'online', by: 'tech', at: '2024-03-19 10:00', frt: 45000, end: 'cancelled' },
  { cust: 'B', type: 'exchange', reason: 'damaged_in_transit', channel: 'email', by: 'agent', at: '2024-03-20 10:00', frt: 2400, res: 2 * D, answer: [1, 1, 1, 1, 3] },
].map((c, i) => {
  const created = local(c.at);
  const done = c.res ? created + c.res : null;
  const first = c.frt === null ? null : created + c.frt;
  const timers = [{ timer: 'first_response', started: created, due: created + 2 * H, stopped: first }];
  if (c.review) timers.push({ timer: 'review', started: created, due: created + 3 * D, stopped: first });
  if (c.payout) timers.push({ timer: 'payout', started: first, due: first + 5 * D, stopped: first + 6 * D });
  const finalAt = done || (c.end ? first + 60 : null);
  return {
    ...c, i, no: `DT${tag}${String(i).padStart(2, '0')}`, created, done, first, timers, finalAt,
    state: done ? 'completed' : c.end || (first ? 'approved' : 'submitted'),
    revision: c.revision || 1,
    invited: done, answered: c.answer ? done + H : null,
  };
});
const PLACED = local('2024-03-02 12:00');
const REBUY = local('2024-04-20 12:00'); // A orders again (outside March)
const GENERAL_COMPLAINT = local('2024-03-15 10:00'); // B, about no case
const COMPLAINT_AT = local('2024-03-08 10:00'); // A, about case 2
const QTY = 2;
const QTY_C = 3;

// ------------------------------------------------- the expected figures

const bucketSecs = (x) => {
  const m = Math.floor(Math.max(x, 0) / 60);
  const b = m < 100 ? m : m < 1000 ? Math.floor(m / 10) * 10 : m < 10000 ? Math.floor(m / 100) * 100
    : m < 100000 ? Math.floor(m / 1000) * 1000 : Math.floor(m / 10000) * 10000;
  return b * 60;
};
const mean = (v) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);
const sd = (v) => {
  if (!v.length) return null;
  const m = mean(v);
  return Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / v.length);
};
/** Median and nearest-rank p90 of the values' buckets (stats.h). */
function median(v) {
  if (!v.length) return null;
  const s = v.map(bucketSecs).sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
function p90(v) {
  if (!v.length) return null;
  const s = v.map(bucketSecs).sort((a, b) => a - b);
  return s[Math.floor((90 * s.length + 99) / 100) - 1];
}
const rate = (num, den) => (den > 0 ? (num / den) * 100 : null);

/** Every figure of the pages for the cases `sel` picks, in [from, to]. */
function expected(from, to, sel = () => true, overall = true) {
  const t0 = local(`${from} 00:00`);
  const t1 = local(`${to} 00:00`) + D;
  const inP = (t) => t !== null && t !== undefined && t >= t0 && t < t1;
  const cs = CASES.filter(sel);
  const created = cs.filter((c) => inP(c.created));
  const frt = created.filter((c) => c.first !== null).map((c) => c.frt);
  const done = cs.filter((c) => inP(c.done));
  const res = done.map((c) => c.done - c.created);
  const solved24 = res.filter((x) => x <= D).length;
  const fcr = done.filter((c) => c.revision === 1 && !c.complaint);
  const final = cs.filter((c) => inP(c.finalAt));
  const answered = cs.filter((c) => inP(c.answered));
  const invited = cs.filter((c) => inP(c.invited));
  const refunds = cs.filter((c) => c.refund && inP(c.done)).map((c) => c.refund);
  const complaints = cs.filter((c) => c.complaint && inP(COMPLAINT_AT)).length +
    (overall && inP(GENERAL_COMPLAINT) ? 1 : 0);
  const f = {
    cases: created.length,
    frt_n: frt.length, frt_mean: mean(frt), frt_median: median(frt), frt_p90: p90(frt),
    frt_waiting: created.filter((c) => c.first === null).length,
    res_n: res.length, res_mean: mean(res), res_median: median(res), res_p90: p90(res),
    resolution_rate: rate(final.filter((c) => c.state === 'completed').length, final.length),
    fcr_rate: rate(fcr.length, done.length),
    solved_24h: rate(solved24, done.length),
    complaints,
    response_rate: rate(invited.filter((c) => c.answered).length, invited.length),
    refund_n: refunds.length,
    refund_total: refunds.reduce((a, b) => a + b, 0) / 100,
    refund_mean: refunds.length ? mean(refunds) / 100 : null,
  };
  ['attitude', 'speed', 'resolution', 'overall'].forEach((k, qi) => {
    const v = answered.map((c) => c.answer[qi]);
    f[`q_${k}_mean`] = mean(v);
    f[`q_${k}_sd`] = sd(v);
    for (let s = 1; s <= 5; s++) f[`q_${k}_d${s}`] = rate(v.filter((x) => x === s).length, v.length);
    f[`q_${k}_csat`] = rate(v.filter((x) => x >= 4).length, v.length);
  });
  f.csat = f.q_overall_csat;
  f.answers = answered.length;
  const rec = answered.map((c) => c.answer[4]);
  f.nps = rec.length ? rate(rec.filter((x) => x >= 9).length, rec.length) - rate(rec.filter((x) => x <= 6).length, rec.length) : null;
  let met = 0;
  let decided = 0;
  for (const name of ['first_response', 'review', 'payout', 'handling', 'followup', 'arrival']) {
    const ts = cs.flatMap((c) => c.timers).filter((t) => t.timer === name && inP(t.due) && (t.stopped !== null || t.due <= NOW));
    const m = ts.filter((t) => t.stopped !== null && t.stopped <= t.due).length;
    f[`sla_${name}`] = rate(m, ts.length);
    met += m;
    decided += ts.length;
  }
  f.sla_all = rate(met, decided);
  if (overall) {
    // orders placed in the period: every case's, and C's
    const placedIn = inP(PLACED);
    const sold = placedIn ? CASES.length * QTY + QTY_C : 0;
    const back = placedIn ? CASES.filter((c) => c.type === 'return_refund' && c.receive).length : 0;
    f.return_rate = rate(back, sold);
    f.complaint_rate = rate(complaints, placedIn ? 3 : 0);
    // per day of completion, each customer once, from their first completion that day
    const firsts = new Map();
    for (const c of done) {
      const key = `${new Date((c.done + 8 * H) * 1000).toISOString().slice(0, 10)}/${c.cust}`;
      if (!firsts.has(key) || firsts.get(key).t > c.done) firsts.set(key, { t: c.done, cust: c.cust });
    }
    const ended = [...firsts.values()].filter((x) => x.t + 90 * D <= NOW);
    f.repurchase = rate(ended.filter((x) => x.cust === 'A' && REBUY > x.t && REBUY <= x.t + 90 * D).length, ended.length);
  }
  return f;
}

// ---------------------------------------------------------- reading pages

/** id -> data-value of every figure element of a page ("" no data). */
function figures(html) {
  const out = {};
  for (const m of html.matchAll(/id="f-([^"]+)" data-value="([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}

function assertFigure(got, want, what) {
  if (want === null || want === undefined) {
    assert.equal(got, '', `${what}: no data (—), got ${got}`);
    return;
  }
  assert.notEqual(got, undefined, `${what}: on the page`);
  assert.notEqual(got, '', `${what}: expected ${want}, shown as no data`);
  const g = Number(got);
  assert.ok(Math.abs(g - want) <= 1e-6 * Math.max(1, Math.abs(want)), `${what}: expected ${want}, got ${got}`);
}

/** The rows (data-key) of a table of the page. */
function tableKeys(html, id) {
  const m = new RegExp(`<table class="list figures" id="${id}">([\\s\\S]*?)</table>`).exec(html);
  assert.ok(m, `the page has the table ${id}`);
  return [...m[1].matchAll(/<tr data-key="([^"]*)"/g)].map((x) => x[1]);
}

// -------------------------------------------------------------- set-up

function insertHistory() {
  let s = '';
  const custs = { A: uniquePhone(), B: uniquePhone(), C: uniquePhone() };
  for (const [k, phone] of Object.entries(custs)) {
    s += `INSERT INTO customers (phone, name, created_at) VALUES (${q(phone)}, ${q('看板' + k)}, '2024-01-01');
          SET @cust${k} = LAST_INSERT_ID();`;
  }
  s += `INSERT INTO orders (order_no, customer_id, placed_at, delivered_at, payment_method, updated_at)
        VALUES (${q(`SO${tag}C`)}, @custC, ${q(dbTime(PLACED))}, NULL, 'alipay', ${q(dbTime(PLACED))});
        INSERT INTO order_items (order_id, sku, name, category, qty, unit_price_fen, paid_fen)
        VALUES (LAST_INSERT_ID(), 'DT-C', 'x', 'electronics', ${QTY_C}, 100, ${QTY_C * 100});
        INSERT INTO orders (order_no, customer_id, placed_at, delivered_at, payment_method, updated_at)
        VALUES (${q(`SO${tag}R`)}, @custA, ${q(dbTime(REBUY))}, NULL, 'alipay', ${q(dbTime(REBUY))});
        INSERT INTO order_items (order_id, sku, name, category, qty, unit_price_fen, paid_fen)
        VALUES (LAST_INSERT_ID(), 'DT-R', 'x', 'electronics', 1, 100, 100);`;
  for (const c of CASES) {
    const ev = (at, kind, actor, action, from, to) =>
      `INSERT INTO case_events (case_id, at, actor_kind, actor_id, action, from_state, to_state)
       VALUES (@case, ${q(dbTime(at))}, ${q(kind)}, ${actor}, ${q(action)}, ${from ? q(from) : 'NULL'}, ${q(to)});`;
    const sid = c.by ? staff[c.by] : 'NULL';
    s += `INSERT INTO orders (order_no, customer_id, placed_at, delivered_at, payment_method, updated_at)
          VALUES (${q(`SO${c.no}`)}, @cust${c.cust}, ${q(dbTime(PLACED))}, NULL, 'alipay', ${q(dbTime(PLACED))});
          SET @order = LAST_INSERT_ID();
          INSERT INTO order_items (order_id, sku, name, category, qty, unit_price_fen, paid_fen)
          VALUES (@order, 'DT', 'x', 'electronics', ${QTY}, 100, ${QTY * 100});
          SET @item = LAST_INSERT_ID();
          INSERT INTO cases (case_no, customer_id, order_id, type, reason, description, state, revision, channel, nonce, created_at, updated_at)
          VALUES (${q(c.no)}, @cust${c.cust}, @order, ${q(c.type)}, ${q(c.reason)}, 'dashboard test', ${q(c.state)}, ${c.revision},
                  ${q(c.channel)}, ${q(c.no)}, ${q(dbTime(c.created))}, ${q(dbTime(c.created))});
          SET @case = LAST_INSERT_ID();
          INSERT INTO case_items (case_id, order_item_id, qty) VALUES (@case, @item, 1);`;
    s += ev(c.created, 'c', `@cust${c.cust}`, 'submit', null, 'submitted');
    if (c.first !== null) {
      s += c.end === 'rejected'
        ? ev(c.first, 's', sid, 'reject', 'submitted', 'rejected')
        : ev(c.first, 's', sid, 'approve', 'submitted', 'approved');
    }
    if (c.receive) s += ev(c.first + 60, 's', sid, 'receive', 'approved', 'received');
    if (c.end === 'cancelled') s += ev(c.first + 60, 'c', `@cust${c.cust}`, 'cancel', 'approved', 'cancelled');
    if (c.done) {
      s += ev(c.done, 's', sid, 'complete', c.receive ? 'received' : 'approved', 'completed');
      // a message on the completed case is no second completion
      s += ev(c.done + 60, 's', sid, 'message', 'completed', 'completed');
    }
    for (const t of c.timers) {
      s += `INSERT INTO case_timers (case_id, timer, started_at, due_at, stopped_at)
            VALUES (@case, ${q(t.timer)}, ${q(dbTime(t.started))}, ${q(dbTime(t.due))}, ${t.stopped === null ? 'NULL' : q(dbTime(t.stopped))});`;
    }
    if (c.refund) {
      s += `INSERT INTO refunds (case_id, amount_fen, reference, staff_id, created_at)
            VALUES (@case, ${c.refund}, 'DT', ${sid}, ${q(dbTime(c.done))});`;
    }
    if (c.invited) {
      const a = c.answer;
      s += `INSERT INTO surveys (case_id, invited_at, expires_at, answered_at, attitude, speed, resolution, overall, recommend)
            VALUES (@case, ${q(dbTime(c.invited))}, ${q(dbTime(c.invited + 30 * D))}, ${a ? q(dbTime(c.answered)) : 'NULL'},
                    ${a ? a.slice(0, 5).join(', ') : 'NULL, NULL, NULL, NULL, NULL'});`;
    }
    if (c.complaint) {
      s += `INSERT INTO complaints (customer_id, case_id, subject, body, created_at, due_at)
            VALUES (@cust${c.cust}, @case, 'DT', 'x', ${q(dbTime(COMPLAINT_AT))}, ${q(dbTime(COMPLAINT_AT + D))});`;
    }
  }
  s += `INSERT INTO complaints (customer_id, case_id, subject, body, created_at, due_at)
        VALUES (@custB, NULL, 'DT', 'x', ${q(dbTime(GENERAL_COMPLAINT))}, ${q(dbTime(GENERAL_COMPLAINT + D))});`;
  sql(s);
  return custs;
}

let custs;
let weightsBefore;
let targetsBefore;

before(async () => {
  for (const [id, email] of sql(`SELECT id, email FROM staff WHERE email LIKE '%@demo.local'`)) staff[email.split('@')[0]] = id;
  weightsBefore = Object.fromEntries(sql(`SELECT name, value FROM settings WHERE name LIKE 'score\\_weight\\_%'`));
  targetsBefore = Object.fromEntries(sql(`SELECT name, value FROM settings WHERE name LIKE 'target\\_%'`));
  custs = insertHistory();
});

// The queue and other suites never see this history: it leaves with the suite.
after(() => {
  const ids = `SELECT id FROM customers WHERE phone IN (${Object.values(custs).map(q).join(', ')})`;
  const cases = `SELECT id FROM cases WHERE customer_id IN (${ids})`;
  sql(`DELETE FROM complaints WHERE customer_id IN (${ids});
       DELETE FROM surveys WHERE case_id IN (${cases});
       DELETE FROM refunds WHERE case_id IN (${cases});
       DELETE FROM case_timers WHERE case_id IN (${cases});
       DELETE FROM case_events WHERE case_id IN (${cases});
       DELETE FROM case_items WHERE case_id IN (${cases});
       DELETE FROM cases WHERE customer_id IN (${ids});
       DELETE FROM order_items WHERE order_id IN (SELECT id FROM orders WHERE customer_id IN (${ids}));
       DELETE FROM orders WHERE customer_id IN (${ids});
       DELETE FROM customers WHERE id IN (SELECT id FROM (${ids}) x);`);
  sql(Object.entries({ ...weightsBefore, ...targetsBefore }).map(([k, v]) => `UPDATE settings SET value = ${q(v)} WHERE name = ${q(k)};`).join(''));
});

// ---------------------------------------------------------------- tests

test('every overall figure of March 2024 is the one worked out from the raw rows', async () => {
  const m = await staffAs('manager');
  const res = await m.get('/staff/dashboard?from=2024-03-01&to=2024-03-31');
  assert.equal(res.status, 200);
  const want = expected('2024-03-01', '2024-03-31');
  // the data set reaches every kind of figure
  for (const k of ['frt_p90', 'res_median', 'q_overall_sd', 'nps', 'sla_first_response', 'sla_review', 'sla_payout', 'refund_mean', 'return_rate', 'repurchase', 'complaint_rate']) {
    assert.notEqual(want[k], null, `the test data gives ${k}`);
  }
  const figs = figures(res.text);
  const shown = Object.keys(want).filter((k) => k in figs);
  assert.equal(shown.length, Object.keys(want).length, `every expected figure is on the page: missing ${Object.keys(want).filter((k) => !(k in figs))}`);
  for (const k of shown) assertFigure(figs[k], want[k], `overall ${k}`);
  // spot checks of the arithmetic, so a wrong expectation cannot pass twice
  assert.equal(want.frt_waiting, 1);
  assert.equal(want.frt_n, 10);
  assert.ok(Math.abs(want.q_overall_sd - Math.sqrt(((5 - 19 / 6) ** 2 + (3 - 19 / 6) ** 2 + (4 - 19 / 6) ** 2 + (2 - 19 / 6) ** 2 + (4 - 19 / 6) ** 2 + (1 - 19 / 6) ** 2) / 6)) < 1e-12);
  assert.equal(want.frt_p90, bucketSecs(12345)); // rank 9 of 10
  assert.equal(figs.sla_followup, '', 'a time limit the period never had is no data, not 0');
  // the visible text: a rate with its %, no data as —
  assert.match(res.text, /id="f-resolution_rate" data-value="[^"]+">77\.8%</);
  assert.match(res.text, /id="f-sla_followup" data-value="">—</);
  assert.doesNotMatch(res.text, /id="dash-empty"/);
});

test('a shorter period counts only what happened inside it', async () => {
  const m = await staffAs('manager');
  const res = await m.get('/staff/dashboard?from=2024-03-04&to=2024-03-07');
  const want = expected('2024-03-04', '2024-03-07');
  assert.notEqual(want.cases, expected('2024-03-01', '2024-03-31').cases);
  const figs = figures(res.text);
  for (const k of Object.keys(want)) if (k in figs) assertFigure(figs[k], want[k], `03-04..03-07 ${k}`);
});

test('split tables: by type, reason and channel, every cell from the rows of that group', async () => {
  const m = await staffAs('manager');
  const res = await m.get('/staff/dashboard?from=2024-03-01&to=2024-03-31');
  const figs = figures(res.text);
  for (const dim of ['type', 'reason', 'channel']) {
    const values = [...new Set(CASES.map((c) => c[dim]))];
    assert.deepEqual(tableKeys(res.text, `by-${dim}`).sort(), values.sort(), `${dim}: one row per value seen`);
    for (const v of values) {
      const want = expected('2024-03-01', '2024-03-31', (c) => c[dim] === v, false);
      let cells = 0;
      for (const [k, w] of Object.entries(want)) {
        if (!(`${v}:${k}` in figs)) continue;
        assertFigure(figs[`${v}:${k}`], w, `by ${dim} ${v} ${k}`);
        cells++;
      }
      assert.ok(cells >= 15, `by ${dim} ${v}: ${cells} cells checked`);
    }
  }
  // the tables scroll inside their card, the charts are inline SVG
  assert.match(res.text, /<div class="scroll"[^>]*>\s*<table class="list figures" id="by-reason">/);
  assert.equal((res.text.match(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox/g) || []).length, 3, 'three weekly charts');
  assert.doesNotMatch(res.text, /aftercaremarkup/, 'no chart placeholder is left');
  // the weeks of the chart start at the period's first day
  assert.match(res.text, /<text[^>]*>03-01<\/text>/);
});

test('an empty period says so plainly and shows no figure as 0', async () => {
  const m = await staffAs('manager');
  const res = await m.get('/staff/dashboard?from=2023-06-01&to=2023-06-30');
  assert.equal(res.status, 200);
  assert.match(res.text, /id="dash-empty"/);
  const figs = figures(res.text);
  assert.ok(Object.keys(figs).length > 40, 'the figures are still listed');
  for (const [k, v] of Object.entries(figs)) assert.equal(v, '', `${k} is no data`);
  assert.doesNotMatch(res.text, /data-value="0"/);
});

test('managers only: agents get 403, signed-out visitors go to the sign-in page', async () => {
  const agent = await staffAs('agent');
  for (const path of ['/staff/dashboard', '/staff/performance']) {
    assertErrorPage(await agent.get(path), 403, `agent ${path}`);
    assertRedirect(await new Client().get(path), /^\/staff\/login/, `signed out ${path}`);
  }
  await agent.get('/staff/queue');
  const res = await agent.postForm('/staff/performance/weights', {
    csrf: agent.csrf, weight_first_response: '1', weight_resolution: '1', weight_fcr: '1', weight_csat: '1',
  });
  assertErrorPage(res, 403, 'agent posts weights');
  assert.deepEqual(Object.fromEntries(sql(`SELECT name, value FROM settings WHERE name LIKE 'score\\_weight\\_%'`)), weightsBefore);
});

test('a bad period is a 400 page', async () => {
  const m = await staffAs('manager');
  for (const qs of ['from=2024-02-30&to=2024-03-01', 'from=2024-03-10&to=2024-03-01', 'from=2020-01-01&to=2024-03-01',
    'from=2024-3-1&to=2024-03-31', 'from=2024-03-01&to=2024-03-31x', 'to=tomorrow']) {
    assertErrorPage(await m.get(`/staff/dashboard?${qs}`), 400, qs);
    assertErrorPage(await m.get(`/staff/performance?${qs}`), 400, `performance ${qs}`);
  }
  // three years exactly is allowed
  assert.equal((await m.get('/staff/dashboard?from=2021-03-02&to=2024-03-01')).status, 200);
});

/** The score of stats_weighted_score for a member's expected figures. */
function score(f, w) {
  const parts = [
    [f.frt_mean, 8 * 3600, 0, w.first_response], [f.res_mean, 14 * D, 0, w.resolution],
    [f.fcr_rate, 0, 100, w.fcr], [f.csat, 0, 100, w.csat],
  ].filter(([v, , , wt]) => v !== null && wt > 0);
  if (!parts.length) return null;
  let sum = 0;
  let ws = 0;
  for (const [v, worst, best, wt] of parts) {
    sum += wt * Math.min(100, Math.max(0, ((v - worst) / (best - worst)) * 100));
    ws += wt;
  }
  return sum / ws;
}

async function setWeights(m, w) {
  await m.get('/staff/performance');
  const res = await m.postForm('/staff/performance/weights', {
    csrf: m.csrf, from: '2024-03-01', to: '2024-03-31',
    weight_first_response: String(w.first_response), weight_resolution: String(w.resolution),
    weight_fcr: String(w.fcr), weight_csat: String(w.csat),
  });
  assertRedirect(res, '/staff/performance?from=2024-03-01&to=2024-03-31', 'weights saved');
}

test('performance: each member the figures of the cases they handled, the score, no data for a member without cases', async () => {
  const m = await staffAs('manager');
  const w1 = { first_response: 40, resolution: 10, fcr: 25, csat: 25 };
  await setWeights(m, w1);
  const res = await m.get('/staff/performance?from=2024-03-01&to=2024-03-31');
  assert.equal(res.status, 200);
  const figs = figures(res.text);
  const members = { agent: null, tech: null };
  for (const who of Object.keys(members)) {
    const want = expected('2024-03-01', '2024-03-31', (c) => c.by === who, false);
    members[who] = want;
    let cells = 0;
    for (const [k, v] of Object.entries(want)) {
      if (!(`${staff[who]}:${k}` in figs)) continue;
      assertFigure(figs[`${staff[who]}:${k}`], v, `${who} ${k}`);
      cells++;
    }
    assert.ok(cells >= 14, `${who}: ${cells} cells checked`);
    assertFigure(figs[`${staff[who]}:score`], score(want, w1), `${who} score`);
  }
  assert.notEqual(members.agent.cases, members.tech.cases, 'the two members differ');
  // logistics handled nothing: every figure is no data, the score too
  const none = Object.entries(figs).filter(([k]) => k.startsWith(`${staff.logistics}:`));
  assert.ok(none.length >= 15, 'the member without cases is listed');
  for (const [k, v] of none) assert.equal(v, '', `${k} is no data`);
  assert.match(res.text, new RegExp(`id="f-${staff.logistics}:score" data-value="">—<`));

  // other weights, another score
  const w2 = { first_response: 0, resolution: 0, fcr: 100, csat: 0 };
  await setWeights(m, w2);
  const figs2 = figures((await m.get('/staff/performance?from=2024-03-01&to=2024-03-31')).text);
  for (const who of Object.keys(members)) {
    assertFigure(figs2[`${staff[who]}:score`], score(members[who], w2), `${who} score with FCR only`);
    assert.notEqual(figs2[`${staff[who]}:score`], figs[`${staff[who]}:score`], `${who}: the weights moved the score`);
  }
});

test('weights are whole numbers 0-100: anything else is refused and nothing changes', async () => {
  const m = await staffAs('manager');
  const before = sql(`SELECT name, value FROM settings WHERE name LIKE 'score\\_weight\\_%' ORDER BY name`);
  for (const bad of ['101', '-1', '1.5', 'abc', '']) {
    await m.get('/staff/performance');
    const res = await m.postForm('/staff/performance/weights', {
      csrf: m.csrf, weight_first_response: bad, weight_resolution: '10', weight_fcr: '10', weight_csat: '10',
    });
    assert.equal(res.status, 400, `weight ${JSON.stringify(bad)}`);
    assert.ok(fieldErrors(res.text).weight_first_response, `weight ${JSON.stringify(bad)}: the field says why`);
    assert.deepEqual(sql(`SELECT name, value FROM settings WHERE name LIKE 'score\\_weight\\_%' ORDER BY name`), before);
  }
});

test('a write into a summarised day is seen on the next read (the day is marked dirty)', async () => {
  const m = await staffAs('manager');
  const path = '/staff/dashboard?from=2024-03-01&to=2024-03-31';
  const before = figures((await m.get(path)).text);
  // a refund for a completed case that had none, on 2024-03-20
  const noRefund = CASES.find((c) => c.done && !c.refund);
  const [[id2]] = sql(`SELECT id FROM cases WHERE case_no = ${q(noRefund.no)}`);
  sql(`INSERT INTO refunds (case_id, amount_fen, reference, created_at) VALUES (${id2}, 700, 'DT2', '2024-03-20 04:00:00')`);
  const after1 = figures((await m.get(path)).text);
  assert.equal(Number(after1.refund_n), Number(before.refund_n) + 1);
  assertFigure(after1.refund_total, Number(before.refund_total) + 7, 'refund total after the new refund');
});

// ------------------------------------ the previous period and the targets

/** id -> { data-* } of the tiles' comparison (p-) and target (t-) parts. */
function tileParts(html) {
  const out = {};
  for (const m of html.matchAll(/<small class="[^"]*" id="([pt]-[^"]+)"([^>]*)>/g)) {
    const attrs = {};
    for (const a of m[2].matchAll(/(data-[a-z]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
    out[m[1]] = attrs;
  }
  return out;
}

test('every tile shows the previous period of the same length beside it, with the difference', async () => {
  const m = await staffAs('manager');
  // (not 03-20: the test before wrote a refund there)
  const res = await m.get('/staff/dashboard?from=2024-03-09&to=2024-03-16');
  assert.equal(res.status, 200);
  assert.match(res.text, /id="prev-period">[^<]*2024-03-01 – 2024-03-08</);
  const now = expected('2024-03-09', '2024-03-16');
  const prev = expected('2024-03-01', '2024-03-08');
  const parts = tileParts(res.text);
  let checked = 0;
  for (const k of Object.keys(now)) {
    const p = parts[`p-${k}`];
    if (!p) continue;
    assertFigure(p['data-prev'], prev[k], `${k}: the previous period`);
    const both = now[k] !== null && prev[k] !== null;
    assertFigure(p['data-delta'], both ? now[k] - prev[k] : null, `${k}: the difference`);
    checked++;
  }
  assert.ok(checked >= 25, `${checked} tiles compared`);
  assert.ok(now.cases !== prev.cases && prev.cases > 0, 'the two periods differ');
  // the arrow follows the difference
  const dir = now.cases > prev.cases ? 'up' : 'down';
  assert.match(res.text, new RegExp(`<small class="cmp dir-${dir}" id="p-cases"`));
  assert.match(res.text, new RegExp(`id="p-cases"[^>]*><span aria-hidden="true">${dir === 'up' ? '↑' : '↓'}</span> ${now.cases > prev.cases ? '\\+' : '-'}${Math.abs(now.cases - prev.cases)} · `));
});

test('targets from the policies: met / not met on the tiles; the policies page saves them', async () => {
  const m = await staffAs('manager');
  const page = await m.get('/staff/admin/policies');
  for (const k of ['target_solved_24h_pct', 'target_first_response_pct', 'target_csat_pct', 'target_complaint_rate']) {
    assert.equal(inputValue(page.text, k), sql(`SELECT value FROM settings WHERE name = ${q(k)}`)[0][0], `${k} on the policies page`);
  }
  const form = {};
  for (const t of page.text.matchAll(/<input\b[^>]*>/g)) {
    const name = /\sname="([^"]*)"/.exec(t[0])?.[1];
    if (!name || name === 'csrf') continue;
    if (/type="checkbox"/.test(t[0])) { if (/\schecked/.test(t[0])) form[name] = '1'; } else form[name] = (/\svalue="([^"]*)"/.exec(t[0])?.[1] ?? '').replace(/&amp;/g, '&');
  }
  const before = sql(`SELECT name, value FROM settings WHERE name LIKE 'target\\_%' ORDER BY name`);
  for (const [k, bad] of [['target_csat_pct', '101'], ['target_solved_24h_pct', '-1'], ['target_complaint_rate', 'x'], ['target_first_response_pct', '1.5']]) {
    const res = await m.postForm('/staff/admin/policies', { ...form, csrf: m.csrf, [k]: bad });
    assert.equal(res.status, 400, `${k} = ${bad}`);
    assert.ok(fieldErrors(res.text)[k], `${k} = ${bad}: the field says why`);
    assert.deepEqual(sql(`SELECT name, value FROM settings WHERE name LIKE 'target\\_%' ORDER BY name`), before, 'nothing changed');
  }
  const want = expected('2024-03-01', '2024-03-31');
  // one target just met, one just missed, one off, the complaint rate (at most)
  const csatTarget = Math.floor(want.csat);           // 50 % → 50: met
  const solvedTarget = Math.floor(want.solved_24h) + 1; // missed by under a point
  const res = await m.postForm('/staff/admin/policies', {
    ...form, csrf: m.csrf, target_csat_pct: String(csatTarget), target_solved_24h_pct: String(solvedTarget),
    target_first_response_pct: '0', target_complaint_rate: '1000',
  });
  assertRedirect(res, '/staff/admin/policies?saved=1', 'targets saved');
  assert.equal(sql(`SELECT value FROM settings WHERE name = 'target_csat_pct'`)[0][0], String(csatTarget));
  const dash = await m.get('/staff/dashboard?from=2024-03-01&to=2024-03-31');
  const parts = tileParts(dash.text);
  assert.equal(parts['t-csat']['data-target'], String(csatTarget));
  assert.equal(parts['t-csat']['data-met'], '1', `CSAT ${want.csat} against ${csatTarget}`);
  assert.equal(parts['t-solved_24h']['data-met'], '0', `solved in 24 h ${want.solved_24h} against ${solvedTarget}`);
  assert.equal(parts['t-sla_first_response'], undefined, 'a target of 0 is none');
  assert.equal(parts['t-complaint_rate']['data-target'], '100', '1000 per mille is 100 %');
  assert.equal(parts['t-complaint_rate']['data-met'], want.complaint_rate <= 100 ? '1' : '0');
  assert.match(dash.text, new RegExp(`id="t-csat"[^>]*>[^<]*≥ ${csatTarget}\\.0%: [^<]+<`), 'the target is shown');
});

test('performance: each member credited for the steps they took, per kind, with the time each waited', async () => {
  const m = await staffAs('manager');
  const res = await m.get('/staff/performance?from=2024-03-01&to=2024-03-31');
  const figs = figures(res.text);
  const t0 = local('2024-03-01 00:00');
  const t1 = local('2024-04-01 00:00');
  const inP = (t) => t !== null && t >= t0 && t < t1;
  for (const who of ['agent', 'tech']) {
    const mine = CASES.filter((c) => c.by === who);
    // approve / reject, complete: agent steps; receive: a warehouse step
    const decided = mine.filter((c) => c.first !== null && inP(c.first));
    const completed = mine.filter((c) => inP(c.done));
    const received = mine.filter((c) => c.receive && inP(c.first + 60));
    assertFigure(figs[`step:${staff[who]}:step_agent`], decided.length + completed.length, `${who}: agent steps`);
    assertFigure(figs[`step:${staff[who]}:step_warehouse`], received.length, `${who}: goods received`);
    assertFigure(figs[`step:${staff[who]}:step_all`], decided.length + completed.length + received.length, `${who}: all steps`);
    if (received.length) assertFigure(figs[`step:${staff[who]}:step_warehouse_wait`], 60, `${who}: received a minute after the approval`);
    // the agent steps waited: the first response, then the time since the step before completion
    const waits = [...decided.map((c) => c.frt), ...completed.map((c) => c.done - (c.receive ? c.first + 60 : c.first))];
    assertFigure(figs[`step:${staff[who]}:step_agent_wait`], mean(waits), `${who}: agent steps waited`);
  }
  assert.match(res.text, /<table class="list figures" id="steps">/);
});
