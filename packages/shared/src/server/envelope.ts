/**
 * Envelope encryption for sensitive text at rest (wellness reflections; chat messages later).
 * Server side only (node:crypto): the site never imports this module.
 *
 * Three layers:
 * - **Master keys** (32 bytes each, with a version number) come from the environment and never touch
 *   the database. `PREFIX_MASTER_KEYS="2:<base64>,1:<base64>"` holds several during a rotation: the
 *   first one listed is *current* (it wraps new data keys); the others are only used to unwrap.
 *   `PREFIX_MASTER_KEY="<base64>"` (version 1) or `"<version>:<base64>"` is the one-key shorthand.
 * - **Data keys** (32 random bytes) are one per owner (a user for wellness, a conversation for chat).
 *   They are stored only wrapped: AES-256-GCM under the current master key, with the master key's
 *   version stored beside them, and the owner and version bound in as additional authenticated data,
 *   so that a wrapped key copied to another owner does not unwrap.
 * - **Content** is sealed with AES-256-GCM under the owner's data key: a fresh 96-bit IV per message,
 *   and additional authenticated data naming the owner and the record (e.g. "entry:2024-03-05"), so a
 *   ciphertext copied to another row, date or owner fails to open instead of showing someone's words
 *   in the wrong place. Any changed byte fails the GCM tag check (`EnvelopeError` code "tampered").
 *
 * Rotating the master key re-wraps the data keys only (`rewrap`), a few bytes per owner, while the
 * service runs: readers that hold both versions open either form, so there is no downtime.
 */
import crypto from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Prefix of a sealed text: the format's version, so that a later format can be told apart. */
const SEALED_PREFIX = 'hv1.';

export type EnvelopeErrorCode = 'bad-config' | 'unknown-key-version' | 'tampered' | 'malformed';

/** A failure to configure, unwrap or open. Messages never contain key material or plaintext. */
export class EnvelopeError extends Error {
  constructor(
    readonly code: EnvelopeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

export interface MasterKey {
  version: number;
  key: Buffer;
}

/** The master keys a process holds: `current` wraps new data keys; every key in `byVersion` unwraps. */
export interface Keyring {
  current: MasterKey;
  byVersion: ReadonlyMap<number, Buffer>;
}

/** A data key as stored: the master key version that wrapped it and the wrapped bytes (base64url). */
export interface WrappedDataKey {
  version: number;
  wrapped: string;
}

/** 32 random bytes, base64: a new master key for the environment. */
export function generateMasterKey(): string {
  return crypto.randomBytes(KEY_BYTES).toString('base64');
}

function decodeKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  // Buffer.from(…, 'base64') skips characters it does not know; insist on a clean round trip instead.
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== KEY_BYTES || key.toString('base64') !== trimmed) {
    throw new EnvelopeError('bad-config', `${where} must be ${KEY_BYTES} bytes in base64 (44 characters); generate one with \`openssl rand -base64 32\``);
  }
  return key;
}

function parseVersion(text: string, where: string): number {
  if (!/^[0-9]{1,9}$/.test(text) || Number(text) < 1) throw new EnvelopeError('bad-config', `${where}: the key version must be a whole number from 1, got "${text.slice(0, 12)}"`);
  return Number(text);
}

/**
 * Parses "2:<base64>,1:<base64>" (first = current). A lone "<base64>" is version 1.
 * `name` is the variable's name, for messages.
 */
export function parseKeyring(spec: string, name = 'MASTER_KEYS'): Keyring {
  const parts = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new EnvelopeError('bad-config', `${name} is empty`);
  const keys: MasterKey[] = parts.map((part, index) => {
    const colon = part.indexOf(':');
    const where = `${name} (entry ${index + 1})`;
    if (colon === -1) {
      if (parts.length > 1) throw new EnvelopeError('bad-config', `${where}: write every key as <version>:<base64> when there are several`);
      return { version: 1, key: decodeKey(part, where) };
    }
    return { version: parseVersion(part.slice(0, colon), where), key: decodeKey(part.slice(colon + 1), where) };
  });
  const byVersion = new Map<number, Buffer>();
  for (const { version, key } of keys) {
    if (byVersion.has(version)) throw new EnvelopeError('bad-config', `${name} lists key version ${version} twice`);
    byVersion.set(version, key);
  }
  return { current: keys[0], byVersion };
}

/**
 * The keyring named by `<prefix>_MASTER_KEYS` or `<prefix>_MASTER_KEY` (e.g. prefix "WELLNESS"),
 * or null when neither is set. Both set is a configuration error (which one would win is a guess).
 */
export function keyringFromEnv(prefix: string, env: Record<string, string | undefined> = process.env): Keyring | null {
  const listName = `${prefix}_MASTER_KEYS`;
  const singleName = `${prefix}_MASTER_KEY`;
  const list = env[listName]?.trim();
  const single = env[singleName]?.trim();
  if (list && single) throw new EnvelopeError('bad-config', `set ${listName} or ${singleName}, not both`);
  if (list) return parseKeyring(list, listName);
  if (single) {
    const keyring = parseKeyring(single, singleName);
    if (keyring.byVersion.size > 1) throw new EnvelopeError('bad-config', `${singleName} holds one key; use ${listName} for several`);
    return keyring;
  }
  return null;
}

/** The keyring as an environment value, current key first ("2:…,1:…"). */
export function formatKeyring(keys: MasterKey[]): string {
  return keys.map(({ version, key }) => `${version}:${key.toString('base64')}`).join(',');
}

/**
 * Fresh random IVs, drawn from the system's generator a few thousand at a time: one call per IV cost
 * more than the encryption of a chat message. Each IV is handed out once, so none repeats.
 */
const IV_POOL_SIZE = IV_BYTES * 4096;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function freshIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = crypto.randomBytes(IV_POOL_SIZE);
    ivOffset = 0;
  }
  // A copy, so that the IV stored with a ciphertext never shares memory with the pool.
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
}

/** A key as a KeyObject: Node checks a raw Buffer key on every cipher, which tripled its cost. */
type Key = crypto.KeyObject;
const keyObject = (key: Buffer): Key => crypto.createSecretKey(key);

function seal(key: Key, plaintext: Buffer, aad: string): Buffer {
  const iv = freshIv();
  const cipher = crypto.createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(key: Key, packed: Buffer, aad: string): Buffer {
  if (packed.length < IV_BYTES + TAG_BYTES) throw new EnvelopeError('malformed', 'the ciphertext is too short');
  const decipher = crypto.createDecipheriv(ALGORITHM, key, packed.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(packed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new EnvelopeError('tampered', 'the ciphertext does not authenticate (changed, or moved from another owner or record)');
  }
}

function fromBase64url(text: string, what: string): Buffer {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new EnvelopeError('malformed', `${what} is not base64url`);
  return Buffer.from(text, 'base64url');
}

/** Seals and opens one owner's texts with its data key. */
export interface OwnerSealer {
  /** Encrypts `plaintext` for `record` (e.g. "entry:2024-03-05"); returns "hv1.<base64url>". */
  encrypt(plaintext: string, record: string): string;
  /** Opens what `encrypt` returned for the same owner and record; throws EnvelopeError otherwise. */
  decrypt(sealed: string, record: string): string;
}

export interface Envelope {
  /** The version of the master key that wraps new data keys. */
  readonly currentVersion: number;
  /** A fresh data key for an owner (e.g. "user:12"), and its wrapped form to store. */
  newDataKey(owner: string): { sealer: OwnerSealer; wrapped: WrappedDataKey };
  /** A sealer from a stored wrapped key; throws EnvelopeError for an unknown version or a wrong owner. */
  sealerFor(owner: string, wrapped: WrappedDataKey): OwnerSealer;
  /** Whether a stored key is wrapped by something other than the current master key. */
  needsRewrap(wrapped: WrappedDataKey): boolean;
  /** The same data key wrapped under the current master key (the content stays as it is). */
  rewrap(owner: string, wrapped: WrappedDataKey): WrappedDataKey;
}

/**
 * An envelope for one kind of data. `context` (e.g. "haven.wellness") is bound into every wrap and
 * seal, so that keys and ciphertexts of one feature never open as another's.
 */
export function createEnvelope(keyring: Keyring, context: string): Envelope {
  if (!/^[a-z0-9.-]{1,64}$/.test(context)) throw new EnvelopeError('bad-config', 'the envelope context must be a short lowercase name such as "haven.wellness"');
  const checkOwner = (owner: string) => {
    if (!/^[A-Za-z0-9:_.-]{1,128}$/.test(owner)) throw new EnvelopeError('bad-config', 'an owner is a short name such as "user:12"');
  };
  const wrapAad = (owner: string, version: number) => `${context}|data-key|${owner}|v${version}`;
  const contentAad = (owner: string, record: string) => `${context}|content|${owner}|${record}`;

  const wrap = (owner: string, dataKey: Buffer): WrappedDataKey => ({
    version: keyring.current.version,
    wrapped: seal(keyObject(keyring.current.key), dataKey, wrapAad(owner, keyring.current.version)).toString('base64url'),
  });

  const unwrap = (owner: string, stored: WrappedDataKey): Buffer => {
    const master = keyring.byVersion.get(stored.version);
    if (!master) {
      throw new EnvelopeError('unknown-key-version', `this data key is wrapped by master key version ${stored.version}, which this process does not hold (it holds ${[...keyring.byVersion.keys()].join(', ')})`);
    }
    const key = open(keyObject(master), fromBase64url(stored.wrapped, 'the wrapped data key'), wrapAad(owner, stored.version));
    if (key.length !== KEY_BYTES) throw new EnvelopeError('malformed', 'the unwrapped data key has the wrong length');
    return key;
  };

  const sealer = (owner: string, dataKeyBytes: Buffer): OwnerSealer => {
    const dataKey = keyObject(dataKeyBytes);
    return {
      encrypt(plaintext, record) {
        return SEALED_PREFIX + seal(dataKey, Buffer.from(plaintext, 'utf8'), contentAad(owner, record)).toString('base64url');
      },
      decrypt(sealed, record) {
        if (typeof sealed !== 'string' || !sealed.startsWith(SEALED_PREFIX)) throw new EnvelopeError('malformed', 'not a sealed text (no hv1. prefix)');
        return open(dataKey, fromBase64url(sealed.slice(SEALED_PREFIX.length), 'the sealed text'), contentAad(owner, record)).toString('utf8');
      },
    };
  };

  return {
    currentVersion: keyring.current.version,
    newDataKey(owner) {
      checkOwner(owner);
      const dataKey = crypto.randomBytes(KEY_BYTES);
      return { sealer: sealer(owner, dataKey), wrapped: wrap(owner, dataKey) };
    },
    sealerFor(owner, wrapped) {
      checkOwner(owner);
      return sealer(owner, unwrap(owner, wrapped));
    },
    needsRewrap(wrapped) {
      return wrapped.version !== keyring.current.version;
    },
    rewrap(owner, wrapped) {
      checkOwner(owner);
      if (wrapped.version === keyring.current.version) return wrapped;
      return wrap(owner, unwrap(owner, wrapped));
    },
  };
}

/** An envelope built on first use, for a service whose keys may not be configured on this server. */
export interface LazyEnvelope {
  /** The envelope; throws `missing()` when no master key is configured. */
  get(): Envelope;
  /** Whether a master key is configured (health endpoints say so; they never show a key). */
  configured(): boolean;
}

/**
 * Reads the keyring once, on first use (the plugin's configuration is validated at start, so once is
 * enough), and keeps the envelope: the one way a service holds its envelope (wellness's vault, the
 * applications' licence documents).
 */
export function lazyEnvelope(keyring: () => Keyring | null, context: string, missing: () => Error): LazyEnvelope {
  let cached: Envelope | null | undefined;
  const get = (): Envelope => {
    if (cached === undefined) {
      const ring = keyring();
      cached = ring ? createEnvelope(ring, context) : null;
    }
    if (!cached) throw missing();
    return cached;
  };
  return {
    get,
    configured() {
      try {
        get();
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** A stored data key as a rotation reads it. */
export interface StoredDataKey {
  id: number;
  /** The envelope owner it was wrapped for (e.g. "user:12"). */
  owner: string;
  key: WrappedDataKey;
}

/** Where a feature keeps its wrapped data keys, as `rewrapAll` needs it. */
export interface DataKeyStore {
  /** How many keys are wrapped by another version than `version`. */
  countNotUnder(version: number): Promise<number>;
  /** Up to `limit` such keys with ids above `afterId`, in id order. */
  pageNotUnder(version: number, afterId: number, limit: number): Promise<StoredDataKey[]>;
  /** Replaces `from` with `to` only if the row still holds `from`; whether it did. */
  replace(id: number, from: WrappedDataKey, to: WrappedDataKey): Promise<boolean>;
}

export interface RotationProgress {
  done: number;
  total: number;
}

export interface RotationResult {
  /** The master key version every key should now be under. */
  version: number;
  rewrapped: number;
  /** Re-wrapped meanwhile by another process (the conditional update found nothing to change). */
  skipped: number;
  /** Still wrapped by an older master key afterwards. */
  remaining: number;
}

/**
 * Re-wraps every data key not under the envelope's current master key, `batchSize` at a time, while
 * the service runs. Each replacement is conditional on what was read, so a key re-wrapped meanwhile
 * by another process is left alone; readers holding both master keys open either form throughout.
 */
export async function rewrapAll(envelope: Envelope, store: DataKeyStore, onProgress?: (progress: RotationProgress) => void, batchSize = 200): Promise<RotationResult> {
  const version = envelope.currentVersion;
  const total = await store.countNotUnder(version);
  let done = 0;
  let rewrapped = 0;
  let skipped = 0;
  let afterId = 0;
  onProgress?.({ done, total });
  for (;;) {
    const batch = await store.pageNotUnder(version, afterId, batchSize);
    if (batch.length === 0) break;
    for (const row of batch) {
      afterId = row.id;
      let next: WrappedDataKey;
      try {
        next = envelope.rewrap(row.owner, row.key);
      } catch (err) {
        if (err instanceof EnvelopeError) throw new Error(`data key ${row.id} cannot be unwrapped (${err.message}); nothing after it was changed`);
        throw err;
      }
      if (await store.replace(row.id, row.key, next)) rewrapped++;
      else skipped++;
      done++;
    }
    onProgress?.({ done, total: Math.max(total, done) });
  }
  return { version, rewrapped, skipped, remaining: await store.countNotUnder(version) };
}
