/**
 * The engine's one entry to TensorFlow.js: tfjs-core with its gradients and chained tensor methods (x.add(y), x.reshape(...))
 * registered, typings included. Every model and training file imports `tf` from here so that they all share one
 * tfjs-core instance, which is the instance the backend picker registers backends into.
 */
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-core/dist/register_all_gradients';

export * from '@tensorflow/tfjs-core';
