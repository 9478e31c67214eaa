import { describe, expect, it } from 'vitest';
import { searchOrder } from './search-order';

const CLUSTER = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];
const names = (name: string, searches: readonly string[] = CLUSTER, ndots = 5) => searchOrder(name, searches, ndots).map((s) => s.name);

describe('glibc’s search order', () => {
  it('a short name: every search domain, then the name as it is', () => {
    expect(names('backend')).toEqual(['backend.default.svc.cluster.local.', 'backend.svc.cluster.local.', 'backend.cluster.local.', 'backend.']);
  });

  it('fewer dots than ndots: still the search list first (4 dots < 5)', () => {
    expect(names('backend.prod.svc.cluster.local')).toEqual([
      'backend.prod.svc.cluster.local.default.svc.cluster.local.',
      'backend.prod.svc.cluster.local.svc.cluster.local.',
      'backend.prod.svc.cluster.local.cluster.local.',
      'backend.prod.svc.cluster.local.',
    ]);
  });

  it('ndots or more dots: the name as it is first, then the search list, and not again at the end', () => {
    expect(names('web-0.nginx.default.svc.cluster.local')).toEqual([
      'web-0.nginx.default.svc.cluster.local.',
      'web-0.nginx.default.svc.cluster.local.default.svc.cluster.local.',
      'web-0.nginx.default.svc.cluster.local.svc.cluster.local.',
      'web-0.nginx.default.svc.cluster.local.cluster.local.',
    ]);
    expect(names('app.myapp.com', CLUSTER, 2)[0]).toBe('app.myapp.com.');
  });

  it('a trailing dot: that name only', () => {
    expect(searchOrder('backend.default.svc.cluster.local.', CLUSTER, 5)).toEqual([{ name: 'backend.default.svc.cluster.local.', domain: undefined }]);
    expect(names('backend.')).toEqual(['backend.']);
  });

  it('records which search domain made each name', () => {
    expect(searchOrder('db', ['prod.svc.cluster.local'], 5)).toEqual([
      { name: 'db.prod.svc.cluster.local.', domain: 'prod.svc.cluster.local' },
      { name: 'db.', domain: undefined },
    ]);
  });

  it('no search list: the name as it is', () => {
    expect(names('backend', [], 1)).toEqual(['backend.']);
  });

  it('a root search domain stands for the name as it is, which is then not repeated', () => {
    expect(names('backend', ['.', 'example.com'])).toEqual(['backend.', 'backend.example.com.']);
  });
});
