// The workflow-action and webhook definitions: every field is labelled in both languages, every
// action calls its backend route, the webhooks cover what the default scoring model reads, and
// HubSpot's project-parsing-lib still translates the project.
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/custom-workflow-actions
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/configure-webhooks
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_RETURN_REASONS } from '../../src/domain/lifecycle/index.ts';
import { DEFAULT_SCORING_PROPERTIES } from '../../src/domain/scoring/index.ts';

const root = path.resolve(__dirname, '../..');
const appDir = path.join(root, 'extensions/app');

interface Field {
  typeDefinition: { name: string; type: string; fieldType: string; options?: { value: string }[] };
  supportedValueTypes?: string[];
  isRequired?: boolean;
}
interface Labels {
  actionName: string;
  actionDescription: string;
  actionCardContent: string;
  inputFieldLabels: Record<string, string>;
  inputFieldDescriptions: Record<string, string>;
  /** Field name → option value → label (PublicActionLabels in automation-actions.json). */
  inputFieldOptionLabels?: Record<string, Record<string, string>>;
  outputFieldLabels: Record<string, string>;
}
interface WorkflowAction {
  uid: string;
  type: string;
  config: {
    actionUrl: string;
    supportedClients: { client: string }[];
    objectTypes: string[];
    inputFields: Field[];
    outputFields: Field[];
    labels: Record<string, Labels>;
  };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

const actionFiles = readdirSync(path.join(appDir, 'workflow-actions')).filter((f) =>
  f.endsWith('-hsmeta.json'),
);
const actions = actionFiles.map((file) => ({
  slug: file.replace(/-hsmeta\.json$/, ''),
  action: readJson<WorkflowAction>(path.join(appDir, 'workflow-actions', file)),
}));

const EXPECTED: Record<string, { objectTypes: string[]; inputs: string[]; outputs: string[] }> = {
  'score-lead': {
    objectTypes: ['CONTACT'],
    inputs: [],
    outputs: ['fit_score', 'engagement_score', 'total_score', 'grade', 'band', 'top_reasons'],
  },
  'hand-off-to-sales': {
    objectTypes: ['CONTACT'],
    inputs: ['sales_owner_mode', 'sales_owner_id', 'deal_name', 'existing_deal'],
    outputs: ['deal_id', 'owner_id', 'reopened', 'adopted'],
  },
  'return-to-marketing': {
    objectTypes: ['CONTACT', 'DEAL'],
    inputs: ['reason', 'note'],
    outputs: ['loop_count'],
  },
  'check-qualification': {
    objectTypes: ['DEAL'],
    inputs: [],
    outputs: [
      'verdict',
      'assessed',
      'qualification_score',
      'completeness',
      'missing_items',
      'requalification_due',
      'next_stage_id',
      'next_stage_allowed',
      'next_stage_missing',
    ],
  },
};

describe('workflow action definitions', () => {
  it('defines exactly the four backend actions', () => {
    expect(actions.map((a) => a.slug).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))('%s has the agreed object types, inputs and outputs', (slug) => {
    const { action } = actions.find((a) => a.slug === slug)!;
    expect(action.type).toBe('workflow-action');
    expect(action.config.objectTypes).toEqual(EXPECTED[slug]!.objectTypes);
    expect(action.config.inputFields.map((f) => f.typeDefinition.name)).toEqual(
      EXPECTED[slug]!.inputs,
    );
    expect(action.config.outputFields.map((f) => f.typeDefinition.name)).toEqual(
      EXPECTED[slug]!.outputs,
    );
    expect(action.config.supportedClients).toEqual([{ client: 'WORKFLOWS' }]);
  });

  it.each(Object.keys(EXPECTED))('%s calls its backend route', (slug) => {
    const { action } = actions.find((a) => a.slug === slug)!;
    expect(action.config.actionUrl).toBe(`\${BACKEND_URL}/hubspot/actions/${slug}`);
  });

  it.each(Object.keys(EXPECTED))(
    '%s labels every input and output in English and German',
    (slug) => {
      const { config } = actions.find((a) => a.slug === slug)!.action;
      const inputs = config.inputFields.map((f) => f.typeDefinition.name);
      const outputs = config.outputFields.map((f) => f.typeDefinition.name);
      for (const language of ['en', 'de']) {
        const labels = config.labels[language]!;
        for (const text of [
          labels.actionName,
          labels.actionDescription,
          labels.actionCardContent,
        ]) {
          expect(text.trim()).not.toBe('');
        }
        expect(Object.keys(labels.inputFieldLabels).sort()).toEqual([...inputs].sort());
        expect(Object.keys(labels.inputFieldDescriptions).sort()).toEqual([...inputs].sort());
        expect(Object.keys(labels.outputFieldLabels).sort()).toEqual([...outputs].sort());
        for (const text of [
          ...Object.values(labels.inputFieldLabels),
          ...Object.values(labels.inputFieldDescriptions),
          ...Object.values(labels.outputFieldLabels),
        ]) {
          expect(text.trim()).not.toBe('');
        }
      }
      // German is a translation, not a copy of the English text
      expect(config.labels.de!.actionName).not.toBe(config.labels.en!.actionName);
    },
  );

  it.each(actions.map(({ slug, action }) => [slug, action] as const))(
    '%s labels every option of every select in English and German (inputFieldOptionLabels)',
    (_slug, action) => {
      const selects = action.config.inputFields.filter((f) => f.typeDefinition.options);
      for (const language of ['en', 'de']) {
        const optionLabels = action.config.labels[language]!.inputFieldOptionLabels ?? {};
        expect(Object.keys(optionLabels).sort()).toEqual(
          selects.map((f) => f.typeDefinition.name).sort(),
        );
        for (const field of selects) {
          const labels = optionLabels[field.typeDefinition.name]!;
          expect(Object.keys(labels)).toEqual(field.typeDefinition.options!.map((o) => o.value));
          expect(Object.values(labels).every((label) => label.trim().length > 0)).toBe(true);
        }
      }
    },
  );

  it('labels the return reasons in German as the settings page does', () => {
    const action = actions.find((a) => a.slug === 'return-to-marketing')!.action;
    expect(action.config.labels.de!.inputFieldOptionLabels!.reason).toEqual(
      Object.fromEntries(DEFAULT_RETURN_REASONS.map((reason) => [reason.code, reason.label.de])),
    );
    expect(action.config.labels.de!.inputFieldOptionLabels!.reason!.no_budget).toBe('Kein Budget');
  });

  it('offers the eight default return reasons and the three owner modes as selects', () => {
    const options = (slug: string, name: string) =>
      actions
        .find((a) => a.slug === slug)!
        .action.config.inputFields.find((f) => f.typeDefinition.name === name)!
        .typeDefinition.options!.map((o) => o.value);
    expect(options('return-to-marketing', 'reason')).toEqual([
      'no_budget',
      'no_authority',
      'no_need',
      'bad_timing',
      'competitor_preferred',
      'not_a_good_deal',
      'needs_nurturing',
      'other',
    ]);
    expect(options('hand-off-to-sales', 'sales_owner_mode')).toEqual([
      'explicit',
      'round_robin',
      'keep',
    ]);
    // Existing open deals are adopted by default; a new deal is the explicit choice.
    expect(options('hand-off-to-sales', 'existing_deal')).toEqual(['adopt_newest', 'create_new']);
  });
});

interface Webhooks {
  type: string;
  config: {
    settings: { targetUrl: string; maxConcurrentRequests: number };
    subscriptions: {
      legacyCrmObjects: { subscriptionType: string; propertyName?: string; active: boolean }[];
      hubEvents: { subscriptionType: string; active: boolean }[];
    };
  };
}

describe('webhook definition', () => {
  const webhooks = readJson<Webhooks>(path.join(appDir, 'webhooks/webhooks-hsmeta.json'));
  const legacy = webhooks.config.subscriptions.legacyCrmObjects;

  it('delivers to the backend', () => {
    expect(webhooks.type).toBe('webhooks');
    expect(webhooks.config.settings.targetUrl).toBe('${BACKEND_URL}/hubspot/webhooks');
  });

  it('subscribes to every contact property the default scoring model reads', () => {
    const watched = legacy
      .filter((s) => s.subscriptionType === 'contact.propertyChange' && s.active)
      .map((s) => s.propertyName);
    expect(DEFAULT_SCORING_PROPERTIES.length).toBeGreaterThan(0);
    expect(watched).toEqual(expect.arrayContaining([...DEFAULT_SCORING_PROPERTIES]));
  });

  it('subscribes to new contacts, deal stage changes and privacy deletions', () => {
    expect(legacy).toContainEqual({ subscriptionType: 'contact.creation', active: true });
    expect(legacy).toContainEqual({
      subscriptionType: 'deal.propertyChange',
      propertyName: 'dealstage',
      active: true,
    });
    expect(webhooks.config.subscriptions.hubEvents).toContainEqual({
      subscriptionType: 'contact.privacyDeletion',
      active: true,
    });
  });
});

describe('the project with these definitions', () => {
  it("still translates with HubSpot's project-parsing-lib", () => {
    const run = spawnSync(
      process.execPath,
      [path.join(root, 'scripts/validate-project.mjs'), root],
      {
        encoding: 'utf8',
        cwd: root,
      },
    );
    const result = JSON.parse(run.stdout) as {
      ok: boolean;
      errors: string[];
      components: { uid: string; type: string }[];
    };
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.components).toEqual(
      expect.arrayContaining([
        { uid: 'opportunity_plan_webhooks', type: 'WEBHOOKS' },
        { uid: 'score_lead_action', type: 'WORKFLOW_ACTION' },
        { uid: 'hand_off_to_sales_action', type: 'WORKFLOW_ACTION' },
        { uid: 'return_to_marketing_action', type: 'WORKFLOW_ACTION' },
        { uid: 'check_qualification_action', type: 'WORKFLOW_ACTION' },
        { uid: 'opportunity_plan_settings', type: 'SETTINGS' },
        { uid: 'opportunity_plan_loop_page', type: 'PAGE' },
      ]),
    );
  });
});

describe('scopes', () => {
  const app = readJson<{
    config: { auth: { requiredScopes: string[]; optionalScopes: string[] } };
  }>(path.join(appDir, 'app-hsmeta.json'));
  // The first column of docs/hubspot-scopes.md's table: one row per scope, each justified.
  const documented = readFileSync(path.join(root, 'docs/hubspot-scopes.md'), 'utf8')
    .split('\n')
    .map((line) => /^\| `([a-z.\-_]+)`\s*\|(.+)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null);

  it('justifies exactly the required and optional scopes in docs/hubspot-scopes.md', () => {
    expect(documented.map((match) => match[1]).sort()).toEqual(
      [...app.config.auth.requiredScopes, ...app.config.auth.optionalScopes].sort(),
    );
    // every row names at least one operation and a reason
    for (const match of documented)
      expect(match[2]!.split('|').filter((c) => c.trim())).toHaveLength(2);
    // Only the Leads object is optional: portals without Sales Hub do not have it.
    expect(app.config.auth.optionalScopes.sort()).toEqual([
      'crm.objects.leads.read',
      'crm.objects.leads.write',
    ]);
  });

  it('asks for automation: HubSpot’s spec guards the only automation call with it', () => {
    const spec = readJson<{
      paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
    }>(path.join(root, 'vendor/hubspot-openapi/2026-09/automation-actions.json'));
    const complete =
      spec.paths['/automation/actions/callbacks/2026-09/{callbackId}/complete']!.post!;
    expect(complete.security).toContainEqual({ oauth2: ['automation'] });
    expect(app.config.auth.requiredScopes).toContain('automation');
  });
});
