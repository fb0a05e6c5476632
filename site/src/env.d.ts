/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The signed-in person's profile (from the CMS), or null for visitors. */
    user: import('./lib/cms').Me | null;
    /** The CMS access token for this request (server side only; never sent to the browser). */
    token: string | null;
    /** True when the CMS could not be reached while checking the session. */
    cmsUnavailable: boolean;
  }
}
