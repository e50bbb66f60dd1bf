import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe('scripts/build-cards.mjs', () => {
  it('bundles every card with react and remote-ui left to HubSpot', () => {
    // GIVEN a fresh output folder
    const outDir = mkdtempSync(path.join(tmpdir(), 'cards-'));
    try {
      // WHEN the build runs
      const run = spawnSync(process.execPath, ['scripts/build-cards.mjs', '.', outDir], {
        cwd: path.resolve(__dirname, '../..'),
        encoding: 'utf8',
      });
      // THEN it succeeds and reports one bundle per card, each a file of the size it reports
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout.trim().split('\n').pop() as string) as {
        ok: boolean;
        bundles: { uid: string; file: string; bytes: number }[];
      };
      expect(report.ok).toBe(true);
      // (the four cards, the settings page and the app page)
      expect(report.bundles.map((bundle) => bundle.uid).sort()).toEqual([
        'company_account_card',
        'lead_qualification_card',
        'opportunity_plan_card',
        'opportunity_plan_loop_page',
        'opportunity_plan_settings',
        'qualification_sidebar_card',
      ]);
      for (const bundle of report.bundles) {
        const file = path.join(outDir, path.basename(bundle.file));
        expect(existsSync(file)).toBe(true);
        const code = readFileSync(file, 'utf8');
        expect(statSync(file).size).toBe(bundle.bytes);
        expect(code).toMatch(/from\s*"react"/);
        expect(code).not.toMatch(/react-reconciler/);
      }
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
