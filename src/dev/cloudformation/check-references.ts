import { didYouMean } from './did-you-mean';
import { INTRINSIC_FUNCTIONS, PSEUDO_PARAMETERS, intrinsicName, isPlainObject, subVariables } from './intrinsics';
import { childPath, indexPath, type Report } from './property-path';
import type { ResourceSpecs } from './resource-spec';

/** The names a template declares, which Ref, Fn::GetAtt, Fn::Sub, Fn::If and Fn::FindInMap may use. */
export interface TemplateNames {
  /** Logical id → resource type (undefined when the resource has no usable Type). */
  readonly resources: ReadonlyMap<string, string | undefined>;
  readonly parameters: ReadonlySet<string>;
  readonly conditions: ReadonlySet<string>;
  readonly mappings: Readonly<Record<string, unknown>>;
}

export interface ReferenceCheck {
  readonly names: TemplateNames;
  readonly specs: ResourceSpecs;
  readonly report: Report;
  /** In the Conditions section: Ref may name parameters only, and {Condition: Name} is a reference. */
  readonly inConditions?: boolean;
  /** Told about every resource the walked value uses, for circular dependency detection. */
  readonly onResourceUsed?: (logicalId: string) => void;
}

/** Walks any template value and checks every intrinsic function call in it. */
export function checkReferences(value: unknown, path: string, check: ReferenceCheck): void {
  if (Array.isArray(value)) {
    value.forEach((element, i) => checkReferences(element, indexPath(path, i), check));
    return;
  }
  if (!isPlainObject(value)) return;
  const fn = intrinsicName(value);
  if (fn !== undefined) {
    checkCall(fn, value[fn], childPath(path, fn), check);
    checkReferences(value[fn], childPath(path, fn), check);
    return;
  }
  if (check.inConditions && Object.keys(value).length === 1 && typeof value.Condition === 'string') {
    checkConditionName(value.Condition, childPath(path, 'Condition'), check);
    return;
  }
  for (const [key, child] of Object.entries(value)) checkReferences(child, childPath(path, key), check);
}

function checkCall(fn: string, args: unknown, path: string, check: ReferenceCheck): void {
  switch (fn) {
    case 'Ref':
      return checkRef(args, path, check);
    case 'Fn::GetAtt':
      return checkGetAtt(args, path, check);
    case 'Fn::Sub':
      return checkSub(args, path, check);
    case 'Fn::If':
      if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string') {
        return check.report(path, 'Fn::If takes [ConditionName, ValueIfTrue, ValueIfFalse]');
      }
      return checkConditionName(args[0], indexPath(path, 0), check);
    case 'Fn::FindInMap':
      return checkFindInMap(args, path, check);
    default:
      if (!INTRINSIC_FUNCTIONS.has(fn)) {
        check.report(path, `unknown intrinsic function${didYouMean(fn, INTRINSIC_FUNCTIONS)}`);
      }
  }
}

function checkRef(target: unknown, path: string, check: ReferenceCheck): void {
  if (typeof target !== 'string') return check.report(path, 'Ref takes the logical id of a resource or parameter, as a string');
  const { names } = check;
  if (PSEUDO_PARAMETERS.has(target) || names.parameters.has(target)) return;
  if (names.resources.has(target)) {
    if (check.inConditions) check.report(path, `Ref to resource ${target}: conditions can only use parameters and pseudo parameters`);
    else check.onResourceUsed?.(target);
    return;
  }
  const known = [...names.resources.keys(), ...names.parameters, ...PSEUDO_PARAMETERS];
  check.report(path, `Ref to ${target}, which is not a resource, parameter or pseudo parameter of this template${didYouMean(target, known)}`);
}

function checkGetAtt(args: unknown, path: string, check: ReferenceCheck): void {
  let logicalId: unknown;
  let attribute: unknown;
  if (typeof args === 'string' && args.includes('.')) {
    const dot = args.indexOf('.');
    [logicalId, attribute] = [args.slice(0, dot), args.slice(dot + 1)];
  } else if (Array.isArray(args) && args.length === 2) {
    [logicalId, attribute] = args;
  } else {
    return check.report(path, 'Fn::GetAtt takes [LogicalId, AttributeName] or "LogicalId.AttributeName"');
  }
  if (typeof logicalId !== 'string') return check.report(path, 'Fn::GetAtt needs the logical id of a resource as a string');
  // The attribute may be computed ({Ref: SomeParameter}); only a literal one can be checked.
  checkAttribute(logicalId, typeof attribute === 'string' ? attribute : undefined, 'Fn::GetAtt', path, check);
}

function checkSub(args: unknown, path: string, check: ReferenceCheck): void {
  let text: unknown = args;
  let variables: Record<string, unknown> = {};
  if (Array.isArray(args)) {
    if (args.length !== 2 || !isPlainObject(args[1])) {
      return check.report(path, 'Fn::Sub takes a string or [String, {Variable: Value, …}]');
    }
    [text, variables] = [args[0], args[1]];
  }
  if (typeof text !== 'string') return check.report(path, 'Fn::Sub needs a literal string to substitute into');
  for (const name of subVariables(text)) {
    if (Object.hasOwn(variables, name) || PSEUDO_PARAMETERS.has(name) || check.names.parameters.has(name)) continue;
    if (check.names.resources.has(name)) {
      check.onResourceUsed?.(name);
      continue;
    }
    const dot = name.indexOf('.');
    if (dot > 0) {
      checkAttribute(name.slice(0, dot), name.slice(dot + 1), `Fn::Sub \${${name}}`, path, check);
      continue;
    }
    const known = [...Object.keys(variables), ...check.names.parameters, ...check.names.resources.keys(), ...PSEUDO_PARAMETERS];
    check.report(path, `Fn::Sub variable \${${name}} is not a variable of this Fn::Sub, a resource, a parameter or a pseudo parameter${didYouMean(name, known)}`);
  }
}

function checkAttribute(logicalId: string, attribute: string | undefined, usedBy: string, path: string, check: ReferenceCheck): void {
  const { resources } = check.names;
  if (!resources.has(logicalId)) {
    return check.report(path, `${usedBy} of ${logicalId}, which is not a resource of this template${didYouMean(logicalId, resources.keys())}`);
  }
  if (check.inConditions) return check.report(path, `${usedBy} of resource ${logicalId}: conditions can only use parameters and pseudo parameters`);
  check.onResourceUsed?.(logicalId);
  const type = resources.get(logicalId);
  if (type === undefined || attribute === undefined) return;
  const attributes = knownAttributes(type, check.specs);
  if (attributes === undefined || attributes.includes(attribute)) return;
  if (type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) return;
  const hint = didYouMean(attribute, attributes) || ` (${listAttributes(attributes)})`;
  check.report(path, `${usedBy} of ${logicalId}: ${type} has no attribute ${attribute}${hint}`);
}

function listAttributes(attributes: readonly string[]): string {
  if (attributes.length === 0) return 'it has none';
  // Nested attributes ("MetadataConfiguration.Destination") are rarely what was meant; name the top-level ones.
  const topLevel = attributes.filter((attribute) => !attribute.includes('.'));
  const nested = attributes.length - topLevel.length;
  return `it has ${topLevel.join(', ')}${nested > 0 ? ` and ${nested} nested ones` : ''}`;
}

/** Attribute names of a resource type, or undefined when any name may be valid (custom resources). */
function knownAttributes(type: string, specs: ResourceSpecs): string[] | undefined {
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') return undefined;
  const spec = specs.resourceType(type);
  // Unknown types are reported on the resource itself; transformed (SAM) types get attributes from the transform.
  if (spec === undefined || spec.cloudFormationTransform !== undefined) return undefined;
  return Object.keys(spec.attributes);
}

function checkConditionName(name: string, path: string, check: ReferenceCheck): void {
  if (!check.names.conditions.has(name)) {
    check.report(path, `condition ${name} is not defined in Conditions${didYouMean(name, check.names.conditions)}`);
  }
}

function checkFindInMap(args: unknown, path: string, check: ReferenceCheck): void {
  if (!Array.isArray(args) || args.length < 3 || args.length > 4) {
    return check.report(path, 'Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]');
  }
  const [mapName, topKey, secondKey] = args;
  if (typeof mapName !== 'string') return;
  const { mappings } = check.names;
  if (!Object.hasOwn(mappings, mapName)) {
    return check.report(path, `mapping ${mapName} is not defined in Mappings${didYouMean(mapName, Object.keys(mappings))}`);
  }
  // With a DefaultValue (4th argument, language extensions) missing keys are allowed.
  if (args.length === 4 || typeof topKey !== 'string') return;
  const map = mappings[mapName];
  if (!isPlainObject(map) || !Object.hasOwn(map, topKey)) return check.report(path, `mapping ${mapName} has no key ${topKey}`);
  const second = map[topKey];
  if (typeof secondKey === 'string' && (!isPlainObject(second) || !Object.hasOwn(second, secondKey))) {
    check.report(path, `mapping ${mapName}.${topKey} has no key ${secondKey}`);
  }
}
