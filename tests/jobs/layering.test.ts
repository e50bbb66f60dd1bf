import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// Jobs and the shared wiring sit below the server (docs/architecture.md): src/jobs and src/runtime
// never import src/server, so the server can start jobs without a cycle. ESLint enforces this
// while editing (eslint.config.js, jobsBelowServer); this test checks the import graph itself.
const srcDir = path.resolve(__dirname, '../../src');
const serverDir = path.join(srcDir, 'server');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(path.join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [path.join(dir, entry.name)]
        : [],
  );
}

const IMPORT =
  /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

describe('layering: jobs and runtime below the server', () => {
  const files = ['jobs', 'runtime'].flatMap((dir) => sources(path.join(srcDir, dir)));

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((file) => [path.relative(srcDir, file), file]))(
    '%s imports nothing from src/server',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      const fromServer = [...text.matchAll(IMPORT)]
        .map((match) => match[1] ?? match[2] ?? '')
        .filter((specifier) => specifier.startsWith('.'))
        .filter((specifier) =>
          path.resolve(path.dirname(file), specifier).startsWith(serverDir + path.sep),
        );
      expect(fromServer).toEqual([]);
    },
  );
});
