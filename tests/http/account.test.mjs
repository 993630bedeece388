// account.test.mjs — the customer's own account (/my/account, issue 12):
// the phone shown, the e-mail changed or removed, the channels chosen;
// a malformed or taken e-mail is refused and changes nothing; only the
// signed-in customer's own row changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { assertRedirect, Client, fieldErrors, freshCustomer, q, sql } from './lib.mjs';

function contact(phone) {
  const [email, ne, ns] = sql(`SELECT email, notify_email, notify_sms FROM customers WHERE phone = ${q(phone)}`)[0];
  return { email: email === 'NULL' ? null : email, email_on: ne === '1', sms_on: ns === '1' };
}

test('a customer sees and changes their e-mail and channels', async () => {
  const cust = await freshCustomer('ACC', [{ sku: 'A-1', name: '台灯', category: 'electronics', qty: 1, unit_price_fen: 5900 }]);
  const c = cust.client;
  const page = await c.get('/my/account');
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(`<strong class="phone">${cust.phone}</strong>`), 'the phone is shown');
  assert.deepEqual(contact(cust.phone), { email: null, email_on: true, sms_on: true }, 'both channels on by default');

  const email = `acc${cust.phone}@example.com`;
  assertRedirect(await c.postForm('/my/account', { csrf: c.csrf, email, notify_email: '1' }), '/my/account?saved=1');
  assert.deepEqual(contact(cust.phone), { email, email_on: true, sms_on: false }, 'an unticked box turns SMS off');
  const saved = await c.get('/my/account?saved=1');
  assert.match(saved.text, /id="saved"/);
  assert.ok(saved.text.includes(`value="${email}"`));

  for (const bad of ['no-at-sign', 'a@b@c', 'a b@example.com', '@example.com', 'x@', `${'a'.repeat(190)}@example.com`]) {
    const res = await c.postForm('/my/account', { csrf: c.csrf, email: bad, notify_email: '1', notify_sms: '1' });
    assert.equal(res.status, 400, bad);
    assert.ok(fieldErrors(res.text).email, `${bad}: an error on email`);
  }
  const taken = await c.postForm('/my/account', { csrf: c.csrf, email: 'li@example.com', notify_sms: '1' });
  assert.equal(taken.status, 400, 'another customer\'s e-mail');
  assert.ok(fieldErrors(taken.text).email);
  assert.deepEqual(contact(cust.phone), { email, email_on: true, sms_on: false }, 'refusals changed nothing');

  assertRedirect(await c.postForm('/my/account', { csrf: c.csrf, email: '', notify_sms: '1' }), '/my/account?saved=1');
  assert.deepEqual(contact(cust.phone), { email: null, email_on: false, sms_on: true }, 'the e-mail removed');
});

test('signed out: /my/account asks to sign in; a forged form is refused', async () => {
  const anon = new Client();
  assertRedirect(await anon.get('/my/account'), '/login');
  const cust = await freshCustomer('ACF', [{ sku: 'A-2', name: '台灯', category: 'electronics', qty: 1, unit_price_fen: 5900 }]);
  const res = await cust.client.postForm('/my/account', { csrf: 'forged', email: 'x@example.com' });
  assert.equal(res.status, 403);
  assert.equal(contact(cust.phone).email, null);
});
