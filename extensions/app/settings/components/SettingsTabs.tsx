// The settings page's tabs, each small enough to scan: fit rules, engagement rules, thresholds
// and grades, the score preview, hand-off, owners and languages, return reasons, qualification,
// stage gates, competitors, calibration, rescore. A tab with field problems shows their count.
import { Tab, Tabs } from '@hubspot/ui-extensions';
import type { CardApi } from '../../cards/lib/api.ts';
import type { FieldErrorMap } from '../lib/field-errors.ts';
import { format } from '../lib/i18n.ts';
import { SETTINGS_TABS, type SettingsTab } from '../lib/tabs.ts';
import type { Language, Settings, SettingsView } from '../lib/types.ts';
import type { Messages } from '../messages/index.ts';
import { CalibrationPanel } from './CalibrationPanel.tsx';
import { CompetitorsEditor } from './CompetitorsEditor.tsx';
import { HandOffEditor } from './HandOffEditor.tsx';
import { OwnersEditor } from './OwnersEditor.tsx';
import { QualificationEditor } from './QualificationEditor.tsx';
import { RescorePanel } from './RescorePanel.tsx';
import { ReturnReasonsEditor } from './ReturnReasonsEditor.tsx';
import { ScorePreview } from './ScorePreview.tsx';
import { DimensionEditor, ThresholdsEditor } from './ScoringEditor.tsx';
import { StageGatesEditor } from './StageGatesEditor.tsx';

/** Props of SettingsTabs. */
export interface SettingsTabsProps {
  api: CardApi;
  view: SettingsView;
  draft: Settings;
  dirty: boolean;
  tab: SettingsTab;
  onTab: (tab: SettingsTab) => void;
  problems: Partial<Record<SettingsTab, number>>;
  errors: FieldErrorMap;
  t: Messages;
  language: Language;
  rescorePollMs: number;
  onChange: (next: Settings) => void;
  onCalibrationChanged: (version: number, kind: 'applied' | 'restored') => void;
}

/** Every tab with its editor. */
export function SettingsTabs(props: SettingsTabsProps) {
  const { api, view, draft, tab, t, language, errors, onChange } = props;
  const common = { t, language, errors };
  const properties = view.contactProperties;
  const lifecycle = (next: Settings['lifecycle']) => onChange({ ...draft, lifecycle: next });
  const title = (id: SettingsTab) => {
    const count = props.problems[id] ?? 0;
    const name = t[`tab_${id}`];
    return count === 0 ? name : format(t.tabWithProblems, { name, count }, language);
  };
  const body: Record<SettingsTab, JSX.Element> = {
    fit: (
      <DimensionEditor
        {...common}
        dimension="fit"
        properties={properties}
        value={draft.scoring}
        onChange={(scoring) => onChange({ ...draft, scoring })}
      />
    ),
    engagement: (
      <DimensionEditor
        {...common}
        dimension="engagement"
        properties={properties}
        value={draft.scoring}
        onChange={(scoring) => onChange({ ...draft, scoring })}
      />
    ),
    thresholds: (
      <ThresholdsEditor
        {...common}
        value={draft.scoring}
        onChange={(scoring) => onChange({ ...draft, scoring })}
      />
    ),
    preview: <ScorePreview api={api} model={draft.scoring} t={t} language={language} />,
    handoff: (
      <HandOffEditor
        {...common}
        value={draft.lifecycle}
        onChange={lifecycle}
        owners={view.owners}
        pipelines={view.pipelines}
        properties={properties}
      />
    ),
    owners: (
      <OwnersEditor
        {...common}
        value={draft.lifecycle}
        onChange={lifecycle}
        owners={view.owners}
        teams={view.teams}
      />
    ),
    reasons: (
      <ReturnReasonsEditor
        {...common}
        properties={properties}
        value={draft.lifecycle.returnReasons}
        onChange={(returnReasons) => lifecycle({ ...draft.lifecycle, returnReasons })}
      />
    ),
    qualification: (
      <QualificationEditor
        {...common}
        value={{ qualification: draft.qualification, sectionWeights: draft.sectionWeights }}
        onChange={(next) => onChange({ ...draft, ...next })}
      />
    ),
    gates: (
      <StageGatesEditor
        {...common}
        value={draft.stageGates}
        onChange={(stageGates) => onChange({ ...draft, stageGates })}
        pipelines={view.pipelines}
      />
    ),
    competitors: (
      <CompetitorsEditor
        {...common}
        value={draft.competitors ?? []}
        onChange={(competitors) => onChange({ ...draft, competitors })}
      />
    ),
    calibration: (
      <CalibrationPanel
        api={api}
        t={t}
        language={language}
        active={tab === 'calibration'}
        dirty={props.dirty}
        onChanged={props.onCalibrationChanged}
      />
    ),
    rescore: <RescorePanel api={api} t={t} language={language} pollMs={props.rescorePollMs} />,
  };
  return (
    <Tabs selected={tab} onSelectedChange={(id: string | number) => props.onTab(id as SettingsTab)}>
      {SETTINGS_TABS.map((id) => (
        <Tab key={id} tabId={id} title={title(id)}>
          {body[id]}
        </Tab>
      ))}
    </Tabs>
  );
}
