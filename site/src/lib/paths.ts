/** Which pages need a signed-in visitor (used by the middleware; kept here so it can be tested). */

/** Pages only for signed-in people: /home, /profile, /community, /sessions, /practice, /messages, /payments, /wellness and everything under them… */
const GUARDED = /^\/(?:home|profile|community|sessions|practice|messages|payments|wellness)(?:\/|$)/;
/** …except the crisis lines, which nobody should have to log in to see. */
const OPEN = /^\/community\/help\/?$/;

/** Both patterns are anchored and free of nested repetition: linear on any path. */
export const needsLogIn = (pathname: string) => GUARDED.test(pathname) && !OPEN.test(pathname);
