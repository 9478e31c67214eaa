/** Page object for the list of flows and the line that says what an edit changed, by data-testid. */
import type { Locator, Page } from '@playwright/test';

export class FlowsPage {
  constructor(readonly page: Page) {}

  readonly list = (): Locator => this.page.getByTestId('flow-list');
  readonly rows = (): Locator => this.page.locator('[data-testid^="flow-row-"]');
  readonly row = (index: number): Locator => this.page.getByTestId(`flow-row-${index}`);
  readonly select = (index: number): Locator => this.page.getByTestId(`flow-select-${index}`);
  readonly remove = (index: number): Locator => this.page.getByTestId(`flow-remove-${index}`);
  readonly verdict = (index: number): Locator => this.page.getByTestId(`flow-verdict-${index}`);
  readonly add = (): Locator => this.page.getByTestId('add-flow');

  readonly replayLine = (): Locator => this.page.getByTestId('replay-line');
  readonly verdictFlip = (): Locator => this.page.getByTestId('verdict-flip');
  readonly replayCounts = (): Locator => this.page.getByTestId('replay-counts');
  readonly dismiss = (): Locator => this.page.getByTestId('replay-dismiss');
  /** Hop list rows by their change against the run before the edit: `added`, `changed`, `removed`, `same`. */
  readonly hopsMarked = (change: 'added' | 'changed' | 'removed' | 'same'): Locator =>
    this.page.locator(`[data-testid=hop-list] li[data-change="${change}"]`);
}
