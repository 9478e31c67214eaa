/** Ends a `switch` over a tagged union so that a new kind cannot be forgotten. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
