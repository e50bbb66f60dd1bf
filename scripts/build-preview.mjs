// Builds the card preview bundle (the preview page with every card, the settings page and the app
// page, @hubspot/ui-extensions replaced by the local HTML implementation) and writes it to
// dist/preview/bundle.js; prints { ok, file, bytes, buildMs, extensions } as one JSON line.
// The local portal builds the same bundle on the first GET /preview/bundle.js; this script is for
// checking the build on its own (CI) or looking at the output.
// Usage: node scripts/build-preview.mjs [projectDir] [outFile]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildPreviewBundle } from '../src/local-portal/preview/build.ts';

/** Builds the bundle for `projectDir` and writes it to `outFile`. */
export async function buildPreview(projectDir = '.', outFile) {
  const rootDir = path.resolve(projectDir);
  const file = path.resolve(outFile ?? path.join(rootDir, 'dist', 'preview', 'bundle.js'));
  const bundle = await buildPreviewBundle({ rootDir });
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bundle.code);
  return {
    ok: true,
    file: path.relative(rootDir, file),
    bytes: Buffer.byteLength(bundle.code),
    buildMs: bundle.buildMs,
    extensions: bundle.extensions.map((extension) => extension.uid),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildPreview(process.argv[2], process.argv[3]).then(
    (result) => console.log(JSON.stringify(result)),
    (error) => {
      console.log(
        JSON.stringify({
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
      process.exit(1);
    },
  );
}
