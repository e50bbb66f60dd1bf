// Bundles the real extensions of the project (every card, the settings page and the app page named
// by extensions/app/**/*-hsmeta.json) together with the preview page into one browser script.
// `@hubspot/ui-extensions` (and its /crm and /pages entry points) is replaced at bundle time by the
// HTML implementation in ./ui, so the cards run unchanged in a plain browser. Each entry calls
// `hubspot.extend` when it is evaluated; a tiny marker module evaluated just before it names the
// extension it registers (ES modules are evaluated in import order).
// esbuild is loaded only when a bundle is built: the production backend never needs it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** One extension the preview can show, from its *-hsmeta.json. */
export interface PreviewExtension {
  uid: string;
  type: 'card' | 'settings' | 'page';
  name: string;
  /** Cards: crm.record.tab or crm.record.sidebar. */
  location?: string;
  /** Cards: the object types (contacts, deals …) whose record pages show the card. */
  objectTypes: string[];
  /** Absolute path of the entry module. */
  entry: string;
}

/** A built preview bundle. */
export interface PreviewBundle {
  code: string;
  extensions: PreviewExtension[];
  /** How long the build took, in milliseconds. */
  buildMs: number;
}

/** Options of buildPreviewBundle. */
export interface BuildPreviewOptions {
  /** The project root (the folder holding hsproject.json). */
  rootDir: string;
  minify?: boolean;
}

const UI_PACKAGE = /^@hubspot\/ui-extensions(\/[a-z/]+)?$/;
const MARK_NAMESPACE = 'preview-mark';

/** The extensions the project declares, in a stable order (cards, settings, page). */
export function readPreviewExtensions(rootDir: string): PreviewExtension[] {
  const project = JSON.parse(readFileSync(path.join(rootDir, 'hsproject.json'), 'utf8')) as {
    srcDir: string;
  };
  const srcDir = path.join(rootDir, project.srcDir);
  const appDir = path.join(srcDir, 'app');
  const extensions: PreviewExtension[] = [];
  for (const folder of ['cards', 'settings', 'pages']) {
    const dir = path.join(appDir, folder);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('-hsmeta.json')) continue;
      const meta = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
        uid: string;
        type: string;
        config: { name?: string; location?: string; entrypoint: string; objectTypes?: string[] };
      };
      if (meta.type !== 'card' && meta.type !== 'settings' && meta.type !== 'page') continue;
      extensions.push({
        uid: meta.uid,
        type: meta.type,
        name: meta.config.name ?? meta.uid,
        ...(meta.config.location ? { location: meta.config.location } : {}),
        objectTypes: meta.config.objectTypes ?? [],
        // `entrypoint` is relative to srcDir and starts with a slash: "/app/cards/X.tsx".
        entry: path.join(srcDir, meta.config.entrypoint),
      });
    }
  }
  return extensions;
}

/** Builds the preview bundle (the page and every extension) with esbuild. */
export async function buildPreviewBundle(options: BuildPreviewOptions): Promise<PreviewBundle> {
  const started = Date.now();
  const { build } = await import('esbuild');
  const rootDir = path.resolve(options.rootDir);
  const uiDir = path.join(rootDir, 'src', 'local-portal', 'preview', 'ui');
  const extensions = readPreviewExtensions(rootDir);
  const runtime = path.join(uiDir, 'runtime.tsx');
  const uiModules: Record<string, string> = {
    '': path.join(uiDir, 'index.ts'),
    '/crm': path.join(uiDir, 'crm.ts'),
    '/pages': path.join(uiDir, 'pages.tsx'),
  };
  const nodeModules = path.join(rootDir, 'node_modules');

  const lines = [
    ...extensions.flatMap((extension) => [
      `import ${JSON.stringify(`${MARK_NAMESPACE}:${extension.uid}`)};`,
      `import ${JSON.stringify(extension.entry)};`,
    ]),
    `import { startPreview } from ${JSON.stringify(path.join(uiDir, 'app.tsx'))};`,
    `startPreview(${JSON.stringify(extensions.map(({ entry: _entry, ...rest }) => rest))});`,
  ];

  const result = await build({
    stdin: {
      contents: lines.join('\n'),
      resolveDir: rootDir,
      loader: 'ts',
      sourcefile: 'preview-entry.ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    minify: options.minify ?? true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    // One React for the host and every extension, whatever folder an import comes from.
    nodePaths: [nodeModules],
    plugins: [
      {
        name: 'preview-host',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: UI_PACKAGE }, (args) => {
            const subpath = UI_PACKAGE.exec(args.path)?.[1] ?? '';
            const target = uiModules[subpath];
            if (!target)
              return { errors: [{ text: `The preview does not implement ${args.path}.` }] };
            return { path: target };
          });
          pluginBuild.onResolve({ filter: /^(react|react-dom)(\/.*)?$/ }, (args) => ({
            path: resolvePackageFile(nodeModules, args.path),
          }));
          pluginBuild.onResolve({ filter: new RegExp(`^${MARK_NAMESPACE}:`) }, (args) => ({
            path: args.path.slice(MARK_NAMESPACE.length + 1),
            namespace: MARK_NAMESPACE,
          }));
          pluginBuild.onLoad({ filter: /.*/, namespace: MARK_NAMESPACE }, (args) => ({
            contents: `import { setRegistrationKey } from ${JSON.stringify(runtime)};\nsetRegistrationKey(${JSON.stringify(args.path)});\n`,
            loader: 'ts',
            resolveDir: rootDir,
          }));
        },
      },
    ],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no preview bundle.');
  return { code: output.text, extensions, buildMs: Date.now() - started };
}

/** Resolves a package file under `nodeModules` the way Node does for a CommonJS require. */
function resolvePackageFile(nodeModules: string, request: string): string {
  const [name, ...rest] = request.split('/');
  const packageDir = path.join(nodeModules, name!);
  const subpath = rest.join('/');
  if (subpath === '') {
    const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
      main?: string;
    };
    return path.join(packageDir, manifest.main ?? 'index.js');
  }
  const candidate = path.join(packageDir, subpath);
  return existsSync(`${candidate}.js`) ? `${candidate}.js` : path.join(candidate, 'index.js');
}
