// workflow.test.mjs — cases through the hands of the service team, over
// real HTTP: a return and refund from submission to completion, an
// inspection failure, an exchange turned into a refund, and the money
// rules (never past what was paid, never twice, one winner at once).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  Client, DEMO_PASSWORD, assertErrorPage, assertRedirect, caseNoOf, count,
  freshCustomer, giveRiskHistory, png, q, sql, staffAs, submitRequest,
  assertRefundRefused,
} from './lib.mjs';


function caseRow(caseNo) {
  const [state, version] = sql(`SELECT state, version FROM cases WHERE case_no = ${q(caseNo)}`)[0];
  return { state, version: Number(version) };
}

/** One staff step on the case's current version. */
async function step(role, caseNo, action, fields = {}) {
  const c = await staffAs(role);
  const page = await c.get(`/staff/cases/${caseNo}`);
  assert.equal(page.status, 200);
  return c.postForm(`/staff/cases/${caseNo}/${action}`, { csrf: c.csrf, version: caseRow(caseNo).version, ...fields });
}

async function stepOk(role, caseNo, action, fields, state) {
  assertRedirect(await step(role, caseNo, action, fields), `/staff/cases/${caseNo}`, `${role} ${action}`);
  assert.equal(caseRow(caseNo).state, state, `after ${action}`);
}

/** A fresh customer's submitted case. risk: 'medium' (the default: the
 * refund waits for the goods), 'high', or 'low' (no history: fast refund). */
async function newCase(tag, type, { qty = 1, unit = 29900, ask = {}, risk = 'medium' } = {}) {
  const cust = await freshCustomer(tag, [
    { sku: 'BAG-01', name: '双肩包', category: 'clothing', qty, unit_price_fen: unit },
  ]);
  if (risk !== 'low') giveRiskHistory(cust.phone, risk);
  const spec = { type, reason: 'quality_defect', description: '拉链坏了', qty: { [cust.order.items[0].id]: ask.qty ?? qty } };
  if (type === 'refund_only') spec.amount = ask.amount;
  const { res } = await submitRequest(cust.client, cust.orderNo, spec);
  return { ...cust, caseNo: caseNoOf(res) };
}

/** The refund progress steps on a customer's case page. */
function progress(html) {
  const list = html.match(/<ol class="progress">([\s\S]*?)<\/ol>/);
  assert.ok(list, 'the case page shows refund progress');
  return [...list[1].matchAll(/<li class="[^"]*" data-status="([^"]*)">([\s\S]*?)<\/li>/g)]
    .map((m) => ({ status: m[1], text: m[2].replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim() }));
}

function refunded(caseNo) {
  return count(`SELECT COALESCE(SUM(ri.amount_fen), 0) FROM refund_items ri
                JOIN refunds r ON r.id = ri.refund_id JOIN cases c ON c.id = r.case_id
                WHERE c.case_no = ${q(caseNo)}`);
}

test('return and refund, end to end: approve, customer ships, receive, inspect, refund, complete', async () => {
  const { client, caseNo } = await newCase('RRFLOW', 'return_refund');
  await stepOk('agent', caseNo, 'approve', {}, 'awaiting_return');

  const mine = await client.get(`/my/requests/${caseNo}`);
  assert.match(mine.text, /id="shipment"/, 'the customer is asked for the tracking number');
  assert.deepEqual(progress(mine.text).map((s) => s.status), ['done', 'done', 'next', 'todo', 'todo'],
    'progress: submitted and approved done, the return is next');
  const ship = await client.postForm(`/my/requests/${caseNo}/shipment`, {
    csrf: client.csrf, version: caseRow(caseNo).version, carrier: 'sf', tracking_no: 'SF123456789012',
  });
  assertRedirect(ship, `/my/requests/${caseNo}`);
  assert.equal(caseRow(caseNo).state, 'return_in_transit', 'the shipment is noted: the goods are on their way back');

  await stepOk('warehouse', caseNo, 'receive', {}, 'received');
  await stepOk('warehouse', caseNo, 'inspect', { result: 'pass', note: '完好' }, 'refund_pending');
  const finance = await staffAs('finance');
  const page = await finance.get(`/staff/cases/${caseNo}`);
  assert.match(page.text, /value="299\.00"/, 'finance sees what may be refunded: the price paid');
  await stepOk('finance', caseNo, 'refund', { amount: '299.00', reference: 'PAY-RR-1' }, 'refunded');
  assert.equal(refunded(caseNo), 29900);
  const paid = progress((await client.get(`/my/requests/${caseNo}`)).text);
  assert.deepEqual(paid.map((s) => s.status), ['done', 'done', 'done', 'done', 'next']);
  assert.match(paid[4].text, /expected by \d{4}-\d\d-\d\d/, 'the money has an expected date');
  await stepOk('agent', caseNo, 'complete', {}, 'completed');

  const timeline = sql(`SELECT e.action FROM case_events e JOIN cases c ON c.id = e.case_id
                        WHERE c.case_no = ${q(caseNo)} ORDER BY e.id`).map((r) => r[0]);
  assert.deepEqual(timeline, ['submit', 'approve', 'shipment', 'receive', 'inspect_pass', 'refund', 'complete', 'survey_invite']);
  const done = await client.get(`/my/requests/${caseNo}`);
  assert.match(done.text, /data-state="completed"/);
  assert.ok(done.text.includes('SF1234567890'), 'the customer sees their tracking number on the timeline');
});

test('an inspection failure sends the goods back and the case closes, with no refund', async () => {
  const { caseNo } = await newCase('INSPF', 'return_refund');
  await stepOk('agent', caseNo, 'approve', {}, 'awaiting_return');
  await stepOk('warehouse', caseNo, 'receive', {}, 'received');
  assertErrorPage(await step('warehouse', caseNo, 'inspect', { result: 'fail' }), 400, 'a failure needs a note');
  assertErrorPage(await step('warehouse', caseNo, 'inspect', { result: 'maybe', note: 'x' }), 400, 'result must be pass or fail');
  await stepOk('warehouse', caseNo, 'inspect', { result: 'fail', note: '人为损坏' }, 'returned_to_customer');
  assertErrorPage(await step('finance', caseNo, 'refund', { amount: '1.00', reference: 'X' }), 409, 'no refund after a failed inspection');
  await stepOk('agent', caseNo, 'close', {}, 'closed');
  assert.equal(refunded(caseNo), 0);
});

test('an exchange without stock becomes a refund', async () => {
  const { caseNo } = await newCase('EXCONV', 'exchange');
  await stepOk('agent', caseNo, 'approve', {}, 'awaiting_return');
  await stepOk('warehouse', caseNo, 'receive', {}, 'received');
  await stepOk('warehouse', caseNo, 'inspect', { result: 'pass' }, 'inspected');
  await stepOk('logistics', caseNo, 'convert_to_refund', {}, 'refund_pending');
  await stepOk('finance', caseNo, 'refund', { amount: '299.00', reference: 'PAY-EX-1' }, 'refunded');
});

test('an exchange ships a replacement and completes', async () => {
  const { caseNo } = await newCase('EXSHIP', 'exchange');
  await stepOk('agent', caseNo, 'approve', {}, 'awaiting_return');
  await stepOk('warehouse', caseNo, 'receive', {}, 'received');
  await stepOk('warehouse', caseNo, 'inspect', { result: 'pass' }, 'inspected');
  assertErrorPage(await step('logistics', caseNo, 'ship', { carrier: '顺丰' }), 400, 'shipping needs a tracking number');
  await stepOk('logistics', caseNo, 'ship', { carrier: '顺丰', tracking_no: 'SF999' }, 'replacement_shipped');
  await stepOk('logistics', caseNo, 'complete', {}, 'completed');
});

test('a partial refund is capped by what was asked and paid; a second refund is refused', async () => {
  const { caseNo } = await newCase('PART', 'refund_only', { ask: { amount: '50.00' } });
  await stepOk('agent', caseNo, 'approve', {}, 'refund_pending');
  assertRefundRefused(await step('finance', caseNo, 'refund', { amount: '50.01', reference: 'P1' }), '50.01', '50.00', 'over the asked amount');
  assertErrorPage(await step('finance', caseNo, 'refund', { amount: '0', reference: 'P1' }), 400, 'zero');
  assertErrorPage(await step('finance', caseNo, 'refund', { amount: '-5', reference: 'P1' }), 400, 'negative');
  assertErrorPage(await step('finance', caseNo, 'refund', { amount: '1.234', reference: 'P1' }), 400, 'fractions of a fen');
  assert.equal(refunded(caseNo), 0, 'the refused refunds left nothing behind');
  await stepOk('finance', caseNo, 'refund', { amount: '50.00', reference: 'P1' }, 'refunded');
  assertErrorPage(await step('finance', caseNo, 'refund', { amount: '1.00', reference: 'P2' }), 409, 'a second refund');
  assert.equal(refunded(caseNo), 5000);
});

test('refund-only cases on one item can never add up past what it cost', async () => {
  // Two units at 100.00: two refund-only cases, one unit each, ask 100.00 each;
  // the first refund of 100.00 leaves 100.00 for the second, not more.
  const cust = await freshCustomer('SUM', [{ sku: 'LMP-01', name: '台灯', category: 'appliance', qty: 2, unit_price_fen: 10000 }]);
  const item = cust.order.items[0].id;
  const cases = [];
  for (let i = 0; i < 2; i++) {
    const { res } = await submitRequest(cust.client, cust.orderNo, {
      type: 'refund_only', reason: 'missing_parts', qty: { [item]: 1 }, amount: '100.00',
    });
    cases.push(caseNoOf(res));
  }
  for (const c of cases) await stepOk('agent', c, 'approve', {}, 'refund_pending');
  // each case's staff page names the other case of the order, with its state
  const second = await (await staffAs('finance')).get(`/staff/cases/${cases[1]}`);
  const siblings = /<section class="card" id="siblings">([\s\S]*?)<\/section>/.exec(second.text);
  assert.ok(siblings, 'the other cases of the order are shown');
  assert.deepEqual([...siblings[1].matchAll(/href="\/staff\/cases\/([^"]+)"/g)].map((m) => m[1]), [cases[0]]);
  assert.match(siblings[1], /data-state="refund_pending"/);
  assert.ok(second.text.indexOf('id="siblings"') < second.text.indexOf('id="actions"'), 'before the buttons');
  await stepOk('finance', cases[0], 'refund', { amount: '100.00', reference: 'S1' }, 'refunded');
  assertRefundRefused(await step('finance', cases[1], 'refund', { amount: '100.01', reference: 'S2' }), '100.01', '100.00', 'past the price');
  await stepOk('finance', cases[1], 'refund', { amount: '100.00', reference: 'S2' }, 'refunded');
  const total = count(`SELECT SUM(amount_fen) FROM refund_items WHERE order_item_id = ${Number(item)}`);
  assert.equal(total, 20000, 'refunded in total exactly what was paid');

  // Risk: 2 refunds (8 each) and 200 yuan (1 per 100) in 90 days = 18, low.
  const page = await (await staffAs('agent')).get(`/staff/cases/${cases[1]}`);
  assert.match(page.text, /id="risk" data-risk="low" data-score="18"/, 'the staff case page shows the risk score');
});

test('eight finance clicks on one refund at once: one refund, recorded once', async () => {
  const { caseNo } = await newCase('RACEPAY', 'refund_only', { ask: { amount: '80.00' } });
  await stepOk('agent', caseNo, 'approve', {}, 'refund_pending');
  const clerks = await Promise.all(Array.from({ length: 8 }, async () => {
    const c = new Client();
    await c.get('/staff/login');
    await c.postForm('/staff/login', { csrf: c.csrf, login: 'finance@demo.local', password: DEMO_PASSWORD });
    await c.get(`/staff/cases/${caseNo}`);
    return c;
  }));
  const version = caseRow(caseNo).version;
  const answers = await Promise.all(clerks.map((c) =>
    c.postForm(`/staff/cases/${caseNo}/refund`, { csrf: c.csrf, version, amount: '80.00', reference: 'RACE' })));
  assert.deepEqual(answers.map((r) => r.status).sort(), [303, 409, 409, 409, 409, 409, 409, 409]);
  assert.equal(count(`SELECT COUNT(*) FROM refunds r JOIN cases c ON c.id = r.case_id WHERE c.case_no = ${q(caseNo)}`), 1);
  assert.equal(refunded(caseNo), 8000);
});

test('a refund later than promised says so to the customer in plain words', async () => {
  const { client, caseNo } = await newCase('LATE', 'refund_only', { ask: { amount: '20.00' } });
  await stepOk('agent', caseNo, 'approve', {}, 'refund_pending');
  let steps = progress((await client.get(`/my/requests/${caseNo}`)).text);
  assert.deepEqual(steps.map((s) => s.status), ['done', 'done', 'next', 'todo']);
  assert.match(steps[2].text, /expected by \d{4}-\d\d-\d\d \d\d:\d\d/, 'the refund has its due date');
  sql(`UPDATE case_timers t JOIN cases c ON c.id = t.case_id
       SET t.due_at = UTC_TIMESTAMP() - INTERVAL 1 HOUR WHERE c.case_no = ${q(caseNo)} AND t.timer = 'payout'`);
  const page = (await client.get(`/my/requests/${caseNo}`)).text;
  steps = progress(page);
  assert.equal(steps[2].status, 'late', 'the overdue step is marked late');
  assert.match(steps[2].text, /later than we promised/, 'with a plain-language note');
});

test('a rejected request is corrected and resubmitted as a new revision of the same case', async () => {
  const { client, caseNo, order } = await newCase('RESUB', 'return_refund');
  await stepOk('agent', caseNo, 'reject', { reason: '请补充照片' }, 'rejected');
  const rejected = await client.get(`/my/requests/${caseNo}`);
  assert.ok(rejected.text.includes('请补充照片'), 'the customer reads why');
  assert.match(rejected.text, /id="resubmit"/, 'and is offered to resubmit');

  const page = await client.get(rejected.text.match(/href="([^"]*resubmit=[^"]*)"/)[1].replace(/&amp;/g, '&'));
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`action="/my/requests/${caseNo}/resubmit"`), 'the form posts to the resubmit URL');
  const nonce = page.text.match(/name="nonce" value="([^"]*)"/)[1];
  const itemId = order.items[0].id;
  const fields = [['csrf', client.csrf], ['nonce', nonce], ['order_no', 'ignored'], ['type', 'exchange'],
    ['variant', '黑色'], ['reason', 'not_as_described'], ['description', '颜色不对'], [`qty_${itemId}`, '1']];
  const res = await client.postMultipart(`/my/requests/${caseNo}/resubmit`, fields);
  assertRedirect(res, `/my/requests/${caseNo}`);
  const [state, revision, type, reason] = sql(`SELECT state, revision, type, reason FROM cases WHERE case_no = ${q(caseNo)}`)[0];
  assert.deepEqual([state, revision, type, reason], ['submitted', '2', 'exchange', 'not_as_described']);
  assert.equal(count(`SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id
                      WHERE c.case_no = ${q(caseNo)} AND e.action = 'resubmit'`), 1);
  const again = await client.postMultipart(`/my/requests/${caseNo}/resubmit`, fields);
  assertErrorPage(again, 409, 'resubmitting a case that is not rejected');
  await stepOk('agent', caseNo, 'approve', {}, 'awaiting_return');
});

test('customer and team talk on the case; a photo goes with a message; the team\'s reply is a first response', async () => {
  const { client, caseNo } = await newCase('MSG', 'repair');
  const photo = { filename: 'zipper.png', type: 'image/png', data: png(4, 4, [200, 40, 40]) };
  await client.get(`/my/requests/${caseNo}`);
  const sent = await client.postMultipart(`/my/requests/${caseNo}/messages`,
    [['csrf', client.csrf], ['body', '拉链在第二天就断了 <i>真的</i>'], ['photo', photo]]);
  assertRedirect(sent, `/my/requests/${caseNo}#messages`);
  assertErrorPage(await client.postMultipart(`/my/requests/${caseNo}/messages`, [['csrf', client.csrf], ['body', ' ']]), 400, 'an empty message');

  const agent = await staffAs('agent');
  const page = await agent.get(`/staff/cases/${caseNo}`);
  assert.ok(page.text.includes('拉链在第二天就断了 &lt;i&gt;真的&lt;/i&gt;'), 'the team reads the message, escaped');
  const img = page.text.match(/<img class="message-photo" src="(\/attachments\/\d+)"/);
  assert.ok(img, 'with its photo');
  const got = await agent.get(img[1]);
  assert.equal(got.status, 200);
  assert.deepEqual(got.bytes, Buffer.from(photo.data), 'the same bytes');

  const running = () => sql(`SELECT t.stopped_at IS NULL FROM case_timers t JOIN cases c ON c.id = t.case_id
                             WHERE c.case_no = ${q(caseNo)} AND t.timer = 'first_response'`)[0][0];
  assert.equal(running(), '1', 'the customer\'s message is no first response');
  const reply = await agent.postForm(`/staff/cases/${caseNo}/message`, { csrf: agent.csrf, body: '请寄回维修，我们承担运费。' });
  assertRedirect(reply, `/staff/cases/${caseNo}#messages`);
  assert.equal(running(), '0', 'the team\'s reply stops the first-response timer');
  const mine = await client.get(`/my/requests/${caseNo}`);
  assert.ok(mine.text.includes('请寄回维修，我们承担运费。'), 'the customer reads the reply');

  const other = await freshCustomer('MSGX', [{ sku: 'X-1', name: '杯子', category: 'other', qty: 1, unit_price_fen: 1000 }]);
  await other.client.get('/my/orders');
  assertErrorPage(await other.client.postMultipart(`/my/requests/${caseNo}/messages`,
    [['csrf', other.client.csrf], ['body', 'hi']]), 404, 'someone else\'s case');
});
