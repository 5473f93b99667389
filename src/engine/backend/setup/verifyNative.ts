/**
 * The native setup's verifier, run in a child process (bundled as dist/verifyNative.js; see verifyEngine.ts).
 * argv: packageDir, root (the folder whose tfjs requests get the engine's modules). Prints one JSON line.
 */
import { verifyEngine, type VerifyResult } from './verifyEngine';

const out = (r: VerifyResult) => process.stdout.write(`${JSON.stringify(r)}\n`);
const [packageDir, root] = process.argv.slice(2);

verifyEngine(packageDir, root).then(out, (err: unknown) => {
  out({ ok: false, error: String((err instanceof Error && err.stack) || err) });
  process.exitCode = 1;
});
