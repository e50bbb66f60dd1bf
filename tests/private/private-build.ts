// The private project (`scripts/build-private.mjs`), built at most once per source state: into
// os.tmpdir(), keyed by a hash of every input the build reads, never into the repository's `build/`.
// A second test run with unchanged sources reuses the build; any edit under src/, extensions/app/,
// the build script or the lock file gives a new key and a fresh build.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const INPUTS = ['src', 'extensions/app', 'scripts/build-private.mjs', 'package-lock.json'];
const PREFIX = 'op-private-build-';
/** Builds of other source states older than this are removed (a day: other checkouts may use theirs). */
const STALE_MS = 24 * 60 * 60 * 1000;

export interface PrivateBuild {
  /** The generated project's root (what `hs project upload` would be run in). */
  dir: string;
  /** The build script's summary line. */
  summary: { ok: boolean; functions: { name: string; uid: string; bytes: number }[] };
}

function files(entry: string): string[] {
  const full = path.join(root, entry);
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full, { withFileTypes: true })
    .filter((child) => child.name !== 'node_modules' && !child.name.startsWith('.'))
    .flatMap((child) => files(path.join(entry, child.name)));
}

/** A hash of every file the build reads, with its path. */
export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(files).sort()) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(root, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function removeStaleBuilds(keep: string): void {
  for (const name of readdirSync(tmpdir())) {
    const full = path.join(tmpdir(), name);
    if (!name.startsWith(PREFIX) || full === keep) continue;
    try {
      if (Date.now() - statSync(full).mtimeMs > STALE_MS) rmSync(full, { recursive: true });
    } catch {
      // another run removed it first
    }
  }
}

/** The private project for the current sources: built now, or the build an earlier run left. */
export async function privateBuild(): Promise<PrivateBuild> {
  const dir = path.join(tmpdir(), `${PREFIX}${sourceHash()}`);
  const summaryFile = path.join(dir, 'build-summary.json');
  if (!existsSync(summaryFile)) {
    // Built beside the final place and renamed into it, so a concurrent run never sees half a build.
    const partial = `${dir}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    const built = await run(
      process.execPath,
      [path.join(root, 'scripts/build-private.mjs'), partial],
      {
        cwd: root,
        timeout: 600_000,
      },
    );
    writeFileSync(path.join(partial, 'build-summary.json'), built.stdout);
    try {
      renameSync(partial, dir);
    } catch {
      // a concurrent run finished the same build first: use theirs
      rmSync(partial, { recursive: true, force: true });
    }
    removeStaleBuilds(dir);
  }
  return { dir, summary: JSON.parse(readFileSync(summaryFile, 'utf8')) as PrivateBuild['summary'] };
}
