/** Source container → destination pod or Service : port / protocol, and the packet's size. */
import { useMemo } from 'react';
import type { Destination, Flow, Protocol } from '../../core';
import { useAppStore } from '../store';
import { firstDeclaredPort } from '../store/pickFlow';
import { PacketSizeInput } from './PacketSizeInput';
import { PortInput } from './PortInput';
import { dfOnlyForUdp, withDontFragment, withSize } from './packetSize';
import {
  DESTINATION_GROUPS,
  PROTOCOLS,
  destinationOptions,
  destinationValue,
  externalDestinationOptions,
  nodeIPsOf,
  type DestinationOption,
  type PortOption,
  findPod,
  findService,
  portOptions,
  servicePortOptions,
  sourceOptions,
  sourceValue,
} from './options';
import './flow-picker.css';

const isProtocol = (value: string): value is Protocol => (PROTOCOLS as readonly string[]).includes(value);

export function FlowPicker() {
  const cluster = useAppStore((s) => s.model?.cluster);
  const flow = useAppStore((s) => s.flow);
  const setFlow = (next: Flow): void => useAppStore.getState().setFlow(dfOnlyForUdp(next));
  const outside = flow.from.kind === 'external';
  const sources = useMemo(() => (cluster ? sourceOptions(cluster) : []), [cluster]);
  const destinations = useMemo(() => (cluster ? (outside ? externalDestinationOptions(cluster) : destinationOptions(cluster)) : []), [cluster, outside]);
  const nodeIPs = useMemo(() => (cluster && outside ? nodeIPsOf(cluster) : undefined), [cluster, outside]);
  const to = flow.to;
  const current = destinationValue(to, nodeIPs);
  const destPod = cluster && to.kind === 'pod' ? findPod(cluster, to.namespace, to.pod) : undefined;
  const picked = destinations.find((o) => o.value === current)?.target;
  const named = picked?.kind === 'name' || picked?.kind === 'address' ? picked : undefined;
  const destService =
    cluster && to.kind === 'service'
      ? findService(cluster, to.namespace, to.service)
      : cluster && named !== undefined
        ? findService(cluster, named.namespace, named.service)
        : undefined;
  const nodePort = named?.kind === 'address' ? named.port : undefined;
  const ports = useMemo(
    (): PortOption[] =>
      nodePort !== undefined
        ? servicePortOptions(destService)
            .filter((p) => destService?.ports.some((sp) => sp.nodePort === nodePort && sp.port === p.port) === true)
            .map((p) => ({ ...p, port: nodePort, label: `${nodePort}/${p.protocol} NodePort → ${p.label}` }))
        : destService
          ? servicePortOptions(destService)
          : portOptions(destPod),
    [destPod, destService, nodePort],
  );
  const disabled = !cluster || sources.length === 0;

  /** The flow's destination for a picked option, keeping the port where the option allows it. */
  const destinationFor = (option: DestinationOption, port: number, protocol: Protocol): Destination | undefined => {
    if (!cluster) return undefined;
    const target = option.target;
    if (target.kind === 'pod') {
      const pod = findPod(cluster, target.namespace, target.pod);
      if (!pod) return undefined;
      const declared = portOptions(pod).some((p) => p.port === port);
      return { kind: 'pod', namespace: target.namespace, pod: target.pod, port: declared ? port : (firstDeclaredPort(pod, protocol) ?? port), protocol };
    }
    const service = findService(cluster, target.namespace, target.service);
    if (target.kind === 'address' && target.port !== undefined) {
      const sp = service?.ports.find((p) => p.nodePort === target.port);
      return { kind: 'address', address: target.address, port: target.port, protocol: sp?.protocol ?? protocol };
    }
    const choices = servicePortOptions(service);
    const first = choices.find((p) => p.port === port && p.protocol === protocol) ?? choices[0];
    const at = { port: first?.port ?? port, protocol: first?.protocol ?? protocol };
    if (target.kind === 'address') return { kind: 'address', address: target.address, ...at };
    return target.kind === 'name' ? { kind: 'name', name: target.name, ...at } : { kind: 'service', namespace: target.namespace, service: target.service, ...at };
  };

  const onSource = (value: string): void => {
    const option = sources.find((o) => o.value === value);
    if (!option || !cluster) return;
    const goesOutside = option.source.kind === 'external';
    if (goesOutside === outside) {
      setFlow({ ...flow, from: option.source });
      return;
    }
    // From outside the cluster other destinations make sense (and the other way round): take the first.
    const first = (goesOutside ? externalDestinationOptions(cluster) : destinationOptions(cluster))[0];
    const next = first === undefined ? undefined : destinationFor(first, flow.to.port, flow.to.protocol);
    setFlow({ ...flow, from: option.source, to: next ?? flow.to });
  };
  const onDestination = (value: string): void => {
    const option = destinations.find((o) => o.value === value);
    if (!option || !cluster) return;
    const next = destinationFor(option, flow.to.port, flow.to.protocol);
    if (next) setFlow({ ...flow, to: next });
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
              {o.label}
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
          value={current}
          disabled={disabled}
          onChange={(e) => onDestination(e.target.value)}
        >
          {!destinations.some((o) => o.value === current) && (
            // A destination typed elsewhere (a shared link, an address): keep it shown as it is.
            <option value={current}>{current}</option>
          )}
          {DESTINATION_GROUPS.filter((group) => destinations.some((o) => o.group === group)).map((group) => (
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
      <PacketSizeInput
        size={flow.size}
        dontFragment={flow.dontFragment === true}
        protocol={flow.to.protocol}
        disabled={disabled}
        onSize={(size) => setFlow(withSize(flow, size))}
        onDontFragment={(on) => setFlow(withDontFragment(flow, on))}
      />
    </form>
  );
}
