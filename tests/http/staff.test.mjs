// staff.test.mjs — the service team's side as far as it is built: staff
// sign-in and sign-out, tokens kept apart from customers', the work queue
// with masked phones and its filters, and one case with the whole phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  Client, DEMO_CUSTOMER, DEMO_PASSWORD, assertErrorPage, assertRedirect,
  caseNoOf, count, freshCustomer, giveRiskHistory, login, png, q, sql, submitRequest,
} from './lib.mjs';

async function staffLogin(email, password = DEMO_PASSWORD) {
  const c = new Client();
  const page = await c.get('/staff/login');
  assert.equal(page.status, 200);
  const res = await c.postForm('/staff/login', { csrf: c.csrf, login: email, password });
  return { c, res };
}

function masked(phone) {
  return phone.slice(0, 3) + '****' + phone.slice(-4);
}

test('an agent signs in to the queue; a wrong password is a 401 with the form again', async () => {
  const { c, res } = await staffLogin('agent@demo.local');
  assertRedirect(res, '/staff/queue');
  const queue = await c.get('/staff/queue');
  assert.equal(queue.status, 200);
  assert.match(queue.text, /<h1>Work queue<\/h1>/);

  const bad = await staffLogin('agent@demo.local', 'wrong-password');
  assert.equal(bad.res.status, 401);
  assert.match(bad.res.text, /class="field-error"/);
  assert.equal(bad.c.cookie('sid'), undefined, 'no session after a wrong password');
});

test('a customer\'s password does not open the staff side, nor a staff one the customer side', async () => {
  const asCustomer = await staffLogin(DEMO_CUSTOMER);
  assert.equal(asCustomer.res.status, 401, 'a customer login on /staff/login fails');

  const { c } = await staffLogin('warehouse@demo.local');
  assertRedirect(await c.get('/my/orders'), '/login', 'a staff token is no customer session');
  const customer = await login(DEMO_CUSTOMER);
  assertRedirect(await customer.get('/staff/queue'), '/staff/login', 'a customer token is no staff session');
});

test('the queue and the case page show a new case with a masked phone; the agent\'s reveal shows the whole phone', async () => {
  const { client, phone, orderNo, order } = await freshCustomer('STAFFQ', [
    { sku: 'CAM-01', name: '运动相机', category: 'electronics', qty: 1, unit_price_fen: 129900 },
  ]);
  const itemId = order.items[0].id;
  const { res } = await submitRequest(client, orderNo, {
    type: 'return_refund', reason: 'quality_defect', description: '无法开机',
    qty: { [itemId]: 1 }, photos: [{ filename: 'front.png', type: 'image/png', data: png() }],
  });
  const caseNo = caseNoOf(res);

  const { c } = await staffLogin('agent@demo.local');
  const queue = await c.get('/staff/queue?q=' + encodeURIComponent(phone));
  assert.equal(queue.status, 200);
  const row = queue.text.match(new RegExp(`<li class="card case-row" data-case="${caseNo}">[\\s\\S]*?</li>`));
  assert.ok(row, 'the case is in the queue');
  assert.ok(row[0].includes(masked(phone)), 'the phone is shown masked');
  assert.ok(!row[0].includes(phone), 'the whole phone never appears in a queue row');

  const byOrder = await c.get('/staff/queue?q=' + encodeURIComponent(orderNo));
  assert.match(byOrder.text, new RegExp(`data-case="${caseNo}"`), 'search by order number finds it');
  assert.ok(byOrder.text.includes(masked(phone)), 'found by order number, the phone is masked');
  assert.ok(!byOrder.text.includes(phone), 'a page not searched by phone never shows the whole phone');
  const otherType = await c.get(`/staff/queue?q=${encodeURIComponent(orderNo)}&type=repair`);
  assert.doesNotMatch(otherType.text, new RegExp(`data-case="${caseNo}"`), 'a type filter leaves it out');

  const page = await c.get(`/staff/cases/${caseNo}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(masked(phone)) && !page.text.includes(phone), 'the case page masks the phone (issue 16)');
  // the time limits and the customer's risk are read before deciding (issue 14)
  const at = (id) => page.text.indexOf(`id="${id}"`);
  assert.ok(at('timers') > 0 && at('risk') > 0 && at('actions') > 0, 'limits, risk and actions are on the page');
  assert.ok(at('timers') < at('actions') && at('risk') < at('actions'), 'the limits and the risk come before the buttons');
  const revealed = await c.postForm(`/staff/cases/${caseNo}/reveal`, { csrf: c.csrf });
  assert.equal(revealed.status, 200);
  assert.ok(revealed.text.includes(phone), 'the reveal shows the whole phone');
  assert.match(page.text, /data-state="submitted"/);
  const img = page.text.match(/<img src="(\/attachments\/\d+)"/);
  assert.ok(img, 'the photo is on the staff case page');
  const photo = await c.get(img[1]);
  assert.equal(photo.status, 200, 'staff may open the customer\'s photo');
  assert.equal(photo.headers.get('content-type'), 'image/png');
});

test('queue filters that are not states or types are a 400 page; an unknown case is a 404', async () => {
  const { c } = await staffLogin('agent@demo.local');
  assertErrorPage(await c.get('/staff/queue?status=drop%20table'), 400, 'bad status');
  assertErrorPage(await c.get('/staff/queue?type=everything'), 400, 'bad type');
  assertErrorPage(await c.get('/staff/cases/AS000000000000'), 404, 'unknown case');
});

test('staff sign-out ends the session: the old token no longer opens the queue', async () => {
  const { c } = await staffLogin('finance@demo.local');
  const sid = c.cookie('sid');
  await c.get('/staff/queue');
  assertRedirect(await c.postForm('/staff/logout', { csrf: c.csrf }), '/staff/login');
  const replay = new Client();
  replay.setCookie('sid', sid);
  assertRedirect(await replay.get('/staff/queue'), '/staff/login', 'the logged-out token is refused');
});

/** A fresh customer with one submitted case of this type; a refund
 * history makes them medium risk, so a return waits for the goods. */
async function newCase(tag, type, reason = 'quality_defect') {
  const cust = await freshCustomer(tag, [
    { sku: 'SPK-01', name: '蓝牙音箱', category: 'electronics', qty: 1, unit_price_fen: 29900 },
  ]);
  giveRiskHistory(cust.phone, 'medium');
  const spec = { type, reason, description: 'no sound', qty: { [cust.order.items[0].id]: 1 } };
  if (type === 'refund_only') spec.amount = '50.00';
  const { res } = await submitRequest(cust.client, cust.orderNo, spec);
  return { ...cust, caseNo: caseNoOf(res) };
}

function caseRow(caseNo) {
  const [state, version] = sql(`SELECT state, version FROM cases WHERE case_no = ${q(caseNo)}`)[0];
  return { state, version: Number(version) };
}

function events(caseNo, action) {
  return count(`SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id
                WHERE c.case_no = ${q(caseNo)} AND e.action = ${q(action)}`);
}

test('an agent approves a return: it waits for the goods, and the customer sees it', async () => {
  const { client, caseNo } = await newCase('APPR', 'return_refund');
  const { c } = await staffLogin('agent@demo.local');
  const page = await c.get(`/staff/cases/${caseNo}`);
  assert.match(page.text, new RegExp(`action="/staff/cases/${caseNo}/approve"`), 'the agent is offered approve');
  const before = caseRow(caseNo);
  const res = await c.postForm(`/staff/cases/${caseNo}/approve`, { csrf: c.csrf, version: before.version });
  assertRedirect(res, `/staff/cases/${caseNo}`);
  assert.deepEqual(caseRow(caseNo), { state: 'awaiting_return', version: before.version + 1 });
  const mine = await client.get(`/my/requests/${caseNo}`);
  assert.match(mine.text, /data-state="awaiting_return"/, 'the customer sees the new state');

  const stale = await c.postForm(`/staff/cases/${caseNo}/approve`, { csrf: c.csrf, version: before.version });
  assertErrorPage(stale, 409, 'approving again with the old version');
  assert.equal(events(caseNo, 'approve'), 1, 'one approval on the timeline');
});

test('eight agents approving the same case at once: one approval, seven "already handled"', async () => {
  const { caseNo } = await newCase('RACE', 'refund_only');
  const agents = await Promise.all(Array.from({ length: 8 }, () => staffLogin('agent@demo.local')));
  const { version } = caseRow(caseNo);
  for (const { c } of agents) await c.get(`/staff/cases/${caseNo}`);
  const answers = await Promise.all(agents.map(({ c }) =>
    c.postForm(`/staff/cases/${caseNo}/approve`, { csrf: c.csrf, version })));
  const statuses = answers.map((r) => r.status).sort();
  assert.deepEqual(statuses, [303, 409, 409, 409, 409, 409, 409, 409]);
  assert.deepEqual(caseRow(caseNo), { state: 'refund_pending', version: version + 1 });
  assert.equal(events(caseNo, 'approve'), 1, 'exactly one approval event');
});

test('a role the table does not name gets a 403 and nothing changes', async () => {
  const { caseNo } = await newCase('ROLE', 'exchange');
  const before = caseRow(caseNo);
  const { c } = await staffLogin('warehouse@demo.local');
  const page = await c.get(`/staff/cases/${caseNo}`);
  assert.doesNotMatch(page.text, /\/approve"/, 'warehouse is not offered approve');
  assertErrorPage(await c.postForm(`/staff/cases/${caseNo}/approve`, { csrf: c.csrf, version: before.version }), 403, 'warehouse approves');
  assertErrorPage(await c.postForm(`/staff/cases/${caseNo}/frobnicate`, { csrf: c.csrf, version: before.version }), 404, 'unknown action');
  assert.deepEqual(caseRow(caseNo), before);
});

test('a rejection needs a reason, which the customer then reads on the case', async () => {
  const { client, caseNo } = await newCase('REJ', 'repair');
  const { c } = await staffLogin('agent@demo.local');
  await c.get(`/staff/cases/${caseNo}`);
  const { version } = caseRow(caseNo);
  assertErrorPage(await c.postForm(`/staff/cases/${caseNo}/reject`, { csrf: c.csrf, version, reason: '  ' }), 400, 'no reason');
  assert.equal(caseRow(caseNo).state, 'submitted', 'a refused rejection changes nothing');
  const reason = '照片显示为人为损坏 <b>不在保修范围</b>';
  assertRedirect(await c.postForm(`/staff/cases/${caseNo}/reject`, { csrf: c.csrf, version, reason }), `/staff/cases/${caseNo}`);
  assert.equal(caseRow(caseNo).state, 'rejected');
  const mine = await client.get(`/my/requests/${caseNo}`);
  assert.ok(mine.text.includes('照片显示为人为损坏 &lt;b&gt;不在保修范围&lt;/b&gt;'), 'the customer reads the reason, escaped');
});

test('the queue shows each case\'s nearest time limit and filters the late and the nearly late', async () => {
  const { caseNo, orderNo } = await newCase('SLA', 'refund_only');
  const timers = () => Object.fromEntries(sql(`SELECT t.timer, t.stopped_at IS NULL FROM case_timers t
      JOIN cases c ON c.id = t.case_id WHERE c.case_no = ${q(caseNo)}`).map(([k, running]) => [k, running === '1']));
  assert.deepEqual(timers(), { first_response: true, review: true }, 'a refund-only case starts the first-response and review timers');

  const { c } = await staffLogin('agent@demo.local');
  const rowOf = (html) => html.match(new RegExp(`<li class="card case-row" data-case="${caseNo}">[\\s\\S]*?</li>`))?.[0];
  let row = rowOf((await c.get('/staff/queue?q=' + orderNo)).text);
  assert.match(row, /data-sla="ok"/, 'a fresh case is on time');

  const setDue = (startAgo, dueIn) => sql(`UPDATE cases SET
      next_due_start = UTC_TIMESTAMP() - INTERVAL ${startAgo} MINUTE,
      next_due = UTC_TIMESTAMP() + INTERVAL ${dueIn} MINUTE WHERE case_no = ${q(caseNo)}`);
  setDue(90, 10); // 90 of 100 minutes used: at risk
  row = rowOf((await c.get(`/staff/queue?q=${orderNo}&sla=at_risk`)).text);
  assert.ok(row, 'the at-risk filter finds it');
  assert.match(row, /data-sla="at_risk"/);
  assert.equal(rowOf((await c.get(`/staff/queue?q=${orderNo}&sla=breached`)).text), undefined, 'not yet breached');

  setDue(120, -5); // past its due time
  row = rowOf((await c.get(`/staff/queue?q=${orderNo}&sla=breached`)).text);
  assert.ok(row, 'the breached filter finds it');
  assert.match(row, /data-sla="breached"/);
  assertErrorPage(await c.get('/staff/queue?sla=soon'), 400, 'an unknown sla filter');

  await c.get(`/staff/cases/${caseNo}`);
  await c.postForm(`/staff/cases/${caseNo}/approve`, { csrf: c.csrf, version: caseRow(caseNo).version });
  assert.deepEqual(timers(), { first_response: false, review: false, payout: true, handling: true },
    'approval answers the customer, ends the review and starts payout and handling');
});
