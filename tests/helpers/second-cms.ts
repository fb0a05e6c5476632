/**
 * Another Haven CMS process (tests/helpers/cms-process.mjs) on the database of the test's own Strapi,
 * for tests about several processes: reminders sent once, the chat joined through Redis, bans that
 * reach every process. It inherits the test's environment (startHaven wrote the secrets, the database
 * and the Redis settings into process.env), plus `env`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort, ROOT } from './haven';

export interface SecondCms {
  child: ChildProcess;
  /** http://127.0.0.1:<port> when started with `listen`, else null (background workers only). */
  url: string | null;
  /** What the process printed so far (its errors, for a failing test's message). */
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

export interface SecondCmsOptions {
  /** Serve HTTP and the chat's socket.io on a free port of its own (default false). */
  listen?: boolean;
  env?: Record<string, string>;
  /** How long it may take to start (default 90 s: the machine may be busy). */
  startTimeoutMs?: number;
}

export async function startSecondCms(options: SecondCmsOptions = {}): Promise<SecondCms> {
  const port = options.listen ? await freePort() : null;
  const child = spawn(process.execPath, [path.join(ROOT, 'tests', 'helpers', 'cms-process.mjs')], {
    env: { ...process.env, ...(port ? { HAVEN_LISTEN_PORT: String(port) } : {}), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (chunk) => (log += chunk));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the second CMS did not start:\n${log}`));
    }, options.startTimeoutMs ?? 90_000);
    child.stdout!.on('data', (chunk) => {
      log += chunk;
      if (log.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the second CMS exited with ${code}:\n${log}`));
    });
  });
  return { child, url: port ? `http://127.0.0.1:${port}` : null, output: () => log, stop };
}
