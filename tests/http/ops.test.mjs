// ops.test.mjs — what operators look at: GET /metrics (Prometheus text:
// requests by route and status class, the latency histogram, database
// errors, open cases by time-limit state; each daemon counts its own), and
// static files under fingerprinted names that may be cached for ever.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Client, sql } from './lib.mjs';

test('/metrics counts what the daemons answered and the open cases by time-limit state', async () => {
  const c = new Client();
  for (let i = 0; i < 20; i++) await c.get('/healthz');
  for (let i = 0; i < 6; i++) await c.get('/no/such/page');
  let page;
  for (let i = 0; i < 6 && !(page && /route="\/healthz",status="2xx"/.test(page.text)); i++) page = await c.get('/metrics');
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const t = page.text;
  assert.match(t, /^aftercare_requests_total\{method="GET",route="\/healthz",status="2xx"\} [1-9]\d*$/m, 'by route and status');
  assert.match(t, /^aftercare_requests_total\{method="",route="none",status="4xx"\} [1-9]\d*$/m, 'unmatched paths counted apart');
  const buckets = [...t.matchAll(/^aftercare_request_duration_ms_bucket\{le="([^"]+)"\} (\d+)$/gm)].map((m) => Number(m[2]));
  assert.ok(buckets.length >= 5, 'a latency histogram');
  for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i] >= buckets[i - 1], 'cumulative buckets');
  assert.match(t, new RegExp(`^aftercare_request_duration_ms_count ${buckets[buckets.length - 1]}$`, 'm'), '+Inf is the count');
  assert.match(t, /^aftercare_db_errors_total \d+$/m);
  const gauge = (s) => Number(t.match(new RegExp(`^aftercare_open_cases\\{sla="${s}"\\} (\\d+)$`, 'm'))[1]);
  const open = Number(sql(`SELECT COUNT(*) FROM cases WHERE queue_closed = 0`)[0][0]);
  assert.equal(gauge('none') + gauge('ok') + gauge('at_risk') + gauge('breached'), open, 'open cases add up to the database\'s');
  assert.match(t, /^aftercare_up\{database="ok"\} 1$/m);
});

test('pages link to fingerprinted static files that may be cached for ever', async () => {
  const { readFileSync } = await import('node:fs');
  const { createHash } = await import('node:crypto');
  const page = await new Client().get('/login');
  const css = page.text.match(/<link rel="stylesheet" href="(\/static\/style\.([0-9a-f]{10})\.css)">/);
  assert.ok(css, 'the stylesheet has a fingerprinted name');
  const file = readFileSync(new URL('../../static/style.css', import.meta.url));
  assert.equal(css[2], createHash('sha256').update(file).digest('hex').slice(0, 10), 'the name is the content\'s hash');
  const res = await new Client().get(css[1]);
  assert.equal(res.status, 200);
  assert.deepEqual(res.bytes, file, 'nginx serves the file under that name');
  assert.match(res.headers.get('cache-control'), /max-age=31536000, immutable/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const icon = page.text.match(/href="(\/static\/favicon\.[0-9a-f]{10}\.svg)"/);
  assert.ok(icon && (await new Client().get(icon[1])).status === 200, 'the icon too');
  assert.equal((await new Client().get('/static/nothing.0000000000.css')).status, 404, 'a name of no file is a 404');
});
