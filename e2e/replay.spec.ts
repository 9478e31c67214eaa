/**
 * Edit and replay: after an edit the same flow runs again and the hop list shows what changed
 * against the run before — new hops, hops gone (struck out), hops with other headers — with a
 * line when the verdict flipped; undo flips it back; Dismiss clears the marks.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { FlowsPage } from './flows-page';

const SCREENSHOT = fileURLToPath(new URL('../docs/replay.png', import.meta.url));

/** backend admits only db: the default flow, frontend → backend, is dropped at backend's veth. */
const BACKEND_POLICY = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: backend-from-db
  namespace: default
spec:
  podSelector:
    matchLabels:
      app: backend
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: db
`;

test('a policy that drops the flow: the verdict flips, the policy check and the drop are new; undo brings it back', async ({ app, page }) => {
  const flows = new FlowsPage(page);
  await app.open();
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  // Nothing edited yet: no line, no marks.
  await expect(flows.replayLine()).toHaveCount(0);
  await expect(page.locator('[data-testid=hop-list] li[data-change]')).toHaveCount(0);

  await app.cursorToEndOfDocument();
  await app.typeInEditor(BACKEND_POLICY);
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'dropped');

  await expect(flows.verdictFlip()).toHaveText('verdict: delivered → dropped after your edit');
  await expect(flows.replayCounts()).toHaveText('2 hops new, 11 hops gone');
  // The new hops: the egress check at frontend's veth and the drop at backend's.
  await expect(flows.hopsMarked('added')).toHaveCount(2);
  await expect(flows.hopsMarked('added').nth(0)).toHaveAttribute('data-kind', 'network-policy');
  await expect(flows.hopsMarked('added').nth(0)).toContainText('new');
  await expect(flows.hopsMarked('added').nth(1)).toHaveAttribute('data-kind', 'drop');
  await expect(flows.hopsMarked('added').nth(1)).toContainText('backend-from-db');
  // The hops the packet no longer takes: the last three of the way in, and the whole reply.
  await expect(flows.hopsMarked('removed')).toHaveCount(11);
  await expect(flows.hopsMarked('removed').nth(2)).toHaveAttribute('data-kind', 'deliver');
  await expect(flows.hopsMarked('removed').nth(2).locator('del')).toContainText('api');
  await expect(page.locator('[data-testid=hop-list] li[data-change="removed"][data-direction="reply"]')).toHaveCount(8);
  await expect(page.getByTestId('reply-separator')).toBeVisible();
  // A removed hop is not a step: the player counts only the new run's hops.
  await expect(app.stepPosition()).toHaveText('hop 1 of 8');

  await app.hopOfKind('drop').click();
  await page.mouse.move(0, 0);
  await app.settledMarkerBox();
  // The picture: the line at the top of the pane, then the diagram and the marked hop list.
  await flows.replayLine().evaluate((line) => line.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: SCREENSHOT });

  // Undo, as a new edit (runs less than a second apart count as one edit, which here would come
  // back to where it began and show nothing): the policy goes, the connection is delivered again.
  await page.waitForTimeout(1_000);
  await app.editorContent().click();
  await page.keyboard.press('Control+z');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(flows.verdictFlip()).toHaveText('verdict: dropped → delivered after your edit');
  await expect(flows.hopsMarked('added')).toHaveCount(11);
  await expect(flows.hopsMarked('removed')).toHaveCount(2);

  // Dismiss: the line and the marks go.
  await flows.dismiss().click();
  await expect(flows.replayLine()).toHaveCount(0);
  await expect(page.locator('[data-testid=hop-list] li[data-change]')).toHaveCount(0);
});

test('a changed container port: refused instead of delivered, the reply carries a reset, changed fields in the tooltip', async ({ app, page }) => {
  const flows = new FlowsPage(page);
  await app.open();
  // One edit: 8080 selected and replaced at once (typed key by key, a slow machine may see the
  // runs in between as edits of their own).
  await app.cursorToEndOfLine('containerPort: 8080');
  for (let i = 0; i < 4; i += 1) await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.insertText('9090');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'refused');
  await expect(flows.verdictFlip()).toHaveText('verdict: delivered → refused after your edit');
  await expect(flows.replayCounts()).toHaveText('2 hops new, 2 hops gone, 7 hops changed');

  const changed = flows.hopsMarked('changed');
  await expect(changed).toHaveCount(7);
  await expect(changed.first()).toHaveAttribute('data-direction', 'reply');
  await expect(changed.first().locator('.hop-mark-changed')).toHaveAttribute('title', 'Changed since the last run:\nl4.flags: SYN-ACK → RST-ACK');
  await expect(flows.hopsMarked('added').nth(0)).toHaveAttribute('data-kind', 'refuse');
  await expect(flows.hopsMarked('added').nth(1)).toHaveAttribute('data-kind', 'kernel-reply');
  // The inspector says the same for the hop on screen.
  await changed.first().click();
  const note = page.getByTestId('edit-changes');
  await expect(note).toContainText('changed by your edit');
  await expect(note.locator('tr')).toHaveCount(1);
  await expect(note.locator('tr[data-field="l4.flags"]')).toHaveText('l4.flagsSYN-ACK→RST-ACK');
  await flows.hopsMarked('added').nth(0).click();
  await expect(note).toHaveText('new The packet did not take this hop before your edit.');
  await app.hopRow(0).click();
  await expect(note).toHaveCount(0);

  // A later edit that does not touch this flow keeps the comparison on screen.
  await app.cursorToEndOfDocument();
  await app.typeInEditor('\n# a note\n');
  await expect.poll(() => app.savedText()).toContain('# a note');
  await expect(flows.verdictFlip()).toHaveText('verdict: delivered → refused after your edit');
});
