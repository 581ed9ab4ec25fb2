/**
 * What `serverless package` would deploy, checked as deployed: each function's zip (size, bundle,
 * tfjs wasm files, sharp's native binary), the CloudFormation template (offline validation and the
 * security properties that matter), and each zip unzipped and run from its own folder against
 * local S3 — proof that the artifacts work, not only the source tree.
 *
 * Packaged once for a deployed stage, from a shell that still holds the local stack's settings
 * and Slack secrets: none of them may reach the template or the zips.
 */
import { readFile } from 'node:fs/promises';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { validateTemplate } from '../../src/dev/cloudformation/validate-template';
import { createIdempotencyTable, startLocalDynamoDb, type LocalDynamoDb } from '../../src/dev/local-dynamodb';
import { discardLocalS3, startLocalS3, type LocalS3 } from '../../src/dev/local-s3';
import { startSlackSimulator, type SlackSimulator } from '../../src/dev/slack-simulator/simulator';
import { ImageError } from '../../src/inference/errors';
import type { TestServer } from '../intake/helpers';
import { startLambdaInvokeApi, type LambdaInvokeApi } from '../helpers/lambda-invoke-api';
import { publishDefaultModel } from '../helpers/model';
import { testImage } from '../helpers/paths';
import { startPhotoHost } from '../helpers/photo-host';
import { startSsmStandIn, type SsmStandIn } from '../helpers/ssm-stand-in';
import { serveOverApiGateway, type Bridge } from '../slack/helpers/api-gateway-bridge';
import { packageService, type PackagedService } from './package-service';
import { allStrings, functionDefinition, properties, resource, resourcesOfType, roleGrants, type FunctionDefinition, type Grant, type Template } from './template';
import { lambdaEnvironment, startUnzippedFunction, type UnzippedFunction } from './unzipped-function';
import { unzipInto, zipEntries } from './zip-archive';

const STAGE = 'prod';
/** DESIGN.md: each function's deployment zip, sharp included, at most 40 MB with the scene's models' code (tesseract). */
const MAX_ZIP_BYTES = 40_000_000;
const MODEL_BUCKET = 'whatsthat-models-packaged-test';
const IDEMPOTENCY_TABLE = 'whatsthat-idempotency-packaged-test';
const UPLOADS_BUCKET = 'whatsthat-uploads-packaged-test';
const SIGNING_SECRET = 'packaged-test-signing-secret';
const BOT_TOKEN = 'xoxb-packaged-test-token';
/**
 * What a shell that ran the local stack holds (README: npm start), with values found nowhere
 * else: the settings that exist only in the local stage, and the Slack secrets in plain text.
 */
const LOCAL_SHELL: Record<string, string> = {
  IMAGE_FETCH_ALLOW_HOSTS: '127.0.0.1,127.0.0.9:4931',
  S3_ENDPOINT: 'http://127.0.0.9:4932',
  SLACK_API_URL: 'http://127.0.0.9:4933/api/',
  DYNAMODB_ENDPOINT: 'http://127.0.0.9:4934',
  LAMBDA_ENDPOINT: 'http://127.0.0.9:4935',
  SLACK_SIGNING_SECRET: 'shell-signing-secret-5c1f0e',
  SLACK_BOT_TOKEN: 'xoxb-shell-bot-token-7d2a9b',
};
/** serverless.yml custom.localOnlySettings */
const LOCAL_ONLY_SETTINGS = Object.keys(LOCAL_SHELL);
/**
 * A shell that still holds the deploy steps' exports, or a local stack's resource names: a
 * deployed stage must use its own resources (serverless.yml custom.stackOwnSettings) instead.
 */
const OTHER_RESOURCES_SHELL: Record<string, string> = {
  MODEL_BUCKET: 'shell-model-bucket-91c3',
  IDEMPOTENCY_TABLE: 'shell-idempotency-table-52ae',
  UPLOADS_BUCKET: 'shell-uploads-bucket-7f04',
  LEX_BOT_ID: 'SHELLBOT7Q',
  LEX_BOT_ALIAS_ID: 'SHELLALIAS',
};
const PARAMETERS = { signingSecret: `/whatsthat/${STAGE}/slack-signing-secret`, botToken: `/whatsthat/${STAGE}/slack-bot-token` };
const parameterArn = (name: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${name}` });

const FUNCTIONS = [
  { key: 'lexFulfilment', logicalId: 'LexFulfilmentLambdaFunction', roleId: 'LexFulfilmentRole', otherChannel: 'src/slack/' },
  { key: 'slackEvents', logicalId: 'SlackEventsLambdaFunction', roleId: 'SlackEventsRole', otherChannel: 'src/lex/' },
  { key: 'web', logicalId: 'WebLambdaFunction', roleId: 'WebRole', otherChannel: 'src/slack/' },
  { key: 'slackWorker', logicalId: 'SlackWorkerLambdaFunction', roleId: 'SlackWorkerRole', otherChannel: 'src/lex/' },
] as const;
/** The functions that load the model: TF.js wasm files and sharp in their zips. The Slack receiver does not. */
const MODEL_FUNCTIONS = FUNCTIONS.filter((f) => f.key !== 'slackEvents');
/** TF.js, sharp and our model and intake code, as module paths. */
const MODEL_CODE = /@tensorflow|sharp|src\/inference\/(model|intake)\//;

/** Lambda architecture → the platform suffix of sharp's native packages. */
const SHARP_PLATFORM: Record<string, string> = { x86_64: 'linux-x64', arm64: 'linux-arm64' };
/** sharp's native addon inside the zip, e.g. node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64-0.35.5.node */
const sharpBinary = (platform: string): RegExp => new RegExp(`^node_modules/@img/sharp-${platform}/lib/sharp-${platform}-[\\d.]+\\.node$`);
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];
/** The model objects, and nothing else in the bucket. */
const MODEL_OBJECTS = { 'Fn::Sub': '${ModelBucket.Arn}/models/*' };
/** The chat page's uploads, and nothing else in that bucket. */
const UPLOADED_OBJECTS = { 'Fn::Sub': '${UploadsBucket.Arn}/uploads/*' };
/** Wire-formats §1.3's link, replaced by a photo served here. */
const RECORDED_IMAGE_URL = 'https://images.example.org/pets/dog.jpg';

let pkg: PackagedService;
let template: Template;
/** Figures for the closing note, printed once at the end. */
const report: string[] = [];

beforeAll(async () => {
  pkg = await packageService(STAGE, { ...LOCAL_SHELL, ...OTHER_RESOURCES_SHELL });
  template = pkg.template;
}, 300_000);

afterAll(() => {
  if (report.length > 0) console.log(`packaged artifacts (stage ${STAGE}):\n  ${report.join('\n  ')}`);
  pkg?.remove();
});

const bundleOf = (fn: FunctionDefinition): string => `${fn.handler.slice(0, fn.handler.lastIndexOf('.'))}.js`;
const folderOf = (file: string): string => file.slice(0, file.lastIndexOf('/') + 1);

describe.each(FUNCTIONS)('$key.zip', ({ key, logicalId, otherChannel }) => {
  let entries: string[];
  let fn: FunctionDefinition;

  beforeAll(async () => {
    entries = await zipEntries(pkg.zipPath(key));
    fn = functionDefinition(template, logicalId);
  });

  test('is at most 40 MB', () => {
    const bytes = statSync(pkg.zipPath(key)).size;
    report.push(`${key}.zip: ${bytes} bytes (${(bytes / 1e6).toFixed(2)} MB, ${(bytes / 2 ** 20).toFixed(2)} MiB)`);
    expect(bytes).toBeLessThanOrEqual(MAX_ZIP_BYTES);
  });

  test("holds nothing but its own channel's bundle folder and node_modules", () => {
    const bundleFolder = folderOf(bundleOf(fn));
    expect(entries.filter((e) => !e.startsWith(bundleFolder) && !e.startsWith('node_modules/'))).toEqual([]);
    expect(entries.filter((e) => e.startsWith(otherChannel))).toEqual([]);
  });
});

describe.each(MODEL_FUNCTIONS)('$key.zip (loads the model)', ({ key, logicalId }) => {
  let entries: string[];
  let fn: FunctionDefinition;

  beforeAll(async () => {
    entries = await zipEntries(pkg.zipPath(key));
    fn = functionDefinition(template, logicalId);
  });

  test("holds the bundle the template's Handler names, with both tfjs wasm files beside it", () => {
    const bundle = bundleOf(fn);
    expect(entries).toContain(bundle);
    for (const wasm of WASM_FILES) expect(entries).toContain(`${folderOf(bundle)}${wasm}`);
  });

  test("holds sharp with the native binary and libvips of the template's architecture, and no other platform's", () => {
    const platform = SHARP_PLATFORM[fn.architectures[0]];
    expect(platform).toBeDefined();
    expect(entries).toContain('node_modules/sharp/package.json');
    expect(entries).toEqual(expect.arrayContaining([expect.stringMatching(sharpBinary(platform))]));
    expect(entries).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^node_modules/@img/sharp-libvips-${platform}/lib/libvips-cpp\\.so\\.[\\d.]+$`))]));
    const platformPackages = new Set(entries.map((e) => /^node_modules\/@img\/sharp-(?:libvips-)?([a-z0-9-]+?)\//.exec(e)?.[1]).filter((p) => p !== undefined));
    expect([...platformPackages]).toEqual([platform]);
  });

  test('holds tesseract.js (installed, for its worker thread) and the three engine builds its Node worker loads, nothing more of tesseract.js-core', () => {
    expect(entries).toContain('node_modules/tesseract.js/src/worker-script/node/index.js');
    const core = entries.filter((e) => /^node_modules\/tesseract\.js-core\/.*\.(js|wasm)$/.test(e) && !e.endsWith('index.js')).sort();
    expect(core).toEqual(['relaxedsimd', 'simd', ''].flatMap((v) => [`tesseract-core${v ? `-${v}` : ''}.js`, `tesseract-core${v ? `-${v}` : ''}.wasm`]).map((f) => `node_modules/tesseract.js-core/${f}`).sort());
  });
});

test('slackEvents.zip (the receiver) holds its bundle and no sharp, no tfjs wasm: a fraction of the worker', async () => {
  const entries = await zipEntries(pkg.zipPath('slackEvents'));
  expect(entries).toContain(bundleOf(functionDefinition(template, 'SlackEventsLambdaFunction')));
  expect(entries.filter((e) => e.includes('sharp') || e.endsWith('.wasm'))).toEqual([]);
  expect(statSync(pkg.zipPath('slackEvents')).size).toBeLessThan(statSync(pkg.zipPath('slackWorker')).size / 4);
});

describe('the packaged CloudFormation template', () => {
  test('passes the offline validator', async () => {
    expect(await validateTemplate(template)).toEqual([]);
  });

  test('model bucket: versioned, encrypted, all public access blocked, no bucket policy', () => {
    const bucket = properties(template, 'ModelBucket');
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const rules = (bucket.BucketEncryption as { ServerSideEncryptionConfiguration: Array<{ ServerSideEncryptionByDefault?: { SSEAlgorithm?: string } }> })
      .ServerSideEncryptionConfiguration;
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(['AES256', 'aws:kms', 'aws:kms:dsse']).toContain(rule.ServerSideEncryptionByDefault?.SSEAlgorithm);
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    const policies = resourcesOfType(template, 'AWS::S3::BucketPolicy').filter(([, r]) => JSON.stringify(r.Properties?.Bucket) === '{"Ref":"ModelBucket"}');
    expect(policies).toEqual([]);
  });

  test("idempotency table: string key `id`, TTL on `expiration` (the idempotency library's attribute)", () => {
    const table = properties(template, 'IdempotencyTable');
    expect(table.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(table.AttributeDefinitions).toEqual([{ AttributeName: 'id', AttributeType: 'S' }]);
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: 'expiration', Enabled: true });
  });

  test.each(FUNCTIONS)('$key runs nodejs22.x on one architecture, with its own role', ({ logicalId, roleId }) => {
    const fn = functionDefinition(template, logicalId);
    expect(fn.runtime).toBe('nodejs22.x');
    expect(fn.architectures).toHaveLength(1);
    expect(fn.roleLogicalId).toBe(roleId);
    const role = properties(template, roleId);
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.AssumeRolePolicyDocument).toMatchObject({ Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  });

  test('LexFulfilmentRole: writes its own logs, reads the model objects and the chat page\'s uploads, nothing else', () => {
    const fn = functionDefinition(template, 'LexFulfilmentLambdaFunction');
    const grants = byService(roleGrants(template, 'LexFulfilmentRole'));
    expect(Object.keys(grants).sort()).toEqual(['logs', 's3']);
    expectOwnLogsOnly(grants.logs, fn);
    expect(grants.s3).toEqual([
      { effect: 'Allow', action: 's3:GetObject', resource: MODEL_OBJECTS },
      { effect: 'Allow', action: 's3:GetObject', resource: UPLOADED_OBJECTS },
    ]);
    // The only bucket an s3:// reference from a Lex attribute may name.
    expect(fn.environment.TRUSTED_S3_BUCKETS).toEqual({ Ref: 'UploadsBucket' });
  });

  test('WebRole: its own logs, the model objects, putting into uploads/ and RecognizeText on this bot\'s alias, nothing else', () => {
    const fn = functionDefinition(template, 'WebLambdaFunction');
    const grants = byService(roleGrants(template, 'WebRole'));
    expect(Object.keys(grants).sort()).toEqual(['lex', 'logs', 's3']);
    expectOwnLogsOnly(grants.logs, fn);
    expect(grants.s3).toEqual([
      { effect: 'Allow', action: 's3:GetObject', resource: MODEL_OBJECTS },
      { effect: 'Allow', action: 's3:PutObject', resource: UPLOADED_OBJECTS },
    ]);
    expect(grants.lex).toEqual([{ effect: 'Allow', action: 'lex:RecognizeText', resource: { 'Fn::GetAtt': ['LexBotAlias', 'Arn'] } }]);
    expect(fn.environment).toMatchObject({ UPLOADS_BUCKET: { Ref: 'UploadsBucket' }, LEX_BOT_ID: { Ref: 'LexBot' }, LEX_BOT_ALIAS_ID: { 'Fn::GetAtt': ['LexBotAlias', 'BotAliasId'] } });
    // The local Lex runtime's address is a local-only setting: absent from a deployed stage.
    expect(fn.environment.LEX_ENDPOINT).toBeUndefined();
  });

  test('uploads bucket: encrypted, all public access blocked, TLS only, objects gone after a day, POSTs from the page only', () => {
    const bucket = properties(template, 'UploadsBucket');
    expect(bucket.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    const rules = (bucket.LifecycleConfiguration as { Rules: Array<Record<string, unknown>> }).Rules;
    expect(rules).toEqual([expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 1 })]);
    expect(rules[0].Prefix ?? rules[0].Filter).toBeUndefined();
    const cors = (bucket.CorsConfiguration as { CorsRules: Array<{ AllowedMethods: string[]; AllowedOrigins: unknown[] }> }).CorsRules;
    expect(cors).toHaveLength(1);
    expect(cors[0].AllowedMethods).toEqual(['POST']);
    expect(allStrings(cors[0].AllowedOrigins).join('')).toMatch(/^https:\/\/\$\{HttpApi\}\.execute-api\./);
    const policies = resourcesOfType(template, 'AWS::S3::BucketPolicy').filter(([, r]) => JSON.stringify(r.Properties?.Bucket) === '{"Ref":"UploadsBucket"}');
    expect(policies).toHaveLength(1);
    const statements = (policies[0][1].Properties?.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement;
    // The bucket policy only takes away: nothing in it allows anyone anything.
    expect(statements.map((st) => st.Effect)).toEqual(['Deny']);
    expect(statements[0].Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
  });

  test("every route of the web function is throttled on the HTTP API's stage, after the routes exist", () => {
    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').filter(([, r]) => allStrings(r.Properties?.Target).join('').includes('HttpApiIntegrationWeb'));
    const routeKeys = routes.map(([, r]) => String(r.Properties?.RouteKey)).sort();
    expect(routeKeys).toEqual(['GET /', 'GET /chat.css', 'GET /chat.js', 'GET /describe', 'POST /chat', 'POST /describe', 'POST /uploads']);
    const stage = resource(template, 'HttpApiStage');
    const settings = stage.Properties?.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    expect(Object.keys(settings).sort()).toEqual(routeKeys);
    for (const key of routeKeys) {
      expect(settings[key].ThrottlingRateLimit).toBeGreaterThan(0);
      expect(settings[key].ThrottlingBurstLimit).toBeGreaterThanOrEqual(settings[key].ThrottlingRateLimit);
    }
    expect(stage.DependsOn).toEqual(expect.arrayContaining(routes.map(([id]) => id)));
  });

  test('SlackEventsRole (the receiver): its own logs, its own table, invoking only the worker, and its two secrets — no model objects', () => {
    const fn = functionDefinition(template, 'SlackEventsLambdaFunction');
    const grants = byService(roleGrants(template, 'SlackEventsRole'));
    expect(Object.keys(grants).sort()).toEqual(['dynamodb', 'kms', 'lambda', 'logs', 'ssm']);
    expectOwnLogsOnly(grants.logs, fn);
    expectIdempotencyTableOnly(grants.dynamodb);
    expect(grants.lambda).toEqual([{ effect: 'Allow', action: 'lambda:InvokeFunction', resource: { 'Fn::GetAtt': ['SlackWorkerLambdaFunction', 'Arn'] } }]);
    expect(fn.functionName).toBe(`whatsthat-${STAGE}-slackEvents`);
    expect(fn.environment.SLACK_WORKER_FUNCTION).toBe(`whatsthat-${STAGE}-slackWorker`);
    // The signing secret, and the bot token for auth.test: by exact ARN, no wildcard, no path.
    expectSecretsOnly(grants, 'SlackEventsRole', [PARAMETERS.signingSecret, PARAMETERS.botToken]);
  });

  test('SlackWorkerRole: its own logs, the model objects, its own table, sending to the dead-letter queue, and the bot token', () => {
    const fn = functionDefinition(template, 'SlackWorkerLambdaFunction');
    const grants = byService(roleGrants(template, 'SlackWorkerRole'));
    expect(Object.keys(grants).sort()).toEqual(['dynamodb', 'kms', 'logs', 's3', 'sqs', 'ssm']);
    expectSecretsOnly(grants, 'SlackWorkerRole', [PARAMETERS.botToken]);
    expectOwnLogsOnly(grants.logs, fn);
    expect(grants.s3).toEqual([{ effect: 'Allow', action: 's3:GetObject', resource: MODEL_OBJECTS }]);
    expectIdempotencyTableOnly(grants.dynamodb);
    expect(grants.sqs).toEqual([{ effect: 'Allow', action: 'sqs:SendMessage', resource: { 'Fn::GetAtt': ['SlackJobsDeadLetterQueue', 'Arn'] } }]);
  });

  test('slackWorker: bounded retries, then the dead-letter queue; reserved concurrency caps a burst', () => {
    const configs = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').filter(([, r]) => JSON.stringify(r.Properties?.FunctionName) === '{"Ref":"SlackWorkerLambdaFunction"}');
    expect(configs).toHaveLength(1);
    expect(configs[0][1].Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['SlackJobsDeadLetterQueue', 'Arn'] } } },
    });
    expect(properties(template, 'SlackWorkerLambdaFunction').ReservedConcurrentExecutions).toBeGreaterThan(0);
    expect(resourcesOfType(template, 'AWS::SQS::Queue').map(([id]) => id)).toContain('SlackJobsDeadLetterQueue');
  });

  test('alarms: the dead-letter queue holding anything, and errors of each function, all to the operators\' topic', () => {
    const alarms = Object.fromEntries(resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([id, r]) => [id, r.Properties ?? {}]));
    expect(alarms.SlackJobsDeadLetterAlarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['SlackJobsDeadLetterQueue', 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: 'OperatorAlarmsTopic' }],
    });
    for (const { logicalId } of FUNCTIONS) {
      const onErrors = Object.values(alarms).filter(
        (a) => a.Namespace === 'AWS/Lambda' && a.MetricName === 'Errors' && JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: logicalId } }]),
      );
      expect(onErrors).toEqual([expect.objectContaining({ Threshold: 0, AlarmActions: [{ Ref: 'OperatorAlarmsTopic' }] })]);
    }
  });

  test("the Lex bot alias's code hook is the fulfilment function, and lexv2 may invoke it (and only it)", () => {
    const aliases = resourcesOfType(template, 'AWS::Lex::BotAlias');
    expect(aliases).toHaveLength(1);
    const settings = (aliases[0][1].Properties?.BotAliasLocaleSettings ?? []) as Array<{ BotAliasLocaleSetting: Record<string, unknown> }>;
    expect(settings.length).toBeGreaterThan(0);
    for (const { BotAliasLocaleSetting: setting } of settings) {
      expect(setting).toMatchObject({
        Enabled: true,
        CodeHookSpecification: { LambdaCodeHook: { LambdaArn: { 'Fn::GetAtt': ['LexFulfilmentLambdaFunction', 'Arn'] }, CodeHookInterfaceVersion: '1.0' } },
      });
    }
    const lexPermissions = resourcesOfType(template, 'AWS::Lambda::Permission').filter(([, r]) => r.Properties?.Principal === 'lexv2.amazonaws.com');
    expect(lexPermissions).toHaveLength(1);
    const permission = lexPermissions[0][1].Properties ?? {};
    expect(permission).toMatchObject({ Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['LexFulfilmentLambdaFunction', 'Arn'] } });
    // Scoped to this bot's aliases, not any bot in the account.
    expect(allStrings(permission.SourceArn).join('')).toContain(':bot-alias/${LexBot}/');
  });

  test('carries no secret: the Slack functions name their SecureString parameters (the worker only the bot token), and the Lex function has none', () => {
    const slackEnv = functionDefinition(template, 'SlackEventsLambdaFunction').environment;
    expect(slackEnv.SLACK_SIGNING_SECRET_PARAMETER).toBe(PARAMETERS.signingSecret);
    expect(slackEnv.SLACK_BOT_TOKEN_PARAMETER).toBe(PARAMETERS.botToken);
    const workerEnv = functionDefinition(template, 'SlackWorkerLambdaFunction').environment;
    expect(workerEnv.SLACK_BOT_TOKEN_PARAMETER).toBe(PARAMETERS.botToken);
    expect(workerEnv.SLACK_SIGNING_SECRET_PARAMETER).toBeUndefined();
    expect(workerEnv.SLACK_SIGNING_SECRET).toBeUndefined();
    expect(allStrings(template).filter((s) => /\bxox[abposr]-|\bxapp-|\{\{resolve:/.test(s))).toEqual([]);
    const lexEnv = functionDefinition(template, 'LexFulfilmentLambdaFunction').environment;
    expect(Object.keys(lexEnv).filter((name) => name.startsWith('SLACK_'))).toEqual([]);
  });

  test.each(FUNCTIONS)("$key's environment has none of the local-only settings, though the packaging shell held them all", ({ logicalId }) => {
    const env = functionDefinition(template, logicalId).environment;
    expect(Object.keys(env).filter((name) => LOCAL_ONLY_SETTINGS.includes(name))).toEqual([]);
  });

  test.each(FUNCTIONS)("$key names the stack's own bucket, table and bot, though the packaging shell named others", ({ logicalId }) => {
    const env = functionDefinition(template, logicalId).environment;
    const own: Record<string, unknown> = {
      MODEL_BUCKET: { Ref: 'ModelBucket' },
      IDEMPOTENCY_TABLE: { Ref: 'IdempotencyTable' },
      UPLOADS_BUCKET: { Ref: 'UploadsBucket' },
      TRUSTED_S3_BUCKETS: { Ref: 'UploadsBucket' },
      LEX_BOT_ID: { Ref: 'LexBot' },
      LEX_BOT_ALIAS_ID: { 'Fn::GetAtt': ['LexBotAlias', 'BotAliasId'] },
    };
    for (const [name, value] of Object.entries(env)) if (name in own) expect([name, value]).toEqual([name, own[name]]);
  });

  test("no value of the packaging shell's local settings, secrets or other resources is anywhere in the template or the zips", async () => {
    const values = [...Object.values(LOCAL_SHELL), ...Object.values(OTHER_RESOURCES_SHELL)];
    const inTemplate = JSON.stringify(template);
    expect(values.filter((v) => inTemplate.includes(v))).toEqual([]);
    for (const { key } of FUNCTIONS) {
      const dir = join(pkg.workDir, 'searched', key);
      mkdirSync(dir, { recursive: true });
      await unzipInto(pkg.zipPath(key), dir);
      const found = filesUnder(dir).flatMap((file) => {
        const bytes = readFileSync(file);
        return values.filter((v) => bytes.includes(v)).map((v) => `${relative(dir, file)}: ${v}`);
      });
      expect([key, found]).toEqual([key, []]);
    }
  });
});

describe('the artifacts unzipped and run from their own folders', () => {
  let s3: LocalS3;
  let photos: TestServer;

  beforeAll(async () => {
    s3 = await startLocalS3();
    await publishDefaultModel(s3.endpoint, MODEL_BUCKET);
    photos = await startPhotoHost();
  }, 180_000);

  afterAll(async () => {
    await photos?.close();
    if (s3) await discardLocalS3(s3);
  });

  async function unzipped(key: string): Promise<string> {
    const dir = join(pkg.workDir, 'unzipped', key);
    mkdirSync(dir, { recursive: true });
    await unzipInto(pkg.zipPath(key), dir);
    return dir;
  }

  describe('lexFulfilment', () => {
    let fn: FunctionDefinition;
    let lex: UnzippedFunction;

    beforeAll(async () => {
      fn = functionDefinition(template, 'LexFulfilmentLambdaFunction');
      const env = lambdaEnvironment(fn, { MODEL_BUCKET, TRUSTED_S3_BUCKETS: UPLOADS_BUCKET }, { S3_ENDPOINT: s3.endpoint, IMAGE_FETCH_ALLOW_HOSTS: `127.0.0.1:${photos.port}` });
      lex = await startUnzippedFunction(fn, await unzipped('lexFulfilment'), env);
    }, 60_000);

    afterAll(async () => {
      await lex?.stop();
    });

    test('a recorded FulfillmentCodeHook event about a photo closes the intent Fulfilled and names the object', async () => {
      const response = (await lex.invoke(await recordedLexEvent(`${photos.origin}/photos/parrot.jpg`))) as LexResponse;
      report.push(`lexFulfilment: first answer ${Math.round(lex.firstAnswerMs ?? NaN)} ms after its process started (cold: model from local S3)`);
      expect(response.sessionState).toMatchObject({ dialogAction: { type: 'Close' }, intent: { name: 'DescribeImage', state: 'Fulfilled' } });
      expect(plainTexts(response)).toMatch(/\bmacaw\b/i);
    });

    test('a damaged picture gets a sentence the person understands, and the same process answers the next photo', async () => {
      const broken = (await lex.invoke(await recordedLexEvent(`${photos.origin}/photos/broken.jpg`))) as LexResponse;
      expect(broken.sessionState).toMatchObject({ dialogAction: { type: 'Close' }, intent: { state: 'Failed' } });
      expect(plainTexts(broken)).toBe(new ImageError('broken_image', '').userMessage);

      const next = (await lex.invoke(await recordedLexEvent(`${photos.origin}/photos/hot_dog.jpg`))) as LexResponse;
      expect(next.sessionState.intent.state).toBe('Fulfilled');
      expect(plainTexts(next)).toMatch(/\bhotdog\b/i);
    });

    test("loaded every module from the unzipped folder, sharp's native binary included", async () => {
      await expectLoadedFromArtifactOnly(lex, fn);
    });
  });

  describe('slackEvents (the receiver) and slackWorker', () => {
    let receiverFn: FunctionDefinition;
    let workerFn: FunctionDefinition;
    let receiver: UnzippedFunction;
    let worker: UnzippedFunction;
    let sim: SlackSimulator;
    let dynamo: LocalDynamoDb;
    let lambdaApi: LambdaInvokeApi;
    let gateway: Bridge;
    let ssm: SsmStandIn;

    beforeAll(async () => {
      receiverFn = functionDefinition(template, 'SlackEventsLambdaFunction');
      workerFn = functionDefinition(template, 'SlackWorkerLambdaFunction');
      sim = await startSlackSimulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
      // The secrets where the template says they are: SecureString parameters, read at run time.
      ssm = await startSsmStandIn();
      ssm.put(String(receiverFn.environment.SLACK_SIGNING_SECRET_PARAMETER), SIGNING_SECRET);
      ssm.put(String(receiverFn.environment.SLACK_BOT_TOKEN_PARAMETER), BOT_TOKEN);
      dynamo = await startLocalDynamoDb();
      await createIdempotencyTable(dynamo.endpoint, IDEMPOTENCY_TABLE);
      // Lambda's event queue is played by the tests: each delivers the job it finds in `invocations` to the worker.
      lambdaApi = await startLambdaInvokeApi({ [workerFn.functionName]: async () => undefined });
      const standIns = { SLACK_API_URL: sim.apiUrl, DYNAMODB_ENDPOINT: dynamo.endpoint, AWS_ENDPOINT_URL_SSM: ssm.endpoint };
      receiver = await startUnzippedFunction(
        receiverFn,
        await unzipped('slackEvents'),
        // MODEL_BUCKET: the provider-wide environment names it for every function; the receiver never reads it.
        lambdaEnvironment(receiverFn, { MODEL_BUCKET, IDEMPOTENCY_TABLE }, { ...standIns, LAMBDA_ENDPOINT: lambdaApi.endpoint }),
      );
      worker = await startUnzippedFunction(workerFn, await unzipped('slackWorker'), lambdaEnvironment(workerFn, { MODEL_BUCKET, IDEMPOTENCY_TABLE }, { ...standIns, S3_ENDPOINT: s3.endpoint }));
      // API Gateway in front of the receiver: each signed delivery becomes wire-formats §4.8's event.
      gateway = await serveOverApiGateway(async (event) => (await receiver.invoke(event)) as AwsResponse);
      sim.setEventsUrl(gateway.url);
    }, 60_000);

    afterAll(async () => {
      await gateway?.stop();
      await receiver?.stop();
      await worker?.stop();
      await lambdaApi?.stop();
      await dynamo?.stop();
      await sim?.stop();
      await ssm?.stop();
    });

    test('a photo posted in a DM is acknowledged by the receiver, handed to an asynchronous invocation of the worker, and the worker answers in the thread', async () => {
      const posted = await sim.userPosts({ files: [sim.registerFile({ path: testImage('parrot.jpg') })] });
      expect(posted.deliveries.map((d) => d.status)).toEqual([200]);
      report.push(`slackEvents: first answer (the HTTP acknowledgement) ${Math.round(receiver.firstAnswerMs ?? NaN)} ms after its process started`);

      expect(lambdaApi.invocations).toHaveLength(1);
      const [job] = lambdaApi.invocations;
      expect(job.functionName).toBe(workerFn.functionName);
      expect(job.invocationType).toBe('Event');
      expect(job.payload).toMatchObject({ whatsthatSlackJob: 1, envelope: { event_id: posted.envelopes[0].event_id } });
      expect(sim.answersTo(posted.channel, posted.ts)).toEqual([]);

      // Lambda's event queue delivers the job to the worker.
      const jobStarted = performance.now();
      expect(await worker.invoke(job.payload)).toBeNull();
      report.push(`slackWorker: first job (model from local S3, then the answer) ${Math.round(performance.now() - jobStarted)} ms`);
      const answers = sim.answersTo(posted.channel, posted.ts);
      expect(answers).toHaveLength(1);
      expect(String(answers[0].args.text)).toMatch(/\bmacaw\b/i);
      // The secrets came from SSM, decrypted, once per function (then cached): the receiver read
      // both (the token for auth.test), the worker only the bot token.
      expect(ssm.requests.map((r) => [r.target, r.name, r.withDecryption]).sort()).toEqual(
        [PARAMETERS.botToken, PARAMETERS.botToken, PARAMETERS.signingSecret].map((name) => ['AmazonSSM.GetParameter', name, true]),
      );
    });

    test("Slack's redelivery of an event is acknowledged and not handed over a second time", async () => {
      const posted = await sim.userPosts({ files: [sim.registerFile({ path: testImage('hot_dog.jpg') })] });
      expect(posted.deliveries.map((d) => d.status)).toEqual([200]);
      const handedOver = lambdaApi.invocations.length;

      const redelivery = await sim.postEvent(posted.envelopes[0], { retryNum: 1 });
      expect(redelivery.status).toBe(200);
      expect(lambdaApi.invocations).toHaveLength(handedOver);
      expect(lambdaApi.invocations.filter((i) => JSON.stringify(i.payload).includes(posted.envelopes[0].event_id))).toHaveLength(1);
    });

    test('the receiver loaded every module from its unzipped folder, and none of TF.js, sharp or the model code', async () => {
      const loaded = await receiver.loadedModules();
      expect(loaded.filter((file) => isAbsolute(file))).toEqual([]);
      expect(loaded).toContain(bundleOf(receiverFn));
      expect(loaded.filter((file) => MODEL_CODE.test(file))).toEqual([]);
    });

    test("the worker loaded every module from its unzipped folder, sharp's native binary included", async () => {
      await expectLoadedFromArtifactOnly(worker, workerFn);
    });
  });

  describe('web', () => {
    let fn: FunctionDefinition;
    let web: UnzippedFunction;

    beforeAll(async () => {
      fn = functionDefinition(template, 'WebLambdaFunction');
      const env = lambdaEnvironment(
        fn,
        { MODEL_BUCKET, UPLOADS_BUCKET, LEX_BOT_ID: 'PACKAGEDBOT', LEX_BOT_ALIAS_ID: 'PACKAGEDALIAS' },
        { S3_ENDPOINT: s3.endpoint, IMAGE_FETCH_ALLOW_HOSTS: `127.0.0.1:${photos.port}` },
      );
      web = await startUnzippedFunction(fn, await unzipped('web'), env);
    }, 60_000);

    afterAll(async () => {
      await web?.stop();
    });

    test('GET /describe?imagelink= through API Gateway\'s event answers the JSON naming the photo', async () => {
      const response = (await web.invoke(apiGatewayEvent('GET', '/describe', { imagelink: `${photos.origin}/photos/parrot.jpg` }))) as ApiResponse;
      report.push(`web: first answer ${Math.round(web.firstAnswerMs ?? NaN)} ms after its process started (cold: model from local S3)`);
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ label: 'macaw', return: expect.stringMatching(/macaw/) });
    });

    test('serves the chat page and its bundled script and styles from the zip', async () => {
      const page = (await web.invoke(apiGatewayEvent('GET', '/'))) as ApiResponse;
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('<script src="chat.js" defer></script>');
      const script = (await web.invoke(apiGatewayEvent('GET', '/chat.js'))) as ApiResponse;
      expect(script.body).toContain('whatsthat-session');
      const css = (await web.invoke(apiGatewayEvent('GET', '/chat.css'))) as ApiResponse;
      expect(css.body).toContain('.conversation');
    });

    test("loaded every module from the unzipped folder, sharp's native binary included", async () => {
      await expectLoadedFromArtifactOnly(web, fn);
    });
  });
});

interface ApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** API Gateway HTTP API's payload format 1.0, the fields the web function reads. */
function apiGatewayEvent(httpMethod: string, path: string, query?: Record<string, string>): unknown {
  return { version: '1.0', resource: path, path, httpMethod, headers: {}, multiValueHeaders: {}, queryStringParameters: query ?? null, multiValueQueryStringParameters: null, pathParameters: null, stageVariables: null, requestContext: { httpMethod, path, stage: '$default' }, body: null, isBase64Encoded: false };
}

interface LexResponse {
  sessionState: { dialogAction: { type: string }; intent: { name: string; state: string } };
  messages?: Array<{ contentType: string; content?: string }>;
}

function plainTexts(response: LexResponse): string {
  return (response.messages ?? [])
    .filter((m) => m.contentType === 'PlainText')
    .map((m) => m.content ?? '')
    .join('\n');
}

/** Wire-formats §1.3's fulfilment event, about `imageUrl` instead of the example link. */
async function recordedLexEvent(imageUrl: string): Promise<unknown> {
  const recorded = await readFile(join(__dirname, 'events', 'lex-fulfilment-code-hook.json'), 'utf8');
  return JSON.parse(recorded.split(RECORDED_IMAGE_URL).join(imageUrl));
}

/** Absolute paths are modules from outside the artifact: the repository's node_modules, say. */
async function expectLoadedFromArtifactOnly(running: UnzippedFunction, fn: FunctionDefinition): Promise<void> {
  const loaded = await running.loadedModules();
  expect(loaded.filter((file) => isAbsolute(file))).toEqual([]);
  expect(loaded).toContain(bundleOf(fn));
  expect(loaded).toEqual(expect.arrayContaining([expect.stringMatching(sharpBinary(SHARP_PLATFORM[fn.architectures[0]]))]));
}

/** The role reads exactly these parameters, by ARN, and decrypts only through SSM and only for them. */
function expectSecretsOnly(grants: Record<string, Grant[]>, roleLogicalId: string, parameters: string[]): void {
  expect(grants.ssm).toEqual(parameters.map((name) => ({ effect: 'Allow', action: 'ssm:GetParameter', resource: parameterArn(name) })));
  const decrypt = secretStatements(template, roleLogicalId).filter((st) => st.Action === 'kms:Decrypt');
  expect(decrypt).toEqual([
    {
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*' },
      Condition: {
        StringEquals: {
          'kms:ViaService': { 'Fn::Sub': 'ssm.${AWS::Region}.amazonaws.com' },
          'kms:EncryptionContext:PARAMETER_ARN': parameters.map(parameterArn),
        },
      },
    },
  ]);
}

/** The role's inline-policy statements that name an SSM parameter or a KMS action. */
function secretStatements(t: Template, roleLogicalId: string): Array<Record<string, unknown>> {
  const policies = (properties(t, roleLogicalId).Policies ?? []) as Array<{ PolicyDocument: { Statement: Array<Record<string, unknown>> } }>;
  return policies.flatMap((p) => p.PolicyDocument.Statement).filter((st) => /^(ssm|kms):/.test(String(st.Action)));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(entry.parentPath, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

/** Exactly what the idempotency library's DynamoDB layer calls, on the one table. */
function expectIdempotencyTableOnly(grants: Grant[]): void {
  expect(grants.map((g) => g.action).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  for (const g of grants) expect(g).toMatchObject({ effect: 'Allow', resource: { 'Fn::GetAtt': ['IdempotencyTable', 'Arn'] } });
}

function byService(grants: Grant[]): Record<string, Grant[]> {
  const groups: Record<string, Grant[]> = {};
  for (const g of grants) (groups[g.action.split(':')[0]] ??= []).push(g);
  return groups;
}

/** Log writes only, only to the function's own log group. */
function expectOwnLogsOnly(grants: Grant[], fn: FunctionDefinition): void {
  expect(grants.length).toBeGreaterThan(0);
  for (const g of grants) {
    expect(['logs:CreateLogStream', 'logs:PutLogEvents']).toContain(g.action);
    expect(g.effect).toBe('Allow');
    expect(allStrings(g.resource).join('')).toMatch(new RegExp(`:log-group:/aws/lambda/${fn.functionName}:\\*$`));
  }
}
