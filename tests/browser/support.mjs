// What every browser test file shares: where the binary, the browser and the screenshots
// are, a free loopback port, the CLI run as an operator would, and waiting for `serve`.
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const bin = path.resolve(root, process.env.HOCVUSO_BIN ?? 'build-test/hocvuso');
export const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const out = path.resolve(root, process.env.BROWSER_OUT ?? 'build-test/browser-screenshots');

export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

// `hocvuso <args>` with the test's environment (its config); throws with stderr on failure.
export function runCli(args, env, input) {
  const r = spawnSync(bin, args, { cwd: root, env, input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`hocvuso ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

export async function waitReady(base) {
  for (let i = 0; i < 200; ++i) {
    try { if ((await fetch(`${base}/readyz`)).ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('hocvuso serve did not become ready');
}
