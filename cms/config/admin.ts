export default ({ env }: { env: any }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET') },
  apiToken: { salt: env('API_TOKEN_SALT') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY') },
  // No satisfaction survey, no Enterprise Edition promotions (in Settings, the menu and the home page).
  flags: { nps: false, promoteEE: false },
  // Preview stays off until it is wired to the site (a handler giving the site's draft URL): off, the
  // Content Manager shows no "Set up preview" button pointing at Strapi's documentation.
  preview: { enabled: false },
  // Telemetry is also disabled through STRAPI_TELEMETRY_DISABLED in the environment.
  autoOpen: false,
});
