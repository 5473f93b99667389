/**
 * Imported first by extension.ts, so this runs before any other module of the bundle: the activation time the log
 * reports includes loading the extension's code, not only activate().
 */
export const bundleLoadStarted = performance.now();
