import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadResourceSpecs } from '../../src/dev/cloudformation/resource-spec';
import { validateTemplate } from '../../src/dev/cloudformation/validate-template';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A small but complete stack: encrypted bucket, Lambda + role + permission, a Lex bot with one locale/intent/slot. */
function validTemplate(): Json {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'whatsthat validator fixture',
    Parameters: {
      Stage: { Type: 'String', Default: 'dev' },
    },
    Mappings: {
      Memory: { dev: { Size: 1024 }, prod: { Size: 2048 } },
    },
    Conditions: {
      IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] },
      IsNotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
    },
    Resources: {
      ModelBucket: {
        Type: 'AWS::S3::Bucket',
        DeletionPolicy: 'Retain',
        Properties: {
          BucketName: { 'Fn::Sub': 'whatsthat-models-${Stage}-${AWS::AccountId}' },
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
          },
          VersioningConfiguration: { Status: 'Enabled' },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: 'true', IgnorePublicAcls: true, RestrictPublicBuckets: true },
          Tags: [{ Key: 'project', Value: 'whatsthat' }],
        },
      },
      FunctionRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
          ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }],
          Policies: [
            {
              PolicyName: 'read-model',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': '${ModelBucket.Arn}/*' } }],
              },
            },
          ],
        },
      },
      LexFunction: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Runtime: 'nodejs22.x',
          Handler: 'index.handler',
          Code: { ZipFile: 'exports.handler = async () => ({});' },
          Role: { 'Fn::GetAtt': ['FunctionRole', 'Arn'] },
          MemorySize: { 'Fn::FindInMap': ['Memory', { Ref: 'Stage' }, 'Size'] },
          Timeout: '30',
          Architectures: ['x86_64'],
          Environment: {
            Variables: {
              MODEL_BUCKET: { Ref: 'ModelBucket' },
              REGION_LABEL: { 'Fn::Sub': ['${Region}-${!NotAVariable}', { Region: { Ref: 'AWS::Region' } }] },
              LOG_LEVEL: { 'Fn::If': ['IsProd', 'info', 'debug'] },
            },
          },
          ReservedConcurrentExecutions: { 'Fn::If': ['IsProd', 10, { Ref: 'AWS::NoValue' }] },
        },
      },
      LexInvokePermission: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          FunctionName: { 'Fn::GetAtt': 'LexFunction.Arn' },
          Action: 'lambda:InvokeFunction',
          Principal: 'lexv2.amazonaws.com',
          SourceArn: { 'Fn::Join': ['', ['arn:aws:lex:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':bot-alias/', { Ref: 'Bot' }, '/*']] },
        },
      },
      BotRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lexv2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
        },
      },
      Bot: {
        Type: 'AWS::Lex::Bot',
        DependsOn: ['LexFunction'],
        Properties: {
          Name: { 'Fn::Sub': 'whatsthat-${Stage}' },
          RoleArn: { 'Fn::GetAtt': ['BotRole', 'Arn'] },
          DataPrivacy: { ChildDirected: false },
          IdleSessionTTLInSeconds: 300,
          AutoBuildBotLocales: true,
          BotLocales: [
            {
              LocaleId: 'en_US',
              NluConfidenceThreshold: '0.40',
              SlotTypes: [
                {
                  Name: 'ImageSource',
                  ValueSelectionSetting: { ResolutionStrategy: 'ORIGINAL_VALUE' },
                  SlotTypeValues: [{ SampleValue: { Value: 'photo' } }],
                },
              ],
              Intents: [
                {
                  Name: 'DescribeImage',
                  SampleUtterances: [{ Utterance: 'what is in this picture' }, { Utterance: 'describe {Source}' }],
                  FulfillmentCodeHook: { Enabled: true },
                  Slots: [
                    {
                      Name: 'Source',
                      SlotTypeName: 'ImageSource',
                      ValueElicitationSetting: { SlotConstraint: 'Optional' },
                    },
                  ],
                  SlotPriorities: [{ Priority: 1, SlotName: 'Source' }],
                },
                { Name: 'FallbackIntent', ParentIntentSignature: 'AMAZON.FallbackIntent' },
              ],
            },
          ],
        },
      },
      BotVersion: {
        Type: 'AWS::Lex::BotVersion',
        Properties: {
          BotId: { Ref: 'Bot' },
          BotVersionLocaleSpecification: [{ LocaleId: 'en_US', BotVersionLocaleDetails: { SourceBotVersion: 'DRAFT' } }],
        },
      },
    },
    Outputs: {
      BucketName: { Value: { Ref: 'ModelBucket' }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-ModelBucket' } } },
      BotId: { Value: { 'Fn::GetAtt': ['Bot', 'Id'] }, Description: 'Lex bot id' },
      BotArn: { Value: { 'Fn::GetAtt': 'Bot.Arn' }, Condition: 'IsNotProd' },
    },
  };
}

/** The problems reported for the valid template after `change` breaks it. */
async function problemsAfter(change: (template: Json) => void): Promise<string[]> {
  const template = validTemplate();
  change(template);
  return validateTemplate(template);
}

describe('validateTemplate on a valid stack', () => {
  test('reports nothing for an S3 bucket, a Lambda function with its role and permission, and a Lex bot', async () => {
    expect(await validateTemplate(validTemplate())).toEqual([]);
  });

  test('loads the resource schemas once and shares them', async () => {
    const [first, second] = await Promise.all([loadResourceSpecs(), loadResourceSpecs()]);
    expect(second).toBe(first);
    expect(await loadResourceSpecs()).toBe(first);
    expect(first.resourceType('AWS::Lex::Bot')?.properties.RoleArn.required).toBe(true);
  });
});

describe('unknown properties', () => {
  test('at the top of a resource, with a spelling hint', async () => {
    expect(await problemsAfter((t) => (t.Resources.ModelBucket.Properties.BucketNam = 'x'))).toEqual([
      'Resources.ModelBucket (AWS::S3::Bucket) Properties.BucketNam: unknown property of AWS::S3::Bucket (did you mean BucketName?)',
    ]);
  });

  test('inside nested property types and lists of them', async () => {
    const problems = await problemsAfter((t) => {
      const byDefault = t.Resources.ModelBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
      byDefault.SSEAlgorithmX = byDefault.SSEAlgorithm;
      delete byDefault.SSEAlgorithm;
    });
    expect(problems).toEqual([
      'Resources.ModelBucket (AWS::S3::Bucket) Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithmX: unknown property of ServerSideEncryptionByDefault (did you mean SSEAlgorithm?)',
      'Resources.ModelBucket (AWS::S3::Bucket) Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault: missing required property SSEAlgorithm of ServerSideEncryptionByDefault',
    ]);
  });

  test('deep inside the Lex bot locales, intents and utterances', async () => {
    const problems = await problemsAfter((t) => {
      t.Resources.Bot.Properties.BotLocales[0].Intents[0].SampleUtterances[1].Text = 'describe it';
      t.Resources.Bot.Properties.BotLocales[0].Intents[0].Slots[0].ValueElicitationSetting.Constraint = 'Required';
    });
    expect(problems).toEqual([
      'Resources.Bot (AWS::Lex::Bot) Properties.BotLocales[0].Intents[0].SampleUtterances[1].Text: unknown property of SampleUtterance (known: Utterance)',
      expect.stringMatching(
        /^Resources\.Bot \(AWS::Lex::Bot\) Properties\.BotLocales\[0\]\.Intents\[0\]\.Slots\[0\]\.ValueElicitationSetting\.Constraint: unknown property of SlotValueElicitationSetting/,
      ),
    ]);
  });

  test('in a tag, and in a map of nested types', async () => {
    const problems = await problemsAfter((t) => {
      t.Resources.ModelBucket.Properties.Tags[0] = { Name: 'project', Value: 'whatsthat' };
      t.Resources.RouteResponse = {
        Type: 'AWS::ApiGatewayV2::RouteResponse',
        Properties: {
          ApiId: 'api',
          RouteId: 'route',
          RouteResponseKey: '$default',
          ResponseParameters: { 'method.response.header.x': { Required: true }, 'method.response.header.y': { Requried: true } },
        },
      };
    });
    expect(problems).toEqual([
      'Resources.ModelBucket (AWS::S3::Bucket) Properties.Tags[0].Name: unknown property of Tag (known: Key, Value)',
      'Resources.ModelBucket (AWS::S3::Bucket) Properties.Tags[0]: missing required property Key of Tag',
      'Resources.RouteResponse (AWS::ApiGatewayV2::RouteResponse) Properties.ResponseParameters."method.response.header.y".Requried: unknown property of ParameterConstraints (did you mean Required?)',
      'Resources.RouteResponse (AWS::ApiGatewayV2::RouteResponse) Properties.ResponseParameters."method.response.header.y": missing required property Required of ParameterConstraints',
    ]);
  });
});

describe('missing required properties', () => {
  test('a Lex bot without RoleArn, DataPrivacy and IdleSessionTTLInSeconds', async () => {
    const problems = await problemsAfter((t) => {
      delete t.Resources.Bot.Properties.RoleArn;
      delete t.Resources.Bot.Properties.DataPrivacy;
      delete t.Resources.Bot.Properties.IdleSessionTTLInSeconds;
    });
    expect(problems.sort()).toEqual([
      'Resources.Bot (AWS::Lex::Bot) Properties: missing required property DataPrivacy of AWS::Lex::Bot',
      'Resources.Bot (AWS::Lex::Bot) Properties: missing required property IdleSessionTTLInSeconds of AWS::Lex::Bot',
      'Resources.Bot (AWS::Lex::Bot) Properties: missing required property RoleArn of AWS::Lex::Bot',
    ]);
  });

  test('nested ones in bot locales, intents and slots', async () => {
    const problems = await problemsAfter((t) => {
      const locale = t.Resources.Bot.Properties.BotLocales[0];
      delete locale.NluConfidenceThreshold;
      delete locale.Intents[0].Slots[0].SlotTypeName;
      delete locale.Intents[1].Name;
      locale.Intents[0].SampleUtterances.push({});
    });
    expect(problems).toEqual([
      'Resources.Bot (AWS::Lex::Bot) Properties.BotLocales[0].Intents[0].SampleUtterances[2]: missing required property Utterance of SampleUtterance',
      'Resources.Bot (AWS::Lex::Bot) Properties.BotLocales[0].Intents[0].Slots[0]: missing required property SlotTypeName of Slot',
      'Resources.Bot (AWS::Lex::Bot) Properties.BotLocales[0].Intents[1]: missing required property Name of Intent',
      'Resources.Bot (AWS::Lex::Bot) Properties.BotLocales[0]: missing required property NluConfidenceThreshold of BotLocale',
    ]);
  });

  test('a required property set to AWS::NoValue counts as missing', async () => {
    expect(await problemsAfter((t) => (t.Resources.LexFunction.Properties.Role = { Ref: 'AWS::NoValue' }))).toEqual([
      'Resources.LexFunction (AWS::Lambda::Function) Properties: missing required property Role of AWS::Lambda::Function',
    ]);
  });
});

describe('value types', () => {
  test('a string where a list is required', async () => {
    expect(await problemsAfter((t) => (t.Resources.LexFunction.Properties.Architectures = 'x86_64'))).toEqual([
      'Resources.LexFunction (AWS::Lambda::Function) Properties.Architectures: expected a list of string, got a string ("x86_64")',
    ]);
  });

  test('objects, lists and words where numbers, strings and booleans are required', async () => {
    const problems = await problemsAfter((t) => {
      t.Resources.LexFunction.Properties.Handler = { file: 'index' };
      t.Resources.LexFunction.Properties.Timeout = 'thirty';
      t.Resources.Bot.Properties.IdleSessionTTLInSeconds = 300.5;
      t.Resources.Bot.Properties.AutoBuildBotLocales = 'yes';
      t.Resources.Bot.Properties.DataPrivacy = [{ ChildDirected: false }];
      t.Resources.LexFunction.Properties.Environment.Variables.LIMITS = { width: 224 };
    });
    expect(problems.sort()).toEqual([
      'Resources.Bot (AWS::Lex::Bot) Properties.AutoBuildBotLocales: expected a boolean, got a string ("yes")',
      'Resources.Bot (AWS::Lex::Bot) Properties.DataPrivacy: expected a DataPrivacy object, got a list',
      'Resources.Bot (AWS::Lex::Bot) Properties.IdleSessionTTLInSeconds: expected an integer, got a number (300.5)',
      'Resources.LexFunction (AWS::Lambda::Function) Properties.Environment.Variables.LIMITS: expected a string, got an object',
      'Resources.LexFunction (AWS::Lambda::Function) Properties.Handler: expected a string, got an object',
      'Resources.LexFunction (AWS::Lambda::Function) Properties.Timeout: expected an integer, got a string ("thirty")',
    ]);
  });

  test('a value outside the allowed ones', async () => {
    expect(
      await problemsAfter((t) => (t.Resources.ModelBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm = 'AES257')),
    ).toEqual([
      'Resources.ModelBucket (AWS::S3::Bucket) Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm: "AES257" is not an allowed value (aws:kms, AES256, aws:kms:dsse)',
    ]);
  });

  test('an intrinsic function whose result can never fit, and each Fn::If branch on its own', async () => {
    const problems = await problemsAfter((t) => {
      t.Resources.LexFunction.Properties.Architectures = { 'Fn::Join': [',', ['x86_64']] };
      t.Resources.LexFunction.Properties.ReservedConcurrentExecutions = { 'Fn::If': ['IsProd', 'ten', { Ref: 'AWS::NoValue' }] };
    });
    expect(problems).toEqual([
      'Resources.LexFunction (AWS::Lambda::Function) Properties.Architectures: Fn::Join gives a string, but a list of string is expected',
      'Resources.LexFunction (AWS::Lambda::Function) Properties.ReservedConcurrentExecutions: expected an integer, got a string ("ten")',
    ]);
  });
});

describe('references', () => {
  test('Ref to a logical id that is neither a resource, a parameter nor a pseudo parameter', async () => {
    const problems = await problemsAfter((t) => {
      t.Resources.LexFunction.Properties.Environment.Variables.MODEL_BUCKET = { Ref: 'ModelBuckt' };
      t.Resources.LexFunction.Properties.Environment.Variables.REGION = { Ref: 'AWS::Regio' };
    });
    expect(problems).toEqual([
      'Resources.LexFunction (AWS::Lambda::Function) Properties.Environment.Variables.MODEL_BUCKET.Ref: Ref to ModelBuckt, which is not a resource, parameter or pseudo parameter of this template (did you mean ModelBucket?)',
      'Resources.LexFunction (AWS::Lambda::Function) Properties.Environment.Variables.REGION.Ref: Ref to AWS::Regio, which is not a resource, parameter or pseudo parameter of this template (did you mean AWS::Region?)',
    ]);
  });

  test('Fn::GetAtt of a missing attribute or a missing resource, in both forms', async () => {
    const problems = await problemsAfter((t) => {
      t.Resources.LexFunction.Properties.Role = { 'Fn::GetAtt': ['FunctionRole', 'Name'] };
      t.Resources.LexInvokePermission.Properties.FunctionName = { 'Fn::GetAtt': 'LexFunktion.Arn' };
    });
    expect(problems).toEqual([
      'Resources.LexFunction (AWS::Lambda::Function) Properties.Role.Fn::GetAtt: Fn::GetAtt of FunctionRole: AWS::IAM::Role has no attribute Name (it has Arn, RoleId)',
      'Resources.LexInvokePermission (AWS::Lambda::Permission) Properties.FunctionName.Fn::GetAtt: Fn::GetAtt of LexFunktion, which is not a resource of this template (did you mean LexFunction?)',
    ]);
  });

  test('Fn::Sub variables that are not defined, while the variables map and ${!Literal} escapes are respected', async () => {
    const problems = await problemsAfter((t) => {
      t.Resources.LexFunction.Properties.Environment.Variables.REGION_LABEL = {
        'Fn::Sub': ['${Region}-${Zone}-${!Literal}-${ModelBucket.Arn}-${ModelBucket.Nope}', { Region: { Ref: 'AWS::Region' } }],
      };
      t.Resources.ModelBucket.Properties.BucketName = { 'Fn::Sub': 'models-${Stag}' };
    });
    expect(problems).toEqual([
      'Resources.ModelBucket (AWS::S3::Bucket) Properties.BucketName.Fn::Sub: Fn::Sub variable ${Stag} is not a variable of this Fn::Sub, a resource, a parameter or a pseudo parameter (did you mean Stage?)',
      'Resources.LexFunction (AWS::Lambda::Function) Properties.Environment.Variables.REGION_LABEL.Fn::Sub: Fn::Sub variable ${Zone} is not a variable of this Fn::Sub, a resource, a parameter or a pseudo parameter',
      expect.stringMatching(
        /^Resources\.LexFunction \(AWS::Lambda::Function\) Properties\.Environment\.Variables\.REGION_LABEL\.Fn::Sub: Fn::Sub \$\{ModelBucket\.Nope\} of ModelBucket: AWS::S3::Bucket has no attribute Nope \(it has Arn, DomainName, /,
      ),
    ]);
  });

  test('DependsOn a resource that does not exist, or on itself', async () => {
    const problems = await problemsAfter((t) => {
      t.Resources.Bot.DependsOn = ['LexFunction', 'LexFunctionn'];
      t.Resources.BotRole.DependsOn = 'BotRole';
    });
    expect(problems).toEqual([
      'Resources.BotRole (AWS::IAM::Role) DependsOn: a resource cannot depend on itself',
      'Resources.Bot (AWS::Lex::Bot) DependsOn: LexFunctionn is not a resource of this template (did you mean LexFunction?)',
    ]);
  });

  test('resources that depend on each other in a circle', async () => {
    const problems = await problemsAfter((t) => {
      t.Resources.FunctionRole.Properties.Description = { 'Fn::Sub': 'role of ${LexFunction}' };
    });
    expect(problems).toEqual(['Resources: circular dependency between resources FunctionRole, LexFunction']);
  });

  test('conditions that are not defined, and Conditions that use resources', async () => {
    const problems = await problemsAfter((t) => {
      t.Resources.LexFunction.Properties.Environment.Variables.LOG_LEVEL = { 'Fn::If': ['IsPrdo', 'info', 'debug'] };
      t.Resources.BotVersion.Condition = 'IsDev';
      t.Conditions.HasBucket = { 'Fn::Equals': [{ Ref: 'ModelBucket' }, ''] };
    });
    expect(problems).toEqual([
      'Conditions.HasBucket Fn::Equals[0].Ref: Ref to resource ModelBucket: conditions can only use parameters and pseudo parameters',
      'Resources.LexFunction (AWS::Lambda::Function) Properties.Environment.Variables.LOG_LEVEL.Fn::If[0]: condition IsPrdo is not defined in Conditions (did you mean IsProd?)',
      'Resources.BotVersion (AWS::Lex::BotVersion) Condition: condition IsDev is not defined in Conditions',
    ]);
  });

  test('Fn::FindInMap of a missing mapping or key, and unknown intrinsic functions', async () => {
    const problems = await problemsAfter((t) => {
      t.Resources.LexFunction.Properties.MemorySize = { 'Fn::FindInMap': ['Memory', 'dev', 'Bytes'] };
      t.Resources.LexFunction.Properties.Timeout = { 'Fn::FindInMap': ['Timeouts', 'dev', 'Seconds'] };
      t.Resources.LexFunction.Properties.Handler = { 'Fn::Concat': ['index', '.handler'] };
    });
    expect(problems).toEqual([
      'Resources.LexFunction (AWS::Lambda::Function) Properties.Handler.Fn::Concat: unknown intrinsic function',
      'Resources.LexFunction (AWS::Lambda::Function) Properties.MemorySize.Fn::FindInMap: mapping Memory.dev has no key Bytes',
      'Resources.LexFunction (AWS::Lambda::Function) Properties.Timeout.Fn::FindInMap: mapping Timeouts is not defined in Mappings',
    ]);
  });

  test('Outputs that use missing resources or attributes, or have no Value', async () => {
    const problems = await problemsAfter((t) => {
      t.Outputs.BucketName.Value = { Ref: 'Bucket' };
      t.Outputs.BotId.Value = { 'Fn::GetAtt': ['Bot', 'BotId'] };
      t.Outputs.Empty = { Description: 'nothing' };
      t.Outputs.Exported = { Value: 'x', Export: { Name: { 'Fn::Sub': '${AWS::StackName}-${Missing}' } } };
    });
    expect(problems).toEqual([
      'Outputs.BucketName Value.Ref: Ref to Bucket, which is not a resource, parameter or pseudo parameter of this template',
      'Outputs.BotId Value.Fn::GetAtt: Fn::GetAtt of Bot: AWS::Lex::Bot has no attribute BotId (it has Id, Arn)',
      'Outputs.Empty: missing Value',
      'Outputs.Exported Export.Name.Fn::Sub: Fn::Sub variable ${Missing} is not a variable of this Fn::Sub, a resource, a parameter or a pseudo parameter',
    ]);
  });
});

describe('resource types and template shape', () => {
  test('an unknown resource type, with a spelling hint', async () => {
    expect(await problemsAfter((t) => (t.Resources.ModelBucket.Type = 'AWS::S3::Buckets'))).toEqual([
      'Resources.ModelBucket (AWS::S3::Buckets): unknown resource type (did you mean AWS::S3::Bucket?)',
    ]);
  });

  test('custom resources take any properties but need a ServiceToken', async () => {
    const problems = await problemsAfter((t) => {
      t.Resources.Seed = { Type: 'Custom::SeedModel', Properties: { ServiceToken: { 'Fn::GetAtt': ['LexFunction', 'Arn'] }, Anything: [1, 2] } };
      t.Resources.Broken = { Type: 'Custom::Broken', Properties: { Anything: true } };
      t.Outputs.SeedVersion = { Value: { 'Fn::GetAtt': ['Seed', 'Version'] } };
    });
    expect(problems).toEqual(['Resources.Broken (Custom::Broken) Properties: missing required property ServiceToken of Custom::Broken']);
  });

  test('resource entries without a Type, with unknown attributes or bad policies', async () => {
    const problems = await problemsAfter((t) => {
      t.Resources.Orphan = { Properties: {} };
      t.Resources.ModelBucket.DeletionPolicy = 'Keep';
      t.Resources.ModelBucket.DependOn = 'BotRole';
    });
    expect(problems).toEqual([
      'Resources.ModelBucket (AWS::S3::Bucket) DependOn: unknown resource attribute (did you mean DependsOn?)',
      'Resources.ModelBucket (AWS::S3::Bucket) DeletionPolicy: must be one of Delete, Retain, RetainExceptOnCreate, Snapshot',
      'Resources.Orphan Type: missing resource type (a string such as AWS::S3::Bucket)',
    ]);
  });

  test('null values, which CloudFormation rejects anywhere in a template', async () => {
    const problems = await problemsAfter((t) => {
      t.Resources.Bot.Properties.Description = null;
      t.Resources.FunctionRole.Properties.AssumeRolePolicyDocument.Statement[0].Condition = null;
      t.Outputs.BotId.Description = null;
    });
    expect(problems).toEqual([
      'Outputs.BotId Description: null is not allowed in a template (remove the key or give it a value)',
      'Resources.FunctionRole (AWS::IAM::Role) Properties.AssumeRolePolicyDocument.Statement[0].Condition: null is not allowed in a template (remove the key or give it a value)',
      'Resources.Bot (AWS::Lex::Bot) Properties.Description: null is not allowed in a template (remove the key or give it a value)',
    ]);
  });

  test('more resources than CloudFormation allows in one stack', async () => {
    const problems = await problemsAfter((t) => {
      for (let i = Object.keys(t.Resources).length; i <= 500; i++) t.Resources[`Topic${i}`] = { Type: 'AWS::SNS::Topic' };
    });
    expect(problems).toEqual(['Resources: 501 declared; CloudFormation allows at most 500']);
  });

  test('a template without Resources, with unknown sections or bad logical ids', async () => {
    expect(await validateTemplate({ AWSTemplateFormatVersion: '2010-09-09', Output: {} })).toEqual([
      'Template: unknown top-level section Output (did you mean Outputs?)',
      'Template: the Resources section is required',
    ]);
    expect(await validateTemplate({ Resources: {} })).toEqual(['Resources: must declare at least one resource']);
    expect(await validateTemplate({ Resources: { 'my-topic': { Type: 'AWS::SNS::Topic' } }, AWSTemplateFormatVersion: '2012-01-01' })).toEqual([
      'AWSTemplateFormatVersion: must be "2010-09-09"',
      'Resources.my-topic: logical ids may contain only letters and digits',
    ]);
    expect(await validateTemplate([] as object)).toEqual(['Template: must be a JSON object']);
  });
});

describe('the template `serverless package` writes', () => {
  let directory: string;
  let template: Json;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'whatsthat-cfn-'));
    copyFileSync(join(__dirname, 'fixtures/serverless-app/serverless.yml'), join(directory, 'serverless.yml'));
    writeFileSync(join(directory, 'handler.js'), 'exports.lex = exports.slack = exports.worker = async () => ({});\n');
    const serverless = join(__dirname, '../../node_modules/.bin/serverless');
    await promisify(execFile)(serverless, ['package', '--package', join(directory, 'out')], { cwd: directory });
    template = JSON.parse(readFileSync(join(directory, 'out/cloudformation-template-update-stack.json'), 'utf8'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  test('passes for Lambda functions with HTTP API, REST API, function URL, SQS and schedule events and a Lex bot', async () => {
    const types = Object.values(template.Resources).map((resource) => (resource as Json).Type);
    expect(types).toEqual(
      expect.arrayContaining(['AWS::Lambda::Function', 'AWS::IAM::Role', 'AWS::ApiGateway::Method', 'AWS::ApiGatewayV2::Route', 'AWS::Lambda::EventSourceMapping', 'AWS::Lex::Bot']),
    );
    expect(await validateTemplate(template)).toEqual([]);
  });

  test('reports what a broken edit of it gets wrong', async () => {
    const broken = structuredClone(template);
    broken.Resources.LexLambdaFunction.Properties.MemorySize = 'a lot';
    broken.Resources.Queue.Properties.RedrivePolicy = { deadLetterTargetArn: { 'Fn::GetAtt': ['WorkerLambdaFunction', 'Arn'] } };
    expect(await validateTemplate(broken)).toEqual([
      'Resources.LexLambdaFunction (AWS::Lambda::Function) Properties.MemorySize: expected an integer, got a string ("a lot")',
      'Resources: circular dependency between resources IamRoleLambdaExecution, Queue, WorkerLambdaFunction',
    ]);
  });
});
