/** The scenario the page shows now, as the shareable unit (what Share and Export write). */
import type { Scenario, ScenarioFlow } from '../../core';
import type { AppState } from '../store/appState';

type Shown = Pick<AppState, 'text' | 'settings' | 'flow' | 'endpointPin' | 'step' | 'view'>;

export function scenarioOf(state: Shown): Scenario {
  const flow: ScenarioFlow = state.endpointPin === undefined ? state.flow : { ...state.flow, endpoint: state.endpointPin };
  return {
    manifests: state.text,
    settings: state.settings,
    flows: [flow],
    flowIndex: 0,
    step: state.step,
    view: { pane: state.view },
  };
}

/** The flow a scenario shows, without the page's endpoint choice, and that choice. */
export function shownFlow(scenario: Scenario): { flow: Omit<ScenarioFlow, 'endpoint'>; endpoint: number | undefined } | undefined {
  const shown = scenario.flows[scenario.flowIndex];
  if (!shown) return undefined;
  const { endpoint, ...flow } = shown;
  return { flow, endpoint };
}
