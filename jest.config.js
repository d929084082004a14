/** @type {import('jest').Config} */
module.exports = {
  // onnxruntime-node checks typed arrays against the outer realm; this environment shares them (see the file).
  testEnvironment: '<rootDir>/test/model/ort-environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
    // jose 6 ships only ES modules: Node loads it with require(esm), jest's module system needs it as CommonJS.
    '^.+/node_modules/jose/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, diagnostics: false },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testTimeout: 30000,
};
