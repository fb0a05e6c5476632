// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import react from '@astrojs/react';

// Behind a reverse proxy that ends TLS, build with PUBLIC_SITE_URL=https://your.host so that the
// proxy's X-Forwarded-Proto/Host/For are trusted for that host (the origin check and client IPs need them).
const publicSiteUrl = process.env.PUBLIC_SITE_URL ? new URL(process.env.PUBLIC_SITE_URL) : null;

// Every page is rendered on the server for each request (cookies decide what a visitor sees).
// The standalone server reads HOST and PORT again when it starts, so one build runs anywhere.
export default defineConfig({
  output: 'server',
  // Request bodies are small forms and an avatar of at most 2 MB.
  adapter: node({ mode: 'standalone', bodySizeLimit: 4 * 1024 * 1024 }),
  integrations: [react()],
  server: {
    host: process.env.HOST || '127.0.0.1',
    port: Number(process.env.PORT || 4321),
  },
  // CSRF protection for cookie sessions: form POSTs whose Origin is not this site get a 403.
  security: {
    checkOrigin: true,
    allowedDomains: publicSiteUrl
      ? [{ protocol: publicSiteUrl.protocol.replace(':', ''), hostname: publicSiteUrl.hostname, ...(publicSiteUrl.port ? { port: publicSiteUrl.port } : {}) }]
      : [],
  },
  // Astro's dev toolbar and telemetry are not wanted in this project.
  devToolbar: { enabled: false },
  build: { inlineStylesheets: 'auto' },
  vite: { plugins: [siteImportsOnlyBrowserSafeCode()] },
});

/**
 * The site talks to the CMS over HTTP only: its build fails on an import of server-only shared code
 * (`@haven/shared/server/*`: Strapi, database, crypto), of a plugin or of the CMS. The same rules run
 * in `npm run depcheck` (dependency-cruiser); this one stops `astro build` and `astro dev` at once.
 * @returns {import('vite').Plugin}
 */
function siteImportsOnlyBrowserSafeCode() {
  const forbidden = [/^@haven\/shared\/server(\/|$)/, /^@haven\/plugin-/, /^@haven\/cms(\/|$)/, /(^|\/)(plugins|cms)\/[^?]*\/(server|src)\//];
  return {
    name: 'haven:site-imports-only-browser-safe-code',
    enforce: 'pre',
    resolveId(id, importer) {
      if (importer && !importer.includes('/node_modules/') && forbidden.some((rule) => rule.test(id))) {
        this.error(`${importer} imports ${id}: the site may import only browser-safe shared modules (@haven/shared/<module>), never server-only code, a plugin or the CMS`);
      }
      return null;
    },
  };
}
