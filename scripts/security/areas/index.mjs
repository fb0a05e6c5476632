/**
 * The audit's areas added after issue 7, one module each in this folder. A module exports
 * `item` (the key its checks are filed under), `title` (the summary table's name for it) and
 * `run(ctx)`, which fires its cases through `ctx.check(item, name, fn)` against the audit's running
 * CMS and site (see `scripts/audit-security.mjs` for what `ctx` carries). Loaded in file-name order.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function loadAreas() {
  const files = fs.readdirSync(here).filter((name) => name.endsWith('.mjs') && name !== 'index.mjs').sort();
  return Promise.all(files.map((name) => import(pathToFileURL(path.join(here, name)).href)));
}
