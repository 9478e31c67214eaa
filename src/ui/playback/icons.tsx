/** Inline SVG icons for the step controls: no icon font, nothing to download. */
interface IconProps {
  readonly path: string;
}

function Icon({ path }: IconProps) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d={path} fill="currentColor" />
    </svg>
  );
}

export const FirstIcon = () => <Icon path="M3 2h2v12H3zM14 2v12L6 8z" />;
export const BackIcon = () => <Icon path="M12 2v12L4 8z" />;
export const PlayIcon = () => <Icon path="M4 2v12l10-6z" />;
export const PauseIcon = () => <Icon path="M4 2h3v12H4zM9 2h3v12H9z" />;
export const ForwardIcon = () => <Icon path="M4 2v12l8-6z" />;
