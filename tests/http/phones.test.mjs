// phones.test.mjs — phone numbers accepted as people type them (issue 12):
// "138 0000 0001", "138-0000-0001", "+86 …", full-width digits, on every
// form that takes one: sign-in, first sign-in (/register), /forgot, the
// staff queue's search and a case registered for a customer who phoned.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  caseNoOf, Client, DEMO_PASSWORD, fieldErrors, freshCustomer, importOrders, orderDoc, staffAs, submitRequest,
  uniqueOrderNo, uniquePhone,
} from './lib.mjs';

/** How a person might type the phone 1xxxxxxxxxx. */
function typed(phone) {
  const full = [...phone].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
  return [
    `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`,
    `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`,
    `+86 ${phone}`,
    `+86-${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`,
    `0086${phone}`,
    full,
  ];
}

async function signIn(login, password) {
  const c = new Client();
  await c.get('/login');
  return c.postForm('/login', { csrf: c.csrf, login, password });
}

test('sign-in takes the phone as typed', async () => {
  for (const login of typed('13800000001')) {
    const res = await signIn(login, DEMO_PASSWORD);
    assert.equal(res.status, 303, `sign-in as "${login}"`);
    assert.equal(res.headers.get('location'), '/my/orders');
  }
  const bad = await signIn('138 0000 000x', DEMO_PASSWORD);
  assert.equal(bad.status, 401, 'letters in a phone: no such account');
});

test('first sign-in (/register) takes the phone as typed and keeps the digits', async () => {
  const phone = uniquePhone();
  const orderNo = uniqueOrderNo('PHN');
  await importOrders([orderDoc({ orderNo, phone, items: [{ sku: 'C-1', name: '杯子', category: 'electronics', qty: 1, unit_price_fen: 1000 }] })]);
  const c = new Client();
  await c.get('/register');
  const spaced = typed(phone)[3];
  const res = await c.postForm('/register', { csrf: c.csrf, order_no: orderNo, phone: spaced, password: 'pw-12345678', password2: 'pw-12345678' });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  assert.equal((await signIn(phone, 'pw-12345678')).status, 303, 'the account is under the digits');
  const c2 = new Client();
  await c2.get('/register');
  const bad = await c2.postForm('/register', { csrf: c2.csrf, order_no: orderNo, phone: 'call me', password: 'pw-12345678', password2: 'pw-12345678' });
  assert.equal(bad.status, 400);
  assert.ok(fieldErrors(bad.text).phone, 'not a phone');
});

test('staff find a case by the phone as typed, and register one for the customer who phoned', async () => {
  const cust = await freshCustomer('PHS', [{ sku: 'TV-01', name: '电视', category: 'electronics', qty: 1, unit_price_fen: 499900 }]);
  const agent = await staffAs('agent');
  for (const q of typed(cust.phone).slice(0, 3)) {
    const form = await agent.get(`/staff/cases/new?customer=${encodeURIComponent(q)}&order_no=${cust.orderNo}`);
    assert.equal(form.status, 200, `the customer "${q}" is found`);
  }
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'repair', reason: 'quality_defect', description: '黑屏', qty: { [cust.order.items[0].id]: 1 },
  });
  const caseNo = caseNoOf(res);
  for (const q of typed(cust.phone)) {
    const queue = await agent.get('/staff/queue?q=' + encodeURIComponent(q));
    assert.equal(queue.status, 200);
    assert.ok(queue.text.includes(`data-case="${caseNo}"`), `the queue finds the case by "${q}"`);
  }
});

test('/forgot takes the phone as typed', async () => {
  const c = new Client();
  await c.get('/forgot');
  const res = await c.postForm('/forgot', { csrf: c.csrf, login: '+86 138-0000-0001' });
  assert.equal(res.status, 200);
  assert.match(res.text, /action="\/forgot\/reset"/);
});
