/** dist/views/training.js: the training dashboard inside VS Code. */
import type { FromTrainingView } from '../../shared/views/trainingMessages';
import { vscodeHostApi } from '../hostApi';
import type { TrainingViewState } from '../training/dashboardApp';
import { mountTrainingView } from '../training/mount';

mountTrainingView(document.body, vscodeHostApi<FromTrainingView, TrainingViewState>(), window);
