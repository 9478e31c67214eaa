/** Every policy that isolates the pod on this side, and, rule by rule, why none admits the connection. */
import type { PolicyDenial } from '../../core';
import { CodeText } from './CodeText';
import { RuleMissItem } from './RuleMissItem';
import { SpanLink } from './SpanLink';

export function PolicyDenials({ denials }: { readonly denials: readonly PolicyDenial[] }) {
  return (
    <ul className="policy-items">
      {denials.map((denial) => (
        <li key={`${denial.policy.namespace}/${denial.policy.name}`} className="policy-item denial" data-testid="policy-denial">
          <div className="policy-item-head">
            <SpanLink span={denial.policy.span} testId="policy-link">
              {denial.policy.namespace}/{denial.policy.name}
            </SpanLink>
            <span className="policy-item-note">selects the pod for {denial.direction}</span>
          </div>
          {denial.rules.length === 0 ? (
            <p className="rule-miss-text">
              <CodeText text={denial.message} />
            </p>
          ) : (
            <ol className="rule-misses">
              {denial.rules.map((rule) => (
                <RuleMissItem key={rule.ruleIndex} rule={rule} />
              ))}
            </ol>
          )}
        </li>
      ))}
    </ul>
  );
}
