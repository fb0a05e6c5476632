import path from 'node:path';
import { cacheStatements } from '../src/lib/db/statement-cache';

/**
 * SQLite (better-sqlite3) in a data folder by default; PostgreSQL through `pg` when
 * DATABASE_CLIENT=postgres, from DATABASE_URL or the DATABASE_HOST/PORT/NAME/USERNAME/PASSWORD set.
 */
export default ({ env }: { env: any }) => {
  const client = env('DATABASE_CLIENT', 'sqlite') as string;

  if (client === 'postgres') {
    const url = env('DATABASE_URL', '') as string;
    const ssl = env.bool('DATABASE_SSL', false)
      ? { rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true) }
      : false;
    return {
      connection: {
        client: 'postgres',
        connection: url
          ? { connectionString: url, ssl }
          : {
              host: env('DATABASE_HOST', '127.0.0.1'),
              port: env.int('DATABASE_PORT', 5432),
              database: env('DATABASE_NAME', 'haven'),
              user: env('DATABASE_USERNAME', 'postgres'),
              password: env('DATABASE_PASSWORD', ''),
              schema: env('DATABASE_SCHEMA', 'public'),
              ssl,
            },
        pool: { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) },
        acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
      },
    };
  }

  if (client !== 'sqlite') {
    throw new Error(`DATABASE_CLIENT must be "sqlite" or "postgres", not "${client}"`);
  }

  // Relative paths are resolved from the repository root so that `npm start` and tests agree.
  const file = env('DATABASE_FILENAME', path.join('data', 'haven.db')) as string;
  return {
    connection: {
      client: 'sqlite',
      connection: { filename: path.resolve(__dirname, '..', '..', '..', file) },
      useNullAsDefault: true,
      // Write-ahead log: readers no longer block the writer (or another process, such as a maintenance
      // command, on the same file), and a commit costs one fsync of the log instead of several of the
      // rollback journal and the database. Still fully synchronous: a committed write survives a crash.
      pool: {
        afterCreate(conn: { pragma(source: string): unknown; prepare(sql: string): { reader: boolean } }, done: (err: Error | null, conn: unknown) => void) {
          try {
            conn.pragma('journal_mode = WAL');
            // Prepared statements kept by their SQL: knex prepares every query afresh (src/lib/db/statement-cache.ts).
            cacheStatements(conn);
            done(null, conn);
          } catch (err) {
            done(err as Error, conn);
          }
        },
      },
    },
  };
};
