// access.test.mjs — every route of the route table (read from `aftercare
// --routes`, so a new route cannot be forgotten) tried signed out, as the
// customer who owns the objects in its path, as another customer, and as
// each staff role; each answer checked against the route's declared access
// and roles: the sign-in page when signed out, 404 for someone else's
// object, 403 for a role the route does not name, 401 for the API without
// a key; the callers the route admits get in (whatever the empty form then
// says). A pattern this file has no sample for fails loudly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

import {
  Client, caseNoOf, signInDoor, freshCustomer, png, q, sql, staffAs, submitRequest,
} from './lib.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const ROLES = ['agent', 'warehouse', 'logistics', 'finance', 'tech', 'manager'];

// Signing out ends every session of the account (its epoch goes up), so
// the two logout routes go last, each with sessions of its own.
const LOGOUTS = new Set(['/logout', '/staff/logout']);
const routes = execFileSync(`${ROOT}build/aftercare`, ['--routes'], { encoding: 'utf8' })
  .trim().split('\n').slice(1).map((l) => {
    const [method, pattern, access, roles] = l.split('\t');
    return { method, pattern, access, roles: roles ? roles.split(',') : [] };
  })
  .sort((x, y) => LOGOUTS.has(x.pattern) - LOGOUTS.has(y.pattern));

let owner, other, sample;

/** The path of a route with the owner's objects in its "*" segments. */
function pathOf(pattern) {
  const fill = {
    '/lang/*': '/lang/en',
    '/my/orders/*/new': `/my/orders/${sample.orderNo}/new`,
    '/survey/*': `/survey/${sample.caseNo}.1.x`,
    '/attachments/*': `/attachments/${sample.attachment}`,
    '/staff/cases/*/*': `/staff/cases/${sample.caseNo}/approve`,
    '/staff/complaints/*/reply': `/staff/complaints/${sample.complaint}/reply`,
    '/staff/complaints/*/resolve': `/staff/complaints/${sample.complaint}/resolve`,
    '/my/complaints/*/confirm': `/my/complaints/${sample.complaint}/confirm`,
    '/my/complaints/*/reopen': `/my/complaints/${sample.complaint}/reopen`,
    '/staff/pickups/*/move': `/staff/pickups/${sample.caseNo}/move`,
    '/staff/export/*': '/staff/export/cases.csv',
    '/staff/improvements/*': '/staff/improvements/999999999',
    '/staff/admin/users/*/*': '/staff/admin/users/999999999/enable',
    '/staff/admin/webhooks/*/*': '/staff/admin/webhooks/999999999/enable',
    '/staff/admin/replies/*/remove': '/staff/admin/replies/999999999/remove',
    '/api/v1/cases/*/refunds/*/credited': `/api/v1/cases/${sample.caseNo}/refunds/999999999/credited`,
    '/api/v1/cases/*/refunds/*/failed': `/api/v1/cases/${sample.caseNo}/refunds/999999999/failed`,
    '/staff/admin/notifications/*/resend': '/staff/admin/notifications/999999999/resend',
  };
  if (fill[pattern]) return fill[pattern];
  if (/^\/(my\/requests|staff\/cases|api\/v1\/cases)\/\*(\/[a-z_]+)?$/.test(pattern)) {
    return pattern.replace('*', sample.caseNo);
  }
  assert.ok(!pattern.includes('*'), `access.test.mjs needs a sample for ${pattern}`);
  return pattern;
}

/** Someone's objects: another customer gets 404 there. */
function ownedObject(pattern) {
  return pattern.includes('*') && (pattern.startsWith('/my/') || pattern.startsWith('/attachments/'));
}


async function signedOut() {
  const c = new Client();
  await c.get('/login'); // the anonymous csrf token
  return c;
}

async function freshStaff(role) {
  const c = new Client();
  await c.get('/staff/login');
  await c.postForm('/staff/login', { csrf: c.csrf, login: `${role}@demo.local`, password: 'demo1234' });
  await c.get('/staff/queue');
  return c;
}

async function freshLogin(cust) {
  const c = new Client();
  await c.get('/login');
  await c.postForm('/login', { csrf: c.csrf, login: cust.phone, password: cust.password });
  await c.get('/my/orders');
  return c;
}

async function call(client, route, path) {
  if (route.method === 'GET') return client.get(path);
  return client.postForm(path, { csrf: client.csrf ?? '' });
}

function expectIn(res, who, route) {
  const loc = res.headers.get('location') || '';
  assert.ok(res.status < 500, `${who} ${route.method} ${route.pattern}: ${res.status}`);
  assert.notEqual(res.status, 403, `${who} ${route.method} ${route.pattern} refused`);
  assert.notEqual(res.status, 401, `${who} ${route.method} ${route.pattern} unauthorised`);
  assert.ok(!(res.status === 303 && /^\/(staff\/)?login$/.test(loc)), `${who} ${route.method} ${route.pattern} sent to ${loc}`);
}

function expectRedirect(res, to, who, route) {
  assert.equal(res.status, 303, `${who} ${route.method} ${route.pattern}`);
  assert.equal(signInDoor(res.headers.get('location')), to, `${who} ${route.method} ${route.pattern}`);
}

function expectStatus(res, status, who, route) {
  assert.equal(res.status, status, `${who} ${route.method} ${route.pattern}: ${res.text.slice(0, 120)}`);
}

let tried = 0;

test('setup: a customer with an order, a case, a photo and a complaint; another customer', async () => {
  owner = await freshCustomer('ACC', [{ sku: 'AC-1', name: '台灯', category: 'appliance', qty: 2, unit_price_fen: 9900 }]);
  other = await freshCustomer('ACC2', [{ sku: 'AC-2', name: '水杯', category: 'other', qty: 1, unit_price_fen: 900 }]);
  const { res } = await submitRequest(owner.client, owner.orderNo, {
    type: 'refund_only', reason: 'other', qty: { [owner.order.items[0].id]: 1 }, amount: '1.00',
    photos: [{ filename: 'a.png', type: 'image/png', data: png(3, 3) }],
  });
  const caseNo = caseNoOf(res);
  const [[attachment]] = sql(`SELECT a.id FROM attachments a JOIN cases c ON c.id = a.case_id WHERE c.case_no = ${q(caseNo)}`);
  sql(`INSERT INTO complaints (customer_id, subject, body, created_at, due_at)
       SELECT customer_id, 'access', 'access', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM cases WHERE case_no = ${q(caseNo)}`);
  const [[complaint]] = sql(`SELECT MAX(id) FROM complaints`);
  sample = { orderNo: owner.orderNo, caseNo, attachment, complaint };
  assert.ok(routes.length >= 40, `${routes.length} routes`);
});

for (const route of routes) {
  test(`${route.method} ${route.pattern} (${route.access}${route.roles.length ? ': ' + route.roles.join(',') : ''})`, async () => {
    const path = pathOf(route.pattern);
    const logout = LOGOUTS.has(route.pattern);

    // Signed out.
    const anon = await signedOut();
    const a = await call(anon, route, path);
    tried++;
    if (route.access === 'customer' || route.access === 'signed' || route.pattern === '/') {
      expectRedirect(a, '/login', 'signed out', route);
    }
    else if (route.access === 'staff') expectRedirect(a, '/staff/login', 'signed out', route);
    else if (route.access === 'api') expectStatus(a, 401, 'signed out', route);
    else expectIn(a, 'signed out', route);

    // Another customer, then the owner (the owner's own steps may change
    // the case: last).
    for (const [who, cust] of [['another customer', other], ['the owner', owner]]) {
      const c = logout ? await freshLogin(cust) : cust.client;
      if (!logout && route.method === 'POST') await c.get('/my/orders');
      const res = await call(c, route, path);
      tried++;
      if (route.access === 'staff') expectRedirect(res, '/staff/login', who, route);
      else if (route.access === 'api') expectStatus(res, 401, who, route);
      else if (who === 'another customer' && ownedObject(route.pattern)) expectStatus(res, 404, who, route);
      else if (route.pattern === '/logout') expectRedirect(res, '/login', who, route);
      else expectIn(res, who, route);
    }

    // Each staff role.
    for (const role of ROLES) {
      const c = logout ? await freshStaff(role) : await staffAs(role);
      const res = await call(c, route, path);
      tried++;
      if (route.access === 'customer') expectRedirect(res, '/login', role, route);
      else if (route.access === 'api') expectStatus(res, 401, role, route);
      else if (route.access === 'staff' && route.roles.length && role !== 'manager' && !route.roles.includes(role)) {
        expectStatus(res, 403, role, route);
      } else if (route.pattern === '/staff/logout') expectRedirect(res, '/staff/login', role, route);
      else expectIn(res, role, route);
    }
  });
}

test('attempts made', () => {
  assert.equal(tried, routes.length * 9, 'every route: signed out, two customers, six roles');
  console.log(`# access: ${routes.length} routes × 9 callers = ${tried} requests`);
});
