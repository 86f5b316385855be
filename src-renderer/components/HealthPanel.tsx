import type { HealthCheck } from '../../src-preload/contract';
import { healthSentence } from '../health-sentence';

interface HealthPanelProps {
  readonly health: { ok: boolean; checks: HealthCheck[] };
  readonly dataDirectory: string | null;
}

export function HealthPanel({ health, dataDirectory }: HealthPanelProps): React.JSX.Element {
  const sentence = healthSentence(health);
  return (
    <section aria-labelledby="health-heading" className="panel">
      <h2 id="health-heading">This machine</h2>
      <p className={sentence.tone} role="status">
        {sentence.text}
      </p>
      <details className="health-details">
        <summary>Details</summary>
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
      </details>
    </section>
  );
}
