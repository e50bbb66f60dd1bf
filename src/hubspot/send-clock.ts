// When a request really leaves: the instant undici writes its headers to the socket.
//
// Why: the limiter counts a request when it grants it, HubSpot when it arrives. Between the two the
// client's own event loop can hold the request back — a page of contacts scored, a large response
// parsed or a garbage collection between the grant and the socket write (the 100,000-contact bench
// measured up to 120 ms, twice the search budget's 60 ms margin). Such a late request arrives in a
// later window than the one it was counted in, and the window's next grants overfill it: HubSpot
// answers 429. So the transport tells the limiter how late each request left, and the limiter counts
// it from then on (src/hubspot/rate-limiter.ts, `Slot.sentLate`); the margin is left to cover the
// network alone.
//
// undici publishes `undici:request:create` as the request enters its dispatcher — still inside the
// caller's async context, so an AsyncLocalStorage says whose request it is — and
// `undici:client:sendHeaders` as it writes the request to the socket. Both are stable diagnostics
// channels of Node's bundled undici (https://undici.nodejs.org/#/docs/api/DiagnosticsChannel). A
// fetch that never reaches undici (an injected fetch, nock) reports nothing, and the grant's instant
// stands.
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';

interface Watch {
  method: string;
  /** Path and query, as undici's request carries it. */
  path: string;
  onSent: () => void;
  /** Taken by the first matching undici request: a retry or redirect is not this send. */
  taken: boolean;
}

interface UndiciRequest {
  method?: unknown;
  path?: unknown;
}

const context = new AsyncLocalStorage<Watch>();
const watched = new WeakMap<object, Watch>();
let subscribed = false;

function onCreate(message: unknown): void {
  const watch = context.getStore();
  const request = (message as { request?: UndiciRequest }).request;
  if (!watch || watch.taken || !request) return;
  // A request dispatched in our context but not ours (undici may start a queued one there): skip.
  if (request.method !== watch.method || request.path !== watch.path) return;
  watch.taken = true;
  watched.set(request, watch);
}

function onSendHeaders(message: unknown): void {
  const request = (message as { request?: object }).request;
  if (!request) return;
  const watch = watched.get(request);
  if (!watch) return;
  watched.delete(request);
  watch.onSent();
}

function subscribe(): void {
  if (subscribed) return;
  subscribed = true;
  diagnostics.subscribe('undici:request:create', onCreate);
  diagnostics.subscribe('undici:client:sendHeaders', onSendHeaders);
}

/**
 * Runs `send` (one fetch of `method url`) and calls `onSent` synchronously when undici writes that
 * request's headers to the socket. `onSent` is never called when the request does not go through
 * Node's undici.
 */
export function watchSend<T>(
  method: string,
  url: URL,
  onSent: () => void,
  send: () => Promise<T>,
): Promise<T> {
  subscribe();
  return context.run(
    { method: method.toUpperCase(), path: `${url.pathname}${url.search}`, onSent, taken: false },
    send,
  );
}
