#!/usr/bin/env node
// mailsink.mjs — the local stack's stand-ins for a mail server and an SMS
// gateway (make run and the test stack), so that what the notification
// worker sends can be read: a real SMTP server (npm smtp-server) on
// 127.0.0.1:SMTP_PORT keeps each message as it arrived in DIR/mail/<n>.eml,
// and an HTTP server on 127.0.0.1:SMS_PORT keeps each POST /sms body in
// DIR/sms/<n>.json. Files appear whole (written, then renamed).
//
//   node scripts/mailsink.mjs SMTP_PORT SMS_PORT DIR
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

const [smtpPort, smsPort, dir] = process.argv.slice(2);
if (!/^\d+$/.test(smtpPort || '') || !/^\d+$/.test(smsPort || '') || !dir) {
  console.error('usage: node scripts/mailsink.mjs SMTP_PORT SMS_PORT DIR');
  process.exit(2);
}

/** A folder of numbered files, numbering on from what it holds. */
function folder(name, ext) {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  let n = 0;
  for (const f of readdirSync(path)) {
    const m = /^(\d+)\./.exec(f);
    if (m) n = Math.max(n, Number(m[1]));
  }
  return (data) => {
    n += 1;
    const file = join(path, `${n}.${ext}`);
    writeFileSync(`${file}.tmp`, data);
    renameSync(`${file}.tmp`, file);
    return file;
  };
}

const keepMail = folder('mail', 'eml');
const keepSms = folder('sms', 'json');

const smtp = new SMTPServer({
  name: 'mailsink.local',
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  size: 10 << 20,
  logger: false,
  onData(stream, session, done) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      if (stream.sizeExceeded) return done(new Error('message too big'));
      const file = keepMail(Buffer.concat(chunks));
      console.log(`mail ${file} to ${session.envelope.rcptTo.map((r) => r.address).join(', ')}`);
      done();
    });
  },
});
smtp.on('error', (e) => console.error(`smtp: ${e.message}`));
smtp.listen(Number(smtpPort), '127.0.0.1', () => console.log(`mailsink: SMTP on 127.0.0.1:${smtpPort}, files in ${dir}/mail`));

const sms = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/sms') {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    try {
      JSON.parse(body.toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"ok":false}');
      return;
    }
    const file = keepSms(body);
    console.log(`sms ${file}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
sms.listen(Number(smsPort), '127.0.0.1', () => console.log(`mailsink: SMS on http://127.0.0.1:${smsPort}/sms, files in ${dir}/sms`));

for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    smtp.close(() => {});
    sms.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
