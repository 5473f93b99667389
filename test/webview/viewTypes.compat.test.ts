// The views' plain types accept the engine's objects as they are, so the extension passes them through unchanged.
// Checked by the type checker (`npm run typecheck` covers test/); the runtime test only keeps the file in the run.
import { test } from 'node:test';
import type { Suspect, SuspectList } from '../../src/engine/inspect/suspects';
import type { LabelPair, PairList } from '../../src/engine/inspect/mislabeledPairs';
import type { NeighbourInfo } from '../../src/engine/inspect/inspectionSession';
import type { EvaluatorVote, DimensionalVote } from '../../src/engine/datasets/utterance';
import type { EvaluatorVoteInfo, DimensionalVoteInfo, NeighbourItem, PairItem, PairListData, SuspectItem, SuspectListData } from '../../src/shared/views/viewTypes';

type Assignable<From, To> = [From] extends [To] ? true : never;
const checks: [
  Assignable<Suspect, SuspectItem>,
  Assignable<SuspectList, SuspectListData>,
  Assignable<LabelPair, PairItem>,
  Assignable<PairList, PairListData>,
  Assignable<NeighbourInfo, NeighbourItem>,
  Assignable<EvaluatorVote, EvaluatorVoteInfo>,
  Assignable<DimensionalVote, DimensionalVoteInfo>,
] = [true, true, true, true, true, true, true];

test('engine inspection results fit the view types', () => {
  void checks;
});
