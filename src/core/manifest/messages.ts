/**
 * Every message the manifest reader can say, each with a stable code.
 * Wording lives here so that it stays consistent and reviewable.
 */
export const manifestMessages = {
  yamlSyntax: (reason: string) => ({ code: 'yaml-syntax', message: `YAML syntax error: ${reason}` }),
  notAnObject: (what: string) => ({
    code: 'not-an-object',
    message: `This document is ${what}, not a Kubernetes object (a mapping with apiVersion, kind and metadata).`,
  }),
  excessiveAliasing: (nodes: number) => ({
    code: 'yaml-excessive-aliasing',
    message: `This document uses YAML aliases that expand to about ${nodes.toExponential(1)} values, far beyond any real manifest (an "alias bomb"). It is not loaded; Kubernetes refuses it too ("excessive aliasing").`,
  }),
  missingKind: () => ({ code: 'missing-kind', message: 'Object has no `kind`; every Kubernetes object needs one.' }),
  missingApiVersion: (kind: string, expected: string | undefined) => ({
    code: 'missing-api-version',
    message: `${kind} has no \`apiVersion\`${expected === undefined ? '' : `; it should be ${expected}`}. The API server requires it; it is simulated anyway.`,
  }),
  wrongApiVersion: (problem: string) => ({ code: 'api-version-mismatch', message: problem }),
  missingName: (kind: string) => ({
    code: 'missing-name',
    message: `${kind} has no \`metadata.name\`; it cannot be simulated without a name.`,
  }),
  wrongType: (field: string, expected: string, actual: string) => ({
    code: 'wrong-type',
    message: `\`${field}\` must be ${expected}, but it is ${actual}.`,
  }),
  notSimulated: (kind: string) => ({
    code: 'kind-not-simulated',
    message: `${kind} is not simulated yet; it is kept in the text but has no effect on the packet path.`,
  }),
  secretStaysLocal: () => ({
    code: 'secret-not-needed',
    message:
      'Secrets are not needed to simulate traffic. This one is ignored, and like everything you paste it never leaves your browser.',
  }),
} as const;

/** A short description of a YAML value's type for messages ("a list", "the number 3"). */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `the ${typeof value} ${String(value)}`;
}
