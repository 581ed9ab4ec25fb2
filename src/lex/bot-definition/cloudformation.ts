/**
 * Turns the bot definition into CloudFormation for serverless.yml: the bot with its locales
 * inline (AWS::Lex::Bot), a version, the alias whose code hook is the fulfilment function, the
 * role Lex runs the bot with, and the permission for Lex to invoke the function.
 */
import { createHash } from 'node:crypto';
import { loadBotDefinition } from './load-bot-definition';
import type { BotDefinition, IntentDefinition, LocaleDefinition, MessageGroup, SlotDefinition, SlotTypeDefinition } from './model';

export interface BotResourcesOptions {
  /** Logical id of the fulfilment function (serverless names function `lexFulfilment` `LexFulfilmentLambdaFunction`). */
  fulfilmentFunctionLogicalId: string;
  /** Bot name in the account; defaults to the name in Bot.json. Give each stage its own. */
  botName?: string;
  aliasName?: string;
  /** Defaults to the definition in `bots/`. */
  definition?: BotDefinition;
}

export interface CloudFormationFragment {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;
  Outputs: Record<string, { Description: string; Value: unknown }>;
}

export const BOT_LOGICAL_ID = 'LexBot';
export const BOT_ROLE_LOGICAL_ID = 'LexBotRole';
export const BOT_ALIAS_LOGICAL_ID = 'LexBotAlias';
export const BOT_PERMISSION_LOGICAL_ID = 'LexBotInvokePermission';
/** Followed by a hash of the bot: a changed bot gets a new logical id, hence a new published version. */
export const BOT_VERSION_LOGICAL_ID_PREFIX = 'LexBotVersion';

export function botCloudFormationResources(options: BotResourcesOptions): CloudFormationFragment {
  const bot = options.definition ?? loadBotDefinition();
  const functionArn = { 'Fn::GetAtt': [options.fulfilmentFunctionLogicalId, 'Arn'] };
  const codeHookLocales = bot.locales.map((l) => ({
    LocaleId: l.localeId,
    BotAliasLocaleSetting: {
      Enabled: true,
      CodeHookSpecification: { LambdaCodeHook: { LambdaArn: functionArn, CodeHookInterfaceVersion: '1.0' } },
    },
  }));

  const botProperties: Record<string, unknown> = {
    Name: options.botName ?? bot.name,
    ...(bot.description ? { Description: bot.description } : {}),
    RoleArn: { 'Fn::GetAtt': [BOT_ROLE_LOGICAL_ID, 'Arn'] },
    DataPrivacy: { ChildDirected: bot.childDirected },
    IdleSessionTTLInSeconds: bot.idleSessionTTLInSeconds,
    AutoBuildBotLocales: true,
    BotLocales: bot.locales.map(botLocale),
    // The console's test window talks to the draft through this alias: give it the code hook too.
    TestBotAliasSettings: { BotAliasLocaleSettings: codeHookLocales },
  };
  const versionLogicalId = BOT_VERSION_LOGICAL_ID_PREFIX + shortHash(botProperties);

  return {
    Resources: {
      [BOT_ROLE_LOGICAL_ID]: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lexv2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
          Policies: [
            {
              PolicyName: 'lex-bot-runtime',
              PolicyDocument: {
                Version: '2012-10-17',
                // What Lex's own service-linked role grants a bot: voices and sentiment.
                Statement: [{ Effect: 'Allow', Action: ['polly:SynthesizeSpeech', 'comprehend:DetectSentiment'], Resource: '*' }],
              },
            },
          ],
        },
      },
      [BOT_LOGICAL_ID]: { Type: 'AWS::Lex::Bot', Properties: botProperties },
      [versionLogicalId]: {
        Type: 'AWS::Lex::BotVersion',
        Properties: {
          BotId: { Ref: BOT_LOGICAL_ID },
          BotVersionLocaleSpecification: bot.locales.map((l) => ({ LocaleId: l.localeId, BotVersionLocaleDetails: { SourceBotVersion: 'DRAFT' } })),
        },
      },
      [BOT_ALIAS_LOGICAL_ID]: {
        Type: 'AWS::Lex::BotAlias',
        DependsOn: [BOT_PERMISSION_LOGICAL_ID],
        Properties: {
          BotId: { Ref: BOT_LOGICAL_ID },
          BotAliasName: options.aliasName ?? 'live',
          BotVersion: { 'Fn::GetAtt': [versionLogicalId, 'BotVersion'] },
          BotAliasLocaleSettings: codeHookLocales,
        },
      },
      [BOT_PERMISSION_LOGICAL_ID]: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: functionArn,
          Principal: 'lexv2.amazonaws.com',
          // Every alias of this bot, the console's test alias included.
          SourceArn: { 'Fn::Sub': `arn:\${AWS::Partition}:lex:\${AWS::Region}:\${AWS::AccountId}:bot-alias/\${${BOT_LOGICAL_ID}}/*` },
        },
      },
    },
    Outputs: {
      LexBotId: { Description: 'Lex V2 bot id (LEX_BOT_ID for npm run ask)', Value: { Ref: BOT_LOGICAL_ID } },
      LexBotAliasId: { Description: 'Lex V2 bot alias id (LEX_BOT_ALIAS_ID for npm run ask)', Value: { 'Fn::GetAtt': [BOT_ALIAS_LOGICAL_ID, 'BotAliasId'] } },
    },
  };
}

function botLocale(locale: LocaleDefinition): Record<string, unknown> {
  return {
    LocaleId: locale.localeId,
    ...(locale.description ? { Description: locale.description } : {}),
    NluConfidenceThreshold: locale.nluConfidenceThreshold,
    ...(locale.voice ? { VoiceSettings: { VoiceId: locale.voice.voiceId, ...(locale.voice.engine ? { Engine: locale.voice.engine } : {}) } } : {}),
    ...(locale.slotTypes.length > 0 ? { SlotTypes: locale.slotTypes.map(slotType) } : {}),
    Intents: locale.intents.map(intent),
  };
}

function slotType(type: SlotTypeDefinition): Record<string, unknown> {
  return {
    Name: type.name,
    ...(type.description ? { Description: type.description } : {}),
    ...(type.parentSlotTypeSignature ? { ParentSlotTypeSignature: type.parentSlotTypeSignature } : {}),
    SlotTypeValues: type.values.map((v) => ({
      SampleValue: { Value: v.value },
      ...(v.synonyms.length > 0 ? { Synonyms: v.synonyms.map((s) => ({ Value: s })) } : {}),
    })),
    // CloudFormation spells the strategies differently from the export files.
    ValueSelectionSetting: { ResolutionStrategy: type.resolutionStrategy === 'OriginalValue' ? 'ORIGINAL_VALUE' : 'TOP_RESOLUTION' },
  };
}

function intent(def: IntentDefinition): Record<string, unknown> {
  return {
    Name: def.name,
    ...(def.description ? { Description: def.description } : {}),
    ...(def.parentIntentSignature ? { ParentIntentSignature: def.parentIntentSignature } : {}),
    ...(def.sampleUtterances.length > 0 ? { SampleUtterances: def.sampleUtterances.map((u) => ({ Utterance: u })) } : {}),
    ...(def.dialogCodeHook ? { DialogCodeHook: { Enabled: true } } : {}),
    ...(def.fulfillmentCodeHook ? { FulfillmentCodeHook: { Enabled: true } } : {}),
    ...(def.slots.length > 0
      ? { Slots: def.slots.map(slot), SlotPriorities: def.slots.map((s, n) => ({ Priority: n + 1, SlotName: s.name })) }
      : {}),
    ...(def.closingResponse ? { IntentClosingSetting: { ClosingResponse: { MessageGroupsList: def.closingResponse.map(messageGroup) } } } : {}),
  };
}

function slot(def: SlotDefinition): Record<string, unknown> {
  return {
    Name: def.name,
    ...(def.description ? { Description: def.description } : {}),
    SlotTypeName: def.slotTypeName,
    ...(def.obfuscated ? { ObfuscationSetting: { ObfuscationSettingType: 'DefaultObfuscation' } } : {}),
    ValueElicitationSetting: {
      SlotConstraint: def.required ? 'Required' : 'Optional',
      ...(def.prompt
        ? {
            PromptSpecification: {
              MessageGroupsList: def.prompt.messageGroups.map(messageGroup),
              MaxRetries: def.prompt.maxRetries,
              AllowInterrupt: def.prompt.allowInterrupt,
            },
          }
        : {}),
      ...(def.sampleUtterances.length > 0 ? { SampleUtterances: def.sampleUtterances.map((u) => ({ Utterance: u })) } : {}),
    },
  };
}

function messageGroup(group: MessageGroup): Record<string, unknown> {
  return {
    Message: { PlainTextMessage: { Value: group.message } },
    ...(group.variations.length > 0 ? { Variations: group.variations.map((v) => ({ PlainTextMessage: { Value: v } })) } : {}),
  };
}

function shortHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 10);
}
