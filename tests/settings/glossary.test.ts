// Every German text a user reads keeps to docs/glossary-de.md: the three UI catalogues, and the
// backend's texts (notes, tasks, toasts, error messages, score explanations, property labels, the
// workflow actions' labels, the settings page's field messages; collected by german-texts.ts).
// None uses a variant the glossary forbids (its "not" column) or a phrase it replaced, and none
// addresses the user as "du".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { de as cardsDe } from '../../extensions/app/cards/lib/messages/de.ts';
import { de as pagesDe } from '../../extensions/app/pages/messages/de.ts';
import { de as settingsDe } from '../../extensions/app/settings/messages/de.ts';
import { SECTIONS } from '../../extensions/app/settings/lib/catalog.ts';
import { backendGermanTexts } from './german-texts.ts';

const glossary = readFileSync(join(__dirname, '../../docs/glossary-de.md'), 'utf8');

/** The forbidden variants: the table's third column, and the left side of each fixed phrase. */
function forbidden(): string[] {
  const variants = glossary
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*(English|-)/.test(line))
    .flatMap((line) => (line.split('|')[3] ?? '').split(','))
    .map((variant) => variant.trim())
    .filter((variant) => variant !== '' && variant !== '—');
  const phrases = [...glossary.matchAll(/"([^"]+)" → "/g)].map((match) => match[1]!);
  return [...variants, ...phrases];
}

/** Every string of a catalogue, however deeply nested. */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(texts);
  return [];
}

const backend = backendGermanTexts();

const CATALOGUES: Record<string, string[]> = {
  cards: texts(cardsDe),
  pages: texts(pagesDe),
  settings: [...texts(settingsDe), ...SECTIONS.map((section) => section.label.de)],
  ...Object.fromEntries(
    Object.entries(backend).map(([name, found]) => [
      name,
      found.map(({ text, where }) => `${text} [${where}]`),
    ]),
  ),
};

/**
 * Whether a text uses a variant: as a word or at the start of a word or compound ("Bewertung",
 * "Fit-Bewertung", "Bewertungen"). A compound that ends in one ("Budgetverantwortlicher") may be
 * another concept, so the glossary lists such compounds itself ("Qualifizierungsbewertung").
 */
function uses(text: string, variant: string): boolean {
  const escaped = variant.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}])${escaped}`, 'u').test(text);
}

describe('German catalogues against the glossary', () => {
  const variants = forbidden();

  it('reads the forbidden variants from the glossary', () => {
    expect(variants).toEqual(expect.arrayContaining(['Besitzer', 'Rundlauf', 'Bewertung']));
    expect(variants).toContain('Zusammenfassung des Opportunity-Profils');
  });

  it('collects the backend texts', () => {
    // Notes, explanations, refusals and the workflow actions all have German texts.
    expect(backend['backend and library sources']!.length).toBeGreaterThan(300);
    expect(backend['workflow actions']!.length).toBeGreaterThan(20);
    expect(backend['settings field messages']!.length).toBeGreaterThan(40);
    const all = backend['backend and library sources']!.map((found) => found.text);
    expect(all).toContain('Fit-Score');
  });

  it('finds a variant as a word and at the start of a compound, not inside another word', () => {
    expect(uses('Fit-Bewertung A', 'Bewertung')).toBe(true);
    expect(uses('Die Bewertungen fehlen', 'Bewertung')).toBe(true);
    expect(uses('Bewertet am', 'Bewertung')).toBe(false);
    expect(uses('Fußnote', 'Note')).toBe(false);
    expect(variants).toContain('Qualifizierungsbewertung');
  });

  it.each(Object.entries(CATALOGUES))('the %s texts use none of them', (_name, all) => {
    const found = all.flatMap((text) =>
      variants.filter((variant) => uses(text, variant)).map((variant) => ({ variant, text })),
    );
    expect(found).toEqual([]);
  });

  it.each(Object.entries(CATALOGUES))('the %s texts never say "du"', (_name, all) => {
    const informal = all.filter((text) => /\b(du|dich|dir|dein|deine)\b/i.test(text));
    expect(informal).toEqual([]);
  });
});
