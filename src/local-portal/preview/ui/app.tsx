/// <reference lib="dom" />
// The preview page: HubSpot's record page, settings page and app page as a seller and an admin know
// them, hosting the project's real extensions. Pickers choose the view (contact, deal, settings,
// app page), the record, the acting user (a portal owner) and the language; the choice lives in the
// URL, so every view can be linked to and reloaded. Record pages have HubSpot's three columns: the
// record's properties on the left, the app's tab cards in the middle, the sidebar cards and the
// associated records on the right.
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import {
  OBJECT_TYPE_IDS,
  announcePropertyChange,
  dismissAlert,
  mountExtension,
  setSession,
  subscribeAlerts,
  subscribePropertyRefresh,
} from './runtime.tsx';
import type { PreviewAlert, PreviewContext } from './runtime.tsx';
import { IndexPage, RecordPicker, StageControl, type PickerEntry } from './record-tools.tsx';

/** An extension as the bundle lists it. */
export interface ExtensionInfo {
  uid: string;
  type: 'card' | 'settings' | 'page';
  name: string;
  location?: string;
  objectTypes: string[];
}

interface Owner {
  id: string;
  userId: number;
  email: string;
  firstName: string;
  lastName: string;
  team: string;
}

interface Bootstrap {
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

interface RecordView {
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

type RecordKind = 'contact' | 'deal' | 'company';
type IndexView = 'contacts' | 'deals' | 'companies';
type View = RecordKind | IndexView | 'settings' | 'page';
const VIEWS: readonly View[] = [
  'contact',
  'deal',
  'company',
  'contacts',
  'deals',
  'companies',
  'settings',
  'page',
];
const INDEX_OF: Record<RecordKind, IndexView> = {
  contact: 'contacts',
  deal: 'deals',
  company: 'companies',
};
const RECORD_OF: Record<IndexView, RecordKind> = {
  contacts: 'contact',
  deals: 'deal',
  companies: 'company',
};
const isRecordView = (view: View): view is RecordKind =>
  view === 'contact' || view === 'deal' || view === 'company';
const isIndexView = (view: View): view is IndexView =>
  view === 'contacts' || view === 'deals' || view === 'companies';
type Language = 'en' | 'de';

const TEXT = {
  en: {
    portal: 'Local HubSpot portal',
    view: 'View',
    record: 'Record',
    user: 'Acting user',
    language: 'Language',
    contact: 'Contact',
    deal: 'Deal',
    company: 'Company',
    contacts: 'Contacts',
    deals: 'Deals',
    companies: 'Companies',
    settings: 'App settings',
    page: 'App page',
    search: 'Search by name, email or company',
    matches: (count: number) => (count === 1 ? '1 match' : `${count} matches`),
    noMatch: 'No record matches this search.',
    stage: 'Deal stage',
    stageFailed: 'The stage could not be changed',
    superAdmin: 'Super Admin',
    noRecords: 'This portal has no records of this type.',
    loading: 'Loading …',
    failed: 'The preview could not load',
    close: 'Close',
    signed:
      'Every request of these cards is signed by the local portal and verified by the backend.',
  },
  de: {
    portal: 'Lokales HubSpot-Portal',
    view: 'Ansicht',
    record: 'Datensatz',
    user: 'Handelnder Benutzer',
    language: 'Sprache',
    contact: 'Kontakt',
    deal: 'Deal',
    company: 'Unternehmen',
    contacts: 'Kontakte',
    deals: 'Deals',
    companies: 'Unternehmen',
    settings: 'App-Einstellungen',
    page: 'App-Seite',
    search: 'Nach Name, E-Mail oder Unternehmen suchen',
    matches: (count: number) => (count === 1 ? '1 Treffer' : `${count} Treffer`),
    noMatch: 'Kein Datensatz passt zu dieser Suche.',
    stage: 'Deal-Phase',
    stageFailed: 'Die Phase konnte nicht geändert werden',
    superAdmin: 'Super-Admin',
    noRecords: 'Dieses Portal hat keine Datensätze dieses Typs.',
    loading: 'Wird geladen …',
    failed: 'Die Vorschau konnte nicht geladen werden',
    close: 'Schließen',
    signed: 'Jede Anfrage dieser Karten wird vom lokalen Portal signiert und vom Backend geprüft.',
  },
} as const;

const LOCALES: Record<Language, string> = { en: 'en-US', de: 'de-DE' };
const TEAM_LABEL: Record<string, { en: string; de: string }> = {
  sales: { en: 'Sales', de: 'Vertrieb' },
  marketing: { en: 'Marketing', de: 'Marketing' },
};

/** Reads the chosen view from the URL. */
function readChoice() {
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

type Choice = ReturnType<typeof readChoice>;

/** Opens another view (a full navigation, so every extension starts fresh as in HubSpot). */
function go(change: Partial<Choice>): void {
  window.location.assign(linkTo(change));
}

/** The URL of another view, keeping portal, user and language. */
function linkTo(change: Partial<Choice>): string {
  const next = { ...readChoice(), ...change };
  const query = new URLSearchParams();
  if (next.portal) query.set('portal', next.portal);
  query.set('view', next.view);
  if (next.id && isRecordView(next.view)) query.set('id', next.id);
  if (next.user) query.set('user', next.user);
  query.set('lang', next.lang);
  return `/preview?${query.toString()}`;
}

function listOf(bootstrap: Bootstrap, kind: RecordKind): PickerEntry[] {
  return kind === 'deal'
    ? bootstrap.deals
    : kind === 'company'
      ? bootstrap.companies
      : bootstrap.contacts;
}

async function getJson<T>(url: string, portalId?: number): Promise<T> {
  const response = await fetch(url, {
    headers: portalId ? { 'x-local-portal-id': String(portalId) } : {},
  });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Starts the preview page (called by the bundle's entry after every extension registered). */
export function startPreview(extensions: ExtensionInfo[]): void {
  const container = document.getElementById('preview-root');
  if (!container) throw new Error('The preview page has no #preview-root.');
  createRoot(container).render(<PreviewApp extensions={extensions} />);
}

function PreviewApp({ extensions }: { extensions: ExtensionInfo[] }) {
  const choice = readChoice();
  const t = TEXT[choice.lang];
  const [bootstrap, setBootstrap] = useState<Bootstrap | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    const query = choice.portal ? `?portal=${encodeURIComponent(choice.portal)}` : '';
    getJson<Bootstrap>(`/preview/api/bootstrap${query}`).then(setBootstrap, (error: unknown) =>
      setFailure(String(error)),
    );
  }, [choice.portal]);

  if (failure) return <div className="pv-failure" role="alert">{`${t.failed}: ${failure}`}</div>;
  if (!bootstrap) return <div className="pv-loading">{t.loading}</div>;

  const user = bootstrap.owners.find((owner) => owner.id === choice.user) ?? bootstrap.owners[0];
  const recordKind: RecordKind = isRecordView(choice.view)
    ? choice.view
    : isIndexView(choice.view)
      ? RECORD_OF[choice.view]
      : 'contact';
  const records = listOf(bootstrap, recordKind);
  const recordId = records.some((record) => record.id === choice.id)
    ? choice.id
    : (records[0]?.id ?? '');
  if (user) {
    setSession({
      portalId: bootstrap.portalId,
      userId: user.userId,
      userEmail: user.email,
      portalBase: '',
    });
  }
  const baseContext = (objectTypeId: string, objectId: number, title: string): PreviewContext => ({
    location: '',
    user: {
      id: user?.userId ?? 0,
      email: user?.email ?? '',
      emailAddress: user?.email ?? '',
      firstName: user?.firstName ?? '',
      lastName: user?.lastName ?? '',
      locale: LOCALES[choice.lang],
      teams: user
        ? [{ id: user.team, name: TEAM_LABEL[user.team]?.[choice.lang] ?? user.team }]
        : [],
    },
    portal: { id: bootstrap.portalId, timezone: bootstrap.timezone, dataHostingLocation: 'local' },
    crm: { objectId, objectTypeId },
    extension: { appId: bootstrap.appId, appName: bootstrap.appName, title },
    ...(bootstrap.variables ? { variables: bootstrap.variables } : {}),
  });

  return (
    <div className="pv-shell">
      <header className="pv-topbar">
        <span className="pv-logo" aria-hidden="true">
          ⬢
        </span>
        <span className="pv-portal">{`${t.portal} ${bootstrap.portalId}`}</span>
        <Picker
          label={t.view}
          testId="picker-view"
          value={choice.view}
          options={[
            ...(isIndexView(choice.view) ? [{ value: choice.view, label: t[choice.view] }] : []),
            { value: 'contact', label: t.contact },
            { value: 'deal', label: t.deal },
            { value: 'company', label: t.company },
            { value: 'settings', label: t.settings },
            { value: 'page', label: t.page },
          ]}
          onChange={(view) => go({ view: view as View, id: '' })}
        />
        {isRecordView(choice.view) ? (
          <RecordPicker
            label={t.record}
            searchLabel={t.search}
            matchesLabel={t.matches}
            value={recordId}
            records={records}
            onChange={(id) => go({ id })}
          />
        ) : null}
        <Picker
          label={t.user}
          testId="picker-user"
          value={user?.id ?? ''}
          options={bootstrap.owners.map((owner) => ({
            value: owner.id,
            label: `${owner.firstName} ${owner.lastName} (${owner.team ? (TEAM_LABEL[owner.team]?.[choice.lang] ?? owner.team) : t.superAdmin})`,
          }))}
          onChange={(id) => go({ user: id })}
        />
        <Picker
          label={t.language}
          testId="picker-language"
          value={choice.lang}
          options={[
            { value: 'en', label: 'English' },
            { value: 'de', label: 'Deutsch' },
          ]}
          onChange={(lang) => go({ lang: lang as Language })}
        />
      </header>
      <Toasts closeLabel={t.close} />
      <main className="pv-main">
        {choice.view === 'settings' || choice.view === 'page' ? (
          <FullPage
            extensions={extensions.filter(
              (extension) => extension.type === (choice.view === 'page' ? 'page' : 'settings'),
            )}
            title={
              choice.view === 'page' ? bootstrap.appName : `${t.settings} · ${bootstrap.appName}`
            }
            makeContext={(extension) => baseContext('0-0', 0, extension.name)}
          />
        ) : isIndexView(choice.view) ? (
          <IndexPage
            title={t[choice.view]}
            kind={recordKind}
            records={records}
            searchLabel={t.search}
            matchesLabel={t.matches}
            noMatch={t.noMatch}
            linkTo={(id) => linkTo({ view: recordKind, id })}
          />
        ) : recordId === '' ? (
          <p className="pv-empty">{t.noRecords}</p>
        ) : (
          <RecordPage
            key={`${recordKind}-${recordId}`}
            objectType={recordKind}
            recordId={recordId}
            portalId={bootstrap.portalId}
            language={choice.lang}
            extensions={extensions}
            makeContext={(extension) =>
              baseContext(OBJECT_TYPE_IDS[recordKind], Number(recordId), extension.name)
            }
            signedNote={t.signed}
            backLabel={t[INDEX_OF[recordKind]]}
            stageControl={
              recordKind === 'deal'
                ? { label: t.stage, failed: t.stageFailed, pipelines: bootstrap.pipelines }
                : undefined
            }
          />
        )}
      </main>
    </div>
  );
}

function Picker({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <label className="pv-picker">
      <span>{label}</span>
      <select data-testid={testId} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The alerts raised by the extensions, as HubSpot's toasts. */
function Toasts({ closeLabel }: { closeLabel: string }) {
  const [alerts, setAlerts] = useState<PreviewAlert[]>([]);
  useEffect(() => subscribeAlerts(setAlerts), []);
  return (
    <div className="pv-toasts" aria-live="polite">
      {alerts.map((alert) => (
        <div
          key={alert.id}
          className={`pv-toast pv-toast-${alert.type}`}
          data-testid="toast"
          data-type={alert.type}
        >
          <div>
            {alert.title ? <strong>{alert.title}</strong> : null}
            <p>{alert.message}</p>
          </div>
          <button type="button" aria-label={closeLabel} onClick={() => dismissAlert(alert.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

/** Mounts one extension into a div for as long as it is shown. */
function ExtensionSlot({
  extension,
  context,
}: {
  extension: ExtensionInfo;
  context: PreviewContext;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const contextKey = JSON.stringify(context);
  useEffect(() => {
    if (!ref.current) return undefined;
    const root = mountExtension(
      extension.uid,
      ref.current,
      JSON.parse(contextKey) as PreviewContext,
    );
    return () => {
      // Unmount after the current render: React forbids unmounting a root while rendering.
      setTimeout(() => root.unmount(), 0);
    };
  }, [extension.uid, contextKey]);
  return <div className="pv-extension" data-extension={extension.uid} ref={ref} />;
}

/** A card frame as HubSpot draws app cards: title, app name, content. */
function CardFrame({
  title,
  appName,
  children,
}: {
  title: string;
  appName?: string;
  children: ReactNode;
}) {
  return (
    <section className="pv-card">
      <header className="pv-card-head">
        <h2>{title}</h2>
        {appName ? <span className="pv-card-app">{appName}</span> : null}
      </header>
      <div className="pv-card-body">{children}</div>
    </section>
  );
}

function FullPage({
  extensions,
  title,
  makeContext,
}: {
  extensions: ExtensionInfo[];
  title: string;
  makeContext: (extension: ExtensionInfo) => PreviewContext;
}) {
  return (
    <div className="pv-fullpage">
      <h1 className="pv-page-title">{title}</h1>
      {extensions.map((extension) => (
        <CardFrame
          key={extension.uid}
          title={extension.name === extension.uid ? title : extension.name}
        >
          <ExtensionSlot extension={extension} context={makeContext(extension)} />
        </CardFrame>
      ))}
    </div>
  );
}

function RecordPage({
  objectType,
  recordId,
  portalId,
  language,
  extensions,
  makeContext,
  signedNote,
  backLabel,
  stageControl,
}: {
  objectType: RecordKind;
  recordId: string;
  portalId: number;
  language: Language;
  extensions: ExtensionInfo[];
  makeContext: (extension: ExtensionInfo) => PreviewContext;
  signedNote: string;
  backLabel: string;
  stageControl?: { label: string; failed: string; pipelines: Bootstrap['pipelines'] } | undefined;
}) {
  const [record, setRecord] = useState<RecordView | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => subscribePropertyRefresh(() => setGeneration((value) => value + 1)), []);
  useEffect(() => {
    void getJson<RecordView>(`/preview/api/records/${objectType}/${recordId}`, portalId).then(
      setRecord,
      () => setRecord(null),
    );
  }, [objectType, recordId, portalId, generation]);
  const plural = INDEX_OF[objectType];
  const onThisObject = (extension: ExtensionInfo) =>
    extension.type === 'card' && extension.objectTypes.includes(plural);
  const tabCards = extensions.filter(
    (extension) => onThisObject(extension) && extension.location === 'crm.record.tab',
  );
  const sideCards = extensions.filter(
    (extension) => onThisObject(extension) && extension.location === 'crm.record.sidebar',
  );
  const [tab, setTab] = useState(tabCards[0]?.uid ?? '');

  return (
    <div className="pv-record">
      <aside className="pv-left" data-testid="record-properties">
        <a
          className="pv-back"
          data-testid="breadcrumb"
          href={linkTo({ view: INDEX_OF[objectType], id: '' })}
        >{`‹ ${backLabel}`}</a>
        {record ? (
          <>
            <div className="pv-identity">
              <span className="pv-avatar" aria-hidden="true">
                {initials(record.title)}
              </span>
              <div>
                <h1 data-testid="record-title">{record.title}</h1>
                <p>{record.subtitle}</p>
              </div>
            </div>
            {stageControl && record.stage ? (
              <StageControl
                dealId={record.id}
                portalId={portalId}
                stage={record.stage}
                control={stageControl}
                onMoved={() => {
                  setGeneration((value) => value + 1);
                  announcePropertyChange();
                }}
              />
            ) : null}
            {record.sections.map((section) => (
              <details key={section.title.en} open className="pv-props">
                <summary>{section.title[language]}</summary>
                <dl>
                  {section.fields.map((field) => (
                    <div key={field.name} data-property={field.name}>
                      <dt>{field.label}</dt>
                      <dd>{field.value === '' ? '—' : displayValue(field.value, language)}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            ))}
          </>
        ) : null}
      </aside>
      <section className="pv-middle">
        <div className="pv-tabbar" role="tablist">
          {tabCards.map((extension) => (
            <button
              key={extension.uid}
              type="button"
              role="tab"
              aria-selected={tab === extension.uid}
              onClick={() => setTab(extension.uid)}
            >
              {extension.name}
            </button>
          ))}
        </div>
        {tabCards.map((extension) => (
          <div key={extension.uid} hidden={tab !== extension.uid}>
            <CardFrame title={extension.name} appName="Opportunity Plan">
              <ExtensionSlot extension={extension} context={makeContext(extension)} />
            </CardFrame>
            <p className="pv-footnote">{signedNote}</p>
          </div>
        ))}
      </section>
      <aside className="pv-right">
        {sideCards.map((extension) => (
          <CardFrame key={extension.uid} title={extension.name} appName="Opportunity Plan">
            <ExtensionSlot extension={extension} context={makeContext(extension)} />
          </CardFrame>
        ))}
        {record?.associations.map((association) => (
          <CardFrame
            key={association.objectType}
            title={`${association.title[language]} (${association.records.length})`}
          >
            <ul className="pv-assoc" data-testid={`associations-${association.objectType}`}>
              {association.records.map((entry) => (
                <li key={entry.id}>
                  <a href={linkTo({ view: association.objectType, id: entry.id })}>{entry.title}</a>
                  <span>{entry.subtitle}</span>
                </li>
              ))}
            </ul>
          </CardFrame>
        ))}
      </aside>
    </div>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');
}

/** Shows ISO instants and days as HubSpot does, in the chosen language; other values as they are. */
function displayValue(value: string, language: 'en' | 'de'): string {
  const locale = language === 'de' ? 'de-DE' : 'en-US';
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
        date,
      );
    }
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${value}T00:00:00Z`),
    );
  }
  return value;
}
