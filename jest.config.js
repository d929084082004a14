/** @type {import('jest').Config} */
module.exports = {
  // onnxruntime-node checks typed arrays against the outer realm; this environment shares them (see the file).
  testEnvironment: '<rootDir>/test/model/ort-environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  testTimeout: 30000,
};
