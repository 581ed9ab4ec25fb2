import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';

/**
 * The slice of the CloudFormation resource schemas (from `@aws-cdk/aws-service-spec`) that the
 * template validator reads. Declared here rather than imported from `@aws-cdk/service-spec-types`
 * because that package is only a transitive dependency; the database's own objects satisfy these
 * shapes structurally.
 */
export type PropertyType =
  | { readonly type: 'string'; readonly allowedValues?: readonly string[] }
  | { readonly type: 'integer'; readonly allowedValues?: readonly number[] }
  | { readonly type: 'number' }
  | { readonly type: 'boolean' }
  | { readonly type: 'json' }
  | { readonly type: 'date-time' }
  | { readonly type: 'null' }
  | { readonly type: 'tag' }
  | { readonly type: 'ref'; readonly reference: { readonly $ref: string } }
  | { readonly type: 'array'; readonly element: PropertyType }
  | { readonly type: 'map'; readonly element: PropertyType }
  | { readonly type: 'union'; readonly types: readonly PropertyType[] };

export interface PropertySpec {
  readonly required?: boolean;
  readonly type: PropertyType;
}

export type PropertySpecs = Readonly<Record<string, PropertySpec>>;

export interface ResourceTypeSpec {
  readonly cloudFormationType: string;
  /** A transform the template must declare to use this type (e.g. AWS::Serverless-2016-10-31). */
  readonly cloudFormationTransform?: string;
  readonly properties: PropertySpecs;
  /** Names usable with Fn::GetAtt; nested ones are dotted ("SnapStartResponse.ApplyOn"). */
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface TypeDefinitionSpec {
  readonly name: string;
  readonly properties: PropertySpecs;
}

export interface ResourceSpecs {
  resourceType(cloudFormationType: string): ResourceTypeSpec | undefined;
  resourceTypeNames(): readonly string[];
  typeDefinition(reference: { readonly $ref: string }): TypeDefinitionSpec;
}

let cached: Promise<ResourceSpecs> | undefined;

/**
 * Loads the schema database once per process (about half a second: gunzip + JSON parse of
 * ~1,800 resource types) and shares it between callers.
 */
export function loadResourceSpecs(): Promise<ResourceSpecs> {
  cached ??= loadAwsServiceSpec().then((db) => {
    const byType = new Map<string, ResourceTypeSpec | undefined>();
    let names: readonly string[] | undefined;
    return {
      resourceType(cloudFormationType) {
        if (!byType.has(cloudFormationType)) {
          const found: readonly ResourceTypeSpec[] = db.lookup('resource', 'cloudFormationType', 'equals', cloudFormationType);
          byType.set(cloudFormationType, found[0]);
        }
        return byType.get(cloudFormationType);
      },
      resourceTypeNames() {
        names ??= db.all('resource').map((resource) => resource.cloudFormationType);
        return names;
      },
      typeDefinition(reference) {
        return db.get('typeDefinition', reference.$ref);
      },
    };
  });
  // A failed load (e.g. a broken install) should be retried by the next caller, not cached.
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
