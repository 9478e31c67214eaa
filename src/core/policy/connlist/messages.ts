/** What the connlist reader and builder say, each with a stable code. */
export const connlistMessages = {
  portWithoutNumber: (object: string) => ({
    code: 'connlist-port-without-number',
    message: `A container port of \`${object}\` has no valid containerPort (1–65535); it is left out, so a named port cannot resolve to it.`,
  }),
  duplicatePolicy: (policy: string) => ({
    code: 'policy-duplicate',
    message: `A second NetworkPolicy named \`${policy}\`: applying it replaces the first one, so only the later one is simulated.`,
  }),
  inconsistentWorkload: (peer: string, first: string, other: string) => ({
    code: 'connlist-inconsistent-workload',
    message: `Pods \`${first}\` and \`${other}\` of ${peer} differ in labels or ports; connlist uses \`${first}\` for the whole workload.`,
  }),
};
