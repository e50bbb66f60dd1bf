// The German catalogues keep to docs/glossary-de.md: none uses a variant the glossary forbids
// (its "not" column) or a phrase it replaced, and every one addresses the user as "Sie".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { de as cardsDe } from '../../extensions/app/cards/lib/messages/de.ts';
import { de as pagesDe } from '../../extensions/app/pages/messages/de.ts';
import { de as settingsDe } from '../../extensions/app/settings/messages/de.ts';
import { SECTIONS } from '../../extensions/app/settings/lib/catalog.ts';

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

const CATALOGUES = {
  cards: texts(cardsDe),
  pages: texts(pagesDe),
  settings: [...texts(settingsDe), ...SECTIONS.map((section) => section.label.de)],
};

describe('German catalogues against the glossary', () => {
  const variants = forbidden();

  it('reads the forbidden variants from the glossary', () => {
    expect(variants).toEqual(expect.arrayContaining(['Besitzer', 'Rundlauf', 'Bewertung']));
    expect(variants).toContain('Zusammenfassung des Opportunity-Profils');
  });

  it.each(Object.entries(CATALOGUES))('the %s catalogue uses none of them', (_name, all) => {
    const found = all.flatMap((text) =>
      variants
        .filter((variant) => new RegExp(`(^|[^\\p{L}])${variant}`, 'u').test(text))
        .map((variant) => ({ variant, text })),
    );
    expect(found).toEqual([]);
  });

  it.each(Object.entries(CATALOGUES))('the %s catalogue never says "du"', (_name, all) => {
    const informal = all.filter((text) => /\b(du|dich|dir|dein|deine)\b/i.test(text));
    expect(informal).toEqual([]);
  });
});
