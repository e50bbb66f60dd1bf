// Full rescore: start it, watch its progress (polling GET /api/rescore while it runs) and cancel it.
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Flex,
  Heading,
  LoadingButton,
  ProgressBar,
  Text,
} from '@hubspot/ui-extensions';
import type { CardApi } from '../../cards/lib/api.ts';
import { format } from '../lib/i18n.ts';
import type { ApiError, ApiResult, Language, RescoreProgress } from '../lib/types.ts';
import type { Messages } from '../messages/index.ts';

/** How often a running rescore is polled: every few seconds keeps the bar alive without load. */
export const RESCORE_POLL_MS = 3_000;

/** Props of RescorePanel. */
export interface RescorePanelProps {
  api: CardApi;
  t: Messages;
  language: Language;
  /** Poll interval while running, in milliseconds. */
  pollMs?: number;
}

const VARIANT: Record<RescoreProgress['status'], 'success' | 'danger' | 'warning' | undefined> = {
  running: undefined,
  // A dead process's job, being taken over by the backend's resumer.
  resuming: 'warning',
  completed: 'success',
  cancelled: 'warning',
  failed: 'danger',
};

/** Start, progress and cancel of the portal-wide rescore. */
export function RescorePanel({ api, t, language, pollMs = RESCORE_POLL_MS }: RescorePanelProps) {
  const [progress, setProgress] = useState<RescoreProgress | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const apply = useCallback((result: ApiResult<RescoreProgress | null>) => {
    if (result.ok) {
      setProgress(result.data);
      setError(null);
    } else {
      setError(result.error);
    }
  }, []);

  useEffect(() => {
    let active = true;
    void api.getRescore().then((result) => {
      if (active) apply(result);
    });
    return () => {
      active = false;
    };
  }, [api, apply]);

  const running = progress?.status === 'running' || progress?.status === 'resuming';
  useEffect(() => {
    if (!running) return undefined;
    let active = true;
    const timer = setTimeout(() => {
      void api.getRescore().then((result) => {
        if (active) apply(result);
      });
    }, pollMs);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [api, apply, running, progress, pollMs]);

  const act = async (call: () => Promise<ApiResult<RescoreProgress | null>>) => {
    setBusy(true);
    apply(await call());
    setBusy(false);
  };

  return (
    <Flex direction="column" gap="small">
      <Heading>{t.rescoreHeading}</Heading>
      <Text variant="microcopy">{t.rescoreDescription}</Text>
      {error === null ? null : (
        <Alert title={t.rescoreErrorTitle} variant="error" testId="rescore-error">
          {error.message[language]}
        </Alert>
      )}
      {progress === null ? (
        <Text testId="rescore-none">{t.rescoreNone}</Text>
      ) : (
        <Flex direction="column" gap="extra-small" testId="rescore-progress">
          <ProgressBar
            testId="rescore-bar"
            title={`${t.rescoreProgress}: ${t[`rescoreStatus_${progress.status}`]}`}
            value={progress.processed}
            maxValue={Math.max(progress.total, 1)}
            showPercentage
            variant={VARIANT[progress.status]}
            valueDescription={
              // A job that has not heard back from its first search page knows no total yet.
              running && progress.total === 0
                ? t.rescoreCounting
                : format(
                    t.rescoreCounts,
                    {
                      processed: progress.processed,
                      total: progress.total,
                      changed: progress.changed,
                      errors: progress.errors,
                    },
                    language,
                  )
            }
          />
          {progress.status === 'failed' && progress.error ? (
            <Text variant="microcopy" testId="rescore-failure">
              {format(t.rescoreFailedBecause, { reason: progress.error }, language)}
            </Text>
          ) : null}
          {running && progress.etaSeconds !== null ? (
            <Text variant="microcopy">
              {format(
                t.rescoreEta,
                {
                  seconds: Math.ceil(progress.etaSeconds),
                  rate: Math.round(progress.ratePerSecond * 10) / 10,
                },
                language,
              )}
            </Text>
          ) : null}
        </Flex>
      )}
      <Flex gap="small">
        {running ? (
          <Button
            variant="destructive"
            testId="rescore-cancel"
            disabled={busy}
            onClick={() => void act(() => api.cancelRescore())}
          >
            {t.cancelRescore}
          </Button>
        ) : (
          <LoadingButton
            testId="rescore-start"
            loading={busy}
            onClick={() => void act(() => api.startRescore())}
          >
            {t.startRescore}
          </LoadingButton>
        )}
      </Flex>
    </Flex>
  );
}
