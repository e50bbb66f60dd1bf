// Entry point of `npm run rescore -- --portal <id>` (node src/jobs/rescore-cli.ts): rescores every
// contact of one installed portal with its scoring model and shows a progress bar. Ctrl-C cancels
// cleanly; running the command again resumes from the stored checkpoint.
import {
  openRescoreDependencies,
  parseRescoreArgs,
  runRescoreCommand,
  UsageError,
} from './rescore-command.ts';

async function main(): Promise<number> {
  const options = parseRescoreArgs(process.argv.slice(2));
  const { store, gateway, queue, close } = await openRescoreDependencies(options, process.env);
  try {
    return await runRescoreCommand({
      options,
      store,
      gateway,
      queue,
      terminal: {
        write: (text) => process.stdout.write(text),
        isTTY: process.stdout.isTTY === true,
        now: Date.now,
        onInterrupt(handler) {
          process.on('SIGINT', handler);
          return () => process.off('SIGINT', handler);
        },
      },
    });
  } finally {
    await close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof UsageError ? 64 : 1;
  },
);
