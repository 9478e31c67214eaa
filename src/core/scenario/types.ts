/**
 * The shareable unit: everything needed to show a person exactly what the sender saw.
 * Plain data; the same object goes into a link and into a scenario file.
 */
import type { ClusterSettings } from '../cluster/types';
import type { Flow } from '../trace/types';

/** Which view the page shows: the packet's path, or the reachability matrix. */
export type ScenarioPane = 'diagram' | 'reachability';

/** How the page was showing the scenario (more options may join later, each optional). */
export interface ScenarioView {
  readonly pane: ScenarioPane;
}

/**
 * A flow as the page shows it: the connection, and which of a Service's endpoints the person
 * chose to follow (an index into the trace's endpoints; the core's seeded pick when absent).
 */
export type ScenarioFlow = Flow & { readonly endpoint?: number };

export interface Scenario {
  /** The manifests, exactly as the user typed them (multi-document YAML). */
  readonly manifests: string;
  readonly settings: ClusterSettings;
  /** The flows of the scenario; the page shows one at a time. May be empty (a cluster without pods). */
  readonly flows: readonly ScenarioFlow[];
  /** Which of `flows` is on screen; 0 when there are none. */
  readonly flowIndex: number;
  /**
   * The hop on screen, counted from 0 over the forward hops and then the reply hops of the
   * shown flow's trace (the order the player steps through).
   */
  readonly step: number;
  readonly view: ScenarioView;
}

/** Where a scenario came from, for messages that say "the link" or "the file". */
export type ScenarioSource = 'link' | 'file';

/** Why a link or a file could not be read: a stable code and a sentence for a person. */
export interface ScenarioProblem {
  readonly code: ScenarioProblemCode;
  readonly message: string;
}

export type ScenarioProblemCode =
  | 'not-a-link'
  | 'bad-version'
  | 'newer-version'
  | 'bad-characters'
  | 'bad-compression'
  | 'too-large'
  | 'bad-text'
  | 'bad-json'
  | 'not-a-scenario-file'
  | 'bad-field'
  | 'bad-settings'
  | 'no-compression';

export type ScenarioRead =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly problem: ScenarioProblem };
