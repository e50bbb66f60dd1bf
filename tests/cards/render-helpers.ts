// Helpers for the card tests. The testing kit's `node.text` holds only a node's own text children,
// while the tests often need all text below a node (a table, an alert): `textOf` collects it.
import type { RenderedNode } from '@hubspot/ui-extensions/testing';

/** All text below `node`, the pieces joined by single spaces. */
export function textOf(node: RenderedNode | null | undefined): string {
  if (!node) return '';
  if (node.nodeType === 'text') return node.text;
  return node.childNodes
    .map((child) => textOf(child))
    .filter((part) => part !== '')
    .join(' ');
}

/**
 * Triggers an event prop with a value. The kit types `trigger`'s argument as the handler itself
 * (`TProps[TEventPropName]`), so a value such as a Select's new option does not type-check there.
 */
export function fire(node: { trigger: unknown }, eventPropName: string, value?: unknown): void {
  (node.trigger as (name: string, arg?: unknown) => void)(eventPropName, value);
}

/**
 * Lets React run pending effects until `mock` has been called: a card asks the backend from an
 * effect, and a test must not end before that call happens, or it would land in the next test.
 */
export async function untilCalled(mock: jest.Mock): Promise<void> {
  for (let turn = 0; turn < 50 && mock.mock.calls.length === 0; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Runs `steps` with setTimeout (the draft's pause timer) on a fake clock that
 * `jest.advanceTimersByTimeAsync` moves: the test waits microseconds instead of the pause.
 * Everything else (React's scheduler, the renderer's waitFor) keeps real time.
 */
export async function onDraftClock(steps: () => Promise<void>): Promise<void> {
  jest.useFakeTimers({
    doNotFake: [
      'Date',
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
    ],
  });
  try {
    await steps();
  } finally {
    jest.useRealTimers();
  }
}
