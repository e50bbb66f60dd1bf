import {
  DEFAULT_LIFECYCLE_POLICY,
  initialLeadState,
  transition,
} from '../../src/domain/lifecycle/index.ts';
import { HubSpotRateLimitError, HubSpotValidationError } from '../../src/hubspot/errors.ts';
import type { CrmGateway } from '../../src/hubspot/gateway.ts';
import { errorToResult } from '../../src/server/http/errors.ts';
import { runDealWrites, runEffects } from '../../src/server/effects/effect-runner.ts';
import {
  SECTION_KEYS,
  emptyContent,
  planSaveEffects,
  type PlanContents,
} from '../../src/domain/plan/index.ts';
import { DEAL_PROPERTIES } from '../../src/domain/properties.ts';
import { failedEffectOf } from '../../src/server/effects/hubspot-refusal.ts';
import { createLogger } from '../../src/runtime/logger.ts';

/** HubSpot 2026-09's refusal of a write that breaks an admin's validation rule. */
function ruleRefusal(propertyName: string, message: string) {
  return new HubSpotValidationError('HubSpot rejected the request', {
    status: 400,
    category: 'VALIDATION_ERROR',
    hubspotMessage: `The write breaks the portal's validation rules: ${message}`,
    errors: [
      {
        message,
        code: 'VALIDATION_RULE_VIOLATION',
        in: propertyName,
        context: { propertyName: [propertyName] },
      },
    ],
  });
}

describe('a write HubSpot refuses, told to the seller', () => {
  it('names the product property by its label, in English and German, with the rule’s message', () => {
    const result = errorToResult(
      ruleRefusal('op_customer_budget', 'Budget must be at least 1000.'),
      'req-1',
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'hubspot_error',
        message: {
          en: expect.stringContaining('"Customer budget": Budget must be at least 1000.'),
          de: expect.stringContaining('„Kundenbudget“: Budget must be at least 1000.'),
        },
        fields: [{ path: 'op_customer_budget', message: 'Budget must be at least 1000.' }],
      },
    });
    if (result.ok) return;
    expect(result.error.message.en).toContain('validation rules');
    expect(result.error.message.de).toContain('Validierungsregeln');
  });

  it('names a HubSpot property by HubSpot’s label and an unknown one by its name', () => {
    const known = errorToResult(ruleRefusal('dealname', 'Use the customer number.'), 'r');
    const unknown = errorToResult(ruleRefusal('x_custom', 'Required.'), 'r');
    expect(known.ok ? '' : known.error.message.de).toContain(
      '„Deal-Name“: Use the customer number.',
    );
    expect(unknown.ok ? '' : unknown.error.message.en).toContain('"x_custom": Required.');
  });
});

describe('an effect list HubSpot refuses part-way', () => {
  const now = new Date('2026-11-27T10:00:00Z');
  const decided = transition(
    { ...initialLeadState('42'), stage: 'mql' },
    {
      type: 'handOff',
      actor: '9',
      salesOwner: { mode: 'explicit', ownerId: '5' },
      dealName: 'Pilot',
    },
    DEFAULT_LIFECYCLE_POLICY,
    now,
  );
  if (!decided.ok) throw new Error('the hand-off must be accepted');
  const ctx = { logger: createLogger('silent'), now, portalId: 1 };

  /** Records every call; the deal creation fails with `failure`. */
  function refusingGateway(failure: Error) {
    const calls: string[] = [];
    const gateway = {
      portalId: 1,
      setLifecycleStage: async () => void calls.push('setLifecycleStage'),
      updateObject: async (_type: string, id: string) => {
        calls.push('updateObject');
        return { id, properties: {} };
      },
      createDeal: async () => {
        calls.push('createDeal');
        throw failure;
      },
      createNote: async () => {
        calls.push('createNote');
        return { id: 'n1', properties: {} };
      },
      associate: async () => void calls.push('associate'),
    } as unknown as CrmGateway;
    return { gateway, calls };
  }

  it('stops at the refused effect and says which step failed and what was done', async () => {
    // GIVEN an admin rule on the deal name that the hand-off's deal breaks
    const refusal = ruleRefusal('dealname', 'Deal names start with the customer number.');
    const { gateway, calls } = refusingGateway(refusal);
    const createAt = decided.effects.findIndex((effect) => effect.type === 'createDeal');

    // WHEN the effects run
    const error = await runEffects(decided.effects, decided.state, { ...ctx, gateway }).catch(
      (e: unknown) => e,
    );

    // THEN the same typed error comes back, nothing after the deal creation ran …
    expect(error).toBe(refusal);
    expect(calls.at(-1)).toBe('createDeal');
    expect(calls).toHaveLength(createAt + 1);
    expect(failedEffectOf(error)).toEqual({
      index: createAt,
      total: decided.effects.length,
      type: 'createDeal',
    });
    // … and the seller reads the step, what was done, the property and HubSpot's message
    const result = errorToResult(error, 'req-2');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message.en).toMatch(
      new RegExp(
        `^Step ${createAt + 1} of ${decided.effects.length} \\(create the deal\\) failed; ` +
          `the remaining steps were not run\\. Steps 1–${createAt} were done\\.`,
      ),
    );
    expect(result.error.message.en).toContain(
      '"Deal name": Deal names start with the customer number.',
    );
    expect(result.error.message.de).toContain(
      `Schritt ${createAt + 1} von ${decided.effects.length} (Deal anlegen) ist fehlgeschlagen`,
    );
    expect(result.error.fields).toEqual([
      { path: 'dealname', message: 'Deal names start with the customer number.' },
    ]);
  });

  it('records the refused write of a plan save like any other effect', async () => {
    // GIVEN an admin rule on the plan's budget mirror that the save breaks
    const refusal = ruleRefusal(DEAL_PROPERTIES.budget.name, 'Budgets are whole thousands.');
    const written: string[] = [];
    const gateway = {
      updateDeal: async (id: string) => {
        written.push(id);
        throw refusal;
      },
    } as unknown as CrmGateway;
    const effects = planSaveEffects({
      dealId: '7',
      saved: { section: 'opportunitySummary', json: '{}' },
      contents: Object.fromEntries(
        SECTION_KEYS.map((key) => [key, emptyContent(key)]),
      ) as PlanContents,
      completeness: { overall: 0 },
    });

    // WHEN the save's writes run
    const error = await runDealWrites(effects, { ...ctx, gateway }).catch((e: unknown) => e);

    // THEN the typed error comes back with its step, and the seller reads that nothing changed
    expect(error).toBe(refusal);
    expect(written).toEqual(['7']);
    expect(failedEffectOf(error)).toEqual({ index: 0, total: 1, type: 'writeProperties' });
    const result = errorToResult(error, 'req-3');
    expect(!result.ok && result.error.message.en).toMatch(
      /^Step 1 of 1 \(write the properties\) failed; the remaining steps were not run\. Nothing was changed\./,
    );
  });

  it('keeps a rate-limit error’s class, so callers still answer 429 and HubSpot redelivers', async () => {
    const limited = new HubSpotRateLimitError('busy', { retryAfterMs: 1000 });
    const { gateway } = refusingGateway(limited);
    const error = await runEffects(decided.effects, decided.state, { ...ctx, gateway }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    expect(failedEffectOf(error)?.type).toBe('createDeal');
  });
});
