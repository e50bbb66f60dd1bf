// The three states every card shows before its content: loading, nothing to show, failed.
import { Button, EmptyState, ErrorState, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { ReactElement } from 'react';
import type { I18n } from '../lib/i18n.ts';
import type { ApiError } from '../lib/types.ts';
import type { RemoteState } from '../lib/use-remote.ts';

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
