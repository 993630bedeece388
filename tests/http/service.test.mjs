// service.test.mjs — the journeys of issue 3 beyond a plain return, over
// real HTTP against the real stack: on-site repairs (same city and other
// city arrival limits), a mailed-in repair, a fast refund for a low-risk
// customer, a high-risk refund waiting for a manager, assigning a case, a
// case registered by staff for a customer who phoned, the manager's
// calendar, and the six-photo cap across a resubmission.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  assertErrorPage, assertRedirect, caseNoOf, caseRow, count, fieldErrors, freshCustomer,
  giveRiskHistory, parseRequestForm, png, q, shanghaiDay, sql, staffAs, submitRequest,
  assertRefundRefused,
} from './lib.mjs';

async function step(role, caseNo, action, fields = {}) {
  const c = await staffAs(role);
  await c.get(`/staff/cases/${caseNo}`);
  return c.postForm(`/staff/cases/${caseNo}/${action}`, { csrf: c.csrf, version: caseRow(caseNo).version, ...fields });
}

async function stepOk(role, caseNo, action, fields, state) {
  assertRedirect(await step(role, caseNo, action, fields), `/staff/cases/${caseNo}`, `${role} ${action}`);
  assert.equal(caseRow(caseNo).state, state, `after ${action}`);
}

/** A customer's submitted case. opts: city, risk ('low': none given),
 * unit (fen), amount (refund_only), repairMode, photos. */
async function newCase(tag, type, opts = {}) {
  const cust = await freshCustomer(tag, [
    { sku: 'WM-01', name: '洗衣机', category: 'appliance', qty: 1, unit_price_fen: opts.unit ?? 259900 },
  ], { city: opts.city ?? '上海' });
  if (opts.risk && opts.risk !== 'low') giveRiskHistory(cust.phone, opts.risk);
  const spec = { type, reason: 'quality_defect', description: '不能脱水', qty: { [cust.order.items[0].id]: 1 }, photos: opts.photos };
  if (opts.amount) spec.amount = opts.amount;
  const { res } = await submitRequest(cust.client, cust.orderNo, spec);
  const caseNo = caseNoOf(res);
  if (opts.repairMode) sql(`UPDATE cases SET repair_mode = ${q(opts.repairMode)} WHERE case_no = ${q(caseNo)}`);
  return { ...cust, caseNo };
}

function timer(caseNo, name) {
  const rows = sql(`SELECT TIMESTAMPDIFF(SECOND, t.started_at, t.due_at), t.stopped_at IS NOT NULL
                    FROM case_timers t JOIN cases c ON c.id = t.case_id
                    WHERE c.case_no = ${q(caseNo)} AND t.timer = ${q(name)}`);
  return rows.length ? { seconds: Number(rows[0][0]), stopped: rows[0][1] === '1' } : null;
}

function refunds(caseNo) {
  return sql(`SELECT r.amount_fen FROM refunds r JOIN cases c ON c.id = r.case_id WHERE c.case_no = ${q(caseNo)}`)
    .map(([fen]) => Number(fen));
}

/** YYYY-MM-DD in Shanghai. */
function staffId(role) {
  return sql(`SELECT id FROM staff WHERE email = ${q(`${role}@demo.local`)}`)[0][0];
}

test('on-site repair in a service city: assign a technician, arrive within 24 h, repaired, completed', async () => {
  const cust = await freshCustomer('ONS', [{ sku: 'AC-01', name: '空调', category: 'appliance', qty: 1, unit_price_fen: 399900 }]);
  const form = await cust.client.get(`/my/orders/${cust.orderNo}/new`);
  assert.match(form.text, /name="repair_mode" value="on_site"/, 'the form offers an on-site repair');
  const slot = parseRequestForm(form.text).slots[0];
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'repair', reason: 'quality_defect', description: '不制冷', qty: { [cust.order.items[0].id]: 1 },
    extra: [['repair_mode', 'on_site'], ['address', '上海市徐汇区漕溪北路 1 号'], ['slot', slot]],
  });
  const caseNo = caseNoOf(res);
  assert.equal(sql(`SELECT repair_mode FROM cases WHERE case_no = ${q(caseNo)}`)[0][0], 'on_site');

  await stepOk('agent', caseNo, 'approve', {}, 'approved');
  assert.deepEqual(timer(caseNo, 'arrival'), { seconds: 24 * 3600, stopped: false }, 'Shanghai is a service city: 24 h to arrive');
  const limits = (await (await staffAs('agent')).get(`/staff/cases/${caseNo}`)).text;
  assert.match(limits, /<li data-mark="ok">On-site arrival: due \d{4}-\d\d-\d\d \d\d:\d\d/, 'the staff page lists the arrival limit');
  assert.match(limits, /<li data-mark="met">First response/, 'and the first response, met');

  const agentPage = await (await staffAs('logistics')).get(`/staff/cases/${caseNo}`);
  assert.match(agentPage.text, /<select id="assign-staff" name="staff_id"/, 'logistics is offered to assign');
  const assignList = agentPage.text.match(/<select id="assign-staff"[\s\S]*?<\/select>/)[0]; // not the reply templates' list
  assert.ok(assignList.includes(`<option value="${staffId('tech')}"`), 'a technician is on the list');
  assert.ok(!assignList.includes(`<option value="${staffId('warehouse')}"`), 'the warehouse is not a technician');
  assertErrorPage(await step('logistics', caseNo, 'assign', { staff_id: staffId('warehouse') }), 400, 'sending a non-technician');
  assertErrorPage(await step('logistics', caseNo, 'assign', { staff_id: '999999' }), 400, 'sending nobody');
  assertErrorPage(await step('logistics', caseNo, 'assign', {}), 400, 'no staff_id');
  assert.deepEqual(caseRow(caseNo), { state: 'approved', version: 2 }, 'the refusals changed nothing');
  await stepOk('logistics', caseNo, 'assign', { staff_id: staffId('tech') }, 'technician_assigned');
  assert.equal(sql(`SELECT assignee_id FROM cases WHERE case_no = ${q(caseNo)}`)[0][0], staffId('tech'));

  assertErrorPage(await step('agent', caseNo, 'arrive'), 403, 'only the technician arrives');
  await stepOk('tech', caseNo, 'arrive', {}, 'on_site');
  assert.equal(timer(caseNo, 'arrival').stopped, true, 'the arrival stops its limit');
  const [[arrivedAt]] = sql(`SELECT e.at FROM case_events e JOIN cases c ON c.id = e.case_id
                              WHERE c.case_no = ${q(caseNo)} AND e.action = 'arrive'`);
  assert.match(arrivedAt, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, 'the arrival time is on the record');
  await stepOk('tech', caseNo, 'repaired', { note: '更换压缩机' }, 'repaired');
  assert.equal(timer(caseNo, 'handling').stopped, true, 'the repair done stops handling');
  await stepOk('tech', caseNo, 'complete', {}, 'completed');
  assert.deepEqual(timer(caseNo, 'followup'), { seconds: 48 * 3600, stopped: false },
    'completion starts the 48 h follow-up; the invitation does not end it (followups.test.mjs)');

  const mine = await cust.client.get(`/my/requests/${caseNo}`);
  assert.match(mine.text, /id="repair-mode">On-site</, 'the customer sees the kind of repair');
  assert.match(mine.text, /data-state="completed"/);
  assert.ok(mine.text.includes('更换压缩机'), 'and the technician\'s note');
});

test('on-site repair in another city: 72 h to arrive', async () => {
  const { caseNo } = await newCase('ONS2', 'repair', { city: '乌鲁木齐', repairMode: 'on_site' });
  await stepOk('tech', caseNo, 'approve', {}, 'approved');
  assert.deepEqual(timer(caseNo, 'arrival'), { seconds: 72 * 3600, stopped: false });
});

test('mailed-in repair: the parcel comes in, is repaired and goes back', async () => {
  const { client, caseNo } = await newCase('MAIL', 'repair');
  assert.equal(sql(`SELECT repair_mode FROM cases WHERE case_no = ${q(caseNo)}`)[0][0], 'mail_in', 'mail-in is the default');
  await stepOk('agent', caseNo, 'approve', {}, 'awaiting_return');
  assert.equal(timer(caseNo, 'arrival'), null, 'no arrival limit for a parcel');
  await client.get(`/my/requests/${caseNo}`);
  assertRedirect(await client.postForm(`/my/requests/${caseNo}/shipment`, { csrf: client.csrf, carrier: 'sf', tracking_no: 'SF123456789012' }),
    `/my/requests/${caseNo}`);
  await stepOk('warehouse', caseNo, 'receive', {}, 'received');
  assertErrorPage(await step('warehouse', caseNo, 'inspect', { result: 'pass', note: 'x' }), 409, 'a repair is not inspected for a refund');
  await stepOk('tech', caseNo, 'repaired', {}, 'repaired');
  const shipPage = await (await staffAs('logistics')).get(`/staff/cases/${caseNo}`);
  const offered = [...shipPage.text.matchAll(/<datalist id="ship-carriers">([\s\S]*?)<\/datalist>/g)][0][1];
  assert.deepEqual([...offered.matchAll(/<option value="([^"]*)">/g)].map((m) => m[1]).slice(0, 2), ['SF Express', 'JD Logistics'],
    'the carriers are offered as the name is typed');
  await stepOk('logistics', caseNo, 'ship', { carrier: '顺丰', tracking_no: 'SF-BACK-1' }, 'shipped_back');
  await stepOk('agent', caseNo, 'complete', {}, 'completed');
  const timeline = sql(`SELECT e.action FROM case_events e JOIN cases c ON c.id = e.case_id
                        WHERE c.case_no = ${q(caseNo)} ORDER BY e.id`).map(([a]) => a);
  assert.deepEqual(timeline, ['submit', 'approve', 'shipment', 'receive', 'repaired', 'ship', 'complete', 'survey_invite']);
});

test('fast refund: a low-risk customer is paid on approval, and the goods come back after', async () => {
  const { client, caseNo } = await newCase('FAST', 'return_refund', { risk: 'low', unit: 19900 });
  const staffPage = await (await staffAs('agent')).get(`/staff/cases/${caseNo}`);
  assert.match(staffPage.text, /id="risk" data-risk="low"/);
  await stepOk('agent', caseNo, 'approve', {}, 'refund_pending');
  assert.equal(sql(`SELECT fast_refund FROM cases WHERE case_no = ${q(caseNo)}`)[0][0], '1');
  await stepOk('finance', caseNo, 'refund', { amount: '199.00', reference: 'FAST-1' }, 'awaiting_return');
  assert.deepEqual(refunds(caseNo), [19900], 'paid before the goods are back');

  const page = await client.get(`/my/requests/${caseNo}`);
  assert.match(page.text, /id="fast-refund"/, 'the customer sees it is a fast refund');
  assert.doesNotMatch(page.text, /\/cancel"/, 'once paid, no more cancelling');
  assertErrorPage(await client.postForm(`/my/requests/${caseNo}/cancel`, { csrf: client.csrf }), 409, 'cancel after a fast refund');
  assertRedirect(await client.postForm(`/my/requests/${caseNo}/shipment`, { csrf: client.csrf, carrier: 'zto', tracking_no: '731234567890' }),
    `/my/requests/${caseNo}`);
  await stepOk('warehouse', caseNo, 'receive', {}, 'received');
  await stepOk('warehouse', caseNo, 'inspect', { result: 'pass' }, 'completed');
  assert.deepEqual(refunds(caseNo), [19900], 'still one refund');
});

test('a medium-risk customer\'s return waits for the goods before any refund', async () => {
  const { caseNo } = await newCase('SLOW', 'return_refund', { risk: 'medium' });
  await stepOk('agent', caseNo, 'approve', {}, 'awaiting_return');
  assert.equal(sql(`SELECT fast_refund FROM cases WHERE case_no = ${q(caseNo)}`)[0][0], '0');
  assertErrorPage(await step('finance', caseNo, 'refund', { amount: '1.00', reference: 'NO' }), 409, 'no refund before inspection');
});

test('a high-risk customer\'s refund over the threshold waits for a manager; under it, finance pays', async () => {
  const big = await newCase('HOLD', 'refund_only', { risk: 'high', amount: '800.00' });
  await stepOk('agent', big.caseNo, 'approve', {}, 'refund_pending');
  const fin = await (await staffAs('finance')).get(`/staff/cases/${big.caseNo}`);
  assert.match(fin.text, /id="risk" data-risk="high"/);
  assert.match(fin.text, /500\.00/, 'finance sees the threshold next to the amount');
  await stepOk('finance', big.caseNo, 'refund', { amount: '800.00', reference: 'PAY-HOLD' }, 'refund_approval');
  assert.deepEqual(refunds(big.caseNo), [], 'nothing paid yet');
  assert.equal(sql(`SELECT pending_refund_fen FROM cases WHERE case_no = ${q(big.caseNo)}`)[0][0], '80000');
  assertErrorPage(await step('finance', big.caseNo, 'refund', { amount: '800.00', reference: 'AGAIN' }), 403, 'finance cannot approve it');
  const mgr = await (await staffAs('manager')).get(`/staff/cases/${big.caseNo}`);
  assert.match(mgr.text, /id="refund-amount" name="amount"[^>]*value="800\.00"/, 'the manager sees the amount asked');
  await stepOk('manager', big.caseNo, 'refund', { amount: '800.00', reference: 'PAY-HOLD' }, 'refunded');
  assert.deepEqual(refunds(big.caseNo), [80000]);
  assert.equal(sql(`SELECT pending_refund_fen IS NULL FROM cases WHERE case_no = ${q(big.caseNo)}`)[0][0], '1');

  const small = await newCase('HOLD2', 'refund_only', { risk: 'high', amount: '300.00' });
  await stepOk('agent', small.caseNo, 'approve', {}, 'refund_pending');
  await stepOk('finance', small.caseNo, 'refund', { amount: '300.00', reference: 'PAY-SMALL' }, 'refunded');

  const over = await newCase('HOLD3', 'refund_only', { risk: 'high', amount: '900.00' });
  await stepOk('agent', over.caseNo, 'approve', {}, 'refund_pending');
  assertRefundRefused(await step('finance', over.caseNo, 'refund', { amount: '900.01', reference: 'X' }), '900.01', '900.00', 'over the cap is refused before it waits');
  assert.equal(caseRow(over.caseNo).state, 'refund_pending');
});

test('any open case can be assigned; the queue filters by who handles it', async () => {
  const { caseNo } = await newCase('ASG', 'exchange', { risk: 'medium' });
  await stepOk('agent', caseNo, 'assign', { staff_id: staffId('agent') }, 'submitted');
  const agent = await staffAs('agent');
  const mine = await agent.get('/staff/queue?assignee=me');
  assert.ok(mine.text.includes(`data-case="${caseNo}"`), 'the case is in "mine"');
  const theirs = await agent.get(`/staff/queue?assignee=${staffId('tech')}`);
  assert.ok(!theirs.text.includes(`data-case="${caseNo}"`), 'and not in someone else\'s');
  assertErrorPage(await agent.get('/staff/queue?assignee=bob'), 400, 'a bad assignee filter');
  assertErrorPage(await step('finance', caseNo, 'assign', { staff_id: staffId('agent') }), 403, 'finance does not assign');
  sql(`UPDATE staff SET disabled = 1 WHERE email = 'logistics@demo.local'`);
  try {
    assertErrorPage(await step('agent', caseNo, 'assign', { staff_id: staffId('logistics') }), 400, 'a disabled member');
  } finally {
    sql(`UPDATE staff SET disabled = 0 WHERE email = 'logistics@demo.local'`);
  }
  const page = await agent.get(`/staff/cases/${caseNo}`);
  assert.match(page.text, /id="assignee">客服小王</, 'the case page says who handles it');
});

test('an agent registers a case for a customer who phoned, with the channel', async () => {
  const cust = await freshCustomer('PHONE', [{ sku: 'TV-01', name: '电视', category: 'electronics', qty: 1, unit_price_fen: 499900 }]);
  const agent = await staffAs('agent');
  const start = await agent.get('/staff/cases/new');
  assert.equal(start.status, 200);
  assert.match(start.text, /name="customer"/);
  const unknown = await agent.get('/staff/cases/new?customer=19900000000&order_no=NOPE');
  assert.equal(unknown.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(unknown.text)), ['customer'], 'no such customer (their orders are not looked at)');
  const wrongOrder = await agent.get(`/staff/cases/new?customer=${cust.phone}&order_no=NOPE`);
  assert.equal(wrongOrder.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(wrongOrder.text)), ['order_no']);

  // The caller knows only the phone: the customer's orders, each a link to its form.
  const listed = await agent.get(`/staff/cases/new?customer=${cust.phone}&order_no=`);
  assert.equal(listed.status, 200);
  assert.match(listed.text, new RegExp(`href="/staff/cases/new\\?customer=${cust.phone}&amp;order_no=${cust.orderNo}">${cust.orderNo}</a>`));
  assert.match(listed.text, /电视/, 'the order is named by its items');
  const nobody = await agent.get('/staff/cases/new?customer=19900000000');
  assert.equal(nobody.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(nobody.text)), ['customer']);

  const form = await agent.get(`/staff/cases/new?customer=${cust.phone}&order_no=${cust.orderNo}`);
  assert.equal(form.status, 200);
  assert.match(form.text, /action="\/staff\/cases"/);
  assert.match(form.text, /<select id="channel" name="channel"/);
  const nonce = form.text.match(/name="nonce" value="([^"]*)"/)[1];
  const itemId = cust.order.items[0].id;
  const fields = (channel) => [['csrf', agent.csrf], ['nonce', nonce], ['customer', cust.phone], ['channel', channel],
    ['order_no', cust.orderNo], ['type', 'repair'], ['reason', 'quality_defect'], ['description', '电话报修：无画面'],
    [`qty_${itemId}`, '1'], ['photo', { filename: 'tv.png', type: 'image/png', data: png(3, 3) }]];
  const before = count(`SELECT COUNT(*) FROM cases c JOIN customers u ON u.id = c.customer_id WHERE u.phone = ${q(cust.phone)}`);
  const bad = await agent.postMultipart('/staff/cases', fields('online'));
  assert.equal(bad.status, 400, 'staff do not register "online" cases');
  assert.deepEqual(Object.keys(fieldErrors(bad.text)), ['channel']);
  assert.ok(bad.text.includes('电话报修：无画面'), 'the form keeps what was typed');
  assert.equal(count(`SELECT COUNT(*) FROM cases c JOIN customers u ON u.id = c.customer_id WHERE u.phone = ${q(cust.phone)}`), before);

  const res = await agent.postMultipart('/staff/cases', fields('phone'));
  const loc = assertRedirect(res, /^\/staff\/cases\/AS\d{12}$/);
  const caseNo = loc.split('/').pop();
  const [[channel, actor, fr]] = sql(`SELECT c.channel, e.actor_kind, t.stopped_at IS NOT NULL FROM cases c
      JOIN case_events e ON e.case_id = c.id AND e.action = 'submit'
      JOIN case_timers t ON t.case_id = c.id AND t.timer = 'first_response' WHERE c.case_no = ${q(caseNo)}`);
  assert.deepEqual([channel, actor, fr], ['phone', 's', '1'], 'channel phone, submitted by staff, first response given');
  assertRedirect(await agent.postMultipart('/staff/cases', fields('phone')), `/staff/cases/${caseNo}`, 'the same form twice is one case');

  const mine = await cust.client.get(`/my/requests/${caseNo}`);
  assert.equal(mine.status, 200, 'the customer sees the case registered for them');
  assert.match(mine.text, /Phone/);

  const wh = await staffAs('warehouse');
  assertErrorPage(await wh.get('/staff/cases/new'), 403, 'the warehouse does not register cases');
  assertErrorPage(await wh.postMultipart('/staff/cases', [['csrf', wh.csrf], ['customer', cust.phone]]), 403, 'nor post one');
  assertErrorPage(await agent.postMultipart('/staff/cases', [['csrf', agent.csrf], ['customer', 'nobody@example.com']]), 400, 'no such customer');
});

test('the manager keeps the calendar: holidays and make-up days change time limits computed after', async () => {
  const mgr = await staffAs('manager');
  const page = await mgr.get('/staff/admin/calendar?year=2026');
  assert.equal(page.status, 200);
  assert.match(page.text, /data-day="2026-10-01" data-working="0"/, '2026 National Day is loaded');
  assert.match(page.text, /data-day="2026-09-20" data-working="1"|data-working="1"/, 'and make-up working days');
  assertErrorPage(await mgr.get('/staff/admin/calendar?year=abc'), 400, 'a bad year');
  assertErrorPage(await (await staffAs('agent')).get('/staff/admin/calendar'), 403, 'only a manager');
  assertErrorPage(await (await staffAs('agent')).postForm('/staff/admin/calendar', { csrf: (await staffAs('agent')).csrf, day: '2026-12-24', kind: 'off' }), 403, 'only a manager posts');

  // The next weekday after tomorrow that has no override yet becomes a day
  // off: a review (3 working days) computed after the change ends later.
  const taken = new Set(sql(`SELECT DATE_FORMAT(day, '%Y-%m-%d') FROM calendar_overrides`).map(([d]) => d));
  let t = Date.now() + 2 * 86400e3;
  while ([0, 6].includes(new Date(t + 8 * 3600e3).getUTCDay()) || taken.has(shanghaiDay(t, '-'))) t += 86400e3;
  const day = shanghaiDay(t, '-');
  const before = await newCase('CAL1', 'refund_only', { risk: 'medium', amount: '10.00' });

  const bad = await mgr.postForm('/staff/admin/calendar', { csrf: mgr.csrf, day: '2026-02-30', kind: 'off', note: 'x' });
  assert.equal(bad.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(bad.text)), ['day']);
  const badKind = await mgr.postForm('/staff/admin/calendar', { csrf: mgr.csrf, day, kind: 'maybe' });
  assert.equal(badKind.status, 400);
  assert.equal(count(`SELECT COUNT(*) FROM calendar_overrides WHERE day = ${q(day)}`), 0, 'refusals changed nothing');

  assertRedirect(await mgr.postForm('/staff/admin/calendar', { csrf: mgr.csrf, day, kind: 'off', note: '测试休息日 <b>' }),
    `/staff/admin/calendar?year=${day.slice(0, 4)}`);
  try {
    const listed = await mgr.get(`/staff/admin/calendar?year=${day.slice(0, 4)}`);
    assert.match(listed.text, new RegExp(`data-day="${day}" data-working="0"`));
    assert.ok(listed.text.includes('测试休息日 &lt;b&gt;'), 'the note, escaped');
    const after = await newCase('CAL2', 'refund_only', { risk: 'medium', amount: '10.00' });
    const due = (c) => Number(sql(`SELECT UNIX_TIMESTAMP(t.due_at) FROM case_timers t JOIN cases c ON c.id = t.case_id
                                   WHERE c.case_no = ${q(c)} AND t.timer = 'review'`)[0][0]);
    assert.ok(due(after.caseNo) - due(before.caseNo) >= 20 * 3600,
      `a day off inside the window pushes the review due time back (${due(before.caseNo)} → ${due(after.caseNo)})`);
  } finally {
    assertRedirect(await mgr.postForm('/staff/admin/calendar', { csrf: mgr.csrf, day, remove: '1' }),
      `/staff/admin/calendar?year=${day.slice(0, 4)}`);
  }
  assert.equal(count(`SELECT COUNT(*) FROM calendar_overrides WHERE day = ${q(day)}`), 0);
  assertErrorPage(await mgr.postForm('/staff/admin/calendar', { csrf: mgr.csrf, day, remove: '1' }), 404, 'removing it twice');
});

test('a resubmission cannot take a case past six photos', async () => {
  const photos = Array.from({ length: 5 }, (_, i) => ({ filename: `p${i}.png`, type: 'image/png', data: png(2 + i, 2) }));
  const { client, caseNo, order, orderNo } = await newCase('PH6', 'exchange', { risk: 'medium', photos });
  assert.equal(count(`SELECT COUNT(*) FROM attachments a JOIN cases c ON c.id = a.case_id WHERE c.case_no = ${q(caseNo)}`), 5);
  await stepOk('agent', caseNo, 'reject', { reason: '照片不清楚' }, 'rejected');
  const page = await client.get(`/my/orders/${encodeURIComponent(orderNo)}/new?resubmit=${caseNo}`);
  const nonce = page.text.match(/name="nonce" value="([^"]*)"/)[1];
  const itemId = order.items[0].id;
  const fields = (n) => [['csrf', client.csrf], ['nonce', nonce], ['order_no', 'x'], ['type', 'exchange'],
    ['variant', '同款新品'], ['reason', 'quality_defect'], ['description', '清楚的照片'], [`qty_${itemId}`, '1'],
    ...Array.from({ length: n }, (_, i) => ['photo', { filename: `n${i}.png`, type: 'image/png', data: png(9, 2 + i) }])];
  const tooMany = await client.postMultipart(`/my/requests/${caseNo}/resubmit`, fields(2));
  assert.equal(tooMany.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(tooMany.text)), ['photo']);
  assert.deepEqual(caseRow(caseNo).state, 'rejected', 'nothing changed');
  assert.equal(count(`SELECT COUNT(*) FROM attachments a JOIN cases c ON c.id = a.case_id WHERE c.case_no = ${q(caseNo)}`), 5);
  assertRedirect(await client.postMultipart(`/my/requests/${caseNo}/resubmit`, fields(1)), `/my/requests/${caseNo}`);
  assert.equal(count(`SELECT COUNT(*) FROM attachments a JOIN cases c ON c.id = a.case_id WHERE c.case_no = ${q(caseNo)}`), 6);
});
