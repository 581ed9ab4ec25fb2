// The SDK's notice that its 2027 releases need Node 22 would repeat in every test that makes a
// client; the pinned versions run on Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  // Tests start real servers (S3, HTTP); run suites one at a time on a 2-core machine.
  maxWorkers: 1,
};
