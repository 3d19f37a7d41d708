/**
 * The built command: `hotspot-atlas analyse …` (bundled ahead of time into
 * dist-cli/hotspot-atlas.mjs by scripts/build-cli.mjs; `npm run -s analyse` is an alias).
 * Help and the version answer without loading the engine, which is imported only to analyse.
 */
import { CUBES_USAGE, TOP_USAGE, USAGE, VERSION } from './usage.ts';

// The worker threads' script is built beside this entry (parallel.ts reads this).
(globalThis as { __HOTSPOT_INGEST_WORKER__?: string }).__HOTSPOT_INGEST_WORKER__ = new URL(
  './ingest-worker.mjs',
  import.meta.url,
).href;

async function run(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(TOP_USAGE);
    return first === undefined ? 1 : 0;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (first === 'cubes') {
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(CUBES_USAGE);
      return 0;
    }
    const { cubes } = await import('./cubes.ts');
    return cubes(rest);
  }
  // `hotspot-atlas analyse …`; flags straight after the command name are an analysis too.
  const args = first === 'analyse' || first === 'analyze' ? rest : first.startsWith('--') ? argv : null;
  if (!args) {
    process.stderr.write(`hotspot-atlas: unknown command "${first}" (commands: analyse, cubes; see --help)\n`);
    return 1;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const { main } = await import('./analyse.ts');
  return main(args);
}

void run(process.argv.slice(2)).then((code) => (process.exitCode = code));
