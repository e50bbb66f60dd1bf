// Replay protection for the card API (issue 13): a byte-identical signed request resent within
// HubSpot's 5-minute signature window is refused, because its signature was already seen.
//
// Why a seen-signature cache for cards, and not idempotency by construction alone: every card
// write (plan sections, assessments, settings, hand-offs, returns) would need an operation id the
// attacker cannot replay — an assessment append has no natural one — while one cache in the store
// covers every state-changing route at once and holds across replicas (PostgreSQL), for the cost
// of one insert per write. Workflow actions and webhooks are idempotent by construction instead:
// a callbackId runs once (keyed by portal) and an eventId is processed once, and HubSpot's own
// retries of them may carry the identical v2 signature, which a cache would wrongly refuse.
// https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
import type { RequestHandler } from 'express';
import type { Store } from '../../store/store.ts';
import type { Logger } from '../../runtime/logger.ts';
import { MAX_SIGNATURE_AGE_MS } from './verify-signature.ts';

const READ_ONLY = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Middleware, after signature verification: refuses a state-changing request seen before. */
export function replayGuard(options: {
  store: Pick<Store, 'markSignatureSeen'>;
  now: () => number;
  logger: Logger;
}): RequestHandler {
  return (req, res, next) => {
    if (READ_ONLY.has(req.method)) {
      next();
      return;
    }
    const signature = req.get('x-hubspot-signature-v3');
    const timestamp = Number(req.get('x-hubspot-request-timestamp'));
    if (!signature) {
      next();
      return;
    }
    // The signature is accepted until its timestamp is MAX_SIGNATURE_AGE_MS old; remember it
    // that long (the verifier refuses it after that anyway).
    const expiresAt =
      (Number.isFinite(timestamp) ? timestamp : options.now()) + MAX_SIGNATURE_AGE_MS;
    options.store
      .markSignatureSeen(`v3:${signature}`, expiresAt)
      .then((fresh) => {
        if (fresh) {
          next();
          return;
        }
        options.logger.warn({ path: req.path }, 'refused a replayed signed request');
        res.status(409).json({
          ok: false,
          error: {
            code: 'replayed',
            message: {
              en: 'This request was already received; send a new one.',
              de: 'Diese Anfrage wurde bereits empfangen; senden Sie eine neue.',
            },
          },
        });
      })
      .catch(next);
  };
}
