// Closed-loop request runs with fetch: a fixed list of requests, `concurrency` in flight at a time, each
// one's latency measured to the end of its body. For benches that measure exact request sets (every
// URL a different query, every webhook a different signed event) rather than autocannon's one URL.
import { isTTY } from './env.mjs';
import { percentile } from './load.mjs';

/**
 * Sends `requests` (URLs, or functions answering a fetch Response) `concurrency` at a time.
 * `answer(res, text)` names each answer for the tally (default: the status code). Latencies and the
 * figures are over the 2xx answers; any other answer stops the run unless `allowFailures`. `quiet`
 * leaves out the progress and the result line.
 * @returns {Promise<{ label: string, n: number, concurrency: number, failures: number, rps: number, p50: number, p95: number, answers: Record<string, number> }>}
 */
export async function runRequests({ label, requests, concurrency = 1, answer = (res) => String(res.status), allowFailures = false, quiet = false }) {
  const latencies = [];
  const answers = {};
  let failures = 0;
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < requests.length) {
      const request = requests[next++];
      const t0 = performance.now();
      const res = typeof request === 'string' ? await fetch(request) : await request();
      const text = await res.text();
      const ms = performance.now() - t0;
      if (res.ok) latencies.push(ms);
      else failures++;
      const key = answer(res, text);
      answers[key] = (answers[key] ?? 0) + 1;
    }
  }
  const ticker = isTTY && !quiet ? setInterval(() => process.stdout.write(`\r    ${label}: ${latencies.length + failures}/${requests.length}`), 250) : null;
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (ticker) clearInterval(ticker);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const row = { label, n: latencies.length, concurrency, failures, rps: requests.length / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), answers };
  const shown = Object.keys(answers).length === 1 && answers['200'] ? '' : `, answers ${JSON.stringify(answers)}`;
  if (!quiet) process.stdout.write(`${isTTY ? '\r\x1b[K' : ''}    ${label} ×${concurrency}: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms, ${row.rps.toFixed(0)} req/s, failures ${failures}${shown}\n`);
  if (failures && !allowFailures) throw new Error(`${label}: ${failures} requests failed: ${JSON.stringify(answers)}`);
  return row;
}

/** The JSON of a response's text, or null. */
export function jsonOf(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
