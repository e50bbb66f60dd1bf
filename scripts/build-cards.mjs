// Bundles each card entry (every `entrypoint` in extensions/app/cards/*-hsmeta.json) with esbuild
// the way HubSpot's build does, into dist/cards/, and prints each bundle's size as one JSON line:
// { ok, bundles: [{ uid, entry, file, bytes }] }. Exit code 1 when a bundle fails.
// HubSpot's build emits the card as one browser module and leaves React and remote-ui to the host:
// a bundle built by HubSpot's ui-extensions dev server starts `(function(React2, react) {…})(React,
// RemoteUI)` with @hubspot/ui-extensions' own code inlined (github.com/NickSBM/React-Tables,
// src/app/extensions/dist/Example.js). So `react` (with its jsx runtime) and `@remote-ui/react` are
// external here and @hubspot/ui-extensions is bundled; the output is ESM for the browser.
// Usage: node scripts/build-cards.mjs [projectDir] [outDir]
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const projectDir = path.resolve(process.argv[2] ?? '.');
const outDir = path.resolve(process.argv[3] ?? path.join(projectDir, 'dist', 'cards'));
const project = JSON.parse(readFileSync(path.join(projectDir, 'hsproject.json'), 'utf8'));
const srcDir = path.join(projectDir, project.srcDir);
const cardsDir = path.join(srcDir, 'app', 'cards');

/** What HubSpot's extension host provides; never bundled. */
const HOST_PROVIDED = ['react', 'react/*', '@remote-ui/react'];

// Every UI extension: the cards, the settings page and the app page.
const UI_FOLDERS = [
  cardsDir,
  path.join(srcDir, 'app', 'settings'),
  path.join(srcDir, 'app', 'pages'),
];
const cards = UI_FOLDERS.flatMap((folder) =>
  readdirSync(folder)
    .filter((name) => name.endsWith('-hsmeta.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(folder, name), 'utf8'))),
).filter((meta) => ['card', 'settings', 'page'].includes(meta.type));

mkdirSync(outDir, { recursive: true });
const bundles = [];
const errors = [];
for (const card of cards) {
  // `entrypoint` is relative to srcDir and starts with a slash: "/app/cards/OpportunityPlanCard.tsx".
  const entry = path.join(srcDir, card.config.entrypoint);
  const file = path.join(outDir, `${path.basename(entry).replace(/\.[jt]sx?$/, '')}.js`);
  try {
    await build({
      entryPoints: [entry],
      outfile: file,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      jsx: 'automatic',
      external: HOST_PROVIDED,
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    bundles.push({
      uid: card.uid,
      entry: path.relative(projectDir, entry),
      file: path.relative(projectDir, file),
      bytes: statSync(file).size,
    });
  } catch (error) {
    errors.push(`${card.uid}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
console.log(JSON.stringify({ ok: errors.length === 0 && bundles.length > 0, bundles, errors }));
process.exit(errors.length === 0 && bundles.length > 0 ? 0 : 1);
