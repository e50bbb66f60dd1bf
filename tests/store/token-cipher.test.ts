import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import {
  TokenCipherError,
  createTokenCipher,
  parseEncryptionKeys,
} from '../../src/store/token-cipher.ts';

const keyText = (bytes = 32) => randomBytes(bytes).toString('base64');

/** Changes one character of one dot-separated part, keeping it valid base64url. */
function flipCharacter(text: string, partIndex: number): string {
  const parts = text.split('.');
  const part = parts[partIndex]!;
  const replacement = part[0] === 'A' ? 'B' : 'A';
  parts[partIndex] = replacement + part.slice(1);
  return parts.join('.');
}

describe('parseEncryptionKeys', () => {
  it('reads every kid:key entry in order, the first being active', () => {
    const old = randomBytes(32);
    const keys = parseEncryptionKeys(
      `new:${keyText()}, old:${old.toString('base64')},url:${randomBytes(32).toString('base64url')}`,
    );
    expect(keys.map((key) => key.kid)).toEqual(['new', 'old', 'url']);
    expect(keys[1]!.key.equals(old)).toBe(true);
    expect(keys.every((key) => key.key.length === 32)).toBe(true);
  });

  it.each([
    ['', /empty/],
    [' , ', /empty/],
    [`nokid${keyText()}`, /entry 1 has no "kid:" prefix/],
    [`ok:${keyText()},:${keyText()}`, /entry 2: key id must be/],
    [`a.b:${keyText()}`, /entry 1: key id must be/],
    [`a:${keyText()},a:${keyText()}`, /entry 2 \("a"\): key id "a" is listed twice/],
    [
      `a:${keyText()},short:${keyText(16)}`,
      /entry 2 \("short"\): the key must decode to 32 bytes, got 16/,
    ],
    ['a:not base64!', /entry 1 \("a"\): the key is not base64/],
  ])('rejects %j naming the bad entry', (text, message) => {
    expect(() => parseEncryptionKeys(text)).toThrow(message);
    expect(() => parseEncryptionKeys(text)).toThrow(TokenCipherError);
  });

  it('never echoes key material in its errors', () => {
    const secret = keyText(16);
    expect(() => parseEncryptionKeys(`k:${secret}`)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(secret) }),
    );
  });
});

describe('createTokenCipher', () => {
  const cipher = createTokenCipher(parseEncryptionKeys(`k1:${keyText()}`));

  it('round-trips any text, in the v1.kid.iv.tag.ciphertext format', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (plain) => {
        const encrypted = cipher.encrypt(plain);
        expect(encrypted).toMatch(/^v1\.k1\.[\w-]+\.[\w-]+\.[\w-]*$/);
        expect(cipher.decrypt(encrypted)).toBe(plain);
      }),
    );
  });

  it('encrypts the same token differently each time (random IV), both decrypting', () => {
    const first = cipher.encrypt('token');
    const second = cipher.encrypt('token');
    expect(first).not.toBe(second);
    expect([cipher.decrypt(first), cipher.decrypt(second)]).toEqual(['token', 'token']);
  });

  it('keeps decrypting old tokens after a key rotation, encrypting new ones with the new key', () => {
    // GIVEN a token encrypted under the old key
    const oldKey = keyText();
    const before = createTokenCipher(parseEncryptionKeys(`old:${oldKey}`));
    const stored = before.encrypt('refresh-token');
    // WHEN a new key is put first and the old one kept after it
    const after = createTokenCipher(parseEncryptionKeys(`new:${keyText()},old:${oldKey}`));
    // THEN the old token still decrypts, and new tokens use the new key
    expect(after.decrypt(stored)).toBe('refresh-token');
    expect(after.activeKid).toBe('new');
    expect(after.encrypt('x')).toMatch(/^v1\.new\./);
  });

  it('names an unknown key id', () => {
    const other = createTokenCipher(parseEncryptionKeys(`retired:${keyText()}`));
    const stored = other.encrypt('token');
    expect(() => cipher.decrypt(stored)).toThrow(
      /key id "retired", which is not in TOKEN_ENCRYPTION_KEYS \(known: k1\)/,
    );
  });

  it.each([
    ['the IV', 2],
    ['the tag', 3],
    ['the ciphertext', 4],
  ])('detects tampering with %s', (_part, index) => {
    const stored = cipher.encrypt('a fairly long access token');
    expect(() => cipher.decrypt(flipCharacter(stored, index))).toThrow(
      expect.objectContaining({ code: 'tampered_ciphertext' }),
    );
  });

  it('detects a ciphertext relabelled with another key id of the same key', () => {
    // Same key bytes under two ids: only the authenticated key id tells them apart.
    const key = keyText();
    const twoIds = createTokenCipher(parseEncryptionKeys(`a:${key},b:${key}`));
    const relabelled = twoIds.encrypt('token').replace(/^v1\.a\./, 'v1.b.');
    expect(() => twoIds.decrypt(relabelled)).toThrow(/failed authentication/);
  });

  it('detects a ciphertext made with a different key under the same id', () => {
    const stored = createTokenCipher(parseEncryptionKeys(`k1:${keyText()}`)).encrypt('token');
    expect(() => cipher.decrypt(stored)).toThrow(
      expect.objectContaining({ code: 'tampered_ciphertext' }),
    );
  });

  it.each(['plain-token', 'v2.k1.a.b.c', 'v1.k1.a.b', 'v1.k1.AAAA.AAAA.AAAA'])(
    'rejects the malformed text %j',
    (text) => {
      expect(() => cipher.decrypt(text)).toThrow(
        expect.objectContaining({ code: 'malformed_ciphertext' }),
      );
    },
  );

  it('refuses an empty key list or a key of the wrong size', () => {
    expect(() => createTokenCipher([])).toThrow(/At least one/);
    expect(() => createTokenCipher([{ kid: 'k', key: randomBytes(16) }])).toThrow(/32 bytes/);
  });
});
