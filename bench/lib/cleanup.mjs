// Children, databases and folders a bench makes go away however the run ends (error, Ctrl+C, SIGTERM).
import { log } from './env.mjs';

const cleanups = new Set();

/** Registers fn to run at the end; returns a function that runs it now (once) instead. */
export function onCleanup(fn) {
  const once = async () => {
    if (!cleanups.delete(once)) return;
    await fn();
  };
  cleanups.add(once);
  return once;
}

export async function runCleanups() {
  for (const fn of [...cleanups].reverse()) {
    try {
      await fn();
    } catch (error) {
      console.error(`cleanup failed: ${error?.message ?? error}`);
    }
  }
}

/** Runs a bench's main function: cleans up after it, and on SIGINT/SIGTERM; a failure sets exit code 1. */
export async function runBench(main) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, async () => {
      log(`\n${signal}: stopping servers and removing bench databases…`);
      await runCleanups();
      process.exit(130);
    });
  }
  try {
    await main();
    await runCleanups();
  } catch (error) {
    console.error(`\nbench failed: ${error?.stack ?? error}`);
    await runCleanups();
    process.exitCode = 1;
  }
}
