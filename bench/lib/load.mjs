// Load generation with autocannon, and the latency figures every bench reports.
import autocannon from 'autocannon';
import { fmtInt, fmtMs, isTTY, log } from './env.mjs';

const SETTLE_MS = 1000;

/** Nearest-rank percentile of an ascending array (NaN when empty). */
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * One autocannon run with a progress line; records every 2xx latency itself (autocannon's result
 * has p90 and p97.5, no p95). Resolves with autocannon's result and the sorted latencies.
 */
export function load({ url, headers = {}, duration, connections, title }) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    let responses = 0;
    const started = Date.now();
    let lastPrinted = -1;
    const every = isTTY ? 1 : Math.max(1, Math.ceil(duration / 4));
    const progress = setInterval(() => {
      const elapsed = Math.floor((Date.now() - started) / 1000);
      const left = Math.max(0, Math.ceil(duration - elapsed));
      const rate = responses / Math.max(0.001, (Date.now() - started) / 1000);
      const line = `      ${title}: ${String(left).padStart(3)} s left · ${fmtInt(responses)} responses · ~${fmtInt(rate)} req/s`;
      if (isTTY) process.stdout.write(`\r${line}\x1b[K`);
      else if (elapsed % every === 0 && elapsed !== lastPrinted && left > 0) log(line);
      lastPrinted = elapsed;
    }, 1000);
    const instance = autocannon({ url, headers, connections, duration, timeout: 10 }, (error, result) => {
      clearInterval(progress);
      if (isTTY) process.stdout.write('\r\x1b[K');
      if (error) reject(error);
      else resolve({ result, latencies: Float64Array.from(latencies).sort() });
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      responses++;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

/**
 * Warm-up (discarded), then the measured run, then a pause so that requests still in flight finish
 * before anything else starts. Answers the figures of a results row; `ok` is false on any non-2xx,
 * error or timeout.
 */
export async function measureLoad({ url, headers, connections, warmup, duration }) {
  if (warmup) await load({ url, headers, duration: warmup, connections, title: 'warm-up' });
  const { result, latencies } = await load({ url, headers, duration, connections, title: 'measuring' });
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const row = {
    reqPerSec: result.requests.average,
    reqPerSecStddev: result.requests.stddev,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.length ? latencies[latencies.length - 1] : NaN,
    responses2xx: latencies.length,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    statusCodes: result.statusCodeStats,
    bytesPerResponse: result['2xx'] ? result.throughput.total / result['2xx'] : 0,
    duration: result.duration,
  };
  row.ok = row.non2xx === 0 && row.errors === 0 && row.timeouts === 0 && row.responses2xx > 0;
  return row;
}

export const SETTLE_SECONDS = SETTLE_MS / 1000;

/** The line a bench prints after each measurement (and the status codes when it failed). */
export function logRow(row, extra = '') {
  log(
    `      ${row.ok ? 'done' : 'FAILED'}: ${fmtInt(row.reqPerSec)} req/s (± ${fmtInt(row.reqPerSecStddev)} over 1-s samples), p50 ${fmtMs(row.p50)} ms, p95 ${fmtMs(row.p95)} ms, ` +
      `p99 ${fmtMs(row.p99)} ms; ${fmtInt(row.responses2xx)} 2xx, ${row.non2xx} non-2xx, ${row.errors} errors, ${row.timeouts} timeouts${extra}`,
  );
  if (!row.ok) log(`      status codes: ${JSON.stringify(row.statusCodes)}`);
}
