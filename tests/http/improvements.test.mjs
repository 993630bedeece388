// improvements.test.mjs — improvement actions (issue 15, ROUTES.md
// /staff/improvements): opened from a dashboard figure with its baseline
// (the same summaries the dashboard shows), the metric before and after
// the measure worked out here from rows this file writes into February
// 2021 (far from every other suite's days), the owner's box on the queue
// page, status and notes with their audit rows, overdue, paging, and
// every kind of bad input refused with nothing changed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { assertErrorPage, count, fieldErrors, q, shanghaiDay, sql, staffAs, uniquePhone } from './lib.mjs';

const D = 86400;
const tag = Date.now().toString(36).toUpperCase().slice(-6);
/** UTC seconds of a local (Asia/Shanghai) time "2021-02-04 10:00". */
const local = (s) => Date.parse(s.replace(' ', 'T') + ':00+08:00') / 1000;
const dbTime = (t) => new Date(t * 1000).toISOString().slice(0, 19).replace('T', ' ');
const dayOf = (t) => shanghaiDay(t * 1000, '-');

// The measure starts 2021-02-15; 28 days on each side.
const START = '2021-02-15';
const BEFORE = [local('2021-01-18 00:00'), local('2021-02-15 00:00')];
const AFTER = [local('2021-02-15 00:00'), local('2021-03-15 00:00')];

// Cases this file writes: repair cases (3 before, 1 after), social-channel
// cases with refunds (before 30.00 yuan, after 100.00 + 50.00).
const ROWS = [
  { type: 'repair', channel: 'online', at: '2021-01-20 10:00' },
  { type: 'repair', channel: 'online', at: '2021-02-01 23:30' },
  { type: 'repair', channel: 'phone', at: '2021-02-14 23:59' },
  { type: 'repair', channel: 'online', at: '2021-02-15 00:01' },
  { type: 'refund_only', channel: 'social', at: '2021-02-03 10:00', refund: 3000 },
  { type: 'refund_only', channel: 'social', at: '2021-02-20 10:00', refund: 10000 },
  { type: 'refund_only', channel: 'social', at: '2021-03-01 10:00', refund: 5000 },
];

const staff = {};
let customerId;
const made = [];

function writeRows() {
  const phone = uniquePhone();
  let s = `INSERT INTO customers (phone, name, created_at) VALUES (${q(phone)}, '改进测试', '2021-01-01');
           SET @cust = LAST_INSERT_ID();`;
  ROWS.forEach((r, i) => {
    const no = `IM${tag}${String(i).padStart(2, '0')}`;
    const at = local(r.at);
    s += `INSERT INTO orders (order_no, customer_id, placed_at, delivered_at, payment_method, updated_at)
          VALUES (${q('SO' + no)}, @cust, '2021-01-10 00:00:00', NULL, 'alipay', '2021-01-10 00:00:00');
          SET @order = LAST_INSERT_ID();
          INSERT INTO order_items (order_id, sku, name, category, qty, unit_price_fen, paid_fen)
          VALUES (@order, 'IM', 'x', 'electronics', 1, 20000, 20000);
          SET @item = LAST_INSERT_ID();
          INSERT INTO cases (case_no, customer_id, order_id, type, reason, description, state, revision, channel, nonce, created_at, updated_at)
          VALUES (${q(no)}, @cust, @order, ${q(r.type)}, 'quality_defect', 'improvement test', 'submitted', 1, ${q(r.channel)}, ${q(no)},
                  ${q(dbTime(at))}, ${q(dbTime(at))});
          SET @case = LAST_INSERT_ID();
          INSERT INTO case_items (case_id, order_item_id, qty) VALUES (@case, @item, 1);
          INSERT INTO case_events (case_id, at, actor_kind, actor_id, action, from_state, to_state)
          VALUES (@case, ${q(dbTime(at))}, 'c', @cust, 'submit', NULL, 'submitted');`;
    if (r.refund) {
      s += `INSERT INTO refunds (case_id, amount_fen, reference, staff_id, created_at)
            VALUES (@case, ${r.refund}, 'IM', ${staff.finance}, ${q(dbTime(at + 3600))});`;
    }
  });
  sql(s);
  customerId = sql(`SELECT id FROM customers WHERE phone = ${q(phone)}`)[0][0];
}

// What the raw rows say (every case of the database in those days, this
// file's and any other's): cases of a type, refunds of a channel.
const casesOf = (type, [f, t]) =>
  count(`SELECT COUNT(*) FROM cases WHERE type = ${q(type)} AND created_at >= ${q(dbTime(f))} AND created_at < ${q(dbTime(t))}`);
const refundYuanOf = (channel, [f, t]) =>
  count(`SELECT COALESCE(SUM(r.amount_fen), 0) FROM refunds r JOIN cases c ON c.id = r.case_id
         WHERE c.channel = ${q(channel)} AND r.failed_at IS NULL AND r.created_at >= ${q(dbTime(f))} AND r.created_at < ${q(dbTime(t))}`) / 100;

const inDays = (n) => dayOf(Date.now() / 1000 + n * D);

function form(extra = {}) {
  return {
    title: `改进 ${tag}`, problem: '返修太多', cause: '包装不牢', measure: '换用加厚纸箱',
    owner_id: String(staff.agent), due: inDays(14), metric: 'cases', ...extra,
  };
}

async function create(fields) {
  const m = await staffAs('manager');
  await m.get('/staff/improvements');
  return m.postForm('/staff/improvements', { csrf: m.csrf, ...fields });
}

function idOf(res) {
  assert.equal(res.status, 303, `created: ${res.status} ${res.text.slice(0, 300)}`);
  const m = /^\/staff\/improvements\/(\d+)$/.exec(res.headers.get('location'));
  assert.ok(m, res.headers.get('location'));
  made.push(m[1]);
  return m[1];
}

function dataValue(html, id) {
  const m = new RegExp(`id="${id}"[^>]*data-value="([^"]*)"`).exec(html);
  assert.ok(m, `#${id} on the page`);
  return m[1];
}

before(() => {
  for (const [id, email] of sql(`SELECT id, email FROM staff WHERE email LIKE '%@demo.local'`)) staff[email.split('@')[0]] = id;
  writeRows();
});

after(() => {
  if (made.length) {
    sql(`DELETE FROM improvement_notes WHERE improvement_id IN (${made.join(',')});
         DELETE FROM improvements WHERE id IN (${made.join(',')});`);
  }
});

test('the dashboard links each figure and each row of a split to a prefilled form', async () => {
  const m = await staffAs('manager');
  const dash = await m.get('/staff/dashboard');
  assert.equal(dash.status, 200);
  assert.match(dash.text, /href="\/staff\/improvements\?metric=frt_median#new"/);
  assert.match(dash.text, /href="\/staff\/improvements\?metric=sla_first_response#new"/);
  const res = await m.get('/staff/improvements?metric=frt_mean&dim=reason&val=wrong_item');
  assert.equal(res.status, 200);
  assert.match(res.text, /<option value="frt_mean" selected>/);
  assert.match(res.text, /<option value="reason:wrong_item" selected>/);
  // not a metric, not a split: nothing prefilled
  const odd = await m.get('/staff/improvements?metric=nope&dim=type&val=%27x');
  assert.equal(odd.status, 200);
  assert.doesNotMatch(odd.text, /<option value="[^"]*" selected>/);
});

test('a manager opens an action; its baseline is the dashboard figure of the 28 days before', async () => {
  const before28 = count(`SELECT COUNT(*) FROM audit_log WHERE action = 'improvement_open'`);
  const id = idOf(await create(form({ target: 'type:repair' })));
  const [[metric, dim, val, owner, due, status, start]] = sql(
    `SELECT metric, dim, val, owner_id, due, status, start_day FROM improvements WHERE id = ${id}`);
  assert.deepEqual([metric, dim, val, owner, due, status, start], ['cases', 't', 'repair', String(staff.agent), inDays(14), 'open', inDays(0)]);
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'improvement_open' AND note = ${q(`#${id} cases`)}`), 1);
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'improvement_open'`), before28 + 1);

  const m = await staffAs('manager');
  const page = await m.get(`/staff/improvements/${id}`);
  assert.equal(page.status, 200);
  const dash = await m.get(`/staff/dashboard?from=${inDays(-28)}&to=${inDays(-1)}`);
  const cell = /id="f-repair:cases" data-value="([^"]*)"/.exec(dash.text);
  assert.equal(dataValue(page.text, 'f-baseline'), cell ? cell[1] : '', 'the dashboard shows the same figure');
  // and the raw rows say the same
  const raw = casesOf('repair', [local(`${inDays(-28)} 00:00`), local(`${inDays(0)} 00:00`)]);
  if (cell) assert.equal(Number(cell[1]), raw);
  else assert.equal(raw, 0);
});

test('before and after the measure, worked out from the rows written', async () => {
  const repair = idOf(await create(form({ title: `返修 ${tag}`, target: 'type:repair' })));
  const refund = idOf(await create(form({ title: `退款 ${tag}`, metric: 'refund_total', dim: 'channel', val: 'social' })));
  sql(`UPDATE improvements SET start_day = ${q(START)} WHERE id IN (${repair}, ${refund})`);
  const m = await staffAs('manager');

  const r = await m.get(`/staff/improvements/${repair}`);
  assert.equal(r.status, 200);
  const before = casesOf('repair', BEFORE);
  const afterN = casesOf('repair', AFTER);
  assert.ok(before >= 3 && afterN >= 1, `${before} / ${afterN}`);
  assert.match(r.text, /data-days="28"/);
  assert.match(r.text, /id="p-before">2021-01-18 – 2021-02-14</);
  assert.match(r.text, /id="p-after">2021-02-15 – 2021-03-14</);
  assert.equal(Number(dataValue(r.text, 'f-before')), before);
  assert.equal(Number(dataValue(r.text, 'f-after')), afterN);
  assert.equal(Number(dataValue(r.text, 'f-diff')), afterN - before);
  // fewer cases is better
  const verdict = afterN < before ? 'better' : afterN > before ? 'worse' : 'same';
  assert.match(r.text, new RegExp(`id="verdict" data-verdict="${verdict}"`));
  assert.match(r.text, /data-direction="down"/);

  const f = await m.get(`/staff/improvements/${refund}`);
  const b = refundYuanOf('social', BEFORE);
  const a = refundYuanOf('social', AFTER);
  assert.ok(b >= 30 && a >= 150, `${b} / ${a}`);
  assert.equal(Number(dataValue(f.text, 'f-before')), b);
  assert.equal(Number(dataValue(f.text, 'f-after')), a);
  assert.ok(Math.abs(Number(dataValue(f.text, 'f-diff')) - (a - b)) < 1e-6);
  assert.match(f.text, new RegExp(`data-verdict="${a > b ? 'worse' : a < b ? 'better' : 'same'}"`));
});

test('the owner sees it on the queue page, changes its status with a note; all audited', async () => {
  const id = idOf(await create(form({ title: `队列 ${tag}`, due: inDays(3) })));
  const agent = await staffAs('agent');
  const queue = await agent.get('/staff/queue');
  assert.equal(queue.status, 200);
  const box = /<section class="card" id="my-improvements"[\s\S]*?<\/section>/.exec(queue.text);
  assert.ok(box, 'the box of the member\'s own actions');
  assert.match(box[0], new RegExp(`href="/staff/improvements/${id}"`));
  // someone who neither owns it nor manages: 403
  const wh = await staffAs('warehouse');
  assertErrorPage(await wh.get(`/staff/improvements/${id}`), 403);
  await wh.get('/staff/queue');
  assertErrorPage(await wh.postForm(`/staff/improvements/${id}`, { csrf: wh.csrf, status: 'done', note: 'x' }), 403);
  assert.equal(sql(`SELECT status FROM improvements WHERE id = ${id}`)[0][0], 'open');

  const page = await agent.get(`/staff/improvements/${id}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /href="\/staff\/improvements"/, 'the owner is not sent to the managers\' list');
  const res = await agent.postForm(`/staff/improvements/${id}`, { csrf: agent.csrf, status: 'done', note: '纸箱已更换' });
  assert.equal(res.status, 303);
  const [[status, closed]] = sql(`SELECT status, closed_at IS NOT NULL FROM improvements WHERE id = ${id}`);
  assert.deepEqual([status, closed], ['done', '1']);
  assert.deepEqual(sql(`SELECT status, note, staff_id FROM improvement_notes WHERE improvement_id = ${id}`),
    [['done', '纸箱已更换', String(staff.agent)]]);
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'improvement_status' AND staff_id = ${staff.agent}
                      AND note = ${q(`#${id} done: 纸箱已更换`)}`), 1);
  const shown = await agent.get(`/staff/improvements/${id}`);
  assert.match(shown.text, /纸箱已更换/);
  assert.match(shown.text, /id="imp-status" data-status="done"/);
  // done: no longer in the owner's box
  const q2 = await agent.get('/staff/queue');
  assert.doesNotMatch(q2.text, new RegExp(`href="/staff/improvements/${id}"`));
  // the manager's audit page shows it
  const m = await staffAs('manager');
  const audit = await m.get(`/staff/audit?staff_id=${staff.agent}`);
  assert.match(audit.text, new RegExp(`#${id} done: 纸箱已更换`));
  // reopened by a manager
  await m.get(`/staff/improvements/${id}`);
  assert.equal((await m.postForm(`/staff/improvements/${id}`, { csrf: m.csrf, status: 'open', note: '' })).status, 303);
  assert.deepEqual(sql(`SELECT status, closed_at IS NULL FROM improvements WHERE id = ${id}`)[0], ['open', '1']);
  // the longest note (500 Chinese characters): kept whole, its first 200 in the audit trail
  const long = '纸'.repeat(499) + '箱';
  assert.equal((await m.postForm(`/staff/improvements/${id}`, { csrf: m.csrf, status: 'dropped', note: long })).status, 303);
  assert.equal(sql(`SELECT note FROM improvement_notes WHERE improvement_id = ${id} ORDER BY id DESC LIMIT 1`)[0][0], long);
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'improvement_status' AND note = ${q(`#${id} dropped: ${'纸'.repeat(200)}`)}`), 1);
  const tooLong = await m.postForm(`/staff/improvements/${id}`, { csrf: m.csrf, status: 'open', note: long + '!' });
  assert.equal(tooLong.status, 400);
  assert.ok('note' in fieldErrors(tooLong.text));
  assert.equal(sql(`SELECT status FROM improvements WHERE id = ${id}`)[0][0], 'dropped');
});

test('an open action past its due date is flagged overdue', async () => {
  const id = idOf(await create(form({ title: `逾期 ${tag}` })));
  const m = await staffAs('manager');
  assert.doesNotMatch((await m.get(`/staff/improvements/${id}`)).text, /id="imp-overdue"/);
  sql(`UPDATE improvements SET due = ${q(inDays(-1))} WHERE id = ${id}`);
  assert.match((await m.get(`/staff/improvements/${id}`)).text, /id="imp-overdue"/);
  const list = await m.get('/staff/improvements');
  assert.match(list.text, new RegExp(`data-imp="${id}" data-status="open" data-overdue="1"`));
  sql(`UPDATE improvements SET status = 'dropped' WHERE id = ${id}`);
  assert.doesNotMatch((await m.get(`/staff/improvements/${id}`)).text, /id="imp-overdue"/);
});

test('bad input: refused with the reason, nothing written', async () => {
  const n = () => count('SELECT COUNT(*) FROM improvements');
  const audits = () => count(`SELECT COUNT(*) FROM audit_log WHERE action LIKE 'improvement%'`);
  const n0 = n();
  const a0 = audits();
  const cases = [
    [{ due: inDays(-1) }, 'due'],
    [{ due: '2026-13-01' }, 'due'],
    [{ due: '' }, 'due'],
    [{ metric: 'nope' }, 'metric'],
    [{ metric: "cases' OR 1=1" }, 'metric'],
    [{ owner_id: '999999999' }, 'owner_id'],
    [{ owner_id: 'x' }, 'owner_id'],
    [{ target: 'type:nope' }, 'target'],
    [{ dim: 'category', val: 'x' }, 'target'],
    [{ title: '' }, 'title'],
    [{ measure: 'x'.repeat(2001) }, 'measure'],
  ];
  for (const [extra, field] of cases) {
    const res = await create(form(extra));
    assert.equal(res.status, 400, `${JSON.stringify(extra).slice(0, 60)}: ${res.status}`);
    assert.ok(field in fieldErrors(res.text), `${JSON.stringify(extra).slice(0, 60)}: error on ${field} (${Object.keys(fieldErrors(res.text))})`);
    assert.doesNotMatch(res.text, /SELECT|INSERT|\.c:/);
  }
  // a disabled member is no owner
  const disabled = sql(`SELECT id FROM staff WHERE disabled = 1 LIMIT 1`);
  if (disabled.length) assert.equal((await create(form({ owner_id: disabled[0][0] }))).status, 400);
  // someone else than a manager
  for (const role of ['agent', 'finance', 'tech']) {
    const c = await staffAs(role);
    await c.get('/staff/queue');
    assertErrorPage(await c.postForm('/staff/improvements', { csrf: c.csrf, ...form() }), 403);
    assertErrorPage(await c.get('/staff/improvements'), 403);
  }
  assert.equal(n(), n0);
  assert.equal(audits(), a0);

  // a status not in the list
  const id = idOf(await create(form({ title: `状态 ${tag}` })));
  const m = await staffAs('manager');
  await m.get(`/staff/improvements/${id}`);
  for (const status of ['closed', '', 'OPEN']) {
    const res = await m.postForm(`/staff/improvements/${id}`, { csrf: m.csrf, status, note: 'x' });
    assert.equal(res.status, 400, `status ${status}`);
    assert.ok('status' in fieldErrors(res.text));
  }
  assert.equal(sql(`SELECT status FROM improvements WHERE id = ${id}`)[0][0], 'open');
  assert.equal(count(`SELECT COUNT(*) FROM improvement_notes WHERE improvement_id = ${id}`), 0);
  assertErrorPage(await m.get('/staff/improvements/999999999'), 404);
  assertErrorPage(await m.get('/staff/improvements/abc'), 404);
});

test('the list pages by 20, newest first', async () => {
  const ids = [];
  for (let i = 0; i < 21; i++) {
    sql(`INSERT INTO improvements (title, problem, cause, measure, owner_id, created_by, metric, dim, val, created_at, start_day, due)
         VALUES (${q(`分页 ${tag} ${i}`)}, 'p', 'c', 'm', ${staff.agent}, ${staff.manager}, 'cases', 'a', '', UTC_TIMESTAMP(), ${q(inDays(0))}, ${q(inDays(5))})`);
  }
  for (const [id] of sql(`SELECT id FROM improvements WHERE title LIKE ${q(`分页 ${tag} %`)} ORDER BY id`)) ids.push(id);
  made.push(...ids);
  const m = await staffAs('manager');
  const p1 = await m.get('/staff/improvements');
  const rows1 = [...p1.text.matchAll(/<tr data-imp="(\d+)"/g)].map((x) => x[1]);
  assert.equal(rows1.length, 20);
  assert.deepEqual(rows1.slice(0, 20), ids.slice(1).reverse(), 'the newest 20 first');
  assert.match(p1.text, /rel="next" href="\/staff\/improvements\?page=2"/);
  const p2 = await m.get('/staff/improvements?page=2');
  assert.equal([...p2.text.matchAll(/<tr data-imp="(\d+)"/g)][0][1], ids[0]);
  assert.match(p2.text, /rel="prev"/);
});
