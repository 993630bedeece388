// requestform.test.mjs — the request form of issue 13 over real HTTP:
// the two steps without JavaScript (type and items, then only the fields
// of that type), what an exchange asks (variant) and where it shows, the
// on-site repair's address (prefilled from the order's customer.address)
// and slot, the arrival limit taken from that address, errors that name
// the item and the number with a summary linking to each field, items in
// an open request linking to it, and a rejected case's banner with a form
// filled in from it. Every customer here is one of this file's own.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  apiPost, caseNoOf, caseRow, count, fieldErrors, freshCustomer, giveRiskHistory, langStrings,
  orderDoc, parseRequestForm, png, q, requestParts, sql, staffAs, staffStep, uniqueOrderNo, uniquePhone,
} from './lib.mjs';

const EN = langStrings('en');
const ITEMS = [
  { sku: 'SHOE-01', name: '跑步鞋', category: 'clothing', qty: 2, unit_price_fen: 39900 },
  { sku: 'CAP-01', name: '棒球帽', category: 'clothing', qty: 1, unit_price_fen: 5900 },
];
const ADDRESS = '上海市徐汇区漕溪北路 1 号';

async function formOf(cust) {
  const res = await cust.client.get(`/my/orders/${cust.orderNo}/new`);
  assert.equal(res.status, 200);
  return { res, form: parseRequestForm(res.text) };
}

/** Which blocks of the form are shown: id → true/false (hidden). */
function shown(html) {
  const out = {};
  for (const m of html.matchAll(/<div class="for-type" id="([^"]*)" data-types="[^"]*"( hidden)?>/g)) out[m[1]] = !m[2];
  const rest = /<div id="rest"( hidden)?>/.exec(html);
  out.rest = rest ? !rest[1] : null;
  return out;
}

/** The links of the error summary at the top: [href, text]. */
function summary(html) {
  const box = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html);
  return box ? [...box[0].matchAll(/<a href="#([^"]*)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]) : [];
}

test('without JavaScript the form comes in two steps, the second only with the fields of the type chosen', async () => {
  const cust = await freshCustomer('TWO', ITEMS);
  const { res, form } = await formOf(cust);
  assert.match(res.text, /data-step="1"/);
  assert.equal(shown(res.text).rest, false, 'step 1 asks the type and the items only');
  assert.match(res.text, /<button type="submit" class="primary" name="step" value="choose">/);
  assert.match(res.text, /<script src="\/static\/request_form\.[0-9a-f]{10}\.js" defer><\/script>/, 'the script that adapts the form');

  // step 1 without items: the same step again, the summary links to the items
  const none = await cust.client.postMultipart('/my/requests', [
    ['csrf', cust.client.csrf], ['nonce', form.nonce], ['order_no', cust.orderNo], ['type', 'exchange'], ['step', 'choose'],
  ]);
  assert.equal(none.status, 400);
  assert.match(none.text, /data-step="1"/);
  assert.deepEqual(summary(none.text).map(([href]) => href), ['items']);

  const before = count(`SELECT COUNT(*) FROM cases WHERE order_id = (SELECT id FROM orders WHERE order_no = ${q(cust.orderNo)})`);
  for (const [type, block] of [['exchange', 'f-variant'], ['refund_only', 'f-amount'], ['repair', 'f-repair']]) {
    const step2 = await cust.client.postMultipart('/my/requests', [
      ['csrf', cust.client.csrf], ['nonce', form.nonce], ['order_no', cust.orderNo], ['type', type],
      [`qty_${form.items[0].id}`, '1'], ['step', 'choose'],
    ]);
    assert.equal(step2.status, 200, type);
    assert.match(step2.text, /data-step="2"/);
    const s = shown(step2.text);
    assert.equal(s.rest, true, `${type}: step 2 shows the rest`);
    for (const b of ['f-variant', 'f-amount', 'f-repair']) assert.equal(s[b], b === block, `${type}: ${b}`);
    assert.equal(parseRequestForm(step2.text).nonce, form.nonce, 'the same form: its nonce kept');
    assert.match(step2.text, new RegExp(`name="qty_${form.items[0].id}"[^>]*value="1"`), 'the quantity kept');
  }
  assert.equal(count(`SELECT COUNT(*) FROM cases WHERE order_id = (SELECT id FROM orders WHERE order_no = ${q(cust.orderNo)})`), before,
    'the first step creates nothing');
});

test('an exchange asks what the customer wants instead; the case, the staff and the replacement shipment show it', async () => {
  const cust = await freshCustomer('VAR', ITEMS);
  giveRiskHistory(cust.phone, 'medium');
  const { form } = await formOf(cust);
  const spec = { type: 'exchange', reason: 'quality_defect', description: '鞋底开胶', qty: { [form.items[0].id]: 1 } };

  const missing = await cust.client.postMultipart('/my/requests', requestParts(cust.client, form, { ...spec, variant: '  ' }));
  assert.equal(missing.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(missing.text)), ['variant']);
  assert.equal(fieldErrors(missing.text).variant, EN.err_variant);

  const caseNo = caseNoOf(await cust.client.postMultipart('/my/requests', requestParts(cust.client, form, { ...spec, variant: '42 码 <黑色>' })));
  assert.equal(sql(`SELECT variant FROM cases WHERE case_no = ${q(caseNo)}`)[0][0], '42 码 <黑色>');
  const mine = await cust.client.get(`/my/requests/${caseNo}`);
  assert.match(mine.text, /id="case-variant">42 码 &lt;黑色&gt;</, 'the customer sees it, escaped');

  await staffStep('agent', caseNo, 'approve');
  await staffStep('warehouse', caseNo, 'receive');
  await staffStep('warehouse', caseNo, 'inspect', { result: 'pass' });
  const logistics = await staffAs('logistics');
  const page = await logistics.get(`/staff/cases/${caseNo}`);
  assert.match(page.text, /id="case-variant">42 码 &lt;黑色&gt;</, 'the staff case shows it');
  assert.match(page.text, /id="ship-variant">[^<]*<strong>42 码 &lt;黑色&gt;<\/strong>/, 'next to the replacement shipment form');
});

test('an on-site repair asks the address (the order\'s, prefilled) and a slot; the arrival limit follows that address', async () => {
  const cust = await freshCustomer('ONSITE', [{ sku: 'FRG-01', name: '冰箱', category: 'appliance', qty: 1, unit_price_fen: 299900 }],
    { city: '乌鲁木齐', address: ADDRESS });
  const { res, form } = await formOf(cust);
  assert.match(res.text, new RegExp(`<input id="address" name="address"[^>]*value="${ADDRESS}"`), 'prefilled from the order');
  assert.ok(form.slots.length > 0, 'visit slots are offered');
  for (const s of form.slots) assert.match(s, /^\d{4}-\d{2}-\d{2} (09-12|12-15|15-18)$/);
  const spec = { type: 'repair', reason: 'quality_defect', description: '不制冷', qty: { [form.items[0].id]: 1 } };

  const bare = await cust.client.postMultipart('/my/requests',
    requestParts(cust.client, form, { ...spec, extra: [['repair_mode', 'on_site'], ['address', ''], ['slot', '']] }));
  assert.equal(bare.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(bare.text)).sort(), ['address', 'slot']);
  assert.deepEqual(summary(bare.text).map(([h]) => h).sort(), ['address', 'slot'], 'the summary links to both');

  const caseNo = caseNoOf(await cust.client.postMultipart('/my/requests',
    requestParts(cust.client, form, { ...spec, extra: [['repair_mode', 'on_site'], ['address', ADDRESS], ['slot', form.slots[0]]] })));
  assert.deepEqual(sql(`SELECT repair_mode, visit_address, visit_slot FROM cases WHERE case_no = ${q(caseNo)}`)[0],
    ['on_site', ADDRESS, form.slots[0]]);
  const tech = await staffAs('tech');
  const page = await tech.get(`/staff/cases/${caseNo}`);
  assert.ok(page.text.includes(`id="case-visit-address">${ADDRESS}<`), 'the technician sees the address');
  assert.ok(page.text.includes(`id="case-visit-slot">${form.slots[0]}<`), 'and the slot');
  await staffStep('agent', caseNo, 'approve');
  const [secs] = sql(`SELECT TIMESTAMPDIFF(SECOND, t.started_at, t.due_at) FROM case_timers t JOIN cases c ON c.id = t.case_id
                      WHERE c.case_no = ${q(caseNo)} AND t.timer = 'arrival'`)[0];
  const [same] = sql(`SELECT value FROM settings WHERE name = 'arrival_same_city_hours'`)[0];
  assert.equal(Number(secs), Number(same) * 3600, 'an address in Shanghai (a service city) is the same city, whatever the customer\'s city');

});

test('errors name the item and the number, and the summary links to each field', async () => {
  const cust = await freshCustomer('NUM', ITEMS);
  const { form } = await formOf(cust);
  const shoe = form.items.find((i) => i.name === '跑步鞋');
  const over = await cust.client.postMultipart('/my/requests',
    requestParts(cust.client, form, { type: 'return_refund', reason: 'quality_defect', qty: { [shoe.id]: 3 } }));
  assert.equal(over.status, 400);
  assert.equal(fieldErrors(over.text)[`qty_${shoe.id}`], `跑步鞋: ${EN.err_qty_max.replace('{n}', '2')}`);
  assert.deepEqual(summary(over.text), [[`qty_${shoe.id}`, `跑步鞋: ${EN.err_qty_max.replace('{n}', '2')}`]]);
  assert.match(over.text, new RegExp(`<input id="qty_${shoe.id}"[^>]*aria-invalid="true"`));

  const money = await cust.client.postMultipart('/my/requests',
    requestParts(cust.client, form, { type: 'refund_only', reason: 'quality_defect', qty: { [shoe.id]: 1 }, amount: '500.00' }));
  assert.equal(money.status, 400);
  assert.equal(fieldErrors(money.text).amount, EN.err_amount_max.replace('{n}', '399.00'), 'one shoe paid ¥399.00');

  const several = await cust.client.postMultipart('/my/requests', [
    ['csrf', cust.client.csrf], ['nonce', form.nonce], ['order_no', cust.orderNo], ['type', 'exchange'], ['qty_' + shoe.id, '1'],
  ]);
  assert.equal(several.status, 400);
  assert.deepEqual(summary(several.text).map(([h]) => h).sort(), ['reason', 'variant']);
  for (const [h] of summary(several.text)) assert.match(several.text, new RegExp(`id="${h}"`), `#${h} exists on the page`);
});

test('an item already in an open request links to it', async () => {
  const cust = await freshCustomer('OPEN', ITEMS);
  const { form } = await formOf(cust);
  const cap = form.items.find((i) => i.name === '棒球帽');
  const caseNo = caseNoOf(await cust.client.postMultipart('/my/requests',
    requestParts(cust.client, form, { type: 'return_refund', reason: 'quality_defect', qty: { [cap.id]: 1 } })));
  const again = await formOf(cust);
  const row = new RegExp(`<div class="qty-row" id="item-${cap.id}">([\\s\\S]*?)</div>`).exec(again.res.text)[1];
  assert.ok(row.includes(`<a href="/my/requests/${caseNo}">${caseNo}</a>`), 'the item links to its open request');
});

test('a rejected case opens with the staff\'s reason and a button to a form filled in from it', async () => {
  const cust = await freshCustomer('REJ', ITEMS);
  const { form } = await formOf(cust);
  const shoe = form.items.find((i) => i.name === '跑步鞋');
  const caseNo = caseNoOf(await cust.client.postMultipart('/my/requests', requestParts(cust.client, form, {
    type: 'exchange', variant: '43 码', reason: 'not_as_described', description: '尺码偏小', qty: { [shoe.id]: 2 },
    photos: [{ filename: 'shoe.png', type: 'image/png', data: png(4, 4) }],
  })));
  await staffStep('agent', caseNo, 'reject', { reason: '请补充鞋底的照片' });
  const page = await cust.client.get(`/my/requests/${caseNo}`);
  assert.match(page.text, /id="rejected-banner"/);
  assert.match(page.text, /id="reject-reason">请补充鞋底的照片</, 'the reason in the staff\'s words');
  const href = /<a class="button primary" id="resubmit" href="([^"]*)"/.exec(page.text)[1].replace(/&amp;/g, '&');
  const again = await cust.client.get(href);
  assert.equal(again.status, 200);
  assert.match(again.text, /data-step="2"/, 'straight to the whole form');
  assert.match(again.text, /<input type="radio" name="type" value="exchange" checked>/);
  assert.match(again.text, /<option value="not_as_described" selected>/);
  assert.match(again.text, /<textarea id="description"[^>]*>尺码偏小<\/textarea>/);
  assert.match(again.text, /<input id="variant" name="variant"[^>]*value="43 码"/);
  assert.match(again.text, new RegExp(`name="qty_${shoe.id}"[^>]*value="2"`));
  assert.match(again.text, /id="kept-photos">[^]*shoe\.png/, 'the photos sent before are kept');
  assert.match(again.text, new RegExp(`action="/my/requests/${caseNo}/resubmit"`));
  assert.equal(caseRow(caseNo).state, 'rejected');

  // sent again with the old photo removed and a new one
  const photos = () => sql(`SELECT a.filename FROM attachments a JOIN cases c ON c.id = a.case_id WHERE c.case_no = ${q(caseNo)} ORDER BY a.id`).map((r) => r[0]);
  const oldId = /name="remove_photo" value="(\d+)"/.exec(again.text)[1];
  const form2 = parseRequestForm(again.text);
  const parts = requestParts(cust.client, form2, {
    type: 'exchange', variant: '44 码', reason: 'not_as_described', description: '尺码偏小，附鞋底照片', qty: { [shoe.id]: 2 },
    photos: [{ filename: 'sole.png', type: 'image/png', data: png(5, 5) }], extra: [['remove_photo', oldId]],
  });
  const res = await cust.client.postMultipart(`/my/requests/${caseNo}/resubmit`, parts);
  assert.equal(res.status, 303, res.text.slice(0, 300));
  assert.deepEqual(photos(), ['sole.png'], 'the removed photo is gone, the new one is there');
  assert.deepEqual(sql(`SELECT state, revision, variant FROM cases WHERE case_no = ${q(caseNo)}`)[0], ['submitted', '2', '44 码']);
});

test('the order import takes customer.address and refuses one over 200 characters', async () => {
  const orderNo = uniqueOrderNo('ADDR');
  const items = [ITEMS[1]];
  const ok = await apiPost('/api/v1/orders', { orders: [orderDoc({ orderNo, phone: uniquePhone(), items, address: ADDRESS })] });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(sql(`SELECT ship_address FROM orders WHERE order_no = ${q(orderNo)}`)[0][0], ADDRESS);
  const long = await apiPost('/api/v1/orders', { orders: [orderDoc({ orderNo: uniqueOrderNo('ADDR'), phone: uniquePhone(), items, address: '路'.repeat(201) })] });
  assert.equal(long.status, 400);
  assert.match(long.text, /address/);
});
