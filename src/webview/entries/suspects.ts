/** dist/views/suspects.js: the suspects list inside VS Code. */
import type { FromSuspectsView, SuspectsViewState } from '../../shared/views/suspectsMessages';
import { vscodeHostApi } from '../hostApi';
import { mountSuspectsView } from '../suspects/mount';

mountSuspectsView(document.body, vscodeHostApi<FromSuspectsView, SuspectsViewState>(), window);
