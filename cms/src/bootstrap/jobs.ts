import type { Core } from '@strapi/strapi';
import { startJobs, stopJobs, type JobsSettings } from '@haven/shared/server/jobs';

/**
 * The job engine of this process (@haven/shared/server/jobs), started in the CMS's register step so
 * it is there before any plugin's bootstrap starts a worker, and stopped after the plugins stopped
 * theirs. On PostgreSQL pg-boss decides which process runs each background pass (JOBS_ENGINE=pg-boss,
 * the default there); JOBS_ENGINE=in-process keeps every process on its own timer, as on SQLite.
 */
interface PostgresConnection {
  connectionString?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  ssl?: false | { rejectUnauthorized: boolean };
}

const ENGINES = ['pg-boss', 'in-process'] as const;
const POOL_MAX_LIMIT = 50;

export function jobsSettings(strapi: Core.Strapi, env: NodeJS.ProcessEnv = process.env): JobsSettings {
  const client = strapi.config.get<string>('database.connection.client');
  const asked = env.JOBS_ENGINE || (client === 'postgres' ? 'pg-boss' : 'in-process');
  if (!ENGINES.includes(asked as (typeof ENGINES)[number])) {
    throw new Error(`JOBS_ENGINE must be "pg-boss" or "in-process", not "${asked}"`);
  }
  if (asked === 'in-process') return { engine: 'in-process' };
  if (client !== 'postgres') {
    throw new Error('JOBS_ENGINE=pg-boss needs PostgreSQL (DATABASE_CLIENT=postgres): on SQLite every process runs its own passes');
  }
  const poolMax = Number(env.JOBS_POOL_MAX || 4);
  if (!Number.isInteger(poolMax) || poolMax < 2 || poolMax > POOL_MAX_LIMIT) {
    throw new Error(`JOBS_POOL_MAX must be a whole number from 2 to ${POOL_MAX_LIMIT}, not "${env.JOBS_POOL_MAX}"`);
  }
  const db = strapi.config.get<PostgresConnection>('database.connection.connection');
  const connection = db.connectionString
    ? { connectionString: db.connectionString }
    : { host: db.host ?? '127.0.0.1', port: db.port ?? 5432, database: db.database ?? 'haven', user: db.user ?? 'postgres', password: db.password ?? '' };
  return {
    engine: 'pg-boss',
    connection,
    ssl: db.ssl ?? false,
    schema: 'pgboss',
    poolMax,
    logError: (message) => strapi.log.error(message),
    logWarn: (message) => strapi.log.warn(message),
  };
}

export async function startJobEngine(strapi: Core.Strapi): Promise<void> {
  const started = Date.now();
  const engine = await startJobs(jobsSettings(strapi));
  if (engine.name === 'pg-boss') strapi.log.info(`[jobs] pg-boss started in ${Date.now() - started} ms`);
}

export const stopJobEngine = (): Promise<void> => stopJobs();
