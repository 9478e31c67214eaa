/** The shop scenario of the unit tests: three pods and a policy that admits only the API to the database. */
export const SHOP_YAML = `apiVersion: v1
kind: Pod
metadata: {name: frontend, namespace: shop, labels: {role: web}}
spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {role: frontend-web-server}}
spec: {containers: [{name: api, image: api, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {role: db}}
spec: {containers: [{name: mysql, image: mysql, ports: [{name: mysql, containerPort: 3306}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: backend-database-policy, namespace: shop}
spec:
  podSelector: {matchLabels: {role: db}}
  ingress:
    - from:
        - podSelector: {matchLabels: {role: frontend-web-server}}
      ports: [{protocol: TCP, port: 3306}]
`;
