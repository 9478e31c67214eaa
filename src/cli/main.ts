import { parseArgs } from 'node:util';
import { CliError } from './errors';
import { traceCommand } from './trace-command';

const USAGE = `usage:
  kpp trace --manifests FILE --from NS/POD[/CONTAINER] --to NS/POD:PORT[/PROTO] [--json]

  trace   follow one connection hop by hop, and its reply
          --json prints the trace (verdict, hops[], reply[]) as JSON`;

function run(argv: readonly string[]): string {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return USAGE;
  if (command !== 'trace') throw new CliError(`unknown command "${command}"\n\n${USAGE}`);
  let values;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        manifests: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { manifests, from, to, json } = values;
  const missing = [manifests === undefined && '--manifests', from === undefined && '--from', to === undefined && '--to'].filter(Boolean);
  if (manifests === undefined || from === undefined || to === undefined) {
    throw new CliError(`trace needs ${missing.join(', ')}\n\n${USAGE}`);
  }
  return traceCommand({ manifests, from, to, json: json === true });
}

try {
  process.stdout.write(`${run(process.argv.slice(2))}\n`);
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
