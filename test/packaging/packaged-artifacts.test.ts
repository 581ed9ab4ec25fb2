/**
 * What `serverless package` would deploy, checked as deployed: each function's zip (size, bundle,
 * tfjs wasm files, sharp's native binary), the CloudFormation template (offline validation and the
 * security properties that matter), and each zip unzipped and run from its own folder against
 * local S3 — proof that the artifacts work, not only the source tree.
 *
 * Packaged once, with none of the variables serverless.yml reads set: the deployed case.
 */
import { readFile } from 'node:fs/promises';
import { mkdirSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
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
import { serveOverApiGateway, type Bridge } from '../slack/helpers/api-gateway-bridge';
import { packageService, type PackagedService } from './package-service';
import { allStrings, functionDefinition, properties, resourcesOfType, roleGrants, type FunctionDefinition, type Grant, type Template } from './template';
import { lambdaEnvironment, startUnzippedFunction, type UnzippedFunction } from './unzipped-function';
import { unzipInto, zipEntries } from './zip-archive';

const STAGE = 'test';
/** DESIGN.md: each function's deployment zip, sharp included, at most 20 MB. */
const MAX_ZIP_BYTES = 20_000_000;
const MODEL_BUCKET = 'whatsthat-models-packaged-test';
const IDEMPOTENCY_TABLE = 'whatsthat-idempotency-packaged-test';
const SIGNING_SECRET = 'packaged-test-signing-secret';
const BOT_TOKEN = 'xoxb-packaged-test-token';

const FUNCTIONS = [
  { key: 'lexFulfilment', logicalId: 'LexFulfilmentLambdaFunction', roleId: 'LexFulfilmentRole', otherChannel: 'src/slack/' },
  { key: 'slackEvents', logicalId: 'SlackEventsLambdaFunction', roleId: 'SlackEventsRole', otherChannel: 'src/lex/' },
] as const;

/** Lambda architecture → the platform suffix of sharp's native packages. */
const SHARP_PLATFORM: Record<string, string> = { x86_64: 'linux-x64', arm64: 'linux-arm64' };
/** sharp's native addon inside the zip, e.g. node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64-0.35.5.node */
const sharpBinary = (platform: string): RegExp => new RegExp(`^node_modules/@img/sharp-${platform}/lib/sharp-${platform}-[\\d.]+\\.node$`);
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];
/** The model objects, and nothing else in the bucket. */
const MODEL_OBJECTS = { 'Fn::Sub': '${ModelBucket.Arn}/models/*' };
/** Wire-formats §1.3's link, replaced by a photo served here. */
const RECORDED_IMAGE_URL = 'https://images.example.org/pets/dog.jpg';

let pkg: PackagedService;
let template: Template;
/** Figures for the closing note, printed once at the end. */
const report: string[] = [];

beforeAll(async () => {
  pkg = await packageService(STAGE);
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

  test('is at most 20 MB', () => {
    const bytes = statSync(pkg.zipPath(key)).size;
    report.push(`${key}.zip: ${bytes} bytes (${(bytes / 1e6).toFixed(2)} MB, ${(bytes / 2 ** 20).toFixed(2)} MiB)`);
    expect(bytes).toBeLessThanOrEqual(MAX_ZIP_BYTES);
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

  test("holds nothing but its own channel's bundle folder and node_modules", () => {
    const bundleFolder = folderOf(bundleOf(fn));
    expect(entries.filter((e) => !e.startsWith(bundleFolder) && !e.startsWith('node_modules/'))).toEqual([]);
    expect(entries.filter((e) => e.startsWith(otherChannel))).toEqual([]);
  });
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

  test('LexFulfilmentRole: writes its own logs and reads the model objects, nothing else', () => {
    const fn = functionDefinition(template, 'LexFulfilmentLambdaFunction');
    const grants = byService(roleGrants(template, 'LexFulfilmentRole'));
    expect(Object.keys(grants).sort()).toEqual(['logs', 's3']);
    expectOwnLogsOnly(grants.logs, fn);
    expect(grants.s3).toEqual([{ effect: 'Allow', action: 's3:GetObject', resource: MODEL_OBJECTS }]);
  });

  test('SlackEventsRole: its own logs, the model objects, its own table, and invoking only itself', () => {
    const fn = functionDefinition(template, 'SlackEventsLambdaFunction');
    const grants = byService(roleGrants(template, 'SlackEventsRole'));
    expect(Object.keys(grants).sort()).toEqual(['dynamodb', 'lambda', 'logs', 's3']);
    expectOwnLogsOnly(grants.logs, fn);
    expect(grants.s3).toEqual([{ effect: 'Allow', action: 's3:GetObject', resource: MODEL_OBJECTS }]);
    // Exactly what the idempotency library's DynamoDB layer calls.
    expect(grants.dynamodb.map((g) => g.action).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    for (const g of grants.dynamodb) expect(g).toMatchObject({ effect: 'Allow', resource: { 'Fn::GetAtt': ['IdempotencyTable', 'Arn'] } });
    expect(grants.lambda).toEqual([
      { effect: 'Allow', action: 'lambda:InvokeFunction', resource: { 'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${fn.functionName}` } },
    ]);
    expect(fn.functionName).toBe(`whatsthat-${STAGE}-slackEvents`);
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

  test('carries no secret: the Slack secrets are SSM references, and the Lex function has none', () => {
    const slackEnv = functionDefinition(template, 'SlackEventsLambdaFunction').environment;
    expect(slackEnv.SLACK_SIGNING_SECRET).toBe(`{{resolve:ssm:/whatsthat/${STAGE}/slack-signing-secret}}`);
    expect(slackEnv.SLACK_BOT_TOKEN).toBe(`{{resolve:ssm:/whatsthat/${STAGE}/slack-bot-token}}`);
    expect(allStrings(template).filter((s) => /\bxox[abposr]-|\bxapp-/.test(s))).toEqual([]);
    const lexEnv = functionDefinition(template, 'LexFulfilmentLambdaFunction').environment;
    expect(Object.keys(lexEnv).filter((name) => name.startsWith('SLACK_'))).toEqual([]);
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
      const env = lambdaEnvironment(fn, { MODEL_BUCKET, S3_ENDPOINT: s3.endpoint, IMAGE_FETCH_ALLOW_HOSTS: `127.0.0.1:${photos.port}` });
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

  describe('slackEvents', () => {
    let fn: FunctionDefinition;
    let slack: UnzippedFunction;
    let sim: SlackSimulator;
    let dynamo: LocalDynamoDb;
    let lambdaApi: LambdaInvokeApi;
    let gateway: Bridge;

    beforeAll(async () => {
      fn = functionDefinition(template, 'SlackEventsLambdaFunction');
      sim = await startSlackSimulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
      dynamo = await startLocalDynamoDb();
      await createIdempotencyTable(dynamo.endpoint, IDEMPOTENCY_TABLE);
      // Lambda's event queue is played by the tests: each delivers the job it finds in `invocations` to the function itself.
      lambdaApi = await startLambdaInvokeApi({ [fn.functionName]: async () => undefined });
      const env = lambdaEnvironment(fn, {
        MODEL_BUCKET,
        S3_ENDPOINT: s3.endpoint,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: sim.apiUrl,
        IDEMPOTENCY_TABLE,
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        LAMBDA_ENDPOINT: lambdaApi.endpoint,
      });
      slack = await startUnzippedFunction(fn, await unzipped('slackEvents'), env);
      // API Gateway in front of the function: each signed delivery becomes wire-formats §4.8's event.
      gateway = await serveOverApiGateway(async (event) => (await slack.invoke(event)) as AwsResponse);
      sim.setEventsUrl(gateway.url);
    }, 60_000);

    afterAll(async () => {
      await gateway?.stop();
      await slack?.stop();
      await lambdaApi?.stop();
      await dynamo?.stop();
      await sim?.stop();
    });

    test('a photo posted in a DM is acknowledged, handed to an asynchronous invocation of itself, and that job answers in the thread naming the object', async () => {
      const posted = await sim.userPosts({ files: [sim.registerFile({ path: testImage('parrot.jpg') })] });
      expect(posted.deliveries.map((d) => d.status)).toEqual([200]);
      report.push(`slackEvents: first answer (the HTTP acknowledgement) ${Math.round(slack.firstAnswerMs ?? NaN)} ms after its process started`);

      expect(lambdaApi.invocations).toHaveLength(1);
      const [job] = lambdaApi.invocations;
      expect(job.functionName).toBe(fn.functionName);
      expect(job.invocationType).toBe('Event');
      expect(job.payload).toMatchObject({ whatsthatSlackJob: 1, envelope: { event_id: posted.envelopes[0].event_id } });
      expect(sim.answersTo(posted.channel, posted.ts)).toEqual([]);

      // Lambda's event queue delivers the job to the function: here, the same warm process.
      const jobStarted = performance.now();
      expect(await slack.invoke(job.payload)).toBeNull();
      report.push(`slackEvents: first job (model from local S3, then the answer) ${Math.round(performance.now() - jobStarted)} ms`);
      const answers = sim.answersTo(posted.channel, posted.ts);
      expect(answers).toHaveLength(1);
      expect(String(answers[0].args.text)).toMatch(/\bmacaw\b/i);
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

    test("loaded every module from the unzipped folder, sharp's native binary included", async () => {
      await expectLoadedFromArtifactOnly(slack, fn);
    });
  });
});

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
