import { previewConfig } from '../src/lib/preview';

export default ({ env }: { env: any }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET') },
  apiToken: { salt: env('API_TOKEN_SALT') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY') },
  // No satisfaction survey, no Enterprise Edition promotions (in Settings, the menu and the home page).
  flags: { nps: false, promoteEE: false },
  // Preview opens a resource's draft on the site (cms/src/lib/preview.ts); other types get no preview
  // panel, and without PREVIEW_SECRET preview is off (so never a "Set up preview" button).
  preview: previewConfig(env),
  // Telemetry is also disabled through STRAPI_TELEMETRY_DISABLED in the environment.
  autoOpen: false,
});
