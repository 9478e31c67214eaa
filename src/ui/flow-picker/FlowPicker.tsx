/** Source container → destination pod : port / protocol. */
import { useMemo } from 'react';
import type { Flow, Protocol } from '../../core';
import { useAppStore } from '../store';
import { firstDeclaredPort } from '../store/pickFlow';
import { PortInput } from './PortInput';
import {
  PROTOCOLS,
  destinationOptions,
  destinationValue,
  findPod,
  portOptions,
  sourceOptions,
  sourceValue,
} from './options';

const isProtocol = (value: string): value is Protocol => (PROTOCOLS as readonly string[]).includes(value);

export function FlowPicker() {
  const cluster = useAppStore((s) => s.model?.cluster);
  const flow = useAppStore((s) => s.flow);
  const setFlow = (next: Flow): void => useAppStore.getState().setFlow(next);
  const sources = useMemo(() => (cluster ? sourceOptions(cluster) : []), [cluster]);
  const destinations = useMemo(() => (cluster ? destinationOptions(cluster) : []), [cluster]);
  const destPod = cluster ? findPod(cluster, flow.to.namespace, flow.to.pod) : undefined;
  const ports = useMemo(() => portOptions(destPod), [destPod]);
  const disabled = !cluster || sources.length === 0;

  const onSource = (value: string): void => {
    const option = sources.find((o) => o.value === value);
    if (option) setFlow({ ...flow, from: option.source });
  };
  const onDestination = (value: string): void => {
    const option = destinations.find((o) => o.value === value);
    const pod = option && cluster ? findPod(cluster, option.namespace, option.pod) : undefined;
    if (!option || !pod) return;
    const declared = portOptions(pod).some((p) => p.port === flow.to.port);
    const port = declared ? flow.to.port : (firstDeclaredPort(pod, flow.to.protocol) ?? flow.to.port);
    setFlow({ ...flow, to: { ...flow.to, namespace: option.namespace, pod: option.pod, port } });
  };
  const onProtocol = (value: string): void => {
    if (isProtocol(value)) setFlow({ ...flow, to: { ...flow.to, protocol: value } });
  };

  return (
    <form className="flow-picker" aria-label="Flow" onSubmit={(e) => e.preventDefault()}>
      <label className="field">
        <span>from</span>
        <select data-testid="source" value={sourceValue(flow.from)} disabled={disabled} onChange={(e) => onSource(e.target.value)}>
          {sources.map((o) => (
            <option key={o.value} value={o.value}>
              {o.value}
            </option>
          ))}
        </select>
      </label>
      <span className="flow-arrow" aria-hidden="true">
        →
      </span>
      <label className="field">
        <span>to</span>
        <select
          data-testid="destination"
          value={destinationValue(flow.to)}
          disabled={disabled}
          onChange={(e) => onDestination(e.target.value)}
        >
          {destinations.map((o) => (
            <option key={o.value} value={o.value}>
              {o.value}
            </option>
          ))}
        </select>
      </label>
      <PortInput
        port={flow.to.port}
        options={ports}
        disabled={disabled}
        onPort={(port) => setFlow({ ...flow, to: { ...flow.to, port } })}
      />
      <label className="field">
        <span>protocol</span>
        <select data-testid="protocol" value={flow.to.protocol} disabled={disabled} onChange={(e) => onProtocol(e.target.value)}>
          {PROTOCOLS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
