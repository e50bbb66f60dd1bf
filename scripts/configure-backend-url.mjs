// Writes an upload profile's BACKEND_URL into the cards' fallback backend URL before
// `hs project upload --profile <name>`, so the cards call the right backend even if HubSpot does not
// hand profile variables to extensions (`context.variables`, unconfirmed in HubSpot's docs).
// hubspot.fetch only reaches HTTPS URLs listed in permittedUrls.fetch, never localhost:
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data
// Usage: node scripts/configure-backend-url.mjs <profile> [projectDir]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [profile, projectArg] = process.argv.slice(2);
const fail = (message) => {
  console.error(`configure-backend-url: ${message}`);
  process.exit(1);
};
if (!profile || !/^[A-Za-z0-9_-]+$/.test(profile)) fail('name the upload profile, e.g. `prod`');
const projectDir = path.resolve(projectArg ?? '.');
const project = JSON.parse(readFileSync(path.join(projectDir, 'hsproject.json'), 'utf8'));
const profileFile = path.join(projectDir, project.srcDir, `hsprofile.${profile}.json`);
let url;
try {
  url = JSON.parse(readFileSync(profileFile, 'utf8')).variables?.BACKEND_URL;
} catch (error) {
  fail(`cannot read ${path.relative(projectDir, profileFile)}: ${error.message}`);
}
if (typeof url !== 'string' || url.trim() === '')
  fail(`${path.relative(projectDir, profileFile)} has no variables.BACKEND_URL`);
let parsed;
try {
  parsed = new URL(url.trim());
} catch {
  fail(`BACKEND_URL "${url}" is not a URL`);
}
const local = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
if (parsed.protocol !== 'https:' && !local)
  fail(`BACKEND_URL must use https (HubSpot's hubspot.fetch requires it), got ${url}`);
const target = path.join(projectDir, project.srcDir, 'app/cards/lib/backend-url.ts');
const source = readFileSync(target, 'utf8');
const pattern = /export const DEFAULT_BACKEND_URL = '[^']*';/;
if (!pattern.test(source))
  fail(`${path.relative(projectDir, target)} no longer declares DEFAULT_BACKEND_URL`);
const value = parsed.toString().replace(/\/+$/, '');
writeFileSync(target, source.replace(pattern, `export const DEFAULT_BACKEND_URL = '${value}';`));
console.log(JSON.stringify({ ok: true, profile, backendUrl: value }));
