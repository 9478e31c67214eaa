/**
 * A small two-node setup the IPVS, nftables and eBPF backend tests share: selector-less Services
 * whose EndpointSlices name exact addresses and nodes.
 * - web: ClusterIP 10.96.0.100, port http 80 → 8080, three endpoints (one on node-1, two on node-2);
 * - np: NodePort 30080 → one endpoint on node-2;
 * - lb: LoadBalancer 203.0.113.50, externalTrafficPolicy Local, one endpoint on node-1;
 * - empty: ClusterIP without endpoints.
 */
const slice = (svc: string, port: string, endpoints: readonly (readonly [string, string])[]) => `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ${svc}-abcde, namespace: default, labels: {kubernetes.io/service-name: ${svc}}}
addressType: IPv4
ports: [${port}]
endpoints:
${endpoints.map(([ip, node]) => `- {addresses: [${ip}], nodeName: ${node}, conditions: {ready: true}}`).join('\n')}
`;

export const SMALL = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  clusterIP: 10.96.0.100
  ports: [{name: http, port: 80, targetPort: 8080}]
${slice('web', '{name: http, port: 8080, protocol: TCP}', [['10.244.0.5', 'node-1'], ['10.244.1.6', 'node-2'], ['10.244.1.7', 'node-2']])}---
apiVersion: v1
kind: Service
metadata: {name: np, namespace: default}
spec:
  type: NodePort
  clusterIP: 10.96.0.101
  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]
${slice('np', '{port: 8080, protocol: TCP}', [['10.244.1.6', 'node-2']])}---
apiVersion: v1
kind: Service
metadata: {name: lb, namespace: default}
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.102
  externalTrafficPolicy: Local
  healthCheckNodePort: 32000
  ports: [{name: https, port: 443, targetPort: 8443, nodePort: 30443}]
status: {loadBalancer: {ingress: [{ip: 203.0.113.50}]}}
${slice('lb', '{name: https, port: 8443, protocol: TCP}', [['10.244.0.5', 'node-1']])}---
apiVersion: v1
kind: Service
metadata: {name: empty, namespace: default}
spec:
  clusterIP: 10.96.0.103
  ports: [{port: 80}]
`;
