// Runs one generated app function with HubSpot's own local executor
// (@hubspot/app-functions-dev-server: it requires the file, loads .env secrets, builds the context
// and calls `main(context)`), in a process of its own as HubSpot's runtime would.
// Usage: node run-app-function.mjs <appDir> <functionName> <parametersJson>
// Prints the function's JSON answer on stdout.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The package has no exports map; its executor is the part that loads and runs a function.
const { executeFunction } = require('@hubspot/app-functions-dev-server/dist/executor.js');

const [appDir, functionName, parametersJson] = process.argv.slice(2);
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
await executeFunction(
  config,
  functionName,
  { parameters: JSON.parse(parametersJson) },
  (response) => process.stdout.write(JSON.stringify(response)),
  undefined,
);
