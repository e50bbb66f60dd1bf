/// <reference lib="dom" />
// A record page as HubSpot draws it: the record's properties on the left (with the breadcrumb to
// the object's index and, on deals, the stage control), the app's tab cards in the middle, the
// sidebar cards and the associated records on the right. Also the full pages (settings, app page).
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { announcePropertyChange, mountExtension, subscribePropertyRefresh } from './runtime.tsx';
import type { PreviewContext } from './runtime.tsx';
import { StageControl } from './record-tools.tsx';
import {
  INDEX_OF,
  getJson,
  linkTo,
  type Bootstrap,
  type ExtensionInfo,
  type Language,
  type RecordKind,
  type RecordView,
} from './views.ts';

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
  title: string | undefined;
  appName?: string;
  children: ReactNode;
}) {
  return (
    <section className="pv-card">
      {title === undefined ? null : (
        <header className="pv-card-head">
          <h2>{title}</h2>
          {appName ? <span className="pv-card-app">{appName}</span> : null}
        </header>
      )}
      <div className="pv-card-body">{children}</div>
    </section>
  );
}

export function FullPage({
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
        // An extension without a name of its own is the page: its title is not repeated.
        <CardFrame
          key={extension.uid}
          title={extension.name === extension.uid ? undefined : extension.name}
        >
          <ExtensionSlot extension={extension} context={makeContext(extension)} />
        </CardFrame>
      ))}
    </div>
  );
}

export function RecordPage({
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
