/** The part of koa2-ratelimit (users-permissions' rate limit on /api/auth/*) that a store implements. */
declare module 'koa2-ratelimit' {
  export interface RateLimitOptions {
    /** The window, in milliseconds (the library converts it before calling a store). */
    interval: number;
  }
  export interface Hit {
    counter: number;
    /** When the window ends (ms since the epoch). */
    dateEnd: number;
  }
  export abstract class Store {
    abstract incr(key: string, options: RateLimitOptions, weight: number): Promise<Hit>;
    abstract decrement(key: string, options: RateLimitOptions, weight: number): void;
    abstract saveAbuse(options: unknown): void;
  }
  export class MemoryStore extends Store {
    incr(key: string, options: RateLimitOptions, weight: number): Promise<Hit>;
    decrement(key: string, options: RateLimitOptions, weight: number): void;
    saveAbuse(options: unknown): void;
  }
  export const Stores: { Store: typeof Store; Memory: typeof MemoryStore };
}
