/**
 * Secrets out of log lines. A request log that writes whole URLs writes the secret calendar feed
 * address (`/api/booking/calendar/<token>.ics`), email-confirmation and reset codes, tokens passed in
 * query strings; an error message can carry a URL with a key in it. Two tools:
 * - `redactRequestTarget` for a request line: an ALLOW-LIST — only query keys known to be harmless
 *   keep their values, every other value (and any odd-looking key) becomes `[redacted]`, so a secret
 *   added tomorrow is hidden by default; the path segment after `calendar` (the feed token) and any
 *   token-like segment are redacted as well.
 * - `redactText` for free text (messages, stacks, library output): URLs' query strings as above,
 *   feed paths, `Bearer …`, `name=value` and `"name": "value"` pairs whose name says secret, long
 *   random-looking runs (tokens, codes, JWT parts, hex signatures, base64 keys), and any exact value
 *   the caller knows to be secret (the configured keys).
 * Every pattern is linear: no nested or unbounded quantifier can backtrack over attacker input.
 * Pure and browser-safe.
 */

export const REDACTED = '[redacted]';

/** Query keys whose values are never secret (Strapi's query language, paging, site flags). Compared on the part before any `[`. */
export const LOGGABLE_QUERY_KEYS: ReadonlySet<string> = new Set([
  'page',
  'pageSize',
  'pagination',
  'sort',
  'populate',
  'fields',
  'locale',
  'status',
  'format',
  'dataset',
  'from',
  'to',
  'date',
  'days',
  'limit',
  'offset',
  'start',
  'timeZone',
  'confirmed',
  'saved',
  'reset',
  'kind',
  'view',
  'tab',
]);

/** Path segments after which the next segment is a secret: `/api/booking/calendar/<token>.ics`. */
export const SECRET_PATH_PARENTS: ReadonlySet<string> = new Set(['calendar']);

/** Key names (lower case) whose values are secret wherever they appear in free text. */
const SECRET_NAME = /token|secret|passw|signature|sig$|code|key|jwt|confirmation|auth|session|cookie|credential/;

/** A shown key must look like a parameter name (brackets allowed, percent-encoded or not); anything else (a token pasted as a key) is hidden whole. */
const PLAIN_KEY = /^[A-Za-z][\w.\-[\]]{0,39}$/;

const hasLetterAndDigit = (run: string) => /[0-9]/.test(run) && /[A-Za-z]/.test(run);

/** At least a quarter of the letters in each case: random base64 without a digit (camelCase words have far fewer capitals). */
function casesMixed(run: string): boolean {
  let upper = 0;
  let lower = 0;
  for (const ch of run) {
    if (ch >= 'A' && ch <= 'Z') upper += 1;
    else if (ch >= 'a' && ch <= 'z') lower += 1;
  }
  const letters = upper + lower;
  return letters > 0 && upper * 4 >= letters && lower * 4 >= letters;
}

const looksRandom = (run: string) => hasLetterAndDigit(run) || casesMixed(run);

/** A stretch between slashes that mixes cases and digits: random, not a word of a path. */
const isMixedRandom = (part: string) => part.length >= 12 && /[a-z]/.test(part) && /[A-Z]/.test(part) && /[0-9]/.test(part);

/** Leading path words (`/api/anything/`, `email-confirmation/`) stay readable in front of a secret. */
const PATH_WORD = /^[a-z-]{0,40}$/;

/**
 * One run of token characters (base64 with `+`, `/` and padding, base64url, hex; JWT parts are runs
 * of their own between the dots). After any leading path words, the rest is a secret when it is
 * base64 (`+` or padding) or holds a random-looking stretch, and is then hidden whole: hiding only
 * the long pieces between `/` or `+` would leave the rest of a signature in the line. Otherwise only
 * segments long and mixed enough to be tokens are hidden (`/api/booking/calendars/<id>/refresh` is a path).
 */
function redactRun(run: string): string {
  const parts = run.split('/');
  let kept = 0;
  while (kept < parts.length - 1 && PATH_WORD.test(parts[kept])) kept += 1;
  // Base64 (`+` or padding) not preceded by a slash is a value, not a path: hide it all, first segment included.
  if (run[0] !== '/' && /[+=]/.test(run) && looksRandom(run)) return REDACTED;
  const rest = parts.slice(kept);
  const restText = rest.join('/');
  const prefix = kept === 0 ? '' : `${parts.slice(0, kept).join('/')}/`;
  if (looksRandom(restText) && (/[+=]/.test(restText) || rest.some(isMixedRandom))) return prefix + REDACTED;
  return prefix + rest.map((part) => (part.length >= 32 && looksRandom(part) ? REDACTED : part)).join('/');
}

/** Runs of token characters (hex codes, base64url tokens, JWT parts, base64 signatures) long enough to be random secrets. */
function redactTokenRuns(text: string): string {
  return text.replace(/[A-Za-z0-9+/_-]{32,}={0,2}/g, redactRun);
}

function keyBase(key: string): string {
  let decoded = key;
  try {
    decoded = decodeURIComponent(key);
  } catch {
    /* not valid percent-encoding: compare it as it is */
  }
  const bracket = decoded.indexOf('[');
  return bracket < 0 ? decoded : decoded.slice(0, bracket);
}

/** A query string (without the `?`) with every value not on the allow-list replaced. */
export function redactQuery(query: string): string {
  if (query === '') return '';
  return query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const key = equals < 0 ? pair : pair.slice(0, equals);
      const readable = key.replaceAll('%5B', '[').replaceAll('%5D', ']').replaceAll('%5b', '[').replaceAll('%5d', ']');
      if (!PLAIN_KEY.test(readable) || (readable.length >= 24 && hasLetterAndDigit(readable))) return REDACTED;
      if (equals < 0) return key;
      const value = pair.slice(equals + 1);
      return LOGGABLE_QUERY_KEYS.has(keyBase(key)) && value.length <= 200 ? `${key}=${redactTokenRuns(value)}` : `${key}=${REDACTED}`;
    })
    .join('&');
}

/** A path with the secret segments redacted: the one after a SECRET_PATH_PARENTS segment (its file extension kept) and token-like ones. */
export function redactPath(path: string): string {
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i += 1) {
    // Routers match case-insensitively and skip empty segments: look back past `//`.
    let parent = i - 1;
    while (parent > 0 && segments[parent] === '') parent -= 1;
    if (segments[i] !== '' && SECRET_PATH_PARENTS.has(segments[parent].toLowerCase())) {
      const dot = segments[i].lastIndexOf('.');
      const extension = dot > 0 && segments[i].length - dot <= 6 ? segments[i].slice(dot) : '';
      segments[i] = REDACTED + extension;
    }
  }
  return redactTokenRuns(segments.join('/'));
}

/** Longest request target written to a log line (after redaction). */
const MAX_TARGET = 1000;

/** A request's path and query string as a log line may show them. */
export function redactRequestTarget(target: string): string {
  const hash = target.indexOf('#');
  const withoutHash = hash < 0 ? target : target.slice(0, hash);
  const question = withoutHash.indexOf('?');
  const path = question < 0 ? withoutHash : withoutHash.slice(0, question);
  const shown = question < 0 ? redactPath(path) : `${redactPath(path)}?${redactQuery(withoutHash.slice(question + 1))}`;
  return shown.length > MAX_TARGET ? `${shown.slice(0, MAX_TARGET)}…` : shown;
}

/** Replaces every occurrence of each known secret value (shorter than 6 characters: not worth hiding, and would hide too much). */
function redactKnown(text: string, known: readonly string[]): string {
  let out = text;
  for (const secret of known) if (secret.length >= 6 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** Free text (a log message, an error's stack) with secrets replaced; `known` are exact secret values to hide as well. */
export function redactText(text: string, known: readonly string[] = []): string {
  let out = redactKnown(text, known);
  // Query strings of URLs and request targets.
  out = out.replace(/\?([^\s"'<>`?)]+)/g, (_match, query: string) => `?${redactQuery(query)}`);
  // The segment after `calendar/`, wherever a feed path appears.
  out = out.replace(/(calendar\/+)([^\s/?#"'<>`]+)/gi, (_match, parent: string, segment: string) => {
    const dot = segment.lastIndexOf('.');
    return parent + REDACTED + (dot > 0 && segment.length - dot <= 6 ? segment.slice(dot) : '');
  });
  out = out.replace(/\b(Bearer|Basic)\s+[^\s,;"']+/gi, (_match, scheme: string) => `${scheme} ${REDACTED}`);
  // Stripe-shaped keys, however short (restricted and secret keys, webhook signing secrets).
  out = out.replace(/\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9_]+|\bwhsec_[A-Za-z0-9_]+/g, REDACTED);
  // name=value and "name": "value" pairs whose name says secret (bounded names: no backtracking).
  out = out.replace(/\b([A-Za-z][\w.-]{0,63})=([^\s&,;"'<>]+)/g, (match, name: string) => (SECRET_NAME.test(name.toLowerCase()) ? `${name}=${REDACTED}` : match));
  out = out.replace(/"([A-Za-z][\w-]{0,63})" ?: ?"([^"\\]{0,1024})"/g, (match, name: string) => (SECRET_NAME.test(name.toLowerCase()) ? `"${name}":"${REDACTED}"` : match));
  return redactTokenRuns(out);
}

/** Environment variable names whose values are secrets (keys, salts, passwords, tokens). */
const SECRET_ENV_NAME = /SECRET|KEY|TOKEN|PASSWORD|PASSWD|SALT|PRIVATE|CREDENTIAL/i;

/**
 * The secret values among environment variables, for `redactText`'s `known`: each whole value, each
 * part of a comma list (APP_KEYS) and of an `id:key` pair (CHAT_MASTER_KEYS), and the password of any
 * URL (DATABASE_URL, REDIS_URL). Longest first, so a value is hidden whole before any part of it.
 */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_ENV_NAME.test(name)) {
      found.add(value);
      for (const part of value.split(',')) {
        found.add(part.trim());
        const colon = part.indexOf(':');
        if (colon > 0) found.add(part.slice(colon + 1).trim());
      }
    }
    if (value.includes('://') && value.includes('@')) {
      try {
        const password = decodeURIComponent(new URL(value).password);
        if (password) found.add(password);
      } catch {
        /* not a URL */
      }
    }
  }
  return [...found].filter((value) => value.length >= 6).sort((a, b) => b.length - a.length);
}
