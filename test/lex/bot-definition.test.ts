/**
 * The bot in `bots/`: read and checked, turned into CloudFormation that passes the offline
 * validation against the published resource schemas, and consistent with the names the
 * fulfilment function relies on.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { validateTemplate } from '../../src/dev/cloudformation/validate-template';
import { COCO_LABELS } from '../../src/inference';
import { GROUP_SLOT, IMAGE_SLOT, INTENT, THING_SLOT } from '../../src/lex/bot-names';
import { COCO_SLOT_TYPE, cocoSlotTypeFile, cocoSlotTypePath } from '../../src/lex/bot-definition/coco-slot-type';
import { botCloudFormationResources, BOT_VERSION_LOGICAL_ID_PREFIX } from '../../src/lex/bot-definition/cloudformation';
import { BotDefinitionError, DEFAULT_BOTS_DIR, loadBotDefinition } from '../../src/lex/bot-definition/load-bot-definition';

const FUNCTION_ID = 'LexFulfilmentLambdaFunction';
const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/** The fragment inside a template with the function serverless would define. */
function templateWith(fragment: ReturnType<typeof botCloudFormationResources>): Record<string, unknown> {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      ...fragment.Resources,
      [FUNCTION_ID]: {
        Type: 'AWS::Lambda::Function',
        Properties: { Role: 'arn:aws:iam::123456789012:role/whatsthat-lambda', Runtime: 'nodejs22.x', Handler: 'src/lex/handler.handler', Code: { S3Bucket: 'deploys', S3Key: 'lex.zip' } },
      },
    },
    Outputs: fragment.Outputs,
  };
}

// Generated CloudFormation is walked freely here; the validator checks its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };

describe('bot definition in bots/', () => {
  const bot = loadBotDefinition();
  const locale = bot.locales[0];
  const intent = (name: string) => locale.intents.find((i) => i.name === name);

  test('is the one bot, locale en_US, with the intents and slot the fulfilment function answers', () => {
    expect(bot.name).toBe('WhatsThat');
    expect(bot.locales.map((l) => l.localeId)).toEqual(['en_US']);
    expect(locale.intents.map((i) => i.name).sort()).toEqual(Object.values(INTENT).sort());
    expect(intent(INTENT.fallback)?.parentIntentSignature).toBe('AMAZON.FallbackIntent');
    const describe = intent(INTENT.describeImage);
    expect(describe?.slots.map((s) => s.name)).toEqual([IMAGE_SLOT]);
    expect(describe?.dialogCodeHook).toBe(true);
    expect(describe?.fulfillmentCodeHook).toBe(true);
    for (const i of locale.intents) expect(i.fulfillmentCodeHook).toBe(true);
  });

  test('DescribeImage has at least 15 utterances, with and without the {ImageUrl} placeholder', () => {
    const utterances = intent(INTENT.describeImage)?.sampleUtterances ?? [];
    expect(utterances.length).toBeGreaterThanOrEqual(15);
    expect(utterances.filter((u) => u.includes('{ImageUrl}')).length).toBeGreaterThanOrEqual(5);
    expect(utterances.filter((u) => !u.includes('{')).length).toBeGreaterThanOrEqual(5);
    expect(utterances).toEqual(expect.arrayContaining(['what is in this picture', "what's in {ImageUrl}", 'describe {ImageUrl}', 'what do you see here']));
  });

  test('the follow-up and help intents carry the phrases people use', () => {
    expect(intent(INTENT.alternativeGuesses)?.sampleUtterances).toEqual(expect.arrayContaining(['what else could it be', 'are you sure']));
    expect(intent(INTENT.help)?.sampleUtterances).toEqual(expect.arrayContaining(['hi', 'what can you do']));
  });

  test('the scene follow-ups: a COCO slot whose synonyms resolve to the label, and the phrases people use', () => {
    expect(intent(INTENT.countObjects)?.slots.map((s) => [s.name, s.slotTypeName, s.required])).toEqual([[THING_SLOT, COCO_SLOT_TYPE, false]]);
    expect(intent(INTENT.isThereA)?.slots.map((s) => [s.name, s.slotTypeName])).toEqual([[THING_SLOT, COCO_SLOT_TYPE]]);
    expect(intent(INTENT.whichSpecies)?.slots.map((s) => s.name)).toEqual([GROUP_SLOT]);
    expect(intent(INTENT.countObjects)?.sampleUtterances).toEqual(expect.arrayContaining(['how many {Thing} are there', 'how many {Thing}']));
    expect(intent(INTENT.isThereA)?.sampleUtterances).toEqual(expect.arrayContaining(['is there a {Thing} in it']));
    expect(intent(INTENT.readText)?.sampleUtterances).toEqual(expect.arrayContaining(['what does it say']));
    expect(intent(INTENT.whichSpecies)?.sampleUtterances).toEqual(expect.arrayContaining(['what kind of {Group} is it']));
    const coco = locale.slotTypes.find((t) => t.name === COCO_SLOT_TYPE);
    expect(coco?.resolutionStrategy).toBe('TopResolution');
    expect(coco?.values.map((v) => v.value)).toEqual(COCO_LABELS);
    expect(coco?.values.find((v) => v.value === 'person')?.synonyms).toEqual(expect.arrayContaining(['people', 'persons', 'humans']));
    expect(coco?.values.find((v) => v.value === 'dog')?.synonyms).toEqual(expect.arrayContaining(['puppies']));
  });

  test('the CocoThing slot type file is the one generated from the inference module\'s COCO table (npm run bot:slot-types)', () => {
    expect(readFileSync(cocoSlotTypePath(), 'utf8')).toBe(cocoSlotTypeFile());
  });

  test('a broken definition is refused with the file and field named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'whatsthat-bots-'));
    try {
      cpSync(DEFAULT_BOTS_DIR, dir, { recursive: true });
      const intentFile = join(dir, 'WhatsThat/BotLocales/en_US/Intents/DescribeImage/Intent.json');
      const original = readFileSync(intentFile, 'utf8');
      const edit = (change: (json: Record<string, unknown> & { sampleUtterances: Array<{ utterance: string }> }) => void): void => {
        const json = JSON.parse(original);
        change(json);
        writeFileSync(intentFile, JSON.stringify(json));
      };

      edit((j) => j.sampleUtterances.push({ utterance: 'what is in {Picture}' }));
      expect(() => loadBotDefinition(dir)).toThrow(new BotDefinitionError('WhatsThat/BotLocales/en_US/Intents/DescribeImage/Intent.json: "sampleUtterances" "what is in {Picture}" uses {Picture}, which is not a slot of DescribeImage'));

      edit((j) => (j.intentConfirmationSetting = { promptSpecification: {} }));
      expect(() => loadBotDefinition(dir)).toThrow(/Intent\.json: "intentConfirmationSetting" is not supported by the bot generator/);

      edit((j) => j.sampleUtterances.push({ utterance: 'hi' }));
      expect(() => loadBotDefinition(dir)).toThrow(/the utterance "hi" appears in both DescribeImage and Help/);

      writeFileSync(intentFile, '{ not json');
      expect(() => loadBotDefinition(dir)).toThrow(/DescribeImage\/Intent\.json: not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CloudFormation for the bot', () => {
  const fragment = botCloudFormationResources({ fulfilmentFunctionLogicalId: FUNCTION_ID, botName: 'whatsthat-dev' });
  const resources = fragment.Resources as Record<string, Resource>;
  const ofType = (type: string): Array<[string, Resource]> => Object.entries(resources).filter(([, r]) => r.Type === type);

  test('passes the offline validation against the CloudFormation resource schemas', async () => {
    expect(await validateTemplate(templateWith(fragment))).toEqual([]);
  });

  test('the validation would catch a broken bot resource', async () => {
    const broken = structuredClone(fragment);
    const botResource = broken.Resources.LexBot;
    delete (botResource.Properties.BotLocales as Array<Record<string, unknown>>)[0].NluConfidenceThreshold;
    (botResource.Properties as Record<string, unknown>).IdleSessionTimeout = 300;
    const problems = await validateTemplate(templateWith(broken));
    expect(problems.join('\n')).toMatch(/NluConfidenceThreshold/);
    expect(problems.join('\n')).toMatch(/IdleSessionTimeout/);
  });

  test('has the bot, a version, the alias, the Lex role and the invoke permission', () => {
    expect(Object.values(resources).map((r) => r.Type).sort()).toEqual(
      ['AWS::IAM::Role', 'AWS::Lambda::Permission', 'AWS::Lex::Bot', 'AWS::Lex::BotAlias', 'AWS::Lex::BotVersion'].sort(),
    );
    const [[, role]] = ofType('AWS::IAM::Role');
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'lexv2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    expect(fragment.Outputs.LexBotId.Value).toEqual({ Ref: 'LexBot' });
    expect(fragment.Outputs.LexBotAliasId.Value).toEqual({ 'Fn::GetAtt': ['LexBotAlias', 'BotAliasId'] });
  });

  test('the alias points its code hook at the fulfilment function, and Lex may invoke it', () => {
    const [[, alias]] = ofType('AWS::Lex::BotAlias');
    const [[versionId]] = ofType('AWS::Lex::BotVersion');
    expect(alias.Properties.BotVersion).toEqual({ 'Fn::GetAtt': [versionId, 'BotVersion'] });
    expect(alias.Properties.BotAliasLocaleSettings).toEqual([
      {
        LocaleId: 'en_US',
        BotAliasLocaleSetting: { Enabled: true, CodeHookSpecification: { LambdaCodeHook: { LambdaArn: { 'Fn::GetAtt': [FUNCTION_ID, 'Arn'] }, CodeHookInterfaceVersion: '1.0' } } },
      },
    ]);
    const [[permissionId, permission]] = ofType('AWS::Lambda::Permission');
    expect(permission.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [FUNCTION_ID, 'Arn'] },
      Principal: 'lexv2.amazonaws.com',
      SourceArn: { 'Fn::Sub': 'arn:${AWS::Partition}:lex:${AWS::Region}:${AWS::AccountId}:bot-alias/${LexBot}/*' },
    });
    expect(alias.DependsOn).toEqual([permissionId]);
  });

  test('the bot resource carries the utterances, slot, slot type and prompt from bots/ — the one copy', () => {
    const [[, botResource]] = ofType('AWS::Lex::Bot');
    expect(botResource.Properties.Name).toBe('whatsthat-dev');
    const [botLocale] = botResource.Properties.BotLocales;
    const bot = loadBotDefinition();
    const describe = botLocale.Intents.find((i: { Name: string }) => i.Name === 'DescribeImage');
    expect(describe.SampleUtterances.map((u: { Utterance: string }) => u.Utterance)).toEqual(bot.locales[0].intents.find((i) => i.name === 'DescribeImage')?.sampleUtterances);
    expect(describe.DialogCodeHook).toEqual({ Enabled: true });
    expect(describe.FulfillmentCodeHook).toEqual({ Enabled: true });
    expect(describe.SlotPriorities).toEqual([{ Priority: 1, SlotName: 'ImageUrl' }]);
    expect(describe.Slots[0]).toEqual(
      expect.objectContaining({
        Name: 'ImageUrl',
        SlotTypeName: 'ImageReference',
        ValueElicitationSetting: expect.objectContaining({
          SlotConstraint: 'Required',
          PromptSpecification: { MessageGroupsList: [{ Message: { PlainTextMessage: { Value: expect.stringMatching(/Paste a link/) } } }], MaxRetries: 2, AllowInterrupt: true },
        }),
      }),
    );
    const slotType = (name: string) => botLocale.SlotTypes.find((t: { Name: string }) => t.Name === name);
    expect(slotType('ImageReference')).toEqual(expect.objectContaining({ ValueSelectionSetting: { ResolutionStrategy: 'ORIGINAL_VALUE' } }));
    expect(slotType('CocoThing')).toEqual(expect.objectContaining({ ValueSelectionSetting: { ResolutionStrategy: 'TOP_RESOLUTION' } }));
    expect(slotType('CocoThing').SlotTypeValues).toContainEqual({ SampleValue: { Value: 'dog' }, Synonyms: expect.arrayContaining([{ Value: 'puppies' }, { Value: 'dogs' }]) });
    const count = botLocale.Intents.find((i: { Name: string }) => i.Name === 'CountObjects');
    expect(count.Slots).toEqual([expect.objectContaining({ Name: 'Thing', SlotTypeName: 'CocoThing', ValueElicitationSetting: { SlotConstraint: 'Optional' } })]);
    const fallback = botLocale.Intents.find((i: { Name: string }) => i.Name === 'FallbackIntent');
    expect(fallback).toEqual(expect.objectContaining({ ParentIntentSignature: 'AMAZON.FallbackIntent', FulfillmentCodeHook: { Enabled: true } }));
    expect(fallback).not.toHaveProperty('SampleUtterances');
    expect(botResource.Properties.TestBotAliasSettings.BotAliasLocaleSettings[0].BotAliasLocaleSetting.CodeHookSpecification.LambdaCodeHook.LambdaArn).toEqual({ 'Fn::GetAtt': [FUNCTION_ID, 'Arn'] });
  });

  test('a changed bot gets a new version logical id, so deploying publishes a new version', () => {
    const bot = loadBotDefinition();
    const changed = structuredClone(bot);
    changed.locales[0].intents.find((i) => i.name === 'Help')?.sampleUtterances.push('what is this bot');
    const versionId = (f: ReturnType<typeof botCloudFormationResources>) => Object.keys(f.Resources).find((k) => k.startsWith(BOT_VERSION_LOGICAL_ID_PREFIX));
    const same = versionId(botCloudFormationResources({ fulfilmentFunctionLogicalId: FUNCTION_ID, botName: 'whatsthat-dev', definition: bot }));
    expect(same).toBe(versionId(fragment));
    expect(versionId(botCloudFormationResources({ fulfilmentFunctionLogicalId: FUNCTION_ID, botName: 'whatsthat-dev', definition: changed }))).not.toBe(same);
    expect(same).toMatch(/^LexBotVersion[0-9a-f]{10}$/);
  });

  test('bots/cloudformation.js gives serverless.yml the same resources, named per stage', async () => {
    // As serverless loads it: a plain Node process, the shim loading the TypeScript through tsx.
    const script = `require(${JSON.stringify(join(DEFAULT_BOTS_DIR, 'cloudformation.js'))})({ resolveVariable: async (v) => ({ 'self:service': 'whatsthat', 'sls:stage': 'dev' })[v] }).then((r) => process.stdout.write(JSON.stringify(r)))`;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: ROOT, maxBuffer: 10 * 1024 * 1024 });
    expect(JSON.parse(stdout)).toEqual(fragment);
  });

  test('`serverless package` with the include produces a template that passes the offline validation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whatsthat-sls-'));
    try {
      writeFileSync(join(dir, 'handler.js'), 'exports.handler = async () => ({});\n');
      writeFileSync(
        join(dir, 'serverless.yml'),
        [
          'service: whatsthat',
          "frameworkVersion: '4'",
          'provider: { name: aws, runtime: nodejs22.x, region: us-east-1 }',
          'functions:',
          '  lexFulfilment: { handler: handler.handler, timeout: 29 }',
          'resources:',
          `  - \${file(${join(DEFAULT_BOTS_DIR, 'cloudformation.js')})}`,
          '',
        ].join('\n'),
      );
      await run(join(ROOT, 'node_modules/.bin/serverless'), ['package', '--stage', 'ci'], { cwd: dir, env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' } });
      const template = JSON.parse(readFileSync(join(dir, '.serverless/cloudformation-template-update-stack.json'), 'utf8'));
      expect(template.Resources[FUNCTION_ID].Type).toBe('AWS::Lambda::Function');
      expect(template.Resources.LexBot.Properties.Name).toBe('whatsthat-ci');
      expect(await validateTemplate(template)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
