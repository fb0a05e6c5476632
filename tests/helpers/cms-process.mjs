/**
 * A second Haven CMS process for tests that need two processes on one database (reminders sent once).
 * It loads Strapi from the compiled CMS with the environment it is given (the same database as the
 * test's own Strapi), runs its background workers, listens on HAVEN_LISTEN_PORT when that is set,
 * prints "ready", and stops on SIGTERM.
 */
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const { createStrapi } = require('@strapi/strapi');

const app = createStrapi({ appDir: path.join(ROOT, 'cms'), distDir: path.join(ROOT, 'cms', 'dist'), autoReload: false, serveAdminPanel: false });
await app.load();
// HAVEN_LISTEN_PORT: also serve HTTP (and the chat's socket.io) on 127.0.0.1 at that port.
if (process.env.HAVEN_LISTEN_PORT) {
  await app.server.mount();
  await new Promise((resolve) => app.server.httpServer.listen(Number(process.env.HAVEN_LISTEN_PORT), '127.0.0.1', resolve));
}
process.stdout.write('ready\n');
const stop = async () => {
  await app.destroy();
  process.exit(0);
};
process.removeAllListeners('SIGTERM');
process.on('SIGTERM', () => void stop());
