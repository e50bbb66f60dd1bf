import { validate } from '../../../src/domain/errors.ts';
import {
  dealLostEventSchema,
  dealWonEventSchema,
  handOffEventSchema,
  lifecycleEventSchema,
  actorSchema,
  returnToMarketingEventSchema,
  salesOwnerChoiceSchema,
  scoreChangedEventSchema,
} from '../../../src/domain/lifecycle/index.ts';

describe('lifecycleEventSchema', () => {
  it.each([
    {
      type: 'scoreChanged',
      actor: 'system',
      total: 72,
      fit: 40,
      engagement: 32,
      grade: 'A2',
      band: 'mql',
    },
    { type: 'handOff', actor: '17', salesOwner: { mode: 'explicit', ownerId: '99' } },
    {
      type: 'handOff',
      actor: '17',
      salesOwner: { mode: 'round_robin', cursor: 12 },
      companyName: 'Acme',
      contactName: 'Jane Doe',
      dealName: 'Acme rollout',
    },
    { type: 'handOff', actor: '17', salesOwner: { mode: 'keep' } },
    { type: 'returnToMarketing', actor: '17', reason: 'other', note: 'Merger pending' },
    { type: 'dealWon', actor: 'system', dealId: '555' },
    { type: 'dealLost', actor: 'system', dealId: '555', reason: 'Price' },
  ])('accepts the well-formed event %j', (event) => {
    expect(lifecycleEventSchema.parse(event)).toEqual(event);
  });

  it.each<[string, unknown, string]>([
    ['an unknown type', { type: 'promote', actor: '1' }, 'type'],
    ['a blank actor', { type: 'dealWon', actor: ' ', dealId: '5' }, 'actor'],
    [
      'an unknown score band',
      {
        type: 'scoreChanged',
        actor: '1',
        total: 1,
        fit: 1,
        engagement: 0,
        grade: 'A1',
        band: 'hot',
      },
      'band',
    ],
    [
      'a negative round-robin cursor',
      { type: 'handOff', actor: '1', salesOwner: { mode: 'round_robin', cursor: -1 } },
      'salesOwner.cursor',
    ],
    [
      'an explicit owner without id',
      { type: 'handOff', actor: '1', salesOwner: { mode: 'explicit' } },
      'salesOwner.ownerId',
    ],
    [
      'a note that is too long',
      { type: 'returnToMarketing', actor: '1', reason: 'other', note: 'x'.repeat(1001) },
      'note',
    ],
    ['a won deal without id', { type: 'dealWon', actor: '1' }, 'dealId'],
    [
      'an extra field',
      { type: 'dealLost', actor: '1', dealId: '5', stage: 'closedlost' },
      '(root)',
    ],
  ])('rejects %s, naming the field', (_, input, path) => {
    const result = validate(lifecycleEventSchema, input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.path)).toContain(path);
  });
});

describe('per-event schemas', () => {
  it.each([
    [scoreChangedEventSchema, 'scoreChanged'],
    [handOffEventSchema, 'handOff'],
    [returnToMarketingEventSchema, 'returnToMarketing'],
    [dealWonEventSchema, 'dealWon'],
    [dealLostEventSchema, 'dealLost'],
  ] as const)('the schema for %# accepts only the type %s', (schema, type) => {
    expect(schema.safeParse({ type: 'somethingElse', actor: '1' }).success).toBe(false);
    expect(schema.shape.type.value).toBe(type);
  });
});

describe('salesOwnerChoiceSchema and actorSchema', () => {
  it('accepts the three owner modes and rejects others', () => {
    expect(salesOwnerChoiceSchema.parse({ mode: 'keep' })).toEqual({ mode: 'keep' });
    expect(salesOwnerChoiceSchema.safeParse({ mode: 'round_robin', cursor: 0.5 }).success).toBe(
      false,
    );
    expect(salesOwnerChoiceSchema.safeParse({ mode: 'lottery' }).success).toBe(false);
  });

  it('accepts "system" and user ids as actors, not blanks', () => {
    expect(actorSchema.safeParse('system').success).toBe(true);
    expect(actorSchema.safeParse('').success).toBe(false);
  });
});
