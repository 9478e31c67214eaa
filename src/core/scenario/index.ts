/** Scenarios: the shareable unit, as a link fragment and as a file. */
export type { Scenario, ScenarioFlow, ScenarioView, ScenarioPane, ScenarioSource, ScenarioProblem, ScenarioProblemCode, ScenarioRead } from './types';
export { encodeScenario, decodeScenario, isScenarioFragment, SCENARIO_LINK_FORMAT, SCENARIO_LINK_KEY, MAX_SCENARIO_BYTES } from './link';
export { scenarioToFile, readScenarioFile, looksLikeScenarioFile, SCENARIO_FILE_FORMAT, SCENARIO_FILE_VERSION } from './file';
export { readScenario, readScenarioFlow } from './read';
