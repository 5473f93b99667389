/** Where a dataset's feature cache lives unless the user says otherwise: beside its label sidecar. */
import { joinPath } from '../datasets/paths';

export function defaultCacheDir(datasetRoot: string): string {
  return joinPath(datasetRoot, '.ser', 'features');
}
