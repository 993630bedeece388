// course.test.mjs — the case's course (issue 13): a parcel not received
// (refund-only with reason not_received, logistics' claim with the carrier,
// then a refund or a reshipment), a disputed inspection (a partial one with
// a deduction, the customer's one appeal, the manager's decision) and where
// things stand (the next-step line, product names, the refund's way).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  JPEG, assertErrorPage, assertRedirect, caseNoOf, caseRow, freshCustomer, giveRiskHistory,
  login, DEMO_CUSTOMER2, q, sql, staffAs, staffStep, stripTags, submitRequest,
  assertRefundRefused,
} from './lib.mjs';

const PRICE = 39900; // fen: one 399-yuan item

async function notReceivedCase(tag) {
  const cust = await freshCustomer(tag, [
    { sku: `NR-${tag}`, name: '蓝牙耳机', category: 'electronics', qty: 1, unit_price_fen: PRICE },
  ], { daysAgo: null });
  giveRiskHistory(cust.phone, 'medium');
  const item = cust.order.items[0].id;
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'refund_only', reason: 'not_received', qty: { [item]: 1 }, amount: '399.00',
    description: '一直没收到',
  });
  return { ...cust, item, caseNo: caseNoOf(res) };
}

function events(caseNo) {
  return sql(`SELECT e.action, e.from_state, e.to_state, e.note FROM case_events e
              JOIN cases c ON c.id = e.case_id WHERE c.case_no = ${q(caseNo)}
              AND e.action NOT LIKE 'survey%' ORDER BY e.id`);
}

function outboxOf(caseNo, template) {
  return sql(`SELECT o.data FROM outbox o JOIN cases c ON c.id = o.case_id
              WHERE c.case_no = ${q(caseNo)} AND o.template = ${q(template)} ORDER BY o.id`);
}

async function staffPost(role, caseNo, action, fields) {
  const c = await staffAs(role);
  await c.get(`/staff/cases/${caseNo}`);
  return c.postForm(`/staff/cases/${caseNo}/${action}`, { csrf: c.csrf, version: caseRow(caseNo).version, ...fields });
}

async function customerPost(client, caseNo, action, fields) {
  await client.get(`/my/requests/${caseNo}`);
  return client.postForm(`/my/requests/${caseNo}/${action}`, { csrf: client.csrf, version: caseRow(caseNo).version, ...fields });
}

// ------------------------------------------------------------ not received

test('an undelivered order: refund-only for not_received is open, other reasons and types are not', async () => {
  const cust = await freshCustomer('NRX', [
    { sku: 'NR-X', name: '充电器', category: 'electronics', qty: 1, unit_price_fen: PRICE },
  ], { daysAgo: null });
  const item = cust.order.items[0].id;
  const form = await cust.client.get(`/my/orders/${cust.orderNo}/new`);
  assert.match(form.text, /<option value="not_received"/, 'the reason is on the form');
  const before = Number(sql(`SELECT COUNT(*) FROM cases c JOIN orders o ON o.id = c.order_id WHERE o.order_no = ${q(cust.orderNo)}`)[0][0]);
  for (const [type, reason] of [['refund_only', 'quality_defect'], ['return_refund', 'not_received'], ['exchange', 'not_received']]) {
    const { res } = await submitRequest(cust.client, cust.orderNo, {
      type, reason, qty: { [item]: 1 }, amount: type === 'refund_only' ? '10.00' : undefined,
    });
    assert.equal(res.status, 400, `${type}/${reason} on an undelivered order is refused`);
  }
  const after = Number(sql(`SELECT COUNT(*) FROM cases c JOIN orders o ON o.id = c.order_id WHERE o.order_no = ${q(cust.orderNo)}`)[0][0]);
  assert.equal(after, before, 'nothing was created');
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'refund_only', reason: 'not_received', qty: { [item]: 1 }, amount: '400.00',
  });
  assert.equal(res.status, 400, 'more than was paid is refused');
});

test('not received: the logistics queue, the carrier claim, then a refund', async () => {
  const c = await notReceivedCase('NRA');
  assert.equal(caseRow(c.caseNo).state, 'submitted');

  // the agent cannot just approve it: logistics checks with the carrier first
  assertErrorPage(await staffPost('agent', c.caseNo, 'approve', {}), 409, 'approve before the check');
  assertErrorPage(await staffPost('agent', c.caseNo, 'claim', { claim_no: 'X1' }), 403, 'the agent may not claim');
  assert.equal(caseRow(c.caseNo).state, 'submitted', 'nothing changed');

  const logistics = await staffAs('logistics');
  const queue = await logistics.get('/staff/queue?view=carrier_checks&sort=submitted&q=' + c.caseNo);
  assert.equal(queue.status, 200);
  assert.ok(queue.text.includes(c.caseNo), 'the search finds it');
  const view = await logistics.get('/staff/queue?view=carrier_checks&sort=submitted');
  assert.equal(view.status, 200);
  const viewCases = [...view.text.matchAll(/AS\d{12}/g)].map((m) => m[0]);
  const states = sql(`SELECT DISTINCT state, reason FROM cases WHERE case_no IN (${viewCases.map(q).join(',') || "''"})`);
  for (const [state, reason] of states) {
    assert.ok(state === 'carrier_check' || (state === 'submitted' && reason === 'not_received'), `only parcels not received: ${state}/${reason}`);
  }

  // bad input: no claim number, a claim number too long
  assertErrorPage(await staffPost('logistics', c.caseNo, 'claim', {}), 400, 'no claim number');
  assertErrorPage(await staffPost('logistics', c.caseNo, 'claim', { claim_no: 'C'.repeat(41) }), 400, 'too long');
  assert.equal(caseRow(c.caseNo).state, 'submitted');

  assertRedirect(await staffPost('logistics', c.caseNo, 'claim', { claim_no: 'SF-CLM-778899', note: '快递确认丢件' }), `/staff/cases/${c.caseNo}`);
  assert.equal(caseRow(c.caseNo).state, 'carrier_check');
  assert.equal(sql(`SELECT claim_no FROM cases WHERE case_no = ${q(c.caseNo)}`)[0][0], 'SF-CLM-778899');
  const page = await c.client.get(`/my/requests/${c.caseNo}`);
  assert.match(page.text, /id="claim-no">SF-CLM-778899</, 'the customer sees the claim number');
  assert.ok(outboxOf(c.caseNo, 'case_updated').some(([d]) => d.includes('"claim"')), 'the customer is told');

  assertRedirect(await staffPost('logistics', c.caseNo, 'approve', {}), `/staff/cases/${c.caseNo}`);
  assert.equal(caseRow(c.caseNo).state, 'refund_pending');
  assertRefundRefused(await staffPost('finance', c.caseNo, 'refund', { amount: '399.01', reference: 'NR-PAY' }), '399.01', '399.00', 'never more than paid');
  assertRedirect(await staffPost('finance', c.caseNo, 'refund', { amount: '399.00', reference: 'NR-PAY' }), `/staff/cases/${c.caseNo}`);
  assert.equal(caseRow(c.caseNo).state, 'refunded');
  assertErrorPage(await staffPost('finance', c.caseNo, 'refund', { amount: '1.00', reference: 'NR-PAY2' }), 409, 'never twice');
  await staffStep('finance', c.caseNo, 'complete');
  assert.deepEqual(events(c.caseNo).map((e) => e[0]), ['submit', 'claim', 'approve', 'refund', 'complete']);
  assert.equal(Number(sql(`SELECT SUM(r.amount_fen) FROM refunds r JOIN cases c ON c.id = r.case_id WHERE c.case_no = ${q(c.caseNo)}`)[0][0]), PRICE);
});

test('not received: the carrier check ends in a reshipment', async () => {
  const c = await notReceivedCase('NRB');
  await staffStep('logistics', c.caseNo, 'claim', { claim_no: 'YTO-CLM-1' });
  assertErrorPage(await staffPost('finance', c.caseNo, 'ship', { carrier: '顺丰', tracking_no: 'SF100' }), 403, 'finance does not ship');
  await staffStep('logistics', c.caseNo, 'ship', { carrier: '顺丰', tracking_no: 'SF1234567890123' });
  assert.equal(caseRow(c.caseNo).state, 'replacement_shipped');
  const page = await c.client.get(`/my/requests/${c.caseNo}`);
  assert.match(page.text, /id="next-step"[^>]*>[^<]*/, 'a next-step line');
  await staffStep('logistics', c.caseNo, 'complete');
  assert.equal(caseRow(c.caseNo).state, 'completed');
  assert.deepEqual(events(c.caseNo).map((e) => e[0]), ['submit', 'claim', 'ship', 'complete']);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM refunds r JOIN cases c ON c.id = r.case_id WHERE c.case_no = ${q(c.caseNo)}`)[0][0]), 0, 'no money went out');
});

test('not received: the customer may cancel while the carrier is asked (the parcel came)', async () => {
  const c = await notReceivedCase('NRC');
  await staffStep('logistics', c.caseNo, 'claim', { claim_no: 'ZTO-CLM-2' });
  const res = await customerPost(c.client, c.caseNo, 'cancel', {});
  assertRedirect(res, `/my/requests/${c.caseNo}`);
  assert.equal(caseRow(c.caseNo).state, 'cancelled');
});

// ---------------------------------------------------- disputed inspections

/** A medium-risk customer's return of one 399-yuan item, received by the
 * warehouse. */
async function receivedReturn(tag) {
  const cust = await freshCustomer(tag, [
    { sku: `RT-${tag}`, name: '运动鞋', category: 'electronics', qty: 1, unit_price_fen: PRICE },
  ]);
  giveRiskHistory(cust.phone, 'medium');
  const item = cust.order.items[0].id;
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'return_refund', reason: 'quality_defect', qty: { [item]: 1 }, description: '开胶',
  });
  const caseNo = caseNoOf(res);
  await staffStep('agent', caseNo, 'approve');
  assert.equal(caseRow(caseNo).state, 'awaiting_return', 'not a fast refund');
  await staffStep('warehouse', caseNo, 'receive');
  return { ...cust, item, caseNo };
}

function refundCap(html) {
  const m = /id="refund-cap">[^¥]*¥([\d.]+)/.exec(html);
  return m ? m[1] : null;
}

test('a partial inspection: bad deductions change nothing; the refund is paid less the deduction', async () => {
  const c = await receivedReturn('PIA');
  const bad = [
    [{ result: 'partial', deduction: '399.00', note: '磨损' }, 'the whole price'],
    [{ result: 'partial', deduction: '500.00', note: '磨损' }, 'more than paid'],
    [{ result: 'partial', deduction: '-5.00', note: '磨损' }, 'negative'],
    [{ result: 'partial', deduction: '0', note: '磨损' }, 'zero'],
    [{ result: 'partial', deduction: 'abc', note: '磨损' }, 'not money'],
    [{ result: 'partial', deduction: '20.00' }, 'no note saying why'],
  ];
  for (const [fields, what] of bad) {
    assertErrorPage(await staffPost('warehouse', c.caseNo, 'inspect', fields), 400, what);
    assert.deepEqual(caseRow(c.caseNo).state, 'received', `${what}: nothing changed`);
    assert.equal(sql(`SELECT deduction_fen FROM cases WHERE case_no = ${q(c.caseNo)}`)[0][0], 'NULL', `${what}: no deduction`);
  }
  assertErrorPage(await staffPost('agent', c.caseNo, 'inspect', { result: 'partial', deduction: '20.00', note: 'x' }), 403, 'the agent does not inspect');

  // with a photo of the wear, multipart like the page's form
  const wh = await staffAs('warehouse');
  await wh.get(`/staff/cases/${c.caseNo}`);
  const res = await wh.postMultipart(`/staff/cases/${c.caseNo}/inspect`, [
    ['csrf', wh.csrf], ['version', String(caseRow(c.caseNo).version)], ['result', 'partial'],
    ['deduction', '50.50'], ['note', '鞋底明显磨损'],
    ['photo', { filename: 'wear.jpg', type: 'image/jpeg', data: JPEG }],
  ]);
  assertRedirect(res, `/staff/cases/${c.caseNo}`, 'partial inspection');
  assert.equal(caseRow(c.caseNo).state, 'refund_pending');
  assert.equal(Number(sql(`SELECT deduction_fen FROM cases WHERE case_no = ${q(c.caseNo)}`)[0][0]), 5050);

  // the customer sees why, with the inspection's photo
  const page = await c.client.get(`/my/requests/${c.caseNo}`);
  assert.match(page.text, /id="deduction">−¥50\.50</);
  assert.match(page.text, /id="deducted-refund"><strong>¥348\.50</, 'paid − deduction');
  assert.match(page.text, /id="inspection-note">[^<]*鞋底明显磨损/);
  const photo = /id="inspection-photos">[\s\S]*?<img src="\/attachments\/(\d+)"/.exec(page.text);
  assert.ok(photo, 'the inspection photo is shown');
  const img = await c.client.get(`/attachments/${photo[1]}`);
  assert.equal(img.status, 200, 'the customer may open it');
  assert.ok(outboxOf(c.caseNo, 'case_updated').some(([d]) => d.includes('inspect_partial')), 'the customer is told');

  // finance: never more than paid − deduction, integer fen, never twice
  const fin = await staffAs('finance');
  const staffPage = await fin.get(`/staff/cases/${c.caseNo}`);
  assert.equal(refundCap(staffPage.text), '348.50', 'the refund form says the cap');
  assertRefundRefused(await staffPost('finance', c.caseNo, 'refund', { amount: '348.51', reference: 'PI-1' }), '348.51', '348.50', 'over the cap');
  assertRefundRefused(await staffPost('finance', c.caseNo, 'refund', { amount: '399.00', reference: 'PI-1' }), '399.00', '348.50', 'the whole price');
  assertRedirect(await staffPost('finance', c.caseNo, 'refund', { amount: '348.50', reference: 'PI-1' }), `/staff/cases/${c.caseNo}`);
  assertErrorPage(await staffPost('finance', c.caseNo, 'refund', { amount: '1.00', reference: 'PI-2' }), 409, 'never twice');
  assert.equal(Number(sql(`SELECT SUM(r.amount_fen) FROM refunds r JOIN cases c ON c.id = r.case_id WHERE c.case_no = ${q(c.caseNo)} AND r.failed_at IS NULL`)[0][0]), 34850);
  // refunded: no appeal any more
  assertErrorPage(await customerPost(c.client, c.caseNo, 'appeal', { reason: '太晚了' }), 409, 'appeal after the refund');
});

test('an appeal: once, the customer\'s own case only, a manager grants it and the timeline and outbox say so', async () => {
  const c = await receivedReturn('APA');
  await staffStep('warehouse', c.caseNo, 'inspect', { result: 'partial', deduction: '100.00', note: '缺少鞋盒' });
  assert.equal(caseRow(c.caseNo).state, 'refund_pending');
  let page = await c.client.get(`/my/requests/${c.caseNo}`);
  assert.match(page.text, /id="appeal"/, 'the appeal form is offered');

  // someone else's case: 404, nothing changed
  const other = await login(DEMO_CUSTOMER2);
  await other.get('/my/requests');
  const stranger = await other.postForm(`/my/requests/${c.caseNo}/appeal`, { csrf: other.csrf, version: caseRow(c.caseNo).version, reason: '我也要申诉' });
  assertErrorPage(stranger, 404, "someone else's case");
  assertErrorPage(await customerPost(c.client, c.caseNo, 'appeal', { reason: '' }), 400, 'no reason');
  assertErrorPage(await customerPost(c.client, c.caseNo, 'appeal', { reason: '长'.repeat(501) }), 400, 'too long');
  assert.equal(caseRow(c.caseNo).state, 'refund_pending', 'nothing changed');
  // staff may not appeal on the customer's URL
  const mgr = await staffAs('manager');
  assertRedirect(await mgr.postForm(`/my/requests/${c.caseNo}/appeal`, { csrf: mgr.csrf, reason: 'x' }), '/login', 'staff on the customer URL');
  assertErrorPage(await staffPost('manager', c.caseNo, 'appeal', { reason: 'x' }), 404, 'no staff appeal URL');

  assertRedirect(await customerPost(c.client, c.caseNo, 'appeal', { reason: '鞋盒在包裹里，请再查看' }), `/my/requests/${c.caseNo}`);
  assert.equal(caseRow(c.caseNo).state, 'appealed');
  assert.equal(outboxOf(c.caseNo, 'staff_appeal').length >= 1, true, 'the managers are told');
  assertErrorPage(await customerPost(c.client, c.caseNo, 'appeal', { reason: '再次申诉' }), 409, 'a second appeal while it is reviewed');
  assertErrorPage(await staffPost('finance', c.caseNo, 'refund', { amount: '299.00', reference: 'AP-0' }), 409, 'no refund while the appeal waits');
  for (const role of ['agent', 'warehouse', 'finance', 'logistics']) {
    assertErrorPage(await staffPost(role, c.caseNo, 'appeal_grant', {}), 403, `${role} does not decide`);
  }
  page = await c.client.get(`/my/requests/${c.caseNo}`);
  assert.match(page.text, /id="appeal-reason">[^<]*鞋盒在包裹里/);
  assert.doesNotMatch(page.text, /id="appeal"/, 'no second appeal form');

  await staffStep('manager', c.caseNo, 'appeal_grant', { note: '仓库复查找到鞋盒' });
  assert.equal(caseRow(c.caseNo).state, 'refund_pending');
  const ev = events(c.caseNo);
  assert.deepEqual(ev.slice(-2).map((e) => e[0]), ['appeal', 'appeal_grant'], 'the decision is on the timeline');
  assert.ok(outboxOf(c.caseNo, 'case_updated').some(([d]) => d.includes('appeal_grant')), 'the customer is told');
  page = await c.client.get(`/my/requests/${c.caseNo}`);
  assert.match(page.text, /data-decision="granted"/);
  assertErrorPage(await customerPost(c.client, c.caseNo, 'appeal', { reason: '第三次' }), 409, 'appeal once');
  // the deduction is refunded: the whole price
  const fin = await staffAs('finance');
  assert.equal(refundCap((await fin.get(`/staff/cases/${c.caseNo}`)).text), '399.00');
  await staffStep('finance', c.caseNo, 'refund', { amount: '399.00', reference: 'AP-1' });
  assert.equal(caseRow(c.caseNo).state, 'refunded');
});

test('an appeal upheld keeps the deduction; a passed inspection cannot be appealed; a failed one can', async () => {
  const c = await receivedReturn('APB');
  await staffStep('warehouse', c.caseNo, 'inspect', { result: 'partial', deduction: '120.00', note: '有穿着痕迹' });
  assertRedirect(await customerPost(c.client, c.caseNo, 'appeal', { reason: '没有穿过' }), `/my/requests/${c.caseNo}`);
  await staffStep('manager', c.caseNo, 'appeal_uphold', { note: '照片可见磨损' });
  assert.equal(caseRow(c.caseNo).state, 'refund_pending');
  assert.equal(events(c.caseNo).at(-1)[0], 'appeal_uphold');
  assert.ok(outboxOf(c.caseNo, 'case_updated').some(([d]) => d.includes('appeal_uphold')), 'the customer is told');
  assertErrorPage(await customerPost(c.client, c.caseNo, 'appeal', { reason: '再来' }), 409, 'appeal once');
  const fin = await staffAs('finance');
  assert.equal(refundCap((await fin.get(`/staff/cases/${c.caseNo}`)).text), '279.00');
  assertRefundRefused(await staffPost('finance', c.caseNo, 'refund', { amount: '279.01', reference: 'UP-1' }), '279.01', '279.00', 'over the upheld cap');
  await staffStep('finance', c.caseNo, 'refund', { amount: '279.00', reference: 'UP-1' });

  const passed = await receivedReturn('APC');
  await staffStep('warehouse', passed.caseNo, 'inspect', { result: 'pass', note: 'ok' });
  assert.equal(caseRow(passed.caseNo).state, 'refund_pending');
  assertErrorPage(await customerPost(passed.client, passed.caseNo, 'appeal', { reason: '想申诉' }), 409, 'a passed inspection');
  assert.equal(caseRow(passed.caseNo).state, 'refund_pending', 'nothing changed');

  const failed = await receivedReturn('APD');
  await staffStep('warehouse', failed.caseNo, 'inspect', { result: 'fail', note: '人为损坏' });
  assertRedirect(await customerPost(failed.client, failed.caseNo, 'appeal', { reason: '到货即坏' }), `/my/requests/${failed.caseNo}`);
  await staffStep('manager', failed.caseNo, 'appeal_uphold', {});
  assert.equal(caseRow(failed.caseNo).state, 'returned_to_customer');
});

// ------------------------------------------------------ where things stand

function nextStepOf(html, caseNo) {
  const row = new RegExp(`<li class="card case-row">(?:(?!</li>)[\\s\\S])*?${caseNo}(?:(?!</li>)[\\s\\S])*</li>`).exec(html);
  assert.ok(row, `${caseNo} is on /my/requests`);
  const next = /<p class="next-step" data-next="([^"]*)">([^<]*)<\/p>/.exec(row[0]);
  const products = /<div class="case-products">([^<]*)<\/div>/.exec(row[0]);
  return { key: next?.[1], text: next?.[2], products: products?.[1], thumb: /class="case-thumb"/.test(row[0]) };
}

function progressOf(html) {
  const ol = /<ol class="progress">([\s\S]*?)<\/ol>/.exec(html);
  assert.ok(ol, 'the refund progress is shown');
  return [...ol[1].matchAll(/<li class="[^"]*" data-status="([^"]*)"><strong>([^<]*)<\/strong>/g)].map((m) => [m[2], m[1]]);
}

test('/my/requests and the case page: product names, a photo, and a plain next step per state', async () => {
  const cust = await freshCustomer('NXA', [
    { sku: 'NX-1', name: '羊毛围巾', category: 'electronics', qty: 2, unit_price_fen: 19900 },
    { sku: 'NX-2', name: '手套', category: 'electronics', qty: 1, unit_price_fen: 9900 },
  ]);
  giveRiskHistory(cust.phone, 'medium');
  const [a, b] = cust.order.items.map((i) => i.id);
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'return_refund', reason: 'quality_defect', qty: { [a]: 1, [b]: 1 },
    photos: [{ filename: 'scarf.jpg', type: 'image/jpeg', data: JPEG }],
  });
  const caseNo = caseNoOf(res);
  let list = await cust.client.get('/my/requests');
  let row = nextStepOf(list.text, caseNo);
  assert.equal(row.products, '羊毛围巾、手套', 'the product names, in order');
  assert.ok(row.thumb, 'the first photo as a thumbnail');
  assert.equal(row.key, 'next_wait_shop');
  assert.equal(row.text, 'Waiting for the shop');

  await staffStep('agent', caseNo, 'approve');
  const [[shipBy]] = sql(`SELECT DATE_FORMAT(CONVERT_TZ(ship_by, '+00:00', '+08:00'), '%m-%d') FROM cases WHERE case_no = ${q(caseNo)}`);
  list = await cust.client.get('/my/requests');
  row = nextStepOf(list.text, caseNo);
  assert.equal(row.key, 'next_send_back');
  assert.equal(row.text, `Please send the goods back (by ${shipBy})`);
  const zh = await cust.client.get('/my/requests', { headers: { 'accept-language': 'zh-CN' } });
  const zhRow = nextStepOf(zh.text, caseNo);
  if (zh.text.includes('lang="zh')) assert.equal(zhRow.text, `请寄回商品（截止 ${shipBy}）`, 'the Chinese line');
  const page = await cust.client.get(`/my/requests/${caseNo}`);
  assert.match(page.text, new RegExp(`id="next-step" data-next="next_send_back">Please send the goods back \\(by ${shipBy}\\)<`));

  await staffStep('warehouse', caseNo, 'receive');
  assert.equal(nextStepOf((await cust.client.get('/my/requests')).text, caseNo).key, 'next_inspecting');
  await staffStep('warehouse', caseNo, 'inspect', { result: 'pass', note: 'ok' });
  assert.equal(nextStepOf((await cust.client.get('/my/requests')).text, caseNo).key, 'next_refund_pending');
  await staffStep('finance', caseNo, 'refund', { amount: '298.00', reference: 'NX-PAY' });
  row = nextStepOf((await cust.client.get('/my/requests')).text, caseNo);
  assert.equal(row.key, 'next_refund_sent');
  assert.equal(row.text, 'Refund sent');
});

test('refund progress: the amount and where it goes; a completed refund-only case has nothing open', async () => {
  const c = await notReceivedCase('PGA');
  await staffStep('logistics', c.caseNo, 'claim', { claim_no: 'PG-1' });
  await staffStep('logistics', c.caseNo, 'approve');
  let page = await c.client.get(`/my/requests/${c.caseNo}`);
  assert.match(page.text, /id="refund-to"><strong>¥399\.00<\/strong> back to Alipay</, 'the amount, back the way it was paid');
  await staffStep('finance', c.caseNo, 'refund', { amount: '399.00', reference: 'PG-PAY' });
  await staffStep('finance', c.caseNo, 'complete');
  page = await c.client.get(`/my/requests/${c.caseNo}`);
  const steps = progressOf(page.text);
  assert.deepEqual(steps.map(([l]) => l), ['Request submitted', 'Checked with the carrier', 'Approved', 'Refund issued', 'Money in your account'],
    'the way a parcel not received takes');
  assert.deepEqual(steps.filter(([, s]) => s !== 'done'), [], 'no step left open on a completed case');
  const zh = await c.client.get(`/my/requests/${c.caseNo}`, { headers: { 'accept-language': 'zh-CN' } });
  if (zh.text.includes('lang="zh')) assert.match(zh.text, /id="refund-to"><strong>¥399\.00<\/strong> 原路退回支付宝</);
});

test('refund progress follows a fast refund: the money before the goods', async () => {
  const cust = await freshCustomer('FRA', [
    { sku: 'FR-1', name: '台灯', category: 'electronics', qty: 1, unit_price_fen: 19900 },
  ]);
  // a new customer with no history is low risk: approval makes a fast refund
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'return_refund', reason: 'quality_defect', qty: { [cust.order.items[0].id]: 1 },
  });
  const caseNo = caseNoOf(res);
  await staffStep('agent', caseNo, 'approve');
  assert.equal(caseRow(caseNo).state, 'refund_pending', 'a fast refund');
  await staffStep('finance', caseNo, 'refund', { amount: '199.00', reference: 'FR-PAY' });
  assert.equal(caseRow(caseNo).state, 'awaiting_return');
  const page = await cust.client.get(`/my/requests/${caseNo}`);
  const steps = progressOf(page.text);
  const labels = steps.map(([l]) => l);
  assert.ok(labels.indexOf('Refund issued') < labels.indexOf('Return received'), `the refund comes first: ${labels}`);
  assert.equal(steps[labels.indexOf('Refund issued')][1], 'done');
  assert.notEqual(steps[labels.indexOf('Return received')][1], 'done');
  assert.match(page.text, /id="refund-to"><strong>¥199\.00<\/strong> back to Alipay</);
  assert.match(page.text, /id="next-step" data-next="next_send_back_refunded">/);
});
