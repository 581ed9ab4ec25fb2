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

describe('LOCAL_FUNCTIONS: npm start runs the Slack worker in a serverless-offline process of its own', () => {
  // The plugin as the framework loads it: plain JS, given the service and the stage.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const LocalOnlySettings = require('../../src/dev/packaging/local-only-settings.js') as new (serverless: unknown) => { hooks: { initialize(): void } };
  const saved = process.env.LOCAL_FUNCTIONS;
  afterEach(() => (saved === undefined ? delete process.env.LOCAL_FUNCTIONS : (process.env.LOCAL_FUNCTIONS = saved)));

  function initialise(stage: string, localFunctions: string): string[] {
    process.env.LOCAL_FUNCTIONS = localFunctions;
    const functions: Record<string, object> = { lexFulfilment: {}, slackEvents: {}, slackWorker: {}, web: {} };
    const serverless = {
      service: { custom: { localOnlySettings: ['S3_ENDPOINT'] }, provider: { environment: {} }, functions },
      getProvider: () => ({ getStage: () => stage }),
      classes: { Error },
    };
    new LocalOnlySettings(serverless).hooks.initialize();
    return Object.keys(functions);
  }

  test('in the local stage only the functions named are kept', () => {
    expect(initialise('local', 'slackWorker')).toEqual(['slackWorker']);
    expect(initialise('local', 'lexFulfilment, slackEvents,web')).toEqual(['lexFulfilment', 'slackEvents', 'web']);
  });

  test('a name serverless.yml does not define is refused, naming it', () => {
    expect(() => initialise('local', 'slackWorker,slackWroker')).toThrow('LOCAL_FUNCTIONS names slackWroker, which serverless.yml does not define');
  });

  test('a deployed stage keeps every function whatever the shell holds', () => {
    expect(initialise('prod', 'slackWorker')).toEqual(['lexFulfilment', 'slackEvents', 'slackWorker', 'web']);
  });
});
