// OAuth tokens are encrypted at rest with AES-256-GCM. Every ciphertext names the key that made it
// (`v1.<kid>.<iv>.<tag>.<ciphertext>`, parts base64url), so keys can rotate: put a new key first in
// TOKEN_ENCRYPTION_KEYS, keep the old ones after it until every token was re-encrypted (tokens are
// rewritten at each refresh, i.e. within hours), then drop them.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One named AES-256 key. */
export interface EncryptionKey {
  kid: string;
  key: Buffer;
}

/** Encrypts with the active (first) key; decrypts with whichever listed key made the text. */
export interface TokenCipher {
  /** The key id new ciphertexts are made with. */
  readonly activeKid: string;
  /** Encrypts `plain` into `v1.kid.iv.tag.ciphertext`. */
  encrypt(plain: string): string;
  /** Decrypts a text made by `encrypt`; throws TokenCipherError on an unknown key or tampering. */
  decrypt(text: string): string;
}

/** A key list that cannot be used, or a ciphertext that cannot be decrypted. */
export class TokenCipherError extends Error {
  readonly code: 'invalid_keys' | 'unknown_key' | 'malformed_ciphertext' | 'tampered_ciphertext';
  constructor(code: TokenCipherError['code'], message: string) {
    super(message);
    this.name = 'TokenCipherError';
    this.code = code;
  }
}

const FORMAT_VERSION = 'v1';
const KEY_BYTES = 32; // AES-256
const IV_BYTES = 12; // GCM's recommended nonce size (NIST SP 800-38D, 8.2)
const TAG_BYTES = 16;
const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$|^[A-Za-z0-9_-]+$/;
const VARIABLE = 'TOKEN_ENCRYPTION_KEYS';

/** Parses `kid1:<base64 of 32 bytes>,kid2:<base64>`; the first key is the active one. */
export function parseEncryptionKeys(text: string): EncryptionKey[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    throw new TokenCipherError(
      'invalid_keys',
      `${VARIABLE} is empty — set it to "kid:<base64 of 32 random bytes>" (e.g. \`openssl rand -base64 32\`).`,
    );
  }
  const keys: EncryptionKey[] = [];
  entries.forEach((entry, index) => {
    // Name the entry by position and key id only: never echo key material into logs.
    const separator = entry.indexOf(':');
    const kid = separator === -1 ? '' : entry.slice(0, separator).trim();
    const label = `${VARIABLE} entry ${index + 1}${KID_PATTERN.test(kid) ? ` ("${kid}")` : ''}`;
    if (separator === -1) {
      throw new TokenCipherError(
        'invalid_keys',
        `${label} has no "kid:" prefix — write kid:<key>.`,
      );
    }
    if (!KID_PATTERN.test(kid)) {
      throw new TokenCipherError(
        'invalid_keys',
        `${label}: key id must be 1–64 letters, digits, "_" or "-".`,
      );
    }
    if (keys.some((existing) => existing.kid === kid)) {
      throw new TokenCipherError('invalid_keys', `${label}: key id "${kid}" is listed twice.`);
    }
    const encoded = entry.slice(separator + 1).trim();
    if (!BASE64_PATTERN.test(encoded)) {
      throw new TokenCipherError('invalid_keys', `${label}: the key is not base64.`);
    }
    const key = Buffer.from(
      encoded,
      encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64',
    );
    if (key.length !== KEY_BYTES) {
      throw new TokenCipherError(
        'invalid_keys',
        `${label}: the key must decode to ${KEY_BYTES} bytes, got ${key.length} (use \`openssl rand -base64 32\`).`,
      );
    }
    keys.push({ kid, key });
  });
  return keys;
}

/** Builds a cipher over `keys`; the first key encrypts, every key decrypts. */
export function createTokenCipher(keys: readonly EncryptionKey[]): TokenCipher {
  if (keys.length === 0) {
    throw new TokenCipherError('invalid_keys', 'At least one encryption key is required.');
  }
  for (const { kid, key } of keys) {
    if (!KID_PATTERN.test(kid) || key.length !== KEY_BYTES) {
      throw new TokenCipherError(
        'invalid_keys',
        `Encryption key "${kid}" must have a 1–64 character id and ${KEY_BYTES} bytes.`,
      );
    }
  }
  const byKid = new Map(keys.map(({ kid, key }) => [kid, key]));
  const active = keys[0]!;

  return {
    activeKid: active.kid,

    encrypt(plain: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', active.key, iv, { authTagLength: TAG_BYTES });
      // The version and key id are authenticated too, so a ciphertext cannot be relabelled.
      cipher.setAAD(Buffer.from(`${FORMAT_VERSION}.${active.kid}`));
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        FORMAT_VERSION,
        active.kid,
        iv.toString('base64url'),
        tag.toString('base64url'),
        ciphertext.toString('base64url'),
      ].join('.');
    },

    decrypt(text: string): string {
      const parts = text.split('.');
      if (parts.length !== 5 || parts[0] !== FORMAT_VERSION) {
        throw new TokenCipherError(
          'malformed_ciphertext',
          `Not an encrypted token: expected "${FORMAT_VERSION}.kid.iv.tag.ciphertext".`,
        );
      }
      const [, kid, ivText, tagText, ciphertextText] = parts as [
        string,
        string,
        string,
        string,
        string,
      ];
      const key = byKid.get(kid);
      if (!key) {
        throw new TokenCipherError(
          'unknown_key',
          `Token was encrypted with key id "${kid}", which is not in ${VARIABLE} ` +
            `(known: ${[...byKid.keys()].join(', ')}) — add that key back to decrypt it.`,
        );
      }
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new TokenCipherError(
          'malformed_ciphertext',
          'Encrypted token has a bad IV or tag length.',
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(`${FORMAT_VERSION}.${kid}`));
        decipher.setAuthTag(tag);
        return Buffer.concat([
          decipher.update(Buffer.from(ciphertextText, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new TokenCipherError(
          'tampered_ciphertext',
          `Encrypted token failed authentication with key "${kid}": it was altered or made with a different key of that id.`,
        );
      }
    },
  };
}
