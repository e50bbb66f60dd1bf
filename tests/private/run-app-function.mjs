// Runs generated app functions with HubSpot's own local executor
// (@hubspot/app-functions-dev-server: it requires the file afresh on every call, loads .env secrets,
// builds the context and calls `main(context)`), in a process of its own as HubSpot's runtime would,
// kept warm between calls as HubSpot keeps a function's runtime warm.
// Usage: node run-app-function.mjs <appDir>
// Reads one JSON request per stdin line, `{ "name": "<function>", "parameters": { ... } }`, runs them
// one at a time and prints one line per request: `{ "response": <answer> }` or `{ "error": "..." }`.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);
// The package has no exports map; its executor is the part that loads and runs a function.
const { executeFunction } = require('@hubspot/app-functions-dev-server/dist/executor.js');

const [appDir] = process.argv.slice(2);
// Every fresh require of a bundle registers its own process exit hook (as a cold start would).
process.setMaxListeners(0);
const quiet = { debug() {}, info() {}, warn() {}, error: (...args) => console.error(...args) };
const config = {
  accountId: 0,
  app: { path: appDir },
  functionTimeoutMs: 15_000,
  hubspotApiOrigin: 'http://127.0.0.1',
  hubspotWebsiteOrigin: 'http://127.0.0.1',
  logger: quiet,
  // 0.11.1 predates 2026.03; 2025.1 is the same contract: `main(context)` returns the answer.
  platformVersion: '2025.1',
};

async function execute({ name, parameters }) {
  let response;
  await executeFunction(
    config,
    name,
    { parameters },
    (answer) => {
      response = answer;
    },
    undefined,
  );
  return response;
}

// for await keeps the lines in order: the executor swaps process.env per call, so calls never overlap.
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  let answer;
  try {
    answer = { response: await execute(JSON.parse(line)) };
  } catch (error) {
    answer = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
