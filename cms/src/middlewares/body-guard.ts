import type { GuardContext, Next } from '../lib/security/http';
import { refuse } from '../lib/security/http';
import { BODY_PARSED } from './request-guard';

/** Deeper JSON than any Haven route takes; 3,000 levels overflowed the stack in Strapi's validators. */
export const MAX_BODY_DEPTH = 32;
/** More values than any form holds. */
export const MAX_BODY_NODES = 20_000;
/** Keys that can reach an object's prototype when a body is merged into another object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Runs just after Strapi's body parser: marks that parsing is done (so `request-guard` knows later
 * errors are not the parser's) and refuses parsed bodies that are too deep, too large in values, or
 * carry prototype keys. The walk is iterative: a deep body cannot overflow the stack here.
 */
export default () => async (ctx: GuardContext, next: Next) => {
  ctx.state[BODY_PARSED] = true;
  const problem = shapeProblem(ctx.request.body);
  if (problem) return refuse(ctx, 400, 'ValidationError', problem);
  await next();
};

export function shapeProblem(body: unknown): string | null {
  if (body === null || typeof body !== 'object') return null;
  const stack: [unknown, number][] = [[body, 1]];
  let nodes = 0;
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) return `The request body is nested too deeply (at most ${MAX_BODY_DEPTH} levels)`;
    // Files from a multipart body are objects too, but not ours to walk.
    if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) continue;
    for (const key of Object.keys(value)) {
      nodes += 1;
      if (nodes > MAX_BODY_NODES) return `The request body holds too many values (at most ${MAX_BODY_NODES})`;
      if (FORBIDDEN_KEYS.has(key)) return `The request body may not use the key "${key}"`;
      stack.push([(value as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return null;
}
