// monthly.test.mjs — the monthly report (issue 15): GET
// /staff/reports/monthly?month=YYYY-MM. Cases are written with SQL into
// August 2022 (the month), July 2022 (the month before) and August 2021
// (the same month a year earlier), far from every other suite's dates;
// every figure checked is worked out here from those rows (definitions:
// cgi/core/stats.h, dashboard.h): counts, solved within 24 h, first
// responses within their limit, CSAT, complaints by category, the three
// columns and their differences, the targets met or not, the top reasons,
// satisfaction by time band, the steps each member took, the "what changed
// most" list. Also: bad months, managers only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Client, assertErrorPage, assertRedirect, q, sql, staffAs, uniquePhone } from './lib.mjs';

const H = 3600;
const D = 86400;
const local = (s) => Date.parse(s.replace(' ', 'T') + ':00+08:00') / 1000;
const dbTime = (t) => new Date(t * 1000).toISOString().slice(0, 19).replace('T', ' ');
const tag = Date.now().toString(36).toUpperCase().slice(-6);
const staff = {};

// frt: seconds to the agent's approval (its limit: 2 h); res: seconds to
// completion (null: not completed); ans: the overall answer an hour after
// completion; wh: the warehouse received and inspected it; fin: finance
// paid a refund of that many fen.
const MONTHS = {
  '2022-08': [
    { at: '2022-08-02 10:00', reason: 'quality_defect', type: 'return_refund', frt: 600, res: 20 * H, ans: 5, wh: true, fin: 10000 },
    { at: '2022-08-03 10:00', reason: 'quality_defect', type: 'return_refund', frt: 9000, res: 3 * D, ans: 2, wh: true, fin: 5000 },
    { at: '2022-08-05 10:00', reason: 'wrong_item', type: 'exchange', frt: 1200, res: 10 * H, ans: 4, wh: true },
    { at: '2022-08-09 10:00', reason: 'quality_defect', type: 'repair', frt: 30000, res: 9 * D, ans: 3 },
    { at: '2022-08-10 10:00', reason: 'other', type: 'refund_only', frt: 300, res: 5 * H, ans: 5, fin: 2000 },
    { at: '2022-08-12 10:00', reason: 'wrong_item', type: 'exchange', frt: 5000, res: null },
  ],
  '2022-07': [
    { at: '2022-07-04 10:00', reason: 'quality_defect', type: 'return_refund', frt: 700, res: 30 * H, ans: 4, wh: true, fin: 8000 },
    { at: '2022-07-06 10:00', reason: 'other', type: 'refund_only', frt: 8000, res: 2 * D, ans: 1 },
    { at: '2022-07-08 10:00', reason: 'quality_defect', type: 'return_refund', frt: 100, res: 12 * H, ans: 5, fin: 3000 },
  ],
  '2021-08': [
    { at: '2021-08-03 10:00', reason: 'other', type: 'refund_only', frt: 200, res: 6 * H, ans: 5 },
    { at: '2021-08-04 10:00', reason: 'quality_defect', type: 'repair', frt: 400, res: 4 * D, ans: 4 },
  ],
};
// complaints: [when, category]
const COMPLAINTS = [['2022-08-06 10:00', 'delay'], ['2022-08-07 10:00', 'delay'], ['2022-08-08 10:00', 'attitude'], ['2022-07-08 10:00', 'quality']];

const cases = Object.entries(MONTHS).flatMap(([m, list]) => list.map((c, i) => {
  const created = local(c.at);
  return { ...c, month: m, no: `MR${tag}${m.replace('-', '')}${i}`, created, first: created + c.frt, done: c.res === null ? null : created + c.res };
}));

let phone;
const settingsBefore = {};

function insert() {
  phone = uniquePhone();
  let s = `INSERT INTO customers (phone, name, created_at) VALUES (${q(phone)}, '月报', '2021-01-01'); SET @cust = LAST_INSERT_ID();`;
  for (const c of cases) {
    const ev = (at, kind, actor, action, from, to) => `INSERT INTO case_events (case_id, at, actor_kind, actor_id, action, from_state, to_state)
       VALUES (@case, ${q(dbTime(at))}, ${q(kind)}, ${actor}, ${q(action)}, ${from ? q(from) : 'NULL'}, ${q(to)});`;
    s += `INSERT INTO orders (order_no, customer_id, placed_at, delivered_at, payment_method, updated_at)
          VALUES (${q(`SO${c.no}`)}, @cust, ${q(dbTime(c.created - 5 * D))}, NULL, 'alipay', ${q(dbTime(c.created - 5 * D))});
          SET @order = LAST_INSERT_ID();
          INSERT INTO order_items (order_id, sku, name, category, qty, unit_price_fen, paid_fen) VALUES (@order, 'MR', 'x', 'electronics', 1, 100, 100);
          INSERT INTO cases (case_no, customer_id, order_id, type, reason, description, state, revision, channel, nonce, created_at, updated_at)
          VALUES (${q(c.no)}, @cust, @order, ${q(c.type)}, ${q(c.reason)}, 'monthly test', ${q(c.done ? 'completed' : 'approved')}, 1,
                  'online', ${q(c.no)}, ${q(dbTime(c.created))}, ${q(dbTime(c.created))});
          SET @case = LAST_INSERT_ID();
          INSERT INTO case_timers (case_id, timer, started_at, due_at, stopped_at)
          VALUES (@case, 'first_response', ${q(dbTime(c.created))}, ${q(dbTime(c.created + 2 * H))}, ${q(dbTime(c.first))});`;
    s += ev(c.created, 'c', '@cust', 'submit', null, 'submitted');
    s += ev(c.first, 's', staff.agent, 'approve', 'submitted', 'approved');
    if (c.wh) {
      s += ev(c.first + H, 's', staff.warehouse, 'receive', 'awaiting_return', 'received');
      s += ev(c.first + 2 * H, 's', staff.warehouse, 'inspect_pass', 'received', 'refund_pending');
    }
    if (c.fin) {
      s += ev(c.first + 3 * H, 's', staff.finance, 'refund', 'refund_pending', 'refunded');
      s += `INSERT INTO refunds (case_id, amount_fen, reference, staff_id, created_at) VALUES (@case, ${c.fin}, 'MR', ${staff.finance}, ${q(dbTime(c.first + 3 * H))});`;
    }
    if (c.done) {
      s += ev(c.done, 's', staff.agent, 'complete', 'refunded', 'completed');
      if (c.ans) {
        s += `INSERT INTO surveys (case_id, invited_at, expires_at, answered_at, attitude, speed, resolution, overall, recommend)
              VALUES (@case, ${q(dbTime(c.done))}, ${q(dbTime(c.done + 30 * D))}, ${q(dbTime(c.done + H))}, ${c.ans}, ${c.ans}, ${c.ans}, ${c.ans}, 8);`;
      }
    }
  }
  for (const [at, cat] of COMPLAINTS) {
    s += `INSERT INTO complaints (customer_id, case_id, subject, body, created_at, due_at, category)
          VALUES (@cust, NULL, 'MR', 'x', ${q(dbTime(local(at)))}, ${q(dbTime(local(at) + D))}, ${q(cat)});`;
  }
  sql(s);
}

before(() => {
  for (const [id, email] of sql(`SELECT id, email FROM staff WHERE email LIKE '%@demo.local'`)) staff[email.split('@')[0]] = id;
  for (const [k, v] of sql(`SELECT name, value FROM settings WHERE name LIKE 'target\\_%'`)) settingsBefore[k] = v;
  insert();
});

after(() => {
  const ids = `SELECT id FROM customers WHERE phone = ${q(phone)}`;
  const cs = `SELECT id FROM cases WHERE customer_id IN (${ids})`;
  sql(`DELETE FROM complaints WHERE customer_id IN (${ids});
       DELETE FROM surveys WHERE case_id IN (${cs});
       DELETE FROM refunds WHERE case_id IN (${cs});
       DELETE FROM case_timers WHERE case_id IN (${cs});
       DELETE FROM case_events WHERE case_id IN (${cs});
       DELETE FROM cases WHERE customer_id IN (${ids});
       DELETE FROM order_items WHERE order_id IN (SELECT id FROM orders WHERE customer_id IN (${ids}));
       DELETE FROM orders WHERE customer_id IN (${ids});
       DELETE FROM customers WHERE phone = ${q(phone)};`);
  sql(Object.entries(settingsBefore).map(([k, v]) => `UPDATE settings SET value = ${q(v)} WHERE name = ${q(k)};`).join(''));
});

// ------------------------------------------------------ expected figures

const rate = (n, d) => (d > 0 ? (n / d) * 100 : null);
function expected(m) {
  const [y, mo] = m.split('-').map(Number);
  const t0 = local(`${m}-01 00:00`);
  const t1 = local(`${mo === 12 ? y + 1 : y}-${String(mo === 12 ? 1 : mo + 1).padStart(2, '0')}-01 00:00`);
  const inM = (t) => t !== null && t >= t0 && t < t1;
  const created = cases.filter((c) => inM(c.created));
  const done = cases.filter((c) => inM(c.done));
  const answered = cases.filter((c) => c.done && c.ans && inM(c.done + H));
  const due = cases.filter((c) => inM(c.created + 2 * H));
  const complaints = COMPLAINTS.filter(([at]) => inM(local(at)));
  return {
    cases: created.length,
    res_n: done.length,
    solved_24h: rate(done.filter((c) => c.res <= D).length, done.length),
    sla_first_response: rate(due.filter((c) => c.frt <= 2 * H).length, due.length),
    csat: rate(answered.filter((c) => c.ans >= 4).length, answered.length),
    complaints: complaints.length,
    refund_n: cases.filter((c) => c.fin && inM(c.first + 3 * H)).length,
    byReason: Object.fromEntries([...new Set(created.map((c) => c.reason))].map((r) => [r, created.filter((c) => c.reason === r).length])),
    byCat: complaints.reduce((a, [, cat]) => ({ ...a, [cat]: (a[cat] || 0) + 1 }), {}),
    answered,
    created,
  };
}

/** id -> attributes of the element with that id. */
function elements(html) {
  const out = {};
  for (const m of html.matchAll(/<(?:td|span|li|p)\b([^>]*)>/g)) {
    const id = /id="([^"]+)"/.exec(m[1]);
    if (!id) continue;
    const attrs = {};
    for (const a of m[1].matchAll(/(data-[a-z]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
    out[id[1]] = attrs;
  }
  return out;
}
function near(got, want, what) {
  if (want === null) {
    assert.equal(got, '', `${what}: no data`);
    return;
  }
  assert.ok(got !== undefined && got !== '', `${what}: shown (expected ${want})`);
  assert.ok(Math.abs(Number(got) - want) < 1e-6 * Math.max(1, Math.abs(want)), `${what}: expected ${want}, got ${got}`);
}

// ------------------------------------------------------------------ tests

test('every headline figure of the month, beside the month before and the same month last year', async () => {
  const m = await staffAs('manager');
  const res = await m.get('/staff/reports/monthly?month=2022-08');
  assert.equal(res.status, 200);
  const el = elements(res.text);
  const [now, prev, year] = ['2022-08', '2022-07', '2021-08'].map(expected);
  assert.ok(now.cases && prev.cases && year.cases, 'the data reaches all three months');
  for (const k of ['cases', 'res_n', 'solved_24h', 'sla_first_response', 'csat', 'complaints', 'refund_n']) {
    near(el[`f-${k}`]['data-value'], now[k], `${k} this month`);
    near(el[`p-${k}`]['data-prev'], prev[k], `${k} the month before`);
    near(el[`y-${k}`]['data-prev'], year[k], `${k} a year before`);
    near(el[`p-${k}`]['data-delta'], now[k] - prev[k], `${k} change on the month`);
    near(el[`y-${k}`]['data-delta'], now[k] - year[k], `${k} change on the year`);
  }
  // spot checks so a wrong expectation cannot pass twice
  assert.equal(now.cases, 6);
  assert.equal(now.solved_24h, 60); // 3 of 5 completions within 24 h
  assert.ok(Math.abs(prev.csat - 200 / 3) < 1e-9);
  assert.match(res.text, /<h1>[^<]*2022-08<\/h1>/);
});

test('targets: met or not met against the policies, and how many were met', async () => {
  const m = await staffAs('manager');
  const now = expected('2022-08');
  sql(`UPDATE settings SET value = '60' WHERE name = 'target_solved_24h_pct';
       UPDATE settings SET value = '70' WHERE name = 'target_first_response_pct';
       UPDATE settings SET value = '0' WHERE name = 'target_csat_pct';
       UPDATE settings SET value = '10' WHERE name = 'target_complaint_rate';`);
  const el = elements((await m.get('/staff/reports/monthly?month=2022-08')).text);
  assert.equal(el['t-solved_24h']['data-target'], '60');
  assert.equal(el['t-solved_24h']['data-met'], now.solved_24h >= 60 ? '1' : '0');
  assert.equal(el['t-solved_24h']['data-met'], '1', '60 % of 60 % is met');
  assert.equal(el['t-sla_first_response']['data-met'], now.sla_first_response >= 70 ? '1' : '0');
  assert.equal(el['t-sla_first_response']['data-met'], '0', `${now.sla_first_response} % is under 70 %`);
  assert.equal(el['t-csat'], undefined, 'a target of 0 is no target');
  assert.equal(el['t-complaint_rate']['data-target'], '1', '10 per mille is 1 %');
  const met = Number(el['t-solved_24h']['data-met']) + Number(el['t-sla_first_response']['data-met']) +
    Number(el['t-complaint_rate']['data-met'] || 0);
  assert.equal(el.compliance['data-set'], '3');
  assert.equal(el.compliance['data-met'], String(met));
});

test('top reasons, complaints by category, satisfaction by time band', async () => {
  const m = await staffAs('manager');
  const res = await m.get('/staff/reports/monthly?month=2022-08');
  const el = elements(res.text);
  const now = expected('2022-08');
  const prev = expected('2022-07');
  const order = [...res.text.matchAll(/<tr data-key="reason-([a-z_]+)">/g)].map((x) => x[1]);
  const want = Object.entries(now.byReason).sort((a, b) => b[1] - a[1]);
  assert.equal(order[0], want[0][0], 'the most frequent reason first');
  assert.deepEqual(order.slice().sort(), Object.keys(now.byReason).sort());
  for (const [r, n] of want) {
    near(el[`f-reason-${r}`]['data-value'], n, `reason ${r}`);
    near(el[`f-reason-${r}-share`]['data-value'], (n / now.cases) * 100, `reason ${r} share`);
    near(el[`p-reason-${r}`]['data-prev'], prev.byReason[r] || 0, `reason ${r} the month before`);
  }
  for (const cat of ['attitude', 'delay', 'quality', 'logistics', 'other']) {
    near(el[`f-complaint-${cat}`]['data-value'], now.byCat[cat] || 0, `complaints ${cat}`);
  }
  // first-response bands: < 1 h, 1-2 h, 2-8 h, 8-24 h, >= 24 h
  const bands = [H, 2 * H, 8 * H, 24 * H];
  const bandOf = (x, up) => { const i = up.findIndex((u) => x < u); return i < 0 ? up.length : i; };
  for (const [which, up, x] of [['frt', bands, (c) => c.frt], ['res', [D, 3 * D, 7 * D, 14 * D], (c) => c.res]]) {
    for (let b = 0; b < 5; b++) {
      const inB = now.answered.filter((c) => bandOf(x(c), up) === b);
      near(el[`f-band-${which}-${b}-n`]['data-value'], inB.length, `${which} band ${b} answers`);
      near(el[`f-band-${which}-${b}-csat`]['data-value'], rate(inB.filter((c) => c.ans >= 4).length, inB.length), `${which} band ${b} CSAT`);
    }
  }
});

test('staff: each member credited for the steps they took, per role', async () => {
  const m = await staffAs('manager');
  const el = elements((await m.get('/staff/reports/monthly?month=2022-08')).text);
  const now = expected('2022-08');
  const wh = now.created.filter((c) => c.wh).length * 2; // receive + inspect
  const fin = now.created.filter((c) => c.fin).length;
  const agent = now.created.length + now.created.filter((c) => c.done).length; // approve + complete
  // other suites' rows never fall in August 2022: the counts are exact
  near(el[`f-staff-${staff.warehouse}-step_warehouse`]['data-value'], wh, 'warehouse: received and inspected');
  near(el[`f-staff-${staff.finance}-step_finance`]['data-value'], fin, 'finance: refunds paid');
  near(el[`f-staff-${staff.agent}-step_agent`]['data-value'], agent, 'agent: approvals and completions');
  near(el[`f-staff-${staff.warehouse}-cases`]['data-value'], 0, 'the warehouse handled no case first');
  near(el[`f-staff-${staff.agent}-cases`]['data-value'], now.cases, 'the agent handled every case first');

  // the performance page credits the same steps, with the time they waited
  const perf = elements((await m.get('/staff/performance?from=2022-08-01&to=2022-08-31')).text);
  near(perf[`f-step:${staff.warehouse}:step_warehouse`]['data-value'], wh, 'performance: warehouse steps');
  near(perf[`f-step:${staff.finance}:step_finance`]['data-value'], fin, 'performance: finance steps');
  near(perf[`f-step:${staff.warehouse}:step_warehouse_wait`]['data-value'], H, 'each warehouse step came an hour after the one before');
  near(perf[`f-step:${staff.finance}:step_finance_wait`]['data-value'],
    now.created.filter((c) => c.fin).reduce((a, c) => a + (c.wh ? H : 3 * H), 0) / fin, 'finance waited');
});

test('what changed most: the largest moves since the month before, with their size', async () => {
  const m = await staffAs('manager');
  const res = await m.get('/staff/reports/monthly?month=2022-08');
  const items = [...res.text.matchAll(/<li data-key="([a-z_0-9]+)" data-rel="([^"]*)">/g)].map((x) => [x[1], Number(x[2])]);
  assert.ok(items.length >= 3 && items.length <= 5, `a short list (${items.length})`);
  for (let i = 1; i < items.length; i++) assert.ok(Math.abs(items[i - 1][1]) >= Math.abs(items[i][1]), 'largest first');
  const now = expected('2022-08');
  const prev = expected('2022-07');
  // the moves this test can work out; each one listed has its size, and
  // none of them larger than the list's smallest is left out
  const known = {};
  for (const k of ['cases', 'res_n', 'solved_24h', 'csat', 'complaints', 'refund_n']) {
    if (prev[k] && now[k] !== prev[k]) known[k] = ((now[k] - prev[k]) / prev[k]) * 100;
  }
  assert.equal(known.complaints, 200, 'complaints went from 1 to 3');
  for (const [k, rel] of items) if (k in known) near(rel, known[k], `${k}: relative move`);
  const smallest = Math.abs(items[items.length - 1][1]);
  for (const [k, rel] of Object.entries(known)) {
    if (Math.abs(rel) > smallest) assert.ok(items.some(([x]) => x === k), `${k} (${rel} %) is in the list`);
  }
  assert.ok(items.some(([x]) => x === 'complaints'), 'the complaints\' move is listed');
  // the text says where from, where to and by how much
  assert.match(res.text, /<li data-key="complaints" data-rel="200">[\s\S]*?1 → 3[\s\S]*?\(\+2, \+200\.0%\)<\/li>/);
});

test('improvement actions opened, due and done in the month', async () => {
  // Written into 2019-05, a month no other suite touches; times are UTC in
  // the table, the month is Shanghai's (+08:00).
  const owner = sql('SELECT id FROM staff ORDER BY id LIMIT 1')[0][0];
  const rows = [
    // created 05-01 00:30 Shanghai (04-30 16:30 UTC): opened in May; due in June
    { created: '2019-04-30 16:30:00', due: '2019-06-10', status: 'open', closed: null },
    // created in May, done in May, due in May
    { created: '2019-05-10 02:00:00', due: '2019-05-20', status: 'done', closed: '2019-05-18 03:00:00' },
    // created in April, due in May, done in June (not done in May)
    { created: '2019-04-10 02:00:00', due: '2019-05-31', status: 'done', closed: '2019-06-02 03:00:00' },
    // created 04-30 15:59 UTC = 04-30 23:59 Shanghai: April; dropped in May (not done)
    { created: '2019-04-30 15:59:00', due: '2019-04-30', status: 'dropped', closed: '2019-05-03 03:00:00' },
  ];
  const ids = rows.map((r) => {
    return sql(`INSERT INTO improvements (title, problem, cause, measure, owner_id, created_by, metric, created_at, start_day, due, status, closed_at)
         VALUES ('monthly ${tag}', 'p', 'c', 'm', ${owner}, ${owner}, 'cases', ${q(r.created)}, ${q(r.created.slice(0, 10))}, ${q(r.due)}, ${q(r.status)}, ${r.closed ? q(r.closed) : 'NULL'});
         SELECT LAST_INSERT_ID()`)[0][0];
  });
  try {
    const all = sql(`SELECT created_at, due, status, closed_at FROM improvements WHERE
      (created_at >= '2019-04-30 16:00:00' AND created_at < '2019-05-31 16:00:00') OR (due >= '2019-05-01' AND due < '2019-06-01')
      OR (closed_at >= '2019-04-30 16:00:00' AND closed_at < '2019-05-31 16:00:00')`);
    const inMay = (t) => t >= '2019-04-30 16:00:00' && t < '2019-05-31 16:00:00';
    const want = {
      opened: all.filter((r) => inMay(r[0])).length,
      due: all.filter((r) => r[1] >= '2019-05-01' && r[1] < '2019-06-01').length,
      done: all.filter((r) => r[2] === 'done' && r[3] !== 'NULL' && inMay(r[3])).length,
    };
    assert.deepEqual(want, { opened: 2, due: 2, done: 1 }, 'the rows written here are all there is in May 2019');
    const res = await (await staffAs('manager')).get('/staff/reports/monthly?month=2019-05');
    assert.equal(res.status, 200);
    const el = elements(res.text);
    for (const k of ['opened', 'due', 'done']) near(el[`f-improvements-${k}`]['data-value'], want[k], `improvements ${k}`);
  } finally {
    sql(`DELETE FROM improvements WHERE id IN (${ids.join(',')})`);
  }
});

test('a bad month is a 400 page; managers only', async () => {
  const m = await staffAs('manager');
  for (const bad of ['2026-13', '0000-01', 'text', '2026-1', '2026-00', '2026-01-01', "2026-01'"]) {
    assertErrorPage(await m.get(`/staff/reports/monthly?month=${encodeURIComponent(bad)}`), 400, bad);
  }
  const plain = await m.get('/staff/reports/monthly');
  assert.equal(plain.status, 200, 'no month: the last month that has ended');
  const agent = await staffAs('agent');
  assertErrorPage(await agent.get('/staff/reports/monthly?month=2022-08'), 403, 'agent');
  assertRedirect(await new Client().get('/staff/reports/monthly?month=2022-08'), /^\/staff\/login/, 'signed out');
  // printable: an A4 print stylesheet
  const css = await new Client().get('/static/style.css');
  assert.match(css.text, /@media print\s*{[^}]*@page { size: A4/);
  assert.match(css.text, /\.report \.card { break-inside: avoid/);
});
