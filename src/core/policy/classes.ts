/**
 * Equivalence classes of endpoints: two endpoints in one class get the same connection set
 * towards any third endpoint, and from it (leaving out the two pairs no policy can block: a pod
 * with itself, and a node's own network namespace with a pod on that node; callers check those
 * per pair with `alwaysAllowed`).
 *
 * What decides a connection set between two endpoints is, on each side, which policies select
 * it (ingress and egress) and which rules admit it as a peer, plus, for a destination, what the
 * named ports in those rules resolve to on it. So each endpoint gets the list of such "facts"
 * about it, and equal lists (with equal named-port resolutions) make a class. The facts are
 * worked out per distinct label set and address, never per pod:
 *
 * - a policy's podSelector and a peer's podSelector are evaluated once per distinct
 *   (namespace, labels), looking only at the namespaces a peer can reach and, for a selector with
 *   `matchLabels`, only at label sets that have one of its pairs;
 * - a namespaceSelector is evaluated once per namespace;
 * - an address counts only through the ipBlocks that hold it: the ipBlocks cut the address space
 *   into atoms, each wholly inside or outside every block, and an address is keyed by its atom.
 *   A pod IP counts only with the `ipBlockMatchesPods` setting; a hostNetwork pod's or a node's
 *   address always does (it is node traffic).
 */
import { AtomIndex, PodIndex } from './class-index';
import { ipSetContainsRange, ipSetOfPeer } from './ip-blocks';
import { resolveEndpoint, type ResolvedEndpoint } from './peers';
import { affects, rulesOf } from './selection';
import type { Direction, Labels, NetworkPolicy, PolicyContainerPort, PolicyEndpoint, PolicyPod, PolicyRule } from './types';
import type { PolicyWorld } from './world';

/** A fact about an endpoint: a policy selects it for a direction, or a rule admits it as a peer. */
export type Fact =
  | { readonly kind: 'selected'; readonly policy: NetworkPolicy; readonly direction: Direction; readonly rules: readonly number[] }
  | { readonly kind: 'admitted'; readonly rule: PolicyRule; readonly direction: Direction; readonly admitsEveryone: boolean };

export interface EndpointClasses {
  /** The class of each endpoint, in the order given. */
  readonly classOf: Int32Array;
  readonly count: number;
  /** All facts, by id; a `selected` fact lists the ids of its policy's rules for the direction. */
  readonly facts: readonly Fact[];
  /** Per class, the ids of the `selected` facts that hold for it, by direction. */
  readonly selectedBy: readonly { readonly ingress: readonly number[]; readonly egress: readonly number[] }[];
  /** Per `admitted` fact id, the classes the rule admits (empty when it admits everyone, or for other facts). */
  readonly admitted: readonly (readonly number[])[];
  /** Per class, the pod named ports resolve against (undefined: not a pod, named ports mean nothing). */
  readonly portsPod: readonly (PolicyPod | undefined)[];
  /** Per class, a number equal for classes whose named ports resolve alike. */
  readonly portsKey: Int32Array;
  /** Each endpoint resolved, in the order given. */
  readonly resolved: readonly ResolvedEndpoint[];
}

/** A distinct (kind, namespace, labels, ports, address atom): the unit facts are computed for. */
interface Shape {
  readonly pod: PolicyPod | undefined;
  readonly resolved: ResolvedEndpoint;
  /** Index of the address's atom, or -1 (no address, or one that does not count). */
  readonly atom: number;
  /** An address range that does not count by atom (an outside block): checked against each ipBlock. */
  readonly range: boolean;
}

export function endpointClasses(world: PolicyWorld, endpoints: readonly PolicyEndpoint[]): EndpointClasses {
  const atoms = new AtomIndex(world);
  const resolved = endpoints.map(resolveEndpoint);
  const shapes: Shape[] = [];
  const shapeOf = new Int32Array(endpoints.length);
  const shapeIds = new Map<string, number>();
  let previous: { readonly resolved: ResolvedEndpoint; readonly atom: number; readonly shape: number } | undefined;
  resolved.forEach((r, i) => {
    const pod = r.pod;
    const countsAddress = r.address !== undefined && (!r.addressIsPodIp || world.settings.ipBlockMatchesPods);
    const single = countsAddress && r.address!.first === r.address!.last;
    const atom = single ? atoms.atomOf(r.address!.family, r.address!.first) : -1;
    const range = countsAddress && !single;
    // Replicas come one after another: a pod like the one before is in its shape.
    if (previous !== undefined && !range && atom === previous.atom && sameShape(r, previous.resolved)) {
      shapeOf[i] = previous.shape;
      return;
    }
    const address = range ? `r${r.address!.family}:${r.address!.first}-${r.address!.last}` : `a${atom}`;
    const key =
      pod !== undefined
        ? `p\0${pod.namespace}\0${labelsKey(pod.labels)}\0${portsKey(pod.ports)}\0${address}`
        : `o\0${r.portsPod === undefined ? '' : portsKey(r.portsPod.ports)}\0${address}`;
    let id = shapeIds.get(key);
    if (id === undefined) {
      id = shapes.length;
      shapeIds.set(key, id);
      shapes.push({ pod, resolved: r, atom, range });
    }
    shapeOf[i] = id;
    previous = range ? undefined : { resolved: r, atom, shape: id };
  });

  const { facts, members } = collectFacts(world, shapes, atoms);

  // Classes: shapes that resolve named ports alike and share every fact. Start from the named
  // ports, then split each class by each fact in turn (partition refinement): the work is the
  // total size of the facts, however many facts a shape has.
  const named = namedPortsOf(world);
  const portsKeyIds = new Map<string, number>();
  let classOfShape = new Int32Array(shapes.length);
  const portsKeyOfShape = shapes.map((shape, s) => {
    const key = namedPortsKey(shape.resolved.portsPod, named);
    let id = portsKeyIds.get(key);
    if (id === undefined) {
      id = portsKeyIds.size;
      portsKeyIds.set(key, id);
    }
    classOfShape[s] = id;
    return id;
  });
  const sizes: number[] = new Array<number>(portsKeyIds.size).fill(0);
  for (const c of classOfShape) sizes[c]!++;
  const touched: number[] = sizes.map(() => 0);
  const splitTo: number[] = sizes.map(() => -1);
  const seenAt: number[] = sizes.map(() => -1);
  members.forEach((list, fact) => {
    for (const s of list) touched[classOfShape[s]!]!++;
    for (const s of list) {
      const c = classOfShape[s]!;
      if (seenAt[c] !== fact) {
        // First member of c met: a class that has the fact whole stays; otherwise its members with the fact move to a new class.
        seenAt[c] = fact;
        splitTo[c] = touched[c] === sizes[c] ? -1 : sizes.length;
        if (splitTo[c] >= 0) {
          sizes.push(0);
          touched.push(0);
          splitTo.push(-1);
          seenAt.push(-1);
        }
        touched[c] = 0;
      }
      const to = splitTo[c]!;
      if (to >= 0) {
        classOfShape[s] = to;
        sizes[c]!--;
        sizes[to]!++;
      }
    }
  });

  // Number the classes in order of their first shape, so that results do not depend on fact order.
  const renumber = new Int32Array(sizes.length).fill(-1);
  const representatives: Shape[] = [];
  const portsKeys: number[] = [];
  const compact = new Int32Array(shapes.length);
  classOfShape.forEach((c, s) => {
    if (renumber[c] === -1) {
      renumber[c] = representatives.length;
      representatives.push(shapes[s]!);
      portsKeys.push(portsKeyOfShape[s]!);
    }
    compact[s] = renumber[c]!;
  });
  classOfShape = compact;

  // Per fact, its classes; per class, the policies that select it.
  const stamp = new Int32Array(representatives.length).fill(-1);
  const admitted: number[][] = [];
  const selectedBy = representatives.map(() => ({ ingress: [] as number[], egress: [] as number[] }));
  members.forEach((list, id) => {
    const fact = facts[id]!;
    const classes: number[] = [];
    for (const s of list) {
      const c = classOfShape[s]!;
      if (stamp[c] !== id) {
        stamp[c] = id;
        classes.push(c);
      }
    }
    if (fact.kind === 'admitted') admitted.push(classes);
    else {
      admitted.push([]);
      for (const c of classes) selectedBy[c]![fact.direction].push(id);
    }
  });

  const classOf = new Int32Array(endpoints.length);
  for (let i = 0; i < endpoints.length; i++) classOf[i] = classOfShape[shapeOf[i]!]!;
  return {
    classOf,
    count: representatives.length,
    facts,
    selectedBy,
    admitted,
    portsPod: representatives.map((shape) => shape.resolved.portsPod),
    portsKey: Int32Array.from(portsKeys),
    resolved,
  };
}

/**
 * The facts, and per fact the shapes it holds for (each once). Policies that select no endpoint
 * at all are skipped: their rules cannot change a connection set here.
 */
function collectFacts(world: PolicyWorld, shapes: readonly Shape[], atoms: AtomIndex): { facts: Fact[]; members: Int32Array[] } {
  const facts: Fact[] = [];
  const members: Int32Array[] = [];
  const pods = new PodIndex(world, shapes.map((shape) => shape.pod));
  for (let s = 0; s < shapes.length; s++) if (shapes[s]!.atom >= 0) atoms.place(shapes[s]!.atom, s);
  const ranges = shapes.flatMap((shape, s) => (shape.range ? [s] : []));
  const last = new Int32Array(shapes.length).fill(-1);
  let current: number[] = [];
  const note = (s: number) => {
    if (last[s] !== facts.length - 1) {
      last[s] = facts.length - 1;
      current.push(s);
    }
  };
  const open = (fact: Fact) => {
    facts.push(fact);
    current = [];
  };
  const close = () => members.push(Int32Array.from(current));

  for (const policy of world.policies) {
    // "podSelector selects the pods to which this NetworkPolicy object applies ... An empty
    // podSelector matches all pods in this namespace."
    const selected = pods.matching(policy.namespace, policy.podSelector);
    if (selected.length === 0) continue;
    for (const direction of ['ingress', 'egress'] as const) {
      if (!affects(policy, direction)) continue;
      const rules: number[] = [];
      open({ kind: 'selected', policy, direction, rules });
      for (const s of selected) note(s);
      close();
      for (const rule of rulesOf(policy, direction)) {
        rules.push(facts.length);
        open({ kind: 'admitted', rule, direction, admitsEveryone: rule.peers === undefined });
        for (const peer of rule.peers ?? []) {
          if (peer.kind === 'selectors') {
            // "podSelector ... selects the Pods matching podSelector in the policy's own Namespace"
            // unless a namespaceSelector names the namespaces; absent podSelector: all their pods.
            const namespaces = peer.namespaceSelector === undefined ? [policy.namespace] : pods.namespacesMatching(peer.namespaceSelector);
            for (const namespace of namespaces) for (const s of pods.matching(namespace, peer.podSelector)) note(s);
          } else {
            const set = ipSetOfPeer(peer);
            atoms.forEachWithin(set, note);
            for (const s of ranges) {
              const address = shapes[s]!.resolved.address!;
              if (ipSetContainsRange(set, address.family, address.first, address.last)) note(s);
            }
          }
        }
        close();
      }
    }
  }
  return { facts, members };
}

/** The (name, protocol) pairs named in any rule's ports: the only container ports a verdict can depend on. */
function namedPortsOf(world: PolicyWorld): ReadonlySet<string> {
  const names = new Set<string>();
  for (const policy of world.policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const port of rule.ports ?? []) if (typeof port.port === 'string') names.add(`${port.port}/${port.protocol}`);
    }
  }
  return names;
}

function namedPortsKey(pod: PolicyPod | undefined, named: ReadonlySet<string>): string {
  if (pod === undefined || named.size === 0) return '';
  const used = pod.ports.filter((p) => p.name !== undefined && named.has(`${p.name}/${p.protocol}`));
  return [...new Set(used.map((p) => `${p.name}/${p.protocol}/${p.port}`))].sort().join(',');
}

/** The same text for equal label sets, whatever the order of their keys. */
function labelsKey(labels: Labels): string {
  const names = Object.keys(labels);
  let sorted = true;
  for (let i = 1; i < names.length && sorted; i++) sorted = names[i - 1]! < names[i]!;
  if (!sorted) names.sort();
  let key = '';
  for (const name of names) key += `${name}\u0001${labels[name]!}\u0002`;
  return key;
}

/**
 * Whether two endpoints whose addresses fall in the same atom have the same shape: both pods on
 * the pod network with equal namespace, labels and ports, or both something else with equal ports.
 */
function sameShape(a: ResolvedEndpoint, b: ResolvedEndpoint): boolean {
  if ((a.pod === undefined) !== (b.pod === undefined)) return false;
  if (a.pod !== undefined && (a.pod.namespace !== b.pod!.namespace || !sameLabels(a.pod.labels, b.pod!.labels))) return false;
  const ports = a.portsPod?.ports;
  const others = b.portsPod?.ports;
  if (ports === undefined || others === undefined) return ports === others;
  return ports.length === others.length && ports.every((p, i) => p.name === others[i]!.name && p.port === others[i]!.port && p.protocol === others[i]!.protocol);
}

function sameLabels(a: Labels, b: Labels): boolean {
  if (a === b) return true;
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((name) => Object.prototype.hasOwnProperty.call(b, name) && a[name] === b[name]);
}

function portsKey(ports: readonly PolicyContainerPort[]): string {
  if (ports.length === 0) return '';
  if (ports.length === 1) return `${ports[0]!.name ?? ''}/${ports[0]!.port}/${ports[0]!.protocol}`;
  return ports
    .map((p) => `${p.name ?? ''}/${p.port}/${p.protocol}`)
    .sort()
    .join(',');
}
