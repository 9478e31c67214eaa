/**
 * Page object for the view tabs, the reachability matrix and the NetworkPolicy part of the
 * inspector, by data-testid. Cells, rows and columns are named by the core's workload ids
 * (`shop/Pod/db`), `ns:<namespace>` for a collapsed namespace, and `outside`.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class ReachabilityPage {
  constructor(readonly page: Page) {}

  readonly tab = (view: 'diagram' | 'reachability'): Locator => this.page.getByTestId(`view-tab-${view}`);
  readonly view = (): Locator => this.page.getByTestId('reachability');
  readonly matrix = (): Locator => this.page.getByTestId('reach-matrix');
  readonly status = (): Locator => this.page.getByTestId('reach-status');
  readonly mode = (): Locator => this.page.getByTestId('reach-mode');
  readonly port = (): Locator => this.page.getByTestId('reach-port');
  readonly protocol = (): Locator => this.page.getByTestId('reach-protocol');
  readonly namespaceFilter = (): Locator => this.page.getByTestId('reach-namespace');
  readonly labelFilter = (): Locator => this.page.getByTestId('reach-labels');
  readonly showImplicit = (): Locator => this.page.getByTestId('reach-show-implicit');
  /** The line under the matrix that repeats the tooltip of the cell under the pointer. */
  readonly detail = (): Locator => this.page.getByTestId('reach-detail');
  readonly rows = (): Locator => this.page.getByTestId('reach-row');
  readonly row = (id: string): Locator => this.page.locator(`[data-testid=reach-row][data-id="${id}"]`);
  readonly column = (id: string): Locator => this.page.locator(`[data-testid=reach-col][data-id="${id}"]`);
  readonly cell = (from: string, to: string): Locator =>
    this.page.locator(`[data-testid=reach-cell][data-from="${from}"][data-to="${to}"]`);
  /** The namespace's name at the left of its rows, which collapses or expands it. */
  readonly namespaceToggle = (namespace: string): Locator => this.page.getByTestId(`reach-row-ns-${namespace}`);

  // The NetworkPolicy part of the inspector.
  readonly policyCheck = (): Locator => this.page.getByTestId('policy-check');
  readonly policySide = (): Locator => this.page.getByTestId('policy-side');

  /** The ids of the rows shown, top to bottom. */
  async rowIds(): Promise<string[]> {
    return this.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''));
  }

  /** Switches to the matrix and waits until the worker has answered. */
  async open(): Promise<void> {
    await this.tab('reachability').click();
    await expect(this.tab('reachability')).toHaveAttribute('aria-selected', 'true');
    await expect(this.matrix()).toBeVisible();
    await this.settled();
  }

  /** Waits until no matrix is being computed, and fails if the last one could not be. */
  async settled(): Promise<void> {
    await expect(this.status()).not.toHaveAttribute('data-state', 'computing');
    await expect(this.status()).not.toHaveAttribute('data-state', 'failed');
  }
}
