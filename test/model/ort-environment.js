/**
 * Jest environment for tests that run onnxruntime-node.
 *
 * Jest gives each test file its own realm, so `Float32Array` inside the sandbox is not the Float32Array
 * the native binding allocates output tensors with; onnxruntime-common's `instanceof` check then throws
 * "A float32 tensor's data must be type of function Float32Array()". Sharing the outer realm's typed
 * array constructors with the sandbox fixes it. Use with the docblock
 *   @jest-environment ./test/model/ort-environment.js
 */
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'ArrayBuffer',
  'Uint8Array',
  'Int8Array',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class OrtEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = OrtEnvironment;
