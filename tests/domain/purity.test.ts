import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// The domain core is pure (ARCHITECTURE.md): it imports only other domain modules and zod, and
// reads no clock, randomness, environment or network. ESLint enforces this while editing; this
// test checks the import graph itself so the gate fails even if the lint config changes.
const domainDir = path.resolve(__dirname, '../../src/domain');

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

describe('src/domain purity', () => {
  const files = sources(domainDir);

  it('finds the domain sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((file) => [path.relative(domainDir, file), file]))(
    '%s imports only domain modules and zod',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(IMPORT)) {
        const specifier = match[1] ?? match[2] ?? '';
        if (specifier === 'zod') continue;
        expect(specifier.startsWith('.')).toBe(true);
        const target = path.resolve(path.dirname(file), specifier);
        expect(target.startsWith(domainDir + path.sep)).toBe(true);
      }
    },
  );

  it.each(files.map((file) => [path.relative(domainDir, file), file]))(
    '%s reads no clock, randomness or environment',
    (_name, file) => {
      const code = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '');
      expect(code).not.toMatch(
        /Date\.now\(|new Date\(\)|Math\.random\(|\bprocess\.(env|argv|exit|hrtime|cwd)|\bfetch\(|setTimeout\(|crypto\./,
      );
    },
  );
});
