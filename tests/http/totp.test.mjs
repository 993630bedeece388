// totp.test.mjs — the staff's second factor and sessions (issue 16,
// "Staff accounts"; cgi/core/totp.c over liboath, cgi/domain/twofactor.c,
// cgi/web/page_staff_account.c). Every code comes from the outside
// implementation, Debian's `oathtool --totp -b SECRET` (with -N for another
// moment); the enrolment's QR code is read back with zbarimg. Staff
// members are made fresh on the manager's form for each part, so no demo
// login changes; the production part restarts the daemons with
// AFTERCARE_DEMO=0 and back.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, describe, test } from 'node:test';

import {
  Client,
  ROOT,
  assertErrorPage,
  assertRedirect,
  fieldErrors,
  q,
  sql,
  staffAs,
  untilHealthy,
  unescapeHtml,
} from './lib.mjs';

const PW = 'totp-pass-1234';
const TAG = randomBytes(3).toString('hex');
let serial = 0;

/** A new staff member made by the manager on /staff/admin/users. */
async function newMember(role) {
  const m = await staffAs('manager');
  await m.get('/staff/admin/users');
  const email = `totp-${TAG}-${++serial}@test.local`;
  const res = await m.postForm('/staff/admin/users', { csrf: m.csrf, email, name: `TOTP ${role} ${serial}`, roles: role, password: PW });
  assert.equal(res.status, 303, `member created: ${res.text.slice(0, 200)}`);
  const id = Number(sql(`SELECT id FROM staff WHERE email = ${q(email)}`)[0][0]);
  return { email, id };
}

/** POST /staff/login with these fields; the client and the answer. */
async function signIn(email, { password = PW, otp, ua } = {}) {
  const c = new Client();
  await c.get('/staff/login');
  const fields = { csrf: c.csrf, login: email, password };
  if (otp !== undefined) fields.otp = otp;
  const res = await c.postForm('/staff/login', fields, ua ? { headers: { 'user-agent': ua } } : {});
  return { c, res };
}

/** Signed in (303 to the queue) with the csrf token of /staff/account. */
async function signedIn(email, opts) {
  const { c, res } = await signIn(email, opts);
  assertRedirect(res, '/staff/queue', `${email} signs in`);
  const page = await c.get('/staff/account', opts?.ua ? { headers: { 'user-agent': opts.ua } } : {});
  assert.equal(page.status, 200);
  return c;
}

/** The code of secret now (+ offset seconds), from oathtool. */
function oath(secret, offset = 0) {
  const args = ['--totp', '-b'];
  if (offset) args.push('-N', new Date(Date.now() + offset * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'));
  return execFileSync('oathtool', [...args, secret], { encoding: 'utf8' }).trim();
}

const secretOf = (html) => unescapeHtml(/id="otp-secret">([^<]*)</.exec(html)?.[1] || '').replace(/\s+/g, '');
const codesOf = (html) => [...(/<ul class="codes">([\s\S]*?)<\/ul>/.exec(html)?.[1] || '').matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]);
const row = (id) => {
  const [secret, pending, last, epoch] = sql(`SELECT COALESCE(totp_secret, ''), COALESCE(totp_pending, ''), COALESCE(totp_last_step, ''), session_epoch FROM staff WHERE id = ${id}`)[0];
  return { secret, pending, last, epoch: Number(epoch) };
};
const logOf = (id) => sql(`SELECT event, COALESCE(actor_id, ''), COALESCE(addr, ''), COALESCE(agent, '') FROM staff_log WHERE staff_id = ${id} ORDER BY id`);

/** Starts an enrolment and reads the secret off the page. */
async function startEnrolment(c) {
  await c.get('/staff/account');
  assertRedirect(await c.postForm('/staff/account/otp', { csrf: c.csrf }), '/staff/account#otp', 'enrolment started');
  const page = await c.get('/staff/account');
  const secret = secretOf(page.text);
  assert.match(secret, /^[A-Z2-7]{32}$/, 'the secret is shown as base32 text');
  return { secret, page };
}

/** A whole enrolment: started, confirmed with oathtool's code; the
 * recovery codes of the answer. */
async function enrol(c) {
  const { secret } = await startEnrolment(c);
  const res = await c.postForm('/staff/account/otp/confirm', { csrf: c.csrf, otp: oath(secret) });
  assert.equal(res.status, 200, res.text.slice(0, 300));
  return { secret, codes: codesOf(res.text), res };
}

/** The address's and this file's login_throttle rows go (as bruteforce.test does). */
function clearThrottle() {
  sql(`DELETE FROM login_throttle WHERE k LIKE 'addr:%' OR k LIKE ${q(`%totp-${TAG}-%`)} OR k LIKE 'account:s:%'`);
}

before(clearThrottle);
after(clearThrottle);

describe('enrolment', () => {
  let member;
  let c;
  let secret;
  let codes;

  before(async () => {
    member = await newMember('agent');
    c = await signedIn(member.email);
  });

  test('the secret is shown as base32 text beside a QR code of the same otpauth:// URI', async () => {
    const { secret: s, page } = await startEnrolment(c);
    assert.equal(row(member.id).pending, s, 'the secret waits as pending');
    assert.equal(row(member.id).secret, '', 'nothing enrolled yet');
    const svg = /<div class="otp-qr">(<svg[\s\S]*?<\/svg>)<\/div>/.exec(page.text)?.[1];
    assert.ok(svg, 'an inline SVG QR code');
    const dir = mkdtempSync(`${tmpdir()}/totp-`);
    try {
      writeFileSync(`${dir}/qr.svg`, svg);
      execFileSync('rsvg-convert', ['-w', '400', '-b', 'white', '-o', `${dir}/qr.png`, `${dir}/qr.svg`]);
      const uri = execFileSync('zbarimg', ['--raw', '-q', `${dir}/qr.png`], { encoding: 'utf8' }).trim();
      const u = new URL(uri);
      assert.equal(u.protocol, 'otpauth:');
      assert.equal(u.host, 'totp');
      assert.equal(u.searchParams.get('secret'), s, 'the QR code carries the secret shown as text');
      assert.equal(u.searchParams.get('issuer'), 'Aftercare');
      assert.equal(decodeURIComponent(u.pathname), `/Aftercare:${member.email}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a wrong code does not switch it on; a code of a replaced enrolment neither', async () => {
    const old = secretOf((await c.get('/staff/account')).text);
    const wrong = String((Number(oath(old)) + 1) % 1e6).padStart(6, '0');
    let res = await c.postForm('/staff/account/otp/confirm', { csrf: c.csrf, otp: wrong });
    assert.equal(res.status, 400);
    assert.ok(fieldErrors(res.text).otp, 'the field says why');
    assert.equal(row(member.id).secret, '', 'still not enrolled');
    ({ secret } = await startEnrolment(c));
    assert.notEqual(secret, old, 'a new start makes a new secret');
    res = await c.postForm('/staff/account/otp/confirm', { csrf: c.csrf, otp: oath(old) });
    assert.equal(res.status, 400, 'the code of the replaced secret is refused');
    assert.equal(row(member.id).secret, '');
  });

  test('confirmed with a code from oathtool: on, ten recovery codes shown once and stored hashed', async () => {
    const res = await c.postForm('/staff/account/otp/confirm', { csrf: c.csrf, otp: oath(secret) });
    assert.equal(res.status, 200, res.text.slice(0, 300));
    codes = codesOf(res.text);
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    const r = row(member.id);
    assert.equal(r.secret, secret);
    assert.equal(r.pending, '');
    const stored = sql(`SELECT code_hash FROM staff_recovery_codes WHERE staff_id = ${member.id} AND used_at IS NULL`).map((x) => x[0]);
    assert.equal(stored.length, 10);
    for (const code of codes) {
      assert.ok(!stored.includes(code), 'no code stored as it is');
      const plain = code.replace(/-/g, '');
      assert.ok(stored.includes(createHash('sha256').update(plain).digest('hex')), 'stored as its SHA-256');
    }
    const again = await c.get('/staff/account');
    assert.equal(codesOf(again.text).length, 0, 'never shown again');
    assert.match(again.text, /data-otp="1"/);
    assert.match(again.text, /id="recovery-left">10</);
    assert.ok(logOf(member.id).some(([ev]) => ev === 'otp_enrolled'));
  });

  test('the enrolment replayed: a second confirm is refused (409) and changes nothing', async () => {
    const before_ = sql(`SELECT code_hash FROM staff_recovery_codes WHERE staff_id = ${member.id} ORDER BY id`).flat();
    const res = await c.postForm('/staff/account/otp/confirm', { csrf: c.csrf, otp: oath(secret) });
    assertErrorPage(res, 409, 'a second confirm');
    const res2 = await c.postForm('/staff/account/otp/confirm', { csrf: c.csrf, otp: oath(secret, 30) });
    assertErrorPage(res2, 409, 'a second confirm with a fresh code');
    assert.equal(row(member.id).secret, secret);
    assert.deepEqual(sql(`SELECT code_hash FROM staff_recovery_codes WHERE staff_id = ${member.id} ORDER BY id`).flat(), before_);
  });

  describe('sign-in with the second factor', () => {
    test('the password alone, a wrong code and a code of five minutes ago are refused', async () => {
      let { res } = await signIn(member.email);
      assert.equal(res.status, 401);
      assert.ok(fieldErrors(res.text).otp, 'the otp field says why');
      assert.ok(!/sid=/.test(res.headers.get('set-cookie') || ''), 'no session');
      const now = oath(secret);
      ({ res } = await signIn(member.email, { otp: String((Number(now) + 500000) % 1e6).padStart(6, '0') }));
      assert.equal(res.status, 401, 'wrong code');
      ({ res } = await signIn(member.email, { otp: oath(secret, -300) }));
      assert.equal(res.status, 401, 'a code out of its window');
      ({ res } = await signIn(member.email, { otp: oath(secret, 300) }));
      assert.equal(res.status, 401, 'a code of five minutes ahead');
      ({ res } = await signIn(member.email, { password: 'wrong-password-9', otp: oath(secret, 30) }));
      assert.equal(res.status, 401, 'a good code with a wrong password');
      clearThrottle();
    });

    test('a good code signs in once; the same code again, or the one used to enrol, is refused', async () => {
      const code = oath(secret, 30); // the next step: the enrolment used this one's
      const { c: c2, res } = await signIn(member.email, { otp: code });
      assertRedirect(res, '/staff/queue', 'a current code');
      assert.equal((await c2.get('/staff/queue')).status, 200);
      const again = await signIn(member.email, { otp: code });
      assert.equal(again.res.status, 401, 'the same code is not taken twice');
      const older = await signIn(member.email, { otp: oath(secret) });
      assert.equal(older.res.status, 401, 'nor a code of an earlier step');
      clearThrottle();
    });

    test('a recovery code signs in once, logged as such', async () => {
      const { c: c2, res } = await signIn(member.email, { otp: codes[0].toUpperCase() });
      assertRedirect(res, '/staff/queue', 'a recovery code (any case)');
      const again = await signIn(member.email, { otp: codes[0] });
      assert.equal(again.res.status, 401, 'used up');
      assert.equal(Number(sql(`SELECT COUNT(*) FROM staff_recovery_codes WHERE staff_id = ${member.id} AND used_at IS NOT NULL`)[0][0]), 1);
      const page = await c2.get('/staff/account');
      assert.match(page.text, /id="recovery-left">9</);
      assert.match(page.text, /data-event="signin_recovery"/);
      clearThrottle();
    });

    test('wrong codes lock the account like wrong passwords: 429 with Retry-After, even for a good code', async () => {
      let last;
      for (let i = 0; i < 5; i++) {
        last = (await signIn(member.email, { otp: '000000' === oath(secret) ? '111111' : '000000' })).res;
        assert.equal(last.status, 401, `failure ${i + 1}`);
      }
      const locked = (await signIn(member.email, { otp: oath(secret, 30) })).res;
      assert.equal(locked.status, 429);
      assert.ok(Number(locked.headers.get('retry-after')) > 0, 'Retry-After');
      const [failures] = sql(`SELECT failures FROM login_throttle WHERE k = ${q(`account:s:${member.id}`)}`)[0];
      assert.ok(Number(failures) >= 5);
      clearThrottle();
    });
  });
});

describe('sessions', () => {
  test('the sign-in log shows when, address and browser; ending the other sessions keeps this one', async () => {
    const m = await newMember('warehouse');
    const a = await signedIn(m.email, { ua: `TestBrowser/A-${TAG}` });
    const b = await signedIn(m.email, { ua: `TestBrowser/B-${TAG}` });
    const page = await a.get('/staff/account');
    const rows = [...page.text.matchAll(/<tr data-event="signin">([\s\S]*?)<\/tr>/g)].map((x) => x[1]);
    assert.equal(rows.length, 2);
    assert.ok(rows.some((r) => r.includes(`TestBrowser/B-${TAG}`)) && rows.some((r) => r.includes(`TestBrowser/A-${TAG}`)), 'the browsers');
    for (const r of rows) {
      assert.match(r, /<td>\d{4}-\d\d-\d\d \d\d:\d\d<\/td>/, 'when');
      assert.match(r, /class="addr">127\.0\.0\.1</, 'the address');
    }
    const epoch = row(m.id).epoch;
    const oldSid = a.cookie('sid');
    const res = await a.postForm('/staff/account/sessions/end', { csrf: a.csrf });
    assertRedirect(res, '/staff/account?ended=1#sessions');
    assert.notEqual(a.cookie('sid'), oldSid, 'this session gets a new cookie');
    assert.equal(row(m.id).epoch, epoch + 1, 'the account epoch moved on');
    const mine = await a.get('/staff/account?ended=1');
    assert.equal(mine.status, 200, 'this session goes on');
    assert.match(mine.text, /id="ended"/);
    assert.match(mine.text, /data-event="sessions_ended"/);
    assertRedirect(await b.get('/staff/queue'), '/staff/login', 'the other session ended');
    // the old cookie of this very browser is dead too
    const stale = new Client();
    stale.setCookie('sid', oldSid);
    assertRedirect(await stale.get('/staff/queue'), '/staff/login', 'the cookie before the reissue');
  });

  test("a session of another member cannot be ended from one's account (403, nothing changes)", async () => {
    const m1 = await newMember('logistics');
    const m2 = await newMember('logistics');
    const a = await signedIn(m1.email);
    const other = await signedIn(m2.email);
    const e1 = row(m1.id).epoch;
    const e2 = row(m2.id).epoch;
    const res = await a.postForm('/staff/account/sessions/end', { csrf: a.csrf, staff_id: String(m2.id) });
    assertErrorPage(res, 403, "another member's sessions");
    const junk = await a.postForm('/staff/account/sessions/end', { csrf: a.csrf, staff_id: '1e3' });
    assertErrorPage(junk, 403, 'a staff_id that is no number');
    assert.equal(row(m2.id).epoch, e2);
    assert.equal(row(m1.id).epoch, e1);
    assert.equal((await other.get('/staff/queue')).status, 200, "the other member's session lives");
    assert.ok(!logOf(m2.id).some(([ev]) => ev === 'sessions_ended'));
  });
});

describe('a new key while enrolled', () => {
  test('needs a current code or a recovery code; the old key works until the new one is confirmed', async () => {
    const m = await newMember('agent');
    const c = await signedIn(m.email);
    const { secret, codes } = await enrol(c);
    await c.get('/staff/account');
    assert.match((await c.get('/staff/account')).text, /id="otp-current"/, 'the form asks for a code');
    let res = await c.postForm('/staff/account/otp', { csrf: c.csrf });
    assert.equal(res.status, 400, 'no code');
    assert.ok(fieldErrors(res.text).otp_current);
    res = await c.postForm('/staff/account/otp', { csrf: c.csrf, otp: '123456' === oath(secret) ? '654321' : '123456' });
    assert.equal(res.status, 400, 'a wrong code');
    assert.equal(row(m.id).pending, '', 'no new key waits');
    assert.equal(Number(sql(`SELECT failures FROM login_throttle WHERE k = ${q(`account:s:${m.id}`)}`)[0][0]), 2, 'counted as failed sign-ins');
    res = await c.postForm('/staff/account/otp', { csrf: c.csrf, otp: codes[1] });
    assertRedirect(res, '/staff/account#otp', 'a recovery code');
    const next = secretOf((await c.get('/staff/account')).text);
    assert.notEqual(next, secret);
    assert.equal(row(m.id).secret, secret, 'the old key stays until the new one is confirmed');
    const signin = await signIn(m.email, { otp: oath(secret, 30) });
    assertRedirect(signin.res, '/staff/queue', 'the old key still signs in');
    res = await c.postForm('/staff/account/otp/confirm', { csrf: c.csrf, otp: oath(next) });
    assert.equal(res.status, 200);
    assert.equal(row(m.id).secret, next);
    assert.equal(codesOf(res.text).length, 10, 'new recovery codes');
    const old = await signIn(m.email, { otp: codes[2] });
    assert.equal(old.res.status, 401, 'the old recovery codes are gone');
    clearThrottle();
  });
});

describe('the manager', () => {
  test("resets a member's second factor: gone with the recovery codes, sessions ended, audited", async () => {
    const m = await newMember('tech');
    const c = await signedIn(m.email);
    const { secret } = await enrol(c);
    assert.ok(secret);
    const mgr = await staffAs('manager');
    const page = await mgr.get('/staff/admin/users');
    assert.match(page.text, new RegExp(`id="user-${m.id}"[\\s\\S]*?class="otp-state">on<`), 'the list says it is on');
    const agent = await staffAs('agent');
    await agent.get('/staff/queue');
    assert.equal((await agent.postForm(`/staff/admin/users/${m.id}/otp_reset`, { csrf: agent.csrf })).status, 403, 'not for an agent');
    assert.equal(row(m.id).secret, secret);
    const res = await mgr.postForm(`/staff/admin/users/${m.id}/otp_reset`, { csrf: mgr.csrf });
    assertRedirect(res, `/staff/admin/users#user-${m.id}`);
    assert.deepEqual(row(m.id).secret, '');
    assert.equal(Number(sql(`SELECT COUNT(*) FROM staff_recovery_codes WHERE staff_id = ${m.id}`)[0][0]), 0);
    const managerId = sql(`SELECT id FROM staff WHERE email = 'manager@demo.local'`)[0][0];
    const entry = logOf(m.id).find(([ev]) => ev === 'otp_reset');
    assert.ok(entry, 'audited');
    assert.equal(entry[1], managerId, 'with the manager as actor');
    assert.equal(entry[2], '127.0.0.1');
    assertRedirect(await c.get('/staff/queue'), '/staff/login', "the member's session ended");
    const c2 = await signedIn(m.email); // the password alone again
    const mine = await c2.get('/staff/account');
    assert.match(mine.text, /data-event="otp_reset"[\s\S]*?class="by">[^<]+</, 'the member sees who reset it');
  });

  test("ends all of a member's sessions from /staff/admin/users, audited", async () => {
    const m = await newMember('agent');
    const c = await signedIn(m.email);
    const mgr = await staffAs('manager');
    await mgr.get('/staff/admin/users');
    const res = await mgr.postForm(`/staff/admin/users/${m.id}/sessions`, { csrf: mgr.csrf });
    assertRedirect(res, `/staff/admin/users#user-${m.id}`);
    assertRedirect(await c.get('/staff/queue'), '/staff/login', 'ended');
    const managerId = sql(`SELECT id FROM staff WHERE email = 'manager@demo.local'`)[0][0];
    const entry = logOf(m.id).find(([ev]) => ev === 'sessions_ended');
    assert.ok(entry);
    assert.equal(entry[1], managerId);
    assert.equal((await mgr.get('/staff/admin/users')).status, 200, "the manager's own session lives");
    assertErrorPage(await mgr.postForm('/staff/admin/users/999999999/sessions', { csrf: mgr.csrf }), 404, 'no such member');
  });
});

describe('who must have a second factor', () => {
  after(() => sql(`UPDATE settings SET value = '' WHERE name = 'totp_required_roles'`));

  test('in demo mode it is optional: the demo logins stay one step', async () => {
    const { c, res } = await signIn('finance@demo.local', { password: 'demo1234' });
    assertRedirect(res, '/staff/queue');
    assert.equal((await c.get('/staff/queue')).status, 200);
  });

  test('a policy (totp_required_roles) makes a role enrol before anything else; other roles go on', async () => {
    const fin = await newMember('finance');
    const ag = await newMember('agent');
    // (a manager has every role, finance too: the demo manager would have to enrol as well)
    sql(`UPDATE settings SET value = 'finance' WHERE name = 'totp_required_roles'`);
    const { c, res } = await signIn(fin.email);
    assertRedirect(res, '/staff/queue');
    assertRedirect(await c.get('/staff/queue'), '/staff/account?enrol=1', 'a page that confirms its own session');
    assertRedirect(await c.get('/staff/cases/AS202601010001'), '/staff/account?enrol=1', 'a page checked at dispatch');
    const page = await c.get('/staff/account?enrol=1');
    assert.equal(page.status, 200);
    assert.match(page.text, /id="otp-required"/);
    await enrol(c);
    assert.equal((await c.get('/staff/queue')).status, 200, 'enrolled: the rest opens');
    const other = await signedIn(ag.email);
    assert.equal((await other.get('/staff/queue')).status, 200, 'an agent is not asked');
    const { c: mgr } = await signIn('manager@demo.local', { password: 'demo1234' });
    assertRedirect(await mgr.get('/staff/dashboard'), '/staff/account?enrol=1', 'a manager holds the finance role too');
    sql(`UPDATE settings SET value = '' WHERE name = 'totp_required_roles'`);
    assert.equal((await mgr.get('/staff/dashboard')).status, 200, 'the policy lifted: at once');
  });

  test('in production (demo = 0) managers and finance must enrol; an agent need not', async () => {
    const restart = (env) => {
      execFileSync(`${ROOT}/scripts/stack.sh`, ['daemon-up', 'test'], { stdio: 'ignore', timeout: 120e3, env: { ...process.env, ...env } });
    };
    restart({ AFTERCARE_DEMO: '0' });
    try {
      await untilHealthy(20);
      for (const role of ['manager', 'finance']) {
        const { c, res } = await signIn(`${role}@demo.local`, { password: 'demo1234' });
        assertRedirect(res, '/staff/queue', role);
        assertRedirect(await c.get('/staff/queue'), '/staff/account?enrol=1', `${role} is sent to enrol`);
        const page = await c.get('/staff/account');
        assert.match(page.text, /id="otp-required"/, role);
      }
      const { c } = await signIn('agent@demo.local', { password: 'demo1234' });
      assert.equal((await c.get('/staff/queue')).status, 200, 'the agent works as before');
    } finally {
      restart({});
      await untilHealthy(20);
    }
    const { c } = await signIn('manager@demo.local', { password: 'demo1234' });
    assert.equal((await c.get('/staff/queue')).status, 200, 'back in demo mode: one step');
  });
});
