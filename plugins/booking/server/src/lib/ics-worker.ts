/**
 * The parse worker: turns feed text into busy times off the CMS's main thread. It answers each
 * `{id, text, options}` message with `{id, busy}` or `{id, error}`; the pool in ics-read.ts
 * terminates it when an answer does not come within the wall-clock limit (a rule that never occurs
 * can keep ical.js in one call for ever), so nothing here needs to be interruptible.
 */
import { parentPort } from 'node:worker_threads';
import { expandBusy, type ExpandOptions } from './ics-expand';
import { IcsError } from './ics-scan';

export interface ParseRequest {
  id: number;
  text: string;
  options: ExpandOptions;
}

export type ParseAnswer = { id: number; busy: { start: number; end: number }[] } | { id: number; error: string; known: boolean };

parentPort?.on('message', (request: ParseRequest) => {
  let answer: ParseAnswer;
  try {
    answer = { id: request.id, busy: expandBusy(request.text, request.options) };
  } catch (err) {
    // Only our own reasons go back to the therapist; anything else is logged by the pool.
    answer = { id: request.id, error: err instanceof IcsError ? err.message : String((err as Error)?.stack ?? err).slice(0, 2000), known: err instanceof IcsError };
  }
  parentPort?.postMessage(answer);
});
