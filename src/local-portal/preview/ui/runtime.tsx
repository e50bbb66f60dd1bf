/// <reference lib="dom" />
// The extension host of the preview: what HubSpot's CRM page gives a card. `hubspot.extend`
// registers the card's render function; the preview page mounts it with a context for the chosen
// record and user. `hubspot.fetch` goes through the local portal's signing proxy
// (`/_local/fetch-proxy/…`), which adds appId/portalId/userId/userEmail and signs the request with
// the v3 signature as HubSpot does, so the backend verifies every preview request as in production:
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data
// The actions (`addAlert`, `fetchCrmObjectProperties`, `refreshObjectProperties`, `reloadPage` …)
// are served by the preview page and the local portal's CRM:
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/ui-extensions-sdk
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';

/** The user viewing the page, as `context.user`. */
export interface PreviewUser {
  id: number;
  email: string;
  emailAddress: string;
  firstName: string;
  lastName: string;
  locale: string;
  teams: { id: number | string; name: string }[];
}

/** What a mounted extension receives as `context`. */
export interface PreviewContext {
  location: string;
  user: PreviewUser;
  portal: { id: number; timezone: string; dataHostingLocation: string };
  crm: { objectId: number; objectTypeId: string };
  extension: { appId: number; appName: string; title: string };
  /** Only as the upload profile sets them (HubSpot supplies no others). */
  variables?: Record<string, string>;
}

/** An alert as a card raises it with `actions.addAlert`. */
export interface PreviewAlert {
  id: number;
  type: 'info' | 'success' | 'warning' | 'danger' | 'error' | 'tip';
  title?: string;
  message: string;
}

/** The actions of `useExtensionActions()` / `extend`'s `actions`. */
export interface PreviewActions {
  addAlert(alert: { type?: PreviewAlert['type']; title?: string; message: string }): void;
  fetchCrmObjectProperties(properties: string[] | '*'): Promise<Record<string, string>>;
  refreshObjectProperties(): void;
  onCrmPropertiesUpdate(
    properties: string[] | '*',
    callback: (properties: Record<string, string>) => void,
  ): void;
  reloadPage(): void;
  copyTextToClipboard(text: string): Promise<void>;
  openIframeModal(action: { uri: string; title?: string }): void;
  closeOverlay(id: string): void;
}

type Render = (api: { context: PreviewContext; actions: PreviewActions }) => ReactNode;

/** The record page objectTypeIds HubSpot uses for its standard objects. */
export const OBJECT_TYPE_IDS = { contact: '0-1', company: '0-2', deal: '0-3' } as const;

/** Who calls the backend and for which portal: set by the preview page before mounting. */
interface Session {
  portalId: number;
  userId: number;
  userEmail: string;
  /** The local portal's own base path (same origin as the preview page). */
  portalBase: string;
}

let session: Session = { portalId: 0, userId: 0, userEmail: '', portalBase: '' };
let registrationKey: string | undefined;
const registered = new Map<string, Render>();
const alertListeners = new Set<(alerts: PreviewAlert[]) => void>();
const propertyListeners = new Set<() => void>();
/**
 * `onCrmPropertiesUpdate` callbacks by record: HubSpot tells every card on the record page when
 * its properties change, so a refresh from one card reaches the others (sidebar, tab, contact).
 */
const updateCallbacksByRecord = new Map<
  string,
  { properties: string[] | '*'; callback: (p: Record<string, string>) => void }[]
>();
let alerts: PreviewAlert[] = [];
let nextAlertId = 1;

/** How long a toast stays up: long enough to read (and for a test to see it). */
export const ALERT_VISIBLE_MS = 12_000;

/** Names the extension whose module is evaluated next (set by the bundle's entry). */
export function setRegistrationKey(key: string): void {
  registrationKey = key;
}

/** Sets who the preview acts as. */
export function setSession(next: Session): void {
  session = next;
}

/** The keys of the extensions registered with `hubspot.extend`. */
export function registeredExtensions(): string[] {
  return [...registered.keys()];
}

/** Listens to the alert stack (toasts). */
export function subscribeAlerts(listener: (alerts: PreviewAlert[]) => void): () => void {
  alertListeners.add(listener);
  listener(alerts);
  return () => {
    alertListeners.delete(listener);
  };
}

/** Removes one alert. */
export function dismissAlert(id: number): void {
  alerts = alerts.filter((alert) => alert.id !== id);
  for (const listener of alertListeners) listener(alerts);
}

// Every extension's `onCrmPropertiesUpdate` subscription, told when the host itself changed the
// record (the deal stage control), as HubSpot tells cards after an edit on the record page.
const crmUpdateListeners = new Set<() => void>();

/** The host changed the record: property panels reload, `onCrmPropertiesUpdate` callbacks run. */
export function announcePropertyChange(): void {
  for (const listener of propertyListeners) listener();
  for (const listener of crmUpdateListeners) listener();
}

/** Listens to `refreshObjectProperties()` (the record's property panel reloads). */
export function subscribePropertyRefresh(listener: () => void): () => void {
  propertyListeners.add(listener);
  return () => {
    propertyListeners.delete(listener);
  };
}

const objectPath = (context: PreviewContext) => {
  const type = Object.entries(OBJECT_TYPE_IDS).find(
    ([, id]) => id === context.crm.objectTypeId,
  )?.[0];
  return `${session.portalBase}/preview/api/objects/${type ?? 'contact'}/${context.crm.objectId}`;
};

/** Reads properties of the current record from the local portal's CRM. */
async function readProperties(
  context: PreviewContext,
  properties: string[] | '*',
): Promise<Record<string, string>> {
  const query = properties === '*' ? '' : `?properties=${encodeURIComponent(properties.join(','))}`;
  const response = await fetch(`${objectPath(context)}${query}`, {
    headers: { 'x-local-portal-id': String(session.portalId) },
  });
  if (!response.ok) throw new Error(`Reading the record failed: HTTP ${response.status}`);
  const body = (await response.json()) as { properties: Record<string, string> };
  return body.properties;
}

/** The actions for one mounted extension. */
export function createActions(context: PreviewContext): PreviewActions {
  const recordKey = `${context.crm.objectTypeId}:${context.crm.objectId}`;
  const updateCallbacks = updateCallbacksByRecord.get(recordKey) ?? [];
  updateCallbacksByRecord.set(recordKey, updateCallbacks);
  return {
    addAlert({ type = 'info', title, message }) {
      const alert: PreviewAlert = { id: nextAlertId++, type, ...(title ? { title } : {}), message };
      alerts = [...alerts, alert];
      for (const listener of alertListeners) listener(alerts);
      setTimeout(() => dismissAlert(alert.id), ALERT_VISIBLE_MS);
    },
    fetchCrmObjectProperties: (properties) => readProperties(context, properties),
    refreshObjectProperties() {
      for (const listener of propertyListeners) listener();
      for (const { properties, callback } of updateCallbacks) {
        void readProperties(context, properties).then(callback, () => undefined);
      }
    },
    onCrmPropertiesUpdate(properties, callback) {
      updateCallbacks.push({ properties, callback });
      crmUpdateListeners.add(() => {
        void readProperties(context, properties).then(callback, () => undefined);
      });
      void readProperties(context, properties).then(callback, () => undefined);
    },
    reloadPage: () => window.location.reload(),
    copyTextToClipboard: (text) => navigator.clipboard.writeText(text),
    openIframeModal: ({ uri }) => {
      window.open(uri, '_blank', 'noopener');
    },
    closeOverlay: () => undefined,
  };
}

interface HostValue {
  context: PreviewContext;
  actions: PreviewActions;
}

const HostContext = createContext<HostValue | null>(null);

function useHost(): HostValue {
  const host = useContext(HostContext);
  if (!host) throw new Error('This hook works only inside an extension mounted by the preview.');
  return host;
}

/** The portal's time zone inside a mounted extension (components need it for "today"). */
export function usePortalTimezone(): string | undefined {
  return useContext(HostContext)?.context.portal.timezone;
}

/** `useExtensionContext()`: the context of the extension it is called in. */
export function useExtensionContext(): PreviewContext {
  return useHost().context;
}

/** `useExtensionActions()`: the actions of the extension it is called in. */
export function useExtensionActions(): PreviewActions {
  return useHost().actions;
}

/** hubspot.fetch's options. */
export interface HubSpotFetchOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  timeout?: number;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * hubspot.fetch: the card's call goes to the local portal's HubSpot proxy (/_local/hubspot-fetch,
 * fetch-route.ts), which applies HubSpot's contract (permittedUrls, timeout, retry, sizes,
 * concurrency) and signs it. Every failure reaches the card as the same opaque error, whatever
 * the cause: the backend's status and body never do (the cause is logged to the console).
 */
async function hubspotFetch(url: string, options: HubSpotFetchOptions = {}): Promise<Response> {
  const target = new URL(url, window.location.href);
  const response = await fetch(`${session.portalBase}/_local/hubspot-fetch`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-local-portal-id': String(session.portalId),
      'x-local-user-id': String(session.userId),
      'x-local-user-email': session.userEmail,
    },
    body: JSON.stringify({
      url: target.toString(),
      method: (options.method ?? 'GET').toUpperCase(),
      ...(options.body === undefined ? {} : { body: options.body }),
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      ...(options.headers ? { headers: options.headers } : {}),
    }),
  });
  if (response.status === 502 || response.status === 400) {
    const cause: unknown = await response.json().catch(() => undefined);
    console.warn('hubspot.fetch failed', cause);
    throw new Error('hubspot.fetch failed');
  }
  return response;
}

/** The `hubspot` object of @hubspot/ui-extensions. */
export const hubspot = {
  extend(render: Render): void {
    if (!registrationKey) throw new Error('hubspot.extend was called outside the preview bundle.');
    registered.set(registrationKey, render);
    registrationKey = undefined;
  },
  fetch: hubspotFetch,
  serverless(): Promise<never> {
    return Promise.reject(new Error('Serverless functions do not run in the preview.'));
  },
};

/** Mounts a registered extension into `container`; returns the React root to unmount it. */
export function mountExtension(key: string, container: Element, context: PreviewContext): Root {
  const render = registered.get(key);
  if (!render) throw new Error(`No extension registered as ${key}.`);
  const actions = createActions(context);
  const root = createRoot(container);
  root.render(
    <HostContext.Provider value={{ context, actions }}>
      {render({ context, actions })}
    </HostContext.Provider>,
  );
  return root;
}
