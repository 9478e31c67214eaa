/**
 * A NetworkPolicy hop in the inspector: which side was judged, the verdict, and the structured
 * reasons from the core, every policy, rule, peer and port linked to its YAML.
 */
import type { PolicyCheck } from '../../core';
import { CodeText } from './CodeText';
import { PolicyAllows } from './PolicyAllows';
import { PolicyDenials } from './PolicyDenials';
import { sideHeading, verdictTag } from './policyWords';
import { ShieldIcon } from './ShieldIcon';

export function PolicyCheckView({ check }: { readonly check: PolicyCheck }) {
  const { verdict } = check;
  return (
    <section
      className={`policy-check policy-${verdict.kind}`}
      data-testid="policy-check"
      data-direction={check.direction}
      data-verdict={verdict.kind}
      aria-label="NetworkPolicy verdict"
    >
      <h3>
        <ShieldIcon /> NetworkPolicy · <span data-testid="policy-side">{sideHeading(check.direction)}</span>
      </h3>
      <p className="policy-verdict-line">
        <span className="policy-verdict-tag" data-testid="policy-verdict">
          {verdictTag(verdict)}
        </span>
        {verdict.kind === 'unrestricted' && (
          <span>
            <CodeText text={verdict.message} />
          </span>
        )}
        {verdict.kind === 'allowed' && <span>Admitted by:</span>}
        {verdict.kind === 'denied' && <span>No rule admits it. The policies that select the pod, and why:</span>}
      </p>
      {verdict.kind === 'allowed' && <PolicyAllows allows={verdict.allows} />}
      {verdict.kind === 'denied' && <PolicyDenials denials={verdict.denials} />}
    </section>
  );
}
