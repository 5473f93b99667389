/**
 * `ser`: the engine on the command line. Same engine as the extension's worker; runs headless in CI.
 *   ser scan <dir> [--format F] [--classes MAP] [--subset S] [--json]
 *   ser features <dir> [--cache DIR] [--workers N] [--kind logmel|mfcc] [--mels N]
 *   ser demo [--out DIR]
 *   ser labels <dir> set|undo|redo|list|export ...
 *   ser train <dir> --out RUN | ser eval <dir> [--grid] | ser predict <run> <wav...>
 *   ser suspects|pairs|neighbors|project <dir> --run RUN ...
 *   ser setup-backend [--gpu] [--wheel F] [--libtensorflow F] [--dir D] [--force] [--check]
 */
import { NodeFileSystem } from '../engine/io/nodeFileSystem';
import { SerError } from '../engine/errors';
import { UsageError, type CliContext, type ExitCode } from './cliContext';
import { scanCommand } from './scanCommand';
import { featuresCommand } from './featuresCommand';
import { demoCommand } from './demoCommand';
import { labelsCommand } from './labelsCommand';
import { trainCommand } from './trainCommand';
import { evalCommand } from './evalCommand';
import { predictCommand } from './predictCommand';
import { setupBackendCommand, SETUP_BACKEND_USAGE } from './setupBackendCommand';
import { suspectsCommand } from './suspectsCommand';
import { pairsCommand } from './pairsCommand';
import { neighborsCommand } from './neighborsCommand';
import { projectCommand } from './projectCommand';

declare const SER_VERSION: string | undefined;

export const USAGE = `usage: ser <command> [options]

commands:
  scan <dir>      list a dataset: format, usable utterances per class, speakers, sessions, hours, file errors
                  --format auto|iemocap|emodb|ravdess|cremad|manifest|folders   (default auto)
                  --classes MAP   e.g. "ang,hap+exc,neu,sad" (default), "5class", "happy=hap+exc,sad"
                  --subset all|improvised|scripted   (IEMOCAP dialogs)
                  --json          one JSON object on stdout
  features <dir>  extract log-mel (or MFCC) features into the cache, in parallel worker threads
                  --cache DIR (default <dir>/.ser/features)  --workers N  --kind logmel|mfcc  --mels N
                  --format F  --classes MAP  --subset S  (as for scan)
  demo            write the synthetic demo corpus (IEMOCAP layout) and run scan + features on it
                  --out DIR (default ./demo)
  labels <dir>    label corrections kept in <dir>/.ser/labels.jsonl (the corpus is never touched)
                  set <utt> <label> [--who NAME] [--note TEXT] | undo | redo | list | export --out FILE.csv|.json
  suspects <dir>  utterances ranked by how likely their label is wrong (model + neighbourhood), with a suggested label
                  --run RUN (required)  --top K (20)  --rank-by combined|self-confidence|margin  --json
                  --scope fold|all (neighbours within each fold's model, default)  --neighbours K (10)
                  --dismiss UTT --who NAME [--note T] | --retract VERDICT --who NAME   ("not an issue": <dir>/.ser/verdicts.jsonl)
  pairs <dir>     close utterances with different labels (which side is likely wrong) and classes split in two
                  --run RUN  --top K (20)  --min-similarity S  --dismiss A,B --who NAME  --json
  neighbors <dir> <utterance>   its evidence and nearest utterances   --run RUN  -k N (10)  --json
  project <dir>   2-D map of the run's embeddings with labels and suspicion
                  --run RUN  --method pca|umap  --out FILE.json|FILE.csv  [--fold N] [--epochs N] [--seed N]

  train <dir>     train one model on the dataset (validation speakers held out for early stopping)
                  --out RUNDIR  --config FILE.json  --backend auto|node-gpu|node|wasm|cpu  --cache DIR  -v
  eval <dir>      speaker-independent evaluation; --grid runs the paper's CE-only vs contrastive variants table
                  --protocol loso-session|loso-speaker|random  --out RUNDIR  --config FILE  --backend B
                  --jobs N (folds in parallel processes)  --grid  --json  -v
  predict <runDir> <wav...>   class probabilities and embedding of each file   --json  --same-speaker
${SETUP_BACKEND_USAGE}

exit codes: 0 done (per-file problems are listed, not fatal), 1 failed, 2 usage error or not a dataset`;

type Command = (ctx: CliContext, args: string[]) => Promise<ExitCode>;

/** The lines of USAGE that describe one command: its own line and the indented option lines under it. */
export function commandUsage(name: string): string {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`  ${name} `));
  if (start < 0) return USAGE;
  let end = start + 1;
  while (end < lines.length && /^ {3,}\S/.test(lines[end])) end++;
  return `usage: ser ${name} [options]\n\n${lines.slice(start, end).join('\n')}`;
}

const COMMANDS: Record<string, Command> = {
  scan: scanCommand,
  features: featuresCommand,
  demo: demoCommand,
  labels: labelsCommand,
  train: trainCommand,
  eval: evalCommand,
  predict: predictCommand,
  'setup-backend': setupBackendCommand,
  suspects: suspectsCommand,
  pairs: pairsCommand,
  neighbors: neighborsCommand,
  project: projectCommand,
};

export async function runCli(argv: string[], ctx: CliContext): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    ctx.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    ctx.stdout.write(`${typeof SER_VERSION === 'string' ? SER_VERSION : 'dev'}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    ctx.stderr.write(`ser: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  // `ser eval --help` is what people type first; it gets that command's lines, not an unknown-option error.
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.stdout.write(`${commandUsage(name)}\n`);
    return 0;
  }
  try {
    return await command(ctx, rest);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
      ctx.stderr.write(`ser ${name}: ${(err as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof SerError) {
      ctx.stderr.write(`ser ${name}: ${err.message}\n`);
      return err.code === 'not-a-dataset' || err.code === 'usage' ? 2 : 1;
    }
    ctx.stderr.write(`ser ${name}: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  }
}

async function main(): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await runCli(process.argv.slice(2), {
    fs: new NodeFileSystem(),
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    signal: controller.signal,
    distDir: __dirname,
  });
  process.exitCode = code;
}

if (require.main === module) void main();
