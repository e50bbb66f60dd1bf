// Backend figures for `npm run bench`: HubSpot calls per card operation and per webhook event,
// measured from the local portal's own call counters in one run (no timing assertions anywhere).
import { performance } from 'node:perf_hooks';
import { SECTION_PROPERTY } from '../src/domain/plan/index.ts';
import { CONTACT_PROPERTIES, DEAL_PROPERTIES } from '../src/domain/properties.ts';
import { startHarness } from '../tests/server/harness.ts';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const portalCalls = (h: Awaited<ReturnType<typeof startHarness>>) =>
  h.portal.counters.snapshot().byPortal[String(h.demoPortalId)] ?? 0;

/** Calls per plan load and per section save, over `rounds` of each on a handed-off deal. */
export async function benchCardApi(rounds = 50) {
  const h = await startHarness({ contacts: 40 });
  try {
    await h.install(h.demoPortalId);
    const portal = h.portal.registry.get(h.demoPortalId)!;
    const contactId = h.seed.contactIds.find(
      (id) => portal.getObject('contacts', id)?.properties.lifecyclestage === 'lead',
    )!;
    const handOff = await h.card<{ dealId: string }>(
      'POST',
      `/api/contacts/${contactId}/hand-off`,
      { salesOwner: { mode: 'explicit', ownerId: h.seed.salesOwnerIds[0] } },
    );
    const dealId = handOff.data!.dealId;
    h.portal.counters.reset();
    let start = performance.now();
    for (let i = 0; i < rounds; i += 1) await h.card('GET', `/api/deals/${dealId}/plan`);
    const loadMs = (performance.now() - start) / rounds;
    const loadCalls = portalCalls(h) / rounds;
    h.portal.counters.reset();
    start = performance.now();
    for (let rev = 0; rev < rounds; rev += 1) {
      const saved = await h.card('PUT', `/api/deals/${dealId}/plan/opportunitySummary`, {
        rev,
        content: { projectDescription: `Revision ${rev + 1}` },
      });
      if (!saved.ok) throw new Error(`section save ${rev} failed: ${JSON.stringify(saved.error)}`);
    }
    const saveMs = (performance.now() - start) / rounds;
    const saveCalls = portalCalls(h) / rounds;

    // The local portal's own share: the same HubSpot calls made directly (no signing proxy, no
    // verification, no domain work), so the difference is the time the backend adds.
    const gateway = h.backend.gatewayFor(h.demoPortalId);
    const plan = await h.card<{ stakeholders: { contactId: string }[] }>(
      'GET',
      `/api/deals/${dealId}/plan`,
    );
    const contactIds = plan.data!.stakeholders.map((stakeholder) => stakeholder.contactId);
    const properties = [
      'dealname',
      'dealstage',
      'pipeline',
      'amount',
      ...Object.values(SECTION_PROPERTY),
      DEAL_PROPERTIES.assessment.name,
    ];
    start = performance.now();
    for (let i = 0; i < rounds; i += 1) {
      await gateway.getDeal(dealId, properties, { withAssociationLabels: true });
      await gateway.batchReadContacts(contactIds, ['firstname', 'lastname', 'email', 'jobtitle']);
    }
    const portalLoadMs = (performance.now() - start) / rounds;
    start = performance.now();
    for (let i = 0; i < rounds; i += 1) {
      await gateway.getDeal(dealId, properties);
      await gateway.updateDeal(dealId, { [DEAL_PROPERTIES.completeness.name]: String(i) });
    }
    const portalSaveMs = (performance.now() - start) / rounds;
    const round1 = (value: number) => Math.round(value * 10) / 10;
    return {
      calls_per_plan_load: loadCalls,
      calls_per_section_save: saveCalls,
      plan_load_ms: round1(loadMs),
      section_save_ms: round1(saveMs),
      portal_ms_per_plan_load: round1(portalLoadMs),
      portal_ms_per_section_save: round1(portalSaveMs),
      server_ms_per_plan_load: round1(loadMs - portalLoadMs),
      server_ms_per_section_save: round1(saveMs - portalSaveMs),
    };
  } finally {
    await h.close();
  }
}

/**
 * A webhook burst: `events` property changes over distinct contacts in batches of 100, with 10 %
 * of the events delivered a second time (in a later batch) and every batch reordered — at
 * HubSpot's real rate limits, with the production acknowledgement (`queued`: answered once durably
 * enqueued, processed after the answer). The acknowledgement time is each request's answer; the
 * wall time runs until the queue has processed every batch. A batch answered 429/503 is
 * redelivered after Retry-After, as HubSpot does.
 */
export async function benchWebhooks(events = 10_000) {
  const h = await startHarness({
    contacts: 10,
    hubspotLimits: true,
    overrides: { webhookAck: 'queued' },
  });
  try {
    await h.install(h.demoPortalId);
    // Installing used part of the 10-second budget; start the burst with a fresh window.
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    const portal = h.portal.registry.get(h.demoPortalId)!;
    const ids: string[] = [];
    for (let i = 0; i < events; i += 1) {
      ids.push(
        portal.createObject('contacts', {
          email: `burst${i}@example.com`,
          jobtitle: i % 2 ? 'VP Sales' : 'Director IT',
          lifecyclestage: 'opportunity',
        }).id,
      );
    }
    const all = ids.map((id, index) => ({
      eventId: 5_000_000 + index,
      subscriptionId: 1,
      portalId: h.demoPortalId,
      appId: h.portal.appId,
      occurredAt: Date.now(),
      subscriptionType: 'contact.propertyChange',
      attemptNumber: 0,
      objectId: Number(id),
      propertyName: 'jobtitle',
      propertyValue: 'x',
      changeSource: 'CRM_UI',
    }));
    // Deterministic shuffle (a fixed LCG) so the run is repeatable.
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const redelivered = all
      .filter(() => random() < 0.1)
      .map((event) => ({ ...event, attemptNumber: 1 }));
    const stream = [...all, ...redelivered];
    for (let i = stream.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [stream[i], stream[j]] = [stream[j]!, stream[i]!];
    }
    const queue: { batch: typeof stream; notBefore: number }[] = [];
    for (let offset = 0; offset < stream.length; offset += 100)
      queue.push({ batch: stream.slice(offset, offset + 100), notBefore: 0 });
    h.portal.counters.reset();
    const latencies: number[] = [];
    let scored = 0;
    let duplicates = 0;
    let deferred = 0;
    const started = performance.now();
    while (queue.length > 0) {
      const next = queue.shift()!;
      const wait = next.notBefore - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const start = performance.now();
      const response = await h.portal.appCaller.sendWebhookBatch(
        next.batch.map((event) => ({
          ...event,
          attemptNumber: event.attemptNumber + (next.notBefore ? 1 : 0),
        })),
      );
      latencies.push(performance.now() - start);
      if (response.status === 429 || response.status === 503) {
        deferred += 1;
        const retryAfter = Number(response.headers['retry-after'] ?? '1');
        queue.push({ batch: next.batch, notBefore: performance.now() + retryAfter * 1000 });
        continue;
      }
      if (response.status !== 200) throw new Error(`webhook batch answered ${response.status}`);
    }
    await h.backend.webhookQueue!.idle();
    const wallMs = performance.now() - started;
    const processed = h.backend.webhookQueue!.stats();
    scored += processed.outcome.contactsScored;
    duplicates += processed.outcome.duplicates;
    const lost = ids.filter(
      (id) =>
        portal.getObject('contacts', id)?.properties[CONTACT_PROPERTIES.totalScore.name] == null,
    ).length;
    return {
      events,
      deliveries: stream.length,
      batches: Math.ceil(stream.length / 100),
      deferred_429: deferred,
      wall_s: Math.round(wallMs / 100) / 10,
      // HubSpot allows 110 requests per 10 s: the calls made set the shortest possible wall time.
      bound_s: Math.round((portalCalls(h) / 110) * 10 * 10) / 10,
      calls: portalCalls(h),
      calls_per_event: portalCalls(h) / events,
      ack_p50_ms: Math.round(percentile(latencies, 50) * 10) / 10,
      ack_p99_ms: Math.round(percentile(latencies, 99) * 10) / 10,
      queue_retries: processed.retries,
      duplicates_dropped: duplicates,
      lost,
      applied_twice: Math.max(0, scored - events),
    };
  } finally {
    await h.close();
  }
}
