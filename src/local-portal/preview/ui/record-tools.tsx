/// <reference lib="dom" />
// The preview host's record tools: the searchable record picker (a portal has hundreds of contacts,
// many with the same name, so the picker searches name, email and company and shows them), the
// index pages the breadcrumbs lead to, and the stage control of a deal, which moves the deal
// through the local portal's CRM (changeSource CRM_UI) as a drag on HubSpot's deal board does; and
// the plain option select these and the preview's other pickers show.
import { useState, type InputHTMLAttributes, type SelectHTMLAttributes } from 'react';

/** A record as pickers and index pages list it; `search` holds name, email, company, domain. */
export interface PickerEntry {
  id: string;
  title: string;
  detail: string;
  label: string;
  search: string;
}

/** The records whose search text holds every word of the query (case-insensitive). */
export function matchRecords(records: readonly PickerEntry[], query: string): PickerEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...records];
  return records.filter((record) => words.every((word) => record.search.includes(word)));
}

/** A search field labelled (and placeheld) by `label`; `onSearch` gets every edit. */
function SearchInput({
  label,
  onSearch,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'onChange'> & {
  label: string;
  onSearch: (query: string) => void;
}) {
  return (
    <input
      type="search"
      {...input}
      placeholder={label}
      aria-label={label}
      onChange={(event) => onSearch(event.target.value)}
    />
  );
}

/** A native select of `options`; `onChange` gets the chosen option's value. */
export function OptionSelect({
  options,
  onChange,
  ...select
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange'> & {
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <select {...select} onChange={(event) => onChange(event.target.value)}>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

/** A search box over a record select; the select lists only the matches (and the current one). */
export function RecordPicker({
  label,
  searchLabel,
  matchesLabel,
  value,
  records,
  onChange,
}: {
  label: string;
  searchLabel: string;
  matchesLabel: (count: number) => string;
  value: string;
  records: readonly PickerEntry[];
  onChange: (id: string) => void;
}) {
  const [query, setQuery] = useState('');
  const matches = matchRecords(records, query);
  const current = records.find((record) => record.id === value);
  const options = current && !matches.includes(current) ? [current, ...matches] : matches;
  return (
    <div className="pv-picker pv-record-picker">
      <label>
        <span>{label}</span>
        <SearchInput
          data-testid="record-search"
          label={searchLabel}
          value={query}
          onSearch={setQuery}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && matches[0]) onChange(matches[0].id);
          }}
        />
      </label>
      <span className="pv-matches" data-testid="record-matches" aria-live="polite">
        {query ? matchesLabel(matches.length) : ''}
      </span>
      <OptionSelect
        data-testid="picker-record"
        aria-label={label}
        value={value}
        options={options.map((record) => ({ value: record.id, label: record.label }))}
        onChange={onChange}
      />
    </div>
  );
}

/** An object's index page: every record, searchable, each a link to its record page. */
export function IndexPage({
  title,
  kind,
  records,
  searchLabel,
  matchesLabel,
  noMatch,
  linkTo,
}: {
  title: string;
  kind: string;
  records: readonly PickerEntry[];
  searchLabel: string;
  matchesLabel: (count: number) => string;
  noMatch: string;
  linkTo: (id: string) => string;
}) {
  const [query, setQuery] = useState('');
  const matches = matchRecords(records, query);
  return (
    <div className="pv-fullpage pv-index" data-testid={`index-${kind}`}>
      <h1 className="pv-page-title">{`${title} (${records.length})`}</h1>
      <SearchInput
        className="pv-index-search"
        data-testid="index-search"
        label={searchLabel}
        value={query}
        onSearch={setQuery}
      />
      <p className="pv-matches">{query ? matchesLabel(matches.length) : ''}</p>
      {matches.length === 0 ? <p className="pv-empty">{noMatch}</p> : null}
      <ul className="pv-index-list">
        {matches.slice(0, 200).map((record) => (
          <li key={record.id} data-testid="index-row">
            <a href={linkTo(record.id)}>{record.title}</a>
            <span>{record.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A deal's stage as a select of its pipeline's stages; a change is a CRM write. */
export function StageControl({
  dealId,
  portalId,
  stage,
  control,
  onMoved,
}: {
  dealId: string;
  portalId: number;
  stage: { pipelineId: string; stageId: string };
  control: {
    label: string;
    failed: string;
    pipelines: { id: string; label: string; stages: { id: string; label: string }[] }[];
  };
  onMoved: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pipeline =
    control.pipelines.find((candidate) => candidate.id === stage.pipelineId) ??
    control.pipelines[0];
  const move = async (stageId: string) => {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/preview/api/records/deal/${dealId}/stage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-local-portal-id': String(portalId) },
        body: JSON.stringify({ stageId }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { message?: string };
        throw new Error(body.message ?? `HTTP ${response.status}`);
      }
      onMoved();
    } catch (failure) {
      setError(
        `${control.failed}: ${failure instanceof Error ? failure.message : String(failure)}`,
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="pv-stage">
      <label>
        <span>{control.label}</span>
        <OptionSelect
          data-testid="deal-stage"
          value={stage.stageId}
          disabled={busy}
          options={(pipeline?.stages ?? []).map((entry) => ({
            value: entry.id,
            label: entry.label,
          }))}
          onChange={(stageId) => void move(stageId)}
        />
      </label>
      {error ? (
        <p role="alert" className="pv-stage-error" data-testid="deal-stage-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
