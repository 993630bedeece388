// sessions.test.mjs — attacks on who is asking (DESIGN.md §4): session
// tokens that are forged, altered, expired, of an unknown key, of a signed-
// out session or a disabled staff account, and tokens of one side used on
// the other; then forged requests (CSRF) on a customer's and a staff
// member's POSTs. Every attempt must be refused (sign-in redirect or 403 as
// the route says) and change nothing in the database.
//
// The suite makes its own customers (through the shop API) and its own
// staff accounts (rows copied from agent@demo.local with SQL), so signing
// out and disabling never touch another suite's sessions.

import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import {
  BASE,
  Client,
  DEMO_PASSWORD,
  assertErrorPage,
  assertRedirect,
  caseNoOf,
  count,
  freshCustomer,
  login,
  png,
  q,
  signToken,
  signingKey,
  sql,
  submitRequest,
  tokenPayload,
} from './lib.mjs';

const ITEMS = [{ sku: 'SES-1', name: '会话测试耳机', category: 'electronics', qty: 3, unit_price_fen: 19900 }];
const TAG = `sec${process.pid}${Date.now().toString(36)}`;
const madeStaff = [];

/** A staff account of this file: the agent's roles and password hash. */
function makeStaff(name) {
  const email = `${TAG}-${name}@demo.local`;
  sql(
    `INSERT INTO staff (email, name, roles, password_hash, created_at) ` +
      `SELECT ${q(email)}, ${q('安全测试 ' + name)}, roles, password_hash, UTC_TIMESTAMP() ` +
      `FROM staff WHERE email = 'agent@demo.local'`,
  );
  madeStaff.push(email);
  return email;
}

async function staffLogin(email) {
  const c = new Client();
  await c.get('/staff/login');
  assert.ok(c.csrf, 'the staff sign-in page carries a csrf token');
  const res = await c.postForm('/staff/login', { csrf: c.csrf, login: email, password: DEMO_PASSWORD });
  assertRedirect(res, '/staff/queue', `${email} signs in`);
  const queue = await c.get('/staff/queue');
  assert.equal(queue.status, 200, 'the queue opens');
  return c;
}

function withSid(sid) {
  const c = new Client();
  c.setCookie('sid', sid);
  return c;
}

/** Everything a refused request could have changed on a case. */
function caseSnapshot(caseNo) {
  const id = `(SELECT id FROM cases WHERE case_no = ${q(caseNo)})`;
  const [state, version] = sql(`SELECT state, version FROM cases WHERE case_no = ${q(caseNo)}`)[0];
  return {
    state,
    version: Number(version),
    events: count(`SELECT COUNT(*) FROM case_events WHERE case_id = ${id}`),
    messages: count(`SELECT COUNT(*) FROM messages WHERE case_id = ${id}`),
    attachments: count(`SELECT COUNT(*) FROM attachments WHERE case_id = ${id}`),
    timers: count(`SELECT COUNT(*) FROM case_timers WHERE case_id = ${id} AND stopped_at IS NULL`),
  };
}

function epochs(table, column, value) {
  return sql(`SELECT session_epoch FROM ${table} WHERE ${column} = ${q(value)}`)[0][0];
}

const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
const b64 = (s) => Buffer.from(s, 'latin1').toString('base64url');

/**
 * Bad tokens made from a good one: each must be refused. k is the stack's
 * key ({ id, key }), good the token of a live session.
 */
function badTokens(good, k, otherSubject) {
  const now = Math.floor(Date.now() / 1000);
  const s = tokenPayload(good);
  const [v, payload, mac] = good.split('.');
  const raw = Buffer.from(payload, 'base64url').toString('latin1');
  const alt = (fields) => `${v}.${b64(Object.values({ ...s, ...fields }).join('.'))}.${mac}`;
  const foreignKey = randomBytes(32);
  const otherKind = s.kind === 'c' ? 's' : 'c';
  return {
    'MAC with one character changed': `${v}.${payload}.${flip(mac, 5)}`,
    'MAC of a key that is not ours': signToken(s, foreignKey),
    'MAC cut short': `${v}.${payload}.${mac.slice(0, -1)}`,
    'MAC of the payload under "v2."': `v1.${payload}.${createHmac('sha256', k.key).update(`v2.${payload}`).digest('base64url')}`,
    'payload: another subject, original MAC': alt({ subject: otherSubject }),
    'payload: the other kind, original MAC': alt({ kind: otherKind }),
    'payload: a later expiry, original MAC': alt({ exp: s.exp + 3600 }),
    'payload: a newer epoch, original MAC': alt({ epoch: s.epoch + 1 }),
    'payload: a trailing field, original MAC': `${v}.${b64(raw + '.1')}.${mac}`,
    'expired (idle) and correctly signed': signToken({ ...s, exp: now - 1 }, k.key),
    'older than 12 hours and correctly signed': signToken({ ...s, iat: now - 12 * 3600 - 5, exp: now + 600 }, k.key),
    'unknown key id, signed with our key': signToken({ ...s, kid: k.id + 1, exp: now + 600 }, k.key),
    'unknown key id, signed with its own key': signToken({ ...s, kid: 7777, exp: now + 600 }, foreignKey),
    'key id 0': signToken({ ...s, kid: 0, exp: now + 600 }, k.key),
    'an older epoch, correctly signed': signToken({ ...s, epoch: s.epoch - 1, exp: now + 600 }, k.key),
    'a subject that does not exist, correctly signed': signToken({ ...s, subject: 987654321, exp: now + 600 }, k.key),
    'no MAC at all': `${v}.${payload}`,
    'another version prefix': `v0.${payload}.${mac}`,
  };
}

describe('session tokens and forged requests', () => {
  let k; // the stack's signing key
  let cust; // a customer of this file with one submitted case
  let caseNo;
  let other; // a second customer (ids to steal, a csrf of another session)
  let agentEmail;
  let agent; // a staff client of this file

  before(async () => {
    k = signingKey();
    assert.ok(k, `the test reads ${process.env.AFTERCARE_VAR}/secret.key`);
    cust = await freshCustomer('SES', ITEMS);
    const { res } = await submitRequest(cust.client, cust.orderNo, {
      type: 'return_refund',
      reason: 'quality_defect',
      description: '会话测试',
      qty: { [cust.order.items[0].id]: 1 },
    });
    caseNo = caseNoOf(res);
    other = await freshCustomer('SES2', ITEMS);
    agentEmail = makeStaff('agent');
    agent = await staffLogin(agentEmail);
  });

  after(() => {
    if (madeStaff.length) sql(`UPDATE staff SET disabled = 1 WHERE email IN (${madeStaff.map(q).join(', ')})`);
  });

  describe('customer tokens', () => {
    test('the good token works (control), every forged, altered, expired or foreign-key one is sent to /login', async () => {
      const good = cust.client.cookie('sid');
      assert.equal(signToken(tokenPayload(good), k.key), good, 'the test signs the way the daemon signs');
      assert.equal((await withSid(good).get('/my/orders')).status, 200, 'the untouched token opens /my/orders');
      const otherId = tokenPayload(other.client.cookie('sid')).subject;
      const bad = badTokens(good, k, otherId);
      assert.ok(Object.keys(bad).length >= 15);
      for (const [what, sid] of Object.entries(bad)) {
        const c = withSid(sid);
        const page = await c.get('/my/orders');
        assertRedirect(page, '/login', `GET with ${what}`);
        assert.ok(!page.headers.getSetCookie().some((l) => /^sid=v1\./.test(l)), `${what}: no new session cookie`);
        assertRedirect(await c.get(`/my/requests/${caseNo}`), '/login', `case page with ${what}`);
      }
    });

    test('POSTs with bad tokens are sent to /login and change nothing, even with the real csrf token', async () => {
      const good = cust.client.cookie('sid');
      await cust.client.get(`/my/requests/${caseNo}`);
      const csrf = cust.client.csrf;
      const before = caseSnapshot(caseNo);
      const bad = badTokens(good, k, tokenPayload(other.client.cookie('sid')).subject);
      for (const [what, sid] of Object.entries(bad)) {
        const c = withSid(sid);
        assertRedirect(await c.postForm(`/my/requests/${caseNo}/cancel`, { csrf, version: before.version }), '/login', `cancel with ${what}`);
        assertRedirect(
          await c.postMultipart(`/my/requests/${caseNo}/messages`, [['csrf', csrf], ['body', `forged: ${what}`], ['photo', { filename: 'f.png', type: 'image/png', data: png() }]]),
          '/login',
          `message with ${what}`,
        );
      }
      assert.deepEqual(caseSnapshot(caseNo), before, 'the case is as it was');
      assert.equal(count(`SELECT COUNT(*) FROM messages WHERE body LIKE 'forged:%'`), 0, 'no forged message anywhere');
    });

    test('the token of a signed-out session is refused on GET and POST, and changes nothing', async () => {
      const c = await login(other.phone, other.password);
      await c.get(`/my/orders`);
      const token = c.cookie('sid');
      const csrf = c.csrf;
      const epoch = epochs('customers', 'phone', other.phone);
      assertRedirect(await c.postForm('/logout', { csrf }), '/login', 'sign out');
      assert.notEqual(epochs('customers', 'phone', other.phone), epoch, 'signing out bumps the epoch');
      const replay = withSid(token);
      assertRedirect(await replay.get('/my/orders'), '/login', 'the old token after sign-out');
      const before = caseSnapshot(caseNo);
      const casesBefore = count(`SELECT COUNT(*) FROM cases c JOIN customers u ON u.id = c.customer_id WHERE u.phone = ${q(other.phone)}`);
      assertRedirect(await replay.postForm('/logout', { csrf }), '/login', 'signing out again with it');
      const form = await other.client.get(`/my/orders/${other.orderNo}/new`);
      assertRedirect(form, '/login', 'the other client of the same customer is signed out too');
      assertRedirect(await replay.postForm('/my/requests', { csrf, order_no: other.orderNo, type: 'exchange', reason: 'quality_defect', nonce: 'A'.repeat(20), [`qty_${other.order.items[0].id}`]: '1' }), '/login', 'a request with it');
      assert.equal(count(`SELECT COUNT(*) FROM cases c JOIN customers u ON u.id = c.customer_id WHERE u.phone = ${q(other.phone)}`), casesBefore, 'no case made');
      assert.deepEqual(caseSnapshot(caseNo), before);
      assert.equal(epochs('customers', 'phone', other.phone), String(Number(epoch) + 1), 'the refused replay did not sign out again');
      other.client = await login(other.phone, other.password); // for the tests below
    });

    // /my/orders, /my/requests and /my/requests/{no} read the account with
    // the page's own first statement (routes.c A_CUSTOMER_READ); when that
    // statement finds no row the account is read on its own. Both ways must
    // refuse what the up-front check refuses.
    test('the pages that check the session with their own statement refuse a dead token, with rows and without', async () => {
      const x = await freshCustomer(`${TAG}R`, ITEMS);
      const { res } = await submitRequest(x.client, x.orderNo, {
        type: 'exchange', reason: 'quality_defect', qty: { [x.order.items[0].id]: 1 },
      });
      const xCase = caseNoOf(res);
      const y = await freshCustomer(`${TAG}S`, ITEMS); // no case: /my/requests has no row
      const pages = {
        'my orders (rows)': '/my/orders',
        'my requests (rows)': '/my/requests',
        'one case (a row)': `/my/requests/${xCase}`,
        'no such case (no row)': '/my/requests/AS000000000000',
      };
      const expect = { 'no such case (no row)': 404 };
      for (const [what, path] of Object.entries(pages)) {
        const page = await x.client.get(path);
        assert.equal(page.status, expect[what] ?? 200, `${what}: the live session (control)`);
        assert.ok(page.text.includes('action="/logout"'), `${what}: the page is a signed-in customer's (sign-out in its header)`);
      }
      assert.equal((await y.client.get('/my/requests')).status, 200, 'no cases: the live session (control)');
      const xToken = x.client.cookie('sid');
      const yToken = y.client.cookie('sid');
      assertRedirect(await x.client.postForm('/logout', { csrf: x.client.csrf }), '/login', 'x signs out');
      for (const [what, path] of Object.entries(pages)) {
        assertRedirect(await withSid(xToken).get(path), '/login', `${what}: the token after sign-out`);
      }
      // An account that lost its password (as before registration) holds no session.
      sql(`UPDATE customers SET password_hash = NULL WHERE phone = ${q(y.phone)}`);
      for (const path of ['/my/requests', '/my/orders', `/my/requests/${xCase}`]) {
        assertRedirect(await withSid(yToken).get(path), '/login', `${path}: the token of an account without a password`);
      }
      // Another customer's case is still "not found" for a live session.
      const z = await login(other.phone, other.password);
      assert.equal((await z.get(`/my/requests/${xCase}`)).status, 404, "another customer's case");
    });
  });

  describe('staff tokens', () => {
    test('the good token works (control), every forged, altered, expired or foreign-key one is sent to /staff/login', async () => {
      const good = agent.cookie('sid');
      assert.equal(tokenPayload(good).kind, 's');
      assert.equal((await withSid(good).get('/staff/queue')).status, 200, 'the untouched token opens the queue');
      const managerId = Number(sql(`SELECT id FROM staff WHERE email = 'manager@demo.local'`)[0][0]);
      for (const [what, sid] of Object.entries(badTokens(good, k, managerId))) {
        const c = withSid(sid);
        assertRedirect(await c.get('/staff/queue'), '/staff/login', `queue with ${what}`);
        assertRedirect(await c.get(`/staff/cases/${caseNo}`), '/staff/login', `case with ${what}`);
      }
    });

    test('staff POSTs with bad tokens are sent to /staff/login and change nothing', async () => {
      await agent.get(`/staff/cases/${caseNo}`);
      const csrf = agent.csrf;
      const before = caseSnapshot(caseNo);
      for (const [what, sid] of Object.entries(badTokens(agent.cookie('sid'), k, 1))) {
        const c = withSid(sid);
        assertRedirect(await c.postForm(`/staff/cases/${caseNo}/approve`, { csrf, version: before.version }), '/staff/login', `approve with ${what}`);
        assertRedirect(await c.postForm(`/staff/cases/${caseNo}/message`, { csrf, body: `forged: ${what}` }), '/staff/login', `message with ${what}`);
      }
      assert.deepEqual(caseSnapshot(caseNo), before);
    });

    test('the token of a signed-out staff session is refused and changes nothing', async () => {
      const email = makeStaff('out');
      const c = await staffLogin(email);
      await c.get(`/staff/cases/${caseNo}`);
      const token = c.cookie('sid');
      const csrf = c.csrf;
      assertRedirect(await c.postForm('/staff/logout', { csrf }), '/staff/login', 'staff sign-out');
      const replay = withSid(token);
      assertRedirect(await replay.get('/staff/queue'), '/staff/login', 'the old token after sign-out');
      const before = caseSnapshot(caseNo);
      assertRedirect(await replay.postForm(`/staff/cases/${caseNo}/approve`, { csrf, version: before.version }), '/staff/login', 'approve with it');
      assert.deepEqual(caseSnapshot(caseNo), before);
    });

    test('a disabled staff account: its live token is refused, it cannot sign in, and it changes nothing', async () => {
      const email = makeStaff('off');
      const c = await staffLogin(email);
      await c.get(`/staff/cases/${caseNo}`);
      const csrf = c.csrf;
      sql(`UPDATE staff SET disabled = 1 WHERE email = ${q(email)}`);
      assertRedirect(await c.get('/staff/queue'), '/staff/login', 'the queue after the account was disabled');
      const before = caseSnapshot(caseNo);
      assertRedirect(await c.postForm(`/staff/cases/${caseNo}/approve`, { csrf, version: before.version }), '/staff/login', 'approve');
      assertRedirect(await c.postForm(`/staff/cases/${caseNo}/message`, { csrf, body: 'from a disabled account' }), '/staff/login', 'message');
      assert.deepEqual(caseSnapshot(caseNo), before);
      const again = new Client();
      await again.get('/staff/login');
      const res = await again.postForm('/staff/login', { csrf: again.csrf, login: email, password: DEMO_PASSWORD });
      assert.equal(res.status, 401, 'the right password of a disabled account does not sign in');
      assert.equal(again.cookie('sid'), undefined, 'no session');
      // A token re-signed with a fresh expiry is no way around it either.
      const now = Math.floor(Date.now() / 1000);
      const fresh = signToken({ ...tokenPayload(c.cookie('sid')), iat: now, exp: now + 600 }, k.key);
      assertRedirect(await withSid(fresh).get('/staff/queue'), '/staff/login', 'a re-signed token of the disabled account');
    });

    // /staff/queue reads the account with its own statement (A_STAFF_READ):
    // with rows, with none (a search that finds nothing: the account is read
    // alone), and before a refused filter.
    test('the queue checks the session with its own statement: with rows, without, and before a bad filter', async () => {
      const email = makeStaff('qread');
      const c = await staffLogin(email);
      const token = c.cookie('sid');
      const views = {
        'rows': ['/staff/queue', 200],
        'no row': ['/staff/queue?q=NO-SUCH-THING', 200],
        'a bad filter': ['/staff/queue?status=nonsense', 400],
      };
      for (const [what, [path, status]] of Object.entries(views)) {
        const res = await withSid(token).get(path);
        assert.equal(res.status, status, `${what}: the live session (control)`);
        assert.ok(res.text.includes('action="/staff/logout"'), `${what}: a signed-in staff page`);
      }
      // Roles come from the account, not the token: made a manager, the
      // same token shows the manager's links on the next page.
      assert.ok(!(await withSid(token).get('/staff/queue')).text.includes('href="/staff/dashboard"'), 'an agent has no dashboard link');
      sql(`UPDATE staff SET roles = roles | 32 WHERE email = ${q(email)}`);
      assert.ok((await withSid(token).get('/staff/queue')).text.includes('href="/staff/dashboard"'), 'the manager role shows at once');
      sql(`UPDATE staff SET disabled = 1 WHERE email = ${q(email)}`);
      for (const [what, [path]] of Object.entries(views)) {
        assertRedirect(await withSid(token).get(path), '/staff/login', `${what}: the token of the disabled account`);
      }
    });
  });

  describe('one side\'s token on the other side', () => {
    test('a customer token opens no staff page and takes no staff action', async () => {
      const c = cust.client;
      await c.get(`/my/requests/${caseNo}`);
      const before = caseSnapshot(caseNo);
      for (const path of ['/staff', '/staff/queue', `/staff/cases/${caseNo}`])
        assertRedirect(await c.get(path), '/staff/login', `customer on ${path}`);
      for (const action of ['approve', 'reject', 'message', 'assign'])
        assertRedirect(
          await c.postForm(`/staff/cases/${caseNo}/${action}`, { csrf: c.csrf, version: before.version, reason: 'x', body: 'x', staff_id: '1' }),
          '/staff/login',
          `customer posts ${action}`,
        );
      assertRedirect(await c.postForm('/staff/logout', { csrf: c.csrf }), '/staff/login', 'customer on staff logout');
      assert.deepEqual(caseSnapshot(caseNo), before);
      assert.equal((await c.get('/my/orders')).status, 200, 'the customer session itself lives on');
    });

    test('a staff token opens no customer page and takes no customer action', async () => {
      await agent.get(`/staff/cases/${caseNo}`);
      const before = caseSnapshot(caseNo);
      for (const path of ['/my/orders', '/my/requests', `/my/requests/${caseNo}`, `/my/orders/${cust.orderNo}/new`])
        assertRedirect(await agent.get(path), '/login', `staff on ${path}`);
      assertRedirect(await agent.postForm(`/my/requests/${caseNo}/cancel`, { csrf: agent.csrf, version: before.version }), '/login', 'staff cancels');
      assertRedirect(await agent.postForm(`/my/requests/${caseNo}/messages`, { csrf: agent.csrf, body: 'staff as customer' }), '/login', 'staff posts as the customer');
      assertRedirect(await agent.postForm('/logout', { csrf: agent.csrf }), '/login', 'staff on customer logout');
      assert.deepEqual(caseSnapshot(caseNo), before);
      assert.equal((await agent.get('/staff/queue')).status, 200, 'the staff session itself lives on');
    });
  });

  describe('CSRF', () => {
    /** The forged variants of one POST: fields without csrf → [what, fields, opts]. */
    function forgeries(fields, csrf, foreignCsrf) {
      return [
        ['no csrf field', fields, {}],
        ['an empty csrf', { ...fields, csrf: '' }, {}],
        ['a wrong csrf', { ...fields, csrf: 'A'.repeat(43) }, {}],
        ['a csrf one character off', { ...fields, csrf: flip(csrf, 7) }, {}],
        ['the csrf of another session', { ...fields, csrf: foreignCsrf }, {}],
        ['the csrf of the anonymous sign-in form', { ...fields, csrf: null }, { anonymous: true }],
        ['the right csrf from a foreign Origin', { ...fields, csrf }, { origin: 'http://evil.example' }],
        ['the right csrf from Origin null', { ...fields, csrf }, { origin: 'null' }],
        ['the right csrf from a look-alike Origin', { ...fields, csrf }, { origin: `${BASE}.evil.example` }],
        ['the right csrf from an https Origin elsewhere', { ...fields, csrf }, { origin: 'https://evil.example' }],
        ['the right csrf with a foreign Referer and no Origin', { ...fields, csrf }, { origin: false, headers: { referer: 'http://evil.example/page' } }],
      ];
    }

    async function anonymousCsrf() {
      const a = new Client();
      await a.get('/login');
      assert.ok(a.csrf);
      return a.csrf;
    }

    async function tryAll(client, path, fields, csrf, foreignCsrf, what) {
      const anon = await anonymousCsrf();
      let n = 0;
      for (const [how, f, opts] of forgeries(fields, csrf, foreignCsrf)) {
        const body = { ...f };
        if (opts.anonymous) body.csrf = anon;
        if (body.csrf === undefined) delete body.csrf;
        const res = await client.postForm(path, body, { origin: opts.origin, headers: opts.headers });
        assertErrorPage(res, 403, `${what}: ${how}`);
        n++;
      }
      return n;
    }

    test('customer POSTs (cancel, message) with forged csrf or origin are 403 and change nothing; the real one works', async () => {
      const c = cust.client;
      await c.get(`/my/requests/${caseNo}`);
      await other.client.get('/my/orders');
      assert.ok(other.client.csrf && other.client.csrf !== c.csrf, 'two sessions, two tokens');
      const before = caseSnapshot(caseNo);
      const epoch = epochs('customers', 'phone', cust.phone);
      let n = 0;
      n += await tryAll(c, `/my/requests/${caseNo}/cancel`, { version: before.version }, c.csrf, other.client.csrf, 'cancel');
      n += await tryAll(c, `/my/requests/${caseNo}/messages`, { body: 'csrf probe' }, c.csrf, other.client.csrf, 'message');
      n += await tryAll(c, '/logout', {}, c.csrf, other.client.csrf, 'logout');
      assert.equal(n, 33);
      assert.deepEqual(caseSnapshot(caseNo), before, 'the case is as it was');
      assert.equal(epochs('customers', 'phone', cust.phone), epoch, 'no forged sign-out');
      // Control: the same message with the real token from our origin is taken.
      assertRedirect(await c.postForm(`/my/requests/${caseNo}/messages`, { csrf: c.csrf, body: 'csrf control' }), `/my/requests/${caseNo}#messages`, 'the real form');
      assert.equal(caseSnapshot(caseNo).messages, before.messages + 1);
    });

    test('staff POSTs (approve, message, logout) with forged csrf or origin are 403 and change nothing; the real one works', async () => {
      await agent.get(`/staff/cases/${caseNo}`);
      const peer = await staffLogin(makeStaff('peer'));
      assert.ok(peer.csrf && peer.csrf !== agent.csrf);
      const before = caseSnapshot(caseNo);
      const epoch = epochs('staff', 'email', agentEmail);
      let n = 0;
      n += await tryAll(agent, `/staff/cases/${caseNo}/approve`, { version: before.version }, agent.csrf, peer.csrf, 'approve');
      n += await tryAll(agent, `/staff/cases/${caseNo}/message`, { body: 'csrf probe' }, agent.csrf, peer.csrf, 'staff message');
      n += await tryAll(agent, '/staff/logout', {}, agent.csrf, peer.csrf, 'staff logout');
      // A customer's token is no staff token either.
      await cust.client.get('/my/orders');
      assertErrorPage(await agent.postForm(`/staff/cases/${caseNo}/approve`, { csrf: cust.client.csrf, version: before.version }), 403, "approve with a customer's csrf");
      assert.equal(n, 33);
      assert.deepEqual(caseSnapshot(caseNo), before, 'the case is as it was');
      assert.equal(epochs('staff', 'email', agentEmail), epoch, 'no forged staff sign-out');
      assertRedirect(await agent.postForm(`/staff/cases/${caseNo}/approve`, { csrf: agent.csrf, version: before.version }), `/staff/cases/${caseNo}`, 'the real approval');
      assert.notEqual(caseSnapshot(caseNo).state, before.state, 'the real approval changed the state');
    });
  });
});
