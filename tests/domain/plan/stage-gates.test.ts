import { validate } from '../../../src/domain/errors.ts';
import type { PlanCompleteness, StageGate } from '../../../src/domain/plan/index.ts';
import {
  SECTION_SCHEMAS,
  canEnterStage,
  planCompleteness,
  stageGateSchema,
  stageGatesSchema,
} from '../../../src/domain/plan/index.ts';

/** A partly filled plan; its percentages are computed, so tests never depend on hand-made numbers. */
const partialPlan: PlanCompleteness = planCompleteness({
  accountTeam: SECTION_SCHEMAS.accountTeam.parse({ teamLead: '11' }),
  keyPeople: SECTION_SCHEMAS.keyPeople.parse({
    stakeholders: [{ id: 'p1', contactId: '1', buyingRoles: ['champion'] }],
  }),
});
const emptyPlan = planCompleteness({});

const gate = (overrides: Partial<StageGate> = {}): StageGate => ({
  stageId: 'contractsent',
  minCompleteness: 0,
  requiredItems: [],
  mode: 'enforce',
  ...overrides,
});

describe('stage gates', () => {
  describe('settings schema', () => {
    it('accepts a gate and defaults it to no required items, enforced', () => {
      expect(validate(stageGateSchema, { stageId: 'qualifiedtobuy', minCompleteness: 60 })).toEqual(
        {
          ok: true,
          // A gate holds the line unless the admin chooses to only warn.
          value: {
            stageId: 'qualifiedtobuy',
            minCompleteness: 60,
            requiredItems: [],
            mode: 'enforce',
          },
        },
      );
    });

    it.each([
      ['a completeness above 100', { stageId: 's', minCompleteness: 101 }, 'minCompleteness'],
      ['a negative completeness', { stageId: 's', minCompleteness: -5 }, 'minCompleteness'],
      ['a fractional completeness', { stageId: 's', minCompleteness: 50.5 }, 'minCompleteness'],
      ['a blank stage id', { stageId: ' ', minCompleteness: 10 }, 'stageId'],
      ['an over-long stage id', { stageId: 'x'.repeat(101), minCompleteness: 10 }, 'stageId'],
      [
        'an unknown item',
        { stageId: 's', minCompleteness: 10, requiredItems: ['keyPeople.astrologer'] },
        'requiredItems.0',
      ],
      [
        'an item listed twice',
        {
          stageId: 's',
          minCompleteness: 10,
          requiredItems: ['keyPeople.champion', 'keyPeople.champion'],
        },
        'requiredItems',
      ],
      [
        'a non-boolean qualification requirement',
        { stageId: 's', minCompleteness: 10, requireQualified: 'yes' },
        'requireQualified',
      ],
    ])('rejects %s, naming the field', (_case, input, path) => {
      const result = validate(stageGateSchema, input);
      expect(!result.ok && result.errors.map((e) => e.path)).toEqual([path]);
    });

    it('rejects two gates for the same stage, naming the second', () => {
      const result = validate(stageGatesSchema, [
        { stageId: 'a', minCompleteness: 10 },
        { stageId: 'b', minCompleteness: 20 },
        { stageId: 'a', minCompleteness: 30 },
      ]);
      expect(!result.ok && result.errors.map((e) => e.path)).toEqual(['2.stageId']);
    });

    it('accepts gates for different stages', () => {
      const result = validate(stageGatesSchema, [
        { stageId: 'a', minCompleteness: 10 },
        { stageId: 'b', minCompleteness: 20, requireQualified: true },
      ]);
      expect(result.ok).toBe(true);
    });
  });

  describe('entering a stage', () => {
    it('lets a deal into a stage that has no gate', () => {
      expect(
        canEnterStage({
          stageId: 'appointmentscheduled',
          gates: [gate()],
          completeness: emptyPlan,
        }),
      ).toEqual({ allowed: true });
    });

    it('lets a deal in when every condition of the gate holds', () => {
      const decision = canEnterStage({
        stageId: 'contractsent',
        gates: [
          gate({
            minCompleteness: partialPlan.overall,
            requiredItems: ['accountTeam.lead', 'keyPeople.champion'],
            requireQualified: true,
          }),
        ],
        completeness: partialPlan,
        verdict: 'qualified',
      });
      expect(decision).toEqual({ allowed: true });
    });

    it('refuses a plan below the minimum completeness and says by how much', () => {
      // GIVEN a gate needing 60 % and a plan at its computed overall WHEN entering THEN refused
      const decision = canEnterStage({
        stageId: 'contractsent',
        gates: [gate({ minCompleteness: 60 })],
        completeness: partialPlan,
      });
      expect(decision).toEqual({
        allowed: false,
        reasons: [
          {
            en: `Plan completeness is ${partialPlan.overall} %, this stage needs 60 %.`,
            de: `Die Plan-Vollständigkeit beträgt ${partialPlan.overall} %, diese Phase erfordert 60 %.`,
          },
        ],
      });
    });

    it('names every required item that is missing, and only those', () => {
      const decision = canEnterStage({
        stageId: 'contractsent',
        gates: [
          gate({
            requiredItems: [
              'accountTeam.lead',
              'keyPeople.decisionMaker',
              'opportunitySummary.budgetConfirmed',
            ],
          }),
        ],
        completeness: partialPlan,
      });
      expect(decision.allowed).toBe(false);
      if (decision.allowed) return;
      expect(decision.reasons).toEqual([
        {
          en: 'This stage requires "Decision maker known" (Key people, roles & decision criteria): Find out who makes the decision.',
          de: 'Diese Phase erfordert „Entscheider bekannt“ (Schlüsselpersonen und Entscheidungskriterien): Finden Sie heraus, wer die Entscheidung trifft.',
        },
        {
          en: 'This stage requires "Budget confirmed" (Opportunity summary): Get the budget confirmed by the customer.',
          de: 'Diese Phase erfordert „Budget bestätigt“ (Zusammenfassung der Opportunity): Lassen Sie sich das Budget vom Kunden bestätigen.',
        },
      ]);
    });

    it.each([
      [
        'at_risk',
        'This stage needs a qualified opportunity; the latest verdict is "At risk".',
        'Diese Phase erfordert eine qualifizierte Opportunity; das letzte Ergebnis ist „Gefährdet“.',
      ],
      [
        'not_qualified',
        'This stage needs a qualified opportunity; the latest verdict is "Not qualified".',
        'Diese Phase erfordert eine qualifizierte Opportunity; das letzte Ergebnis ist „Nicht qualifiziert“.',
      ],
      [
        undefined,
        'This stage needs a qualified opportunity; it has not been qualified yet.',
        'Diese Phase erfordert eine qualifizierte Opportunity; sie wurde noch nicht qualifiziert.',
      ],
    ] as const)(
      'refuses a deal whose verdict is %p when the stage needs a qualified one',
      (verdict, en, de) => {
        const decision = canEnterStage({
          stageId: 'contractsent',
          gates: [gate({ requireQualified: true })],
          completeness: emptyPlan,
          verdict,
        });
        expect(decision).toEqual({ allowed: false, reasons: [{ en, de }] });
      },
    );

    it('ignores the verdict when the gate does not ask for it', () => {
      expect(
        canEnterStage({
          stageId: 'contractsent',
          gates: [gate({ requireQualified: false })],
          completeness: emptyPlan,
          verdict: 'not_qualified',
        }),
      ).toEqual({ allowed: true });
    });

    it('lists every blocker at once: completeness, items and verdict', () => {
      const decision = canEnterStage({
        stageId: 'closedwon',
        gates: [
          gate({ stageId: 'contractsent', minCompleteness: 100 }),
          gate({
            stageId: 'closedwon',
            minCompleteness: 90,
            requiredItems: ['competition.competitors'],
            requireQualified: true,
          }),
        ],
        completeness: emptyPlan,
        verdict: 'at_risk',
      });
      expect(decision.allowed).toBe(false);
      if (decision.allowed) return;
      expect(decision.reasons.map((r) => r.en)).toEqual([
        'Plan completeness is 0 %, this stage needs 90 %.',
        expect.stringContaining('"Competitors known"'),
        expect.stringContaining('"At risk"'),
      ]);
    });
  });
});
