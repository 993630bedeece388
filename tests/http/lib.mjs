// lib.mjs — what the HTTP suites share: a client with a cookie jar that
// never follows redirects, the CSRF token and markup readers, form posting
// (urlencoded, FormData, and hand-built multipart for malformed bodies),
// raw requests for what fetch cannot send, fresh customers made through the
// shop API, staff steps and ready-made cases (refund-only, completed), tiny
// real images, a row counter over the mariadb client, the stack's parts
// stopped and started (scripts/stack.sh), and the webhook side of the
// outbox: endpoints added on the manager's form, a real HTTP receiver,
// deliveries verified with the npm package standardwebhooks, and the
// outbox rows' state (attempts, due times moved in the database).
//
// Environment: AFTERCARE_URL (default http://127.0.0.1:8088) and
// AFTERCARE_VAR (the stack's var dir: my.cnf, mysql.sock, secret.key).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { Worker } from 'node:worker_threads';
import { deflateSync } from 'node:zlib';

import { Webhook } from 'standardwebhooks';

export const ROOT = (process.env.AFTERCARE_ROOT || new URL('../..', import.meta.url).pathname).replace(/\/$/, '');
export const BASE = (process.env.AFTERCARE_URL || 'http://127.0.0.1:8088').replace(/\/$/, '');
export const VAR = process.env.AFTERCARE_VAR || new URL('../../var/test', import.meta.url).pathname;
export const API_KEY = 'demo-api-key-0000';
export const DEMO_PASSWORD = 'demo1234';
export const DEMO_CUSTOMER = '13800000001';
export const DEMO_CUSTOMER2 = '13800000002';

// ------------------------------------------------------------- the client

/** A browser stand-in: a cookie jar, the last page's CSRF token, English. */
export class Client {
  constructor() {
    this.jar = new Map();
    this.csrf = null;
  }

  cookie(name) {
    return this.jar.get(name);
  }

  setCookie(name, value) {
    if (value === undefined || value === null) this.jar.delete(name);
    else this.jar.set(name, value);
  }

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Takes the Set-Cookie lines of a response into the jar. */
  store(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attrs.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a)) || value === '';
      if (gone) this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  /**
   * One request, redirects never followed. opts: headers, body,
   * origin (true: our own Origin on POSTs; a string: that Origin; false:
   * none). Returns the Response with .text (the body as a string) and
   * .bytes (a Buffer) already read.
   */
  async request(method, path, opts = {}) {
    const headers = { 'accept-language': 'en', ...(opts.headers || {}) };
    if (this.jar.size && !('cookie' in headers)) headers.cookie = this.cookieHeader();
    const origin = opts.origin === undefined ? method === 'POST' : opts.origin;
    if (origin === true) headers.origin = BASE;
    else if (typeof origin === 'string') headers.origin = origin;
    const res = await fetch(BASE + path, { method, headers, body: opts.body, redirect: 'manual' });
    this.store(res);
    res.bytes = Buffer.from(await res.arrayBuffer());
    res.text = res.bytes.toString('utf8');
    const token = getCsrf(res.text);
    if (token) this.csrf = token;
    return res;
  }

  get(path, opts) {
    return this.request('GET', path, opts);
  }

  /** urlencoded POST of exactly these fields (add csrf yourself). */
  postForm(path, fields, opts = {}) {
    const body = fields instanceof URLSearchParams ? fields : new URLSearchParams(fields);
    return this.request('POST', path, {
      ...opts,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(opts.headers || {}) },
      body: body.toString(),
    });
  }

  /** multipart POST: a FormData (fetch encodes it) or a list of parts for
   * multipart() below. */
  postMultipart(path, form, opts = {}) {
    if (form instanceof FormData) return this.request('POST', path, { ...opts, body: form });
    const mp = multipart(form, opts.boundary);
    return this.request('POST', path, {
      ...opts,
      headers: { 'content-type': mp.contentType, ...(opts.headers || {}) },
      body: mp.body,
    });
  }
}

/** A signed-in customer: GET /login, POST the form, expect 303 → /my/orders. */
export async function login(phone, password = DEMO_PASSWORD) {
  const c = new Client();
  await c.get('/login');
  assert.ok(c.csrf, 'the login page carries a csrf token');
  const res = await c.postForm('/login', { csrf: c.csrf, login: phone, password });
  assert.equal(res.status, 303, `login ${phone}: ${res.status} ${res.text.slice(0, 300)}`);
  assert.equal(res.headers.get('location'), '/my/orders');
  assert.ok(c.cookie('sid'), 'a sid cookie after sign-in');
  await c.get('/my/orders'); // the session's csrf token
  return c;
}

const staffClients = {};

/** A signed-in demo staff member of a role (agent, warehouse, logistics,
 * finance, tech, manager), one client per role per test file. */
export async function staffAs(role) {
  if (staffClients[role]) return staffClients[role];
  const c = new Client();
  await c.get('/staff/login');
  const res = await c.postForm('/staff/login', { csrf: c.csrf, login: `${role}@demo.local`, password: DEMO_PASSWORD });
  assert.equal(res.status, 303, `${role} signs in: ${res.status}`);
  assert.equal(res.headers.get('location'), '/staff/queue');
  await c.get('/staff/queue'); // the session's csrf token
  staffClients[role] = c;
  return c;
}

/** state and version of a case, from the database. */
export function caseRow(caseNo) {
  const [state, version] = sql(`SELECT state, version FROM cases WHERE case_no = ${q(caseNo)}`)[0];
  return { state, version: Number(version) };
}

// ---------------------------------------------------------- reading pages

export function getCsrf(html) {
  const m = /<input type="hidden" name="csrf" value="([^"]*)">/.exec(html);
  return m ? m[1] : null;
}

/** The value of <input ... name="NAME" ... value="V"> (any attribute order). */
export function inputValue(html, name) {
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    if (attr(tag, 'name') === name) return attr(tag, 'value');
  }
  return null;
}

export function attr(tag, name) {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescapeHtml(m[1]) : null;
}

export function unescapeHtml(s) {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;/g, "'")
    .replace(/&#x27;/gi, "'")
    .replace(/&amp;/g, '&');
}

export function stripTags(s) {
  return unescapeHtml(s.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/**
 * /my/orders (or the request form) as data:
 * { SO...: { orderNo, html, canRequest, items: [{ id, name, html,
 *   types: { return_refund: { ok, cls, text } , … } }] } }
 */
export function parseOrders(html) {
  const orders = {};
  const chunks = html.split('<section class="card order" id="order-').slice(1);
  for (const chunk of chunks) {
    const body = chunk.slice(0, chunk.indexOf('</section>'));
    const orderNo = unescapeHtml(body.slice(0, body.indexOf('"')));
    const items = body
      .split('<li class="item" id="item-')
      .slice(1)
      .map(parseItem);
    orders[orderNo] = {
      orderNo,
      html: body,
      items,
      canRequest: body.includes(`/my/orders/${encodeURIComponent(orderNo)}/new"`),
    };
  }
  return orders;
}

function parseItem(chunk) {
  const id = chunk.slice(0, chunk.indexOf('"'));
  const name = /<strong>([^<]*)<\/strong>/.exec(chunk);
  const types = {};
  for (const m of chunk.matchAll(/<li class="([^"]*)" data-type="([^"]*)" data-ok="([^"]*)">([\s\S]*?)<\/li>/g)) {
    types[m[2]] = { cls: m[1], ok: m[3] === '1', text: stripTags(m[4]) };
  }
  return { id, name: name ? unescapeHtml(name[1]) : null, html: chunk, types };
}

/** The request form: items (id, name, available, max) and the hidden fields. */
export function parseRequestForm(html) {
  const items = [];
  for (const m of html.matchAll(/<div class="qty-row" id="item-(\d+)">([\s\S]*?)<\/div>/g)) {
    const label = /<label for="qty_\d+">([^<]*)<span class="muted">\(([^)]*)\)<\/span><\/label>/.exec(m[2]);
    const avail = label ? /(\d+)\s*$/.exec(label[2]) : null;
    const input = /<input id="qty_\d+"[^>]*>/.exec(m[2]);
    items.push({
      id: m[1],
      name: label ? unescapeHtml(label[1]).trim() : null,
      available: avail ? Number(avail[1]) : null,
      max: input ? Number(attr(input[0], 'max')) : null,
    });
  }
  return {
    nonce: inputValue(html, 'nonce'),
    orderNo: inputValue(html, 'order_no'),
    csrf: getCsrf(html),
    items,
    types: [...html.matchAll(/<input type="radio" name="type" value="([^"]*)"/g)].map((m) => m[1]),
    reasons: [...(/<select id="reason"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '').matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]),
    slots: [...(/<select id="slot"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '').matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]),
  };
}

/** The text of every <p class="field-error" id="err-FIELD"> on a page. */
export function fieldErrors(html) {
  const out = {};
  for (const m of html.matchAll(/<p class="field-error" id="err-([^"]*)">([\s\S]*?)<\/p>/g)) {
    out[m[1]] = stripTags(m[2]);
  }
  return out;
}

/** data-status of an error page, or null. */
export function errorStatus(html) {
  const m = /<section class="card error" data-status="(\d+)"/.exec(html);
  return m ? Number(m[1]) : null;
}

/** Asserts res is the site's HTML error page for `status`. */
export function assertErrorPage(res, status, what = '') {
  assert.equal(res.status, status, `${what} status (${res.text.slice(0, 200)})`);
  assert.match(res.headers.get('content-type') || '', /^text\/html; charset=utf-8/i, `${what} content type`);
  assert.equal(errorStatus(res.text), status, `${what} error page data-status`);
  const rid = res.headers.get('x-request-id');
  assert.ok(rid, `${what} X-Request-Id header`);
  assert.ok(res.text.includes(`<code>${rid}</code>`), `${what} the page shows the request id ${rid}`);
}

/** A staff refund over what may go: the case page again, 400, with the
 * amount typed still in the form and the most that may go next to it. */
export function assertRefundRefused(res, typed, max, what = '') {
  assert.equal(res.status, 400, `${what} status`);
  assert.equal(errorStatus(res.text), null, `${what} the case page, not an error page`);
  assert.match(fieldErrors(res.text).amount || '', new RegExp(`¥${max.replace('.', '\\.')}$`), `${what} names the maximum`);
  assert.match(res.text, new RegExp(`name="amount"[^>]*value="${typed.replace('.', '\\.')}"`), `${what} keeps the amount typed`);
}

/** Location of a 303, asserted. */
export function assertRedirect(res, location, what = '') {
  assert.equal(res.status, 303, `${what} status (${res.text.slice(0, 200)})`);
  if (location instanceof RegExp) assert.match(res.headers.get('location') || '', location, `${what} Location`);
  else assert.equal(signInDoor(res.headers.get('location')), location, `${what} Location`);
  return res.headers.get('location');
}

/* The sign-in pages take the page asked for as ?next= (a path of this
 * site, sent back to after signing in): "/login?next=%2Fmy%2Forders" is
 * the door "/login". Any other Location is returned as it is. */
export function signInDoor(location) {
  const m = /^(\/login|\/staff\/login)\?next=([^&]*)$/.exec(location || '');
  if (!m) return location;
  const next = decodeURIComponent(m[2]);
  assert.ok(next.startsWith('/') && !next.startsWith('//') && !next.includes('\\'), `next is a local path: ${next}`);
  return m[1];
}

export const SECURITY_HEADERS = {
  'x-content-type-options': /^nosniff$/i,
  'x-frame-options': /^DENY$/i,
  'referrer-policy': /^same-origin$/i,
  'cache-control': /no-store/i,
  'content-security-policy': /(^|;)\s*default-src 'self'(\s*;|$)/,
};

export function assertSecurityHeaders(res, what = '') {
  for (const [name, re] of Object.entries(SECURITY_HEADERS)) {
    const v = res.headers.get(name);
    assert.ok(v !== null, `${what}: header ${name} missing (status ${res.status})`);
    assert.match(v, re, `${what}: header ${name}`);
  }
}

// ------------------------------------------------------------- multipart

/**
 * Builds a multipart/form-data body by hand, byte for byte.
 * parts: [name, string | Buffer] for a field, [name, { filename, type, data }]
 * for a file. Filenames go in quoted-strings with '"' and '\' escaped.
 */
export function multipart(parts, boundary = '----aftercare' + randomBytes(8).toString('hex')) {
  const chunks = [];
  for (const [name, value] of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${name}"`;
    let data;
    if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
      const fn = Buffer.from(value.filename, 'utf8').toString('latin1').replace(/["\\]/g, (c) => '\\' + c);
      head += `; filename="${fn}"\r\nContent-Type: ${value.type || 'application/octet-stream'}`;
      data = Buffer.from(value.data);
    } else {
      data = Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8');
    }
    chunks.push(Buffer.from(head + '\r\n\r\n', 'latin1'), data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}`, boundary };
}

// ------------------------------------------------------------ raw requests

/**
 * A request over node:http for what fetch cannot do: a huge body that the
 * server may refuse before reading. Resolves with { status, headers, text }
 * as soon as the answer is in, even if the server closed the upload.
 */
export function rawRequest(method, path, { headers = {}, body = Buffer.alloc(0), chunk = 1 << 20 } = {}) {
  const url = new URL(BASE + path);
  return new Promise((resolve, reject) => {
    let done = false;
    const req = http.request(
      { method, hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers: { 'content-length': body.length, ...headers }, agent: false },
      (res) => {
        const parts = [];
        res.on('data', (d) => parts.push(d));
        res.on('end', () => {
          done = true;
          resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(parts).toString('utf8') });
        });
        res.on('error', () => {});
      },
    );
    req.on('error', (e) => {
      if (!done) setTimeout(() => !done && reject(e), 500);
    });
    let off = 0;
    const pump = () => {
      while (off < body.length) {
        const piece = body.subarray(off, off + chunk);
        off += piece.length;
        if (!req.write(piece)) return req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

// ---------------------------------------------------------------- images

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A real w×h RGB PNG filled with one colour. */
export function png(w = 2, h = 2, [r, g, b] = [30, 120, 200]) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => [r, g, b]).flat())]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A real 4×4 baseline JPEG (made with cjpeg from a red PPM; djpeg decodes it). */
export const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAEAAQDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABQf/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCWABqQ/9k=',
  'base64',
);

/** A PNG of exactly n bytes: a real image followed by padding after IEND
 * (decoders stop at IEND; the server only looks at the content type). */
export function pngOfSize(n) {
  const img = png(1, 1);
  assert.ok(n >= img.length);
  return Buffer.concat([img, Buffer.alloc(n - img.length, 0x20)]);
}

// ------------------------------------------------------- session tokens

/** The payload of a session token "v1.<payload>.<mac>" (DESIGN.md §4):
 * { kid, kind, subject, iat, exp, epoch }. */
export function tokenPayload(sid) {
  const [, p] = sid.split('.');
  const [kid, kind, subject, iat, exp, epoch] = Buffer.from(p, 'base64url').toString('latin1').split('.');
  return { kid: Number(kid), kind, subject: Number(subject), iat: Number(iat), exp: Number(exp), epoch: Number(epoch) };
}

/** The stack's signing key ("ID HEX64", newest first, in var/secret.key),
 * or null when this process cannot read it. */
export function signingKey() {
  try {
    const [id, hex] = readFileSync(`${VAR}/secret.key`, 'utf8').trim().split('\n')[0].trim().split(/\s+/);
    return { id: Number(id), key: Buffer.from(hex, 'hex') };
  } catch {
    return null;
  }
}

/** A token signed like the daemon signs one: HMAC-SHA256 over "v1.<payload>". */
export function signToken({ kid, kind, subject, iat, exp, epoch }, key) {
  const payload = Buffer.from(`${kid}.${kind}.${subject}.${iat}.${exp}.${epoch}`, 'latin1').toString('base64url');
  const mac = createHmac('sha256', key).update(`v1.${payload}`).digest('base64url');
  return `v1.${payload}.${mac}`;
}

// ---------------------------------------------------------- waiting, words

/** Polls fn (every 100 ms) until it returns a truthy value; fails after ms. */
export async function waitFor(fn, what, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) assert.fail(`waited ${ms / 1000} s for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A language file's strings (the last definition of a key wins). */
export function langStrings(lang) {
  const out = {};
  const file = new URL(`../../templates/lang/${lang}.hdf`, import.meta.url);
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s+(\w+) = (.*)$/.exec(line);
    if (m) out[m[1]] = m[2].trim();
  }
  return out;
}

const parsedMail = new Map(); // file -> parsed message

/** Every message the stack's SMTP sink holds (var/…/mail/*.eml) whose
 * Message-ID is <key@host of BASE>, parsed with mailparser (raw: the bytes
 * as latin1 text, for the headers). */
export async function mailsOf(key) {
  const { simpleParser } = await import('mailparser');
  const dir = `${VAR}/mail`;
  const id = `<${key}@${new URL(BASE).hostname}>`;
  const out = [];
  for (const f of existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.eml')) : []) {
    const path = `${dir}/${f}`;
    if (!parsedMail.has(path)) {
      const raw = readFileSync(path);
      const m = await simpleParser(raw);
      m.raw = raw.toString('latin1');
      parsedMail.set(path, m);
    }
    const m = parsedMail.get(path);
    if (m.messageId === id) out.push(m);
  }
  return out;
}

/** The first message of key, once it has arrived. */
export function mailOf(key) {
  return waitFor(async () => (await mailsOf(key))[0], `the mail of ${key} in the SMTP sink`);
}

// ------------------------------------------------------------- database

/** Rows of a query, as arrays of strings, through the mariadb client. */
export function sql(query, db = 'aftercare') {
  const cnf = `${VAR}/my.cnf`;
  const args = existsSync(cnf)
    ? [`--defaults-file=${cnf}`]
    : ['--no-defaults', `--socket=${VAR}/mysql.sock`, '--user=root'];
  const out = execFileSync('mariadb', [...args, '--batch', '-N', '--default-character-set=utf8mb4', '-D', db, '-e', query], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

/** A string as an SQL literal (test-made values only). */
export function q(s) {
  return "'" + String(s).replace(/\\/g, '\\\\').replace(/'/g, "''") + "'";
}

export function count(query) {
  return Number(sql(query)[0][0]);
}

/** How many cases, case items, attachments and events a customer has: a
 * snapshot to prove that a refused request changed nothing. */
export function customerFootprint(phone) {
  const cust = `(SELECT id FROM customers WHERE phone = ${q(phone)})`;
  return {
    cases: count(`SELECT COUNT(*) FROM cases WHERE customer_id = ${cust}`),
    items: count(`SELECT COUNT(*) FROM case_items ci JOIN cases c ON c.id = ci.case_id WHERE c.customer_id = ${cust}`),
    attachments: count(`SELECT COUNT(*) FROM attachments WHERE customer_id = ${cust}`),
    events: count(`SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.customer_id = ${cust}`),
    versions: count(`SELECT COALESCE(SUM(version), 0) FROM cases WHERE customer_id = ${cust}`),
  };
}

/**
 * Gives a customer a refund history in the last 90 days so that their risk
 * score (cgi/core/risk.h: 8 a refund up to 40, 1 per 100 yuan up to 20) is
 * medium (4 refunds of 1 yuan: 32) or high (5 refunds of 400 yuan: 60).
 * Each is a completed past case on the customer's first order. A low-risk
 * customer (no history) gets fast refunds; the others do not.
 */
export function giveRiskHistory(phone, level) {
  const [n, fen] = level === 'high' ? [5, 40000] : [4, 100];
  const [[customerId, orderId]] = sql(
    `SELECT c.id, MIN(o.id) FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.phone = ${q(phone)} GROUP BY c.id`,
  );
  let stmts = '';
  for (let i = 0; i < n; i++) {
    const no = `HX${customerId}R${i}${Date.now().toString(36)}`.slice(0, 20).toUpperCase();
    stmts +=
      `INSERT INTO cases (case_no, customer_id, order_id, type, reason, description, state, nonce, created_at, updated_at) ` +
      `VALUES (${q(no)}, ${customerId}, ${orderId}, 'refund_only', 'other', 'history', 'completed', ${q(no)}, ` +
      `UTC_TIMESTAMP() - INTERVAL 30 DAY, UTC_TIMESTAMP() - INTERVAL 29 DAY);` +
      `INSERT INTO refunds (case_id, amount_fen, reference, created_at) ` +
      `VALUES (LAST_INSERT_ID(), ${fen}, 'history', UTC_TIMESTAMP() - INTERVAL 29 DAY);`;
  }
  sql(stmts);
}

/** Cases of one order. */
export function orderCases(orderNo) {
  return count(`SELECT COUNT(*) FROM cases c JOIN orders o ON o.id = c.order_id WHERE o.order_no = ${q(orderNo)}`);
}

// ------------------------------------------------------- fresh customers

let seq = 0;

/** A phone number no other run or file uses: 139 + 8 digits from the clock,
 * the process id and a counter. */
export function uniquePhone() {
  seq++;
  const n = (Date.now() * 7 + process.pid * 131 + seq * 7919) % 1e8;
  return '139' + String(n).padStart(8, '0');
}

export function uniqueOrderNo(tag) {
  return `SO${tag}${Date.now().toString(36).toUpperCase()}${process.pid}${++seq}`.slice(0, 40);
}

/** ISO time with the +08:00 offset the shop sends, `days` days ago. */
export function shopTime(daysAgo) {
  const t = new Date(Date.now() - daysAgo * 86400e3 + 8 * 3600e3);
  return t.toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

/** A shop order document (ROUTES.md "Orders from the shop"). */
export function orderDoc({ orderNo, phone, email = null, name = '测试客户', city = '上海', daysAgo = 2, items, address = null }) {
  return {
    order_no: orderNo,
    placed_at: shopTime(daysAgo + 2),
    delivered_at: daysAgo === null ? null : shopTime(daysAgo),
    payment_method: 'alipay',
    customer: { phone, email, name, city, ...(address ? { address } : {}) },
    items,
  };
}

export function apiPost(path, doc, key = API_KEY) {
  const headers = { 'content-type': 'application/json' };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return new Client().request('POST', path, { headers, body: typeof doc === 'string' || Buffer.isBuffer(doc) ? doc : JSON.stringify(doc), origin: false });
}

export function apiGet(path, key = API_KEY) {
  const headers = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return new Client().request('GET', path, { headers });
}

/** Imports orders through the API, asserting 200. */
export async function importOrders(orders) {
  const res = await apiPost('/api/v1/orders', { orders });
  assert.equal(res.status, 200, `import: ${res.status} ${res.text}`);
  return JSON.parse(res.text);
}

/** First sign-in through /register; returns the signed-in client. */
export async function register(orderNo, phone, password) {
  const c = new Client();
  await c.get('/register');
  assert.ok(c.csrf, 'the register page carries a csrf token');
  const res = await c.postForm('/register', { csrf: c.csrf, order_no: orderNo, phone, password, password2: password });
  assertRedirect(res, '/my/orders', `register ${orderNo}/${phone}`);
  assert.ok(c.cookie('sid'), 'registration signs the customer in');
  await c.get('/my/orders');
  return c;
}

/**
 * A customer of its own for one test file: an order imported through the
 * API (delivered `daysAgo` days ago) and registered. Returns
 * { client, phone, orderNo, password, order } with order as parsed from
 * /my/orders.
 */
export async function freshCustomer(tag, items, { daysAgo = 2, email = null, city = '上海', address = null } = {}) {
  const phone = uniquePhone();
  const orderNo = uniqueOrderNo(tag);
  const password = 'pw-' + randomBytes(6).toString('hex');
  await importOrders([orderDoc({ orderNo, phone, email, city, daysAgo, items, address })]);
  const client = await register(orderNo, phone, password);
  const res = await client.get('/my/orders');
  const order = parseOrders(res.text)[orderNo];
  assert.ok(order, `the imported order ${orderNo} is on /my/orders`);
  return { client, phone, orderNo, password, order, email };
}

// ------------------------------------------------------------ requests

/**
 * Opens the request form of an order and submits it. spec: type, reason,
 * description, amount, qty ({ itemId: n }), photos ([{ filename, type,
 * data }]), nonce (default: the form's), extra parts. Returns
 * { form, res }.
 */
export async function submitRequest(client, orderNo, spec) {
  const formRes = await client.get(`/my/orders/${encodeURIComponent(orderNo)}/new`);
  assert.equal(formRes.status, 200, `request form of ${orderNo}: ${formRes.status}`);
  const form = parseRequestForm(formRes.text);
  const parts = requestParts(client, form, spec);
  const res = await client.postMultipart('/my/requests', parts);
  return { form, res };
}

export function requestParts(client, form, spec) {
  const parts = [
    ['csrf', spec.csrf ?? client.csrf],
    ['nonce', spec.nonce ?? form.nonce],
    ['order_no', spec.orderNo ?? form.orderNo],
    ['type', spec.type],
    ['reason', spec.reason],
    ['description', spec.description ?? ''],
  ];
  if (spec.amount !== undefined) parts.push(['amount', spec.amount]);
  // an exchange says what the customer wants instead (issue 13)
  if (spec.variant !== undefined) parts.push(['variant', spec.variant]);
  else if (spec.type === 'exchange') parts.push(['variant', '同款新品']);
  for (const it of form.items) parts.push([`qty_${it.id}`, String(spec.qty?.[it.id] ?? 0)]);
  for (const p of spec.photos || []) parts.push(['photo', p]);
  for (const p of spec.extra || []) parts.push(p);
  return parts;
}

/** A staff member of a role takes one step of a case from its page (the
 * case's current version); expects 303 back to the case. */
export async function staffStep(role, caseNo, action, fields = {}) {
  const c = await staffAs(role);
  await c.get(`/staff/cases/${caseNo}`);
  const res = await c.postForm(`/staff/cases/${caseNo}/${action}`, { csrf: c.csrf, version: caseRow(caseNo).version, ...fields });
  assertRedirect(res, `/staff/cases/${caseNo}`, `${role} ${action}`);
}

/** A fresh customer (medium risk: the refund waits for a person) with a
 * submitted refund-only case of 30 yuan on a 399-yuan keyboard. */
export async function refundOnlyCase(tag) {
  const cust = await freshCustomer(tag, [{ sku: 'KB-01', name: '键盘', category: 'electronics', qty: 1, unit_price_fen: 39900 }]);
  giveRiskHistory(cust.phone, 'medium');
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'refund_only', reason: 'missing_parts', qty: { [cust.order.items[0].id]: 1 }, amount: '30.00',
  });
  return { ...cust, caseNo: caseNoOf(res) };
}

/** refundOnlyCase taken to completed (approve, refund, complete): the
 * customer has a survey invitation. */
export async function completedCase(tag) {
  const c = await refundOnlyCase(tag);
  await staffStep('agent', c.caseNo, 'approve');
  await staffStep('finance', c.caseNo, 'refund', { amount: '30.00', reference: `PAY-${tag}` });
  await staffStep('finance', c.caseNo, 'complete');
  return c;
}

export const CASE_NO = /^AS\d{8}\d{4}$/;

/** The case number a 303 points at. */
export function caseNoOf(res) {
  const loc = assertRedirect(res, /^\/my\/requests\/AS\d{12}$/, 'request created');
  return loc.slice('/my/requests/'.length);
}

/** What a case page shows. */
export function parseCasePage(html) {
  const state = /id="case-state" data-state="([^"]*)"/.exec(html);
  const timeline = /<ol class="timeline">([\s\S]*?)<\/ol>/.exec(html);
  const items = /<ul class="case-items">([\s\S]*?)<\/ul>/.exec(html);
  return {
    state: state ? state[1] : null,
    photos: [...html.matchAll(/<img src="\/attachments\/(\d+)"[^>]*>/g)].map((m) => ({ id: m[1], alt: attr(m[0], 'alt') })),
    events: timeline ? [...timeline[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => stripTags(m[1])) : [],
    items: items ? [...items[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => stripTags(m[1])) : [],
    cancel: /<form method="get" action="\/my\/requests\/[^"]*\/cancel"/.test(html), // to the confirmation page
    version: inputValue(html, 'version'),
  };
}

/** Cancels a case through its page (clean-up for tests that made one). */
export async function cancelCase(client, caseNo) {
  const page = await client.get(`/my/requests/${caseNo}`);
  const { version } = parseCasePage(page.text);
  const res = await client.postForm(`/my/requests/${caseNo}/cancel`, { csrf: client.csrf, version });
  assertRedirect(res, `/my/requests/${caseNo}`, `cancel ${caseNo}`);
}

/** The Asia/Shanghai date of t (default now) as yyyymmdd, or yyyy-mm-dd with sep "-". */
export function shanghaiDay(t = Date.now(), sep = '') {
  return new Date(t + 8 * 3600e3).toISOString().slice(0, 10).replace(/-/g, sep);
}

// ------------------------------------------------------ the stack's parts

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs fn with the stack's notification worker stopped (SIGSTOP), then
 * lets it go on (SIGCONT): nothing the worker does moves under fn. */
export async function withWorkerPaused(fn) {
  const supervisor = readFileSync(`${VAR}/aftercare-notify.pid`, 'utf8').trim();
  const worker = Number(execFileSync('pgrep', ['-P', supervisor], { encoding: 'utf8' }).trim().split('\n')[0]);
  process.kill(worker, 'SIGSTOP');
  try {
    return await fn();
  } finally {
    process.kill(worker, 'SIGCONT');
  }
}

/** scripts/stack.sh CMD test (db-down, db-up, daemon-up, …), synchronously. */
export function stack(cmd) {
  execFileSync(`${ROOT}/scripts/stack.sh`, [cmd, 'test'], { stdio: 'ignore', timeout: 120e3 });
}

/** Waits until /healthz answers 200; returns the seconds it took. */
export async function untilHealthy(seconds) {
  const t0 = Date.now();
  while (Date.now() - t0 < seconds * 1000) {
    const res = await new Client().get('/healthz').catch(() => null);
    if (res && res.status === 200) return (Date.now() - t0) / 1000;
    await sleep(200);
  }
  assert.fail(`not healthy within ${seconds} s`);
}

// ------------------------------------------------- webhooks, the outbox

/** The id of the newest row of events (0 when none). */
export function lastEventId() {
  return Number(sql('SELECT COALESCE(MAX(id), 0) FROM events')[0][0]);
}

/** A manager adds a webhook endpoint on /staff/admin/webhooks; expects
 * `status` (201: the answer shows the new secret once). Returns
 * { res, id, secret } (id and secret only on 201). */
export async function addEndpoint(url, events, status = 201) {
  const m = await staffAs('manager');
  await m.get('/staff/admin/webhooks');
  const res = await m.postForm('/staff/admin/webhooks', { csrf: m.csrf, url, events });
  assert.equal(res.status, status, res.text.slice(0, 500));
  if (status !== 201) return { res };
  const secret = /<code class="secret" data-endpoint="(\d+)">(whsec_[A-Za-z0-9+/=]+)<\/code>/.exec(res.text);
  assert.ok(secret, 'the new secret is on the answer');
  return { res, id: Number(secret[1]), secret: secret[2] };
}

/** Endpoints off (later suites' events need not go to a test's endpoints). */
export function disableEndpoints(ids) {
  if (ids.length) sql(`UPDATE webhook_endpoints SET enabled = 0 WHERE id IN (${ids.map(Number).join(', ')})`);
}

/** Answers a kept request: rec.status is what was answered. */
export function answer(res, rec, status, headers = {}) {
  rec.status = status;
  res.writeHead(status, headers).end(status < 300 ? 'ok' : 'no');
}

/**
 * A real HTTP receiver on 127.0.0.1 (port 0: any free one): every request
 * is kept (path, headers, body, at: arrival in ms since the epoch, status:
 * what was answered); a path's handler decides the answer (default 200).
 * hanging: responses a handler holds unanswered.
 */
export async function startReceiver(port = 0) {
  const rx = {
    port: 0,
    got: [],
    handlers: {},
    hanging: [],
    url(path) {
      return `http://127.0.0.1:${this.port}${path}`;
    },
    on(path, fn) {
      this.handlers[path] = fn;
    },
    at(path) {
      return this.got.filter((r) => r.path === path);
    },
    async close() {
      for (const res of this.hanging.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const rec = { path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), status: null };
      rx.got.push(rec);
      (rx.handlers[req.url] || ((r, s) => answer(s, r, 200)))(rec, res);
    });
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  rx.port = server.address().port;
  return rx;
}

/**
 * startReceiver's plain form (every request answered 200 at once) on a
 * thread of its own, so that a test busy with synchronous work (sql())
 * never holds its answers up: got fills as the thread reports; drain()
 * waits until every request received so far is in got.
 */
export async function startThreadReceiver() {
  const thread = new Worker(`
    const http = require('node:http');
    const { parentPort } = require('node:worker_threads');
    const server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        parentPort.postMessage({ rec: { path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(), status: 200 } });
        res.writeHead(200).end('ok');
      });
    });
    parentPort.on('message', (m) => {
      if (m === 'drain') parentPort.postMessage({ drained: true });
      else if (m === 'close') { server.closeAllConnections(); server.close(() => parentPort.postMessage({ closed: true })); }
    });
    server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
  `, { eval: true });
  const waiting = {};
  const rx = {
    port: 0,
    got: [],
    url(path) {
      return `http://127.0.0.1:${this.port}${path}`;
    },
    at(path) {
      return this.got.filter((r) => r.path === path);
    },
    ask(what, reply) {
      return new Promise((r) => {
        waiting[reply] = r;
        thread.postMessage(what);
      });
    },
    drain() {
      return this.ask('drain', 'drained');
    },
    async close() {
      await this.ask('close', 'closed');
      await thread.terminate();
    },
  };
  await new Promise((resolve, reject) => {
    thread.on('error', reject);
    thread.on('message', (m) => {
      if (m.rec) rx.got.push(m.rec);
      else if (m.port) {
        rx.port = m.port;
        resolve();
      } else for (const k of Object.keys(m)) waiting[k]?.();
    });
  });
  return rx;
}

/** A port nothing listens on (a receiver's, closed again at once). */
export async function freePort() {
  const rx = await startReceiver();
  await rx.close();
  return rx.port;
}

/** standardwebhooks' verdict on a kept request with an endpoint's secret
 * (the payload; throws when it refuses). */
export function verifyWebhook(secret, rec) {
  return new Webhook(secret).verify(rec.body, rec.headers);
}

/** An outbox row as the worker sees it, or null. */
export function outboxRow(key) {
  const rows = sql(`SELECT status, attempts, COALESCE(last_error, ''), COALESCE(claimed_by, ''), COALESCE(data, '')
                    FROM outbox WHERE msg_key = ${q(key)}`);
  if (!rows.length) return null;
  const [status, attempts, error, claimedBy, data] = rows[0];
  return { status, attempts: Number(attempts), error, claimedBy, data };
}

/** The row once the worker has recorded attempt number n (or settled it). */
export function attempted(key, n) {
  return waitFor(() => {
    const r = outboxRow(key);
    return r && (r.attempts >= n || r.status !== 'queued') ? r : null;
  }, `attempt ${n} of ${key}`);
}

/** Due again now (instead of waiting for the next wait of the table). */
export function dueNow(keys) {
  sql(`UPDATE outbox SET next_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND
       WHERE msg_key IN (${[].concat(keys).map(q).join(', ')})`);
}

/** An endpoint's outbox rows: [{ key, eventId, status, created (ms since the epoch, whole seconds) }]. */
export function endpointRows(endpointId) {
  return sql(`SELECT msg_key, COALESCE(event_id, 0), status, TIMESTAMPDIFF(SECOND, '1970-01-01', created_at)
              FROM outbox WHERE endpoint_id = ${Number(endpointId)} AND channel = 'webhook'`)
    .map(([key, eventId, status, created]) => ({ key, eventId: Number(eventId), status, created: Number(created) * 1000 }));
}

/** Waits (bounded) until an endpoint has no queued row left. */
export function endpointSettled(endpointId, ms = 60000) {
  return waitFor(() => count(`SELECT COUNT(*) FROM outbox WHERE endpoint_id = ${Number(endpointId)} AND status = 'queued'`) === 0,
    `no queued webhook for endpoint ${endpointId}`, ms);
}

/**
 * The invariant of an endpoint that wants every event ('*'), registered
 * before event afterId: one outbox row per event written since, each
 * received (a distinct webhook-id), nothing received that is not one of
 * them, every delivery verified by standardwebhooks. Duplicates (one
 * webhook-id received again: at least once) are counted, not refused.
 * Returns the counts; the lists hold the offending ids or keys.
 */
export function webhookLedger(ep, afterId, received) {
  const events = sql(`SELECT id FROM events WHERE id > ${Number(afterId)}`).map(([id]) => Number(id));
  const rows = endpointRows(ep.id);
  const perEvent = new Map();
  for (const r of rows) perEvent.set(r.eventId, (perEvent.get(r.eventId) || 0) + 1);
  const eventSet = new Set(events);
  const keys = new Set(rows.map((r) => r.key));
  const ids = received.map((rec) => rec.headers['webhook-id']);
  const distinct = new Set(ids);
  const unverified = received.filter((rec) => {
    try {
      verifyWebhook(ep.secret, rec);
      return false;
    } catch {
      return true;
    }
  });
  return {
    events: events.length,
    rows: rows.length,
    received: ids.length,
    distinct: distinct.size,
    duplicates: ids.length - distinct.size,
    eventsWithoutRow: events.filter((id) => perEvent.get(id) !== 1),
    rowsWithoutEvent: rows.filter((r) => !eventSet.has(r.eventId)).map((r) => r.key),
    notSent: rows.filter((r) => r.status !== 'sent').map((r) => `${r.key}:${r.status}`),
    missing: [...keys].filter((k) => !distinct.has(k)),
    unknown: [...distinct].filter((k) => !keys.has(k)),
    unverified: unverified.map((rec) => rec.headers['webhook-id']),
  };
}

/** Asserts a ledger of webhookLedger: nothing lost, nothing unknown. */
export function assertLedger(l, what) {
  for (const k of ['eventsWithoutRow', 'rowsWithoutEvent', 'notSent', 'missing', 'unknown', 'unverified']) {
    assert.deepEqual(l[k], [], `${what}: ${k}`);
  }
  assert.equal(l.distinct, l.events, `${what}: one webhook-id received per event`);
}

/** p-th percentile (0..100) of numbers, nearest rank. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : NaN;
}
