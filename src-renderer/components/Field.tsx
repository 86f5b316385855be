import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  readonly label: string;
  /** A sentence under the field explaining what goes in it. */
  readonly hint?: ReactNode;
  /** The problem with what was typed; marks the field invalid for screen readers. */
  readonly problem?: string | null;
}

/** A labelled input whose hint and problem are announced with it. */
export function Field({ label, hint, problem, ...input }: FieldProps): React.JSX.Element {
  const id = useId();
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const describedBy = [hint === undefined ? null : hintId, problem ? problemId : null]
    .filter((part): part is string => part !== null)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy === '' ? undefined : describedBy}
        {...input}
      />
      {hint !== undefined && (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
      {problem && (
        <div id={problemId} className="field-problem error">
          {problem}
        </div>
      )}
    </div>
  );
}

/** The sentence for one field of a BAD_INPUT error, if main named that field. */
export function problemFor(
  issues: readonly { path: string; message: string }[] | undefined,
  path: string,
): string | null {
  return (
    issues?.find((issue) => issue.path === path || issue.path.startsWith(`${path}.`))?.message ??
    null
  );
}
