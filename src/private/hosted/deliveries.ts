// Seen webhook events (one create each: HubSpot's unique value makes it once, ever), workflow
// callback claims with their lease, and seen request signatures.
import { normaliseObjectType, toJsonText } from '../../store/store.ts';
import type { CallbackClaim, DeliveryStore } from '../../store/store.ts';
import { key, stored } from './context.ts';
import type { HostedContext } from './context.ts';

interface CallbackValue {
  state: 'running' | 'done';
  claimedAt: number;
  result?: unknown;
}

export function deliveryMethods(context: HostedContext): DeliveryStore {
  const { records, now, mutex, put, read, withLock, callbackLeaseMs } = context;
  const callbackLock = (portalId: number, callbackId: string) =>
    `internal:${key.callback(portalId, callbackId)}`;

  return {
    async markEventsSeen(portalId, eventIds) {
      const unique = [...new Set(eventIds)];
      const fresh = await Promise.all(
        unique.map((eventId) =>
          mutex(key.event(portalId, eventId), async () => {
            const created = await records.create(key.event(portalId, eventId), {
              kind: 'event',
              portalId,
              at: now(),
              value: 'null',
            });
            return created === 'created';
          }),
        ),
      );
      return unique.filter((_, index) => fresh[index]);
    },

    async forgetEvents(portalId, eventIds) {
      for (const eventId of new Set(eventIds)) {
        await mutex(key.event(portalId, eventId), () =>
          records.remove(key.event(portalId, eventId)),
        );
      }
    },

    async claimCallback(callbackId, portalId, subject) {
      return withLock(callbackLock(portalId, callbackId), async (): Promise<CallbackClaim> => {
        const at = now();
        const value = await read<CallbackValue>(key.callback(portalId, callbackId));
        if (!value) {
          await put(key.callback(portalId, callbackId), {
            kind: 'callback',
            portalId,
            status: 'running',
            ...(subject
              ? { subject: `${normaliseObjectType(subject.objectType)}:${subject.objectId}` }
              : {}),
            value: { state: 'running', claimedAt: at } satisfies CallbackValue,
          });
          return { state: 'claimed' };
        }
        if (value.state === 'done') return { state: 'done', result: value.result ?? null };
        if (value.claimedAt + callbackLeaseMs <= at) {
          // The previous claimant outlived its lease (crashed or hung): take the callback over.
          await records.update(key.callback(portalId, callbackId), {
            at,
            value: toJsonText({ state: 'running', claimedAt: at } satisfies CallbackValue),
          });
          return { state: 'claimed' };
        }
        return { state: 'running' };
      });
    },

    async completeCallback(callbackId, portalId, result) {
      await withLock(callbackLock(portalId, callbackId), async () => {
        const value = await read<CallbackValue>(key.callback(portalId, callbackId));
        if (!value)
          throw new Error(
            `Workflow callback ${callbackId} was never claimed; claim it before completing it.`,
          );
        await records.update(key.callback(portalId, callbackId), {
          status: 'done',
          at: now(),
          value: toJsonText({
            state: 'done',
            claimedAt: value.claimedAt,
            result: stored(result),
          } satisfies CallbackValue),
        });
      });
    },

    async releaseCallback(callbackId, portalId) {
      await withLock(callbackLock(portalId, callbackId), async () => {
        const value = await read<CallbackValue>(key.callback(portalId, callbackId));
        if (value?.state === 'running') await records.remove(key.callback(portalId, callbackId));
      });
    },

    async markSignatureSeen(signature, expiresAt) {
      // Creation with a unique key is HubSpot's one atomic primitive (see ../hosted-store.ts).
      return withLock(`internal:${key.signature(signature)}`, async () => {
        const created = await records.create(key.signature(signature), {
          kind: 'signature',
          portalId: 0,
          at: now(),
          value: toJsonText({ expiresAt }),
        });
        if (created === 'created') return true;
        const existing = await read<{ expiresAt: number }>(key.signature(signature));
        if (existing && existing.expiresAt > now()) return false;
        await records.update(key.signature(signature), {
          at: now(),
          value: toJsonText({ expiresAt }),
        });
        return true;
      });
    },
  };
}
