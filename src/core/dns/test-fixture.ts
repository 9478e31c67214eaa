/** One scenario for the DNS tests: every shape of name CoreDNS answers, from two namespaces. */
export const DNS_SCENARIO = `apiVersion: v1
kind: Namespace
metadata: {name: prod}
---
apiVersion: v1
kind: Service
metadata: {name: backend, namespace: prod}
spec:
  selector: {app: backend}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: backend, namespace: prod}
spec:
  replicas: 2
  selector: {matchLabels: {app: backend}}
  template:
    metadata: {labels: {app: backend}}
    spec:
      containers: [{name: app, image: backend, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: nginx, namespace: default}
spec:
  clusterIP: None
  selector: {app: nginx}
  ports: [{name: web, port: 80}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: default}
spec:
  serviceName: nginx
  replicas: 2
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers: [{name: nginx, image: nginx, ports: [{name: web, containerPort: 80}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-slow, namespace: default, labels: {app: nginx}}
spec:
  containers: [{name: nginx, image: nginx}]
status:
  podIP: 10.244.0.60
  conditions: [{type: Ready, status: "False"}]
---
apiVersion: v1
kind: Pod
metadata: {name: worker, namespace: default, labels: {app: workers}}
spec:
  containers: [{name: w, image: w}]
status: {podIP: 10.244.0.50}
---
apiVersion: v1
kind: Service
metadata: {name: workers, namespace: default}
spec:
  clusterIP: None
  selector: {app: workers}
---
apiVersion: v1
kind: Pod
metadata: {name: pod-b, namespace: default, labels: {app: b}}
spec:
  hostname: pod-b
  subdomain: sub
  containers: [{name: b, image: b}]
status: {podIP: 10.244.0.70}
---
apiVersion: v1
kind: Service
metadata: {name: sub, namespace: default}
spec:
  clusterIP: None
  selector: {app: b}
  ports: [{name: http, port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: default}
spec: {type: ExternalName, externalName: app.myapp.com}
---
apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: default}
spec: {type: ExternalName, externalName: backend.prod.svc.cluster.local}
---
apiVersion: v1
kind: Service
metadata: {name: raw, namespace: default}
spec: {type: ExternalName, externalName: 10.0.0.5}
---
apiVersion: v1
kind: Service
metadata:
  name: shop
  namespace: prod
  annotations: {external-dns.alpha.kubernetes.io/hostname: "app.myapp.com, www.myapp.com."}
spec:
  type: LoadBalancer
  selector: {app: backend}
  ports: [{name: http, port: 80, targetPort: 8080}]
status:
  loadBalancer: {ingress: [{ip: 203.0.113.40}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default}
spec:
  containers: [{name: c, image: curl}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: prod}
spec:
  containers: [{name: c, image: curl}]
`;
