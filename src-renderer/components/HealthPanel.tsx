import type { HealthCheck } from '../../src-preload/contract';

interface HealthPanelProps {
  readonly health: { ok: boolean; checks: HealthCheck[] };
  readonly dataDirectory: string | null;
}

export function HealthPanel({ health, dataDirectory }: HealthPanelProps): React.JSX.Element {
  return (
    <section aria-labelledby="health-heading" className="panel">
      <h2 id="health-heading">This machine</h2>
      <p className={health.ok ? 'ok' : 'warning'}>
        {health.ok ? 'Everything Premia needs is in place.' : 'Some checks need attention.'}
      </p>
      {dataDirectory !== null && (
        <p>
          Data folder: <code>{dataDirectory}</code>
        </p>
      )}
      <ul className="health-checks">
        {health.checks.map((check) => (
          <li key={check.name} className={check.ok ? 'ok' : 'warning'}>
            <strong>{check.name}</strong>: {check.detail}
          </li>
        ))}
      </ul>
    </section>
  );
}
