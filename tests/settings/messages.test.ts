// Key parity of the settings page's and the app page's catalogues: every English text has a
// German one with the same placeholders.
import { de as pageDe } from '../../extensions/app/pages/messages/de.ts';
import { en as pageEn } from '../../extensions/app/pages/messages/en.ts';
import { de as settingsDe } from '../../extensions/app/settings/messages/de.ts';
import { en as settingsEn } from '../../extensions/app/settings/messages/en.ts';
import { OPERATORS, LIFECYCLE_STAGES } from '../../extensions/app/settings/lib/catalog.ts';

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe.each([
  ['settings page', settingsEn as Record<string, string>, settingsDe as Record<string, string>],
  ['app page', pageEn as Record<string, string>, pageDe as Record<string, string>],
])('%s messages', (_name, en, de) => {
  it('have the same keys in English and German', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it('are never blank and keep every placeholder', () => {
    for (const key of Object.keys(en)) {
      expect(en[key]!.trim()).not.toBe('');
      expect(de[key]!.trim()).not.toBe('');
      expect(placeholders(de[key]!)).toEqual(placeholders(en[key]!));
    }
  });
});

describe('settings messages', () => {
  it('name every operator and every lifecycle stage', () => {
    for (const op of OPERATORS) expect(settingsEn).toHaveProperty(`op_${op}`);
    for (const stage of LIFECYCLE_STAGES) expect(settingsEn).toHaveProperty(`stage_${stage}`);
  });
});
