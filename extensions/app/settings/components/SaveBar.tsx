// The settings page's Save/Discard bar. UI extensions cannot pin anything to the window (no sticky
// or fixed layout exists in @hubspot/ui-extensions), so the page keeps Save in reach another way:
// the bar sits above the tabs; while something is unsaved it repeats below the open tab and at the
// end of an opened rule (InlineSave), with the same buttons for the same actions. Each tab is short
// enough (groups, rules and reasons collapsed) that a Save button is on screen wherever the admin
// edits.
import { createContext, useContext } from 'react';
import { Button, Flex, LoadingButton, Text } from '@hubspot/ui-extensions';
import { format } from '../lib/i18n.ts';
import type { Language } from '../lib/types.ts';
import type { Messages } from '../messages/index.ts';

/** What every Save bar of the page shows and does. */
export interface SaveState {
  t: Messages;
  language: Language;
  dirty: boolean;
  saving: boolean;
  version: number;
  onSave: () => void;
  onDiscard: () => void;
}

/** Props of SaveBar. */
export interface SaveBarProps extends SaveState {
  /** The bar above the tabs or its repetition below them. */
  position: 'top' | 'bottom';
}

/** The page's save state, for the bars inside the editors (null outside the page). */
export const SaveContext = createContext<SaveState | null>(null);

/**
 * Discard, then Save: Discard waits while saving, Save spins; both wait while nothing is unsaved.
 * `testIds` name the two buttons.
 */
function SaveButtons({
  state,
  size,
  testIds,
}: {
  state: SaveState;
  size?: 'sm';
  testIds: { discard: string; save: string };
}) {
  return (
    <>
      <Button
        size={size}
        variant="secondary"
        disabled={!state.dirty || state.saving}
        onClick={state.onDiscard}
        testId={testIds.discard}
      >
        {state.t.discard}
      </Button>
      <LoadingButton
        size={size}
        variant="primary"
        loading={state.saving}
        disabled={!state.dirty}
        onClick={state.onSave}
        testId={testIds.save}
      >
        {state.t.save}
      </LoadingButton>
    </>
  );
}

/** Save and Discard at the end of what is being edited, while something is unsaved. */
export function InlineSave({ testId }: { testId: string }) {
  const state = useContext(SaveContext);
  if (state === null || !state.dirty) return null;
  return (
    <Flex gap="small" align="center" justify="end" testId={testId}>
      <SaveButtons
        state={state}
        size="sm"
        testIds={{ discard: `${testId}-discard`, save: `${testId}-save` }}
      />
    </Flex>
  );
}

/** Save and Discard, with the version or "unsaved changes" beside them. */
export function SaveBar(props: SaveBarProps) {
  const { t, language, dirty, version, position } = props;
  const suffix = position === 'top' ? '' : '-bottom';
  const state = (
    <Text variant="microcopy" testId={`settings-version${suffix}`}>
      {dirty ? t.unsavedChanges : format(t.version, { version }, language)}
    </Text>
  );
  return (
    <Flex justify="between" align="center" wrap gap="small" testId={`settings-bar${suffix}`}>
      {/* HubSpot's settings page already names the app above the extension. */}
      {state}
      <Flex gap="small" align="center">
        <SaveButtons
          state={props}
          testIds={{ discard: `settings-discard${suffix}`, save: `settings-save${suffix}` }}
        />
      </Flex>
    </Flex>
  );
}
