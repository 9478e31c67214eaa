import { parseArgs } from 'node:util';
import { CliError } from './errors';
import { checkCommand } from './check-command';
import { traceCommand } from './trace-command';

const USAGE = `usage:
  kpp trace --manifests FILE_OR_DIR --from NS/POD[/CONTAINER] --to NS/POD:PORT[/PROTO] [--json]
  kpp check --manifests FILE_OR_DIR

  trace   follow one connection hop by hop, and its reply
          --json prints the trace (verdict, hops[], reply[]) as JSON
  check   list every problem in the manifests (file:line:column) and what the model holds;
          exits 1 when there are errors`;

interface Outcome {
  readonly output: string;
  readonly exitCode: number;
}

function run(argv: readonly string[]): Outcome {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { output: USAGE, exitCode: 0 };
  if (command === 'check') {
    const { manifests } = options(rest, {});
    if (manifests === undefined) throw new CliError(`check needs --manifests\n\n${USAGE}`);
    const result = checkCommand({ manifests });
    return { output: result.output, exitCode: result.errors > 0 ? 1 : 0 };
  }
  if (command !== 'trace') throw new CliError(`unknown command "${command}"\n\n${USAGE}`);
  const { manifests, from, to, json } = options(rest, { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean', default: false } });
  const missing = [manifests === undefined && '--manifests', from === undefined && '--from', to === undefined && '--to'].filter(Boolean);
  if (manifests === undefined || typeof from !== 'string' || typeof to !== 'string') {
    throw new CliError(`trace needs ${missing.join(', ')}\n\n${USAGE}`);
  }
  return { output: traceCommand({ manifests, from, to, json: json === true }), exitCode: 0 };
}

type OptionSpec = Record<string, { type: 'string' } | { type: 'boolean'; default: boolean }>;

/** Parses `--name value` flags; `--manifests` is common to every command. */
function options(args: readonly string[], spec: OptionSpec): Record<string, string | boolean | undefined> & { manifests?: string } {
  try {
    const { values } = parseArgs({ args: [...args], options: { manifests: { type: 'string' }, ...spec }, strict: true });
    return values as Record<string, string | boolean | undefined> & { manifests?: string };
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

try {
  const outcome = run(process.argv.slice(2));
  process.stdout.write(`${outcome.output}\n`);
  process.exitCode = outcome.exitCode;
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
