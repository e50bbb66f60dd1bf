import fc from 'fast-check';
import type { SectionDocument, SectionKey } from '../../../src/domain/plan/index.ts';
import {
  CURRENT_SCHEMA_VERSION,
  MAX_SECTION_JSON_SIZE,
  MIGRATIONS,
  SECTION_KEYS,
  TEXTAREA_LIMIT,
  TEXTAREA_SAFETY_MARGIN,
  applySectionEdit,
  emptyContent,
  emptySection,
  measureUtf8Bytes,
  parseSection,
  serializeSection,
} from '../../../src/domain/plan/index.ts';
import { documentArbitrary, sectionKeyArbitrary } from './arbitraries.ts';

const NOW = new Date('2025-05-06T07:08:09.000Z');

/** A saved account-team document at revision `rev`. */
function savedTeam(rev: number, teamLead: string | null = '11'): SectionDocument<'accountTeam'> {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    section: 'accountTeam',
    rev,
    updatedAt: '2025-01-01T00:00:00.000Z',
    updatedBy: '500',
    content: {
      teamLead,
      members: [{ id: 'm1', ownerId: '12', role: 'Presales' }],
      externalMembers: [],
    },
  };
}

/** Unwraps a serialization that must succeed. */
function jsonOf(doc: SectionDocument): string {
  const result = serializeSection(doc);
  if (!result.ok) throw new Error(result.error.message.en);
  return result.json;
}

/** The error paths of a parse that must fail. */
function errorPaths(key: SectionKey, json: string | null | undefined, options = {}): string[] {
  const result = parseSection(key, json, options);
  if (result.ok) throw new Error('expected the parse to fail');
  return result.errors.map((e) => e.path);
}

describe('section documents', () => {
  describe('the empty section', () => {
    it.each(SECTION_KEYS)('starts %s at revision 0 with empty content and no editor', (key) => {
      expect(emptySection(key)).toEqual({
        schemaVersion: CURRENT_SCHEMA_VERSION,
        section: key,
        rev: 0,
        updatedAt: null,
        updatedBy: null,
        content: emptyContent(key),
      });
    });

    it.each([null, undefined, '', '   '])(
      'reads a missing property value (%p) as the empty section',
      (json) => {
        // GIVEN a deal whose section property was never written WHEN parsing THEN the empty document
        expect(parseSection('keyPeople', json)).toEqual({
          ok: true,
          value: emptySection('keyPeople'),
        });
      },
    );
  });

  describe('serializing', () => {
    it('keeps a safety margin below the textarea limit', () => {
      expect(TEXTAREA_LIMIT).toBe(65536);
      expect(MAX_SECTION_JSON_SIZE).toBe(TEXTAREA_LIMIT - TEXTAREA_SAFETY_MARGIN);
      expect(TEXTAREA_SAFETY_MARGIN).toBeGreaterThan(0);
    });

    it('writes a section that fits as JSON', () => {
      const doc = savedTeam(3);
      expect(serializeSection(doc)).toEqual({ ok: true, json: JSON.stringify(doc) });
    });

    it('refuses a section too large for the textarea property, naming the section', () => {
      // GIVEN a competition section with 50 competitors each with a 4,000-character strategy
      const doc: SectionDocument<'competition'> = {
        ...emptySection('competition'),
        content: {
          noCompetitionKnown: false,
          competitors: Array.from({ length: 50 }, (_, i) => ({
            id: `k${i}`,
            name: `Rival ${i}`,
            historyWithAccount: '',
            positioning: '',
            strategy: '',
            strengths: [],
            weaknesses: [],
            objectionsAgainstUs: [],
            stumblingBlocks: [],
            winStrategy: 'w'.repeat(4000),
            threatLevel: null,
          })),
        },
      };
      // WHEN serializing
      const result = serializeSection(doc);
      // THEN it is refused with the section, its size and the limit
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toMatchObject({
        code: 'too_large',
        section: 'competition',
        limit: MAX_SECTION_JSON_SIZE,
      });
      expect(result.error.size).toBe(JSON.stringify(doc).length);
      expect(result.error.size).toBeGreaterThan(MAX_SECTION_JSON_SIZE);
      expect(result.error.message.en).toContain('"Competition"');
      expect(result.error.message.en).toContain(`of at most 61,440 characters`);
      expect(result.error.message.de).toContain('„Wettbewerbsanalyse“');
      expect(result.error.message.de).toContain('61.440 Zeichen');
    });

    it.each([
      ['a', 1],
      ['ä', 2],
      ['€', 3],
      ['😀', 4],
      ['\ud800', 3],
      ['\ud800x', 4],
    ])('measures %p as %i UTF-8 bytes', (text, bytes) => {
      expect(measureUtf8Bytes(text)).toBe(bytes);
    });

    it('counts multi-byte characters by their UTF-8 size, so a byte-counting limit holds too', () => {
      // GIVEN a summary of about 40,000 umlauts: under the limit in characters, over it in bytes
      const umlauts = (n: number) => 'ü'.repeat(n);
      const doc: SectionDocument<'opportunitySummary'> = {
        ...emptySection('opportunitySummary'),
        content: {
          ...emptyContent('opportunitySummary'),
          projectDescription: umlauts(4000),
          solution: umlauts(4000),
          consequencesOfInaction: umlauts(4000),
          actNow: { decision: 'act_now', why: umlauts(4000) },
          timeline: { description: umlauts(4000), targetDate: null },
          problems: Array.from({ length: 50 }, () => umlauts(200)),
          expectedResults: Array.from({ length: 50 }, () => umlauts(200)),
        },
      };
      expect(JSON.stringify(doc).length).toBeLessThan(MAX_SECTION_JSON_SIZE);
      // WHEN serializing THEN it is refused, with the size in bytes
      const result = serializeSection(doc);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.size).toBe(measureUtf8Bytes(JSON.stringify(doc)));
    });
  });

  describe('parsing', () => {
    it('reads back what it wrote', () => {
      const doc = savedTeam(4);
      expect(parseSection('accountTeam', jsonOf(doc))).toEqual({ ok: true, value: doc });
    });

    it('fills fields missing from an older document with their defaults', () => {
      // GIVEN a stored summary that lacks most fields WHEN parsing THEN defaults fill them in
      const json = JSON.stringify({
        ...emptySection('opportunitySummary'),
        rev: 2,
        content: { projectDescription: 'ERP roll-out' },
      });
      const result = parseSection('opportunitySummary', json);
      expect(result.ok && result.value.content).toEqual({
        ...emptyContent('opportunitySummary'),
        projectDescription: 'ERP roll-out',
      });
    });

    const broken: [string, SectionKey, string, string[]][] = [
      ['text that is not JSON', 'competition', '{"schemaVersion":1,', ['competition']],
      ['a JSON array', 'competition', '[]', ['competition']],
      ['JSON null', 'competition', 'null', ['competition']],
      [
        'a document without a schema version',
        'keyPeople',
        '{"section":"keyPeople"}',
        ['keyPeople.schemaVersion'],
      ],
      ['a schema version of 0', 'keyPeople', '{"schemaVersion":0}', ['keyPeople.schemaVersion']],
      [
        'a fractional schema version',
        'keyPeople',
        '{"schemaVersion":1.5}',
        ['keyPeople.schemaVersion'],
      ],
      [
        'a negative revision',
        'accountTeam',
        JSON.stringify({ ...emptySection('accountTeam'), rev: -1 }),
        ['accountTeam.rev'],
      ],
      [
        'a timestamp that is not ISO 8601',
        'accountTeam',
        JSON.stringify({ ...emptySection('accountTeam'), updatedAt: 'yesterday' }),
        ['accountTeam.updatedAt'],
      ],
      [
        'the document of another section',
        'accountTeam',
        JSON.stringify(emptySection('competition')),
        ['accountTeam.section'],
      ],
      [
        'content that breaks the schema',
        'keyPeople',
        JSON.stringify({
          ...emptySection('keyPeople'),
          content: { stakeholders: [{ id: 'p1', contactId: '1', familiarity: 9 }] },
        }),
        ['keyPeople.content.stakeholders.0.familiarity'],
      ],
      [
        'content that is not an object',
        'keyPeople',
        JSON.stringify({ ...emptySection('keyPeople'), content: 'none' }),
        ['keyPeople.content'],
      ],
    ];

    it.each(broken)('rejects %s, naming the section and field', (_case, key, json, paths) => {
      expect(errorPaths(key, json)).toEqual(paths);
    });

    it('explains why a non-JSON value cannot be read', () => {
      const result = parseSection('competition', '{oops');
      expect(!result.ok && result.errors[0]?.message).toMatch(/not valid JSON/);
    });

    it('rejects a document written by a newer version of the app', () => {
      // GIVEN a document of schema version CURRENT + 1 WHEN parsing THEN it is refused, not misread
      const json = JSON.stringify({ ...savedTeam(2), schemaVersion: CURRENT_SCHEMA_VERSION + 1 });
      const result = parseSection('accountTeam', json);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]?.path).toBe('accountTeam.schemaVersion');
      expect(result.errors[0]?.message).toContain('newer version');
    });

    it('has no migrations while version 1 is current', () => {
      expect(CURRENT_SCHEMA_VERSION).toBe(1);
      expect(MIGRATIONS).toEqual({});
    });

    describe('migrating', () => {
      // A hypothetical v1 → v2 → v3 history: v2 renamed `lead` to `teamLead`, v3 added nothing.
      const migrations = {
        1: (doc: unknown) => {
          const { content, ...rest } = doc as { content: { lead?: string } };
          const { lead, ...others } = content;
          return { ...rest, content: { ...others, teamLead: lead ?? null } };
        },
        2: (doc: unknown) => doc,
      };

      it('upgrades an old document step by step before validating it', () => {
        // GIVEN a v1 document with the old field name WHEN parsing with the code at v3
        const v1 = JSON.stringify({ ...savedTeam(5), schemaVersion: 1, content: { lead: '77' } });
        const result = parseSection('accountTeam', v1, { migrations, currentVersion: 3 });
        // THEN it comes back as a valid v3 document with the renamed field
        expect(result).toEqual({
          ok: true,
          value: {
            ...savedTeam(5),
            schemaVersion: 3,
            content: { teamLead: '77', members: [], externalMembers: [] },
          },
        });
      });

      it('starts at the stored version, skipping migrations already applied', () => {
        const v2 = JSON.stringify({ ...savedTeam(5), schemaVersion: 2 });
        const result = parseSection('accountTeam', v2, {
          migrations: { 1: () => ({ broken: true }), 2: migrations[2] },
          currentVersion: 3,
        });
        expect(result.ok && result.value.schemaVersion).toBe(3);
      });

      it('reports a gap in the migrations', () => {
        const v1 = JSON.stringify({ ...savedTeam(5), schemaVersion: 1 });
        expect(
          errorPaths('accountTeam', v1, { migrations: { 1: migrations[1] }, currentVersion: 3 }),
        ).toEqual(['accountTeam.schemaVersion']);
      });

      it('reports a migration that does not return an object', () => {
        const v1 = JSON.stringify({ ...savedTeam(5), schemaVersion: 1 });
        expect(
          errorPaths('accountTeam', v1, { migrations: { 1: () => 'gone' }, currentVersion: 2 }),
        ).toEqual(['accountTeam']);
      });

      it('validates the migrated document, naming the field', () => {
        const v1 = JSON.stringify({ ...savedTeam(5), schemaVersion: 1, content: { lead: '' } });
        expect(errorPaths('accountTeam', v1, { migrations, currentVersion: 3 })).toEqual([
          'accountTeam.content.teamLead',
        ]);
      });

      it('gives an empty section the current version', () => {
        const result = parseSection('accountTeam', null, { currentVersion: 3 });
        expect(result.ok && result.value.schemaVersion).toBe(3);
      });
    });

    it('round-trips every valid document through its JSON (property)', () => {
      // GIVEN any valid document of any section WHEN serialized and parsed THEN it is unchanged
      fc.assert(
        fc.property(
          sectionKeyArbitrary.chain((key) => documentArbitrary(key)),
          (doc) => {
            const result = parseSection(doc.section, jsonOf(doc));
            expect(result).toEqual({ ok: true, value: doc });
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  describe('editing', () => {
    const submitted = {
      teamLead: '11',
      members: [{ id: 'm1', ownerId: '12', role: 'Solution architect' }],
    };

    it('saves an edit made from the current revision as the next revision', () => {
      // GIVEN the stored revision 3 WHEN a seller saves from revision 3
      const result = applySectionEdit({
        current: savedTeam(3),
        content: submitted,
        baseRev: 3,
        userId: '900',
        now: NOW,
      });
      // THEN revision 4 carries the content, the editor and the time
      expect(result).toEqual({
        ok: true,
        doc: {
          schemaVersion: CURRENT_SCHEMA_VERSION,
          section: 'accountTeam',
          rev: 4,
          updatedAt: '2025-05-06T07:08:09.000Z',
          updatedBy: '900',
          content: { ...submitted, externalMembers: [] },
        },
      });
    });

    it('saves the first edit of a never-saved section as revision 1', () => {
      const result = applySectionEdit({
        current: emptySection('competition'),
        content: { noCompetitionKnown: true },
        baseRev: 0,
        userId: '900',
        now: NOW,
      });
      expect(result.ok && result.doc.rev).toBe(1);
      expect(result.ok && result.doc.content).toEqual({
        competitors: [],
        noCompetitionKnown: true,
      });
    });

    it('refuses an edit made from an older revision and says which fields differ', () => {
      // GIVEN revision 5 is stored WHEN a seller saves an edit made from revision 4
      const result = applySectionEdit({
        current: savedTeam(5),
        content: submitted,
        baseRev: 4,
        userId: '900',
        now: NOW,
      });
      // THEN it is a conflict listing the top-level fields that differ from the stored revision
      expect(result).toEqual({
        ok: false,
        conflict: { current: savedTeam(5), changedFields: ['members'] },
      });
    });

    it('reports every differing field in a conflict', () => {
      const result = applySectionEdit({
        current: savedTeam(5, null),
        content: { ...submitted, externalMembers: [{ id: 'x1', name: 'Partner AG' }] },
        baseRev: 2,
        userId: '900',
        now: NOW,
      });
      expect(!result.ok && 'conflict' in result && result.conflict.changedFields).toEqual([
        'teamLead',
        'members',
        'externalMembers',
      ]);
    });

    it('reports a conflict with no differing fields when the same content was saved meanwhile', () => {
      const result = applySectionEdit({
        current: savedTeam(5),
        content: savedTeam(5).content,
        baseRev: 4,
        userId: '900',
        now: NOW,
      });
      expect(!result.ok && 'conflict' in result && result.conflict.changedFields).toEqual([]);
    });

    it('detects a change nested inside list items', () => {
      const current = savedTeam(2);
      const result = applySectionEdit({
        current,
        content: { ...current.content, members: [{ id: 'm1', ownerId: '13', role: 'Presales' }] },
        baseRev: 1,
        userId: '900',
        now: NOW,
      });
      expect(!result.ok && 'conflict' in result && result.conflict.changedFields).toEqual([
        'members',
      ]);
    });

    it('detects a list that only changed its length', () => {
      const current = savedTeam(2);
      const result = applySectionEdit({
        current,
        content: { ...current.content, members: [] },
        baseRev: 1,
        userId: '900',
        now: NOW,
      });
      expect(!result.ok && 'conflict' in result && result.conflict.changedFields).toEqual([
        'members',
      ]);
    });

    it('rejects invalid content with paths relative to the content', () => {
      const result = applySectionEdit({
        current: savedTeam(1),
        content: { members: [{ id: 'm1', ownerId: '12', role: 'x'.repeat(201) }] },
        baseRev: 1,
        userId: '900',
        now: NOW,
      });
      expect(!result.ok && 'errors' in result && result.errors.map((e) => e.path)).toEqual([
        'members.0.role',
      ]);
    });

    it.each(['', '   '])('rejects an edit without a user id (%p)', (userId) => {
      const result = applySectionEdit({
        current: savedTeam(1),
        content: submitted,
        baseRev: 1,
        userId,
        now: NOW,
      });
      expect(!result.ok && 'errors' in result && result.errors.map((e) => e.path)).toEqual([
        'userId',
      ]);
    });

    it('produces a document that serializes and parses back unchanged', () => {
      const result = applySectionEdit({
        current: savedTeam(1),
        content: submitted,
        baseRev: 1,
        userId: '900',
        now: NOW,
      });
      if (!result.ok) throw new Error('edit failed');
      expect(parseSection('accountTeam', jsonOf(result.doc))).toEqual({
        ok: true,
        value: result.doc,
      });
    });
  });
});
