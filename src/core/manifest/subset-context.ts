import { PositionIndex } from './position-index';
import { plainKey, resolvePlainScalar } from './plain-scalars';
import { ScalarCache, UnsupportedCharacters } from './subset-support';
import { BlockSkipper } from './block-skipper';

/** What the documents of one text share: their position index, and caches. */
export class SubsetContext {
  readonly index: PositionIndex;
  readonly unsupported: UnsupportedCharacters;
  /** Plain keys, as mappings store them (resolved, then made strings). */
  readonly keys: ScalarCache<string>;
  /** Plain values, resolved. */
  readonly plainValues: ScalarCache<unknown>;
  /** The text of quoted values without escapes. */
  readonly quotedValues: ScalarCache<string>;
  /** Passes over the values of fields left out. */
  readonly skipper: BlockSkipper;
  /** Ids of the nodes of the open collections' entries, innermost last (a stack shared by all readers). */
  ids = new Int32Array(1024);

  /**
   * `dropUnread`: leave out of the values the fields unread-fields.ts lists, once an object's
   * `kind` is read. They are still read through (block-skipper.ts, or the reader itself), so a
   * document is declined exactly as before.
   */
  constructor(
    readonly text: string,
    readonly dropUnread = false,
  ) {
    // `kubectl get -o json` indents by four spaces and quotes every key: a value every 30 characters or so.
    this.index = new PositionIndex(text, /^\s*[[{]/.test(text.slice(0, 64)) ? 28 : 12);
    this.unsupported = new UnsupportedCharacters(text);
    this.skipper = new BlockSkipper(text);
    // Small texts (an edit in the editor) get small caches: filling big ones would cost more than they save.
    const size = (most: number) => Math.min(most, 1 << Math.max(6, Math.ceil(Math.log2(text.length / 64 + 1))));
    this.keys = new ScalarCache<string>(text, size(4096), plainKey, '');
    this.plainValues = new ScalarCache<unknown>(text, size(16384), resolvePlainScalar, null);
    this.quotedValues = new ScalarCache<string>(text, size(4096), (raw) => raw, '');
  }
}

