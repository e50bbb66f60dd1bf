// The settings page's copies of domain lists must match the domain exactly.
import {
  COMPLETENESS_ITEMS,
  LEAD_STATUSES,
  LIFECYCLE_STAGES,
  OPERATORS,
  QUESTIONS,
  SECTIONS,
} from '../../extensions/app/settings/lib/catalog.ts';
import { QUESTIONS as DOMAIN_QUESTIONS } from '../../src/domain/assessment/index.ts';
import {
  HUBSPOT_LEAD_STATUSES,
  LIFECYCLE_STAGES as DOMAIN_STAGES,
} from '../../src/domain/lifecycle/index.ts';
import {
  ALL_COMPLETENESS_ITEMS,
  SECTION_KEYS,
  SECTION_LABELS,
} from '../../src/domain/plan/index.ts';
import { OPERATORS as DOMAIN_OPERATORS } from '../../src/domain/scoring/index.ts';

describe('settings catalogue', () => {
  it('matches the domain operators, lead statuses and lifecycle stages', () => {
    expect([...OPERATORS]).toEqual([...DOMAIN_OPERATORS]);
    expect([...LEAD_STATUSES]).toEqual([...HUBSPOT_LEAD_STATUSES]);
    expect([...LIFECYCLE_STAGES]).toEqual([...DOMAIN_STAGES]);
  });

  it('matches the domain sections, questions and completeness items', () => {
    expect(SECTIONS.map((s) => ({ ...s }))).toEqual(
      SECTION_KEYS.map((key) => ({ key, label: SECTION_LABELS[key] })),
    );
    expect(QUESTIONS.map((q) => ({ ...q }))).toEqual(
      DOMAIN_QUESTIONS.map((q) => ({ id: q.id, label: q.label })),
    );
    expect(COMPLETENESS_ITEMS.map((i) => ({ ...i }))).toEqual(
      ALL_COMPLETENESS_ITEMS.map(({ item, section, title }) => ({ item, section, title })),
    );
  });
});
