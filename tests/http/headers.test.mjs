// headers.test.mjs — the security headers (DESIGN.md §4, cgi/web/http.c) on
// every kind of answer, not only on pages: redirects, 400, 401, 403, 404,
// 405, 409, 413 (the daemon's and nginx's own), 429 lives in
// bruteforce.test.mjs, static files and nginx's own 404 under /static/, the
// health check, the JSON API (200 and 401), attachments, HEAD requests —
// and session cookies that scripts cannot read.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  API_KEY,
  Client,
  JPEG,
  apiGet,
  caseNoOf,
  cancelCase,
  freshCustomer,
  parseCasePage,
  pngOfSize,
  rawRequest,
  sql,
  q,
  submitRequest,
  DEMO_PASSWORD,
  VAR,
} from './lib.mjs';

const MB = 1 << 20;

/** What every answer of the daemon carries. */
const DAEMON = {
  'content-security-policy': [/(^|;)\s*default-src '(self|none)'(\s*;|$)/, /frame-ancestors 'none'/, /base-uri 'none'/, /(^|;)\s*object-src 'none'(\s*;|$)/],
  'x-content-type-options': [/^nosniff$/],
  'x-frame-options': [/^DENY$/],
  'referrer-policy': [/^same-origin$/],
  'cache-control': [/(^|,)\s*no-store/],
  'x-request-id': [/^[0-9a-f]{16}$/],
};
/** What nginx adds to files and its own answers under /static/. */
const STATIC = {
  'content-security-policy': [/(^|;)\s*default-src 'self'(\s*;|$)/, /frame-ancestors 'none'/, /(^|;)\s*object-src 'none'(\s*;|$)/],
  'x-content-type-options': [/^nosniff$/],
  'x-frame-options': [/^DENY$/],
  'referrer-policy': [/^same-origin$/],
};

function check(res, want, what) {
  const h = res.headers instanceof Headers ? res.headers : new Headers(res.headers);
  for (const [name, patterns] of Object.entries(want)) {
    const v = h.get(name);
    assert.ok(v !== null, `${what}: header ${name} is missing (status ${res.status})`);
    for (const re of patterns) assert.match(v, re, `${what}: ${name}`);
  }
  assert.equal(h.get('x-powered-by'), null, `${what}: no X-Powered-By`);
  assert.match(h.get('server') || 'nginx', /^nginx$/, `${what}: the server does not name its version`);
  // One CSP only: two would both apply, the page would see the stricter one.
  assert.ok(!(h.get('content-security-policy') || '').includes(', default-src'), `${what}: a single CSP header`);
}

describe('security headers on every kind of answer', () => {
  let cust; // a customer of this file with one case and one photo
  let caseNo;
  let photoId;
  let staff;
  const seen = []; // [what, status]

  async function expect(what, status, res, want = DAEMON) {
    assert.equal(res.status, status, `${what}: status (${(res.text || '').slice(0, 160)})`);
    check(res, want, what);
    seen.push([what, status]);
    return res;
  }

  before(async () => {
    cust = await freshCustomer('HDR', [{ sku: 'HDR-1', name: '头部测试音箱', category: 'electronics', qty: 2, unit_price_fen: 30000 }]);
    const { res } = await submitRequest(cust.client, cust.orderNo, {
      type: 'return_refund',
      reason: 'quality_defect',
      description: '头部测试',
      qty: { [cust.order.items[0].id]: 1 },
      photos: [{ filename: 'h.jpg', type: 'image/jpeg', data: JPEG }],
    });
    caseNo = caseNoOf(res);
    photoId = parseCasePage((await cust.client.get(`/my/requests/${caseNo}`)).text).photos[0].id;
    staff = new Client();
    await staff.get('/staff/login');
    await staff.postForm('/staff/login', { csrf: staff.csrf, login: 'agent@demo.local', password: DEMO_PASSWORD });
    assert.ok(staff.cookie('sid'), 'the agent is signed in');
  });

  test('pages: signed out, signed in (customer and staff), and HEAD', async () => {
    const anon = new Client();
    await expect('GET /login', 200, await anon.get('/login'));
    await expect('GET /register', 200, await anon.get('/register'));
    await expect('GET /staff/login', 200, await anon.get('/staff/login'));
    await expect('GET /my/orders', 200, await cust.client.get('/my/orders'));
    await expect('GET /my/requests/{no}', 200, await cust.client.get(`/my/requests/${caseNo}`));
    await expect('GET /staff/queue', 200, await staff.get('/staff/queue'));
    await expect('GET /staff/cases/{no}', 200, await staff.get(`/staff/cases/${caseNo}`));
    await expect('HEAD /login', 200, await anon.request('HEAD', '/login'));
  });

  test('redirects: signed-out home, a protected page, a sign-in, the language switch', async () => {
    const anon = new Client();
    await expect('GET / signed out', 303, await anon.get('/'));
    await expect('GET /my/orders signed out', 303, await anon.get('/my/orders'));
    await expect('GET /staff/queue signed out', 303, await anon.get('/staff/queue'));
    await expect('GET /lang/en', 303, await anon.get('/lang/en?back=/login'));
    const c = new Client();
    await c.get('/login');
    const res = await expect('POST /login (success)', 303, await c.postForm('/login', { csrf: c.csrf, login: cust.phone, password: cust.password }));
    assert.ok(res.headers.get('location'));
  });

  test('4xx from the daemon: 400, 401, 403, 404, 405, 409, 413', async () => {
    const anon = new Client();
    await expect('400 bad query escape', 400, await anon.get('/login?x=%zz'));
    await expect('400 bad queue filter', 400, await staff.get('/staff/queue?status=nonsense'));
    await expect('400 bad multipart', 400, await cust.client.request('POST', '/my/requests', { headers: { 'content-type': 'multipart/form-data' }, body: 'x' }));
    await anon.get('/login');
    await expect('401 wrong password', 401, await anon.postForm('/login', { csrf: anon.csrf, login: `nobody-${Date.now()}@example.test`, password: 'wrong-password' }));
    await expect('403 no csrf', 403, await cust.client.postForm(`/my/requests/${caseNo}/cancel`, {}));
    await expect('403 foreign origin', 403, await staff.postForm(`/staff/cases/${caseNo}/approve`, { csrf: staff.csrf }, { origin: 'http://evil.example' }));
    await expect('404 unknown path', 404, await anon.get('/no/such/path'));
    await expect('404 unknown case', 404, await cust.client.get('/my/requests/AS209912310001'));
    await expect('404 unknown attachment', 404, await cust.client.get('/attachments/999999999'));
    const m = await expect('405 POST on a GET page', 405, await anon.postForm('/my/orders', {}));
    assert.ok(m.headers.get('allow'), '405 names what is allowed');
    await expect('405 PUT', 405, await anon.request('PUT', '/login', { body: 'x' }));
    // 409: a cancel with a version that is no longer the case's.
    const page = parseCasePage((await cust.client.get(`/my/requests/${caseNo}`)).text);
    await expect('409 stale version', 409, await cust.client.postForm(`/my/requests/${caseNo}/cancel`, { csrf: cust.client.csrf, version: String(Number(page.version) + 5) }));
    const big = await rawRequest('POST', `/my/requests/${caseNo}/messages`, {
      headers: { 'content-type': 'multipart/form-data; boundary=b', cookie: cust.client.cookieHeader() },
      body: Buffer.concat([Buffer.from('--b\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\n\r\n'), pngOfSize(5 * MB + 10), Buffer.from('\r\n--b--\r\n')]),
    });
    await expect('413 photo over 5 MB (daemon)', 413, big);
  });

  test("nginx's own answers: 413 body too large, a missing static file, a static file", async () => {
    const res = await rawRequest('POST', '/login', { headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(33 * MB) });
    await expect("413 body over 32 MB (nginx's)", 413, res, STATIC);
    assert.doesNotMatch(new Headers(res.headers).get('cache-control') || '', /max-age=[1-9]/, 'the 413 page is not cached');
    const anon = new Client();
    const css = await expect('static CSS', 200, await anon.get('/static/style.css'), STATIC);
    assert.match(css.headers.get('content-type'), /^text\/css/);
    await expect('static SVG', 200, await anon.get('/static/favicon.svg'), STATIC);
    await expect('404 under /static/', 404, await anon.get('/static/no-such-file.css'), STATIC);
    await expect('404 error page file itself', 200, await anon.get('/static/errors/413.html'), STATIC);
  });

  test('machines: /healthz, the API with and without its key', async () => {
    await expect('GET /healthz', 200, await new Client().get('/healthz'));
    await expect('HEAD /healthz', 200, await new Client().request('HEAD', '/healthz'));
    const ok = await expect('GET /api/v1/cases/{no}', 200, await apiGet(`/api/v1/cases/${caseNo}`));
    assert.match(ok.headers.get('content-type'), /^application\/json/);
    await expect('GET /api/v1/cases/{no} without a key', 401, await apiGet(`/api/v1/cases/${caseNo}`, null));
    await expect('GET /api/v1/cases/{no} with a wrong key', 401, await apiGet(`/api/v1/cases/${caseNo}`, API_KEY + 'x'));
    await expect('GET /api/v1/cases/unknown', 404, await apiGet('/api/v1/cases/AS209912310001'));
  });

  test('attachments: to the owner and to staff, an image type and a sandbox of their own', async () => {
    for (const [who, c] of [['owner', cust.client], ['staff', staff]]) {
      const res = await expect(`attachment for its ${who}`, 200, await c.get(`/attachments/${photoId}`));
      assert.equal(res.headers.get('content-type'), 'image/jpeg');
      assert.match(res.headers.get('content-security-policy'), /default-src 'none'/);
      assert.match(res.headers.get('content-security-policy'), /(^|;)\s*sandbox(\s*;|$)/);
      assert.deepEqual(res.bytes, JPEG);
    }
    await expect('attachment signed out', 303, await new Client().get(`/attachments/${photoId}`));
  });

  test('cookies: sid and pre are HttpOnly, SameSite=Lax, Path=/', async () => {
    const c = new Client();
    const form = await c.get('/login');
    const pre = form.headers.getSetCookie().find((l) => l.startsWith('pre='));
    assert.ok(pre, 'the sign-in form sets the anonymous pre cookie');
    const res = await c.postForm('/login', { csrf: c.csrf, login: cust.phone, password: cust.password });
    const sid = res.headers.getSetCookie().find((l) => l.startsWith('sid='));
    assert.ok(sid, 'signing in sets sid');
    for (const [name, line] of [['pre', pre], ['sid', sid]]) {
      assert.match(line, /;\s*HttpOnly/i, `${name}: HttpOnly`);
      assert.match(line, /;\s*SameSite=Lax/i, `${name}: SameSite=Lax`);
      assert.match(line, /;\s*Path=\//i, `${name}: Path=/`);
      assert.doesNotMatch(line, /;\s*Domain=/i, `${name}: no Domain (host-only)`);
    }
  });

  test('a line break in the path (nginx decodes %0D%0A): a 400, no header and no log line of the caller\'s', async () => {
    const marker = `forged${Date.now()}`;
    const lang = await new Client().get(`/lang/en%0d%0aSet-Cookie:%20${marker}=1?back=/login`);
    await expect('CRLF in the path of the language switch', 400, lang);
    assert.ok(!lang.headers.getSetCookie().some((l) => l.includes(marker)), 'no cookie of the caller\'s');
    const res = await cust.client.get(`/my/requests/${caseNo}%0d%0areq%20id=${marker}%20method=GET%20path=%22/x%22%20status=200`);
    await expect('CRLF in a case number', 400, res);
    const log = `${VAR}/aftercare.log`;
    assert.ok(existsSync(log), `the daemon's log ${log}`);
    let text = '';
    for (let i = 0; i < 20 && !text.includes(`??req id=${marker}`); i++) {
      text = readFileSync(log, 'utf8');
      if (!text.includes(`??req id=${marker}`)) await sleep(100);
    }
    assert.ok(text.includes(`??req id=${marker}`), 'the request is logged, its line break as ??');
    assert.ok(!text.split('\n').some((l) => l.startsWith(`req id=${marker}`)), 'no forged line in the log');
  });

  test('every status the suite saw carried the headers', () => {
    const statuses = [...new Set(seen.map(([, s]) => s))].sort();
    assert.deepEqual(statuses, [200, 303, 400, 401, 403, 404, 405, 409, 413]);
    assert.ok(seen.length >= 42, `${seen.length} answers checked`);
  });

  test('clean-up: the case of this file is cancelled', async () => {
    const [state] = sql(`SELECT state FROM cases WHERE case_no = ${q(caseNo)}`)[0];
    assert.equal(state, 'submitted', 'nothing above changed the case');
    await cancelCase(cust.client, caseNo);
  });
});

describe('nginx.conf.example (production, behind TLS)', () => {
  const conf = readFileSync(new URL('../../nginx.conf.example', import.meta.url), 'utf8');
  // The server blocks, each with its text; a location's add_header lines
  // replace the server's, so every location that has some must repeat HSTS.
  const servers = conf.split(/^server \{$/m).slice(1);
  const tls = servers.filter((s) => /^\s*listen 443 ssl/m.test(s));
  const HSTS = /add_header Strict-Transport-Security "max-age=(\d+); includeSubDomains" always;/;

  test('the TLS server sends Strict-Transport-Security, also from its locations with headers of their own', () => {
    assert.equal(tls.length, 1, 'one TLS server block');
    const [server] = tls;
    const top = server.replace(/^\tlocation [^\n]*\{[\s\S]*?^\t\}$/gm, '');
    const m = top.match(HSTS);
    assert.ok(m, 'the server level carries HSTS');
    assert.ok(Number(m[1]) >= 15552000, 'at least half a year');
    const locations = server.match(/^\tlocation [^\n]*\{[\s\S]*?^\t\}$/gm);
    assert.ok(locations.length >= 3, 'the locations were found');
    for (const loc of locations.filter((l) => /add_header/.test(l)))
      assert.match(loc, HSTS, `${loc.split('\n')[0]} repeats HSTS`);
    for (const loc of locations.filter((l) => /Content-Security-Policy/.test(l)))
      assert.match(loc, /object-src 'none'/, `${loc.split('\n')[0]}: object-src 'none'`);
  });

  test('the plain HTTP server only redirects (HSTS over plain HTTP is ignored by browsers)', () => {
    const plain = servers.filter((s) => /^\s*listen 80;/m.test(s));
    assert.equal(plain.length, 1);
    assert.match(plain[0], /return 301 https:/);
  });
});

describe('compression: static CSS and SVG only, never the pages (BREACH)', () => {
  const gz = { headers: { 'accept-encoding': 'gzip' } };

  test('the stylesheet (plain and fingerprinted) is sent compressed, and still reads as CSS', async () => {
    const c = new Client();
    const page = await c.get('/login', gz);
    const href = /<link rel="stylesheet" href="(\/static\/[^"]+\.css)"/.exec(page.text)?.[1];
    assert.ok(href, 'the page links its stylesheet');
    for (const path of ['/static/style.css', href]) {
      const css = await c.get(path, gz);
      assert.equal(css.status, 200, path);
      assert.equal(css.headers.get('content-encoding'), 'gzip', `${path} is compressed`);
      assert.match(css.headers.get('vary') || '', /accept-encoding/i, `${path}: Vary`);
      assert.match(css.text, /\{[^}]*\}/, `${path} decompresses to CSS`);
      const plain = await c.get(path, { headers: { 'accept-encoding': 'identity' } });
      assert.equal(plain.headers.get('content-encoding'), null, `${path} without gzip asked`);
    }
  });

  test('an SVG is sent compressed', async () => {
    const svg = await new Client().get('/static/favicon.svg', gz);
    assert.equal(svg.status, 200);
    assert.equal(svg.headers.get('content-encoding'), 'gzip');
    assert.match(svg.text, /<svg/);
  });

  test('pages, signed out and signed in, and redirects are never compressed', async () => {
    const c = new Client();
    for (const path of ['/login', '/staff/login', '/register', '/forgot', '/no-such-page']) {
      const res = await c.get(path, gz);
      assert.match(res.headers.get('content-type') || '', /text\/html/, path);
      assert.equal(res.headers.get('content-encoding'), null, `${path} is not compressed`);
    }
    const a = await freshCustomer('GZIP', [{ sku: 'GZ-1', name: '压缩测试', category: 'electronics', qty: 1, unit_price_fen: 1000 }]);
    const me = new Client();
    await me.get('/login');
    await me.postForm('/login', { csrf: me.csrf, login: a.phone, password: a.password });
    for (const path of ['/my/orders', '/my/requests', '/my/account']) {
      const res = await me.get(path, gz);
      assert.equal(res.status, 200, path);
      assert.ok(res.text.includes('name="csrf"'), `${path} carries a token`);
      assert.equal(res.headers.get('content-encoding'), null, `${path} (with a token) is not compressed`);
    }
  });

  test('both nginx configurations say so', () => {
    for (const file of ['nginx.conf.example', 'scripts/nginx.conf.in']) {
      const conf = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8').replace(/#.*$/gm, '');
      assert.match(conf, /^\s*gzip off;/m, `${file}: off for the server`);
      const locations = conf.match(/^\s*location [^\n]*\{\n[\s\S]*?^\s*\}$/gm);
      const on = locations.filter((l) => /gzip on;/.test(l));
      assert.ok(on.length >= 1, `${file}: on somewhere`);
      for (const loc of on) {
        assert.match(loc, /^\s*location [^\n]*\/static\//, `${file}: only for /static/`);
        assert.match(loc, /gzip_types text\/css image\/svg\+xml;/, `${file}: CSS and SVG`);
      }
      assert.ok(locations.some((l) => /^\s*location \/ \{/.test(l)), `${file}: the daemon's location`);
      assert.equal(conf.match(/gzip on;/g).length, on.length, `${file}: nowhere else`);
    }
  });
});
