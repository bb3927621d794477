import { type Command, InvalidArgumentError, Option } from 'commander';
import { exposureWarning } from '../../emulator/loopback.js';
import { EmulatorOptionError, type EmulatorOptions } from '../../emulator/options.js';
import { startEmulator } from '../../emulator/start-emulator.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';

/** The flags map one to one onto the emulator's options (all but the clock), `--redirect-uri` repeated. */
type EmulatorFlags = Omit<EmulatorOptions, 'clock' | 'redirectUris'> & { redirectUri?: string[] };

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Parses a numeric flag; the message names the flag and shows a valid value. */
const number =
  (flag: string, example: string) =>
  (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) {
      throw new InvalidArgumentError(`${flag} expects a number, got '${value}' (e.g. ${flag} ${example}).`);
    }
    return n;
  };

/**
 * `csm emulator`: runs the offline SP-API emulator until SIGINT/SIGTERM. The only stdout line is
 * `csm-emulator listening on http://HOST:PORT`, so scripts can wait for it; anything else goes to stderr.
 */
export function registerEmulatorCommand(program: Command, context: CliContext): void {
  program
    .command('emulator')
    .description('run the offline SP-API emulator (LWA and SP-API on one loopback URL; see docs/emulator.md)')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', number('--port', '8080'), 0)
    .option('--seed <n>', 'seed for secrets, orders and fault dice', number('--seed', '42'), 1)
    .option('--sellers <n>', 'number of sellers', number('--sellers', '3'), 2)
    .option('--orders <n>', 'orders generated per seller', number('--orders', '500'), 500)
    .option('--days <n>', 'days of order history', number('--days', '30'), 30)
    .option('--rate-scale <x>', "multiply Amazon's rates by x", number('--rate-scale', '10'), 1)
    .option('--no-rate-limits', 'turn rate limiting off')
    .addOption(
      new Option('--mode <mode>', 'dynamic or static (Amazon sandbox answers)')
        .choices(['dynamic', 'static'])
        .default('dynamic'),
    )
    .option('--faults <spec>', "fault SPEC, e.g. '429=0.1,5xx=0.05;searchOrders:latency=20-80'", '')
    .option(
      '--activity <per-minute>',
      'order changes per minute: new orders and status steps, as buyers and Amazon make them (0: none)',
      number('--activity', '6'),
      0,
    )
    // Accounts setup (docs/emulator.md, "Accounts setup").
    .option('--draft-app', 'the app is a Draft: consent needs version=beta (MD1000)', false)
    .option('--redirect-uri <uri>', "a registered OAuth redirect URI, repeatable ('*' port: any)", collect)
    .option('--regional-endpoints', 'also listen on one port per region (na, eu, fe), region-checked', false)
    .option('--expose-controls', 'let non-loopback clients use the /_emulator controls (credentials!)', false)
    .action(async (flags: EmulatorFlags) => {
      const { redirectUri, ...rest } = flags;
      const options: Partial<EmulatorOptions> = {
        ...rest,
        ...(redirectUri ? { redirectUris: redirectUri } : {}),
      };
      // Listen before the listening line: a parent may signal the moment it reads that line.
      const stop = context.waitForStop();
      let emulator: Awaited<ReturnType<typeof startEmulator>>;
      try {
        emulator = await startEmulator(options);
      } catch (error) {
        stop.dispose();
        if (error instanceof EmulatorOptionError) throw new CliError(error.message);
        throw error;
      }
      if (emulator.endpoints) {
        // The value CSM_REGION_ENDPOINTS takes; stdout keeps its single line.
        const list = Object.entries(emulator.endpoints).map(([region, url]) => `${region}=${url}`);
        context.stderr.write(`csm-emulator: regional endpoints ${list.join(',')}\n`);
      }
      try {
        const warning = exposureWarning(flags.host, flags.exposeControls);
        if (warning) context.stderr.write(`${warning}\n`);
        context.stdout.write(`csm-emulator listening on ${emulator.url}\n`);
        // A listening line nobody can read is a failed start, not a server running unseen.
        await context.stdout.flush();
        const signal = await stop.stopped;
        context.stderr.write(`csm-emulator: ${signal}, closing\n`);
      } finally {
        stop.dispose();
        await emulator.close().catch((error: unknown) => {
          throw new CliError(`the emulator failed to close: ${String(error)}`, ExitCode.failed);
        });
      }
    });
}
