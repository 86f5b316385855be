import { useState } from 'react';
import type { ProfileSummary, Quotas } from '../../src-preload/contract';
import { Field } from '../components/Field';
import { useProfilesStore } from '../stores/profiles-store';
import { usePick } from '../stores/pick';

type Outcome = { readonly ok: boolean; readonly text: string } | null;

function OutcomeLine({ outcome }: { outcome: Outcome }): React.JSX.Element | null {
  if (outcome === null) return null;
  return (
    <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'ok' : 'error'}>
      {outcome.text}
    </p>
  );
}

export function RenameProfile({ name }: { name: string }): React.JSX.Element {
  const rename = useProfilesStore((state) => state.rename);
  const [draft, setDraft] = useState(name);
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function submit(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    const result = await rename(draft);
    setOutcome(
      result.ok
        ? { ok: true, text: `Renamed to ${result.value.name}.` }
        : { ok: false, text: result.error.message },
    );
  }

  return (
    <form className="panel" onSubmit={(event) => void submit(event)} aria-label="Rename profile">
      <h3>Name</h3>
      <Field
        label="Profile name"
        value={draft}
        maxLength={40}
        onChange={(event) => setDraft(event.currentTarget.value)}
      />
      <OutcomeLine outcome={outcome} />
      <button type="submit" disabled={draft.trim() === '' || draft === name}>
        Rename
      </button>
    </form>
  );
}

const GIB = 1024 ** 3;

/** Owner only: the limits of one other profile, and deleting it by typing its name. */
function OtherProfile({ profile }: { profile: ProfileSummary }): React.JSX.Element {
  const { setQuotas, remove } = usePick(useProfilesStore, 'setQuotas', 'remove');
  const [symbols, setSymbols] = useState('');
  const [parallel, setParallel] = useState('');
  const [diskGb, setDiskGb] = useState('');
  const [confirmName, setConfirmName] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function saveQuotas(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    const quotas: Partial<Quotas> = {
      ...(symbols === '' ? {} : { maxSymbolsPerScan: Number(symbols) }),
      ...(parallel === '' ? {} : { maxParallelScans: Number(parallel) }),
      ...(diskGb === '' ? {} : { workspaceBytes: Math.round(Number(diskGb) * GIB) }),
    };
    const result = await setQuotas(profile.id, quotas);
    setOutcome(
      result.ok
        ? { ok: true, text: `Quotas of ${profile.name} saved.` }
        : { ok: false, text: result.error.message },
    );
  }

  async function deleteProfile(): Promise<void> {
    const result = await remove({ profileId: profile.id, ownerConfirmsName: confirmName });
    if (!result.ok) setOutcome({ ok: false, text: result.error.message });
  }

  return (
    <li className="other-profile">
      <form onSubmit={(event) => void saveQuotas(event)} aria-label={`Quotas of ${profile.name}`}>
        <h4>{profile.name}</h4>
        <div className="quota-fields">
          <Field
            label="Symbols a scan"
            type="number"
            min={1}
            placeholder="keep"
            value={symbols}
            onChange={(event) => setSymbols(event.currentTarget.value)}
          />
          <Field
            label="Scans at once"
            type="number"
            min={1}
            max={8}
            placeholder="keep"
            value={parallel}
            onChange={(event) => setParallel(event.currentTarget.value)}
          />
          <Field
            label="Disk (GB)"
            type="number"
            min={0.0625}
            step="any"
            placeholder="keep"
            value={diskGb}
            onChange={(event) => setDiskGb(event.currentTarget.value)}
          />
        </div>
        <button type="submit" disabled={symbols === '' && parallel === '' && diskGb === ''}>
          Save quotas
        </button>
      </form>
      <div className="delete-other">
        <Field
          label={`Type "${profile.name}" to delete it`}
          value={confirmName}
          onChange={(event) => setConfirmName(event.currentTarget.value)}
        />
        <button
          type="button"
          className="destructive"
          disabled={confirmName !== profile.name}
          onClick={() => void deleteProfile()}
        >
          Delete {profile.name}
        </button>
      </div>
      <OutcomeLine outcome={outcome} />
    </li>
  );
}

export function OtherProfiles({ ownId }: { ownId: string }): React.JSX.Element | null {
  const profiles = useProfilesStore((state) => state.profiles);
  const others = profiles.filter((profile) => profile.id !== ownId);
  if (others.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="others-heading">
      <h3 id="others-heading">Other profiles on this machine</h3>
      <p className="muted">
        As the owner you set their limits. Their keys, scans and history stay private to them.
      </p>
      <ul className="other-profiles">
        {others.map((profile) => (
          <OtherProfile key={profile.id} profile={profile} />
        ))}
      </ul>
    </section>
  );
}
