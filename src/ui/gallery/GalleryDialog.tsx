/**
 * The gallery: one entry per example, its title and what it shows; a click (or Enter) opens
 * it. Examples with variants (another CNI plugin, another kube-proxy mode, another of their
 * flows) list them as small buttons under the entry. Escape closes; the first example has
 * the keyboard when the gallery opens.
 */
import { useRef } from 'react';
import { useAppStore } from '../store';
import { Modal } from '../share/Modal';
import { GALLERY, type GalleryExample, type GalleryVariant } from './gallery';
import './gallery.css';

const load = (variant: GalleryVariant): void => useAppStore.getState().loadExample(variant);

function Entry({ example, first }: { readonly example: GalleryExample; readonly first?: React.RefObject<HTMLButtonElement | null> }) {
  const [main, ...others] = example.variants;
  const titleId = `gallery-title-${example.id}`;
  return (
    <li className="gallery-entry" data-testid={`gallery-entry-${example.id}`}>
      <button type="button" ref={first} className="gallery-open" data-testid={`gallery-example-${example.id}`} aria-describedby={`${titleId}-line`} onClick={() => load(main)}>
        <span className="gallery-title" id={titleId}>
          {example.title}
        </span>
        <span className="gallery-line" id={`${titleId}-line`}>
          {example.line}
        </span>
      </button>
      {others.length > 0 && (
        <div className="gallery-variants" role="group" aria-labelledby={titleId}>
          {example.variants.map((variant) => (
            <button type="button" key={variant.id} className="gallery-variant" data-testid={`gallery-variant-${variant.id}`} onClick={() => load(variant)}>
              {variant.label}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}

export function GalleryDialog() {
  const open = useAppStore((s) => s.galleryOpen);
  const first = useRef<HTMLButtonElement>(null);
  const close = (): void => useAppStore.getState().closeGallery();
  return (
    <Modal open={open} titleId="gallery-heading" className="gallery-dialog" testId="gallery-dialog" initialFocus={first} onClose={close}>
      <div className="gallery-head">
        <h2 id="gallery-heading">Examples</h2>
        <button type="button" className="gallery-close" data-testid="gallery-close" aria-label="Close the examples" onClick={close}>
          ×
        </button>
      </div>
      <p className="muted-text">
        Each example sets the YAML, the cluster settings and the flow, and starts at the first hop. The commented YAML is in the project’s <code>examples/</code>{' '}
        folder.
      </p>
      <ul className="gallery-list">
        {GALLERY.map((example, i) => (
          <Entry key={example.id} example={example} first={i === 0 ? first : undefined} />
        ))}
      </ul>
    </Modal>
  );
}
