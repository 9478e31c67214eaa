import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../cluster/settings';
import { decodeScenario, encodeScenario } from './link';
import { readScenarioFlow } from './read';
import type { Scenario } from './types';

const base: Scenario = {
  manifests: '',
  settings: DEFAULT_SETTINGS,
  flows: [
    {
      from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' },
      to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 53, protocol: 'UDP' },
      size: 1500,
      dontFragment: true,
    },
  ],
  flowIndex: 0,
  step: 1,
  view: { pane: 'diagram' },
};

describe("a flow's packet size in a link", () => {
  it('goes there and back with the flow', async () => {
    expect(await decodeScenario(await encodeScenario(base))).toEqual({ ok: true, scenario: base });
  });

  it('is absent from older flows, which read as before', () => {
    const { size: _size, dontFragment: _df, ...old } = base.flows[0]!;
    expect(readScenarioFlow(old)).toEqual(old);
  });

  it('must be a whole number of bytes up to 65535, and DF true or false', () => {
    expect(readScenarioFlow({ ...base.flows[0], size: 70000 })).toBeUndefined();
    expect(readScenarioFlow({ ...base.flows[0], size: 'big' })).toBeUndefined();
    expect(readScenarioFlow({ ...base.flows[0], dontFragment: 'yes' })).toBeUndefined();
    expect(readScenarioFlow({ ...base.flows[0], dontFragment: false })).toEqual({ ...base.flows[0], dontFragment: undefined });
  });
});
