// What the read-model caches share (owners, pipelines, properties, the Leads object): one request
// per key per TTL, shared by concurrent readers, a failed one forgotten at once; and a gateway whose
// derived gateways (another lane, wait or deadline) keep answering from the same cache.
import type { CrmGateway } from '../../hubspot/gateway.ts';

/** A promise per key, reused while younger than the caller's maximum age. */
export function createTtlCache<K, V>(now: () => number) {
  const entries = new Map<K, { at: number; value: Promise<V> }>();
  return {
    /** The value of `key` no older than `maxAgeMs`, loading it when there is none. */
    get(key: K, maxAgeMs: number, load: () => Promise<V>): Promise<V> {
      const entry = entries.get(key);
      if (entry && now() - entry.at < maxAgeMs) return entry.value;
      const value = load().catch((error: unknown) => {
        if (entries.get(key)?.value === value) entries.delete(key);
        throw error;
      });
      entries.set(key, { at: now(), value });
      return value;
    },
    /** Whether `key` has a value younger than `maxAgeMs` (loaded or still loading). */
    has(key: K, maxAgeMs: number): boolean {
      const entry = entries.get(key);
      return entry !== undefined && now() - entry.at < maxAgeMs;
    },
  };
}

/** A cache that answers some of a gateway's reads. */
export interface GatewayDecorator {
  /** The same gateway, those reads answered from the cache. */
  decorate(gateway: CrmGateway): CrmGateway;
}

/** The decorator giving a gateway `override`'s methods, kept through withLane, withMaxWait and
 * withDeadline. */
export function gatewayDecorator(
  override: (gateway: CrmGateway) => Partial<CrmGateway>,
): GatewayDecorator {
  const decorate = (inner: CrmGateway): CrmGateway => ({
    ...inner,
    withLane: (lane) => decorate(inner.withLane(lane)),
    withMaxWait: (ms) => decorate(inner.withMaxWait(ms)),
    withDeadline: (at) => decorate(inner.withDeadline(at)),
    ...override(inner),
  });
  return { decorate };
}
