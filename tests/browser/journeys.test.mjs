// journeys.test.mjs — a return and refund from start to end in a real
// browser, at phone (360×740) and desktop (1280×800) size, in Chinese (the
// default) and English (chosen with the switch on the page): a customer
// registers with a freshly imported order, signs out and in, files a
// no-reason return with a photo; the agent approves from the queue; the
// customer reads where and by when to send the goods, opens the printable
// slip, books a pick-up (logistics sees it on the day's list), then posts
// the parcel after all; the warehouse opens the case by scanning the
// tracking number, receives and inspects, finance refunds; the customer
// then sees the refund step done; finance completes the case, the agent
// finds its follow-up due, the customer answers the survey and files a
// complaint the agent resolves. Every page on the
// way passes the checks of browser.mjs and is saved as a screenshot.
//
// The journey is a list of steps (STEPS below), one test each, sharing a
// state object. Later steps, e.g. the customer's satisfaction survey after
// the refund or the manager's dashboard, are one more entry each (a new
// role is one more name in ACTORS).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  DEMO_PASSWORD, giveRiskHistory, importOrders, orderDoc, png, sql, uniqueOrderNo, uniquePhone,
} from '../http/lib.mjs';
import { Actor, LANGS, VIEWPORTS, launch, strings } from './browser.mjs';

const JOURNEY = 'return-refund';
const ACTORS = ['customer', 'agent', 'logistics', 'warehouse', 'finance', 'manager'];
const UNIT_FEN = 19900;

/** The case state the page shows. */
async function caseState(page) {
  return page.locator('#case-state').getAttribute('data-state');
}

/** A staff member signs in at /staff/login (in the journey's language),
 * once; later the queue. */
async function staffSignIn(a, s) {
  const p = a.page;
  // The sign-in page and the queue look the same to every role: one
  // screenshot of each (the agent's) is enough.
  const shot = a.who === 'agent';
  if (!s.signedIn[a.who]) {
    await a.goto('/staff/login', 'login', { shot });
    await a.chooseLanguage('login', { shot });
    await p.fill('#login', `${a.who}@demo.local`);
    await p.fill('#password', DEMO_PASSWORD);
    await a.follow(p.locator('main form button[type=submit]'), 'queue', { shot });
    assert.equal(new URL(p.url()).pathname, '/staff/queue', `${a.who} lands on the queue`);
    s.signedIn[a.who] = true;
  } else {
    await a.goto('/staff/queue', 'queue', { shot: false });
  }
}

/** A staff member signs in and opens the case by typing (or scanning)
 * into the queue's scan box: the case number off the slip, or the
 * parcel's tracking number. One match opens the case at once. */
async function staffOpensCase(a, s, scanned = s.caseNo) {
  assert.ok(s.caseNo, 'needs the case of an earlier step');
  const p = a.page;
  await staffSignIn(a, s);
  await p.fill('#scan', scanned);
  await a.follow(p.locator('#scan-form button[type=submit]'), 'case');
  assert.equal(new URL(p.url()).pathname, `/staff/cases/${s.caseNo}`, `${scanned} opens the case`);
}

/** The first working day of the business calendar after today (shop's
 * date), and the day's date as YYYY-MM-DD. */
function nextWorkingDay() {
  const overrides = new Map(sql(`SELECT DATE_FORMAT(day, '%Y-%m-%d'), working FROM calendar_overrides`));
  for (let d = 1; d < 30; d++) {
    const day = new Date(Date.now() + 8 * 3600e3 + d * 86400e3).toISOString().slice(0, 10);
    const dow = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (overrides.has(day) ? overrides.get(day) === '1' : dow !== 0 && dow !== 6) return day;
  }
  throw new Error('no working day within 30 days');
}

/** Presses the button of one action form on a staff case page. */
async function staffAction(a, action, pageName, opts) {
  const form = a.page.locator(`#actions form[data-action="${action}"]`);
  assert.equal(await form.count(), 1, `the page offers ${action}`);
  await a.follow(form.locator('button[type=submit]'), pageName, opts);
}

const STEPS = [
  {
    name: 'the customer registers with the order number and phone of a fresh order',
    actor: 'customer',
    async run(a, s) {
      const p = a.page;
      await a.goto('/register', 'register');
      await a.chooseLanguage('register');
      await p.fill('#order_no', s.orderNo);
      await p.fill('#phone', s.phone);
      await p.fill('#password', s.password);
      await p.fill('#password2', s.password);
      await a.follow(p.locator('main form button[type=submit]'), 'orders-first', { shot: false });
      assert.equal(new URL(p.url()).pathname, '/my/orders', 'registration leads to the orders');
    },
  },
  {
    name: 'the customer signs out and signs in again with phone and password',
    actor: 'customer',
    async run(a, s) {
      const p = a.page;
      await a.follow(p.locator('header form[action="/logout"] button'), 'login');
      assert.equal(new URL(p.url()).pathname, '/login');
      await p.fill('#login', s.phone);
      await p.fill('#password', s.password);
      await a.follow(p.locator('main form button[type=submit]'), 'orders');
      assert.equal(new URL(p.url()).pathname, '/my/orders');
    },
  },
  {
    name: 'on /my/orders the item may be returned without a reason; the customer files the return with a photo',
    actor: 'customer',
    async run(a, s) {
      const p = a.page;
      const order = p.locator(`section.order[id="order-${s.orderNo}"]`);
      assert.equal(await order.count(), 1, 'the imported order is listed');
      const ret = order.locator('li[data-type="return_refund"]');
      assert.equal(await ret.getAttribute('data-ok'), '1', 'a return is possible');
      assert.ok((await ret.innerText()).includes(s.L.no_reason_ok), `no-reason return offered: ${await ret.innerText()}`);
      await a.follow(order.locator(`a[href="/my/orders/${s.orderNo}/new"]`), 'request-form');

      const row = p.locator('.qty-row').first();
      const itemId = (await row.getAttribute('id')).slice('item-'.length);
      await p.check('input[name="type"][value="return_refund"]');
      await p.fill(`#qty_${itemId}`, '1');
      await p.selectOption('#reason', 'no_reason');
      await p.fill('#description', s.description);
      await p.setInputFiles('#photo', s.photoPath);
      await a.follow(p.locator('main form button[type=submit].primary'), 'case-submitted');
      const m = /^\/my\/requests\/(AS\d{12})$/.exec(new URL(p.url()).pathname);
      assert.ok(m, `the new case page: ${p.url()}`);
      s.caseNo = m[1];
    },
  },
  {
    name: 'the case page shows the request as submitted, with the description and the photo',
    actor: 'customer',
    async run(a, s) {
      assert.ok(s.caseNo, 'needs the case of the previous step');
      const p = a.page;
      assert.equal(await caseState(p), 'submitted');
      assert.ok((await p.locator('p.description').innerText()).includes(s.description));
      const img = p.locator('ul.photos img');
      assert.equal(await img.count(), 1, 'one photo');
      assert.equal(await img.getAttribute('alt'), path.basename(s.photoPath));
      await img.scrollIntoViewIfNeeded();
      await p.waitForFunction((el) => el.complete, await img.elementHandle());
      assert.equal(await img.evaluate((el) => el.naturalWidth), 8, 'the photo is shown as uploaded (8 px wide)');
      await a.goto('/my/requests', 'requests');
      assert.equal(await p.locator(`a[href="/my/requests/${s.caseNo}"]`).count(), 1, 'listed under my requests');
    },
  },
  {
    name: 'the agent signs in, finds the case in the queue and approves it',
    actor: 'agent',
    async run(a, s) {
      await staffOpensCase(a, s);
      assert.equal(await caseState(a.page), 'submitted');
      await staffAction(a, 'approve', 'case-approved', { shot: false });
      assert.equal(await caseState(a.page), 'awaiting_return');
    },
  },
  {
    name: 'the customer sees where, who pays and by when to send the goods, and opens the printable slip',
    actor: 'customer',
    async run(a, s) {
      assert.ok(s.caseNo, 'needs the case');
      const p = a.page;
      await a.goto(`/my/requests/${s.caseNo}`, 'case-approved');
      assert.equal(await caseState(p), 'awaiting_return');
      const ret = p.locator('#return');
      assert.equal(await ret.getAttribute('data-payer'), 'customer', 'a no-reason return: the customer pays the postage');
      assert.ok((await p.locator('#return-address').innerText()).length > 5, 'the return address');
      assert.match(await p.locator('#ship-by').innerText(), /^\d{4}-\d{2}-\d{2}/, 'the ship-by date');
      await a.follow(p.locator('#slip-link'), 'slip');
      assert.equal(new URL(p.url()).pathname, `/my/requests/${s.caseNo}/slip`);
      assert.equal((await p.locator('#slip-case-no').innerText()).trim(), s.caseNo);
      const qr = p.locator('.slip-qr svg.qr');
      assert.equal(await qr.count(), 1, 'a QR code');
      const box = await qr.boundingBox();
      assert.ok(box.width >= 120 && box.width <= 200, `the QR code is large enough to scan, and fits: ${box.width}px`);
      await p.emulateMedia({ media: 'print' });
      assert.equal(await p.locator('header.top').isVisible(), false, 'printed without the site header');
      await p.screenshot({ path: a.shot('slip-print'), fullPage: true });
      await p.emulateMedia({ media: 'screen' });
    },
  },
  {
    name: 'the customer books a pick-up on a working day instead; the case shows the booking',
    actor: 'customer',
    async run(a, s) {
      const p = a.page;
      await a.goto(`/my/requests/${s.caseNo}`, 'case-approved', { shot: false });
      s.pickupDay = nextWorkingDay();
      await p.fill('#pickup-day', s.pickupDay);
      await p.check('#pickup input[name="window"][value="09-12"]');
      await p.fill('#pickup-address', '上海市徐汇区漕溪北路 1 号 / No. 1 Caoxi Rd North');
      await a.follow(p.locator('form#pickup button[type=submit]'), 'case-pickup-booked');
      assert.equal(await caseState(p), 'awaiting_return', 'a booking waits for the courier');
      assert.ok((await p.locator('#pickup-booking').innerText()).includes(`${s.pickupDay} 09-12`), 'the booking is shown');
    },
  },
  {
    name: 'logistics sees the booking among the day\'s pick-ups',
    actor: 'logistics',
    async run(a, s) {
      await staffSignIn(a, s);
      await a.goto(`/staff/pickups?day=${s.pickupDay}`, 'pickups');
      const row = a.page.locator(`#pickups li[data-case="${s.caseNo}"]`);
      assert.equal(await row.count(), 1, 'the booking is listed');
      assert.equal(await row.getAttribute('data-state'), 'booked');
    },
  },
  {
    name: 'the customer posts the parcel after all: carrier from the list, tracking number; the case is on its way back',
    actor: 'customer',
    async run(a, s) {
      const p = a.page;
      await a.goto(`/my/requests/${s.caseNo}`, 'case-pickup-booked', { shot: false });
      await p.selectOption('#carrier', 'sf');
      await p.fill('#tracking_no', s.trackingNo);
      await a.follow(p.locator('form#shipment button[type=submit]'), 'case-shipped');
      assert.equal(new URL(p.url()).pathname, `/my/requests/${s.caseNo}`);
      assert.equal(await caseState(p), 'return_in_transit');
      assert.equal((await p.locator('#case-state').innerText()).trim(), s.L.state_return_in_transit);
      assert.ok((await p.locator('#return-tracking').innerText()).includes(s.trackingNo), 'the tracking number is on the case page');
      assert.equal(await p.locator('#shipment, #pickup, #cancel-link').count(), 0, 'no shipment, pick-up or cancelling any more');
    },
  },
  {
    name: 'the warehouse scans the parcel\'s tracking number, receives the goods and passes the inspection',
    actor: 'warehouse',
    async run(a, s) {
      await staffOpensCase(a, s, s.trackingNo);
      assert.equal(await caseState(a.page), 'return_in_transit');
      await staffAction(a, 'receive', 'case-received');
      assert.equal(await caseState(a.page), 'received');
      const form = a.page.locator('#actions form[data-action="inspect"]');
      await form.locator('input[name="result"][value="pass"]').check();
      await a.page.fill('#inspect-note', '包装完好 / intact');
      await staffAction(a, 'inspect', 'case-inspected', { shot: false });
      assert.equal(await caseState(a.page), 'refund_pending');
    },
  },
  {
    name: 'finance refunds what was paid, with a payment reference',
    actor: 'finance',
    async run(a, s) {
      await staffOpensCase(a, s);
      const p = a.page;
      assert.equal(await p.inputValue('#refund-amount'), (UNIT_FEN / 100).toFixed(2), 'the amount offered is what was paid');
      await p.fill('#refund-reference', s.reference);
      await staffAction(a, 'refund', 'case-refunded', { shot: false });
      assert.equal(await caseState(p), 'refunded');
    },
  },
  {
    name: 'the customer follows the refund progress: the refund step is done',
    actor: 'customer',
    async run(a, s) {
      assert.ok(s.caseNo, 'needs the case');
      const p = a.page;
      await a.goto(`/my/requests/${s.caseNo}`, 'case-refunded');
      assert.equal(await caseState(p), 'refunded');
      const steps = await p.locator('#progress ol.progress > li').evaluateAll((lis) =>
        lis.map((li) => ({ status: li.dataset.status, label: li.querySelector('strong').textContent.trim() })));
      const refund = steps.find((st) => st.label === s.L.progress_refunded);
      assert.ok(refund, `a "${s.L.progress_refunded}" step: ${JSON.stringify(steps)}`);
      assert.equal(refund.status, 'done', `progress: ${JSON.stringify(steps)}`);
      for (const st of steps.slice(0, steps.indexOf(refund)))
        assert.equal(st.status, 'done', `every step before the refund is done: ${JSON.stringify(steps)}`);
    },
  },
  {
    name: 'finance completes the case, which invites the customer to the survey',
    actor: 'finance',
    async run(a, s) {
      await staffOpensCase(a, s);
      await staffAction(a, 'complete', 'case-completed');
      assert.equal(await caseState(a.page), 'completed');
    },
  },
  {
    name: 'the agent finds the follow-up due and records a call that did not reach the customer',
    actor: 'agent',
    async run(a, s) {
      const p = a.page;
      await a.goto('/staff/followups', 'followups');
      // the list is soonest due first: other suites' cases may come before
      // this one, so the case is opened by its address
      await a.goto(`/staff/cases/${s.caseNo}#followup`, 'case-followup');
      await p.selectOption('#followup-method', 'phone');
      await p.locator('input[name=outcome][value=unreachable]').check();
      await a.follow(p.locator('#followup form button[type=submit]'), 'case-followup-attempt', { shot: false });
      assert.ok(await p.locator('#followup').isVisible(), 'the follow-up is still due');
    },
  },
  {
    name: 'the customer answers the survey from the case page',
    actor: 'customer',
    async run(a, s) {
      const p = a.page;
      await a.goto(`/my/requests/${s.caseNo}`, 'case-completed');
      await a.follow(p.locator('#survey-invite a.button'), 'survey');
      for (const [q, v] of [['attitude', 5], ['speed', 4], ['resolution', 5], ['overall', 5], ['recommend', 9]]) {
        await p.locator(`input[name="${q}"][value="${v}"]`).check();
      }
      await p.fill('#comment', '很满意 / very good');
      await a.follow(p.locator('#survey form button[type=submit]'), 'survey-done');
      assert.ok(await p.locator('#survey-done').isVisible(), 'the thanks, with the answers');
    },
  },
  {
    name: 'the customer files a complaint about the case, with its category',
    actor: 'customer',
    async run(a, s) {
      const p = a.page;
      await a.goto(`/my/complaints?case_no=${s.caseNo}`, 'complaints');
      assert.equal(await p.inputValue('#case_no'), s.caseNo, 'the case number comes filled in');
      await p.selectOption('#category', 'delay');
      await p.fill('#subject', s.L.complaint_cat_delay);
      await p.fill('#body', s.description);
      await a.follow(p.locator('#complaint-form button[type=submit]'), 'complaint-filed');
      s.complaint = new URL(p.url()).hash.slice(1);
      assert.match(s.complaint, /^complaint-\d+$/);
      assert.equal(await p.locator(`#${s.complaint}`).getAttribute('data-status'), 'received');
    },
  },
  {
    name: 'the agent resolves the complaint with a compensation',
    actor: 'agent',
    async run(a, s) {
      const p = a.page;
      await a.goto('/staff/complaints', 'staff-complaints');
      const card = p.locator(`#${s.complaint}`);
      await card.locator('details summary').click();
      await card.locator('textarea[name=resolution]').fill(s.description);
      await card.locator('input[name=compensation]').fill('10');
      await a.follow(card.locator('form[action$="/resolve"] button[type=submit]'), 'staff-complaint-resolved');
      assert.equal(await p.locator(`#${s.complaint}`).getAttribute('data-status'), 'resolved');
    },
  },
  {
    name: 'the customer reads the resolution and confirms it',
    actor: 'customer',
    async run(a, s) {
      const p = a.page;
      await a.goto('/my/complaints', 'complaint-resolved');
      const card = p.locator(`#${s.complaint}`);
      assert.ok((await card.locator('[data-resolution]').textContent()).includes('10.00'), 'with the compensation');
      await a.follow(card.locator('form[action$="/confirm"] button[type=submit]'), 'complaint-closed');
      assert.equal(await p.locator(`#${s.complaint}`).getAttribute('data-status'), 'closed');
    },
  },
  {
    name: "the manager's dashboard and staff performance count the refund, on a phone too",
    actor: 'manager',
    async run(a, s) {
      assert.ok(s.caseNo, 'needs the refunded case');
      const p = a.page;
      await a.goto('/staff/login', 'login', { shot: false });
      await a.chooseLanguage('login', { shot: false });
      await p.fill('#login', 'manager@demo.local');
      await p.fill('#password', DEMO_PASSWORD);
      await a.follow(p.locator('main form button[type=submit]'), 'queue', { shot: false });
      // the last 30 days by default: today's refund is in them
      await a.follow(p.locator('header nav a[href="/staff/dashboard"]'), 'dashboard');
      const value = (id) => p.locator(`[id="f-${id}"]`).getAttribute('data-value');
      assert.ok(Number(await value('refund_n')) >= 1, 'the refund is counted');
      assert.ok(Number(await value('refund_total')) >= UNIT_FEN / 100, 'and its amount');
      assert.equal(await p.locator('figure.chart svg').count(), 3, 'three weekly charts');
      await a.follow(p.locator('main a[href^="/staff/performance"]'), 'performance');
      // the agent approved the case first: it is the agent's (the demo
      // agent's row: other suites add members with "agent" in the name)
      const [[agent]] = sql(`SELECT id FROM staff WHERE email = 'agent@demo.local'`);
      assert.equal(await p.locator(`#performance tr[data-key="${agent}"]`).count(), 1, 'the agent has a row');
      assert.ok(Number(await value(`${agent}:cases`)) >= 1, "the case is among the agent's");
      // the steps each member took: the agent approved, finance refunded
      assert.ok(Number(await value(`step:${agent}:step_agent`)) >= 1, 'the approval is credited to the agent');
      // the monthly report, linked from the dashboard: this month's, printable
      await a.goto('/staff/dashboard', 'dashboard-again', { shot: false });
      assert.equal(await p.locator('[id="p-cases"]').count(), 1, 'the tile shows the previous period');
      await a.follow(p.locator('main a#report-link'), 'monthly-report');
      assert.equal(await p.locator('#headline tr[data-key="cases"]').count(), 1, 'the headline table');
      assert.equal(await p.locator('#bands-frt').count(), 1, 'satisfaction by first-response band');
    },
  },
  {
    name: 'the manager opens an improvement action from a dashboard figure, for the agent',
    actor: 'manager',
    async run(a, s) {
      const p = a.page;
      await a.goto('/staff/dashboard', 'dashboard-again', { shot: false });
      await a.follow(p.locator('a.improve[href="/staff/improvements?metric=refund_total#new"]'), 'improvement-form');
      assert.equal(await p.locator('#imp-metric').inputValue(), 'refund_total', 'the figure it came from');
      const [[agent]] = sql(`SELECT id FROM staff WHERE email = 'agent@demo.local'`);
      const due = new Date(Date.now() + 8 * 3600e3 + 7 * 86400e3).toISOString().slice(0, 10);
      await p.fill('#imp-title', '退款金额偏高');
      await p.fill('#imp-problem', '本月退款金额上升');
      await p.fill('#imp-cause', '包装破损');
      await p.fill('#imp-measure', '换用加厚纸箱');
      await p.selectOption('#imp-owner', agent);
      await p.fill('#imp-due', due);
      await a.follow(p.locator('#new button[type=submit]'), 'improvement');
      s.improvement = await p.locator('#imp-title').getAttribute('data-imp');
      assert.ok(s.improvement, 'the action was opened');
      assert.equal(await p.locator('#effect').getAttribute('data-metric'), 'refund_total');
      assert.equal(await p.locator('#imp-due').textContent(), due);
    },
  },
  {
    name: 'the agent finds the action on the queue page and marks it done',
    actor: 'agent',
    async run(a, s) {
      const p = a.page;
      await a.goto('/staff/queue', 'queue-improvements', { shot: false });
      await a.follow(p.locator(`#my-improvements a[href="/staff/improvements/${s.improvement}"]`), 'improvement-owner');
      await p.selectOption('#imp-status-select', 'done');
      await p.fill('#imp-note', '已换用加厚纸箱');
      await a.follow(p.locator('#status-form button[type=submit]'), 'improvement-done');
      assert.equal(await p.locator('#imp-status').getAttribute('data-status'), 'done');
    },
  },
  {
    name: 'the agent sees the contact details masked and reveals them with the button (audited)',
    actor: 'agent',
    async run(a, s) {
      const p = a.page;
      // completed: no longer in the queue of open cases, opened by its address
      await a.goto(`/staff/cases/${s.caseNo}`, 'case-completed');
      const masked = (await p.locator('#customer-phone').textContent()).trim();
      assert.equal(masked, `${s.phone.slice(0, 3)}****${s.phone.slice(-4)}`, 'masked by default');
      await a.follow(p.locator('#reveal-form button[type=submit]'), 'case-revealed');
      assert.equal((await p.locator('#customer-phone').textContent()).trim(), s.phone, 'in full after the click');
      assert.ok(await p.locator('#revealed').isVisible(), 'saying it was recorded');
    },
  },
  {
    name: "the manager finds the reveal in the audit trail and opens the personal-data page",
    actor: 'manager',
    async run(a, s) {
      const p = a.page;
      await a.goto(`/staff/audit?case_no=${s.caseNo}`, 'audit');
      assert.ok(await p.locator('tr.event[data-action="reveal_contact"]').count() >= 1, 'the reveal is listed');
      await a.follow(p.locator('header nav a[href="/staff/admin/privacy"]'), 'privacy');
      assert.ok(await p.locator('#retention-form').isVisible(), 'the retention policy');
    },
  },
  {
    name: 'the customer downloads their data, then erases their personal data with the password',
    actor: 'customer',
    async run(a, s) {
      const p = a.page;
      await a.goto('/my/account', 'account');
      const res = await p.request.get('/my/account/export');
      assert.equal(res.status(), 200);
      assert.match(res.headers()['content-disposition'], /^attachment;/);
      const doc = await res.json();
      assert.equal(doc.account.phone, s.phone);
      assert.ok(doc.cases.some((c) => c.case_no === s.caseNo), 'the case is in the export');
      await p.fill('#erase-password', s.password);
      await a.follow(p.locator('#erase-form button[type=submit]'), 'erased');
      assert.ok(await p.locator('#erased').isVisible(), 'what happened and when the rest goes');
      await p.goto('/my/orders', { waitUntil: 'load' });
      assert.equal(new URL(p.url()).pathname, '/login', 'signed out for good');
    },
  },
];

let browser;
let tmp;

before(async () => {
  browser = await launch();
  tmp = mkdtempSync(path.join(tmpdir(), 'aftercare-browser-'));
});

after(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// Two runs of the journey go side by side (they share nothing but the
// browser; one waits for the server while the other renders), the steps of
// each one after the other.
const RUNS = Object.keys(VIEWPORTS).flatMap((viewport) => LANGS.map((lang) => ({ viewport, lang })));

describe(`${JOURNEY} journey`, { concurrency: 2 }, () => {
  for (const { viewport, lang } of RUNS) {
    describe(`${viewport}, ${lang}`, { concurrency: 1 }, () => {
      const actors = {};
      const s = { signedIn: {}, L: strings(lang) };

      before(async () => {
        s.phone = uniquePhone();
        // As long as the shop's order numbers and tracking numbers may be
        // (40 characters): they must wrap on a phone, not widen the page.
        s.orderNo = uniqueOrderNo('WEB').padEnd(40, '0');
        s.password = 'pw-browser-' + s.phone.slice(-4);
        s.description = lang === 'en' ? 'Changed my mind, returning it.' : '不想要了，七天无理由退货。';
        // SF's shape: SF and 13 digits, one number per run
        s.trackingNo = 'SF' + s.phone.slice(-11).padStart(11, '0') + String(viewport.length % 10) + String(LANGS.indexOf(lang));
        s.reference = `PAY-${viewport}-${lang}-${s.phone.slice(-4)}`;
        s.photoPath = path.join(tmp, `photo-${viewport}-${lang}.png`);
        writeFileSync(s.photoPath, png(8, 6, [30, 120, 200]));
        await importOrders([
          orderDoc({
            orderNo: s.orderNo,
            phone: s.phone,
            daysAgo: 2,
            items: [{ sku: 'EAR-01', name: '蓝牙耳机', category: 'electronics', qty: 1, unit_price_fen: UNIT_FEN }],
          }),
        ]);
        // A refund history makes the customer medium risk: the refund waits
        // for the goods and their inspection (a new customer's would be a
        // fast refund, paid on approval).
        giveRiskHistory(s.phone, 'medium');
        for (const who of ACTORS) actors[who] = await new Actor(browser, { journey: JOURNEY, who, viewport, lang }).open();
      });

      after(async () => {
        for (const a of Object.values(actors)) await a.close();
      });

      for (const step of STEPS) test(step.name, () => step.run(actors[step.actor], s));
    });
  }
});
