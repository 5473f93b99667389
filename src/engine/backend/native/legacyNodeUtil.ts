/**
 * tfjs-node 4.22 (its kernel backend, saved-model and file-system code) calls `util.isNullOrUndefined` and
 * `util.isArray`. Node 23 removed the first (the second is deprecated), and the extension host can run on such a Node
 * (code-server 4.139 needs Node 24): there the package loads but its backend fails to start with
 * "util_1.isNullOrUndefined is not a function". Put them back, with their old meaning, before the package is loaded;
 * nothing else is touched.
 */
import type * as nodeUtil from 'node:util';

export function restoreLegacyUtil(): void {
  // The module object itself (the one `require('util')` returns), not the namespace copy of an ES import.
  const util = require('node:util') as typeof nodeUtil & Record<string, unknown>;
  if (typeof util.isNullOrUndefined !== 'function') util.isNullOrUndefined = (value: unknown) => value === null || value === undefined;
  if (typeof util.isArray !== 'function') util.isArray = Array.isArray;
}
