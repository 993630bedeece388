// auth.test.mjs — signing in and out, failed sign-ins and the lock, first
// registration by order number and phone, the CSRF and Origin rules of the
// signed-out forms, and the security headers on every kind of answer.
//
// Every account this file signs in with, fails with, locks or logs out is
// its own: imported through the API with a phone made unique per run. (A
// logout ends every session of the account, and a lock blocks it for 15
// minutes: neither may touch the demo customers the other files use.)

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import {
  Client,
  DEMO_CUSTOMER,
  DEMO_PASSWORD,
  assertErrorPage,
  assertRedirect,
  assertSecurityHeaders,
  fieldErrors,
  freshCustomer,
  importOrders,
  inputValue,
  login,
  orderDoc,
  parseOrders,
  q,
  sql,
  uniqueOrderNo,
  uniquePhone,
} from './lib.mjs';

const ITEMS = [{ sku: 'AUTH-01', name: '认证测试商品', category: 'electronics', qty: 1, unit_price_fen: 1000 }];

/** POST /login from a fresh signed-out client; returns { res, message }. */
async function tryLogin(loginName, password) {
  const c = new Client();
  await c.get('/login');
  const res = await c.postForm('/login', { csrf: c.csrf, login: loginName, password });
  return { res, c, message: fieldErrors(res.text).login ?? null };
}

function withSid(sid) {
  const c = new Client();
  c.setCookie('sid', sid);
  return c;
}

describe('signing in', () => {
  let a; // an account of this file

  before(async () => {
    a = await freshCustomer('AUTHA', ITEMS, { email: `auth-${uniquePhone()}@example.test` });
  });

  test('the right password by phone or by e-mail signs in', async () => {
    const byPhone = await login(a.phone, a.password);
    assert.equal((await byPhone.get('/my/orders')).status, 200);
    const byMail = await login(a.email, a.password);
    const page = await byMail.get('/my/orders');
    assert.ok(parseOrders(page.text)[a.orderNo], 'the same customer, by e-mail');
  });

  test('a wrong password is a 401 with the form and a generic message, the same as for an unknown login', async () => {
    const wrong = await tryLogin(a.phone, 'not-the-password');
    assert.equal(wrong.res.status, 401);
    assert.ok(wrong.message, 'a message at the login field');
    assert.equal(inputValue(wrong.res.text, 'login'), a.phone, 'the form again, login kept');
    assert.ok(inputValue(wrong.res.text, 'csrf'), 'with a csrf token');
    assert.ok(!wrong.res.headers.getSetCookie().some((l) => l.startsWith('sid=')), 'no session');
    const unknown = await tryLogin(`nobody-${uniquePhone()}@example.test`, 'not-the-password');
    assert.equal(unknown.res.status, 401);
    assert.equal(unknown.message, wrong.message, 'the message does not tell whether the account exists');
  });

  test('an empty login or password is refused without a session', async () => {
    const { res } = await tryLogin('', '');
    assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
    assert.ok(!res.headers.getSetCookie().some((l) => l.startsWith('sid=')));
  });

  test('signing in needs the csrf token of the pre cookie and our Origin', async () => {
    const c = new Client();
    await c.get('/login');
    assert.ok(c.cookie('pre'), 'GET /login sets the pre cookie');
    const other = new Client();
    await other.get('/login');
    const fields = { login: a.phone, password: a.password };
    assertErrorPage(await c.postForm('/login', fields), 403, 'no csrf');
    assertErrorPage(await c.postForm('/login', { ...fields, csrf: other.csrf }), 403, "another browser's csrf");
    assertErrorPage(await new Client().postForm('/login', { ...fields, csrf: c.csrf }), 403, 'csrf without its pre cookie');
    assertErrorPage(await c.postForm('/login', { ...fields, csrf: c.csrf }, { origin: 'http://evil.example' }), 403, 'foreign Origin');
    assertRedirect(await c.postForm('/login', { ...fields, csrf: c.csrf }), '/my/orders', 'the same form, as it should be');
  });
});

describe('the lock after failed sign-ins', () => {
  let l; // an account of this file, locked by this test

  before(async () => {
    l = await freshCustomer('AUTHL', ITEMS);
  });

  test('5 failures lock a login for existing and unknown accounts alike, even against the right password', async () => {
    const ghost = `ghost-${uniquePhone()}@example.test`;
    for (let i = 1; i <= 5; i++) {
      const [real, fake] = await Promise.all([tryLogin(l.phone, `wrong-${i}`), tryLogin(ghost, `wrong-${i}`)]);
      assert.equal(real.res.status, 401, `failure ${i} of the existing account`);
      assert.equal(fake.res.status, 401, `failure ${i} of the unknown account`);
      assert.equal(real.message, fake.message, `failure ${i}: same message`);
    }
    const [real, fake] = await Promise.all([tryLogin(l.phone, l.password), tryLogin(ghost, l.password)]);
    assert.equal(real.res.status, 429, 'locked: even the right password is refused');
    assert.equal(fake.res.status, 429, 'the unknown login is locked the same way');
    assert.ok(real.message, 'the lock says so');
    assert.equal(real.message, fake.message, 'same lock message for both');
    assert.notEqual(real.message, fieldErrors((await tryLogin(`x-${uniquePhone()}`, 'y')).res.text).login, 'the lock message differs from a plain failure');
    assert.ok(!real.res.headers.getSetCookie().some((c) => c.startsWith('sid=')), 'no session while locked');
    assert.equal(inputValue(real.res.text, 'login'), l.phone, 'the form again');
  });
});

describe('signing out', () => {
  let a;

  before(async () => {
    a = await freshCustomer('AUTHO', ITEMS);
  });

  test('signing out without csrf or from a foreign Origin is a 403 and the session lives on', async () => {
    const c = await login(a.phone, a.password);
    assertErrorPage(await c.postForm('/logout', {}), 403, 'logout without csrf');
    assertErrorPage(await c.postForm('/logout', { csrf: c.csrf }, { origin: 'http://evil.example' }), 403, 'logout from elsewhere');
    assert.equal((await c.get('/my/orders')).status, 200, 'still signed in');
  });

  test('logout answers 303 to /login, clears the cookie and kills the token everywhere', async () => {
    const c = await login(a.phone, a.password);
    const elsewhere = await login(a.phone, a.password);
    const token = c.cookie('sid');
    const res = await c.postForm('/logout', { csrf: c.csrf });
    assertRedirect(res, '/login');
    assert.ok(res.headers.getSetCookie().some((l) => /^sid=;/.test(l) && /Max-Age=0/i.test(l)), 'the sid cookie is deleted');
    assertRedirect(await withSid(token).get('/my/orders'), '/login', 'the old token is refused');
    assertRedirect(await elsewhere.get('/my/orders'), '/login', 'the other session of the account ended too');
    const again = await login(a.phone, a.password);
    assert.equal((await again.get('/my/orders')).status, 200, 'signing in again works');
  });
});

describe('first registration', () => {
  let r; // { orderNo, phone }: imported, not registered yet
  let r2;

  before(async () => {
    r = { orderNo: uniqueOrderNo('AUTHR'), phone: uniquePhone() };
    r2 = { orderNo: uniqueOrderNo('AUTHW'), phone: uniquePhone() };
    await importOrders([orderDoc({ ...r, items: ITEMS }), orderDoc({ ...r2, items: ITEMS })]);
  });

  async function postRegister(fields, opts) {
    const c = new Client();
    await c.get('/register');
    const res = await c.postForm('/register', { csrf: c.csrf, ...fields }, opts);
    return { c, res, errors: fieldErrors(res.text) };
  }

  test('the register page sets the pre cookie and carries a csrf token', async () => {
    const c = new Client();
    const res = await c.get('/register');
    assert.equal(res.status, 200);
    const pre = res.headers.getSetCookie().find((l) => l.startsWith('pre='));
    assert.ok(pre, 'pre cookie');
    assert.match(pre, /HttpOnly/i);
    for (const f of ['csrf', 'order_no', 'phone']) assert.notEqual(inputValue(res.text, f), null, `field ${f}`);
  });

  test('order number + phone + password activates the account and signs in; the order is listed', async () => {
    const pw = 'register-pw-1';
    const { c, res } = await postRegister({ order_no: r.orderNo, phone: r.phone, password: pw, password2: pw });
    assertRedirect(res, '/my/orders');
    const page = await c.get('/my/orders');
    assert.ok(parseOrders(page.text)[r.orderNo], 'the imported order is on /my/orders');
    await login(r.phone, pw); // the new password signs in (login asserts the 303)
  });

  test('registering an active account again is a 409 that keeps the password', async () => {
    const { res, errors } = await postRegister({ order_no: r.orderNo, phone: r.phone, password: 'another-pw-2', password2: 'another-pw-2' });
    assert.equal(res.status, 409);
    assert.match(errors.order_no || '', /already/i);
    const { res: bad } = await tryLogin(r.phone, 'another-pw-2');
    assert.equal(bad.status, 401, 'the new password was not set');
  });

  test('the demo customer is already registered: 409', async () => {
    const { res, errors } = await postRegister({ order_no: 'SO2026DEMO01', phone: DEMO_CUSTOMER, password: 'whatever-123', password2: 'whatever-123' });
    assert.equal(res.status, 409);
    assert.match(errors.order_no || '', /already/i);
  });

  test('a phone that is not the order\'s is refused and activates nothing', async () => {
    const { res, errors } = await postRegister({ order_no: r2.orderNo, phone: '13700000000', password: 'pw-123456', password2: 'pw-123456' });
    assert.equal(res.status, 400);
    assert.ok(errors.order_no, 'says the order and phone do not match');
    assert.ok(!res.headers.getSetCookie().some((l) => l.startsWith('sid=')), 'no session');
    assert.equal(sql(`SELECT password_hash IS NULL FROM customers WHERE phone = ${q(r2.phone)}`)[0][0], '1');
  });

  test('mismatched or short passwords and a malformed phone are refused at their fields', async () => {
    const mism = await postRegister({ order_no: r2.orderNo, phone: r2.phone, password: 'pw-123456', password2: 'pw-654321' });
    assert.equal(mism.res.status, 400);
    assert.ok(mism.errors.password2);
    const short = await postRegister({ order_no: r2.orderNo, phone: r2.phone, password: 'short', password2: 'short' });
    assert.equal(short.res.status, 400);
    assert.ok(short.errors.password);
    const phone = await postRegister({ order_no: r2.orderNo, phone: '12-34', password: 'pw-123456', password2: 'pw-123456' });
    assert.equal(phone.res.status, 400);
    assert.ok(phone.errors.phone);
    assert.equal(sql(`SELECT password_hash IS NULL FROM customers WHERE phone = ${q(r2.phone)}`)[0][0], '1', 'still not activated');
  });

  test('registering without csrf is a 403', async () => {
    const c = new Client();
    await c.get('/register');
    const res = await c.postForm('/register', { order_no: r2.orderNo, phone: r2.phone, password: 'pw-123456', password2: 'pw-123456' });
    assertErrorPage(res, 403);
    assert.equal(sql(`SELECT password_hash IS NULL FROM customers WHERE phone = ${q(r2.phone)}`)[0][0], '1');
  });
});

describe('security headers', () => {
  test('on a page, an error page, a redirect, a file and the health check', async () => {
    const anon = new Client();
    const page = await anon.get('/login');
    assert.equal(page.status, 200);
    assertSecurityHeaders(page, 'GET /login');
    const err = await anon.get('/no-such-page');
    assert.equal(err.status, 404);
    assertSecurityHeaders(err, '404 page');
    const redirect = await anon.get('/');
    assertRedirect(redirect, '/login', 'signed-out home');
    assertSecurityHeaders(redirect, 'redirect');
    const health = await anon.get('/healthz');
    assertSecurityHeaders(health, '/healthz');
    const css = await anon.get('/static/style.css');
    assert.equal(css.status, 200, 'the stylesheet');
    for (const h of ['x-content-type-options', 'x-frame-options', 'content-security-policy']) assert.ok(css.headers.get(h), `static file: ${h}`);
  });

  test('signed-out pages that need a customer redirect to /login', async () => {
    for (const path of ['/my/orders', '/my/requests', '/my/orders/SO2026DEMO01/new', '/my/requests/AS202601010001', '/attachments/1'])
      assertRedirect(await new Client().get(path), '/login', path);
  });
});

describe('after signing in, the page asked for (next)', () => {
  const BAD = ['//evil.example', 'https:evil', 'https://evil.example/', '/\\evil', '/%2F%2Fevil', '/%2fevil',
    '/my/orders\r\nSet-Cookie: x=1', '/my/orders%0d%0aSet-Cookie:%20x=1', '\t//evil.example', 'javascript:alert(1)', ''];
  let a;

  before(async () => {
    a = await freshCustomer('NEXT', ITEMS);
  });

  async function signInWith(door, loginName, password, next, { inQuery = false } = {}) {
    const c = new Client();
    await c.get(door);
    const action = inQuery ? `${door}?next=${encodeURIComponent(next)}` : door;
    const fields = { csrf: c.csrf, login: loginName, password };
    if (!inQuery) fields.next = next;
    return { c, res: await c.postForm(action, fields) };
  }

  test('a signed-out customer is sent to the sign-in and back to the page, query and all', async () => {
    const want = `/my/requests?page=2`;
    const to = (await new Client().get(want)).headers.get('location');
    assert.equal(to, `/login?next=${encodeURIComponent(want)}`, 'the sign-in carries where to go');
    const c = new Client();
    const form = await c.get(to);
    assert.equal(form.status, 200);
    assert.equal(inputValue(form.text, 'next'), want, 'the form keeps it');
    const sw = /<a class="lang"[^>]*href="([^"]+)"/.exec(form.text)[1].replace(/&amp;/g, '&');
    const back = await new Client().get(sw);
    assert.equal(back.status, 303);
    assert.equal(back.headers.get('location'), to, 'the language switch comes back to the sign-in with its next');
    const res = await c.postForm(to, { csrf: c.csrf, login: a.phone, password: a.password, next: inputValue(form.text, 'next') });
    assertRedirect(res, want, 'back to the page asked for');
    assert.equal((await c.get(want)).status, 200, 'and it opens');
    // Signed in already, the sign-in page goes straight on.
    assertRedirect(await c.get(`/login?next=${encodeURIComponent('/my/account')}`), '/my/account', 'signed in: straight there');
    assertRedirect(await c.get(`/login?next=${encodeURIComponent('//evil.example')}`), '/my/orders', 'signed in, a bad next: home');
  });

  test('every other form of next lands on the default page', async () => {
    for (const next of BAD) {
      for (const inQuery of [false, true]) {
        const { res } = await signInWith('/login', a.phone, a.password, next, { inQuery });
        assertRedirect(res, '/my/orders', `next=${JSON.stringify(next)}${inQuery ? ' in the query' : ''}`);
      }
      const page = await new Client().get(`/login?next=${encodeURIComponent(next)}`);
      assert.equal(page.status, 200);
      assert.equal(inputValue(page.text, 'next'), null, `the form does not carry ${JSON.stringify(next)}`);
      assert.ok(!page.text.includes('evil.example'), 'nor shows it');
    }
    // A staff page is not a customer's next (the customer would only meet the staff door).
    assertRedirect((await signInWith('/login', a.phone, a.password, '/staff/queue')).res, '/my/orders', 'a staff page');
  });

  test('staff come back to the case they opened; bad or customer pages go to the queue', async () => {
    const want = '/staff/cases/AS202601010001?tab=notes';
    const to = (await new Client().get(want)).headers.get('location');
    assert.equal(to, `/staff/login?next=${encodeURIComponent(want)}`);
    const ok = await signInWith('/staff/login', 'agent@demo.local', DEMO_PASSWORD, want);
    assertRedirect(ok.res, want, 'staff: back to the case');
    for (const next of [...BAD, '/my/orders', '/staffx']) {
      const { res } = await signInWith('/staff/login', 'agent@demo.local', DEMO_PASSWORD, next);
      assertRedirect(res, '/staff/queue', `staff next=${JSON.stringify(next)}`);
    }
  });

  test('a form sent signed out goes to the plain sign-in (it is not sent again)', async () => {
    const c = new Client();
    await c.get('/login');
    const res = await c.postForm('/logout', { csrf: c.csrf });
    assert.ok([303, 403].includes(res.status), `POST signed out: ${res.status}`);
    if (res.status === 303) assert.equal(res.headers.get('location'), '/login');
  });

  test('the language switch takes the same check', async () => {
    for (const back of BAD) {
      const res = await new Client().get(`/lang/en?back=${encodeURIComponent(back)}`);
      assertRedirect(res, '/', `back=${JSON.stringify(back)}`);
    }
    assertRedirect(await new Client().get(`/lang/en?back=${encodeURIComponent('/login?x=1')}`), '/login?x=1', 'a local back');
  });
});
