// What makes HubSpot's deliveries run once: seen webhook event ids, workflow callback claims (with a
// lease a crashed claimant loses) and seen request signatures (replay protection).
import { normaliseObjectType, signatureKey, toJsonText } from '../store.ts';
import type { CallbackClaim, DeliveryStore } from '../store.ts';
import type { SqlStoreContext } from './context.ts';

export function deliveryMethods({ db, now, callbackLeaseMs }: SqlStoreContext): DeliveryStore {
  async function readCallback(callbackId: string, portalId: number): Promise<CallbackClaim | null> {
    const [row] = await db.rows<{ state: 'running' | 'done'; result: unknown }>(
      'SELECT state, result FROM workflow_callbacks WHERE portal_id = $1 AND callback_id = $2',
      [portalId, callbackId],
    );
    if (!row) return null;
    return row.state === 'done'
      ? { state: 'done', result: row.result === null ? null : db.json(row.result) }
      : { state: 'running' };
  }

  return {
    async markEventsSeen(portalId, eventIds) {
      const unique = [...new Set(eventIds)];
      if (unique.length === 0) return [];
      // ON CONFLICT DO NOTHING: a concurrent inserter of the same id waits for the other's commit,
      // then skips it, so RETURNING yields each id to exactly one caller. (`WHERE true` keeps
      // sqlite from reading ON CONFLICT as a join constraint.)
      const inserted = await db.rows<{ event_id: string }>(
        `INSERT INTO seen_events (portal_id, event_id, seen_at)
         SELECT $1, value, $3 FROM ${db.textElements('$2')} WHERE true
         ON CONFLICT (portal_id, event_id) DO NOTHING RETURNING event_id`,
        [portalId, JSON.stringify(unique), now()],
      );
      const fresh = new Set(inserted.map((row) => row.event_id));
      return unique.filter((eventId) => fresh.has(eventId));
    },

    async forgetEvents(portalId, eventIds) {
      if (eventIds.length === 0) return;
      await db.run(
        `DELETE FROM seen_events WHERE portal_id = $1
           AND event_id IN (SELECT value FROM ${db.textElements('$2')})`,
        [portalId, JSON.stringify([...new Set(eventIds)])],
      );
    },

    async claimCallback(callbackId, portalId, subject) {
      const objectType = subject ? normaliseObjectType(subject.objectType) : null;
      const objectId = subject?.objectId ?? null;
      // A release between our insert attempt and our read deletes the row; trying again then
      // claims it. Bounded, since every round either claims or observes a row.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        // A previous claimant that outlived its lease (crashed or hung) loses the callback.
        const claimed = await db.rows(
          `INSERT INTO workflow_callbacks (callback_id, portal_id, state, object_type, object_id,
             claimed_at) VALUES ($1, $2, 'running', $3, $4, $5)
           ON CONFLICT (portal_id, callback_id) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
             WHERE workflow_callbacks.state = 'running'
               AND workflow_callbacks.claimed_at + $6 <= EXCLUDED.claimed_at
           RETURNING callback_id`,
          [callbackId, portalId, objectType, objectId, now(), callbackLeaseMs],
        );
        if (claimed.length > 0) return { state: 'claimed' };
        const existing = await readCallback(callbackId, portalId);
        if (existing) return existing;
      }
      throw new Error(`Workflow callback ${callbackId} kept changing while being claimed.`);
    },

    async completeCallback(callbackId, portalId, result) {
      const changed = await db.run(
        `UPDATE workflow_callbacks SET state = 'done', result = $2, completed_at = $3
         WHERE callback_id = $1 AND portal_id = $4`,
        [callbackId, toJsonText(result), now(), portalId],
      );
      if (changed === 0) {
        throw new Error(
          `Workflow callback ${callbackId} was never claimed, so it cannot complete.`,
        );
      }
    },

    async releaseCallback(callbackId, portalId) {
      await db.run(
        "DELETE FROM workflow_callbacks WHERE callback_id = $1 AND portal_id = $2 AND state = 'running'",
        [callbackId, portalId],
      );
    },

    async markSignatureSeen(signature, expiresAt) {
      // One statement: of two replicas seeing one signature, exactly one inserts (or revives an
      // expired row: its window closed, so taking it again is not a replay); the other's conflict
      // update is filtered out and returns no row.
      const taken = await db.rows(
        `INSERT INTO seen_signatures (signature_hash, expires_at) VALUES ($1, $2)
         ON CONFLICT (signature_hash) DO UPDATE SET expires_at = EXCLUDED.expires_at
           WHERE seen_signatures.expires_at <= $3
         RETURNING signature_hash`,
        [signatureKey(signature), expiresAt, now()],
      );
      return taken.length > 0;
    },
  };
}
