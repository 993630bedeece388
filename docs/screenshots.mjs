// Takes the two screenshots of the README: docs/case.png (the customer's
// first case at phone width) and docs/queue.png (the staff queue on a desktop).
// Rerun against a running stack with data (`make run`, or the bench stack),
// from the top of the checkout:
//   npm ci                                   # playwright-core, no browser download
//   AFTERCARE_URL=http://127.0.0.1:8080 node docs/screenshots.mjs
// The customer below (13900000003) is one that `aftercare-admin generate` makes,
// so the stack needs generated cases (on a plain `make run` stack, give a demo
// customer who has a case); staff is the demo agent. SHOT_CUSTOMER, SHOT_STAFF
// and SHOT_PASSWORD choose others. Needs Debian's
// chromium (CHROMIUM, default /usr/bin/chromium). A PNG over ~300 KB is
// worth shrinking (e.g. `pngquant`) before committing it.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const url = process.env.AFTERCARE_URL || 'http://127.0.0.1:8080';
const customer = process.env.SHOT_CUSTOMER || '13900000003';
const staff = process.env.SHOT_STAFF || 'agent@demo.local';
const password = process.env.SHOT_PASSWORD || 'demo1234';
const here = path.dirname(fileURLToPath(import.meta.url));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function signIn(page, loginPath, login) {
  await page.goto(url + loginPath);
  await page.fill('#login', login);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  if (new URL(page.url()).pathname === loginPath) throw new Error(`sign-in as ${login} failed`);
}

async function shoot(page, file, maxHeight) {  // full page, cut at maxHeight px
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const width = page.viewportSize().width;
  await page.screenshot({ path: path.join(here, file), fullPage: true,
                          clip: { x: 0, y: 0, width, height: Math.min(height, maxHeight) } });
  console.log(`${file}: ${page.url()} (${width}×${Math.min(height, maxHeight)} of ${height})`);
}

try {
  // The customer's first case, at phone width.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 },
                                           deviceScaleFactor: 1, locale: 'zh-CN' });
  const cp = await phone.newPage();
  await signIn(cp, '/login', customer);
  await cp.goto(url + '/my/requests');
  const first = await cp.locator('a[href^="/my/requests/"]').first().getAttribute('href');
  await cp.goto(url + first);
  await shoot(cp, 'case.png', 1660);

  // The staff queue on a desktop.
  const desk = await browser.newContext({ viewport: { width: 1280, height: 800 },
                                          deviceScaleFactor: 1, locale: 'zh-CN' });
  const sp = await desk.newPage();
  await signIn(sp, '/staff/login', staff);
  await sp.goto(url + '/staff/queue');
  await shoot(sp, 'queue.png', 1000);
} finally {
  await browser.close();
}
