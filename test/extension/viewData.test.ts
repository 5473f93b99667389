// ServiceViewData (what the review panels call) over the real worker handlers: in Restricted Mode the embedding
// map is computed without writing the engine's projection cache into the run folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { DatasetService } from '../../src/extension/core/datasetService';
import { ServiceViewData } from '../../src/extension/viewDataImpl';
import { writeInspectFixture } from '../engine/inspect/inspectFixture';
import { inProcessEngine, MemoryLog, MemoryState, settingsWith } from './helpers';

/** Every file under `dir`, relative. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

test('the embedding map in Restricted Mode writes nothing to the run folder (nor the dataset); trusted, the projection is cached', async (t) => {
  const fx = await writeInspectFixture();
  t.after(fx.cleanup);
  const engine = inProcessEngine();
  t.after(engine.stop);
  const log = new MemoryLog();
  const service = new DatasetService(engine, new MemoryState(), log, () => settingsWith({ neighbours: 3 }), async () => 'ana');
  const m = await service.open(fx.root);
  await service.setRun(m.root, fx.runDir);
  let trusted = false;
  const data = new ServiceViewData(service, engine, log, () => undefined, async () => 'ana', () => trusted);
  t.after(() => data.dispose());

  const runBefore = files(fx.runDir);
  const rootBefore = files(fx.root);
  const p = await data.projection('pca');
  assert.equal(p.ids.length, 12);
  assert.deepEqual(files(fx.runDir), runBefore, 'no projection cache in the run folder');
  assert.deepEqual(files(fx.root), rootBefore);

  trusted = true;
  await data.projection('pca');
  assert.deepEqual(files(fx.runDir).filter((f) => !runBefore.includes(f)).map((f) => f.replace(/-[0-9a-f]+\.json$/, '')), ['projection-pca']);
});
