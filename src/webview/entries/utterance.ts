/** dist/views/utterance.js: the utterance view inside VS Code. */
import type { FromUtteranceView, UtteranceViewState } from '../../shared/views/utteranceMessages';
import { vscodeHostApi } from '../hostApi';
import { mountUtteranceView } from '../utterance/mount';

mountUtteranceView(document.body, vscodeHostApi<FromUtteranceView, UtteranceViewState>(), window);
