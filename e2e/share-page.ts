/**
 * Page object for sharing and loading scenarios: the Share dialog, Import/Export, the load
 * question, the drop target over the editor and the banner after a link, by data-testid.
 */
import { expect, type JSHandle, type Locator, type Page } from '@playwright/test';

export interface DroppedFile {
  readonly name: string;
  readonly text: string;
  readonly type?: string;
}

export class SharePage {
  constructor(readonly page: Page) {}

  readonly shareButton = (): Locator => this.page.getByTestId('share');
  readonly dialog = (): Locator => this.page.getByTestId('share-dialog');
  readonly url = (): Locator => this.page.getByTestId('share-url');
  readonly status = (): Locator => this.page.getByTestId('share-status');
  readonly length = (): Locator => this.page.getByTestId('share-length');
  readonly warning = (): Locator => this.page.getByTestId('share-warning');
  readonly copy = (): Locator => this.page.getByTestId('share-copy');
  readonly exportFromDialog = (): Locator => this.page.getByTestId('share-export');
  readonly close = (): Locator => this.page.getByTestId('share-close');

  readonly importButton = (): Locator => this.page.getByTestId('import-scenario');
  readonly importInput = (): Locator => this.page.getByTestId('import-input');
  readonly exportButton = (): Locator => this.page.getByTestId('export-scenario');
  readonly loadDialog = (): Locator => this.page.getByTestId('load-dialog');
  readonly loadFiles = (): Locator => this.page.getByTestId('load-files');
  readonly loadCancel = (): Locator => this.page.getByTestId('load-cancel');
  readonly loadReplace = (): Locator => this.page.getByTestId('load-replace');
  readonly loadAppend = (): Locator => this.page.getByTestId('load-append');
  readonly dropOverlay = (): Locator => this.page.getByTestId('drop-overlay');

  readonly banner = (): Locator => this.page.getByTestId('link-banner');
  readonly bannerSwap = (): Locator => this.page.getByTestId('link-banner-swap');

  /** Clicks Share and gives the link the dialog shows. */
  async share(): Promise<string> {
    await this.shareButton().click();
    await expect(this.dialog()).toBeVisible();
    const url = await this.url().inputValue();
    expect(url).toMatch(/#s=1\.[A-Za-z0-9_-]+$/);
    return url;
  }

  /** Files in a DataTransfer made inside the page, as the browser hands them to a drop. */
  private async transfer(files: readonly DroppedFile[]): Promise<JSHandle<DataTransfer>> {
    return this.page.evaluateHandle((list) => {
      const transfer = new DataTransfer();
      for (const f of list) transfer.items.add(new File([f.text], f.name, { type: f.type ?? 'application/yaml' }));
      return transfer;
    }, files);
  }

  /** Drags files over the editor (the drop target shows) and drops them. */
  async dropOnEditor(files: readonly DroppedFile[]): Promise<void> {
    const dataTransfer = await this.transfer(files);
    const target = this.page.locator('[data-testid=editor] .cm-content');
    await target.dispatchEvent('dragenter', { dataTransfer });
    await target.dispatchEvent('dragover', { dataTransfer });
    await expect(this.dropOverlay()).toBeVisible();
    await target.dispatchEvent('drop', { dataTransfer });
    await expect(this.dropOverlay()).toBeHidden();
  }
}
