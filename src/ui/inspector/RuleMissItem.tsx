/** One rule of an isolating policy and why it does not admit the connection: its peers, or its ports. */
import type { RuleMiss } from '../../core';
import { CodeText } from './CodeText';
import { SpanLink } from './SpanLink';

export function RuleMissItem({ rule }: { readonly rule: RuleMiss }) {
  return (
    <li className="rule-miss" data-testid="rule-miss" data-rule={rule.ruleIndex} data-miss={rule.kind}>
      <p className="rule-miss-text">
        <SpanLink span={rule.ruleSpan} testId="rule-link">
          rule {rule.ruleIndex}
        </SpanLink>
        : <CodeText text={rule.message} />
      </p>
      <ul className="miss-parts">
        {rule.kind === 'peer' ? (
          rule.peers.map((peer) => (
            <li key={peer.index} className="miss-part">
              <span className="miss-mark" aria-hidden="true">
                ✕
              </span>
              <SpanLink span={peer.span} testId="peer-link">
                peer {peer.index}: {peer.description}
              </SpanLink>
              <span className="miss-why"> — {peer.message}</span>
            </li>
          ))
        ) : (
          <>
            <li className="miss-part matched">
              <span className="miss-mark" aria-hidden="true">
                ✓
              </span>
              <SpanLink span={rule.peer.span} testId="peer-link">
                {rule.peer.description}
              </SpanLink>
            </li>
            {rule.ports.map((port) => (
              <li key={port.index} className="miss-part">
                <span className="miss-mark" aria-hidden="true">
                  ✕
                </span>
                <SpanLink span={port.span} testId="port-link">
                  port {port.index}: {port.description}
                </SpanLink>
                <span className="miss-why"> — {port.message}</span>
              </li>
            ))}
          </>
        )}
      </ul>
    </li>
  );
}
