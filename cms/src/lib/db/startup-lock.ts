/**
 * One start at a time on a PostgreSQL database (issue 21): several CMS processes (CMS_PROCESSES, or
 * several machines) that start together would otherwise run Strapi's schema sync side by side (one
 * dies on `create table … duplicate key value violates unique constraint "pg_type_typname_nsp_index"`)
 * and Haven's seeding side by side (each sees "not seeded yet" and adds the same demo accounts twice).
 * Every start takes a session-level advisory lock from Haven's `register` (before Strapi's schema sync)
 * and gives it back at the end of Haven's `bootstrap` (after every plugin's bootstrap and the seeding),
 * so the processes start one after another; the later ones find the schema and the rows in place.
 *
 * The lock lives on a connection of its own, not one of the pool's: a session lock belongs to the
 * connection that took it, and the pool would hand that connection to other queries. If the process
 * dies while starting, PostgreSQL drops the connection and with it the lock. SQLite needs none: one
 * process per file (scripts/processes.mjs refuses more).
 */
import type { Core } from '@strapi/strapi';
import { Client, type ClientConfig } from 'pg';

/** The advisory lock's key: pg_advisory_lock(HAVEN, START). 0x48617665 is "Have"; any fixed pair works, it only has to be Haven's own. */
export const STARTUP_LOCK = { namespace: 0x48617665, key: 1 } as const;

/** What the knex configuration (cms/config/database.ts) gives PostgreSQL: a URL or the separate settings. */
interface PgConnectionSettings {
  connectionString?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  ssl?: ClientConfig['ssl'];
}

export interface StartupLock {
  /** Gives the lock back and closes its connection; later calls do nothing. */
  release(): Promise<void>;
}

const NO_LOCK: StartupLock = { release: async () => {} };

/** The pg client settings of this Strapi's database, or null when it is not PostgreSQL. */
export function pgSettings(strapi: Core.Strapi): ClientConfig | null {
  const config = strapi.config.get<{ client?: string; connection?: PgConnectionSettings }>('database.connection');
  if (config?.client !== 'postgres' || !config.connection) return null;
  const { connectionString, host, port, database, user, password, ssl } = config.connection;
  return { connectionString, host, port, database, user, password, ssl };
}

/**
 * Waits until no other Haven process is starting on this database, then holds the lock until
 * `release()`. Says in the log when it has to wait, and for whom.
 */
export async function takeStartupLock(strapi: Core.Strapi, settings = pgSettings(strapi)): Promise<StartupLock> {
  if (!settings) return NO_LOCK;
  // The name shows in pg_stat_activity: a waiting process can say which start it waits for.
  const client = new Client({ ...settings, application_name: `haven-start pid ${process.pid}` });
  // Without a listener, a dropped connection would be an uncaught error that stops the process.
  client.on('error', (error) => strapi.log.warn(`[startup-lock] the lock's connection failed: ${error.message}`));
  await client.connect();
  const { namespace, key } = STARTUP_LOCK;
  try {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1, $2) as locked', [namespace, key]);
    if (!rows[0].locked) {
      strapi.log.info(`[startup-lock] waiting for ${await holder(client)} to finish starting on this database`);
      await client.query('select pg_advisory_lock($1, $2)', [namespace, key]);
      strapi.log.info('[startup-lock] the other start finished; starting');
    }
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      try {
        await client.query('select pg_advisory_unlock($1, $2)', [namespace, key]);
      } finally {
        // Closing the connection would drop the lock anyway; the unlock only makes it prompt and explicit.
        await client.end().catch(() => {});
      }
    },
  };
}

/** Who holds the lock now, as pg_stat_activity knows it ("haven-start pid 123 (10.0.0.5)"), for the log. */
async function holder(client: Client): Promise<string> {
  const { namespace, key } = STARTUP_LOCK;
  const { rows } = await client.query<{ name: string; address: string | null }>(
    `select a.application_name as name, host(a.client_addr) as address
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.classid::bigint = $1 and l.objid::bigint = $2 and l.objsubid = 2
      limit 1`,
    [namespace, key],
  );
  const row = rows[0];
  if (!row) return 'another Haven process';
  return `${row.name || 'another Haven process'}${row.address ? ` (${row.address})` : ''}`;
}
