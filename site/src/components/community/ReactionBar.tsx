import { useState, type FormEvent } from 'react';
import { REACTIONS, type ReactionCounts as Reactions, type ReactionKind } from '@haven/shared/community';

interface Props {
  /** The post page: it handles `_action=react` as a form post, or as JSON for this island. */
  action: string;
  target: 'post' | 'reply';
  id: string;
  reactions: Reactions;
  mine: ReactionKind[];
  /** Counts only (the member cannot react now, or the item is not published). */
  readOnly?: boolean;
  /** The group's accessible name, e.g. "Reactions to this post". */
  label: string;
}

/**
 * Reaction buttons. Server-rendered as one small form per reaction, so they work without JavaScript
 * (the page answers with a redirect back); once hydrated, a click toggles the reaction in place.
 */
export default function ReactionBar({ action, target, id, reactions, mine, readOnly = false, label }: Props) {
  const [counts, setCounts] = useState<Reactions>(reactions);
  const [pressed, setPressed] = useState<ReactionKind[]>(mine);
  const [busy, setBusy] = useState<ReactionKind | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function toggle(event: FormEvent<HTMLFormElement>, kind: ReactionKind) {
    event.preventDefault();
    if (busy) return;
    setBusy(kind);
    setError(null);
    try {
      const response = await fetch(action, {
        method: 'POST',
        body: new FormData(event.currentTarget),
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      });
      const json = await response.json().catch(() => null);
      if (response.ok && json?.data?.reactions) {
        setCounts(json.data.reactions);
        setPressed(Array.isArray(json.data.myReactions) ? json.data.myReactions : []);
      } else {
        setError(typeof json?.error?.message === 'string' ? json.error.message : 'That did not work. Please try again in a moment.');
      }
    } catch {
      setError('We could not reach Haven just now. Please try again in a moment.');
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="reactions" role="group" aria-label={label}>
      {REACTIONS.map(({ kind, label: name, emoji }) =>
        readOnly ? (
          <span className="reaction" key={kind}>
            <span aria-hidden="true">{emoji}</span> {name} <span className="reaction-count">{counts[kind] ?? 0}</span>
          </span>
        ) : (
          <form method="post" action={action} key={kind} onSubmit={(event) => toggle(event, kind)}>
            <input type="hidden" name="_action" value="react" />
            <input type="hidden" name="target" value={target} />
            <input type="hidden" name="id" value={id} />
            <input type="hidden" name="kind" value={kind} />
            <button type="submit" className="reaction" aria-pressed={pressed.includes(kind)} aria-busy={busy === kind || undefined}>
              <span aria-hidden="true">{emoji}</span> {name} <span className="reaction-count">{counts[kind] ?? 0}</span>
            </button>
          </form>
        ),
      )}
      <p className="reaction-error" role="status">
        {error}
      </p>
    </div>
  );
}
