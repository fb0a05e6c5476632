/**
 * Runs in a worker thread of the password-hashing pool (password-hashing.ts): bcryptjs itself, the
 * library Strapi uses, so hashes are the same as ever; only the thread that computes them changes.
 */
interface Bcrypt {
  hash(password: string, salt: number | string): Promise<string>;
  compare(password: string, hash: string): Promise<boolean>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bcrypt = require('bcryptjs') as Bcrypt;

export function hash({ password, salt }: { password: string; salt: number | string }): Promise<string> {
  return bcrypt.hash(password, salt);
}

export function compare({ password, hash: stored }: { password: string; hash: string }): Promise<boolean> {
  return bcrypt.compare(password, stored);
}
