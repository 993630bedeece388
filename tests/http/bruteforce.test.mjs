// bruteforce.test.mjs — guessing passwords (DESIGN.md §4, cgi/web/page_auth.c):
// a wrong password on an account that exists answers byte for byte what a
// login that does not exist gets; 5 failures lock the account (whichever of
// its names was used) and the lock looks the same for accounts that do not
// exist; after 20 failures from one address each further one makes it wait
// twice as long before its next try (2 s, 4 s, … up to 15 minutes), on both
// doors, even with a right password, and says how long (Retry-After).
//
// Every test comes from 127.0.0.1, so the address lock would stop the suites
// that run after this one: the address's row (and every row this file
// made) is deleted before the address test and in an after() hook that
// runs however the tests end.

import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';

import {
  Client,
  DEMO_PASSWORD,
  fieldErrors,
  freshCustomer,
  importOrders,
  orderDoc,
  q,
  sql,
  uniqueOrderNo,
  uniquePhone,
} from './lib.mjs';

const TAG = `bf${process.pid}${Date.now().toString(36)}`;
const ITEMS = [{ sku: 'BF-1', name: '暴力测试耳机', category: 'electronics', qty: 1, unit_price_fen: 9900 }];
const keys = new Set(); // login_throttle rows this file may have made
const madeStaff = [];

function forget() {
  const list = [...keys].map(q).join(', ');
  sql(
    `DELETE FROM login_throttle WHERE k LIKE 'addr:%' OR k LIKE 'register:%' OR k LIKE ${q(`%${TAG}%`)}` +
      (list ? ` OR k IN (${list})` : ''),
  );
}

after(() => {
  forget();
  if (madeStaff.length) sql(`UPDATE staff SET disabled = 1 WHERE email IN (${madeStaff.map(q).join(', ')})`);
  const left = Number(sql(`SELECT COUNT(*) FROM login_throttle WHERE k LIKE 'addr:%' OR k LIKE 'register:%'`)[0][0]);
  assert.equal(left, 0, 'no address or registration lock is left for the suites after this one');
});

/** A staff account of this file: the agent's roles and password. */
function makeStaff(name) {
  const email = `${name}-${TAG}@demo.local`;
  sql(
    `INSERT INTO staff (email, name, roles, password_hash, created_at) ` +
      `SELECT ${q(email)}, 'BF', roles, password_hash, UTC_TIMESTAMP() FROM staff WHERE email = 'agent@demo.local'`,
  );
  madeStaff.push(email);
  const id = sql(`SELECT id FROM staff WHERE email = ${q(email)}`)[0][0];
  keys.add(`account:s:${id}`);
  return email;
}

function customerId(phone) {
  return sql(`SELECT id FROM customers WHERE phone = ${q(phone)}`)[0][0];
}

/** One sign-in attempt on a fresh client: { res, message, norm }. norm is
 * the body with the csrf token, the request id and the echoed login taken
 * out: what must not depend on whether the account exists. */
async function tryLogin(door, login, password) {
  const kind = door === 'staff' ? 's' : 'c';
  const path = door === 'staff' ? '/staff/login' : '/login';
  keys.add(`login:${kind}:${login.toLowerCase()}`);
  const c = new Client();
  await c.get(path);
  assert.ok(c.csrf, `${path} carries a csrf token`);
  const res = await c.postForm(path, { csrf: c.csrf, login, password });
  const rid = res.headers.get('x-request-id') || '';
  const norm = res.text
    .split(c.csrf)
    .join('CSRF')
    .split(rid)
    .join('RID')
    .split(login)
    .join('LOGIN');
  return { res, c, message: fieldErrors(res.text).login, norm };
}

/** Status, header names, length and normalised body of two answers are the same. */
function assertSame(a, b, what) {
  assert.equal(a.res.status, b.res.status, `${what}: status`);
  assert.ok(a.message, `${what}: a message at the login field`);
  assert.equal(a.message, b.message, `${what}: the message`);
  assert.equal(a.norm, b.norm, `${what}: the whole page, byte for byte (csrf, request id and login aside)`);
  const names = (r) => [...r.res.headers.keys()].filter((n) => n !== 'date').sort();
  assert.deepEqual(names(a), names(b), `${what}: the same headers`);
  assert.equal(a.res.headers.get('content-length'), b.res.headers.get('content-length'), `${what}: the same length`);
  assert.ok(!a.res.headers.getSetCookie().some((l) => l.startsWith('sid=')), `${what}: no session`);
}

/** A login of the same length as s that no account has. */
function ghostLike(s) {
  if (/^\d+$/.test(s)) {
    let g;
    do g = uniquePhone().slice(0, s.length).padEnd(s.length, '7');
    while (g === s);
    return g;
  }
  const at = s.indexOf('@');
  const local = ('g' + TAG + 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx').slice(0, at);
  return local + s.slice(at);
}

describe('password guessing', () => {
  // Each test starts with the address unlocked: its failures add up across tests.
  beforeEach(() => forget());

  test('a wrong password on an existing account answers exactly what an unknown login gets', async () => {
    const a = await freshCustomer('BFA', ITEMS, { email: `a-${TAG}@example.test` });
    keys.add(`account:c:${customerId(a.phone)}`);
    const staffEmail = makeStaff('s');
    const offEmail = makeStaff('off');
    sql(`UPDATE staff SET disabled = 1 WHERE email = ${q(offEmail)}`);
    // A customer whose order was imported but who never registered.
    const idle = uniquePhone();
    await importOrders([orderDoc({ orderNo: uniqueOrderNo('BFN'), phone: idle, items: ITEMS })]);
    const pairs = [
      ['customer by phone', 'customer', a.phone],
      ['customer by e-mail', 'customer', a.email],
      ['customer by e-mail in capitals', 'customer', a.email.toUpperCase()],
      ['customer never registered', 'customer', idle],
      ['staff', 'staff', staffEmail],
      ['disabled staff, right password', 'staff', offEmail, DEMO_PASSWORD],
      ['a customer phone on the staff door', 'staff', a.phone],
    ];
    for (const [what, door, login, pw] of pairs) {
      const real = await tryLogin(door, login, pw ?? 'wrong-password-1');
      const ghost = await tryLogin(door, ghostLike(login), pw ?? 'wrong-password-1');
      assert.equal(real.res.status, 401, `${what}: 401`);
      assertSame(real, ghost, what);
    }
    // The control: the normalisation does not hide everything.
    const ok = await tryLogin('customer', a.phone, a.password);
    assert.equal(ok.res.status, 303, 'the right password still signs in');
  });

  test('5 failures lock the account whichever of its names is used, even against the right password', async () => {
    const b = await freshCustomer('BFB', ITEMS, { email: `b-${TAG}@example.test` });
    keys.add(`account:c:${customerId(b.phone)}`);
    const tries = [b.phone, b.email, b.phone, b.email.toUpperCase(), b.phone];
    for (const [i, login] of tries.entries())
      assert.equal((await tryLogin('customer', login, `wrong-${i}`)).res.status, 401, `failure ${i + 1} (${login})`);
    for (const login of [b.phone, b.email]) {
      const r = await tryLogin('customer', login, b.password);
      assert.equal(r.res.status, 429, `the right password by ${login} is refused while locked`);
      assert.ok(!r.res.headers.getSetCookie().some((l) => l.startsWith('sid=')), 'no session while locked');
    }
    // A name of an account that does not exist, failed 5 times, is locked the same way.
    const ghost = ghostLike(b.phone);
    for (let i = 0; i < 5; i++) assert.equal((await tryLogin('customer', ghost, `wrong-${i}`)).res.status, 401);
    const [real, fake] = [await tryLogin('customer', b.phone, 'whatever-1'), await tryLogin('customer', ghost, 'whatever-1')];
    assert.equal(real.res.status, 429);
    assertSame(real, fake, 'locked: existing and unknown');
    const plain = await tryLogin('customer', ghostLike(b.phone), 'whatever-1');
    assert.notEqual(real.message, plain.message, 'the lock says so, in other words than a wrong password');
    const row = sql(`SELECT failures, locked_until > UTC_TIMESTAMP() FROM login_throttle WHERE k = ${q(`account:c:${customerId(b.phone)}`)}`);
    assert.deepEqual(row, [['5', '1']], 'the account itself is locked after 5 failures');
  });

  test('5 failures lock a staff account; another staff account is not affected', async () => {
    const s = makeStaff('lock');
    const t = makeStaff('free');
    for (let i = 0; i < 5; i++) assert.equal((await tryLogin('staff', s, `wrong-${i}`)).res.status, 401, `failure ${i + 1}`);
    assert.equal((await tryLogin('staff', s, DEMO_PASSWORD)).res.status, 429, 'locked against the right password');
    assert.equal((await tryLogin('staff', s.toUpperCase(), DEMO_PASSWORD)).res.status, 429, 'and in capitals');
    assert.equal((await tryLogin('staff', t, DEMO_PASSWORD)).res.status, 303, 'another account signs in');
  });

  test('an address is slowed after 20 failures: each more doubles its wait (2 s, 4 s, … 15 min), on both doors', async () => {
    forget(); // the failures of the tests above (and of earlier suites) do not count here
    const c = await freshCustomer('BFC', ITEMS);
    const s = makeStaff('addr');
    const row = () =>
      sql(`SELECT failures, COALESCE(TIMESTAMPDIFF(SECOND, '1970-01-01', locked_until), 0) FROM login_throttle WHERE k = 'addr:127.0.0.1'`)[0]
        .map(Number);
    // A failure, and the wait it set: locked_until is the failure's own
    // time (between t0 and t1 here, to the second) plus the wait.
    const fail = async (i, wait) => {
      const t0 = Math.floor(Date.now() / 1000);
      const r = await tryLogin(i % 2 ? 'customer' : 'staff', `ghost${i}-${TAG}@example.test`, 'nope-nope');
      const t1 = Math.ceil(Date.now() / 1000);
      assert.equal(r.res.status, 401, `failure ${i} from the address`);
      const [n, until] = row();
      assert.equal(n, i, `failure ${i} counted`);
      if (wait) assert.ok(until >= t0 + wait && until <= t1 + wait, `failure ${i}: waits ${wait} s (until ${until}, failed within ${t0}..${t1})`);
      return until;
    };
    const retryAfter = (r) => Number(r.res.headers.get('retry-after'));
    for (let i = 1; i <= 20; i++) await fail(i, 0);
    assert.equal(row()[1], 0, 'no wait after 20 failures');
    assert.equal((await tryLogin('customer', c.phone, c.password)).res.status, 303, 'after 20 failures the address may still try at once');

    const until21 = await fail(21, 2);
    // the wait over, the right password goes through
    while (Date.now() / 1000 < until21 + 0.2) await new Promise((done) => setTimeout(done, 100));
    assert.equal((await tryLogin('customer', c.phone, c.password)).res.status, 303, 'after the 2 s wait');
    await fail(22, 4); // a success does not reset the address's count

    // a long attack: its 30th failure (and every later one) waits the longest, 15 minutes
    sql(`UPDATE login_throttle SET failures = 29, locked_until = NULL WHERE k = 'addr:127.0.0.1'`);
    await fail(30, 900);
    const slowed = [
      await tryLogin('customer', c.phone, c.password),
      await tryLogin('staff', s, DEMO_PASSWORD),
      await tryLogin('staff', 'manager@demo.local', DEMO_PASSWORD),
    ];
    for (const r of slowed) {
      assert.equal(r.res.status, 429, 'the address waits, for every account, right passwords too');
      assert.ok(retryAfter(r) >= 880 && retryAfter(r) <= 900, `Retry-After ${retryAfter(r)}`);
    }
    assert.equal(slowed[0].message, slowed[1].message, 'one message on both doors');
    assert.equal(row()[0], 30, 'an attempt while waiting is not counted as a failure');
    forget();
    assert.equal((await tryLogin('customer', c.phone, c.password)).res.status, 303, 'signing in works again once the row is gone');
  });
});
