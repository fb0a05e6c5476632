// The shape most benches share: compile, then for each of BENCH_DATABASES a fresh database with one
// target process in it, measured, stopped and dropped; then the report (bench/out and RESULTS.md).
import { buildCms, startChild } from './child.mjs';
import { runBench } from './cleanup.mjs';
import { withDatabase } from './database.mjs';
import { databasesFromEnv } from './env.mjs';
import { announce, machine, report } from './results.mjs';
import { assertCompiled } from './strapi.mjs';

/**
 * Runs a bench over BENCH_DATABASES.
 * - `target(db, env)`: the startChild options of that database's target (env: its database's variables);
 * - `measure(db, target)`: measures the started target (`info`, `ask`) and answers the database's results;
 * - `text(results, run)`: the RESULTS.md section, `run` being `{ startedAt, loadAtStart }`;
 * - `plan`: a line announced before anything starts; `raw`: kept in bench/out with the results.
 */
export function benchPerDatabase({ section, plan, target, measure, text, raw = {} }) {
  return runBench(async () => {
    const startedAt = new Date();
    const atStart = machine();
    if (plan) announce(plan, atStart);
    buildCms();
    assertCompiled();
    const results = [];
    for (const db of databasesFromEnv()) {
      const result = await withDatabase(
        db,
        async (env) => {
          const child = await startChild({ timeoutSeconds: 15 * 60, ...target(db, env) });
          try {
            return await measure(db, child);
          } finally {
            await child.stop();
          }
        },
        { prefix: `haven_bench_${section}` },
      );
      results.push(result);
    }
    report({ section, startedAt, text: text(results, { startedAt, loadAtStart: atStart.loadavg }), raw: { startedAt, ...raw, results } });
  });
}
