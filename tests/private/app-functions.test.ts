// The generated private project, end to end: `npm run build:private` output translates with
// HubSpot's project-parsing-lib, and each generated function, loaded and run by HubSpot's own local
// executor (@hubspot/app-functions-dev-server) with a static token for the local portal's demo
// portal, answers exactly what the express route answers for the same input.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createStateRecords } from '../../src/private/state-records.ts';
import { startHarness, type Harness } from '../server/harness.ts';
import { APP_SCOPES } from '../../src/local-portal/server.ts';
import { privateBuild } from './private-build.ts';

// The private build asks for the app's scopes, `oauth` included as in HubSpot's static-private
// template (scripts/build-private.mjs).
const PRIVATE_SCOPES = [...APP_SCOPES];

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
let projectDir: string;
let functionsDir: string;
let h: Harness;
let appDir: string;
let portalServer: Server;
let buildSummary: { ok: boolean; functions: { name: string; uid: string; bytes: number }[] };

/** HubSpot's executor in a child process of its own, kept warm between calls. */
let executor: ChildProcessWithoutNullStreams;
const answers: ((line: string) => void)[] = [];

/** Runs one generated function in HubSpot's executor. */
async function callFunction(name: string, parameters: Record<string, unknown>): Promise<unknown> {
  const line = await new Promise<string>((resolve) => {
    answers.push(resolve);
    executor.stdin.write(
      `${JSON.stringify({ name, parameters: { portalId: h.demoPortalId, userId: '501', ...parameters } })}\n`,
    );
  });
  const answer = JSON.parse(line) as { response?: unknown; error?: string };
  if (answer.error !== undefined) throw new Error(`${name}: ${answer.error}`);
  return answer.response;
}

beforeAll(async () => {
  // GIVEN the private project built from the sources (once per source state, in os.tmpdir())
  const build = await privateBuild();
  projectDir = build.dir;
  functionsDir = path.join(projectDir, 'src/app/functions');
  buildSummary = build.summary;
  // AND the local portal with the marketplace backend installed in the demo portal
  h = await startHarness();
  await h.install(h.demoPortalId);
  // AND the app's static token and state object, as HubSpot's executor reads them from .env
  const token = h.portal.oauth.issueTokens({
    portalId: h.demoPortalId,
    scopes: PRIVATE_SCOPES,
  }).access_token;
  // The same local portal, served on a second port whose URL this test knows.
  portalServer = createServer(h.portal.app);
  await new Promise<void>((resolve) => portalServer.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(portalServer.address() as AddressInfo).port}`;
  await createStateRecords({
    basePath: baseUrl,
    getAccessToken: async () => token,
    objectType: 'notes',
  }).ensureSchema();
  appDir = mkdtempSync(path.join(tmpdir(), 'op-private-app-'));
  const manifestDir = path.join(appDir, 'app.functions');
  mkdirSync(manifestDir);
  // The executor reads the legacy manifest; each entry points at the generated 2026.03 bundle.
  writeFileSync(
    path.join(manifestDir, 'serverless.json'),
    JSON.stringify({
      runtime: 'nodejs20.x',
      version: '1.0',
      appFunctions: Object.fromEntries(
        buildSummary.functions.map(({ name }) => [
          name,
          { file: path.relative(manifestDir, path.join(functionsDir, `${name}.js`)), secrets: [] },
        ]),
      ),
    }),
  );
  writeFileSync(
    path.join(manifestDir, '.env'),
    [
      `PRIVATE_APP_ACCESS_TOKEN=${token}`,
      `HUBSPOT_API_BASE_URL=${baseUrl}`,
      'OPPORTUNITY_PLAN_STATE_OBJECT=notes',
      'LOG_LEVEL=silent',
    ].join('\n'),
  );
  executor = spawn(process.execPath, [path.join(__dirname, 'run-app-function.mjs'), appDir], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  }) as unknown as ChildProcessWithoutNullStreams;
  createInterface({ input: executor.stdout }).on('line', (line) => answers.shift()?.(line));
  executor.once('exit', (code) => {
    for (const answer of answers.splice(0)) answer(JSON.stringify({ error: `exited ${code}` }));
  });
}, 600_000);

afterAll(async () => {
  if (executor) {
    const exited = new Promise((resolve) => executor.once('exit', resolve));
    executor.stdin.end();
    await exited;
  }
  await new Promise<void>((resolve) =>
    portalServer ? portalServer.close(() => resolve()) : resolve(),
  );
  portalServer?.closeAllConnections();
  await h?.close();
  if (appDir) rmSync(appDir, { recursive: true, force: true });
});

describe('the generated private project', () => {
  it('builds one function per card operation and translates with HubSpot’s project-parsing-lib', async () => {
    expect(buildSummary.ok).toBe(true);
    expect(buildSummary.functions.map((f) => f.name)).toContain('get-plan');
    // Each bundle holds what its handler needs, not @hubspot/api-client's generated client
    // (4.5 MB, which its package index loads for one table of association type ids).
    for (const { name, bytes } of buildSummary.functions) {
      expect([name, bytes < 1_500_000]).toEqual([name, true]);
    }
    const { stdout } = await run(
      process.execPath,
      [path.join(root, 'scripts/validate-project.mjs'), projectDir],
      { cwd: root },
    );
    const result = JSON.parse(stdout) as { ok: boolean; components: { type: string }[] };
    expect(result).toMatchObject({ ok: true, errors: [] });
    expect(result.components.filter((c) => c.type === 'APP_FUNCTION')).toHaveLength(
      buildSummary.functions.length,
    );
    const app = JSON.parse(readFileSync(path.join(projectDir, 'src/app/app-hsmeta.json'), 'utf8'));
    expect(app.config).toMatchObject({ distribution: 'private', auth: { type: 'static' } });
    expect(app.config.auth.requiredScopes).toContain('oauth');
  });

  it('swaps the cards’ backend module for the hubspot.serverless one', () => {
    const api = readFileSync(path.join(projectDir, 'src/app/cards/lib/api.ts'), 'utf8');
    expect(api).toContain('hubspot.serverless');
    expect(api).not.toContain('../../../');
    expect(api).toContain("from './fetch-api.ts'");
  });
});

describe('each function answers as its express route', () => {
  it('loads a plan', async () => {
    const dealId = h.seed.dealIds[0]!;
    const viaExpress = await h.card('GET', `/api/deals/${dealId}/plan`);
    expect(viaExpress.ok).toBe(true);
    expect(await callFunction('get-plan', { dealId })).toEqual(viaExpress);
  });

  it('reads and rescores a contact’s qualification', async () => {
    const contactId = h.seed.contactIds[0]!;
    expect(await callFunction('get-qualification', { contactId })).toEqual(
      await h.card('GET', `/api/contacts/${contactId}/qualification`),
    );
    const viaFunction = await callFunction('rescore-contact', { contactId });
    expect(viaFunction).toEqual(await h.card('POST', `/api/contacts/${contactId}/rescore`));
  });

  it('saves a section once and refuses the stale revision identically', async () => {
    // GIVEN a deal whose section is saved through the function
    const dealId = h.seed.dealIds[1]!;
    const content = { steps: [], customerDeadlines: [] };
    const saved = (await callFunction('save-section', {
      dealId,
      section: 'buyingProcess',
      rev: 0,
      content,
    })) as { ok: boolean };
    expect(saved.ok).toBe(true);
    // THEN express reads what the function wrote, and both refuse the now-stale revision alike
    expect(await callFunction('get-plan', { dealId })).toEqual(
      await h.card('GET', `/api/deals/${dealId}/plan`),
    );
    // (a stale revision with other content: resending exactly what is stored counts as done)
    const other = {
      steps: [],
      customerDeadlines: [{ id: 'board', name: 'Board meeting', date: '2027-03-01' }],
    };
    const stale = await callFunction('save-section', {
      dealId,
      section: 'buyingProcess',
      rev: 0,
      content: other,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(stale).toEqual(
      await h.card('PUT', `/api/deals/${dealId}/plan/buyingProcess`, { rev: 0, content: other }),
    );
  });

  it.each([
    ['get-plan', { dealId: 'abc' }, 'GET', '/api/deals/abc/plan', undefined],
    [
      'save-section',
      { dealId: '1', section: 'nope', rev: 0 },
      'PUT',
      '/api/deals/1/plan/nope',
      { rev: 0 },
    ],
    ['hand-off', { contactId: 'x1', input: {} }, 'POST', '/api/contacts/x1/hand-off', {}],
    ['get-loop-analytics', { weeks: 99 }, 'GET', '/api/analytics/loop?weeks=99', undefined],
  ])(
    'rejects invalid input to %s with the same field errors',
    async (name, parameters, method, url, body) => {
      const viaExpress = await h.card(method, url, body);
      expect(viaExpress.ok).toBe(false);
      expect(await callFunction(name, parameters)).toEqual(viaExpress);
    },
  );

  it('reads and saves settings with the same versioning', async () => {
    const viaExpress = (await h.card('GET', '/api/settings')) as {
      ok: boolean;
      data: { version: number; settings: unknown };
    };
    const viaFunction = (await callFunction('get-settings', {})) as typeof viaExpress;
    expect(viaFunction.ok).toBe(true);
    // The function keeps its settings in HubSpot, express in its own database: same shape, same defaults.
    expect(viaFunction.data.settings).toEqual(
      ((await h.card('GET', '/api/settings')) as typeof viaExpress).data.settings,
    );
    const saved = await callFunction('put-settings', {
      version: viaFunction.data.version,
      settings: viaFunction.data.settings,
    });
    expect(saved).toMatchObject({ ok: true, data: { version: viaFunction.data.version + 1 } });
    const stale = await callFunction('put-settings', {
      version: viaFunction.data.version,
      settings: viaFunction.data.settings,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const invalid = await callFunction('put-settings', {
      version: 0,
      settings: { scoring: { version: 1 } },
    });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(viaExpress.ok).toBe(true);
  });

  it('reports loop analytics', async () => {
    // The period ends "now", which moves between the two calls: compare everything else.
    const withoutInstants = (answer: unknown) => {
      const { data } = answer as { data: { period: { weeks: number } } };
      return { ...(answer as object), data: { ...data, period: { weeks: data.period.weeks } } };
    };
    expect(withoutInstants(await callFunction('get-loop-analytics', { weeks: 8 }))).toEqual(
      withoutInstants(await h.card('GET', '/api/analytics/loop?weeks=8')),
    );
  });
});
