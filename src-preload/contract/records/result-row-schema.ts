/**
 * The zod schema of one stored result row, derived from RESULT_FIELDS. Apart from the column
 * list so that code reading only the columns (the writer thread) does not load zod.
 */
import { z } from 'zod';
import { RESULT_FIELDS, type FieldSpec, type FieldValue, type ResultField } from './result-columns';

function zodOf(spec: FieldSpec): z.ZodType {
  const base =
    spec.kind === 'text'
      ? z.string()
      : spec.kind === 'bool'
        ? z.boolean()
        : spec.kind === 'enum'
          ? z.enum(spec.values as [string, ...string[]])
          : z.number();
  return spec.nullable ? base.nullable() : base;
}

type RowShape = { [F in ResultField as F['key']]: z.ZodType<FieldValue<F>> };

/** One stored option row as the results screen reads it. */
export const ResultRowSchema = z.object({
  id: z.number().int(),
  // Built field by field from RESULT_FIELDS, which the RowShape type mirrors key for key.
  ...(Object.fromEntries(RESULT_FIELDS.map((spec) => [spec.key, zodOf(spec)])) as RowShape),
});
export type ResultRowView = z.infer<typeof ResultRowSchema>;
