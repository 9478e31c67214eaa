/**
 * Page object for the Kube Packet Path app: every locator the specs use, by data-testid,
 * and the few multi-step gestures (typing into CodeMirror, waiting for the marker to land).
 */
import { expect, type Locator, type Page } from '@playwright/test';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export class AppPage {
  constructor(readonly page: Page) {}

  readonly editor = (): Locator => this.page.getByTestId('editor');
  readonly editorContent = (): Locator => this.page.locator('[data-testid=editor] .cm-content');
  readonly statusLine = (): Locator => this.page.getByTestId('status-line');
  readonly verdict = (): Locator => this.page.getByTestId('verdict');
  readonly diagram = (): Locator => this.page.getByTestId('diagram');
  readonly marker = (): Locator => this.page.getByTestId('packet-marker');
  readonly source = (): Locator => this.page.getByTestId('source');
  readonly destination = (): Locator => this.page.getByTestId('destination');
  readonly port = (): Locator => this.page.getByTestId('port');
  readonly protocol = (): Locator => this.page.getByTestId('protocol');
  readonly btnFirst = (): Locator => this.page.getByTestId('btn-first');
  readonly btnBack = (): Locator => this.page.getByTestId('btn-back');
  readonly btnPlay = (): Locator => this.page.getByTestId('btn-play');
  readonly btnForward = (): Locator => this.page.getByTestId('btn-forward');
  readonly stepPosition = (): Locator => this.page.getByTestId('step-position');
  readonly hopRows = (): Locator => this.page.locator('[data-testid^="hop-row-"]');
  readonly hopRow = (index: number): Locator => this.page.getByTestId(`hop-row-${index}`);
  readonly currentHopRow = (): Locator => this.page.locator('[data-testid^="hop-row-"][aria-current="step"]');
  readonly inspectorSummary = (): Locator => this.page.getByTestId('inspector-summary');
  readonly inspectorKind = (): Locator => this.page.getByTestId('inspector-kind');
  readonly inspectorCapture = (): Locator => this.page.getByTestId('inspector-capture');
  readonly inspector = (): Locator => this.page.getByTestId('inspector');
  /** The inspector's "Decided by" block: the rule, route, policy or DNS answer that decided the hop. */
  readonly inspectorRule = (): Locator => this.page.getByTestId('inspector-rule');
  readonly copyButton = (): Locator => this.page.getByTestId('copy-capture');
  /** A topology element drawn in the diagram, by its core element id (`pod:default/db`). */
  readonly element = (id: string): Locator => this.page.getByTestId(`el-${id}`);
  readonly inspectorHeaders = (): Locator => this.page.getByTestId('inspector-headers');

  // The editor's lines and lint marks.
  readonly editorLine = (text: string): Locator => this.page.locator('[data-testid=editor] .cm-line', { hasText: text });
  readonly activeLine = (): Locator => this.page.locator('[data-testid=editor] .cm-activeLine');
  /** Lint underlines (`cm-lintRange-error` …) or, for empty spans, lint points. */
  readonly lintMarks = (severity: 'error' | 'warning' | 'info'): Locator =>
    this.page.locator(`[data-testid=editor] .cm-lintRange-${severity}, [data-testid=editor] .cm-lintPoint-${severity}`);
  readonly lintGutterMarkers = (severity: 'error' | 'warning' | 'info'): Locator =>
    this.page.locator(`[data-testid=editor] .cm-lint-marker-${severity}`);
  readonly lintTooltip = (): Locator => this.page.locator('.cm-tooltip-lint');

  // The problems panel and the status line's link to it.
  readonly statusSummary = (): Locator => this.page.getByTestId('status-summary');
  readonly problemsPanel = (): Locator => this.page.getByTestId('problems-panel');
  readonly problemsToggle = (): Locator => this.page.getByTestId('problems-toggle');
  readonly problemsCount = (severity: 'error' | 'warning' | 'info'): Locator => this.page.getByTestId(`problems-count-${severity}`);
  readonly problems = (): Locator => this.page.getByTestId('problem');
  readonly problem = (code: string): Locator => this.page.locator(`[data-testid=problem][data-code="${code}"]`);

  // A dropped connection's suggested fix: the verdict's link and the block in the inspector.
  readonly verdictFix = (): Locator => this.page.getByTestId('verdict-fix');
  readonly policyFix = (): Locator => this.page.getByTestId('policy-fix');
  readonly policyFixSummary = (): Locator => this.page.getByTestId('policy-fix-summary');
  readonly policyFixYaml = (): Locator => this.page.getByTestId('policy-fix-yaml');
  readonly policyFixApply = (): Locator => this.page.getByTestId('policy-fix-apply');
  readonly policyFixCopy = (): Locator => this.page.getByTestId('policy-fix-copy');

  // Across nodes: the outer headers in the inspector and on the marker.
  /** One header table of the inspector: `outer-l2`, `outer-l3`, `outer-udp`, `vxlan`, `l2`, `l3`, `l4`, `outer-removed`. */
  readonly headerLayer = (key: string): Locator => this.page.locator(`[data-testid=header-layer][data-layer="${key}"]`);
  /** A row of the inspector's header tables by the field key the core uses (`outer.ip.dst`). */
  readonly headerField = (field: string): Locator => this.page.locator(`[data-testid=inspector-headers] tr[data-field="${field}"]`);
  readonly markerOuter = (): Locator => this.page.getByTestId('marker-outer');
  /** The first hop row of a kind, in the forward direction unless asked otherwise. */
  readonly hopOfKind = (kind: string, direction: 'dns' | 'forward' | 'reply' = 'forward'): Locator =>
    this.page.locator(`[data-testid^="hop-row-"][data-kind="${kind}"][data-direction="${direction}"]`).first();

  // Cluster settings.
  readonly settingsToggle = (): Locator => this.page.getByTestId('settings-toggle');
  readonly settingsPanel = (): Locator => this.page.getByTestId('settings-panel');
  readonly setting = (field: string): Locator => this.page.getByTestId(`setting-${field}`);
  readonly settingProblem = (field: string): Locator => this.page.getByTestId(`setting-problem-${field}`);
  readonly settingsKept = (): Locator => this.page.getByTestId('settings-kept');
  readonly settingsReset = (): Locator => this.page.getByTestId('settings-reset');
  readonly settingsClose = (): Locator => this.page.getByTestId('settings-close');
  readonly modelNode = (name: string): Locator => this.page.getByTestId(`model-node-${name}`);

  // The gallery of examples, the confirmation before one replaces the text, and the page's notices.
  readonly galleryButton = (): Locator => this.page.getByTestId('gallery-button');
  readonly galleryDialog = (): Locator => this.page.getByTestId('gallery-dialog');
  /** An example's main button in the gallery, by its id (`same-node`). */
  readonly galleryExample = (id: string): Locator => this.page.getByTestId(`gallery-example-${id}`);
  /** One variant of an example, by the variant's id (`cross-node-calico-ipip`). */
  readonly galleryVariant = (id: string): Locator => this.page.getByTestId(`gallery-variant-${id}`);
  readonly confirmDialog = (): Locator => this.page.getByTestId('confirm-dialog');
  readonly confirmAccept = (): Locator => this.page.getByTestId('confirm-accept');
  readonly confirmCancel = (): Locator => this.page.getByTestId('confirm-cancel');
  readonly notice = (id: string): Locator => this.page.getByTestId(`notice-${id}`);

  /** Opens the app and waits until the example is traced and the editor is ready. */
  async open(): Promise<void> {
    await this.page.goto('/');
    await expect(this.marker()).toBeVisible();
    await expect(this.editorContent()).toBeVisible();
  }

  /** The select's option values, in order. */
  async optionValues(select: Locator): Promise<string[]> {
    return select.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  }

  /** The marker's box once its CSS transition has finished (two equal reads in a row). */
  async settledMarkerBox(): Promise<Box> {
    let last: Box | null = null;
    for (let i = 0; i < 40; i += 1) {
      const box = await this.marker().boundingBox();
      if (box && last && Math.abs(box.x - last.x) < 0.5 && Math.abs(box.y - last.y) < 0.5) return box;
      last = box;
      await this.page.waitForTimeout(100);
    }
    throw new Error('the packet marker never came to rest');
  }

  /**
   * Puts the cursor at the end of the line holding the first match of `text`, found with
   * the editor's own search panel (Ctrl+F), so it works for lines scrolled out of view.
   */
  async cursorToEndOfLine(text: string): Promise<void> {
    await this.editorContent().click();
    await this.page.keyboard.press('Control+Home');
    await this.page.keyboard.press('Control+f');
    const field = this.page.locator('[data-testid=editor] .cm-search input[name=search]');
    await field.fill('');
    // Typed key by key: the panel reads its query on keyup, which `fill` does not send.
    await field.pressSequentially(text);
    await field.press('Enter');
    await this.page.keyboard.press('Escape');
    await expect(field).toHaveCount(0);
    await this.page.keyboard.press('End');
  }

  /** Types at the cursor. Text with newlines goes in as one insertion, so the editor's auto-indent leaves it alone. */
  async typeInEditor(text: string): Promise<void> {
    if (text.includes('\n')) await this.page.keyboard.insertText(text);
    else await this.page.keyboard.type(text);
  }

  /** Replaces the whole text as a paste would: select all, then one insertion. */
  async replaceEditorText(text: string): Promise<void> {
    await this.editorContent().click();
    await this.page.keyboard.press('Control+a');
    await this.page.keyboard.insertText(text);
  }

  /** Opens the cluster settings panel (from the header). */
  async openSettings(): Promise<void> {
    if ((await this.settingsToggle().getAttribute('aria-expanded')) !== 'true') await this.settingsToggle().click();
    await expect(this.settingsPanel()).toBeVisible();
  }

  /** The text the page selected in the editor (CodeMirror mirrors its selection in the DOM). */
  async selectedText(): Promise<string> {
    return this.page.evaluate(() => document.getSelection()?.toString() ?? '');
  }

  /** The editor's text as the page saved it in this browser (a moment after each change). */
  async savedText(): Promise<string | undefined> {
    return this.page.evaluate(() => {
      const raw = localStorage.getItem('kpp:v1:scenario');
      const saved: unknown = raw === null ? undefined : JSON.parse(raw);
      return typeof saved === 'object' && saved !== null && 'text' in saved && typeof saved.text === 'string' ? saved.text : undefined;
    });
  }

  /** Sets the cluster's node names and CNI plugin in the settings panel, then closes it. */
  async useNodes(nodeNames: string, cni: string): Promise<void> {
    await this.openSettings();
    await this.setting('nodeNames').fill(nodeNames);
    await this.setting('cni').selectOption(cni);
    await expect(this.setting('cni')).toHaveValue(cni);
    await this.settingsClose().click();
    await expect(this.settingsPanel()).toHaveCount(0);
  }

  /**
   * Opens the gallery and picks an example (its main button) or one of its variants. When the
   * editor holds text of the user's own, the confirmation is left open for the caller.
   */
  async openExample(id: string, variant?: string | undefined): Promise<void> {
    await this.galleryButton().click();
    await expect(this.galleryDialog()).toBeVisible();
    await (variant === undefined ? this.galleryExample(id) : this.galleryVariant(variant)).click();
    await expect(this.galleryDialog()).toBeHidden();
  }

  /** Moves the cursor to the very end of the document. */
  async cursorToEndOfDocument(): Promise<void> {
    await this.editorContent().click();
    await this.page.keyboard.press('Control+End');
  }

  /** Takes the keyboard focus out of the editor and the form, so the player's shortcuts apply. */
  async focusPage(): Promise<void> {
    await this.page.locator('.app-header h1').click();
  }
}
