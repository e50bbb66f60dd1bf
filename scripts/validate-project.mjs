// Parses extensions/ with HubSpot's own project-parsing-lib, offline (no account needed),
// exactly as `hs project upload` would before validation, and checks every uid.
// Prints one JSON line: { ok, errors[], components[] }. Exit code 1 on any error.
// Source: @hubspot/project-parsing-lib@0.23.0 src/lib/translate.js, src/lib/uid.js
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { translate } from '@hubspot/project-parsing-lib/translate';

const projectDir = path.resolve(process.argv[2] ?? '.');
const profile = process.argv[3] ?? 'local';
const project = JSON.parse(readFileSync(path.join(projectDir, 'hsproject.json'), 'utf8'));
const errors = [];
const components = [];
// HubSpot: "uid ≤ 64 characters of [A-Za-z0-9_.-], unique" (project-parsing-lib src/lib/uid.js)
const UID = /^[A-Za-z0-9_.-]{1,64}$/;
// translate() with skipValidation silently drops files it cannot parse, so read each one first.
const srcDir = path.join(projectDir, project.srcDir);
const TOP_LEVEL_KEYS = new Set(['uid', 'type', 'config', 'dependencies']);
for (const entry of readdirSync(srcDir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('-hsmeta.json')) continue;
  const file = path.relative(srcDir, path.join(entry.parentPath, entry.name));
  if (file.split(path.sep).includes('node_modules')) continue;
  try {
    const meta = JSON.parse(readFileSync(path.join(srcDir, file), 'utf8'));
    const extra = Object.keys(meta).filter((key) => !TOP_LEVEL_KEYS.has(key));
    if (extra.length > 0) errors.push(`${file}: unexpected top-level fields ${extra.join(', ')}`);
    for (const key of ['uid', 'type', 'config']) {
      if (!(key in meta)) errors.push(`${file}: missing top-level field ${key}`);
    }
  } catch (error) {
    errors.push(`${file}: invalid JSON (${error instanceof Error ? error.message : error})`);
  }
}
try {
  const { intermediateRepresentation, skippedHsMetaFiles } = await translate(
    {
      projectSourceDir: srcDir,
      platformVersion: project.platformVersion,
      accountId: 0,
    },
    { skipValidation: true, profile },
  );
  for (const file of skippedHsMetaFiles ?? []) errors.push(`skipped hsmeta file: ${file}`);
  for (const [uid, node] of Object.entries(
    intermediateRepresentation.intermediateNodesIndexedByUid,
  )) {
    if (!UID.test(uid)) errors.push(`invalid uid "${uid}"`);
    components.push({ uid, type: node.componentType });
    const unresolved = JSON.stringify(node.config).match(/\$\{[^}]*\}/g);
    if (unresolved) errors.push(`${uid}: unresolved profile variables ${unresolved.join(', ')}`);
  }
} catch (error) {
  errors.push(error instanceof Error ? error.message : String(error));
}
console.log(JSON.stringify({ ok: errors.length === 0, errors, components }));
process.exit(errors.length === 0 ? 0 : 1);
