import type { ManifestObject } from '../manifest/types';
import { isMapping, parseManifests } from '../manifest/parse';

/**
 * What kubeadm installs in every cluster that matters to traffic: CoreDNS (two replicas behind
 * the `kube-dns` Service at the 10th address of the service CIDR) and the `kubernetes` Service
 * at the first. Added unless the pasted manifests define them, so that DNS has somewhere to go.
 */
export function builtinObjects(userObjects: readonly ManifestObject[], dnsIP: string, apiIP: string): ManifestObject[] {
  const has = (kind: string, namespace: string, name: string) =>
    userObjects.some((o) => o.kind === kind && (o.namespace ?? 'default') === namespace && o.name === name);
  // Only workloads or pods count: every kubeadm cluster also has a ConfigMap and a ServiceAccount named coredns.
  const hasDnsPods = userObjects.some((o) => {
    if ((o.namespace ?? 'default') !== 'kube-system' || !['Pod', 'Deployment', 'ReplicaSet', 'DaemonSet'].includes(o.kind)) return false;
    const labels = isMapping(o.body.metadata) && isMapping(o.body.metadata.labels) ? o.body.metadata.labels : {};
    return labels['k8s-app'] === 'kube-dns' || o.name.startsWith('coredns') || o.name.startsWith('kube-dns');
  });
  const parts: string[] = [];
  if (!has('Service', 'kube-system', 'kube-dns')) parts.push(kubeDnsService(dnsIP));
  if (!hasDnsPods) parts.push(COREDNS_DEPLOYMENT);
  if (!has('Service', 'default', 'kubernetes')) parts.push(kubernetesService(apiIP));
  if (parts.length === 0) return [];
  return parseManifests(parts.join('---\n')).objects.map((o) => ({ ...o, builtin: true as const }));
}

const kubeDnsService = (ip: string) => `apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels: {k8s-app: kube-dns, kubernetes.io/name: CoreDNS}
spec:
  clusterIP: ${ip}
  selector: {k8s-app: kube-dns}
  ports:
    - {name: dns, port: 53, protocol: UDP, targetPort: 53}
    - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}
    - {name: metrics, port: 9153, protocol: TCP, targetPort: 9153}
`;

const kubernetesService = (ip: string) => `apiVersion: v1
kind: Service
metadata:
  name: kubernetes
  namespace: default
  labels: {component: apiserver, provider: kubernetes}
spec:
  clusterIP: ${ip}
  ports:
    - {name: https, port: 443, protocol: TCP, targetPort: 6443}
`;

const COREDNS_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels: {k8s-app: kube-dns}
spec:
  replicas: 2
  selector:
    matchLabels: {k8s-app: kube-dns}
  template:
    metadata:
      labels: {k8s-app: kube-dns}
    spec:
      priorityClassName: system-cluster-critical
      tolerations:
        - {key: CriticalAddonsOnly, operator: Exists}
        - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}
      containers:
        - name: coredns
          image: registry.k8s.io/coredns/coredns:v1.11.3
          args: [-conf, /etc/coredns/Corefile]
          ports:
            - {name: dns, containerPort: 53, protocol: UDP}
            - {name: dns-tcp, containerPort: 53, protocol: TCP}
            - {name: metrics, containerPort: 9153, protocol: TCP}
`;
