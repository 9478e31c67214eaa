/**
 * What kube-proxy chose for this connection: the endpoints its rules pick among, the chosen one
 * marked, and a button on each other one to follow that branch instead. For the DNS question
 * (`pinnable` false) the choice is only shown: a pin is the destination Service's.
 */
import type { ServiceStep } from '../../core';
import { useAppStore } from '../store';

export function ServiceChoice({ step, pinnable = true }: { step: ServiceStep; pinnable?: boolean }) {
  const pin = useAppStore((s) => s.endpointPin);
  const pinned = pinnable ? pin : undefined;
  const { endpoints, chosen } = step;
  return (
    <div className="service-choice" data-testid="service-choice">
      <h3>
        Service {step.namespace}/{step.name} at {step.address}:{step.port}
        <button type="button" className="link-button" data-testid="show-node-rules" onClick={() => useAppStore.getState().showRules(step.node)}>
          all rules on {step.node}
        </button>
      </h3>
      {endpoints.length === 0 ? (
        <p className="muted">No endpoint to choose from.</p>
      ) : (
        <ol className="endpoint-list">
          {endpoints.map((e, i) => (
            <li key={`${e.ip}:${e.port}`} className={i === chosen ? 'chosen' : ''} data-testid={`endpoint-${i}`}>
              <code>
                {e.ip}:{e.port}
              </code>{' '}
              <span className="muted">{e.pod ?? 'not a pod'}</span>{' '}
              {i === chosen ? (
                <span className="kind-tag" data-testid="endpoint-chosen">
                  {pinned === undefined ? 'chosen (seeded draw)' : 'chosen (pinned)'}
                </span>
              ) : !pinnable ? null : (
                <button type="button" className="link-button" data-testid={`pin-endpoint-${i}`} onClick={() => useAppStore.getState().pinEndpoint(i)}>
                  follow this one
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      {pinned !== undefined && (
        <button type="button" className="link-button" onClick={() => useAppStore.getState().pinEndpoint(undefined)}>
          back to the seeded draw
        </button>
      )}
    </div>
  );
}
