/**
 * The review panels' entry points, for the extension's commands (see viewData.ts for what they need):
 *
 *   UtteranceView.show(context, data, id, column?, opts?)  one utterance: waveform/dialog, label, votes, predictions, neighbours
 *                                                          (opts.preserveFocus: the focus stays in the tree the keys work in)
 *   EmbeddingMapView.show(context, data, method?)          the run's 2-D map, box/lasso selection, bulk relabel
 *   SuspectsView.show(context, data)                       ranked suspects, keyboard review
 *   PairReviewView.show(context, data)                     mislabelled-pair review with A/B playback
 *   TrainingDashboard.show(context, data, run)             live curves; then .post(event), .finish(result), .fail(message, cancelled)
 *   registerWavEditor(context, data?)                      the read-only .wav custom editor (viewType "ser.wavPreview")
 *   registerViewSerializers(context, data)                 restores open panels after a window reload
 */
export type { AudioRef, DialogInfo, Dismissal, LabelsChanged, ProjectionData, TrainingRunInfo, ViewData } from './viewData';
export type { RunResult } from '../../shared/views/trainingMessages';
export { UtteranceView } from './utteranceView';
export { EmbeddingMapView } from './embeddingMapView';
export { SuspectsView } from './suspectsView';
export { PairReviewView } from './pairReviewView';
export { TrainingDashboard } from './trainingDashboard';
export { registerWavEditor, WAV_EDITOR_VIEW_TYPE } from './wavEditor';
export { registerViewSerializers } from './serializers';
