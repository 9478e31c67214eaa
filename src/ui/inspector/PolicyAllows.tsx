/** The rules that admit the connection: policy, rule, the peer and the port that matched, each linked to its YAML. */
import type { RuleAllow } from '../../core';
import { SpanLink } from './SpanLink';

export function PolicyAllows({ allows }: { readonly allows: readonly RuleAllow[] }) {
  return (
    <ul className="policy-items">
      {allows.map((allow) => (
        <li
          key={`${allow.policy.namespace}/${allow.policy.name}/${allow.ruleIndex}`}
          className="policy-item allow"
          data-testid="policy-allow"
          data-rule={allow.ruleIndex}
        >
          <div className="policy-item-head">
            <SpanLink span={allow.policy.span} testId="policy-link">
              {allow.policy.namespace}/{allow.policy.name}
            </SpanLink>
            <span className="sep">·</span>
            <SpanLink span={allow.ruleSpan} testId="rule-link">
              {allow.direction} rule {allow.ruleIndex}
            </SpanLink>
          </div>
          <dl className="policy-match">
            <dt>peer</dt>
            <dd>
              <SpanLink span={allow.peer.span} testId="peer-link">
                {allow.peer.description}
              </SpanLink>
            </dd>
            <dt>port</dt>
            <dd>
              <SpanLink span={allow.port.span} testId="port-link">
                {allow.port.description}
              </SpanLink>
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}
