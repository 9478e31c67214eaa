/** A small wrench: the mark of a suggested fix. Inline SVG, nothing to download. */
export function WrenchIcon() {
  return (
    <svg className="icon wrench-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path
        d="M10.8 1.2a4 4 0 0 0-4.6 5.3L1.5 11.2a1.6 1.6 0 0 0 2.3 2.3l4.7-4.7a4 4 0 0 0 5.3-4.6l-2.3 2.3-2-.6-.6-2z"
        fill="currentColor"
      />
    </svg>
  );
}
