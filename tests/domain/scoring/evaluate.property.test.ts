// Invariants of `evaluate` over arbitrary models and contacts.
import fc from 'fast-check';
import type { ScoringModel, ScoringRule } from '../../../src/domain/scoring/index.ts';
import { evaluate, validateModel } from '../../../src/domain/scoring/index.ts';
import { scoreCurve, shownScore } from '../../../src/domain/scoring/evaluate.ts';
import { DAY, NOW } from './model-builders.ts';

const PROPERTIES = ['p_text', 'p_number', 'p_date', 'p_multi'] as const;

const propertyValue = fc.oneof(
  fc.constant(null),
  fc.constant(''),
  fc.constantFrom('alpha', 'Beta', 'gamma;delta', 'director of sales', 'true'),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String),
  fc.integer({ min: -400, max: 400 }).map((days) => String(NOW.getTime() - days * DAY)),
  fc
    .integer({ min: -400, max: 400 })
    .map((days) => new Date(NOW.getTime() - days * DAY).toISOString()),
);

const contact = fc.record(
  Object.fromEntries(PROPERTIES.map((name) => [name, propertyValue])) as Record<
    (typeof PROPERTIES)[number],
    typeof propertyValue
  >,
  { requiredKeys: [] },
);

const words = fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'director');
const num = fc.integer({ min: -1000, max: 1000 });
const isoDay = fc
  .integer({ min: -400, max: 400 })
  .map((days) => new Date(NOW.getTime() - days * DAY).toISOString().slice(0, 10));

/** An operator with a value of the right type. */
const condition: fc.Arbitrary<Pick<ScoringRule, 'operator'> & { value?: unknown }> = fc.oneof(
  fc.record({
    operator: fc.constantFrom('eq', 'neq', 'contains', 'not_contains', 'starts_with', 'ends_with'),
    value: words,
  }),
  fc.record({ operator: fc.constant('eq'), value: num }),
  fc.record({
    operator: fc.constantFrom('in', 'not_in', 'is_any_of', 'is_none_of'),
    value: fc.array(words, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ operator: fc.constantFrom('gt', 'gte', 'lt', 'lte'), value: num }),
  fc
    .tuple(num, num)
    .map(([a, b]) => ({ operator: 'between' as const, value: [Math.min(a, b), Math.max(a, b)] })),
  fc.record({
    operator: fc.constantFrom('within_last_days', 'older_than_days'),
    value: fc.integer({ min: 1, max: 365 }),
  }),
  fc.record({ operator: fc.constantFrom('before', 'after'), value: isoDay }),
  fc.record({ operator: fc.constantFrom('is_known', 'is_unknown') }),
) as fc.Arbitrary<Pick<ScoringRule, 'operator'> & { value?: unknown }>;

const ruleSpec = fc.record({
  condition,
  property: fc.constantFrom(...PROPERTIES),
  points: fc.integer({ min: -100, max: 100 }),
  decay: fc.boolean(),
});

const groupSpec = fc.record({
  cap: fc.option(fc.integer({ min: 0, max: 150 }), { nil: undefined }),
  rules: fc.array(ruleSpec, { maxLength: 6 }),
});

const modelSpec = fc.record({
  fitGroups: fc.array(groupSpec, { maxLength: 3 }),
  engagementGroups: fc.array(groupSpec, { maxLength: 3 }),
  fitCap: fc.integer({ min: 0, max: 200 }),
  engagementCap: fc.integer({ min: 0, max: 200 }),
  totalCap: fc.integer({ min: 0, max: 300 }),
  halfLifeDays: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }),
});

type ModelSpec = typeof modelSpec extends fc.Arbitrary<infer T> ? T : never;

function buildModel(spec: ModelSpec): ScoringModel {
  let next = 0;
  const groups = (dimension: 'fit' | 'engagement', specs: ModelSpec['fitGroups']) =>
    specs.map((group, g) => ({
      id: `${dimension}-${g}`,
      label: { en: 'G', de: 'G' },
      ...(group.cap === undefined ? {} : { cap: group.cap }),
      rules: group.rules.map((r) => ({
        id: `r${next++}`,
        label: { en: 'R', de: 'R' },
        property: r.property,
        points: r.points,
        ...r.condition,
        ...(dimension === 'engagement' && r.decay ? { decayDateProperty: 'p_date' } : {}),
      })),
    }));
  const input = {
    version: 1,
    fit: { cap: spec.fitCap, groups: groups('fit', spec.fitGroups) },
    engagement: {
      cap: spec.engagementCap,
      decay: spec.halfLifeDays === null ? null : { halfLifeDays: spec.halfLifeDays },
      groups: groups('engagement', spec.engagementGroups),
    },
    totalCap: spec.totalCap,
    thresholds: { mql: 40, sql: 70 },
    grades: { fit: { A: 40, B: 20 }, engagement: { '1': 25, '2': 10 } },
  };
  const result = validateModel(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('evaluate (properties)', () => {
  it('keeps every score an integer within its caps', () => {
    fc.assert(
      fc.property(modelSpec, contact, (spec, properties) => {
        const model = buildModel(spec);
        const result = evaluate(properties, model, NOW);
        for (const score of [result.fit, result.engagement, result.total]) {
          expect(Number.isInteger(score)).toBe(true);
          expect(score).toBeGreaterThanOrEqual(0);
        }
        expect(result.fit).toBeLessThanOrEqual(model.fit.cap);
        expect(result.engagement).toBeLessThanOrEqual(model.engagement.cap);
        expect(result.total).toBeLessThanOrEqual(model.totalCap);
        expect(result.total).toBeLessThanOrEqual(result.fit + result.engagement);
        const weights = result.reasons.map((r) => Math.abs(r.points));
        expect(weights).toEqual([...weights].sort((a, b) => b - a));
        expect(
          result.reasons.every(
            (r) => Number.isInteger(r.points) && (r.points !== 0 || r.capped === true),
          ),
        ).toBe(true);
      }),
    );
  });

  it('never lowers a score when a matching rule with non-negative points is added', () => {
    fc.assert(
      fc.property(
        modelSpec,
        contact,
        fc.constantFrom('fit' as const, 'engagement' as const),
        fc.nat(),
        fc.integer({ min: 0, max: 100 }),
        fc.boolean(),
        (spec, properties, dimension, groupIndex, points, decay) => {
          const model = buildModel(spec);
          const groups = model[dimension].groups;
          if (groups.length === 0) return;
          const before = evaluate(properties, model, NOW);
          // A rule on a property the contact lacks, so `is_unknown` always matches.
          const added: ScoringRule = {
            id: 'added',
            label: { en: 'Added', de: 'Neu' },
            property: 'never_set',
            operator: 'is_unknown',
            points,
            ...(dimension === 'engagement' && decay ? { decayDateProperty: 'p_date' } : {}),
          };
          const extended: ScoringModel = structuredClone(model);
          extended[dimension].groups[groupIndex % groups.length]!.rules.push(added);
          const after = evaluate(properties, extended, NOW);
          expect(after.fit).toBeGreaterThanOrEqual(before.fit);
          expect(after.engagement).toBeGreaterThanOrEqual(before.engagement);
          expect(after.total).toBeGreaterThanOrEqual(before.total);
        },
      ),
    );
  });

  it('reads a score curve at any instant as often as asked, always as a fresh score', () => {
    fc.assert(
      fc.property(
        modelSpec,
        contact,
        fc.array(fc.integer({ min: -400, max: 4000 }), { maxLength: 5 }),
        (spec, properties, days) => {
          const model = buildModel(spec);
          const curve = scoreCurve(properties, model, NOW);
          // Reading it at other instants first leaves nothing behind for the next reading.
          for (const day of days) curve(new Date(NOW.getTime() + day * DAY));
          const { reasons: _reasons, ...shown } = evaluate(properties, model, NOW);
          expect(curve(NOW)).toEqual(shown);
          expect(shownScore(properties, model, NOW)).toEqual(shown);
        },
      ),
    );
  });
});
