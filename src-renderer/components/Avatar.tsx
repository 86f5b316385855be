import { initialsOf } from '../format';

/** Initials on a colour picked from the profile id, so two profiles look different at a glance. */
export function Avatar({ name, seed }: { name: string; seed: string }): React.JSX.Element {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{ '--avatar-hue': hash } as React.CSSProperties}
    >
      {initialsOf(name)}
    </span>
  );
}
