/** Moved to src/shared/views/trainingLog.ts (the dashboard keeps one too); re-exported here for existing imports. */
export { MAX_LOG_LINES, TrainingLog } from '../../shared/views/trainingLog';
