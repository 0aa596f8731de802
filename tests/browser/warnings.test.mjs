// The dashboard's Cảnh báo page in a real browser (Debian's chromium, driven by
// puppeteer-core), against `hocvuso serve` wired to the platform fakes (hocvuso-fakes:
// the fake Telegram Bot API speaking the real wire format). Team groups and citizens
// reach the bot through its real webhook; a warning composed in the page goes out
// through the outbox to the fake, and the page's progress reaches 100% without a reload.
// Screenshots at 1280 and 360 px go to $BROWSER_OUT.
//   node --test tests/browser/warnings.test.mjs      (from the repository root)
// Environment: HOCVUSO_BIN (default build-test/hocvuso), HOCVUSO_FAKES (default: hocvuso-fakes
// beside HOCVUSO_BIN), CHROMIUM (default /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import puppeteer from 'puppeteer-core';
import { root, bin, chromium, out, freePort, runCli } from './support.mjs';

const fakesBin = path.resolve(root, process.env.HOCVUSO_FAKES ?? path.join(path.dirname(bin), 'hocvuso-fakes'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hocvuso-warnings-'));
const secret = 'browser-secret-123';
const THUAN_CHAU = '03721';
const MUONG_LA_SUBSCRIBERS = 24;  // through the webhook
// More citizens of Mường La than the broadcast window (5000 rows in the outbox at once), so that
// a province-wide warning stays "running" long enough to pause: written with sqlite3 before
// serve starts, as a deployment that has run for a while holds them.
const MUONG_LA_CROWD = 6000;

let port, base, env, server, fakes, browser, token;
const fakeCalls = [];  // "telegram sendMessage <text>" lines the fakes print
let updateId = 1;

const cli = (args, input) => runCli(args, env, input);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, check, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

// Starts the fakes and reads the environment they print for hocvuso serve.
async function startFakes() {
  fakes = spawn(fakesBin, [], { stdio: ['ignore', 'pipe', 'inherit'] });
  const vars = {};
  const lines = readline.createInterface({ input: fakes.stdout });
  let ready;
  const up = new Promise((r) => { ready = r; });
  lines.on('line', (line) => {
    if (line.startsWith('export ')) {
      for (const m of line.matchAll(/(HOCVUSO_[A-Z_]+)='([^']*)'/g)) vars[m[1]] = m[2];
    } else if (line.startsWith('# calls received')) {
      ready();
    } else if (line.startsWith('telegram ')) {
      fakeCalls.push(line);
    }
  });
  await up;
  return vars;
}

// A Telegram update through the bot's real webhook, as Telegram would deliver it.
async function deliver(chat, from, text) {
  const update = { update_id: updateId++, message: { message_id: updateId, date: Math.floor(Date.now() / 1000),
    chat, from: { id: from, is_bot: false, first_name: 'Người dùng' }, text } };
  const r = await fetch(`${base}/webhook/telegram`, { method: 'POST', body: JSON.stringify(update),
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret } });
  assert.equal(r.status, 200);
}

const sentTo = (needle) => fakeCalls.filter((l) => l.startsWith('telegram sendMessage') && l.includes(needle)).length;

async function shoot(page, name) {
  for (const width of [1280, 360]) {
    await page.setViewport({ width, height: 900 });
    await page.screenshot({ path: path.join(out, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewport({ width: 1280, height: 900 });
}

// Every page: under 100 KB, CSP, no inline script or style (our one script is a file).
async function checkPage(page, response) {
  const body = await response.text();
  assert.ok(Buffer.byteLength(body) < 100 * 1024);
  assert.match(response.headers()['content-security-policy'] ?? '', /default-src 'self'/);
  const inline = await page.evaluate(() => document.querySelectorAll('script:not([src]), style, [style]').length);
  assert.equal(inline, 0, 'no inline <script>, <style> or style attribute');
}

async function signIn(user, channel = 'console') {
  const link = cli(['dashboard', 'link', '--channel', channel, '--user', user]).trim();
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const violations = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) violations.push(m.text()); });
  await page.goto(link);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return { context, page, violations };
}

const csrfOf = (page) => page.$eval('nav input[name=csrf]', (i) => i.value);

// A form POST from inside the page (same origin, with its cookie), answering the status.
const postForm = (page, url, fields) => page.evaluate(async (u, f) => (await fetch(u, {
  method: 'POST', body: new URLSearchParams(f).toString(), redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status, url, fields);

async function rowOf(page, id) {
  return page.$eval(`tr[data-warning="${id}"]`, (tr) => ({
    status: tr.querySelector('.status').textContent, pct: tr.querySelector('.pct').textContent,
    counts: tr.querySelector('.counts').textContent }));
}

before(async () => {
  fs.mkdirSync(out, { recursive: true });
  const fakeEnv = await startFakes();
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  env = {
    ...process.env,
    HOCVUSO_DB: path.join(work, 'warnings.db'),
    HOCVUSO_LISTEN: `127.0.0.1:${port}`,
    HOCVUSO_PUBLIC_URL: base,
    HOCVUSO_LOG_LEVEL: 'warn',
    HOCVUSO_TELEGRAM_TOKEN: fakeEnv.HOCVUSO_TELEGRAM_TOKEN,
    HOCVUSO_TELEGRAM_API_BASE: fakeEnv.HOCVUSO_TELEGRAM_API_BASE,
    HOCVUSO_TELEGRAM_WEBHOOK_SECRET: secret,
    // Slow enough that a province-wide warning is still going out when it is paused.
    HOCVUSO_TELEGRAM_MAX_PER_SECOND: '4',
    HOCVUSO_BROADCAST_REQUIRE_APPROVAL: '1',
  };
  assert.ok(env.HOCVUSO_TELEGRAM_TOKEN && env.HOCVUSO_TELEGRAM_API_BASE, 'the fakes printed their environment');
  cli(['users', 'grant', '--channel', 'console', '--user', 'officer-sl', '--role', 'officer', '--province', 'son-la']);
  cli(['users', 'grant', '--channel', 'console', '--user', 'officer-sl-2', '--role', 'officer', '--province', 'son-la']);
  token = cli(['tokens', 'create', '--role', 'officer', '--province', 'son-la']).trim().split('\n').at(-1).trim();
  cli(['users', 'grant', '--channel', 'console', '--user', 'officer-tc', '--role', 'officer', '--province', 'son-la',
       '--commune', 'Thuận Châu']);
  const crowd = spawnSync('sqlite3', [env.HOCVUSO_DB, `
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${MUONG_LA_CROWD})
    INSERT INTO chats (channel, chat_id, chat_type, first_seen, last_seen)
      SELECT 'telegram', CAST(900000 + i AS TEXT), 'private', 0, 0 FROM n;
    INSERT INTO broadcast_subscriptions (channel, chat_id, subscribed, commune, province, updated_at)
      SELECT channel, chat_id, 1, '03808', 'son-la', 0 FROM chats WHERE chat_id GLOB '9?????';`], { encoding: 'utf8' });
  assert.equal(crowd.status, 0, crowd.stderr);
  server = spawn(bin, ['serve'], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  await until('hocvuso serve to be ready', async () => {
    try { return (await fetch(`${base}/readyz`)).ok; } catch { return false; }
  });
  // Two team groups of Thuận Châu and one of Mường La, linked by their titles; one citizen
  // of Thuận Châu and many of Mường La subscribe in private.
  await deliver({ id: -1001001, type: 'supergroup', title: 'Tổ CNSCĐ-Xã Thuận Châu' }, 7001, 'Chào cả tổ');
  await deliver({ id: -1001002, type: 'supergroup', title: 'Tổ CNSCĐ - Xã Thuận Châu' }, 7002, 'Chào cả tổ');
  await deliver({ id: -1001003, type: 'supergroup', title: 'Tổ CNSCĐ-Xã Mường La' }, 7003, 'Chào cả tổ');
  await deliver({ id: 5001, type: 'private', first_name: 'Cầm' }, 5001, '/canhbao bat Thuận Châu, Sơn La');
  for (let i = 0; i < MUONG_LA_SUBSCRIBERS; ++i) {
    await deliver({ id: 6000 + i, type: 'private', first_name: 'Lò' }, 6000 + i, '/canhbao bat Mường La, Sơn La');
  }
  browser = await puppeteer.launch({ executablePath: chromium, args: ['--no-sandbox', '--headless=new'] });
});

after(async () => {
  await browser?.close();
  for (const child of [server, fakes]) {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
});

test('the Cảnh báo page in a real browser', async (t) => {
  const officer = await signIn('officer-sl');
  const page = officer.page;
  let first;

  await t.test('the page and its nav link', async () => {
    await page.goto(`${base}/dashboard/`);
    await Promise.all([page.waitForNavigation(), page.click('nav a[href="/dashboard/canhbao"]')]);
    assert.equal(new URL(page.url()).pathname, '/dashboard/canhbao');
    const r = await page.reload();
    assert.equal(r.status(), 200);
    await checkPage(page, r);
    const templates = await page.$$eval('#mau option', (o) => o.map((x) => x.value));
    assert.ok(templates.length > 3 && templates[0] === '', 'own text first, then the content templates');
    assert.ok(await page.$('#catinh-son-la'), 'a province officer may warn the whole province');
    await shoot(page, 'canhbao');
  });

  await t.test('search a commune, refuse a link in the text, preview the recipients by kind', async () => {
    await page.type('#q', 'thuan chau');
    await Promise.all([page.waitForNavigation(), page.click('#search')]);
    const found = await page.$$eval('#found input', (i) => i.map((x) => x.value));
    assert.deepEqual(found, [THUAN_CHAU]);
    // Misspelt, as officers type in a hurry: the places resolver offers it all the same.
    await page.$eval('#q', (e) => { e.value = ''; });
    await page.type('#q', 'Thuan Chua');
    await Promise.all([page.waitForNavigation(), page.click('#search')]);
    assert.deepEqual(await page.$$eval('#found input', (i) => i.map((x) => x.value)), [THUAN_CHAU]);
    await page.click(`#xa-${THUAN_CHAU}`);
    await page.type('#noidung', 'Có kẻ giả danh công an gọi điện đòi mã OTP. Vào bit.ly/abc để xem.');
    await page.select('#mucdo', 'urgent');
    const refused = await Promise.all([page.waitForNavigation(), page.click('#preview')]);
    assert.equal(refused[0].status(), 400);
    assert.match(await page.$eval('#compose-error', (e) => e.textContent), /ô Đường dẫn/);
    // What was typed and chosen is still there.
    assert.deepEqual(await page.$$eval('#chosen input:checked', (i) => i.map((x) => x.value)), [THUAN_CHAU]);
    await page.$eval('#noidung', (e) => { e.value = ''; });
    await page.type('#noidung', 'Có kẻ giả danh công an gọi điện đòi mã OTP. Không đọc mã cho ai.');
    await page.type('#lienket', 'https://dichvucong.gov.vn/p/home');
    // Groups link and citizens subscribe through the inbox: wait until all are counted.
    await until('the recipients to be counted', async () => {
      await Promise.all([page.waitForNavigation(), page.click('#preview')]);
      if (await page.$('#total') && (await page.$eval('#total', (e) => e.textContent)) === '3') return true;
      await page.goBack();
      return false;
    });
    assert.equal(await page.$eval('#groups', (e) => e.textContent), '2');
    assert.equal(await page.$eval('#private', (e) => e.textContent), '1');
    assert.match(await page.$eval('#target', (e) => e.textContent), /Thuận Châu/);
    assert.match(await page.$eval('#rendered', (e) => e.textContent), /dichvucong\.gov\.vn/);
    await shoot(page, 'canhbao-xemtruoc');
  });

  await t.test('send: the progress reaches 100% at the fakes without reloading the page', async () => {
    await Promise.all([page.waitForNavigation(), page.click('#send')]);
    const url = new URL(page.url());
    assert.equal(url.pathname, '/dashboard/canhbao');
    first = url.searchParams.get('so');
    assert.ok(first, 'the new warning is named');
    assert.match(await page.$eval('#notice', (e) => e.textContent), new RegExp(`số ${first}`));
    await page.evaluate(() => { window.notReloaded = true; });
    await page.waitForFunction((id) => document.querySelector(`tr[data-warning="${id}"] .pct`)?.textContent === '100%',
                               { timeout: 30000 }, first);
    assert.equal(await page.evaluate(() => window.notReloaded), true, 'updated in place, not reloaded');
    const row = await rowOf(page, first);
    assert.equal(row.status, 'đã gửi xong');
    assert.equal(row.counts, '3/3');
    assert.equal(await page.$$eval(`tr[data-warning="${first}"] td.actions button`, (b) => b.length), 0,
                 'a finished warning offers no pause or cancel');
    // The fakes log each call on their stdout, which this process reads a moment after the
    // outbox has marked the message sent: wait for the lines rather than race them.
    await until('the fake Telegram to log three sends', () => sentTo('Không đọc mã cho ai') >= 3);
    assert.equal(sentTo('Không đọc mã cho ai'), 3, 'the fake Telegram received the warning three times');
    assert.equal(officer.violations.length, 0, officer.violations.join('\n'));
    await shoot(page, 'canhbao-xong');
  });

  await t.test('download the CSV: the same file as hocvuso broadcasts export', async () => {
    const href = await page.$eval(`tr[data-warning="${first}"] a[download]`, (a) => a.getAttribute('href'));
    const text = await page.evaluate(async (h) => (await fetch(h)).text(), href);
    const lines = text.trim().split('\n');
    assert.equal(lines[0], 'channel,chat_id,status,attempts,sent_at_ms,last_error');
    assert.equal(lines.length, 4);
    assert.ok(lines.slice(1).every((l) => l.startsWith('telegram,') && l.includes(',sent,')));
    assert.equal(text, cli(['broadcasts', 'export', first]));
  });

  let second;
  await t.test('a province-wide warning waits for a second officer, then pause, resume, cancel', async () => {
    await page.goto(`${base}/dashboard/canhbao`);
    await page.select('#mau', (await page.$$eval('#mau option', (o) => o.map((x) => x.value)))[1]);
    await page.click('#catinh-son-la');
    await Promise.all([page.waitForNavigation(), page.click('#preview')]);
    assert.equal(await page.$eval('#total', (e) => e.textContent), String(3 + 1 + MUONG_LA_SUBSCRIBERS + MUONG_LA_CROWD));
    assert.match(await page.$eval('#send', (e) => e.textContent), /chờ duyệt/);
    await Promise.all([page.waitForNavigation(), page.click('#send')]);
    second = new URL(page.url()).searchParams.get('so');
    assert.equal((await rowOf(page, second)).status, 'chờ duyệt');
    assert.equal(await page.$(`tr[data-warning="${second}"] button[value=approve]`), null, 'the author cannot approve');

    const other = await signIn('officer-sl-2');
    await other.page.goto(`${base}/dashboard/canhbao`);
    await Promise.all([other.page.waitForNavigation(),
                       other.page.click(`tr[data-warning="${second}"] button[value=approve]`)]);
    assert.match(await other.page.$eval('#notice', (e) => e.textContent), /Đã duyệt/);
    await Promise.all([other.page.waitForNavigation(),
                       other.page.click(`tr[data-warning="${second}"] button[value=pause]`)]);
    assert.equal((await rowOf(other.page, second)).status, 'tạm dừng');
    await shoot(other.page, 'canhbao-tamdung');
    // Paused: no more recipients are queued (the API's progress says how many are).
    const queued = async () => (await (await fetch(`${base}/api/v1/broadcasts/${second}`, {
      headers: { Authorization: `Bearer ${token}` } })).json()).queued;
    const before = await queued();
    await sleep(1500);
    assert.equal(await queued(), before);
    await Promise.all([other.page.waitForNavigation(),
                       other.page.click(`tr[data-warning="${second}"] button[value=resume]`)]);
    assert.equal((await rowOf(other.page, second)).status, 'đang gửi');
    await Promise.all([other.page.waitForNavigation(),
                       other.page.click(`tr[data-warning="${second}"] button[value=cancel]`)]);
    assert.match(await other.page.$eval('#notice', (e) => e.textContent), /Đã hủy/);
    await other.page.waitForFunction((id) => document.querySelector(`tr[data-warning="${id}"] .status`)?.textContent === 'đã hủy',
                                     { timeout: 30000 }, second);
    const sent = Number((await rowOf(other.page, second)).counts.split('/')[0]);
    assert.ok(sent < MUONG_LA_CROWD, `cancelled before everyone got it (${sent} sent)`);
    await shoot(other.page, 'canhbao-huy');
    await other.context.close();
  });

  await t.test('scope and CSRF are checked on the server', async () => {
    const commune = await signIn('officer-tc');
    const p = commune.page;
    const r = await p.goto(`${base}/dashboard/canhbao`);
    await checkPage(p, r);
    // A commune officer is offered their commune only, and sees the province-wide warning
    // only as far as their scope goes: not at all.
    assert.deepEqual(await p.$$eval('#found input', (i) => i.map((x) => x.value)), [THUAN_CHAU]);
    assert.equal(await p.$('#catinh-son-la'), null);
    assert.ok(await p.$(`tr[data-warning="${first}"]`));
    assert.equal(await p.$(`tr[data-warning="${second}"]`), null);
    await shoot(p, 'canhbao-xa');
    const csrf = await csrfOf(p);
    const draft = { csrf, mau: '', noidung: 'Cẩn thận lừa đảo qua điện thoại.', mucdo: 'warning', lienket: '' };
    assert.equal(await postForm(p, '/dashboard/canhbao/xemtruoc', { ...draft, xa: '03808' }), 403, 'another commune');
    assert.equal(await postForm(p, '/dashboard/canhbao/gui', { ...draft, catinh: 'son-la' }), 403, 'the province');
    assert.equal(await postForm(p, '/dashboard/canhbao/thaotac', { csrf, id: second, lam: 'resume' }), 403);
    assert.equal(await p.evaluate(async (id) => (await fetch(`/dashboard/canhbao.csv?id=${id}`)).status, second), 403);
    assert.equal(await postForm(p, '/dashboard/canhbao/gui', { ...draft, csrf: '', xa: THUAN_CHAU }), 403, 'no CSRF');
    assert.equal(await postForm(p, '/dashboard/canhbao/thaotac', { id: first, lam: 'cancel' }), 403, 'no CSRF');
    // The JSON the page polls: with the session and its CSRF token only.
    const api = await p.evaluate(async (token) => {
      const ok = await fetch('/api/v1/warnings', { headers: { 'X-CSRF-Token': token } });
      const bare = await fetch('/api/v1/warnings');
      return [ok.status, (await ok.json()).warnings.map((w) => String(w.id)), bare.status];
    }, csrf);
    assert.deepEqual(api, [200, [first], 403]);
    await commune.context.close();
  });

  await officer.context.close();
});
