import { describe, expect, it } from 'vitest';
import { documentAppend } from './documentAppend';

const policy = 'kind: NetworkPolicy\n';

describe('documentAppend', () => {
  it('separates the documents with --- after a text that ends with a newline', () => {
    expect(documentAppend('kind: Pod\n', policy)).toBe('---\nkind: NetworkPolicy\n');
  });

  it('starts a new line first when the text does not end with one', () => {
    expect(documentAppend('kind: Pod', policy)).toBe('\n---\nkind: NetworkPolicy\n');
  });

  it('adds no separator to an empty text', () => {
    expect(documentAppend('  \n', policy)).toBe(policy);
  });
});
