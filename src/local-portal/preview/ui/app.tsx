/// <reference lib="dom" />
// The preview page: HubSpot's record page, settings page and app page as a seller and an admin know
// them, hosting the project's real extensions. Pickers choose the view (contact, deal, settings,
// app page), the record, the acting user (a portal owner) and the language; the choice lives in the
// URL, so every view can be linked to and reloaded. Record pages have HubSpot's three columns: the
// record's properties on the left, the app's tab cards in the middle, the sidebar cards and the
// associated records on the right.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { OBJECT_TYPE_IDS, dismissAlert, setSession, subscribeAlerts } from './runtime.tsx';
import type { PreviewAlert, PreviewContext } from './runtime.tsx';
import { IndexPage, OptionSelect, RecordPicker, type PickerEntry } from './record-tools.tsx';
import { FullPage, RecordPage } from './record-page.tsx';
import {
  INDEX_OF,
  RECORD_OF,
  getJson,
  go,
  isIndexView,
  isRecordView,
  linkTo,
  listOf,
  readChoice,
  type Bootstrap,
  type Choice,
  type ExtensionInfo,
  type Language,
  type RecordKind,
  type View,
} from './views.ts';

export type { ExtensionInfo } from './views.ts';

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
      <TopBar
        bootstrap={bootstrap}
        choice={choice}
        records={records}
        recordId={recordId}
        userId={user?.id ?? ''}
      />
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

/** The preview's top bar: the portal, and pickers for view, record, acting user and language. */
function TopBar({
  bootstrap,
  choice,
  records,
  recordId,
  userId,
}: {
  bootstrap: Bootstrap;
  choice: Choice;
  records: PickerEntry[];
  recordId: string;
  userId: string;
}) {
  const t = TEXT[choice.lang];
  return (
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
        value={userId}
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
      <OptionSelect data-testid={testId} value={value} options={options} onChange={onChange} />
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
