/** Source container → destination pod or Service : port / protocol. */
import { useMemo } from 'react';
import type { Flow, Protocol } from '../../core';
import { useAppStore } from '../store';
import { firstDeclaredPort } from '../store/pickFlow';
import { PortInput } from './PortInput';
import {
  DESTINATION_GROUPS,
  PROTOCOLS,
  destinationOptions,
  destinationValue,
  findPod,
  findService,
  portOptions,
  servicePortOptions,
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
  const to = flow.to;
  const destPod = cluster && to.kind === 'pod' ? findPod(cluster, to.namespace, to.pod) : undefined;
  const named = to.kind === 'name' ? destinations.find((o) => o.value === to.name)?.target : undefined;
  const destService =
    cluster && to.kind === 'service'
      ? findService(cluster, to.namespace, to.service)
      : cluster && named?.kind === 'name'
        ? findService(cluster, named.namespace, named.service)
        : undefined;
  const ports = useMemo(() => (destService ? servicePortOptions(destService) : portOptions(destPod)), [destPod, destService]);
  const disabled = !cluster || sources.length === 0;

  const onSource = (value: string): void => {
    const option = sources.find((o) => o.value === value);
    if (option) setFlow({ ...flow, from: option.source });
  };
  const onDestination = (value: string): void => {
    const target = destinations.find((o) => o.value === value)?.target;
    if (!target || !cluster) return;
    const { port: current, protocol } = flow.to;
    if (target.kind === 'pod') {
      const pod = findPod(cluster, target.namespace, target.pod);
      if (!pod) return;
      const declared = portOptions(pod).some((p) => p.port === current);
      const port = declared ? current : (firstDeclaredPort(pod, protocol) ?? current);
      setFlow({ ...flow, to: { kind: 'pod', namespace: target.namespace, pod: target.pod, port, protocol } });
      return;
    }
    const ports = servicePortOptions(findService(cluster, target.namespace, target.service));
    const first = ports.find((p) => p.port === current && p.protocol === protocol) ?? ports[0];
    const at = { port: first?.port ?? current, protocol: first?.protocol ?? protocol };
    setFlow({
      ...flow,
      to: target.kind === 'name' ? { kind: 'name', name: target.name, ...at } : { kind: 'service', namespace: target.namespace, service: target.service, ...at },
    });
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
          {!destinations.some((o) => o.value === destinationValue(flow.to)) && (
            // A destination typed elsewhere (a shared link, an address): keep it shown as it is.
            <option value={destinationValue(flow.to)}>{destinationValue(flow.to)}</option>
          )}
          {DESTINATION_GROUPS.map((group) => (
            <optgroup key={group} label={group}>
              {destinations
                .filter((o) => o.group === group)
                .map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.value}
                  </option>
                ))}
            </optgroup>
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
