/// <reference lib="dom" />
// The preview page's model: what the bootstrap and a record view hold, which views exist, and how
// the chosen view lives in the URL (so every view can be linked to and reloaded).
import type { PickerEntry } from './record-tools.tsx';

/** An extension as the bundle lists it. */
export interface ExtensionInfo {
  uid: string;
  type: 'card' | 'settings' | 'page';
  name: string;
  location?: string;
  objectTypes: string[];
}

export interface Owner {
  id: string;
  userId: number;
  email: string;
  firstName: string;
  lastName: string;
  team: string;
}

export interface Bootstrap {
  portalId: number;
  appId: number;
  appName: string;
  timezone: string;
  backendUrl: string;
  /** The profile's variables, when it sets any. */
  variables?: Record<string, string>;
  contacts: PickerEntry[];
  companies: PickerEntry[];
  deals: PickerEntry[];
  pipelines: { id: string; label: string; stages: { id: string; label: string }[] }[];
  owners: Owner[];
}

export interface RecordView {
  id: string;
  objectType: RecordKind;
  title: string;
  subtitle: string;
  stage?: { pipelineId: string; stageId: string };
  sections: {
    title: { en: string; de: string };
    fields: { name: string; label: string; value: string }[];
  }[];
  associations: {
    objectType: RecordKind;
    title: { en: string; de: string };
    records: { id: string; title: string; subtitle: string }[];
  }[];
}

export type RecordKind = 'contact' | 'deal' | 'company';
export type IndexView = 'contacts' | 'deals' | 'companies';
export type View = RecordKind | IndexView | 'settings' | 'page';
export const VIEWS: readonly View[] = [
  'contact',
  'deal',
  'company',
  'contacts',
  'deals',
  'companies',
  'settings',
  'page',
];
export const INDEX_OF: Record<RecordKind, IndexView> = {
  contact: 'contacts',
  deal: 'deals',
  company: 'companies',
};
export const RECORD_OF: Record<IndexView, RecordKind> = {
  contacts: 'contact',
  deals: 'deal',
  companies: 'company',
};
export const isRecordView = (view: View): view is RecordKind =>
  view === 'contact' || view === 'deal' || view === 'company';
export const isIndexView = (view: View): view is IndexView =>
  view === 'contacts' || view === 'deals' || view === 'companies';
export type Language = 'en' | 'de';

/** Reads the chosen view from the URL. */
export function readChoice() {
  const query = new URLSearchParams(window.location.search);
  const view = query.get('view');
  return {
    portal: query.get('portal') ?? '',
    view: (VIEWS.includes(view as View) ? view : 'contact') as View,
    id: query.get('id') ?? '',
    user: query.get('user') ?? '',
    lang: (query.get('lang') === 'de' ? 'de' : 'en') as Language,
  };
}

export type Choice = ReturnType<typeof readChoice>;

/** Opens another view (a full navigation, so every extension starts fresh as in HubSpot). */
export function go(change: Partial<Choice>): void {
  window.location.assign(linkTo(change));
}

/** The URL of another view, keeping portal, user and language. */
export function linkTo(change: Partial<Choice>): string {
  const next = { ...readChoice(), ...change };
  const query = new URLSearchParams();
  if (next.portal) query.set('portal', next.portal);
  query.set('view', next.view);
  if (next.id && isRecordView(next.view)) query.set('id', next.id);
  if (next.user) query.set('user', next.user);
  query.set('lang', next.lang);
  return `/preview?${query.toString()}`;
}

export function listOf(bootstrap: Bootstrap, kind: RecordKind): PickerEntry[] {
  return kind === 'deal'
    ? bootstrap.deals
    : kind === 'company'
      ? bootstrap.companies
      : bootstrap.contacts;
}

export async function getJson<T>(url: string, portalId?: number): Promise<T> {
  const response = await fetch(url, {
    headers: portalId ? { 'x-local-portal-id': String(portalId) } : {},
  });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
