import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

function inCopy(test: (dir: string) => void) {
  const dir = mkdtempSync(path.join(tmpdir(), 'op-url-'));
  try {
    cpSync(path.join(root, 'hsproject.json'), path.join(dir, 'hsproject.json'));
    cpSync(path.join(root, 'extensions'), path.join(dir, 'extensions'), {
      recursive: true,
      filter: (source) => !source.includes('node_modules'),
    });
    test(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const configure = (dir: string, profile: string) =>
  spawnSync(
    process.execPath,
    [path.join(root, 'scripts/configure-backend-url.mjs'), profile, dir],
    { encoding: 'utf8' },
  );

describe('scripts/configure-backend-url.mjs', () => {
  it("writes the profile's BACKEND_URL into the cards' fallback URL", () => {
    inCopy((dir) => {
      const run = configure(dir, 'prod');
      expect(run.status).toBe(0);
      const expected = JSON.parse(
        readFileSync(path.join(dir, 'extensions/hsprofile.prod.json'), 'utf8'),
      ).variables.BACKEND_URL;
      expect(
        readFileSync(path.join(dir, 'extensions/app/cards/lib/backend-url.ts'), 'utf8'),
      ).toContain(`export const DEFAULT_BACKEND_URL = '${expected}';`);
    });
  });

  it('refuses a plain-http backend that is not local, naming the variable', () => {
    inCopy((dir) => {
      writeFileSync(
        path.join(dir, 'extensions/hsprofile.bad.json'),
        JSON.stringify({ accountId: 0, variables: { BACKEND_URL: 'http://op.example.com' } }),
      );
      const run = configure(dir, 'bad');
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('BACKEND_URL must use https');
    });
  });

  it('names a missing profile', () => {
    inCopy((dir) => {
      const run = configure(dir, 'nope');
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('hsprofile.nope.json');
    });
  });
});
