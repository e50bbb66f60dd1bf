// Small builders for scoring models in tests: a model with one group per dimension, caps high
// enough not to interfere unless a test sets them.
import type { ScoringModel, ScoringRule } from '../../../src/domain/scoring/index.ts';

/** A rule with a readable default label; `spec` supplies operator, value and property. */
export function rule(
  id: string,
  spec: Partial<ScoringRule> & Pick<ScoringRule, 'operator'>,
  points = 10,
): ScoringRule {
  return {
    id,
    label: { en: `Rule ${id}`, de: `Regel ${id}` },
    property: 'prop',
    points,
    ...spec,
  } as ScoringRule;
}

/** Options for `modelWith`. */
export interface ModelOptions {
  fitRules?: ScoringRule[];
  engagementRules?: ScoringRule[];
  fitGroupCap?: number;
  engagementGroupCap?: number;
  fitCap?: number;
  engagementCap?: number;
  totalCap?: number;
  halfLifeDays?: number | null;
}

/** A valid model with one fit group and one engagement group. */
export function modelWith(options: ModelOptions = {}): ScoringModel {
  const halfLifeDays = options.halfLifeDays === undefined ? 10 : options.halfLifeDays;
  return {
    version: 1,
    fit: {
      cap: options.fitCap ?? 1000,
      groups: [
        {
          id: 'fit-group',
          label: { en: 'Fit group', de: 'Fit-Gruppe' },
          ...(options.fitGroupCap === undefined ? {} : { cap: options.fitGroupCap }),
          rules: options.fitRules ?? [],
        },
      ],
    },
    engagement: {
      cap: options.engagementCap ?? 1000,
      decay: halfLifeDays === null ? null : { halfLifeDays },
      groups: [
        {
          id: 'engagement-group',
          label: { en: 'Engagement group', de: 'Engagement-Gruppe' },
          ...(options.engagementGroupCap === undefined ? {} : { cap: options.engagementGroupCap }),
          rules: options.engagementRules ?? [],
        },
      ],
    },
    totalCap: options.totalCap ?? 2000,
    thresholds: { mql: 40, sql: 70 },
    grades: { fit: { A: 40, B: 20 }, engagement: { '1': 25, '2': 10 } },
  };
}

/** Midnight UTC on 2025-06-01: the fixed "now" of the scoring tests. */
export const NOW = new Date('2025-06-01T00:00:00.000Z');
/** Milliseconds in a day. */
export const DAY = 86_400_000;
/** `days` before NOW as HubSpot epoch-milliseconds string. */
export const daysAgo = (days: number): string => String(NOW.getTime() - days * DAY);
/** `days` before NOW as ISO string. */
export const daysAgoIso = (days: number): string =>
  new Date(NOW.getTime() - days * DAY).toISOString();
