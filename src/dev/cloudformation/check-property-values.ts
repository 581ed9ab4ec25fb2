/**
 * Checks property values against the resource schemas: unknown and missing required properties
 * (recursively through nested types, lists and maps) and value shapes where they can be known
 * offline. Values computed by intrinsic functions are accepted unless the function's result can
 * never fit (Fn::Join where a list is expected); CloudFormation's own conversions are accepted too
 * ("60" for an integer, 5 for a string, "true" for a boolean). Null values are reported
 * by the template check, once for every place they appear.
 */
import { closestName } from './did-you-mean';
import { intrinsicName, intrinsicResult, isNoValue, isPlainObject, type IntrinsicResult } from './intrinsics';
import { childPath, indexPath, type Report } from './property-path';
import type { PropertySpecs, PropertyType, ResourceSpecs } from './resource-spec';

export interface PropertyCheck {
  readonly specs: ResourceSpecs;
  readonly report: Report;
}

export function checkProperties(
  value: Readonly<Record<string, unknown>>,
  properties: PropertySpecs,
  typeName: string,
  path: string,
  check: PropertyCheck,
): void {
  for (const [key, propertyValue] of Object.entries(value)) {
    if (!Object.hasOwn(properties, key)) {
      check.report(childPath(path, key), unknownPropertyMessage(key, typeName, Object.keys(properties)));
    } else if (!isNoValue(propertyValue)) {
      checkValue(propertyValue, properties[key].type, childPath(path, key), check);
    }
  }
  for (const [key, property] of Object.entries(properties)) {
    if (property.required && (!Object.hasOwn(value, key) || isNoValue(value[key]))) {
      check.report(path, `missing required property ${key} of ${typeName}`);
    }
  }
}

export function checkValue(value: unknown, type: PropertyType, path: string, check: PropertyCheck): void {
  // Nulls are reported for the whole template at once (CloudFormation rejects them anywhere).
  if (value === null) return;
  const fn = intrinsicName(value);
  if (fn !== undefined) {
    checkIntrinsicValue(fn, (value as Record<string, unknown>)[fn], type, path, check);
    return;
  }
  const mismatch = () => check.report(path, `expected ${describeType(type, check.specs)}, got ${describeValue(value)}`);
  switch (type.type) {
    case 'string':
    case 'date-time':
      if (!isScalar(value)) return mismatch();
      if (type.type === 'string' && type.allowedValues && typeof value === 'string' && !type.allowedValues.includes(value)) {
        check.report(path, `${JSON.stringify(value)} is not an allowed value (${type.allowedValues.join(', ')})`);
      }
      return;
    case 'integer':
    case 'number': {
      const number = asNumber(value);
      if (number === undefined || (type.type === 'integer' && !Number.isInteger(number))) return mismatch();
      if (type.type === 'integer' && type.allowedValues && !type.allowedValues.includes(number)) {
        check.report(path, `${number} is not an allowed value (${type.allowedValues.join(', ')})`);
      }
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean' && !(typeof value === 'string' && /^(true|false)$/i.test(value))) mismatch();
      return;
    case 'json':
    case 'null':
      return;
    case 'tag':
      if (!isPlainObject(value)) return mismatch();
      return checkProperties(value, TAG_PROPERTIES, 'Tag', path, check);
    case 'ref': {
      if (!isPlainObject(value)) return mismatch();
      const definition = check.specs.typeDefinition(type.reference);
      return checkProperties(value, definition.properties, definition.name, path, check);
    }
    case 'array':
      if (!Array.isArray(value)) return mismatch();
      value.forEach((element, i) => {
        if (!isNoValue(element)) checkValue(element, type.element, indexPath(path, i), check);
      });
      return;
    case 'map':
      if (!isPlainObject(value)) return mismatch();
      for (const [key, element] of Object.entries(value)) checkValue(element, type.element, childPath(path, key), check);
      return;
    case 'union':
      return checkUnion(value, type.types, path, check, mismatch);
  }
}

const TAG_PROPERTIES: PropertySpecs = {
  Key: { required: true, type: { type: 'string' } },
  Value: { required: true, type: { type: 'string' } },
};

function checkIntrinsicValue(fn: string, args: unknown, type: PropertyType, path: string, check: PropertyCheck): void {
  if (fn === 'Fn::If') {
    // Each branch must fit on its own; AWS::NoValue drops the property instead.
    if (Array.isArray(args) && args.length === 3) {
      for (const branch of [args[1], args[2]]) if (!isNoValue(branch)) checkValue(branch, type, path, check);
    }
    return;
  }
  const result = intrinsicResult(fn);
  if (result !== 'unknown' && !acceptsResult(type, result)) {
    check.report(path, `${fn} gives ${result === 'list' ? 'a list' : `a ${result}`}, but ${describeType(type, check.specs)} is expected`);
  }
}

function acceptsResult(type: PropertyType, result: Exclude<IntrinsicResult, 'unknown'>): boolean {
  switch (type.type) {
    case 'json':
    case 'null':
      return true;
    case 'string':
    case 'date-time':
      return result !== 'list';
    case 'integer':
    case 'number':
      return result === 'string' || result === 'number';
    case 'boolean':
      return result === 'string' || result === 'boolean';
    case 'array':
      return result === 'list';
    case 'tag':
    case 'ref':
    case 'map':
      return false;
    case 'union':
      return type.types.some((member) => acceptsResult(member, result));
  }
}

/**
 * A value fits a union when it fits any member. When it fits none, the problems found against the
 * one member of the same shape (list, object, scalar) are the useful ones to show.
 */
function checkUnion(value: unknown, members: readonly PropertyType[], path: string, check: PropertyCheck, mismatch: () => void): void {
  const attempts = members.map((member) => {
    const problems: Array<[string, string]> = [];
    checkValue(value, member, path, { specs: check.specs, report: (p, m) => problems.push([p, m]) });
    return { member, problems };
  });
  if (attempts.some((attempt) => attempt.problems.length === 0)) return;
  const sameShape = attempts.filter((attempt) => shapeOf(attempt.member) === shapeOfValue(value));
  if (sameShape.length === 1) {
    for (const [p, m] of sameShape[0].problems) check.report(p, m);
  } else {
    mismatch();
  }
}

type Shape = 'list' | 'object' | 'scalar' | 'any';

function shapeOf(type: PropertyType): Shape {
  switch (type.type) {
    case 'array':
      return 'list';
    case 'ref':
    case 'map':
    case 'tag':
      return 'object';
    case 'json':
    case 'null':
    case 'union':
      return 'any';
    default:
      return 'scalar';
  }
}

function shapeOfValue(value: unknown): Shape {
  if (Array.isArray(value)) return 'list';
  return isPlainObject(value) ? 'object' : 'scalar';
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** CloudFormation accepts numbers written as strings ("60"). */
function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

function unknownPropertyMessage(key: string, typeName: string, known: readonly string[]): string {
  const suggestion = closestName(key, known);
  if (suggestion !== undefined) return `unknown property of ${typeName} (did you mean ${suggestion}?)`;
  if (known.length === 0) return `unknown property (${typeName} takes no properties)`;
  return known.length <= 12 ? `unknown property of ${typeName} (known: ${known.join(', ')})` : `unknown property of ${typeName}`;
}

export function describeType(type: PropertyType, specs: ResourceSpecs): string {
  const name = typeName(type, specs);
  if (type.type === 'union') return name;
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

function typeName(type: PropertyType, specs: ResourceSpecs): string {
  switch (type.type) {
    case 'ref':
      return `${specs.typeDefinition(type.reference).name} object`;
    case 'tag':
      return 'tag {Key, Value}';
    case 'json':
      return 'JSON value';
    case 'date-time':
      return 'date-time string';
    case 'array':
      return `list of ${typeName(type.element, specs)}`;
    case 'map':
      return `map of ${typeName(type.element, specs)}`;
    case 'union':
      return type.types.map((member) => describeType(member, specs)).join(' or ');
    default:
      return type.type;
  }
}

export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (isPlainObject(value)) return 'an object';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  return `a ${typeof value} (${String(value)})`;
}
