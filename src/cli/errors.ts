/** A problem the user can fix (bad flag, unreadable file): printed without a stack trace. */
export class CliError extends Error {}
