/**
 * Runs the BUILT Haven site (Astro, Node standalone) for one test file: `node site/server.mjs`
 * on a free loopback port, pointed at a test CMS. Build it first with `npm run build -w site`
 * (`npm run test:browser` does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import { ROOT, startHaven, type Haven } from './haven';
import { smtpEnv, startMailbox, type Mailbox } from './mailbox';

const BUILT = path.join(ROOT, 'site', 'dist', 'server', 'entry.mjs');
const ENTRY = path.join(ROOT, 'site', 'server.mjs');

export interface Site {
  url: string;
  port: number;
  /** Everything the site printed so far (for failure messages). */
  output(): string;
  close(): Promise<void>;
}

export interface SiteOptions {
  /** The CMS the site talks to (Haven's `url`). */
  cmsUrl: string;
  /** A port picked beforehand with freePort() (the CMS must know the site's URL for its mail links). */
  port?: number;
  env?: Record<string, string>;
  /** How long to wait for the first answer (default 20 s). */
  startTimeoutMs?: number;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startSite(options: SiteOptions): Promise<Site> {
  if (!fs.existsSync(BUILT)) {
    throw new Error('site/dist is missing: build the site first with `npm run build -w site` (npm run test:browser does it for you)');
  }
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  // A clean environment: not the test process's (Strapi's secrets and NODE_ENV=test live there).
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    CMS_URL: options.cmsUrl,
    ASTRO_TELEMETRY_DISABLED: '1',
    ...options.env,
  };
  const child: ChildProcess = spawn(process.execPath, [ENTRY], { cwd: path.join(ROOT, 'site'), env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (log += chunk));
  child.stderr!.on('data', (chunk) => (log += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null) throw new Error(`the site exited with code ${child.exitCode} before answering:\n${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the site did not answer on ${url} in time:\n${log}`);
    }
    try {
      const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
      await res.arrayBuffer();
      ready = res.status < 500;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  return {
    url,
    port,
    output: () => log,
    async close() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Everything a browser test needs: a mailbox, a CMS that mails links to the site, and the site. */
export interface Stack {
  haven: Haven;
  site: Site;
  mailbox: Mailbox;
  close(): Promise<void>;
}

export async function startStack(options: { seedDemo?: boolean; havenEnv?: Record<string, string>; siteEnv?: Record<string, string> } = {}): Promise<Stack> {
  const mailbox = await startMailbox();
  // The CMS puts the site's URL in its mails and redirects, so the site's port is chosen first.
  const port = await freePort();
  let haven: Haven | undefined;
  try {
    haven = await startHaven({
      seedDemo: options.seedDemo ?? true,
      env: {
        PUBLIC_SITE_URL: `http://127.0.0.1:${port}`,
        ...smtpEnv(mailbox),
        // Every log-in reaches the CMS from the site's one address, and the CMS allows 10 a minute per
        // address by default: a test file logs in more often than that.
        AUTH_RATE_LIMIT_MAX: '200',
        ...options.havenEnv,
      },
    });
    // The CMS listens on a port picked at random, so links in its mails must name that port.
    haven.strapi.config.set('server.absoluteUrl', haven.url);
    const site = await startSite({ cmsUrl: haven.url, port, env: options.siteEnv });
    const started = haven;
    return {
      haven: started,
      site,
      mailbox,
      async close() {
        await site.close();
        await started.close();
        await mailbox.close();
      },
    };
  } catch (error) {
    await haven?.close().catch(() => undefined);
    await mailbox.close();
    throw error;
  }
}

/** The first link in a mail whose address contains `fragment` (e.g. "confirmation=" or "/reset-password?code="). */
export function linkIn(mail: ParsedMail, fragment: string): string {
  const body = `${mail.text ?? ''}\n${typeof mail.html === 'string' ? mail.html : ''}`;
  const link = body.match(/https?:\/\/[^\s"'<>]+/g)?.find((url) => url.includes(fragment));
  if (!link) throw new Error(`no link with ${fragment} in the mail "${mail.subject}":\n${mail.text}`);
  return link.replaceAll('&amp;', '&');
}

/** Whether a mail went to `address`. */
export const sentTo = (address: string) => (mail: ParsedMail) => JSON.stringify(mail.to ?? '').toLowerCase().includes(address.toLowerCase());
