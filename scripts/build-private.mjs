// npm run build:private — the private (static-auth) distribution as a complete HubSpot project in
// build/private/, generated from the same sources as the marketplace form, nothing copied by hand:
//   hsproject.json                       its own project (srcDir "src", platform 2026.03)
//   src/app/app-hsmeta.json              distribution "private", auth.type "static"
//   src/app/cards/                       the cards of extensions/app/cards, with lib/api.ts swapped
//                                        for src/private/cards/serverless-card-api.ts
//   src/app/functions/<op>.js            one CommonJS bundle per card-API operation (esbuild, node)
//   src/app/functions/<op>-hsmeta.json   its app-function component
// Prints one JSON line { ok, out, functions: [{ name, uid, bytes }], errors }; exit code 1 on error.
// Serverless functions exist only for static-auth, private apps:
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/serverless-functions/reference
// Usage: node scripts/build-private.mjs [outDir]
import {
  cpSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'build', 'private'));
const appDir = path.join(out, 'src', 'app');
const errors = [];
const functions = [];

// The card-API operations, from the module that defines them (one source of truth; Node 24 runs
// the TypeScript directly).
const { CARD_OPERATION_NAMES: operations } = await import(
  pathToFileURL(path.join(root, 'src/private/card-functions.ts')).href
);

const writeJson = (file, value) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
};

rmSync(out, { recursive: true, force: true });
const marketplace = JSON.parse(readFileSync(path.join(root, 'hsproject.json'), 'utf8'));
writeJson(path.join(out, 'hsproject.json'), {
  name: `${marketplace.name}-private`,
  srcDir: 'src',
  platformVersion: marketplace.platformVersion,
});

// An upload profile: `hs project upload --profile local` targets the account set here (0 = the
// CLI's default account). https://developers.hubspot.com/docs/developer-tooling/local-development/build-with-profiles
// The support contacts are per-deployment profile variables too; the private project's profile
// carries the marketplace local profile's values (edit them before uploading).
const localProfile = JSON.parse(
  readFileSync(path.join(root, 'extensions/hsprofile.local.json'), 'utf8'),
);
const { SUPPORT_EMAIL, DOCUMENTATION_URL, SUPPORT_URL } = localProfile.variables;
writeJson(path.join(out, 'src', 'hsprofile.local.json'), {
  accountId: 0,
  variables: { SUPPORT_EMAIL, DOCUMENTATION_URL, SUPPORT_URL },
});

// The app: same name, description, support and scopes; static auth, private distribution.
// Static auth has no redirect URLs; it keeps `oauth` as HubSpot's own static-private template does
// (HubSpot/hubspot-project-components 2026.03/components/app/static-private/src/app/app-hsmeta.json);
// the state custom object needs the custom object scopes.
// https://developers.hubspot.com/docs/apps/developer-platform/build-apps/app-configuration
const app = JSON.parse(readFileSync(path.join(root, 'extensions/app/app-hsmeta.json'), 'utf8'));
writeJson(path.join(appDir, 'app-hsmeta.json'), {
  uid: `${app.uid}_private`,
  type: 'app',
  config: {
    name: app.config.name,
    description: app.config.description,
    distribution: 'private',
    auth: {
      type: 'static',
      requiredScopes: [
        ...app.config.auth.requiredScopes,
        'crm.objects.custom.read',
        'crm.objects.custom.write',
      ],
      optionalScopes: [],
      conditionallyRequiredScopes: [],
    },
    permittedUrls: { fetch: [], iframe: [], img: [] },
    support: app.config.support,
  },
});

// The cards, with the backend-call module swapped: hubspot.serverless instead of hubspot.fetch.
const cardsDir = path.join(appDir, 'cards');
cpSync(path.join(root, 'extensions/app/cards'), cardsDir, {
  recursive: true,
  filter: (source) => !source.split(path.sep).includes('node_modules'),
});
// Its own package name, so tools that index package.json names do not see two of one name.
const cardsPackage = JSON.parse(readFileSync(path.join(cardsDir, 'package.json'), 'utf8'));
writeJson(path.join(cardsDir, 'package.json'), {
  ...cardsPackage,
  name: `${cardsPackage.name}-private`,
});
renameSync(path.join(cardsDir, 'lib/api.ts'), path.join(cardsDir, 'lib/fetch-api.ts'));
const serverlessApi = readFileSync(
  path.join(root, 'src/private/cards/serverless-card-api.ts'),
  'utf8',
)
  .replaceAll('../../../extensions/app/cards/lib/api.ts', './fetch-api.ts')
  .replaceAll('../../../extensions/app/cards/lib/types.ts', './types.ts');
writeFileSync(path.join(cardsDir, 'lib/api.ts'), serverlessApi);

// The settings page and the app page import the cards' backend module (../../cards/lib/api.ts), so
// copied next to the swapped module they call the app functions too.
for (const folder of ['settings', 'pages']) {
  const target = path.join(appDir, folder);
  cpSync(path.join(root, 'extensions/app', folder), target, {
    recursive: true,
    filter: (source) => !source.split(path.sep).includes('node_modules'),
  });
  const folderPackage = JSON.parse(readFileSync(path.join(target, 'package.json'), 'utf8'));
  writeJson(path.join(target, 'package.json'), {
    ...folderPackage,
    name: `${folderPackage.name}-private`,
  });
}

// One app function per operation: a CommonJS bundle of the very handler express mounts.
const functionsDir = path.join(appDir, 'functions');
mkdirSync(functionsDir, { recursive: true });
const entries = path.join(tmpdir(), `op-private-entries-${process.pid}`);
mkdirSync(entries, { recursive: true });
const modulePath = path.join(root, 'src/private/card-functions.ts').replaceAll('\\', '/');
for (const name of operations) {
  // The environment is read per invocation: HubSpot injects secrets as environment variables.
  writeFileSync(
    path.join(entries, `${name}.ts`),
    `import { createAppFunction } from '${modulePath}';\n` +
      `export const main = (context: Parameters<ReturnType<typeof createAppFunction>>[0]) =>\n` +
      `  createAppFunction('${name}', process.env)(context);\n`,
  );
}
// One esbuild run for every entry point: the sources are parsed and linked once, each function
// still gets its own self-contained bundle (no shared chunks: HubSpot loads one file per function).
try {
  await build({
    entryPoints: operations.map((name) => path.join(entries, `${name}.ts`)),
    outdir: functionsDir,
    entryNames: '[name]',
    outExtension: { '.js': '.js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  for (const name of operations) {
    const uid = `opportunity_plan_fn_${name.replaceAll('-', '_')}`;
    writeJson(path.join(functionsDir, `${name}-hsmeta.json`), {
      uid,
      type: 'app-function',
      config: {
        entrypoint: `/app/functions/${name}.js`,
        secretKeys: ['OPPORTUNITY_PLAN_STATE_OBJECT'],
      },
    });
    functions.push({ name, uid, bytes: statSync(path.join(functionsDir, `${name}.js`)).size });
  }
} catch (error) {
  errors.push(error instanceof Error ? error.message : String(error));
}
rmSync(entries, { recursive: true, force: true });
// HubSpot requires a package.json next to the functions; everything is bundled, so no dependencies.
writeJson(path.join(functionsDir, 'package.json'), {
  name: 'opportunity-plan-functions',
  version: '0.1.0',
  private: true,
  dependencies: {},
});

const ok = errors.length === 0 && functions.length > 0;
console.log(JSON.stringify({ ok, out: path.relative(root, out), functions, errors }));
process.exit(ok ? 0 : 1);
