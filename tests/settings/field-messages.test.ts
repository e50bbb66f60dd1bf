// The settings page shows the backend's field messages in German: every message the domain's
// settings validation gives for common mistakes has a German text (none falls back to the
// generic "please check"), and the limits keep their numbers, in German digits.
import { localizeFieldMessage } from '../../extensions/app/settings/lib/field-messages.ts';
import { DEFAULT_SETTINGS, validateSettings } from '../../src/domain/settings.ts';

const FALLBACK = /^Bitte prüfen Sie diesen Wert/;

type Draft = typeof DEFAULT_SETTINGS;
const firstRule = (s: Draft) => s.scoring.fit.groups[0]!.rules[0]!;

function messagesFor(mutate: (settings: Draft) => void): string[] {
  const settings = structuredClone(DEFAULT_SETTINGS);
  mutate(settings);
  const result = validateSettings(settings);
  if (result.ok) throw new Error('expected the settings to be refused');
  return result.errors.map((error) => error.message);
}

describe('German field messages', () => {
  it.each([
    ['points above the limit', (s: Draft) => (firstRule(s).points = 5000)],
    ['fractional points', (s: Draft) => (firstRule(s).points = 1.5)],
    ['a blank rule id', (s: Draft) => (firstRule(s).id = '')],
    ['a bad property name', (s: Draft) => (firstRule(s).property = 'Job Title')],
    ['SQL below MQL', (s: Draft) => (s.scoring.thresholds.sql = s.scoring.thresholds.mql - 1)],
    ['grade A below B', (s: Draft) => (s.scoring.grades.fit.A = s.scoring.grades.fit.B - 1)],
    ['no won stage', (s: Draft) => (s.lifecycle.wonStageIds = [])],
    ['no return reason', (s: Draft) => (s.lifecycle.returnReasons = [])],
    [
      'a bad owner language',
      (s: Draft) => (s.lifecycle.ownerLanguages = { default: 'fr' } as never),
    ],
    [
      'a configured return owner without an owner',
      (s: Draft) => {
        delete s.lifecycle.marketingOwnerId;
        s.lifecycle.returnOwner = { mode: 'configured' };
      },
    ],
  ])('has German for %s', (_name, mutate) => {
    const messages = messagesFor(mutate);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      const german = localizeFieldMessage(message, 'de');
      expect({ message, german }).toEqual({ message, german: expect.not.stringMatching(FALLBACK) });
    }
  });

  it('keeps the limit in German digits and the rule it concerns', () => {
    expect(localizeFieldMessage('rule "vp": expected at most 1000 points', 'de')).toBe(
      'Regel „vp“: Höchstens 1.000 Punkte.',
    );
    expect(localizeFieldMessage('expected at most 1000 points', 'en')).toBe(
      'expected at most 1000 points',
    );
  });

  it('asks to check the value, in German, for a message it does not know', () => {
    expect(localizeFieldMessage('something new', 'de')).toBe(
      'Bitte prüfen Sie diesen Wert (something new).',
    );
  });
});
