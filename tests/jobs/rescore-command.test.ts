import { formatDuration, formatProgressLine } from '../../src/jobs/progress-bar.ts';
import {
  createProgressPrinter,
  parseRescoreArgs,
  runRescoreCommand,
  UsageError,
} from '../../src/jobs/rescore-command.ts';
import { getRescoreProgress, type RescoreProgress } from '../../src/jobs/rescore.ts';
import { startHarness, type Harness } from './rescore-harness.ts';

const running: RescoreProgress = {
  status: 'running',
  processed: 5_000,
  total: 10_000,
  changed: 1_234,
  errors: 2,
  ratePerSecond: 980,
  etaSeconds: 65,
  startedAt: 0,
  finishedAt: null,
  error: null,
};

describe('parseRescoreArgs', () => {
  it('reads the portal, --restart and --bulk-share', () => {
    expect(parseRescoreArgs(['--portal', '123', '--restart', '--bulk-share', '0.5'])).toEqual({
      portalId: 123,
      restart: true,
      bulkShare: 0.5,
    });
    expect(parseRescoreArgs(['--portal=7'])).toEqual({
      portalId: 7,
      restart: false,
      bulkShare: 0.8,
    });
  });

  it.each([
    [[], '--portal is required'],
    [['--portal', 'abc'], '--portal must be a HubSpot portal id'],
    [['--portal=-3'], '--portal must be a HubSpot portal id'],
    [['--portal', '1', '--bulk-share', '2'], '--bulk-share must be a number greater than 0'],
    [['--portal', '1', '--bogus'], "Unknown option '--bogus'"],
  ])('names the bad flag in %j', (argv, message) => {
    expect(() => parseRescoreArgs(argv)).toThrow(UsageError);
    expect(() => parseRescoreArgs(argv)).toThrow(message);
  });
});

describe('the progress bar', () => {
  it('shows processed/total, percent, changed, errors, rate and ETA', () => {
    expect(formatProgressLine(running, 10)).toBe(
      '[#####-----]  50% 5,000/10,000 · changed 1,234 · errors 2 · 980/s · ETA 1m 05s',
    );
    expect(formatProgressLine({ ...running, status: 'completed', processed: 10_000 }, 4)).toBe(
      '[####] 100% 10,000/10,000 · changed 1,234 · errors 2 · 980/s · completed',
    );
    expect(formatProgressLine({ ...running, etaSeconds: null, processed: 0 }, 4)).toContain(
      'ETA –',
    );
  });

  it('formats durations in seconds, minutes and hours', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(185)).toBe('3m 05s');
    expect(formatDuration(3_720)).toBe('1h 02m');
  });

  it('redraws in place on a terminal and prints a line every interval otherwise', () => {
    const written: string[] = [];
    let now = 0;
    const terminal = (isTTY: boolean) => ({
      isTTY,
      write: (text: string) => written.push(text),
      now: () => now,
      onInterrupt: () => () => undefined,
    });
    const tty = createProgressPrinter(terminal(true));
    tty.update(running);
    expect(written.pop()).toMatch(/^\r\[/);

    const plain = createProgressPrinter(terminal(false), 5_000);
    plain.update(running);
    now = 1_000;
    plain.update(running);
    now = 6_000;
    plain.update(running);
    expect(written).toHaveLength(2);
    expect(written.every((line) => line.endsWith('\n') && !line.startsWith('\r'))).toBe(true);
  });
});

describe('runRescoreCommand', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('rescores the portal with its default model and ends with a full bar', async () => {
    harness = await startHarness({ contacts: 300, changedShare: 0.5 });
    const written: string[] = [];
    const code = await runRescoreCommand({
      options: { portalId: harness.portalId, restart: false, bulkShare: 1 },
      store: harness.store,
      gateway: harness.gateway,
      terminal: {
        isTTY: false,
        write: (text) => written.push(text),
        now: () => 0,
        onInterrupt: () => () => undefined,
      },
    });
    expect(code).toBe(0);
    // (the command scores as of today, so engagement decay may change more than the seeded half)
    expect(written.at(-1)).toMatch(/100% 300\/300 · changed \d+ · errors 0/);
    expect(written.at(-1)).toContain('completed');
  });

  it('cancels on Ctrl-C and exits 130; a rerun resumes and completes', async () => {
    harness = await startHarness({ contacts: 800, changedShare: 1 });
    let interrupt: (() => void) | undefined;
    const written: string[] = [];
    const terminal = {
      isTTY: true,
      write: (text: string) => {
        written.push(text);
        // Ctrl-C as soon as the first progress is drawn.
        if (text.startsWith('\r') && harness!.log.batches >= 1) interrupt?.();
      },
      now: () => 0,
      onInterrupt: (handler: () => void) => {
        interrupt = handler;
        return () => {
          interrupt = undefined;
        };
      },
    };
    const options = { portalId: harness.portalId, restart: false, bulkShare: 1 };
    const first = await runRescoreCommand({
      options,
      store: harness.store,
      gateway: harness.gateway,
      terminal,
    });
    expect(first).toBe(130);
    expect(written.join('')).toContain('run the command again to resume');
    const cancelled = await getRescoreProgress(harness.store, harness.portalId);
    expect(cancelled?.status).toBe('cancelled');
    expect(cancelled?.processed).toBeLessThan(800);

    const second = await runRescoreCommand({
      options,
      store: harness.store,
      gateway: harness.gateway,
      terminal: { ...terminal, write: () => undefined },
    });
    expect(second).toBe(0);
    expect(await getRescoreProgress(harness.store, harness.portalId)).toMatchObject({
      status: 'completed',
      processed: 800,
    });
  });

  it('refuses stored settings that are invalid, naming the field', async () => {
    harness = await startHarness({ contacts: 0, changedShare: 0 });
    await harness.store.putSettings(
      harness.portalId,
      { scoring: { version: 1, fit: 'nope' } },
      { expectedVersion: 0, updatedBy: 'test' },
    );
    await expect(
      runRescoreCommand({
        options: { portalId: harness.portalId, restart: false, bulkShare: 1 },
        store: harness.store,
        gateway: harness.gateway,
        terminal: {
          isTTY: false,
          write: () => undefined,
          now: () => 0,
          onInterrupt: () => () => undefined,
        },
      }),
    ).rejects.toMatchObject({
      code: 'stored_data_damaged',
      record: `settings of portal ${harness.portalId}`,
      property: expect.stringMatching(/^scoring/),
    });
  });
});
