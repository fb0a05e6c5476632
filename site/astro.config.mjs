// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import react from '@astrojs/react';

// Every page is rendered on the server for each request (cookies decide what a visitor sees).
// The standalone server reads HOST and PORT again when it starts, so one build runs anywhere.
export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  integrations: [react()],
  server: {
    host: process.env.HOST || '127.0.0.1',
    port: Number(process.env.PORT || 4321),
  },
  // CSRF protection for cookie sessions: form POSTs whose Origin is not this site get a 403.
  security: { checkOrigin: true },
  // Astro's dev toolbar and telemetry are not wanted in this project.
  devToolbar: { enabled: false },
  build: { inlineStylesheets: 'auto' },
});
