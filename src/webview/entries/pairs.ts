/** dist/views/pairs.js: the pair review inside VS Code. */
import type { FromPairView, PairViewState } from '../../shared/views/pairMessages';
import { vscodeHostApi } from '../hostApi';
import { mountPairView } from '../pairs/mount';

mountPairView(document.body, vscodeHostApi<FromPairView, PairViewState>(), window);
