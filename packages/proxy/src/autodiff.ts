/**
 * Registers TF.js's gradient functions, so tf.grad / tf.grads / tf.customGrad with a surrounding tape
 * work. tfjs-core's Node bundle ships without them (they are registered by the `@tensorflow/tfjs`
 * union package, which actsearch does not depend on), and its ES-module copy in `dist/` uses
 * extension-less imports that Node cannot resolve. A small resolve hook adds the `.js`; the gradients
 * then register into the same global registry the Node bundle uses. Loading takes ~1 s, once per
 * process. Training never needs this (it has a hand-written backward pass); tests and users who put a
 * compiled activation into their own tape-based model do.
 */
import { register } from 'node:module';

const HOOK = `
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('.') && !specifier.endsWith('.js') && context.parentURL && context.parentURL.includes('/@tensorflow/tfjs-core/dist/')) {
    try { return await next(specifier + '.js', context); } catch { return next(specifier + '/index.js', context); }
  }
  return next(specifier, context);
}`;

let loading: Promise<void> | undefined;

export function enableAutodiff(): Promise<void> {
  loading ??= (async () => {
    register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
    await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  })();
  return loading;
}
