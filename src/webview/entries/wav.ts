/** dist/views/wav.js: the read-only .wav editor inside VS Code. */
import type { FromWavView } from '../../shared/views/wavMessages';
import { vscodeHostApi } from '../hostApi';
import type { WavViewState } from '../wav/wavApp';
import { mountWavView } from '../wav/mount';

mountWavView(document.body, vscodeHostApi<FromWavView, WavViewState>(), window);
