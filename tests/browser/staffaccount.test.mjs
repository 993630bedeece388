// staffaccount.test.mjs — a staff member's own account page in a real
// browser, at phone and desktop size, in Chinese and English: signs in,
// follows their name in the header to /staff/account, sets up two-step
// sign-in (the QR code beside the key as text), types the code oathtool
// computes for that key, sees the recovery codes once, ends the other
// sessions, signs out and in again with a code; then the manager's staff
// list with its second-factor buttons and the limits page. Every page passes the checks of
// browser.mjs (labels, no sideways scrolling at 360 px, console, links)
// and is saved as a screenshot.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { Client, DEMO_PASSWORD, sql } from '../http/lib.mjs';
import { Actor, LANGS, VIEWPORTS, launch } from './browser.mjs';

const JOURNEY = 'staff-account';
const PW = 'browser-totp-1234';

function oath(secret, offset = 0) {
  const args = ['--totp', '-b'];
  if (offset) args.push('-N', new Date(Date.now() + offset * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'));
  return execFileSync('oathtool', [...args, secret], { encoding: 'utf8' }).trim();
}

/** A member made on the manager's form (over HTTP, not in the browser). */
async function newMember(tag) {
  const m = new Client();
  await m.get('/staff/login');
  await m.postForm('/staff/login', { csrf: m.csrf, login: 'manager@demo.local', password: DEMO_PASSWORD });
  await m.get('/staff/admin/users');
  const email = `browser-${tag}-${randomBytes(3).toString('hex')}@test.local`;
  const res = await m.postForm('/staff/admin/users', { csrf: m.csrf, email, name: `浏览器 ${tag}`, roles: 'agent', password: PW });
  assert.equal(res.status, 303);
  return email;
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const RUNS = Object.keys(VIEWPORTS).flatMap((viewport) => LANGS.map((lang) => ({ viewport, lang })));

describe(`${JOURNEY}`, { concurrency: 2 }, () => {
  for (const { viewport, lang } of RUNS) {
    test(`${viewport}, ${lang}`, async () => {
      const email = await newMember(`${viewport}-${lang}`);
      const a = await new Actor(browser, { journey: JOURNEY, who: 'agent', viewport, lang }).open();
      try {
        const p = a.page;
        const signIn = async (otp, name) => {
          await a.goto('/staff/login', `${name}-login`, { shot: false });
          await a.chooseLanguage(`${name}-login`, { shot: name === 'second' });
          await p.fill('#login', email);
          await p.fill('#password', PW);
          if (otp) await p.fill('#otp', otp);
          await a.follow(p.locator('main form button[type=submit]'), `${name}-queue`, { shot: false });
          assert.equal(new URL(p.url()).pathname, '/staff/queue', 'signed in');
        };
        await signIn(null, 'first');
        await a.follow(p.locator('header a[href="/staff/account"]'), 'account');
        await a.follow(p.locator('#otp-start button[type=submit]'), 'enrol');
        assert.equal(await p.locator('.otp-qr svg').count(), 1, 'the QR code');
        assert.ok(await p.locator('.otp-qr svg').isVisible());
        const secret = (await p.locator('#otp-secret').textContent()).replace(/\s+/g, '');
        assert.match(secret, /^[A-Z2-7]{32}$/);
        await p.fill('#otp-code', oath(secret));
        await a.follow(p.locator('#enrol button[type=submit]'), 'recovery-codes');
        assert.equal(await p.locator('#recovery-codes code').count(), 10);
        await a.follow(p.locator('#end-sessions button[type=submit]'), 'sessions-ended');
        assert.ok(await p.locator('#ended').isVisible());
        await a.follow(p.locator('header form[action="/staff/logout"] button[type=submit]'), 'signed-out', { shot: false });
        await signIn(oath(secret, 30), 'second');
        await a.goto('/staff/account', 'account-on');
        assert.equal(await p.locator('#otp').getAttribute('data-otp'), '1');
        assert.ok((await p.locator('#signins tbody tr').count()) >= 3, 'sign-ins, enrolment, sessions ended');
      } finally {
        await a.close();
      }
      sql(`DELETE FROM login_throttle WHERE k LIKE 'addr:%'`);
    });
  }

  test('the manager sees each member with the second-factor buttons, and the limits page (phone, en)', async () => {
    const a = await new Actor(browser, { journey: JOURNEY, who: 'manager', viewport: 'phone', lang: 'en' }).open();
    try {
      const p = a.page;
      await a.goto('/staff/login', 'login', { shot: false });
      await a.chooseLanguage('login', { shot: false });
      await p.fill('#login', 'manager@demo.local');
      await p.fill('#password', DEMO_PASSWORD);
      await a.follow(p.locator('main form button[type=submit]'), 'queue', { shot: false });
      await a.goto('/staff/admin/users', 'users');
      assert.ok((await p.locator('form.user-sessions').count()) >= 6, 'an end-sessions button per member');
      assert.ok((await p.locator('form.user-otp-reset').count()) >= 1, 'a reset for members with a second factor');
      await a.follow(p.locator('header nav a[href="/staff/admin/limits"]'), 'limits');
      assert.equal(await p.locator('#limits-form input[type=number]').count(), 11, 'every limit: the window and five kinds, per account and per address');
      assert.equal(await p.locator('#totp-roles input[type=checkbox]').count(), 6, 'a box per role');
      await a.follow(p.locator('#limits-form button[type=submit]'), 'limits-saved');
      assert.ok(await p.locator('#saved').isVisible(), 'saved as it was');
    } finally {
      await a.close();
    }
  });
});
