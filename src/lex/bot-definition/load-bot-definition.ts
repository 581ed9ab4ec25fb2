/**
 * Reads `bots/` — the Lex V2 import/export layout (docs.aws.amazon.com/lexv2/latest/dg/import-export-format.html):
 *
 *   Manifest.json
 *   <BotName>/Bot.json
 *   <BotName>/BotLocales/<locale>/BotLocale.json
 *   <BotName>/BotLocales/<locale>/Intents/<Intent>/Intent.json
 *   <BotName>/BotLocales/<locale>/Intents/<Intent>/Slots/<Slot>/Slot.json
 *   <BotName>/BotLocales/<locale>/SlotTypes/<Type>/SlotType.json
 *
 * Everything is checked here, once, with errors that name the file and field. A setting the
 * generator does not carry over to CloudFormation is refused rather than silently dropped.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  FALLBACK_INTENT_SIGNATURE,
  placeholdersOf,
  type BotDefinition,
  type IntentDefinition,
  type LocaleDefinition,
  type MessageGroup,
  type PromptDefinition,
  type SlotDefinition,
  type SlotTypeDefinition,
} from './model';

export const DEFAULT_BOTS_DIR = resolve(__dirname, '..', '..', '..', 'bots');

export class BotDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BotDefinitionError';
  }
}

type Json = Record<string, unknown>;

/** Reads one JSON file and checks fields against it, naming the file in every error. */
class JsonFile {
  readonly data: Json;

  constructor(
    readonly path: string,
    private readonly root: string,
  ) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new BotDefinitionError(`${this.name}: cannot read (${(e as Error).message})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new BotDefinitionError(`${this.name}: not valid JSON (${(e as Error).message})`);
    }
    this.data = this.object(parsed, '');
  }

  get name(): string {
    return relative(this.root, this.path) || this.path;
  }

  fail(field: string, problem: string): never {
    throw new BotDefinitionError(`${this.name}: ${field ? `"${field}" ` : ''}${problem}`);
  }

  object(value: unknown, field: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(field, 'must be an object');
    return value as Json;
  }

  /** Refuses keys outside `known` unless null/false/empty: exports carry many such placeholders. */
  only(obj: Json, field: string, known: readonly string[]): void {
    for (const [key, value] of Object.entries(obj)) {
      if (known.includes(key) || isEmpty(value)) continue;
      this.fail(join2(field, key), `is not supported by the bot generator (supported here: ${known.join(', ')})`);
    }
  }

  string(obj: Json, key: string, field = ''): string {
    const value = obj[key];
    if (typeof value !== 'string' || value.trim() === '') this.fail(join2(field, key), 'must be a non-empty string');
    return value;
  }

  optionalString(obj: Json, key: string, field = ''): string | undefined {
    return obj[key] === undefined || obj[key] === null || obj[key] === '' ? undefined : this.string(obj, key, field);
  }

  number(obj: Json, key: string, field: string, min: number, max: number): number {
    const value = obj[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      this.fail(join2(field, key), `must be a number from ${min} to ${max}`);
    }
    return value;
  }

  boolean(obj: Json, key: string, field: string, fallback: boolean): boolean {
    const value = obj[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') this.fail(join2(field, key), 'must be true or false');
    return value;
  }

  array(obj: Json, key: string, field = ''): unknown[] {
    const value = obj[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(join2(field, key), 'must be an array');
    return value;
  }
}

/** Lex caps every description at 200 characters. */
function descriptionOf(file: JsonFile, obj: Json): string | undefined {
  const text = file.optionalString(obj, 'description');
  if (text !== undefined && text.length > 200) file.fail('description', `is ${text.length} characters; Lex allows 200`);
  return text;
}

function join2(field: string, key: string): string {
  return field ? `${field}.${key}` : key;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === false || (Array.isArray(value) && value.length === 0);
}

const BOT_NAME = /^([0-9a-zA-Z][_-]?){1,100}$/;
const INTENT_OR_SLOT_NAME = /^([0-9a-zA-Z][_-]?){1,100}$/;

export function loadBotDefinition(dir: string = DEFAULT_BOTS_DIR): BotDefinition {
  const root = resolve(dir);
  const manifestPath = ['Manifest.json', 'manifest.json'].map((n) => join(root, n)).find((p) => existsSync(p));
  if (!manifestPath) throw new BotDefinitionError(`${root}: no Manifest.json (Lex V2 import/export layout expected)`);
  const manifest = new JsonFile(manifestPath, root);
  const metadata = manifest.object(manifest.data.metadata, 'metadata');
  if (metadata.fileFormat !== 'LexJson') manifest.fail('metadata.fileFormat', 'must be "LexJson"');
  if (metadata.resourceType !== 'Bot') manifest.fail('metadata.resourceType', 'must be "Bot" (a whole bot, not one locale)');

  const botDirs = subdirectories(root).filter((d) => existsSync(join(d, 'Bot.json')));
  if (botDirs.length !== 1) throw new BotDefinitionError(`${root}: expected exactly one <BotName>/Bot.json, found ${botDirs.length}`);
  const botDir = botDirs[0];
  const botFile = new JsonFile(join(botDir, 'Bot.json'), root);
  const b = botFile.data;
  botFile.only(b, '', ['name', 'identifier', 'version', 'description', 'dataPrivacy', 'idleSessionTTLInSeconds']);
  const name = botFile.string(b, 'name');
  if (!BOT_NAME.test(name)) botFile.fail('name', 'must be letters and digits, optionally separated by single _ or -');
  const dataPrivacy = botFile.object(b.dataPrivacy, 'dataPrivacy');
  botFile.only(dataPrivacy, 'dataPrivacy', ['childDirected']);
  if (dataPrivacy.childDirected === undefined) botFile.fail('dataPrivacy.childDirected', 'is required (true or false)');
  const childDirected = botFile.boolean(dataPrivacy, 'childDirected', 'dataPrivacy', false);

  const localeDirs = subdirectories(join(botDir, 'BotLocales'));
  if (localeDirs.length === 0) throw new BotDefinitionError(`${relative(root, botDir)}: no BotLocales/<locale>/BotLocale.json`);

  return {
    name,
    description: descriptionOf(botFile, b),
    idleSessionTTLInSeconds: botFile.number(b, 'idleSessionTTLInSeconds', '', 60, 86_400),
    childDirected,
    locales: localeDirs.map((d) => loadLocale(d, root)),
  };
}

function loadLocale(dir: string, root: string): LocaleDefinition {
  const file = new JsonFile(join(dir, 'BotLocale.json'), root);
  const l = file.data;
  file.only(l, '', ['name', 'identifier', 'version', 'description', 'voiceSettings', 'nluConfidenceThreshold']);
  const localeId = file.string(l, 'identifier');
  if (localeId !== lastSegment(dir)) file.fail('identifier', `must match its folder name "${lastSegment(dir)}"`);
  let voice: LocaleDefinition['voice'];
  if (l.voiceSettings) {
    const v = file.object(l.voiceSettings, 'voiceSettings');
    file.only(v, 'voiceSettings', ['voiceId', 'engine']);
    voice = { voiceId: file.string(v, 'voiceId', 'voiceSettings'), engine: file.optionalString(v, 'engine', 'voiceSettings') };
  }
  const slotTypes = subdirectories(join(dir, 'SlotTypes')).map((d) => loadSlotType(d, root));
  const intents = subdirectories(join(dir, 'Intents')).map((d) => loadIntent(d, root));
  const locale: LocaleDefinition = {
    localeId,
    description: descriptionOf(file, l),
    nluConfidenceThreshold: file.number(l, 'nluConfidenceThreshold', '', 0, 1),
    voice,
    intents,
    slotTypes,
  };
  checkLocale(locale, relative(root, dir));
  return locale;
}

function loadIntent(dir: string, root: string): IntentDefinition {
  const file = new JsonFile(join(dir, 'Intent.json'), root);
  const i = file.data;
  file.only(i, '', [
    'name',
    'identifier',
    'description',
    'parentIntentSignature',
    'sampleUtterances',
    'dialogCodeHook',
    'fulfillmentCodeHook',
    'slotPriorities',
    'intentClosingSetting',
  ]);
  const name = file.string(i, 'name');
  if (name !== lastSegment(dir)) file.fail('name', `must match its folder name "${lastSegment(dir)}"`);
  if (!INTENT_OR_SLOT_NAME.test(name)) file.fail('name', 'must be letters and digits, optionally separated by single _ or -');

  const sampleUtterances = utterances(file, i, 'sampleUtterances');
  const dialogCodeHook = codeHookEnabled(file, i, 'dialogCodeHook', ['enabled']);
  const fulfillmentCodeHook = codeHookEnabled(file, i, 'fulfillmentCodeHook', ['enabled', 'active']);

  const slotsByName = new Map(subdirectories(join(dir, 'Slots')).map((d) => [lastSegment(d), loadSlot(d, root)]));
  const priorities = file.array(i, 'slotPriorities').map((p, n) => {
    const field = `slotPriorities[${n}]`;
    const o = file.object(p, field);
    file.only(o, field, ['priority', 'slotName']);
    const slotName = file.string(o, 'slotName', field);
    if (!slotsByName.has(slotName)) file.fail(`${field}.slotName`, `names "${slotName}", which has no Slots/${slotName}/Slot.json`);
    return { slotName, priority: file.number(o, 'priority', field, 1, 100) };
  });
  const unprioritised = [...slotsByName.keys()].filter((s) => !priorities.some((p) => p.slotName === s));
  if (unprioritised.length > 0) file.fail('slotPriorities', `must list every slot; missing ${unprioritised.join(', ')}`);
  const slots = priorities.sort((a, b) => a.priority - b.priority).map((p) => slotsByName.get(p.slotName) as SlotDefinition);

  for (const u of sampleUtterances) {
    for (const placeholder of placeholdersOf(u)) {
      if (!slotsByName.has(placeholder)) file.fail('sampleUtterances', `"${u}" uses {${placeholder}}, which is not a slot of ${name}`);
    }
  }

  let closingResponse: MessageGroup[] | undefined;
  if (i.intentClosingSetting) {
    const c = file.object(i.intentClosingSetting, 'intentClosingSetting');
    file.only(c, 'intentClosingSetting', ['closingResponse', 'active']);
    const r = file.object(c.closingResponse, 'intentClosingSetting.closingResponse');
    file.only(r, 'intentClosingSetting.closingResponse', ['messageGroupsList', 'allowInterrupt']);
    closingResponse = messageGroups(file, r, 'intentClosingSetting.closingResponse');
  }

  return {
    name,
    description: descriptionOf(file, i),
    parentIntentSignature: file.optionalString(i, 'parentIntentSignature'),
    sampleUtterances,
    dialogCodeHook,
    fulfillmentCodeHook,
    slots,
    closingResponse,
  };
}

function loadSlot(dir: string, root: string): SlotDefinition {
  const file = new JsonFile(join(dir, 'Slot.json'), root);
  const s = file.data;
  file.only(s, '', ['name', 'identifier', 'description', 'slotTypeName', 'multipleValuesSetting', 'obfuscationSetting', 'valueElicitationSetting']);
  const name = file.string(s, 'name');
  if (name !== lastSegment(dir)) file.fail('name', `must match its folder name "${lastSegment(dir)}"`);
  if (s.multipleValuesSetting) {
    const m = file.object(s.multipleValuesSetting, 'multipleValuesSetting');
    file.only(m, 'multipleValuesSetting', []);
  }
  let obfuscated = false;
  if (s.obfuscationSetting) {
    const o = file.object(s.obfuscationSetting, 'obfuscationSetting');
    file.only(o, 'obfuscationSetting', ['obfuscationSettingType']);
    const type = file.string(o, 'obfuscationSettingType', 'obfuscationSetting');
    if (type !== 'None' && type !== 'DefaultObfuscation') file.fail('obfuscationSetting.obfuscationSettingType', 'must be "None" or "DefaultObfuscation"');
    obfuscated = type === 'DefaultObfuscation';
  }
  const field = 'valueElicitationSetting';
  const v = file.object(s.valueElicitationSetting, field);
  file.only(v, field, ['slotConstraint', 'promptSpecification', 'sampleUtterances']);
  const constraint = file.string(v, 'slotConstraint', field);
  if (constraint !== 'Required' && constraint !== 'Optional') file.fail(`${field}.slotConstraint`, 'must be "Required" or "Optional"');
  let prompt: PromptDefinition | undefined;
  if (v.promptSpecification) {
    const p = file.object(v.promptSpecification, `${field}.promptSpecification`);
    file.only(p, `${field}.promptSpecification`, ['messageGroupsList', 'maxRetries', 'allowInterrupt']);
    prompt = {
      messageGroups: messageGroups(file, p, `${field}.promptSpecification`),
      maxRetries: file.number(p, 'maxRetries', `${field}.promptSpecification`, 0, 5),
      allowInterrupt: file.boolean(p, 'allowInterrupt', `${field}.promptSpecification`, true),
    };
  }
  if (constraint === 'Required' && !prompt) file.fail(`${field}.promptSpecification`, 'is needed for a required slot');
  const sampleUtterances = utterances(file, v, 'sampleUtterances', field);
  for (const u of sampleUtterances) {
    const others = placeholdersOf(u).filter((p) => p !== name);
    if (others.length > 0) file.fail(`${field}.sampleUtterances`, `"${u}" may only use {${name}}`);
  }
  return {
    name,
    description: descriptionOf(file, s),
    slotTypeName: file.string(s, 'slotTypeName'),
    required: constraint === 'Required',
    prompt,
    sampleUtterances,
    obfuscated,
  };
}

function loadSlotType(dir: string, root: string): SlotTypeDefinition {
  const file = new JsonFile(join(dir, 'SlotType.json'), root);
  const t = file.data;
  file.only(t, '', ['name', 'identifier', 'description', 'parentSlotTypeSignature', 'slotTypeValues', 'valueSelectionSetting']);
  const name = file.string(t, 'name');
  if (name !== lastSegment(dir)) file.fail('name', `must match its folder name "${lastSegment(dir)}"`);
  const values = file.array(t, 'slotTypeValues').map((entry, n) => {
    const field = `slotTypeValues[${n}]`;
    const o = file.object(entry, field);
    file.only(o, field, ['sampleValue', 'synonyms']);
    const sample = file.object(o.sampleValue, `${field}.sampleValue`);
    const synonyms = file.array(o, 'synonyms', field).map((syn, k) => file.string(file.object(syn, `${field}.synonyms[${k}]`), 'value', `${field}.synonyms[${k}]`));
    const value = file.string(sample, 'value', `${field}.sampleValue`);
    if (value.length > 140) file.fail(`${field}.sampleValue.value`, 'is longer than the 140 characters Lex allows');
    return { value, synonyms };
  });
  if (values.length === 0) file.fail('slotTypeValues', 'must list at least one value');
  const selection = file.object(t.valueSelectionSetting, 'valueSelectionSetting');
  file.only(selection, 'valueSelectionSetting', ['resolutionStrategy']);
  const strategy = file.string(selection, 'resolutionStrategy', 'valueSelectionSetting');
  if (strategy !== 'OriginalValue' && strategy !== 'TopResolution') {
    return file.fail('valueSelectionSetting.resolutionStrategy', 'must be "OriginalValue" or "TopResolution"');
  }
  return {
    name,
    description: descriptionOf(file, t),
    parentSlotTypeSignature: file.optionalString(t, 'parentSlotTypeSignature'),
    values,
    resolutionStrategy: strategy,
  };
}

function utterances(file: JsonFile, obj: Json, key: string, field = ''): string[] {
  return file.array(obj, key, field).map((entry, n) => {
    const where = `${join2(field, key)}[${n}]`;
    const o = file.object(entry, where);
    file.only(o, where, ['utterance']);
    const u = file.string(o, 'utterance', where).trim();
    if (/[{}]/.test(u.replace(/\{[A-Za-z0-9_-]+\}/g, ''))) file.fail(where, `"${u}" has an unbalanced or empty {placeholder}`);
    return u;
  });
}

function codeHookEnabled(file: JsonFile, obj: Json, key: string, known: readonly string[]): boolean {
  if (!obj[key]) return false;
  const hook = file.object(obj[key], key);
  file.only(hook, key, known);
  return file.boolean(hook, 'enabled', key, false);
}

function messageGroups(file: JsonFile, obj: Json, field: string): MessageGroup[] {
  const groups = file.array(obj, 'messageGroupsList', field).map((g, n) => {
    const where = `${field}.messageGroupsList[${n}]`;
    const group = file.object(g, where);
    file.only(group, where, ['message', 'variations']);
    return {
      message: plainTextOf(file, group.message, `${where}.message`),
      variations: file.array(group, 'variations', where).map((m, k) => plainTextOf(file, m, `${where}.variations[${k}]`)),
    };
  });
  if (groups.length === 0) file.fail(`${field}.messageGroupsList`, 'must hold at least one message');
  return groups;
}

function plainTextOf(file: JsonFile, value: unknown, field: string): string {
  const message = file.object(value, field);
  file.only(message, field, ['plainTextMessage']);
  return file.string(file.object(message.plainTextMessage, `${field}.plainTextMessage`), 'value', `${field}.plainTextMessage`);
}

function checkLocale(locale: LocaleDefinition, where: string): void {
  const fail = (problem: string): never => {
    throw new BotDefinitionError(`${where}: ${problem}`);
  };
  const fallbacks = locale.intents.filter((i) => i.parentIntentSignature === FALLBACK_INTENT_SIGNATURE);
  if (fallbacks.length !== 1 || fallbacks[0].name !== 'FallbackIntent') fail(`needs exactly one intent "FallbackIntent" with parentIntentSignature ${FALLBACK_INTENT_SIGNATURE}`);
  if (fallbacks[0].sampleUtterances.length > 0) fail('FallbackIntent cannot have sample utterances');
  const customTypes = new Set(locale.slotTypes.map((t) => t.name));
  const seen = new Map<string, string>();
  for (const intent of locale.intents) {
    if (intent !== fallbacks[0] && intent.sampleUtterances.length === 0) fail(`intent ${intent.name} has no sample utterances`);
    for (const slot of intent.slots) {
      if (!customTypes.has(slot.slotTypeName) && !slot.slotTypeName.startsWith('AMAZON.')) {
        fail(`slot ${intent.name}.${slot.name} uses slot type "${slot.slotTypeName}", which is neither in SlotTypes/ nor built in (AMAZON.*)`);
      }
    }
    for (const u of intent.sampleUtterances) {
      const key = u.toLowerCase().replace(/\s+/g, ' ');
      const other = seen.get(key);
      if (other) fail(`the utterance "${u}" appears in both ${other} and ${intent.name}`);
      seen.set(key, intent.name);
    }
  }
}

function subdirectories(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isDirectory())
    .sort();
}

function lastSegment(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
