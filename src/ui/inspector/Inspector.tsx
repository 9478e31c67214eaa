/** Everything about the current hop: what happened, which rule decided, the headers, how to capture it. */
import { useAppStore } from '../store';
import { selectCurrentStep, selectFix, selectServiceStep, selectSteps } from '../store/selectors';
import { ServiceChoice } from '../service-rules/ServiceChoice';
import { EditChanges } from '../flows/EditChanges';
import { HopKindIcon } from '../hops/HopKindIcon';
import { HOP_KIND_WORDS } from '../hops/hopKindWords';
import { frameContext } from './frameContext';
import { CaptureCommand } from './CaptureCommand';
import { PacketHeaders } from './PacketHeaders';
import { PolicyCheckView } from './PolicyCheckView';
import { PolicyFixView } from './PolicyFixView';
import { ShieldIcon } from './ShieldIcon';

export function Inspector() {
  const step = useAppStore(selectCurrentStep);
  const stale = useAppStore((s) => s.stale);
  const fix = useAppStore(selectFix);
  const steps = useAppStore(selectSteps);
  const service = useAppStore(selectServiceStep);
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
        {hop.policy ? <ShieldIcon /> : <HopKindIcon kind={hop.kind} />}
        <span className={`kind-tag kind-${hop.kind}`} data-testid="inspector-kind">
          {hop.kind}
        </span>
        <span className="kind-words" data-testid="inspector-kind-words">
          {HOP_KIND_WORDS[hop.kind].description}
        </span>
        {direction === 'reply' && <span className="kind-tag reply-tag">reply</span>}
        {direction === 'dns' && <span className="kind-tag reply-tag">DNS</span>}
        <span className="where" title="topology element">
          {hop.where}
        </span>
      </header>
      <p className="inspector-summary" data-testid="inspector-summary">
        {hop.summary}
      </p>
      <EditChanges />
      {hop.policy && <PolicyCheckView check={hop.policy} />}
      {hop.kind === 'drop' && fix && <PolicyFixView key={fix.yaml} fix={fix} />}
      {service && (hop.kind === 'service-rule' || (hop.kind === 'refuse' && hop.where.startsWith('kproxy:'))) && <ServiceChoice step={service} pinnable={direction !== 'dns'} />}
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
      <PacketHeaders packet={hop.packet} changes={hop.changes} context={frameContext(steps, step.index)} />
      <h3>See it on a node</h3>
      <CaptureCommand key={hop.capture.command} capture={hop.capture} />
    </section>
  );
}
