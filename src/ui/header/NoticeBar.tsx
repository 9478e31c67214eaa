/** Notices about the page itself (saving in this browser), each with a dismiss button. */
import { useAppStore } from '../store';

export function NoticeBar() {
  const notices = useAppStore((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <div className="notice-bar" role="alert">
      {notices.map((notice) => (
        <p key={notice.id} className="notice" data-testid={`notice-${notice.id}`}>
          <span>{notice.message}</span>
          <button
            type="button"
            className="notice-dismiss"
            aria-label="Dismiss"
            data-testid={`dismiss-${notice.id}`}
            onClick={() => useAppStore.getState().dismissNotice(notice.id)}
          >
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
