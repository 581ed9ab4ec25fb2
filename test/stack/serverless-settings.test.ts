/**
 * The tunables a person gives `npm start` (or the deploy) reach the functions: serverless-offline
 * and Lambda pass only what serverless.yml declares, so each is declared there, blank when unset
 * (blank means the code's default).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const yml = readFileSync(join(__dirname, '..', '..', 'serverless.yml'), 'utf8');
const TUNABLES = ['LOG_LEVEL', 'IMAGE_MAX_BYTES', 'IMAGE_MAX_PIXELS', 'IMAGE_FETCH_TIMEOUT_MS', 'MODEL_LOAD_TIMEOUT_MS', 'SDK_CONNECT_TIMEOUT_MS', 'SDK_REQUEST_TIMEOUT_MS'];

test.each(TUNABLES)('%s is passed from the environment to every function', (name) => {
  const provider = yml.slice(yml.indexOf('\nprovider:'), yml.indexOf('\npackage:'));
  expect(provider).toMatch(new RegExp(`^ {4}${name}: \\$\\{env:${name}, ''\\}$`, 'm'));
});

test('serverless-offline runs the handlers inside its own process: one handler instance (one model) per function', () => {
  expect(yml).toMatch(/^ {4}useInProcess: true$/m);
});
