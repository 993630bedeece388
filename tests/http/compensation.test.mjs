// compensation.test.mjs — compensation and the cost of service (issue 15)
// over real HTTP: finance pays a compensation beyond the refund, once per
// form even when the form is sent several times at once; above the policy
// threshold it waits for a manager; both case pages, the event, the
// customer's mail and compensations.csv show it; costs entered with the
// ship and repair steps and on the cost form; and the dashboard's cost
// figures, each worked out here from rows this suite wrote into September
// 2019 (a month no other suite writes), by the definitions in
// cgi/domain/costs.h.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  assertErrorPage, assertRedirect, caseNoOf, caseRow, count, freshCustomer, mailOf, q, sql, staffAs,
  submitRequest, uniquePhone,
} from './lib.mjs';

const tag = Date.now().toString(36).toUpperCase().slice(-6);
const staff = {};
const setting = (name) => Number(sql(`SELECT value FROM settings WHERE name = ${q(name)}`)[0][0]);
const fen = (yuan) => Math.round(Number(yuan) * 100);
const yuan = (f) => (f / 100).toFixed(2);

/** A fresh customer with an e-mail and a submitted refund-only case. */
async function newCase(t) {
  const cust = await freshCustomer(t, [{ sku: 'CP-01', name: '耳机', category: 'electronics', qty: 1, unit_price_fen: 29900 }],
    { email: `${t.toLowerCase()}-${Date.now()}@example.com` });
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'refund_only', reason: 'missing_parts', qty: { [cust.order.items[0].id]: 1 }, amount: '20.00',
  });
  return { ...cust, caseNo: caseNoOf(res) };
}

function comps(caseNo) {
  return sql(`SELECT k.id, k.kind, k.amount_fen, k.paid_at IS NOT NULL, k.approved_by FROM compensations k
              JOIN cases c ON c.id = k.case_id WHERE c.case_no = ${q(caseNo)} ORDER BY k.id`)
    .map(([id, kind, amount, paid, by]) => ({ id: Number(id), kind, amount: Number(amount), paid: paid === '1', by }));
}

async function compensate(role, caseNo, fields = {}, version = caseRow(caseNo).version) {
  const c = await staffAs(role);
  await c.get(`/staff/cases/${caseNo}`);
  return c.postForm(`/staff/cases/${caseNo}/compensate`, {
    csrf: c.csrf, version, kind: 'goodwill', amount: '12.50', reason: '等太久了，致歉', reference: `CMP-${tag}`, ...fields,
  });
}

before(() => {
  for (const [id, email] of sql(`SELECT id, email FROM staff WHERE email LIKE '%@demo.local'`)) staff[email.split('@')[0]] = id;
});

test('finance pays a compensation under the threshold: recorded once, on both case pages, as an event and in the customer\'s mail', async () => {
  const cust = await newCase(`CA${tag}`);
  const threshold = setting('compensation_approval_fen');
  assert.ok(threshold >= 1250, 'the threshold is above the amount paid here');
  const finance = await staffAs('finance');
  const page = await finance.get(`/staff/cases/${cust.caseNo}`);
  assert.match(page.text, /id="compensate-form"/, 'finance has the compensation form');
  assert.match(page.text, new RegExp(`id="comp-threshold">[^<]*¥${yuan(threshold)}`), 'the form says above what a manager approves');
  const v0 = caseRow(cust.caseNo).version;
  assertRedirect(await compensate('finance', cust.caseNo), `/staff/cases/${cust.caseNo}#costs`, 'paid');
  const [k] = comps(cust.caseNo);
  assert.deepEqual([k.kind, k.amount, k.paid, k.by], ['goodwill', 1250, true, String(staff.finance)]);
  assert.equal(caseRow(cust.caseNo).version, v0 + 1, 'the case moves on: the same form again is stale');

  // several per case: a second form (the new version) pays a postage refund
  assertRedirect(await compensate('finance', cust.caseNo, { kind: 'postage', amount: '8' }), `/staff/cases/${cust.caseNo}#costs`);
  assert.deepEqual(comps(cust.caseNo).map((x) => [x.kind, x.amount, x.paid]), [['goodwill', 1250, true], ['postage', 800, true]]);

  const staffPage = await finance.get(`/staff/cases/${cust.caseNo}`);
  assert.equal([...staffPage.text.matchAll(/<li data-comp="\d+" data-state="paid"/g)].length, 2, 'the staff page lists both as paid');
  assert.ok(staffPage.text.includes('等太久了，致歉'), 'with the reason');
  assert.match(staffPage.text, /id="cost-total" data-value="20.50"/, 'the case\'s cost counts the compensation paid');
  const mine = await cust.client.get(`/my/requests/${cust.caseNo}`);
  assert.match(mine.text, /<section class="card" id="compensations">/, 'the customer sees the compensations');
  assert.ok(mine.text.includes('¥12.50') && mine.text.includes('¥8.00'));
  assert.ok(!mine.text.includes('等太久了，致歉') && !mine.text.includes(`CMP-${tag}`), 'not the internal reason or reference');

  const exp = await cust.client.get('/my/account/export');
  assert.equal(exp.status, 200);
  const inExport = JSON.parse(exp.text).cases.find((x) => x.case_no === cust.caseNo).compensations;
  assert.deepEqual(inExport.map((x) => [x.kind, x.amount_fen, x.reference, x.paid_at !== null]),
    [['goodwill', 1250, `CMP-${tag}`, true], ['postage', 800, `CMP-${tag}`, true]], 'the customer\'s export holds them');
  const events = sql(`SELECT data FROM events WHERE type = 'compensation.issued' AND case_no = ${q(cust.caseNo)} ORDER BY id`).map(([d]) => JSON.parse(d));
  assert.deepEqual(events.map((d) => [d.amount_fen, d.kind, d.reference]), [[1250, 'goodwill', `CMP-${tag}`], [800, 'postage', `CMP-${tag}`]]);
  const keys = sql(`SELECT msg_key FROM outbox WHERE recipient = ${q(cust.email)} AND template = 'compensation_issued' ORDER BY id`);
  assert.equal(keys.length, 2, 'the customer is told of each');
  const mail = await mailOf(keys[0][0]);
  assert.ok(mail.text.includes('12.50') && mail.text.includes(cust.caseNo), 'the mail carries the amount and the case');
});

test('above the threshold it waits, is not paid, until a manager approves it; then paid once', async () => {
  const cust = await newCase(`CB${tag}`);
  const over = setting('compensation_approval_fen') + 1;
  assertRedirect(await compensate('finance', cust.caseNo, { kind: 'coupon', amount: yuan(over) }), `/staff/cases/${cust.caseNo}#costs`);
  let [k] = comps(cust.caseNo);
  assert.deepEqual([k.kind, k.amount, k.paid], ['coupon', over, false], 'waits, not paid');
  assert.equal(count(`SELECT COUNT(*) FROM events WHERE type = 'compensation.issued' AND case_no = ${q(cust.caseNo)}`), 0, 'no event yet');
  assert.equal(count(`SELECT COUNT(*) FROM outbox WHERE template = 'staff_compensation' AND data LIKE ${q(`%${cust.caseNo}%`)}`) > 0, true, 'the managers are told');

  const finance = await staffAs('finance');
  const q1 = await finance.get('/staff/queue?view=compensations');
  assert.equal(q1.status, 200);
  assert.ok(q1.text.includes(cust.caseNo), 'finance\'s view of compensations waiting lists the case');
  assert.ok(!(await finance.get(`/staff/cases/${cust.caseNo}`)).text.includes('data-action="approve_compensation"'), 'finance has no approve button');
  const fin = await finance.postForm(`/staff/cases/${cust.caseNo}/approve_compensation`, { csrf: finance.csrf, version: caseRow(cust.caseNo).version, compensation: k.id });
  assertErrorPage(fin, 403, 'finance may not approve');

  const manager = await staffAs('manager');
  const page = await manager.get(`/staff/cases/${cust.caseNo}`);
  assert.match(page.text, /data-action="approve_compensation"/);
  const stale = caseRow(cust.caseNo).version - 1;
  assertErrorPage(await manager.postForm(`/staff/cases/${cust.caseNo}/approve_compensation`, { csrf: manager.csrf, version: stale, compensation: k.id }), 409, 'a stale page');
  assertErrorPage(await manager.postForm(`/staff/cases/${cust.caseNo}/approve_compensation`, { csrf: manager.csrf, version: caseRow(cust.caseNo).version, compensation: 999999999 }), 409, 'no such compensation waiting');
  assert.equal(comps(cust.caseNo)[0].paid, false, 'still waiting');
  assertRedirect(await manager.postForm(`/staff/cases/${cust.caseNo}/approve_compensation`, { csrf: manager.csrf, version: caseRow(cust.caseNo).version, compensation: k.id }), `/staff/cases/${cust.caseNo}#costs`);
  [k] = comps(cust.caseNo);
  assert.deepEqual([k.paid, k.by], [true, String(staff.manager)], 'paid, approved by the manager');
  assertErrorPage(await manager.postForm(`/staff/cases/${cust.caseNo}/approve_compensation`, { csrf: manager.csrf, version: caseRow(cust.caseNo).version, compensation: k.id }), 409, 'approved once');
  assert.equal(count(`SELECT COUNT(*) FROM events WHERE type = 'compensation.issued' AND case_no = ${q(cust.caseNo)}`), 1, 'one event');
  assert.ok(!(await finance.get('/staff/queue?view=compensations')).text.includes(cust.caseNo), 'no longer waiting');
});

test('the same form sent five times at once pays exactly once', async () => {
  const cust = await newCase(`CC${tag}`);
  const v = caseRow(cust.caseNo).version;
  const finance = await staffAs('finance');
  await finance.get(`/staff/cases/${cust.caseNo}`);
  const form = { csrf: finance.csrf, version: v, kind: 'goodwill', amount: '5.00', reason: '双击', reference: `DBL-${tag}` };
  const answers = await Promise.all([1, 2, 3, 4, 5].map(() => finance.postForm(`/staff/cases/${cust.caseNo}/compensate`, form)));
  const statuses = answers.map((r) => r.status).sort();
  assert.deepEqual(statuses, [303, 409, 409, 409, 409], 'one wins, the others hear it was handled');
  assert.deepEqual(comps(cust.caseNo).map((x) => x.amount), [500], 'one row');
  assert.equal(caseRow(cust.caseNo).version, v + 1);
  assert.equal(count(`SELECT COUNT(*) FROM events WHERE type = 'compensation.issued' AND case_no = ${q(cust.caseNo)}`), 1, 'one event');
});

test('bad input, another case, a role that may not: refused, nothing changes', async () => {
  const cust = await newCase(`CD${tag}`);
  const v = caseRow(cust.caseNo).version;
  const bad = [
    [{ amount: '0' }, 400, 'zero'], [{ amount: '0.00' }, 400, 'zero with decimals'], [{ amount: '-5' }, 400, 'negative'],
    [{ amount: '1e12' }, 400, 'exponent'], [{ amount: '1000000000000' }, 400, '10^12 yuan'], [{ amount: '1000000.01' }, 400, 'over the most'],
    [{ amount: 'abc' }, 400, 'not a number'], [{ amount: '12.345' }, 400, 'three decimals'], [{ amount: '' }, 400, 'empty'],
    [{ kind: 'cash' }, 400, 'a kind not in the list'], [{ kind: '' }, 400, 'no kind'], [{ reason: '' }, 400, 'no reason'],
    [{ reference: '' }, 400, 'no reference'], [{ reason: 'x'.repeat(501) }, 400, 'reason too long'], [{ version: 'x' }, 400, 'version not a number'],
    [{ version: v + 1 }, 409, 'a version the case is not at'],
  ];
  for (const [fields, status, what] of bad) assertErrorPage(await compensate('finance', cust.caseNo, fields, fields.version ?? v), status, what);
  assertErrorPage(await compensate('finance', 'AS209901010001', {}, 1), 404, 'no such case');
  assertErrorPage(await compensate('finance', 'AS20990101000X\' OR 1=1', {}, 1), 404, 'SQL as a case number');
  for (const role of ['agent', 'warehouse', 'logistics', 'tech']) assertErrorPage(await compensate(role, cust.caseNo), 403, role);
  assert.deepEqual(comps(cust.caseNo), [], 'no compensation');
  assert.equal(caseRow(cust.caseNo).version, v, 'the case did not move');

  const agent = await staffAs('agent');
  assertErrorPage(await agent.postForm(`/staff/cases/${cust.caseNo}/cost`, { csrf: agent.csrf, version: v, kind: 'other', amount: '1' }), 403, 'an agent enters no cost');
  const fin = await staffAs('finance');
  for (const [fields, status, what] of [
    [{ kind: 'bribe', amount: '1' }, 400, 'a cost kind not in the list'], [{ kind: 'other', amount: '0' }, 400, 'zero'],
    [{ kind: 'other', amount: '-1' }, 400, 'negative'], [{ kind: 'labour', hours: '0' }, 400, 'no hours'],
    [{ kind: 'labour', hours: '1e3' }, 400, 'hours as exponent'], [{ kind: 'labour', hours: '1000.01' }, 400, 'too many hours'],
    [{ kind: 'other', amount: '1', version: v + 5 }, 409, 'stale'],
  ]) assertErrorPage(await fin.postForm(`/staff/cases/${cust.caseNo}/cost`, { csrf: fin.csrf, version: v, ...fields }), status, what);
  assert.equal(count(`SELECT COUNT(*) FROM case_costs k JOIN cases c ON c.id = k.case_id WHERE c.case_no = ${q(cust.caseNo)}`), 0, 'no cost');
});

test('costs are entered where they happen: the ship step\'s postage, the repair\'s parts and hours at the policy rate, the cost form', async () => {
  const rate = setting('tech_hour_fen');
  const costs = (no) => sql(`SELECT k.kind, k.amount_fen, k.minutes FROM case_costs k JOIN cases c ON c.id = k.case_id
                             WHERE c.case_no = ${q(no)} ORDER BY k.id`).map(([kind, a, m]) => [kind, Number(a), m === 'NULL' ? null : Number(m)]);
  // an exchange ready to ship and a mailed-in repair on the bench (put there directly)
  const ex = await newCase(`CE${tag}`);
  sql(`UPDATE cases SET type = 'exchange', state = 'inspected' WHERE case_no = ${q(ex.caseNo)}`);
  const logistics = await staffAs('logistics');
  assert.match((await logistics.get(`/staff/cases/${ex.caseNo}`)).text, /name="postage"/, 'the ship form asks for the postage');
  const v = caseRow(ex.caseNo).version;
  assertErrorPage(await logistics.postForm(`/staff/cases/${ex.caseNo}/ship`, {
    csrf: logistics.csrf, version: v, carrier: 'SF', tracking_no: 'SF1234567890', postage: '-3' }), 400, 'a negative postage');
  assert.equal(caseRow(ex.caseNo).state, 'inspected', 'refused: not shipped');
  assertRedirect(await logistics.postForm(`/staff/cases/${ex.caseNo}/ship`, {
    csrf: logistics.csrf, version: v, carrier: 'SF', tracking_no: 'SF1234567890', postage: '18.00',
  }), `/staff/cases/${ex.caseNo}`);
  assert.equal(caseRow(ex.caseNo).state, 'replacement_shipped');
  assert.deepEqual(costs(ex.caseNo), [['postage', 1800, null]]);

  const rp = await newCase(`CF${tag}`);
  sql(`UPDATE cases SET type = 'repair', repair_mode = 'mail_in', state = 'received' WHERE case_no = ${q(rp.caseNo)}`);
  const tech = await staffAs('tech');
  await tech.get(`/staff/cases/${rp.caseNo}`);
  assertRedirect(await tech.postForm(`/staff/cases/${rp.caseNo}/repaired`, {
    csrf: tech.csrf, version: caseRow(rp.caseNo).version, note: '换了电池', parts: '35.50', hours: '1.25',
  }), `/staff/cases/${rp.caseNo}`);
  assert.equal(caseRow(rp.caseNo).state, 'repaired');
  assert.deepEqual(costs(rp.caseNo), [['parts', 3550, null], ['labour', Math.round(125 * rate / 100), 75]], 'hours at the policy rate');

  // what has no step: the cost form (finance), a technician's extra hour
  const fin = await staffAs('finance');
  await fin.get(`/staff/cases/${rp.caseNo}`);
  assertRedirect(await fin.postForm(`/staff/cases/${rp.caseNo}/cost`, {
    csrf: fin.csrf, version: caseRow(rp.caseNo).version, kind: 'other', amount: '6.60', note: '包装材料',
  }), `/staff/cases/${rp.caseNo}#costs`);
  await tech.get(`/staff/cases/${rp.caseNo}`);
  assertRedirect(await tech.postForm(`/staff/cases/${rp.caseNo}/cost`, {
    csrf: tech.csrf, version: caseRow(rp.caseNo).version, kind: 'labour', hours: '0.5',
  }), `/staff/cases/${rp.caseNo}#costs`);
  const all = costs(rp.caseNo);
  assert.deepEqual(all.slice(2), [['other', 660, null], ['labour', Math.round(50 * rate / 100), 30]]);
  const total = all.reduce((a, [, amount]) => a + amount, 0);
  const page = await fin.get(`/staff/cases/${rp.caseNo}`);
  assert.match(page.text, new RegExp(`id="cost-total" data-value="${yuan(total)}"`), 'the case page totals them');
  assert.equal([...page.text.matchAll(/<li data-kind="(postage|parts|labour|other)">/g)].length, 4, 'and lists each');
  const mine = await rp.client.get(`/my/requests/${rp.caseNo}`);
  assert.ok(!mine.text.includes('包装材料') && !/id="cost-total"/.test(mine.text), 'costs are not the customer\'s business');
});

// ------------------------------------------- the dashboard's cost figures

const D0 = '2019-09-01';
const D1 = '2019-09-30';
const IN = '2019-09-10 02:00:00'; // UTC, inside the month in Shanghai
const BEFORE = '2019-08-20 02:00:00';
const SKU = (x) => `CS${tag}${x}`;
const CAT = (x) => `cat${tag}${x}`.toLowerCase();
// orders: placed when, items { sku, category, qty }
const ORDERS = [
  { placed: IN, items: [{ sku: SKU('A'), cat: CAT('x'), qty: 4 }] },
  { placed: IN, items: [{ sku: SKU('A'), cat: CAT('x'), qty: 2 }, { sku: SKU('C'), cat: CAT('y'), qty: 1 }] },
  { placed: IN, items: [{ sku: SKU('B'), cat: CAT('x'), qty: 5 }] },
  { placed: IN, items: [{ sku: SKU('C'), cat: CAT('y'), qty: 3 }] },
  { placed: BEFORE, items: [{ sku: SKU('B'), cat: CAT('x'), qty: 1 }] },
];
// cases: on which order, items (index in the order: qty), received or not,
// costs [kind, fen, minutes], compensations [kind, fen, paid]
const CASES = [
  { order: 0, type: 'return_refund', reason: 'quality_defect', items: { 0: 2 }, received: true,
    costs: [['postage', 1000, null]], comps: [['goodwill', 500, true]] },
  { order: 1, type: 'exchange', reason: 'wrong_item', items: { 0: 1, 1: 1 }, received: true,
    costs: [['parts', 3000, null], ['labour', 1200, 90]], comps: [['coupon', 30000, false]] },
  { order: 2, type: 'return_refund', reason: 'quality_defect', items: { 0: 1 }, received: false,
    costs: [['other', 200, null]], comps: [] },
  { order: 4, type: 'repair', reason: 'other', items: { 0: 1 }, received: false, costs: [], comps: [['postage', 700, true]] },
];
const caseCost = (c) => c.costs.reduce((a, [, f]) => a + f, 0) + c.comps.filter(([, , paid]) => paid).reduce((a, [, f]) => a + f, 0);
let phone;

before(() => {
  phone = uniquePhone();
  let s = `INSERT INTO customers (phone, name, created_at) VALUES (${q(phone)}, '成本', '2019-08-01');
           SET @cust = LAST_INSERT_ID();`;
  ORDERS.forEach((o, i) => {
    s += `INSERT INTO orders (order_no, customer_id, placed_at, delivered_at, payment_method, updated_at)
          VALUES (${q(`SO${tag}${i}`)}, @cust, ${q(o.placed)}, ${q(o.placed)}, 'alipay', ${q(o.placed)});
          SET @order${i} = LAST_INSERT_ID();`;
    o.items.forEach((it, j) => {
      s += `INSERT INTO order_items (order_id, sku, name, category, qty, unit_price_fen, paid_fen)
            VALUES (@order${i}, ${q(it.sku)}, 'x', ${q(it.cat)}, ${it.qty}, 1000, ${it.qty * 1000});
            SET @item${i}_${j} = LAST_INSERT_ID();`;
    });
  });
  CASES.forEach((c, i) => {
    c.no = `CS${tag}${i}`;
    s += `INSERT INTO cases (case_no, customer_id, order_id, type, reason, description, state, revision, channel, nonce, created_at, updated_at)
          VALUES (${q(c.no)}, @cust, @order${c.order}, ${q(c.type)}, ${q(c.reason)}, 'cost test', 'approved', 1, 'online', ${q(c.no)}, ${q(IN)}, ${q(IN)});
          SET @case = LAST_INSERT_ID();`;
    for (const [j, qty] of Object.entries(c.items)) s += `INSERT INTO case_items (case_id, order_item_id, qty) VALUES (@case, @item${c.order}_${j}, ${qty});`;
    if (c.received) {
      s += `INSERT INTO case_events (case_id, at, actor_kind, actor_id, action, from_state, to_state)
            VALUES (@case, ${q(IN)}, 's', ${staff.warehouse}, 'receive', 'awaiting_return', 'received');`;
    }
    for (const [kind, f, min] of c.costs) {
      s += `INSERT INTO case_costs (case_id, kind, amount_fen, minutes, created_at) VALUES (@case, ${q(kind)}, ${f}, ${min ?? 'NULL'}, ${q(IN)});`;
    }
    c.comps.forEach(([kind, f, paid], k) => {
      s += `INSERT INTO compensations (case_id, kind, amount_fen, reason, reference, staff_id, form_version, created_at, paid_at)
            VALUES (@case, ${q(kind)}, ${f}, 'test', 'T', ${staff.finance}, ${k + 1}, ${q(IN)}, ${paid ? q(IN) : 'NULL'});`;
    });
  });
  sql(s);
});

after(() => {
  const cs = `SELECT id FROM cases WHERE case_no LIKE ${q(`CS${tag}%`)}`;
  sql(`DELETE FROM case_costs WHERE case_id IN (${cs}); DELETE FROM compensations WHERE case_id IN (${cs});
       DELETE FROM case_events WHERE case_id IN (${cs}); DELETE FROM case_items WHERE case_id IN (${cs});
       DELETE FROM cases WHERE case_no LIKE ${q(`CS${tag}%`)};
       DELETE FROM order_items WHERE order_id IN (SELECT id FROM orders WHERE order_no LIKE ${q(`SO${tag}%`)});
       DELETE FROM orders WHERE order_no LIKE ${q(`SO${tag}%`)}; DELETE FROM customers WHERE phone = ${q(phone)};`);
});

/** data-value of every cell of a row of a table on the page. */
function tableRow(html, table, key) {
  const t = new RegExp(`<table class="list figures" id="${table}">([\\s\\S]*?)</table>`).exec(html);
  assert.ok(t, `table ${table} on the page`);
  const r = new RegExp(`<tr data-key="${key}">([\\s\\S]*?)</tr>`).exec(t[1]);
  if (!r) return null;
  return [...r[1].matchAll(/data-value="([^"]*)"/g)].map((m) => (m[1] === '' ? null : Number(m[1])));
}
const close = (a, b, what) => assert.ok(a !== null && Math.abs(a - b) < 1e-6, `${what}: ${a} vs ${b}`);

test('the dashboard\'s cost figures: per case, by kind, by type and reason, by category and SKU with the return rate', async () => {
  const manager = await staffAs('manager');
  const res = await manager.get(`/staff/dashboard?from=${D0}&to=${D1}`);
  assert.equal(res.status, 200);
  const fig = (id) => {
    const m = new RegExp(`id="f-cost-${id}" data-value="([^"]*)"`).exec(res.text);
    assert.ok(m, `figure ${id}`);
    return m[1] === '' ? null : Number(m[1]);
  };
  const total = CASES.reduce((a, c) => a + caseCost(c), 0);
  assert.equal(fig('cases'), CASES.length, 'the cases submitted in the month');
  close(fig('total'), total / 100, 'total');
  close(fig('per_case'), total / 100 / CASES.length, 'cost per case');
  for (const kind of ['postage', 'parts', 'labour', 'other']) {
    const sum = CASES.flatMap((c) => c.costs).filter(([k]) => k === kind).reduce((a, [, f]) => a + f, 0);
    close(fig(kind), sum / 100, kind);
  }
  const paid = CASES.flatMap((c) => c.comps).filter(([, , p]) => p);
  close(fig('compensation'), paid.reduce((a, [, f]) => a + f, 0) / 100, 'compensation on these cases');
  assert.equal(fig('comp_paid_n'), paid.length, 'compensations paid in the month');
  close(fig('comp_paid'), paid.reduce((a, [, f]) => a + f, 0) / 100, 'paid in the month');
  const waiting = /id="comp-waiting" data-count="(\d+)" href="\/staff\/queue\?view=compensations"/.exec(res.text);
  assert.ok(waiting && Number(waiting[1]) >= 1, 'the compensations waiting now (this suite\'s coupon among them), linked to finance\'s view');
  const empty = await manager.get('/staff/dashboard?from=2019-10-01&to=2019-10-02');
  assert.doesNotMatch(empty.text, /id="f-cost-[a-z_]+" data-value="[^"]/, 'a period without cases shows no cost figure, not 0');

  for (const [table, keyOf] of [['costs-type', (c) => c.type], ['costs-reason', (c) => c.reason]]) {
    for (const key of new Set(CASES.map(keyOf))) {
      const cs = CASES.filter((c) => keyOf(c) === key);
      const cost = cs.reduce((a, c) => a + caseCost(c), 0);
      const row = tableRow(res.text, table, key);
      assert.ok(row, `${table} has ${key}`);
      assert.equal(row[0], cs.length, `${table} ${key} cases`);
      close(row[1], cost / 100, `${table} ${key} cost`);
      close(row[2], cost / 100 / cs.length, `${table} ${key} per case`);
    }
  }

  // products of orders placed in the month: a case in every product it holds
  for (const [table, keyOf] of [['costs-sku', (it) => it.sku], ['costs-category', (it) => it.cat]]) {
    const keys = new Set(ORDERS.flatMap((o) => o.items.map(keyOf)));
    for (const key of keys) {
      const placed = ORDERS.map((o, i) => ({ ...o, i })).filter((o) => o.placed === IN);
      const sold = placed.flatMap((o) => o.items).filter((it) => keyOf(it) === key).reduce((a, it) => a + it.qty, 0);
      const cs = CASES.filter((c) => ORDERS[c.order].placed === IN &&
        Object.keys(c.items).some((j) => keyOf(ORDERS[c.order].items[j]) === key));
      const back = CASES.filter((c) => ORDERS[c.order].placed === IN && c.type === 'return_refund' && c.received)
        .flatMap((c) => Object.entries(c.items).filter(([j]) => keyOf(ORDERS[c.order].items[j]) === key).map(([, n]) => n))
        .reduce((a, n) => a + n, 0);
      const cost = cs.reduce((a, c) => a + caseCost(c), 0);
      const row = tableRow(res.text, table, key);
      assert.ok(row, `${table} has ${key}`);
      assert.equal(row[0], cs.length, `${table} ${key} cases`);
      close(row[1], cost / 100, `${table} ${key} cost`);
      if (cs.length) close(row[2], cost / 100 / cs.length, `${table} ${key} per case`);
      else assert.equal(row[2], null, `${table} ${key}: no case, no cost per case`);
      assert.equal(row[3], sold, `${table} ${key} sold`);
      assert.equal(row[4], back, `${table} ${key} back`);
      close(row[5], (back / sold) * 100, `${table} ${key} return rate`);
    }
  }

  // compensations.csv: those paid in the month, linked from the dashboard
  assert.match(res.text, /href="\/staff\/export\/compensations.csv\?from=2019-09-01&amp;to=2019-09-30"/);
  const csv = await manager.get(`/staff/export/compensations.csv?from=${D0}&to=${D1}`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  const mine = csv.text.split('\n').filter((l) => l.startsWith(`CS${tag}`));
  assert.deepEqual(mine.map((l) => l.split(',').slice(0, 4).filter((_, i) => i !== 1)),
    paid.map(([kind, f]) => [CASES.find((c) => c.comps.some(([k2, f2, p2]) => k2 === kind && f2 === f && p2)).no, kind, yuan(f)]));
  const agent = await staffAs('agent');
  assertErrorPage(await agent.get(`/staff/export/compensations.csv?from=${D0}&to=${D1}`), 403, 'managers only');
});

test('the policies page shows and keeps the compensation threshold and the hourly rate', async () => {
  const manager = await staffAs('manager');
  const page = await manager.get('/staff/admin/policies');
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`name="compensation_approval"[^>]*value="${yuan(setting('compensation_approval_fen'))}"`));
  assert.match(page.text, new RegExp(`name="tech_hour"[^>]*value="${yuan(setting('tech_hour_fen'))}"`));
});
