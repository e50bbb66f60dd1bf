import {
  OAUTH_STATE_TTL_MS,
  createOAuthState,
  verifyOAuthState,
} from '../../src/server/routes/oauth-state.ts';

const secret = 'client-secret';
const now = 1_780_000_000_000;

describe('OAuth state', () => {
  it('accepts its own state within the time limit', () => {
    const state = createOAuthState(secret, now, 'nonce-1');
    expect(verifyOAuthState(secret, state, now + 1000)).toEqual({
      valid: true,
      payload: { issuedAt: now, nonce: 'nonce-1' },
    });
  });

  it('rejects an expired state', () => {
    const state = createOAuthState(secret, now, 'n');
    expect(verifyOAuthState(secret, state, now + OAUTH_STATE_TTL_MS + 1)).toEqual({
      valid: false,
      reason: 'expired_state',
    });
  });

  it.each([
    ['missing', undefined, 'missing_state'],
    ['without a signature', 'abc', 'invalid_state'],
    ['signed with another secret', createOAuthState('other', now, 'n'), 'invalid_state'],
    [
      'with a forged payload',
      Buffer.from('{"issuedAt":1}').toString('base64url') +
        '.' +
        createOAuthState(secret, now, 'n').split('.')[1],
      'invalid_state',
    ],
  ])('rejects a state %s', (_case, state, reason) => {
    expect(verifyOAuthState(secret, state, now)).toEqual({ valid: false, reason });
  });
});
