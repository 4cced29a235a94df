import type { JsonSchema } from '../../api/graphTypes';
import { fieldKind, type FieldKind } from '../inspector/fieldKinds';

export interface RunInputField {
  name: string;
  kind: FieldKind;
  schema: JsonSchema;
  required: boolean;
}

export function runInputFields(inputSchema: JsonSchema): RunInputField[] {
  const required = new Set(inputSchema.required ?? []);
  return Object.entries(inputSchema.properties ?? {}).map(([name, schema]) => ({
    name,
    kind: fieldKind(schema),
    schema,
    required: required.has(name),
  }));
}

/** Form text as the user typed it, seeded with schema defaults. */
export function initialRunValues(fields: RunInputField[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    const d = field.schema.default;
    values[field.name] = d === undefined ? '' : typeof d === 'string' ? d : JSON.stringify(d);
  }
  return values;
}

/** Converts the typed text to the input object, or says which fields are wrong. */
export function buildRunInput(
  fields: RunInputField[],
  values: Record<string, string>,
): { input: Record<string, unknown>; errors: Record<string, string> } {
  const input: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const text = values[field.name] ?? '';
    if (field.kind === 'boolean') {
      input[field.name] = text === 'true';
      continue;
    }
    if (text.trim() === '') {
      if (field.required) errors[field.name] = 'Required.';
      continue;
    }
    if (field.kind === 'string' || field.kind === 'enum') {
      input[field.name] = text;
    } else if (field.kind === 'number' || field.kind === 'integer') {
      const n = Number(text);
      if (!Number.isFinite(n) || (field.kind === 'integer' && !Number.isInteger(n))) errors[field.name] = `Enter ${field.kind === 'integer' ? 'a whole number' : 'a number'}.`;
      else input[field.name] = n;
    } else {
      try {
        input[field.name] = JSON.parse(text);
      } catch {
        errors[field.name] = 'Enter valid JSON.';
      }
    }
  }
  return { input, errors };
}
