import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

interface ValidationResult {
  ok: boolean;
  errors: string[];
  components: { uid: string; type: string }[];
}

function validate(projectDir: string, profile = 'local'): ValidationResult {
  const run = spawnSync(
    process.execPath,
    [path.join(root, 'scripts/validate-project.mjs'), projectDir, profile],
    { encoding: 'utf8', cwd: root },
  );
  return JSON.parse(run.stdout) as ValidationResult;
}

describe("HubSpot's project-parsing-lib", () => {
  it('translates extensions/ without errors and every uid is valid', () => {
    const result = validate(root);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.components).toContainEqual({ uid: 'opportunity_plan_app', type: 'APPLICATION' });
  });

  it('resolves every profile variable with the production profile too', () => {
    expect(validate(root, 'prod')).toMatchObject({ ok: true, errors: [] });
  });

  it('reports a broken hsmeta file and an invalid uid (the check can fail)', () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'op-project-'));
    try {
      cpSync(path.join(root, 'hsproject.json'), path.join(copy, 'hsproject.json'));
      cpSync(path.join(root, 'extensions'), path.join(copy, 'extensions'), { recursive: true });
      writeFileSync(path.join(copy, 'extensions/app/broken-hsmeta.json'), '{ not json');
      writeFileSync(
        path.join(copy, 'extensions/app/bad-uid-hsmeta.json'),
        JSON.stringify({ uid: 'has spaces!', type: 'card', config: {} }),
      );
      const result = validate(copy);
      expect(result.ok).toBe(false);
      expect(result.errors.some((error) => error.includes('broken-hsmeta.json'))).toBe(true);
      expect(result.errors).toContain('invalid uid "has spaces!"');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('the app definition and the backend agree', () => {
  it('asks HubSpot at install for exactly the scopes app-hsmeta.json requires', async () => {
    const { OPTIONAL_SCOPES, REQUIRED_SCOPES } =
      await import('../src/server/routes/oauth-routes.ts');
    const app = JSON.parse(
      readFileSync(path.join(root, 'extensions/app/app-hsmeta.json'), 'utf8'),
    ) as {
      config: { auth: { requiredScopes: string[]; optionalScopes: string[] } };
    };
    expect([...REQUIRED_SCOPES].sort()).toEqual([...app.config.auth.requiredScopes].sort());
    expect([...OPTIONAL_SCOPES].sort()).toEqual([...app.config.auth.optionalScopes].sort());
  });
});
