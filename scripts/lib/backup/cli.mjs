/** Options, output and exit codes shared by `npm run backup` and `npm run restore`. */
import { parseArgs } from 'node:util';
import { UsageError } from './settings.mjs';

const started = Date.now();
export const elapsed = () => (Date.now() - started) / 1000;

/** parseArgs with a usage message instead of a stack for an unknown or malformed option. */
export function options(config, usage) {
  try {
    return parseArgs({ ...config, options: { ...config.options, help: { type: 'boolean', short: 'h' } }, strict: true });
  } catch (error) {
    throw new UsageError(`${error.message}\n\n${usage}`);
  }
}

export const log = (line) => console.log(line);

/**
 * Runs the command: 0 when it finishes, 1 with `✖ <name> failed: <message>` when it stops (cleanup
 * first), 130/143 when interrupted (cleanup first). A UsageError prints its message without a stack.
 */
export async function main(name, work, cleanup = () => {}) {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ]) {
    process.on(signal, () => {
      console.error(`\n✖ ${name} interrupted`);
      cleanup();
      process.exit(code);
    });
  }
  try {
    await work();
  } catch (error) {
    cleanup();
    const message = error instanceof UsageError ? error.message : (error?.stack ?? String(error));
    console.error(`✖ ${name} failed: ${message}`);
    process.exit(1);
  }
}
