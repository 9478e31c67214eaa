import { describe, expect, it } from 'vitest';
import { exportFileName } from './fileName';

describe('exportFileName', () => {
  it('names the flow in the file name', () => {
    expect(exportFileName('default/frontend/web → default/backend:8080/TCP', 'png')).toBe(
      'packet-path-default-frontend-web-to-default-backend-8080-tcp.png',
    );
    expect(exportFileName('shop/frontend → svc/shop/db:3306/TCP', 'md')).toBe('packet-path-shop-frontend-to-svc-shop-db-3306-tcp.md');
  });

  it('falls back to a plain name without a flow', () => {
    expect(exportFileName(undefined, 'svg')).toBe('packet-path.svg');
    expect(exportFileName('', 'svg')).toBe('packet-path.svg');
  });

  it('keeps long names short', () => {
    const name = exportFileName(`a/${'x'.repeat(300)} → b/c:1/TCP`, 'png');
    expect(name.length).toBeLessThanOrEqual('packet-path-'.length + 120 + '.png'.length);
    expect(name).toMatch(/^packet-path-a-x+\.png$/);
  });
});
