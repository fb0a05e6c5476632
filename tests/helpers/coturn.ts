/**
 * A real TURN server for tests: Debian's coturn (`turnserver`), started as a child process on free
 * ports of 127.0.0.1 with the REST-API shared secret (use-auth-secret), as a clinic would run it, with a
 * log, pid file and user database in a temporary directory; no system service is used or needed.
 * Stopped (and its directory removed) by `stop()`.
 *
 *   const turn = await startCoturn();  // turn.urls → TURN_URLS, turn.secret → TURN_SECRET
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../bench/lib/http.mjs';

export const TURNSERVER_PATH = process.env.TURNSERVER_PATH || '/usr/bin/turnserver';

export interface Coturn {
  port: number;
  secret: string;
  realm: string;
  /** turn: URLs for TURN_URLS (UDP and TCP on the same port). */
  urls: string[];
  /** What coturn wrote to its log so far (allocations, refusals). */
  log(): string;
  stop(): Promise<void>;
}

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

export async function startCoturn(): Promise<Coturn> {
  if (!fs.existsSync(TURNSERVER_PATH)) {
    throw new Error(`coturn is missing at ${TURNSERVER_PATH}: install it (apt-get install coturn) or set TURNSERVER_PATH`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-coturn-'));
  const port = await freePort();
  const secret = crypto.randomBytes(24).toString('hex');
  const realm = 'haven.test';
  // Relayed addresses from a range of its own, so that two test runs on one machine do not collide.
  const minPort = 40_000 + crypto.randomInt(0, 100) * 200;
  const logFile = path.join(dir, 'turn.log');
  const args = [
    '-n', // no configuration file: everything is on this command line
    '--listening-ip=127.0.0.1',
    `--listening-port=${port}`,
    '--relay-ip=127.0.0.1',
    `--min-port=${minPort}`,
    `--max-port=${minPort + 199}`,
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    `--realm=${realm}`,
    '--no-tls',
    '--no-dtls',
    '--allow-loopback-peers', // both browsers and the relays are on 127.0.0.1 in a test
    '--no-cli',
    '--no-software-attribute',
    `--userdb=${path.join(dir, 'turndb')}`,
    `--pidfile=${path.join(dir, 'turnserver.pid')}`,
    `--log-file=${logFile}`,
    '--simple-log',
    '--verbose',
  ];
  const child: ChildProcess = spawn(TURNSERVER_PATH, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = () => {
    try {
      return fs.readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };

  const deadline = Date.now() + 15_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`turnserver did not start on 127.0.0.1:${port} (exit ${child.exitCode}): ${stderr}\n${log().slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    port,
    secret,
    realm,
    urls: [`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`],
    log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
