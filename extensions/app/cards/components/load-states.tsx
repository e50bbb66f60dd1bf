// The three states every card shows before its content: loading, nothing to show, failed; and the
// one way a record card loads its backend resource and stays in step with the record.
import { Button, EmptyState, ErrorState, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { ReactElement } from 'react';
import { useExtensionContext } from '@hubspot/ui-extensions';
import type { CardApi } from '../lib/api.ts';
import { useCardApi } from '../lib/api.ts';
import type { I18n } from '../lib/i18n.ts';
import { useI18n } from '../lib/i18n.ts';
import type { RecordSync } from '../lib/record-sync.ts';
import { useRecordSync } from '../lib/record-sync.ts';
import type { ApiError, ApiResult } from '../lib/types.ts';
import type { Remote, RemoteState } from '../lib/use-remote.ts';
import { useRemote } from '../lib/use-remote.ts';

/** A centred spinner with a label. */
export function LoadingView({ label }: { label: string }) {
  return <LoadingSpinner label={label} showLabel layout="centered" testId="loading" />;
}

/** The backend's error, in the user's language, with a retry. */
export function ErrorView({
  error,
  i18n,
  onRetry,
}: {
  error: ApiError;
  i18n: I18n;
  onRetry: () => void;
}) {
  return (
    <ErrorState title={i18n.t.common.errorTitle} testId="error">
      <Text>{i18n.pick(error.message)}</Text>
      <Button onClick={onRetry} testId="retry">
        {i18n.t.common.retry}
      </Button>
    </ErrorState>
  );
}

/** Nothing to show yet, with an explanation. */
export function EmptyView({ title, body }: { title: string; body: string }) {
  return (
    <EmptyState title={title} layout="vertical" imageName="deals" testId="empty">
      <Text>{body}</Text>
    </EmptyState>
  );
}

/** True for failures that mean "nothing here" rather than "something broke". */
export function isNothingHere(error: ApiError): boolean {
  return error.code === 'not_found' || error.code === 'not_installed';
}

/** The texts of a card's states before its content. */
export interface LoadTexts {
  loading: string;
  notFoundTitle: string;
  notFoundBody: string;
}

/**
 * What a card shows instead of its content while `state` is not ready: the spinner, "nothing
 * here" (not found, not installed), or the error with a retry; null once the data is there.
 */
export function loadGate<T>(
  state: RemoteState<T>,
  i18n: I18n,
  texts: LoadTexts,
  onRetry: () => void,
): ReactElement | null {
  if (state.status === 'loading') return <LoadingView label={texts.loading} />;
  if (state.status === 'ready') return null;
  return isNothingHere(state.error) ? (
    <EmptyView title={texts.notFoundTitle} body={texts.notFoundBody} />
  ) : (
    <ErrorView error={state.error} i18n={i18n} onRetry={onRetry} />
  );
}

/** What a record card works with: its record, the API, the language, the resource and its gate. */
export interface RecordResource<T> {
  recordId: string;
  api: CardApi;
  i18n: I18n;
  remote: Remote<T>;
  sync: RecordSync;
  /** The view to show instead of the content (see loadGate), or null once the data is there. */
  gate: ReactElement | null;
}

/**
 * Loads the current record's resource with `load` and reloads it silently whenever the record
 * changed elsewhere (another card, a workflow, a stage move), so every card shows the same state.
 */
export function useRecordResource<T>(
  load: (api: CardApi, recordId: string) => Promise<ApiResult<T>>,
  texts: (i18n: I18n) => LoadTexts,
): RecordResource<T> {
  const context = useExtensionContext<'crm.record.tab'>();
  const recordId = String(context.crm.objectId);
  const api = useCardApi();
  const i18n = useI18n();
  const remote = useRemote(() => load(api, recordId), recordId);
  const sync = useRecordSync(remote.refresh);
  const gate = loadGate(remote.state, i18n, texts(i18n), remote.reload);
  return { recordId, api, i18n, remote, sync, gate };
}
