// Every object type is one definition (src/local-portal/crm/objects/*.ts) from which the portal
// derives its paths, schema, associations and pipelines. These checks hold any definition to what
// the rest of the portal relies on, so a new object type that breaks them fails here first.
import {
  findDefaultType,
  listHubSpotDefinedTypes,
} from '../../../src/local-portal/crm/association-types.ts';
import { CRM_OBJECT_TYPES, resolveObjectType } from '../../../src/local-portal/crm/object-types.ts';
import {
  OBJECT_DEFINITIONS,
  createStandardGroups,
  createStandardProperties,
} from '../../../src/local-portal/crm/objects/index.ts';
import { createPortalRegistry } from '../../../src/local-portal/state.ts';

const cases = OBJECT_DEFINITIONS.map((definition) => [definition.name, definition] as const);

describe('object type definitions', () => {
  it('lists every type once, under unique singular names and object type ids', () => {
    expect(new Set(CRM_OBJECT_TYPES).size).toBe(OBJECT_DEFINITIONS.length);
    expect(new Set(OBJECT_DEFINITIONS.map((d) => d.singular)).size).toBe(OBJECT_DEFINITIONS.length);
    expect(new Set(OBJECT_DEFINITIONS.map((d) => d.objectTypeId)).size).toBe(
      OBJECT_DEFINITIONS.length,
    );
  });

  it.each(cases)('%s resolves by plural, singular and object type id', (name, definition) => {
    expect(resolveObjectType(name)).toBe(name);
    expect(resolveObjectType(definition.singular.toUpperCase())).toBe(name);
    expect(resolveObjectType(definition.objectTypeId)).toBe(name);
  });

  it.each(cases)(
    '%s: every property sits in a standard group; reads return real properties',
    (name, definition) => {
      const groups = new Set(createStandardGroups(name).map((group) => group.name));
      const properties = createStandardProperties(name);
      const names = new Set(properties.map((property) => property.name));
      expect(names.size).toBe(properties.length);
      for (const property of properties) expect(groups).toContain(property.groupName);
      for (const property of [
        ...definition.defaultReturned,
        ...definition.alwaysReturned,
        ...definition.lastModified,
        ...(definition.requiredOnCreate ?? []),
      ]) {
        expect(names).toContain(property);
      }
      expect(names).toContain('hs_object_id');
    },
  );

  it.each(cases)('%s: associations name known types, both directions exist', (name, definition) => {
    for (const [to, typeId, inverseTypeId] of definition.associations ?? []) {
      const target = resolveObjectType(to);
      expect(target).toBe(to);
      expect(listHubSpotDefinedTypes(name, target!).map((type) => type.typeId)).toContain(typeId);
      expect(listHubSpotDefinedTypes(target!, name).map((type) => type.typeId)).toContain(
        inverseTypeId,
      );
      expect(findDefaultType(name, target!)).toBeDefined();
    }
  });

  it.each(cases)('%s: a created record carries the definition’s defaults', (name, definition) => {
    const portal = createPortalRegistry({ clock: () => Date.UTC(2026, 0, 5) }).ensure(77);
    const required = Object.fromEntries(
      (definition.requiredOnCreate ?? []).map((property) => [property, '2026-01-05T00:00:00Z']),
    );
    const record = portal.createObject(name, required);
    for (const property of definition.lastModified)
      expect(record.properties[property]).toBeTruthy();
    const pipelines = definition.pipelines;
    if (!pipelines) {
      expect(() => portal.listPipelines(name)).toThrow(/has no pipelines/);
      return;
    }
    expect(record.properties[pipelines.pipelineProperty]).toBe(pipelines.defaultPipelineId);
    expect(record.properties[pipelines.stageProperty]).toBe(pipelines.defaultStageId);
    const stages = portal.getPipeline(name, pipelines.defaultPipelineId)?.stages ?? [];
    expect(stages.length).toBeGreaterThan(0);
    // Moving the stage sets the properties HubSpot derives from it.
    const last = stages[stages.length - 1]!;
    const moved = portal.updateObject(name, record.id, { [pipelines.stageProperty]: last.id });
    expect(moved.properties[pipelines.stageProperty]).toBe(last.id);
    for (const [property, value] of Object.entries(pipelines.stageDerivedProperties?.(last) ?? {}))
      expect(moved.properties[property]).toBe(value);
  });

  it('a required property missing on create is refused with REQUIRED_PROPERTY', () => {
    const portal = createPortalRegistry().ensure(78);
    expect(() => portal.createObject('notes', { hs_note_body: 'x' })).toThrow(
      expect.objectContaining({
        body: expect.objectContaining({
          errors: [
            expect.objectContaining({ code: 'REQUIRED_PROPERTY', context: expect.anything() }),
          ],
        }),
      }),
    );
  });
});
