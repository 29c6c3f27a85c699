// Starts `exrbac serve` on a free loopback port over a throwaway SQLite
// store seeded with fixture.ps1, with a token per principal; stops it.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const here = dirname(fileURLToPath(import.meta.url));

/** The exrbac binary: EXRBAC_BIN, else the workspace's debug build. */
export function binary() {
  if (process.env.EXRBAC_BIN) return process.env.EXRBAC_BIN;
  const root = join(here, '..', '..', '..');
  return join(process.env.CARGO_TARGET_DIR || join(root, 'target'), 'debug', 'exrbac');
}

export async function startServer(principals) {
  const bin = binary();
  const dir = mkdtempSync(join(tmpdir(), 'exrbac-console-'));
  const db = join(dir, 'console.db');
  const run = (args, input) => execFileSync(bin, ['--db', db, ...args], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  run(['init', '--domain', 'contoso.com']);
  run(['run', join(here, 'fixture.ps1')]);
  const tokens = {};
  for (const p of principals) {
    tokens[p] = run(['token', 'create', '--as', p]).trim().split('\n').pop();
  }
  const child = spawn(bin, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--rate-limit', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  // The server never outlives this process, however it ends.
  const reap = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', reap);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(sig, () => process.exit(1));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`exrbac serve didn't start in 30 s:\n${log}`)), 30000);
    child.on('exit', (code) => reject(new Error(`exrbac serve exited (${code}):\n${log}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const m = /^exrbac: listening on (\S+)/.exec(line);
      if (m) resolve(m[1]);
      else reject(new Error(`unexpected first line from serve: ${line}`));
    });
  });
  return {
    url,
    tokens,
    db,
    /** Runs a script through the shell (`exrbac run`) as a principal: what
     * it printed, errors included (a failed command doesn't throw). */
    shell(script, as = 'Administrator') {
      const r = spawnSync(bin, ['--db', db, 'run', '--as', as, '-'], { input: script, encoding: 'utf8' });
      if (r.error) throw r.error;
      return `${r.stdout}${r.stderr}`;
    },
    async stop() {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      rmSync(dir, { recursive: true, force: true });
      process.removeListener('exit', reap);
    },
  };
}
