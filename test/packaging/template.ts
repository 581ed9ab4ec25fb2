/**
 * Reading the packaged CloudFormation template: the facts of a function's definition, and the
 * permissions of an IAM role flattened to one grant per action and resource.
 */

export interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
}

export interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, unknown>;
}

/** What a function's template definition says about how it runs. */
export interface FunctionDefinition {
  logicalId: string;
  functionName: string;
  handler: string;
  runtime: string;
  architectures: string[];
  memorySize: number;
  timeoutSeconds: number;
  /** Values are strings, or intrinsic functions CloudFormation resolves at deploy time. */
  environment: Record<string, unknown>;
  /** The role's logical id when the function takes it with `Fn::GetAtt: [Role, Arn]`. */
  roleLogicalId: string | undefined;
}

/** One allowed (or denied) action on one resource, from one policy statement. */
export interface Grant {
  effect: string;
  action: string;
  resource: unknown;
}

export function resource(template: Template, logicalId: string): Resource {
  const found = template.Resources[logicalId];
  if (found === undefined) throw new Error(`the template has no resource ${logicalId}`);
  return found;
}

export function properties(template: Template, logicalId: string): Record<string, unknown> {
  return resource(template, logicalId).Properties ?? {};
}

export function resourcesOfType(template: Template, type: string): Array<[string, Resource]> {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

export function functionDefinition(template: Template, logicalId: string): FunctionDefinition {
  const p = properties(template, logicalId);
  const role = p.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
  return {
    logicalId,
    functionName: String(p.FunctionName),
    handler: String(p.Handler),
    runtime: String(p.Runtime),
    // Lambda's default when the property is absent.
    architectures: (p.Architectures as string[] | undefined) ?? ['x86_64'],
    memorySize: Number(p.MemorySize),
    timeoutSeconds: Number(p.Timeout),
    environment: ((p.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>,
    roleLogicalId: role?.['Fn::GetAtt']?.[1] === 'Arn' ? role['Fn::GetAtt'][0] : undefined,
  };
}

/**
 * Every statement of the role's inline policies and of the AWS::IAM::Policy resources attached to
 * it, as grants. `NotAction`/`NotResource` statements, which
 * allow everything but what they name, come out as grants of `NotAction:…`/`*` so that no
 * least-privilege expectation can pass over them.
 */
export function roleGrants(template: Template, roleLogicalId: string): Grant[] {
  const attached = resourcesOfType(template, 'AWS::IAM::Policy')
    .map(([, r]) => r.Properties ?? {})
    .filter((p) => asList(p.Roles).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId })));
  const policies = [...((properties(template, roleLogicalId).Policies ?? []) as unknown[]), ...attached] as Array<{ PolicyDocument: { Statement: unknown } }>;
  const grants: Grant[] = [];
  for (const policy of policies) {
    for (const statement of asList(policy.PolicyDocument.Statement) as Array<Record<string, unknown>>) {
      const actions = 'NotAction' in statement ? asList(statement.NotAction).map((a) => `NotAction:${String(a)}`) : asList(statement.Action).map(String);
      const resources = 'NotResource' in statement ? ['*'] : asList(statement.Resource);
      for (const action of actions) for (const r of resources) grants.push({ effect: String(statement.Effect), action, resource: r });
    }
  }
  return grants;
}

/** Every string anywhere in a value: property values, intrinsic arguments, keys excluded. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(allStrings);
  return [];
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
