import type { ManifestObject } from '../manifest/types';
import { describeValue, manifestMessages } from '../manifest/messages';
import { isMapping } from '../manifest/parse';
import { clusterMessages } from './messages';
import type { FieldPath, Report } from './read-template';
import type { PodVolume, VolumeMount, VolumeSource } from './types';

/** The sources we name, each with the field that says what it refers to. */
const SOURCES: readonly (readonly [Exclude<VolumeSource, 'emptyDir' | 'other'>, string])[] = [
  ['configMap', 'name'],
  ['secret', 'secretName'],
  ['persistentVolumeClaim', 'claimName'],
  ['hostPath', 'path'],
];

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

/** A pod spec's `volumes`, at `path`. A second volume of one name is reported and left out. */
export function readVolumes(object: ManifestObject, value: unknown, path: FieldPath, report: Report): PodVolume[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report(manifestMessages.wrongType(path.join('.'), 'a list', describeValue(value)), path);
    return [];
  }
  const volumes: PodVolume[] = [];
  value.forEach((entry, i) => {
    const at = [...path, i];
    if (!isMapping(entry) || typeof entry.name !== 'string' || entry.name === '') {
      report(manifestMessages.wrongType(at.join('.'), 'a mapping with a name', describeValue(entry)), at, 'warning');
      return;
    }
    if (volumes.some((v) => v.name === entry.name)) {
      report(clusterMessages.volumeDuplicate(entry.name), [...at, 'name']);
      return;
    }
    const emptyDir = isMapping(entry.emptyDir) ? entry.emptyDir : undefined;
    const named = SOURCES.find(([key]) => entry[key] !== undefined);
    const body = named === undefined ? undefined : entry[named[0]];
    // An entry with no source at all is an emptyDir: the API server's defaulting fills one in
    // (SetDefaults_Volume: every source field nil → EmptyDir{}).
    const bare = Object.keys(entry).every((key) => key === 'name');
    const source: VolumeSource = entry.emptyDir !== undefined || bare ? 'emptyDir' : (named?.[0] ?? 'other');
    volumes.push({
      name: entry.name,
      source,
      medium: text(emptyDir?.medium),
      sizeLimit: text(emptyDir?.sizeLimit),
      reference: named !== undefined && source === named[0] && isMapping(body) ? text(body[named[1]]) : undefined,
      span: object.spanOf(at),
    });
  });
  return volumes;
}

/**
 * A container's `volumeMounts`, at `path`. A mount naming no volume of the pod is reported
 * at its name (the API server would refuse the pod) and left out.
 */
export function readVolumeMounts(
  object: ManifestObject,
  value: unknown,
  path: FieldPath,
  container: string,
  volumes: readonly PodVolume[],
  report: Report,
): VolumeMount[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report(manifestMessages.wrongType(path.join('.'), 'a list', describeValue(value)), path);
    return [];
  }
  const mounts: VolumeMount[] = [];
  value.forEach((entry, i) => {
    const at = [...path, i];
    if (!isMapping(entry) || typeof entry.name !== 'string') {
      report(manifestMessages.wrongType(at.join('.'), 'a mapping with a name', describeValue(entry)), at, 'warning');
      return;
    }
    if (!volumes.some((v) => v.name === entry.name)) {
      report(clusterMessages.volumeMountUnknown(container, entry.name), [...at, 'name']);
      return;
    }
    mounts.push({
      name: entry.name,
      mountPath: typeof entry.mountPath === 'string' ? entry.mountPath : '',
      readOnly: entry.readOnly === true,
      span: object.spanOf(at),
    });
  });
  return mounts;
}
