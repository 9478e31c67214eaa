/** A small shield: the mark of a NetworkPolicy hop. Inline SVG, nothing to download. */
export function ShieldIcon() {
  return (
    <svg className="icon shield-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path d="M8 1 14 3.4v4.1c0 3.6-2.5 6.3-6 7.5-3.5-1.2-6-3.9-6-7.5V3.4z" fill="currentColor" />
    </svg>
  );
}
