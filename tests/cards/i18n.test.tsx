import {
  catalogueKeys,
  createI18n,
  interpolate,
  languageOf,
} from '../../extensions/app/cards/lib/i18n.ts';
import { de } from '../../extensions/app/cards/lib/messages/de.ts';
import { en } from '../../extensions/app/cards/lib/messages/en.ts';

describe('card catalogues', () => {
  it('have exactly the same keys in English and German', () => {
    // GIVEN both catalogues WHEN their leaf keys are listed THEN they are the same list
    expect(catalogueKeys(de)).toEqual(catalogueKeys(en));
    expect(catalogueKeys(en).length).toBeGreaterThan(200);
  });

  it('have no empty text and keep every placeholder of the English text in German', () => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of catalogueKeys(en)) {
      const english = key
        .split('.')
        .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], en);
      const german = key
        .split('.')
        .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], de);
      expect(typeof german === 'string' && german.length > 0).toBe(true);
      expect([key, placeholders(german as string)]).toEqual([key, placeholders(english as string)]);
    }
  });

  it('use the German sales terms', () => {
    expect(de.lead.title).toBe('Leadqualifizierung');
    expect(de.handOff.title).toBe('Lead-Übergabe an den Vertrieb');
    expect(de.plan.title).toBe('Opportunity Plan');
    expect(de.sections).toEqual({
      accountTeam: 'Account-Team',
      customerProfile: 'Kundenprofil',
      opportunitySummary: 'Zusammenfassung der Opportunity',
      buyingProcess: 'Meilensteine und Kaufprozess',
      keyPeople: 'Schlüsselpersonen und Entscheidungskriterien',
      competition: 'Wettbewerbsanalyse',
    });
    expect(de.returnToMarketing.title).toBe('Rückgabe an das Marketing');
  });
});

describe('languageOf', () => {
  it.each([
    ['de', 'de'],
    ['de-DE', 'de'],
    ['de-AT', 'de'],
    ['DE-ch', 'de'],
    ['en-US', 'en'],
    ['fr', 'en'],
    ['dev', 'en'],
    [undefined, 'en'],
    ['', 'en'],
  ])('maps locale %p to %p', (locale, language) => {
    expect(languageOf(locale)).toBe(language);
  });
});

describe('createI18n', () => {
  it('formats days, amounts and numbers for the user locale', () => {
    const german = createI18n('de-DE', 'Europe/Berlin');
    const english = createI18n('en-US', 'America/New_York');
    // A calendar day never shifts with the time zone.
    expect(german.formatDate('2026-03-01')).toBe('01.03.2026');
    expect(english.formatDate('2026-03-01')).toBe('Mar 1, 2026');
    // Intl separates the currency sign with a no-break space.
    expect(german.formatAmount('1234.5', 'EUR').replace(/\s/g, ' ')).toBe('1.234,50 €');
    expect(english.formatAmount(1234.5, 'USD')).toBe('$1,234.50');
    expect(english.formatAmount(null, 'USD')).toBe('—');
    expect(german.formatNumber(12345)).toBe('12.345');
  });

  it('picks the backend text of the user language', () => {
    expect(createI18n('de-CH').pick({ en: 'No budget', de: 'Kein Budget' })).toBe('Kein Budget');
    expect(createI18n('it-IT').pick({ en: 'No budget', de: 'Kein Budget' })).toBe('No budget');
  });

  it('formats ICU templates: arguments, plurals and numbers per locale', () => {
    const template = '{count, plural, one {# contact} other {# contacts}} of {total, number}';
    expect(interpolate(template, { count: 1, total: 12000 }, 'en')).toBe('1 contact of 12,000');
    expect(interpolate(template, { count: 2, total: 12000 }, 'en')).toBe('2 contacts of 12,000');
    expect(interpolate('{n, plural, one {# Kontakt} other {# Kontakte}}', { n: 1200 }, 'de')).toBe(
      '1.200 Kontakte',
    );
  });

  it('shows a template whose value is missing verbatim instead of breaking the card', () => {
    expect(interpolate('{a} of {b}', { a: 1 })).toBe('{a} of {b}');
  });
});
