/** dist/views/map.js: the embedding map inside VS Code. */
import type { FromMapView, MapViewState } from '../../shared/views/mapMessages';
import { vscodeHostApi } from '../hostApi';
import { mountMapView } from '../map/mount';

mountMapView(document.body, vscodeHostApi<FromMapView, MapViewState>(), window);
