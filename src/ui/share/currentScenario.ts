/** The scenario the page shows now, as the shareable unit (what Share and Export write). */
import type { Scenario } from '../../core';
import type { AppState } from '../store/appState';
import { scenarioFlowOf } from '../store/flowList';

type Shown = Pick<AppState, 'text' | 'settings' | 'flows' | 'flowIndex' | 'step' | 'view'>;

export function scenarioOf(state: Shown): Scenario {
  return {
    manifests: state.text,
    settings: state.settings,
    flows: state.flows.map(scenarioFlowOf),
    flowIndex: state.flowIndex,
    step: state.step,
    view: { pane: state.view },
  };
}
