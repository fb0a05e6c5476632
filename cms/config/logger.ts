/**
 * Strapi's logger (winston). Level: LOG_LEVEL (error, warn, info, http, debug); tests set warn to keep
 * their output readable. Every line — the request log, plugins' messages, errors with their stacks —
 * passes through `redactText` (@haven/shared/redact) before any transport sees it: tokens, codes,
 * signatures and the configured keys (secret-named environment variables) never reach the log.
 */
import { formats, winston } from '@strapi/logger';
import { redactText, secretsFromEnv } from '@haven/shared/redact';

const redactSecrets = (known: string[]) =>
  winston.format((info) => {
    const text = (value: unknown) => (typeof value === 'string' ? redactText(value, known) : value);
    // An Error logged on its own is the info object itself: log a redacted copy with its stack (as
    // Strapi's pretty printer would), never change the caller's error.
    if (info instanceof Error) {
      const { message, stack } = info;
      return { ...info, level: info.level, message: text(stack && !stack.startsWith(`${info.name}: ${message}`) ? `${message}\n${stack}` : (stack ?? message)) };
    }
    info.message = text(info.message);
    if ('stack' in info) info.stack = text(info.stack);
    return info;
  })();

export default ({ env }: { env: any }) => ({
  level: env('LOG_LEVEL', 'http'),
  // The secret values are read once, when Strapi creates its logger from this configuration.
  format: winston.format.combine(redactSecrets(secretsFromEnv(process.env)), formats.prettyPrint()),
});
