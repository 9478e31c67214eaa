/** YAML the specs paste or append, kept apart so the specs read as steps. */

/** Two pods: web's containerPort is a word, and client's labels miss their closing brace. */
export const BROKEN_PODS = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
    - name: nginx
      image: nginx:1.27
      ports:
        - containerPort: "eighty"
---
apiVersion: v1
kind: Pod
metadata:
  name: client
  labels: {app: client
spec:
  containers:
    - name: curl
      image: curlimages/curl:8.10.1
`;

/** Appended to the example: kinds that are read but not simulated. */
export const CONFIG_AND_SECRET = `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-settings
data:
  LOG_LEVEL: debug
---
apiVersion: v1
kind: Secret
metadata:
  name: db-password
stringData:
  password: not-a-real-one
`;

/** Appended to the example: a misspelt containerPort (a warning). */
export const MISSPELT_PORT_POD = `---
apiVersion: v1
kind: Pod
metadata:
  name: cache
spec:
  containers:
    - name: redis
      image: redis:7.4
      ports:
        - containerport: 6379
`;

/** A dump's Node and a pod bound to it, with the addresses the cluster really gave them. */
export const DUMPED_NODE = `apiVersion: v1
kind: Node
metadata:
  name: ip-10-0-3-17.ec2.internal
spec:
  podCIDR: 100.64.7.0/24
status:
  addresses:
    - type: InternalIP
      address: 10.0.3.17
---
apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  nodeName: ip-10-0-3-17.ec2.internal
  containers:
    - name: api
      image: ghcr.io/example/api:2.4
      ports:
        - containerPort: 8080
status:
  phase: Running
  podIP: 100.64.7.23
`;

/** Appended to the example for the problems picture: an error, warnings and infos. */
export const PROBLEM_SHOWCASE = `${CONFIG_AND_SECRET}---
apiVersion: v1
kind: Pod
metadata:
  name: cache
spec:
  containers:
    - name: redis
      image: redis:7.4
      ports:
        - containerport: 6379
        - containerPort: 70000
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
`;
