import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
// @ts-expect-error -- eslint.config.js is plain JavaScript without types (a flat config array).
import config from '../../eslint.config.js';

// The local portal plays HubSpot and never imports the backend it serves (issue 11): the lint rule
// in eslint.config.js guards it while editing; this test checks the import graph itself, and that
// the rule refuses a backend import at every folder depth while allowing the portal's own files.
const root = path.resolve(__dirname, '../..');
const portalDir = path.join(root, 'src/local-portal');
const BACKEND = ['server', 'jobs', 'store', 'hubspot', 'private', 'runtime'].map((dir) =>
  path.join(root, 'src', dir),
);
const ALLOWED = new Set([path.join(root, 'src/hubspot/schema.ts')]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(path.join(dir, entry.name))
      : /\.tsx?$/.test(entry.name)
        ? [path.join(dir, entry.name)]
        : [],
  );
}

const IMPORT =
  /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

describe('the local portal never imports the backend', () => {
  const files = sources(portalDir);

  it('finds the local portal sources', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files.map((file) => [path.relative(portalDir, file), file]))(
    '%s imports nothing of src/server, jobs, store, hubspot, private or runtime',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(IMPORT)) {
        const specifier = match[1] ?? match[2] ?? '';
        if (!specifier.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), specifier);
        if (ALLOWED.has(target)) continue;
        const backend = BACKEND.find((dir) => target.startsWith(dir + path.sep));
        expect({ specifier, backend }).toEqual({ specifier, backend: undefined });
      }
    },
  );

  it('the lint rule refuses a backend import at every depth and allows the portal’s own', () => {
    const linter = new Linter({ cwd: root, configType: 'flat' });
    const lint = (relative: string, code: string) =>
      linter
        .verify(code, config as Linter.Config[], path.join(root, relative))
        .filter((message) => message.ruleId === 'no-restricted-imports')
        .map((message) => message.line);
    const code = (specifiers: string[]) =>
      specifiers.map((s, i) => `import { v${i} } from '${s}';`).join('\n') +
      `\nexport const all = [${specifiers.map((_s, i) => `v${i}`).join(', ')}];\n`;

    expect(
      lint(
        'src/local-portal/probe.ts',
        code([
          '../server/handlers/plan.ts',
          '../jobs/background.ts',
          '../hubspot/hubspot-gateway.ts',
          '../hubspot/schema.ts',
          './server.ts',
          '../domain/errors.ts',
        ]),
      ),
    ).toEqual([1, 2, 3]);
    expect(
      lint(
        'src/local-portal/crm/probe.ts',
        code(['../../store/index.ts', '../server.ts', '../state.ts']),
      ),
    ).toEqual([1]);
    expect(
      lint(
        'src/local-portal/preview/ui/probe.tsx',
        code(['../../../private/app-functions.ts', '../../server.ts']),
      ),
    ).toEqual([1]);
  });
});
