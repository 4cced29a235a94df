import type { JsonSchema } from '../../api/graphTypes';
import { schemaTypes } from '../schemaCompat';

export type FieldKind = 'enum' | 'string' | 'number' | 'integer' | 'boolean' | 'json';

const SCALARS: readonly FieldKind[] = ['string', 'number', 'integer', 'boolean'];

/** Which widget edits a param: scalars get inputs, everything else (objects, arrays, unions, any) JSON text. */
export function fieldKind(schema: JsonSchema): FieldKind {
  if (schema.enum && schema.enum.length > 0 && schema.enum.every((v) => typeof v === 'string')) return 'enum';
  const types = schemaTypes(schema);
  types.delete('null');
  if (types.size === 1) {
    const only = [...types][0] as FieldKind;
    if (SCALARS.includes(only)) return only;
  }
  return 'json';
}

/** A literal as expression source, so switching a field to "expression" keeps what was typed. */
export function literalToExpression(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value);
}

/** Back from expression to literal when the expression is just a JSON value; otherwise the default applies. */
export function expressionToLiteral(source: string): unknown {
  try {
    return source.trim() ? JSON.parse(source) : undefined;
  } catch {
    return undefined;
  }
}
