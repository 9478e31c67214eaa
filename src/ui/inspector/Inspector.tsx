/** Everything about the current hop: what happened, which rule decided, the headers, how to capture it. */
import { useAppStore } from '../store';
import { selectCurrentStep } from '../store/selectors';
import { CaptureCommand } from './CaptureCommand';
import { PacketHeaders } from './PacketHeaders';
import { PolicyCheckView } from './PolicyCheckView';
import { ShieldIcon } from './ShieldIcon';

export function Inspector() {
  const step = useAppStore(selectCurrentStep);
  const stale = useAppStore((s) => s.stale);
  if (!step) {
    return (
      <section className="inspector" data-testid="inspector" aria-label="Hop inspector">
        <p className="muted">Pick a flow to see its hops.</p>
      </section>
    );
  }
  const { hop, direction } = step;
  const source = hop.rule?.source;
  return (
    <section className="inspector" data-testid="inspector" aria-label="Hop inspector">
      <header className="inspector-head">
        {hop.policy && <ShieldIcon />}
        <span className={`kind-tag kind-${hop.kind}`} data-testid="inspector-kind">
          {hop.kind}
        </span>
        {direction === 'reply' && <span className="kind-tag reply-tag">reply</span>}
        <span className="where" title="topology element">
          {hop.where}
        </span>
      </header>
      <p className="inspector-summary" data-testid="inspector-summary">
        {hop.summary}
      </p>
      {hop.policy && <PolicyCheckView check={hop.policy} />}
      {hop.rule && (
        <div className="inspector-rule" data-testid="inspector-rule">
          <h3>
            Decided by <span className="rule-kind">{hop.rule.kind}</span>
            {source && !stale && (
              <button
                type="button"
                className="link-button"
                onClick={() => useAppStore.getState().revealInEditor(source.from, source.to)}
              >
                show YAML (line {source.line})
              </button>
            )}
          </h3>
          <pre>{hop.rule.text}</pre>
        </div>
      )}
      <h3>Headers after this hop</h3>
      <PacketHeaders packet={hop.packet} changes={hop.changes} />
      <h3>See it on a node</h3>
      <CaptureCommand key={hop.capture.command} capture={hop.capture} />
    </section>
  );
}
