import type { ProfileSummary } from '../../src-preload/contract';

export function ProfileList({
  profiles,
}: {
  profiles: readonly ProfileSummary[];
}): React.JSX.Element {
  return (
    <section aria-labelledby="profiles-heading" className="panel">
      <h2 id="profiles-heading">Profiles</h2>
      {profiles.length === 0 ? (
        <p>No profiles on this machine yet.</p>
      ) : (
        <ul className="profile-list">
          {profiles.map((profile) => (
            <li key={profile.id}>
              <span className="profile-name">{profile.name}</span>
              {profile.role === 'owner' && <span className="badge">Owner</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
