/** Ends every switch over a tagged union, so a new kind cannot be forgotten. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
