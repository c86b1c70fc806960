/**
 * Checks a published envelope the way a subscriber would (jest only; not exported from the
 * library): the official CloudEvents SDK validates the envelope, and ajv validates `data`
 * against the JSON Schema its `dataschema` names.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { CloudEvent } from 'cloudevents';
import { publishedSchemaOf } from '../cloud-event';
import { PUBLISHED_EVENT_TYPES } from '../published-events';

export function publishedEventValidator(): { problemsOf(envelope: unknown): string[] } {
  // strict: a schema with an unknown keyword or format is itself an error.
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  for (const type of PUBLISHED_EVENT_TYPES) ajv.addSchema(publishedSchemaOf(type));

  return {
    problemsOf(envelope: unknown): string[] {
      const problems: string[] = [];
      try {
        // The constructor validates in strict mode; validate() again says so explicitly.
        new CloudEvent(envelope as ConstructorParameters<typeof CloudEvent>[0]).validate();
      } catch (error) {
        problems.push(`CloudEvents: ${(error as Error).message}`);
      }
      const { dataschema, data } = envelope as { dataschema?: unknown; data?: unknown };
      const validate = typeof dataschema === 'string' ? ajv.getSchema(dataschema) : undefined;
      if (!validate) {
        problems.push(`no published schema ${String(dataschema)}`);
      } else if (!validate(data)) {
        problems.push(...(validate.errors ?? []).map((error) => `data${error.instancePath} ${error.message ?? 'is invalid'}`));
      }
      return problems;
    },
  };
}
