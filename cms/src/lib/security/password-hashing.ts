import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { errors } from '@strapi/utils';
import { passwordProblem } from '@haven/shared/text';

/**
 * Password hashing off the event loop. bcryptjs is pure JavaScript: each hash or check is about
 * 0.1 s of CPU on the one thread that also answers every other request, so a burst of log-ins
 * stalls everyone. Strapi (users-permissions, the admin and the document service) calls
 * `require('bcryptjs').hash/compare`; `installPasswordHashing` points those two functions at a
 * small pool of worker threads (piscina) running the same bcryptjs, and refuses passwords that are
 * not well-formed or too long before any work is queued. The queue is bounded: past it, a clear
 * 503 rather than minutes of waiting.
 */
interface Bcrypt {
  hash: (password: string, salt: number | string, ...rest: unknown[]) => Promise<string> | void;
  compare: (password: string, hash: string, ...rest: unknown[]) => Promise<boolean> | void;
}

let pool: Piscina | null = null;
let original: Pick<Bcrypt, 'hash' | 'compare'> | null = null;

const MAX_QUEUE = 256;

export function installPasswordHashing() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bcrypt = require('bcryptjs') as Bcrypt;
  if (original) return;
  original = { hash: bcrypt.hash, compare: bcrypt.compare };
  const threads = Math.max(1, Math.min(4, Number(process.env.PASSWORD_HASH_THREADS) || os.availableParallelism()));
  const workers = (pool = new Piscina({
    filename: path.join(__dirname, 'password-worker.js'),
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 30_000,
    maxQueue: MAX_QUEUE,
    // Lower priority than the main thread (through @napi-rs/nice): answering requests comes first.
    niceIncrement: 10,
  }));
  const run = <T>(name: 'hash' | 'compare', args: object): Promise<T> =>
    workers.run(args, { name }).catch((error: Error) => {
      if (/queue is full/i.test(error.message)) throw new errors.ApplicationError('The server is busy. Please try again in a moment.');
      throw error;
    });

  bcrypt.hash = (password, salt, ...rest) => {
    // Callback style (nobody in Strapi uses it): leave it to bcryptjs itself.
    if (rest.length || typeof password !== 'string') return original!.hash(password, salt, ...rest);
    const problem = passwordProblem(password);
    if (problem) return Promise.reject(new errors.ValidationError(`password ${problem}`));
    return run<string>('hash', { password, salt });
  };
  bcrypt.compare = (password, stored, ...rest) => {
    if (rest.length || typeof password !== 'string' || typeof stored !== 'string') return original!.compare(password, stored, ...rest);
    // A password that could never have been stored never matches.
    if (passwordProblem(password)) return Promise.resolve(false);
    return run<boolean>('compare', { password, hash: stored });
  };
}

export async function uninstallPasswordHashing() {
  if (original) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    Object.assign(require('bcryptjs') as Bcrypt, original);
    original = null;
  }
  const closing = pool;
  pool = null;
  await closing?.destroy();
}
