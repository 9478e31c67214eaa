import { describe, expect, it } from 'vitest';
import { clusterOf, problems, userPods } from './test-helpers';

const three = { nodeNames: ['n1', 'n2', 'n3'] };

const deployment = (name: string, replicas: number, extra = '') => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
${extra}      containers:
        - name: app
          image: example/${name}
          ports: [{name: http, containerPort: 8080}]
`;

describe('workloads become pods', () => {
  it('names Deployment pods <deployment>-<pod-template-hash>-<suffix>, owned by the ReplicaSet', () => {
    const pods = userPods(clusterOf(deployment('web', 3), three));
    expect(pods).toHaveLength(3);
    const hash = pods[0]!.labels['pod-template-hash']!;
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{8,10}$/);
    for (const pod of pods) {
      expect(pod.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(pod.owner).toEqual({ kind: 'ReplicaSet', name: `web-${hash}` });
      expect(pod.workload).toEqual({ kind: 'Deployment', name: 'web' });
      expect(pod.generated).toBe(true);
      expect(pod.labels.app).toBe('web');
    }
    expect(new Set(pods.map((p) => p.name)).size).toBe(3);
  });

  it('spreads replicas over the nodes, one each before doubling up', () => {
    const pods = userPods(clusterOf(deployment('web', 4), three));
    expect(pods.map((p) => p.nodeName)).toEqual(['n1', 'n2', 'n3', 'n1']);
    expect(pods.map((p) => p.ip)).toEqual(['10.244.0.2', '10.244.1.2', '10.244.2.2', '10.244.0.3']);
  });

  it('keeps names and addresses stable when another workload is added after it', () => {
    const alone = userPods(clusterOf(deployment('web', 2), three));
    const withMore = userPods(clusterOf(deployment('web', 2) + deployment('api', 2), three));
    expect(withMore.slice(0, 2).map((p) => [p.name, p.ip])).toEqual(alone.map((p) => [p.name, p.ip]));
  });

  it('changes the pod-template-hash when the template changes, like a rollout', () => {
    const before = userPods(clusterOf(deployment('web', 1)))[0]!.labels['pod-template-hash'];
    const after = userPods(clusterOf(deployment('web', 1).replace('example/web', 'example/web:2')))[0]!.labels['pod-template-hash'];
    expect(after).not.toBe(before);
  });

  it('gives StatefulSet pods ordinal names, hostnames and the governing service as subdomain', () => {
    const text = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: redis}
spec:
  serviceName: redis-headless
  replicas: 2
  selector: {matchLabels: {app: redis}}
  template:
    metadata: {labels: {app: redis}}
    spec:
      containers: [{name: redis, image: redis, ports: [{containerPort: 6379}]}]
`;
    const pods = userPods(clusterOf(text, three));
    expect(pods.map((p) => [p.name, p.hostname, p.subdomain, p.labels['statefulset.kubernetes.io/pod-name']])).toEqual([
      ['redis-0', 'redis-0', 'redis-headless', 'redis-0'],
      ['redis-1', 'redis-1', 'redis-headless', 'redis-1'],
    ]);
  });

  it('runs a DaemonSet pod on every node it tolerates, and only there', () => {
    const nodes = `apiVersion: v1
kind: Node
metadata: {name: cp-1, labels: {node-role.kubernetes.io/control-plane: ""}}
spec:
  taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]
---
apiVersion: v1
kind: Node
metadata: {name: worker-1}
---
apiVersion: v1
kind: Node
metadata: {name: worker-2}
`;
    const ds = (tolerations: string) => `---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: monitoring}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
${tolerations}      containers: [{name: agent, image: agent}]
`;
    expect(userPods(clusterOf(nodes + ds(''))).map((p) => p.nodeName)).toEqual(['worker-1', 'worker-2']);
    const everywhere = ds('      tolerations: [{operator: Exists}]\n');
    expect(userPods(clusterOf(nodes + everywhere)).map((p) => p.nodeName)).toEqual(['cp-1', 'worker-1', 'worker-2']);
  });

  it('runs Job pods up to parallelism, never more than completions, and one run of a CronJob', () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  parallelism: 3
  completions: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: m, image: m}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: r, image: r}]
`;
    const pods = userPods(clusterOf(job));
    expect(pods.filter((p) => p.workload.name === 'migrate')).toHaveLength(2);
    const cron = pods.filter((p) => p.workload.kind === 'CronJob');
    expect(cron).toHaveLength(1);
    expect(cron[0]!.owner!.name).toMatch(/^report-\d{8}$/);
    expect(cron[0]!.name.startsWith(`${cron[0]!.owner!.name}-`)).toBe(true);
    expect(cron[0]!.labels['job-name']).toBe(cron[0]!.owner!.name);
  });

  it('does not count pods twice when the dump has the ReplicaSet and its pods', () => {
    const text = `${deployment('web', 3)}---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-5d8f9
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true}]
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, pod-template-hash: 5d8f9}}
    spec:
      containers: [{name: app, image: example/web}]
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5d8f9-abcde
  namespace: shop
  labels: {app: web, pod-template-hash: 5d8f9}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f9, controller: true}]
spec:
  containers: [{name: app, image: example/web}]
`;
    const pods = userPods(clusterOf(text));
    expect(pods.map((p) => p.name)).toEqual(['web-5d8f9-abcde']);
    expect(pods[0]!.workload).toEqual({ kind: 'Deployment', name: 'web' });
    expect(pods[0]!.generated).toBe(false);
  });

  it('recognises a Deployment pod from its pod-template-hash even without the ReplicaSet', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: api-7c5ddbdf54-x8k2p
  labels: {app: api, pod-template-hash: 7c5ddbdf54}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: api-7c5ddbdf54, controller: true}]
spec:
  containers: [{name: api, image: api}]
`;
    expect(userPods(clusterOf(text))[0]!.workload).toEqual({ kind: 'Deployment', name: 'api' });
  });

  it('reports bad replica counts and selectors that miss the template, at their lines', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: bad}
spec:
  replicas: "two"
  selector: {matchLabels: {app: other}}
  template:
    metadata: {labels: {app: bad}}
    spec:
      containers: [{name: c, image: c}]
`;
    expect(problems(clusterOf(text))).toEqual([
      ['workload-selector-mismatch', 6],
      ['replicas-invalid', 5],
    ]);
  });
});
