import { describe, expect, it } from 'vitest';
import { clusterOf, problems, userPods } from './test-helpers';

const text = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  volumes:
    - name: html
      emptyDir: {}
    - name: cache
      emptyDir: {medium: Memory, sizeLimit: 64Mi}
    - name: conf
      configMap: {name: nginx-conf}
    - name: creds
      secret: {secretName: tls}
    - name: data
      persistentVolumeClaim: {claimName: data-0}
    - name: logs
      hostPath: {path: /var/log}
    - name: bare
    - name: token
      projected: {sources: []}
  containers:
    - name: nginx
      volumeMounts:
        - {name: html, mountPath: /usr/share/nginx/html, readOnly: true}
        - {name: conf, mountPath: /etc/nginx/conf.d}
    - name: helper
      volumeMounts:
        - {name: html, mountPath: /html}
`;

describe('pod volumes and volume mounts', () => {
  const cluster = clusterOf(text);
  const pod = userPods(cluster)[0]!;

  it('reads each volume with its source and what it refers to', () => {
    expect(pod.volumes?.map((v) => [v.name, v.source, v.medium, v.sizeLimit, v.reference, v.span.line])).toEqual([
      ['html', 'emptyDir', undefined, undefined, undefined, 6],
      ['cache', 'emptyDir', 'Memory', '64Mi', undefined, 8],
      ['conf', 'configMap', undefined, undefined, 'nginx-conf', 10],
      ['creds', 'secret', undefined, undefined, 'tls', 12],
      ['data', 'persistentVolumeClaim', undefined, undefined, 'data-0', 14],
      ['logs', 'hostPath', undefined, undefined, '/var/log', 16],
      // No source at all: the API server's defaulting makes it an emptyDir.
      ['bare', 'emptyDir', undefined, undefined, undefined, 18],
      ['token', 'other', undefined, undefined, undefined, 19],
    ]);
  });

  it('reads each container’s mounts, read-only or not', () => {
    expect(pod.containers.map((c) => [c.name, c.volumeMounts?.map((m) => [m.name, m.mountPath, m.readOnly, m.span.line])])).toEqual([
      [
        'nginx',
        [
          ['html', '/usr/share/nginx/html', true, 24],
          ['conf', '/etc/nginx/conf.d', false, 25],
        ],
      ],
      ['helper', [['html', '/html', false, 28]]],
    ]);
    expect(problems(cluster)).toEqual([]);
  });

  it('leaves out a mount naming no volume and says where it is', () => {
    const bad = clusterOf(text.replace('{name: html, mountPath: /html}', '{name: htlm, mountPath: /html}'));
    expect(userPods(bad)[0]!.containers[1]!.volumeMounts).toEqual([]);
    expect(problems(bad)).toEqual([['volume-mount-unknown', 28]]);
    expect(bad.diagnostics.find((d) => d.code === 'volume-mount-unknown')!.message).toBe(
      'Container "helper" mounts volume "htlm", which is not in the pod\'s `spec.volumes`; the API server refuses the pod (Not found). The mount is left out here.',
    );
  });

  it('reads the volumes of a Deployment’s template into its pods', () => {
    const deployment = clusterOf(`apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  replicas: 2
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      volumes: [{name: scratch, emptyDir: {}}]
      containers: [{name: c, volumeMounts: [{name: scratch, mountPath: /tmp}]}]
`);
    expect(userPods(deployment).map((p) => [p.volumes?.map((v) => v.name), p.containers[0]!.volumeMounts?.map((m) => m.mountPath)])).toEqual([
      [['scratch'], ['/tmp']],
      [['scratch'], ['/tmp']],
    ]);
  });
});
