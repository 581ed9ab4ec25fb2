import { checkProperties } from './check-property-values';
import { checkReferences, type ReferenceCheck, type TemplateNames } from './check-references';
import { dependencyCycles } from './dependency-cycles';
import { didYouMean } from './did-you-mean';
import { intrinsicName, isPlainObject } from './intrinsics';
import { childPath, indexPath, type Report } from './property-path';
import { loadResourceSpecs, type ResourceSpecs } from './resource-spec';

/**
 * Offline checks of a CloudFormation template (JSON form, as `serverless package` writes it)
 * against the published resource schemas: template shape, resource types, properties (unknown,
 * missing required, value types, allowed values) and references (Ref, Fn::GetAtt, Fn::Sub,
 * Fn::If conditions, Fn::FindInMap, DependsOn, circular dependencies).
 *
 * Returns one readable sentence per problem, naming where it is
 * (`Resources.Bot (AWS::Lex::Bot) Properties.BotLocales[0]: missing required property LocaleId of BotLocale`);
 * an empty array means no problem was found.
 */
export async function validateTemplate(template: object): Promise<string[]> {
  return checkTemplate(template, await loadResourceSpecs());
}

const SECTIONS = [
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
  'Hooks',
];
const RESOURCE_KEYS = ['Type', 'Properties', 'DependsOn', 'Condition', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy', 'CreationPolicy'];
const OUTPUT_KEYS = ['Description', 'Value', 'Export', 'Condition'];
const DELETION_POLICIES = ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'];
const UPDATE_REPLACE_POLICIES = ['Delete', 'Retain', 'Snapshot'];
// CloudFormation quotas that make a deployment fail outright.
const QUOTAS = { Resources: 500, Outputs: 200, Parameters: 200 } as const;

/** Reports problems at a location in the template, e.g. `at('Resources.Bot (AWS::Lex::Bot)')`. */
type At = (where: string) => Report;

export function checkTemplate(template: unknown, specs: ResourceSpecs): string[] {
  if (!isPlainObject(template)) return ['Template: must be a JSON object'];
  const problems: string[] = [];
  const at: At = (where) => (path, message) => problems.push(path === '' ? `${where}: ${message}` : `${where} ${path}: ${message}`);

  const sections = checkSections(template, at);
  const { Parameters: parameters, Mappings: mappings, Conditions: conditions, Resources: resources, Outputs: outputs } = sections;
  const names: TemplateNames = {
    resources: new Map(Object.entries(resources).map(([id, resource]) => [id, resourceType(resource)])),
    parameters: new Set(Object.keys(parameters)),
    conditions: new Set(Object.keys(conditions)),
    mappings,
  };
  for (const id of names.parameters) {
    if (names.resources.has(id)) at(`Parameters.${id}`)('', 'a resource has the same logical id');
  }
  for (const [id, parameter] of Object.entries(parameters)) {
    if (parameter !== null && !(isPlainObject(parameter) && typeof parameter.Type === 'string')) at(`Parameters.${id}`)('', 'needs a Type');
  }
  for (const [id, condition] of Object.entries(conditions)) {
    checkReferences(condition, '', { names, specs, report: at(`Conditions.${id}`), inConditions: true });
  }

  const uses = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(resources)) {
    const used = new Set<string>();
    uses.set(id, used);
    checkResource(id, resource, { names, specs, transforms: sections.transforms, at, used });
  }
  for (const cycle of dependencyCycles(uses)) {
    at('Resources')('', `circular dependency between resources ${cycle.join(', ')}`);
  }

  for (const [id, output] of Object.entries(outputs)) checkOutput(output, { names, specs, report: at(`Outputs.${id}`) });
  return problems;
}

const ENTRY_SECTIONS = ['Parameters', 'Mappings', 'Conditions', 'Resources', 'Outputs'] as const;

/** The sections that map logical ids to entries ({} when absent or malformed), and the transforms. */
type Sections = Record<(typeof ENTRY_SECTIONS)[number], Record<string, unknown>> & { readonly transforms: readonly string[] };

/** Top-level shape: known sections of the right kinds, logical ids, quotas, no nulls outside resources. */
function checkSections(template: Record<string, unknown>, at: At): Sections {
  for (const key of Object.keys(template)) {
    if (!SECTIONS.includes(key)) at('Template')('', `unknown top-level section ${key}${didYouMean(key, SECTIONS)}`);
  }
  if (template.AWSTemplateFormatVersion !== undefined && template.AWSTemplateFormatVersion !== '2010-09-09') {
    at('AWSTemplateFormatVersion')('', 'must be "2010-09-09"');
  }
  if (template.Description !== undefined && typeof template.Description !== 'string') at('Description')('', 'must be a string');
  if (template.Resources === undefined) at('Template')('', 'the Resources section is required');

  const sections: Sections = {
    transforms: sectionTransforms(template.Transform, at('Transform')),
    Parameters: section(template, 'Parameters', at),
    Mappings: section(template, 'Mappings', at),
    Conditions: section(template, 'Conditions', at),
    Resources: section(template, 'Resources', at),
    Outputs: section(template, 'Outputs', at),
  };
  if (isPlainObject(template.Resources) && Object.keys(template.Resources).length === 0) at('Resources')('', 'must declare at least one resource');
  for (const [name, max] of Object.entries(QUOTAS)) {
    const count = Object.keys(sections[name as keyof typeof QUOTAS]).length;
    if (count > max) at(name)('', `${count} declared; CloudFormation allows at most ${max}`);
  }
  for (const name of ENTRY_SECTIONS) {
    for (const [id, entry] of Object.entries(sections[name])) {
      if (!/^[A-Za-z0-9]+$/.test(id)) at(`${name}.${id}`)('', 'logical ids may contain only letters and digits');
      // Resources report their nulls with their type in the location.
      if (name !== 'Resources') reportNulls(entry, '', at(`${name}.${id}`));
    }
  }
  return sections;
}

function checkOutput(output: unknown, check: ReferenceCheck): void {
  const { report, names } = check;
  if (!isPlainObject(output)) {
    if (output !== null) report('', 'must be an object with a Value');
    return;
  }
  for (const key of Object.keys(output)) {
    if (!OUTPUT_KEYS.includes(key)) report(key, `unknown output attribute${didYouMean(key, OUTPUT_KEYS)}`);
  }
  if (output.Value === undefined) report('', 'missing Value');
  if (output.Export !== undefined && !(isPlainObject(output.Export) && output.Export.Name !== undefined)) report('Export', 'needs a Name');
  checkConditionAttribute(output.Condition, names, report);
  checkReferences({ Value: output.Value, Export: output.Export }, '', check);
}

interface ResourceContext {
  readonly names: TemplateNames;
  readonly specs: ResourceSpecs;
  readonly transforms: readonly string[];
  readonly at: At;
  /** Filled with the resources this one uses (Ref, GetAtt, Sub, DependsOn). */
  readonly used: Set<string>;
}

function checkResource(id: string, resource: unknown, context: ResourceContext): void {
  const { names, specs, at, used } = context;
  const type = resourceType(resource);
  const report = at(type === undefined ? `Resources.${id}` : `Resources.${id} (${type})`);
  if (!isPlainObject(resource)) return report('', 'must be an object with a Type');
  reportNulls(resource, '', report);
  if (type === undefined) report('Type', 'missing resource type (a string such as AWS::S3::Bucket)');
  for (const key of Object.keys(resource)) {
    if (!RESOURCE_KEYS.includes(key)) report(key, `unknown resource attribute${didYouMean(key, RESOURCE_KEYS)}`);
  }
  checkPolicy(resource.DeletionPolicy, 'DeletionPolicy', DELETION_POLICIES, report);
  checkPolicy(resource.UpdateReplacePolicy, 'UpdateReplacePolicy', UPDATE_REPLACE_POLICIES, report);
  checkConditionAttribute(resource.Condition, names, report);
  checkDependsOn(id, resource.DependsOn, names, report, used);

  const properties = resource.Properties;
  if (properties !== undefined && properties !== null && !isPlainObject(properties)) report('Properties', 'must be an object');
  const references: ReferenceCheck = { names, specs, report, onResourceUsed: (target) => used.add(target) };
  checkReferences(properties, 'Properties', references);
  if (type === undefined) return;

  const custom = type.startsWith('Custom::');
  const spec = specs.resourceType(custom ? 'AWS::CloudFormation::CustomResource' : type);
  if (spec === undefined) {
    return report('', `unknown resource type${didYouMean(type, specs.resourceTypeNames())}`);
  }
  if (spec.cloudFormationTransform !== undefined && !context.transforms.includes(spec.cloudFormationTransform)) {
    report('', `needs "Transform: ${spec.cloudFormationTransform}" in the template`);
  }
  // A whole Properties block computed by Fn::If cannot be checked offline.
  if (intrinsicName(properties) !== undefined) return;
  let values = isPlainObject(properties) ? properties : {};
  if (custom || type === 'AWS::CloudFormation::CustomResource') {
    // Custom resources take any properties besides ServiceToken; only the known ones are checked.
    values = Object.fromEntries(Object.entries(values).filter(([key]) => Object.hasOwn(spec.properties, key)));
  }
  checkProperties(values, spec.properties, type, 'Properties', { specs, report });
}

function checkDependsOn(id: string, dependsOn: unknown, names: TemplateNames, report: Report, used: Set<string>): void {
  if (dependsOn === undefined) return;
  const targets = typeof dependsOn === 'string' ? [dependsOn] : dependsOn;
  if (!Array.isArray(targets) || !targets.every((target) => typeof target === 'string')) {
    return report('DependsOn', 'must be a logical id or a list of logical ids');
  }
  for (const target of targets) {
    if (!names.resources.has(target)) {
      report('DependsOn', `${target} is not a resource of this template${didYouMean(target, names.resources.keys())}`);
    } else if (target === id) {
      report('DependsOn', 'a resource cannot depend on itself');
    } else {
      used.add(target);
    }
  }
}

function checkConditionAttribute(condition: unknown, names: TemplateNames, report: Report): void {
  if (condition === undefined) return;
  if (typeof condition !== 'string') return report('Condition', 'must be the name of a condition');
  if (!names.conditions.has(condition)) {
    report('Condition', `condition ${condition} is not defined in Conditions${didYouMean(condition, names.conditions)}`);
  }
}

function checkPolicy(value: unknown, name: string, allowed: readonly string[], report: Report): void {
  // Policies may be computed by intrinsic functions (Fn::If) since 2023.
  if (value === undefined || intrinsicName(value) !== undefined) return;
  if (typeof value !== 'string' || !allowed.includes(value)) report(name, `must be one of ${allowed.join(', ')}`);
}

function resourceType(resource: unknown): string | undefined {
  return isPlainObject(resource) && typeof resource.Type === 'string' ? resource.Type : undefined;
}

function section(template: Record<string, unknown>, name: string, at: At): Record<string, unknown> {
  const value = template[name];
  if (value === undefined) return {};
  if (isPlainObject(value)) return value;
  at(name)('', 'must be an object');
  return {};
}

function sectionTransforms(value: unknown, report: Report): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((transform): transform is string => typeof transform === 'string');
  // {Name, Parameters} form (AWS::Include).
  if (isPlainObject(value) && typeof value.Name === 'string') return [value.Name];
  report('', 'must be a transform name or a list of them');
  return [];
}


/** CloudFormation rejects a template with a null anywhere (YAML `Key:` with nothing after it). */
function reportNulls(value: unknown, path: string, report: Report): void {
  if (value === null) {
    report(path, 'null is not allowed in a template (remove the key or give it a value)');
  } else if (Array.isArray(value)) {
    value.forEach((element, i) => reportNulls(element, indexPath(path, i), report));
  } else if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) reportNulls(child, childPath(path, key), report);
  }
}
