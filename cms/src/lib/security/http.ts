/**
 * Small helpers the security middlewares share: Strapi's error shape, route matching that agrees
 * with Strapi's router, and reading the parsed body.
 */

/** The part of Koa's context the security middlewares use (Strapi's own types leave ctx untyped). */
export interface GuardContext {
  method: string;
  path: string;
  status: number;
  body: unknown;
  query: Record<string, unknown>;
  state: Record<string, unknown>;
  req: { socket: { remoteAddress?: string } };
  request: { ip: string; header: Record<string, string | string[] | undefined>; body?: unknown; length?: number; type: string };
  response: { _explicitStatus?: boolean };
  get(header: string): string;
  set(header: string, value: string): void;
}

export type Next = () => Promise<unknown>;

/** Answers in Strapi's error shape ({data:null, error:{status,name,message,details}}) and stops. */
export function refuse(ctx: GuardContext, status: number, name: string, message: string, headers: Record<string, string> = {}, details: Record<string, unknown> = {}) {
  for (const [header, value] of Object.entries(headers)) ctx.set(header, value);
  ctx.status = status;
  ctx.body = { data: null, error: { status, name, message, details } };
}

/**
 * A request path as Strapi's router (koa-router, case-insensitive, one optional trailing slash)
 * sees it: lower case, one trailing slash dropped. No regex: paths are user input.
 */
export function routePath(ctx: Pick<GuardContext, 'path'>): string {
  const lower = String(ctx.path ?? '').toLowerCase();
  return lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower;
}

/** "POST /api/auth/local" for matching against a table of routes. */
export function routeKey(ctx: Pick<GuardContext, 'path' | 'method'>): string {
  return `${String(ctx.method).toUpperCase()} ${routePath(ctx)}`;
}

/** The parsed body as a plain object, or null when it is anything else. */
export function bodyObject(ctx: Pick<GuardContext, 'request'>): Record<string, unknown> | null {
  const body = ctx.request.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

/** Whether a request carries a body at all (a length above zero, or chunked). */
export function hasBody(ctx: Pick<GuardContext, 'request'>): boolean {
  const header = ctx.request.header;
  return Number(header['content-length'] ?? 0) > 0 || header['transfer-encoding'] !== undefined;
}
