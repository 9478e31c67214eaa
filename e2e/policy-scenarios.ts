/** NetworkPolicy scenarios the policy and reachability specs paste. */

/**
 * Three pods in `shop`; `backend-database-policy` isolates db and admits only
 * role=frontend-web-server (the api pod) on TCP 3306.
 */
export const SHOP_POLICY = `apiVersion: v1
kind: Pod
metadata:
  name: frontend
  namespace: shop
  labels:
    role: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: shop
  labels:
    role: frontend-web-server
spec:
  containers:
    - name: api
      image: example/api:1.0
      ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Pod
metadata:
  name: db
  namespace: shop
  labels:
    role: db
spec:
  containers:
    - name: mysql
      image: mysql:8.4
      ports:
        - name: mysql
          containerPort: 3306
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: backend-database-policy
  namespace: shop
spec:
  podSelector:
    matchLabels:
      role: db
  ingress:
    - from:
        - podSelector:
            matchLabels:
              role: frontend-web-server
      ports:
        - protocol: TCP
          port: 3306
`;

/** The shop plus a `monitoring` namespace whose pods accept no ingress at all. */
export const SHOP_AND_MONITORING = `${SHOP_POLICY}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: prometheus
  namespace: monitoring
  labels:
    app: prometheus
spec:
  replicas: 1
  selector:
    matchLabels:
      app: prometheus
  template:
    metadata:
      labels:
        app: prometheus
    spec:
      containers:
        - name: prometheus
          image: prom/prometheus:v2.53.0
          ports:
            - name: web
              containerPort: 9090
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
  namespace: monitoring
spec:
  podSelector: {}
  policyTypes:
    - Ingress
`;

/** The core's suggested fix for shop/frontend → shop/db on TCP 3306: one ingress policy on db. */
export const FRONTEND_TO_DB_FIX = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-frontend-to-db-3306
  namespace: shop
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              role: web
      ports:
        - protocol: TCP
          port: 3306
`;
