/** Vocabulary of CloudFormation's intrinsic functions, shared by the type and reference checks. */

export const PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

export const INTRINSIC_FUNCTIONS: ReadonlySet<string> = new Set([
  'Ref',
  'Fn::And',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::Equals',
  'Fn::FindInMap',
  'Fn::GetAtt',
  'Fn::GetAZs',
  'Fn::If',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Length',
  'Fn::Not',
  'Fn::Or',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
  'Fn::ToJsonString',
  'Fn::Transform',
]);

/** What an intrinsic evaluates to, when that does not depend on its arguments. */
export type IntrinsicResult = 'string' | 'list' | 'number' | 'boolean' | 'unknown';

const RESULTS: Readonly<Record<string, IntrinsicResult>> = {
  'Fn::Base64': 'string',
  'Fn::Join': 'string',
  'Fn::Sub': 'string',
  'Fn::ToJsonString': 'string',
  'Fn::Cidr': 'list',
  'Fn::GetAZs': 'list',
  'Fn::Split': 'list',
  'Fn::Length': 'number',
  'Fn::And': 'boolean',
  'Fn::Equals': 'boolean',
  'Fn::Not': 'boolean',
  'Fn::Or': 'boolean',
};

export function intrinsicResult(name: string): IntrinsicResult {
  return RESULTS[name] ?? 'unknown';
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The function name when `value` is an intrinsic call: an object with exactly one key that is
 * `Ref` or starts with `Fn::` (misspelled functions count, so they get reported rather than
 * treated as a nested property object).
 */
export function intrinsicName(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const [key] = keys;
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

export function isNoValue(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).length === 1 && value.Ref === 'AWS::NoValue';
}

/**
 * The names in the `${Name}` / `${Name.Attr}` placeholders of an Fn::Sub string, as written
 * ("Bucket", "Bucket.Arn", "AWS::Region"); `${!Literal}` is an escape, not a placeholder.
 */
export function subVariables(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    if (!match[1].startsWith('!')) names.push(match[1].trim());
  }
  return names;
}
