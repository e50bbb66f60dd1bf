// The steps of a browser story (hand off, fill the plan, return, win …) as tests of their own. A
// story is sequential by nature — a step starts where the one before ended — so instead of relying
// on jest's file order, every step runs the steps before it first (each at most once per file).
// Any one step then runs alone (`-t "marks the deal won"`) or in any order (`--randomize`) and
// still starts from the right state; a failed step fails the steps after it with its own error.

/** How long a step may take, with the earlier steps it may have to run first. */
const STEP_TIMEOUT_MS = 240_000;

export interface Story {
  /** A step of the story: a test that first runs every step registered before it. */
  step(name: string, body: () => Promise<void>): void;
  /**
   * A test that starts from the story so far (every step registered before it) but is no step of
   * it: the steps after it do not run it, so it must leave the story's state as it found it.
   */
  aside(name: string, body: () => Promise<void>): void;
}

export function story(): Story {
  const steps: (() => Promise<void>)[] = [];
  const runEarlier = async (earlier: readonly (() => Promise<void>)[]) => {
    for (const run of earlier) await run();
  };
  return {
    step(name, body) {
      const earlier = [...steps];
      let done: Promise<void> | undefined;
      const run = () => (done ??= runEarlier(earlier).then(body));
      steps.push(run);
      it(name, run, STEP_TIMEOUT_MS);
    },
    aside(name, body) {
      const earlier = [...steps];
      it(name, () => runEarlier(earlier).then(body), STEP_TIMEOUT_MS);
    },
  };
}
