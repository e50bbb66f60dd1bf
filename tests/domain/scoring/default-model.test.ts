import {
  DEFAULT_MODEL_PROPERTY_SOURCE,
  DEFAULT_SCORING_MODEL,
  DEFAULT_SCORING_PROPERTIES,
  evaluate,
  formatReasons,
  validateModel,
} from '../../../src/domain/scoring/index.ts';
import { daysAgo, daysAgoIso, NOW } from './model-builders.ts';

const vp = {
  firstname: 'Jana',
  jobtitle: 'VP of Sales',
  email: 'jana.berger@acme-industries.com',
  numemployees: '500-1000',
  annualrevenue: '50000000',
  industry: 'Computer Software',
  country: 'Germany',
  hs_analytics_num_page_views: '25',
  hs_analytics_num_visits: '6',
  hs_analytics_last_visit_timestamp: daysAgo(2),
  num_conversion_events: '2',
  recent_conversion_date: daysAgo(5),
  hs_email_last_open_date: daysAgoIso(3),
  hs_email_last_click_date: daysAgoIso(3),
};

const student = {
  jobtitle: 'Student',
  email: 'max.muster@gmail.com',
  hs_analytics_num_page_views: '2',
  hs_analytics_num_visits: '1',
  hs_analytics_last_visit_timestamp: daysAgo(40),
};

describe('DEFAULT_SCORING_MODEL', () => {
  it('is a valid model', () => {
    expect(validateModel(DEFAULT_SCORING_MODEL)).toEqual({
      ok: true,
      value: DEFAULT_SCORING_MODEL,
    });
  });

  it('reads only standard HubSpot contact properties, listed for subscriptions', () => {
    expect(DEFAULT_SCORING_PROPERTIES).toEqual([
      'annualrevenue',
      'country',
      'email',
      'hs_analytics_last_visit_timestamp',
      'hs_analytics_num_page_views',
      'hs_analytics_num_visits',
      'hs_email_last_click_date',
      'hs_email_last_open_date',
      'hs_sales_email_last_replied',
      'industry',
      'jobtitle',
      'num_conversion_events',
      'numemployees',
      'recent_conversion_date',
    ]);
    expect(DEFAULT_MODEL_PROPERTY_SOURCE).toMatch(/^https:\/\/knowledge\.hubspot\.com\//);
  });

  it('gives every rule a property label for its explanation', () => {
    const rules = [
      ...DEFAULT_SCORING_MODEL.fit.groups,
      ...DEFAULT_SCORING_MODEL.engagement.groups,
    ].flatMap((group) => group.rules);
    expect(rules.every((rule) => rule.propertyLabel !== undefined)).toBe(true);
  });

  it('scores a VP at a 500-employee company far above a student with a gmail address', () => {
    // GIVEN a realistic decision maker and a student
    // WHEN both are scored with the default model
    const vpResult = evaluate(vp, DEFAULT_SCORING_MODEL, NOW);
    const studentResult = evaluate(student, DEFAULT_SCORING_MODEL, NOW);
    // THEN the VP is a sales-qualified A1 lead and the student a C3 lead
    expect(vpResult.total).toBeGreaterThan(studentResult.total);
    expect(vpResult).toMatchObject({ fit: 60, grade: 'A1', band: 'sql' });
    expect(vpResult.engagement).toBeGreaterThanOrEqual(25);
    expect(studentResult).toMatchObject({
      fit: 0,
      engagement: 0,
      total: 0,
      grade: 'C3',
      band: 'lead',
    });
    // AND the reasons explain it
    expect(formatReasons(vpResult, 'en', 2)).toBe(
      '+18 Job title VP; +14 Company size 100+ (size range)',
    );
    // (the floor of 0 took the student's negative points, but they still explain the score)
    expect(studentResult.reasons.map((r) => [r.ruleId, r.points, r.capped])).toEqual([
      ['title-student', 0, true],
      ['free-mail-gmail-com', 0, true],
    ]);
    expect(studentResult.reasons[0]?.why.en).toBe(
      'Job title contains "student" (-15 not counted: the score does not go below 0)',
    );
  });

  it('treats a numeric employee count like the dropdown ranges', () => {
    const numeric = evaluate({ numemployees: '250' }, DEFAULT_SCORING_MODEL, NOW);
    const range = evaluate({ numemployees: '100-500' }, DEFAULT_SCORING_MODEL, NOW);
    expect(numeric.fit).toBe(15);
    expect(range.fit).toBe(15);
    expect(evaluate({ numemployees: '40' }, DEFAULT_SCORING_MODEL, NOW).fit).toBe(8);
  });

  it('lets engagement fade: the same activity a year later counts for little', () => {
    const later = new Date(NOW.getTime() + 365 * 86_400_000);
    expect(evaluate(vp, DEFAULT_SCORING_MODEL, later).engagement).toBeLessThan(
      evaluate(vp, DEFAULT_SCORING_MODEL, NOW).engagement / 4,
    );
  });
});
