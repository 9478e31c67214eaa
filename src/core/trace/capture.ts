import type { Protocol } from '../cluster/types';
import type { Capture } from './types';

/** A tcpdump filter that matches both directions of one connection. */
export function connectionFilter(a: string, b: string, protocol: Protocol, port: number): string {
  return `host ${a} and host ${b} and ${protocol.toLowerCase()} port ${port}`;
}

/** Capturing on a node interface: run as root on the node itself. */
export function onNode(device: string, filter: string): Capture {
  return { command: `tcpdump -eni ${device} '${filter}'`, note: undefined };
}

/**
 * Capturing inside a pod: enter its network namespace from the node. The pod image rarely
 * ships tcpdump, so the node's tcpdump runs inside the pod's namespace instead.
 */
export function insidePod(namespace: string, pod: string, container: string, command: string): Capture {
  return {
    command: `nsenter -t "$PID" -n ${command}`,
    note:
      `On the pod's node, find the PID of a process in the pod first: ` +
      `PID=$(crictl inspect --output go-template --template '{{.info.pid}}' ` +
      `$(crictl ps -q --name '^${container}$' --pod $(crictl pods -q --namespace ${namespace} --name '^${pod}$')))`,
  };
}
